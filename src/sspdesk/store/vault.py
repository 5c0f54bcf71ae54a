"""The vault: one SQLCipher 4 file per user, opened with the user's passphrase.

`Vault.create()` and `Vault.open()` are the only ways to get a connection to a vault. An open Vault holds the
per-vault instance lock (a `<vault>.lock` file with an OS lock, released by the OS if the program dies), the
connection, the derived key and the device identity. `close()` is the lock action: connection closed, lock
released – after the audit log's anchor beside the file is brought up to date (`store/audit_anchor.py`; also at
backups, and every few entries or minutes after a commit).

Threads. A Vault has one owner thread: the thread that created or opened it. Only the owner uses its connection;
from any other thread `conn` (and so every service call) raises `VaultThreadError`. Two ways exist for other threads:
* `with vault.job_connection():` – a worker job gets its **own** connection to the same file for the duration of the
  block (opened and closed on the worker with the derived key, so no second key derivation). Inside the block the
  same Vault object works on the worker through that connection; the owner keeps its connection and, WAL being what
  it is, reads only committed data meanwhile. One writer at a time: a write waits for the other (busy timeout).
  The job connection takes no part in the instance lock.
* `hand_over()` on the owner, then `take_over()` on the new thread – the only way to change the owner. The old owner
  closes its connection, the new one opens its own. Used when a vault is unlocked on a worker (the GUI thread takes
  it over) and for a passphrase change, which needs the file to itself.
"""

from __future__ import annotations

import contextlib
import hmac
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import filelock

from sspdesk.store import audit, audit_anchor, backups, migrations, rekey
from sspdesk.store.clock import utc_now
from sspdesk.store.connection import (
    DatabaseError,
    IntegrityError,
    RawKey,
    configure_for_writing,
    connect,
    derive_key,
    file_salt,
    header_problem,
    key_literal,
    new_salt,
)
from sspdesk.store.dbapi import Connection
from sspdesk.store.errors import (
    DAMAGED_NO_WRITES,
    NotAVault,
    VaultDamaged,
    VaultError,
    VaultExists,
    VaultInUse,
    VaultIOError,
    VaultLocked,
    VaultNotFound,
    WrongPassphrase,
    damage_error,
    disk_problem,
)
from sspdesk.store.files import PRIVATE_FILE, create_private, private_file, private_folder
from sspdesk.store.identity import DeviceIdentity, create_identity, load_identity
from sspdesk.store.settings import get_meta, get_setting, set_meta, set_setting

# A full check at least this often: the GUI runs it after every unlock and again when a session outlasts this;
# `sspdesk-cli check` (what a scheduled task runs) and every backup run it too.
CHECK_EVERY = timedelta(hours=24)
CHECK_FAILED = (
    "Kontrollen af datafilen fandt fejl: datafilen er beskadiget. Intet gemmes i den fra nu af; gendan fra en "
    "sikkerhedskopi."
)
# How many of the newest backups to try when telling a wrong passphrase from a damaged file.
_BACKUPS_TO_PROBE = 3


# When the passphrase opens none of the file but some backups: either it was changed since (the backups were not
# re-keyed – an older sspdesk, or a copy from elsewhere) or the file is damaged. We cannot tell which, so say both.
ONLY_BACKUPS_OPEN = (
    "Adgangskoden åbner ikke datafilen, men den åbner {n} af dens sikkerhedskopier. Er adgangskoden skiftet, så "
    "brug den nye. Ellers er datafilen beskadiget, og en sikkerhedskopi kan gendannes. Filen er ikke ændret."
)


def _acquire_lock(path: Path) -> filelock.BaseFileLock:
    lock_path = Path(str(path) + ".lock")
    create_private(lock_path)
    lock = filelock.FileLock(str(lock_path), timeout=0, is_singleton=False, thread_local=False, mode=PRIVATE_FILE)
    try:
        lock.acquire()
    except filelock.Timeout:
        raise VaultInUse() from None
    return lock


class VaultThreadError(RuntimeError):
    """A programming error: the vault was used from a thread that does not own it (see the module docstring)."""


class Vault:
    def __init__(
        self, path: Path, conn: Connection, lock: filelock.BaseFileLock, identity: DeviceIdentity, key: RawKey
    ) -> None:
        self.path = path
        self._conn: Connection | None = conn
        self._lock = lock
        self._key: RawKey | None = key  # None once closed
        self.identity = identity
        self._closed = False
        self._owner: int | None = threading.get_ident()  # None while handed over and not yet taken over
        self._job_conns: dict[int, Connection] = {}  # worker thread → its own connection (job_connection)
        self._state = threading.Lock()  # guards owner and job connections: they change on several threads
        self._anchor_lock = threading.Lock()  # one anchor write at a time (jobs commit on their own threads)
        self._anchored = (audit.head(conn)[0], time.monotonic())  # (count, when) of the last anchor written
        # Set when a full check (or a page read in a transaction) found damage: from then on nothing is written.
        self.damage: VaultDamaged | None = None
        self._checking: Connection | None = None  # the connection a full check runs on (to interrupt it)

    # -- opening and closing -------------------------------------------------------------------------------

    @classmethod
    def create(cls, path: Path, passphrase: str, *, settings: dict[str, Any] | None = None) -> Vault:
        """Create a new vault at `path` (which must not exist), with its device identity and a first backup."""
        path = Path(path)
        key_literal(passphrase)  # refuse an unusable passphrase before touching the disk
        if path.exists():
            raise VaultExists()
        private_folder(path.parent)
        key = derive_key(passphrase, new_salt())  # the one key derivation; the salt becomes the file's
        lock = _acquire_lock(path)
        try:
            create_private(path)  # SQLite gives the WAL and -shm files the mode of this file
            conn = connect(path, key)
            configure_for_writing(conn)
            migrations.apply_pending(conn)
            with _transaction(conn):
                identity = create_identity(conn)
                for name, value in (settings or {}).items():
                    set_setting(conn, name, value)
                audit.append(conn, (settings or {}).get("user_name", ""), "vault.create")
        except BaseException:
            lock.release()
            raise
        vault = cls(path, conn, lock, identity, key)
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
            rekey.recover(path, backups.default_backup_dir(path))  # a passphrase change cut short is finished
            private_file(path)  # vaults from before files were made owner-only
            if problem == "truncated":
                raise VaultDamaged(
                    "Datafilen er afkortet (ufuldstændig) og kan ikke åbnes. Filen er ikke ændret.",
                    cls._good_backups(path, passphrase),
                )
            key = derive_key(passphrase, file_salt(path))  # the one key derivation of an unlock
            try:
                conn = connect(path, key)
            except WrongPassphrase:
                good = cls._good_backups(path, passphrase)
                if good:
                    raise VaultDamaged(ONLY_BACKUPS_OPEN.format(n=len(good)), backups=good) from None
                raise
            try:
                cls._migrate(conn, path)
                identity = load_identity(conn)
            except BaseException as exc:
                conn.close()
                damaged = damage_error(exc)  # a page read here failed its HMAC: damage, not the passphrase
                if damaged is not None:
                    raise VaultDamaged(damaged.message, cls._good_backups(path, passphrase)) from exc
                raise
        except BaseException:
            lock.release()
            raise
        return cls(path, conn, lock, identity, key)

    @staticmethod
    def _good_backups(path: Path, secret: str | RawKey, folder: Path | None = None) -> list[Path]:
        return backups.backups_opening_with(path, secret, folder, limit=_BACKUPS_TO_PROBE)

    @classmethod
    def _migrate(cls, conn: Connection, path: Path) -> None:
        """Constant time: the key is proven and the schema read by `connect`; this reads the header. The full
        check (every page) is not run here – only before a migration, by its backup (see `full_check`)."""
        version = migrations.current_version(conn)
        if version > migrations.latest_version():
            raise VaultError("Datafilen er lavet af en nyere version af sspdesk. Opdatér programmet.")
        configure_for_writing(conn)
        if version < migrations.latest_version():
            # Backups are only taken of a vault that has data (version > 0) and is about to change shape; the
            # backup runs the full check first, so a damaged vault is never migrated.
            if version > 0:
                backups.make_backup(conn, path, "migration", get_setting(conn, "backup_count"))
            migrations.apply_pending(conn)

    def close(self) -> None:
        """Lock: close the connection (WAL checkpointed into the encrypted file) and release the lock.

        Only the owner closes a vault that has a connection; a handed-over vault (no connection) may be closed from
        any thread. No job may be using it."""
        with self._state:
            if self._job_conns:
                raise VaultThreadError("The vault cannot be closed while a job uses its own connection to it.")
            if self._conn is not None:
                self._require_owner("close")
                self.anchor()
                with contextlib.suppress(Exception):
                    self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                self._conn.close()
                self._conn = None
            self._closed = True
            self._owner = None
            self._key = None  # drop the key with the connection
            if self._lock.is_locked:
                self._lock.release()

    @property
    def is_open(self) -> bool:
        return not self._closed

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- threads ----------------------------------------------------------------------------------------------

    def _raw_key(self) -> RawKey:
        """The derived key, for opening another connection; the vault must not be closed."""
        if self._key is None:
            raise VaultLocked()
        return self._key

    @property
    def owned_by_this_thread(self) -> bool:
        return self._owner == threading.get_ident()

    def _require_owner(self, what: str) -> None:
        if self._owner is None:
            raise VaultThreadError(f"Vault.{what}: the vault has been handed over and no thread has taken it over.")
        if self._owner != threading.get_ident():
            raise VaultThreadError(
                f"Vault.{what} was called from a thread that does not own the vault. A worker job uses "
                "`with vault.job_connection():`; the owner changes only with hand_over() and take_over()."
            )

    def hand_over(self) -> Vault:
        """On the owner thread: let go of the vault so that another thread can `take_over()` it.

        The connection is closed here (it may not cross threads); the lock, the key and the identity stay, so the
        vault is still unlocked. Until a thread takes it over, using it raises VaultThreadError. Returns the vault.
        """
        with self._state:
            if self._closed:
                raise VaultLocked()
            self._require_owner("hand_over")
            if self._job_conns:
                raise VaultThreadError("The vault cannot be handed over while a job uses its own connection to it.")
            if self._conn is not None:
                self._conn.close()
            self._conn = None
            self._owner = None
        return self

    def take_over(self) -> Vault:
        """Make the calling thread the owner of a handed-over vault: it opens its own connection (with the derived
        key: no key derivation, no integrity check). Returns the vault."""
        with self._state:
            if self._closed:
                raise VaultLocked()
            if self._owner is not None:
                raise VaultThreadError("Vault.take_over: the vault has an owner; it must hand_over() first.")
            conn = connect(self.path, self._raw_key())
            try:
                configure_for_writing(conn)
            except BaseException:
                conn.close()
                raise
            self._conn = conn
            self._owner = threading.get_ident()
        return self

    @contextlib.contextmanager
    def job_connection(self) -> Iterator[Vault]:
        """Give the calling worker thread its own connection to this vault while the block runs; yields the vault.

        On the owner thread (a job run at once, as in tests) the owner's connection is used and nothing is opened.
        Elsewhere a connection is opened with the derived key and `busy_timeout`, used by this Vault on this thread
        only, and closed when the block ends. It never takes or releases the instance lock.
        """
        me = threading.get_ident()
        if me == self._owner:
            yield self
            return
        with self._state:
            if self._closed:
                raise VaultLocked()
            if me in self._job_conns:
                raise VaultThreadError("This thread already has a job connection to the vault.")
            conn = connect(self.path, self._raw_key())
            self._job_conns[me] = conn
        try:
            # journal_mode=WAL is a property of the file; durability and waiting are set per connection.
            configure_for_writing(conn)
            yield self
        finally:
            with self._state:
                self._job_conns.pop(me, None)
            conn.close()

    # -- using an open vault ----------------------------------------------------------------------------------

    @property
    def conn(self) -> Connection:
        """This thread's connection: the owner's, or a worker's own inside `job_connection()`."""
        if self._closed:
            raise VaultLocked()
        me = threading.get_ident()
        if me == self._owner and self._conn is not None:  # an owner always has its connection
            return self._conn
        job_conn = self._job_conns.get(me)
        if job_conn is not None:
            return job_conn
        self._require_owner("conn")
        raise AssertionError("unreachable")  # pragma: no cover - _require_owner raised

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Any]:
        """One user action = one transaction: all of it is committed, or none of it.

        Inside another transaction on the same connection this is a savepoint: a service that records its own
        part (an exchange, an audit entry) can run inside a larger action (a bundle export) and is rolled back
        with it when the action fails. A vault found damaged refuses every transaction (`damage`)."""
        if self.damage is not None:
            raise VaultDamaged(DAMAGED_NO_WRITES, self.damage.backups)
        conn = self.conn
        if conn.in_transaction:
            with _savepoint(conn):
                yield conn
            return
        try:
            with _transaction(conn) as conn:
                yield conn
        except DatabaseError as exc:
            damaged = damage_error(exc)
            if damaged is None:
                raise
            self.damage = damaged  # a page failed its check on read: write nothing more
            raise damaged from exc
        self._anchor_if_due()

    def anchor(self) -> audit_anchor.Anchor | None:
        """Bring the audit log's anchor beside the file up to the committed head, when the chain agrees with it.

        Never fails the action that calls it: a disk problem leaves the previous anchor, which stays valid."""
        with self._anchor_lock:
            try:
                conn = self.conn
                written = audit_anchor.advance(
                    conn, self.identity, self.path, backups.list_backups(self.path, self.backup_folder())
                )
                self._anchored = (audit.head(conn)[0], time.monotonic())
            except (OSError, DatabaseError):
                return None
        return written

    def _anchor_if_due(self) -> None:
        count, since = self._anchored
        now = audit.head(self.conn)[0]
        if now - count >= audit_anchor.EVERY_ENTRIES or (
            now != count and time.monotonic() - since >= audit_anchor.EVERY_SECONDS
        ):
            self.anchor()

    # -- the full check ----------------------------------------------------------------------------------------

    def full_check(self, *, now: str | None = None) -> None:
        """Read every page: SQLCipher's page HMACs and SQLite's structure (`backups.integrity_problems`).

        Runs on this thread's connection, so a GUI worker runs it inside `job_connection()` while the user works.
        Healthy: the time is recorded (meta `last_full_check`). Damaged: the vault is marked (`damage`; every later
        transaction is refused) and VaultDamaged is raised with the newest backups that open with the key.
        `interrupt_check()` (from another thread) ends it with CheckInterrupted, which says nothing about health.
        """
        conn = self.conn
        self._checking = conn
        try:
            problems = backups.integrity_problems(conn)
        finally:
            self._checking = None
        if problems or self.damage is not None:  # damage found on a read before stays damage
            message = self.damage.message if self.damage is not None and not problems else CHECK_FAILED
            damaged = VaultDamaged(message, self.good_backups())
            self.damage = damaged
            raise damaged
        self._record_check(now)

    def good_backups(self) -> list[Path]:
        """The newest backups (up to three) that open with this vault's key and pass the full check."""
        try:
            folder = self.backup_folder()
        except DatabaseError:  # the settings cannot be read (damaged): the default folder is still worth trying
            folder = backups.default_backup_dir(self.path)
        return self._good_backups(self.path, self._raw_key(), folder)

    def interrupt_check(self) -> None:
        """Stop a running `full_check` (any thread): it raises CheckInterrupted. Nothing else is interrupted."""
        checking = self._checking
        if checking is not None:
            checking.interrupt()

    def last_check(self) -> str:
        """UTC time (ISO) of the last full check that found the vault healthy; '' if never."""
        return get_meta(self.conn, backups.LAST_CHECK, "")

    def check_due(self, now: datetime | None = None, every: timedelta = CHECK_EVERY) -> bool:
        """True when the last clean full check is older than `every` (a day), or there was none."""
        last = self.last_check()
        if not last:
            return True
        try:
            when = datetime.fromisoformat(last.replace("Z", "+00:00"))
        except ValueError:
            return True
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        return (now or datetime.now(UTC)) - when >= every

    def _record_check(self, now: str | None = None) -> None:
        with self.transaction() as conn:
            set_meta(conn, backups.LAST_CHECK, now or utc_now())

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
        if self.damage is not None:
            raise VaultDamaged(DAMAGED_NO_WRITES, self.damage.backups)
        audit.append(self.conn, self.user, action, **fields)

    def backup_folder(self) -> Path:
        configured = self.setting("backup_dir")
        return Path(configured) if configured else backups.default_backup_dir(self.path)

    def backup(self, reason: str = "manual") -> Path:
        """A backup, after the full check (which it records); a damaged vault is marked and none is taken."""
        if self.damage is not None:
            raise VaultDamaged(DAMAGED_NO_WRITES, self.damage.backups)
        try:
            path = backups.make_backup(
                self.conn, self.path, reason, int(self.setting("backup_count")), self.backup_folder()
            )
        except VaultDamaged as exc:
            exc.backups = self.good_backups()
            self.damage = exc
            raise
        self._record_check()
        return path

    def rekey(self, old_passphrase: str, new_passphrase: str) -> None:
        """Change the passphrase of the vault and of every backup as one recoverable step (see `store.rekey`):
        after a kill at any moment, exactly one passphrase – the old or the new – opens the vault and all backups.

        Needs the file to itself: only the owner, and no other connection open (no job connection here, and a
        GUI that handed the vault over to the worker doing this)."""
        key_literal(new_passphrase)
        self._require_owner("rekey")
        if self._job_conns:
            raise VaultThreadError("The passphrase cannot be changed while a job uses its own connection to the vault.")
        old_key = self._raw_key()
        if not hmac.compare_digest(derive_key(old_passphrase, old_key.salt).key, old_key.key):  # proves the old one
            raise WrongPassphrase()
        # The same salt, a new key: a standard SQLCipher file that the new passphrase opens.
        new_key = derive_key(new_passphrase, old_key.salt)
        conn = self.conn
        with self.transaction():
            self.log("vault.passwd")  # before the copy below, so the new file carries it
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        rekey.export_rekeyed(conn, rekey.new_path(self.path), new_key)
        replaced: list[Path] = [self.path]
        removed: list[Path] = []
        for path in backups.list_backups(self.path, self.backup_folder()):
            (replaced if rekey.rekey_copy(path, old_key, old_passphrase, new_key) else removed).append(path)
        rekey.commit(self.path, replaced, removed)
        # The decision is on disk; from here a kill is finished by the next open. Close our handle on the old file
        # first (Windows cannot replace an open file), then swap the files and open the new one.
        conn.close()
        self._conn = None
        rekey.finish(self.path)
        self._key = new_key
        self._conn = connect(self.path, new_key)
        configure_for_writing(self._conn)
        self.backup("passwd")


@contextlib.contextmanager
def _savepoint(conn: Connection) -> Iterator[None]:
    conn.execute("SAVEPOINT nested")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK TO nested")
        conn.execute("RELEASE nested")
        raise
    conn.execute("RELEASE nested")


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
