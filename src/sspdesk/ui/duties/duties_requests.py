"""Requests from the person: sletning (art. 17) and rettelse (art. 16) of their data, as dialogs of the
Databeskyttelse menu.

`ErasePersonDialog` takes a CPR-nr., shows what will be erased (the access-request summary, which logs nothing),
and erases only after an explicit confirmation; a changed CPR-nr. voids the preview. `CorrectionDialog` looks a
case up (viewing a sag is logged, as when it is opened), offers its sections and fields, and saves one new value
with the required reason through `erasure.correct_field`. Both run the service on the worker (see `DutyDialog`).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sspdesk import cpr as cprlib
from sspdesk.cases import CaseDetail, active_profile, get_case
from sspdesk.domain.access_report import AccessReport
from sspdesk.domain.cases import SectionEntry
from sspdesk.domain.dates import date_text
from sspdesk.domain.errors import NotFound
from sspdesk.domain.forms import CASE_STATUS_LABELS as STATUS_LABELS
from sspdesk.domain.forms import KIND_LABELS, SECTIONS, TRANSFER_CHOICES, Field, section_fields
from sspdesk.duties import erasure
from sspdesk.duties.access_request import collect
from sspdesk.ui.duties.duties_dialogs import DutyDialog, DutyWindow, problem_of
from sspdesk.ui.widgets.colours import GREY
from sspdesk.ui.widgets.confirm import CONFIRM_TEXT, NOT_CONFIRMED
from sspdesk.ui.widgets.fields import DateLine
from sspdesk.ui.widgets.labels import buddy_label, cpr_edit, grey_label, notice_label, plural

_HEADER_FIELDS = ("subject", "area", "coordinator", "forum", "person_name", "cpr")
CLOSING_FIELDS = (
    Field("lukkenotat", erasure.CLOSING_LABELS["lukkenotat"]),
    Field("overdragelse", erasure.CLOSING_LABELS["overdragelse"], kind="choice", choices=("", *TRANSFER_CHOICES)),
)


# -- sletning efter anmodning ------------------------------------------------------------------------------------


def backups_text(count: int) -> str:
    if not count:
        return "Der tages en ny sikkerhedskopi bagefter."
    which = "Sikkerhedskopien" if count == 1 else f"De {count} sikkerhedskopier"
    return (
        f"{which}, der er taget før sletningen, slettes også, fordi {'den' if count == 1 else 'de'} stadig "
        "indeholder oplysningerne. Der tages en ny sikkerhedskopi bagefter."
    )


def erase_preview_text(report: AccessReport, backups: int) -> str:
    """What `erase_person` will empty, from the access-request summary (which itself logs nothing)."""
    cases = ", ".join(
        f"{c.case.number} ({STATUS_LABELS.get(c.case.status, c.case.status).lower()})" for c in report.cases
    )
    own = sum(1 for m in report.meetings if m.case_number)
    lines = [
        f"Navn: {report.name or '–'}",
        f"Sager: {cases or 'ingen'}",
        f"Samtykker: {', '.join(c['reference'] for c in report.consents) or 'ingen'}",
        f"Referater af sagerne: {own} · Andre referater, der nævner personen: {len(report.meetings) - own}",
        f"Dispositioner: {len(report.dispositions)} · Oplysningspligt: {len(report.information)} · "
        f"Udvekslinger: {len(report.exchanges)}",
        "",
        "Alt dette slettes overalt i datafilen, også i åbne sager; i andre referater klippes navn og CPR-nr. "
        "ud. Tilbage bliver kun en sletningsnote uden personoplysninger.",
        "",
        backups_text(backups),
        "",
        "Andre kolleger får sletningen med, næste gang I udveksler pakker. Sletningen kan ikke fortrydes.",
    ]
    return "\n".join(lines)


class ErasePersonDialog(DutyDialog):
    """Sletning efter anmodning (art. 17): CPR-nr., a preview of what goes, explicit confirmation, erasure."""

    def __init__(self, window: DutyWindow, *, today: date | None = None) -> None:
        super().__init__(
            window,
            "Slet en persons oplysninger",
            (
                "Sletning efter anmodning (databeskyttelsesforordningens art. 17): alle sager med CPR-nr. "
                "– også åbne – "
                "samtykker, hvor personen er den unge eller den, der har givet samtykket, og omtale i referater."
            ),
            today=today,
        )
        self.cpr = cpr_edit()
        self.fields["cpr"] = self.cpr
        self.preview_button = QPushButton("&Vis hvad der slettes")
        self.preview_button.clicked.connect(self.preview)
        row = QHBoxLayout()
        row.addWidget(self.cpr)
        row.addWidget(self.preview_button)
        row.addStretch(1)
        self.form.addRow(buddy_label("&CPR-nr.:", self.cpr), row)
        self.body.addLayout(self.form)
        self.notice = notice_label()
        self.confirm = QCheckBox(CONFIRM_TEXT)
        self.confirm.toggled.connect(lambda _on: self.update_state())
        self.body.addWidget(self.notice)
        self.body.addWidget(self.confirm)
        self.erase_button = self.add_action_button("&Slet oplysningerne", self.erase)
        self.previewed: str | None = None  # the CPR-nr. the preview shows
        self.has_data = False
        self.finish_layout()
        self.setMinimumWidth(680)
        self.cpr.returnPressed.connect(self.preview)
        self.cpr.textChanged.connect(lambda _text: self._reset())
        self._reset()

    def _reset(self) -> None:
        """The CPR-nr. changed: the preview and the confirmation no longer apply."""
        self.previewed = None
        self.has_data = False
        self.notice.clear()
        self.notice.hide()
        self.confirm.setChecked(False)
        self.update_state()

    def update_state(self) -> None:
        ready = self.previewed is not None and self.has_data and not self.is_busy
        self.preview_button.setEnabled(bool(self.cpr.text().strip()) and not self.is_busy)
        self.confirm.setEnabled(ready)
        self.erase_button.setEnabled(ready and self.confirm.isChecked())

    def preview(self) -> None:
        vault = self.vault
        if vault is None or self.is_busy:
            return
        number = self.valid_cpr(self.cpr)
        if number is None:
            return
        today = self.today

        def job() -> tuple[str, AccessReport, int]:
            return number, collect(vault, number, today=today), len(erasure.stale_backups(vault))

        self.run_job("Finder personens oplysninger …", job, self._show_preview)

    def _show_preview(self, result: tuple[str, AccessReport, int]) -> None:
        number, report, backups = result
        self.previewed = number
        self.has_data = not report.is_empty
        if self.has_data:
            self.notice.setText(erase_preview_text(report, backups))
            self.notice.show()
        else:
            self.show_info(erasure.NOTHING_TO_ERASE)
        self.confirm.setChecked(False)
        self.update_state()
        self.fit()

    def erase(self) -> None:
        vault = self.vault
        if vault is None or self.is_busy:
            return
        number = self.valid_cpr(self.cpr)
        if number is None:
            return
        if number != self.previewed or not self.has_data:
            self.show_problem("Vis først, hvad der slettes, og kontrollér, at det er den rigtige person.")
            return
        if not self.confirm.isChecked():
            self.show_problem(NOT_CONFIRMED)
            return
        self.run_job(
            "Sletter oplysningerne og tager en ny sikkerhedskopi …",
            lambda: erasure.erase_person(vault, number, confirm=True),
            self._erased,
        )

    def _erased(self, report: erasure.ErasureReport) -> None:
        self.cpr.blockSignals(True)
        self.cpr.clear()
        self.cpr.blockSignals(False)
        self._reset()
        refs = ", ".join(report.case_numbers + report.consent_refs) or "–"
        self.show_info(
            f"Oplysningerne er slettet: {refs}. Der er gemt en sletningsnote uden personoplysninger.\n"
            f"{plural(report.backups_deleted, 'ældre sikkerhedskopi', 'ældre sikkerhedskopier')} er "
            f"slettet; ny sikkerhedskopi: {report.backup.name if report.backup else '–'}."
        )
        self.window_.refresh_pages()
        self.fit()


# -- rettelse -------------------------------------------------------------------------------------------------


def header_fields(kind: str) -> tuple[Field, ...]:
    keys = _HEADER_FIELDS if kind == "sag" else _HEADER_FIELDS[:4]
    return tuple(Field(key, erasure.HEADER_LABELS[key], kind="line") for key in keys)


class ValueEditor(QWidget):
    """The new value, edited the way the field is: free text, one line, a date or a choice (one shown at a time)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.text.setFixedHeight(self.text.fontMetrics().lineSpacing() * 4 + 16)
        self.line = QLineEdit()
        self.date = DateLine()
        self.choice = QComboBox()
        self.editors: tuple[QWidget, ...] = (self.text, self.line, self.date, self.choice)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        for widget in self.editors:
            widget.setAccessibleName("Ny værdi")
            box.addWidget(widget, 0, Qt.AlignmentFlag.AlignLeft if widget is self.date else Qt.AlignmentFlag(0))
        self.field = Field("", "")
        self.shown = 1
        self._show(1)

    def _show(self, index: int) -> None:
        self.shown = index
        for position, widget in enumerate(self.editors):
            widget.setVisible(position == index)

    def set_field(self, field: Field, value: str) -> None:
        self.field = field
        if field.kind == "date":
            self.date.set_iso(value)
            self._show(2)
        elif field.kind == "choice":
            self.choice.clear()
            self.choice.addItems([c or "(ingen)" for c in field.choices])
            self.choice.setCurrentIndex(field.choices.index(value) if value in field.choices else 0)
            self._show(3)
        elif field.kind == "line":
            self.line.setText(value)
            self._show(1)
        else:
            self.text.setPlainText(value)
            self._show(0)

    def editor(self) -> QWidget:
        return self.editors[self.shown]

    def value(self) -> str:
        """The value to store (ISO for a date); ValueError for an unreadable date."""
        if self.field.kind == "date":
            return self.date.iso()
        if self.field.kind == "choice":
            return self.field.choices[self.choice.currentIndex()] if self.choice.currentIndex() >= 0 else ""
        return self.line.text() if self.field.kind == "line" else self.text.toPlainText()


class CorrectionDialog(DutyDialog):
    """Ret en oplysning (art. 16): case, section, field, the new value and the reason → `correct_field`."""

    def __init__(self, window: DutyWindow, *, today: date | None = None) -> None:
        super().__init__(
            window,
            "Ret en oplysning",
            (
                "Rettelse efter anmodning (databeskyttelsesforordningens art. 16) – også i en lukket sag. Et skemafelt "
                "får en ny version, og den gamle bliver i historikken. Begrundelsen skrives i logbogen."
            ),
            today=today,
        )
        self.case_ref = QLineEdit()
        self.case_ref.setPlaceholderText("fx S-2026-0017")
        self.case_ref.setAccessibleName("Sagsnummer")
        self.case_ref.setMaximumWidth(200)
        self.find_button = QPushButton("&Find sagen")
        self.find_button.setAutoDefault(False)
        self.find_button.clicked.connect(self.find_case)
        row = QHBoxLayout()
        self.case_info = grey_label()
        row.addWidget(self.case_ref)
        row.addWidget(self.find_button)
        row.addSpacing(8)
        row.addWidget(self.case_info, 1)
        self.section = QComboBox()
        self.section.setAccessibleName("Afsnit")
        self.field = QComboBox()
        self.field.setAccessibleName("Felt")
        self.field.setMinimumContentsLength(30)
        self.current = QLabel()
        self.current.setWordWrap(True)
        self.current.setTextFormat(Qt.TextFormat.PlainText)
        self.current.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.current.setStyleSheet(f"color: {GREY};")
        self.new_value = ValueEditor()
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("fx Forælder har bedt om rettelse af skoleoplysningerne")
        self.reason.setAccessibleName("Begrundelse")
        self.fields = {
            "case": self.case_ref,
            "section": self.section,
            "field": self.field,
            "reason": self.reason,
            "new_value": self.new_value.text,
        }
        case_label = QLabel("&Sag:")
        case_label.setBuddy(self.case_ref)
        for label, widget in (
            (case_label, row),
            ("&Afsnit:", self.section),
            ("F&elt:", self.field),
            ("Nuværende:", self.current),
            ("&Ny værdi:", self.new_value),
            ("&Begrundelse:", self.reason),
        ):
            self.form.addRow(label, widget)
        self.body.addLayout(self.form)
        self.save_button = self.add_action_button("&Gem rettelsen", self.save)
        self.finish_layout()
        self.setMinimumWidth(700)
        self.detail: CaseDetail | None = None
        self.case_ref.returnPressed.connect(self.find_case)
        self.case_ref.textChanged.connect(lambda _text: self._forget_case())
        self.section.currentIndexChanged.connect(lambda _i: self._fill_fields())
        self.field.currentIndexChanged.connect(lambda _i: self._show_field())
        self._forget_case()

    # -- choosing the field -----------------------------------------------------------------------------------------

    def _forget_case(self) -> None:
        self.detail = None
        self.case_info.clear()
        self.section.clear()
        self.field.clear()
        self.current.clear()
        self.new_value.set_field(Field("", "", kind="line"), "")
        self.update_state()

    def update_state(self) -> None:
        found = self.detail is not None and not self.is_busy
        for widget in (self.section, self.field, self.new_value, self.reason):
            widget.setEnabled(found)
        self.find_button.setEnabled(bool(self.case_ref.text().strip()) and not self.is_busy)
        self.save_button.setEnabled(found and self.field.currentIndex() >= 0)

    def find_case(self) -> None:
        """Look the case up (viewing a sag is logged, as when it is opened) and offer its sections."""
        if self.vault is None or self.is_busy or not self.case_ref.text().strip():
            return
        self.message.clear()
        try:
            detail = get_case(self.vault, self.case_ref.text().strip(), today=self.today)
        except NotFound as exc:
            self._forget_case()
            self.show_problem(problem_of(exc)[0], "case")
            return
        self.detail = detail
        case = detail.case
        self.case_info.setText(
            f"{KIND_LABELS[detail.kind]} {case.number} · {STATUS_LABELS.get(case.status, case.status)} · {case.subject}"
        )
        self.section.blockSignals(True)
        self.section.clear()
        self.section.addItem("Sagens stamoplysninger", erasure.HEADER)
        is_sag = detail.kind == "sag"  # a journal has no case flow or focus areas (Bilag 5)
        for key, title in (*SECTIONS, *((("flow", "Sagsforløb"),) if is_sag else ())):
            self.section.addItem(title.capitalize(), key)
        if is_sag and active_profile(self.vault).focus_areas:
            self.section.addItem("Fokusområder", "focus")
        if case.status != "open" or "closing" in detail.sections:
            self.section.addItem("Lukning", "closing")
        self.section.setCurrentIndex(1 if len(detail.sections) else 0)
        self.section.blockSignals(False)
        self._fill_fields()

    def section_fields(self) -> tuple[Field, ...]:
        key = self.section.currentData()
        if self.detail is None or not key:
            return ()
        if key == erasure.HEADER:
            return header_fields(self.detail.kind)
        if key == "closing":
            return CLOSING_FIELDS
        return section_fields(self.detail.kind, key, active_profile(self.vault).focus_areas if self.vault else ())

    def _fill_fields(self) -> None:
        self.field.blockSignals(True)
        self.field.clear()
        for field in self.section_fields():
            self.field.addItem(field.label, field)
        self.field.blockSignals(False)
        self._show_field()

    def current_value(self, key: str) -> str:
        if self.detail is None:
            return ""
        section = self.section.currentData()
        if section == erasure.HEADER:
            value = getattr(self.detail.case, key, "") or ""  # the header fields are the case's attributes
            return cprlib.format_cpr(value) if key == "cpr" and value else str(value)
        return str(self.detail.section_fields(section).get(key, "") or "")

    def _show_field(self) -> None:
        field: Field | None = self.field.currentData()
        value = self.current_value(field.key) if field else ""
        self.current.setText((date_text(value) if field and field.kind == "date" else value) or "(tomt)")
        self.new_value.set_field(field or Field("", "", kind="line"), value)
        self.update_state()
        self.fit()

    # -- saving -----------------------------------------------------------------------------------------------------

    def save(self) -> None:
        vault, detail, field = self.vault, self.detail, self.field.currentData()
        if vault is None or detail is None or field is None or self.is_busy:
            return
        try:
            value = self.new_value.value()
        except ValueError:
            self.fields["new_value"] = self.new_value.editor()
            self.show_problem("Datoen kan ikke læses. Skriv den som dd.mm.åååå.", "new_value")
            return
        self.fields["new_value"] = self.new_value.editor()
        section, reason, case_id = self.section.currentData(), self.reason.text(), detail.case.id
        if not reason.strip():
            self.show_problem("Skriv begrundelsen for rettelsen.", "reason")
            return
        self.run_job(
            "Gemmer rettelsen …",
            lambda: erasure.correct_field(vault, case_id, section, field.key, value, reason),
            lambda _none: self._saved(section, field, value),
        )

    def _saved(self, section: str, field: Field, value: str) -> None:
        assert self.detail is not None
        # Show the saved value without reading the case again (that would log another view of a sag).
        if section == erasure.HEADER:
            new = cprlib.normalize_cpr(value) if field.key == "cpr" else value.strip()
            changes: dict[str, Any] = {field.key: new}
            self.detail.case = replace(self.detail.case, **changes)
        else:
            entry = self.detail.sections.get(section) or SectionEntry()
            self.detail.sections[section] = replace(entry, fields={**entry.fields, field.key: value.strip()})
        self.reason.clear()
        self._show_field()
        self.show_info(
            f"Rettelsen af »{field.label}« i {self.detail.number} er gemt, og begrundelsen er skrevet i logbogen."
        )
        self.window_.refresh_pages()
