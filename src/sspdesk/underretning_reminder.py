"""The reminder that a Netværksmøde ended in an underretning and none is recorded on the case.

Seed 000 l.269–274: "kan der på baggrund af Netværksmødet udarbejdes en social underretning" (Serviceloven § 153, now
Barnets Lov). When a Netværksmøde / Netværkssamråd outcome on an open case says "underretning" and the case has no
underretning made on or after the meeting day, the case shows the deadline "Underretning efter Netværksmøde …".

Like the level-III information deadline (`sspdesk.information_deadline`) it is computed from the records on every
read and never stored, so it cannot go stale: it is met by recording the underretning (`sspdesk.underretning`), not
ticked off, and it is gone when the case closes. The seed names no period, and a public employee's skærpet
underretningspligt allows no waiting, so it falls due on the meeting day itself.

Layering: `sspdesk.cases` (case deadlines, Overblik) uses this module, so it imports neither `cases` nor
`underretning`.
"""

from __future__ import annotations

from typing import Any

from sspdesk.domain.cases import Deadline
from sspdesk.domain.dates import date_text
from sspdesk.store import underretning_repo as repo
from sspdesk.store.dbapi import Connection

KIND = "underretning"
ID_PREFIX = "underretning:"  # a computed deadline's id: never a stored record id
DONE_HINT = "Fristen er opfyldt, når underretningen er registreret på sagen (Underretninger → Registrér underretning…)."


def is_computed(deadline_id: str) -> bool:
    return deadline_id.startswith(ID_PREFIX)


def reminder_label(forum: str, held_on: str) -> str:
    return f"Underretning efter {forum or 'Netværksmøde'} {date_text(held_on)}"


def _deadline(row: dict[str, Any]) -> Deadline:
    return Deadline(
        id=ID_PREFIX + str(row["id"]),
        kind=KIND,
        label=reminder_label(str(row["forum"]), str(row["held_on"])),
        due=str(row["held_on"]),
        case_id=str(row["case_id"]),
        case_number=str(row["case_number"]),
        case_subject=str(row["case_subject"]),
        computed=True,
    )


def case_reminders(conn: Connection, case_id: str) -> list[Deadline]:
    """The open case's missing underretninger after a Netværksmøde, earliest first (none for a closed case)."""
    return [_deadline(row) for row in repo.outcomes_without_underretning(conn, case_id)]


def reminders(conn: Connection, first: str = "", until: str = "") -> list[Deadline]:
    """Every open case's reminders due from `first` to `until` (ISO; '' = open), earliest first."""
    found = [_deadline(row) for row in repo.outcomes_without_underretning(conn)]
    return [d for d in found if (not first or d.due >= first) and (not until or d.due <= until)]
