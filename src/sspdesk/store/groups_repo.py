"""SQL for bekymringsgrupper: the group, its section versions and its members (see migrations/0007).

Writes go through `records.put`/`records.delete` only. Member rows come back with their case's kind, so the
service can keep DKE-Journal members anonymous; nothing here decides what may be shown.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from typing import Any

from sspdesk.store import records
from sspdesk.store.clock import utc_now
from sspdesk.store.settings import get_meta, set_meta

GROUP_COLUMNS = ("id", "number", "name", "area", "coordinator", "status", "registered", "closed_on")
_MEMBER_NAMESPACE = uuid.UUID("0b8f4f1e-3c52-4d7a-9a61-5e2b7c9d4a10")


def _dicts(cursor) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def allocate_number(conn, year: int) -> str:
    """The next G-YYYY-NNNN: a counter in meta, never below the highest number already in the table."""
    key = f"group_number:{year}"
    start, end = f"G-{year}-", f"G-{year}."
    highest = conn.execute(
        "SELECT max(number) FROM concern_groups WHERE number >= ? AND number < ?", (start, end)).fetchone()[0]
    counter = max(int(get_meta(conn, key, "0")), int(highest.rsplit("-", 1)[1]) if highest else 0) + 1
    set_meta(conn, key, str(counter))
    return f"G-{year}-{counter:04d}"


def put_group(conn, device_id: str, group_id: str, values: Mapping[str, Any]) -> None:
    records.put(conn, "concern_groups", group_id, values, device_id)


def get_group(conn, group_id: str) -> dict[str, Any] | None:
    row = records.get_row(conn, "concern_groups", group_id)
    return {k: row[k] for k in GROUP_COLUMNS} if row else None


def find_group_id(conn, ref: str) -> str | None:
    for column in ("id", "number"):
        row = conn.execute(
            f"SELECT id FROM concern_groups WHERE {column} = ? AND deleted = 0 ORDER BY seq LIMIT 1", (ref,)
        ).fetchone()
        if row:
            return row[0]
    return None


def list_groups(conn, status: str = "") -> list[dict[str, Any]]:
    """Groups, newest registration first, each with its number of sag and journal members."""
    where, params = "g.deleted = 0", []
    if status:
        where += " AND g.status = ?"
        params.append(status)
    return _dicts(conn.execute(
        f"SELECT {', '.join('g.' + c for c in GROUP_COLUMNS)}, "
        "(SELECT count(*) FROM group_members m JOIN cases c ON c.id = m.case_id AND c.deleted = 0 "
        " WHERE m.group_id = g.id AND m.deleted = 0 AND c.kind = 'sag') AS sag_members, "
        "(SELECT count(*) FROM group_members m JOIN cases c ON c.id = m.case_id AND c.deleted = 0 "
        " WHERE m.group_id = g.id AND m.deleted = 0 AND c.kind = 'journal') AS journal_members "
        f"FROM concern_groups g WHERE {where} ORDER BY g.registered DESC, g.number DESC", params))


def distinct_areas(conn) -> list[str]:
    rows = conn.execute("SELECT DISTINCT area FROM concern_groups WHERE deleted = 0 AND area != '' ORDER BY 1")
    return [row[0] for row in rows]


# -- sections -------------------------------------------------------------------------------------------------


def add_section(conn, device_id: str, group_id: str, section: str, fields: Mapping[str, str], author: str) -> str:
    section_id = records.new_id()
    records.put(conn, "group_sections", section_id, {
        "group_id": group_id, "section": section, "fields": json.dumps(dict(fields), ensure_ascii=False),
        "author": author, "created_at": utc_now()}, device_id)
    return section_id


def current_sections(conn, group_id: str) -> dict[str, dict[str, Any]]:
    rows = conn.execute(
        "SELECT section, fields, author, created_at FROM group_sections WHERE group_id = ? AND deleted = 0 "
        "ORDER BY created_at, seq", (group_id,))
    current: dict[str, dict[str, Any]] = {}
    for section, fields, author, created_at in rows:
        current[section] = {"fields": json.loads(fields), "author": author, "created_at": created_at}
    return current


def section_history(conn, group_id: str, section: str) -> list[dict[str, Any]]:
    rows = conn.execute(
        "SELECT fields, author, created_at FROM group_sections WHERE group_id = ? AND section = ? AND deleted = 0 "
        "ORDER BY created_at DESC, seq DESC", (group_id, section))
    return [{"fields": json.loads(f), "author": a, "created_at": c} for f, a, c in rows]


# -- members --------------------------------------------------------------------------------------------------


def member_id(group_id: str, case_id: str) -> str:
    return str(uuid.uuid5(_MEMBER_NAMESPACE, f"{group_id}:{case_id}"))


def put_member(conn, device_id: str, group_id: str, case_id: str, values: Mapping[str, Any]) -> str:
    record_id = member_id(group_id, case_id)
    records.put(conn, "group_members", record_id, {"group_id": group_id, "case_id": case_id, **values}, device_id)
    return record_id


def delete_member(conn, device_id: str, group_id: str, case_id: str) -> bool:
    record_id = member_id(group_id, case_id)
    if records.get_row(conn, "group_members", record_id) is None:
        return False
    records.delete(conn, "group_members", record_id, device_id)
    return True


def members(conn, group_id: str) -> list[dict[str, Any]]:
    """Live members of live cases, sag members by case number; carries the case's kind and person name."""
    return _dicts(conn.execute(
        "SELECT m.id, m.case_id, m.role, m.added_on, c.kind, c.number, c.level, c.status, c.subject, "
        "c.person_name FROM group_members m JOIN cases c ON c.id = m.case_id AND c.deleted = 0 "
        "WHERE m.group_id = ? AND m.deleted = 0 ORDER BY c.kind DESC, c.number", (group_id,)))


def groups_of_case(conn, case_id: str) -> list[dict[str, Any]]:
    return _dicts(conn.execute(
        f"SELECT {', '.join('g.' + c for c in GROUP_COLUMNS)}, m.role FROM group_members m "
        "JOIN concern_groups g ON g.id = m.group_id AND g.deleted = 0 WHERE m.case_id = ? AND m.deleted = 0 "
        "ORDER BY g.number", (case_id,)))


def agenda_items_of_group(conn, group_id: str) -> list[dict[str, Any]]:
    """Agenda items about the group, with their meeting's status (to keep their titles in step)."""
    return _dicts(conn.execute(
        "SELECT i.id, i.title, m.status AS meeting_status FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id "
        "WHERE i.group_id = ? AND i.deleted = 0 AND m.deleted = 0", (group_id,)))
