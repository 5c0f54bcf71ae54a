"""The unlock dialog ("Lås op"), which is also where a damaged vault is restored from a backup.

Unlocking runs on the worker (`unlock_vault` derives the key and checks integrity). Every failure is a Danish line in
red inside the dialog – no traceback, no message box. When the vault is damaged and backups open with the passphrase,
the dialog lists them and offers "Gendan fra sikkerhedskopi"; the damaged file is kept beside the restored one.
A restore asked for from Indstillinger while the vault was open arrives here as `pending_restore`: the vault is already
closed, and the passphrase typed here both restores and unlocks.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from sspdesk.store.errors import VaultDamaged, WrongPassphrase
from sspdesk.ui import theme
from sspdesk.ui.app_icon import app_pixmap
from sspdesk.ui.vault.vault_dialogs import JobDialog, JobRunner, heading, passphrase_edit, path_label, show_toggle
from sspdesk.ui.widgets.confirm import Confirm, ask_confirmation
from sspdesk.ui.widgets.dialog_buttons import settle_default_button

if TYPE_CHECKING:
    from datetime import datetime

    from PySide6.QtWidgets import QListWidget, QPushButton

    from sspdesk.ui.vault.restore_box import RestoreBox

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


def backup_time(path: Path) -> datetime | None:
    match = _BACKUP_NAME.search(path.stem)
    if not match:
        return None
    from datetime import datetime  # this module is on the start-up path; backups are listed later

    return datetime.strptime(match.group(1) + match.group(2), "%Y%m%d%H%M%S")


def describe_backup(path: Path) -> str:
    """'12.03.2026 kl. 14.05.09 · ved oprettelse · 53 kB' from a backup's file name and size."""
    match = _BACKUP_NAME.search(path.stem)
    when = backup_time(path)
    from sspdesk.domain.dates import stamp_text  # late, like datetime in backup_time

    parts = [stamp_text(when, seconds=True) if when else path.name]
    if match:
        parts.append(_REASONS.get(match.group(3), match.group(3)))
    try:
        size = path.stat().st_size
    except OSError:
        size = None
    if size is not None:
        parts.append(QLocale().formattedDataSize(size, 0, QLocale.DataSizeFormat.DataSizeSIFormat))
    return " · ".join(parts)


def restore_question(path: Path, backup: Path) -> str:
    return (
        f"Gendan datafilen fra sikkerhedskopien fra {describe_backup(backup)}?\n\n"
        f"Den nuværende datafil slettes ikke: den gemmes ved siden af som „{path.name}.replaced-…“. "
        "Det, der er ændret efter sikkerhedskopien, kommer ikke med."
    )


class UnlockDialog(JobDialog):
    """Lås op: passphrase → open vault (emitted as `vault_ready`)."""

    vault_ready = Signal(object)
    unlocking = Signal()  # the key is being derived on the worker: a moment the GUI thread has free

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
        if demo_passphrase:  # a style sheet costs a few ms at start-up: only for the demo, where it is seen
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

        # Built when a damaged vault's backups are to be listed: a list and a line icon stay off the start-up path.
        self.restore_box: RestoreBox | None = None
        self._restore_box_at = layout.count()

        where = path_label(self.vault_path)
        small = where.font()
        small.setPointSizeF(small.pointSizeF() * 0.9)
        where.setFont(small)
        layout.addWidget(where)
        layout.addWidget(self.busy_bar)
        # Closing the unlock dialog ends the program: nothing else can be done with a locked vault.
        self.unlock_button = self._add_buttons("&Lås op", self.unlock, "Afslut")
        self.passphrase.textChanged.connect(self._update_state)
        self._update_state()
        self.setMinimumWidth(520)
        self.passphrase.setFocus()

    # -- states --------------------------------------------------------------------------------------------------

    def _update_state(self) -> None:
        self.unlock_button.setEnabled(not self.is_busy and bool(self.passphrase.text()))
        if self.restore_box is not None:
            self.restore_box.restore_button.setEnabled(not self.is_busy and self.restore_box.backup_list.count() > 0)

    @property
    def backup_list(self) -> QListWidget:
        return self._restore_box().backup_list

    @property
    def restore_button(self) -> QPushButton:
        return self._restore_box().restore_button

    def _restore_box(self) -> RestoreBox:
        if self.restore_box is None:
            from sspdesk.ui.vault.restore_box import RestoreBox

            self.restore_box = RestoreBox()
            self.restore_box.restore_button.clicked.connect(self._restore_selected)
            self.restore_box.hide()
            self.body.insertWidget(self._restore_box_at, self.restore_box)
        return self.restore_box

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
        if not backups and self.restore_box is None:
            return  # nothing to offer, and nothing offered before
        box = self._restore_box()
        box.show_backups([(describe_backup(path), path) for path in backups])  # already newest first
        # Enter restores when that is the way out; otherwise it unlocks.
        settle_default_button(self, box.restore_button if backups else self.unlock_button)
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

        # Opened on the worker, handed over at the end of the job, taken over by the GUI thread in _opened.
        self._run("Låser op …", lambda: unlock_vault(path, passphrase).hand_over(), self._opened)
        if self.is_busy:  # still deriving the key (a test's pool may have finished already)
            self.unlocking.emit()

    def _restore_selected(self) -> None:
        backup = self._restore_box().selected()
        if backup is None:
            return
        if not self.passphrase.text():
            self.error.show_error("Skriv adgangskoden for at gendanne.")
            self.passphrase.setFocus()
            return
        if not self.confirm("Gendan fra sikkerhedskopi", restore_question(self.vault_path, backup)):
            return
        self._restore(backup)

    def _restore(self, backup: Path) -> None:
        path, passphrase = self.vault_path, self.passphrase.text()

        def job() -> tuple[Any, Path | None]:
            from sspdesk.vaults import restore_from_backup, unlock_vault

            kept = restore_from_backup(path, backup, passphrase)
            return unlock_vault(path, passphrase).hand_over(), kept

        self._run("Gendanner fra sikkerhedskopien …", job, self._restored)

    def _restored(self, result: tuple[Any, Path | None]) -> None:
        vault, kept = result
        self.notice = "Gendannet fra sikkerhedskopien."
        if kept is not None:
            self.notice += f" Den tidligere datafil er gemt som {kept.name}."
        self._opened(vault)

    def _opened(self, vault: Any) -> None:
        if not self._take_over(vault):
            return
        notice = self.notice
        self.reset()
        self.notice = notice
        self.vault = vault
        self.vault_ready.emit(vault)
        self.accept()

    def show_damage(self, damaged: VaultDamaged) -> None:
        """Say that the vault is damaged and offer the backups that open (newest first): after a failed unlock, or
        when the check after an unlock found damage and locked (the passphrase is then typed again to restore)."""
        self.set_pending_restore(None)
        self.show_backups(damaged.backups)
        if not damaged.backups:
            self.error.show_error(damaged.message + " Der er ingen sikkerhedskopi, som adgangskoden åbner.")
        elif not self.passphrase.text():
            self.error.show_error(damaged.message + " Skriv adgangskoden, og vælg en sikkerhedskopi.")
            self.passphrase.setFocus()
        else:
            self.error.show_error(damaged.message)
            self.backup_list.setFocus()

    def _on_error(self, exc: BaseException) -> None:
        super()._on_error(exc)
        if isinstance(exc, WrongPassphrase):
            self.passphrase.clear()
            self.passphrase.setFocus()
        elif isinstance(exc, VaultDamaged):
            # Keep the passphrase: it is needed to restore, and the backups listed were proven to open with it.
            self.show_damage(exc)
        else:
            self.passphrase.selectAll()
            self.passphrase.setFocus()
