"""Meeting mode: autosave while typing (debounce, flush on destroy, close and lock), the journal rule on the
minutes, keyboard navigation, dispositions, and approved minutes read-only. Real vault, real services; every name
and number is invented."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from sspdesk.cases import section_history
from sspdesk.dispositions import add_disposition, get_disposition
from sspdesk.meetings import approve_minutes, create_meeting, get_meeting, save_item_minutes
from sspdesk.store.vault import Vault
from sspdesk.ui.meetings.meeting_mode import MeetingModeView
from sspdesk.ui.meetings.meetings_page import MeetingsPage
from support import PASSPHRASE
from support.meetings import CPR, NAME, Setup, make_meeting


def marked(editor: QPlainTextEdit) -> list[str]:
    """The texts the editor shows marked (its extra selections)."""
    return [mark.cursor.selectedText() for mark in editor.extraSelections()]


def minutes(vault: Vault, setup: Setup, item_id: str) -> tuple[str, str]:
    item = get_meeting(vault, setup.meeting_id, log_view=False).item(item_id)
    return item.minutes.discussion, item.minutes.decision


@pytest.fixture
def setup(vault) -> Setup:
    return make_meeting(vault)


@pytest.fixture
def mode(qtbot, vault, setup):
    view = MeetingModeView()
    qtbot.addWidget(view)
    view.resize(1156, 690)
    view.show()
    qtbot.waitExposed(view)
    view.open_meeting(vault, setup.meeting_id, setup.journal_item)
    yield view
    view.close_meeting()


def open_page(qtbot, vault: Vault, setup: Setup) -> MeetingsPage:
    """The Møder page, unlocked, with the meeting in meeting mode. Not given to qtbot: the tests destroy it."""
    page = MeetingsPage()
    page.resize(1156, 690)
    page.show()
    qtbot.waitExposed(page)
    page.on_unlocked(vault)
    page.select_meeting(setup.meeting_id, setup.journal_item)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    qtbot.keyClick(page.detail.agenda_view, Qt.Key.Key_F5)
    qtbot.waitUntil(page.in_meeting_mode)  # the button animates its click
    return page


def reopened_text(qtbot, vault: Vault, setup: Setup) -> str:
    """Close the vault, open it again and read the item's Drøftelse through a new page in meeting mode."""
    vault.close()
    again = Vault.open(vault.path, PASSPHRASE)
    try:
        page = open_page(qtbot, again, setup)
        text = page.mode.discussion.toPlainText()
        page.on_locked()
        shiboken6.delete(page)
        return text
    finally:
        again.close()


def test_text_typed_in_meeting_mode_is_saved_after_the_debounce_and_survives_destroying_the_window(qtbot, vault, setup):
    page = open_page(qtbot, vault, setup)
    assert page.mode.current_item_id() == setup.journal_item
    assert page.mode.saved_label.text() == "Gemmes automatisk"
    qtbot.keyClicks(page.mode.discussion, "Skolen oplever mere ro i frikvartererne.")
    assert minutes(vault, setup, setup.journal_item) == ("", "")  # not yet: the debounce runs
    qtbot.waitUntil(lambda: page.mode.saved_label.text().startswith("Gemt "), timeout=10_000)

    shiboken6.delete(page)  # no save call, no close event: the widget is simply gone
    assert reopened_text(qtbot, vault, setup) == "Skolen oplever mere ro i frikvartererne."


def test_destroying_the_window_right_after_typing_saves_the_pending_text(qtbot, vault, setup):
    page = open_page(qtbot, vault, setup)
    qtbot.keyClicks(page.mode.discussion, "Lokalbetjenten har talt med gruppen.")
    assert page.mode.debounce.isActive() and not page.mode.saved_label.text().startswith("Gemt")

    shiboken6.delete(page)  # before the debounce: the destroyed handler flushes what is pending
    assert reopened_text(qtbot, vault, setup) == "Lokalbetjenten har talt med gruppen."


def test_closing_meeting_mode_right_after_typing_saves_through_the_close_path(qtbot, vault, setup):
    view = MeetingModeView()
    view.show()
    qtbot.waitExposed(view)
    view.open_meeting(vault, setup.meeting_id, setup.topic_item)
    qtbot.keyClicks(view.decision, "Taget til efterretning.")
    view.close()
    assert minutes(vault, setup, setup.topic_item) == ("", "Taget til efterretning.")
    shiboken6.delete(view)


def test_locking_flushes_pending_minutes_then_clears_every_widget(qtbot, vault, setup):
    page = open_page(qtbot, vault, setup)
    qtbot.keyClicks(page.mode.discussion, "Forældrene er orienteret.")
    page.on_locked()  # the main window calls this before the vault closes

    assert minutes(vault, setup, setup.journal_item) == ("Forældrene er orienteret.", "")
    assert not page.shows_data() and not page.in_meeting_mode()
    assert all(not edit.toPlainText() for edit in page.findChildren(QPlainTextEdit))
    assert page.mode.agenda.count() == 0 and page.mode.title.text() == ""
    assert page.model.rowCount() == 0 and page.detail.agenda.rowCount() == 0
    shiboken6.delete(page)


@pytest.mark.parametrize(
    ("typed", "offending", "start"),
    [
        (f" Drengen {CPR} ses ved stationen.", CPR, 'Feltet "Drøftelse" indeholder et CPR-nummer'),
        (f" {NAME} var med.", NAME, 'Feltet "Drøftelse" indeholder et navn'),
    ],
)
def test_a_journal_item_refuses_a_cpr_number_or_registered_name_and_the_vault_keeps_the_saved_text(
    qtbot, mode, vault, setup, typed, offending, start
):
    qtbot.keyClicks(mode.discussion, "Ro i klassen.")
    mode.save_now()
    assert minutes(vault, setup, setup.journal_item) == ("Ro i klassen.", "")

    qtbot.keyClicks(mode.discussion, typed)
    qtbot.waitUntil(lambda: mode.saved_label.text() == "Ikke gemt", timeout=10_000)
    assert mode.check.note_text("discussion").startswith(start)  # said under the field
    assert marked(mode.discussion) == [offending]  # marked, but the cursor stays where the user types
    assert not mode.discussion.textCursor().hasSelection()
    assert mode.discussion.textCursor().position() == len(mode.discussion.toPlainText())
    assert mode.saved_label.text() == "Ikke gemt"
    assert minutes(vault, setup, setup.journal_item) == ("Ro i klassen.", "")

    mode.next_item()  # the refused text is not left behind silently
    assert mode.current_item_id() == setup.journal_item
    assert mode.discussion.toPlainText() == "Ro i klassen." + typed
    assert mode.message.text().startswith(start)
    assert mode.discussion.textCursor().selectedText() == offending


def test_a_sag_item_takes_the_name_and_its_minutes_become_the_case_minutes_section(qtbot, mode, vault, setup):
    mode.agenda.setCurrentRow(2)
    assert mode.current_item_id() == setup.sag_item
    qtbot.keyClicks(mode.discussion, f"{NAME} mødte op til samtalen.")
    qtbot.keyClicks(mode.decision, "Mentorforløb i tre måneder.")
    mode.previous_item()  # changing item saves at once

    assert minutes(vault, setup, setup.sag_item) == (f"{NAME} mødte op til samtalen.", "Mentorforløb i tre måneder.")
    versions = section_history(vault, setup.sag_case, "minutes")
    assert [v.fields["decision"] for v in versions] == ["Mentorforløb i tre måneder."]


def test_keyboard_moves_between_items_adds_a_disposition_marks_it_done_and_esc_leaves(qtbot, mode, vault, setup):
    mode.activateWindow()
    qtbot.waitUntil(mode.isActiveWindow)
    assert "Ctrl+PgDown" in mode.footer.text() and "Esc" in mode.footer.text()
    qtbot.keyClicks(mode.discussion, "Første punkt.")
    qtbot.keyClick(mode.discussion, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert mode.current_item_id() == setup.topic_item
    assert minutes(vault, setup, setup.journal_item) == ("Første punkt.", "")
    assert mode.agenda.currentRow() == 1 and QApplication.focusWidget() is mode.discussion

    qtbot.keyClick(mode.discussion, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    dialog = mode.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.owner.setCurrentText("Lokalbetjent")
    qtbot.keyClicks(dialog.what, "Kører forbi stationen fredag aften")
    dialog.due.setText("20.03.2026")
    qtbot.keyClick(dialog.what, Qt.Key.Key_Return)
    assert mode.panel.dispositions.rowCount() == 1
    disposition = mode.panel.dispositions.record(0)
    assert (disposition.owner, disposition.due) == ("Lokalbetjent", "2026-03-20")

    mode.panel.dispositions_view.selectRow(0)
    qtbot.keyClick(mode.discussion, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert get_disposition(vault, disposition.id).status == "done"
    assert mode.panel.dispositions.record(0).status == "done"

    qtbot.keyClick(mode.discussion, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert mode.current_item_id() == setup.journal_item
    with qtbot.waitSignal(mode.left, timeout=10_000):
        qtbot.keyClick(mode.discussion, Qt.Key.Key_Escape)
    assert not mode.shows_data()


def test_carried_dispositions_are_shown_for_follow_up(qtbot, vault, setup):
    disposition = add_disposition(
        vault,
        setup.meeting_id,
        "Skolesocialrådgiver",
        "Tager kontakt til forældrene",
        item_id=setup.journal_item,
        due="2026-03-20",
    )
    approve_minutes(vault, setup.meeting_id, now=None)
    later = create_meeting(vault, "Koordinationsmøde", "2026-03-24 14:00", area="Nord").detail
    item = next(i for i in later.items if i.followups)
    view = MeetingModeView()
    qtbot.addWidget(view)
    view.show()
    view.open_meeting(vault, later.id, item.id)
    assert [d.id for d in view.panel.followups.rows()] == [disposition.id]
    assert view.panel.followups_view.isVisible()
    view.close_meeting()


def test_approved_minutes_open_read_only_with_a_note_and_an_addendum_button(qtbot, vault, setup):
    save_item_minutes(vault, setup.journal_item, "Ro i klassen.", "Følges op.")
    approve_minutes(vault, setup.meeting_id)
    view = MeetingModeView()
    qtbot.addWidget(view)
    view.show()
    view.open_meeting(vault, setup.meeting_id, setup.journal_item)

    assert view.discussion.isReadOnly() and view.decision.isReadOnly()
    assert view.notice.isVisible() and "kan kun læses" in view.notice.text()
    assert view.addendum_button.isVisible() and not view.panel.new_button.isEnabled()
    qtbot.keyClicks(view.discussion, "Mere tekst")
    assert view.discussion.toPlainText() == "Ro i klassen."
    view.addendum_button.click()
    dialog = view.dialog
    qtbot.keyClicks(dialog.text, "Politiet har siden oplyst, at sagen er henlagt.")
    dialog.ok_button.click()
    assert [a.text for a in get_meeting(vault, setup.meeting_id).addenda] == [
        "Politiet har siden oplyst, at sagen er henlagt."
    ]
    view.close_meeting()


def test_the_save_status_is_read_out_as_it_is_shown(qtbot, mode):
    """Its text is its accessible name: a fixed name, "Gemt", had a screen reader say "Gemt" over unsaved minutes
    (found by the AT-SPI walk)."""

    def spoken() -> str:
        return QAccessible.queryAccessibleInterface(mode.saved_label).text(QAccessible.Text.Name)

    assert spoken() == "Gemmes automatisk"
    qtbot.keyClicks(mode.discussion, "Skolen oplever mere ro i frikvartererne.")
    assert not spoken().startswith("Gemt")  # typed, not yet saved
    qtbot.waitUntil(lambda: mode.saved_label.text().startswith("Gemt kl. "), timeout=10_000)
    assert spoken() == mode.saved_label.text()
