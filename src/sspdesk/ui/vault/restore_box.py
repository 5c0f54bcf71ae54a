"""The "Gendan fra sikkerhedskopi" box of the unlock dialog: the backups that open with the typed passphrase.

Shown only for a damaged vault, so it is made then (`UnlockDialog._restore_box`), not with every unlock dialog.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout

from sspdesk.ui.icons import icon


class RestoreBox(QGroupBox):
    """A list of backups (newest first) and the button that restores the chosen one."""

    def __init__(self) -> None:
        super().__init__("Gendan fra sikkerhedskopi")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Vælg en sikkerhedskopi (nyeste øverst):"))
        self.backup_list = QListWidget()
        self.backup_list.setAccessibleName("Sikkerhedskopier")
        self.backup_list.setMaximumHeight(96)
        layout.addWidget(self.backup_list)
        row = QHBoxLayout()
        self.restore_button = QPushButton(icon("restore"), "&Gendan fra sikkerhedskopi")
        row.addWidget(self.restore_button)
        row.addStretch(1)
        layout.addLayout(row)

    def show_backups(self, backups: list[tuple[str, Path]]) -> None:
        """(description, path) per backup; the box is visible while there is at least one."""
        self.backup_list.clear()
        for text, path in backups:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            self.backup_list.addItem(item)
        if backups:
            self.backup_list.setCurrentRow(0)
        self.setVisible(bool(backups))

    def selected(self) -> Path | None:
        item = self.backup_list.currentItem()
        return None if item is None else Path(item.data(Qt.ItemDataRole.UserRole))
