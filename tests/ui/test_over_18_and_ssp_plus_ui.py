"""Issue 18, item 5 in the case editor: the Over 18 år box and tab (seed 000 l.382, 415–418), the SSP-bekymringsskabelon
tab (seed 001 l.500–506) and Overdrag til SSP+… (seed 001 l.220–234). Real vault, real widgets; screenshots go to
/tmp. Every name and number is invented."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QLabel

from sspdesk.cases import NewCase, get_case, register_case, save_section, section_history
from sspdesk.legal_basis import list_exchanges
from sspdesk.preferences import set_profile
from sspdesk.ssp_plus import handovers
from sspdesk.store.vault import Vault
from sspdesk.ui.cases.case_editor import CaseEditor
from sspdesk.ui.cases.concern_form import ConcernForm
from sspdesk.ui.cases.ssp_plus_dialog import SspPlusHandoverDialog
from sspdesk.ui.widgets import printing

TODAY = date(2026, 9, 7)  # 17½ on 05.09.2026 for the København person below
CPR_2009 = "050309-4321"
ADULT_CPR = "050307-4322"


def open_editor(qtbot, vault: Vault, case_id: str, today: date = TODAY) -> CaseEditor:
    editor = CaseEditor(today=lambda: today)
    qtbot.addWidget(editor)
    editor.set_vault(vault)
    editor.resize(1100, 1000)
    editor.load(case_id)
    editor.show()
    return editor


def koebenhavn_sag(vault: Vault) -> str:
    set_profile(vault, "koebenhavn")
    new = NewCase(level="3", subject="Røveri", person_name="Oskar Opdigtet", cpr=CPR_2009, area="Nørrebro")
    return register_case(vault, new, today=date(2026, 3, 2)).id


def tab_titles(editor: CaseEditor) -> list[str]:
    return [editor.tabs.tabText(i) for i in range(editor.tabs.count())]


def test_the_concern_template_tab_saves_and_prints_in_koebenhavn(qtbot, vault, monkeypatch, tmp_path) -> None:
    """Seed 001 l.502: the SSP-bekymringsskabelon as a form of the case, with the note on access requests."""
    case_id = koebenhavn_sag(vault)
    editor = open_editor(qtbot, vault, case_id)
    assert "SSP-bekymringsskabelon" in tab_titles(editor)
    (form,) = [f for f in editor.forms if isinstance(f, ConcernForm)]
    editor.tabs.setCurrentWidget(form)
    assert "aktindsigt" in form.note.text()
    form.widgets["bekymring"].setPlainText("Ses med ældre unge ved stationen")
    form.widgets["hjemmel"].setCurrentText("Retsplejelovens § 115")
    assert form.is_dirty()
    form.save_pdf()  # unsaved: refused, the print shows the saved version
    assert "Gem bekymringsskabelonen først" in form.message.text()
    assert editor.save_section(form)
    (saved,) = section_history(vault, case_id, "concern")
    assert saved.fields["bekymring"] == "Ses med ældre unge ved stationen"
    assert saved.fields["hjemmel"] == "Retsplejelovens § 115"
    target = tmp_path / "bekymring.pdf"
    monkeypatch.setattr(printing, "ask_save_path", lambda *_args: target)
    form.save_pdf()
    assert target.read_bytes().startswith(b"%PDF") and "Gemt som bekymring.pdf" in form.message.text()
    editor.tabs.grab().save("/tmp/concern_form.png")


def test_albertslund_shows_no_concern_template(qtbot, vault) -> None:
    new = NewCase(level="II", subject="Indbrud", person_name="Ida Opdigtet", cpr="050310-4321")
    case_id = register_case(vault, new, today=TODAY).id
    editor = open_editor(qtbot, vault, case_id)
    assert "SSP-bekymringsskabelon" not in tab_titles(editor)
    assert not any(isinstance(f, ConcernForm) for f in editor.forms)


def test_the_handover_button_waits_for_17_and_a_half(qtbot, vault) -> None:
    """Seed 001 l.222–224: before 17½ the button is disabled and says from when."""
    case_id = koebenhavn_sag(vault)
    editor = open_editor(qtbot, vault, case_id, today=date(2026, 9, 4))
    panel = editor.age_panel
    assert panel.relevant and panel.handover_button is not None
    assert not panel.handover_button.isEnabled()
    assert "05.09.2026" in panel.handover_button.toolTip()
    assert panel.handover_label is not None and "Ingen overdragelse" in panel.handover_label.text()


def test_handing_over_in_the_dialog_records_it_and_the_case_shows_it(qtbot, vault) -> None:
    """Seed 001 l.220–234: Overdrag til SSP+… records what is handed over, to whom and on which basis; the reminder
    "Vurdering af overdragelse til SSP+" is met. A missing necessity test is refused in the dialog first."""
    case_id = koebenhavn_sag(vault)
    save_section(vault, case_id, "concern", {"bekymring": "Sigtet for røveri"})
    editor = open_editor(qtbot, vault, case_id)
    panel = editor.age_panel
    assert panel.handover_button is not None and panel.handover_button.isEnabled()
    dialog = panel.open_handover()
    assert isinstance(dialog, SspPlusHandoverDialog)
    assert set(dialog.sections) == {"concern"}
    dialog.on.setDate(QDate(2026, 9, 7))
    dialog.categories["skole"].setChecked(True)
    dialog.sections["concern"].setChecked(True)
    dialog.ok_button.click()
    assert "nødvendighedsvurderingen mangler" in dialog.message.text() and handovers(vault, case_id) == []
    for key in ("necessary", "relevant", "least", "not_investigation"):
        dialog.ticks[key].setChecked(True)
    dialog.grab().save("/tmp/ssp_plus_dialog.png")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: bool(handovers(vault, case_id)))
    (done,) = handovers(vault, case_id)
    assert done.categories == ("skole",) and done.sections == ("concern",) and done.on == "2026-09-07"
    assert [e.id for e in list_exchanges(vault, case_id)] == [done.exchange_id]
    qtbot.waitUntil(lambda: editor.age_panel is not panel)  # the editor re-read the case
    state = editor.age_panel.handover_label
    assert state is not None
    assert "Overdraget til SSP+-koordinationsgruppe 07.09.2026: Skole/uddannelse/job" in state.text()
    assert "SSP-bekymringsskabelon" in state.text()
    deadlines = get_case(vault, case_id, today=TODAY).deadlines
    assert [d.status for d in deadlines if d.kind == "ssp_plus"] == ["done"]
    editor.age_panel.grab().save("/tmp/ssp_plus_panel.png")


def test_over_18_the_case_shows_the_rules_and_records_activity_ready(qtbot, vault) -> None:
    """Seed 000 l.382, 415–418: the Over 18 år box lists the rules; the Over 18 år tab records an activity-ready
    recipient, and the box then says the coordination has passed to DKE."""
    new = NewCase(level="II", subject="Indbrud", person_name="Ida Opdigtet", cpr=ADULT_CPR)
    case_id = register_case(vault, new, today=TODAY).id
    editor = open_editor(qtbot, vault, case_id)
    texts = " ".join(label.text() for label in editor.age_panel.findChildren(QLabel))
    assert editor.age_panel.title() == "Over 18 år"
    assert "Breve sendes til personen selv" in texts and "Min plan" in texts and "aktivitetsparat" in texts
    assert "Over 18 år" in tab_titles(editor)
    (form,) = [f for f in editor.forms if f.key == "adult"]
    editor.tabs.setCurrentWidget(form)
    form.widgets["aktivitetsparat"].setCurrentText("Ja")
    form.widgets["mentorstoette"].setCurrentText("Tilbudt")
    assert editor.save_section(form)
    editor.grab().save("/tmp/over_18_tab.png")
    editor.reload()
    texts = " ".join(label.text() for label in editor.age_panel.findChildren(QLabel))
    assert "Koordinationskompetencen er overdraget til DKE" in texts and "Mentorstøtte: tilbudt." in texts
    editor.age_panel.grab().save("/tmp/over_18_panel.png")


@pytest.fixture(autouse=True)
def _no_real_dialogs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No file dialog may open in a test: a save that was not arranged writes into tmp_path."""
    monkeypatch.setattr(printing, "ask_save_path", lambda *_args: tmp_path / "unexpected.pdf")
