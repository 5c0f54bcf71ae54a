"""The vault and threads, with Qt's real thread pool (not SyncPool): a worker job has its own connection, the GUI
thread's connection never leaves the GUI thread, and the vault refuses use from a thread that does not own it."""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest
from PySide6.QtCore import QTimer

from conftest import PASSPHRASE
from sspdesk.cases import CaseQuery, NewCase, list_case_ids, register_case
from sspdesk.store.vault import Vault, VaultThreadError
from sspdesk.ui import worker
from sspdesk.ui.cases.cases_page import SEARCH_DELAY_MS, CasesPage
from sspdesk.ui.main_window import MainWindow

TODAY = date(2026, 3, 12)


class RolledBack(Exception):
    """Raised inside the worker's transaction so that it is rolled back."""


@pytest.fixture(autouse=True)
def real_thread_pool():
    with worker.use_pool(None):  # Qt's global QThreadPool: jobs run on real worker threads
        yield
    worker.wait_for_all()


@pytest.fixture
def window(qtbot, vault: Vault):
    made = MainWindow(page_factories=[CasesPage])
    qtbot.addWidget(made)
    made.set_vault(vault)
    yield made
    made.clear()


def test_reads_by_gui_timers_never_see_a_worker_write_that_is_held_open_and_rolled_back(
    qtbot, window: MainWindow, vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    gui_thread = threading.get_ident()
    job_threads: list[int] = []
    written, reads_done = threading.Event(), threading.Event()
    log = vault.log

    def log_then_hold_and_roll_back(action: str, **fields: str) -> None:
        # register_case logs last, inside its transaction: the case row is written but not committed yet.
        log(action, **fields)
        if threading.get_ident() != gui_thread and action == "case.create":
            job_threads.append(threading.get_ident())
            written.set()
            if not reads_done.wait(20):
                raise TimeoutError("the GUI timers did not read while the transaction was open")
            raise RolledBack()

    monkeypatch.setattr(vault, "log", log_then_hold_and_roll_back)
    reads: list[tuple[bool, int]] = []  # (was the worker's write open at the time, cases seen)
    errors: list[BaseException] = []
    page = window.page(CasesPage)
    searches: list[bool] = []  # worker.busy() whenever the page's search ran
    reload = page.reload
    monkeypatch.setattr(page, "reload", lambda: (searches.append(worker.busy()), reload()))
    search_typed = time.monotonic()

    def read_on_the_gui_thread() -> None:
        try:
            held = written.is_set() and not reads_done.is_set()
            reads.append((held, len(list_case_ids(vault, CaseQuery()))))
        except BaseException as exc:  # the test asserts that there are none
            errors.append(exc)
        # Hold the transaction for a few reads, and until the page's search timer has been due twice over.
        if sum(held for held, _ in reads) >= 5 and time.monotonic() - search_typed > 2 * SEARCH_DELAY_MS / 1000:
            reads_done.set()

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(read_on_the_gui_thread)
    timer.start()
    outcome: list[object] = []
    try:
        window.run_vault_job(
            lambda: register_case(vault, NewCase(level="I", subject="Uro ved stationen"), today=TODAY),
            outcome.append,
            outcome.append,
        )
        search_typed = time.monotonic()
        page.search.setText("Uro")  # the page's search timer fires while the job runs, and waits for it
        qtbot.waitUntil(lambda: bool(outcome), timeout=30_000)
    finally:
        timer.stop()

    assert isinstance(outcome[0], RolledBack)  # delivered to on_error on the GUI thread, not escaped
    assert job_threads and job_threads[0] != gui_thread
    assert errors == []
    assert sum(held for held, _ in reads) >= 5
    assert all(seen == 0 for _, seen in reads)  # not one read saw the uncommitted case
    assert list_case_ids(vault) == []  # and it is gone after the rollback
    qtbot.waitUntil(lambda: bool(searches))  # the search waited for the job, then ran
    assert searches == [False]
    assert page.count_label.text().endswith("fundet")
    assert vault.owned_by_this_thread and not window.is_busy


def test_a_worker_job_commits_on_its_own_connection_and_the_gui_sees_it_afterwards(
    qtbot, window: MainWindow, vault: Vault
) -> None:
    outcome: list[object] = []
    window.run_vault_job(
        lambda: register_case(vault, NewCase(level="I", subject="Graffiti"), today=TODAY).id,
        outcome.append,
        outcome.append,
    )
    qtbot.waitUntil(lambda: bool(outcome), timeout=30_000)
    assert isinstance(outcome[0], str)
    assert list_case_ids(vault) == [outcome[0]]


def test_the_gui_vault_used_from_another_thread_raises_a_clear_error(vault: Vault) -> None:
    caught: list[BaseException] = []

    def use() -> None:
        try:
            vault.setting("user_name")
        except BaseException as exc:  # handed to the test thread
            caught.append(exc)

    thread = threading.Thread(target=use)
    thread.start()
    thread.join()
    assert len(caught) == 1 and isinstance(caught[0], VaultThreadError)
    assert "job_connection" in str(caught[0])
    assert vault.setting("user_name") == "Test Koordinator"  # the owner still uses it


def test_a_job_that_skips_the_window_runner_fails_with_the_clear_error_on_the_gui_thread(qtbot, vault) -> None:
    outcome: list[object] = []
    worker.run_in_background(lambda: vault.setting("user_name"), outcome.append, outcome.append)
    qtbot.waitUntil(lambda: bool(outcome), timeout=10_000)
    assert isinstance(outcome[0], VaultThreadError)


def test_a_passphrase_change_takes_the_vault_to_the_worker_and_back(qtbot, window: MainWindow, vault: Vault) -> None:
    new = "en helt ny adgangskode 2026"
    proceed = threading.Event()
    outcome: list[object] = []

    def change() -> None:
        if not proceed.wait(20):
            raise TimeoutError("the test did not let the job go on")
        vault.rekey(PASSPHRASE, new)

    window.run_exclusive_vault_job(change, outcome.append, outcome.append)
    with pytest.raises(VaultThreadError):  # the job has the vault: the GUI thread has no connection meanwhile
        vault.setting("user_name")
    proceed.set()
    qtbot.waitUntil(lambda: bool(outcome), timeout=60_000)
    assert outcome == [None]
    assert vault.owned_by_this_thread
    assert vault.setting("user_name") == "Test Koordinator"  # taken back by the GUI thread, with the new key
    path = vault.path
    window.clear()
    vault.close()
    Vault.open(path, new).close()
