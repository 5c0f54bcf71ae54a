"""Editing a meeting (issue 21, item 3): date, time, place and forum change, the agenda stays, the change is audited,
approved minutes and cancelled meetings are locked – the same service under the GUI and `meetings edit`."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from sspdesk.cases import NewCase, get_case, register_case
from sspdesk.domain.errors import Invalid
from sspdesk.meeting_edit import MeetingChange, edit_meeting, meeting_has_started
from sspdesk.meetings import add_item, approve_minutes, cancel_meeting, create_meeting, get_meeting
from sspdesk.store import audit
from sspdesk.store.vault import Vault

MONDAY = date(2026, 3, 2)


def _meeting_with_a_journal(vault: Vault) -> tuple[str, str]:
    journal = register_case(vault, NewCase(level="I", subject="Uro i skolegården", area="Nord"), today=MONDAY).id
    meeting = create_meeting(vault, "Koordinationsmøde", "2026-03-10 14:00", area="Nord", place="Nordskolen").detail
    add_item(vault, meeting.id, "topic", title="Orientering fra politiet")
    return meeting.id, journal


def test_date_time_place_and_forum_change_and_the_agenda_is_kept(vault: Vault) -> None:
    meeting_id, _journal = _meeting_with_a_journal(vault)
    before = get_meeting(vault, meeting_id, log_view=False)
    after = edit_meeting(
        vault, before.meeting.number, MeetingChange(day="12.3.2026", at="9.30", place="Rådhuset", forum="Sagsmøde")
    )
    assert after.meeting.starts_at == "2026-03-12T09:30"
    assert (after.meeting.place, after.meeting.forum, after.meeting.number) == (
        "Rådhuset",
        "Sagsmøde",
        before.meeting.number,
    )
    assert [item.heading for item in after.items] == [item.heading for item in before.items]
    entry = audit.entries(vault.conn, action="meeting.edit")[0]
    assert entry.record_id == meeting_id
    assert "2026-03-10 14:00 → 2026-03-12 09:30" in entry.detail and "Nordskolen → Rådhuset" in entry.detail


def test_only_the_time_changes_when_only_the_time_is_given(vault: Vault) -> None:
    meeting_id, _journal = _meeting_with_a_journal(vault)
    after = edit_meeting(vault, meeting_id, MeetingChange(at="15:45"))
    assert after.meeting.starts_at == "2026-03-10T15:45"
    assert (after.meeting.place, after.meeting.forum) == ("Nordskolen", "Koordinationsmøde")


def test_moving_the_meeting_moves_the_deadline_that_counts_from_it(vault: Vault) -> None:
    meeting_id, journal = _meeting_with_a_journal(vault)
    due_before = {d.kind: d.due for d in get_case(vault, journal).deadlines}
    assert due_before["first_meeting"] == "2026-03-10"
    edit_meeting(vault, meeting_id, MeetingChange(day="2026-03-17"))
    assert {d.kind: d.due for d in get_case(vault, journal).deadlines}["first_meeting"] == "2026-03-17"


def test_approved_minutes_lock_the_meeting_and_nothing_changes(vault: Vault) -> None:
    meeting_id, _journal = _meeting_with_a_journal(vault)
    approve_minutes(vault, meeting_id, now=datetime(2026, 3, 11, 9, 0))
    with pytest.raises(Invalid, match="godkendt og låst"):
        edit_meeting(vault, meeting_id, MeetingChange(place="Rådhuset"))
    assert get_meeting(vault, meeting_id, log_view=False).meeting.place == "Nordskolen"
    assert not audit.entries(vault.conn, action="meeting.edit")


def test_a_cancelled_meeting_cannot_be_changed(vault: Vault) -> None:
    meeting_id, _journal = _meeting_with_a_journal(vault)
    cancel_meeting(vault, meeting_id)
    with pytest.raises(Invalid, match="aflyst"):
        edit_meeting(vault, meeting_id, MeetingChange(day="2026-03-17"))


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (MeetingChange(forum="Kaffeklub"), "forum"),
        (MeetingChange(day="31.2.2026"), "date"),
        (MeetingChange(at="25:00"), "time"),
        (MeetingChange(), None),
    ],
)
def test_an_unknown_forum_or_an_unreadable_date_or_time_is_refused(vault: Vault, change, field) -> None:
    meeting_id, _journal = _meeting_with_a_journal(vault)
    with pytest.raises(Invalid) as refused:
        edit_meeting(vault, meeting_id, change)
    assert refused.value.field == field
    assert get_meeting(vault, meeting_id, log_view=False).meeting.starts_at == "2026-03-10T14:00"


def test_the_same_values_again_write_nothing(vault: Vault) -> None:
    meeting_id, _journal = _meeting_with_a_journal(vault)
    edit_meeting(vault, meeting_id, MeetingChange(day="2026-03-10", place="Nordskolen"))
    assert not audit.entries(vault.conn, action="meeting.edit")


def test_a_meeting_has_started_from_its_start_time() -> None:
    assert not meeting_has_started("2026-03-10T14:00", datetime(2026, 3, 10, 13, 59))
    assert meeting_has_started("2026-03-10T14:00", datetime(2026, 3, 10, 14, 0))
