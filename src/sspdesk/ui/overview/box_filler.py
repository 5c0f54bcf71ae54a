"""Overblik's boxes filled on a worker, so that unlocking does not wait for them.

What Overblik shows was read through service functions that walked every open sag (counts of thousands of deadlines,
consents missing on thousands of sager): at 50,000 cases that took 1.2 s on the GUI thread at each unlock (issue 20).
They read indexes now (migration 0020: ~0.1–0.3 s at 50,000 and 200,000 cases), and the page still shows itself at
once and a `BoxFiller` job reads the boxes' data with its own connection
(`Vault.job_connection`), handing it to the page on the GUI thread; widgets are never touched from the worker. The
job is started on the next turn of the event loop, after the window has been shown and painted (as the background
check is): the worker does not compete with the unlock for the interpreter.

One rule keeps the vault safe: a job never outlives the page's use of the vault. `stop()` (on lock, and before a
job that takes the vault to itself) drops every result still on its way and waits until no job holds a
connection; a job that had not begun by then never opens one, a running one has its query interrupted (SQLite's
interrupt, from the GUI thread: the lock does not wait for a count of 200,000 cases), and the page's fetch asks
`stale()` between boxes. Under `worker.SyncPool` (tests) a job runs on the GUI thread with
the page's own connection.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer

from sspdesk.store.vault import Vault
from sspdesk.ui import worker

log = logging.getLogger(__name__)


class Stale(Exception):
    """Raised inside a job whose result nobody wants any more (the vault locked, or a newer fill began)."""


class BoxFiller:
    def __init__(self) -> None:
        self._generation = 0  # only the newest fill's result is shown
        self._delivered = 0  # the newest generation whose result (or error) has come back, or that was stopped
        self._jobs = 0  # jobs holding (or about to open) a connection
        self._conns: set[Any] = set()  # the running jobs' connections, while they may be interrupted
        self._lock = threading.Condition()

    @property
    def filling(self) -> bool:
        """True from `start` until its result is shown (or it failed, or was stopped)."""
        return self._delivered != self._generation

    def start(
        self,
        vault: Vault,
        fetch: Callable[[Callable[[], bool]], Any],
        show: Callable[[Any], None],
        failed: Callable[[BaseException], None],
    ) -> None:
        """Run `fetch(stale)` on the worker with its own connection to `vault`; then `show(result)` on the GUI
        thread, unless a newer `start` or a `stop` came first. `failed(error)` likewise for an error."""
        with self._lock:
            self._generation += 1
            generation = self._generation

        def stale() -> bool:
            return generation != self._generation

        def job() -> Any:
            with self._lock:  # atomic with `stop`: either it waits for this job, or this job never begins
                if stale():
                    raise Stale
                self._jobs += 1
            try:
                with vault.job_connection():
                    conn = vault.conn  # this thread's own connection
                    with self._lock:
                        self._conns.add(conn)
                    try:
                        return fetch(stale)
                    finally:
                        with self._lock:  # before it closes: `stop` never interrupts a closed connection
                            self._conns.discard(conn)
            finally:
                with self._lock:
                    self._jobs -= 1
                    self._lock.notify_all()

        def done(result: Any) -> None:
            if not stale():
                self._delivered = generation
                show(result)

        def error(exc: BaseException) -> None:
            if isinstance(exc, Stale) or stale():
                return  # the vault was locked or a newer fill is on its way
            self._delivered = generation
            log.error("Overblik could not be filled", exc_info=exc)
            failed(exc)

        def begin() -> None:
            if not stale():
                # Quiet: it only reads, so timers and searches on the GUI thread need not wait for it.
                worker.run_in_background(job, done, error, quiet=True)

        QTimer.singleShot(0, begin)

    def stop(self) -> None:
        """Drop every result still on its way and wait until no job holds a connection to the vault."""
        with self._lock:
            self._generation += 1
            self._delivered = self._generation
            # The job's query ends at once with "interrupted"; its result is dropped. Again every 50 ms while a job
            # holds a connection: SQLite's interrupt reaches only a statement already running, and one that began
            # just after it (between two of the job's queries) would otherwise be waited for to its end.
            while self._jobs:
                for conn in self._conns:
                    conn.interrupt()
                self._lock.wait(timeout=0.05)
