"""Redigér møde… on the Møder page, and Godkend referat… waiting for the meeting to begin (issue 21, item 3)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtCore import Qt

from sspdesk.meetings import get_meeting
from sspdesk.store import audit
from sspdesk.ui import worker
from sspdesk.ui.meetings.meeting_edit_dialog import EditMeetingDialog
from sspdesk.ui.meetings.meetings_page import MeetingsPage
from support.meetings import Setup, make_meeting

TODAY = date(2026, 3, 4)


@pytest.fixture(autouse=True)
def jobs_run_at_once():
    with worker.use_pool(worker.SyncPool()):
        yield


@pytest.fixture
def page(qtbot, vault):
    widget = MeetingsPage(today=lambda: TODAY)
    widget.set_job_runner(worker.run_in_background)
    qtbot.addWidget(widget)
    widget.resize(1366, 700)
    widget.show()
    qtbot.waitExposed(widget)
    widget.on_unlocked(vault)
    yield widget
    widget.on_locked()


@pytest.fixture
def setup(vault) -> Setup:
    return make_meeting(vault)


def test_a_meeting_is_moved_with_redigér_møde_and_keeps_its_agenda(qtbot, page, vault, setup):
    page.reload()
    page.detail.now = lambda: datetime(2026, 3, 4, 12, 0)
    page.select_meeting(setup.meeting_id)
    before = [item.id for item in get_meeting(vault, setup.meeting_id, log_view=False).items]
    detail = page.detail
    assert detail.edit_button.isVisible() and detail.edit_button.isEnabled()
    detail.edit_button.click()
    dialog = detail.dialog
    assert isinstance(dialog, EditMeetingDialog)
    assert (dialog.forum.currentText(), dialog.place.text()) == ("Koordinationsmøde", "Nordskolen")
    dialog.day.setDate(date(2026, 3, 12))
    dialog.clock.setTime(dialog.clock.time().addSecs(-3600))
    dialog.place.setText("Rådhuset, mødelokale 2")
    qtbot.keyClick(dialog.place, Qt.Key.Key_Return)  # Enter saves: the primary button is the default
    meeting = get_meeting(vault, setup.meeting_id, log_view=False)
    assert (meeting.meeting.starts_at, meeting.meeting.place) == ("2026-03-12T13:00", "Rådhuset, mødelokale 2")
    assert [item.id for item in meeting.items] == before
    assert "12.03.2026" in detail.header.text() or "12.3.2026" in detail.header.text()
    assert audit.entries(vault.conn, action="meeting.edit")


def test_godkend_referat_is_disabled_with_a_tooltip_until_the_meeting_has_begun(qtbot, page, vault, setup):
    page.reload()
    detail = page.detail
    detail.now = lambda: datetime(2026, 3, 10, 13, 59)  # a minute before the meeting
    page.select_meeting(setup.meeting_id)
    assert detail.approve_button.isVisible() and not detail.approve_button.isEnabled()
    assert "når mødet er begyndt" in detail.approve_button.toolTip()
    detail.now = lambda: datetime(2026, 3, 10, 14, 0)
    page.select_meeting(setup.meeting_id)
    assert detail.approve_button.isEnabled()
    assert detail.approve_button.toolTip() == "Godkend og lås referatet"


def test_an_approved_meeting_offers_no_redigér_møde(qtbot, page, vault, setup):
    from sspdesk.meetings import approve_minutes

    approve_minutes(vault, setup.meeting_id, now=datetime(2026, 3, 11, 9, 0))
    page.reload()
    page.select_meeting(setup.meeting_id)
    assert page.detail.edit_button.isHidden()
