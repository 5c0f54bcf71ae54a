"""The Kontakter dialog: add, edit and delete (with confirmation) through the dialog, an invalid e-mail refused
inline with nothing written, opened from the Møder page and closed by a lock. Real vault; all names invented."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from sspdesk.contacts import add_contact, get_contact, list_contacts
from sspdesk.ui.meetings.contacts_dialog import NOTE, ContactEditDialog, ContactsDialog
from sspdesk.ui.meetings.meetings_page import MeetingsPage


@pytest.fixture
def dialog(qtbot, vault):
    add_contact(vault, "Birte Demoholm", "Lokalbetjent", "Politi (fiktiv)", "40 00 00 01", "bdh@politi.example")
    widget = ContactsDialog(vault)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def fill(editor: ContactEditDialog, **values: str) -> None:
    for key, text in values.items():
        editor.fields[key].setText(text)


def cells(dialog: ContactsDialog, row: int) -> list[str]:
    return [dialog.table.item(row, column).text() for column in range(dialog.table.columnCount())]


def test_the_dialog_shows_the_register_and_the_note(dialog: ContactsDialog) -> None:
    headers = [dialog.table.horizontalHeaderItem(c).text() for c in range(dialog.table.columnCount())]
    assert headers == ["Navn", "Rolle", "Organisation", "Telefon", "E-mail"]
    assert cells(dialog, 0) == [
        "Birte Demoholm",
        "Lokalbetjent",
        "Politi (fiktiv)",
        "40 00 00 01",
        "bdh@politi.example",
    ]
    assert any(NOTE in label.text() for label in dialog.findChildren(type(dialog.message.label)))
    assert not dialog.edit_button.isEnabled() and not dialog.delete_button.isEnabled()


def test_add_through_the_dialog(qtbot, dialog: ContactsDialog, vault) -> None:
    qtbot.mouseClick(dialog.new_button, Qt.MouseButton.LeftButton)
    editor = dialog.editor
    assert editor is not None and editor.isVisible() and editor.windowTitle() == "Ny kontakt"
    fill(editor, name="Kasper Prøvesen", role="SSP-lærer", email="kp@skole.example")
    qtbot.mouseClick(editor.ok_button, Qt.MouseButton.LeftButton)
    assert not editor.isVisible() and dialog.editor is None
    assert [c.name for c in list_contacts(vault)] == ["Birte Demoholm", "Kasper Prøvesen"]
    assert dialog.table.rowCount() == 2 and dialog.selected().name == "Kasper Prøvesen"


def test_an_invalid_email_is_refused_inline_and_nothing_is_written(qtbot, dialog: ContactsDialog, vault) -> None:
    seq = vault.conn.execute("SELECT max(seq) FROM contacts").fetchone()[0]
    audit = vault.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    editor = dialog.new_contact()
    fill(editor, name="Lone Eksempelsen", email="lone at skole")
    qtbot.mouseClick(editor.ok_button, Qt.MouseButton.LeftButton)
    assert editor.isVisible() and editor.message.isVisible()
    assert "E-mailadressen ser ikke rigtig ud" in editor.message.label.text()
    assert editor.focusWidget() is editor.fields["email"]
    assert len(list_contacts(vault)) == 1 and dialog.table.rowCount() == 1
    assert vault.conn.execute("SELECT max(seq) FROM contacts").fetchone()[0] == seq
    assert vault.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == audit
    editor.fields["email"].setText("le@skole.example")
    qtbot.mouseClick(editor.ok_button, Qt.MouseButton.LeftButton)
    assert not editor.isVisible() and len(list_contacts(vault)) == 2


def test_edit_through_the_dialog(qtbot, dialog: ContactsDialog, vault) -> None:
    dialog.table.selectRow(0)
    assert dialog.edit_button.isEnabled()
    qtbot.mouseClick(dialog.edit_button, Qt.MouseButton.LeftButton)
    editor = dialog.editor
    assert editor.windowTitle() == "Ret kontakt" and editor.fields["name"].text() == "Birte Demoholm"
    fill(editor, role="Forebyggelsesbetjent", phone="+45 40 00 00 09")
    qtbot.mouseClick(editor.ok_button, Qt.MouseButton.LeftButton)
    (contact,) = list_contacts(vault)
    assert contact.role == "Forebyggelsesbetjent" and contact.phone == "+45 40 00 00 09"
    assert cells(dialog, 0)[1] == "Forebyggelsesbetjent" and dialog.selected() == contact


def test_delete_asks_first(qtbot, dialog: ContactsDialog, vault) -> None:
    contact_id = list_contacts(vault)[0].id
    asked: list[str] = []
    dialog.confirm = lambda _parent, _title, text, _action: asked.append(text) is None and False
    dialog.table.selectRow(0)
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert "Slet kontakten Birte Demoholm?" in asked[0] and get_contact(vault, contact_id) is not None
    dialog.confirm = lambda *_args: True
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert get_contact(vault, contact_id) is None and dialog.table.rowCount() == 0
    assert "er slettet" in dialog.message.label.text() and not dialog.delete_button.isEnabled()


def test_the_meetings_page_opens_it_and_a_lock_closes_it(qtbot, vault) -> None:
    page = MeetingsPage()
    qtbot.addWidget(page)
    page.show()
    assert not page.contacts_button.isEnabled()
    page.on_unlocked(vault)
    assert page.contacts_button.isEnabled() and page.contacts_button.text() == "&Kontakter…"
    qtbot.mouseClick(page.contacts_button, Qt.MouseButton.LeftButton)
    (opened,) = [d for d in page.findChildren(ContactsDialog) if d.isVisible()]
    assert opened.windowTitle() == "Kontakter"
    editor = opened.new_contact()
    # what the main window does before the vault closes: close every visible dialog
    for child in page.findChildren(QDialog):
        if child.isVisible():
            child.done(QDialog.DialogCode.Rejected)
    assert not opened.isVisible() and not editor.isVisible()
    page.on_locked()
    assert not page.contacts_button.isEnabled()
