"""The full check of the open vault, on the worker, while the user works.

Opening a vault is constant time (the key and the schema only), so the check of every page – SQLCipher's page
HMACs and SQLite's structure, seconds on a large vault – runs here instead: after every unlock and again whenever
the last clean check is more than a day old (`Vault.check_due`, asked every hour). The same job first reads the
registered persons' names for the log scrubber (`leaks.use_vault_names`), which reads every sag too. The job has
its own connection (`Vault.job_connection`) and does not disable the pages, unlike `MainWindow.run_vault_job`.

A damaged vault is marked by the check itself (`Vault.damage`: every later transaction is refused, so nothing more
is written) and `damaged` is emitted with the backups that open; the controller locks and offers them in the
unlock dialog. A lock while the check runs interrupts it (`Vault.interrupt_check`); `finished` tells the controller
when the job's connection is gone and the vault may close.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from sspdesk.duties import leaks
from sspdesk.store.errors import CheckInterrupted, VaultDamaged, VaultError, damage_error
from sspdesk.store.vault import Vault
from sspdesk.ui import worker

log = logging.getLogger(__name__)

HOUR_MS = 60 * 60 * 1000


def _use_names(vault: Vault) -> None:
    """The registered persons' names, cut out of log messages from now on: reading them means reading every sag,
    so it is done here, off the unlock, just before the check (a page that fails to read is the check's to tell)."""
    try:
        leaks.use_vault_names(vault)
    except Exception as exc:
        if damage_error(exc) is None:
            raise


class BackgroundCheck(QObject):
    damaged = Signal(object)  # VaultDamaged, with the backups that open
    checked = Signal(str)  # UTC time of a clean check
    failed = Signal(str)  # a Danish line: the check could not run (the disk), nothing known about the file
    finished = Signal()  # the job is over and its connection closed (clean, damaged, failed or interrupted)

    def __init__(self, parent: QObject | None = None, *, interval_ms: int = HOUR_MS) -> None:
        super().__init__(parent)
        self.vault: Vault | None = None
        self.running = False
        self._generation = 0  # a result for a vault that has been locked since is dropped
        self._idle = threading.Event()  # set while no check job exists (its connection is closed)
        self._idle.set()
        self._cancel = threading.Event()  # a check job that has not begun yet ends at once
        # Set by the job before it looks at _cancel: a job that has not set it yet will see a cancel made before.
        self._started = threading.Event()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.start_if_due)

    def set_vault(self, vault: Vault | None) -> None:
        """A vault unlocked (checked at once, after the window has been painted) or locked (None)."""
        self._generation += 1
        if vault is None:
            self.timer.stop()
            self.interrupt()
            self.wait()  # the vault is about to close: the job's connection must be gone
            self.vault = None
            return
        self.vault = vault
        self.timer.start()
        QTimer.singleShot(0, self.start)

    def start_if_due(self) -> None:
        vault = self.vault
        if vault is None or self.running or not vault.owned_by_this_thread or worker.busy():
            return  # handed over to an exclusive job, or other work first: the next tick asks again
        if vault.check_due():
            self.start()

    def start(self) -> bool:
        """Run the check now; True if it runs (or already ran when asked). A vault already marked damaged is
        checked all the same: the check lists the backups that open."""
        from sspdesk.vaults import check_vault  # the vault services load after the window

        vault = self.vault
        if self.running:
            return True
        if vault is None or not vault.is_open or not vault.owned_by_this_thread:
            return False
        self.running = True
        generation = self._generation
        self._cancel.clear()
        self._started.clear()
        self._idle.clear()

        def job() -> Any:
            self._started.set()
            try:
                if self._cancel.is_set():
                    raise CheckInterrupted()
                with vault.job_connection():
                    _use_names(vault)
                    return check_vault(vault)
            finally:
                self._idle.set()

        worker.run_in_background(  # quiet: searches and timers on the GUI thread do not wait for it
            job,
            lambda result: self._done(generation, result),
            lambda error: self._failed(generation, error),
            quiet=True,
        )
        return True

    def interrupt(self) -> None:
        """End a running check at once (it says nothing about the file then): the vault is locking or needs the
        file to itself."""
        if self.running:
            self._cancel.set()
            if self.vault is not None:
                self.vault.interrupt_check()

    def wait(self, msecs: int = 5000) -> bool:
        """After `interrupt`: until the check job's connection is closed (milliseconds); False on timeout. A job that
        has not started yet needs no waiting for: it will see the cancel and open nothing."""
        if not self._started.is_set():
            return True
        return self._idle.wait(msecs / 1000)

    def _done(self, generation: int, result: Any) -> None:
        self.running = False
        if generation == self._generation:
            self.checked.emit(result.checked_at)
        self.finished.emit()

    def _failed(self, generation: int, error: BaseException) -> None:
        self.running = False
        current = generation == self._generation
        if isinstance(error, VaultDamaged):
            # The vault marked itself damaged; say so even when a lock is under way, so the dialog offers backups.
            self.damaged.emit(error)
        elif isinstance(error, CheckInterrupted) or not current:
            pass
        elif isinstance(error, VaultError):
            self.failed.emit(error.message)
        else:
            log.error("background check failed", exc_info=error)
        self.finished.emit()
