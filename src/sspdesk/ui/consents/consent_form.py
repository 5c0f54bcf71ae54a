"""The fields of the consent form, laid out like the paper (Bilag 6 – Samtykkeerklæring).

Dato; Navn på samtykkegiver, CPR-nr and whether that is the young person or a forældremyndighedsindehaver; Navn på
person and CPR-nr; the persons who may obtain and pass on information (Sagsbehandler(e), Primær kontaktperson,
Sekundære kontaktpersoner – name, authority/affiliation, contact details); "Hvad giver jeg samtykke til, at der
udveksles?" (free text and areas); the validity. A note says when the young person is 15+ and must sign too.

The form only reads and shows values; the editor around it (`sspdesk.ui.consents.consent_editor`) saves them through the
services, which hold the rules, and asks the form to focus the field a refusal names.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from sspdesk import cpr as cprlib
from sspdesk.consents import CATEGORIES, CONTACT_ROLES, Consent, ConsentContact, ConsentInput
from sspdesk.domain.errors import Invalid
from sspdesk.ui import theme
from sspdesk.ui.widgets.colours import GREY
from sspdesk.ui.widgets.fields import DateLine, GrowingText, select_span

GIVER_CHOICES = (("custody_holder", "Forældremyndighedsindehaver"), ("young_person", "Den unge selv (fyldt 18 år)"))
INTRO = (
    "Jeg (den unge eller forældremyndighedsindehaver) giver samtykke (\u201dsiger ja\u201d) til, at der må "
    "udveksles oplysninger i forbindelse med behandlingen af min sag."
)
_AUTHORITY = {"caseworker": "Myndighed", "primary": "Myndighed/tilhørsforhold", "secondary": "Myndighed/tilhørsforhold"}
_ADD = {
    "caseworker": "Tilføj sagsbehandler",
    "primary": "Tilføj primær kontaktperson",
    "secondary": "Tilføj sekundær kontaktperson",
}
READ_ONLY_STYLE = (
    'QLineEdit[readOnly="true"], QPlainTextEdit[readOnly="true"] '
    f"{{ background: {theme.colour('readonly')}; color: {theme.colour('text')}; }}"
)


def _caption(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet(f"color: {GREY};")
    return label


class ContactRows(QWidget):
    """The persons in one role: a row of Navn, Myndighed/tilhørsforhold, Kontaktoplysninger each; add/remove."""

    changed = Signal()

    def __init__(self, role: str, single: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.role, self.single = role, single
        self.rows: list[tuple[QLineEdit, QLineEdit, QLineEdit, QToolButton]] = []
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
        for column, text in enumerate(("Navn", _AUTHORITY[role], "Kontaktoplysninger")):
            self.grid.addWidget(_caption(text), 0, column)
        self.grid.setColumnStretch(0, 3)
        self.grid.setColumnStretch(1, 4)
        self.grid.setColumnStretch(2, 4)
        layout.addLayout(self.grid)
        self.empty = _caption("Ingen endnu.")
        layout.addWidget(self.empty)
        self.add_button = QPushButton(_ADD[role])
        self.add_button.clicked.connect(lambda: self.add_row(focus=True))
        layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        self._update()

    def add_row(self, contact: ConsentContact | None = None, focus: bool = False) -> None:
        edits = [QLineEdit(getattr(contact, key, "")) for key in ("name", "authority", "contact")]
        for edit, text in zip(edits, ("Navn", _AUTHORITY[self.role], "Kontaktoplysninger"), strict=True):
            edit.setCursorPosition(0)  # a long text shows its beginning
            edit.setToolTip(edit.text())
            edit.setAccessibleName(f"{CONTACT_ROLES[self.role]}: {text}")
            edit.setReadOnly(self._read_only)
            edit.textChanged.connect(self.changed)
        edits[2].setPlaceholderText("Telefon, e-mail")
        remove = QToolButton()
        remove.setText("✕")
        remove.setToolTip("Fjern personen")
        remove.setAccessibleName("Fjern personen")
        remove.setVisible(not self._read_only)
        row = (edits[0], edits[1], edits[2], remove)
        remove.clicked.connect(lambda: self.remove_row(self.rows.index(row)))
        grid_row = len(self.rows) + 1
        for column, widget in enumerate(row):
            self.grid.addWidget(widget, grid_row, column)
        self.rows.append(row)
        self._update()
        if focus:
            edits[0].setFocus()
        self.changed.emit()

    def remove_row(self, index: int) -> None:
        removed = self.rows.pop(index)
        for widget in removed:
            self.grid.removeWidget(widget)
            widget.setParent(None)
            widget.deleteLater()
        for position, widgets in enumerate(self.rows, 1):  # close the gap
            for column, kept in enumerate(widgets):
                self.grid.addWidget(kept, position, column)
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
        found = []
        for name, authority, contact, _remove in self.rows:
            texts = (name.text(), authority.text(), contact.text())
            if any(t.strip() for t in texts):
                found.append(ConsentContact(self.role, *texts))
        return found

    def problem_widget(self) -> QLineEdit | None:
        """The first row without a name (the usual reason contacts are refused)."""
        return next(
            (row[0] for row in self.rows if not row[0].text().strip() and any(w.text().strip() for w in row[1:3])), None
        )

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for *edits, remove in self.rows:
            for edit in edits:
                edit.setReadOnly(read_only)
            remove.setVisible(not read_only)
        self._update()

    def _update(self) -> None:
        self.empty.setVisible(not self.rows)
        for index in range(3):
            header = self.grid.itemAtPosition(0, index)
            label = header.widget() if header else None
            if label:
                label.setVisible(bool(self.rows))
        self.add_button.setVisible(not self._read_only and not (self.single and self.rows))


class ConsentForm(QWidget):
    """The fields of Bilag 6. `values(case_refs)` gives a `ConsentInput`; `show_field(name)` focuses a field."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cosign_from_age = 15
        self._read_only = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addWidget(self._parties())
        layout.addWidget(self._contacts())
        layout.addWidget(self._exchange())
        layout.addWidget(self._validity())

    # -- building --------------------------------------------------------------------------------------------

    def _line(self, name: str, accessible: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(f"field-{name}")
        edit.setAccessibleName(accessible)
        edit.textChanged.connect(self.changed)
        return edit

    def _parties(self) -> QGroupBox:
        box = QGroupBox("Samtykkeerklæring")
        grid = QGridLayout(box)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(3)
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        intro.setStyleSheet("font-style: italic;")
        grid.addWidget(intro, 0, 0, 1, 3)
        self.consent_date = DateLine()
        self.consent_date.setAccessibleName("Dato")
        self.consent_date.textChanged.connect(self.changed)
        self.giver_role = QComboBox()
        self.giver_role.setAccessibleName("Samtykkegiver er")
        for key, text in GIVER_CHOICES:
            self.giver_role.addItem(text, key)
        self.giver_role.currentIndexChanged.connect(self._role_changed)
        self.giver_name = self._line("giver_name", "Navn på samtykkegiver")
        self.giver_cpr = self._line("giver_cpr", "Samtykkegivers CPR-nr")
        self.person_name = self._line("person_name", "Navn på person")
        self.person_cpr = self._line("person_cpr", "Personens CPR-nr")
        for cpr_edit in (self.giver_cpr, self.person_cpr):
            cpr_edit.setPlaceholderText("ddmmåå-xxxx")
            cpr_edit.setMaximumWidth(150)
        rows = (
            (("Dato", self.consent_date), ("Samtykkegiver er", self.giver_role)),
            (("Navn på samtykkegiver", self.giver_name), ("CPR-nr", self.giver_cpr)),
            (("Navn på person", self.person_name), ("CPR-nr", self.person_cpr)),
        )
        for index, pair in enumerate(rows):
            for column, (caption, widget) in enumerate(pair):
                label = _caption(caption)
                label.setBuddy(widget)
                grid.addWidget(label, 1 + index * 2, column)
                grid.addWidget(widget, 2 + index * 2, column)
        grid.setColumnStretch(0, 1)
        grid.setColumnMinimumWidth(1, self.giver_role.sizeHint().width())
        self.case_label = _caption("")
        grid.addWidget(self.case_label, 7, 0, 1, 2)
        return box

    def _contacts(self) -> QGroupBox:
        box = QGroupBox("Områder og personer, der må indhente og videregive oplysninger til hinanden")
        column = QVBoxLayout(box)
        column.setSpacing(12)
        self.contact_rows = {role: ContactRows(role, single=role == "primary") for role in CONTACT_ROLES}
        for rows in self.contact_rows.values():
            rows.changed.connect(self.changed)
            column.addWidget(rows)
        return box

    def _exchange(self) -> QGroupBox:
        box = QGroupBox("Hvad giver jeg samtykke til, at der udveksles?")
        column = QVBoxLayout(box)
        self.exchange_text = GrowingText()
        self.exchange_text.setAccessibleName("Hvad giver jeg samtykke til, at der udveksles?")
        self.exchange_text.setPlaceholderText("Fx: Oplysninger om skolegang, fravær og trivsel, fritid og klub …")
        self.exchange_text.textChanged.connect(self.changed)
        column.addWidget(self.exchange_text)
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(4)
        self.categories: dict[str, QCheckBox] = {}
        for index, (key, text) in enumerate(CATEGORIES.items()):
            check = QCheckBox(text)
            check.toggled.connect(self.changed)
            self.categories[key] = check
            grid.addWidget(check, *divmod(index, 3))
        grid.setColumnStretch(3, 1)
        column.addWidget(_caption("Områder:"))
        column.addLayout(grid)
        return box

    def _validity(self) -> QGroupBox:
        box = QGroupBox("Gyldighed")
        grid = QGridLayout(box)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(3)
        self.valid_from = DateLine()
        self.valid_until = DateLine()
        for column, (caption, widget) in enumerate((("Gyldig fra", self.valid_from), ("Gyldig til", self.valid_until))):
            widget.setAccessibleName(caption)
            widget.textChanged.connect(self.changed)
            grid.addWidget(_caption(caption), 0, column)
            grid.addWidget(widget, 1, column)
        self.validity_hint = _caption("Tom: fra erklæringens dato og standardperioden fra Indstillinger.")
        self.validity_hint.setWordWrap(True)
        self.validity_hint.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        grid.addWidget(self.validity_hint, 1, 2)
        grid.setColumnStretch(2, 1)
        return box

    # -- values ----------------------------------------------------------------------------------------------

    def _role_changed(self) -> None:
        """ "Den unge selv": the giver is the person; back to a custody holder: clear the person's own data."""
        if not self._read_only:
            own = self.giver_role.currentData() == "young_person"
            if own and not self.giver_name.text().strip() and not self.giver_cpr.text().strip():
                self.giver_name.setText(self.person_name.text())
                self.giver_cpr.setText(self.person_cpr.text())
            elif not own and self.giver_cpr.text().strip() == self.person_cpr.text().strip():
                self.giver_name.clear()
                self.giver_cpr.clear()
        self.changed.emit()

    def fill(self, data: ConsentInput | Consent, case_numbers: tuple[str, ...] = ()) -> None:
        self.blockSignals(True)
        self.consent_date.set_iso(data.consent_date.isoformat())
        self.giver_role.blockSignals(True)
        self.giver_role.setCurrentIndex(max(self.giver_role.findData(data.giver_role), 0))
        self.giver_role.blockSignals(False)
        cprs = (data.giver_cpr, data.person_cpr)
        shown = [cprlib.format_cpr(c) if len(c) == 10 and c.isdigit() else c for c in cprs]
        for edit, text in (
            (self.giver_name, data.giver_name),
            (self.giver_cpr, shown[0]),
            (self.person_name, data.person_name),
            (self.person_cpr, shown[1]),
        ):
            edit.setText(text)
            edit.setCursorPosition(0)
        for role, rows in self.contact_rows.items():
            rows.set_contacts(tuple(c for c in data.contacts if c.role == role))
        self.exchange_text.setPlainText(data.exchange_text)
        for key, check in self.categories.items():
            check.setChecked(key in data.categories)
        self.valid_from.set_iso(data.valid_from.isoformat() if data.valid_from else "")
        self.valid_until.set_iso(data.valid_until.isoformat() if data.valid_until else "")
        self.case_label.setText(f"Sag: {', '.join(case_numbers)}" if case_numbers else "")
        self.blockSignals(False)
        self.changed.emit()

    def raw(self) -> tuple:
        """Everything typed, for "is anything unsaved?"."""
        texts = tuple(
            w.text()
            for w in (
                self.consent_date,
                self.giver_name,
                self.giver_cpr,
                self.person_name,
                self.person_cpr,
                self.valid_from,
                self.valid_until,
            )
        )
        contacts = tuple(tuple(rows.contacts()) for rows in self.contact_rows.values())
        checks = tuple(c.isChecked() for c in self.categories.values())
        return texts, self.giver_role.currentData(), contacts, self.exchange_text.toPlainText(), checks

    def _date(self, widget: DateLine, field: str, label: str) -> date | None:
        try:
            iso = widget.iso()
        except ValueError:
            raise Invalid(f'Datoen i feltet "{label}" kan ikke læses. Skriv den som dd.mm.åååå.', field) from None
        return date.fromisoformat(iso) if iso else None

    def values(self, case_refs: tuple[str, ...]) -> ConsentInput:
        """The form as a ConsentInput; Invalid for a date the form cannot read."""
        consent_date = self._date(self.consent_date, "consent_date", "Dato")
        if consent_date is None:
            raise Invalid("Skriv erklæringens dato.", "consent_date")
        contacts = tuple(c for rows in self.contact_rows.values() for c in rows.contacts())
        return ConsentInput(
            case_refs=case_refs,
            consent_date=consent_date,
            giver_name=self.giver_name.text(),
            giver_cpr=self.giver_cpr.text(),
            giver_role=self.giver_role.currentData(),
            person_name=self.person_name.text(),
            person_cpr=self.person_cpr.text(),
            contacts=contacts,
            exchange_text=self.exchange_text.toPlainText(),
            categories=tuple(key for key, check in self.categories.items() if check.isChecked()),
            valid_from=self._date(self.valid_from, "valid_from", "Gyldig fra"),
            valid_until=self._date(self.valid_until, "valid_until", "Gyldig til"),
        )

    def cosign_age_reached(self) -> int | None:
        """The young person's age when a custody holder gives consent and they are old enough to co-sign."""
        try:
            on = date.fromisoformat(self.consent_date.iso())
            age = cprlib.age_on(self.person_cpr.text(), on)
        except ValueError:  # an unreadable date or CPR-nr. (Invalid is a ValueError)
            return None
        own = self.giver_role.currentData() == "young_person"
        return age if not own and self.cosign_from_age <= age < cprlib.LEGAL_AGE else None

    def show_field(self, field: str | None) -> None:
        widgets: dict[str, QWidget | None] = {
            "consent_date": self.consent_date,
            "giver_role": self.giver_role,
            "giver_name": self.giver_name,
            "giver_cpr": self.giver_cpr,
            "person_name": self.person_name,
            "person_cpr": self.person_cpr,
            "exchange_text": self.exchange_text,
            "categories": next(iter(self.categories.values())),
            "valid_from": self.valid_from,
            "valid_until": self.valid_until,
        }
        if field == "contacts":
            rows = self.contact_rows.values()
            problem = next((w for w in (r.problem_widget() for r in rows) if w is not None), None)
            widgets[field] = (
                problem or next((r.rows[0][0] for r in rows if r.rows), None) or self.contact_rows["primary"].add_button
            )
        widget = widgets.get(field or "")
        if widget is not None:
            select_span(widget)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.setStyleSheet(READ_ONLY_STYLE if read_only else "")
        for edit in (
            self.consent_date,
            self.giver_name,
            self.giver_cpr,
            self.person_name,
            self.person_cpr,
            self.valid_from,
            self.valid_until,
        ):
            edit.setReadOnly(read_only)
            if isinstance(edit, DateLine):
                edit.setPlaceholderText("" if read_only else "dd.mm.åååå")
        self.exchange_text.setReadOnly(read_only)
        self.giver_role.setEnabled(not read_only)
        for check in self.categories.values():
            check.setEnabled(not read_only)
        for rows in self.contact_rows.values():
            rows.set_read_only(read_only)
        self.validity_hint.setVisible(not read_only)

    def clear(self) -> None:
        """Empty every field (the vault is locking)."""
        self.blockSignals(True)
        for edit in (
            self.consent_date,
            self.giver_name,
            self.giver_cpr,
            self.person_name,
            self.person_cpr,
            self.valid_from,
            self.valid_until,
        ):
            edit.clear()
        self.exchange_text.clear()
        for check in self.categories.values():
            check.setChecked(False)
        for rows in self.contact_rows.values():
            rows.set_contacts(())
        self.case_label.clear()
        self.blockSignals(False)
