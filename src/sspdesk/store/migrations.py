"""Schema migrations: numbered SQL files applied in order, tracked by `PRAGMA user_version`.

Each file runs inside one transaction together with the user_version bump, so a failed migration leaves the
vault exactly as it was.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

from sspdesk.store.dbapi import Connection

_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def all_migrations() -> list[Migration]:
    return list(_read_migrations())


@functools.cache
def _read_migrations() -> tuple[Migration, ...]:
    """Read once per process: every open asks for the latest version (a folder listing and 15 files)."""
    folder = resources.files("sspdesk.store") / "migrations"
    found = []
    for entry in folder.iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if versions != list(range(1, len(found) + 1)):
        raise RuntimeError(f"migrations must be numbered 1..n without gaps, found {versions}")
    return tuple(found)


def latest_version() -> int:
    return len(all_migrations())


def current_version(conn: Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def pending(conn: Connection) -> list[Migration]:
    version = current_version(conn)
    return [m for m in all_migrations() if m.version > version]


def apply_pending(conn: Connection) -> list[int]:
    """Apply every migration newer than the vault; return the versions applied."""
    applied = []
    for migration in pending(conn):
        script = f"BEGIN IMMEDIATE;\n{migration.sql}\n;PRAGMA user_version = {migration.version};\nCOMMIT;"
        try:
            conn.executescript(script)
        except Exception:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        applied.append(migration.version)
    return applied
