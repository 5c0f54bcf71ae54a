"""A throwaway encrypted database for what an import must remember about every record (issue 20 item 3).

An import reads a bundle several times and has to remember something of every record between and during the passes:
which records it has seen (none may come twice), the vault as it will be after the bundle (the journal rule asks
which case a section belongs to), which cases it touched, which DKE-Sager it brought. A bundle may hold hundreds of
thousands of records; held in Python that cost about 0.5 MB per 1,000 records – 182 MB at 200,000. In a scratch
database it costs a bounded page cache (`CACHE_KIB`) and pages in a file.

The file lies beside the vault (same disk, same owner-only permissions) and is SQLCipher-encrypted with a random key
that this process holds and never writes down: it holds case numbers and exchange columns, and a file a crash
leaves behind is unreadable; the next scratch in that folder deletes it (`sweep`). No journal and no fsync: nothing
in it is meant to outlive the import. The connection, like every connection, belongs to the thread that opened it.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

from sspdesk.store.connection import RawKey, connect, new_salt
from sspdesk.store.dbapi import Connection
from sspdesk.store.files import create_private

PREFIX = ".sspdesk-scratch-"
SUFFIX = ".tmp"
CACHE_KIB = 8 * 1024  # the page cache: what the scratch costs in memory, whatever it holds
STALE_SECONDS = 24 * 3600  # older scratch files are left by a crash (an import never runs a day)
FETCH = 500  # rows fetched at a time when a table is read back


class Scratch:
    """One scratch database; use it as a context manager so its file is deleted however the work ends."""

    def __init__(self, folder: Path) -> None:
        folder = Path(folder)
        sweep(folder)
        self.path = folder / f"{PREFIX}{os.getpid()}-{os.urandom(8).hex()}{SUFFIX}"
        create_private(self.path)
        self.conn: Connection = connect(self.path, RawKey(os.urandom(32), new_salt()))
        self.conn.execute("PRAGMA journal_mode = OFF")
        self.conn.execute("PRAGMA synchronous = OFF")
        self.conn.execute("PRAGMA secure_delete = OFF")  # the file is encrypted and deleted whole
        self.conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        self._tables = 0

    def new_table(self, columns: str, key: str) -> str:
        """Create a fresh table (`columns` as in CREATE TABLE, `key` its primary key) and return its name."""
        self._tables += 1
        name = f"t{self._tables}"
        self.conn.execute(f"CREATE TABLE {name} ({columns}, PRIMARY KEY ({key})) WITHOUT ROWID")
        return name

    def close(self) -> None:
        self.conn.close()
        with contextlib.suppress(OSError):  # a file another process still holds open (Windows) is swept later
            self.path.unlink(missing_ok=True)

    def __enter__(self) -> Scratch:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()


def sweep(folder: Path) -> None:
    """Delete scratch files a crashed import left in `folder` (older than STALE_SECONDS; they are unreadable)."""
    now = time.time()
    for path in Path(folder).glob(f"{PREFIX}*{SUFFIX}"):
        with contextlib.suppress(OSError):
            if now - path.stat().st_mtime > STALE_SECONDS:
                path.unlink()


def rows(conn: Connection, sql: str, parameters: Iterable[Any] = ()) -> Iterator[tuple[Any, ...]]:
    """The rows of a query, fetched FETCH at a time (never the whole table at once)."""
    cursor = conn.execute(sql, tuple(parameters))
    while batch := cursor.fetchmany(FETCH):
        yield from batch


def in_chunks(keys: Iterable[Any], size: int = FETCH) -> Iterator[list[Any]]:
    """`keys` in lists of at most `size` – to ask the vault about a scratch table's keys a chunk at a time."""
    chunk: list[Any] = []
    for key in keys:
        chunk.append(key)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class KeySet:
    """A set of keys (str or bytes) in a scratch table: `add` says whether the key was new; iteration is in key
    order and streams."""

    def __init__(self, scratch: Scratch) -> None:
        self.conn = scratch.conn
        self.table = scratch.new_table("key NOT NULL", "key")

    def add(self, key: str | bytes) -> bool:
        cursor = self.conn.execute(f"INSERT OR IGNORE INTO {self.table} (key) VALUES (?)", (key,))
        return cursor.rowcount == 1

    def update(self, keys: Iterable[str | bytes]) -> None:
        self.conn.executemany(f"INSERT OR IGNORE INTO {self.table} (key) VALUES (?)", ((k,) for k in keys))

    def __contains__(self, key: object) -> bool:
        return self.conn.execute(f"SELECT 1 FROM {self.table} WHERE key = ?", (key,)).fetchone() is not None

    def __len__(self) -> int:
        return int(self.conn.execute(f"SELECT count(*) FROM {self.table}").fetchone()[0])

    def __iter__(self) -> Iterator[Any]:
        for (key,) in rows(self.conn, f"SELECT key FROM {self.table} ORDER BY key"):
            yield key


class KeyedRows:
    """Text values filed under a key (a tuple of `key_size` strings) and a number: `put` one, `get` a key's values in
    number order."""

    def __init__(self, scratch: Scratch, key_size: int) -> None:
        self.conn = scratch.conn
        self.columns = [f"k{i}" for i in range(key_size)]
        columns = ", ".join(f"{c} TEXT" for c in self.columns)
        self.table = scratch.new_table(f"{columns}, n INTEGER, value TEXT", ", ".join([*self.columns, "n"]))
        self._where = " AND ".join(f"{c} = ?" for c in self.columns)

    def put(self, key: tuple[str, ...], n: int, value: str) -> None:
        marks = ", ".join("?" * (len(self.columns) + 2))
        self.conn.execute(f"INSERT OR REPLACE INTO {self.table} VALUES ({marks})", (*key, n, value))

    def get(self, key: tuple[str, ...]) -> list[str]:
        found = self.conn.execute(f"SELECT value FROM {self.table} WHERE {self._where} ORDER BY n", key)
        return [value for (value,) in found]
