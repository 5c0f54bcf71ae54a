"""SQL for underretninger and Netværksmøde outcomes (migration 0015); `sspdesk.underretning` is the service.

Rows come back as dicts with the case's number, kind and status joined in: the lists on the case, in Overblik and
in the CLI show the case number beside each underretning. Statistics read `underretning_facts`, which selects only
dates, the reason key and the case kind – no text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sspdesk.store import records
from sspdesk.store.clock import utc_now
from sspdesk.store.dbapi import Connection, Cursor

TABLE = "underretninger"
OUTCOMES = "network_outcomes"
COLUMNS = ("id", "case_id", "sent_on", "authority", "made_by", "reason", "confirmed_on", "created_at")
OUTCOME_COLUMNS = ("id", "case_id", "forum", "held_on", "agreement", "underretning", "created_at")
_CASE_COLUMNS = ("c.number AS case_number", "c.kind AS case_kind", "c.status AS case_status")


def _dicts(cursor: Cursor) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _select(where: str, params: Sequence[Any], order: str = "u.sent_on DESC, u.created_at DESC") -> str:
    columns = ", ".join([*(f"u.{c}" for c in COLUMNS), *_CASE_COLUMNS])
    return (
        f"SELECT {columns} FROM {TABLE} u JOIN cases c ON c.id = u.case_id "
        f"WHERE u.deleted = 0 AND c.deleted = 0{where} ORDER BY {order}"
    )


def insert_underretning(conn: Connection, device_id: str, values: Mapping[str, Any]) -> str:
    record_id = records.new_id()
    records.put(conn, TABLE, record_id, {**values, "created_at": utc_now()}, device_id)
    return record_id


def update_underretning(conn: Connection, device_id: str, record_id: str, values: Mapping[str, Any]) -> None:
    records.put(conn, TABLE, record_id, values, device_id)


def get_underretning(conn: Connection, record_id: str) -> dict[str, Any] | None:
    rows = _dicts(conn.execute(_select(" AND u.id = ?", ()), (record_id,)))
    return rows[0] if rows else None


def list_underretninger(conn: Connection, case_ids: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """Live underretninger of live cases (of `case_ids`, or all), newest first."""
    if case_ids is None:
        return _dicts(conn.execute(_select("", ())))
    if not case_ids:
        return []
    marks = ",".join("?" * len(case_ids))
    return _dicts(conn.execute(_select(f" AND u.case_id IN ({marks})", ()), list(case_ids)))


def open_case_underretninger(conn: Connection, since: str) -> list[dict[str, Any]]:
    """Underretninger of open cases that still wait for a receipt, or were made on or after `since` (ISO)."""
    where = " AND c.status = 'open' AND (u.confirmed_on = '' OR u.sent_on >= ?)"
    return _dicts(conn.execute(_select(where, ()), (since,)))


def used_authorities(conn: Connection) -> list[str]:
    """The authorities earlier underretninger went to, most used first (suggestions for the next one)."""
    rows = conn.execute(
        f"SELECT authority FROM {TABLE} WHERE deleted = 0 AND authority != '' "
        "GROUP BY authority ORDER BY count(*) DESC, authority LIMIT 20"
    )
    return [row[0] for row in rows]


def underretning_facts(conn: Connection, first: str, last: str) -> list[dict[str, Any]]:
    """sent_on, reason, confirmed_on and the case kind of every live underretning made from `first` to `last`."""
    return _dicts(
        conn.execute(
            f"SELECT u.sent_on, u.reason, u.confirmed_on, c.kind FROM {TABLE} u JOIN cases c ON c.id = u.case_id "
            "WHERE u.deleted = 0 AND c.deleted = 0 AND u.sent_on >= ? AND u.sent_on <= ?",
            (first, last),
        )
    )


# -- Netværksmøde outcomes --------------------------------------------------------------------------------------


def insert_outcome(conn: Connection, device_id: str, values: Mapping[str, Any]) -> str:
    record_id = records.new_id()
    records.put(conn, OUTCOMES, record_id, {**values, "created_at": utc_now()}, device_id)
    return record_id


def list_outcomes(conn: Connection, case_ids: Sequence[str]) -> list[dict[str, Any]]:
    """Live outcomes of the cases, newest meeting first."""
    if not case_ids:
        return []
    marks = ",".join("?" * len(case_ids))
    return _dicts(
        conn.execute(
            f"SELECT {', '.join(OUTCOME_COLUMNS)} FROM {OUTCOMES} WHERE deleted = 0 AND case_id IN ({marks}) "
            "ORDER BY held_on DESC, created_at DESC",
            list(case_ids),
        )
    )


def outcomes_without_underretning(conn: Connection, case_id: str = "") -> list[dict[str, Any]]:
    """Outcomes that ended in an underretning on an open case with no live underretning made on or after the
    meeting day – of one case, or of all – with the case's number and subject."""
    where = " AND o.case_id = ?" if case_id else ""
    return _dicts(
        conn.execute(
            f"SELECT o.id, o.case_id, o.forum, o.held_on, c.number AS case_number, c.subject AS case_subject "
            f"FROM {OUTCOMES} o JOIN cases c ON c.id = o.case_id "
            "WHERE o.deleted = 0 AND o.underretning = 1 AND c.deleted = 0 AND c.status = 'open'"
            f"{where} AND NOT EXISTS (SELECT 1 FROM {TABLE} u WHERE u.case_id = o.case_id AND u.deleted = 0 "
            "AND u.sent_on >= o.held_on) ORDER BY o.held_on, c.number",
            (case_id,) if case_id else (),
        )
    )
