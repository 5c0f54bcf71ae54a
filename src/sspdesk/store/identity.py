"""The vault's device identity: a device id, an Ed25519 signing key and an age X25519 identity.

Created once when the vault is created and kept inside the (encrypted) vault; bundles are signed with the
signing key and encrypted to peers' age recipients.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass

import pyrage
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from sspdesk.store.clock import utc_now
from sspdesk.store.dbapi import Connection


@dataclass(frozen=True)
class DeviceIdentity:
    device_id: str
    signing_key: bytes  # raw Ed25519 private key
    age_identity: str

    @property
    def signing_public_key(self) -> bytes:
        key = Ed25519PrivateKey.from_private_bytes(self.signing_key).public_key()
        return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)

    @property
    def recipient(self) -> str:
        """The age public key (age1…) peers encrypt bundles to."""
        return str(pyrage.x25519.Identity.from_str(self.age_identity).to_public())

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.signing_public_key)


def fingerprint(public_key: bytes) -> str:
    """A short, readable fingerprint of a signing key: 8 groups of 4 hex digits of its SHA-256."""
    digest = hashlib.sha256(public_key).hexdigest()[:32].upper()
    return " ".join(digest[i : i + 4] for i in range(0, 32, 4))


def create_identity(conn: Connection) -> DeviceIdentity:
    signing = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    identity = DeviceIdentity(
        device_id=str(uuid.uuid4()),
        signing_key=signing,
        age_identity=str(pyrage.x25519.Identity.generate()),
    )
    conn.execute(
        "INSERT INTO device (singleton, device_id, signing_key, age_identity, created_at) VALUES (1, ?, ?, ?, ?)",
        (identity.device_id, identity.signing_key, identity.age_identity, utc_now()),
    )
    return identity


def new_device_id(conn: Connection) -> str:
    """Give the vault a new device id, keeping its keys.

    After a restore from a backup the vault's edit counters are back where the backup left them; edits made
    after that must not reuse (device id, counter) pairs that peers may already hold for other content.
    """
    device_id = str(uuid.uuid4())
    conn.execute("UPDATE device SET device_id = ? WHERE singleton = 1", (device_id,))
    return device_id


def load_identity(conn: Connection) -> DeviceIdentity:
    row = conn.execute("SELECT device_id, signing_key, age_identity FROM device WHERE singleton = 1").fetchone()
    if row is None:
        raise RuntimeError("vault has no device identity")
    return DeviceIdentity(row[0], bytes(row[1]), row[2])
