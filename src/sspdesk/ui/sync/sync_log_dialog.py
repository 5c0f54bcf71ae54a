"""Synkronisering: the log of this session's team-folder rounds (opened from the status bar).

The rounds on the left, newest first; on the right what the chosen round did – what came from whom, what went to
whom, what was skipped or quarantined and why, what waits for a confirmation. "Synkronisér nu" runs a round at
once; "Importér ventende…" (shown when the last round left imports waiting – a deletion of cases, meetings or
consents, a large change) asks first and then runs a round that confirms them, as `sspdesk-cli sync --yes` does.
The log lives only while the vault is unlocked (it names colleagues and files); a lock closes the dialog.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sspdesk.ui.sync.round_text import entry_lines, entry_title, status_text
from sspdesk.ui.sync.sync_controller import RoundEntry, SyncController
from sspdesk.ui.widgets.confirm import Confirm, ask_confirmation
from sspdesk.ui.widgets.dialog_buttons import settle_default_button
from sspdesk.ui.widgets.labels import grey_label

NO_ROUNDS = "Ingen runder endnu i denne session."
CONFIRM_WAITING = (
    "Importér de ventende pakker? De sletter sager, møder eller samtykker eller ændrer meget på én gang. Der tages en "
    "sikkerhedskopi først."
)


class SyncLogDialog(QDialog):
    def __init__(self, controller: SyncController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.confirm: Confirm = lambda title, text: ask_confirmation(self, title, text, "Importér")
        self.setWindowTitle("Synkronisering – sspdesk")
        self.resize(900, 520)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        self.status = QLabel()
        font = self.status.font()
        font.setBold(True)
        self.status.setFont(font)
        self.folder = grey_label()
        self.folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status)
        layout.addWidget(self.folder)
        row = QHBoxLayout()
        self.rounds = QListWidget()
        self.rounds.setAccessibleName("Runder")
        self.rounds.setFixedWidth(330)
        self.rounds.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.rounds.setWordWrap(True)
        self.rounds.currentRowChanged.connect(self._show_round)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setAccessibleName("Rundens forløb")
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.details.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        row.addWidget(self.rounds)
        row.addWidget(self.details, 1)
        layout.addLayout(row, 1)
        layout.addWidget(
            grey_label(
                "Runderne kører ved oplåsning, kort efter en ændring her og med få minutters mellemrum, så længe "
                "programmet er låst op. Konflikter løses under Udveksling › Konflikter."
            )
        )
        buttons = QDialogButtonBox()
        self.sync_button = QPushButton("&Synkronisér nu")
        self.sync_button.clicked.connect(lambda: self.controller.sync_now("manuelt"))
        self.confirm_button = QPushButton("&Importér ventende…")
        self.confirm_button.clicked.connect(self.import_waiting)
        buttons.addButton(self.sync_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.confirm_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton("&Luk", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        settle_default_button(self, close)
        controller.state_changed.connect(self.reload)
        self.reload()

    def reload(self) -> None:
        controller = self.controller
        folder = controller.folder
        last = controller.last
        self.status.setText(
            status_text(
                last,
                running=controller.running,
                open_conflicts=controller.open_conflicts,
                has_folder=folder is not None,
            )
        )
        self.folder.setText(f"Teammappe: {folder}" if folder else "Vælg en teammappe under Indstillinger › Teammappe.")
        self.sync_button.setEnabled(folder is not None and not controller.running)
        waiting = last is not None and last.report is not None and bool(last.report.waiting)
        self.confirm_button.setVisible(waiting)
        self.confirm_button.setEnabled(waiting and not controller.running)
        self.rounds.blockSignals(True)
        self.rounds.clear()
        for entry in reversed(controller.rounds):
            item = QListWidgetItem(entry_title(entry))
            item.setData(Qt.ItemDataRole.UserRole, entry)
            self.rounds.addItem(item)
        self.rounds.blockSignals(False)
        if self.rounds.count():
            self.rounds.setCurrentRow(0)
            self._show_round(0)
        else:
            self.details.setPlainText(NO_ROUNDS)

    def _show_round(self, row: int) -> None:
        item = self.rounds.item(row)
        entry: RoundEntry | None = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        self.details.setPlainText("\n".join(entry_lines(entry)) if entry is not None else NO_ROUNDS)

    def import_waiting(self) -> None:
        if self.confirm("Importér ventende pakker", CONFIRM_WAITING):
            self.controller.sync_now("bekræftet", confirm=True)
