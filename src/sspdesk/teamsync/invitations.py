"""Invitations: adding a colleague without typing keys.

`write_invitation` writes this laptop's invitation file – the user's name, authority and party type, the age
recipient, the signing key and its fingerprint, the device id. The colleague adds it with `add_from_invitation`
(`peers add --invite FILE`), after both have read the fingerprint aloud: `fingerprint_words` gives it as groups of
four, each character spelled with the Danish spelling alphabet ("Anna Bernhard …"), so a phone call can confirm it.

The file holds no secret (only public keys), but it says who works where: it is written owner-only like every file
we write. The fingerprint in the file is checked against its signing key on reading: a file edited by hand to name
another fingerprint is refused.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sspdesk.bundles.crypto import is_recipient
from sspdesk.bundles.format import b64decode, b64encode
from sspdesk.bundles.peers import Peer, add_peer, find_peer, normalize_fingerprint, party_type_key
from sspdesk.domain.errors import Invalid
from sspdesk.domain.limits import printable
from sspdesk.store import sync_repo
from sspdesk.store.files import write_private_atomically
from sspdesk.store.identity import fingerprint as fingerprint_of
from sspdesk.store.vault import Vault

FORMAT = "sspdesk-invitation"
FORMAT_VERSION = 1
SUFFIX = ".sspinvite"
MAX_BYTES = 16 * 1024
DEFAULT_PARTY = "ssp"  # the program's users are SSP consultants; `--party` says otherwise

# The Danish spelling alphabet for the hex digits of a fingerprint.
SPOKEN = {
    "0": "nul",
    "1": "en",
    "2": "to",
    "3": "tre",
    "4": "fire",
    "5": "fem",
    "6": "seks",
    "7": "syv",
    "8": "otte",
    "9": "ni",
    "A": "Anna",
    "B": "Bernhard",
    "C": "Cecilie",
    "D": "David",
    "E": "Erik",
    "F": "Frederik",
}
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


@dataclass(frozen=True)
class Invitation:
    name: str
    authority: str
    party_type: str
    recipient: str
    signing_public_key: str  # base64, 32 bytes
    fingerprint: str
    device_id: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "name": self.name,
            "authority": self.authority,
            "party_type": self.party_type,
            "recipient": self.recipient,
            "signing_public_key": self.signing_public_key,
            "fingerprint": self.fingerprint,
            "device_id": self.device_id,
        }


def fingerprint_words(fingerprint: str) -> str:
    """The fingerprint for reading aloud: its groups of four, each spelled ("Anna Bernhard to nul – …")."""
    normal = normalize_fingerprint(fingerprint)
    if normal is None:
        raise Invalid("Fingeraftrykket skal være 8 grupper á 4 tegn (0-9, A-F).", "fingerprint")
    return " – ".join(" ".join(SPOKEN[c] for c in group) for group in normal.split())


def own_invitation(vault: Vault, *, authority: str | None = None, party_type: str | None = None) -> Invitation:
    """This laptop's invitation: the user's name, the authority (default: the municipality's SSP unit) and party
    type (default: ssp)."""
    identity = vault.identity
    if authority is None:
        municipality = str(vault.setting("municipality") or "").strip()
        authority = f"SSP {municipality}" if municipality else ""
    party = party_type_key(vault, DEFAULT_PARTY if party_type is None else party_type)
    return Invitation(
        name=vault.user or "Kollega",
        authority=" ".join(authority.split()),
        party_type=party,
        recipient=identity.recipient,
        signing_public_key=b64encode(identity.signing_public_key),
        fingerprint=identity.fingerprint,
        device_id=identity.device_id,
    )


def write_invitation(
    vault: Vault, out: Path, *, authority: str | None = None, party_type: str | None = None
) -> Invitation:
    """Write this laptop's invitation file to `out` (owner-only, atomically); return what it says."""
    invitation = own_invitation(vault, authority=authority, party_type=party_type)
    data = json.dumps(invitation.to_json(), ensure_ascii=False, indent=2).encode("utf-8") + b"\n"
    try:
        write_private_atomically(Path(out), data)
    except OSError as exc:
        raise Invalid(f"Invitationen kan ikke skrives: {exc.strerror or exc}", "out") from exc
    vault.log("peer.invite", record_kind="peer", detail=invitation.fingerprint)
    return invitation


def _text(data: dict[str, Any], key: str, limit: int = 200, *, required: bool = True) -> str:
    value = data.get(key, "")
    if not isinstance(value, str) or len(value) > limit or printable(value) != value:
        raise Invalid(f"Invitationens felt «{key}» er ugyldigt.", key)
    value = " ".join(value.split())
    if required and not value:
        raise Invalid(f"Invitationen mangler «{key}».", key)
    return value


def parse_invitation(raw: bytes) -> Invitation:
    """An invitation from the bytes of its file; Invalid (Danish) for anything else."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise Invalid("Filen er ikke en sspdesk-invitation (ikke gyldig JSON).", "invite") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise Invalid("Filen er ikke en sspdesk-invitation.", "invite")
    if data.get("format_version") != FORMAT_VERSION:
        raise Invalid(f"Invitationen har en ukendt formatversion: {data.get('format_version')!r}.", "invite")
    recipient = _text(data, "recipient")
    if not is_recipient(recipient):
        raise Invalid("Invitationens modtagernøgle er ikke en age-nøgle (age1…).", "recipient")
    key_text = _text(data, "signing_public_key")
    try:
        key = b64decode(key_text)
    except ValueError:
        key = b""
    if len(key) != 32:
        raise Invalid("Invitationens signeringsnøgle er ugyldig.", "signing_public_key")
    fingerprint = normalize_fingerprint(_text(data, "fingerprint"))
    if fingerprint != fingerprint_of(key):
        raise Invalid(
            "Invitationens fingeraftryk passer ikke med dens signeringsnøgle. Filen er ændret; bed om en ny.",
            "fingerprint",
        )
    device_id = _text(data, "device_id", required=False)
    if device_id and not _UUID.match(device_id):
        raise Invalid("Invitationens enheds-id er ugyldigt.", "device_id")
    return Invitation(
        name=_text(data, "name"),
        authority=_text(data, "authority", required=False),
        party_type=_text(data, "party_type", 60, required=False),
        recipient=recipient,
        signing_public_key=key_text,
        fingerprint=fingerprint,
        device_id=device_id,
    )


def read_invitation(path: Path) -> Invitation:
    """Read and check an invitation file (at most 16 KB)."""
    try:
        with open(path, "rb") as file:
            raw = file.read(MAX_BYTES + 1)
    except OSError as exc:
        raise Invalid(f"Invitationen kan ikke læses: {exc.strerror or exc}", "invite") from exc
    if len(raw) > MAX_BYTES:
        raise Invalid("Filen er for stor til at være en invitation.", "invite")
    return parse_invitation(raw)


def add_from_invitation(
    vault: Vault, invitation: Invitation, *, name: str | None = None, party_type: str | None = None
) -> Peer:
    """Add the colleague an invitation names (their own party type unless `party_type` says otherwise). Their
    device id is remembered too, so a file of theirs that fails a check is quarantined as theirs from the start."""
    peer = add_peer(
        vault,
        name or invitation.name,
        invitation.recipient,
        invitation.signing_public_key,
        authority=invitation.authority,
        party_type=invitation.party_type if party_type is None else party_type,
    )
    if invitation.device_id:
        with vault.transaction() as conn:
            if sync_repo.find_peer(conn, "device_id", invitation.device_id) is None:
                sync_repo.update_peer(conn, peer.id, {"device_id": invitation.device_id})
        peer = find_peer(vault, peer.id) or peer
    return peer
