"""Dialogs of the Databeskyttelse menu: their common base (`DutyDialog`), aktindsigt and sletning efter opbevaringstid.

Each dialog is window-modal and opened with `open()`, so a lock (`MainWindow.clear`) closes it; on close it forgets
the vault and empties its fields. Service calls go through `MainWindow.run_vault_job` (on the worker, with their
own vault connection; the pages are disabled while they run) and the dialog cannot be closed meanwhile. Errors are
the services' Danish `.message`, shown inline, and nothing is changed when a service refuses. Destructive work needs
a preview first and an explicit confirmation.
The log dialog is in `duties_menu.py`; sletning and rettelse efter anmodning are in `duties_requests.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenuBar,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sspdesk import cpr as cprlib
from sspdesk.domain.access_report import AccessReport
from sspdesk.domain.dates import date_text
from sspdesk.domain.errors import Invalid, ServiceError
from sspdesk.duties import retention
from sspdesk.duties.access_request import access_request
from sspdesk.store.files import write_private_atomically
from sspdesk.ui.vault.vault_dialogs import BusyBar, error_text
from sspdesk.ui.widgets import printing
from sspdesk.ui.widgets.confirm import CONFIRM_TEXT, NOT_CONFIRMED
from sspdesk.ui.widgets.dialog_buttons import primary_button, settle_default_button
from sspdesk.ui.widgets.fields import select_span
from sspdesk.ui.widgets.labels import cpr_edit, grey_label, notice_label, plural
from sspdesk.ui.widgets.message_bar import MessageBar

if TYPE_CHECKING:
    from sspdesk.store.vault import Vault


class DutyWindow(Protocol):
    """What the duty dialogs and the menu use of the main window, which is also their parent widget.

    A Protocol rather than `MainWindow` itself: the main window installs this menu, so ui/duties must not import
    ui/main_window back."""

    vault: Vault | None

    @property
    def is_busy(self) -> bool: ...

    def run_vault_job(
        self, fn: Callable[[], Any], on_done: Callable[[Any], None], on_error: Callable[[BaseException], None]
    ) -> None: ...

    def refresh_pages(self) -> None: ...

    def menuBar(self) -> QMenuBar: ...

    def width(self) -> int: ...

    def height(self) -> int: ...


def as_parent(window: DutyWindow) -> QWidget:
    """The main window as the Qt parent of a dialog, menu or action (it is a QMainWindow)."""
    return cast(QWidget, window)


AskPath = Callable[[QWidget | None, str, str], Path | None]


def problem_of(error: BaseException) -> tuple[str, str]:
    """(Danish message, field) of an error from a service; never a traceback."""
    if isinstance(error, Invalid):
        return error.message, error.field or ""
    if isinstance(error, ServiceError):
        return error.message, ""
    if isinstance(error, OSError):
        return f"Filen kan ikke gemmes: {error.strerror or error}", ""
    return error_text(error), ""


class DutyDialog(QDialog):
    """Intro, a form, an inline message bar, a busy bar and a button row; runs one job at a time."""

    def __init__(self, window: DutyWindow, title: str, intro: str, *, today: date | None = None) -> None:
        super().__init__(as_parent(window))
        self.window_ = window
        self.vault: Vault | None = window.vault
        self.today = today
        self.setWindowTitle(f"{title} – sspdesk")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(20, 18, 20, 16)
        self.body.setSpacing(10)
        self.body.addWidget(grey_label(intro))
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setVerticalSpacing(8)
        self.message = MessageBar()
        self.busy_bar = BusyBar()
        self.buttons = QDialogButtonBox()
        self.close_button = self.buttons.addButton("Luk", QDialogButtonBox.ButtonRole.RejectRole)
        self.close_button.setAutoDefault(False)
        self.buttons.rejected.connect(self.reject)
        self.fields: dict[str, QWidget] = {}
        self._busy = False
        self.finished.connect(self._forget)

    def add_action_button(self, text: str, slot: Callable[[], Any]) -> QPushButton:
        button = QPushButton(text)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        self.buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        if primary_button(self) is None:  # the first action is the dialog's primary one
            settle_default_button(self, button)
        return button

    def open(self) -> None:
        super().open()
        self.fit()

    def finish_layout(self) -> None:
        self.body.addWidget(self.message)
        self.body.addWidget(self.busy_bar)
        self.body.addWidget(self.buttons)

    # -- jobs -------------------------------------------------------------------------------------------------------

    @property
    def is_busy(self) -> bool:
        return self._busy

    def day(self) -> date:
        return self.today or date.today()

    def run_job(self, text: str, job: Callable[[], Any], on_done: Callable[[Any], None]) -> None:
        if self.window_.is_busy:  # one job at a time: a second writer would have to wait for the first
            self.show_problem("Vent et øjeblik – sspdesk er i gang med at gemme. Prøv igen om lidt.")
            return
        self.message.clear()
        self._set_busy(True, text)

        def done(result: Any) -> None:
            self._set_busy(False)
            on_done(result)

        def failed(error: BaseException) -> None:
            self._set_busy(False)
            self.show_problem(*problem_of(error))

        self.window_.run_vault_job(job, done, failed)

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        for kind in (QLineEdit, QPushButton, QCheckBox, QComboBox, QPlainTextEdit):
            for child in self.findChildren(kind):
                child.setEnabled(not busy)
        if busy:
            self.busy_bar.start(text)
        else:
            self.busy_bar.hide()
            self.update_state()

    def update_state(self) -> None:
        """Enable the buttons that fit what the dialog shows; subclasses decide."""

    def show_problem(self, text: str, field: str = "") -> None:
        self.message.show_error(text)
        widget = self.fields.get(field)
        if widget is not None and widget.isVisibleTo(self):
            select_span(widget)
        self.fit()

    def show_info(self, text: str) -> None:
        self.message.show_message(text, "info")
        self.fit()

    def fit(self) -> None:
        """Take the height the content needs at the current width (wrapped text included), grow or shrink."""
        self.body.activate()
        width = self.width()
        needed = self.body.totalHeightForWidth(width) if self.body.hasHeightForWidth() else -1
        self.resize(width, max(needed, self.body.totalMinimumSize().height()))

    def valid_cpr(self, edit: QLineEdit) -> str | None:
        try:
            return cprlib.normalize_cpr(edit.text(), self.day())
        except Invalid as exc:
            self.show_problem(exc.message, "cpr")
            return None

    def reject(self) -> None:
        if not self._busy:
            super().reject()

    def _forget(self) -> None:
        """Closed (also by a lock): forget the vault and what was typed or shown."""
        self.vault = None
        for edit in self.findChildren(QLineEdit):
            edit.clear()
        for text in self.findChildren(QPlainTextEdit):
            text.clear()
        for label in self.findChildren(QLabel, "notice"):
            label.clear()
        for table in self.findChildren(QTableWidget):
            table.setRowCount(0)
        self.message.clear()


# -- aktindsigt ----------------------------------------------------------------------------------------------------


def report_summary(report: AccessReport) -> str:
    if report.is_empty:
        return "Der er ingen oplysninger om dette CPR-nr. i datafilen – det står i svaret."
    parts = [
        plural(len(report.cases), "sag", "sager") + (f" ({', '.join(report.case_numbers)})" if report.cases else ""),
        plural(len(report.consents), "samtykke", "samtykker"),
        plural(len(report.meetings), "referat", "referater"),
        plural(len(report.log), "post", "poster") + " fra logbogen",
    ]
    return "Svaret omfatter " + ", ".join(parts[:-1]) + " og " + parts[-1] + "."


class AccessRequestDialog(DutyDialog):
    """Aktindsigt: everything about one person as a PDF, saved where the user chooses."""

    def __init__(self, window: DutyWindow, *, today: date | None = None, ask_path: AskPath | None = None) -> None:
        super().__init__(
            window,
            "Aktindsigt",
            (
                "Aktindsigt efter databeskyttelsesforordningens art. 15: alt, hvad datafilen indeholder om personen – "
                "sager, samtykker, referater, dispositioner, oplysningspligt, udvekslinger og logbogen over, hvem der "
                "har set eller ændret oplysningerne – samlet i én PDF."
            ),
            today=today,
        )
        self.ask_path = ask_path
        self.cpr = cpr_edit()
        self.fields["cpr"] = self.cpr
        self.form.addRow("&CPR-nr.:", self.cpr)
        self.body.addLayout(self.form)
        self.body.addWidget(
            grey_label(
                "Anmodningen skrives i logbogen med sagsnumrene – ikke med CPR-nr. "
                "PDF'en gemmes kun dér, hvor du vælger."
            )
        )
        self.make_button = self.add_action_button("&Lav og gem PDF…", self.make_pdf)
        self.saved: Path | None = None
        self.finish_layout()
        self.setMinimumWidth(600)
        self.cpr.returnPressed.connect(self.make_pdf)
        self.cpr.textChanged.connect(lambda _text: self.update_state())
        self.update_state()

    def update_state(self) -> None:
        self.make_button.setEnabled(bool(self.cpr.text().strip()) and not self.is_busy)

    def make_pdf(self) -> None:
        vault = self.vault
        if vault is None or self.is_busy:
            return
        number = self.valid_cpr(self.cpr)
        if number is None:
            return
        ask = self.ask_path or printing.ask_save_path
        path = ask(self, "Gem aktindsigten", f"Aktindsigt {self.day():%Y-%m-%d}.pdf")
        if path is None:
            return
        today = self.today

        def job() -> tuple[AccessReport, Path]:
            report, data = access_request(vault, number, today=today)
            return report, write_private_atomically(Path(path), data)

        self.run_job("Samler oplysningerne og laver PDF'en …", job, self._saved)

    def _saved(self, result: tuple[AccessReport, Path]) -> None:
        report, self.saved = result
        self.show_info(
            f"Aktindsigten er gemt: {self.saved}\n{report_summary(report)}\nAnmodningen er skrevet i logbogen."
        )


# -- sletning efter opbevaringstid ---------------------------------------------------------------------------------


class RetentionDialog(DutyDialog):
    """Dry run on open, the list of sager due and what the run does, explicit confirmation, then the run."""

    HEADERS = ("Sag", "Niveau", "Registreret", "Lukket", "Fristen udløb")

    def __init__(self, window: DutyWindow, *, today: date | None = None) -> None:
        super().__init__(
            window,
            "Sletning efter opbevaringstid",
            (
                "Personoplysningerne i en DKE-Sag slettes, når opbevaringstiden efter sagens lukning er udløbet. "
                "Her ser du først, hvad der vil blive slettet; intet slettes, før du bekræfter."
            ),
            today=today,
        )
        self.table = QTableWidget(0, len(self.HEADERS))
        self.table.setHorizontalHeaderLabels(self.HEADERS)
        self.table.setAccessibleName("Sager over opbevaringstiden")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.hide()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.notice = notice_label()
        self.confirm = QCheckBox(CONFIRM_TEXT)
        self.confirm.toggled.connect(lambda _on: self.update_state())
        for widget in (self.summary, self.table, self.notice, self.confirm):
            self.body.addWidget(widget)
        self.run_button = self.add_action_button("&Slet nu", self.run_retention)
        self.report: retention.RetentionReport | None = None
        self.done_report: retention.RetentionReport | None = None
        self.finish_layout()
        self.setMinimumWidth(680)
        self.update_state()

    def open(self) -> None:
        super().open()
        self.preview()

    def preview(self) -> None:
        vault = self.vault
        if vault is None or self.is_busy:
            return
        day = self.day()
        self.run_job(
            "Finder sager over opbevaringstiden …",
            lambda: retention.run_retention(vault, day, dry_run=True),
            self._show_preview,
        )

    def _show_preview(self, report: retention.RetentionReport) -> None:
        self.report = report
        self.table.setRowCount(len(report.due))
        for row, due in enumerate(report.due):
            cells = (
                due.number,
                due.level,
                date_text(due.registered),
                date_text(due.closed_on),
                f"{date_text(due.due_on)} ({due.years} år)",
            )
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.setVisible(bool(report.due))
        self.table.resizeRowsToContents()
        rows = sum(self.table.rowHeight(r) for r in range(min(len(report.due), 8)))
        self.table.setFixedHeight(self.table.horizontalHeader().height() + rows + 2 * self.table.frameWidth())
        self.summary.setText(
            f"{plural(len(report.due), 'sag har', 'sager har')} overskredet opbevaringstiden "
            f"den {date_text(report.today)}:"
            if report.due
            else ""
        )
        self.summary.setVisible(bool(report.due))
        self.notice.setText(retention.confirmation_text(report))
        self.notice.show()
        self.confirm.setChecked(False)
        self.update_state()
        self.fit()

    def has_work(self) -> bool:
        report = self.report
        return report is not None and bool(report.due or report.audit_entries_pruned)

    def update_state(self) -> None:
        work = self.has_work() and self.done_report is None
        self.confirm.setVisible(work)
        self.confirm.setEnabled(work and not self.is_busy)
        self.run_button.setVisible(work)
        self.run_button.setEnabled(work and self.confirm.isChecked() and not self.is_busy)

    def run_retention(self) -> None:
        vault = self.vault
        if vault is None or self.is_busy or not self.has_work():
            return
        if not self.confirm.isChecked():
            self.show_problem(NOT_CONFIRMED)
            return
        day = self.day()
        self.run_job(
            "Sletter personoplysningerne og tager en ny sikkerhedskopi …",
            lambda: retention.run_retention(vault, day),
            self._finished_run,
        )

    def _finished_run(self, report: retention.RetentionReport) -> None:
        self.done_report = report
        self.confirm.setChecked(False)
        self.notice.hide()
        self.summary.hide()
        self.table.setRowCount(0)
        self.table.hide()
        self.update_state()
        self.show_info(retention_result(report))
        self.window_.refresh_pages()
        self.fit()


def retention_result(report: retention.RetentionReport) -> str:
    done = report.erased
    if report.due and done is not None:
        lines = [
            f"Personoplysningerne i {plural(len(report.due), 'sag', 'sager')} er slettet: "
            f"{', '.join(d.number for d in report.due)}. Tilbage er kun en sletningsnote uden "
            "personoplysninger.",
            f"{plural(done.backups_deleted, 'ældre sikkerhedskopi', 'ældre sikkerhedskopier')} er slettet; "
            f"ny sikkerhedskopi: {done.backup.name if done.backup else '–'}.",
        ]
    else:
        lines = ["Ingen sager har overskredet opbevaringstiden."]
    if report.audit_entries_pruned:
        lines.append(f"{plural(report.audit_entries_pruned, 'gammel post', 'gamle poster')} i logbogen er slettet.")
    return "\n".join(lines)
