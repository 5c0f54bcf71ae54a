"""The case form ends where its shown section ends: no screen-high blank area below a short section (issue 21,
item 8), at the sizes of a 1366×768 and a 1920×1080 screen. Real vault; invented names and numbers."""

from __future__ import annotations

import pytest

from sspdesk.cases import NewCase, register_case, save_section
from sspdesk.ui.cases.cases_page import CasesPage

# The Sager page's share of a maximised window (navigation, menu and status bar taken off).
SCREENS = {"1366x768": (1176, 698), "1920x1080": (1730, 1010)}


@pytest.fixture
def page(qtbot, vault):
    widget = CasesPage()
    widget.ask_discard = lambda titles: True
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.on_unlocked(vault)
    yield widget
    widget.on_locked()


def show_sag(page: CasesPage, vault) -> None:
    """Register a sag with a filled STATUS section and open it from the list."""
    case = register_case(
        vault, NewCase(level="II", subject="Tyveri fra butik", person_name="Oliver Eksemplar", cpr="1203104321")
    )
    save_section(vault, case.id, "status", {"familie": "Bor hos mor", "skole": "7. klasse"})
    page.reload()
    page.editor.load(case.id)
    assert page.editor.isVisible()


def blank_below(page: CasesPage) -> int:
    """How much taller the tab widget is than the section it shows (its tab bar and frame included)."""
    tabs = page.editor.tabs
    return tabs.height() - tabs.currentWidget().sizeHint().height()


@pytest.mark.parametrize("screen", SCREENS)
def test_a_short_section_of_a_sag_ends_the_form_without_a_blank_area(qtbot, page, vault, screen):
    page.resize(*SCREENS[screen])
    show_sag(page, vault)
    qtbot.waitUntil(lambda: page.editor.tabs.height() > 0)
    editor = page.editor
    assert editor.tabs.tabText(editor.tabs.count() - 1) == "Sagsforløb"  # the tallest section is there
    content, viewport = editor.content.height(), editor.scroll_area.viewport().height()
    if content > viewport:  # it scrolls: the end of the form is the end of the STATUS section
        assert blank_below(page) < 80
    else:  # it fits: the section is stretched to the window, never beyond it
        assert content == viewport


def test_the_form_grows_with_a_long_section_and_shrinks_again(qtbot, page, vault):
    page.resize(*SCREENS["1366x768"])
    show_sag(page, vault)
    tabs = page.editor.tabs
    qtbot.waitUntil(lambda: 0 < blank_below(page) < 80)
    short = tabs.height()
    tabs.setCurrentIndex(tabs.count() - 1)  # Sagsforløb, three times as long
    qtbot.waitUntil(lambda: tabs.height() > short + 300)
    page_ = tabs.currentWidget()
    qtbot.waitUntil(lambda: page_.height() >= page_.minimumSizeHint().height())  # nothing squeezed
    tabs.setCurrentIndex(0)
    qtbot.waitUntil(lambda: tabs.height() == short)
