"""The persons of one role on the consent form (Bilag 6: Sagsbehandler(e), Primær kontaktperson, Sekundære
kontaktpersoner): a row each of Navn, Myndighed/tilhørsforhold, Type and Kontaktoplysninger, with add and remove.

The type is the party type from the active profile (skole, politi, …): what the exchange check compares a
recipient with. A stored type the profile does not know (a consent made under another profile) is shown as its key.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QLineEdit, QPushButton, QToolButton, QVBoxLayout, QWidget

from sspdesk.consents import CONTACT_ROLES, ConsentContact
from sspdesk.domain.disclosure import PartyType
from sspdesk.ui import accessibility
from sspdesk.ui.widgets.colours import GREY
from sspdesk.ui.widgets.read_only import set_read_only

AUTHORITY = {"caseworker": "Myndighed", "primary": "Myndighed/tilhørsforhold", "secondary": "Myndighed/tilhørsforhold"}
TYPE_CAPTION = "Type"
NO_TYPE = "Vælg type…"
_ADD = {
    "caseworker": "Tilføj sagsbehandler",
    "primary": "Tilføj primær kontaktperson",
    "secondary": "Tilføj sekundær kontaktperson",
}
_NAME, _AUTHORITY, _TYPE, _CONTACT, _REMOVE = range(5)


def caption(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet(f"color: {GREY};")
    return label


class ContactRow:
    """The widgets of one person."""

    def __init__(self, role: str, contact: ConsentContact | None, parties: tuple[PartyType, ...]) -> None:
        role_text = CONTACT_ROLES[role]
        self.name, self.authority, self.contact = (
            QLineEdit(getattr(contact, key, "")) for key in ("name", "authority", "contact")
        )
        captions = ("Navn", AUTHORITY[role], "Kontaktoplysninger")
        for edit, text in zip(self.edits(), captions, strict=True):
            edit.setCursorPosition(0)  # a long text shows its beginning
            edit.setToolTip(edit.text())
            edit.setAccessibleName(f"{role_text}: {text}")
        self.contact.setPlaceholderText("Telefon, e-mail")
        self.party = QComboBox()
        self.party.setAccessibleName(f"{role_text}: {TYPE_CAPTION}")
        self.party.setToolTip("Hvilken slags part personen er – afgør hvad der må udveksles med hvem")
        self.set_parties(parties, contact.party_type if contact else "")
        self.remove = QToolButton()
        self.remove.setText("✕")
        self.remove.setToolTip("Fjern personen")
        self.remove.setAccessibleName("Fjern personen")

    def widgets(self) -> tuple[QWidget, ...]:
        return (self.name, self.authority, self.party, self.contact, self.remove)

    def edits(self) -> tuple[QLineEdit, ...]:
        return (self.name, self.authority, self.contact)

    def party_type(self) -> str:
        return str(self.party.currentData() or "")

    def set_parties(self, parties: tuple[PartyType, ...], chosen: str | None = None) -> None:
        """Fill the choice from the profile; keep the chosen key (shown as itself when the profile lacks it)."""
        key = self.party_type() if chosen is None else chosen
        self.party.blockSignals(True)
        self.party.clear()
        self.party.addItem(NO_TYPE, "")
        for party in parties:
            self.party.addItem(party.label, party.key)
        if key and self.party.findData(key) < 0:
            self.party.addItem(key, key)
        self.party.setCurrentIndex(max(self.party.findData(key), 0))
        self.party.blockSignals(False)

    def to_contact(self, role: str) -> ConsentContact | None:
        texts = [edit.text() for edit in self.edits()]
        if not any(t.strip() for t in texts) and not self.party_type():
            return None  # a row left completely empty is ignored
        return ConsentContact(role, texts[0], texts[1], texts[2], self.party_type())

    def problem(self) -> QWidget | None:
        """The widget of the usual refusal: a person without a name, or a named one without a type."""
        filled = any(edit.text().strip() for edit in (self.authority, self.contact)) or self.party_type()
        if not self.name.text().strip():
            return self.name if filled else None
        return None if self.party_type() else self.party


class ContactRows(QWidget):
    """The persons in one role; add/remove rows; `contacts()` gives the filled rows."""

    changed = Signal()

    def __init__(self, role: str, single: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.role, self.single = role, single
        self.rows: list[ContactRow] = []
        self.parties: tuple[PartyType, ...] = ()
        self._read_only = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        title = QLabel(CONTACT_ROLES[role])
        title.setStyleSheet("font-weight: bold;")
        layout.addWidget(title)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(8)
        self.grid.setVerticalSpacing(4)
        for column, text in enumerate(("Navn", AUTHORITY[role], TYPE_CAPTION, "Kontaktoplysninger")):
            self.grid.addWidget(caption(text), 0, column)
        for column, stretch in ((_NAME, 3), (_AUTHORITY, 4), (_TYPE, 2), (_CONTACT, 3)):
            self.grid.setColumnStretch(column, stretch)
        layout.addLayout(self.grid)
        self.empty = caption("Ingen endnu.")
        layout.addWidget(self.empty)
        self.add_button = QPushButton(_ADD[role])
        self.add_button.clicked.connect(lambda: self.add_row(focus=True))
        layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        self._update()

    def set_parties(self, parties: tuple[PartyType, ...]) -> None:
        self.parties = parties
        for row in self.rows:
            row.set_parties(parties)

    def add_row(self, contact: ConsentContact | None = None, focus: bool = False) -> None:
        row = ContactRow(self.role, contact, self.parties)
        for edit in row.edits():
            set_read_only(edit, self._read_only)
            edit.textChanged.connect(self.changed)
        row.party.setEnabled(not self._read_only)
        row.party.currentIndexChanged.connect(lambda _i: self.changed.emit())
        row.remove.setVisible(not self._read_only)
        row.remove.clicked.connect(lambda: self.remove_row(self.rows.index(row)))
        for column, widget in enumerate(row.widgets()):
            self.grid.addWidget(widget, len(self.rows) + 1, column)
        self.rows.append(row)
        self._update()
        accessibility.reading_order(self)  # a new row: Tab reaches it where it stands, not last in the window
        if focus:
            row.name.setFocus()
        self.changed.emit()

    def remove_row(self, index: int) -> None:
        removed = self.rows.pop(index)
        for widget in removed.widgets():
            self.grid.removeWidget(widget)
            widget.setParent(None)
            widget.deleteLater()
        for position, kept in enumerate(self.rows, 1):  # close the gap
            for column, widget in enumerate(kept.widgets()):
                self.grid.addWidget(widget, position, column)
        self._update()
        self.changed.emit()

    def set_contacts(self, contacts: tuple[ConsentContact, ...]) -> None:
        while self.rows:
            self.remove_row(0)
        for contact in contacts:
            if contact.role == self.role:
                self.add_row(contact)

    def contacts(self) -> list[ConsentContact]:
        """The filled-in rows (a row left completely empty is ignored)."""
        return [c for c in (row.to_contact(self.role) for row in self.rows) if c is not None]

    def problem_widget(self) -> QWidget | None:
        """The first row the service would refuse for the usual reasons (no name, no type)."""
        return next((w for w in (row.problem() for row in self.rows) if w is not None), None)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for row in self.rows:
            for edit in row.edits():
                set_read_only(edit, read_only)
            row.party.setEnabled(not read_only)
            row.remove.setVisible(not read_only)
        self._update()

    def _update(self) -> None:
        self.empty.setVisible(not self.rows)
        for column in range(4):
            header = self.grid.itemAtPosition(0, column)
            label = header.widget() if header else None
            if label:
                label.setVisible(bool(self.rows))
        self.add_button.setVisible(not self._read_only and not (self.single and self.rows))
