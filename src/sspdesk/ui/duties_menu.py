"""The Databeskyttelse menu: logbog, aktindsigt, sletning efter opbevaringstid, sletning og rettelse efter anmodning.

`install_duties_menu(window)` adds the menu before Hjælp; its actions join `window.vault_actions`, so they are
enabled only while the vault is open (and not while a job runs). Each action opens a window-modal dialog with
`open()`, so a lock closes it. The aktindsigt and sletning dialogs are in `duties_dialogs.py`; the log dialog and
the correction dialog are here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from sspdesk import cpr as cprlib
from sspdesk import erasure
from sspdesk.cases import KIND_LABELS, STATUS_LABELS, CaseDetail, CaseNotFound, active_profile, get_case
from sspdesk.domain.forms import SECTIONS, TRANSFER_CHOICES, Field, section_fields
from sspdesk.ui.audit_page import AuditLogView
from sspdesk.ui.case_sections import DateLine
from sspdesk.ui.duties_dialogs import (
    AccessRequestDialog,
    DutyDialog,
    ErasePersonDialog,
    RetentionDialog,
    grey_label,
    problem_of,
)

if TYPE_CHECKING:
    from sspdesk.ui.main_window import MainWindow

MENU_TITLE = "&Databeskyttelse"
_HEADER_FIELDS = ("subject", "area", "coordinator", "forum", "person_name", "cpr")
CLOSING_FIELDS = (Field("lukkenotat", erasure.CLOSING_LABELS["lukkenotat"]),
                  Field("overdragelse", erasure.CLOSING_LABELS["overdragelse"], kind="choice",
                        choices=("", *TRANSFER_CHOICES)))


class LogDialog(QDialog):
    """The audit log (`AuditLogView`) in a dialog of its own; emptied when it closes or the vault locks."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setWindowTitle("Logbog – sspdesk")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.addWidget(grey_label("Hvem har gjort hvad, hvornår og ved hvilken sag, hvilket møde eller samtykke. "
                                    "Posterne er kædet sammen, så en ændring af logbogen kan opdages."))
        self.view = AuditLogView()
        layout.addWidget(self.view, 1)
        buttons = QDialogButtonBox()
        buttons.addButton("Luk", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.finished.connect(lambda _code: self.view.clear())
        self.resize(min(1220, max(window.width() - 40, 900)), min(660, max(window.height() - 40, 520)))
        if window.vault is not None:
            self.view.show_vault(window.vault)


# -- rettelse -------------------------------------------------------------------------------------------------


def header_fields(kind: str) -> tuple[Field, ...]:
    keys = _HEADER_FIELDS if kind == "sag" else _HEADER_FIELDS[:4]
    return tuple(Field(key, erasure.HEADER_LABELS[key], kind="line") for key in keys)


def shown_date(iso: str) -> str:
    try:
        return f"{date.fromisoformat(iso):%d.%m.%Y}"
    except ValueError:
        return iso


class ValueEditor(QStackedWidget):
    """The new value, edited the way the field is: free text, one line, a date or a choice."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.text.setFixedHeight(84)
        self.line = QLineEdit()
        self.date = DateLine()
        self.choice = QComboBox()
        for widget in (self.text, self.line, self.date, self.choice):
            widget.setAccessibleName("Ny værdi")
            holder = QWidget()
            box = QVBoxLayout(holder)
            box.setContentsMargins(0, 0, 0, 0)
            box.addWidget(widget, 0, Qt.AlignmentFlag.AlignTop)
            box.addStretch(1)
            self.addWidget(holder)
        self.field = Field("", "")
        self.setFixedHeight(84)

    def set_field(self, field: Field, value: str) -> None:
        self.field = field
        if field.kind == "date":
            self.date.set_iso(value)
            self.setCurrentIndex(2)
        elif field.kind == "choice":
            self.choice.clear()
            self.choice.addItems([c or "(ingen)" for c in field.choices])
            self.choice.setCurrentIndex(max(0, field.choices.index(value) if value in field.choices else 0))
            self.setCurrentIndex(3)
        elif field.kind == "line":
            self.line.setText(value)
            self.setCurrentIndex(1)
        else:
            self.text.setPlainText(value)
            self.setCurrentIndex(0)

    def editor(self) -> QWidget:
        return (self.text, self.line, self.date, self.choice)[self.currentIndex()]

    def value(self) -> str:
        """The value to store (ISO for a date); ValueError for an unreadable date."""
        if self.field.kind == "date":
            return self.date.iso()
        if self.field.kind == "choice":
            return self.field.choices[self.choice.currentIndex()] if self.choice.currentIndex() >= 0 else ""
        return self.line.text() if self.field.kind == "line" else self.text.toPlainText()


class CorrectionDialog(DutyDialog):
    """Ret en oplysning (art. 16): case, section, field, the new value and the reason → `correct_field`."""

    def __init__(self, window: MainWindow, *, today: date | None = None) -> None:
        super().__init__(window, "Ret en oplysning", (
            "Rettelse efter anmodning (databeskyttelsesforordningens art. 16) – også i en lukket sag. Et skemafelt "
            "får en ny version, og den gamle bliver i historikken. Begrundelsen skrives i logbogen."), today=today)
        self.case_ref = QLineEdit()
        self.case_ref.setPlaceholderText("fx S-2026-0017")
        self.case_ref.setAccessibleName("Sagsnummer")
        self.case_ref.setMaximumWidth(200)
        self.find_button = QPushButton("&Find sagen")
        self.find_button.setAutoDefault(False)
        self.find_button.clicked.connect(self.find_case)
        row = QHBoxLayout()
        row.addWidget(self.case_ref)
        row.addWidget(self.find_button)
        row.addStretch(1)
        self.case_info = grey_label()
        self.section = QComboBox()
        self.section.setAccessibleName("Afsnit")
        self.field = QComboBox()
        self.field.setAccessibleName("Felt")
        self.field.setMinimumContentsLength(30)
        self.current = QLabel()
        self.current.setWordWrap(True)
        self.current.setTextFormat(Qt.TextFormat.PlainText)
        self.current.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.current.setStyleSheet("color: #5f6b7a;")
        self.new_value = ValueEditor()
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("fx Forælder har bedt om rettelse af skoleoplysningerne")
        self.reason.setAccessibleName("Begrundelse")
        self.fields = {"case": self.case_ref, "section": self.section, "field": self.field, "reason": self.reason,
                       "new_value": self.new_value.text}
        for label, widget in (("&Sag:", row), ("", self.case_info), ("&Afsnit:", self.section),
                              ("F&elt:", self.field), ("Nuværende:", self.current), ("&Ny værdi:", self.new_value),
                              ("&Begrundelse:", self.reason)):
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
        self.reason.textChanged.connect(lambda _text: self.update_state())
        self._forget_case()

    # -- choosing the field -----------------------------------------------------------------------------------------

    def _forget_case(self) -> None:
        self.detail = None
        self.case_info.clear()
        self.case_info.hide()
        self.section.clear()
        self.field.clear()
        self.current.clear()
        self.new_value.set_field(Field("", ""), "")
        self.update_state()

    def update_state(self) -> None:
        found = self.detail is not None and not self.is_busy
        for widget in (self.section, self.field, self.new_value, self.reason):
            widget.setEnabled(found)
        self.find_button.setEnabled(bool(self.case_ref.text().strip()) and not self.is_busy)
        self.save_button.setEnabled(found and self.field.currentIndex() >= 0 and bool(self.reason.text().strip()))

    def find_case(self) -> None:
        """Look the case up (viewing a sag is logged, as when it is opened) and offer its sections."""
        if self.vault is None or self.is_busy or not self.case_ref.text().strip():
            return
        self.message.clear()
        try:
            detail = get_case(self.vault, self.case_ref.text().strip(), today=self.today)
        except CaseNotFound as exc:
            self._forget_case()
            self.show_problem(problem_of(exc)[0], "case")
            return
        self.detail = detail
        case = detail.case
        self.case_info.setText(f"{KIND_LABELS[detail.kind]} {case['number']} · "
                               f"{STATUS_LABELS.get(case['status'], case['status'])} · {case['subject']}")
        self.case_info.show()
        self.section.blockSignals(True)
        self.section.clear()
        self.section.addItem("Sagens stamoplysninger", erasure.HEADER)
        for key, title in (*SECTIONS, ("flow", "Sagsforløb")):
            self.section.addItem(title.capitalize(), key)
        if active_profile(self.vault).focus_areas:
            self.section.addItem("Fokusområder", "focus")
        if case["status"] != "open" or "closing" in detail.sections:
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
            value = self.detail.case.get(key) or ""
            return cprlib.format_cpr(value) if key == "cpr" and value else str(value)
        return str(self.detail.sections.get(section, {}).get("fields", {}).get(key, "") or "")

    def _show_field(self) -> None:
        field: Field | None = self.field.currentData()
        value = self.current_value(field.key) if field else ""
        self.current.setText((shown_date(value) if field and field.kind == "date" else value) or "(tomt)")
        self.new_value.set_field(field or Field("", ""), value)
        self.update_state()

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
        section, reason, case_id = self.section.currentData(), self.reason.text(), detail.case["id"]
        if not reason.strip():
            self.show_problem("Skriv begrundelsen for rettelsen.", "reason")
            return
        self.run_job("Gemmer rettelsen …",
                     lambda: erasure.correct_field(vault, case_id, section, field.key, value, reason),
                     lambda _none: self._saved(section, field, value))

    def _saved(self, section: str, field: Field, value: str) -> None:
        assert self.detail is not None
        if section == erasure.HEADER:
            self.detail.case[field.key] = cprlib.normalize_cpr(value) if field.key == "cpr" else value.strip()
        else:
            fields = self.detail.sections.setdefault(section, {}).setdefault("fields", {})
            fields[field.key] = value.strip()
        self.reason.clear()
        self._show_field()
        self.show_info(f"Rettelsen af »{field.label}« i {self.detail.case['number']} er gemt, og begrundelsen er "
                       "skrevet i logbogen.")
        self.window_.refresh_pages()


# -- the menu -------------------------------------------------------------------------------------------------------

DialogFactory = Callable[["MainWindow"], QDialog]
ACTIONS: tuple[tuple[str, str, DialogFactory], ...] = (
    ("dutyLog", "&Logbog…", LogDialog),
    ("dutyAccessRequest", "&Aktindsigt…", AccessRequestDialog),
    ("dutyRetention", "Sletning efter &opbevaringstid…", RetentionDialog),
    ("dutyErasePerson", "Slet en &persons oplysninger…", ErasePersonDialog),
    ("dutyCorrect", "&Ret en oplysning…", CorrectionDialog),
)


def open_duty_dialog(window: MainWindow, factory: DialogFactory) -> QDialog | None:
    """Open one of the dialogs (None while locked or busy); it closes itself on lock like every dialog."""
    if window.vault is None or window.is_busy:
        return None
    dialog = factory(window)
    dialog.open()
    return dialog


def install_duties_menu(window: MainWindow) -> QMenu:
    """Add the Databeskyttelse menu (before Hjælp) with its five actions, enabled only while unlocked."""
    menu = QMenu(MENU_TITLE, window)
    menu.setObjectName("dutiesMenu")
    bar = window.menuBar()
    help_menu = next((a for a in bar.actions() if a.text().replace("&", "") == "Hjælp"), None)
    if help_menu is not None:
        bar.insertMenu(help_menu, menu)
    else:
        bar.addMenu(menu)
    actions: list[QAction] = []
    for name, text, factory in ACTIONS:
        action = QAction(text, window)
        action.setObjectName(name)
        action.triggered.connect(lambda _=False, f=factory: open_duty_dialog(window, f))
        action.setEnabled(window.vault is not None and not window.is_busy)
        menu.addAction(action)
        actions.append(action)
    vault_actions: Any = getattr(window, "vault_actions", None)
    if isinstance(vault_actions, list):
        vault_actions.extend(actions)
    return menu
