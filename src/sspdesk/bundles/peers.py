"""Peers: the colleagues' vaults this vault exchanges bundles with (names, age keys, signing fingerprints).

A peer is added by hand (name, age recipient, signing key or fingerprint read aloud) or on first use, when the
user accepts an unknown sender's fingerprint at import. A bundle signed by a key whose fingerprint matches no
peer is refused until the user trusts it; a known device signing with a different key is always refused, and so
is a known key claiming a device id bound to another key; a known key moving to a new device id (a restored vault)
waits for the user's confirmation, and a wrong binding is forgotten with `forget_device` (see `bundles/guards.py`,
"A device id belongs to its key").

A colleague's laptop is a recipient like any other (issue 15): each peer has an authority (myndighed/
tilhørsforhold, e.g. "SSP Albertslund") and a party type from the profile (skole, politi, ssp, …). A bundle carries
a DKE-Sag only on a basis for that recipient (`bundles.disclosure`); a peer without authority and party type gets
nothing but DKE-Journals until `edit_peer` gives them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from sspdesk.bundles import EXIT_INVALID, ExportError, SenderKeyChanged, UnknownSender, guards
from sspdesk.bundles.crypto import is_recipient
from sspdesk.bundles.format import Sender, b64decode
from sspdesk.cases import active_profile
from sspdesk.domain.disclosure import PartyType, Recipient
from sspdesk.domain.errors import Invalid
from sspdesk.store import guards_repo, sync_repo
from sspdesk.store.clock import utc_now
from sspdesk.store.dbapi import Connection
from sspdesk.store.identity import fingerprint as fingerprint_of
from sspdesk.store.vault import Vault


@dataclass(frozen=True)
class Peer:
    id: str
    name: str
    recipient: str
    device_id: str
    fingerprint: str
    has_key: bool
    last_seq_sent: int
    last_sent_at: str
    last_received_at: str
    added_how: str
    authority: str = ""
    party_type: str = ""  # a key of the profile's party types

    @property
    def recipient_record(self) -> Recipient:
        """The peer as the recipient of an exchange (name, authority, party type)."""
        return Recipient(self.name, self.authority, self.party_type)

    @property
    def missing(self) -> str:
        """What the peer lacks to receive a DKE-Sag ('' = nothing), in Danish."""
        parts = (("myndighed", self.authority), ("modtagertype", self.party_type))
        lacking = [text for text, value in parts if not value]
        return " og ".join(lacking)

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Peer:
        return cls(
            row["id"],
            row["name"],
            row["recipient"],
            row["device_id"],
            row["fingerprint"],
            row["signing_key"] is not None,
            row["last_seq_sent"],
            row["last_sent_at"],
            row["last_received_at"],
            row["added_how"],
            row["authority"],
            row["party_type"],
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "recipient": self.recipient,
            "device_id": self.device_id,
            "fingerprint": self.fingerprint,
            "last_sent_at": self.last_sent_at,
            "last_received_at": self.last_received_at,
            "authority": self.authority,
            "party_type": self.party_type,
        }


def normalize_fingerprint(text: str) -> str | None:
    """'abcd1234…' or 'ABCD 1234 …' -> 'ABCD 1234 …' (8 groups of 4 hex digits), else None."""
    digits = re.sub(r"[\s:-]", "", text).upper()
    if not re.fullmatch(r"[0-9A-F]{32}", digits):
        return None
    return " ".join(digits[i : i + 4] for i in range(0, 32, 4))


def _signing_key(text: str) -> bytes | None:
    try:
        key = b64decode(text.strip())
    except ValueError:
        return None
    return key if len(key) == 32 else None


def _stored(conn: Connection, peer_id: str) -> Peer:
    """A peer just written in this transaction (so it is there)."""
    row = sync_repo.find_peer(conn, "id", peer_id)
    if row is None:
        raise LookupError(peer_id)
    return Peer.from_row(row)


def list_peers(vault: Vault) -> list[Peer]:
    return [Peer.from_row(r) for r in sync_repo.list_peers(vault.conn)]


def find_peer(vault: Vault, ref: str) -> Peer | None:
    """A peer by name, id, fingerprint or age recipient."""
    conn = vault.conn
    for column, value in (
        ("name", ref),
        ("id", ref),
        ("fingerprint", normalize_fingerprint(ref) or ""),
        ("recipient", ref),
    ):
        if value:
            row = sync_repo.find_peer(conn, column, value)
            if row:
                return Peer.from_row(row)
    return None


class UnknownPartyType(ExportError):
    check = "party_type"
    exit_code = EXIT_INVALID


def party_type_key(vault: Vault, text: str) -> str:
    """The profile's party type for a key or label typed by the user ('' stays ''); ExportError names the choices."""
    wanted = " ".join(text.split()).casefold()
    if not wanted:
        return ""
    parties: tuple[PartyType, ...] = active_profile(vault).parties()
    for party in parties:
        if wanted in (party.key.casefold(), party.label.casefold()):
            return party.key
    choices = ", ".join(f"{p.key} ({p.label})" for p in parties)
    raise UnknownPartyType(f"Ukendt modtagertype: {text.strip()}. Brug en af: {choices}.")


def add_peer(
    vault: Vault,
    name: str,
    recipient: str,
    signing_public_key_or_fingerprint: str,
    *,
    authority: str = "",
    party_type: str = "",
) -> Peer:
    """Add a colleague: `recipient` is their age1… key, the last argument their signing key (base64) or the
    fingerprint `keys show` prints on their laptop; `authority` and `party_type` (key or label) say what they may
    receive."""
    party = party_type_key(vault, party_type)
    authority = " ".join(authority.split())
    name = name.strip()
    if not name:
        raise ExportError("Giv kollegaen et navn.")
    recipient = recipient.strip()
    if recipient and not is_recipient(recipient):
        raise ExportError("Modtagernøglen skal være en age-nøgle (age1…).")
    key = _signing_key(signing_public_key_or_fingerprint)
    fingerprint = fingerprint_of(key) if key else normalize_fingerprint(signing_public_key_or_fingerprint)
    if fingerprint is None:
        raise ExportError("Angiv kollegaens fingeraftryk (8 grupper á 4 tegn) eller offentlige signeringsnøgle.")
    with vault.transaction() as conn:
        if sync_repo.find_peer(conn, "name", name):
            raise ExportError(f"Der findes allerede en kollega med navnet «{name}».")
        if sync_repo.find_peer(conn, "fingerprint", fingerprint):
            raise ExportError("Der findes allerede en kollega med dette fingeraftryk.")
        if fingerprint == vault.identity.fingerprint:
            raise ExportError("Det er din egen nøgle.")
        values = {"name": name, "recipient": recipient, "signing_key": key, "fingerprint": fingerprint}
        peer_id = sync_repo.insert_peer(conn, {**values, "authority": authority, "party_type": party})
        vault.log("peer.add", record_kind="peer", record_id=peer_id, detail=fingerprint)
    return _stored(vault.conn, peer_id)


def edit_peer(
    vault: Vault,
    ref: str,
    *,
    name: str | None = None,
    authority: str | None = None,
    party_type: str | None = None,
) -> Peer:
    """Change a colleague's name, authority or party type (None: keep it). The keys never change here."""
    peer = find_peer(vault, ref)
    if peer is None:
        raise ExportError(f"Kollegaen findes ikke: {ref}")
    values: dict[str, Any] = {}
    if name is not None:
        name = name.strip()
        if not name:
            raise ExportError("Giv kollegaen et navn.")
        if name != peer.name:
            values["name"] = name
    if authority is not None:
        values["authority"] = " ".join(authority.split())
    if party_type is not None:
        values["party_type"] = party_type_key(vault, party_type)
    with vault.transaction() as conn:
        if "name" in values and sync_repo.find_peer(conn, "name", values["name"]):
            raise ExportError(f"Der findes allerede en kollega med navnet «{values['name']}».")
        sync_repo.update_peer(conn, peer.id, values)
        changed = ", ".join(sorted(values)) or "intet"
        vault.log("peer.edit", record_kind="peer", record_id=peer.id, detail=changed)
    return _stored(vault.conn, peer.id)


def check_sender(vault: Vault, sender: Sender, *, trust_new_sender: bool, record: bool = True) -> Peer | None:
    """Decide whether the (already signature-verified) sender is trusted. Returns the peer (None: ourselves or,
    with record=False, a sender that would be trusted now).

    Raises UnknownSender or DeviceMoved (ask the user; `trust_new_sender` is the answer to both), SenderKeyChanged
    or DeviceIdClaimed (refuse). With `record`, a trusted new sender is remembered and a known one updated: call
    that inside the import transaction.
    """
    key = b64decode(sender.signing_public_key)
    fingerprint = fingerprint_of(key)
    if key == vault.identity.signing_public_key:
        return None
    conn = vault.conn
    by_key = sync_repo.find_peer(conn, "fingerprint", fingerprint)
    by_device = sync_repo.find_peer(conn, "device_id", sender.device_id)
    if by_device is not None and by_device["fingerprint"] != fingerprint and by_key is None:
        raise SenderKeyChanged(by_device["name"], fingerprint)
    # A device id belongs to the key that first used it (this vault's own id to this vault's key): a known key
    # claiming another's id is refused before anything is stored, so the real owner's bundles keep working.
    own = vault.identity
    name = by_key["name"] if by_key is not None else sender.name
    guards.check_device_claim(conn, sender.device_id, fingerprint, name, own.device_id, own.fingerprint)
    if by_device is not None and by_device["fingerprint"] != fingerprint:
        raise SenderKeyChanged(by_device["name"], fingerprint)  # a device known before bindings were kept
    # A known key keeps its device id: a new one is rightly a restored vault, but could be the key posing as a
    # colleague not heard from yet – only the user can tell, so a move waits for a confirmation.
    moved_from = guards.device_move(conn, fingerprint, by_key["device_id"], sender.device_id) if by_key else None
    if moved_from is not None and by_key is not None and not trust_new_sender:
        raise guards.DeviceMoved(by_key["name"], fingerprint, moved_from, sender.device_id)
    if record:
        guards.bind_devices(conn, [(own.device_id, own.fingerprint), (sender.device_id, fingerprint)])
    if by_key is not None:
        learned: dict[str, Any] = {"last_received_at": utc_now()}
        if by_key["signing_key"] is None:
            learned.update(signing_key=key)
        if by_key["device_id"] != sender.device_id:
            learned["device_id"] = sender.device_id  # first use of a peer added by hand, or a confirmed move
        if record and moved_from is not None:
            released = guards.move_device(conn, fingerprint, sender.device_id)
            detail = f"{', '.join(released) or moved_from} -> {sender.device_id} ({fingerprint})"
            vault.log("peer.device_moved", record_kind="peer", record_id=by_key["id"], detail=detail)
        if not by_key["recipient"] and is_recipient(sender.recipient):
            learned["recipient"] = sender.recipient
        if not record:
            return Peer.from_row(by_key)
        sync_repo.update_peer(conn, by_key["id"], learned)
        return _stored(conn, by_key["id"])
    if not trust_new_sender:
        raise UnknownSender(fingerprint, sender.name, sender.device_id)
    if not record:
        return None
    name = _free_name(conn, sender.name.strip() or f"Kollega {fingerprint[:9]}")
    peer_id = sync_repo.insert_peer(
        conn,
        {
            "name": name,
            "recipient": sender.recipient if is_recipient(sender.recipient) else "",
            "device_id": sender.device_id,
            "signing_key": key,
            "fingerprint": fingerprint,
            "added_how": "first_use",
            "last_received_at": utc_now(),
        },
    )
    vault.log("peer.trust", record_kind="peer", record_id=peer_id, detail=fingerprint)
    return _stored(conn, peer_id)


@dataclass(frozen=True)
class ForgottenDevice:
    device_id: str
    fingerprint: str  # the key it was bound to ("" if none)
    peer_name: str  # the colleague whose device it was recorded as ("" if none)

    def text(self) -> str:
        owner = f"«{self.peer_name}»" if self.peer_name else "ingen kollega"
        key = f" (nøglen {self.fingerprint})" if self.fingerprint else ""
        return (
            f"Enheden {self.device_id} er glemt; den hørte til {owner}{key}. Den næste nøgle, der sender fra "
            "enheden, bindes til den."
        )


def forget_device(vault: Vault, device_id: str) -> ForgottenDevice:
    """Undo a wrong binding: forget which key a device id belongs to (and a colleague's record of it).

    The way out when a colleague's key was bound to a device id that is not theirs: afterwards the real owner's
    bundles are accepted again (its first one binds the id). This vault's own device id cannot be forgotten."""
    device_id = device_id.strip()
    if not device_id:
        raise Invalid("Angiv enhedens id.", "device_id")
    if device_id == vault.device_id:
        raise Invalid("Det er denne datafils egen enhed; den kan ikke glemmes.", "device_id")
    with vault.transaction() as conn:
        fingerprint = guards_repo.bound_fingerprint(conn, device_id) or ""
        peer = sync_repo.find_peer(conn, "device_id", device_id)
        if not fingerprint and peer is None:
            raise Invalid(f"Enheden {device_id} er ikke kendt i denne datafil.", "device_id")
        guards_repo.release(conn, device_id)
        if peer is not None:
            sync_repo.update_peer(conn, peer["id"], {"device_id": ""})
        vault.log(
            "peer.forget_device",
            record_kind="peer",
            record_id=peer["id"] if peer is not None else "",
            detail=f"{device_id} ({fingerprint or 'ingen nøgle'})",
        )
    return ForgottenDevice(device_id, fingerprint, peer["name"] if peer is not None else "")


def _free_name(conn: Connection, name: str) -> str:
    candidate, n = name, 1
    while sync_repo.find_peer(conn, "name", candidate):
        n += 1
        candidate = f"{name} ({n})"
    return candidate


def mark_sent(conn: Connection, peer_id: str, seq: int) -> None:
    sync_repo.update_peer(conn, peer_id, {"last_seq_sent": seq, "last_sent_at": utc_now()})


def exchange_history(vault: Vault, limit: int = 200) -> list[dict[str, Any]]:
    """Bundles exported and imported, newest first (ids, fingerprints and counts only) – for the GUI."""
    rows = sync_repo.bundle_log(vault.conn, limit)
    for row in rows:
        for key in ("recipients", "contents", "counts", "report"):
            row[key] = json.loads(row[key])
    return rows
