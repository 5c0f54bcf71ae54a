"""SQL behind deadlines that count from events (`sspdesk.deadlines`): the events of a case and the rows to refresh.

The events: meetings with the case on their agenda (forum and date; a cancelled or deleted meeting does not count)
and the dates the user recorded on the case (`case_events` of kind home_visit / talk, `occurred_on`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sspdesk.domain.cases import Deadline
from sspdesk.domain.deadline_events import RECORDED_EVENTS, decode
from sspdesk.store import records
from sspdesk.store.dbapi import Connection

RULE_COLUMNS = ("start_event", "since", "amount", "unit", "forum", "met_by", "waits_for")


def meeting_dates(conn: Connection, case_id: str) -> list[tuple[str, str]]:
    """(forum, ISO date) of every live, not cancelled meeting with the case on its agenda, earliest first."""
    rows = conn.execute(
        "SELECT m.forum, substr(m.starts_at, 1, 10) FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id "
        "WHERE a.case_id = ? AND a.deleted = 0 AND m.deleted = 0 AND m.status != 'cancelled' ORDER BY m.starts_at",
        (case_id,),
    )
    return [(str(forum), str(day)) for forum, day in rows]


def recorded_dates(conn: Connection, case_id: str) -> list[tuple[str, str]]:
    """(kind, ISO date) of the home visits and talks recorded on the case, earliest first."""
    marks = ",".join("?" * len(RECORDED_EVENTS))
    rows = conn.execute(
        f"SELECT kind, occurred_on FROM case_events WHERE case_id = ? AND deleted = 0 AND kind IN ({marks}) "
        "AND occurred_on != '' ORDER BY occurred_on",
        (case_id, *RECORDED_EVENTS),
    )
    return [(str(kind), str(day)) for kind, day in rows]


def event_deadline_rows(conn: Connection, case_id: str) -> list[dict[str, Any]]:
    """The case's open deadlines that count from an event (start_event set), with their rule columns."""
    columns = ", ".join(("id", "due", *RULE_COLUMNS))
    cursor = conn.execute(
        f"SELECT {columns} FROM deadlines WHERE case_id = ? AND status = 'open' AND deleted = 0 AND start_event != ''",
        (case_id,),
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def cases_with_event_deadlines(conn: Connection) -> list[str]:
    """Open cases with an open deadline that counts from an event (what an import may have moved)."""
    rows = conn.execute(
        "SELECT DISTINCT d.case_id FROM deadlines d JOIN cases c ON c.id = d.case_id WHERE d.status = 'open' "
        "AND d.deleted = 0 AND d.start_event != '' AND c.status = 'open' AND c.deleted = 0"
    )
    return [str(row[0]) for row in rows]


def add_deadline_rows(conn: Connection, device_id: str, case_id: str, rows: Sequence[Mapping[str, Any]]) -> None:
    """Add open deadlines: kind, label, due ('' while waiting) and the rule columns."""
    for row in rows:
        records.put(conn, "deadlines", records.new_id(), {"case_id": case_id, "status": "open", **row}, device_id)


def update_deadline(conn: Connection, device_id: str, deadline_id: str, values: Mapping[str, Any]) -> None:
    records.put(conn, "deadlines", deadline_id, values, device_id)


# Through `deadline_state` (migration 0020): waiting deadlines of open cases in list order in a partial index.
_JOINED = " JOIN deadlines d ON d.id = s.deadline_id JOIN cases c ON c.id = s.case_id WHERE "
_WAITING = "FROM deadline_state s INDEXED BY deadline_state_waiting WHERE s.waiting = 1"


def waiting_deadlines(conn: Connection, limit: int = -1) -> list[Deadline]:
    """Open deadlines of open cases that wait for their start event (no date yet), oldest case first."""
    rows = conn.execute(
        "SELECT d.id, d.case_id, c.number, c.subject, d.kind, d.label, d.unit, d.forum, d.waits_for "
        f"{_WAITING.replace(' WHERE ', _JOINED, 1)} "
        "ORDER BY s.registered, s.number, s.label LIMIT ?",
        (limit,),
    )
    return [
        Deadline(
            id_,
            kind,
            label,
            case_id=case_id,
            case_number=number,
            case_subject=subject,
            unit=unit,
            forum=forum,
            waits_for_keys=decode(waits_for),
        )
        for id_, case_id, number, subject, kind, label, unit, forum, waits_for in rows
    ]


def count_waiting_deadlines(conn: Connection) -> int:
    return int(conn.execute(f"SELECT count(*) {_WAITING}").fetchone()[0])


def recorded_event_rows(conn: Connection, case_id: str) -> list[tuple[Any, ...]]:
    """The home visits and talks recorded on a case (id, case_id, kind, reason, author, created_at, occurred_on),
    earliest first."""
    marks = ",".join("?" * len(RECORDED_EVENTS))
    return list(
        conn.execute(
            "SELECT id, case_id, kind, reason, author, created_at, occurred_on FROM case_events "
            f"WHERE case_id = ? AND deleted = 0 AND kind IN ({marks}) ORDER BY occurred_on, created_at",
            (case_id, *RECORDED_EVENTS),
        )
    )


def live_event(conn: Connection, event_id: str) -> tuple[str, str] | None:
    """(case_id, kind) of a case event that is not deleted, or None."""
    row = conn.execute("SELECT case_id, kind FROM case_events WHERE id = ? AND deleted = 0", (event_id,)).fetchone()
    return (str(row[0]), str(row[1])) if row else None
