"""Boxes of the Indstillinger page that edit settings: text fields saved together, the classification model, and the
list of areas. Each box calls the service functions of `sspdesk.preferences` (the rules live there) and shows a
refusal inline, in Danish; `load(vault)` fills it, `clear()` empties it when the vault locks.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from sspdesk import preferences as prefs
from sspdesk.domain.errors import Invalid
from sspdesk.profiles import Profile, get_profile
from sspdesk.store.vault import Vault
from sspdesk.ui.icons import icon
from sspdesk.ui.vault.vault_dialogs import error_style, small_grey_style
from sspdesk.ui.widgets.confirm import Confirm
from sspdesk.ui.widgets.labels import mono_font

_SOURCE_SUFFIX = {"builtin": "", "override": " – kommunens egen udgave", "file": " – indlæst profilfil"}


def value_label() -> QLabel:
    label = QLabel()
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    return label


def note_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(small_grey_style())
    return label


class Message(QLabel):
    """One line under a box: a refusal in red, or a short confirmation in grey; hidden while empty."""

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_text(self, text: str, error: bool = False) -> None:
        self.setStyleSheet(error_style() if error else small_grey_style())
        self.setText(text)
        self.setAccessibleDescription(text)
        self.setVisible(bool(text))


class FieldsBox(QGroupBox):
    """Text settings saved together by one service function: Gem, or Enter in a field.
    `fields` are (setting key, label, placeholder); `save(vault, *texts)` gets the texts in that order."""

    saved = Signal()

    def __init__(
        self,
        title: str,
        fields: list[tuple[str, str, str]],
        save: Callable[..., object],
        note: str = "",
        mono: bool = False,
    ) -> None:
        super().__init__(title)
        self._save_fn = save
        self._stored: list[str] = []
        self.vault: Vault | None = None
        form = QFormLayout(self)
        self.edits: dict[str, QLineEdit] = {}
        for key, label, placeholder in fields:
            edit = QLineEdit()
            edit.setPlaceholderText(placeholder)
            edit.setAccessibleName(label.replace("&", "").rstrip(":"))
            if mono:
                edit.setFont(mono_font(edit))
            edit.textEdited.connect(self._edited)
            edit.returnPressed.connect(self.save)
            form.addRow(label, edit)
            self.edits[key] = edit
        self.save_button = QPushButton("Gem")
        self.save_button.setToolTip("Gem ændringerne (Enter i et felt gør det samme)")
        self.save_button.clicked.connect(self.save)
        self.message = Message()
        texts = QVBoxLayout()  # the note and the message beside the button: no row of its own for Gem
        texts.setSpacing(4)
        if note:
            texts.addWidget(note_label(note))
        texts.addWidget(self.message)
        row = QHBoxLayout()
        row.addLayout(texts, 1)
        row.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignTop)
        form.addRow(row)
        self.clear()

    def values(self) -> list[str]:
        return [edit.text() for edit in self.edits.values()]

    def load(self, vault: Vault) -> None:
        self.vault = vault
        self._stored = [prefs.text_setting(vault, key) for key in self.edits]
        for edit, text in zip(self.edits.values(), self._stored, strict=True):
            edit.setText(text)
            edit.setCursorPosition(0)
            edit.setEnabled(True)
        self._edited()

    def clear(self) -> None:
        self.vault = None
        self._stored = []
        for edit in self.edits.values():
            edit.clear()
            edit.setEnabled(False)
        self.message.show_text("")
        self.save_button.setEnabled(False)

    def _edited(self, _text: str = "") -> None:
        self.message.show_text("")
        self.save_button.setEnabled(self.vault is not None and self.values() != self._stored)

    def save(self) -> None:
        if self.vault is None or self.values() == self._stored:
            return
        try:
            self._save_fn(self.vault, *self.values())
        except Invalid as exc:
            self.message.show_text(exc.message, error=True)
            if exc.field in self.edits:
                self.edits[exc.field].setFocus()
                self.edits[exc.field].selectAll()
            return
        self.load(self.vault)  # shows the saved (trimmed) values
        self.message.show_text("Gemt.")
        self.saved.emit()


class ProfileBox(QGroupBox):
    """Klassifikationsmodel: choose among the available profiles, or import a municipality's own profile file.
    Both ask first (`confirm`), because the levels and deadlines of new cases follow the model."""

    changed = Signal(str)  # the new model's name

    def __init__(self, confirm: Confirm) -> None:
        super().__init__("Klassifikationsmodel")
        self.confirm = confirm
        self.vault: Vault | None = None
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.combo = QComboBox()
        self.combo.setAccessibleName("Klassifikationsmodel")
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(20)
        self.combo.activated.connect(self._chosen)  # only the user's choice, not our own setCurrentIndex
        label = QLabel("&Model:")
        label.setBuddy(self.combo)
        row.addWidget(label)
        row.addWidget(self.combo, 1)
        layout.addLayout(row)
        self.description = value_label()
        self.levels = value_label()
        self.note = note_label()
        self.note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message = Message()
        self.import_button = QPushButton(icon("folder"), "&Indlæs profilfil…")
        self.import_button.setToolTip("Indlæs kommunens egen klassifikationsmodel (en JSON-fil) og brug den")
        self.import_button.clicked.connect(self._choose_file)
        for widget in (self.description, self.levels, self.note, self.message):
            layout.addWidget(widget)
        layout.addWidget(self.import_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.clear()

    def load(self, vault: Vault) -> None:
        self.vault = vault
        self.combo.setEnabled(True)
        self.import_button.setEnabled(True)
        current = vault.setting("profile")
        self.combo.clear()
        for profile in prefs.available_profiles(vault):
            self.combo.addItem(profile.name + _SOURCE_SUFFIX[prefs.profile_source(profile.id)], profile.id)
        index = self.combo.findData(current)
        if index < 0:  # the active profile's file is missing or broken: say so instead of pretending
            self.combo.addItem(f"{current} (kan ikke indlæses)", current)
            index = self.combo.count() - 1
        self.combo.setCurrentIndex(index)
        self.message.show_text("\n".join(prefs.profile_file_errors()), error=True)
        self._show(current)

    def clear(self) -> None:
        self.vault = None
        self.combo.clear()
        self.combo.setToolTip("")
        for label in (self.description, self.levels, self.note):
            label.clear()
        self.message.show_text("")
        self.combo.setEnabled(False)
        self.import_button.setEnabled(False)

    def shows_data(self) -> bool:
        return self.combo.count() > 0 or any(w.text() for w in (self.description, self.levels, self.note))

    def _show(self, profile_id: str) -> None:
        try:
            profile = get_profile(profile_id, extra_dirs=prefs.profile_dirs())
        except Invalid as exc:
            for label in (self.description, self.levels, self.note):
                label.clear()
            self.message.show_text(exc.message, error=True)
            return
        self.description.setText(profile.municipality_model)
        self.levels.setText("Niveauer: " + " · ".join(f"{lvl.code} {lvl.name}" for lvl in profile.levels))
        self.note.setText(profile.note)

    def _chosen(self, index: int) -> None:
        profile_id = self.combo.itemData(index)
        if self.vault is None or profile_id == self.vault.setting("profile"):
            return
        question = (
            f"Skift klassifikationsmodel til „{self.combo.itemText(index)}“?\n\nNye sager får niveauer, "
            "mødefora og frister efter den nye model. Eksisterende sager og deres frister ændres ikke."
        )
        accepted = self.confirm("Skift klassifikationsmodel", question)
        if self.vault is None:  # locked while the question was open
            return
        if not accepted:
            self.load(self.vault)
            return
        try:
            profile = prefs.set_profile(self.vault, profile_id)
        except Invalid as exc:
            self.load(self.vault)
            self.message.show_text(exc.message, error=True)
            return
        self._changed(profile, f"Modellen er skiftet til {profile.name}.")

    def _choose_file(self) -> None:
        if self.vault is None:
            return
        dialog = QFileDialog(self, "Indlæs profilfil", str(Path.home()), "Profilfiler (*.json);;Alle filer (*)")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(self.import_file)
        dialog.open()  # not exec(): a lock closes it

    def import_file(self, path: str) -> None:
        """Validate the file, ask (the model changes; a known id is replaced), then import and use it."""
        if self.vault is None or not path:
            return
        try:
            profile = prefs.read_profile_file(path)
        except Invalid as exc:
            self.message.show_text(exc.message, error=True)
            return
        replaces = prefs.clash_of(profile)
        question = (
            f"Indlæs „{profile.name}“ og brug den som klassifikationsmodel?\n\nNye sager får niveauer, "
            "mødefora og frister efter den. Eksisterende sager og deres frister ændres ikke."
        )
        if replaces is not None:
            question += (
                f"\n\nProfilen har samme id ({profile.id}) som „{replaces.name}“ og erstatter den – også "
                "for de sager, der er registreret efter den."
            )
        if not self.confirm("Indlæs klassifikationsmodel", question) or self.vault is None:
            return
        try:
            profile = prefs.import_profile(self.vault, path, replace=replaces is not None)
        except Invalid as exc:
            self.message.show_text(exc.message, error=True)
            return
        self._changed(profile, f"Profilfilen er indlæst, og modellen er skiftet til {profile.name}.")

    def _changed(self, profile: Profile, text: str) -> None:
        if self.vault is not None:
            self.load(self.vault)
        self.message.show_text(text)
        self.changed.emit(profile.name)


class AreasBox(QGroupBox):
    """Områder: the municipality's school districts / local areas, offered when a case is registered.
    Add with Enter in the field, rename in place (F2 or double-click), remove with Fjern or Delete."""

    def __init__(self) -> None:
        super().__init__("Områder (skoledistrikter / lokalområder)")
        self.vault: Vault | None = None
        layout = QVBoxLayout(self)
        self.list = QListWidget()
        self.list.setAccessibleName("Områder")
        self.list.setMinimumHeight(80)
        self.list.setMaximumHeight(120)
        self.list.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed | QAbstractItemView.EditTrigger.DoubleClicked
        )
        self.list.itemChanged.connect(lambda _item: self._save())
        self.list.currentRowChanged.connect(lambda _row: self._update_buttons())
        remove_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.list)
        remove_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        remove_key.activated.connect(self.remove_current)
        layout.addWidget(self.list)
        row = QHBoxLayout()
        self.new_area = QLineEdit()
        self.new_area.setPlaceholderText("Nyt område, fx Nordskolen")
        self.new_area.setAccessibleName("Nyt område")
        self.new_area.setMaxLength(prefs.AREA_MAX_LENGTH)
        self.new_area.returnPressed.connect(self.add)
        self.new_area.textChanged.connect(lambda _text: self._update_buttons())
        self.add_button = QPushButton("Tilføj")
        self.add_button.setToolTip("Tilføj området (Enter i feltet)")
        self.add_button.clicked.connect(self.add)
        self.rename_button = QPushButton("Omdøb")
        self.rename_button.setToolTip("Omdøb det valgte område (F2)")
        self.rename_button.clicked.connect(self._rename)
        self.remove_button = QPushButton("F&jern")
        self.remove_button.setToolTip("Fjern det valgte område (Delete)")
        self.remove_button.clicked.connect(self.remove_current)
        row.addWidget(self.new_area, 1)
        for button in (self.add_button, self.rename_button, self.remove_button):
            row.addWidget(button)
        layout.addLayout(row)
        self.message = Message()
        layout.addWidget(self.message)
        layout.addWidget(
            note_label(
                "Områderne kan vælges, når du opretter en sag. Sager beholder det område, de er registreret med."
            )
        )
        self.clear()

    def names(self) -> list[str]:
        return [self.list.item(row).text() for row in range(self.list.count())]

    def load(self, vault: Vault) -> None:
        self.vault = vault
        self.list.blockSignals(True)  # filling the list is not an edit
        self.list.clear()
        for name in prefs.areas(vault):
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self.list.setEnabled(True)
        self.new_area.setEnabled(True)
        self._update_buttons()

    def showEvent(self, event: QShowEvent) -> None:
        """Read the list again whenever Indstillinger is shown: a case registered meanwhile may have added an area."""
        super().showEvent(event)
        if self.vault is not None:  # an open editor closed (and saved) when the focus left the page
            current = self.list.currentItem()
            chosen = current.text() if current is not None else ""
            self.load(self.vault)
            found = self.list.findItems(chosen, Qt.MatchFlag.MatchExactly) if chosen else []
            if found:
                self.list.setCurrentItem(found[0])

    def clear(self) -> None:
        self.vault = None
        self.list.clear()
        self.new_area.clear()
        self.message.show_text("")
        self.list.setEnabled(False)
        self.new_area.setEnabled(False)
        self._update_buttons()

    def shows_data(self) -> bool:
        return self.list.count() > 0 or bool(self.new_area.text())

    def _update_buttons(self) -> None:
        unlocked = self.vault is not None
        self.add_button.setEnabled(unlocked and bool(self.new_area.text().strip()))
        for button in (self.rename_button, self.remove_button):
            button.setEnabled(unlocked and self.list.currentItem() is not None)

    def _save(self, names: list[str] | None = None, select: str = "") -> bool:
        if self.vault is None:
            return False
        row = self.list.currentRow()
        try:
            saved = prefs.set_areas(self.vault, self.names() if names is None else names)
        except Invalid as exc:
            self.load(self.vault)
            self.message.show_text(exc.message, error=True)
            return False
        self.load(self.vault)
        self.message.show_text("")
        self.list.setCurrentRow(saved.index(select) if select in saved else min(row, len(saved) - 1))
        return True

    def add(self) -> None:
        name = " ".join(self.new_area.text().split())
        if self.vault is not None and name and self._save([*prefs.areas(self.vault), name], select=name):
            self.new_area.clear()

    def _rename(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.list.setFocus()
            self.list.editItem(item)

    def remove_current(self) -> None:
        row = self.list.currentRow()
        if self.vault is not None and row >= 0:
            names = prefs.areas(self.vault)
            del names[row]
            self._save(names)
