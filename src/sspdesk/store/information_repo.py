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


# -- Overblik: the pending information deadlines from `case_information` (migration 0020) --------------------------

_PENDING = (
    "FROM case_information a INDEXED BY case_information_due WHERE a.pending = 1 AND a.level = :level "
    "AND NOT (a.young_only = 1 AND a.birth_date != '' AND a.birth_date <= :adult_born_by)"
)
_STORED = f"{_PENDING} AND a.contact_label IN ({{labels}}) AND a.contact_due BETWEEN :first AND :until"
_KEYS = ("id", "number", "subject", "birth_date", "due")


def _labels(labels: Iterable[str]) -> tuple[str, dict[str, str]]:
    names = list(labels) or ["\x00"]  # no label: matches no row (every row is then "without")
    return ", ".join(f":label{n}" for n in range(len(names))), {f"label{n}": name for n, name in enumerate(names)}


def pending_by_contact_due(
    conn: Connection, level: str, labels: Iterable[str], adult_born_by: str, first: str, until: str, limit: int
) -> tuple[list[dict[str, Any]], int]:
    """Open sager at `level` whose information is missing (an adult born on or before `adult_born_by` who was told in
    person has none missing) and whose latest contact deadline has one of `labels` and falls due from `first` to
    `until`: the earliest `limit` (id, number, subject, birth_date, due) and how many, both from the partial index
    `case_information_due`."""
    marks, names = _labels(labels)
    params = {"level": level, "adult_born_by": adult_born_by, "first": first, "until": until, **names}
    where = _STORED.format(labels=marks)
    rows = conn.execute(
        "SELECT a.case_id, a.number, c.subject, a.birth_date, a.contact_due "
        f"{where.replace(' WHERE ', ' JOIN cases c ON c.id = a.case_id WHERE ', 1)} "
        "ORDER BY a.contact_due, a.number LIMIT :limit",
        {**params, "limit": limit},
    )
    found = [dict(zip(_KEYS, row, strict=True)) for row in rows]
    total = int(conn.execute(f"SELECT count(*) {where}", params).fetchone()[0])
    return found, total


def pending_by_registration(
    conn: Connection, level: str, labels: Iterable[str], adult_born_by: str, first: str, until: str, limit: int
) -> tuple[list[dict[str, Any]], int]:
    """The other open sager at `level` whose information is missing – their latest contact deadline has none of
    `labels`, or none is stored – registered from `first` to `until`: the earliest `limit` (id, number, subject,
    birth_date, registered) by registration and how many, from the partial index `case_information_registered`."""
    marks, names = _labels(labels)
    params = {"level": level, "adult_born_by": adult_born_by, "first": first, "until": until, **names}
    where = (
        _PENDING.replace("case_information_due", "case_information_registered")
        + f" AND a.contact_label NOT IN ({marks}) AND a.registered BETWEEN :first AND :until"
    )
    rows = conn.execute(
        "SELECT a.case_id, a.number, c.subject, a.birth_date, a.registered "
        f"{where.replace(' WHERE ', ' JOIN cases c ON c.id = a.case_id WHERE ', 1)} "
        "ORDER BY a.registered, a.number LIMIT :limit",
        {**params, "limit": limit},
    )
    found = [dict(zip(("id", "number", "subject", "birth_date", "registered"), row, strict=True)) for row in rows]
    total = int(conn.execute(f"SELECT count(*) {where}", params).fetchone()[0])
    return found, total
