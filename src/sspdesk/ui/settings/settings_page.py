"""Indstillinger: user, municipality and its logo, classification model, areas, templates, language, auto-lock,
backups, passphrase, fagsystem key, the team folder, and this device's keys.

Every change goes through the service functions of `sspdesk.preferences`, which validate it (ranges and rules live
there, not in the widgets), save it in the vault (so it is encrypted with it) and audit-log it; a refusal is shown
inline under the box, in Danish. Actions that need the whole window (a backup on the worker, changing the passphrase,
a restore that closes the vault) are signals the main window and the controller answer, so the page never closes the
vault itself. Two columns, inside a scroll area, so the page reads well at 1366×768.
"""

from __future__ import annotations

import itertools
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
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

from sspdesk import preferences as prefs
from sspdesk.domain.errors import Invalid
from sspdesk.store.vault import Vault
from sspdesk.ui.icons import icon
from sspdesk.ui.settings.letter_boxes import LanguageBox, LogoBox, TemplatesBox
from sspdesk.ui.settings.settings_boxes import AreasBox, FieldsBox, Message, ProfileBox, note_label, value_label
from sspdesk.ui.sync.team_folder_box import TeamFolderBox
from sspdesk.ui.vault.unlock_dialog import describe_backup, restore_question
from sspdesk.ui.vault.vault_dialogs import small_grey_style
from sspdesk.ui.widgets.confirm import Confirm, ask_confirmation
from sspdesk.ui.widgets.labels import mono_font
from sspdesk.ui.widgets.pages import PAGE_MARGINS, Page, page_heading
from sspdesk.vaults import key_info, list_vault_backups


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


def _chain_tab_order(groups: list[QGroupBox]) -> None:
    """Tab goes down the left column, then down the right one, then to the keys – not in the order of creation."""
    chain = [
        widget
        for group in groups
        for widget in group.findChildren(QWidget)
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        and widget.window() is group.window()  # no popups
        and not isinstance(widget.parent(), QSpinBox)
    ]
    for first, second in itertools.pairwise(chain):
        QWidget.setTabOrder(first, second)


class SettingsPage(Page):
    title = "Indstillinger"
    icon_name = "settings"

    autolock_changed = Signal(int)  # minutes
    backup_requested = Signal()
    change_passphrase_requested = Signal()
    restore_requested = Signal(Path)
    profile_changed = Signal(str)  # the new model's name, for the status bar
    user_changed = Signal(str)  # the user's new name

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
        # Two top-aligned columns: the municipality's set-up (name, model, areas) on the left; the user and how the
        # program keeps the data (lock, passphrase, backups, fagsystem) on the right; letters and keys below.
        self.user_box = FieldsBox(
            "Bruger",
            [("user_name", "&Navn:", "fx Anne Jensen"), ("user_role", "R&olle:", "fx Kriminalpræventiv koordinator")],
            prefs.set_user,
            "Navnet står i logbogen og på formularer.",
        )
        self.municipality_box = FieldsBox(
            "Kommune",
            [
                ("municipality", "&Kommune:", "fx Albertslund Kommune"),
                ("municipality_address", "Ad&resse:", "fx Rådhuset, Torvet 1, 9999 Eksempelby"),
                ("municipality_phone", "&Telefon:", "fx 40 00 00 00"),
            ],
            prefs.set_municipality,
            "Bruges på breve, samtykkeerklæringer og andre PDF'er.",
        )
        self.fagsystem_box = FieldsBox(
            "Fagsystem",
            [("fagsystem_recipient", "Offentlig n&øgle:", "age1…")],
            prefs.set_fagsystem_recipient,
            "Fagsystemets offentlige nøgle (age1…). Sager, der afleveres til journalisering, krypteres til den. "
            "Få den hos kommunens it-afdeling.",
            mono=True,
        )
        # Radicalisation cases are brought before the DKE leader (seed 000 l.532–533): the name the route shows.
        self.leader_box = FieldsBox(
            "DKE-leder",
            [("leader_name", "Lederens navn:", "fx Lene Jensen")],
            prefs.set_leader_name,
            "Sager om voldelig ideologisk radikalisering indbringes altid for DKE-lederen, som også foreslås som "
            "deltager på sagens møder.",
        )
        self.user_box.saved.connect(self._user_saved)
        self.profile_box = ProfileBox(lambda title, text: ask_confirmation(self, title, text, "Skift model"))
        self.profile_box.changed.connect(self.profile_changed)
        self.areas_box = AreasBox()
        # The municipality's closing days (issue 18): a setting, not a seed fact; the model's days while empty.
        self.closing_days_box = FieldsBox(
            "Lukkedage",
            [("closing_days", "L&ukkedage:", "tomt: modellens, fx 06-05, 12-24, 12-31")],
            prefs.set_closing_days,
            "Dage hvor kommunens kontorer holder lukket (MM-DD, adskilt af komma), fx Grundlovsdag 06-05, "
            "juleaftensdag 12-24 og nytårsaftensdag 12-31 – eller »ingen«. Frister i arbejdsdage springer dem over, "
            "og en frist i dage, uger eller måneder, der ender på en lukket dag, flyttes til næste arbejdsdag. "
            "Tomt felt: klassifikationsmodellens lukkedage.",
        )
        self.logo_box = LogoBox(lambda title, text: ask_confirmation(self, title, text, "Fjern logo"))
        self.templates_box = TemplatesBox()
        self.team_folder_box = TeamFolderBox()  # issue 19: the folder the team syncs through
        self.editing_boxes = (
            self.team_folder_box,
            self.user_box,
            self.municipality_box,
            self.leader_box,
            self.logo_box,
            self.profile_box,
            self.closing_days_box,
            self.areas_box,
            self.templates_box,
            self.fagsystem_box,
        )
        columns = QHBoxLayout()
        columns.setSpacing(18)
        left, right = QVBoxLayout(), QVBoxLayout()
        in_order: list[QGroupBox] = []
        for column, groups in (
            (left, (self.municipality_box, self.profile_box, self.leader_box, self.closing_days_box, self.areas_box)),
            (
                right,
                (
                    self.user_box,
                    self._autolock_group(),
                    self._passphrase_group(),
                    self._backup_group(),
                    self.fagsystem_box,
                    self.team_folder_box,
                ),
            ),
        ):
            column.setSpacing(14)
            for group in groups:
                column.addWidget(group)
            column.addStretch(1)
            columns.addLayout(column, 1)
            in_order += groups
        layout.addLayout(columns)
        # What letters and PDFs look like, side by side under the columns; then the device's keys.
        letters = QHBoxLayout()
        letters.setSpacing(18)
        for group, stretch in ((self.logo_box, 3), (self.templates_box, 4), (LanguageBox(), 2)):
            letters.addWidget(group, stretch)
            in_order.append(group)
        layout.addLayout(letters)
        in_order.append(self._keys_group())
        layout.addWidget(in_order[-1])
        layout.addStretch(1)
        _chain_tab_order(in_order)
        self._set_enabled(False)

    # -- building ------------------------------------------------------------------------------------------------

    def _autolock_group(self) -> QGroupBox:
        box = QGroupBox("Automatisk lås")
        form = QFormLayout(box)
        self.autolock = QSpinBox()
        self.autolock.setRange(*prefs.AUTOLOCK_RANGE)
        self.autolock.setSuffix(" min.")
        self.autolock.setKeyboardTracking(False)  # save the typed number, not each digit on the way
        self.autolock.setAccessibleName("Lås efter minutter uden aktivitet")
        self.autolock.valueChanged.connect(self._autolock_edited)
        form.addRow("&Lås efter:", _with_text(self.autolock, "uden aktivitet"))
        form.addRow(note_label("Programmet låses også, når computeren går i dvale. Lås selv med Ctrl+L."))
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

    def _backup_group(self) -> QGroupBox:
        box = QGroupBox("Sikkerhedskopi")
        layout = QVBoxLayout(box)
        form = QFormLayout()
        self.backup_count = QSpinBox()
        self.backup_count.setRange(*prefs.BACKUP_COUNT_RANGE)
        self.backup_count.setKeyboardTracking(False)
        self.backup_count.setAccessibleName("Antal sikkerhedskopier der gemmes")
        self.backup_count.valueChanged.connect(self._backup_count_edited)
        form.addRow("&Antal der gemmes:", _with_text(self.backup_count, "kopier – de ældste slettes"))
        folder_row = QHBoxLayout()
        self.backup_folder = value_label()
        self.folder_button = QPushButton(icon("folder"), "&Vælg mappe…")
        self.folder_button.clicked.connect(self._choose_folder)
        folder_row.addWidget(self.backup_folder, 1)
        folder_row.addWidget(self.folder_button, 0, Qt.AlignmentFlag.AlignTop)
        form.addRow("Mappe:", folder_row)
        layout.addLayout(form)
        self.backup_message = Message()
        layout.addWidget(self.backup_message)
        layout.addWidget(QLabel("Sikkerhedskopier (nyeste øverst):"))
        self.backup_list = QListWidget()
        self.backup_list.setAccessibleName("Sikkerhedskopier")
        self.backup_list.setMinimumHeight(80)
        self.backup_list.setMaximumHeight(120)
        self.backup_list.currentRowChanged.connect(lambda _row: self._update_buttons())
        layout.addWidget(self.backup_list)
        buttons = QHBoxLayout()
        # No Alt-letter: none is left on this page, and Ctrl+B takes a backup anywhere.
        self.backup_button = QPushButton(icon("backup"), "Tag sikkerhedskopi nu")
        self.backup_button.clicked.connect(self.backup_requested)
        self.restore_button = QPushButton(icon("restore"), "G&endan valgt…")
        self.restore_button.clicked.connect(self._restore_selected)
        buttons.addWidget(self.backup_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        return box

    def _keys_group(self) -> QGroupBox:
        box = QGroupBox("Denne enhed")
        form = QFormLayout(box)
        self.vault_file = value_label()
        self.device_id = value_label()
        self.recipient = QLineEdit()
        self.recipient.setReadOnly(True)
        self.recipient.setFont(mono_font(self))
        self.recipient.setMinimumWidth(560)
        self.recipient.setAccessibleName("Offentlig nøgle (age)")
        self.copy_button = QPushButton(icon("copy"), "Ko&piér")
        self.copy_button.setToolTip("Kopiér den offentlige nøgle, så en kollega kan kryptere pakker til dig")
        self.copy_button.clicked.connect(self._copy_recipient)
        row = QHBoxLayout()
        row.addWidget(self.recipient, 1)
        row.addWidget(self.copy_button)
        self.fingerprint = value_label()
        self.fingerprint.setFont(mono_font(self))
        self.copied = QLabel()
        self.copied.setStyleSheet(small_grey_style())
        form.addRow("Datafil:", self.vault_file)
        form.addRow("Enheds-id:", self.device_id)
        form.addRow("Offentlig nøgle:", row)
        form.addRow("Fingeraftryk:", self.fingerprint)
        form.addRow("", self.copied)
        self._keys_form = form
        form.setRowVisible(self.copied, False)
        return box

    # -- page protocol -------------------------------------------------------------------------------------------

    def _user_saved(self) -> None:
        if self.vault is not None:
            self.user_changed.emit(prefs.text_setting(self.vault, "user_name"))

    def on_unlocked(self, vault: Vault) -> None:
        super().on_unlocked(vault)
        for spin, key in ((self.autolock, "autolock_minutes"), (self.backup_count, "backup_count")):
            spin.blockSignals(True)  # loading is not editing: nothing is written back
            spin.setValue(int(vault.setting(key)))
            spin.blockSignals(False)
        for box in self.editing_boxes:
            box.load(vault)
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
        for box in self.editing_boxes:
            box.clear()
        self.backup_message.show_text("")
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
        texts += [text for box in (self.user_box, self.municipality_box, self.fagsystem_box) for text in box.values()]
        boxes = self.profile_box.shows_data() or self.areas_box.shows_data() or self.logo_box.shows_data()
        return super().shows_data() or any(texts) or boxes or self.backup_list.count() > 0

    # -- internals -----------------------------------------------------------------------------------------------

    def _data_labels(self) -> list[QLabel]:
        return [self.vault_file, self.device_id, self.fingerprint, self.backup_folder, self.copied, self.backup_message]

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (
            self.autolock,
            self.backup_count,
            self.folder_button,
            self.backup_button,
            self.copy_button,
            self.passphrase_button,
            self.backup_list,
        ):
            widget.setEnabled(enabled)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(self.vault is not None and self.backup_list.currentItem() is not None)

    # -- lock, backups, keys -------------------------------------------------------------------------------------

    def _autolock_edited(self, minutes: int) -> None:
        if self.vault is None:
            return
        prefs.set_autolock_minutes(self.vault, int(minutes))  # the spin box's range is the service's range
        self.autolock_changed.emit(int(minutes))

    def _backup_count_edited(self, count: int) -> None:
        if self.vault is not None:
            prefs.set_backup_count(self.vault, int(count))

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
        try:
            prefs.set_backup_dir(self.vault, folder)
        except Invalid as exc:
            self.backup_message.show_text(exc.message, error=True)
            return
        self.backup_message.show_text("")
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
