"""Indstillinger: auto-lock, backups (count, folder, list, take now, restore), passphrase, this device's keys.

Settings are saved in the vault at once (`vault.set_setting`), so they are encrypted with it. Actions that need the
whole window (a backup on the worker, changing the passphrase, a restore that closes the vault) are signals the main
window and the controller answer, so the page never closes the vault itself.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from sspdesk.profiles import ProfileError, get_profile
from sspdesk.ui.icons import icon
from sspdesk.ui.pages import PAGE_MARGINS, Page, page_heading
from sspdesk.ui.unlock_dialog import Confirm, ask_confirmation, describe_backup, restore_question
from sspdesk.ui.vault_dialogs import SMALL_GREY_STYLE
from sspdesk.vaults import key_info, list_vault_backups

AUTOLOCK_RANGE = (1, 120)
BACKUP_COUNT_RANGE = (1, 100)


def _with_text(field: QWidget, text: str) -> QWidget:
    """A small field followed by a few words, e.g. [5 min.] uden aktivitet – instead of a field as wide as the form."""
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    field.setMaximumWidth(110)
    row.addWidget(field)
    row.addWidget(QLabel(text))
    row.addStretch(1)
    return box


def _value_label() -> QLabel:
    label = QLabel()
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    return label


class SettingsPage(Page):
    title = "Indstillinger"
    icon_name = "settings"

    autolock_changed = Signal(int)  # minutes
    backup_requested = Signal()
    change_passphrase_requested = Signal()
    restore_requested = Signal(Path)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.confirm: Confirm = lambda title, text: ask_confirmation(self, title, text, "Gendan og lås")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        outer.addWidget(scroll)
        content = QWidget()
        scroll.setWidget(content)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(*PAGE_MARGINS)
        layout.setSpacing(14)
        layout.addWidget(page_heading(self.title))
        # Two top-aligned columns, the keys below across both: the age key is long and must be readable whole.
        columns = QHBoxLayout()
        columns.setSpacing(18)
        left, right = QVBoxLayout(), QVBoxLayout()
        for column, groups in ((left, (self._autolock_group(), self._passphrase_group(), self._user_group())),
                               (right, (self._backup_group(),))):
            column.setSpacing(14)
            for group in groups:
                column.addWidget(group)
            column.addStretch(1)
            columns.addLayout(column, 1)
        layout.addLayout(columns)
        layout.addWidget(self._keys_group())
        layout.addStretch(1)
        self._set_enabled(False)

    # -- building ------------------------------------------------------------------------------------------------

    def _autolock_group(self) -> QGroupBox:
        box = QGroupBox("Automatisk lås")
        form = QFormLayout(box)
        self.autolock = QSpinBox()
        self.autolock.setRange(*AUTOLOCK_RANGE)
        self.autolock.setSuffix(" min.")
        self.autolock.setKeyboardTracking(False)  # save the typed number, not each digit on the way
        self.autolock.setAccessibleName("Lås efter minutter uden aktivitet")
        self.autolock.valueChanged.connect(self._autolock_edited)
        form.addRow("&Lås efter:", _with_text(self.autolock, "uden aktivitet"))
        note = QLabel("Programmet låses også, når computeren går i dvale. Lås selv med Ctrl+L.")
        note.setWordWrap(True)
        note.setStyleSheet(SMALL_GREY_STYLE)
        form.addRow(note)
        return box

    def _passphrase_group(self) -> QGroupBox:
        box = QGroupBox("Adgangskode")
        layout = QVBoxLayout(box)
        text = QLabel("Datafilen og sikkerhedskopierne er krypteret med din adgangskode.")
        text.setWordWrap(True)
        layout.addWidget(text)
        self.passphrase_button = QPushButton(icon("key"), "&Skift adgangskode…")
        self.passphrase_button.clicked.connect(self.change_passphrase_requested)
        layout.addWidget(self.passphrase_button, 0, Qt.AlignmentFlag.AlignLeft)
        return box

    def _user_group(self) -> QGroupBox:
        box = QGroupBox("Bruger og datafil")
        form = QFormLayout(box)
        self.user_name = _value_label()
        self.user_role = _value_label()
        self.municipality = _value_label()
        self.profile = _value_label()
        self.vault_file = _value_label()
        form.addRow("Navn:", self.user_name)
        form.addRow("Rolle:", self.user_role)
        form.addRow("Kommune:", self.municipality)
        form.addRow("Model:", self.profile)
        form.addRow("Datafil:", self.vault_file)
        return box

    def _backup_group(self) -> QGroupBox:
        box = QGroupBox("Sikkerhedskopi")
        layout = QVBoxLayout(box)
        form = QFormLayout()
        self.backup_count = QSpinBox()
        self.backup_count.setRange(*BACKUP_COUNT_RANGE)
        self.backup_count.setKeyboardTracking(False)
        self.backup_count.setAccessibleName("Antal sikkerhedskopier der gemmes")
        self.backup_count.valueChanged.connect(self._backup_count_edited)
        form.addRow("&Antal der gemmes:", _with_text(self.backup_count, "kopier – de ældste slettes"))
        folder_row = QHBoxLayout()
        self.backup_folder = _value_label()
        self.folder_button = QPushButton(icon("folder"), "&Vælg mappe…")
        self.folder_button.clicked.connect(self._choose_folder)
        folder_row.addWidget(self.backup_folder, 1)
        folder_row.addWidget(self.folder_button)
        form.addRow("Mappe:", folder_row)
        layout.addLayout(form)
        layout.addWidget(QLabel("Sikkerhedskopier (nyeste øverst):"))
        self.backup_list = QListWidget()
        self.backup_list.setAccessibleName("Sikkerhedskopier")
        self.backup_list.setMinimumHeight(120)
        self.backup_list.setMaximumHeight(180)
        self.backup_list.currentRowChanged.connect(lambda _row: self._update_buttons())
        layout.addWidget(self.backup_list)
        buttons = QHBoxLayout()
        self.backup_button = QPushButton(icon("backup"), "&Tag sikkerhedskopi nu")
        self.backup_button.clicked.connect(self.backup_requested)
        self.restore_button = QPushButton(icon("restore"), "&Gendan valgt…")
        self.restore_button.clicked.connect(self._restore_selected)
        buttons.addWidget(self.backup_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        return box

    def _keys_group(self) -> QGroupBox:
        box = QGroupBox("Denne enheds nøgler")
        form = QFormLayout(box)
        self.device_id = _value_label()
        self.recipient = QLineEdit()
        self.recipient.setReadOnly(True)
        self.recipient.setFont(self._mono())
        self.recipient.setMinimumWidth(560)
        self.recipient.setAccessibleName("Offentlig nøgle (age)")
        self.copy_button = QPushButton(icon("copy"), "&Kopiér")
        self.copy_button.setToolTip("Kopiér den offentlige nøgle, så en kollega kan kryptere pakker til dig")
        self.copy_button.clicked.connect(self._copy_recipient)
        row = QHBoxLayout()
        row.addWidget(self.recipient, 1)
        row.addWidget(self.copy_button)
        self.fingerprint = _value_label()
        self.fingerprint.setFont(self._mono())
        self.copied = QLabel()
        self.copied.setStyleSheet(SMALL_GREY_STYLE)
        form.addRow("Enheds-id:", self.device_id)
        form.addRow("Offentlig nøgle:", row)
        form.addRow("Fingeraftryk:", self.fingerprint)
        form.addRow("", self.copied)
        self._keys_form = form
        form.setRowVisible(self.copied, False)
        return box

    def _mono(self) -> QFont:
        font = self.font()
        font.setFamily("DejaVu Sans Mono")
        font.setStyleHint(font.StyleHint.Monospace)
        return font

    # -- page protocol -------------------------------------------------------------------------------------------

    def on_unlocked(self, vault) -> None:
        super().on_unlocked(vault)
        for spin, key in ((self.autolock, "autolock_minutes"), (self.backup_count, "backup_count")):
            spin.blockSignals(True)  # loading is not editing: nothing is written back
            spin.setValue(int(vault.setting(key)))
            spin.blockSignals(False)
        self.user_name.setText(vault.setting("user_name") or "–")
        self.user_role.setText(vault.setting("user_role") or "–")
        self.municipality.setText(vault.setting("municipality") or "–")
        self.profile.setText(profile_name(vault.setting("profile")))
        self.vault_file.setText(str(vault.path))
        info = key_info(vault)
        self.device_id.setText(info.device_id)
        self.recipient.setText(info.recipient)
        self.recipient.setCursorPosition(0)
        self.fingerprint.setText(info.fingerprint)
        self._set_enabled(True)
        self.refresh()

    def on_locked(self) -> None:
        super().on_locked()
        for label in self._data_labels():
            label.clear()
        self.recipient.clear()
        self.autolock.clear()
        self.backup_count.clear()
        self.backup_list.clear()
        self._set_enabled(False)

    def refresh(self) -> None:
        if self.vault is None:
            return
        folder = self.vault.backup_folder()
        self.backup_folder.setText(str(folder))
        self.backup_list.clear()
        for path in list_vault_backups(self.vault.path, folder):
            item = QListWidgetItem(describe_backup(path))
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            self.backup_list.addItem(item)
        self._update_buttons()

    def shows_data(self) -> bool:
        texts = [label.text() for label in self._data_labels()] + [self.recipient.text()]
        return super().shows_data() or any(texts) or self.backup_list.count() > 0

    # -- internals -----------------------------------------------------------------------------------------------

    def _data_labels(self) -> list[QLabel]:
        return [self.user_name, self.user_role, self.municipality, self.profile, self.vault_file, self.device_id,
                self.fingerprint, self.backup_folder, self.copied]

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (self.autolock, self.backup_count, self.folder_button, self.backup_button,
                       self.passphrase_button, self.copy_button, self.backup_list):
            widget.setEnabled(enabled)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(self.vault is not None and self.backup_list.currentItem() is not None)

    def _autolock_edited(self, minutes: int) -> None:
        if self.vault is None:
            return
        self.vault.set_setting("autolock_minutes", int(minutes))
        self.autolock_changed.emit(int(minutes))

    def _backup_count_edited(self, count: int) -> None:
        if self.vault is not None:
            self.vault.set_setting("backup_count", int(count))

    def _choose_folder(self) -> None:
        if self.vault is None:
            return
        # A non-blocking dialog: if the program locks meanwhile, the main window closes it with the others.
        dialog = QFileDialog(self, "Vælg mappe til sikkerhedskopier", str(self.vault.backup_folder()))
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.fileSelected.connect(self.set_backup_folder)
        dialog.open()

    def set_backup_folder(self, folder: str) -> None:
        if self.vault is None or not folder:
            return
        self.vault.set_setting("backup_dir", str(Path(folder)))
        self.refresh()

    def _copy_recipient(self) -> None:
        QGuiApplication.clipboard().setText(self.recipient.text())
        self.copied.setText("Kopieret til udklipsholderen.")
        self._keys_form.setRowVisible(self.copied, True)
        QTimer.singleShot(4000, self, self._hide_copied)  # context: no call after the page is gone

    def _hide_copied(self) -> None:
        self.copied.clear()
        self._keys_form.setRowVisible(self.copied, False)

    def _restore_selected(self) -> None:
        item = self.backup_list.currentItem()
        if self.vault is None or item is None:
            return
        backup = Path(item.data(Qt.ItemDataRole.UserRole))
        question = restore_question(self.vault.path, backup) + "\n\nProgrammet låses, og du skriver adgangskoden igen."
        if self.confirm("Gendan fra sikkerhedskopi", question):
            self.restore_requested.emit(backup)


def profile_name(profile_id: str | None) -> str:
    if not profile_id:
        return "–"
    try:
        return get_profile(profile_id).name
    except ProfileError:
        return profile_id
