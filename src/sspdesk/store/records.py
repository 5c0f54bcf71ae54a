"""The one writer of synced records.

Every table of synced records carries `id, vv, updated_at, deleted, seq` (see migrations/0001). Only `put()`
and `delete()` write those columns, so every local edit bumps this device's counter in the version vector and
the vault's change counter – the bundle merge depends on that being true for every write.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from sspdesk.domain import limits
from sspdesk.domain import version_vector as vvec
from sspdesk.store.clock import utc_now
from sspdesk.store.dbapi import Connection
from sspdesk.store.settings import get_meta, set_meta

SYNC_COLUMNS = ("id", "vv", "updated_at", "deleted", "seq")

SYNC_MARKER_COLUMNS = frozenset(SYNC_COLUMNS)

# Synced tables are found from the schema itself: every table with the five sync columns is one. Table and
# column names are interpolated into SQL, so only names read back from sqlite_master are ever used.
_schema_cache: dict[str, tuple[str, ...]] = {}


# synced_tables per (vault file, user_version, schema_version): reading the schema costs ~2 ms (a PRAGMA per
# table), and an import, an export and a sync round ask many times. schema_version changes with any change to the
# schema, so a migration is never served an old answer; in-memory databases (no file) are not cached.
_synced_cache: dict[tuple[str, int, int], dict[str, tuple[str, ...]]] = {}


def schema_key(conn: Connection) -> tuple[str, int, int] | None:
    """(file, user_version, schema_version) of the connection's main database; None for an in-memory one."""
    file = next((str(row[2]) for row in conn.execute("PRAGMA database_list") if row[1] == "main"), "")
    if not file:
        return None
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    return file, version, int(conn.execute("PRAGMA schema_version").fetchone()[0])


def synced_tables(conn: Connection) -> dict[str, tuple[str, ...]]:
    """{table: its data columns} for every synced table in the vault's schema (in creation order)."""
    key = schema_key(conn)
    cached = _synced_cache.get(key) if key is not None else None
    if cached is not None:
        return dict(cached)  # a copy: a caller may change its dict
    found = {}
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid"):
        columns = tuple(row[1] for row in conn.execute(f'PRAGMA table_info("{name}")'))
        if set(columns) >= SYNC_MARKER_COLUMNS:
            found[name] = tuple(c for c in columns if c not in SYNC_MARKER_COLUMNS)
    if key is not None:
        _synced_cache[key] = dict(found)
    return found


def new_id() -> str:
    return str(uuid.uuid4())


def next_seq(conn: Connection) -> int:
    """Advance and return the vault's change counter (inside the caller's transaction)."""
    seq = int(get_meta(conn, "change_seq", "0")) + 1
    set_meta(conn, "change_seq", str(seq))
    return seq


def data_columns(conn: Connection, table: str) -> tuple[str, ...]:
    """The data columns of a synced table (ValueError if it is not one); cached, the schema is the code's."""
    return _columns(conn, table)


def _columns(conn: Connection, table: str) -> tuple[str, ...]:
    columns = _schema_cache.get(table)
    if columns is None:
        tables = synced_tables(conn)
        if table not in tables:
            raise ValueError(f"{table!r} is not a synced table")
        _schema_cache.clear()
        _schema_cache.update(tables)
        columns = tables[table]
    return columns


def current_vv(conn: Connection, table: str, record_id: str) -> vvec.VersionVector | None:
    _columns(conn, table)
    row = conn.execute(f"SELECT vv FROM {table} WHERE id = ?", (record_id,)).fetchone()
    return vvec.loads(row[0]) if row else None


def put(conn: Connection, table: str, record_id: str, values: Mapping[str, Any], device_id: str) -> vvec.VersionVector:
    """Insert or update one record as a local edit by `device_id`; return its new version vector.

    `values` may hold a subset of the data columns on update; on insert, missing columns take their defaults.
    """
    columns = _columns(conn, table)
    unknown = set(values) - set(columns)
    if unknown:
        raise ValueError(f"unknown columns for {table}: {sorted(unknown)}")
    limits.check_values(table, values)  # the same limits as the bundle import (Invalid, naming the field)
    vv = vvec.bumped(current_vv(conn, table, record_id) or {}, device_id)
    write_version(conn, table, record_id, values, vv, deleted=False)
    return vv


def delete(conn: Connection, table: str, record_id: str, device_id: str) -> None:
    """Mark a record deleted (a tombstone), so the deletion reaches other laptops."""
    vv = current_vv(conn, table, record_id)
    if vv is None:
        raise KeyError(record_id)
    write_version(conn, table, record_id, {}, vvec.bumped(vv, device_id), deleted=True)


def write_version(
    conn: Connection,
    table: str,
    record_id: str,
    values: Mapping[str, Any],
    vv: vvec.VersionVector,
    *,
    deleted: bool,
    updated_at: str | None = None,
) -> None:
    """Write a record version with a given vector: local edits via put(), incoming ones via the merge (which
    passes the author's `updated_at`; a local edit is stamped now)."""
    _columns(conn, table)
    meta = {"vv": vvec.dumps(vv), "updated_at": updated_at or utc_now(), "deleted": int(deleted), "seq": next_seq(conn)}
    row = {**meta, **values}
    exists = conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (record_id,)).fetchone()
    if exists:
        assignments = ", ".join(f"{name} = ?" for name in row)
        conn.execute(f"UPDATE {table} SET {assignments} WHERE id = ?", (*row.values(), record_id))
    else:
        names = ["id", *row]
        conn.execute(
            f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
            (record_id, *row.values()),
        )


def get_row(conn: Connection, table: str, record_id: str, *, include_deleted: bool = False) -> dict[str, Any] | None:
    columns = (*SYNC_COLUMNS, *_columns(conn, table))
    row = conn.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE id = ?", (record_id,)).fetchone()
    if row is None:
        return None
    record = dict(zip(columns, row, strict=True))
    if record["deleted"] and not include_deleted:
        return None
    return record
