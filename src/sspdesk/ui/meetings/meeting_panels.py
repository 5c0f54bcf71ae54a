"""Two panels of a meeting: the participants (Deltagere tab of the detail pane) and the dispositions of the
current item in meeting mode (this item's, and the carried ones to follow up).

Each calls the service functions itself; a refused change is reported with `failed(message)` and a saved one with
`changed()`, so the owner shows the message in its bar and re-reads the meeting.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sspdesk.dispositions import set_disposition_done
from sspdesk.domain.errors import ServiceError
from sspdesk.domain.meetings import AgendaItem, Participant
from sspdesk.meetings import remove_participant, update_participant
from sspdesk.store.vault import Vault
from sspdesk.ui.meetings.meeting_models import (
    COL_DONE,
    COL_DUE,
    COL_NAME,
    COL_OWNER,
    COL_PRESENCE,
    COL_ROLE,
    COL_WHAT,
    PRESENCE_CYCLE,
    DispositionModel,
    ParticipantModel,
)
from sspdesk.ui.widgets.colours import GREY
from sspdesk.ui.widgets.list_parts import list_table


def button(text: str, slot: Callable[[], None], tip: str = "", narrow: bool = False) -> QPushButton:
    made = QPushButton(text)
    made.clicked.connect(lambda _checked=False: slot())
    made.setToolTip(tip)
    made.setAccessibleName(tip or text)
    if narrow:
        made.setFixedWidth(made.fontMetrics().horizontalAdvance(text) + 28)
    return made


def key(widget: QWidget, keys: str, slot: Callable[[], None]) -> None:
    """A shortcut active while `widget` has the focus."""
    shortcut = QShortcut(QKeySequence(keys), widget)
    shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
    shortcut.activated.connect(slot)


def bold(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-weight: bold;")
    return label


class DialogSlot:
    """The one open dialog of a widget: opening another closes it; `close()` on lock takes it out of findChildren."""

    def __init__(self) -> None:
        self.dialog: QDialog | None = None

    def open(self, dialog: QDialog, on_accepted: Callable[[], None] | None = None) -> None:
        self.close()
        self.dialog = dialog
        if on_accepted is not None:
            dialog.accepted.connect(on_accepted)
        dialog.finished.connect(lambda _result, d=dialog: self._finished(d))
        dialog.open()  # not exec(): a lock closes it

    def _finished(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def close(self) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            dialog.reject()
            dialog.setParent(None)  # its fields may hold text from the meeting
            dialog.deleteLater()


class _Panel(QWidget):
    changed = Signal()
    failed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault: Vault | None = None

    def apply(self, action: Callable[[], Any]) -> Any:
        """Call a service with the vault; None (and `failed`) if it refuses."""
        if self.vault is None:
            return None
        try:
            result = action()
        except ServiceError as exc:
            self.failed.emit(exc.message)
            return None
        self.changed.emit()
        return True if result is None else result


class ParticipantsPanel(_Panel):
    """Deltagere: Inviteret / Til stede / Fraværende (Mellemrum skifter), name and role edited in place."""

    add_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        self.model = ParticipantModel(self)
        self.model.edited.connect(self._edited)
        self.view = list_table(self.model, "Deltagere")
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(COL_ROLE, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(COL_NAME, 150)
        header.resizeSection(COL_PRESENCE, 90)
        key(self.view, "Space", self.cycle_presence)
        layout.addWidget(self.view, 1)
        row = QHBoxLayout()
        self.buttons = [
            button("Til stede", lambda: self.toggle_presence("present"), "Til stede – eller tilbage til inviteret"),
            button("Fraværende", lambda: self.toggle_presence("absent"), "Fraværende – eller tilbage til inviteret"),
            button("Tilføj…", self.add_requested.emit, "Tilføj en deltager"),
            button("Fjern", self.remove, "Fjern den valgte deltager"),
        ]
        for made in self.buttons:
            row.addWidget(made)
        row.addStretch(1)
        layout.addLayout(row)
        hint = QLabel("Mellemrum skifter status. Dobbeltklik på navn eller rolle for at rette det.")
        hint.setStyleSheet(f"color: {GREY};")
        hint.setWordWrap(True)
        layout.addWidget(hint)

    def set_rows(self, participants: list[Participant], editable: bool) -> None:
        self.model.editable = editable
        self.model.set_rows(participants)
        for made in self.buttons:
            made.setEnabled(editable)

    def selected(self) -> Participant | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.record(rows[0].row()) if rows else None

    def set_presence(self, status: str) -> None:
        person, vault = self.selected(), self.vault
        if person is not None and vault is not None and self.model.editable:
            row = self.model.row_of(person.id)
            if self.apply(lambda: update_participant(vault, person.id, status=status)):
                self.view.selectRow(row)  # the owner re-read the meeting: keep the row for the next key
                self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def toggle_presence(self, status: str) -> None:
        """The Til stede / Fraværende toggles: pressed again, the participant is back to Inviteret."""
        person = self.selected()
        if person is not None:
            self.set_presence("invited" if person.status == status else status)

    def cycle_presence(self) -> None:
        person = self.selected()
        if person is not None:
            self.set_presence(PRESENCE_CYCLE.get(person.status, "present"))

    def _edited(self, participant_id: str, field: str, value: str) -> None:
        vault = self.vault
        if vault is not None:
            self.apply(lambda: update_participant(vault, participant_id, **{field: value}))

    def remove(self) -> None:
        person, vault = self.selected(), self.vault
        if person is not None and vault is not None:
            self.apply(lambda: remove_participant(vault, person.id))


def _dispositions_table(model: DispositionModel, name: str) -> QTableView:
    view = list_table(model, name)
    view.setWordWrap(True)  # Hvad is the point: shown in full, over more lines
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header = view.horizontalHeader()
    header.setSectionResizeMode(COL_WHAT, QHeaderView.ResizeMode.Stretch)
    for column, width in ((COL_OWNER, 110), (COL_DUE, 80), (COL_DONE, 90)):
        header.resizeSection(column, width)
    return view


class DispositionsPanel(_Panel):
    """Meeting mode, right: the item's dispositions and the carried ones; Udført toggles (also when approved)."""

    new_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(bold("Dispositioner – hvem gør hvad, hvornår"))
        self.dispositions, self.followups = DispositionModel(self), DispositionModel(self)
        self.dispositions_view = _dispositions_table(self.dispositions, "Dispositioner")
        self.followups_view = _dispositions_table(self.followups, "Opfølgning fra tidligere møder")
        for model in (self.dispositions, self.followups):
            model.done_toggled.connect(self.set_done)
        layout.addWidget(self.dispositions_view, 3)
        row = QHBoxLayout()
        self.new_button = button("Ny disposition (Ctrl+D)", self.new_requested.emit)
        self.done_button = button(
            "Udført (Ctrl+Enter)", self.toggle_done, "Markér den valgte disposition som udført – eller åben igen"
        )
        row.addWidget(self.new_button)
        row.addWidget(self.done_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.followups_label = bold("Opfølgning fra tidligere møder")
        layout.addWidget(self.followups_label)
        layout.addWidget(self.followups_view, 2)

    def show_item(self, item: AgendaItem | None, editable: bool) -> None:
        self.dispositions.set_rows(item.dispositions if item else [])
        self.followups.set_rows(item.followups if item else [])
        self.new_button.setEnabled(editable and item is not None)
        has_followups = bool(item and item.followups)
        self.followups_label.setVisible(has_followups)
        self.followups_view.setVisible(has_followups)

    def clear(self) -> None:
        self.show_item(None, False)

    def select_last(self) -> None:
        self.dispositions_view.selectRow(self.dispositions.rowCount() - 1)

    def toggle_done(self) -> None:
        """Ctrl+Enter: the selected disposition (this item's, or else the carried one) done – or open again."""
        for view, model in ((self.dispositions_view, self.dispositions), (self.followups_view, self.followups)):
            rows = view.selectionModel().selectedRows()
            record = model.record(rows[0].row()) if rows else None
            if record is not None:
                self.set_done(record.id, record.is_open)
                return

    def set_done(self, disposition_id: str, done: bool) -> None:
        vault = self.vault
        if vault is None:
            return
        updated = self.apply(lambda: set_disposition_done(vault, disposition_id, done))
        if updated:
            for model in (self.dispositions, self.followups):
                model.replace(updated)
