"""The unlock dialog ("Lås op"), which is also where a damaged vault is restored from a backup.

Unlocking runs on the worker (`unlock_vault` derives the key and checks integrity). Every failure is a Danish line in
red inside the dialog – no traceback, no message box. When the vault is damaged and backups open with the passphrase,
the dialog lists them and offers "Gendan fra sikkerhedskopi"; the damaged file is kept beside the restored one.
A restore asked for from Indstillinger while the vault was open arrives here as `pending_restore`: the vault is already
closed, and the passphrase typed here both restores and unlocks.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sspdesk.store.errors import VaultDamaged, WrongPassphrase
from sspdesk.ui import theme
from sspdesk.ui.icons import app_pixmap, icon
from sspdesk.ui.vault_dialogs import JobDialog, JobRunner, heading, passphrase_edit, path_label, show_toggle

_BACKUP_NAME = re.compile(r"-(\d{8})-(\d{6})-\d+-([a-z]+)$")
_REASONS = {
    "create": "ved oprettelse",
    "migration": "før opdatering",
    "manual": "taget manuelt",
    "import": "før import",
    "periodic": "automatisk",
    "passwd": "efter skift af adgangskode",
    "restore": "før gendannelse",
}

Confirm = Callable[[str, str], bool]


def backup_time(path: Path) -> datetime | None:
    match = _BACKUP_NAME.search(path.stem)
    if not match:
        return None
    return datetime.strptime(match.group(1) + match.group(2), "%Y%m%d%H%M%S")


def describe_backup(path: Path) -> str:
    """'12.03.2026 kl. 14:05:09 · ved oprettelse · 53 kB' from a backup's file name and size."""
    match = _BACKUP_NAME.search(path.stem)
    when = backup_time(path)
    parts = [when.strftime("%d.%m.%Y kl. %H:%M:%S") if when else path.name]
    if match:
        parts.append(_REASONS.get(match.group(3), match.group(3)))
    try:
        size = path.stat().st_size
    except OSError:
        size = None
    if size is not None:
        parts.append(QLocale().formattedDataSize(size, 0, QLocale.DataSizeFormat.DataSizeSIFormat))
    return " · ".join(parts)


def ask_confirmation(parent: QWidget | None, title: str, text: str, action: str) -> bool:
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    yes = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Annuller", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(yes)
    box.exec()
    return box.clickedButton() is yes


def restore_question(path: Path, backup: Path) -> str:
    return (
        f"Gendan datafilen fra sikkerhedskopien fra {describe_backup(backup)}?\n\n"
        f"Den nuværende datafil slettes ikke: den gemmes ved siden af som „{path.name}.replaced-…“. "
        "Det, der er ændret efter sikkerhedskopien, kommer ikke med."
    )


class UnlockDialog(JobDialog):
    """Lås op: passphrase → open vault (emitted as `vault_ready`)."""

    vault_ready = Signal(object)

    def __init__(
        self,
        vault_path: Path,
        parent: QWidget | None = None,
        *,
        demo_passphrase: str | None = None,
        runner: JobRunner | None = None,
    ) -> None:
        super().__init__(parent, runner)
        self.vault_path = Path(vault_path)
        self.vault = None
        self.notice = ""  # said in the main window's status bar after a restore
        self.pending_restore: Path | None = None
        # Replaced in tests; a real dialog asks with a message box.
        self.confirm: Confirm = lambda title, text: ask_confirmation(self, title, text, "Gendan")
        self.setWindowTitle("Lås op – sspdesk")
        layout = self.body

        header = QHBoxLayout()
        logo = QLabel()
        logo.setPixmap(app_pixmap(56))
        header.addWidget(logo)
        titles = QVBoxLayout()
        titles.addWidget(heading("sspdesk", 1.6))
        titles.addWidget(QLabel("Datafilen er låst. Skriv din adgangskode for at låse op."))
        header.addLayout(titles, 1)
        layout.addLayout(header)

        self.demo_note = QLabel(f"Demodata – adgangskoden er: {demo_passphrase}" if demo_passphrase else "")
        self.demo_note.setObjectName("demoNote")
        self.demo_note.setStyleSheet(
            f"#demoNote {{ background: {theme.colour('demo_note')}; border: 1px solid "
            f"{theme.colour('demo_note_border')}; border-radius: 4px; padding: 6px 8px; }}"
        )
        self.demo_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.demo_note.setVisible(bool(demo_passphrase))
        layout.addWidget(self.demo_note)

        self.restore_note = QLabel()
        self.restore_note.setWordWrap(True)
        self.restore_note.hide()
        layout.addWidget(self.restore_note)

        row = QHBoxLayout()
        prompt = QLabel("&Adgangskode:")
        self.passphrase = passphrase_edit("Adgangskode")
        prompt.setBuddy(self.passphrase)
        row.addWidget(prompt)
        row.addWidget(self.passphrase, 1)
        layout.addLayout(row)
        layout.addWidget(show_toggle([self.passphrase]))
        layout.addWidget(self.error)

        self.restore_box = QGroupBox("Gendan fra sikkerhedskopi")
        box_layout = QVBoxLayout(self.restore_box)
        box_layout.addWidget(QLabel("Vælg en sikkerhedskopi (nyeste øverst):"))
        self.backup_list = QListWidget()
        self.backup_list.setAccessibleName("Sikkerhedskopier")
        self.backup_list.setMaximumHeight(96)
        box_layout.addWidget(self.backup_list)
        self.restore_button = QPushButton(icon("restore"), "&Gendan fra sikkerhedskopi")
        self.restore_button.clicked.connect(self._restore_selected)
        box_layout.addWidget(self.restore_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.restore_box.hide()
        layout.addWidget(self.restore_box)

        where = path_label(self.vault_path)
        small = where.font()
        small.setPointSizeF(small.pointSizeF() * 0.9)
        where.setFont(small)
        layout.addWidget(where)
        layout.addWidget(self.busy_bar)
        # Closing the unlock dialog ends the program: nothing else can be done with a locked vault.
        self.unlock_button = self._add_buttons("&Lås op", self.unlock, "Afslut")
        self.unlock_button.setIcon(icon("unlock"))
        self.passphrase.textChanged.connect(self._update_state)
        self._update_state()
        self.setMinimumWidth(520)
        self.passphrase.setFocus()

    # -- states --------------------------------------------------------------------------------------------------

    def _update_state(self) -> None:
        self.unlock_button.setEnabled(not self.is_busy and bool(self.passphrase.text()))
        self.restore_button.setEnabled(not self.is_busy and self.backup_list.count() > 0)

    def set_pending_restore(self, backup: Path | None) -> None:
        """The next passphrase restores `backup` first (the vault is closed already), then unlocks."""
        self.pending_restore = backup
        if backup is None:
            self.restore_note.hide()
            self.unlock_button.setText("&Lås op")
            return
        self.restore_note.setText(
            f"Gendannelse fra sikkerhedskopien fra {describe_backup(backup)}. Skriv adgangskoden for at gendanne. "
            "Den nuværende datafil gemmes ved siden af."
        )
        self.restore_note.show()
        self.unlock_button.setText("&Gendan og lås op")

    def show_backups(self, backups: list[Path]) -> None:
        self.backup_list.clear()
        for path in backups:  # already newest first
            item = QListWidgetItem(describe_backup(path))
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            self.backup_list.addItem(item)
        if backups:
            self.backup_list.setCurrentRow(0)
        self.restore_box.setVisible(bool(backups))
        # Enter restores when that is the way out; otherwise it unlocks.
        self.restore_button.setDefault(bool(backups))
        self.unlock_button.setDefault(not backups)
        self._update_state()

    def reset(self) -> None:
        """Back to a fresh 'Lås op' (used when the program locks again)."""
        self.passphrase.clear()
        self.error.show_error("")
        self.show_backups([])
        self.set_pending_restore(None)
        self.notice = ""
        self.vault = None
        self.passphrase.setFocus()

    # -- actions -----------------------------------------------------------------------------------------------

    def unlock(self) -> None:
        if not self.unlock_button.isEnabled():
            return
        if self.pending_restore is not None:
            self._restore(self.pending_restore)
            return
        path, passphrase = self.vault_path, self.passphrase.text()
        from sspdesk.vaults import unlock_vault  # the vault code loads while the dialog is already on screen

        self._run("Låser op …", lambda: unlock_vault(path, passphrase), self._opened)

    def _restore_selected(self) -> None:
        item = self.backup_list.currentItem()
        if item is None:
            return
        backup = Path(item.data(Qt.ItemDataRole.UserRole))
        if not self.confirm("Gendan fra sikkerhedskopi", restore_question(self.vault_path, backup)):
            return
        self._restore(backup)

    def _restore(self, backup: Path) -> None:
        path, passphrase = self.vault_path, self.passphrase.text()

        def job() -> tuple[Any, Path | None]:
            from sspdesk.vaults import restore_from_backup, unlock_vault

            kept = restore_from_backup(path, backup, passphrase)
            return unlock_vault(path, passphrase), kept

        self._run("Gendanner fra sikkerhedskopien …", job, self._restored)

    def _restored(self, result: tuple[Any, Path | None]) -> None:
        vault, kept = result
        self.notice = "Gendannet fra sikkerhedskopien."
        if kept is not None:
            self.notice += f" Den tidligere datafil er gemt som {kept.name}."
        self._opened(vault)

    def _opened(self, vault: Any) -> None:
        notice = self.notice
        self.reset()
        self.notice = notice
        self.vault = vault
        self.vault_ready.emit(vault)
        self.accept()

    def _on_error(self, exc: BaseException) -> None:
        super()._on_error(exc)
        if isinstance(exc, WrongPassphrase):
            self.passphrase.clear()
            self.passphrase.setFocus()
        elif isinstance(exc, VaultDamaged):
            # Keep the passphrase: it is needed to restore, and the backups listed were proven to open with it.
            self.set_pending_restore(None)
            self.show_backups(exc.backups)
            if not exc.backups:
                self.error.show_error(exc.message + " Der er ingen sikkerhedskopi, som adgangskoden åbner.")
            else:
                self.backup_list.setFocus()
        else:
            self.passphrase.selectAll()
            self.passphrase.setFocus()
