"""Queries behind the computed information-duty deadline (`sspdesk.information_deadline`).

The entries themselves are written and listed by `consents_repo` (insert_information, list_information); these
read-only look-ups answer "which open sager sit at a level that always informs" and "what does a case's record say"
without the services building every entry as a dataclass.
"""

from __future__ import annotations

from collections.abc import Iterable

from sspdesk.domain.cases import Case
from sspdesk.store.cases_repo import CASE_COLUMNS, case_from_row
from sspdesk.store.dbapi import Connection


def open_sager_at(conn: Connection, levels: Iterable[str]) -> list[Case]:
    """Open DKE-Sager at any of `levels` (a handful per municipality at level III), by number."""
    codes = list(levels)
    if not codes:
        return []
    marks = ", ".join("?" * len(codes))
    rows = conn.execute(
        f"SELECT {', '.join(CASE_COLUMNS)} FROM cases "
        f"WHERE deleted = 0 AND kind = 'sag' AND status = 'open' AND level IN ({marks}) ORDER BY number",
        codes,
    )
    return [case_from_row(dict(zip(CASE_COLUMNS, row, strict=True))) for row in rows]


def informed_recipients(conn: Connection, case_id: str) -> list[str]:
    """Who the case's "informed" entries name (decisions not to inform are left out)."""
    rows = conn.execute(
        "SELECT recipients FROM information_duty WHERE case_id = ? AND deleted = 0 AND decision = 'informed'",
        (case_id,),
    )
    return [row[0] for row in rows]


def latest_due(conn: Connection, case_id: str, kind: str, labels: Iterable[str]) -> str:
    """The latest due date of the case's deadline rows of this kind with one of `labels` ('' if none): the row made
    when the case last came to the level that has the rule."""
    names = list(labels) or [""]
    marks = ", ".join("?" * len(names))
    row = conn.execute(
        "SELECT max(due) FROM deadlines "
        f"WHERE case_id = ? AND deleted = 0 AND kind = ? AND label IN ({marks}) AND due != ''",
        (case_id, kind, *names),
    ).fetchone()
    return str(row[0]) if row and row[0] else ""
