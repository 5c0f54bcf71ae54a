"""Opening a SQLCipher connection the one safe way.

Every connection to a vault or a backup goes through `connect()`, so every one of them gets the key first,
`temp_store=MEMORY` (SQLCipher does not encrypt temp files), no extension loading and quiet SQLCipher logging.

A connection belongs to the thread that opened it (Python's sqlite3 default `check_same_thread=True`): it is never
handed to another thread. A second thread that needs the vault opens its own connection (WAL: readers beside one
writer). So that this does not cost another key derivation, the vault derives its key once (`derive_key`, exactly
what SQLCipher 4 does with a passphrase) and opens every further connection with that raw key.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

try:
    import sqlcipher3.dbapi2 as sqlcipher
except ImportError:  # pragma: no cover - the dependency is mandatory; never fall back to plain sqlite3
    sqlcipher = None

from sspdesk.domain.journal_text import journal_text_ok
from sspdesk.store import dbapi
from sspdesk.store.errors import MissingCipher, PassphraseRejected, VaultIOError, WrongPassphrase, disk_problem

Connection = "sqlcipher.Connection"
DatabaseError = sqlcipher.DatabaseError if sqlcipher else Exception
IntegrityError = sqlcipher.IntegrityError if sqlcipher else Exception

# SQLCipher 4 default page size: a healthy vault file is always a whole number of pages.
PAGE_SIZE = 4096
PLAIN_SQLITE_HEADER = b"SQLite format 3\x00"
# SQLCipher 4 defaults: the key is PBKDF2-HMAC-SHA512 of the passphrase, 256 000 iterations, with the 16-byte salt
# that is the first 16 bytes of the file. A vault keyed with the raw key stays a standard SQLCipher 4 database.
KDF_ITERATIONS = 256_000
KEY_SIZE = 32
SALT_SIZE = 16


@dataclass(frozen=True, repr=False)  # no repr: the key must not end up in a log or a traceback
class RawKey:
    """A derived SQLCipher key and the salt it was derived with."""

    key: bytes
    salt: bytes

    def literal(self) -> str:
        """`PRAGMA key` raw-key form: x'<key><salt>'. With the salt given, a new file (a vault, or a backup made
        with VACUUM INTO) gets this salt, so the passphrase opens it too."""
        return f"\"x'{self.key.hex()}{self.salt.hex()}'\""


def derive_key(passphrase: str, salt: bytes) -> RawKey:
    """The key SQLCipher 4 would derive from `passphrase` for a file with `salt` (slow on purpose: ~0.25 s)."""
    key_literal(passphrase)  # the same refusals (empty, NUL) as a passphrase given to SQLCipher
    if len(salt) != SALT_SIZE:
        raise ValueError("an SQLCipher salt is 16 bytes")
    return RawKey(hashlib.pbkdf2_hmac("sha512", passphrase.encode("utf-8"), salt, KDF_ITERATIONS, KEY_SIZE), salt)


def new_salt() -> bytes:
    return os.urandom(SALT_SIZE)


def file_salt(path: Path) -> bytes:
    """The salt of an existing SQLCipher file: its first 16 bytes."""
    with Path(path).open("rb") as handle:
        return handle.read(SALT_SIZE)


def key_literal(passphrase: str) -> str:
    """Quote a passphrase as an SQL string literal for `PRAGMA key`, which takes no bound parameters."""
    if not passphrase:
        # An empty key would make SQLCipher write a plain, unencrypted database.
        raise PassphraseRejected("Adgangskoden må ikke være tom.")
    if "\x00" in passphrase:
        raise PassphraseRejected("Adgangskoden må ikke indeholde et NUL-tegn.")
    return "'" + passphrase.replace("'", "''") + "'"


def connect(path: Path, secret: str | RawKey, *, read_only: bool = False) -> dbapi.Connection:
    """Open `path` with a passphrase or a derived key; raise WrongPassphrase if the key does not open it.

    Nothing is written to the file before the key is proven: the first statement that reads a page is the check.
    The connection may be used only on the calling thread.
    """
    if sqlcipher is None:
        raise MissingCipher()
    key = secret.literal() if isinstance(secret, RawKey) else key_literal(secret)
    uri = Path(path).resolve().as_uri() + ("?mode=ro" if read_only else "")
    raw = sqlcipher.connect(uri, uri=True, isolation_level=None)
    # The journal rule's context-free part, for the triggers of migration 0010 (only writes call it).
    raw.create_function("journal_text_ok", 1, journal_text_ok, deterministic=True)
    raw.create_function("journal_text_ok", 2, journal_text_ok, deterministic=True)
    conn: dbapi.Connection = raw
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = {key}")
        version = conn.execute("PRAGMA cipher_version").fetchone()
        if not version or not version[0]:
            raise MissingCipher()
        conn.execute("PRAGMA temp_store = MEMORY")
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher.DatabaseError as exc:
            # Only "not a database" means the key did not decrypt page 1; a full disk or an I/O error is not a
            # wrong passphrase (and must never make a healthy vault look damaged).
            problem = disk_problem(exc)
            if problem and "not a database" not in str(exc).lower():
                raise VaultIOError(f"Datafilen kan ikke åbnes: {problem}. Intet er ændret.") from exc
            raise WrongPassphrase() from exc
        conn.execute("PRAGMA foreign_keys = ON")
        # Deleted personal data is overwritten with zeros, not left in free pages.
        conn.execute("PRAGMA secure_delete = ON")
    except BaseException:
        conn.close()
        raise
    return conn


def configure_for_writing(conn: dbapi.Connection) -> None:
    """WAL and synchronous=FULL: a committed transaction survives a crash or a dead battery."""
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA busy_timeout = 5000")


def header_problem(path: Path) -> str | None:
    """Return a Danish reason why `path` cannot be a vault judged by its size and header, or None."""
    size = path.stat().st_size
    if size == 0:
        return "empty"
    with path.open("rb") as handle:
        head = handle.read(16)
    if head == PLAIN_SQLITE_HEADER:
        return "plain"
    if size < PAGE_SIZE:
        return "short"
    if size % PAGE_SIZE:
        return "truncated"
    return None
