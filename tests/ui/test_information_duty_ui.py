"""Level III on screen: the computed "Forældre skal orienteres" deadline in Overblik and on the case (no Udført – it
is met by recording the information), and the letter menu on the Samtykker page (custody holders or the young
person; from 18 only the person). Real vault, real services; every name and number is invented."""

from __future__ import annotations

from datetime import date

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from sspdesk.cases import NewCase, register_case
from sspdesk.information_deadline import PARENTS_LABEL
from sspdesk.information_duty import record_information
from sspdesk.ui import worker
from sspdesk.ui.cases.cases_page import CasesPage
from sspdesk.ui.consents.consents_page import ConsentsPage
from sspdesk.ui.overview.overview_page import COL_DONE, OverviewPage
from sspdesk.ui.widgets import printing

TODAY = date(2026, 3, 11)  # Wednesday; a level-III sag registered Monday 9 March: contact due Thursday 12 March
NAME = "Åse Ødegård Opdigtet"


@pytest.fixture(autouse=True)
def jobs_run_at_once():
    with worker.use_pool(worker.SyncPool()):
        yield


def level_three(vault, cpr: str = "100311-4321") -> str:
    new = NewCase(level="III", subject="Røveri", person_name=NAME, cpr=cpr, registered=date(2026, 3, 9))
    return register_case(vault, new, today=date(2026, 3, 9)).id


def cell_centre(table, row: int, column: int):
    return table.visualRect(table.model().index(row, column)).center()


def test_overblik_lists_the_missing_information_without_an_udfoert_button(qtbot, vault, tmp_path):
    case_id = level_three(vault)
    page = OverviewPage(today=lambda: TODAY)
    qtbot.addWidget(page)
    page.resize(1156, 690)
    page.show()
    qtbot.waitExposed(page)
    page.on_unlocked(vault)
    rows = page.deadlines.rows("next")
    [row] = [r for r in rows if r.computed]
    assert (row.label, row.due, row.case_id) == (PARENTS_LABEL, "2026-03-12", case_id)
    table, index = page.deadlines.tables["next"], rows.index(row)
    model = table.model()
    assert model.index(index, COL_DONE).data() == ""
    assert "Oplysningspligt" in model.index(index, COL_DONE).data(Qt.ItemDataRole.ToolTipRole)
    page.grab().save(str(tmp_path / "overblik.png"))
    with qtbot.assertNotEmitted(page.deadline_done):
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=cell_centre(table, index, COL_DONE))
    assert row in page.deadlines.rows("next")
    record_information(vault, case_id, "informed", TODAY, recipients="forældremyndighedsindehaver", method="møde")
    page.deadlines.load(vault)
    assert not any(r.computed for r in page.deadlines.rows("next"))
    page.on_locked()


def test_the_case_shows_the_deadline_with_no_button_to_tick_it_off(qtbot, vault):
    case_id = level_three(vault)
    page = CasesPage()
    page.ask_discard = lambda titles: True
    qtbot.addWidget(page)
    page.resize(1156, 690)
    page.show()
    qtbot.waitExposed(page)
    page.on_unlocked(vault)
    page.select_case(case_id)
    grid = page.editor.deadlines_grid
    cells = {tuple(grid.getItemPosition(i)[:2]): grid.itemAt(i).widget() for i in range(grid.count())}
    [row] = [r for (r, c), w in cells.items() if c == 0 and isinstance(w, QLabel) and w.text() == PARENTS_LABEL]
    assert (row, 3) not in cells  # no Udført
    assert "Oplysningspligt" in cells[(row, 0)].toolTip()
    assert any(isinstance(w, QPushButton) and w.text() == "Udført" for (r, c), w in cells.items() if r != row)
    page.on_locked()


@pytest.fixture
def consents(qtbot, vault):
    widget = ConsentsPage(today=date.today)
    widget.set_job_runner(worker.run_in_background)
    widget.ask_discard = lambda: True
    qtbot.addWidget(widget)
    widget.resize(1156, 690)
    widget.show()
    qtbot.waitExposed(widget)
    widget.on_unlocked(vault)
    yield widget
    widget.on_locked()


def choose_case(page: ConsentsPage, case_id: str) -> None:
    page.reload()
    page.case_filter.ensure_filled()
    index = page.case_filter.findData(case_id)
    assert index >= 0
    page.case_filter.setCurrentIndex(index)


def test_the_letter_menu_offers_the_young_persons_own_version_and_only_that_from_eighteen(
    qtbot, consents, vault, tmp_path, monkeypatch
):
    year = date.today().year
    young = level_three(vault, cpr=f"0101{(year - 16) % 100:02d}-4321")
    adult = level_three(vault, cpr=f"0101{(year - 19) % 100:02d}-4321")
    target = tmp_path / "brev.pdf"
    monkeypatch.setattr(printing, "ask_save_path", lambda _parent, _title, _name: target)
    menu = consents.letter_button.menu()
    parents, own = consents.letter_menus["parents"], consents.letter_menus["young_person"]

    choose_case(consents, young)
    menu.aboutToShow.emit()
    assert parents.isEnabled() and own.isEnabled()
    own.actions()[1].trigger()  # Til den unge → Gem som PDF…
    text = " ".join(p.extract_text() for p in PdfReader(target).pages)
    assert "Kære Åse" in text and consents.message.text() == f"Gemt som {target}."

    choose_case(consents, adult)
    menu.aboutToShow.emit()
    assert not parents.isEnabled() and own.isEnabled()
    assert "fyldt 18 år" in parents.title()
