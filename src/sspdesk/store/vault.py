"""The vault: one SQLCipher 4 file per user, opened with the user's passphrase.

`Vault.create()` and `Vault.open()` are the only ways to get a connection to a vault. An open Vault holds the
per-vault instance lock (a `<vault>.lock` file with an OS lock, released by the OS if the program dies), the
connection and the device identity. `close()` is the lock action: connection closed, lock released.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import filelock

from sspdesk.store import audit, backups, migrations
from sspdesk.store.connection import (
    DatabaseError,
    IntegrityError,
    configure_for_writing,
    connect,
    header_problem,
    key_literal,
)
from sspdesk.store.dbapi import Connection
from sspdesk.store.errors import (
    NotAVault,
    VaultDamaged,
    VaultError,
    VaultExists,
    VaultInUse,
    VaultIOError,
    VaultLocked,
    VaultNotFound,
    WrongPassphrase,
    disk_problem,
)
from sspdesk.store.identity import DeviceIdentity, create_identity, load_identity
from sspdesk.store.settings import get_setting, set_setting

# How many of the newest backups to try when telling a wrong passphrase from a damaged file.
_BACKUPS_TO_PROBE = 3


def _acquire_lock(path: Path) -> filelock.BaseFileLock:
    lock = filelock.FileLock(str(path) + ".lock", timeout=0, is_singleton=False, thread_local=False)
    try:
        lock.acquire()
    except filelock.Timeout:
        raise VaultInUse() from None
    return lock


class Vault:
    def __init__(self, path: Path, conn: Connection, lock: filelock.BaseFileLock, identity: DeviceIdentity) -> None:
        self.path = path
        self._conn: Connection | None = conn
        self._lock = lock
        self.identity = identity

    # -- opening and closing -------------------------------------------------------------------------------

    @classmethod
    def create(cls, path: Path, passphrase: str, *, settings: dict[str, Any] | None = None) -> Vault:
        """Create a new vault at `path` (which must not exist), with its device identity and a first backup."""
        path = Path(path)
        key_literal(passphrase)  # refuse an unusable passphrase before touching the disk
        if path.exists():
            raise VaultExists()
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = _acquire_lock(path)
        try:
            conn = connect(path, passphrase)
            configure_for_writing(conn)
            migrations.apply_pending(conn)
            with _transaction(conn):
                identity = create_identity(conn)
                for key, value in (settings or {}).items():
                    set_setting(conn, key, value)
                audit.append(conn, (settings or {}).get("user_name", ""), "vault.create")
        except BaseException:
            lock.release()
            raise
        vault = cls(path, conn, lock, identity)
        vault.backup("create")
        return vault

    @classmethod
    def open(cls, path: Path, passphrase: str) -> Vault:
        """Unlock an existing vault. Nothing is written to the file unless the passphrase opens it."""
        path = Path(path)
        if not path.is_file():
            raise VaultNotFound()
        problem = header_problem(path)
        if problem in ("empty", "plain", "short"):
            raise NotAVault()
        lock = _acquire_lock(path)
        try:
            if problem == "truncated":
                raise VaultDamaged(
                    "Datafilen er afkortet (ufuldstændig) og kan ikke åbnes. Filen er ikke ændret.",
                    cls._good_backups(path, passphrase),
                )
            try:
                conn = connect(path, passphrase)
            except WrongPassphrase:
                good = cls._good_backups(path, passphrase)
                if good:  # the passphrase is right, so the file is what is wrong
                    raise VaultDamaged(backups=good) from None
                raise
            try:
                cls._check_and_migrate(conn, path, passphrase)
                identity = load_identity(conn)
            except BaseException:
                conn.close()
                raise
        except BaseException:
            lock.release()
            raise
        return cls(path, conn, lock, identity)

    @staticmethod
    def _good_backups(path: Path, passphrase: str) -> list[Path]:
        candidates = backups.list_backups(path)[:_BACKUPS_TO_PROBE]
        return [p for p in backups.backups_opening_with(path, passphrase) if p in candidates]

    @classmethod
    def _check_and_migrate(cls, conn: Connection, path: Path, passphrase: str) -> None:
        if backups.integrity_problems(conn):
            raise VaultDamaged(backups=cls._good_backups(path, passphrase))
        version = migrations.current_version(conn)
        if version > migrations.latest_version():
            raise VaultError("Datafilen er lavet af en nyere version af sspdesk. Opdatér programmet.")
        configure_for_writing(conn)
        if version < migrations.latest_version():
            # Backups are only taken of a vault that has data (version > 0) and is about to change shape.
            if version > 0:
                backups.make_backup(conn, path, "migration", get_setting(conn, "backup_count"))
            migrations.apply_pending(conn)

    def close(self) -> None:
        """Lock: close the connection (WAL checkpointed into the encrypted file) and release the lock."""
        if self._conn is not None:
            with contextlib.suppress(Exception):
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self._conn.close()
            self._conn = None
        if self._lock.is_locked:
            self._lock.release()

    @property
    def is_open(self) -> bool:
        return self._conn is not None

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- using an open vault ----------------------------------------------------------------------------------

    @property
    def conn(self) -> Connection:
        if self._conn is None:
            raise VaultLocked()
        return self._conn

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Any]:
        """One user action = one transaction: all of it is committed, or none of it."""
        with _transaction(self.conn) as conn:
            yield conn

    @property
    def device_id(self) -> str:
        return self.identity.device_id

    def setting(self, key: str) -> Any:
        return get_setting(self.conn, key)

    def set_setting(self, key: str, value: Any) -> None:
        with self.transaction() as conn:
            set_setting(conn, key, value)

    @property
    def user(self) -> str:
        return self.setting("user_name") or ""

    def log(self, action: str, **fields: str) -> None:
        """Append an audit entry (inside the current transaction if there is one)."""
        audit.append(self.conn, self.user, action, **fields)

    def backup_folder(self) -> Path:
        configured = self.setting("backup_dir")
        return Path(configured) if configured else backups.default_backup_dir(self.path)

    def backup(self, reason: str = "manual") -> Path:
        return backups.make_backup(
            self.conn, self.path, reason, int(self.setting("backup_count")), self.backup_folder()
        )

    def rekey(self, old_passphrase: str, new_passphrase: str) -> None:
        """Change the passphrase. Backups are re-encrypted too, so the old passphrase opens nothing any more."""
        new_literal = key_literal(new_passphrase)
        probe = connect(self.path, old_passphrase, read_only=True)  # proves the old passphrase
        probe.close()
        conn = self.conn
        # SQLCipher cannot rekey in WAL mode; switch to a rollback journal for the rekey and back.
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode = DELETE")
        try:
            conn.execute(f"PRAGMA rekey = {new_literal}")
        finally:
            conn.execute("PRAGMA journal_mode = WAL")
        with self.transaction():
            self.log("vault.passwd")
        for path in backups.list_backups(self.path, self.backup_folder()):
            _rekey_file(path, old_passphrase, new_literal)
        self.backup("passwd")


def _rekey_file(path: Path, old_passphrase: str, new_literal: str) -> None:
    try:
        conn = connect(path, old_passphrase)
    except VaultError:
        # A backup the old passphrase does not open was made with an even older one; it cannot be re-keyed
        # and would stay readable with that passphrase, so it is removed.
        path.unlink(missing_ok=True)
        return
    try:
        conn.execute(f"PRAGMA rekey = {new_literal}")
    finally:
        conn.close()


@contextlib.contextmanager
def _transaction(conn: Connection) -> Iterator[Any]:
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    except DatabaseError as exc:
        # A full disk surfaces as an SQLite error at any statement or at COMMIT: say so in Danish. The
        # transaction is rolled back, so the vault is exactly as before the action.
        problem = disk_problem(exc)
        if problem is None or isinstance(exc, IntegrityError):
            raise
        if conn.in_transaction:
            with contextlib.suppress(DatabaseError):
                conn.execute("ROLLBACK")
        raise VaultIOError(f"Ændringen er ikke gemt: {problem}. Datafilen er som før.") from exc
