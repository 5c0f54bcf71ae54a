"""Clears a CPR number from the clipboard after 30 seconds, if it is still there.

`ClipboardGuard` watches `QClipboard.dataChanged` (and the X11 selection, where there is one). When the new text
holds a CPR-like number (`sspdesk.duties.minimisation.find_cpr_like`, the same detector the journal rule uses) a timer
starts; when it fires and the clipboard still holds exactly that text, the clipboard is cleared. Copying something
else in the meantime stops the timer, so the guard never clears what the user copied later. `clear_now()` does the
same check at once – call it when the vault locks. The delay is a constructor argument so tests can shorten it.

The main window makes one guard for the application's lifetime:

    self.clipboard_guard = ClipboardGuard(parent=self)            # and on lock: self.clipboard_guard.clear_now()
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtGui import QClipboard, QGuiApplication

from sspdesk.duties.minimisation import find_cpr_like

DEFAULT_DELAY_MS = 30_000


class ClipboardGuard(QObject):
    cleared = Signal()  # a CPR number was removed from the clipboard

    def __init__(
        self, clipboard: QClipboard | None = None, delay_ms: int = DEFAULT_DELAY_MS, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._clipboard = clipboard or QGuiApplication.clipboard()
        self._modes = [QClipboard.Mode.Clipboard]
        if self._clipboard.supportsSelection():
            self._modes.append(QClipboard.Mode.Selection)
        self._watched: dict[QClipboard.Mode, str] = {}
        self._timers: dict[QClipboard.Mode, QTimer] = {}
        for mode in self._modes:
            timer = QTimer(self)
            timer.setSingleShot(True)
            timer.setInterval(delay_ms)
            timer.timeout.connect(lambda mode=mode: self._expire(mode))
            self._timers[mode] = timer
        # Slots are methods of this QObject (not lambdas), so Qt drops the connections when the guard is destroyed.
        self._clipboard.dataChanged.connect(self._clipboard_changed)
        if QClipboard.Mode.Selection in self._modes:
            self._clipboard.selectionChanged.connect(self._selection_changed)

    @Slot()
    def _clipboard_changed(self) -> None:
        self._changed(QClipboard.Mode.Clipboard)

    @Slot()
    def _selection_changed(self) -> None:
        self._changed(QClipboard.Mode.Selection)

    @property
    def delay_ms(self) -> int:
        return self._timers[QClipboard.Mode.Clipboard].interval()

    def is_pending(self) -> bool:
        """True while a copied CPR number is waiting to be cleared."""
        return bool(self._watched)

    def _changed(self, mode: QClipboard.Mode) -> None:
        text = self._clipboard.text(mode)
        if text and find_cpr_like(text):
            self._watched[mode] = text
            self._timers[mode].start()
        else:
            self._watched.pop(mode, None)
            self._timers[mode].stop()

    def _expire(self, mode: QClipboard.Mode) -> None:
        watched = self._watched.pop(mode, None)
        if watched is not None and self._clipboard.text(mode) == watched:
            self._clipboard.clear(mode)
            self.cleared.emit()

    def clear_now(self) -> None:
        """Clear a copied CPR number at once (e.g. when the vault locks) – only if it is still on the clipboard."""
        for mode in list(self._watched):
            self._timers[mode].stop()
            self._expire(mode)
