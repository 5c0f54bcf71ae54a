"""Deadlines of a case: each counted from the event the seed names (issue 18, item 1).

A profile's rule says how long (`amount`, `unit`) from which event (`from`, see `sspdesk.domain.deadline_events`):
level II must *call* the Sagsmøde within 7 arbejdsdage of registration, the handleplans follow the Sagsmøde, the home
visit or the Netværkssamråd, level III follows up at the latest 6 months after the Operativgruppe meeting, and a
level-I journal goes to the first coming Koordinationsmøde and, after the talk or home visit, to the next one.

Stored, not computed on every read: each rule becomes a row of `deadlines` that keeps its rule (start events, the day
the case came to the level, period, forum). While its start event has not happened the row has no date and
`waits_for` names the event; `refresh_case_deadlines` recomputes the date from the case's records whenever an event
changes – a meeting set with the case on its agenda (or cancelled, or the case taken off it), a home visit or talk
recorded or removed, a bundle imported. Every other reader (the case list, Overblik, the agenda proposal, the
statistics) keeps reading the one `due` column. A rule with `met_by` (the Sagsmøde *called*) is done the moment a
meeting of that forum is set with the case on its agenda.

Calendar periods that end on a closed day move to the next working day (`WorkCalendar.add_period`); the closing days
are the municipality's setting (`work_calendar`), by default the profile's.

Rows stored before this (no start event) keep their stored date: see migration 0017.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sspdesk.cpr import LEGAL_AGE, age_on_birth
from sspdesk.domain import deadline_events as events
from sspdesk.domain.meetings import forum_definite
from sspdesk.profiles import DeadlineRule, Profile
from sspdesk.store import deadline_events_repo as repo
from sspdesk.store.dbapi import Connection
from sspdesk.store.vault import Vault
from sspdesk.workdays import WorkCalendar, add_months, parse_closing_days

CLOSING_DAYS_SETTING = "closing_days"


@dataclass(frozen=True)
class Deadline:
    """One deadline of a case as its rule gives it: `due` None while it waits for `waits_for` (event keys)."""

    kind: str
    label: str
    due: date | None
    waits_for: tuple[str, ...] = ()
    start: tuple[str, ...] = (events.REGISTERED,)
    amount: int | None = None
    unit: str = ""
    forum: str = ""
    met_by: str = ""

    def row(self, since: date) -> dict[str, object]:
        """The deadlines row (without case and status) for a case at its level since `since`."""
        return {
            "kind": self.kind,
            "label": self.label,
            "due": self.due.isoformat() if self.due else "",
            "start_event": events.encode(self.start),
            "since": since.isoformat(),
            "amount": self.amount or 0,
            "unit": self.unit,
            "forum": self.forum,
            "met_by": self.met_by,
            "waits_for": events.encode(self.waits_for),
        }


@dataclass(frozen=True)
class CaseEvents:
    """What has happened to a case: meetings with it on the agenda, and the dates the user recorded."""

    meetings: tuple[tuple[str, date], ...] = ()  # (forum, date)
    recorded: tuple[tuple[str, date], ...] = ()  # (home_visit | talk, date)

    def first(self, key: str, since: date) -> date | None:
        """The first date on or after `since` of the event `key` (registration: `since` itself)."""
        if key == events.REGISTERED:
            return since
        forum = events.meeting_forum(key)
        if forum is not None:
            found = [day for name, day in self.meetings if name == forum and day >= since]
        else:
            found = [day for kind, day in self.recorded if kind == key and day >= since]
        return min(found, default=None)


def _start(keys: Iterable[str], since: date, happened: CaseEvents) -> date | None:
    """The first of the start events to happen (the rule counts from whichever comes first)."""
    return min(filter(None, (happened.first(key, since) for key in keys)), default=None)


def due_of(
    start: tuple[str, ...],
    amount: int | None,
    unit: str,
    forum: str,
    since: date,
    happened: CaseEvents,
    calendar: WorkCalendar,
) -> tuple[date | None, tuple[str, ...]]:
    """(due date, ()) once the start event happened, else (None, the event keys it waits for).

    A "next meeting" step is the first meeting of `forum` with the case on its agenda after the start event – on the
    day of registration or later for the first coming meeting, strictly after a talk or home visit ("næste")."""
    begun = _start(start, since, happened)
    if begun is None:
        return None, start
    if unit == "next_meeting":
        strictly_after = start != (events.REGISTERED,)
        meetings = [
            day
            for name, day in happened.meetings
            if name == forum and (day > begun if strictly_after else day >= begun)
        ]
        return (min(meetings), ()) if meetings else (None, (events.meeting_event(forum),))
    assert amount is not None  # DeadlineRule validation: every unit but next_meeting has an amount
    return calendar.add_period(begun, amount, unit), ()


def _planned(rule: DeadlineRule, forum: str, since: date, happened: CaseEvents, calendar: WorkCalendar) -> Deadline:
    due, waits = due_of(rule.start, rule.amount, rule.unit, forum, since, happened, calendar)
    return Deadline(
        rule.kind,
        rule.label.replace("{forum}", forum),
        due,
        waits,
        rule.start,
        rule.amount,
        rule.unit,
        forum,
        rule.met_by or "",
    )


def _ssp_plus_deadline(profile: Profile, level_code: str, registered: date, birth: date) -> Deadline | None:
    """København: decide on hand-over to SSP+ when the young person turns 17½ (rule data: 210 months).
    New cases at the listed levels for a 17-year-old are decided at once, as part of the coordination."""
    rule = profile.age_rules.ssp_plus
    if rule is None or birth > registered or registered >= add_months(birth, 12 * LEGAL_AGE):
        return None
    age = age_on_birth(birth, registered)
    new_case_now = (
        rule.new_case_from_age is not None and age >= rule.new_case_from_age and level_code in rule.new_case_levels
    )
    due = registered if new_case_now else max(add_months(birth, rule.from_months), registered)
    # A fixed date from the birth date: no start event (start=()), so the row is never recomputed.
    return Deadline("ssp_plus", f"Vurdering af overdragelse til {forum_definite(rule.forum)}", due, start=())


def compute_deadlines(
    profile: Profile,
    level_code: str,
    registered: date,
    birth: date | None = None,
    happened: CaseEvents | None = None,
    calendar: WorkCalendar | None = None,
    forum: str = "",
) -> list[Deadline]:
    """All deadlines for a case that came to `level_code` on `registered`, in the profile's order.

    `forum`: the case's forum when it was chosen otherwise than from the birth date – a DKE-Journal has none, so its
    Ungekoordinationsmøde is chosen from the age given at registration and its follow-up must name it.

    `happened` holds the case's events so far (none for a new case: the event deadlines then wait). `birth`, when
    known, picks the youth forum ("Opfølgning på næste {forum}") and adds age-driven deadlines such as the SSP+
    hand-over decision. `calendar`: the municipality's closing days (default: the profile's)."""
    level = profile.level(level_code)
    calendar = calendar or profile.calendar()
    age = age_on_birth(birth, registered) if birth is not None and birth <= registered else None
    forum = forum or profile.forum_for(level_code, age)
    happened = happened or CaseEvents()
    deadlines = [_planned(rule, forum, registered, happened, calendar) for rule in level.deadlines]
    if birth is not None:
        extra = _ssp_plus_deadline(profile, level_code, registered, birth)
        if extra is not None:
            deadlines.append(extra)
    return deadlines


# -- the municipality's calendar ----------------------------------------------------------------------------------


def closing_days_text(vault: Vault) -> str:
    """The municipality's closing days as set in Indstillinger ('06-05, 12-24, 12-31'); '' = the profile's."""
    value = vault.setting(CLOSING_DAYS_SETTING)
    return value.strip() if isinstance(value, str) else ""


def work_calendar(vault: Vault, profile: Profile) -> WorkCalendar:
    """Working days with the closing days in force: the municipality's setting, else the profile's."""
    text = closing_days_text(vault)
    return WorkCalendar(parse_closing_days(text)) if text else profile.calendar()


# -- keeping stored deadlines in step with the events --------------------------------------------------------------


def case_events(conn: Connection, case_id: str) -> CaseEvents:
    return CaseEvents(
        tuple((forum, date.fromisoformat(day)) for forum, day in repo.meeting_dates(conn, case_id)),
        tuple((kind, date.fromisoformat(day)) for kind, day in repo.recorded_dates(conn, case_id)),
    )


def refresh_case_deadlines(
    conn: Connection, device_id: str, calendar: WorkCalendar, case_ids: Iterable[str], today: date
) -> int:
    """Recompute the open event deadlines of these cases from their records; write only what changed.

    Returns the number of rows written. Inside the caller's transaction."""
    written = 0
    for case_id in dict.fromkeys(case_ids):
        rows = repo.event_deadline_rows(conn, case_id)
        if not rows:
            continue
        happened = case_events(conn, case_id)
        for row in rows:
            if not row["since"]:  # an orphan row the migration found no case for: nothing to count from
                continue
            since = date.fromisoformat(row["since"])
            met_by = str(row["met_by"])
            if met_by and happened.first(met_by, since) is not None:
                # The meeting is called: the deadline is met the day it is set (today), whatever its date.
                repo.update_deadline(conn, device_id, row["id"], {"status": "done", "done_on": today.isoformat()})
                written += 1
                continue
            start = events.decode(str(row["start_event"]))
            amount = int(row["amount"]) if row["unit"] != "next_meeting" else None
            due, waits = due_of(start, amount, str(row["unit"]), str(row["forum"]), since, happened, calendar)
            values = {"due": due.isoformat() if due else "", "waits_for": events.encode(waits)}
            if values != {"due": row["due"], "waits_for": row["waits_for"]}:
                repo.update_deadline(conn, device_id, row["id"], values)
                written += 1
    return written


def refresh_all(conn: Connection, device_id: str, calendar: WorkCalendar, today: date) -> int:
    """Refresh every open case with event deadlines (after an import, which may bring meetings and events)."""
    return refresh_case_deadlines(conn, device_id, calendar, repo.cases_with_event_deadlines(conn), today)
