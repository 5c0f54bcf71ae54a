"""Dialogs that choose a passphrase: first-run "Opret datafil" and "Skift adgangskode", plus their shared widgets.

The unlock and restore dialog is in `unlock_dialog.py`. Every slow call (key derivation, rekey) goes through a job
runner (`sspdesk.ui.worker.run_in_background` by default) while the dialog shows a busy bar and refuses to close,
so a half-made vault is never abandoned. Errors are shown as the Danish `.message` inside the dialog.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sspdesk.passphrase import MIN_LENGTH, strength
from sspdesk.profiles import DEFAULT_PROFILE_ID, ProfileError, builtin_profiles
from sspdesk.store.errors import VaultError, WrongPassphrase
from sspdesk.ui import worker
from sspdesk.ui.icons import app_icon
from sspdesk.vaults import change_passphrase, create_vault

log = logging.getLogger(__name__)

JobRunner = Callable[[Callable[[], Any], Callable[[Any], None], Callable[[BaseException], None]], None]

# Score 0..4 from zxcvbn → colour of the strength bar (red … green).
_STRENGTH_COLOURS = ("#c0392b", "#d35400", "#d4a017", "#4a9d3f", "#2e7d32")
ERROR_STYLE = "color: #b00020;"
SMALL_GREY_STYLE = "color: #5f6b7a;"


def error_text(error: BaseException) -> str:
    """The Danish text for an error; never a traceback in the window."""
    if isinstance(error, VaultError):
        return error.message
    log.error("unexpected error", exc_info=error)
    return f"Der opstod en uventet fejl ({type(error).__name__}). Datafilen er ikke ændret."


class ErrorLabel(QLabel):
    """Red text in the dialog, hidden while there is nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(ERROR_STYLE)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_error(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))

    def clear_error(self) -> None:
        self.show_error("")


class BusyBar(QWidget):
    """An indeterminate progress bar with a short text, shown while a job runs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.bar.setTextVisible(False)
        self.bar.setMaximumHeight(10)
        layout.addWidget(self.label)
        layout.addWidget(self.bar, 1)
        self.hide()

    def start(self, text: str) -> None:
        self.label.setText(text)
        self.show()

    def stop(self) -> None:
        self.hide()


class StrengthMeter(QWidget):
    """Live feedback on a new passphrase: a coloured bar, the verdict and the hint."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.bar = QProgressBar()
        self.bar.setRange(0, 5)
        self.bar.setTextVisible(False)
        self.bar.setMaximumHeight(8)
        self.bar.setAccessibleName("Adgangskodens styrke")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setStyleSheet(SMALL_GREY_STYLE)
        layout.addWidget(self.bar)
        layout.addWidget(self.label)
        self.acceptable = False
        self.update_for("")

    def update_for(self, passphrase: str) -> None:
        verdict = strength(passphrase)
        self.acceptable = verdict.acceptable
        self.bar.setValue(verdict.score + 1 if passphrase else 0)
        colour = _STRENGTH_COLOURS[verdict.score]
        self.bar.setStyleSheet(
            f"QProgressBar {{ border: 1px solid #c5ccd6; border-radius: 3px; background: #eef1f5; }}"
            f"QProgressBar::chunk {{ background: {colour}; border-radius: 2px; }}"
        )
        text = f"Styrke: {verdict.label}" if passphrase else f"Mindst {MIN_LENGTH} tegn – gerne en hel sætning."
        if passphrase and verdict.hint:
            text += f" – {verdict.hint}"
        elif passphrase and verdict.acceptable:
            text += " – god."
        self.label.setText(text)


def passphrase_edit(accessible_name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setAccessibleName(accessible_name)
    # No autocompletion or input-method prediction of a passphrase.
    edit.setInputMethodHints(Qt.InputMethodHint.ImhSensitiveData | Qt.InputMethodHint.ImhNoPredictiveText)
    edit.setMinimumWidth(320)
    return edit


def show_toggle(edits: list[QLineEdit], text: str = "Vis adgangskoden") -> QCheckBox:
    box = QCheckBox(text)

    def toggle(checked: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if checked else QLineEdit.EchoMode.Password
        for edit in edits:
            edit.setEchoMode(mode)

    box.toggled.connect(toggle)
    return box


def show_match(label: QLabel, passphrase: str, repeated: str) -> None:
    """Say whether the two passphrases match; hidden until the second one is typed (no empty form row)."""
    label.setVisible(bool(repeated))
    label.setText("Adgangskoderne er ens." if passphrase == repeated else "Adgangskoderne er ikke ens.")


class _JobDialog(QDialog):
    """A dialog that runs one job at a time and cannot be closed while it runs."""

    def __init__(self, parent: QWidget | None, runner: JobRunner | None) -> None:
        super().__init__(parent)
        self.setWindowIcon(app_icon())
        self._runner: JobRunner = runner or worker.run_in_background
        self._busy = False
        self.error = ErrorLabel()
        self.busy_bar = BusyBar()

    @property
    def is_busy(self) -> bool:
        return self._busy

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        for kind in (QLineEdit, QPushButton, QCheckBox, QComboBox):
            for child in self.findChildren(kind):
                child.setEnabled(not busy)
        if busy:
            self.busy_bar.start(text)
        else:
            self.busy_bar.stop()
            self._update_state()

    def _update_state(self) -> None:
        """Enable or disable the main button; subclasses decide."""

    def _run(self, text: str, job: Callable[[], Any], on_done: Callable[[Any], None]) -> None:
        self.error.clear_error()
        self._set_busy(True, text)

        def done(result: Any) -> None:
            self._set_busy(False)
            on_done(result)

        def failed(exc: BaseException) -> None:
            self._set_busy(False)
            self._on_error(exc)

        self._runner(job, done, failed)

    def _on_error(self, exc: BaseException) -> None:
        self.error.show_error(error_text(exc))

    def reject(self) -> None:
        if not self._busy:
            super().reject()


class CreateVaultDialog(_JobDialog):
    """First run: choose the passphrase, say who you are, create the encrypted vault."""

    vault_ready = Signal(object)  # the open Vault

    def __init__(self, vault_path: Path, parent: QWidget | None = None, runner: JobRunner | None = None) -> None:
        super().__init__(parent, runner)
        self.vault_path = Path(vault_path)
        self.vault = None
        self.setWindowTitle("Opret datafil – sspdesk")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)

        heading = QLabel("Velkommen til sspdesk")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)
        intro = QLabel(
            "Sager, møder og samtykker gemmes krypteret i én datafil på denne computer. Vælg en adgangskode, "
            "du kan huske: den kan ikke gendannes, hvis du glemmer den."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setVerticalSpacing(8)
        self.name = QLineEdit()
        self.name.setPlaceholderText("Dit navn")
        self.role = QLineEdit()
        self.role.setPlaceholderText("fx Kriminalpræventiv koordinator")
        self.municipality = QLineEdit()
        self.municipality.setPlaceholderText("fx Albertslund Kommune")
        self.profile = QComboBox()
        self.profile.setAccessibleName("Klassifikationsmodel")
        self._fill_profiles()
        self.passphrase = passphrase_edit("Adgangskode")
        self.repeated = passphrase_edit("Gentag adgangskode")
        self.show_box = show_toggle([self.passphrase, self.repeated])
        self.meter = StrengthMeter()
        self.match = QLabel()
        self.match.setStyleSheet(SMALL_GREY_STYLE)
        form.addRow("&Navn:", self.name)
        form.addRow("&Rolle:", self.role)
        form.addRow("&Kommune:", self.municipality)
        form.addRow("Klassifikations&model:", self.profile)
        form.addRow("&Adgangskode:", self.passphrase)
        form.addRow("", self.meter)
        form.addRow("&Gentag adgangskode:", self.repeated)
        form.addRow("", self.match)
        form.addRow("", self.show_box)
        layout.addLayout(form)

        path_label = QLabel(f"Datafil: {self.vault_path}")
        path_label.setStyleSheet(SMALL_GREY_STYLE)
        path_label.setWordWrap(True)
        path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(path_label)
        layout.addWidget(self.error)
        layout.addWidget(self.busy_bar)

        self.buttons = QDialogButtonBox()
        self.create_button = self.buttons.addButton("&Opret datafil", QDialogButtonBox.ButtonRole.AcceptRole)
        self.create_button.setDefault(True)
        self.buttons.addButton("Annuller", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self._create)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self.passphrase.textChanged.connect(self._update_state)
        self.repeated.textChanged.connect(self._update_state)
        self._update_state()
        self.setMinimumWidth(560)
        self.name.setFocus()

    def _fill_profiles(self) -> None:
        try:
            profiles = builtin_profiles()
        except ProfileError as exc:  # a broken bundled profile must not block creating the vault
            log.error("profiles: %s", exc.message)
            profiles = {}
        for profile_id, profile in sorted(profiles.items()):
            self.profile.addItem(profile.name, profile_id)
        if self.profile.count() == 0:
            self.profile.addItem(DEFAULT_PROFILE_ID, DEFAULT_PROFILE_ID)
        index = self.profile.findData(DEFAULT_PROFILE_ID)
        self.profile.setCurrentIndex(max(index, 0))

    def _update_state(self) -> None:
        text, again = self.passphrase.text(), self.repeated.text()
        self.meter.update_for(text)
        show_match(self.match, text, again)
        self.create_button.setEnabled(not self.is_busy and self.meter.acceptable and text == again)

    def _create(self) -> None:
        if not self.create_button.isEnabled():
            return
        path, passphrase, repeated = self.vault_path, self.passphrase.text(), self.repeated.text()
        details = {
            "user_name": self.name.text().strip(),
            "user_role": self.role.text().strip(),
            "municipality": self.municipality.text().strip(),
            "profile": self.profile.currentData() or DEFAULT_PROFILE_ID,
        }
        self._run(
            "Opretter den krypterede datafil …",
            lambda: create_vault(path, passphrase, repeated=repeated, **details),
            self._created,
        )

    def _created(self, vault: Any) -> None:
        self.vault = vault
        self.passphrase.clear()
        self.repeated.clear()
        self.vault_ready.emit(vault)
        self.accept()


class ChangePassphraseDialog(_JobDialog):
    """Skift adgangskode: the current one, the new one twice; the vault and its backups are re-encrypted."""

    changed = Signal()

    def __init__(self, vault: Any, parent: QWidget | None = None, runner: JobRunner | None = None) -> None:
        super().__init__(parent, runner)
        self.vault = vault
        self.setWindowTitle("Skift adgangskode – sspdesk")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        intro = QLabel(
            "Datafilen og alle sikkerhedskopier krypteres igen med den nye adgangskode. Den gamle adgangskode "
            "åbner derefter ingenting."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.old = passphrase_edit("Nuværende adgangskode")
        self.new = passphrase_edit("Ny adgangskode")
        self.repeated = passphrase_edit("Gentag ny adgangskode")
        self.meter = StrengthMeter()
        self.match = QLabel()
        self.match.setStyleSheet(SMALL_GREY_STYLE)
        form.addRow("&Nuværende adgangskode:", self.old)
        form.addRow("N&y adgangskode:", self.new)
        form.addRow("", self.meter)
        form.addRow("&Gentag ny adgangskode:", self.repeated)
        form.addRow("", self.match)
        form.addRow("", show_toggle([self.old, self.new, self.repeated], "Vis adgangskoderne"))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.busy_bar)
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton("&Skift adgangskode", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setDefault(True)
        self.buttons.addButton("Annuller", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self._change)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        for edit in (self.old, self.new, self.repeated):
            edit.textChanged.connect(self._update_state)
        self._update_state()
        self.setMinimumWidth(560)
        self.old.setFocus()

    def _update_state(self) -> None:
        new, again = self.new.text(), self.repeated.text()
        self.meter.update_for(new)
        show_match(self.match, new, again)
        ready = bool(self.old.text()) and self.meter.acceptable and new == again
        self.ok_button.setEnabled(not self.is_busy and ready)

    def _change(self) -> None:
        if not self.ok_button.isEnabled():
            return
        vault, old, new, again = self.vault, self.old.text(), self.new.text(), self.repeated.text()
        self._run(
            "Krypterer datafilen og sikkerhedskopierne igen …",
            lambda: change_passphrase(vault, old, new, again),
            self._changed,
        )

    def _changed(self, _result: Any) -> None:
        for edit in (self.old, self.new, self.repeated):
            edit.clear()
        self.changed.emit()
        self.accept()

    def _on_error(self, exc: BaseException) -> None:
        if isinstance(exc, WrongPassphrase):
            self.error.show_error("Den nuværende adgangskode er forkert. Intet er ændret.")
            self.old.clear()
            self.old.setFocus()
            return
        super()._on_error(exc)
