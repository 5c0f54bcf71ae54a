"""Keyboard paths (issue 21, item 5): "Down/Enter in a search field moves into the list; a filter that hides
everything says so with a 'Nulstil filtre' link (Tab then Down silently changed the Niveau filter to a value with 0
results); focus returns to where the user was typing after the disposition dialog; no Alt-letter clashes between
fields and menus (Alt+D on Indstillinger jumps to 'Adresse' instead of opening Databeskyttelse)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from sspdesk.cases import NewCase, register_case
from sspdesk.store.vault import Vault
from sspdesk.ui import worker
from sspdesk.ui.cases.cases_page import CasesPage
from sspdesk.ui.main_window import MainWindow
from sspdesk.ui.meetings.meeting_mode import MeetingModeView
from sspdesk.ui.meetings.meetings_page import MeetingsPage
from sspdesk.ui.settings.settings_page import SettingsPage
from sspdesk.ui.widgets.list_keys import RESET_TEXT
from support.dialogs import TODAY, Demo, factories
from support.meetings import MONDAY, make_meeting
from support.mnemonics import clashes, mnemonics


@pytest.fixture(autouse=True)
def jobs_run_at_once():
    with worker.use_pool(worker.SyncPool()):
        yield


@pytest.fixture
def window(qtbot, vault: Vault) -> MainWindow:
    """The main window on the demo records (the tests that use it are marked demo_data)."""
    made = MainWindow()
    qtbot.addWidget(made)
    made.resize(1366, 768)
    made.show()
    qtbot.waitExposed(made)
    made.set_vault(vault)
    return made


# -- Alt-letters ------------------------------------------------------------------------------------------------


@pytest.mark.demo_data(TODAY)
def test_alt_d_on_indstillinger_opens_databeskyttelse_and_no_field(qtbot, window: MainWindow):
    window.show_page(next(i for i, page in enumerate(window.pages) if isinstance(page, SettingsPage)))
    qtbot.wait(10)
    assert mnemonics(window)["d"] == ["menu: &Databeskyttelse"]


@pytest.mark.demo_data(TODAY)
def test_no_page_of_the_main_window_has_an_alt_letter_twice_menus_included(qtbot, window: MainWindow):
    found = {}
    for index, page in enumerate(window.pages):
        window.show_page(index)
        qtbot.wait(10)
        found[page.title] = clashes(window)
        view = getattr(page, "view", None)
        if view is not None and view.model() is not None and view.model().rowCount():
            view.selectRow(0)  # the editor beside the list shows its fields and buttons too
            qtbot.wait(10)
            found[f"{page.title} (valgt)"] = clashes(window)
    assert not {title: letters for title, letters in found.items() if letters}


@pytest.mark.demo_data(TODAY)
def test_no_dialog_has_an_alt_letter_twice(qtbot, window: MainWindow, vault: Vault, tmp_path: Path):
    demo = Demo(vault, window, tmp_path)
    found = {}
    for name, make in sorted(factories().items()):
        dialog = make(demo)
        qtbot.addWidget(dialog)
        dialog.show()
        found[name] = clashes(dialog)
        dialog.hide()
        dialog.deleteLater()
    assert not {name: letters for name, letters in found.items() if letters}


# -- search and filters -----------------------------------------------------------------------------------------


@pytest.fixture
def cases(qtbot, vault: Vault) -> CasesPage:
    for subject in ("Uro i skolegården", "Graffiti på gavlen"):
        register_case(vault, NewCase(level="I", subject=subject, area="Nord"), today=MONDAY)
    page = CasesPage(today=lambda: date(2026, 3, 4))
    page.set_job_runner(worker.run_in_background)
    qtbot.addWidget(page)
    page.resize(1156, 690)
    page.show()
    qtbot.waitExposed(page)
    page.on_unlocked(vault)
    yield page
    page.on_locked()


@pytest.mark.parametrize("key", [Qt.Key.Key_Down, Qt.Key.Key_Return])
def test_down_or_enter_in_the_search_moves_into_the_list(qtbot, cases: CasesPage, key):
    cases.activateWindow()
    qtbot.waitUntil(cases.isActiveWindow)
    cases.search.setFocus()
    qtbot.keyClicks(cases.search, "Graffiti")
    cases.reload()
    assert cases.model.rowCount() == 1
    qtbot.keyClick(cases.search, key)
    assert QApplication.focusWidget() is cases.view
    assert cases.view.currentIndex().row() == 0
    qtbot.waitUntil(lambda: cases.editor.detail is not None)
    assert cases.editor.detail.case.subject == "Graffiti på gavlen"


def test_tab_then_down_to_a_niveau_with_no_cases_says_so_and_nulstil_filtre_shows_them_again(qtbot, cases):
    cases.activateWindow()
    qtbot.waitUntil(cases.isActiveWindow)
    level = cases.filters["level"]
    level.addItem("III – Ingen sager her", "III")  # a level the profile knows that no case has
    cases.search.setFocus()
    qtbot.keyClick(cases.search, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is level
    while level.currentData() != "III":
        qtbot.keyClick(level, Qt.Key.Key_Down)
    assert cases.model.rowCount() == 0
    hint = cases.no_match
    assert hint.isVisible() and RESET_TEXT in hint.text() and "Ingen sager" in hint.text()
    hint.linkActivated.emit("reset")
    assert cases.model.rowCount() == 2 and level.currentIndex() == 0 and not hint.isVisible()


def test_a_search_without_filters_that_finds_nothing_also_offers_nulstil(qtbot, cases: CasesPage):
    cases.search.setText("findes ikke")
    cases.reload()
    assert cases.no_match.isVisible()
    cases.search.clear()
    cases.reload()
    assert not cases.no_match.isVisible()


def test_the_meetings_list_says_when_its_filters_hide_every_meeting(qtbot, vault: Vault):
    make_meeting(vault)
    page = MeetingsPage(today=lambda: TODAY)
    qtbot.addWidget(page)
    page.resize(1156, 690)
    page.show()
    page.on_unlocked(vault)
    page.status_filter.setCurrentIndex(page.status_filter.findData("cancelled"))
    assert page.model.rowCount() == 0 and page.no_match.isVisible()
    page.no_match.linkActivated.emit("reset")
    assert page.model.rowCount() == 1 and not page.no_match.isVisible()
    page.on_locked()


# -- meeting mode -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("accept", [True, False])
def test_after_the_disposition_dialog_the_focus_is_back_where_the_user_was_typing(qtbot, vault: Vault, accept):
    setup = make_meeting(vault)
    mode = MeetingModeView()
    qtbot.addWidget(mode)
    mode.resize(1156, 690)
    mode.show()
    qtbot.waitExposed(mode)
    mode.open_meeting(vault, setup.meeting_id, setup.topic_item)
    mode.activateWindow()
    qtbot.waitUntil(mode.isActiveWindow)
    mode.decision.setFocus()
    qtbot.keyClicks(mode.decision, "Politiet orienterer skolen")
    cursor = mode.decision.textCursor()
    cursor.setPosition(8)
    mode.decision.setTextCursor(cursor)
    qtbot.keyClick(mode.decision, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    dialog = mode.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.activateWindow()  # as on screen: the dialog has the keyboard (offscreen does not move it by itself)
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.what.setFocus()
    if accept:
        dialog.owner.setCurrentText("Lokalbetjent")
        qtbot.keyClicks(dialog.what, "Taler med skolelederen")
        qtbot.keyClick(dialog.what, Qt.Key.Key_Return)
        assert mode.panel.dispositions.rowCount() == 1
    else:
        qtbot.keyClick(dialog.what, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: mode.dialog is None)
    mode.activateWindow()  # the window manager gives the keyboard back to meeting mode
    qtbot.waitUntil(mode.isActiveWindow)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is mode.decision)
    assert mode.decision.textCursor().position() == 8  # the cursor, too, where it was
    mode.close_meeting()


@pytest.mark.demo_data(TODAY)
def test_the_consents_list_says_when_its_status_filter_hides_every_consent(qtbot, vault: Vault):
    from sspdesk.ui.consents.consents_page import ConsentsPage

    page = ConsentsPage(today=lambda: TODAY)
    page.set_job_runner(worker.run_in_background)
    qtbot.addWidget(page)
    page.resize(1156, 690)
    page.show()
    page.on_unlocked(vault)
    assert page.proxy.rowCount() > 0 and not page.no_match.isVisible()
    states = [page.status_filter.itemData(i) for i in range(1, page.status_filter.count())]
    for state in states:  # a status no demo consent has: the hint; one some have: no hint
        page.status_filter.setCurrentIndex(page.status_filter.findData(state))
        assert page.no_match.isVisible() == (page.proxy.rowCount() == 0)
    page.no_match.linkActivated.emit("reset")
    assert page.status_filter.currentIndex() == 0 and page.proxy.rowCount() > 0 and not page.no_match.isVisible()
    page.on_locked()
