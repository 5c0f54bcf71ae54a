"""Meetings through the service layer: agenda proposal, carried dispositions, minutes, approval and addenda."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from sspdesk.case_events import record_event
from sspdesk.cases import NewCase, close_case, get_case, mark_deadline_done, register_case, section_history
from sspdesk.contacts import add_contact
from sspdesk.dispositions import (
    FOLLOWUP_TITLE,
    add_disposition,
    cadence_days,
    open_dispositions,
    propose_agenda,
    set_disposition_done,
)
from sspdesk.domain.errors import Invalid
from sspdesk.meetings import (
    add_addendum,
    add_item,
    apply_proposal,
    approve_minutes,
    create_meeting,
    get_meeting,
    list_meetings,
    move_item,
    remove_item,
    save_item_minutes,
    set_participant_status,
    withdraw_approval,
)
from sspdesk.preferences import import_profile
from sspdesk.profiles import Forum, builtin_profiles
from sspdesk.resources import resource
from sspdesk.store import audit
from sspdesk.store.vault import Vault

MONDAY = date(2026, 3, 2)
MEETING = "2026-03-10 14:00"
AFTER = datetime(2026, 3, 11, 9, 0)
SAG_NAME = "Åse Ødegård Opdigtet"
SAG_CPR = "050310-4321"


def _journal(vault: Vault, subject: str = "Uro i skolegården", area: str = "Nord", on: date = MONDAY) -> str:
    return register_case(vault, NewCase(level="I", subject=subject, area=area), today=on).id


def _sag(vault: Vault, name: str = SAG_NAME, cpr: str = SAG_CPR, level: str = "II", on: date = MONDAY) -> str:
    return register_case(vault, NewCase(level=level, subject="Indbrud i kiosk", person_name=name, cpr=cpr), today=on).id


def _case_ids(items) -> list[str]:
    return [i.case_id for i in items if i.kind == "case"]


def test_proposal_has_the_forums_due_cases_of_the_area(vault: Vault) -> None:
    nord = _journal(vault)
    _journal(vault, "Graffiti på gavlen", area="Syd")
    _journal(vault, "Registreret efter mødet", on=date(2026, 3, 12))
    sag = _sag(vault)
    closed = _sag(vault, "Ida Opdigtet", "070611-4322")
    close_case(vault, closed, "Indsatsen har virket.", "Overdrages ikke", today=MONDAY)

    koordination = propose_agenda(vault, "Koordinationsmøde", MEETING, area="Nord")
    assert _case_ids(koordination.items) == [nord]
    assert "Sagen bringes for førstkommende Koordinationsmøde" in koordination.items[0].reason
    sagsmoede = propose_agenda(vault, "Sagsmøde", MEETING)
    assert _case_ids(sagsmoede.items) == [sag]
    assert "Indkaldelse til Sagsmøde: frist 11.03.2026" in sagsmoede.items[0].reason
    assert "handleplan" not in sagsmoede.items[0].reason  # it waits for this very Sagsmøde (issue 18)
    # A level II case under 18: Familieafsnittet is always invited to the Sagsmøde.
    assert "Familieafsnittet" in [p.role for p in sagsmoede.participants]
    assert list_meetings(vault) == []  # a proposal saves nothing


def test_deadlines_before_the_next_meeting_count_and_later_ones_do_not(vault: Vault) -> None:
    sag = _sag(vault)
    # A home visit on the day of registration dates the handleplans: 7 dage → 9 March, 3 uger → 23 March.
    record_event(vault, sag, "home_visit", MONDAY, today=MONDAY)
    for deadline in get_case(vault, sag).deadlines:
        if deadline.kind != "action_plan_final":  # left open: the final action plan, due 23 March
            mark_deadline_done(vault, deadline.id, today=MONDAY)
    # Sagsmøde has no fixed cadence in the profile: the next meeting is assumed 14 days later.
    early = propose_agenda(vault, "Sagsmøde", "2026-03-03 09:00")
    assert early.next_meeting == date(2026, 3, 17) and _case_ids(early.items) == []
    later = propose_agenda(vault, "Sagsmøde", "2026-03-10 09:00")
    assert _case_ids(later.items) == [sag]
    assert later.items[0].reason == "Endelig kriminalpræventiv handleplan (Social & Familie): frist 23.03.2026"
    # A meeting held before the case was registered does not get it.
    assert _case_ids(propose_agenda(vault, "Sagsmøde", "2026-02-27 09:00").items) == []


def test_a_level_three_follow_up_deadline_goes_to_the_sagsmoede_it_names(vault: Vault) -> None:
    sag = _sag(vault, level="III")
    assert get_case(vault, sag).case.forum == "Operativgruppemøde"
    assert _case_ids(propose_agenda(vault, "Operativgruppemøde", MEETING).items) == [sag]
    # The follow-up counts from the Operativgruppe meeting (seed 000 l.677–678): Tue 10 Mar + 6 mdr. = Thu 10 Sep.
    create_meeting(vault, "Operativgruppemøde", MEETING)
    assert _case_ids(propose_agenda(vault, "Sagsmøde", "2026-08-25 09:00").items) == []  # next one 8 Sep: not yet
    half_year_later = propose_agenda(vault, "Sagsmøde", "2026-09-01 09:00")
    assert _case_ids(half_year_later.items) == [sag]
    assert "Opfølgning på Sagsmøde" in half_year_later.items[0].reason


def test_participants_come_from_the_forum_with_matching_contacts(vault: Vault) -> None:
    contact = add_contact(vault, "Birte Demoholm", "Lokalbetjent", "Politi")
    detail = create_meeting(vault, "Koordinationsmøde", MEETING, area="Nord").detail
    roles = {p.role: p for p in detail.participants}
    assert list(roles)[:2] == ["Kriminalpræventiv koordinator (DKE)", "Lokalbetjent"]
    assert roles["Lokalbetjent"].name == "Birte Demoholm" and roles["Lokalbetjent"].contact_id == contact.id
    assert roles["Kriminalpræventiv koordinator (DKE)"].name == "Test Koordinator"  # the user's own role
    assert {p.status for p in detail.participants} == {"invited"}
    set_participant_status(vault, roles["Lokalbetjent"].id, "absent")
    assert {p.role: p.status for p in get_meeting(vault, detail.id).participants}["Lokalbetjent"] == "absent"
    with pytest.raises(Invalid):
        set_participant_status(vault, roles["Lokalbetjent"].id, "maybe")


def test_the_proposal_can_be_declined_and_applied_later(vault: Vault) -> None:
    journal = _journal(vault)
    created = create_meeting(vault, "Koordinationsmøde", MEETING, area="Nord", accept_agenda=False)
    assert created.detail.items == [] and _case_ids(created.proposal.items) == [journal]
    detail = apply_proposal(vault, created.detail.id, created.proposal.items)
    assert _case_ids(detail.items) == [journal]
    assert _case_ids(apply_proposal(vault, detail.id, created.proposal.items).items) == [journal]  # no duplicate


def test_unknown_forum_and_bad_time_are_refused(vault: Vault) -> None:
    with pytest.raises(Invalid) as caught:
        create_meeting(vault, "Kaffemøde", MEETING)
    assert "Kaffemøde" in caught.value.message
    with pytest.raises(Invalid):
        create_meeting(vault, "Sagsmøde", "10-03-2026 kl. 14")
    assert list_meetings(vault) == []


def test_open_dispositions_are_carried_until_done(vault: Vault) -> None:
    journal = _journal(vault)
    first = create_meeting(vault, "Koordinationsmøde", MEETING, area="Nord").detail
    item = first.items[0]
    on_case = add_disposition(
        vault, first.id, "Lokalbetjent", "Taler med gruppen ved stationen", item_id=item.id, due="2026-03-20"
    )
    general = add_disposition(vault, first.id, "SSP-lærer/AKT-lærer", "Orienterer lærerne om tendenserne")
    assert on_case.case_id == journal
    assert [d.id for d in open_dispositions(vault, forum="Koordinationsmøde")] == [on_case.id, general.id]

    second = create_meeting(vault, "Koordinationsmøde", "2026-04-07 14:00", area="Nord").detail
    topic, case_item = second.items[0], next(i for i in second.items if i.case_id == journal)
    assert topic.title == FOLLOWUP_TITLE and [d.id for d in topic.followups] == [general.id]
    assert [d.id for d in case_item.followups] == [on_case.id]
    # Not carried to another forum, nor to another area of the same forum.
    assert propose_agenda(vault, "Sagsmøde", "2026-04-07 09:00").carried == ()
    assert propose_agenda(vault, "Koordinationsmøde", "2026-04-07 14:00", area="Syd").carried == ()

    set_disposition_done(vault, on_case.id, today=date(2026, 4, 7))
    third = propose_agenda(vault, "Koordinationsmøde", "2026-05-05 14:00", area="Nord")
    assert [d.id for d in third.carried] == [general.id]  # still open: carried to the third meeting too
    assert all(on_case.id not in i.followups for i in third.items)
    assert [d.id for d in open_dispositions(vault)] == [general.id]


def test_journal_minutes_refuse_a_cpr_number_or_a_registered_name_and_save_nothing(vault: Vault) -> None:
    _sag(vault)  # registers the name
    journal = _journal(vault)
    item = create_meeting(vault, "Koordinationsmøde", MEETING, area="Nord").detail.items[0]
    with pytest.raises(Invalid) as caught:
        save_item_minutes(vault, item.id, f"Samtale med eleven {SAG_CPR}.", "")
    assert caught.value.field == "discussion" and "CPR-nummer" in caught.value.message
    assert "Drøftelse" in caught.value.message
    with pytest.raises(Invalid) as caught:
        save_item_minutes(vault, item.id, "Samtale med eleven.", f"{SAG_NAME} inviteres til klubben.")
    assert caught.value.field == "decision" and "navn" in caught.value.message
    with pytest.raises(Invalid):
        add_disposition(vault, item.meeting_id, "Klubben", f"Kontakter {SAG_NAME}", item_id=item.id)
    detail = get_meeting(vault, item.meeting_id)
    assert detail.items[0].minutes.discussion == "" and detail.dispositions == []
    assert section_history(vault, journal, "minutes") == []
    save_item_minutes(vault, item.id, "Samtale med eleven.", "Følges op.")
    assert get_meeting(vault, item.meeting_id).items[0].minutes.decision == "Følges op."


def test_case_minutes_are_one_case_history_version_per_meeting_item(vault: Vault) -> None:
    sag = _sag(vault)
    detail = create_meeting(vault, "Sagsmøde", MEETING).detail
    item = detail.items[0]
    for n in range(1, 6):  # autosave while typing
        save_item_minutes(vault, item.id, f"Den unge har fået praktikplads {n}", "Mentor tilknyttes.")
    history = section_history(vault, sag, "minutes")
    assert len(history) == 1
    assert history[0].fields == {
        "meeting": detail.id,
        "discussion": "Den unge har fået praktikplads 5",
        "decision": "Mentor tilknyttes.",
    }
    assert len(audit.entries(vault.conn, action="minutes.edit")) == 1  # the audit log is not flooded either

    approve_minutes(vault, detail.id, now=AFTER)
    withdraw_approval(vault, detail.id, "Beslutningen var skrevet forkert.")
    save_item_minutes(vault, item.id, "Den unge har fået praktikplads 5", "Mentor tilknyttes i tre måneder.")
    save_item_minutes(vault, item.id, "Den unge har fået praktikplads 5", "Mentor tilknyttes i seks måneder.")
    history = section_history(vault, sag, "minutes")
    assert [h.fields["decision"] for h in history] == ["Mentor tilknyttes i seks måneder.", "Mentor tilknyttes."]


def test_approval_locks_the_minutes_and_changes_go_as_addenda(vault: Vault) -> None:
    _sag(vault)
    detail = create_meeting(vault, "Sagsmøde", MEETING).detail
    item = detail.items[0]
    save_item_minutes(vault, item.id, "Drøftet.", "Mentor tilknyttes.")
    with pytest.raises(Invalid):
        add_addendum(vault, detail.id, "For tidligt")  # before approval: edit the minutes directly
    with pytest.raises(Invalid):
        approve_minutes(vault, detail.id, now=datetime(2026, 3, 9, 12, 0))  # the meeting has not been held

    approved = approve_minutes(vault, detail.id, now=AFTER)
    assert approved.meeting.status == "approved" and approved.meeting.approved_by == "Test Koordinator"
    assert approved.meeting.approved_at.startswith("2026-03-1")
    for attempt in (
        lambda: save_item_minutes(vault, item.id, "Ændret", "Ændret"),
        lambda: add_disposition(vault, detail.id, "DKE", "Noget nyt", item_id=item.id),
        lambda: add_item(vault, detail.id, "topic", title="Eventuelt"),
        lambda: move_item(vault, item.id, 1),
        lambda: approve_minutes(vault, detail.id, now=AFTER),
    ):
        with pytest.raises(Invalid):
            attempt()
    assert get_meeting(vault, detail.id).items[0].minutes.discussion == "Drøftet."

    with pytest.raises(Invalid):
        add_addendum(vault, detail.id, "   ")
    addendum = add_addendum(vault, detail.id, "Rettelse: mødet sluttede kl. 11.")
    assert [a.text for a in get_meeting(vault, detail.id).addenda] == [addendum.text]


def test_withdrawing_an_approval_needs_a_reason_and_is_logged(vault: Vault) -> None:
    _sag(vault)
    detail = create_meeting(vault, "Sagsmøde", MEETING).detail
    with pytest.raises(Invalid):
        withdraw_approval(vault, detail.id, "Ikke godkendt endnu")
    approve_minutes(vault, detail.id, now=AFTER)
    with pytest.raises(Invalid) as caught:
        withdraw_approval(vault, detail.id, "  ")
    assert caught.value.field == "reason"
    assert get_meeting(vault, detail.id).meeting.status == "approved"

    reopened = withdraw_approval(vault, detail.id, f"Forkert beslutning om {SAG_NAME} ({SAG_CPR})")
    assert reopened.meeting.status == "open" and reopened.meeting.approved_by == ""
    assert [a.kind for a in reopened.addenda] == ["withdrawal"]
    entry = audit.entries(vault.conn, action="meeting.withdraw_approval")[0]
    assert entry.record_id == detail.id and "Forkert beslutning om" in entry.detail
    assert SAG_CPR not in entry.detail and SAG_NAME not in entry.detail  # the log names persons by reference only
    assert audit.verify(vault.conn).ok
    save_item_minutes(vault, detail.items[0].id, "Rettet drøftelse.", "")  # editable again


def test_approval_marks_the_next_meeting_follow_up_done(vault: Vault) -> None:
    journal = _journal(vault)
    first = create_meeting(vault, "Koordinationsmøde", MEETING, area="Nord").detail
    approve_minutes(vault, first.id, now=AFTER)  # the case was not discussed: its follow-up stays open
    assert _case_ids(propose_agenda(vault, "Koordinationsmøde", "2026-04-07 14:00", area="Nord").items) == [journal]
    withdraw_approval(vault, first.id, "Referatet manglede")
    save_item_minutes(vault, first.items[0].id, "Drøftet.", "Ingen yderligere indsats.")
    approve_minutes(vault, first.id, now=AFTER)
    deadlines = {d.kind: d for d in get_case(vault, journal).deadlines}
    # The journal was brought to the first coming Koordinationsmøde (seed 000 l.369): that step is met; the
    # follow-up after the talk (l.426–428) waits for the talk.
    assert deadlines["first_meeting"].status == "done" and deadlines["first_meeting"].done_on == "2026-03-10"
    assert deadlines["follow_up"].status == "open" and deadlines["follow_up"].due == ""
    assert deadlines["contact"].status == "open"  # a dated task is not met by talking about it
    later = propose_agenda(vault, "Koordinationsmøde", "2026-05-05 14:00", area="Nord")
    assert _case_ids(later.items) == [journal]  # still here: the contact deadline is overdue
    assert "Sagen bringes for" not in later.items[0].reason and "Opfølgning" not in later.items[0].reason


def test_items_can_be_added_moved_and_removed(vault: Vault) -> None:
    journal = _journal(vault)
    detail = create_meeting(vault, "Koordinationsmøde", MEETING, area="Nord").detail
    a = add_item(vault, detail.id, "topic", title="Orientering fra politiet")
    b = add_item(vault, detail.id, "group", title="Gruppe ved stationen")
    with pytest.raises(Invalid):
        add_item(vault, detail.id, "case", case_ref=get_case(vault, journal).case.number)  # already there
    with pytest.raises(Invalid):
        add_item(vault, detail.id, "topic", title=" ")
    first = detail.items[0].id
    assert move_item(vault, b.id, 1) == [b.id, first, a.id]
    assert move_item(vault, b.id, 99) == [first, a.id, b.id]
    items = get_meeting(vault, detail.id).items
    assert [(i.id, i.position) for i in items] == [(first, 1), (a.id, 2), (b.id, 3)]
    save_item_minutes(vault, a.id, "Færre anmeldelser.", "")
    with pytest.raises(Invalid):
        remove_item(vault, a.id)
    remove_item(vault, first)
    assert [(i.id, i.position) for i in get_meeting(vault, detail.id).items] == [(a.id, 1), (b.id, 2)]


def test_cadence_comes_from_the_cadence_days_field_and_never_from_the_text() -> None:
    assert cadence_days(Forum(name="x", cadence="hver uge", cadence_days=30)) == 30
    assert cadence_days(Forum(name="x", cadence="mindst 4 faste møder om året")) == 14  # no field: the default
    assert cadence_days(None) == 14  # a forum the profile does not know


def test_the_shipped_profiles_keep_the_cadences_their_text_describes() -> None:
    cadences = {pid: {f.name: cadence_days(f) for f in p.forums} for pid, p in builtin_profiles().items()}
    assert cadences["koebenhavn"] == {
        "SSP-koordinationsgruppe": 14,
        "SSP-lokaludvalg": 30,
        "SSP-ledergruppe": 30,
        "SSP+-koordinationsgruppe": 14,
    }
    assert cadences["albertslund"] == {
        "Koordinationsmøde": 30,
        "Ungekoordinationsmøde": 14,
        "Sagsmøde": 14,
        "Operativgruppemøde": 91,
        "Netværkssamråd": 14,
        "Netværksmøde": 14,
        "Lokalmøde": 91,
        "Styregruppe (Lokalrådet)": 91,
        "Koordinationsgruppen for God Løsladelse": 14,
    }


def test_a_profile_without_the_cadence_text_proposes_the_same_next_meeting(vault: Vault, tmp_path: Path) -> None:
    nord = _journal(vault)
    shipped = propose_agenda(vault, "Koordinationsmøde", MEETING, area="Nord")
    data = json.loads(resource("profiles", "albertslund.json").read_text(encoding="utf-8"))
    for forum in data["forums"]:
        del forum["cadence"]  # only cadence_days is left to say how often the forum meets
    data["id"] = "uden-tekst"
    source = tmp_path / "uden-tekst.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    import_profile(vault, source)

    bare = propose_agenda(vault, "Koordinationsmøde", MEETING, area="Nord")
    assert bare.next_meeting == shipped.next_meeting == date(2026, 4, 9)  # 10 March + 30 days
    assert _case_ids(bare.items) == _case_ids(shipped.items) == [nord]


def test_viewing_minutes_of_a_sag_is_logged(vault: Vault) -> None:
    _sag(vault)
    detail = create_meeting(vault, "Sagsmøde", MEETING).detail
    get_meeting(vault, detail.meeting.number)
    assert audit.entries(vault.conn, action="meeting.view")[0].record_id == detail.id


def test_demo_meetings_fill_every_forum_of_the_demo_cases(vault: Vault) -> None:
    from sspdesk.demo.data import fill_demo  # fill_demo calls fill_demo_meetings after the demo cases exist
    from sspdesk.demo.meetings import PAST_MEETINGS

    today = date(2026, 11, 23)
    fill_demo(vault, today)
    meetings = list_meetings(vault)
    count = len(meetings)
    assert len(meetings) == count
    forums = {m.forum for m in meetings}
    assert {"Koordinationsmøde", "Sagsmøde", "Operativgruppemøde"} <= forums
    for forum in forums:
        assert {m.status for m in meetings if m.forum == forum} == {"approved", "open"}
    per_area = {m.area for m in meetings if m.forum == "Koordinationsmøde"}
    assert len(per_area) == 4 and count == (len(per_area) + 2) * (PAST_MEETINGS + 1)
    approved = [get_meeting(vault, m.id, log_view=False) for m in meetings if m.status == "approved"]
    assert all(any(i.minutes.decision for i in d.items) for d in approved if d.items)
    dispositions = [x for d in approved for x in d.dispositions]
    assert {x.status for x in dispositions} == {"open", "done"}
    upcoming = [get_meeting(vault, m.id, log_view=False) for m in meetings if m.status == "open"]
    assert all(m.day > today for m in (d.meeting for d in upcoming))
    assert any(i.followups for d in upcoming for i in d.items)  # carried dispositions on the next agendas


def test_the_reason_for_withdrawing_approval_of_journal_minutes_obeys_the_journal_rule(vault: Vault) -> None:
    _journal(vault)
    detail = create_meeting(vault, "Koordinationsmøde", MEETING, area="Nord").detail
    assert [item.case_kind for item in detail.items] == ["journal"]
    approve_minutes(vault, detail.id, now=AFTER)
    with pytest.raises(Invalid) as refused:
        withdraw_approval(vault, detail.id, "Skrevet om drengen med cpr 120310-4321 ved en fejl")
    assert "CPR-nummer" in refused.value.message and refused.value.field == "reason"
    assert get_meeting(vault, detail.id).meeting.status == "approved"  # nothing changed
    assert withdraw_approval(vault, detail.id, "Beslutningen var skrevet forkert.").meeting.status == "open"
