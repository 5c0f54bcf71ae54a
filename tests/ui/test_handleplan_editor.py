"""Handleplan… on a sag: the editor opened from the case editor, a temporary plan, the final one refused without
efterværn and then saved, an initiative marked done, and no button on a journal. Real vault; invented names."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from sspdesk.action_plans import get_plan, plan_history
from sspdesk.cases import NewCase, get_case, register_case
from sspdesk.dispositions import get_disposition
from sspdesk.ui.cases.case_editor import CaseEditor
from sspdesk.ui.cases.handleplan_editor import COL_STATUS, HandleplanEditor

NAME, CPR = "Oliver Eksemplar", "120310-4321"  # invented
TODAY = date(2026, 3, 9)


@pytest.fixture
def editor(qtbot, vault):
    widget = CaseEditor(today=lambda: TODAY)
    widget.set_vault(vault)
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    yield widget
    widget.clear()


def click(qtbot, button: QWidget) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def open_plan(qtbot, editor: CaseEditor, vault) -> HandleplanEditor:
    case_id = register_case(vault, NewCase(level="II", subject="Tyveri", person_name=NAME, cpr=CPR), today=TODAY).id
    editor.load(case_id)
    click(qtbot, editor.plan_button)
    dialog = editor.dialog
    assert isinstance(dialog, HandleplanEditor)
    qtbot.waitExposed(dialog)
    return dialog


def type_initiative(qtbot, dialog: HandleplanEditor, what: str, who: str, due: str) -> None:
    qtbot.keyClicks(dialog.what, what)
    qtbot.keyClicks(dialog.responsible, who)
    qtbot.keyClicks(dialog.due, due)
    dialog.party.setCurrentIndex(dialog.party.findText("Skole"))
    click(qtbot, dialog.add_button)


def test_a_temporary_plan_then_the_final_one_refused_without_aftercare(qtbot, editor, vault):
    dialog = open_plan(qtbot, editor, vault)
    assert "Ingen handleplan endnu" in dialog.state.text() and not dialog.pdf_button.isEnabled()
    type_initiative(qtbot, dialog, "Skoleplan med AKT-lærer", "Nordskolen", "27.03.2026")
    assert dialog.model.rowCount() == 1 and dialog.model.index(0, COL_STATUS).data() == "Ny (ikke gemt)"
    for key, text in (("ung_kort", "Mentor"), ("ung_lang", "Fritidsjob"), ("familie_kort", "Hjemmebesøg")):
        dialog.texts[key].setPlainText(text)
    dialog.texts["familie_lang"].setPlainText("Familiebehandling")
    click(qtbot, dialog.temporary_button)
    plan = get_plan(vault, dialog.case.id)
    assert plan is not None and plan.version == "midlertidig" and plan.initiatives[0].party_type == "skole"
    assert "Midlertidig handleplan" in dialog.state.text() and dialog.pdf_button.isEnabled()
    done = {d.kind: d.status for d in get_case(vault, dialog.case.id).deadlines}
    assert done["action_plan_temporary"] == "done"
    shown = [label.text() for label in editor.deadlines_box.findChildren(QLabel)]  # the case editor re-read them
    assert f"Udført {TODAY:%d.%m.%Y}" in shown

    click(qtbot, dialog.final_button)
    assert "uden efterværn" in dialog.message.text()
    assert dialog.texts["eftervaern"].hasFocus() or dialog.focusWidget() is dialog.texts["eftervaern"]
    assert len(plan_history(vault, dialog.case.id)) == 1
    dialog.texts["eftervaern"].setPlainText("Efterværn i seks måneder med mentoren")
    click(qtbot, dialog.final_button)
    assert get_plan(vault, dialog.case.id).is_final and "gemt som endelig" in dialog.message.text()
    assert not dialog.temporary_button.isEnabled() and dialog.final_button.text() == "Gem endelig"


def test_marking_an_initiative_done_marks_its_disposition(qtbot, editor, vault):
    dialog = open_plan(qtbot, editor, vault)
    type_initiative(qtbot, dialog, "Mentorforløb", "Social & Familie", "20.03.2026")
    click(qtbot, dialog.temporary_button)
    dialog.table.selectRow(0)
    click(qtbot, dialog.done_button)
    initiative = get_plan(vault, dialog.case.id).initiatives[0]
    assert initiative.is_done and get_disposition(vault, initiative.id).status == "done"
    assert dialog.model.index(0, COL_STATUS).data() == "Udført 09.03.2026"
    assert dialog.done_button.text() == "Markér åben"


def test_closing_with_unsaved_changes_asks_first(qtbot, editor, vault):
    dialog = open_plan(qtbot, editor, vault)
    dialog.texts["ung_kort"].setPlainText("Mentor")
    asked: list[str] = []
    dialog.confirm = lambda title, text: asked.append(title) or False
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert asked == ["Luk uden at gemme?"] and dialog.isVisible()


def test_a_journal_has_no_handleplan_button(qtbot, editor, vault):
    journal = register_case(vault, NewCase(level="I", subject="Uro i skolegården"), today=TODAY).id
    editor.load(journal)
    assert not any(b.text() == "Handleplan…" for b in editor.content.findChildren(QPushButton))
