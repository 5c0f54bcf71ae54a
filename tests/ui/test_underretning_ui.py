"""The Underretninger box on the case (list, Registrér underretning…, Kvittering modtaget…, Udfald af
netværksmøde…), the reminder it clears in the case's Frister, and the Underretninger box of Overblik. Real vault,
real widgets; screenshots of the box and the dialog go to /tmp. Every name and number is invented."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt

from sspdesk.cases import NewCase, register_case
from sspdesk.store.vault import Vault
from sspdesk.ui.cases.case_editor import CaseEditor
from sspdesk.ui.overview.overview_page import OverviewPage
from sspdesk.underretning import list_underretninger, record_network_outcome, record_underretning

TODAY = date(2026, 3, 12)


def sag(vault: Vault) -> str:
    new = NewCase(
        level="II", subject="Butikstyveri", person_name="Åse Ødegård Opdigtet", cpr="100311-4321", registered=TODAY
    )
    return register_case(vault, new, today=TODAY).id


@pytest.fixture
def editor(qtbot, vault: Vault):
    widget = CaseEditor(today=lambda: TODAY)
    qtbot.addWidget(widget)
    widget.set_vault(vault)
    widget.resize(1100, 900)
    return widget


def deadline_texts(editor: CaseEditor) -> list[str]:
    grid = editor.deadlines_grid
    return [grid.itemAt(i).widget().text() for i in range(grid.count()) if hasattr(grid.itemAt(i).widget(), "text")]


def test_the_case_lists_its_underretninger_with_the_receipt_state(qtbot, vault, editor) -> None:
    case_id = sag(vault)
    record_underretning(vault, case_id, "Familieafsnittet", date(2026, 3, 10), reason="risiko", today=TODAY)
    record_underretning(
        vault, case_id, "Socialforvaltningen", date(2026, 3, 2), reason="komplekse_behov",
        confirmed_on=date(2026, 3, 4), today=TODAY,
    )  # fmt: skip
    record_network_outcome(vault, case_id, date(2026, 3, 9), agreement=True, underretning=True, today=TODAY)
    editor.load(case_id)
    editor.show()
    box = editor.underretninger
    model = box.model
    rows = [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]
    assert rows == [
        ["10.03.2026", "Familieafsnittet", "Bekymring for ung i risiko for kriminalitet", "Test Koordinator",
         "afventer kvittering"],
        ["02.03.2026", "Socialforvaltningen", "Komplekse og/eller multiple behov", "Test Koordinator",
         "modtaget 04.03.2026"],
    ]  # fmt: skip
    assert box.outcomes_label.text() == "Netværksmøde 09.03.2026: Aftale om indsatsforløb og underretning"
    assert not box.receipt_button.isEnabled()  # nothing chosen yet
    box.grab().save("/tmp/case_underretninger.png")


def test_registering_in_the_dialog_clears_the_netvaerksmoede_reminder(qtbot, vault, editor) -> None:
    case_id = sag(vault)
    record_network_outcome(vault, case_id, TODAY, underretning=True, today=TODAY)
    editor.load(case_id)
    editor.show()
    assert "Underretning efter Netværksmøde 12.03.2026" in deadline_texts(editor)
    assert editor.underretninger.empty_label.isVisible()
    dialog = editor.underretninger.add_underretning()
    dialog.authority.setCurrentText("Familieafsnittet")
    dialog.reason.setCurrentIndex(dialog.reason.findData("samarbejde_hjemmet"))
    dialog.grab().save("/tmp/underretning_dialog.png")
    dialog.ok_button.click()
    assert not dialog.isVisible()
    [item] = list_underretninger(vault, case_id)
    assert (item.authority, item.reason, item.sent_on) == ("Familieafsnittet", "samarbejde_hjemmet", TODAY)
    assert "Underretning efter Netværksmøde 12.03.2026" not in deadline_texts(editor)
    assert editor.underretninger.model.rowCount() == 1


def test_the_dialog_shows_a_refusal_and_stores_nothing(qtbot, vault, editor) -> None:
    case_id = sag(vault)
    editor.load(case_id)
    editor.show()
    dialog = editor.underretninger.add_underretning()
    dialog.on.setDate(QDate(2026, 3, 20))  # in the future
    dialog.authority.setCurrentText("Familieafsnittet")
    dialog.ok_button.click()
    assert dialog.isVisible() and "fremtiden" in dialog.message.text()
    assert list_underretninger(vault, case_id) == []


def test_the_receipt_is_recorded_on_the_chosen_underretning(qtbot, vault, editor) -> None:
    case_id = sag(vault)
    record_underretning(vault, case_id, "Familieafsnittet", date(2026, 3, 10), today=TODAY)
    editor.load(case_id)
    editor.show()
    box = editor.underretninger
    box.table.selectRow(0)
    assert box.receipt_button.isEnabled()
    dialog = box.add_receipt()
    assert dialog is not None
    dialog.ok_button.click()
    assert list_underretninger(vault, case_id)[0].confirmed_on == TODAY
    assert box.model.index(0, 4).data() == "modtaget 12.03.2026"


def test_the_outcome_dialog_records_what_the_meeting_ended_in(qtbot, vault, editor) -> None:
    case_id = sag(vault)
    editor.load(case_id)
    editor.show()
    dialog = editor.underretninger.add_outcome()
    dialog.forum.setCurrentText("Netværkssamråd")
    dialog.agreement.setChecked(True)
    dialog.ok_button.click()
    assert editor.underretninger.outcomes_label.text() == "Netværkssamråd 12.03.2026: Aftale om indsatsforløb"


def test_overblik_lists_the_underretninger_and_opens_the_case(qtbot, vault) -> None:
    case_id = sag(vault)
    record_underretning(vault, case_id, "Familieafsnittet", date(2026, 3, 10), today=TODAY)
    page = OverviewPage(today=lambda: TODAY)
    qtbot.addWidget(page)
    page.on_unlocked(vault)
    box = page.extra["Underretninger"]
    assert [u.case_id for u in box.rows()] == [case_id]
    assert box.summary_label.text() == "1 underretning på åbne sager, 1 afventer kvittering."
    assert box.model.index(0, 4).data() == "afventer kvittering"
    assert "Opdigtet" not in " ".join(str(box.model.index(0, c).data()) for c in range(box.model.columnCount()))
    with qtbot.waitSignal(page.open_case_requested) as opened:
        box.open_row(0)
    assert opened.args == [case_id]
    page.on_locked()
    assert box.model.rowCount() == 0 and box.model.index(0, 0).data(Qt.ItemDataRole.DisplayRole) is None
