"""A deadline whose start event has not happened shows "venter på …" instead of a date – in the case editor's deadline
rows and in Overblik – and recording the home visit in the editor dates it (issue 18, item 1; seed 000 l.506–508).
Real vault, real widgets; every name and number is invented."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QLabel

from sspdesk.case_events import recorded_events
from sspdesk.cases import NewCase, get_case, register_case
from sspdesk.ui.cases.case_editor import CaseEditor
from sspdesk.ui.overview.overview_page import COL_DUE, OverviewPage

REGISTERED = date(2026, 3, 31)  # the example: level II, Sagsmøde to be called by 14.04
TODAY = date(2026, 4, 10)
WAIT = "venter på Sagsmøde, hjemmebesøg/møde eller Netværkssamråd"


@pytest.fixture
def sag(vault) -> str:
    new = NewCase(level="II", subject="Gentagne indbrud", person_name="Oskar Opdigtet", cpr="120310-4321")
    return register_case(vault, new, today=REGISTERED).id


@pytest.fixture
def editor(qtbot, vault):
    widget = CaseEditor(today=lambda: TODAY)
    qtbot.addWidget(widget)
    widget.resize(900, 760)
    widget.show()
    qtbot.waitExposed(widget)
    widget.set_vault(vault)
    yield widget
    widget.clear()


def waiting_labels(editor: CaseEditor) -> list[str]:
    return [label.text() for label in editor.deadlines_box.findChildren(QLabel, "deadlineWaiting")]


def row_texts(editor: CaseEditor) -> list[str]:
    return [label.text() for label in editor.deadlines_box.findChildren(QLabel)]


def test_the_case_editor_shows_venter_paa_until_the_home_visit_is_recorded(qtbot, editor, vault, sag):
    editor.load(sag)
    assert waiting_labels(editor) == [WAIT, WAIT]  # the temporary and the final handleplan
    assert "07.04.2026" not in row_texts(editor)  # the old, wrong date (registration + 7 dage)
    assert "14.04.2026" in row_texts(editor)  # the Sagsmøde must be called
    qtbot.wait(50)
    editor.grab().save("/tmp/d18_editor_waiting.png")

    bar = editor.events_bar
    bar.kind.setCurrentIndex(bar.kind.findData("home_visit"))
    bar.day.setDate(QDate(2026, 4, 9))
    qtbot.keyClicks(bar.note, "Mor til stede")
    qtbot.mouseClick(bar.add_button, Qt.MouseButton.LeftButton)

    assert [e.occurred_on for e in recorded_events(vault, sag)] == ["2026-04-09"]
    assert waiting_labels(editor) == []
    # Home visit Thu 9 Apr 2026: 7 dage = Thu 16 Apr, 3 uger = Thu 30 Apr.
    assert {"16.04.2026", "30.04.2026"} <= set(row_texts(editor))
    qtbot.wait(50)
    editor.grab().save("/tmp/d18_editor_dated.png")


def test_a_closed_case_shows_no_way_to_record_an_event(qtbot, editor, vault):
    from sspdesk.cases import close_case

    new = NewCase(level="II", subject="Hærværk", person_name="Otto Opdigtet", cpr="120310-4321")
    case_id = register_case(vault, new, today=REGISTERED).id
    close_case(vault, case_id, "Afsluttet", "Nej", today=TODAY)
    editor.load(case_id)
    assert editor.events_bar.kind.count() == 0
    assert not editor.events_bar.add_button.isVisibleTo(editor)


def test_overblik_lists_the_waiting_deadlines_with_venter_paa(qtbot, vault, sag):
    page = OverviewPage(today=lambda: TODAY)
    qtbot.addWidget(page)
    page.resize(1156, 690)
    page.show()
    qtbot.waitExposed(page)
    page.on_unlocked(vault)
    model = page.deadlines.models["waiting"]
    number = get_case(vault, sag).number
    assert model.rowCount() == 2
    assert {model.index(row, COL_DUE).data() for row in range(2)} == {WAIT}
    assert all(row.case_number == number for row in page.deadlines.rows("waiting"))
    assert page.deadlines.headers["waiting"].text() == "Venter på en hændelse (2)"
    qtbot.wait(100)
    page.grab().save("/tmp/d18_overview_waiting.png")
    page.on_locked()


def test_the_closing_days_are_edited_in_indstillinger(qtbot, vault, tmp_path):
    """DOMAIN.md: 5 Jun, 24 Dec and 31 Dec are the municipality's closing days – a setting, editable."""
    from sspdesk.cases import active_profile
    from sspdesk.deadlines import work_calendar
    from sspdesk.ui.settings.settings_page import SettingsPage

    page = SettingsPage()
    qtbot.addWidget(page)
    page.resize(1156, 690)
    page.show()
    qtbot.waitExposed(page)
    page.on_unlocked(vault)
    box = page.closing_days_box
    edit = box.edits["closing_days"]
    assert edit.text() == "" and "06-05" in edit.placeholderText()
    edit.selectAll()
    qtbot.keyClicks(edit, "13-45")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert "13-45" in box.message.text() and vault.setting("closing_days") == ""
    edit.selectAll()
    qtbot.keyClicks(edit, "12-31, 12-24")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert vault.setting("closing_days") == "12-24, 12-31" and edit.text() == "12-24, 12-31"
    assert not work_calendar(vault, active_profile(vault)).is_closing_day(date(2026, 6, 5))
    page.grab().save(str(tmp_path / "settings.png"))
    page.on_locked()
    assert edit.text() == ""
