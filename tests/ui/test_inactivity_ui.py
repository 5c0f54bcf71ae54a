"""Overblik proposes an open case without activity for 12 months for closing, and "Luk sagen…" opens the usual Luk
sag flow with its lukkenotat (issue 18, item 7; seed 000_8f7052953ff2148f.txt l.321–322 and l.808–809). Real vault,
real main window (jobs at once, SyncPool); invented data only."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QApplication

from sspdesk.cases import NewCase, get_case, register_case
from sspdesk.ui import worker
from sspdesk.ui.cases.cases_page import CasesPage
from sspdesk.ui.main_window import MainWindow
from sspdesk.ui.overview.overview_boxes import CLOSE_TEXT, InactiveBox
from sspdesk.ui.overview.overview_page import OverviewPage
from sspdesk.workdays import add_months
from support.clock import set_day


def test_overblik_proposes_the_quiet_case_and_luk_sagen_opens_its_lukkenotat(qtbot, vault, monkeypatch, tmp_path):
    """Issue 18, item 7 and seed 000 l.321–322: the box lists the case; "Luk sagen…" opens it on Sager with the Luk
    sag dialog, and once closed with a lukkenotat it leaves the box."""
    today = date.today()
    journal = register_case(vault, NewCase(level="I", subject="Uro ved stationen"), today=today).id  # active
    long_ago = add_months(today, -13)
    set_day(monkeypatch, long_ago)
    person = {"person_name": "Otto Opdigtet", "cpr": "120310-4321"}
    quiet_id = register_case(vault, NewCase(level="II", subject="Butikstyveri", **person), today=long_ago).id
    monkeypatch.undo()  # the GUI's own writes happen today
    with worker.use_pool(worker.SyncPool()):
        window = MainWindow(page_factories=[OverviewPage, CasesPage])
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.show()
        window.set_vault(vault)
        overview = window.page(OverviewPage)
        for _ in range(5):
            QApplication.processEvents()  # the fill begins on the next turn of the event loop
        box = next(content for _frame, content in overview.boxes if isinstance(content, InactiveBox))
        assert [c.id for c in box.rows()] == [quiet_id] and journal not in [c.id for c in box.rows()]
        assert box.summary_label.text().startswith("1 åben sag uden aktivitet i 12 måneder")
        assert box.close_button.text() == CLOSE_TEXT and not box.close_button.isEnabled()
        overview.grab().save(str(tmp_path / "overblik-inaktive.png"))
        box.table.setCurrentIndex(box.model.index(0, 0))
        assert box.close_button.isEnabled()
        box.close_button.click()

        cases = window.page(CasesPage)
        assert window.stack.currentWidget() is cases and cases.editor.case_id() == quiet_id
        dialog = cases.editor.dialog
        assert dialog is not None and dialog.isVisible() and dialog.windowTitle().startswith("Luk DKE-Sag")
        dialog.confirm = lambda _title, _text: True
        dialog.note.setPlainText("Ingen aktivitet i et år; bekymringen er ikke længere aktuel.")
        dialog.transfer.buttons()[-1].setChecked(True)
        dialog._submit()
        assert get_case(vault, quiet_id).case.status == "closed"
        window.show_page(0)
        for _ in range(5):
            QApplication.processEvents()
        assert box.rows() == []
        window.clear()
