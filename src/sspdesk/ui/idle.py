"""Auto-lock: notice when nobody has touched the program for a while, or the computer went to sleep.

`IdleWatcher` is installed as an event filter on the whole application, so every key press, mouse click or wheel turn
in any window restarts its timer. A QTimer alone is not enough: monotonic timers stop while the laptop sleeps, so a
lid closed for an hour would leave the vault open for the remaining minutes after waking. The watcher therefore also
remembers the wall-clock time of the last input and fires as soon as it sees that the interval has passed, and it
fires at once when Qt reports that the application is suspended.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication

_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TabletPress,
        QEvent.Type.ShortcutOverride,
    }
)


class IdleWatcher(QObject):
    """Emits `idle` once after `interval_ms` without user input while started."""

    idle = Signal()

    def __init__(self, interval_ms: int = 5 * 60_000, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._interval_ms = max(1, int(interval_ms))
        self._last_input = time.time()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._fire)
        app = QGuiApplication.instance()
        if app is not None:
            app.installEventFilter(self)
            app.applicationStateChanged.connect(self._on_application_state)

    # -- control ---------------------------------------------------------------------------------------------

    @property
    def interval_ms(self) -> int:
        return self._interval_ms

    def set_interval_ms(self, interval_ms: int) -> None:
        self._interval_ms = max(1, int(interval_ms))
        if self.is_active:
            self._restart()

    def set_minutes(self, minutes: int) -> None:
        self.set_interval_ms(int(minutes) * 60_000)

    def start(self) -> None:
        self._restart()

    def stop(self) -> None:
        self._timer.stop()

    @property
    def is_active(self) -> bool:
        return self._timer.isActive()

    def remove(self) -> None:
        """Detach from the application (the watcher is inert afterwards)."""
        self.stop()
        app = QGuiApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    # -- internals ---------------------------------------------------------------------------------------------

    def _restart(self) -> None:
        self._last_input = time.time()
        self._timer.start(self._interval_ms)

    def _fire(self) -> None:
        self._timer.stop()
        self.idle.emit()

    def _overdue(self) -> bool:
        return (time.time() - self._last_input) * 1000 >= self._interval_ms

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._timer.isActive() and event.type() in _INPUT_EVENTS:
            if self._overdue():
                # Woken from sleep after the interval: lock, and keep this keystroke away from the data widgets.
                self._fire()
                return True
            self._restart()
        return False

    def _on_application_state(self, state: Qt.ApplicationState) -> None:
        if not self._timer.isActive():
            return
        if state == Qt.ApplicationState.ApplicationSuspended or self._overdue():
            self._fire()
