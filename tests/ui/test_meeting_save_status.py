"""Meeting mode's save status is heard, not only seen: the label's text is its accessible name. It had a fixed
name, "Gemt", so a screen reader said "Gemt" while the minutes were unsaved (found by the AT-SPI walk)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAccessible

from sspdesk.ui.meetings.meeting_mode import MeetingModeView
from support.meetings import make_meeting


def spoken(label) -> str:
    interface = QAccessible.queryAccessibleInterface(label)
    return interface.text(QAccessible.Text.Name)


@pytest.fixture
def mode(qtbot, vault):
    setup = make_meeting(vault)
    view = MeetingModeView()
    qtbot.addWidget(view)
    view.resize(1156, 690)
    view.show()
    qtbot.waitExposed(view)
    view.open_meeting(vault, setup.meeting_id, setup.journal_item)
    yield view
    view.close_meeting()


def test_the_save_status_is_read_out_as_it_is_shown(qtbot, mode):
    assert spoken(mode.saved_label) == "Gemmes automatisk"
    qtbot.keyClicks(mode.discussion, "Skolen oplever mere ro i frikvartererne.")
    assert not spoken(mode.saved_label).startswith("Gemt")  # typed, not yet saved
    qtbot.waitUntil(lambda: mode.saved_label.text().startswith("Gemt kl. "), timeout=10_000)
    assert spoken(mode.saved_label) == mode.saved_label.text()
