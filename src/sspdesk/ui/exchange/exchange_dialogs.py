"""Dialogs of the Udveksling page: export a bundle, add a colleague, and the base the other dialogs share.

Slow services run through `runner` (the page's `run_job`: the main window's `run_vault_job`, so the job has its own
vault connection on the worker) with a progress bar fed by the service's `progress` callback through a Qt signal
(`Relay`: it is called on the worker thread, the bar is updated on the GUI thread). A refusal is shown inline with
the service's Danish message and nothing is written. The import flow is `sspdesk.ui.exchange.import_dialog`, the
case-system export `sspdesk.ui.exchange.fagsystem_dialog`, the conflict view `sspdesk.ui.exchange.conflict_dialog`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from sspdesk.bundles import BundleError
from sspdesk.bundles.export import ExportResult, Selection, export_bundle
from sspdesk.bundles.peers import Peer, add_peer, list_peers
from sspdesk.cases import list_cases
from sspdesk.domain.cases import CaseRow
from sspdesk.domain.dates import stamp_text
from sspdesk.domain.forms import CASE_STATUS_LABELS as STATUS_LABELS
from sspdesk.domain.forms import KIND_LABELS
from sspdesk.meetings import list_meetings
from sspdesk.ui.exchange.exchange_models import counts_text
from sspdesk.ui.vault.vault_dialogs import NewPassphraseRows, error_text
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
        self.ok_button.setDefault(True)
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


# -- export -----------------------------------------------------------------------------------------------


class ExportDialog(WorkDialog):
    """Eksportér pakke: what (a meeting, cases, everything, changes since), to whom, which file."""

    exported = Signal(object)  # ExportResult

    def __init__(self, vault, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__("Eksportér pakke", "Eksportér", runner, parent)
        self.vault = vault
        self.result_value: ExportResult | None = None
        self.choose_save: ChooseSave = choose_save_path
        self.peers: list[Peer] = list_peers(vault)
        columns = QHBoxLayout(self.content)
        columns.setContentsMargins(0, 0, 0, 0)
        columns.setSpacing(14)
        columns.addWidget(self._what_box(), 1)
        right = QVBoxLayout()
        right.addWidget(self._to_box(), 1)
        right.addWidget(self._file_box())
        columns.addLayout(right, 1)
        self.finish_layout()
        for radio in (*self.what.buttons(), *self.to.buttons()):
            radio.toggled.connect(self._update_enabled)
        self._update_enabled()
        self.resize(1000, 620)

    def _what_box(self) -> QGroupBox:
        box = QGroupBox("Hvad skal sendes?")
        grid = QGridLayout(box)
        self.what = QButtonGroup(self)
        self.what_cases = QRadioButton("&Udvalgte sager")
        self.what_meeting = QRadioButton("Et &møde")
        self.what_all = QRadioButton("&Alt i datafilen")
        self.what_since = QRadioButton("Ændringer &siden sidste udveksling med")
        self.case_filter = QLineEdit()
        self.case_filter.setPlaceholderText("Filtrér på nummer eller emne")
        self.case_filter.setClearButtonEnabled(True)
        self.case_list = checkable_list("Sager")
        for row in list_cases(self.vault):
            add_check_item(self.case_list, case_text(row), row.id)
        self.case_filter.textChanged.connect(lambda text: filter_list(self.case_list, text))
        self.meeting_combo = QComboBox()
        for meeting in list_meetings(self.vault):
            self.meeting_combo.addItem(
                f"{meeting.number} · {meeting.forum} · {stamp_text(meeting.starts_at)}", meeting.id
            )
        if not self.meeting_combo.count():
            self.meeting_combo.setPlaceholderText("Ingen møder")
        self.since_combo = QComboBox()
        for peer in self.peers:
            self.since_combo.addItem(peer.name, peer.id)
        self.since_combo.currentIndexChanged.connect(self._since_peer_changed)
        widgets = (
            (self.what_cases, None),
            (None, self.case_filter),
            (None, self.case_list),
            (self.what_meeting, self.meeting_combo),
            (self.what_all, None),
            (self.what_since, self.since_combo),
        )
        for line, (radio, widget) in enumerate(widgets):
            if radio is not None:
                self.what.addButton(radio)
                grid.addWidget(radio, line, 0, 1, 2 if widget is None or widget is self.case_filter else 1)
            if widget is not None:
                grid.addWidget(widget, line, 0 if radio is None else 1, 1, 2 if radio is None else 1)
        grid.setRowStretch(2, 1)
        grid.setColumnStretch(1, 1)
        self.what_cases.setChecked(True)
        self.what_meeting.setEnabled(self.meeting_combo.count() > 0)
        self.what_since.setEnabled(self.since_combo.count() > 0)
        return box

    def _to_box(self) -> QGroupBox:
        box = QGroupBox("Til hvem?")
        layout = QVBoxLayout(box)
        self.to = QButtonGroup(self)
        self.to_peers = QRadioButton("Krypteret til &kolleger (deres modtagernøgler)")
        self.to_passphrase = QRadioButton("Krypteret med en a&dgangskode")
        self.peer_list = checkable_list("Kolleger")
        self.peer_list.setMaximumHeight(130)
        for peer in self.peers:
            enabled = bool(peer.recipient)
            tip = (
                peer.recipient
                if enabled
                else "Kollegaen har ingen modtagernøgle endnu – importér en pakke fra kollegaen, eller tilføj nøglen."
            )
            add_check_item(
                self.peer_list, f"{peer.name}  ({peer.fingerprint[:14]}…)", peer.recipient, enabled=enabled, tip=tip
            )
        self.extra_keys = QLineEdit()
        self.extra_keys.setPlaceholderText("Andre modtagernøgler: age1… (adskil med mellemrum)")
        self.passphrase_host = QWidget()
        form = QFormLayout(self.passphrase_host)
        form.setContentsMargins(22, 0, 0, 0)
        self.passphrase_rows = NewPassphraseRows(form, "Adgangskode:", "Gentag:")
        self.passphrase_rows.passphrase.setMinimumWidth(220)
        self.passphrase_rows.repeated.setMinimumWidth(220)
        for edit in (self.passphrase_rows.passphrase, self.passphrase_rows.repeated):
            edit.textChanged.connect(self.passphrase_rows.ready)
        for radio in (self.to_peers, self.to_passphrase):
            self.to.addButton(radio)
        layout.addWidget(self.to_peers)
        layout.addWidget(self.peer_list)
        layout.addWidget(self.extra_keys)
        layout.addWidget(self.to_passphrase)
        layout.addWidget(self.passphrase_host)
        layout.addWidget(
            grey_label(
                "age krypterer til modtagernøgler eller med en adgangskode – ikke begge. Giv "
                "adgangskoden videre ad en anden vej end pakken (fx pr. telefon)."
            )
        )
        (self.to_peers if any(p.recipient for p in self.peers) else self.to_passphrase).setChecked(True)
        return box

    def _file_box(self) -> QGroupBox:
        box = QGroupBox("Gem pakken som")
        row = QHBoxLayout(box)
        self.path_edit = QLineEdit(str(Path.home() / f"udveksling-{date.today():%Y-%m-%d}.sspbundle"))
        self.path_edit.setAccessibleName("Pakkefil")
        browse = QPushButton("&Vælg…")
        browse.clicked.connect(self._browse)
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        return box

    def _browse(self) -> None:
        chosen = self.choose_save(self, "Gem pakken", self.path_edit.text(), BUNDLE_FILTER)
        if chosen is not None:
            self.path_edit.setText(str(chosen))

    def _update_enabled(self) -> None:
        self.case_filter.setEnabled(self.what_cases.isChecked())
        self.case_list.setEnabled(self.what_cases.isChecked())
        self.meeting_combo.setEnabled(self.what_meeting.isChecked())
        self.since_combo.setEnabled(self.what_since.isChecked())
        self.peer_list.setEnabled(self.to_peers.isChecked())
        self.extra_keys.setEnabled(self.to_peers.isChecked())
        self.passphrase_host.setEnabled(self.to_passphrase.isChecked())
        if self.what_since.isChecked():
            self._since_peer_changed()

    def _since_peer_changed(self) -> None:
        """Changes since the last exchange with a colleague go to that colleague."""
        peer = next((p for p in self.peers if p.id == self.since_combo.currentData()), None)
        if self.what_since.isChecked() and peer is not None and peer.recipient:
            self.to_peers.setChecked(True)
            set_checked(self.peer_list, [*checked_data(self.peer_list), peer.recipient])

    def selection(self) -> Selection:
        if self.what_meeting.isChecked():
            return Selection(meeting_ref=self.meeting_combo.currentData())
        if self.what_all.isChecked():
            return Selection(all_records=True)
        if self.what_since.isChecked():
            return Selection(since_peer=self.since_combo.currentData())
        return Selection(case_refs=tuple(checked_data(self.case_list)))

    def recipients(self) -> list[str]:
        return [*checked_data(self.peer_list), *self.extra_keys.text().split()] if self.to_peers.isChecked() else []

    def _problem(self) -> str:
        if self.what_cases.isChecked() and not checked_data(self.case_list):
            return "Vælg mindst én sag."
        if self.to_peers.isChecked() and not self.recipients() and not self.what_since.isChecked():
            return "Vælg mindst én kollega – eller kryptér med en adgangskode."
        if self.to_passphrase.isChecked() and not self.passphrase_rows.ready():
            return "Adgangskoden skal være stærk nok og skrevet ens to gange."
        if not self.path_edit.text().strip():
            return "Vælg hvor pakken skal gemmes."
        return ""

    def submit(self) -> None:
        if self.finished_ok:
            self.accept()
            return
        problem = self._problem()
        if problem:
            self.message.show_error(problem)
            return
        out = Path(self.path_edit.text().strip()).expanduser()
        if out.suffix != ".sspbundle":
            out = out.with_name(out.name + ".sspbundle")
            self.path_edit.setText(str(out))
        vault, selection, recipients, relay = self.vault, self.selection(), self.recipients(), self.relay
        passphrase = self.passphrase_rows.passphrase.text() if self.to_passphrase.isChecked() else None
        self.run(
            lambda: export_bundle(vault, out, selection, recipients=recipients, passphrase=passphrase, progress=relay),
            self._done,
            self.show_failure,
        )

    def _done(self, result: ExportResult) -> None:
        self.result_value = result
        for edit in (self.passphrase_rows.passphrase, self.passphrase_rows.repeated):
            edit.clear()
        names = {p.recipient: p.name for p in self.peers if p.recipient}
        if result.recipients == ["passphrase"]:
            to = "Krypteret med adgangskode. Giv modtageren adgangskoden ad en anden vej end pakken."
        else:
            to = "Krypteret til: " + ", ".join(names.get(r, r[:12] + "…") for r in result.recipients)
        self.show_finished(f"Pakken er gemt: {result.path}\nIndhold: {counts_text(result.counts)}\n{to}")
        self.exported.emit(result)


# -- add a colleague --------------------------------------------------------------------------------------


class AddPeerDialog(QDialog):
    """Tilføj kollega: name, age key and fingerprint (or signing key) – checked by `add_peer`."""

    def __init__(self, vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.peer: Peer | None = None
        self.setWindowTitle("Tilføj kollega")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.addWidget(
            grey_label(
                "Kollegaen finder sin offentlige nøgle og sit fingeraftryk under Indstillinger › "
                "Denne enhed. Sammenlign fingeraftrykket med kollegaen, fx pr. telefon."
            )
        )
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.name = QLineEdit()
        self.recipient = QLineEdit()
        self.recipient.setPlaceholderText("age1…")
        self.key = QLineEdit()
        self.key.setPlaceholderText("ABCD 1234 … (8 grupper á 4 tegn) eller signeringsnøgle")
        for label, edit in (("&Navn:", self.name), ("&Offentlig nøgle:", self.recipient), ("&Fingeraftryk:", self.key)):
            edit.setMinimumWidth(420)
            form.addRow(label, edit)
        layout.addLayout(form)
        self.message = MessageBar()
        layout.addWidget(self.message)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton("Tilføj", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setDefault(True)
        buttons.addButton("Annuller", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def submit(self) -> None:
        try:
            self.peer = add_peer(self.vault, self.name.text(), self.recipient.text(), self.key.text())
        except BundleError as exc:
            self.message.show_error(exc.message)
            text = exc.message.casefold()
            edit = self.name if "navn" in text else self.recipient if "age" in text else self.key
            edit.setFocus()
            edit.selectAll()
            return
        self.accept()
