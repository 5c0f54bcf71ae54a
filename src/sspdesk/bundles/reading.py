"""Reading a bundle file: its size is judged from the file system before a byte is read, and no more than the limit
is ever read.

`import /dev/zero` once read until the kernel killed the program at 23.8 GB, because the size was checked after
reading the whole file. Now a path that is not a regular file (a device, a FIFO, a folder) is refused outright – a
bundle is always a file a colleague sent – and a regular file larger than MAX_BUNDLE_BYTES is refused from its
size; the read itself stops at the limit, should the file grow meanwhile.

MAX_BUNDLE_BYTES = 256 MiB. An import once decrypted, parsed and validated a bundle whole in memory, some 5–7 times
its size at the peak (a 200 MB scan took 1.4 GB before this limit); since issue 20 it streams the records in batches
(`importer`), and a file is read in chunks on each pass, never whole. Real bundles are far smaller: a whole vault of a
busy consultant (thousands of cases, a hundred consents with a scan of at most a few hundred kB each) is tens of MB.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path
from typing import BinaryIO

from sspdesk.bundles import NotABundle

MAX_BUNDLE_BYTES = 256 * 1024**2


def too_big(size: int) -> NotABundle:
    return NotABundle(
        f"Filen er for stor til at være en sspdesk-pakke: {size / 1024**2:.0f} MB "
        f"(højst {MAX_BUNDLE_BYTES // 1024**2} MB). Den er ikke læst."
    )


def open_bundle_file(path: Path, limit: int = MAX_BUNDLE_BYTES) -> tuple[BinaryIO, int]:
    """(the open file, its size) for a regular file of at most `limit` bytes, else NotABundle (nothing read).
    The caller reads it with `LimitedReader` and closes it."""
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; a regular file ignores the flag.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise NotABundle(f"Filen kan ikke læses: {exc.strerror}") from exc
    try:
        info = os.fstat(fd)  # the file opened, not whatever the path names by now
        if not stat.S_ISREG(info.st_mode):
            raise NotABundle(
                "Det er ikke en almindelig fil (men fx en enhed, en pipe eller en mappe). Den er ikke læst."
            )
        if info.st_size > limit:
            raise too_big(info.st_size)
        if getattr(os, "O_NONBLOCK", 0):
            os.set_blocking(fd, True)
        return open(fd, "rb"), info.st_size
    except BaseException:
        os.close(fd)
        raise


class LimitedReader:
    """Reads a bundle, never past the limit (a file that grows meanwhile), hashing what it reads."""

    def __init__(self, raw: BinaryIO, limit: int = MAX_BUNDLE_BYTES) -> None:
        self.raw = raw
        self.limit = limit
        self.total = 0
        self.digest = hashlib.sha256()

    def read(self, size: int) -> bytes:
        try:
            data = self.raw.read(min(size, self.limit - self.total + 1))
        except OSError as exc:
            raise NotABundle(f"Filen kan ikke læses: {exc.strerror}") from exc
        self.total += len(data)
        if self.total > self.limit:
            raise too_big(self.total)
        self.digest.update(data)
        return data


def read_bundle_file(path: Path, limit: int = MAX_BUNDLE_BYTES) -> bytes:
    """The bytes of a bundle file: a regular file of at most `limit` bytes, else NotABundle (nothing read)."""
    file, size = open_bundle_file(path, limit)
    with file:
        reader = LimitedReader(file, limit)
        data = reader.read(size)
        rest = reader.read(limit)  # a file that grew meanwhile: read on, but never past the limit
    return data + rest if rest else data
