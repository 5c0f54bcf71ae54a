"""Changing the passphrase of a vault and all its backups as one recoverable step.

A kill in the middle of a passphrase change must never leave the vault on one passphrase and (some of) its backups
on the other. So nothing the user has is touched until every new file exists:

1. **prepare** – for the vault and each backup, a re-keyed copy `<file>.rekey-new` is written beside it and synced
   (the vault through `sqlcipher_export` into a file keyed with the new key, a backup by copying it and
   re-keying the copy). A kill here leaves only `.rekey-new` files, which the next open deletes: everything is on
   the old passphrase, as before.
2. **commit** – one small journal file `<vault>.rekey-journal` lists the renames; it is written atomically. From
   here on the change has happened.
3. **finish** – each `.rekey-new` replaces its file, then the journal is deleted. A kill here is finished by
   `recover()` on the next open, which needs no passphrase: it only renames.

The journal holds file names only – no key, no personal data.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

from sspdesk.store.connection import RawKey, connect, file_salt
from sspdesk.store.dbapi import Connection
from sspdesk.store.files import fsync_folder, private_file, write_private_atomically

NEW_SUFFIX = ".rekey-new"
JOURNAL_SUFFIX = ".rekey-journal"


def journal_path(vault_path: Path) -> Path:
    return vault_path.with_name(vault_path.name + JOURNAL_SUFFIX)


def new_path(path: Path) -> Path:
    return path.with_name(path.name + NEW_SUFFIX)


def _fsync(path: Path) -> None:
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def export_rekeyed(conn: Connection, target: Path, key: RawKey) -> None:
    """Write a copy of the open vault `conn`, keyed with `key`, to `target` (which must not exist)."""
    target.unlink(missing_ok=True)
    conn.execute("ATTACH DATABASE ? AS rekeyed KEY " + key.literal(), (str(target),))
    try:
        conn.execute("SELECT sqlcipher_export('rekeyed')")
        version = int(conn.execute("PRAGMA main.user_version").fetchone()[0])
        conn.execute(f"PRAGMA rekeyed.user_version = {version}")
    finally:
        conn.execute("DETACH DATABASE rekeyed")
    private_file(target)
    _fsync(target)


def rekey_copy(source: Path, old_key: RawKey, old_passphrase: str, key: RawKey) -> Path | None:
    """A re-keyed copy of a backup beside it; None if the old passphrase does not open it (an even older backup,
    which is then removed at commit, so it cannot stay readable with a passphrase that was given up).

    Backups share the vault's salt, so the old derived key opens them without a second slow key derivation; a
    file with another salt is opened with the passphrase."""
    from sspdesk.store.errors import VaultError

    target = new_path(source)
    target.unlink(missing_ok=True)
    shutil.copyfile(source, target)
    private_file(target)
    try:
        conn = connect(target, old_key if file_salt(target) == old_key.salt else old_passphrase)
    except VaultError:
        target.unlink(missing_ok=True)
        return None
    try:
        conn.execute(f"PRAGMA rekey = {key.literal()}")
    finally:
        conn.close()
    _fsync(target)
    return target


def commit(vault_path: Path, replace: Iterable[Path], remove: Iterable[Path]) -> None:
    """Record the decision: after this the change happens even if the program is killed (see recover)."""
    replace, remove = list(replace), list(remove)
    # Backups may live in another folder than the vault: full paths, and every folder to sync after the renames.
    folders = sorted({str(p.parent) for p in [*replace, *remove]})
    plan = {"replace": [str(p) for p in replace], "remove": [str(p) for p in remove], "folders": folders}
    write_private_atomically(journal_path(vault_path), json.dumps(plan).encode("utf-8"))


def finish(vault_path: Path) -> bool:
    """Carry out a committed change: every `.rekey-new` replaces its file; the journal goes last. Idempotent.
    Returns True if there was a journal."""
    journal = journal_path(vault_path)
    if not journal.is_file():
        return False
    plan = json.loads(journal.read_text(encoding="utf-8"))
    for name in plan["replace"]:
        path = Path(name)
        if new_path(path).exists():
            os.replace(new_path(path), path)
            if path == vault_path:
                # The old vault's WAL belongs to the old file; it was checkpointed and is empty.
                for side in ("-wal", "-shm"):
                    path.with_name(path.name + side).unlink(missing_ok=True)
    for name in plan["remove"]:
        Path(name).unlink(missing_ok=True)
    for folder in plan.get("folders", []):
        fsync_folder(Path(folder))
    journal.unlink(missing_ok=True)
    fsync_folder(vault_path.parent)
    return True


def recover(vault_path: Path, backup_folder: Path) -> None:
    """Before a vault is opened: finish a committed passphrase change, or forget an uncommitted one."""
    if finish(vault_path):
        return
    for folder in {vault_path.parent, backup_folder}:
        if folder.is_dir():
            for stray in folder.glob(f"*{NEW_SUFFIX}"):
                stray.unlink(missing_ok=True)
