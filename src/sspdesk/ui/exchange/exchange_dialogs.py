"""Dialogs of the Udveksling page: export a bundle, add a colleague, and the base the other dialogs share.

Slow services run through `runner` (the page's `run_job`: the main window's `run_vault_job`, so the job has its own
vault connection on the worker) with a progress bar fed by the service's `progress` callback through a Qt signal
(`Relay`: it is called on the worker thread, the bar is updated on the GUI thread). A refusal is shown inline with
the service's Danish message and nothing is written. The import flow is `sspdesk.ui.exchange.import_dialog`, the
case-system export `sspdesk.ui.exchange.fagsystem_dialog`, the conflict view `sspdesk.ui.exchange.conflict_dialog`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from sspdesk.bundles import BundleError
from sspdesk.domain.cases import CaseRow
from sspdesk.domain.forms import CASE_STATUS_LABELS as STATUS_LABELS
from sspdesk.domain.forms import KIND_LABELS
from sspdesk.ui.vault.vault_dialogs import error_text
from sspdesk.ui.widgets.dialog_buttons import settle_default_button
from sspdesk.ui.widgets.labels import grey_label
from sspdesk.ui.widgets.message_bar import MessageBar

Runner = Callable[[Callable[[], Any], Callable[[Any], None], Callable[[BaseException], None]], None]
ChooseSave = Callable[[QWidget, str, str, str], "Path | None"]
BUNDLE_FILTER = "sspdesk-pakke (*.sspbundle)"


def choose_save_path(parent: QWidget, title: str, suggested: str, file_filter: str) -> Path | None:
    chosen, _ = QFileDialog.getSaveFileName(parent, title, suggested, file_filter)
    return Path(chosen) if chosen else None


def checkable_list(accessible_name: str) -> QListWidget:
    widget = QListWidget()
    widget.setAccessibleName(accessible_name)
    widget.setAlternatingRowColors(True)
    widget.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    widget.setTextElideMode(Qt.TextElideMode.ElideRight)
    widget.setUniformItemSizes(True)
    widget.setSpacing(1)
    return widget


def add_check_item(widget: QListWidget, text: str, data: Any, *, enabled: bool = True, tip: str = "") -> None:
    item = QListWidgetItem(text)
    item.setData(Qt.ItemDataRole.UserRole, data)
    flags = Qt.ItemFlag.ItemIsUserCheckable | (Qt.ItemFlag.ItemIsEnabled if enabled else Qt.ItemFlag.NoItemFlags)
    item.setFlags(flags)
    item.setCheckState(Qt.CheckState.Unchecked)
    item.setToolTip(tip or text)
    widget.addItem(item)


def checked_data(widget: QListWidget) -> list[Any]:
    return [
        widget.item(i).data(Qt.ItemDataRole.UserRole)
        for i in range(widget.count())
        if widget.item(i).checkState() == Qt.CheckState.Checked
    ]


def set_checked(widget: QListWidget, wanted: list[Any]) -> None:
    for i in range(widget.count()):
        item = widget.item(i)
        item.setCheckState(
            Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in wanted else Qt.CheckState.Unchecked
        )


def filter_list(widget: QListWidget, text: str) -> None:
    words = text.casefold().split()
    for i in range(widget.count()):
        item = widget.item(i)
        item.setHidden(not all(w in item.text().casefold() for w in words))


def case_text(row: CaseRow) -> str:
    return (
        f"{row.number}  ·  {KIND_LABELS.get(row.kind, row.kind)}  ·  "
        f"{STATUS_LABELS.get(row.status, row.status)}  —  {row.subject}"
    )


class Relay(QObject):
    """The service's progress callback, called on the worker; the signal is delivered on the GUI thread."""

    progress = Signal(int, int, str)

    def __call__(self, done: int, total: int, text: str) -> None:
        self.progress.emit(done, total, text)


class WorkDialog(QDialog):
    """A form (`content`), a progress bar, an inline message and the buttons; runs one job at a time."""

    def __init__(self, title: str, ok_text: str, runner: Runner, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.runner = runner
        self.busy = False
        self.finished_ok = False
        self.relay = Relay(self)
        self.relay.progress.connect(self._on_progress)
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(20, 16, 20, 16)
        self.body.setSpacing(10)
        self.content = QWidget()
        self.body.addWidget(self.content, 1)
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(10)
        self.progress_label = grey_label("")
        self.message = MessageBar()
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        settle_default_button(self, self.ok_button)
        self.cancel_button = self.buttons.addButton("Annuller", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

    def finish_layout(self) -> None:
        self.body.addWidget(self.progress)
        self.body.addWidget(self.progress_label)
        self.body.addWidget(self.message)
        self.body.addWidget(self.buttons)
        self.progress.hide()
        self.progress_label.hide()

    def submit(self) -> None:
        raise NotImplementedError

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, text: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress_label.setText(f"{text} …" if done < total else text)

    def run(
        self, job: Callable[[], Any], on_done: Callable[[Any], None], on_error: Callable[[BaseException], None]
    ) -> None:
        self.message.clear()
        self.busy = True
        self.content.setEnabled(False)
        self.ok_button.setEnabled(False)
        self.cancel_button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress_label.setText("Arbejder …")
        self.progress.show()
        self.progress_label.show()

        def finish() -> None:
            self.busy = False
            self.ok_button.setEnabled(True)
            self.cancel_button.setEnabled(True)
            self.progress.hide()
            self.progress_label.hide()

        def done(result: Any) -> None:
            finish()
            on_done(result)

        def failed(error: BaseException) -> None:
            finish()
            self.content.setEnabled(True)
            on_error(error)

        self.runner(job, done, failed)

    def show_failure(self, error: BaseException) -> None:
        text = error.message if isinstance(error, BundleError) else error_text(error)
        self.message.show_error(text)

    def show_finished(self, text: str) -> None:
        """The job is done: the summary in the message bar, one button left to close."""
        self.finished_ok = True
        self.message.show_message(text, "info")
        self.ok_button.setText("Luk")
        self.cancel_button.hide()

    def reject(self) -> None:
        if not self.busy:
            super().reject()
