"""Files that may hold personal data: owner-only permissions whatever the umask, written atomically.

Every file the program writes with personal data – the vault and its WAL, lock and backups, bundles, PDFs, exports,
crash reports – is created 0600 and its folder 0700 on POSIX, so another account on a shared machine cannot read
it even under a permissive umask (SQLite gives the WAL and -shm files the mode of the database file, so a private
vault has private side files). On Windows the user's profile folders already are private and chmod only toggles the
read-only flag, so these calls do nothing there.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700
_POSIX = os.name == "posix"


def private_file(path: Path) -> Path:
    """Make an existing file owner-only (read and write)."""
    if _POSIX:
        os.chmod(path, PRIVATE_FILE)
    return path


def private_folder(path: Path, *, ours: bool = False) -> Path:
    """Create a folder (and its parents) if needed, owner-only when we create it.

    An existing folder is tightened only when it is `ours` (the backups folder): a folder the user chose for the
    vault (Documents, a USB stick) keeps its permissions.
    """
    path = Path(path)
    existed = path.is_dir()
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_FOLDER)
    if _POSIX and (ours or not existed) and path.stat().st_uid == os.getuid():
        os.chmod(path, PRIVATE_FOLDER)  # mkdir's mode is cut by the umask; this is not
    return path


def create_private(path: Path) -> None:
    """Create an empty owner-only file if there is none (before SQLite or a lock library opens it)."""
    if not _POSIX:
        return
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_FILE))
    os.chmod(path, PRIVATE_FILE)


def fsync_folder(path: Path) -> None:
    """Make a rename in `path` durable (POSIX; Windows has no directory handles to sync)."""
    if not _POSIX:
        return
    handle = os.open(path, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def write_private_atomically(path: Path, data: bytes) -> Path:
    """Write `data` to `path` owner-only and atomically: a half-written file never replaces a good one.

    The file goes where the user asked; a missing folder is an error (OSError, as the operating system reports
    it), never created behind the user's back.
    """
    path = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}-", suffix=".partial", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        private_file(Path(temporary))  # mkstemp already creates 0600; this states it for the reader
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def readable_by_others(path: Path) -> bool:
    """True when a file (such as a --passphrase-file) can be read by the group or by others (POSIX)."""
    return _POSIX and bool(stat.S_IMODE(Path(path).stat().st_mode) & 0o077)
