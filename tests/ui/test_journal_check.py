"""Checked while typing, and the way out for a probable name (issue 16, items 3 and 4): the case editor, a new
journal's subject, meeting mode and the Ny disposition dialog mark person data as the user types and say why; a
probable name refused on save may be allowed ("Er «…» et navn på en person?" – "Nej"), a CPR number or registered
name never. Real vault, real services; every name and number is invented."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from sspdesk.cases import NewCase, list_case_ids, register_case, section_history
from sspdesk.duties.journal_rule import allowed_phrases, rules_for
from sspdesk.duties.minimisation import journal_text_findings
from sspdesk.meetings import get_meeting
from sspdesk.store import audit
from sspdesk.store.vault import Vault
from sspdesk.ui.cases.cases_page import CasesPage
from sspdesk.ui.meetings.meeting_dialogs import DispositionDialog
from sspdesk.ui.meetings.meeting_mode import MeetingModeView
from sspdesk.ui.widgets import journal_check
from support.meetings import make_meeting

ANTON = "Anton Eksemplar"
CPR = "120310-4321"  # invented
SCHOOL_TEXT = "Eleverne fra Peter Sabroe Skolen samles ved hallen om aftenen."
ADFAERD = 'Feltet "Adfærd og trivsel" indeholder '
RULE = "En DKE-Journal må ikke indeholde personhenførbare oplysninger."


def marked(editor: QPlainTextEdit) -> list[str]:
    """The texts the editor shows marked (its extra selections)."""
    return [mark.cursor.selectedText() for mark in editor.extraSelections()]


def register_anton(vault: Vault) -> None:
    register_case(vault, NewCase(level="II", subject="Indbrud i kiosk", person_name=ANTON, cpr=CPR))


def journal(vault: Vault) -> str:
    return register_case(vault, NewCase(level="I", subject="Uro ved stationen", area="Nord")).id


@pytest.fixture
def page(qtbot, vault):
    widget = CasesPage()
    widget.ask_discard = lambda titles: True
    qtbot.addWidget(widget)
    widget.resize(1366, 720)
    widget.show()
    qtbot.waitExposed(widget)
    widget.on_unlocked(vault)
    yield widget
    widget.on_locked()


@pytest.fixture
def asked(monkeypatch) -> list[str]:
    """Answers "Er «…» et navn på en person?" with "Nej" and records each phrase asked about."""
    phrases: list[str] = []

    def answer(_parent, phrase: str) -> bool:
        phrases.append(phrase)
        return False  # "Nej": not a person

    monkeypatch.setattr(journal_check, "ask_is_person", answer)
    return phrases


def open_status(page: CasesPage, case_id: str):
    page.reload()
    page.select_case(case_id)
    form = page.editor.forms[0]
    assert form.key == "status"
    return form, form.widgets["adfaerd"]


def test_typing_a_registered_first_name_in_a_journal_marks_it_and_says_why_without_saving(qtbot, page, vault):
    register_anton(vault)
    form, field = open_status(page, journal(vault))
    # Offscreen Qt drops the window's activation when the editor adds widgets; a user's window is active.
    page.window().activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is not None, timeout=1_000)
    field.setFocus()
    qtbot.keyClicks(field, "Anton stjæler")
    assert form.check.timer.isActive() and marked(field) == []  # not on every keystroke: after a pause

    qtbot.waitUntil(form.notes["adfaerd"].isVisible, timeout=1_000)
    assert marked(field) == ["Anton"]
    assert form.check.note_text("adfaerd") == f'{ADFAERD}et navn ("Anton"). {RULE}'
    cursor = field.textCursor()  # the cursor and the focus stay where the user types
    assert not cursor.hasSelection() and cursor.position() == len("Anton stjæler")
    assert QApplication.focusWidget() is field
    assert section_history(vault, page.editor.case_id(), "status") == []

    qtbot.keyClicks(field, " ikke")
    field.selectAll()
    qtbot.keyClicks(field, "En dreng stjæler")
    qtbot.waitUntil(form.notes["adfaerd"].isHidden, timeout=1_000)
    assert marked(field) == [] and form.check.note_text("adfaerd") == ""


def test_a_refused_field_is_scrolled_fully_into_view_with_its_text_selected(qtbot, page, vault):
    form, _adfaerd = open_status(page, journal(vault))
    page.editor.tabs.setCurrentWidget(form)
    last = form.widgets[form.fields[-1].key]
    assert isinstance(last, QPlainTextEdit)
    last.setPlainText(f"Ringede fra {CPR} i går.")
    page.editor.scroll_area.verticalScrollBar().setValue(0)

    assert not page.editor.save_section(form)
    assert last.textCursor().selectedText() == CPR
    viewport = page.editor.scroll_area.viewport()
    for widget in (last, form.notes[form.fields[-1].key]):
        top = widget.mapTo(viewport, widget.rect().topLeft()).y()
        assert top >= 0 and top + widget.height() <= viewport.height()


def test_a_probable_name_refused_on_save_asks_and_nej_allows_the_phrase_then_saves(qtbot, page, vault, asked):
    case_id = journal(vault)
    form, field = open_status(page, case_id)
    phrase = journal_text_findings(SCHOOL_TEXT, rules_for(vault.conn))[0].text
    qtbot.keyClicks(field, SCHOOL_TEXT)
    qtbot.waitUntil(form.notes["adfaerd"].isVisible, timeout=1_000)
    assert marked(field) == [phrase]

    assert page.editor.save_section(form)
    assert asked == [phrase]
    assert allowed_phrases(vault) == [phrase]
    assert [e.detail for e in audit.entries(vault.conn, action="journal.allow_phrase")] == [phrase]
    assert section_history(vault, case_id, "status")[0].fields["adfaerd"] == SCHOOL_TEXT
    assert marked(field) == [] and form.notes["adfaerd"].isHidden()


def test_answering_ja_keeps_the_refusal_and_says_to_rewrite_the_text(qtbot, page, vault, monkeypatch):
    monkeypatch.setattr(journal_check, "ask_is_person", lambda _parent, _phrase: True)  # "Ja": a person
    case_id = journal(vault)
    form, field = open_status(page, case_id)
    field.setPlainText(SCHOOL_TEXT)

    assert not page.editor.save_section(form)
    assert form.message.text().endswith(journal_check.REWRITE)
    assert allowed_phrases(vault) == [] and section_history(vault, case_id, "status") == []


@pytest.mark.parametrize("typed", [f"Drengen {CPR} ses ved stationen.", f"{ANTON} ses ved stationen."])
def test_a_cpr_number_or_registered_name_is_never_offered_the_choice(qtbot, page, vault, asked, typed):
    register_anton(vault)
    case_id = journal(vault)
    form, field = open_status(page, case_id)
    field.setPlainText(typed)
    form.check.check()
    assert form.notes["adfaerd"].isVisible() and 'href="allow"' not in form.notes["adfaerd"].text()

    assert not page.editor.save_section(form)
    assert asked == [] and allowed_phrases(vault) == []
    assert form.message.text().startswith(ADFAERD) and journal_check.REWRITE not in form.message.text()
    assert section_history(vault, case_id, "status") == []


def test_a_new_journals_subject_is_checked_while_typing_and_a_sags_is_not(qtbot, page, vault):
    register_anton(vault)
    page.open_new_case()
    dialog = page.new_dialog
    qtbot.keyClicks(dialog.subject, f"{ANTON} ved stationen")
    note = dialog.check.fields["subject"].note
    qtbot.waitUntil(note.isVisible, timeout=1_000)
    assert dialog.check.note_text("subject").startswith(f'Feltet "Sagens genstand" indeholder et navn ("{ANTON}")')
    assert dialog.subject.cursorPosition() == len(dialog.subject.text())

    dialog.level.setCurrentIndex(dialog.level.findData("II"))  # a sag may name its person
    assert note.isHidden()
    dialog.level.setCurrentIndex(dialog.level.findData("I"))
    assert note.isVisible()
    count = len(list_case_ids(vault))
    dialog.ok_button.click()
    assert dialog.created is None and len(list_case_ids(vault)) == count


def test_meeting_mode_on_a_journal_item_marks_a_cpr_number_while_typing_and_autosave_does_not_store_it(qtbot, vault):
    setup = make_meeting(vault)
    mode = MeetingModeView()
    qtbot.addWidget(mode)
    mode.resize(1366, 720)
    mode.show()
    qtbot.waitExposed(mode)
    mode.open_meeting(vault, setup.meeting_id, setup.journal_item)
    qtbot.keyClicks(mode.discussion, f"Drengen {CPR} ses ved stationen.")

    note = mode.check.fields["discussion"].note
    qtbot.waitUntil(note.isVisible, timeout=1_000)
    assert marked(mode.discussion) == [CPR]
    assert mode.check.note_text("discussion").startswith(f'Feltet "Drøftelse" indeholder et CPR-nummer ("{CPR}")')
    qtbot.waitUntil(lambda: mode.saved_label.text() == "Ikke gemt", timeout=5_000)  # the autosave ran
    assert not mode.discussion.textCursor().hasSelection()
    item = get_meeting(vault, setup.meeting_id, log_view=False).item(setup.journal_item)
    assert item.minutes.discussion == ""

    mode.agenda.setCurrentRow(1)  # a topic: no journal rule, nothing marked
    assert mode.current_item_id() == setup.journal_item  # … but the refused text is not left behind
    mode.discussion.setPlainText("Drengen ses ved stationen.")
    mode.agenda.setCurrentRow(1)
    assert mode.current_item_id() == setup.topic_item and not mode.check.active
    mode.close_meeting()


def test_in_meeting_mode_the_note_offers_the_way_out_and_nej_saves_the_minutes(qtbot, vault, asked):
    setup = make_meeting(vault)
    mode = MeetingModeView()
    qtbot.addWidget(mode)
    mode.show()
    qtbot.waitExposed(mode)
    mode.open_meeting(vault, setup.meeting_id, setup.journal_item)
    phrase = journal_text_findings(SCHOOL_TEXT, rules_for(vault.conn))[0].text
    qtbot.keyClicks(mode.decision, SCHOOL_TEXT)
    qtbot.waitUntil(lambda: mode.saved_label.text() == "Ikke gemt", timeout=5_000)
    note = mode.check.fields["decision"].note
    assert 'href="allow"' in note.text() and phrase in note.text()

    note.linkActivated.emit("allow")  # the user clicks «…» er ikke et navn…
    assert asked == [phrase] and allowed_phrases(vault) == [phrase]
    assert note.isHidden() and marked(mode.decision) == []
    item = get_meeting(vault, setup.meeting_id, log_view=False).item(setup.journal_item)
    assert item.minutes.decision == SCHOOL_TEXT
    mode.close_meeting()


def disposition_dialog(qtbot, vault, item: str = "journal") -> tuple[DispositionDialog, str]:
    """The Ny disposition dialog (Ctrl+D in meeting mode) on the test meeting's journal (or sag) item, shown."""
    setup = make_meeting(vault)
    detail = get_meeting(vault, setup.meeting_id, log_view=False)
    item_id = getattr(setup, f"{item}_item")
    dialog = DispositionDialog(vault, setup.meeting_id, detail.item(item_id), detail.participants)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog, setup.meeting_id


def dispositions(vault: Vault, meeting_id: str) -> list[str]:
    return [d.what for d in get_meeting(vault, meeting_id, log_view=False).dispositions]


def test_a_cpr_number_in_a_journal_items_disposition_is_marked_while_typing_and_not_added(
    qtbot, vault, asked, tmp_path
):
    dialog, meeting_id = disposition_dialog(qtbot, vault)
    dialog.owner.setCurrentText("Skolelederen")
    typed = f"Ring til forældrene til {CPR}"
    qtbot.keyClicks(dialog.what, typed)
    note = dialog.check.fields["what"].note
    qtbot.waitUntil(note.isVisible, timeout=1_000)
    assert [(f.kind, f.text) for f in dialog.check.findings("what")] == [("cpr", CPR)]
    assert dialog.check.note_text("what").startswith(f'Feltet "Hvad" indeholder et CPR-nummer ("{CPR}")')
    assert dialog.what.cursorPosition() == len(typed) and not dialog.what.hasSelectedText()
    dialog.grab().save(str(tmp_path / "dispcheck.png"))  # in tmp_path: parallel workers share /tmp

    dialog.ok_button.click()
    assert dialog.result() != DispositionDialog.DialogCode.Accepted and dialog.isVisible()
    assert asked == [] and dispositions(vault, meeting_id) == []  # a CPR number is never offered the choice
    assert dialog.message.isVisible() and dialog.what.selectedText() == CPR


def test_hvem_is_a_professionals_field_and_a_probable_name_in_hvad_may_be_allowed(qtbot, vault, asked):
    dialog, meeting_id = disposition_dialog(qtbot, vault)
    dialog.owner.setCurrentText("Peter Sabroe Skolen")  # Hvem names the professional: no finding there
    dialog.what.setText(SCHOOL_TEXT)
    phrase = journal_text_findings(SCHOOL_TEXT, rules_for(vault.conn))[0].text
    dialog.check.check()
    assert dialog.check.findings("owner") == [] and [f.text for f in dialog.check.findings("what")] == [phrase]

    dialog.ok_button.click()  # "Er «…» et navn på en person?" – "Nej"
    assert asked == [phrase] and allowed_phrases(vault) == [phrase]
    assert dispositions(vault, meeting_id) == [SCHOOL_TEXT]
    assert dialog.result() == DispositionDialog.DialogCode.Accepted


def test_a_sag_items_disposition_is_not_checked(qtbot, vault):
    dialog, _meeting_id = disposition_dialog(qtbot, vault, "sag")
    assert not dialog.check.active
    dialog.owner.setCurrentText("Skolelederen")
    qtbot.keyClicks(dialog.what, f"Ring til {CPR}")
    assert not dialog.check.timer.isActive()
    assert dialog.check.findings("what") == [] and dialog.check.fields["what"].note.isHidden()
