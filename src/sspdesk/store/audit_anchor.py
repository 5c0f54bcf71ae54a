"""An anchor of the audit log outside the vault: the chain's head, signed with the device key, in a small file.

The hash chain (`store/audit.py`) detects any change *inside* the log, but its head lives in the same database:
whoever has the passphrase can cut the newest entries and set the stored head back, re-chain the whole log, or
empty it, and the chain alone still verifies. So the head is kept also outside the vault:

* `<vault>.audit-anchor` beside the vault file – device id, count, head hash, time and an Ed25519 signature with
  the vault's device key; no personal data; written owner-only and atomically;
* beside every backup (`<backup>.audit-anchor`): the vault's anchor when the backup was taken; a restore takes it
  along, so a restored vault verifies against the head its backup holds;
* in every bundle (`bundles/audit_anchors.py`): each colleague's vault remembers the last head it saw from us.

`audit verify` reports a log shorter than its anchor, a history whose hash *at* the anchored count is no longer
the anchored one (re-chained), an anchor not signed by this vault's key, and – as a warning – a missing anchor.

An anchor only advances. A new one is written only when the entries from the old anchor's count to the head are all
there and chain on from the old head hash (`audit.links`: only that stretch is walked). So a re-chained, shortened
or emptied log never gets a new anchor, and verification keeps reporting it. A missing anchor (the first run after
an upgrade, or a deleted file) is written anew only from a fully verified chain and – when a backup carries an
anchor of this vault – only if the chain agrees with the newest such backup anchor. A forged or unreadable anchor is
never overwritten by itself; `renew()` (CLI `audit verify --new-anchor`) replaces it after the user has looked.

When it is written: when the vault is locked (closed), at every backup and every bundle export, after the log's own
retention pruned it, and otherwise after EVERY_ENTRIES entries or EVERY_SECONDS seconds (checked when a transaction
commits) – not at every entry, which would cost a file write per action.

What it does not protect against – honestly:
* Entries newer than the last anchor can still be cut unseen: up to EVERY_ENTRIES entries or EVERY_SECONDS seconds
  of work, or everything since the last anchor if the program is killed before it locks the vault.
* The device key is kept inside the vault. Whoever has the passphrase can read it and sign a forged anchor, or delete
  the anchor files beside the vault and its backups. The file beside the vault stops an edit of the database alone
  and makes every other way deliberate work; what such a person cannot reach are the heads colleagues' vaults
  remember from our bundles, and backups kept elsewhere.
* Restoring a backup moves the anchor back to that backup's head – rightly: the restore itself is logged.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from sspdesk.domain.dates import stamp_text
from sspdesk.store import audit
from sspdesk.store.dbapi import Connection
from sspdesk.store.files import write_private_atomically
from sspdesk.store.identity import DeviceIdentity

FORMAT = "sspdesk-audit-anchor"
FORMAT_VERSION = 1
SIGNATURE_CONTEXT = b"sspdesk-audit-anchor-v1\n"
SUFFIX = ".audit-anchor"
EVERY_ENTRIES = 50
EVERY_SECONDS = 300
# The shortest audit-log retention the user can set (duties/audit_service.RETENTION_RANGE): an entry younger than
# this can never have been pruned rightly, so an anchor that young lying in the pruned part is a finding.
MIN_PRUNE_AGE = timedelta(days=365)
_MAX_FILE = 4096
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$")


class AnchorUnreadable(ValueError):
    """An anchor file or bundle member that is not a well-formed anchor."""


@dataclass(frozen=True)
class Anchor:
    device_id: str
    count: int
    head: str
    at: str  # UTC, when it was signed
    signature: str  # base64 Ed25519 over SIGNATURE_CONTEXT + canonical JSON of the other four

    def signed_fields(self) -> dict[str, Any]:
        return {"device_id": self.device_id, "count": self.count, "head": self.head, "at": self.at}

    def to_json(self) -> dict[str, Any]:
        return {"format": FORMAT, "format_version": FORMAT_VERSION, **self.signed_fields(), "signature": self.signature}


@dataclass(frozen=True)
class AnchorCheck:
    """The chain held against its anchor. `state`: ok | missing (a warning) | unreadable | forged | shorter |
    rechained | pruned. `message` is Danish, for the user ('' when ok)."""

    state: str
    message: str = ""
    anchor: Anchor | None = None
    renewed: bool = False  # a new anchor was written during the check

    @property
    def ok(self) -> bool:
        return self.state in ("ok", "missing")


def anchor_path(path: Path) -> Path:
    """The anchor beside a vault or a backup file."""
    return Path(str(path) + SUFFIX)


# -- signing and reading ----------------------------------------------------------------------------------------


def _message(fields: Mapping[str, Any]) -> bytes:
    canonical = json.dumps(dict(fields), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return SIGNATURE_CONTEXT + canonical.encode("utf-8")


def sign_head(identity: DeviceIdentity, count: int, head: str) -> Anchor:
    # Microseconds: two anchors of one second (two exports in a row) must still be told apart in time, or a
    # receiver would take the newer for an earlier bundle imported late and hold nothing against it.
    at = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    unsigned = Anchor(identity.device_id, count, head, at, "")
    signature = Ed25519PrivateKey.from_private_bytes(identity.signing_key).sign(_message(unsigned.signed_fields()))
    return Anchor(identity.device_id, count, head, unsigned.at, base64.b64encode(signature).decode("ascii"))


def signature_ok(anchor: Anchor, public_key: bytes) -> bool:
    try:
        signature = base64.b64decode(anchor.signature, validate=True)
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, _message(anchor.signed_fields()))
    except (InvalidSignature, ValueError, binascii.Error):
        return False
    return True


def parse(data: Mapping[str, Any]) -> Anchor:
    """An anchor from its JSON form (the file, or a bundle's member); raises AnchorUnreadable."""
    try:
        count, head, at = data["count"], data["head"], data["at"]
        device_id, signature = data["device_id"], data["signature"]
    except (KeyError, TypeError):
        raise AnchorUnreadable("fields missing") from None
    if data.get("format", FORMAT) != FORMAT or data.get("format_version", FORMAT_VERSION) != FORMAT_VERSION:
        raise AnchorUnreadable("unknown format")
    if not isinstance(count, int) or isinstance(count, bool) or not 0 <= count <= 2**53:
        raise AnchorUnreadable("count")
    if not all(isinstance(v, str) for v in (head, at, device_id, signature)):
        raise AnchorUnreadable("types")
    if not _HEX64.match(head) or not _STAMP.match(at) or len(device_id) > 64 or len(signature) > 200:
        raise AnchorUnreadable("format")
    return Anchor(device_id, count, head, at, signature)


def read(path: Path) -> Anchor | None:
    """The anchor in `path`; None when there is no such file; raises AnchorUnreadable for anything else."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(_MAX_FILE + 1)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise AnchorUnreadable(str(exc)) from exc
    if len(data) > _MAX_FILE:
        raise AnchorUnreadable("too large")
    try:
        return parse(json.loads(data.decode("utf-8")))
    except (ValueError, UnicodeDecodeError) as exc:
        raise AnchorUnreadable(str(exc)) from exc


def write(path: Path, anchor: Anchor) -> None:
    text = json.dumps(anchor.to_json(), ensure_ascii=False, indent=1) + "\n"
    write_private_atomically(path, text.encode("utf-8"))


def newest_backup_anchor(identity: DeviceIdentity, backups: Iterable[Path]) -> tuple[Path, Anchor] | None:
    """The anchor of the newest backup (backups are given newest first) that this vault's key signed."""
    for backup in backups:
        try:
            anchor = read(anchor_path(backup))
        except AnchorUnreadable:
            continue
        if anchor is not None and signature_ok(anchor, identity.signing_public_key):
            return backup, anchor
    return None


# -- holding the chain against an anchor ------------------------------------------------------------------------


def _age(anchor: Anchor) -> timedelta:
    try:
        signed = datetime.strptime(anchor.at, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError:
        return timedelta(0)
    return datetime.now(UTC) - signed


def _entries(count: int) -> str:
    return "1 post" if count == 1 else f"{count} poster"


def compare(conn: Connection, anchor: Anchor, source: str = "ankeret") -> tuple[str, str]:
    """(state, Danish message) of the chain as it is now against `anchor`: ok | shorter | rechained | pruned.

    Looks only at the anchored position (the entry's stored hash, which the chain check vouches for) and the
    count; whether the entries themselves still verify is `audit.verify`'s part."""
    count, _ = audit.head(conn)
    when = stamp_text(anchor.at)
    if anchor.count > count:
        return "shorter", (
            f"Logbogen har {_entries(count)}, men {source} fra {when} viser {anchor.count}: "
            + (
                f"post {anchor.count} er fjernet."
                if count + 1 == anchor.count
                else f"post {count + 1}–{anchor.count} er fjernet."
            )
        )
    checkpoint_seq, _ = audit.checkpoint(conn)
    if checkpoint_seq and anchor.count <= checkpoint_seq and _age(anchor) < MIN_PRUNE_AGE:
        # The log's own retention removes entries a year old at the least; the anchored one is younger.
        return "pruned", (
            f"Logbogen er ryddet op til post {checkpoint_seq}, men {source} fra {when} (post {anchor.count}) "
            "er under et år gammelt, og så nye poster ryddes aldrig op: poster er fjernet."
        )
    if anchor.count < checkpoint_seq:
        return "ok", ""  # the anchored entry is in the part the log's own retention rightly removed
    if audit.hash_at(conn, anchor.count) != anchor.head:
        return "rechained", (
            f"Post {anchor.count} passer ikke med {source} fra {when}: logbogens historik er skrevet om."
        )
    return "ok", ""


def _extends(conn: Connection, old: Anchor, count: int, head: str) -> bool:
    """True when the chain up to (count, head) still holds `old` at its count and links on from it to the head."""
    if compare(conn, old)[0] != "ok":
        return False
    checkpoint_seq, checkpoint_hash = audit.checkpoint(conn)
    start = (old.count, old.head) if old.count >= checkpoint_seq else (checkpoint_seq, checkpoint_hash)
    return audit.links(conn, start[0], start[1], count) == head


def advance(
    conn: Connection, identity: DeviceIdentity, vault_path: Path, backups: Iterable[Path] = ()
) -> Anchor | None:
    """Write the anchor beside the vault for the current head when the chain agrees with the anchor there (see the
    module docstring); return the vault's anchor as it now stands, or None when it could not be advanced.

    `backups`: the vault's backups, newest first – consulted only when the anchor file is missing."""
    path = anchor_path(vault_path)
    count, head = audit.head(conn)
    try:
        current = read(path)
    except AnchorUnreadable:
        return None  # never overwrite a damaged or forged anchor: verification reports it
    if current is not None:
        if not signature_ok(current, identity.signing_public_key):
            return None
        if current.count == count and current.head == head:
            return current
        if not _extends(conn, current, count, head):
            return None
    else:
        if not audit.verify(conn).ok:
            return None
        reference = newest_backup_anchor(identity, backups)
        if reference is not None and compare(conn, reference[1])[0] != "ok":
            return None
    anchor = sign_head(identity, count, head)
    write(path, anchor)
    return anchor


def renew(conn: Connection, identity: DeviceIdentity, vault_path: Path) -> Anchor | None:
    """Replace the anchor beside the vault by one of the current head, whatever it was – only from a fully verified
    chain. For a restore from a backup that has no anchor, and for the user who has looked at a report."""
    if not audit.verify(conn).ok:
        return None
    count, head = audit.head(conn)
    anchor = sign_head(identity, count, head)
    write(anchor_path(vault_path), anchor)
    return anchor


def check(
    conn: Connection, identity: DeviceIdentity, vault_path: Path, backups: Iterable[Path], *, chain_ok: bool
) -> AnchorCheck:
    """Hold the chain against the anchor beside the vault (for `audit verify`). A missing anchor is a warning:
    the newest backup's anchor stands in for it, and a new one is written when the chain is intact."""
    path = anchor_path(vault_path)
    try:
        anchor = read(path)
    except AnchorUnreadable:
        return AnchorCheck("unreadable", f"Ankerfilen {path.name} kan ikke læses (den er beskadiget eller ændret).")
    if anchor is None:
        backups = list(backups)
        reference = newest_backup_anchor(identity, backups)
        if reference is not None:
            state, message = compare(conn, reference[1], "sikkerhedskopiens anker")
            if state != "ok":
                return AnchorCheck(state, f"Ankerfilen {path.name} mangler. {message}", reference[1])
        written = advance(conn, identity, vault_path, backups) if chain_ok else None
        tail = (
            "et nyt anker er skrevet ud fra den kontrollerede kæde."
            if written
            else "der skrives intet nyt anker, før kæden er i orden."
        )
        return AnchorCheck(
            "missing",
            f"Ankerfilen {path.name} manglede (første gang efter en opdatering, eller slettet); {tail}",
            written,
            renewed=written is not None,
        )
    if not signature_ok(anchor, identity.signing_public_key):
        return AnchorCheck(
            "forged",
            f"Ankerfilen {path.name} er ikke underskrevet med denne datafils nøgle (ændret, eller fra en anden "
            "datafil).",
            anchor,
        )
    state, message = compare(conn, anchor)
    if state == "ok" and chain_ok:
        anchor = advance(conn, identity, vault_path) or anchor
    return AnchorCheck(state, message, anchor)


# -- backups ----------------------------------------------------------------------------------------------------


def write_beside(backup: Path, anchor: Anchor) -> Path:
    """The vault's anchor beside a backup it was taken for (the backup holds at least its count)."""
    path = anchor_path(backup)
    write(path, anchor)
    return path


def move_beside(source: Path, target: Path, *, copy: bool = False) -> None:
    """Move (or copy) the anchor of `source` (a vault or backup file) to `target`'s; when `source` has none,
    `target` is left without one too – an anchor never stays beside a file it was not made for."""
    src, dst = anchor_path(source), anchor_path(target)
    if not src.is_file():
        dst.unlink(missing_ok=True)
    elif copy:
        write_private_atomically(dst, src.read_bytes())
    else:
        os.replace(src, dst)


def remove_orphans(folder: Path, pattern: str, backups: Iterable[Path]) -> None:
    """Delete the anchors matching `pattern` in a backup folder whose backup is gone (rotated out, or deleted
    after an erasure); other vaults' backups in the same folder are left alone by the pattern."""
    keep = {anchor_path(p).name for p in backups}
    for stale in folder.glob(pattern + SUFFIX):
        if stale.name not in keep and stale.is_file():
            stale.unlink(missing_ok=True)
