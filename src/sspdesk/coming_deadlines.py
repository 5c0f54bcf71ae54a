"""What is coming: Overblik's open deadlines in the groups a consultant plans by.

Issue 21: "Denne uge (0)" on a Thursday while a sag was due four working days later hid exactly what was coming. The
groups are therefore counted in working days, not in calendar weeks: "overdue" (before today), "today", "next" (the
next `NEXT_WORKING_DAYS` working days after today – two working weeks, whatever weekday today is) and "later"
(after that), plus "waiting" – those whose start event has not happened yet (no date; "venter på …", issue 18).
Working days are the municipality's (`sspdesk.deadlines.work_calendar`: public holidays and the closing days of
Indstillinger).

Each group holds at most `limit` rows, earliest first, and its full count: a backlog of thousands stays a count.
Stored deadlines are read by index with a LIMIT and counted there; so are the computed information deadlines (a
level-III sag whose parents are not yet informed, `information_deadlines`); the underretninger a Netværksmøde decided
and nobody recorded (a few) are merged in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sspdesk.cases import active_profile
from sspdesk.deadlines import work_calendar
from sspdesk.domain.cases import Deadline
from sspdesk.information_deadline import information_deadlines
from sspdesk.store import cases_repo as repo
from sspdesk.store import deadline_events_repo
from sspdesk.store.vault import Vault
from sspdesk.underretning_reminder import reminders

NEXT_WORKING_DAYS = 10
GROUP_KEYS = ("overdue", "today", "next", "later", "waiting")
_LAST_DAY = "9999-12-31"


@dataclass(frozen=True)
class DeadlineGroup:
    rows: list[Deadline]  # the earliest `limit` of them
    total: int


def horizon(vault: Vault, today: date) -> date:
    """The last day of "De næste 10 arbejdsdage": the 10th working day after today."""
    return work_calendar(vault, active_profile(vault)).add_working_days(today, NEXT_WORKING_DAYS)


def deadline_groups(vault: Vault, today: date, limit: int = 200) -> dict[str, DeadlineGroup]:
    """Overblik's open deadlines by `GROUP_KEYS` (see the module docstring), each the earliest `limit` and a count."""
    day, last = today.isoformat(), horizon(vault, today).isoformat()
    spans = {
        "overdue": ("", (today - timedelta(days=1)).isoformat()),
        "today": (day, day),
        "next": ((today + timedelta(days=1)).isoformat(), last),
        "later": ((date.fromisoformat(last) + timedelta(days=1)).isoformat(), _LAST_DAY),
    }
    conn, profile = vault.conn, active_profile(vault)
    reminders_due = reminders(conn)  # a Netværksmøde's underretning not yet recorded (a few)
    groups: dict[str, DeadlineGroup] = {}
    for key, (first, until) in spans.items():
        rows = repo.open_deadlines_until(conn, until, first, limit)
        total = repo.count_open_deadlines(conn, first, until)
        informing, informing_total = information_deadlines(conn, profile, today, first, until, limit)
        extra = [*informing, *(d for d in reminders_due if (not first or d.due >= first) and d.due <= until)]
        if extra:
            rows = sorted([*rows, *extra], key=lambda d: (d.due, d.case_number))
            rows = rows[:limit] if limit >= 0 else rows
            total += informing_total + len(extra) - len(informing)
        groups[key] = DeadlineGroup(rows, total)
    waiting = deadline_events_repo.waiting_deadlines(conn, limit)
    groups["waiting"] = DeadlineGroup(waiting, deadline_events_repo.count_waiting_deadlines(conn))
    return groups
