"""The shared widgets of the vault dialogs, and "Skift adgangskode".

The first-run dialog ("Velkommen", `CreateVaultDialog`) is in `first_run.py` (which builds on this module), the
unlock and restore dialog in `unlock_dialog.py`. Every slow call (key derivation, rekey) goes through a job
runner (`sspdesk.ui.worker.run_in_background` by default) while the dialog shows a busy bar and refuses to close,
so a half-made vault is never abandoned. Errors are shown as the Danish `.message` inside the dialog.
A vault that a job opened or created on the worker is handed over at the end of the job (`Vault.hand_over()`) and
taken over by the GUI thread in `JobDialog._take_over` before anyone else sees it. "Skift adgangskode" runs on the
main window's `run_exclusive_vault_job`, because a rekey needs the vault to itself.
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

from sspdesk.store.errors import VaultError, WrongPassphrase, damage_error
from sspdesk.ui import theme
from sspdesk.ui.app_icon import app_icon
from sspdesk.ui.widgets.dialog_buttons import settle_default_button

log = logging.getLogger(__name__)

JobRunner = Callable[[Callable[[], Any], Callable[[Any], None], Callable[[BaseException], None]], None]

# Score 0..4 from zxcvbn → colour of the strength bar (red … green); saturated enough for light and dark.
_STRENGTH_COLOURS = ("#c0392b", "#d35400", "#d4a017", "#4a9d3f", "#2e7d32")


def error_style() -> str:
    return f"color: {theme.colour('error')};"


def small_grey_style() -> str:
    return f"color: {theme.colour('muted')};"


_LAZY_STYLES = {"ERROR_STYLE": error_style, "SMALL_GREY_STYLE": small_grey_style}


def __getattr__(name: str) -> Any:
    """`ERROR_STYLE`/`SMALL_GREY_STYLE` in the current light/dark mode when imported (this module is imported before
    the application exists, so they cannot be constants)."""
    if name in _LAZY_STYLES:
        return _LAZY_STYLES[name]()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _in_background(
    fn: Callable[[], Any], on_done: Callable[[Any], None], on_error: Callable[[BaseException], None]
) -> None:
    from sspdesk.ui import worker  # loaded with the first job, after the dialog is on screen

    worker.run_in_background(fn, on_done, on_error)


def error_text(error: BaseException) -> str:
    """The Danish text for an error; never a traceback in the window."""
    if isinstance(error, VaultError):
        return error.message
    damaged = damage_error(error)  # a page that failed its check on read: damage, never "unexpected"
    if damaged is not None:
        return damaged.message
    log.error("unexpected error", exc_info=error)
    return f"Der opstod en uventet fejl ({type(error).__name__}). Datafilen er ikke ændret."


def heading(text: str, scale: float = 1.4) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    return label


def path_label(path: Path) -> QLabel:
    """The vault's location, small and grey, selectable so it can be copied into a support e-mail."""
    label = QLabel(f"Datafil: {path}")
    label.setStyleSheet(small_grey_style())
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class ErrorLabel(QLabel):
    """Red text in the dialog, hidden while there is nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(error_style())
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_error(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))


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
        self.label.setStyleSheet(small_grey_style())
        layout.addWidget(self.bar)
        layout.addWidget(self.label)
        self.acceptable = False
        self.update_for("")

    def update_for(self, passphrase: str) -> None:
        from sspdesk.passphrase import MIN_LENGTH, strength  # for a new passphrase only: off the unlock path

        verdict = strength(passphrase)
        self.acceptable = verdict.acceptable
        self.bar.setValue(verdict.score + 1 if passphrase else 0)
        colour = _STRENGTH_COLOURS[verdict.score]
        self.bar.setStyleSheet(
            f"QProgressBar {{ border: 1px solid {theme.colour('meter_border')}; border-radius: 3px; "
            f"background: {theme.colour('meter_track')}; }}"
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


class NewPassphraseRows:
    """Form rows for a new passphrase typed twice, with the strength meter and a line saying if they match."""

    def __init__(self, form: QFormLayout, first: str, second: str) -> None:
        self.passphrase = passphrase_edit(first.replace("&", "").rstrip(":"))
        self.repeated = passphrase_edit(second.replace("&", "").rstrip(":"))
        self.meter = StrengthMeter()
        self.match = QLabel()
        self.match.setStyleSheet(small_grey_style())
        for label, field in ((first, self.passphrase), ("", self.meter), (second, self.repeated), ("", self.match)):
            form.addRow(label, field)

    def ready(self) -> bool:
        """Update the feedback; True when the passphrase is acceptable and typed the same twice."""
        text, again = self.passphrase.text(), self.repeated.text()
        self.meter.update_for(text)
        self.match.setVisible(bool(again))  # hidden until the second one is typed: no empty row
        self.match.setText("Adgangskoderne er ens." if text == again else "Adgangskoderne er ikke ens.")
        return self.meter.acceptable and text == again


class JobDialog(QDialog):
    """A dialog that runs one job at a time and cannot be closed while it runs."""

    def __init__(self, parent: QWidget | None, runner: JobRunner | None) -> None:
        super().__init__(parent)
        self.setWindowIcon(app_icon())
        self._runner: JobRunner = runner or _in_background
        self._busy = False
        self.error = ErrorLabel()
        self.busy_bar = BusyBar()
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(24, 20, 24, 20)
        self.body.setSpacing(12)

    def _add_buttons(
        self, ok_text: str, on_ok: Callable[[], None], cancel_text: str = "Annuller", extra: QPushButton | None = None
    ) -> QPushButton:
        """The button row: the default action and a cancel button (which quits when nothing is open yet);
        `extra`, another way out (e.g. Åbn demo), at the left."""
        buttons = QDialogButtonBox()
        ok = buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        settle_default_button(self, ok)
        self.cancel_button = buttons.addButton(cancel_text, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(on_ok)
        buttons.rejected.connect(self.reject)
        if extra is None:
            self.body.addWidget(buttons)
            return ok
        row = QHBoxLayout()
        row.addWidget(extra)
        row.addStretch(1)
        row.addWidget(buttons)
        self.body.addLayout(row)
        return ok

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
            self.busy_bar.hide()
            self._update_state()

    def _update_state(self) -> None:
        """Enable or disable the main button; subclasses decide."""

    def _run(self, text: str, job: Callable[[], Any], on_done: Callable[[Any], None]) -> None:
        self.error.show_error("")
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

    def _take_over(self, vault: Any) -> bool:
        """A vault opened by a job arrives handed over (`Vault.hand_over()` at the end of the job, on the worker);
        the GUI thread takes it over here, so from now on it is the GUI's. If it cannot (the file went away in the
        meantime), the vault is closed and the error shown; False."""
        try:
            vault.take_over()
        except Exception as exc:
            vault.close()
            self._on_error(exc)
            return False
        return True

    def reject(self) -> None:
        if not self._busy:
            super().reject()


class ChangePassphraseDialog(JobDialog):
    """Skift adgangskode: the current one, the new one twice; the vault and its backups are re-encrypted."""

    changed = Signal()

    def __init__(self, vault: Any, parent: QWidget | None = None, runner: JobRunner | None = None) -> None:
        super().__init__(parent, runner)
        self.vault = vault
        self.setWindowTitle("Skift adgangskode – sspdesk")
        layout = self.body
        intro = QLabel(
            "Datafilen og alle sikkerhedskopier krypteres igen med den nye adgangskode. Den gamle adgangskode "
            "åbner derefter ingenting."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.old = passphrase_edit("Nuværende adgangskode")
        form.addRow("&Nuværende adgangskode:", self.old)
        self.rows = NewPassphraseRows(form, "N&y adgangskode:", "&Gentag ny adgangskode:")
        self.passphrase, self.repeated, self.meter, self.match = (
            self.rows.passphrase,
            self.rows.repeated,
            self.rows.meter,
            self.rows.match,
        )
        form.addRow("", show_toggle([self.old, self.passphrase, self.repeated], "Vis adgangskoderne"))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.busy_bar)
        self.ok_button = self._add_buttons("&Skift adgangskode", self._change)
        for edit in (self.old, self.passphrase, self.repeated):
            edit.textChanged.connect(self._update_state)
        self._update_state()
        self.setMinimumWidth(560)
        self.old.setFocus()

    def _update_state(self) -> None:
        ready = self.rows.ready() and bool(self.old.text())
        self.ok_button.setEnabled(not self.is_busy and ready)

    def _change(self) -> None:
        if not self.ok_button.isEnabled():
            return
        vault, old, new, again = self.vault, self.old.text(), self.passphrase.text(), self.repeated.text()
        from sspdesk.vaults import change_passphrase

        job = lambda: change_passphrase(vault, old, new, again)  # noqa: E731
        self._run("Krypterer datafilen og sikkerhedskopierne igen …", job, self._changed)

    def _changed(self, _result: Any) -> None:
        for edit in (self.old, self.passphrase, self.repeated):
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
