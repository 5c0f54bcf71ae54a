"""The fields of the consent form, laid out like the paper (Bilag 6 – Samtykkeerklæring).

Dato; Navn på samtykkegiver, CPR-nr and whether that is the young person or a forældremyndighedsindehaver (with
joint custody a second custody holder, who signs too); Navn på person and CPR-nr; the persons who may obtain and
pass on information (Sagsbehandler(e), Primær kontaktperson, Sekundære kontaktpersoner – name, authority/affiliation,
party type, contact details – `consent_contacts`); "Hvad giver jeg samtykke til, at der udveksles?" (free text and
the profile's information categories, sensitive ones marked); the validity. A note says when the young person is
15+ and must sign too. Party types and categories come from the active profile (`set_profile`).

The form only reads and shows values; the editor around it (`sspdesk.ui.consents.consent_editor`) saves them through the
services, which hold the rules, and asks the form to focus the field a refusal names.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from sspdesk import cpr as cprlib
from sspdesk.consents import CONTACT_ROLES, Consent, ConsentInput
from sspdesk.domain.disclosure import InfoCategory, PartyType
from sspdesk.domain.errors import Invalid
from sspdesk.ui import accessibility
from sspdesk.ui.consents.consent_contacts import ContactRows
from sspdesk.ui.consents.consent_contacts import caption as _caption
from sspdesk.ui.widgets.fields import DateLine, GrowingText, select_span
from sspdesk.ui.widgets.read_only import set_read_only

GIVER_CHOICES = (("custody_holder", "Forældremyndighedsindehaver"), ("young_person", "Den unge selv (fyldt 18 år)"))
INTRO = (
    "Jeg (den unge eller forældremyndighedsindehaver) giver samtykke (\u201dsiger ja\u201d) til, at der må "
    "udveksles oplysninger i forbindelse med behandlingen af min sag."
)
GIVER2_TITLE = "Anden forældremyndighedsindehaver (fælles forældremyndighed)"
SENSITIVE_MARK = " (følsom)"
SENSITIVE_TIP = "Følsomme oplysninger eller oplysninger om strafbare forhold (databeskyttelsesforordningen art. 9/10)"


class ConsentForm(QWidget):
    """The fields of Bilag 6. `values(case_refs)` gives a `ConsentInput`; `show_field(name)` focuses a field."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cosign_from_age = 15
        self._read_only = False
        self.info_categories: tuple[InfoCategory, ...] = ()
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
        self.giver2_name = self._line("giver2_name", "Navn på anden forældremyndighedsindehaver")
        self.giver2_cpr = self._line("giver2_cpr", "Anden forældremyndighedsindehavers CPR-nr")
        self.giver2_name.setPlaceholderText("Kun ved fælles forældremyndighed")
        self.person_name = self._line("person_name", "Navn på person")
        self.person_cpr = self._line("person_cpr", "Personens CPR-nr")
        for cpr_edit in (self.giver_cpr, self.giver2_cpr, self.person_cpr):
            cpr_edit.setPlaceholderText("ddmmåå-xxxx")
            cpr_edit.setMaximumWidth(150)
        rows = (
            (("Dato", self.consent_date), ("Samtykkegiver er", self.giver_role)),
            (("Navn på samtykkegiver", self.giver_name), ("CPR-nr", self.giver_cpr)),
            ((GIVER2_TITLE, self.giver2_name), ("CPR-nr", self.giver2_cpr)),
            (("Navn på person", self.person_name), ("CPR-nr", self.person_cpr)),
        )
        self.giver2_widgets: list[QWidget] = [self.giver2_name, self.giver2_cpr]
        for index, pair in enumerate(rows):
            for column, (text, widget) in enumerate(pair):
                label = _caption(text)
                label.setBuddy(widget)
                grid.addWidget(label, 1 + index * 2, column)
                grid.addWidget(widget, 2 + index * 2, column)
                if widget in (self.giver2_name, self.giver2_cpr):
                    self.giver2_widgets.append(label)
        grid.setColumnStretch(0, 1)
        grid.setColumnMinimumWidth(1, self.giver_role.sizeHint().width())
        self.case_label = _caption("")
        grid.addWidget(self.case_label, 9, 0, 1, 2)
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
        self.category_grid = QGridLayout()
        self.category_grid.setHorizontalSpacing(14)
        self.category_grid.setVerticalSpacing(4)
        self.category_grid.setColumnStretch(3, 1)
        self.categories: dict[str, QCheckBox] = {}
        column.addWidget(_caption("Områder:"))
        column.addLayout(self.category_grid)
        return box

    def _validity(self) -> QGroupBox:
        box = QGroupBox("Gyldighed")
        grid = QGridLayout(box)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(3)
        self.valid_from = DateLine()
        self.valid_until = DateLine()
        for column, (text, widget) in enumerate((("Gyldig fra", self.valid_from), ("Gyldig til", self.valid_until))):
            widget.setAccessibleName(text)
            widget.textChanged.connect(self.changed)
            grid.addWidget(_caption(text), 0, column)
            grid.addWidget(widget, 1, column)
        self.validity_hint = _caption("Tom: fra erklæringens dato og standardperioden fra Indstillinger.")
        self.validity_hint.setWordWrap(True)
        self.validity_hint.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        grid.addWidget(self.validity_hint, 1, 2)
        grid.setColumnStretch(2, 1)
        return box

    # -- the profile's lists ---------------------------------------------------------------------------------

    def set_profile(self, parties: tuple[PartyType, ...], categories: tuple[InfoCategory, ...]) -> None:
        """The party types for each person's Type and the information categories to tick (the active profile)."""
        for rows in self.contact_rows.values():
            rows.set_parties(parties)
        if categories != self.info_categories:
            self.info_categories = categories
            self._set_categories(())

    def _set_categories(self, extra: tuple[str, ...]) -> None:
        """One checkbox per profile category, plus one for each stored key the profile does not know (shown as
        itself: a consent made under another profile)."""
        for check in self.categories.values():
            self.category_grid.removeWidget(check)
            check.setParent(None)
            check.deleteLater()
        self.categories = {}
        known = {c.key for c in self.info_categories}
        items = [(c.key, c.label, c.sensitive) for c in self.info_categories]
        items += [(key, key, False) for key in extra if key not in known]
        for index, (key, label, sensitive) in enumerate(items):
            check = QCheckBox(label + (SENSITIVE_MARK if sensitive else ""))
            check.setAccessibleName(label)
            if sensitive:
                check.setToolTip(SENSITIVE_TIP)
            check.setEnabled(not self._read_only)
            check.toggled.connect(self.changed)
            self.categories[key] = check
            self.category_grid.addWidget(check, *divmod(index, 3))

    # -- values ----------------------------------------------------------------------------------------------

    def _role_changed(self) -> None:
        """ "Den unge selv": the giver is the person; back to a custody holder: clear the person's own data."""
        own = self.giver_role.currentData() == "young_person"
        if not self._read_only:
            if own and not self.giver_name.text().strip() and not self.giver_cpr.text().strip():
                self.giver_name.setText(self.person_name.text())
                self.giver_cpr.setText(self.person_cpr.text())
            elif not own and self.giver_cpr.text().strip() == self.person_cpr.text().strip():
                self.giver_name.clear()
                self.giver_cpr.clear()
        self._show_giver2()
        self.changed.emit()

    def _show_giver2(self) -> None:
        """A second custody holder only when a custody holder gives consent (and, read-only, only when named)."""
        shown = self.giver_role.currentData() == "custody_holder" and (
            not self._read_only or bool(self.giver2_name.text())
        )
        for widget in self.giver2_widgets:
            widget.setVisible(shown)

    def fill(self, data: ConsentInput | Consent, case_numbers: tuple[str, ...] = ()) -> None:
        self.blockSignals(True)
        self.consent_date.set_iso(data.consent_date.isoformat())
        self.giver_role.blockSignals(True)
        self.giver_role.setCurrentIndex(max(self.giver_role.findData(data.giver_role), 0))
        self.giver_role.blockSignals(False)
        cprs = (data.giver_cpr, data.giver2_cpr, data.person_cpr)
        shown = [cprlib.format_cpr(c) if len(c) == 10 and c.isdigit() else c for c in cprs]
        for edit, text in (
            (self.giver_name, data.giver_name),
            (self.giver_cpr, shown[0]),
            (self.giver2_name, data.giver2_name),
            (self.giver2_cpr, shown[1]),
            (self.person_name, data.person_name),
            (self.person_cpr, shown[2]),
        ):
            edit.setText(text)
            edit.setCursorPosition(0)
        for role, rows in self.contact_rows.items():
            rows.set_contacts(tuple(c for c in data.contacts if c.role == role))
        self.exchange_text.setPlainText(data.exchange_text)
        self._set_categories(data.categories)
        for key, check in self.categories.items():
            check.setChecked(key in data.categories)
        self.valid_from.set_iso(data.valid_from.isoformat() if data.valid_from else "")
        self.valid_until.set_iso(data.valid_until.isoformat() if data.valid_until else "")
        self.case_label.setText(f"Sag: {', '.join(case_numbers)}" if case_numbers else "")
        self._show_giver2()
        accessibility.reading_order(self)  # the persons' rows were made now: Tab reads them where they stand
        self.blockSignals(False)
        self.changed.emit()

    def _texts(self) -> tuple[QLineEdit, ...]:
        return (
            self.consent_date,
            self.giver_name,
            self.giver_cpr,
            self.giver2_name,
            self.giver2_cpr,
            self.person_name,
            self.person_cpr,
            self.valid_from,
            self.valid_until,
        )

    def raw(self) -> tuple:
        """Everything typed, for "is anything unsaved?"."""
        texts = tuple(w.text() for w in self._texts())
        contacts = tuple(tuple(rows.contacts()) for rows in self.contact_rows.values())
        checks = tuple(key for key, c in self.categories.items() if c.isChecked())
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
        custody = self.giver_role.currentData() == "custody_holder"  # the hidden fields count for nothing
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
            giver2_name=self.giver2_name.text() if custody else "",
            giver2_cpr=self.giver2_cpr.text() if custody else "",
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
            "giver2_name": self.giver2_name,
            "giver2_cpr": self.giver2_cpr,
            "person_name": self.person_name,
            "person_cpr": self.person_cpr,
            "exchange_text": self.exchange_text,
            "categories": next(iter(self.categories.values()), None),
            "valid_from": self.valid_from,
            "valid_until": self.valid_until,
        }
        if field == "contacts":
            rows = self.contact_rows.values()
            problem = next((w for w in (r.problem_widget() for r in rows) if w is not None), None)
            first = next((r.rows[0].name for r in rows if r.rows), None)
            widgets[field] = problem or first or self.contact_rows["primary"].add_button
        widget = widgets.get(field or "")
        if widget is not None:
            select_span(widget)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for edit in self._texts():
            set_read_only(edit, read_only)
            if isinstance(edit, DateLine):
                edit.setPlaceholderText("" if read_only else "dd.mm.åååå")
        set_read_only(self.exchange_text, read_only)
        self.giver_role.setEnabled(not read_only)
        for check in self.categories.values():
            check.setEnabled(not read_only)
        for rows in self.contact_rows.values():
            rows.set_read_only(read_only)
        self.validity_hint.setVisible(not read_only)
        self._show_giver2()

    def clear(self) -> None:
        """Empty every field (the vault is locking)."""
        self.blockSignals(True)
        for edit in self._texts():
            edit.clear()
        self.exchange_text.clear()
        for check in self.categories.values():
            check.setChecked(False)
        for rows in self.contact_rows.values():
            rows.set_contacts(())
        self.case_label.clear()
        self.blockSignals(False)
