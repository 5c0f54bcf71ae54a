"""Bundle helpers: two colleagues' vaults, exporting from one to the other, decrypting and re-sealing a bundle, and
a dump of every synced row ('nothing changed' means two dumps are equal)."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path
from typing import Any

import pyrage

from sspdesk import cases
from sspdesk.bundles import crypto
from sspdesk.bundles.export import Selection, export_bundle
from sspdesk.bundles.format import canonical_json, signed_message
from sspdesk.cases import NewCase, register_case
from sspdesk.store import records
from sspdesk.store.vault import Vault


def make_vault(folder: Path, name: str) -> Vault:
    return Vault.create(folder / f"{name}.sspvault", f"kode {name} 'æøå'", settings={"user_name": f"Kollega {name}"})


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


def export_to(sender: Vault, receiver: Vault, out: Path, selection: Selection | None = None, **kw: Any) -> bytes:
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


def claiming(sender: Vault, receiver: Vault, out: Path, device_id: str) -> bytes:
    """The sender's real export to the receiver, its manifest claiming `device_id`, re-signed with the sender's key."""
    container = decrypt_for(receiver, export_to(sender, receiver, out))
    container["manifest"]["sender"]["device_id"] = device_id
    return seal(container, sender, receiver.identity.recipient)


def bindings(vault: Vault) -> dict[str, str]:
    """{device id: fingerprint} of the keys this vault has bound device ids to."""
    return dict(vault.conn.execute("SELECT device_id, fingerprint FROM device_bindings").fetchall())
