"""Narrow, read-only SQL for statistics and the Overblik boxes.

Every query selects only what is counted – levels, forums, dates, statuses – never a name, a CPR-nr. or free text,
so the rows this module returns cannot leak person data into a report even by mistake.
"""

from __future__ import annotations

import json
from typing import Any

from sspdesk.store.dbapi import Connection, Cursor


def _dicts(cursor: Cursor) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def case_facts(conn: Connection, until: str) -> list[dict[str, Any]]:
    """kind, level, forum, status, registered, closed_on of every live case registered on or before `until`."""
    return _dicts(
        conn.execute(
            "SELECT kind, level, forum, status, registered, closed_on FROM cases WHERE deleted = 0 AND registered <= ?",
            (until,),
        )
    )


def breakdown_facts(conn: Connection, until: str) -> list[dict[str, Any]]:
    """What the leadership's breakdowns count, per live case registered by `until`: kind, status, registered,
    closed_on, area (a chosen skoledistrikt), birth_date (a sag's: only turned into an age band by the caller), and
    the choices kilde and kriminalitetstype of the sag's newest Sagsforløb version ('' when none)."""
    return _dicts(
        conn.execute(
            "SELECT c.kind, c.status, c.registered, c.closed_on, c.area, c.birth_date, "
            "coalesce(json_extract(f.fields, '$.kilde'), '') AS source, "
            "coalesce(json_extract(f.fields, '$.kriminalitetstype'), '') AS crime_type "
            "FROM cases c LEFT JOIN case_sections f ON f.id = ("
            " SELECT s.id FROM case_sections s WHERE s.case_id = c.id AND s.section = 'flow' AND s.deleted = 0 "
            " ORDER BY s.created_at DESC, s.seq DESC LIMIT 1) "
            "WHERE c.deleted = 0 AND c.registered <= ?",
            (until,),
        )
    )


def deadline_facts(conn: Connection, first: str, last: str) -> list[dict[str, Any]]:
    """Dated deadlines due from `first` to `last` (ISO dates), with their state and their case's level."""
    return _dicts(
        conn.execute(
            "SELECT d.due, d.status, d.done_on, c.level FROM deadlines d JOIN cases c ON c.id = d.case_id "
            "WHERE d.deleted = 0 AND c.deleted = 0 AND d.due != '' AND d.due >= ? AND d.due <= ?",
            (first, last),
        )
    )


def group_facts(conn: Connection, until: str) -> list[dict[str, Any]]:
    """status, registered, closed_on and the member counts per kind of every live group registered by `until`."""
    return _dicts(
        conn.execute(
            "SELECT g.status, g.registered, g.closed_on, "
            "(SELECT count(*) FROM group_members m JOIN cases c ON c.id = m.case_id AND c.deleted = 0 "
            " WHERE m.group_id = g.id AND m.deleted = 0 AND c.kind = 'sag') AS sag_members, "
            "(SELECT count(*) FROM group_members m JOIN cases c ON c.id = m.case_id AND c.deleted = 0 "
            " WHERE m.group_id = g.id AND m.deleted = 0 AND c.kind = 'journal') AS journal_members "
            "FROM concern_groups g WHERE g.deleted = 0 AND g.registered <= ?",
            (until,),
        )
    )


def consent_facts(conn: Connection) -> list[dict[str, Any]]:
    """The dates that decide a consent's state, and the cases it covers; no names, no CPR-nr."""
    rows = _dicts(
        conn.execute(
            "SELECT id, reference, case_ids, consent_date, signed_on, valid_from, valid_until, withdrawn_on "
            "FROM consents WHERE deleted = 0"
        )
    )
    for row in rows:
        row["case_ids"] = json.loads(row["case_ids"] or "[]")
    return rows


_OPEN_SAG = "deleted = 0 AND kind = 'sag' AND status = 'open'"


def open_sager_among(conn: Connection, case_ids: list[str]) -> list[tuple[str, str, str]]:
    """(id, number, subject) of the open DKE-Sager among `case_ids` (the Overblik lists show a case by number and
    subject)."""
    rows = conn.execute(
        f"SELECT id, number, subject FROM cases WHERE id IN (SELECT value FROM json_each(?)) AND {_OPEN_SAG}",
        (json.dumps(case_ids),),
    )
    return [(row[0], row[1], row[2]) for row in rows]


def open_sager_without(conn: Connection, case_ids: list[str], limit: int) -> list[tuple[str, str, str]]:
    """(id, number, subject) of the first `limit` (-1: all) open DKE-Sager by number that are not in `case_ids`:
    read in number order and stopped at the limit, however many there are."""
    rows = conn.execute(
        "SELECT id, number, subject FROM cases INDEXED BY cases_open_sager "
        f"WHERE {_OPEN_SAG} AND id NOT IN (SELECT value FROM json_each(?)) "
        "ORDER BY number LIMIT ?",
        (json.dumps(case_ids), limit),
    )
    return [(row[0], row[1], row[2]) for row in rows]


def count_open_sager(conn: Connection) -> int:
    """How many open DKE-Sager there are (answered from the cases_retention index alone)."""
    return int(conn.execute(f"SELECT count(*) FROM cases WHERE {_OPEN_SAG}").fetchone()[0])
