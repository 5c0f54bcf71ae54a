"""Run slow work (key derivation, backups, rekey) off the GUI thread and get the result back on it.

Like Anki's QueryOp: `run_in_background(fn, on_done, on_error)` runs `fn()` on a QThreadPool and calls exactly one
of the callbacks on the GUI thread. The result travels through a QObject "bridge" that lives on the GUI thread, so
Qt queues the call across threads for us; widgets are never touched from the worker.

Tests (and `--self-test`) swap in `SyncPool` with `use_pool()`, like Picard's FakeThreadPool: the job then runs at
once on the calling thread and the callbacks fire before `run_in_background` returns.

A job never uses the GUI thread's vault connection: a connection belongs to the thread that opened it, and the
`Vault` refuses use from any other thread (`VaultThreadError`). A job that needs the vault runs through the main
window's `run_vault_job`, which gives it its own connection (`Vault.job_connection()`), or `run_exclusive_vault_job`,
which hands the vault over to the worker and back. Pages and dialogs get such a runner (a `JobRunner`) explicitly.
`busy()` tells timers on the GUI thread to wait until the jobs are done.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator
from typing import Any, Protocol

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

OnDone = Callable[[Any], None]
OnError = Callable[[BaseException], None]
# run(fn, on_done, on_error): `fn` off the GUI thread, then one callback on it – `run_in_background` or a window's.
JobRunner = Callable[[Callable[[], Any], OnDone, OnError], None]


class Pool(Protocol):
    def start(self, runnable: QRunnable) -> None: ...

    def waitForDone(self, msecs: int = -1) -> bool: ...


class SyncPool:
    """A pool that runs each job at once on the calling thread: deterministic tests, no waiting."""

    def start(self, runnable: QRunnable) -> None:
        runnable.run()

    def waitForDone(self, msecs: int = -1) -> bool:
        return True


_pool: Pool | None = None
# Bridges of running jobs: kept alive here until their result has been delivered. `busy()` asks about `_running`
# only; a background job that GUI work need not wait for (the full check of the vault) is kept in `_quiet`.
_running: set[_Bridge] = set()
_quiet: set[_Bridge] = set()


def pool() -> Pool:
    return _pool if _pool is not None else QThreadPool.globalInstance()


def set_pool(new: Pool | None) -> None:
    """Use `new` for every later job (None: Qt's global thread pool)."""
    global _pool
    _pool = new


@contextlib.contextmanager
def use_pool(new: Pool | None) -> Iterator[None]:
    previous = _pool
    set_pool(new)
    try:
        yield
    finally:
        set_pool(previous)


def busy() -> bool:
    """True while a job started here has not delivered its result yet."""
    return bool(_running)


def wait_for_all(msecs: int = -1) -> bool:
    return pool().waitForDone(msecs)


class _Bridge(QObject):
    done = Signal(object)
    failed = Signal(object)

    def __init__(self, on_done: OnDone, on_error: OnError | None) -> None:
        super().__init__()  # created on the GUI thread, so its slots run there
        self._on_done = on_done
        self._on_error = on_error
        self.done.connect(self._deliver_done)
        self.failed.connect(self._deliver_error)

    @Slot(object)
    def _deliver_done(self, result: Any) -> None:
        _running.discard(self)
        _quiet.discard(self)
        self._on_done(result)

    @Slot(object)
    def _deliver_error(self, error: BaseException) -> None:
        _running.discard(self)
        _quiet.discard(self)
        if self._on_error is None:
            log.error("background job failed", exc_info=error)
            return
        self._on_error(error)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], bridge: _Bridge) -> None:
        super().__init__()
        self._fn = fn
        self._bridge = bridge

    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as exc:
            self._bridge.failed.emit(exc)
        else:
            self._bridge.done.emit(result)


def run_in_background(
    fn: Callable[[], Any], on_done: OnDone, on_error: OnError | None = None, *, quiet: bool = False
) -> None:
    """Run `fn()` off the GUI thread; then `on_done(result)` or `on_error(exception)` on the GUI thread.

    A `quiet` job does not make `busy()` true: timers and searches on the GUI thread do not wait for it (the
    background check of the vault, which only reads and may take seconds)."""
    bridge = _Bridge(on_done, on_error)
    (_quiet if quiet else _running).add(bridge)
    pool().start(_Job(fn, bridge))
