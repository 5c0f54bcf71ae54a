"""Level III: the parents are always informed – the rule, and the deadline that shows the information missing.

Seed 000 (Albertslund, Niveau III, disposition 5): "Dialog med og kontakt til den unge og forældremyndighedsindehaver
inden 3 arbejdsdage. Forældre underrettes i alle tilfælde". A level whose profile sets `always_inform_parents`
therefore allows no decision not to inform (`sspdesk.information_duty` refuses it), and such a decision taken before
the case came to the level no longer counts. While such a case has no "informed" entry, it shows the deadline
"Forældre skal orienteres".

The deadline is computed from the records on every read and never stored, so it cannot go stale: it is there while
the case is open at the level without the information, and gone the moment the information is recorded, the case
leaves the level or is closed. It is not ticked off by hand either – it is met by recording who was told and how.

Due date: the level's own contact deadline (rule kind "contact", "inden 3 arbejdsdage" in Albertslund) – the point of
the disposition the sentence belongs to – counted from the day the case came to the level; that is the contact row
stored on that day (`cases._add_profile_deadlines`). Without such a row it is counted from the registration date by
the same rule, and a level without a contact rule gives the registration date itself ("i alle tilfælde": no period).

Who must be told: under 18 the custody holders – an entry that names only "den unge" does not meet it. From 18 there
is no custody; the person is told (telling the parents of an adult would itself be a disclosure that needs a
basis), so any "informed" entry meets it and the deadline says "Den unge skal orienteres".

Layering: `sspdesk.cases` (case deadlines, Overblik) and `sspdesk.information_duty` both use this module, so it
imports neither of them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from sspdesk.cpr import LEGAL_AGE, age_on_birth
from sspdesk.domain.cases import Case, Deadline
from sspdesk.profiles import DeadlineRule, Profile
from sspdesk.store import information_repo
from sspdesk.store.dbapi import Connection
from sspdesk.workdays import add_months

SEED_LINE = "Forældre underrettes i alle tilfælde"
KIND = "inform_parents"
PARENTS_LABEL = "Forældre skal orienteres"
ADULT_LABEL = "Den unge skal orienteres (fyldt 18 år)"
ID_PREFIX = "inform:"  # a computed deadline's id: never a stored record id
CONTACT_KIND = "contact"
YOUNG_PERSON_ONLY = "den unge"  # information_duty.RECIPIENTS: the choice that leaves the custody holders out
DONE_HINT = "Fristen er opfyldt, når orienteringen er registreret under Samtykker → Oplysningspligt…"


def always_informs(profile: Profile, level_code: str) -> bool:
    """Whether the level forbids the decision not to inform (an unknown level – another profile's – does not)."""
    return any(level.code == level_code and level.always_inform_parents for level in profile.levels)


def is_adult(case: Case, on: date) -> bool:
    birth = case.birth
    return birth is not None and age_on_birth(birth, on) >= LEGAL_AGE


def meets_duty(recipients: str, adult: bool) -> bool:
    """Whether an "informed" entry naming `recipients` meets the level's duty (see the module docstring)."""
    return adult or recipients.strip().casefold() != YOUNG_PERSON_ONLY


def is_computed(deadline_id: str) -> bool:
    return deadline_id.startswith(ID_PREFIX)


def not_informing_refusal(profile: Profile, case: Case, on: date) -> str | None:
    """The Danish refusal of a decision not to inform on this case, or None where that decision is allowed."""
    if not always_informs(profile, case.level):
        return None
    level = profile.level(case.level)
    who = (
        "Den unge er fyldt 18 år og orienteres selv."
        if is_adult(case, on)
        else "Forældremyndighedsindehaver skal orienteres."
    )
    return (
        f"Sagen er på niveau {level.code} ({level.name}), hvor der gælder: »{SEED_LINE}«. "
        f"Der kan derfor ikke besluttes at undlade orientering. {who} Registrér orienteringen, når den er sket."
    )


def _due(conn: Connection, profile: Profile, case: Case) -> str:
    level = profile.level(case.level)
    rule = next((r for r in level.deadlines if r.kind == CONTACT_KIND and r.amount is not None), None)
    if rule is None or rule.amount is None:
        return case.registered
    # A label may name the forum ("{forum}"); the stored row holds it filled in with whichever forum applied.
    labels = [rule.label, *(rule.label.replace("{forum}", forum.name) for forum in profile.forums)]
    stored = information_repo.latest_due(conn, case.id, rule.kind, labels)
    if stored:
        return stored
    start = date.fromisoformat(case.registered)
    return profile.calendar().add_period(start, rule.amount, rule.unit).isoformat()


def information_deadline(conn: Connection, profile: Profile, case: Case, today: date) -> Deadline | None:
    """The case's open information deadline, or None (not at such a level, closed, or the information is recorded)."""
    if not (case.is_open and case.is_sag and always_informs(profile, case.level)):
        return None
    adult = is_adult(case, today)
    if any(meets_duty(recipients, adult) for recipients in information_repo.informed_recipients(conn, case.id)):
        return None
    return Deadline(
        id=ID_PREFIX + case.id,
        kind=KIND,
        label=ADULT_LABEL if adult else PARENTS_LABEL,
        due=_due(conn, profile, case),
        case_id=case.id,
        case_number=case.number,
        case_subject=case.subject,
        computed=True,
    )


def information_deadlines(
    conn: Connection, profile: Profile, today: date, first: str = "", until: str = "9999-12-31", limit: int = -1
) -> tuple[list[Deadline], int]:
    """Open information deadlines of the open sager, due from `first` to `until` (ISO dates): the earliest `limit`
    (-1: all) by due date and case number, and how many there are.

    Overblik asks at each unlock, for thousands of level-III sager in a large vault: they are read from the index of
    `case_information` (migration 0020) with a LIMIT and counted there, whatever the number of cases. The same rule
    as `information_deadline`, which reads one case, with one simplification: the stored contact row that counts is
    the case's latest; when that is not the level's (or none is stored) the deadline counts from the registration."""
    calendar = profile.calendar()
    adult_born_by = add_months(today, -12 * LEGAL_AGE).isoformat()
    found: list[Deadline] = []
    total = 0
    for level in profile.levels:
        if not level.always_inform_parents:
            continue
        rule = next((r for r in level.deadlines if r.kind == CONTACT_KIND and r.amount is not None), None)
        labels = [rule.label, *(rule.label.replace("{forum}", f.name) for f in profile.forums)] if rule else []
        if rule is not None:
            rows, count = information_repo.pending_by_contact_due(
                conn, level.code, labels, adult_born_by, first, until, limit
            )
            found += [_computed(row, row["due"], adult_born_by) for row in rows]
            total += count

        # Without the level's contact row the deadline counts from the registration: a registration range is a
        # due-date range, since a later registration never falls due earlier.
        def due_of(registered: str, rule: DeadlineRule | None = rule) -> str:
            if rule is None or rule.amount is None:
                return registered
            return calendar.add_period(date.fromisoformat(registered), rule.amount, rule.unit).isoformat()

        span = _registered_between(due_of, first, until)
        if span is not None:
            rows, count = information_repo.pending_by_registration(
                conn, level.code, labels, adult_born_by, *span, limit
            )
            found += [_computed(row, due_of(row["registered"]), adult_born_by) for row in rows]
            total += count
    found.sort(key=lambda d: (d.due, d.case_number))
    return (found[:limit] if limit >= 0 else found), total


def _registered_between(due_of: Callable[[str], str], first: str, until: str) -> tuple[str, str] | None:
    """The registration days whose deadline `due_of(day)` falls from `first` to `until` ('' / '9999-12-31': open), as
    (first day, last day), or None. `due_of` never goes back (a later day never falls due earlier) and adds less than
    ten years."""

    def day_after_last(limit: str, inclusive: bool) -> date:
        # The first day whose due date lies after `limit` (after or on it, unless `inclusive`), by bisection.
        low, high = date.fromisoformat(limit) - timedelta(days=3660), date.fromisoformat(limit) + timedelta(days=1)
        while low < high:
            middle = low + (high - low) // 2
            due = due_of(middle.isoformat())
            if due > limit or (not inclusive and due == limit):
                high = middle
            else:
                low = middle + timedelta(days=1)
        return low

    start = "" if not first else day_after_last(first, inclusive=False).isoformat()
    end = until if until >= "9999" else (day_after_last(until, inclusive=True) - timedelta(days=1)).isoformat()
    return (start, end) if not start or start <= end else None


def _computed(row: dict[str, Any], due: str, adult_born_by: str) -> Deadline:
    adult = bool(row["birth_date"]) and row["birth_date"] <= adult_born_by
    return Deadline(
        id=ID_PREFIX + row["id"],
        kind=KIND,
        label=ADULT_LABEL if adult else PARENTS_LABEL,
        due=due,
        case_id=row["id"],
        case_number=row["number"],
        case_subject=row["subject"],
        computed=True,
    )
