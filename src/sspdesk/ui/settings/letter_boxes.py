"""What letters and PDFs look like: the municipality's logo, the legal wording of the consent form, the language.

`LogoPicker` is used by the first-run dialog (before there is a vault) and by `LogoBox` on Indstillinger. The rules
(PNG or JPEG by magic bytes, at most `LOGO_MAX_BYTES`) live in `sspdesk.preferences`, imported when a file is chosen:
this module is light, because the first-run dialog imports it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QFileDialog,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from sspdesk.domain.errors import Invalid
from sspdesk.ui import theme
from sspdesk.ui.icons import icon

Confirm = Callable[[str, str], bool]
IMAGE_FILTER = "Billeder (*.png *.jpg *.jpeg);;Alle filer (*)"
PREVIEW = QSize(170, 56)  # logical pixels: Qt scales them on a high-DPI screen


def _note(text: str = "", error: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {theme.colour('error' if error else 'muted')};")
    return label


class LogoPicker(QWidget):
    """A preview of the logo with "Vælg billede…" and "Fjern". `changed` says the user picked or removed one."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data: bytes | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.preview = QLabel()
        self.preview.setObjectName("logoPreview")
        self.preview.setMinimumSize(PREVIEW)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setFrameShape(QFrame.Shape.StyledPanel)
        self.preview.setAccessibleName("Logo")
        self.preview.setStyleSheet(
            f"#logoPreview {{ color: {theme.colour('paper_text')}; background: {theme.colour('paper')}; }}"
        )
        layout.addWidget(self.preview, 0, Qt.AlignmentFlag.AlignTop)
        column = QVBoxLayout()  # the buttons stacked beside the preview: narrow enough for a form's field column
        column.setSpacing(4)
        self.choose_button = QPushButton(icon("folder"), "Vælg &billede…")
        self.choose_button.setToolTip("Vælg kommunens logo (PNG eller JPEG)")
        self.choose_button.clicked.connect(self._choose)
        self.remove_button = QPushButton("Fjern logo")
        self.remove_button.clicked.connect(self.remove)
        for button in (self.choose_button, self.remove_button):
            column.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
        self.message = _note()
        self.message.hide()
        column.addWidget(self.message)
        column.addStretch(1)
        layout.addLayout(column, 1)
        self.confirm_remove: Confirm | None = None  # set where removing deletes something saved
        self.set_data(None)

    def set_data(self, data: bytes | None) -> None:
        """Show `data` (already checked) without saying `changed`."""
        self.data = data or None
        pixmap = QPixmap()
        if self.data is not None:
            pixmap.loadFromData(self.data)
        if pixmap.isNull():
            self.preview.setPixmap(QPixmap())
            self.preview.setText("Intet logo")
        else:
            ratio = self.devicePixelRatioF()
            room = PREVIEW - QSize(12, 12)  # inside the frame
            scaled = pixmap.scaled(
                room * ratio, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
            scaled.setDevicePixelRatio(ratio)
            self.preview.setPixmap(scaled)
        self.remove_button.setEnabled(self.isEnabled() and self.data is not None)

    def show_message(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet(f"color: {theme.colour('error' if error else 'muted')};")
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _choose(self) -> None:
        dialog = QFileDialog(self, "Vælg kommunens logo", str(Path.home()), IMAGE_FILTER)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(self.choose_file)
        dialog.open()  # not exec(): a lock closes it

    def choose_file(self, path: str) -> None:
        """Check the file (PNG/JPEG, size) and take it; a refusal is said under the buttons."""
        if not path:
            return
        from sspdesk.preferences import read_logo_file

        try:
            data = read_logo_file(path)
        except Invalid as exc:
            self.show_message(exc.message, error=True)
            return
        self.show_message("")
        self.set_data(data)
        self.changed.emit()

    def remove(self) -> None:
        if self.data is None:
            return
        if self.confirm_remove is not None and not self.confirm_remove(
            "Fjern logo", "Fjern kommunens logo fra breve og PDF'er?\n\nDu kan vælge det igen senere."
        ):
            return
        self.show_message("")
        self.set_data(None)
        self.changed.emit()

    def changeEvent(self, event: Any) -> None:
        super().changeEvent(event)
        self.remove_button.setEnabled(self.isEnabled() and self.data is not None)


class LogoBox(QGroupBox):
    """Indstillinger → Logo: saved in the vault at once when chosen; removing asks first."""

    def __init__(self, confirm: Confirm) -> None:
        super().__init__("Logo på breve og PDF'er")
        self.vault: Any = None
        layout = QVBoxLayout(self)
        self.picker = LogoPicker()
        self.picker.confirm_remove = confirm
        self.picker.changed.connect(self._save)
        layout.addWidget(self.picker)
        layout.addWidget(
            _note(
                "PNG eller JPEG, højst 500 kB. Logoet gemmes krypteret i datafilen og står øverst til "
                "venstre på sagsformularer, dagsordener, referater, samtykkeerklæringer og breve."
            )
        )
        layout.addStretch(1)
        self.clear()

    def load(self, vault: Any) -> None:
        from sspdesk.preferences import municipality_logo

        self.vault = vault
        self.picker.setEnabled(True)
        self.picker.set_data(municipality_logo(vault))
        self.picker.show_message("")

    def clear(self) -> None:
        self.vault = None
        self.picker.set_data(None)
        self.picker.show_message("")
        self.picker.setEnabled(False)

    def shows_data(self) -> bool:
        return self.picker.data is not None

    def _save(self) -> None:
        from sspdesk.preferences import set_municipality_logo

        if self.vault is None:
            return
        try:
            set_municipality_logo(self.vault, self.picker.data)
        except Invalid as exc:
            self.load(self.vault)
            self.picker.show_message(exc.message, error=True)
            return
        self.picker.show_message("Logoet er gemt." if self.picker.data else "Logoet er fjernet.")


class TemplatesBox(QGroupBox):
    """Skabeloner: the legal notes under the consent form's signatures, and where a municipality's own files go."""

    def __init__(self) -> None:
        super().__init__("Skabeloner")
        self.vault: Any = None
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Lovhenvisninger under underskrifterne på samtykkeerklæringen:"))
        from sspdesk.preferences import CONSENT_TEMPLATES

        self.choices = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        for key, label in CONSENT_TEMPLATES.items():
            button = QRadioButton(label)
            self.choices.addButton(button)
            self.buttons[key] = button
            button.toggled.connect(lambda checked, key=key: self._chosen(key) if checked else None)
            layout.addWidget(button)
        self.message = _note()
        self.message.hide()
        layout.addWidget(self.message)
        self.folder_note = _note()
        self.folder_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.folder_note)
        self.open_button = QPushButton(icon("folder"), "&Åbn skabelonmappen")
        self.open_button.setToolTip("Åbn mappen med kommunens egne skabeloner (den oprettes, hvis den mangler)")
        self.open_button.clicked.connect(self.open_folder)
        layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        self.clear()

    def load(self, vault: Any) -> None:
        from sspdesk.preferences import own_templates_dir, template_names

        self.vault = vault
        current = vault.setting("consent_legal_template") or "gdpr"
        for key, button in self.buttons.items():
            button.blockSignals(True)  # loading is not choosing
            button.setChecked(key == current)
            button.setEnabled(True)
            button.blockSignals(False)
        own = [name for name, replaced in template_names() if replaced]
        names = ", ".join(name for name, _ in template_names())
        text = (
            f"Kommunens egne skabeloner lægges i {own_templates_dir()} med samme filnavn som den indbyggede, de "
            f"erstatter ({names})."
        )
        text += f" I brug nu: {', '.join(own)}." if own else " Der ligger ingen endnu – de indbyggede bruges."
        self.folder_note.setText(text)
        self.open_button.setEnabled(True)

    def clear(self) -> None:
        self.vault = None
        self.choices.setExclusive(False)  # an exclusive group keeps one checked: locked, none is
        for button in self.buttons.values():
            button.blockSignals(True)
            button.setChecked(False)
            button.blockSignals(False)
            button.setEnabled(False)
        self.choices.setExclusive(True)
        self.folder_note.clear()
        self.message.hide()
        self.open_button.setEnabled(False)

    def _chosen(self, key: str) -> None:
        from sspdesk.preferences import set_consent_legal_template

        if self.vault is None:
            return
        try:
            set_consent_legal_template(self.vault, key)
        except Invalid as exc:
            self.message.setText(exc.message)
            self.message.show()
            return
        self.message.setText("Gemt. Nye udskrifter af samtykkeerklæringen bruger den valgte formulering.")
        self.message.show()

    def open_folder(self) -> None:
        from sspdesk.preferences import own_templates_dir

        folder = own_templates_dir()
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


class LanguageBox(QGroupBox):
    """Sprog: Danish only; said plainly, so nobody looks for a setting that does not exist."""

    def __init__(self) -> None:
        super().__init__("Sprog")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Dansk"))
        layout.addWidget(
            _note(
                "sspdesk findes kun på dansk: skærmbilleder, breve, formularer og PDF'er er på dansk, "
                "og datoer skrives på dansk (dd.mm.åååå)."
            )
        )
        layout.addStretch(1)
