"""The Sager page: new-case dialog, the editor's registration rules, search as you type, level change, closing,
and that locking leaves no case data in any widget. Real vault, real services; all names and numbers are invented."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

from sspdesk.cases import NewCase, get_case, list_case_ids, register_case, save_section, section_history
from sspdesk.ui.cases.case_models import COL_NEXT_DUE, COL_NUMBER, OVERDUE_COLOUR, PAGE_SIZE, RecordRole
from sspdesk.ui.cases.cases_page import EMPTY_TEXT, CasesPage

NAME = "Oliver Eksemplar"
CPR = "120310-4321"  # invented; born 12 March 2010


@pytest.fixture
def page(qtbot, vault):
    widget = CasesPage()
    widget.ask_discard = lambda titles: True
    qtbot.addWidget(widget)
    widget.resize(1156, 690)
    widget.show()
    qtbot.waitExposed(widget)
    widget.on_unlocked(vault)
    yield widget
    widget.on_locked()


def journal(vault, subject: str = "Uro og hærværk ved stationen", **extra) -> str:
    return register_case(vault, NewCase(level="I", subject=subject, area="Nord", **extra)).id


def sag(vault, subject: str = "Tyveri fra butik") -> str:
    return register_case(vault, NewCase(level="II", subject=subject, person_name=NAME, cpr=CPR)).id


def listed_numbers(page: CasesPage) -> list[str]:
    return [page.proxy.index(row, COL_NUMBER).data() for row in range(page.proxy.rowCount())]


def click(qtbot, button: QWidget) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_an_empty_vault_shows_how_to_create_the_first_case(page):
    assert page.stack.currentIndex() == 1
    assert page.empty_label.text() == EMPTY_TEXT


def test_creating_a_journal_with_the_keyboard_lists_it_and_opens_it(qtbot, page, vault):
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    qtbot.keyClick(page.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.new_dialog is not None and page.new_dialog.isVisible())  # the button animates
    dialog = page.new_dialog
    assert dialog.level.currentText() == "I – Risikoadfærd (DKE-Journal)"
    assert dialog.person_name.isHidden() and dialog.cpr.isHidden()
    assert dialog.journal_note.text() == "En DKE-Journal må ikke indeholde navn eller CPR-nr."
    qtbot.keyClicks(dialog.subject, "Gruppe samles ved skolen om aftenen")
    qtbot.keyClick(dialog.subject, Qt.Key.Key_Return)

    assert dialog.created is not None
    number = dialog.created.case.number
    assert listed_numbers(page) == [number]
    assert page.count_label.text() == "1 sag"
    assert page.stack.currentIndex() == 0
    assert page.editor.detail.case.number == number
    assert page.editor.detail.case.forum == "Koordinationsmøde"


def test_creating_a_sag_asks_for_name_and_a_valid_cpr_number(qtbot, page, vault):
    click(qtbot, page.new_button)
    dialog = page.new_dialog
    dialog.level.setCurrentIndex(dialog.level.findData("II"))
    assert not dialog.person_name.isHidden() and not dialog.cpr.isHidden()
    assert dialog.forum.currentText() == "Sagsmøde"
    qtbot.keyClicks(dialog.subject, "Vold i klubben")
    qtbot.keyClicks(dialog.person_name, NAME)
    qtbot.keyClicks(dialog.cpr, "1203")
    click(qtbot, dialog.ok_button)

    assert dialog.message.text() == "Ugyldigt CPR-nr.: skal bestå af 10 cifre (DDMMÅÅ-XXXX)"
    assert dialog.focusWidget() is dialog.cpr
    assert list_case_ids(vault) == []

    dialog.cpr.setText(CPR)
    click(qtbot, dialog.ok_button)
    number = dialog.created.case.number
    assert number.startswith("S-")
    assert listed_numbers(page) == [number]
    header = {label.text() for label in page.editor.content.findChildren(QLabel)}
    assert {NAME, CPR, "DKE-Sag"} <= header


def test_a_journal_refuses_a_cpr_number_in_adfaerd_og_trivsel_and_saves_nothing(qtbot, page, vault):
    case_id = journal(vault)
    page.reload()
    page.select_case(case_id)
    form = page.editor.forms[0]
    assert form.key == "status" and page.editor.tabs.tabText(0) == "STATUS"
    field = form.widgets["adfaerd"]
    qtbot.keyClicks(field, f"Drengen {CPR} ses ofte ved stationen")
    assert page.editor.tabs.tabText(0) == "STATUS *"
    qtbot.keyClick(field, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    assert form.message.text().startswith('Feltet "Adfærd og trivsel" indeholder et CPR-nummer')
    assert "En DKE-Journal må ikke indeholde personhenførbare oplysninger." in form.message.text()
    assert field.textCursor().selectedText() == CPR
    assert section_history(vault, case_id, "status") == []
    assert form.is_dirty()


def test_a_saved_section_gets_a_version_in_its_history(qtbot, page, vault):
    case_id = journal(vault)
    page.reload()
    page.select_case(case_id)
    form = page.editor.forms[0]
    assert form.widgets["risikofaktorer"].placeholderText() == "Konkret bekymring"
    qtbot.keyClicks(form.widgets["risikofaktorer"], "Sent ude uden voksenkontakt")
    click(qtbot, form.save_button)

    versions = section_history(vault, case_id, "status")
    assert [v.fields["risikofaktorer"] for v in versions] == ["Sent ude uden voksenkontakt"]
    assert not form.is_dirty() and page.editor.tabs.tabText(0) == "STATUS"
    click(qtbot, form.history_button)
    history = page.editor.dialog
    assert "Sent ude uden voksenkontakt" in history.text.toPlainText()
    assert "Test Koordinator" in history.list.item(0).text()


def test_search_as_you_type_narrows_the_list(qtbot, page, vault):
    journal(vault, "Uro og hærværk ved stationen")
    journal(vault, "Tyveri fra butik")
    journal(vault, "Bekymrende fravær")
    page.reload()
    assert page.proxy.rowCount() == 3
    qtbot.keyClicks(page.search, "hærv")
    qtbot.waitUntil(lambda: page.proxy.rowCount() == 1, timeout=10_000)
    assert page.proxy.index(0, 0).data(RecordRole).subject == "Uro og hærværk ved stationen"
    assert page.count_label.text() == "1 sag fundet"
    page.search.clear()
    qtbot.waitUntil(lambda: page.proxy.rowCount() == 3, timeout=10_000)


def test_raising_a_journal_to_level_ii_creates_a_sag_and_selects_it(qtbot, page, vault):
    journal_id = journal(vault)
    page.reload()
    page.select_case(journal_id)
    click(qtbot, page.editor.level_button)
    dialog = page.editor.dialog
    dialog.level.setCurrentIndex(dialog.level.findData("II"))
    assert not dialog.person_name.isHidden()
    assert "Der oprettes en ny DKE-Sag" in dialog.explanation.text()
    qtbot.keyClicks(dialog.person_name, NAME)
    qtbot.keyClicks(dialog.cpr, CPR)
    click(qtbot, dialog.ok_button)

    detail = page.editor.detail
    assert detail.kind == "sag" and detail.case.from_journal == journal_id
    current = page.view.currentIndex()
    assert current.data(RecordRole).id == detail.id
    assert get_case(vault, journal_id).case.status == "raised"
    page.select_case(journal_id)
    assert page.editor.read_only()
    assert not page.editor.level_button.isEnabled()
    assert all(w.isReadOnly() for w in page.editor.forms[0].widgets.values() if isinstance(w, QLineEdit))


def test_closing_a_sag_asks_for_a_lukkenotat_and_the_transfer_decision(qtbot, page, vault):
    case_id = sag(vault)
    page.reload()
    page.select_case(case_id)
    asked: list[str] = []
    page.editor.close_case(confirm=lambda title, text: asked.append(text) or True)
    dialog = page.editor.dialog
    click(qtbot, dialog.ok_button)
    assert dialog.message.text() == "Skriv et lukkenotat: en kort begrundelse for lukningen."
    assert dialog.focusWidget() is dialog.note
    assert asked == [] and get_case(vault, case_id).case.status == "open"

    qtbot.keyClicks(dialog.note, "Indsatsen er afsluttet efter plan.")
    click(qtbot, dialog.ok_button)
    assert dialog.message.text().startswith("Tag stilling til")
    dialog.transfer.button(1).setChecked(True)
    click(qtbot, dialog.ok_button)

    assert len(asked) == 1
    detail = get_case(vault, case_id)
    assert detail.case.status == "closed"
    assert detail.sections["closing"].fields["overdragelse"] == "Overdrages ikke"
    assert page.editor.read_only() and not page.editor.close_button.isEnabled()
    assert page.editor.tabs.tabText(page.editor.tabs.count() - 1) == "Lukning"


def test_locking_leaves_no_case_data_in_any_widget(qtbot, page, vault):
    journal_id = journal(vault, "Gruppe ved Nordskolen", coordinator="Sara Eksempel")
    sag_id = sag(vault, "Knivbæring i klubben")
    save_section(vault, sag_id, "status", {"familie": "Bor hos mor og to søskende"})
    page.reload()
    page.select_case(sag_id)
    page.editor.close_case(confirm=lambda title, text: True)
    qtbot.keyClicks(page.editor.dialog.note, "Lukkes snart")
    page.editor.forms[0].widgets["familie"].setPlainText("Utrykt tekst om familien")
    qtbot.keyClicks(page.search, "Kniv")
    page.open_new_case()
    page.new_dialog.level.setCurrentIndex(1)
    qtbot.keyClicks(page.new_dialog.person_name, "Emma Prøvesen")
    numbers = [get_case(vault, i).case.number for i in (journal_id, sag_id)]

    page.on_locked()
    QApplication.processEvents()

    secrets = [
        NAME,
        CPR,
        CPR.replace("-", ""),
        "Emma Prøvesen",
        "Gruppe ved Nordskolen",
        "Knivbæring",
        "Kniv",
        "Bor hos mor",
        "Utrykt",
        "Lukkes snart",
        "Sara Eksempel",
        *numbers,
    ]
    widgets = [page, *(w for w in QApplication.topLevelWidgets() if w.isVisible())]
    texts: list[str] = []
    for root in widgets:
        for child in root.findChildren(QWidget):
            if isinstance(child, QLineEdit | QLabel):
                texts.append(child.text())
            elif isinstance(child, QPlainTextEdit | QTextEdit):
                texts.append(child.toPlainText())
            elif isinstance(child, QComboBox):
                texts += [child.itemText(i) for i in range(child.count())]
    leaks = [text for text in texts for secret in secrets if secret in text]
    assert leaks == []
    assert page.model.rowCount() == 0 and page.proxy.rowCount() == 0
    assert page.model.cached_count() == 0
    assert not page.shows_data()


def test_the_list_reads_only_the_rows_it_shows_and_marks_overdue_deadlines_red(qtbot, vault):
    for index in range(PAGE_SIZE + 50):
        register_case(vault, NewCase(level="I", subject=f"Sag {index}", registered=date(2026, 1, 5)))
    page = CasesPage(today=lambda: date(2026, 6, 1))
    qtbot.addWidget(page)
    page.on_unlocked(vault)
    try:
        assert page.model.rowCount() == PAGE_SIZE  # the first page of ids, read with LIMIT
        qtbot.waitUntil(lambda: page.count_label.text() == f"{PAGE_SIZE + 50} sager")  # counted just after
        first = page.proxy.index(0, COL_NEXT_DUE)
        assert first.data(Qt.ItemDataRole.ForegroundRole).color() == OVERDUE_COLOUR
        assert page.model.cached_count() == PAGE_SIZE
        assert page.proxy.canFetchMore(QModelIndex())
        page.proxy.fetchMore(QModelIndex())  # what the view does when scrolled to the end
        assert page.model.rowCount() == PAGE_SIZE + 50 and not page.proxy.canFetchMore(QModelIndex())
        page.view.sortByColumn(COL_NUMBER, Qt.SortOrder.AscendingOrder)
        assert page.proxy.index(0, COL_NUMBER).data() == "J-2026-0001"
        assert page.model.cached_count() == PAGE_SIZE + 50
    finally:
        page.on_locked()


def test_a_closed_case_is_reopened_with_a_reason_from_the_editor(qtbot, page, vault, tmp_path):
    case_id = sag(vault)
    page.reload()
    page.select_case(case_id)
    page.editor.close_case(confirm=lambda title, text: True)
    qtbot.keyClicks(page.editor.dialog.note, "Indsatsen er afsluttet.")
    page.editor.dialog.transfer.button(1).setChecked(True)
    click(qtbot, page.editor.dialog.ok_button)
    editor = page.editor
    assert editor.read_only() and editor.reopen_button.isVisible() and not editor.close_button.isVisible()
    page.grab().save(str(tmp_path / "lukket-sag.png"))

    click(qtbot, editor.reopen_button)
    dialog = editor.dialog
    assert dialog.windowTitle().startswith("Genåbn DKE-Sag")
    click(qtbot, dialog.ok_button)
    assert dialog.message.text() == "Skriv hvorfor sagen genåbnes."
    assert get_case(vault, case_id).case.status == "closed"
    qtbot.keyClicks(dialog.reason, "Ny henvendelse fra skolen")
    assert dialog.message.text() == ""
    qtbot.wait(20)
    dialog.grab().save(str(tmp_path / "genaabn-sag.png"))
    click(qtbot, dialog.ok_button)

    assert get_case(vault, case_id).case.status == "open"
    assert not editor.read_only() and editor.close_button.isVisible() and not editor.reopen_button.isVisible()
    assert editor.level_button.isEnabled()
