"""The full check after an unlock runs on the worker without disabling the pages; damage it finds (or a page read
finds first) locks the vault and offers its backups in the unlock dialog; nothing is written after it."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest
import sqlcipher3.dbapi2 as sqlcipher

from sspdesk.cases import NewCase, register_case
from sspdesk.store import backups
from sspdesk.store.backups import integrity_problems
from sspdesk.store.connection import connect
from sspdesk.store.errors import CheckInterrupted
from sspdesk.store.settings import set_meta
from sspdesk.ui import worker
from sspdesk.ui.app import AppController, route_damage
from sspdesk.ui.cases.cases_page import CasesPage
from support import PASSPHRASE, templates
from support.damage import flip_page
from support.pools import HeldPool


@pytest.fixture(autouse=True)
def jobs_run_at_once():
    with worker.use_pool(worker.SyncPool()):
        yield


@pytest.fixture
def closed_vault(vault_path: Path) -> Path:
    vault = templates.created(vault_path, PASSPHRASE, user_name="Test Koordinator")
    register_case(vault, NewCase(level="I", subject="Uro ved stationen", registered=date(2026, 3, 2)))
    vault.close()
    return vault_path


@pytest.fixture
def controller(qtbot, closed_vault: Path):
    made = AppController(closed_vault, idle_interval_ms=60_000)
    qtbot.addWidget(made.window)
    made.start()
    qtbot.addWidget(made.unlock_dialog)
    yield made
    made.shutdown()


def unlock(controller: AppController) -> None:
    controller.unlock_dialog.passphrase.setText(PASSPHRASE)
    controller.unlock_dialog.unlock_button.click()


def audit_count(path: Path) -> int:
    raw = connect(path, PASSPHRASE, read_only=True)
    try:
        return int(raw.execute("SELECT count(*) FROM audit_log").fetchone()[0])
    finally:
        raw.close()


def test_after_an_unlock_the_full_check_runs_on_the_worker_and_records_its_time(
    qtbot, controller, monkeypatch: pytest.MonkeyPatch
) -> None:
    checks: list[str] = []
    real = backups.integrity_problems
    monkeypatch.setattr(backups, "integrity_problems", lambda conn: checks.append("check") or real(conn))
    unlock(controller)
    vault = controller.vault
    assert vault is not None and controller.window.isVisible()
    assert checks == []  # the window is shown before the check has run
    with vault.transaction() as conn:  # as if the last clean check were two days old
        set_meta(conn, backups.LAST_CHECK, "2026-01-01T08:00:00Z")
    qtbot.waitUntil(lambda: checks == ["check"] and not controller.window.check.running, timeout=10_000)
    assert vault.last_check() != "2026-01-01T08:00:00Z" and not vault.check_due()


def test_the_check_leaves_the_pages_enabled_and_a_lock_meanwhile_waits_for_it(qtbot, controller) -> None:
    pool = HeldPool()
    with worker.use_pool(pool):
        unlock(controller)
        pool.run_all()  # the unlock job
        window = controller.window
        qtbot.waitUntil(lambda: window.check.running)
        assert window.stack.isEnabled() and not window.is_busy  # work goes on while the check runs
        assert not worker.busy()  # a search or a count on the GUI thread does not wait for it either
        cases = window.page(CasesPage)
        cases.search.setText("stationen")
        qtbot.waitUntil(lambda: cases.count_label.text() == "1 sag fundet")
        controller.lock()
        assert not controller.is_locked  # its job holds a connection of its own
        pool.run_all()
    qtbot.waitUntil(lambda: controller.is_locked)
    assert controller.unlock_dialog.isVisible()


def test_damage_found_by_the_background_check_locks_offers_the_backups_and_nothing_more_is_written(
    qtbot, controller, closed_vault: Path
) -> None:
    flip_page(closed_vault, PASSPHRASE, "case_events")  # a page that neither the open nor the pages read
    pool = HeldPool()
    with worker.use_pool(pool):
        unlock(controller)
        pool.run_all()
        vault = controller.vault
        assert vault is not None  # the open does not read every page: the vault opens
        qtbot.waitUntil(lambda: controller.window.check.running)
        entries = vault.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
        pool.run_all()  # the check: damage
    qtbot.waitUntil(lambda: controller.is_locked)
    dialog = controller.unlock_dialog
    assert dialog.isVisible()
    assert "beskadiget" in dialog.error.text() and "Skriv adgangskoden" in dialog.error.text()
    assert dialog.backup_list.count() >= 1 and "ved oprettelse" in dialog.backup_list.item(0).text()
    assert vault.damage is not None
    assert audit_count(closed_vault) == entries  # not even the lock or a page's save wrote anything
    dialog.restore_button.click()  # without the passphrase typed again: it is asked for, nothing restored
    assert "adgangskoden" in dialog.error.text()
    assert not list(closed_vault.parent.glob(closed_vault.name + ".replaced-*"))


def test_a_page_that_fails_its_check_when_the_window_reads_it_is_damage_not_a_crash(
    qtbot, controller, closed_vault: Path
) -> None:
    flip_page(closed_vault, PASSPHRASE, "cases")  # the Sager list and Overblik read the cases when filled
    unlock(controller)
    qtbot.waitUntil(lambda: controller.is_locked, timeout=10_000)
    dialog = controller.unlock_dialog
    assert "beskadiget" in dialog.error.text()
    assert "Forkert adgangskode" not in dialog.error.text()
    assert dialog.backup_list.count() >= 1


def test_an_interrupted_check_is_not_taken_for_damage(vault) -> None:
    conn = vault.conn
    conn.set_progress_handler(lambda: 1, 1)  # what Connection.interrupt() does from the lock: stop the statement
    try:
        with pytest.raises(CheckInterrupted):
            integrity_problems(conn)
    finally:
        conn.set_progress_handler(None, 1)
    assert vault.damage is None


def test_damage_raised_by_a_read_during_work_reaches_the_controller_not_the_crash_report(
    qtbot, controller, monkeypatch: pytest.MonkeyPatch
) -> None:
    crashes: list[object] = []
    monkeypatch.setattr(sys, "excepthook", lambda *args: crashes.append(args))
    route_damage(controller)
    unlock(controller)
    try:
        controller.vault.conn.execute("SELECT * FROM no_such_table")
    except Exception as other:
        sys.excepthook(type(other), other, None)  # any other error is still a crash report
    assert len(crashes) == 1
    error = sqlcipher.DatabaseError("database disk image is malformed")
    sys.excepthook(type(error), error, None)  # what PySide6 does with an exception in a slot
    qtbot.waitUntil(lambda: controller.is_locked, timeout=10_000)
    assert len(crashes) == 1
    assert "beskadiget" in controller.unlock_dialog.error.text()
