"""Automatic team-folder rounds while the vault is unlocked (issue 19, item 3).

A round (`sspdesk.teamsync.run_round`, the same as `sspdesk-cli sync`) runs

* just after the unlock,
* shortly after a local change (debounced: a burst of saves is one round) – noticed by comparing the vault's change
  sequence every few seconds (`sync_watch.change_mark`), so a change from any page counts without each page having
  to say so, and a mere view does not (the pages share no "vault changed" signal to listen to; a save made while a
  round runs is not told from the round's own imports and waits for the next periodic round),
* every few minutes (a colleague's files arrive on their own), and
* when the user asks (the round log's "Synkronisér nu", a newly chosen team folder).

Each round runs on the worker with its own vault connection (`Vault.job_connection`), quietly like the background
check: the pages stay enabled and the user keeps working. One round at a time; a reason to sync while one runs
makes one more round afterwards. No round starts while a job of the main window holds the vault to itself (a
passphrase change) or without a team folder.

Nothing syncs while locked: `set_vault(None)` (the main window's `clear`, before the vault closes) stops the
timers, makes a round that has not begun end at once, and waits for a round under way – it writes the vault, so
it is let finish rather than cut off, and the vault cannot close while the round's connection is open. A result
that arrives after the lock is dropped.

After a round that changed the vault, `changed` asks the window to reload its pages the way a manual import does;
conflicts then wait on Udveksling as after any import. The last rounds are kept (`rounds`) for the round log.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from sspdesk import sync_watch
from sspdesk.bundles import BundleError
from sspdesk.domain.errors import ServiceError
from sspdesk.store.vault import Vault
from sspdesk.teamsync import RoundReport, run_round, team_folder
from sspdesk.ui import worker
from sspdesk.ui.vault.vault_dialogs import error_text

PERIOD_MS = 3 * 60_000  # every few minutes
DEBOUNCE_MS = 20_000  # after the last local change
WATCH_MS = 3_000  # how often the change sequence is compared
KEEP_ROUNDS = 50
LOCK_WAIT_MS = 120_000


@dataclass
class RoundEntry:
    """One round for the status bar and the log: its report, or why it could not run."""

    at: datetime  # local time the round ended
    reason: str  # why it ran (Danish, for the log): "oplåsning", "lokal ændring", "fast interval", "manuelt"
    report: RoundReport | None = None
    error: str = ""

    @property
    def changed_vault(self) -> bool:
        report = self.report
        return report is not None and bool(
            report.added or report.updated or report.deleted or report.conflicts or report.erased
        )


class SyncController(QObject):
    round_started = Signal()
    round_finished = Signal(object)  # RoundEntry
    changed = Signal()  # a round changed the vault: reload the pages
    state_changed = Signal()  # running, folder or conflicts changed: the status bar repaints

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        period_ms: int = PERIOD_MS,
        debounce_ms: int = DEBOUNCE_MS,
        watch_ms: int = WATCH_MS,
    ) -> None:
        super().__init__(parent)
        self.vault: Vault | None = None
        self.running = False
        self.rounds: list[RoundEntry] = []  # newest last
        self.open_conflicts = 0
        self._again = ""  # a reason that came while a round ran: one more round afterwards
        self._mark = 0  # the change sequence last seen
        self._generation = 0  # a result for a vault locked since is dropped
        self._idle = threading.Event()  # set while no round job exists
        self._idle.set()
        self._cancel = threading.Event()
        # Set by the job before it looks at _cancel: a job that has not set it yet will see a cancel made before.
        self._started = threading.Event()
        self.period = QTimer(self)
        self.period.setInterval(period_ms)
        self.period.timeout.connect(lambda: self.sync_now("fast interval"))
        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(debounce_ms)
        self.debounce.timeout.connect(lambda: self.sync_now("lokal ændring"))
        self.watch = QTimer(self)
        self.watch.setInterval(watch_ms)
        self.watch.timeout.connect(self.look_for_changes)

    # -- vault in, vault out ---------------------------------------------------------------------------------------

    def set_vault(self, vault: Vault | None) -> None:
        """Unlocked (a round at once, then the timers) or locked (None: stop, and wait for a round under way)."""
        self._generation += 1
        for timer in (self.period, self.debounce, self.watch):
            timer.stop()
        self._again = ""
        if vault is None:
            self._cancel.set()  # a round that has not begun opens nothing
            self.wait(LOCK_WAIT_MS)
            self.vault = None
            self.running = False
            self.rounds.clear()
            self.open_conflicts = 0
            self.state_changed.emit()
            return
        self.vault = vault
        self._mark = self._read_mark()
        self.open_conflicts = self._read_conflicts()
        self.period.start()
        self.watch.start()
        self.state_changed.emit()
        QTimer.singleShot(0, self, lambda: self.sync_now("oplåsning"))

    def wait(self, msecs: int = LOCK_WAIT_MS) -> bool:
        """Until no round job holds a connection to the vault (milliseconds); False on timeout. A job that has not
        started yet needs no waiting for: after a lock it sees the cancel and opens nothing."""
        if not self._started.is_set():
            return True
        return self._idle.wait(msecs / 1000)

    @property
    def folder(self) -> Path | None:
        vault = self.vault
        if vault is None or not vault.is_open or not vault.owned_by_this_thread:
            return None
        return team_folder(vault)

    # -- when to sync ----------------------------------------------------------------------------------------------

    def local_change(self) -> None:
        """Something was saved here: a round once the user has paused (each change restarts the wait)."""
        if self.vault is not None and self.folder is not None:
            self.debounce.start()

    def look_for_changes(self) -> None:
        vault = self.vault
        if vault is None or self.running or not vault.owned_by_this_thread:
            return  # while a round runs its own imports raise the mark: looked at again after it
        mark = self._read_mark()
        if mark != self._mark:
            self._mark = mark
            self.local_change()

    def folder_changed(self) -> None:
        """The team folder was chosen or cleared in Indstillinger: sync with the new one at once."""
        self.state_changed.emit()
        if self.folder is not None:
            self.sync_now("ny teammappe")

    def sync_now(self, reason: str = "manuelt", *, confirm: bool = False) -> bool:
        """Start a round now; True if one started. While one runs, one more follows it."""
        vault = self.vault
        if vault is None or not vault.is_open:
            return False
        if self.running:
            self._again = self._again or reason
            return False
        if not vault.owned_by_this_thread:  # handed over to an exclusive job: the next tick asks again
            return False
        folder = team_folder(vault)
        if folder is None:
            return False
        self.debounce.stop()
        self.running = True
        generation = self._generation
        self._cancel.clear()
        self._started.clear()
        self._idle.clear()
        cancel, started, idle = self._cancel, self._started, self._idle

        def job() -> RoundReport | None:
            started.set()
            try:
                if cancel.is_set():
                    return None
                with vault.job_connection():
                    return run_round(vault, folder, confirm=confirm)
            finally:
                idle.set()

        self.round_started.emit()
        self.state_changed.emit()
        worker.run_in_background(
            job,
            lambda result: self._done(generation, reason, result),
            lambda error: self._failed(generation, reason, error),
            quiet=True,  # the pages stay usable: a round is not the user's action
        )
        return True

    # -- results ---------------------------------------------------------------------------------------------------

    def _done(self, generation: int, reason: str, report: Any) -> None:
        if generation != self._generation:
            return  # locked (or unlocked again) meanwhile: the pages are gone or newer
        self.running = False
        if report is None:
            self.state_changed.emit()
            return
        self._finish(RoundEntry(datetime.now(UTC).astimezone(), reason, report=report))

    def _failed(self, generation: int, reason: str, error: BaseException) -> None:
        if generation != self._generation:
            return
        self.running = False
        # A missing folder (a disconnected share) is said as it is, and changes nothing in the vault.
        text = error.message if isinstance(error, (ServiceError, BundleError)) else error_text(error)
        self._finish(RoundEntry(datetime.now(UTC).astimezone(), reason, error=text))

    def _finish(self, entry: RoundEntry) -> None:
        self.rounds.append(entry)
        del self.rounds[:-KEEP_ROUNDS]
        if self.vault is not None:
            self._mark = self._read_mark()  # what the round itself imported is no local change
            self.open_conflicts = self._read_conflicts()
        self.round_finished.emit(entry)
        if entry.changed_vault:
            self.changed.emit()
        self.state_changed.emit()
        again, self._again = self._again, ""
        if again:
            QTimer.singleShot(0, self, lambda: self.sync_now(again))

    def _read_mark(self) -> int:
        return sync_watch.change_mark(self.vault) if self.vault is not None else 0

    def _read_conflicts(self) -> int:
        return sync_watch.open_conflicts(self.vault) if self.vault is not None else 0

    @property
    def last(self) -> RoundEntry | None:
        return self.rounds[-1] if self.rounds else None
