"""The one writer of synced records.

Every table of synced records carries `id, vv, updated_at, deleted, seq` (see migrations/0001). Only `put()`
and `delete()` write those columns, so every local edit bumps this device's counter in the version vector and
the vault's change counter – the bundle merge depends on that being true for every write.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from sspdesk.domain import version_vector as vvec
from sspdesk.store.clock import utc_now
from sspdesk.store.settings import get_meta, set_meta

SYNC_COLUMNS = ("id", "vv", "updated_at", "deleted", "seq")

# Table name -> its data columns. Table and column names are interpolated into SQL, so only these are allowed.
# Every synced table is declared here, in one place, so the bundle export and merge see all of them.
SYNCED_TABLES: dict[str, tuple[str, ...]] = {
    "contacts": ("name", "role", "organisation", "phone", "email"),
    "cases": (
        "number", "kind", "profile", "level", "subject", "forum", "meeting_date", "area", "coordinator",
        "registered", "status", "closed_on", "person_name", "cpr", "birth_date", "from_journal", "radicalisation",
    ),
    "case_sections": ("case_id", "section", "fields", "author", "created_at"),
    "deadlines": ("case_id", "kind", "label", "due", "status", "done_on"),
}


def new_id() -> str:
    return str(uuid.uuid4())


def next_seq(conn) -> int:
    """Advance and return the vault's change counter (inside the caller's transaction)."""
    seq = int(get_meta(conn, "change_seq", "0")) + 1
    set_meta(conn, "change_seq", str(seq))
    return seq


def _columns(table: str) -> tuple[str, ...]:
    try:
        return SYNCED_TABLES[table]
    except KeyError:
        raise ValueError(f"{table!r} is not a synced table") from None


def current_vv(conn, table: str, record_id: str) -> vvec.VersionVector | None:
    _columns(table)
    row = conn.execute(f"SELECT vv FROM {table} WHERE id = ?", (record_id,)).fetchone()
    return vvec.loads(row[0]) if row else None


def put(conn, table: str, record_id: str, values: Mapping[str, Any], device_id: str) -> vvec.VersionVector:
    """Insert or update one record as a local edit by `device_id`; return its new version vector.

    `values` may hold a subset of the data columns on update; on insert, missing columns take their defaults.
    """
    columns = _columns(table)
    unknown = set(values) - set(columns)
    if unknown:
        raise ValueError(f"unknown columns for {table}: {sorted(unknown)}")
    vv = vvec.bumped(current_vv(conn, table, record_id) or {}, device_id)
    write_version(conn, table, record_id, values, vv, deleted=False)
    return vv


def delete(conn, table: str, record_id: str, device_id: str) -> None:
    """Mark a record deleted (a tombstone), so the deletion reaches other laptops."""
    vv = current_vv(conn, table, record_id)
    if vv is None:
        raise KeyError(record_id)
    write_version(conn, table, record_id, {}, vvec.bumped(vv, device_id), deleted=True)


def write_version(
    conn, table: str, record_id: str, values: Mapping[str, Any], vv: vvec.VersionVector, *, deleted: bool
) -> None:
    """Write a record version with a given vector: local edits via put(), incoming ones via the merge."""
    _columns(table)
    meta = {"vv": vvec.dumps(vv), "updated_at": utc_now(), "deleted": int(deleted), "seq": next_seq(conn)}
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


def get_row(conn, table: str, record_id: str, *, include_deleted: bool = False) -> dict[str, Any] | None:
    columns = (*SYNC_COLUMNS, *_columns(table))
    row = conn.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE id = ?", (record_id,)).fetchone()
    if row is None:
        return None
    record = dict(zip(columns, row, strict=True))
    if record["deleted"] and not include_deleted:
        return None
    return record
