"""Retention that does not wait for ever (issue 18, item 7): an open case with no activity for 12 months is proposed
for closing in Overblik, and a closed DKE-Sag's personal data may be kept 5 years from its closing – no longer.

Seed 000_8f7052953ff2148f.txt l.808–809: "Personoplysninger registreret i DKE-Sag, må opbevares 5 år i Albertslund
Kommunes database. Her bruges informationen af DKE som styringsværktøj så længe sagen er aktiv." l.321–322: "Endelig
lukkes sagen med en kort begrundelse for lukningen, et såkaldt Lukkenotat". Real vaults, the services' own clock
set by the test (`at`); invented names and CPR-nr. only.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from sspdesk.case_events import record_event
from sspdesk.cases import NewCase, close_case, mark_deadline_done, register_case, save_section
from sspdesk.dispositions import add_disposition
from sspdesk.duties import retention
from sspdesk.inactivity import inactive_open_cases, inactivity_cutoff
from sspdesk.meetings import add_item, create_meeting
from sspdesk.store import cases_repo, records
from sspdesk.underretning import record_underretning
from sspdesk.workdays import add_months
from support.clock import set_day

REGISTERED = date(2025, 3, 3)
PERSON = {"person_name": "Otto Opdigtet", "cpr": "120310-4321"}


@pytest.fixture
def at(monkeypatch):
    """Set the clock the services stamp records with to noon on a day (`support.clock.set_day`)."""
    return lambda day: set_day(monkeypatch, day)


def quiet(vault, today: date) -> list[str]:
    return [case.id for case in inactive_open_cases(vault, today).rows]


def sag(vault, at, day: date = REGISTERED) -> str:
    at(day)
    return register_case(vault, NewCase(level="II", subject="Butikstyveri", **PERSON), today=day).id


def test_an_open_case_without_activity_for_twelve_months_is_proposed_for_closing(vault, at):
    """Issue 18, item 7; seed 000 l.809: the data serves "så længe sagen er aktiv". Registered Mon 3 March 2025
    and not touched since: proposed on 3 March 2026, not the day before."""
    case_id = sag(vault, at)
    journal = register_case(vault, NewCase(level="I", subject="Uro ved stationen"), today=REGISTERED).id
    assert inactivity_cutoff(date(2026, 3, 3)) == REGISTERED
    assert quiet(vault, date(2026, 3, 2)) == []
    found = inactive_open_cases(vault, date(2026, 3, 3))
    assert sorted(c.id for c in found.rows) == sorted([case_id, journal]) and found.total == 2
    assert {c.last_activity for c in found.rows} == {REGISTERED}


@pytest.mark.parametrize(
    "activity",
    [
        "the case record changed",
        "a section saved",
        "an event recorded",
        "on a meeting's agenda",
        "a disposition made",
        "an underretning made",
        "a deadline marked done",
    ],
)
def test_any_activity_on_the_case_starts_the_twelve_months_again(vault, at, activity):
    """Seed 000 l.809 ("så længe sagen er aktiv"): what counts as activity (`sspdesk.store.inactivity_repo`). The
    activity happens on 2 June 2025; on 3 March 2026 the case is not proposed, on 2 June 2026 it is."""
    case_id = sag(vault, at)
    day = date(2025, 6, 2)
    at(day)
    if activity == "the case record changed":
        records.put(vault.conn, "cases", case_id, {"area": "Nord"}, vault.device_id)
    elif activity == "a section saved":
        save_section(vault, case_id, "status", {"familie": "Bor hos mor"})
    elif activity == "an event recorded":
        record_event(vault, case_id, "home_visit", day, today=day)
    elif activity == "on a meeting's agenda":
        meeting = create_meeting(vault, "Sagsmøde", datetime(2025, 6, 2, 10, 0), accept_agenda=False).detail.meeting
        at(REGISTERED)  # planned long before: the meeting's own date counts
        add_item(vault, meeting.id, "case", case_ref=case_id)
    elif activity == "a disposition made":
        at(REGISTERED)
        meeting = create_meeting(vault, "Sagsmøde", datetime(2025, 3, 4, 10, 0), accept_agenda=False).detail.meeting
        item = add_item(vault, meeting.id, "case", case_ref=case_id)
        at(day)
        add_disposition(vault, meeting.id, "Skolen", "Samtale med eleven", item_id=item.id)
    elif activity == "an underretning made":
        record_underretning(vault, case_id, "Familieafsnittet", day, today=day)
    elif activity == "a deadline marked done":
        [deadline] = [d for d in cases_repo.case_deadlines(vault.conn, case_id) if d.due][:1]
        mark_deadline_done(vault, deadline.id, today=day)
    assert case_id not in quiet(vault, date(2026, 3, 3))
    [found] = [c for c in inactive_open_cases(vault, date(2026, 6, 2)).rows if c.id == case_id]
    assert found.last_activity == day


def test_a_closed_case_is_never_proposed_for_closing(vault, at):
    case_id = sag(vault, at)
    close_case(vault, case_id, "Forløbet er slut", "Overdrages ikke", today=date(2025, 4, 1))
    assert quiet(vault, date(2027, 1, 4)) == []


def test_overblik_lists_the_longest_quiet_first_and_counts_them_all(vault, at):
    older, newer = sag(vault, at, date(2024, 1, 8)), sag(vault, at, date(2024, 5, 6))
    found = inactive_open_cases(vault, date(2026, 3, 3), limit=1)
    assert [c.id for c in found.rows] == [older] and found.total == 2
    assert newer in quiet(vault, date(2026, 3, 3))


# -- retention: 5 years from the closing, at most -----------------------------------------------------------------


def test_personal_data_in_a_dke_sag_may_be_kept_five_years_from_closing_and_no_longer(vault, at):
    """Seed 000 l.808: "Personoplysninger registreret i DKE-Sag, må opbevares 5 år" – a maximum, counted from the
    closing: closed 12 March 2021, the sag is due for deletion on 12 March 2026 (not a day later), and its
    registration years before does not move the date."""
    case_id = sag(vault, at, date(2015, 2, 2))
    close_case(vault, case_id, "Forløbet er slut", "Overdrages ikke", today=date(2021, 3, 12))
    assert retention.due_for_retention(vault, date(2026, 3, 11)) == []
    [due] = retention.due_for_retention(vault, date(2026, 3, 12))
    assert (due.id, due.closed_on, due.due_on, due.years) == (case_id, date(2021, 3, 12), date(2026, 3, 12), 5)
    assert due.due_on == add_months(due.closed_on, 12 * 5)
    report = retention.run_retention(vault, date(2026, 3, 12), dry_run=True)
    assert "ikke må opbevares længere" in retention.confirmation_text(report)


def test_a_sag_registered_long_ago_but_closed_recently_is_kept_until_five_years_after_its_closing(vault, at):
    """Seed 000 l.808–809: the five years start when the sag stops being active (its closing)."""
    case_id = sag(vault, at, date(2012, 1, 9))
    close_case(vault, case_id, "Forløbet er slut", "Overdrages ikke", today=date(2024, 6, 3))
    assert retention.due_for_retention(vault, date(2029, 6, 1)) == []
    assert [d.id for d in retention.due_for_retention(vault, date(2029, 6, 4))] == [case_id]
