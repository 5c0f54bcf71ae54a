"""Kontakter: the register of professionals (never the young people) – a table with Ny / Ret / Slet.

Opened from the Møder page (participants are filled from it). Ny and Ret open a small form; an `Invalid` is
shown as a Danish line in that form, the named field gets the focus, and nothing is saved. Slet asks first. All
dialogs are opened with `open()` (window-modal, not blocking), so a lock closes them.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sspdesk.contacts import (
    FIELD_LABELS,
    FIELDS,
    MAX_LENGTHS,
    Contact,
    add_contact,
    delete_contact,
    list_contacts,
    update_contact,
)
from sspdesk.domain.errors import Invalid
from sspdesk.store.vault import Vault
from sspdesk.ui import theme
from sspdesk.ui.widgets.confirm import ask_confirmation
from sspdesk.ui.widgets.dialog_buttons import settle_default_button
from sspdesk.ui.widgets.message_bar import MessageBar

NOTE = "Kun fagpersoner – aldrig de unge."
_PLACEHOLDERS = {
    "role": "Fx Lokalbetjent",
    "organisation": "Fx Nordskolen",
    "phone": "Fx 40 00 00 01",
    "email": "Fx navn@kommune.dk",
}
_MNEMONICS = {
    "name": "&Navn:",
    "role": "&Rolle:",
    "organisation": "&Organisation:",
    "phone": "Te&lefon:",
    "email": "&E-mail:",
}
_WIDTHS = {"name": 150, "role": 170, "organisation": 170, "phone": 105}  # at least; wider to fit, up to _MAX_WIDTH
_MAX_WIDTH = 300

Confirm = Callable[[QWidget | None, str, str, str], bool]


def _muted(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {theme.colour('muted')};")
    return label


class ContactEditDialog(QDialog):
    """Ny kontakt / Ret kontakt: five fields; `_submit` calls the service and accepts with the saved contact."""

    message: MessageBar  # made after the fields, whose edits clear it

    def __init__(self, vault: Vault, contact: Contact | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault, self.contact = vault, contact
        self.saved: Contact | None = None
        self.setWindowTitle("Ret kontakt" if contact else "Ny kontakt")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.resize(460, 0)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(_muted(NOTE))
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields: dict[str, QLineEdit] = {}
        for key in FIELDS:
            edit = QLineEdit(getattr(contact, key) if contact else "")
            edit.setMaxLength(MAX_LENGTHS[key])
            edit.setPlaceholderText(_PLACEHOLDERS.get(key, ""))
            edit.setAccessibleName(FIELD_LABELS[key])
            edit.textEdited.connect(lambda _text: self.message.clear())
            form.addRow(_MNEMONICS[key], edit)
            self.fields[key] = edit
        layout.addLayout(form)
        self.message = MessageBar()
        layout.addWidget(self.message)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton("&Gem" if contact else "&Tilføj", QDialogButtonBox.ButtonRole.AcceptRole)
        settle_default_button(self, self.ok_button)
        buttons.addButton("Annuller", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.fields["name"].setFocus()

    def values(self) -> dict[str, str]:
        return {key: edit.text() for key, edit in self.fields.items()}

    def _submit(self) -> None:
        try:
            if self.contact is None:
                self.saved = add_contact(self.vault, **self.values())
            else:
                self.saved = update_contact(self.vault, self.contact.id, **self.values())
        except Invalid as exc:
            self.message.show_error(exc.message)
            widget = self.fields.get(exc.field or "")
            if widget is not None:
                widget.setFocus()
                widget.selectAll()
            return
        self.accept()


class ContactsDialog(QDialog):
    """The register: Navn, Rolle, Organisation, Telefon, E-mail; Ny / Ret / Slet."""

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.confirm: Confirm = ask_confirmation
        self.editor: ContactEditDialog | None = None
        self.contacts: list[Contact] = []
        self.setWindowTitle("Kontakter")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.resize(980, 440)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(_muted(f"{NOTE} Registret bruges til at udfylde deltagere i møder."))
        self.table = self._table()
        layout.addWidget(self.table, 1)
        self.message = MessageBar()
        layout.addWidget(self.message)
        layout.addLayout(self._buttons())
        self.reload()

    def _table(self) -> QTableWidget:
        table = QTableWidget(0, len(FIELDS))
        table.setHorizontalHeaderLabels([FIELD_LABELS[key] for key in FIELDS])
        table.setAccessibleName("Kontakter")
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
        header = table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setHighlightSections(False)
        header.setSectionResizeMode(FIELDS.index("email"), QHeaderView.ResizeMode.Stretch)
        table.itemSelectionChanged.connect(self._update_buttons)
        table.itemDoubleClicked.connect(lambda _item: self.edit_contact())
        return table

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.new_button = QPushButton("&Ny…")
        self.new_button.setShortcut(QKeySequence(QKeySequence.StandardKey.New))
        self.new_button.setToolTip("Tilføj en fagperson (Ctrl+N)")
        self.edit_button = QPushButton("&Ret…")
        self.edit_button.setToolTip("Ret den valgte kontakt (eller dobbeltklik)")
        self.delete_button = QPushButton("&Slet…")
        self.delete_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_button.setToolTip("Slet den valgte kontakt (Delete) – møder beholder deltagerens navn og rolle")
        for button, slot in (
            (self.new_button, self.new_contact),
            (self.edit_button, self.edit_contact),
            (self.delete_button, self.delete_selected),
        ):
            button.setAutoDefault(False)
            button.clicked.connect(lambda _checked=False, slot=slot: slot())
            row.addWidget(button)
        row.addStretch(1)
        close = QPushButton("&Luk")
        close.clicked.connect(self.reject)
        settle_default_button(self, close)
        row.addWidget(close)
        return row

    # -- the list --------------------------------------------------------------------------------------------

    def reload(self, select_id: str = "") -> None:
        self.contacts = list_contacts(self.vault)
        self.table.setRowCount(len(self.contacts))
        for row, contact in enumerate(self.contacts):
            for column, key in enumerate(FIELDS):
                item = QTableWidgetItem(getattr(contact, key))
                item.setToolTip(getattr(contact, key))
                self.table.setItem(row, column, item)
            if contact.id == select_id:
                self.table.selectRow(row)
        for column, key in enumerate(FIELDS):
            if key in _WIDTHS:
                fit = self.table.sizeHintForColumn(column) + 12
                self.table.horizontalHeader().resizeSection(column, min(max(fit, _WIDTHS[key]), _MAX_WIDTH))
        if not any(c.id == select_id for c in self.contacts):
            self.table.clearSelection()
        self._update_buttons()

    def selected(self) -> Contact | None:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        return self.contacts[min(rows)] if rows else None

    def _update_buttons(self) -> None:
        chosen = self.selected() is not None
        self.edit_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    # -- Ny / Ret / Slet -------------------------------------------------------------------------------------

    def new_contact(self) -> ContactEditDialog:
        return self._open_editor(None)

    def edit_contact(self) -> ContactEditDialog | None:
        contact = self.selected()
        return self._open_editor(contact) if contact else None

    def _open_editor(self, contact: Contact | None) -> ContactEditDialog:
        self.message.clear()
        editor = ContactEditDialog(self.vault, contact, self)
        editor.accepted.connect(lambda: self.reload(editor.saved.id if editor.saved else ""))
        editor.finished.connect(lambda _result: self._editor_closed(editor))
        self.editor = editor
        editor.open()
        return editor

    def _editor_closed(self, editor: ContactEditDialog) -> None:
        if self.editor is editor:
            self.editor = None
        editor.deleteLater()

    def delete_selected(self) -> bool:
        contact = self.selected()
        if contact is None:
            return False
        text = (
            f"Slet kontakten {contact.name}?\n\nMøder, hvor personen er deltager, beholder navn og rolle. "
            "Sletningen kommer også med til kollegerne ved næste udveksling."
        )
        if not self.confirm(self, "Slet kontakt", text, "&Slet"):
            return False
        try:
            delete_contact(self.vault, contact.id)
        except Invalid as exc:
            self.message.show_error(exc.message)
            self.reload()
            return False
        self.reload()
        self.message.show_message(f"{contact.name} er slettet.", "info")
        return True
