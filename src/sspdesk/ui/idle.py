"""Auto-lock: notice when nobody has touched the program for a while, or the computer went to sleep.

While started, `IdleWatcher` is an event filter on the whole application, so every key press, mouse click or wheel
turn in any window restarts its timer. It is a filter only while started (the vault is open): a Python event filter
makes PySide6 look up the Python type of every object an event goes to, which at start-up means creating the types
(and enums) of most of QtWidgets – about 30 ms before the unlock dialog could be shown.

A QTimer alone is not enough: monotonic timers stop while the laptop sleeps, so a lid closed for an hour would leave
the vault open for the remaining minutes after waking. The watcher therefore also remembers the wall-clock time of
the last input and fires as soon as it sees that the interval has passed, and it fires at once when Qt reports that
the application is suspended. So the lock comes at whichever is first: the QTimer running out, or `check()` (called on
every input and on every change of the application state) finding on the clock that the interval has passed.

The clock is injectable (`clock=`, or the `clock` attribute before `start()`): tests advance a fake clock and call
`check()` instead of waiting for real timers, which a busy machine makes late.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
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
    return frozenset(
        {
            kinds.KeyPress,
            kinds.KeyRelease,
            kinds.MouseButtonPress,
            kinds.MouseButtonRelease,
            kinds.MouseButtonDblClick,
            kinds.MouseMove,
            kinds.Wheel,
            kinds.TouchBegin,
            kinds.TouchUpdate,
            kinds.TabletPress,
            kinds.ShortcutOverride,
        }
    )


class IdleWatcher(QObject):
    """Emits `idle` once after `interval_ms` without user input while started."""

    idle = Signal()

    def __init__(
        self, interval_ms: int = 5 * 60_000, parent: QObject | None = None, *, clock: Callable[[], float] = time.time
    ) -> None:
        super().__init__(parent)
        self._interval_ms = max(1, int(interval_ms))
        # Seconds. The wall clock on purpose, not time.monotonic: the monotonic clock stops while the computer
        # sleeps on Linux and macOS, and a sleep is exactly what this clock must see.
        self.clock = clock
        self._last_input = clock()
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

    def check(self) -> bool:
        """Fire now if, while started, the clock says the interval has passed since the last input (the computer
        slept, so the QTimer is late). Returns whether it fired."""
        if self._timer.isActive() and self._overdue():
            self._fire()
            return True
        return False

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
        self._last_input = self.clock()
        self._timer.start(self._interval_ms)

    def _fire(self) -> None:
        self._timer.stop()
        self.idle.emit()

    def _overdue(self) -> bool:
        return (self.clock() - self._last_input) * 1000 >= self._interval_ms

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._timer.isActive() and event.type() in _input_events():
            if self.check():
                # Woken from sleep after the interval: locked, and this keystroke is kept away from the data widgets.
                return True
            self._restart()
        return False

    def _on_application_state(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationSuspended and self._timer.isActive():
            self._fire()
        else:
            self.check()
