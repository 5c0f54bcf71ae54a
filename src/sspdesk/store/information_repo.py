"""Queries behind the computed information-duty deadline (`sspdesk.information_deadline`).

The entries themselves are written and listed by `consents_repo` (insert_information, list_information); these
read-only look-ups answer "which open sager sit at a level that always informs" and "what does a case's record say"
without the services building every entry as a dataclass.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sspdesk.store.dbapi import Connection


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


# The whitespace Python's str.strip() removes from "den unge" in practice (SQLite's trim() takes spaces only).
_BLANKS = " \t\n\r"


def uninformed_open_sager(
    conn: Connection, levels: Iterable[str], kind: str, labels: Iterable[str], young_person_only: str
) -> list[dict[str, Any]]:
    """Open DKE-Sager at any of `levels` with no "informed" entry that names more than the young person, in one
    query (Overblik reads them at every unlock): id, number, subject, registered, birth_date; `stored_due`, the latest
    due date of the case's `kind` deadline rows with one of `labels` ('' if none); `young_only`, 1 when an
    "informed" entry names only the young person (enough once the person is an adult – the caller decides)."""
    codes, names = list(levels), list(labels) or [""]
    if not codes:
        return []
    level_marks, label_marks = ", ".join("?" * len(codes)), ", ".join("?" * len(names))
    informed = "SELECT 1 FROM information_duty i WHERE i.case_id = c.id AND i.deleted = 0 AND i.decision = 'informed'"
    rows = conn.execute(
        "SELECT c.id, c.number, c.subject, c.registered, c.birth_date, "
        "coalesce((SELECT max(d.due) FROM deadlines d WHERE d.case_id = c.id AND d.deleted = 0 AND d.kind = ? "
        f"AND d.label IN ({label_marks}) AND d.due != ''), ''), EXISTS ({informed}) "
        f"FROM cases c INDEXED BY cases_open_sager WHERE c.deleted = 0 AND c.kind = 'sag' AND c.status = 'open' AND c.level IN ({level_marks}) "
        f"AND NOT EXISTS ({informed} AND lower(trim(i.recipients, ?)) != ?)",
        (kind, *names, *codes, _BLANKS, young_person_only),
    )
    keys = ("id", "number", "subject", "registered", "birth_date", "stored_due", "young_only")
    return [dict(zip(keys, row, strict=True)) for row in rows]
