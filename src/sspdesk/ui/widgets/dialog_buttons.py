"""Enter presses a dialog's primary action and no other button (issue 21: Enter in the Velkommen dialog opened the
logo file picker).

Why Qt got it wrong: a QPushButton is "auto default" in a dialog, and `setDefault(True)` on a button that is not yet
inside its dialog (a QDialogButtonBox built before it is added to the layout) is never registered as the dialog's
main default. When the dialog is shown without a registered default, Qt makes the first auto-default button after
the focused field the default – in Velkommen, "Vælg billede…" beside the logo. `settle_default_button` registers the
primary once it is in the dialog, turns auto-default off on every other button, and does it again whenever the
dialog is shown, so buttons added after the constructor are covered too.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QDialog, QPushButton

_GUARD_NAME = "primaryButtonGuard"
_DIRECT = Qt.FindChildOption.FindDirectChildrenOnly


def settle_default_button(dialog: QDialog, primary: QPushButton | None) -> None:
    """Make `primary` the one default button of `dialog` (None: no button takes Enter), now and on every show."""
    _settle(dialog, primary)
    guard = dialog.findChild(_ShowGuard, _GUARD_NAME, options=_DIRECT)
    if guard is None:
        guard = _ShowGuard(dialog)
        dialog.installEventFilter(guard)
    guard.primary = primary


def primary_button(dialog: QDialog) -> QPushButton | None:
    """The button `settle_default_button` made the primary of `dialog`, if any (also before it is inside)."""
    guard = dialog.findChild(_ShowGuard, _GUARD_NAME, options=_DIRECT)
    return guard.primary if isinstance(guard, _ShowGuard) else None


def _settle(dialog: QDialog, primary: QPushButton | None) -> None:
    for button in dialog.findChildren(QPushButton):
        if button is not primary and button.window() is dialog:
            button.setAutoDefault(False)
            button.setDefault(False)
    if primary is not None:
        primary.setAutoDefault(True)
        primary.setDefault(False)  # off and on again: registers it as the dialog's main default now it is inside
        primary.setDefault(True)


class _ShowGuard(QObject):
    """Settles the buttons again each time the dialog is shown (rows and pages may have added buttons)."""

    def __init__(self, dialog: QDialog) -> None:
        super().__init__(dialog)
        self.setObjectName(_GUARD_NAME)
        self.primary: QPushButton | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QDialog):
            _settle(watched, self.primary)
        return False
