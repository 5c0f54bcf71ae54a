"""Dialogs of the Sager page: Ny sag, Skift niveau, Luk sag, Genåbn sag and a section's Historik.

Each dialog collects input and calls one service function itself; an `Invalid` is shown as a Danish line in the
dialog and the named field gets the focus (with the offending text selected), and nothing is saved. The dialogs are
opened with `open()` (window-modal, not blocking), so the page stays responsive and tests can drive them. A new
DKE-Journal's Sagens genstand is checked while typing, and a probable name that is no person may be allowed
(`ui/widgets/journal_check.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QRadioButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from sspdesk.case_events import CaseEvent, reopen_case
from sspdesk.cases import CaseDetail, NewCase, active_profile, change_level, close_case, filter_values, register_case
from sspdesk.cpr import age_on, normalize_cpr
from sspdesk.domain.cases import SectionEntry
from sspdesk.domain.dates import stamp_text
from sspdesk.domain.errors import Invalid
from sspdesk.domain.forms import CRIME_TYPES, FORUM_HINT, KIND_LABELS, SOURCES, SUBJECT_HINT, TRANSFER_CHOICES, Field
from sspdesk.duties.journal_rule import rules_for
from sspdesk.profiles import Level, Profile
from sspdesk.store.vault import Vault
from sspdesk.ui.cases.case_routing import FLAG_TEXT
from sspdesk.ui.widgets.confirm import ask_confirmation
from sspdesk.ui.widgets.dialog_buttons import settle_default_button
from sspdesk.ui.widgets.form_dialog import FormDialog
from sspdesk.ui.widgets.journal_check import JournalCheck, with_note
from sspdesk.ui.widgets.labels import grey_label
from sspdesk.ui.widgets.qdates import to_date

JOURNAL_NOTE = "En DKE-Journal må ikke indeholde navn eller CPR-nr."
Confirm = Callable[[str, str], bool]


def level_text(level: Level) -> str:
    """'I – Risikoadfærd (DKE-Journal)'."""
    return f"{level.code} – {level.name} ({KIND_LABELS[level.record_kind]})"


def _editable_combo(values: list[str], current: str = "") -> QComboBox:
    combo = QComboBox()
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.addItems(values)
    combo.setCurrentText(current)
    return combo


def _setting_list(vault: Vault, key: str) -> list[str]:
    value = vault.setting(key)
    if isinstance(value, str):
        value = value.split(",")
    return [str(v).strip() for v in value or () if str(v).strip()]


class NewCaseDialog(FormDialog):
    """Ny sag: level, Sagens genstand, area, coordinator, date, forum – and for a sag source, crime type, Navn and
    CPR-nr."""

    def __init__(self, vault: Vault, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__("Ny sag", "Opret", parent)
        self.vault = vault
        self.profile: Profile = active_profile(vault)
        self.created: CaseDetail | None = None
        self._forum_touched = False
        self.setMinimumWidth(560)

        self.level = QComboBox()
        for level in self.profile.levels:
            self.level.addItem(level_text(level), level.code)
        self.subject = QLineEdit()
        areas = sorted(set(_setting_list(vault, "areas")) | set(filter_values(vault, "area")))
        self.area = _editable_combo(areas)
        area_line = self.area.lineEdit()  # an editable combo always has one
        if area_line is not None:
            area_line.setPlaceholderText("Skoledistrikt eller område")
        coordinators = sorted(set(filter_values(vault, "coordinator")) | ({vault.user} - {""}))
        self.coordinator = _editable_combo(coordinators, vault.user)
        self.source = QComboBox()
        self.source.addItems(["", *SOURCES])
        self.crime_type = QComboBox()  # counted in the leadership's statistics; editable later under Sagsforløb
        self.crime_type.addItems(["", *CRIME_TYPES])
        day = today or date.today()
        self.registered = QDateEdit(QDate(day.year, day.month, day.day))
        self.registered.setCalendarPopup(True)
        self.registered.setDisplayFormat("dd.MM.yyyy")
        self.registered.setMaximumWidth(150)
        self.forum = _editable_combo([f.name for f in self.profile.forums])
        forum_line = self.forum.lineEdit()
        if forum_line is not None:
            forum_line.textEdited.connect(self._forum_edited)
        self.forum.activated.connect(self._forum_edited)
        self.person_name = QLineEdit()
        self.cpr = QLineEdit()
        self.cpr.setPlaceholderText("DDMMÅÅ-XXXX")
        self.cpr.setMaxLength(14)
        self.radicalisation = QCheckBox(FLAG_TEXT)
        self.radicalisation.setToolTip("Sager vedr. voldelig ideologisk radikalisering indbringes altid for DKE leder")
        youth = self.profile.age_rules.youth_forum
        # A DKE-Journal holds no CPR-nr.: the age band alone chooses the youth forum (seed 000 l.243–244), unstored.
        self.youth = QCheckBox(f"Personen er {youth.from_age} år eller ældre ({youth.forum})" if youth else "")
        self.youth.toggled.connect(self._update_forum)
        self.cpr.textChanged.connect(self._update_forum)
        self.registered.dateChanged.connect(self._update_forum)
        self.journal_note = grey_label(JOURNAL_NOTE)
        self.check = JournalCheck(self)
        self.journal_rules = rules_for(vault.conn)  # read once; used while the chosen level is a journal's
        subject_note = self.check.watch("subject", self.subject, "Sagens genstand")

        rows: list[tuple[str, str, QWidget]] = [
            ("level", "&Niveau:", self.level),
            ("subject", "Sagens &genstand:", self.subject),
            ("area", "&Område:", self.area),
            ("coordinator", "&Koordinator:", self.coordinator),
            ("source", "Identifikation – &kilde:", self.source),
            ("crime_type", "Kriminalitets&type:", self.crime_type),
            ("registered", "&Dato:", self.registered),
            ("forum", "&Mødeforum:", self.forum),
            ("person_name", "N&avn:", self.person_name),
            ("cpr", "&CPR-nr:", self.cpr),
            ("age", "Alder:", self.youth),
            ("radicalisation", "Radikalisering:", self.radicalisation),
        ]
        for key, text, widget in rows:
            if key == "subject":  # the note on what the check found goes right under the field
                label = QLabel(text)
                label.setBuddy(widget)  # the mnemonic still goes to the field, not to the box around it
                self.form.addRow(label, with_note(widget, subject_note))
            else:
                self.form.addRow(text, widget)
            self.field_widgets[key] = widget
            widget.setAccessibleName(text.replace("&", "").rstrip(":"))
        self.form.addRow("", self.journal_note)
        self.finish_layout(stretch=True)
        self.level.currentIndexChanged.connect(self._level_changed)
        self._level_changed()
        self.subject.setFocus()

    def chosen_level(self) -> Level:
        return self.profile.level(self.level.currentData())

    def _forum_edited(self, *_args: object) -> None:
        self._forum_touched = True

    def _level_changed(self, *_args: object) -> None:
        level = self.chosen_level()
        kind = level.record_kind
        self.subject.setPlaceholderText(SUBJECT_HINT[kind])
        self.forum.setToolTip(FORUM_HINT[kind])
        is_sag = kind == "sag"
        if not is_sag:  # a hidden field must not keep a name or CPR number for a journal
            self.person_name.clear()
            self.cpr.clear()
            self.source.setCurrentIndex(0)  # the source is part of a sag's case flow, not of Bilag 5
            self.crime_type.setCurrentIndex(0)
        for widget in (self.source, self.crime_type, self.person_name, self.cpr):
            self.form.setRowVisible(widget, is_sag)
        self.form.setRowVisible(self.journal_note, not is_sag)
        self.form.setRowVisible(self.youth, not is_sag and self.profile.age_rules.youth_forum is not None)
        if is_sag:
            self.youth.setChecked(False)
        self._update_forum()
        self.check.set_rules(self.vault, None if is_sag else self.journal_rules)
        self.message.clear()

    def chosen_age(self) -> int | None:
        """The age the forum is chosen by: from the CPR-nr. of a sag, or the journal's age band; None unknown."""
        if self.youth.isChecked():
            return self.profile.youth_age()
        if self.chosen_level().record_kind != "sag":
            return None
        try:
            return age_on(normalize_cpr(self.cpr.text()), to_date(self.registered.date()))
        except Invalid:
            return None

    def _update_forum(self, *_args: object) -> None:
        """The forum the case will get, shown until the user picks another (Ungekoordinationsmøde from 16)."""
        if not self._forum_touched:
            self.forum.setCurrentText(self.profile.forum_for(self.chosen_level().code, self.chosen_age()))

    def new_case(self) -> NewCase:
        is_sag = self.chosen_level().record_kind == "sag"
        return NewCase(
            level=self.level.currentData(),
            subject=self.subject.text(),
            registered=to_date(self.registered.date()),
            area=self.area.currentText().strip(),
            coordinator=self.coordinator.currentText().strip(),
            forum=self.forum.currentText().strip() if self._forum_touched else "",
            person_name=self.person_name.text() if is_sag else "",
            cpr=self.cpr.text() if is_sag else "",
            source=self.source.currentText() if is_sag else "",
            crime_type=self.crime_type.currentText() if is_sag else "",
            radicalisation=self.radicalisation.isChecked(),
            age=self.profile.youth_age() if self.youth.isChecked() and not is_sag else None,
        )

    def _submit(self) -> None:
        try:  # a probable name refused: "Er «…» et navn på en person?" – on "Nej" registered again
            self.created = self.check.save_or_ask(lambda: register_case(self.vault, self.new_case()), self)
        except Invalid as exc:
            self.show_invalid(exc)
            return
        self.accept()


class ChangeLevelDialog(FormDialog):
    """Skift niveau. Raising a journal to a sag level asks for Navn and CPR-nr and creates a new DKE-Sag."""

    def __init__(self, vault: Vault, detail: CaseDetail, parent: QWidget | None = None) -> None:
        super().__init__("Skift niveau", "Skift niveau", parent)
        self.vault, self.detail = vault, detail
        self.profile = active_profile(vault)
        self.result_detail: CaseDetail | None = None
        self.setMinimumWidth(560)
        case = detail.case
        current = case.level
        known = current in self.profile.level_codes()
        self.form.addRow("Nuværende niveau:", QLabel(level_text(self.profile.level(current)) if known else current))
        self.level = QComboBox()
        for level in self.profile.levels:
            if level.code != current:
                self.level.addItem(level_text(level), level.code)
        self.form.addRow("&Nyt niveau:", self.level)
        self.explanation = grey_label("")
        self.explanation.setMinimumWidth(520)  # wraps at the dialog's width, not at a narrower guess
        self.form.addRow(self.explanation)
        self.person_name = QLineEdit()
        self.cpr = QLineEdit()
        self.cpr.setPlaceholderText("DDMMÅÅ-XXXX")
        self.form.addRow("N&avn:", self.person_name)
        self.form.addRow("&CPR-nr:", self.cpr)
        self.field_widgets = {"level": self.level, "person_name": self.person_name, "cpr": self.cpr}
        self.finish_layout(stretch=True)
        self.level.currentIndexChanged.connect(self._level_changed)
        self._level_changed()

    def raises_journal(self) -> bool:
        code = self.level.currentData()
        return bool(code) and self.detail.kind == "journal" and self.profile.level(code).record_kind == "sag"

    def _level_changed(self, *_args: object) -> None:
        raising = self.raises_journal()
        for widget in (self.person_name, self.cpr):
            self.form.setRowVisible(widget, raising)
        number = self.detail.number
        if raising:
            self.explanation.setText(
                f"Der oprettes en ny DKE-Sag på niveau {self.level.currentData()}, som henviser til journalen "
                f"{number}. Journalen lukkes som »Løftet til DKE-Sag« og kan derefter kun læses. "
                "Navn og CPR-nr. skrives kun i den nye sag."
            )
        else:
            self.person_name.clear()
            self.cpr.clear()
            self.explanation.setText("Fristerne for det nye niveau regnes fra i dag; de åbne frister lukkes.")
        self.message.clear()

    def _submit(self) -> None:
        code = self.level.currentData()
        if not code:
            return
        try:
            self.result_detail = change_level(
                self.vault, self.detail.id, code, person_name=self.person_name.text(), cpr=self.cpr.text()
            )
        except Invalid as exc:
            self.show_invalid(exc)
            return
        self.accept()


class CloseCaseDialog(FormDialog):
    """Luk sag: the Lukkenotat, for a sag also the decision on transfer to the social authorities."""

    def __init__(
        self, vault: Vault, detail: CaseDetail, parent: QWidget | None = None, confirm: Confirm | None = None
    ) -> None:
        super().__init__(f"Luk {KIND_LABELS[detail.kind]} {detail.number}", "Luk sag", parent)
        self.vault, self.detail = vault, detail
        self.result_detail: CaseDetail | None = None
        self.confirm: Confirm = confirm or (lambda title, text: ask_confirmation(self, title, text, "Luk sagen"))
        self.setMinimumWidth(560)
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)
        self.note.setPlaceholderText("Kort begrundelse for lukningen")
        self.note.setAccessibleName("Lukkenotat")
        self.note.setMinimumHeight(90)
        self.form.addRow("&Lukkenotat:", self.note)
        self.field_widgets["lukkenotat"] = self.note
        self.transfer = QButtonGroup(self)
        if detail.kind == "sag":
            box = QWidget()
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            for index, choice in enumerate(TRANSFER_CHOICES):
                button = QRadioButton(choice)
                self.transfer.addButton(button, index)
                column.addWidget(button)
                if index == 0:
                    self.field_widgets["overdragelse"] = button
            years = active_profile(vault).retention_years
            column.addWidget(grey_label(f"Personoplysningerne i en DKE-Sag må opbevares i {years} år efter lukning."))
            self.form.addRow("Overdragelse:", box)
        self.form.addRow("", grey_label("En lukket sag kan kun læses, indtil den genåbnes med en begrundelse."))
        self.finish_layout(stretch=True)
        self.note.setFocus()

    def transfer_choice(self) -> str:
        button = self.transfer.checkedButton()
        return button.text() if button else ""

    def _submit(self) -> None:
        note, transfer = self.note.toPlainText(), self.transfer_choice()
        complete = bool(note.strip()) and (self.detail.kind != "sag" or bool(transfer))
        # Incomplete input goes straight to the service, which says in Danish what is missing; a complete
        # closing is confirmed first, because it locks the case (only a reopening with a reason unlocks it).
        if complete and not self.confirm("Luk sagen?", f"Luk {self.detail.number}? Sagen kan derefter kun læses."):
            return
        try:
            self.result_detail = close_case(self.vault, self.detail.id, note, transfer)
        except Invalid as exc:
            self.show_invalid(exc)
            return
        self.accept()


class ReopenCaseDialog(FormDialog):
    """Genåbn sag: a closed case opens again only with a reason, kept as an event that travels to colleagues."""

    def __init__(self, vault: Vault, detail: CaseDetail, parent: QWidget | None = None) -> None:
        super().__init__(f"Genåbn {KIND_LABELS[detail.kind]} {detail.number}", "Genåbn sag", parent)
        self.vault, self.detail = vault, detail
        self.reopened: CaseEvent | None = None
        self.setMinimumWidth(560)
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setPlaceholderText("Hvorfor skal sagen genåbnes? Fx en ny henvendelse fra skolen")
        self.reason.setAccessibleName("Begrundelse")
        self.reason.setMinimumHeight(90)
        self.reason.textChanged.connect(self.message.clear)  # a refusal's line goes once the user writes
        self.form.addRow("&Begrundelse:", self.reason)
        self.field_widgets["reason"] = self.reason
        notes = [
            "Begrundelsen gemmes på sagen med dit navn og tidspunktet, og kolleger ser den, når sagen sendes til "
            "dem. Lukkenotatet bliver stående i sagens historik."
        ]
        if detail.kind == "journal":
            notes.append(JOURNAL_NOTE)
        self.form.addRow("", grey_label("\n".join(notes)))
        self.finish_layout(stretch=True)
        self.reason.setFocus()

    def _submit(self) -> None:
        try:
            self.reopened = reopen_case(self.vault, self.detail.id, self.reason.toPlainText())
        except Invalid as exc:
            self.show_invalid(exc)
            return
        self.accept()


class HistoryDialog(QDialog):
    """The saved versions of one section, newest first: who, when and the text."""

    def __init__(
        self, title: str, versions: list[SectionEntry], fields: tuple[Field, ...], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Historik – {title}")
        self.resize(760, 460)
        self.versions, self.fields = versions, fields
        layout = QVBoxLayout(self)
        layout.addWidget(grey_label("Gemte versioner af afsnittet, nyeste først. Tidligere versioner kan ikke ændres."))
        splitter = QSplitter()
        self.list = QListWidget()
        self.list.setSpacing(3)
        self.list.setAccessibleName("Gemte versioner")
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setAccessibleName("Den valgte versions tekst")
        splitter.addWidget(self.list)
        splitter.addWidget(self.text)
        splitter.setSizes([240, 520])
        layout.addWidget(splitter, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Luk")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        settle_default_button(self, buttons.button(QDialogButtonBox.StandardButton.Close))
        for index, version in enumerate(versions):
            current = " (gældende)" if index == 0 else ""
            self.list.addItem(f"{stamp_text(version.created_at)}{current}\n{version.author or 'ukendt'}")
        self.list.currentRowChanged.connect(self._show)
        if versions:
            self.list.setCurrentRow(0)
        else:
            self.text.setPlainText("Afsnittet er ikke gemt endnu.")

    def _show(self, row: int) -> None:
        if not 0 <= row < len(self.versions):
            self.text.clear()
            return
        version = self.versions[row]
        labels = {f.key: f.label for f in self.fields}
        lines = [f"Gemt {stamp_text(version.created_at)} af {version.author or 'ukendt'}", ""]
        for key, value in version.fields.items():
            if value:
                lines += [f"{labels.get(key, key)}:", value, ""]
        self.text.setPlainText("\n".join(lines).rstrip())
