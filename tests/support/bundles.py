"""Bundle helpers: two colleagues' vaults, exporting from one to the other, decrypting and re-sealing a bundle, and
a dump of every synced row ('nothing changed' means two dumps are equal)."""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pyrage

from sspdesk import cases
from sspdesk.bundles import crypto
from sspdesk.bundles.disclosure import Confirmation
from sspdesk.bundles.export import Selection, export_bundle
from sspdesk.bundles.format import canonical_json, signed_message
from sspdesk.bundles.peers import edit_peer, list_peers
from sspdesk.cases import NewCase, register_case
from sspdesk.consents import create_consent, mark_signed
from sspdesk.domain.consent import ConsentContact, ConsentInput
from sspdesk.domain.disclosure import Recipient
from sspdesk.store import records
from sspdesk.store.vault import Vault
from support.templates import new_vault


def make_vault(folder: Path, name: str) -> Vault:
    """A colleague's opened, empty vault `<name>.sspvault` in `folder` (a copy of a template, its own identity)."""
    return new_vault(folder / f"{name}.sspvault", f"kode {name} 'æøå'", settings={"user_name": f"Kollega {name}"})


def dump(vault: Vault) -> dict[str, Any]:
    """Every synced row (all columns), the conflicts and the peers: 'nothing changed' means this is equal."""
    conn = vault.conn
    state: dict[str, Any] = {}
    for table in records.synced_tables(conn):
        state[table] = sorted(tuple(row) for row in conn.execute(f"SELECT * FROM {table}"))
    state["conflicts"] = sorted(tuple(r) for r in conn.execute("SELECT * FROM conflicts"))
    state["peers"] = sorted(tuple(r) for r in conn.execute("SELECT * FROM peers"))
    state["change_seq"] = conn.execute("SELECT value FROM meta WHERE key = 'change_seq'").fetchone()
    return state


SSP_AUTHORITY = "SSP Albertslund"
CONFIRMED = Confirmation.everything()  # what the exporter ticks for Retsplejelovens § 115 (--confirm-necessity)


def colleague(vault: Vault) -> Recipient:
    """The owner of `vault` as the recipient of a bundle: an SSP consultant, so § 115 can apply."""
    return Recipient(vault.user, SSP_AUTHORITY, "ssp")


def describe_peer(sender: Vault, receiver: Vault) -> None:
    """What a user does after trusting a colleague on first use: give them their authority and party type."""
    for peer in list_peers(sender):
        if peer.recipient == receiver.identity.recipient and peer.missing:
            edit_peer(sender, peer.id, authority=SSP_AUTHORITY, party_type="ssp")


def export_to(sender: Vault, receiver: Vault, out: Path, selection: Selection | None = None, **kw: Any) -> bytes:
    """Export to the receiver's key as a real user would: naming the colleague (an SSP consultant) as the recipient
    – or, once they are in the peers list, giving them their authority and party type – and confirming the
    necessity test, so the DKE-Sager travel on Retsplejelovens § 115."""
    describe_peer(sender, receiver)
    kw.setdefault("recipient", colleague(receiver))
    kw.setdefault("confirmation", CONFIRMED)
    export_bundle(sender, out, selection or Selection(all_records=True), recipients=[receiver.identity.recipient], **kw)
    return out.read_bytes()


def decrypt_for(receiver: Vault, data: bytes) -> dict[str, Any]:
    plaintext = pyrage.decrypt(data, [pyrage.x25519.Identity.from_str(receiver.identity.age_identity)])
    return json.loads(plaintext)


def seal(container: dict[str, Any], signer: Vault | bytes | None, recipient: str) -> bytes:
    """Re-hash, re-sign (with the signer's key; None: keep the old signature) and encrypt an edited container."""
    manifest, payload = container["manifest"], container["payload"]
    manifest["payload_sha256"] = hashlib.sha256(canonical_json(payload)).hexdigest()
    if signer is not None:
        key = signer.identity.signing_key if isinstance(signer, Vault) else signer
        signature = crypto.sign(key, signed_message(manifest, payload))
        container["signature"]["value"] = base64.b64encode(signature).decode()
    plaintext = json.dumps(container, ensure_ascii=False).encode()
    return pyrage.encrypt(plaintext, [pyrage.x25519.Recipient.from_str(recipient)])


def journal(vault: Vault, subject: str = "Uro ved stationen") -> cases.CaseDetail:
    return register_case(vault, NewCase(level="I", subject=subject))


def sag(vault: Vault, subject: str = "Indbrud i kiosk", cpr: str = "0503104321") -> cases.CaseDetail:
    return register_case(vault, NewCase(level="II", subject=subject, person_name="Oskar Opdigtet", cpr=cpr))


def signed_consent(
    vault: Vault,
    case_id: str,
    categories: tuple[str, ...],
    *,
    contact: tuple[str, str, str] = ("Hanne Sundby", "Sundhedsplejen", "sundhed"),
    person: tuple[str, str] = ("Oskar Opdigtet", "0503104321"),
    on: date | None = None,
) -> str:
    """A consent signed ten days before `on` (today) on the case, naming `contact` (name, authority, party type)
    and covering `categories`; returns its id."""
    day = (on or date.today()) - timedelta(days=10)
    consent = create_consent(
        vault,
        ConsentInput(
            case_refs=(case_id,),
            consent_date=day,
            giver_name="Mette Opdigtet",
            giver_cpr="1207781230",
            giver_role="custody_holder",
            person_name=person[0],
            person_cpr=person[1],
            contacts=(ConsentContact("primary", *contact[:2], "40 00 00 01", contact[2]),),
            exchange_text="Det, der er krydset af",
            categories=categories,
        ),
    )
    mark_signed(vault, consent.id, True, b"%PDF-1.4\n", signed_on=day, today=day)
    return consent.id


def claiming(sender: Vault, receiver: Vault, out: Path, device_id: str) -> bytes:
    """The sender's real export to the receiver, its manifest claiming `device_id`, re-signed with the sender's key."""
    container = decrypt_for(receiver, export_to(sender, receiver, out))
    container["manifest"]["sender"]["device_id"] = device_id
    return seal(container, sender, receiver.identity.recipient)


def bindings(vault: Vault) -> dict[str, str]:
    """{device id: fingerprint} of the keys this vault has bound device ids to."""
    return dict(vault.conn.execute("SELECT device_id, fingerprint FROM device_bindings").fetchall())
