"""The query behind `sspdesk.inactivity`: open cases whose last activity lies on or before a day.

A case's last activity is the latest of (all as ISO dates; a stored UTC time counts by its date): its registration
and the last change to the case record itself; a new version of any of its sections; an event recorded on it (the
day it happened, or the day it was recorded if later); a meeting with the case on its agenda (held or planned – a
case on a coming agenda is being worked on); a disposition about it (made, or done); an underretning made; a
deadline of it marked done. Deleted records do not count.
"""

from __future__ import annotations

from typing import Any

from sspdesk.store.dbapi import Connection

_LAST_ACTIVITY = """max(
    c.registered,
    substr(c.updated_at, 1, 10),
    coalesce((SELECT max(substr(s.created_at, 1, 10)) FROM case_sections s
              WHERE s.case_id = c.id AND s.deleted = 0), ''),
    coalesce((SELECT max(max(e.occurred_on, substr(e.created_at, 1, 10))) FROM case_events e
              WHERE e.case_id = c.id AND e.deleted = 0), ''),
    coalesce((SELECT max(substr(m.starts_at, 1, 10)) FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id
              WHERE i.case_id = c.id AND i.case_id != '' AND i.deleted = 0 AND m.deleted = 0), ''),
    coalesce((SELECT max(max(substr(d.created_at, 1, 10), d.done_on)) FROM dispositions d
              WHERE d.case_id = c.id AND d.case_id != '' AND d.deleted = 0), ''),
    coalesce((SELECT max(u.sent_on) FROM underretninger u WHERE u.case_id = c.id AND u.deleted = 0), ''),
    coalesce((SELECT max(t.done_on) FROM deadlines t WHERE t.case_id = c.id AND t.deleted = 0), '')
)"""

# The record's own dates come first: a case changed since the cut-off is never looked at any further. (`case_id !=
# ''` lets the partial indexes on agenda items and dispositions answer by case.)
_INACTIVE = f"""
WITH candidates AS (
    SELECT c.id, c.number, c.kind, c.level, c.subject, {_LAST_ACTIVITY} AS last_activity
    FROM cases c
    WHERE c.deleted = 0 AND c.status = 'open' AND c.registered <= :cutoff AND substr(c.updated_at, 1, 10) <= :cutoff
)
SELECT {{columns}} FROM candidates WHERE last_activity <= :cutoff"""


def inactive_open_cases(conn: Connection, cutoff: str, limit: int) -> list[dict[str, Any]]:
    """Open cases (journals and sager) with no activity after `cutoff` (ISO date), longest quiet first; at most
    `limit` (-1: all). Each: id, number, kind, level, subject, last_activity."""
    query = _INACTIVE.format(columns="id, number, kind, level, subject, last_activity")
    rows = conn.execute(query + " ORDER BY last_activity, number LIMIT :limit", {"cutoff": cutoff, "limit": limit})
    keys = ("id", "number", "kind", "level", "subject", "last_activity")
    return [dict(zip(keys, row, strict=True)) for row in rows]


def count_inactive_open_cases(conn: Connection, cutoff: str) -> int:
    return int(conn.execute(_INACTIVE.format(columns="count(*)"), {"cutoff": cutoff}).fetchone()[0])
