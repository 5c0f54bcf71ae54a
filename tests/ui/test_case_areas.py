"""Areas typed on a case appear in Indstillinger → Områder (issue 21, item 8): registering a case with an area that
is not in the list adds it (logged like any setting change), once, whatever its case; Indstillinger shows it the next
time the page is shown. Real vault; invented cases."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStackedWidget

from sspdesk import preferences as prefs
from sspdesk.cases import NewCase, register_case
from sspdesk.store import audit
from sspdesk.ui.cases.cases_page import CasesPage
from sspdesk.ui.settings.settings_page import SettingsPage


def test_a_new_area_typed_on_a_case_is_added_to_the_list_once(vault):
    prefs.set_areas(vault, ["Nord", "Syd"])
    register_case(vault, NewCase(level="I", subject="Uro ved stationen", area="Vestbyen"))
    register_case(vault, NewCase(level="I", subject="Graffiti på skolen", area="  vestbyen "))
    register_case(vault, NewCase(level="I", subject="Knallertkørsel", area="nord"))
    register_case(vault, NewCase(level="I", subject="Hærværk i parken"))
    assert prefs.areas(vault) == ["Nord", "Syd", "Vestbyen"]
    changes = [e.detail for e in audit.entries(vault.conn, action="settings.change")]
    assert changes.count("areas") == 2  # set_areas, then the one case that brought a new area


@pytest.fixture
def pages(qtbot, vault):
    """Sager and Indstillinger in one stack, as in the main window: one shown at a time."""
    stack = QStackedWidget()
    cases, settings = CasesPage(), SettingsPage()
    cases.ask_discard = lambda titles: True
    stack.addWidget(cases)
    stack.addWidget(settings)
    qtbot.addWidget(stack)
    stack.resize(1176, 698)
    stack.show()
    qtbot.waitExposed(stack)
    cases.on_unlocked(vault)
    settings.on_unlocked(vault)
    yield stack, cases, settings
    cases.on_locked()
    settings.on_locked()


def test_an_area_typed_in_the_new_case_dialog_shows_up_in_indstillinger(qtbot, pages, vault):
    stack, cases, settings = pages
    stack.setCurrentWidget(settings)
    assert settings.areas_box.names() == []
    stack.setCurrentWidget(cases)
    cases.open_new_case()
    dialog = cases.new_dialog
    dialog.subject.setText("Gruppe samles ved skolen om aftenen")
    dialog.area.setEditText("Vestbyen")
    qtbot.keyClick(dialog.subject, Qt.Key.Key_Return)
    assert dialog.created is not None and dialog.created.case.area == "Vestbyen"
    stack.setCurrentWidget(settings)
    assert settings.areas_box.names() == ["Vestbyen"]
