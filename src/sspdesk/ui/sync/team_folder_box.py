"""Indstillinger › Teammappe: the folder Syncthing, OneDrive/SharePoint or a network share keeps in step between the
team's laptops (issue 19, item 1).

The user picks the folder (refused, with the service's Danish message, when the vault or its backups lie inside
it – a database must not live in a synced folder), sees it, and can clear it. Stored in the vault as the setting
`team_folder` by `sspdesk.teamsync.set_team_folder`, the same as `sspdesk-cli sync --folder`. `changed` tells the
sync controller to run a round with the new folder.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFileDialog, QGroupBox, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from sspdesk.domain.errors import Invalid
from sspdesk.store.vault import Vault
from sspdesk.teamsync import set_team_folder, team_folder
from sspdesk.ui.icons import icon
from sspdesk.ui.settings.settings_boxes import Message, note_label, value_label

NO_FOLDER = "Ingen teammappe – der synkroniseres ikke automatisk."
HINT = (
    "En mappe, som Syncthing, OneDrive/SharePoint eller et netværksdrev holder ens på holdets computere. Programmet "
    "lægger krypterede pakker til kollegerne i den og henter deres, mens det er låst op. Datafilen må ikke ligge i "
    "mappen."
)


def choose_directory(parent: QWidget, start: str, on_chosen: Callable[[str], object]) -> None:
    """A non-blocking folder dialog: a lock closes it with the window's other dialogs."""
    dialog = QFileDialog(parent, "Vælg teammappe", start)
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    dialog.fileSelected.connect(on_chosen)
    dialog.open()


class TeamFolderBox(QGroupBox):
    changed = Signal()

    def __init__(self) -> None:
        super().__init__("Teammappe")
        self.vault: Vault | None = None
        self.choose: Callable[[QWidget, str, Callable[[str], object]], None] = choose_directory  # tests replace it
        layout = QVBoxLayout(self)
        # The path on a line of its own: a synced folder's path is long ("C:/Users/…/OneDrive - Kommune/SSP").
        self.folder = value_label()
        self.folder.setAccessibleName("Teammappe")
        layout.addWidget(self.folder)
        row = QHBoxLayout()
        self.choose_button = QPushButton(icon("folder"), "Vælg teammappe…")
        self.choose_button.clicked.connect(self._choose)
        self.clear_button = QPushButton("Fjern teammappen")
        self.clear_button.setToolTip("Stop den automatiske synkronisering (filerne i mappen bliver liggende)")
        self.clear_button.clicked.connect(lambda: self.set_folder(""))
        row.addWidget(self.choose_button)
        row.addWidget(self.clear_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.message = Message()
        layout.addWidget(self.message)
        layout.addWidget(note_label(HINT))
        self._show()

    def load(self, vault: Vault) -> None:
        self.vault = vault
        self.message.show_text("")
        self._show()

    def clear(self) -> None:
        self.vault = None
        self.message.show_text("")
        self._show()

    def _show(self) -> None:
        folder = team_folder(self.vault) if self.vault is not None else None
        self.folder.setText(str(folder) if folder else (NO_FOLDER if self.vault is not None else ""))
        self.choose_button.setEnabled(self.vault is not None)
        self.clear_button.setEnabled(folder is not None)

    def _choose(self) -> None:
        if self.vault is None:
            return
        current = team_folder(self.vault)
        self.choose(self, str(current or Path.home()), self.set_folder)

    def set_folder(self, folder: str) -> bool:
        """Store `folder` as the team folder ('' clears it); a refusal is shown under the box. True if stored."""
        if self.vault is None:
            return False
        try:
            set_team_folder(self.vault, Path(folder) if folder else None)
        except Invalid as exc:
            self.message.show_text(exc.message, error=True)
            return False
        self.message.show_text("Teammappen er gemt." if folder else "Teammappen er fjernet.")
        self._show()
        self.changed.emit()
        return True
