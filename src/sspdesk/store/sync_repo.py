"""SQL for bundle exchange: reading record versions for export, conflicts, peers and the bundle log.

Record versions are written only through `records.write_version` (the one writer of synced records); this
module reads them, keeps the conflicts and peers tables, and maintains derived state (the case search index)
after a merge. Table and column names interpolated into SQL come only from `records.synced_tables` (the schema)
or are checked against it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sspdesk.store import cases_repo, records
from sspdesk.store.clock import utc_now
from sspdesk.store.connection import IntegrityError as IntegrityError  # a CHECK / NOT NULL refused a version
from sspdesk.store.dbapi import Connection
from sspdesk.store.settings import get_meta

_CHUNK = 400  # ids per IN (...) – well below SQLite's bound-parameter limit


@dataclass(frozen=True)
class ColumnInfo:
    name: str
    type: str  # declared type, upper case: TEXT, INTEGER, BLOB, REAL, ...
    notnull: bool
    has_default: bool


# column_info per `records.schema_key` (vault file, user_version, schema_version): an import, and every refused
# attempt, reads it; reading the schema of ~20 tables costs a few milliseconds.
_column_cache: dict[tuple[str, int, int], dict[str, dict[str, ColumnInfo]]] = {}


def column_info(conn: Connection) -> dict[str, dict[str, ColumnInfo]]:
    """{synced table: {data column: ColumnInfo}} – what an incoming record is checked against."""
    key = records.schema_key(conn)
    cached = _column_cache.get(key) if key is not None else None
    if cached is not None:
        return cached
    result: dict[str, dict[str, ColumnInfo]] = {}
    for table, columns in records.synced_tables(conn).items():
        info = {row[1]: row for row in conn.execute(f'PRAGMA table_info("{table}")')}
        result[table] = {
            c: ColumnInfo(c, (info[c][2] or "").upper(), bool(info[c][3]), info[c][4] is not None) for c in columns
        }
    if key is not None:
        _column_cache[key] = result
    return result


def _checked(conn: Connection, table: str, column: str | None = None) -> tuple[str, ...]:
    columns = records.data_columns(conn, table)  # cached: import checks every record
    if column is not None and column not in columns:
        raise ValueError(f"not a synced table/column: {table}.{column}")
    return columns


def _select(conn: Connection, table: str, where: str, params: Sequence[Any]) -> list[dict[str, Any]]:
    columns = (*records.SYNC_COLUMNS, *_checked(conn, table))
    sql = f"SELECT {', '.join(columns)} FROM {table} WHERE {where} ORDER BY seq"
    return [dict(zip(columns, row, strict=True)) for row in conn.execute(sql, list(params))]


def _chunks(values: Iterable[str]) -> Iterable[list[str]]:
    items = sorted(set(values))
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


# -- reading record versions (tombstones included: deletions travel too) -----------------------------------


def all_rows(conn: Connection, table: str) -> list[dict[str, Any]]:
    return _select(conn, table, "1", ())


def rows_since(conn: Connection, table: str, seq: int) -> list[dict[str, Any]]:
    return _select(conn, table, "seq > ?", (seq,))


def rows_by_ids(conn: Connection, table: str, ids: Iterable[str]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for chunk in _chunks(ids):
        found += _select(conn, table, f"id IN ({','.join('?' * len(chunk))})", chunk)
    return found


def rows_referencing(conn: Connection, table: str, column: str, ids: Iterable[str]) -> list[dict[str, Any]]:
    """Rows whose `column` (a TEXT id) is one of `ids`."""
    _checked(conn, table, column)
    found: list[dict[str, Any]] = []
    for chunk in _chunks(ids):
        found += _select(conn, table, f"{column} IN ({','.join('?' * len(chunk))})", chunk)
    return found


def rows_referencing_list(conn: Connection, table: str, column: str, ids: Iterable[str]) -> list[dict[str, Any]]:
    """Rows whose `column` (a JSON array of ids, e.g. consents.case_ids) contains one of `ids`."""
    _checked(conn, table, column)
    found: dict[str, dict[str, Any]] = {}
    for chunk in _chunks(ids):
        where = (
            f"json_valid({column}) AND EXISTS (SELECT 1 FROM json_each({table}.{column}) "
            f"WHERE json_each.value IN ({','.join('?' * len(chunk))}))"
        )
        found.update({row["id"]: row for row in _select(conn, table, where, chunk)})
    return list(found.values())


def get_version(conn: Connection, table: str, record_id: str) -> dict[str, Any] | None:
    """The stored version of a record, tombstone or not."""
    return records.get_row(conn, table, record_id, include_deleted=True)


def change_seq(conn: Connection) -> int:
    return int(get_meta(conn, "change_seq", "0"))


def live_record_count(conn: Connection) -> int:
    return sum(
        conn.execute(f"SELECT count(*) FROM {t} WHERE deleted = 0").fetchone()[0] for t in records.synced_tables(conn)
    )


def refresh_derived(conn: Connection, case_ids: Iterable[str]) -> None:
    """Rebuild derived state after merged writes: the search row of every touched case."""
    for case_id in sorted(set(case_ids)):
        cases_repo.reindex(conn, case_id)


# -- conflicts --------------------------------------------------------------------------------------------

_CONFLICT_COLUMNS = ("id", "table_name", "record_id", "incoming", "incoming_vv", "created_at", "resolved_at")


def _conflict(row: Sequence[Any]) -> dict[str, Any]:
    return dict(zip(_CONFLICT_COLUMNS, row, strict=True))


def open_conflicts(conn: Connection, table: str | None = None, record_id: str | None = None) -> list[dict[str, Any]]:
    sql = f"SELECT {', '.join(_CONFLICT_COLUMNS)} FROM conflicts WHERE resolved_at IS NULL"
    params: list[str] = []
    if table is not None:
        sql += " AND table_name = ?"
        params.append(table)
    if record_id is not None:
        sql += " AND record_id = ?"
        params.append(record_id)
    return [_conflict(row) for row in conn.execute(sql + " ORDER BY created_at, id", params)]


def get_conflict(conn: Connection, conflict_id: str) -> dict[str, Any] | None:
    row = conn.execute(f"SELECT {', '.join(_CONFLICT_COLUMNS)} FROM conflicts WHERE id = ?", (conflict_id,)).fetchone()
    return _conflict(row) if row else None


def insert_conflict(conn: Connection, table: str, record_id: str, incoming: str, incoming_vv: str) -> str:
    _checked(conn, table)
    conflict_id = records.new_id()
    conn.execute(
        "INSERT INTO conflicts (id, table_name, record_id, incoming, incoming_vv, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (conflict_id, table, record_id, incoming, incoming_vv, utc_now()),
    )
    return conflict_id


def close_conflict(conn: Connection, conflict_id: str) -> None:
    conn.execute("UPDATE conflicts SET resolved_at = ? WHERE id = ? AND resolved_at IS NULL", (utc_now(), conflict_id))


# -- peers ------------------------------------------------------------------------------------------------

PEER_COLUMNS = (
    "id",
    "name",
    "recipient",
    "device_id",
    "signing_key",
    "fingerprint",
    "last_seq_sent",
    "last_sent_at",
    "last_received_at",
    "added_at",
    "added_how",
    "authority",
    "party_type",
)


def list_peers(conn: Connection) -> list[dict[str, Any]]:
    rows = conn.execute(f"SELECT {', '.join(PEER_COLUMNS)} FROM peers ORDER BY name COLLATE NOCASE")
    return [dict(zip(PEER_COLUMNS, row, strict=True)) for row in rows]


def find_peer(conn: Connection, column: str, value: str) -> dict[str, Any] | None:
    if column not in ("id", "name", "fingerprint", "device_id", "recipient"):
        raise ValueError(column)
    row = conn.execute(f"SELECT {', '.join(PEER_COLUMNS)} FROM peers WHERE {column} = ?", (value,)).fetchone()
    return dict(zip(PEER_COLUMNS, row, strict=True)) if row else None


def insert_peer(conn: Connection, values: Mapping[str, Any]) -> str:
    peer_id = records.new_id()
    row = {"id": peer_id, "added_at": utc_now(), **values}
    unknown = set(row) - set(PEER_COLUMNS)
    if unknown:
        raise ValueError(sorted(unknown))
    conn.execute(f"INSERT INTO peers ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", tuple(row.values()))
    return peer_id


def update_peer(conn: Connection, peer_id: str, values: Mapping[str, Any]) -> None:
    unknown = set(values) - set(PEER_COLUMNS[1:])
    if unknown:
        raise ValueError(sorted(unknown))
    if values:
        assignments = ", ".join(f"{k} = ?" for k in values)
        conn.execute(f"UPDATE peers SET {assignments} WHERE id = ?", (*values.values(), peer_id))


# -- bundle log -------------------------------------------------------------------------------------------


def log_bundle(
    conn: Connection,
    bundle_id: str,
    direction: str,
    *,
    sender: str = "",
    recipients: Sequence[str] = (),
    contents: Mapping[str, Any] | None = None,
    counts: Mapping[str, int] | None = None,
    report: Mapping[str, Any] | None = None,
) -> None:
    conn.execute(
        "INSERT INTO bundle_log (bundle_id, direction, at, sender, recipients, contents, counts, report) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            bundle_id,
            direction,
            utc_now(),
            sender,
            json.dumps(list(recipients)),
            json.dumps(contents or {}),
            json.dumps(counts or {}),
            json.dumps(report or {}),
        ),
    )


def bundle_log(conn: Connection, limit: int = 200) -> list[dict[str, Any]]:
    columns = ("seq", "bundle_id", "direction", "at", "sender", "recipients", "contents", "counts", "report")
    rows = conn.execute(f"SELECT {', '.join(columns)} FROM bundle_log ORDER BY seq DESC LIMIT ?", (limit,))
    return [dict(zip(columns, row, strict=True)) for row in rows]
