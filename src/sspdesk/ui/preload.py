"""The main window's code loaded while the passphrase is typed (issue 20: unlock to the filled window ≤ 0.6 s).

Importing the main window with its pages and the vault code costs 0.5–0.8 s of interpreter time on a laptop (a
few hundred modules, more when no bytecode is cached); before, it was paid after the click on "Lås op", beside the
key derivation. The unlock dialog is on screen for the seconds a passphrase takes to type, so a Python thread
imports them then, with the public holidays (the `holidays` package imports every country's calendar). Only
imports: no module of ours creates a widget, pixmap or font when it is imported (Qt objects belong to the GUI
thread). The GUI stays responsive: the thread gives up the interpreter every few milliseconds, and a click that
comes first simply imports the rest itself – Python's per-module import lock makes it wait for a module the thread
is half-way through, never import it twice.
"""

from __future__ import annotations

import logging
import threading
from datetime import date

log = logging.getLogger(__name__)


class Preloader:
    """`start()` imports `WINDOW_MODULES` on a thread; `done` says when it has finished. Plain Python, no signal:
    the thread may end after the controller that started it is gone (a signal emitted on a deleted QObject from
    another thread crashes the process), so the GUI thread asks `done` on a timer of its own instead."""

    def __init__(self) -> None:
        self._thread: threading.Thread | None = None

    @property
    def started(self) -> bool:
        return self._thread is not None

    @property
    def done(self) -> bool:
        return self._thread is not None and not self._thread.is_alive()

    def start(self) -> None:
        if self._thread is not None:
            return
        # Not a daemon: an interpreter shutting down under a half-finished import can crash on its way out; quitting
        # within the first second waits for the imports instead.
        self._thread = threading.Thread(target=_load, name="sspdesk-preload")
        self._thread.start()

    def wait(self) -> None:
        if self._thread is not None:
            self._thread.join()


def _import_window_modules() -> None:
    """What the click on "Lås op" needs: the key derivation's code, the main window (which imports every page) and
    what the controller imports when it builds the window. Plain imports, so that tests/test_layers.py and
    PyInstaller see them."""
    import sspdesk.ui.accessibility
    import sspdesk.ui.main_window
    import sspdesk.ui.window_state
    import sspdesk.vaults  # noqa: F401


def _load() -> None:
    from sspdesk.workdays import public_holiday_name

    try:
        _import_window_modules()
        public_holiday_name(date.today())
    except Exception:  # the click imports them again on the GUI thread and reports the error there
        log.exception("preloading the main window failed")
