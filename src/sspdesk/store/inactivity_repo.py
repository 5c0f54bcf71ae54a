"""The query behind `sspdesk.inactivity`: open cases whose last activity lies on or before a day.

A case's last activity is the latest of (all as ISO dates; a stored UTC time counts by its date): its registration
and the last change to the case record itself; a new version of any of its sections; an event recorded on it (the
day it happened, or the day it was recorded if later); a meeting with the case on its agenda (held or planned – a
case on a coming agenda is being worked on); a disposition about it (made, or done); an underretning made; a
deadline of it marked done. Deleted records do not count.

It is kept per case in `case_activity` by the triggers of migration 0020 (which hold that definition in SQL), so
Overblik reads the longest-quiet cases with a LIMIT from the partial index `case_activity_quiet` and counts them
from the same index, whatever the number of cases (issue 20).
"""

from __future__ import annotations

from typing import Any

from sspdesk.store.dbapi import Connection

_KEYS = ("id", "number", "kind", "level", "subject", "last_activity")


def inactive_open_cases(conn: Connection, cutoff: str, limit: int) -> list[dict[str, Any]]:
    """Open cases (journals and sager) with no activity after `cutoff` (ISO date), longest quiet first; at most
    `limit` (-1: all). Each: id, number, kind, level, subject, last_activity."""
    rows = conn.execute(
        "SELECT c.id, c.number, c.kind, c.level, c.subject, a.last_activity "
        "FROM case_activity a INDEXED BY case_activity_quiet JOIN cases c ON c.id = a.case_id "
        "WHERE a.open = 1 AND a.last_activity <= :cutoff ORDER BY a.last_activity, a.number LIMIT :limit",
        {"cutoff": cutoff, "limit": limit},
    )
    return [dict(zip(_KEYS, row, strict=True)) for row in rows]


def count_inactive_open_cases(conn: Connection, cutoff: str) -> int:
    row = conn.execute(
        "SELECT count(*) FROM case_activity INDEXED BY case_activity_quiet WHERE open = 1 AND last_activity <= ?",
        (cutoff,),
    ).fetchone()
    return int(row[0])
