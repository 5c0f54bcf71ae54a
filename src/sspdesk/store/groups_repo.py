"""SQL for bekymringsgrupper: the group, its section versions and its members (see migrations/0007).

Writes go through `records.put`/`records.delete` only. Member rows come back with their case's kind, so the
service can keep DKE-Journal members anonymous; nothing here decides what may be shown.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from typing import Any

from sspdesk.domain.cases import SectionEntry
from sspdesk.domain.groups import GROUP_KEYS, Group, GroupMember, GroupRow, Membership
from sspdesk.store import records
from sspdesk.store.clock import utc_now
from sspdesk.store.dbapi import Connection, Cursor
from sspdesk.store.settings import get_meta, set_meta

GROUP_COLUMNS = GROUP_KEYS
_MEMBER_NAMESPACE = uuid.UUID("0b8f4f1e-3c52-4d7a-9a61-5e2b7c9d4a10")


def _dicts(cursor: Cursor) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def allocate_number(conn: Connection, year: int) -> str:
    """The next G-YYYY-NNNN: a counter in meta, never below the highest number already in the table."""
    key = f"group_number:{year}"
    start, end = f"G-{year}-", f"G-{year}."
    highest = conn.execute(
        "SELECT max(number) FROM concern_groups WHERE number >= ? AND number < ?", (start, end)
    ).fetchone()[0]
    counter = max(int(get_meta(conn, key, "0")), int(highest.rsplit("-", 1)[1]) if highest else 0) + 1
    set_meta(conn, key, str(counter))
    return f"G-{year}-{counter:04d}"


def put_group(conn: Connection, device_id: str, group_id: str, values: Mapping[str, Any]) -> None:
    records.put(conn, "concern_groups", group_id, values, device_id)


def _group(row: Mapping[str, Any]) -> Group:
    return Group(**{k: row[k] for k in GROUP_COLUMNS})


def get_group(conn: Connection, group_id: str) -> Group | None:
    row = records.get_row(conn, "concern_groups", group_id)
    return _group(row) if row else None


def find_group_id(conn: Connection, ref: str) -> str | None:
    for column in ("id", "number"):
        row = conn.execute(
            f"SELECT id FROM concern_groups WHERE {column} = ? AND deleted = 0 ORDER BY seq LIMIT 1", (ref,)
        ).fetchone()
        if row:
            return str(row[0])
    return None


def list_groups(conn: Connection, status: str = "") -> list[GroupRow]:
    """Groups, newest registration first, each with its number of sag and journal members."""
    where, params = "g.deleted = 0", []
    if status:
        where += " AND g.status = ?"
        params.append(status)
    rows = _dicts(
        conn.execute(
            f"SELECT {', '.join('g.' + c for c in GROUP_COLUMNS)}, "
            "(SELECT count(*) FROM group_members m JOIN cases c ON c.id = m.case_id AND c.deleted = 0 "
            " WHERE m.group_id = g.id AND m.deleted = 0 AND c.kind = 'sag') AS sag_members, "
            "(SELECT count(*) FROM group_members m JOIN cases c ON c.id = m.case_id AND c.deleted = 0 "
            " WHERE m.group_id = g.id AND m.deleted = 0 AND c.kind = 'journal') AS journal_members "
            f"FROM concern_groups g WHERE {where} ORDER BY g.registered DESC, g.number DESC",
            params,
        )
    )
    return [GroupRow(_group(row), row["sag_members"], row["journal_members"]) for row in rows]


def distinct_areas(conn: Connection) -> list[str]:
    rows = conn.execute("SELECT DISTINCT area FROM concern_groups WHERE deleted = 0 AND area != '' ORDER BY 1")
    return [row[0] for row in rows]


# -- sections -------------------------------------------------------------------------------------------------


def add_section(
    conn: Connection, device_id: str, group_id: str, section: str, fields: Mapping[str, str], author: str
) -> str:
    section_id = records.new_id()
    records.put(
        conn,
        "group_sections",
        section_id,
        {
            "group_id": group_id,
            "section": section,
            "fields": json.dumps(dict(fields), ensure_ascii=False),
            "author": author,
            "created_at": utc_now(),
        },
        device_id,
    )
    return section_id


def current_sections(conn: Connection, group_id: str) -> dict[str, SectionEntry]:
    """The newest version of each section, by section key."""
    rows = conn.execute(
        "SELECT section, fields, author, created_at FROM group_sections WHERE group_id = ? AND deleted = 0 "
        "ORDER BY created_at, seq",
        (group_id,),
    )
    return {section: SectionEntry(json.loads(f), a, c) for section, f, a, c in rows}


def section_history(conn: Connection, group_id: str, section: str) -> list[SectionEntry]:
    rows = conn.execute(
        "SELECT fields, author, created_at FROM group_sections WHERE group_id = ? AND section = ? AND deleted = 0 "
        "ORDER BY created_at DESC, seq DESC",
        (group_id, section),
    )
    return [SectionEntry(json.loads(f), a, c) for f, a, c in rows]


# -- members --------------------------------------------------------------------------------------------------


def member_id(group_id: str, case_id: str) -> str:
    return str(uuid.uuid5(_MEMBER_NAMESPACE, f"{group_id}:{case_id}"))


def put_member(conn: Connection, device_id: str, group_id: str, case_id: str, values: Mapping[str, Any]) -> str:
    record_id = member_id(group_id, case_id)
    records.put(conn, "group_members", record_id, {"group_id": group_id, "case_id": case_id, **values}, device_id)
    return record_id


def delete_member(conn: Connection, device_id: str, group_id: str, case_id: str) -> bool:
    record_id = member_id(group_id, case_id)
    if records.get_row(conn, "group_members", record_id) is None:
        return False
    records.delete(conn, "group_members", record_id, device_id)
    return True


def members(conn: Connection, group_id: str) -> list[GroupMember]:
    """Live members of live cases, sag members by case number; carries the case's kind and person name."""
    return [
        GroupMember(**row)
        for row in _dicts(
            conn.execute(
                "SELECT m.id, m.case_id, m.role, m.added_on, c.kind, c.number, c.level, c.status, c.subject, "
                "c.person_name FROM group_members m JOIN cases c ON c.id = m.case_id AND c.deleted = 0 "
                "WHERE m.group_id = ? AND m.deleted = 0 ORDER BY c.kind DESC, c.number",
                (group_id,),
            )
        )
    ]


def groups_of_case(conn: Connection, case_id: str) -> list[Membership]:
    rows = _dicts(
        conn.execute(
            f"SELECT {', '.join('g.' + c for c in GROUP_COLUMNS)}, m.role FROM group_members m "
            "JOIN concern_groups g ON g.id = m.group_id AND g.deleted = 0 WHERE m.case_id = ? AND m.deleted = 0 "
            "ORDER BY g.number",
            (case_id,),
        )
    )
    return [Membership(_group(row), row["role"]) for row in rows]


def agenda_items_of_group(conn: Connection, group_id: str) -> list[tuple[str, str, str]]:
    """(item id, title, meeting status) of the agenda items about the group (to keep their titles in step)."""
    return [
        (row[0], row[1], row[2])
        for row in conn.execute(
            "SELECT i.id, i.title, m.status FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id "
            "WHERE i.group_id = ? AND i.deleted = 0 AND m.deleted = 0",
            (group_id,),
        )
    ]
