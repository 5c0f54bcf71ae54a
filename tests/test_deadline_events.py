"""Deadlines on real cases count from the event the seed names (issue 18, item 1): the Sagsmøde called and held,
a home visit or talk recorded, the Operativgruppe meeting, the next Koordinationsmøde – in a real vault, with the
meetings made through the meeting service. Seed: /work/shared/seeds/000_8f7052953ff2148f.txt ("000 l.N").
Every name and number is invented."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from sspdesk import meetings
from sspdesk.bundles.export import Selection
from sspdesk.bundles.importer import import_bundle
from sspdesk.case_events import record_event, recorded_events, remove_event
from sspdesk.cases import NewCase, active_profile, get_case, mark_deadline_done, register_case
from sspdesk.coming_deadlines import deadline_groups
from sspdesk.deadlines import work_calendar
from sspdesk.dispositions import propose_agenda
from sspdesk.domain.cases import Deadline
from sspdesk.domain.errors import Invalid
from sspdesk.meetings import add_item, approve_minutes, cancel_meeting, create_meeting, save_item_minutes
from sspdesk.preferences import set_closing_days
from sspdesk.store import cases_repo, migrations, records
from sspdesk.store.vault import Vault
from support.bundles import export_to

PASSPHRASE = "hest batteri klokke æøå"
NAME, CPR = "Oskar Opdigtet", "120310-4321"  # invented
HANDLEPLAN_WAIT = "Sagsmøde, hjemmebesøg/møde eller Netværkssamråd"


def _sag(vault: Vault, level: str = "II", on: date = date(2026, 3, 31)) -> str:
    new = NewCase(level=level, subject="Gentagne indbrud", person_name=NAME, cpr=CPR)
    return register_case(vault, new, today=on).id


def _deadlines(vault: Vault, case_id: str) -> dict[str, Deadline]:
    return {d.kind: d for d in get_case(vault, case_id, today=date(2026, 4, 1)).deadlines if not d.computed}


def _meeting_with(vault: Vault, forum: str, when: str, case_id: str) -> str:
    meeting = create_meeting(vault, forum, when, accept_agenda=False).detail.id
    add_item(vault, meeting, "case", case_ref=case_id)
    return meeting


def test_level_two_registered_on_31_march_calls_the_sagsmoede_by_14_april_and_the_handleplan_waits(
    vault: Vault,
) -> None:
    """The issue's example (seed 000 l.478, 506–508): registered 31.03.2026, the Sagsmøde must be called by 14.04
    (7 arbejdsdage over Easter); the temporary handleplan is not due 07.04 but waits for the Sagsmøde."""
    sag = _sag(vault)
    found = _deadlines(vault, sag)
    assert found["case_meeting"].due == "2026-04-14"
    temporary = found["action_plan_temporary"]
    assert temporary.due == "" and temporary.due != "2026-04-07"
    assert temporary.waits_for == HANDLEPLAN_WAIT
    assert temporary.waiting_text == f"venter på {HANDLEPLAN_WAIT}"
    shown = {d["kind"]: d for d in get_case(vault, sag).to_json()["deadlines"]}
    assert shown["action_plan_temporary"]["due"] is None
    assert shown["action_plan_temporary"]["waits_for"] == HANDLEPLAN_WAIT
    assert (shown["case_meeting"]["due"], shown["case_meeting"]["waits_for"]) == ("2026-04-14", None)


def test_calling_the_sagsmoede_meets_the_call_and_dates_the_handleplans_from_the_meeting(vault: Vault) -> None:
    """Seed 000 l.478 ("indkalder til Sagsmøde") and l.506–508. Sagsmøde set for Mon 13 Apr 2026: the call is done;
    7 dage = Mon 20 Apr; 3 uger = Mon 4 May."""
    sag = _sag(vault)
    _meeting_with(vault, "Sagsmøde", "2026-04-13 10:00", sag)
    found = _deadlines(vault, sag)
    assert found["case_meeting"].status == "done"
    assert found["action_plan_temporary"].due == "2026-04-20"
    assert found["action_plan_final"].due == "2026-05-04"
    assert found["action_plan_final"].waits_for == ""


def test_a_cancelled_sagsmoede_leaves_the_handleplans_waiting_again(vault: Vault) -> None:
    sag = _sag(vault)
    meeting = _meeting_with(vault, "Sagsmøde", "2026-04-13 10:00", sag)
    cancel_meeting(vault, meeting)
    assert _deadlines(vault, sag)["action_plan_temporary"].waits_for == HANDLEPLAN_WAIT


def test_a_recorded_home_visit_dates_the_handleplan_and_removing_it_undoes_that(vault: Vault) -> None:
    """Seed 000 l.506: "hjemmebesøg eller møde ... midlertidig ... handleplan indenfor 7 dage". Home visit Thu 9 Apr
    2026: 7 dage = Thu 16 Apr."""
    sag = _sag(vault)
    event = record_event(vault, sag, "home_visit", date(2026, 4, 9), "Mor og far hjemme", today=date(2026, 4, 10))
    assert _deadlines(vault, sag)["action_plan_temporary"].due == "2026-04-16"
    assert [e.occurred_on for e in recorded_events(vault, sag)] == ["2026-04-09"]
    remove_event(vault, event.id, today=date(2026, 4, 10))
    assert _deadlines(vault, sag)["action_plan_temporary"].due == ""
    assert recorded_events(vault, sag) == []


def test_an_event_in_the_future_or_of_an_unknown_kind_is_refused(vault: Vault) -> None:
    sag = _sag(vault)
    with pytest.raises(Invalid, match="fremtiden"):
        record_event(vault, sag, "talk", date(2026, 4, 20), today=date(2026, 4, 10))
    with pytest.raises(Invalid, match="Ukendt"):
        record_event(vault, sag, "party", date(2026, 4, 9), today=date(2026, 4, 10))
    assert recorded_events(vault, sag) == []


def test_level_three_follow_up_waits_for_the_operativgruppe_meeting_then_six_months(vault: Vault) -> None:
    """Seed 000 l.677–678: "senest efter 6 mdr." after the Operativgruppe meeting. Registered Mon 18 May 2026 (the
    old code: due 18 Nov); Operativgruppemøde Wed 20 May → Fri 20 Nov 2026."""
    sag = _sag(vault, "III", date(2026, 5, 18))
    assert _deadlines(vault, sag)["follow_up"].waits_for == "Operativgruppemøde"
    _meeting_with(vault, "Operativgruppemøde", "2026-05-20 09:00", sag)
    found = _deadlines(vault, sag)
    assert found["follow_up"].due == "2026-11-20"
    assert found["case_meeting"].status == "done"


def test_level_one_journal_goes_to_the_first_koordinationsmoede_then_the_next_one_after_the_talk(
    vault: Vault,
) -> None:
    """Seed 000 l.369 ("Sagen bringes for førstkommende Koordinationsmøde") and l.426–428 ("opfølgning på sager,
    hvor der er foretaget hjemmebesøg eller afholdt samtale, på næste koordinationsmøde"): two tracked steps."""
    journal = register_case(
        vault, NewCase(level="I", subject="Uro ved stationen", area="Nord"), today=date(2026, 3, 30)
    )
    found = _deadlines(vault, journal.id)
    assert found["first_meeting"].waiting_text == "venter på næste Koordinationsmøde"
    assert found["follow_up"].waiting_text == "venter på samtale eller hjemmebesøg/møde"
    # The proposal puts the journal on the first Koordinationsmøde (28 Apr): the first step gets that date.
    first = create_meeting(vault, "Koordinationsmøde", "2026-04-28 14:00", area="Nord").detail
    assert [item.case_id for item in first.items] == [journal.id]
    assert _deadlines(vault, journal.id)["first_meeting"].due == "2026-04-28"
    save_item_minutes(vault, first.items[0].id, "Drøftet", "Skolen tager en samtale")
    approve_minutes(vault, first.id, now=datetime(2026, 4, 28, 16, 0))
    found = _deadlines(vault, journal.id)
    assert found["first_meeting"].status == "done"
    assert found["follow_up"].is_open and found["follow_up"].due == ""  # the talk has not been held
    # Before the talk the follow-up is no reason to put the journal on the next meeting (the contact is made).
    mark_deadline_done(vault, found["contact"].id, today=date(2026, 4, 14))
    assert journal.id not in [i.case_id for i in propose_agenda(vault, "Koordinationsmøde", "2026-05-26 14:00").items]
    record_event(vault, journal.id, "talk", date(2026, 5, 4), today=date(2026, 5, 5))
    assert _deadlines(vault, journal.id)["follow_up"].waiting_text == "venter på næste Koordinationsmøde"
    second = create_meeting(vault, "Koordinationsmøde", "2026-05-26 14:00", area="Nord").detail
    assert [item.case_id for item in second.items] == [journal.id]
    assert _deadlines(vault, journal.id)["follow_up"].due == "2026-05-26"


def test_overblik_lists_the_deadlines_that_wait_for_their_event(vault: Vault) -> None:
    sag = _sag(vault)
    waiting = deadline_groups(vault, date(2026, 4, 1))["waiting"]
    assert waiting.total == 2
    assert {(d.case_id, d.waiting_text) for d in waiting.rows} == {(sag, f"venter på {HANDLEPLAN_WAIT}")}


def test_closing_days_are_a_municipal_setting(vault: Vault) -> None:
    """DOMAIN.md: the closing days (5 Jun, 24 Dec, 31 Dec) are a municipal setting, not a seed fact. Sagsmøde Fri 29
    May 2026: 7 dage = Fri 5 Jun – Grundlovsdag, closed by default → Mon 8 Jun; open when the municipality says so."""
    sag = _sag(vault, on=date(2026, 5, 27))
    _meeting_with(vault, "Sagsmøde", "2026-05-29 10:00", sag)
    assert _deadlines(vault, sag)["action_plan_temporary"].due == "2026-06-08"
    assert set_closing_days(vault, "12-31, 12-24,12-24") == "12-24, 12-31"
    assert not work_calendar(vault, active_profile(vault)).is_closing_day(date(2026, 6, 5))
    other = _sag(vault, on=date(2026, 5, 27))
    _meeting_with(vault, "Sagsmøde", "2026-05-29 11:00", other)
    assert _deadlines(vault, other)["action_plan_temporary"].due == "2026-06-05"
    with pytest.raises(Invalid, match="13-40"):
        set_closing_days(vault, "13-40")
    assert set_closing_days(vault, "ingen") == "ingen"
    assert set_closing_days(vault, "") == ""
    assert work_calendar(vault, active_profile(vault)).is_closing_day(date(2026, 6, 5))


def test_old_stored_deadlines_keep_working_after_the_migration(vault_path: Path, monkeypatch) -> None:
    """Migration 0017: a dated row stored before it keeps its date; an old undated "next meeting" row waits for the
    next meeting of the case's forum and is dated when the case is put on one."""
    old = [m for m in migrations.all_migrations() if m.version < 15]
    monkeypatch.setattr(migrations, "all_migrations", lambda: old)
    records._schema_cache.clear()
    with (
        Vault.create(vault_path, PASSPHRASE, settings={"user_name": "Test Koordinator"}) as vault,
        vault.transaction() as conn,
    ):
        values = {
            "number": "J-2026-0001",
            "kind": "journal",
            "profile": "albertslund",
            "level": "I",
            "subject": "Uro ved stationen",
            "forum": "Koordinationsmøde",
            "registered": "2026-03-30",
            "status": "open",
        }
        case_id = cases_repo.insert_case(conn, vault.device_id, values)
        old_rows = [
            ("contact", "Dialog med og kontakt", "2026-04-16"),
            ("follow_up", "Opfølgning på næste Koordinationsmøde", ""),
        ]
        cases_repo.add_deadlines(conn, vault.device_id, case_id, old_rows)
    monkeypatch.undo()
    records._schema_cache.clear()
    with Vault.open(vault_path, PASSPHRASE) as vault:
        found = _deadlines(vault, case_id)
        assert found["contact"].due == "2026-04-16" and found["contact"].waits_for == ""
        assert found["follow_up"].waiting_text == "venter på næste Koordinationsmøde"
        _meeting_with(vault, "Koordinationsmøde", "2026-04-28 14:00", case_id)
        assert _deadlines(vault, case_id)["follow_up"].due == "2026-04-28"
    records._schema_cache.clear()


def test_an_imported_sagsmoede_dates_the_handleplans_on_the_receiving_laptop(pair, tmp_path: Path, monkeypatch) -> None:
    """A colleague's bundle brings the Sagsmøde with the case on its agenda; the import recounts the deadlines even
    when the sender's rows were not recounted (here: A's recount switched off). Sagsmøde Thu 10 Dec 2026:
    7 dage = Thu 17 Dec; 3 uger = Thu 31 Dec, nytårsaftensdag (closing day) → Fri 1 Jan nytårsdag, weekend →
    Mon 4 Jan 2027."""
    a, b = pair
    new = NewCase(level="II", subject="Gentagne indbrud", person_name=NAME, cpr=CPR, registered=date(2026, 12, 1))
    sag = register_case(a, new).id
    monkeypatch.setattr(meetings, "_refresh_deadlines", lambda *args: None)
    _meeting_with(a, "Sagsmøde", "2026-12-10 10:00", sag)
    assert _deadlines(a, sag)["action_plan_temporary"].due == ""  # not recounted on A
    import_bundle(b, export_to(a, b, tmp_path / "a.sspbundle", Selection(all_records=True)), trust_new_sender=True)
    found = _deadlines(b, sag)
    assert found["action_plan_temporary"].due == "2026-12-17"
    assert found["action_plan_final"].due == "2027-01-04"
    assert found["case_meeting"].status == "done"
