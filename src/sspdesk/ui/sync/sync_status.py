"""The team-folder status in the main window's status bar: "Synkroniseret 14.05 · 3 nye · 1 konflikt".

A flat button: a click opens the round log (`SyncLogDialog`). Hidden while the vault is locked; in the warning colour
when something waits for the user (a conflict, a quarantined file, an import to confirm, a round that failed).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget

from sspdesk.ui import theme
from sspdesk.ui.sync.round_text import needs_attention, status_text
from sspdesk.ui.sync.sync_controller import SyncController
from sspdesk.ui.sync.sync_log_dialog import SyncLogDialog


class SyncStatus(QPushButton):
    def __init__(self, controller: SyncController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.dialog: SyncLogDialog | None = None
        self.setFlat(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip("Synkronisering med teammappen – klik for loggen over runderne")
        self.setAccessibleName("Synkronisering")
        self.clicked.connect(self.open_log)
        controller.state_changed.connect(self.update_text)
        self.hide()

    def update_text(self) -> None:
        controller = self.controller
        if controller.vault is None:
            self.setText("")
            self.hide()
            return
        last = controller.last
        self.setText(
            status_text(
                last,
                running=controller.running,
                open_conflicts=controller.open_conflicts,
                has_folder=controller.folder is not None,
            )
        )
        warn = needs_attention(last, controller.open_conflicts) and not controller.running
        self.setStyleSheet(
            f"QPushButton {{ color: {theme.colour('warning')}; padding: 0 8px; }}"
            if warn
            else "QPushButton { padding: 0 8px; }"
        )
        self.show()

    def open_log(self) -> SyncLogDialog:
        if self.dialog is not None:
            self.dialog.raise_()
            return self.dialog
        dialog = SyncLogDialog(self.controller, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _=0: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()  # not exec(): a lock closes it with the window's other dialogs
        return dialog
