"""Overblik's boxes filled on a worker, so that unlocking does not wait for them.

What Overblik shows is read through service functions that walk every open sag (counts of thousands of deadlines,
consents missing on thousands of sager): at 50,000 cases that took 1.2 s on the GUI thread at each unlock (issue 20).
The page now shows itself at once and a `BoxFiller` job reads the boxes' data with its own connection
(`Vault.job_connection`), handing it to the page on the GUI thread; widgets are never touched from the worker.

One rule keeps the vault safe: a job never outlives the page's use of the vault. `stop()` (on lock, and before a
job that takes the vault to itself) drops every result still on its way and waits until no job holds a
connection; the page's fetch asks `stale()` between boxes, so a stopped job ends after the box it is reading.
Under `worker.SyncPool` (tests) a job runs at once on the calling thread with the page's own connection.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from sspdesk.store.vault import Vault
from sspdesk.ui import worker

log = logging.getLogger(__name__)


class Stale(Exception):
    """Raised inside a job whose result nobody wants any more (the vault locked, or a newer fill began)."""


class BoxFiller:
    def __init__(self) -> None:
        self._generation = 0  # only the newest job's result is shown
        self._jobs = 0
        self._idle = threading.Condition()

    @property
    def filling(self) -> bool:
        return self._jobs > 0

    def start(
        self,
        vault: Vault,
        fetch: Callable[[Callable[[], bool]], Any],
        show: Callable[[Any], None],
        failed: Callable[[BaseException], None],
    ) -> None:
        """Run `fetch(stale)` on the worker with its own connection to `vault`; then `show(result)` on the GUI
        thread, unless a newer `start` or a `stop` came first. `failed(error)` likewise for an error."""
        self._generation += 1
        generation = self._generation

        def stale() -> bool:
            return generation != self._generation

        def job() -> Any:
            try:
                if stale():
                    raise Stale
                with vault.job_connection():
                    return fetch(stale)
            finally:
                with self._idle:
                    self._jobs -= 1
                    self._idle.notify_all()

        def done(result: Any) -> None:
            if not stale():
                show(result)

        def error(exc: BaseException) -> None:
            if isinstance(exc, Stale) or stale():
                return  # the vault was locked or a newer fill is on its way
            log.error("Overblik could not be filled", exc_info=exc)
            failed(exc)

        with self._idle:
            self._jobs += 1
        try:
            # Quiet: it only reads, so timers and searches on the GUI thread need not wait for it.
            worker.run_in_background(job, done, error, quiet=True)
        except BaseException:
            with self._idle:
                self._jobs -= 1
            raise

    def stop(self) -> None:
        """Drop every result still on its way and wait until no job holds a connection to the vault."""
        self._generation += 1
        with self._idle:
            self._idle.wait_for(lambda: self._jobs == 0)
