"""The shape of a database connection as the store uses it.

sqlcipher3 publishes no type information, so its connection is `Any` to mypy. These protocols name the part of the
DB-API the repositories call (it is also what `sqlite3` offers), so a misspelt method or a wrong argument is a type
error. They describe; they open nothing – `sspdesk.store.connection.connect()` does.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Protocol

# Bound parameters: positional (`?`) or named (`:name`).
Params = Sequence[Any] | Mapping[str, Any]


class Cursor(Protocol):
    @property
    def description(self) -> Any: ...  # sequence of 7-tuples; the first item is the column name

    @property
    def lastrowid(self) -> int | None: ...

    @property
    def rowcount(self) -> int: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def fetchmany(self, size: int = ..., /) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class Connection(Protocol):
    @property
    def in_transaction(self) -> bool: ...

    def execute(self, sql: str, parameters: Params = ..., /) -> Cursor: ...

    def executemany(self, sql: str, parameters: Iterable[Params], /) -> Cursor: ...

    def executescript(self, sql_script: str, /) -> Cursor: ...

    def close(self) -> None: ...

    def interrupt(self) -> None: ...  # safe from any thread: the running statement ends with "interrupted"
