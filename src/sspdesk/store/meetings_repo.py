"""SQL for meetings: the meeting, its participants, agenda items, minutes, dispositions and addenda.

Every write goes through `records.put`, so each part travels in bundles as its own record. Reads return plain
dicts (column name -> value); the service layer (`sspdesk.meetings`) turns them into dataclasses.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sspdesk.domain.cases import Case, Deadline
from sspdesk.store import records
from sspdesk.store.cases_repo import CASE_COLUMNS, case_from_row
from sspdesk.store.dbapi import Connection, Cursor
from sspdesk.store.settings import get_meta, set_meta

MEETING_COLUMNS = ("id", "number", "forum", "area", "starts_at", "place", "status", "approved_by", "approved_at")
PARTICIPANT_COLUMNS = ("id", "meeting_id", "contact_id", "name", "role", "status", "position")
ADDENDUM_COLUMNS = ("id", "meeting_id", "kind", "text", "author", "created_at")
# A disposition without a meeting (meeting_id '') is an initiative of a case's handleplan (sspdesk.action_plans).
_DISPOSITION_SELECT = (
    "SELECT d.id, d.meeting_id, d.item_id, d.case_id, d.owner, d.contact_id, d.what, d.due, d.status, d.done_on, "
    "d.created_at, coalesce(m.number, '') AS meeting_number, coalesce(m.forum, '') AS meeting_forum, "
    "coalesce(m.area, '') AS meeting_area, coalesce(m.starts_at, '') AS meeting_starts_at, "
    "coalesce(c.number, '') AS case_number, coalesce(c.kind, '') AS case_kind "
    "FROM dispositions d LEFT JOIN meetings m ON m.id = d.meeting_id LEFT JOIN cases c ON c.id = d.case_id "
)


def _dicts(cursor: Cursor) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def _one(cursor: Cursor) -> dict[str, Any] | None:
    found = _dicts(cursor)
    return found[0] if found else None


def put(conn: Connection, device_id: str, table: str, record_id: str, values: Mapping[str, Any]) -> None:
    """Insert or update one meeting record (any of this module's tables)."""
    records.put(conn, table, record_id, values, device_id)


def delete(conn: Connection, device_id: str, table: str, record_id: str) -> None:
    records.delete(conn, table, record_id, device_id)


# -- meetings -------------------------------------------------------------------------------------------------


def allocate_number(conn: Connection, year: int) -> str:
    key = f"meeting_number:{year}"
    start, end = f"M-{year}-", f"M-{year}."  # "." sorts right after "-": a range the index answers
    highest = conn.execute(
        "SELECT max(number) FROM meetings WHERE number >= ? AND number < ?", (start, end)
    ).fetchone()[0]
    from_table = int(highest.rsplit("-", 1)[1]) if highest else 0
    counter = max(int(get_meta(conn, key, "0")), from_table) + 1
    set_meta(conn, key, str(counter))
    return f"M-{year}-{counter:04d}"


def get_meeting(conn: Connection, meeting_id: str) -> dict[str, Any] | None:
    return _one(
        conn.execute(f"SELECT {', '.join(MEETING_COLUMNS)} FROM meetings WHERE id = ? AND deleted = 0", (meeting_id,))
    )


def find_meeting_id(conn: Connection, ref: str) -> str | None:
    row = conn.execute(
        "SELECT id FROM meetings WHERE (id = ? OR number = ?) AND deleted = 0 ORDER BY seq LIMIT 1", (ref, ref)
    ).fetchone()
    return row[0] if row else None


def list_meetings(
    conn: Connection,
    forum: str = "",
    area: str | None = None,
    status: str = "",
    since: str = "",
    until: str = "",
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Meetings, newest first, each with its number of agenda items and of open dispositions."""
    clauses, params = ["m.deleted = 0"], []
    for column, value in (("forum", forum), ("status", status)):
        if value:
            clauses.append(f"m.{column} = ?")
            params.append(value)
    if area is not None:
        clauses.append("m.area = ?")
        params.append(area)
    if since:
        clauses.append("m.starts_at >= ?")
        params.append(since)
    if until:
        clauses.append("m.starts_at < ?")
        params.append(until)
    sql = (
        f"SELECT {', '.join('m.' + c for c in MEETING_COLUMNS)}, "
        "(SELECT count(*) FROM agenda_items i WHERE i.meeting_id = m.id AND i.deleted = 0) AS item_count, "
        "(SELECT count(*) FROM dispositions d WHERE d.meeting_id = m.id AND d.deleted = 0 AND d.status = 'open') "
        f"AS open_dispositions FROM meetings m WHERE {' AND '.join(clauses)} ORDER BY m.starts_at DESC, m.number DESC"
    )
    if limit:
        sql += f" LIMIT {int(limit)}"
    return _dicts(conn.execute(sql, params))


# -- participants ---------------------------------------------------------------------------------------------


def participants(conn: Connection, meeting_id: str) -> list[dict[str, Any]]:
    return _dicts(
        conn.execute(
            f"SELECT {', '.join(PARTICIPANT_COLUMNS)} FROM meeting_participants WHERE meeting_id = ? AND deleted = 0 "
            "ORDER BY position, name",
            (meeting_id,),
        )
    )


def get_participant(conn: Connection, participant_id: str) -> dict[str, Any] | None:
    return _one(
        conn.execute(
            f"SELECT {', '.join(PARTICIPANT_COLUMNS)} FROM meeting_participants WHERE id = ? AND deleted = 0",
            (participant_id,),
        )
    )


# -- agenda items ---------------------------------------------------------------------------------------------

_ITEM_SELECT = (
    "SELECT i.id, i.meeting_id, i.position, i.kind, i.case_id, i.group_id, i.title, i.reason, i.followups, "
    "coalesce(c.number, '') AS case_number, coalesce(c.subject, '') AS case_subject, "
    "coalesce(c.kind, '') AS case_kind, coalesce(c.level, '') AS case_level, coalesce(c.forum, '') AS case_forum, "
    "coalesce(c.person_name, '') AS person_name, coalesce(c.cpr, '') AS cpr, "
    "coalesce(n.discussion, '') AS discussion, coalesce(n.decision, '') AS decision, "
    "coalesce(n.author, '') AS minutes_author, coalesce(n.updated_at, '') AS minutes_updated_at "
    "FROM agenda_items i LEFT JOIN cases c ON c.id = i.case_id "
    "LEFT JOIN minutes n ON n.item_id = i.id AND n.deleted = 0 "
)


def items(conn: Connection, meeting_id: str) -> list[dict[str, Any]]:
    """Agenda items in order, with the case's number/subject/kind and the item's minutes."""
    rows = _dicts(
        conn.execute(
            _ITEM_SELECT + "WHERE i.meeting_id = ? AND i.deleted = 0 ORDER BY i.position, i.seq", (meeting_id,)
        )
    )
    for row in rows:
        row["followups"] = json.loads(row["followups"] or "[]")
    return rows


def get_item(conn: Connection, item_id: str) -> dict[str, Any] | None:
    row = _one(conn.execute(_ITEM_SELECT + "WHERE i.id = ? AND i.deleted = 0", (item_id,)))
    if row:
        row["followups"] = json.loads(row["followups"] or "[]")
    return row


def item_positions(conn: Connection, meeting_id: str) -> list[tuple[str, int]]:
    return [
        tuple(r)
        for r in conn.execute(
            "SELECT id, position FROM agenda_items WHERE meeting_id = ? AND deleted = 0 ORDER BY position, seq",
            (meeting_id,),
        )
    ]


def _group_journal(group_id_sql: str) -> str:
    """1 when the group `group_id_sql` names has a DKE-Journal among its members (indexed by group)."""
    return (
        "SELECT EXISTS (SELECT 1 FROM group_members gm JOIN cases gc ON gc.id = gm.case_id "
        f"WHERE gm.group_id = {group_id_sql} AND gm.group_id != '' AND gm.deleted = 0 AND gc.kind = 'journal')"
    )


def group_has_journal_members(conn: Connection, item_id: str) -> bool:
    """True for a group item whose group has a DKE-Journal among its members: its texts obey the journal rule."""
    row = conn.execute(_group_journal("(SELECT group_id FROM agenda_items WHERE id = ?)"), (item_id,)).fetchone()
    return bool(row and row[0])


def minutes_context(conn: Connection, item_id: str) -> dict[str, Any] | None:
    """Everything saving minutes on one item needs, in one indexed query (the autosave path)."""
    return _one(
        conn.execute(
            "SELECT i.id AS item_id, i.meeting_id, i.case_id, m.status AS meeting_status, m.number AS meeting_number, "
            "coalesce(c.kind, '') AS case_kind, coalesce(c.number, '') AS case_number, "
            "coalesce(n.id, '') AS minutes_id, coalesce(n.discussion, '') AS discussion, "
            "coalesce(n.decision, '') AS decision, coalesce(n.case_section_id, '') AS case_section_id, "
            f"({_group_journal('i.group_id')}) AS group_journal "
            "FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id LEFT JOIN cases c ON c.id = i.case_id "
            "LEFT JOIN minutes n ON n.item_id = i.id AND n.deleted = 0 WHERE i.id = ? AND i.deleted = 0",
            (item_id,),
        )
    )


def update_case_section(
    conn: Connection, device_id: str, section_id: str, fields: Mapping[str, str], author: str
) -> None:
    """Rewrite the fields of the case's `minutes` section version that belongs to this meeting item."""
    values = {"fields": json.dumps(dict(fields), ensure_ascii=False), "author": author}
    records.put(conn, "case_sections", section_id, values, device_id)


def minutes_with_case_sections(conn: Connection, meeting_id: str) -> list[str]:
    return [
        r[0]
        for r in conn.execute(
            "SELECT id FROM minutes WHERE meeting_id = ? AND deleted = 0 AND case_section_id != ''", (meeting_id,)
        )
    ]


def last_audit_at(conn: Connection, record_kind: str, record_id: str) -> str | None:
    """When the audit log last named this record (indexed), to log autosaves without flooding the log."""
    row = conn.execute(
        "SELECT max(at) FROM audit_log WHERE record_kind = ? AND record_id = ?", (record_kind, record_id)
    ).fetchone()
    return row[0] if row else None


# -- dispositions ---------------------------------------------------------------------------------------------


def get_disposition(conn: Connection, disposition_id: str) -> dict[str, Any] | None:
    return _one(conn.execute(_DISPOSITION_SELECT + "WHERE d.id = ? AND d.deleted = 0", (disposition_id,)))


def meeting_dispositions(conn: Connection, meeting_id: str) -> list[dict[str, Any]]:
    return _dicts(
        conn.execute(
            _DISPOSITION_SELECT + "WHERE d.meeting_id = ? AND d.deleted = 0 ORDER BY d.created_at, d.seq", (meeting_id,)
        )
    )


def dispositions_by_ids(conn: Connection, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    rows = _dicts(conn.execute(_DISPOSITION_SELECT + f"WHERE d.id IN ({marks}) AND d.deleted = 0", list(ids)))
    return {row["id"]: row for row in rows}


def open_dispositions(
    conn: Connection, forum: str = "", area: str | None = None, before: str = ""
) -> list[dict[str, Any]]:
    """Open dispositions (of meetings of `forum`/`area` held before `before`), earliest due first.

    The open initiatives of the handleplans of open cases (dispositions without a meeting) come along when their
    case's Mødeforum is `forum` (and, with a non-empty `area`, its area is `area`), whenever the plan was made: they
    are followed up at the next meeting of the case's forum."""
    held, params = ["m.deleted = 0", "m.status != 'cancelled'"], []
    if forum:
        held.append("m.forum = ?")
        params.append(forum)
    if area is not None:
        held.append("m.area = ?")
        params.append(area)
    if before:
        held.append("m.starts_at < ?")
        params.append(before)
    planned = ["d.meeting_id = ''", "c.deleted = 0", "c.status = 'open'"]
    if forum:
        planned.append("c.forum = ?")
        params.append(forum)
    if area:
        planned.append("c.area = ?")
        params.append(area)
    return _dicts(
        conn.execute(
            _DISPOSITION_SELECT + "WHERE d.deleted = 0 AND d.status = 'open' "
            f"AND (({' AND '.join(held)}) OR ({' AND '.join(planned)})) "
            "ORDER BY d.due = '', d.due, coalesce(m.starts_at, d.created_at), d.created_at",
            params,
        )
    )


def plan_dispositions(conn: Connection, case_id: str) -> list[dict[str, Any]]:
    """Every disposition of a case's handleplan (no meeting), tombstones left out."""
    return _dicts(
        conn.execute(
            _DISPOSITION_SELECT + "WHERE d.case_id = ? AND d.meeting_id = '' AND d.deleted = 0 ORDER BY d.created_at",
            (case_id,),
        )
    )


# -- addenda --------------------------------------------------------------------------------------------------


def addenda(conn: Connection, meeting_id: str) -> list[dict[str, Any]]:
    return _dicts(
        conn.execute(
            f"SELECT {', '.join(ADDENDUM_COLUMNS)} FROM meeting_addenda WHERE meeting_id = ? AND deleted = 0 "
            "ORDER BY created_at, seq",
            (meeting_id,),
        )
    )


# -- what the agenda proposal reads -----------------------------------------------------------------------------


def agenda_deadlines(conn: Connection, until: str) -> list[tuple[Deadline, Case]]:
    """Open deadlines of open cases due before `until` (ISO date) or waiting for the next meeting of their forum, each
    with its case. A deadline still waiting for another event (a talk, the Sagsmøde) is no reason to propose the case:
    it has nothing to follow up yet."""
    case_columns = ", ".join(f"c.{name}" for name in CASE_COLUMNS)
    rows = _dicts(
        conn.execute(
            f"SELECT d.id AS deadline_id, d.kind AS deadline_kind, d.label, d.due, {case_columns} "
            "FROM deadlines d JOIN cases c ON c.id = d.case_id "
            "WHERE d.status = 'open' AND d.deleted = 0 AND c.status = 'open' AND (d.due != '' AND d.due < ? "
            "OR d.due = '' AND (d.start_event = '' "
            "OR d.unit = 'next_meeting' AND d.waits_for = 'meeting:' || d.forum)) "
            "AND c.deleted = 0 ORDER BY c.number, d.due = '', d.due",
            (until,),
        )
    )
    return [
        (
            Deadline(
                row["deadline_id"],
                row["deadline_kind"],
                row["label"],
                row["due"],
                case_id=row["id"],
                case_number=row["number"],
                case_subject=row["subject"],
            ),
            case_from_row(row),
        )
        for row in rows
    ]


def cases_brief(conn: Connection, case_ids: Iterable[str]) -> dict[str, Case]:
    """The live cases among `case_ids`, by id."""
    ids = list(dict.fromkeys(case_ids))
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    rows = _dicts(
        conn.execute(
            f"SELECT {', '.join(CASE_COLUMNS)} FROM cases WHERE id IN ({marks}) AND deleted = 0",
            ids,
        )
    )
    return {row["id"]: case_from_row(row) for row in rows}


def meeting_case_names(conn: Connection, meeting_id: str) -> list[str]:
    """Names of the persons of the sag items on a meeting's agenda (for the redacted minutes)."""
    return [
        r[0]
        for r in conn.execute(
            "SELECT DISTINCT c.person_name FROM agenda_items i JOIN cases c ON c.id = i.case_id "
            "WHERE i.meeting_id = ? AND i.deleted = 0 AND c.person_name != ''",
            (meeting_id,),
        )
    ]
