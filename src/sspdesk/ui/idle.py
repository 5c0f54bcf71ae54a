"""Auto-lock: notice when nobody has touched the program for a while, or the computer went to sleep.

While started, `IdleWatcher` is an event filter on the whole application, so every key press, mouse click or wheel
turn in any window restarts its timer. It is a filter only while started (the vault is open): a Python event filter
makes PySide6 look up the Python type of every object an event goes to, which at start-up means creating the types
(and enums) of most of QtWidgets – about 30 ms before the unlock dialog could be shown.

A QTimer alone is not enough: monotonic timers stop while the laptop sleeps, so a lid closed for an hour would leave
the vault open for the remaining minutes after waking. The watcher therefore also remembers the wall-clock time of
the last input and fires as soon as it sees that the interval has passed, and it fires at once when Qt reports that
the application is suspended.
"""

from __future__ import annotations

import functools
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication

if TYPE_CHECKING:
    from PySide6.QtCore import QEvent


@functools.cache
def _input_events() -> frozenset[QEvent.Type]:
    # Made on the first unlock, not at import: QEvent's type (and its enum of ~180 members) is then created.
    from PySide6.QtCore import QEvent

    kinds = QEvent.Type
    return frozenset({kinds.KeyPress, kinds.KeyRelease, kinds.MouseButtonPress, kinds.MouseButtonRelease,
                      kinds.MouseButtonDblClick, kinds.MouseMove, kinds.Wheel, kinds.TouchBegin, kinds.TouchUpdate,
                      kinds.TabletPress, kinds.ShortcutOverride})


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
        self._filtering = False
        app = QGuiApplication.instance()
        self._state_connected = isinstance(app, QGuiApplication)
        if isinstance(app, QGuiApplication):
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
        self._filter_events(True)
        self._restart()

    def stop(self) -> None:
        self._timer.stop()
        self._filter_events(False)

    @property
    def is_active(self) -> bool:
        return self._timer.isActive()

    @property
    def is_watching_input(self) -> bool:
        return self._filtering

    def remove(self) -> None:
        """Detach from the application (the watcher is inert afterwards)."""
        self.stop()
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication) and self._state_connected:
            app.applicationStateChanged.disconnect(self._on_application_state)
            self._state_connected = False

    # -- internals ---------------------------------------------------------------------------------------------

    def _filter_events(self, on: bool) -> None:
        app = QGuiApplication.instance()
        if app is None or on == self._filtering:
            return
        if on:
            app.installEventFilter(self)
        else:
            app.removeEventFilter(self)
        self._filtering = on

    def _restart(self) -> None:
        self._last_input = time.time()
        self._timer.start(self._interval_ms)

    def _fire(self) -> None:
        self._timer.stop()
        self.idle.emit()

    def _overdue(self) -> bool:
        return (time.time() - self._last_input) * 1000 >= self._interval_ms

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._timer.isActive() and event.type() in _input_events():
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
