"""Rotating encrypted backups of a vault, and restore.

A backup is made with `VACUUM INTO`, which on SQLCipher writes a compact copy encrypted with the same key:
the passphrase is never needed to make one and the copy is a single file (rollback journal, no WAL).
The source is checked first, so a damaged vault never rotates good backups away.

Beside each backup lies the vault's audit-log anchor as it stood when the backup was taken (`<backup>.audit-anchor`,
see `store/audit_anchor.py`); a restore takes it along, and rotation deletes it with its backup.

`integrity_problems` is the full check: it reads every page (SQLCipher's page HMACs, then SQLite's structure), so it
costs time in proportion to the file – about 2.6 s at 50,000 cases. Opening a vault therefore never runs it; a
backup (and so a migration) does, and `Vault.full_check` runs it for the GUI's background check and `sspdesk-cli
check`. The time of the last clean check is kept in the vault's meta table (`LAST_CHECK`).
"""

from __future__ import annotations

import os
import shutil
from datetime import datetime
from pathlib import Path

from sspdesk.store import audit_anchor
from sspdesk.store.connection import DatabaseError, RawKey, connect
from sspdesk.store.dbapi import Connection
from sspdesk.store.errors import CheckInterrupted, VaultDamaged, VaultError, VaultIOError, disk_problem
from sspdesk.store.files import create_private, private_file, private_folder
from sspdesk.store.identity import load_identity

SUFFIX = ".sspbackup"
# meta key: UTC time (ISO) of the last full check that found the vault healthy.
LAST_CHECK = "last_full_check"
REASONS = ("create", "migration", "manual", "import", "periodic", "passwd", "restore", "retention")


def default_backup_dir(vault_path: Path) -> Path:
    return vault_path.parent / "backups"


def list_backups(vault_path: Path, folder: Path | None = None) -> list[Path]:
    """Backups of this vault, newest first."""
    folder = folder or default_backup_dir(vault_path)
    if not folder.is_dir():
        return []
    found = [p for p in folder.glob(f"{vault_path.stem}-*{SUFFIX}") if p.is_file()]
    return sorted(found, key=lambda p: p.name, reverse=True)


def integrity_problems(conn: Connection) -> list[str]:
    """SQLCipher's page HMAC check plus SQLite's structural check; empty when healthy."""
    try:
        problems = [row[0] for row in conn.execute("PRAGMA cipher_integrity_check")]
        quick = [row[0] for row in conn.execute("PRAGMA quick_check")]
    except DatabaseError as exc:
        if "interrupt" in str(exc).lower():  # Connection.interrupt(): the vault is locking, not damaged
            raise CheckInterrupted() from exc
        problem = disk_problem(exc)
        if problem and "malformed" not in str(exc).lower():
            raise VaultIOError(f"Datafilen kan ikke kontrolleres: {problem}. Intet er ændret.") from exc
        return [str(exc)]
    return problems + [q for q in quick if q != "ok"]


def make_backup(conn: Connection, vault_path: Path, reason: str, keep: int, folder: Path | None = None) -> Path:
    """Write a backup of the open vault `conn` with the vault's audit-log anchor beside it (advanced to the head
    first, when the chain allows), then keep only the newest `keep` backups."""
    if reason not in REASONS:
        raise ValueError(reason)
    problems = integrity_problems(conn)
    if problems:
        raise VaultDamaged("Datafilen er beskadiget; der er ikke taget sikkerhedskopi, så de gode kopier er bevaret.")
    folder = private_folder(folder or default_backup_dir(vault_path), ours=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    final = folder / f"{vault_path.stem}-{stamp}-{reason}{SUFFIX}"
    partial = final.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    try:
        # Before the copy: the backup then holds at least the anchored entries (the log only grows meanwhile).
        anchor = audit_anchor.advance(conn, load_identity(conn), vault_path, list_backups(vault_path, folder))
        create_private(partial)  # VACUUM INTO writes into an empty file and keeps its mode
        conn.execute("VACUUM INTO ?", (str(partial),))
        _fsync(partial)
        if anchor is not None:  # a chain that disagrees with its anchor gets none: its backup vouches for nothing
            audit_anchor.write_beside(final, anchor)
        os.replace(partial, final)
    except (OSError, DatabaseError) as exc:
        partial.unlink(missing_ok=True)
        audit_anchor.anchor_path(final).unlink(missing_ok=True)
        reason = disk_problem(exc) or "filen kunne ikke skrives"
        raise VaultIOError(f"Sikkerhedskopien kunne ikke skrives: {reason}. De tidligere kopier er bevaret.") from exc
    for old in list_backups(vault_path, folder)[max(keep, 1) :]:
        old.unlink(missing_ok=True)
    audit_anchor.remove_orphans(folder, f"{vault_path.stem}-*{SUFFIX}", list_backups(vault_path, folder))
    return final


def backups_opening_with(
    vault_path: Path, passphrase: str | RawKey, folder: Path | None = None, limit: int | None = None
) -> list[Path]:
    """Backups that this passphrase (or the vault's derived key: backups keep its salt) opens and that pass the
    integrity checks, newest first; only the newest `limit` backups are tried."""
    good = []
    for path in list_backups(vault_path, folder)[:limit]:
        try:
            conn = connect(path, passphrase, read_only=True)
        except VaultError:
            continue
        try:
            if not integrity_problems(conn):
                good.append(path)
        finally:
            conn.close()
    return good


def restore(backup: Path, vault_path: Path, passphrase: str) -> Path | None:
    """Replace the vault by `backup`. The replaced file is kept beside it (`….replaced-<time>`), never deleted.
    The audit-log anchors go along: the replaced vault's with it, the backup's (copied) to the vault.

    Returns where the old vault was moved, or None if there was none. The vault must not be open.
    """
    conn = connect(backup, passphrase, read_only=True)
    try:
        if integrity_problems(conn):
            raise VaultDamaged("Sikkerhedskopien er også beskadiget.")
    finally:
        conn.close()
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    kept = None
    if vault_path.exists():
        kept = vault_path.with_name(f"{vault_path.name}.replaced-{stamp}")
        os.replace(vault_path, kept)
        audit_anchor.move_beside(vault_path, kept)
        for side in ("-wal", "-shm"):
            extra = vault_path.with_name(vault_path.name + side)
            if extra.exists():
                os.replace(extra, kept.with_name(kept.name + side))
    partial = vault_path.with_name(vault_path.name + ".restoring")
    shutil.copyfile(backup, partial)
    private_file(partial)
    _fsync(partial)
    audit_anchor.move_beside(backup, vault_path, copy=True)
    os.replace(partial, vault_path)
    return kept


def _fsync(path: Path) -> None:
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())
