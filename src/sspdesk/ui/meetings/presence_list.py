"""Til stede in meeting mode: the meeting's participants with a tick for each one present (issue 21 item 7).

A tick marks the participant Til stede, taking it off marks them Fraværende (`sspdesk.meetings.set_participant_status`);
a participant not yet touched stays Inviteret. Space ticks the current row, so presence is taken from the keyboard too.
Read-only once the minutes are approved or the meeting is cancelled.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from sspdesk.domain.errors import ServiceError
from sspdesk.domain.meetings import Participant
from sspdesk.meetings import set_participant_status
from sspdesk.store.vault import Vault

IdRole = Qt.ItemDataRole.UserRole + 1


def _text(person: Participant) -> str:
    return f"{person.name} ({person.role})" if person.name and person.role else person.name or person.role


class PresenceList(QListWidget):
    """One checkable row per participant; ticking saves at once."""

    changed = Signal()  # a status was saved
    failed = Signal(str)  # a Danish message: the status could not be saved

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault: Vault | None = None
        self.setAccessibleName("Til stede")
        self.setAccessibleDescription("Sæt flueben ved de deltagere, der er til stede (mellemrum)")
        self.setWordWrap(True)
        self.setSpacing(2)  # as the agenda above it: one participant per block, easy to hit
        self._filling = False
        self.itemChanged.connect(self._ticked)

    def set_participants(self, vault: Vault, participants: list[Participant], editable: bool) -> None:
        self.vault = vault
        self._filling = True
        self.clear()
        for person in participants:
            item = QListWidgetItem(_text(person))
            item.setData(IdRole, person.id)
            flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
            if editable:
                flags |= Qt.ItemFlag.ItemIsUserCheckable
            item.setFlags(flags)
            item.setCheckState(Qt.CheckState.Checked if person.status == "present" else Qt.CheckState.Unchecked)
            item.setToolTip({"present": "Til stede", "absent": "Fraværende"}.get(person.status, "Inviteret"))
            self.addItem(item)
        self._filling = False

    def present_ids(self) -> list[str]:
        return [
            str(self.item(n).data(IdRole))
            for n in range(self.count())
            if self.item(n).checkState() == Qt.CheckState.Checked
        ]

    def _ticked(self, item: QListWidgetItem) -> None:
        if self._filling or self.vault is None:
            return
        present = item.checkState() == Qt.CheckState.Checked
        try:
            set_participant_status(self.vault, str(item.data(IdRole)), "present" if present else "absent")
        except ServiceError as exc:
            self.failed.emit(exc.message)
            return
        item.setToolTip("Til stede" if present else "Fraværende")
        self.changed.emit()
