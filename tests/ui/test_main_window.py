"""The controller and the main window: unlock, pages, lock (Ctrl+L, idle, sleep), settings, restore while open."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence

from sspdesk.ui import worker
from sspdesk.ui.app import AppController
from sspdesk.ui.main_window import PAGE_FACTORIES, SHORTCUTS
from sspdesk.ui.settings.settings_page import SettingsPage
from sspdesk.ui.widgets.pages import Page
from sspdesk.vaults import list_vault_backups
from support import PASSPHRASE, templates
from support.pools import HeldPool

NAVIGATION = ["Overblik", "Sager", "Møder", "Samtykker", "Grupper", "Udveksling", "Indstillinger"]


@pytest.fixture(autouse=True)
def jobs_run_at_once():
    with worker.use_pool(worker.SyncPool()):
        yield


@pytest.fixture
def closed_vault(vault_path: Path) -> Path:
    # Made the way the program makes one (the making is tested in tests/test_vault.py), as a template copy.
    templates.created(vault_path, PASSPHRASE, user_name="Test Koordinator", municipality="Testkommune").close()
    return vault_path


class FakeClock:
    """Seconds that move only when the test says so: the auto-lock tests do not depend on how busy the machine is."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def make_controller(qtbot, path: Path, idle_ms: int | None = 60_000, clock: FakeClock | None = None) -> AppController:
    controller = AppController(path, idle_interval_ms=idle_ms)
    if clock is not None:
        controller.idle.clock = clock
    qtbot.addWidget(controller.window)
    controller.start()
    if controller.unlock_dialog is not None:
        qtbot.addWidget(controller.unlock_dialog)
    return controller


@pytest.fixture
def controller(qtbot, closed_vault):
    made = make_controller(qtbot, closed_vault)
    yield made
    made.shutdown()


def unlock(controller: AppController, passphrase: str = PASSPHRASE) -> None:
    dialog = controller.unlock_dialog
    dialog.passphrase.setText(passphrase)
    dialog.unlock_button.click()
    assert controller.vault is not None, dialog.error.text()


def test_unlocking_with_the_right_passphrase_shows_the_main_window_with_all_seven_navigation_entries(controller):
    assert controller.unlock_dialog.isVisible()
    assert not controller.window.isVisible()
    unlock(controller)
    window = controller.window
    assert window.isVisible()
    assert not controller.unlock_dialog.isVisible()
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == NAVIGATION
    assert window.stack.count() == len(PAGE_FACTORIES) == 7
    assert all(page.vault is controller.vault for page in window.pages)


def test_the_status_bar_shows_user_vault_file_and_profile(controller):
    unlock(controller)
    window = controller.window
    assert window.user_label.text() == "Bruger: Test Koordinator"
    assert window.file_label.text() == f"Datafil: {controller.vault_path.name}"
    assert window.profile_label.text().startswith("Model: Albertslund")


def test_navigation_switches_pages_and_ctrl_number_jumps_to_a_page(qtbot, controller):
    unlock(controller)
    window = controller.window
    window.nav.setCurrentRow(1)
    assert window.stack.currentWidget().title == "Sager"
    assert window.page_actions[6].shortcut() == QKeySequence("Ctrl+7")
    window.page_actions[6].trigger()
    assert window.stack.currentWidget().title == "Indstillinger"


def test_ctrl_l_locks_clears_every_page_and_shows_the_unlock_dialog_and_unlocking_again_restores(qtbot, controller):
    unlock(controller)
    window = controller.window
    vault = controller.vault
    window.show_page(6)  # Indstillinger shows the most data
    assert window.page(SettingsPage).shows_data()
    window.activateWindow()
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is window.windowHandle(), timeout=10_000)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)

    assert controller.is_locked
    assert not vault.is_open
    assert not window.isVisible()
    assert controller.unlock_dialog.isVisible()
    assert not any(page.shows_data() for page in window.pages)
    assert window.user_label.text() == window.file_label.text() == ""

    unlock(controller)
    assert window.isVisible()
    assert all(page.vault is controller.vault for page in window.pages)
    assert window.page(SettingsPage).shows_data()


def test_auto_lock_fires_after_the_idle_interval(qtbot, closed_vault):
    # The one test on the real timer and the real clock: the wiring in production. A late timer only makes it wait.
    controller = make_controller(qtbot, closed_vault, idle_ms=50)
    try:
        unlock(controller)
        qtbot.waitUntil(lambda: controller.is_locked, timeout=10_000)
        assert controller.unlock_dialog.isVisible()
        assert not controller.window.isVisible()
    finally:
        controller.shutdown()


# The tests below use a fake clock and an interval of a minute: the real QTimer never runs out while they run, and
# `check()` decides on the fake clock what a late or early timer would otherwise decide by chance.


def test_auto_lock_does_not_fire_while_there_is_input(qtbot, closed_vault, clock):
    controller = make_controller(qtbot, closed_vault, clock=clock)
    try:
        unlock(controller)
        for _ in range(5):  # five minutes, more than four intervals, with a key press every 50 seconds
            clock.advance(50)
            qtbot.keyClick(controller.window.nav, Qt.Key.Key_Down)
            assert not controller.idle.check()
            assert not controller.is_locked
        clock.advance(59)
        assert not controller.idle.check()
        clock.advance(1)  # a full minute since the last key press
        assert controller.idle.check()
        assert controller.is_locked
    finally:
        controller.shutdown()


def test_input_is_watched_only_while_unlocked_and_again_after_a_second_unlock(qtbot, closed_vault, clock):
    controller = make_controller(qtbot, closed_vault, clock=clock)
    try:
        assert not controller.idle.is_watching_input  # the unlock dialog is not watched
        unlock(controller)
        assert controller.idle.is_watching_input
        controller.lock()
        assert not controller.idle.is_watching_input
        unlock(controller)
        for _ in range(3):  # key presses keep postponing the lock after the second unlock too
            clock.advance(50)
            qtbot.keyClick(controller.window.nav, Qt.Key.Key_Down)
            assert not controller.idle.check()
            assert not controller.is_locked
    finally:
        controller.shutdown()
    assert not controller.idle.is_watching_input


def test_the_first_key_press_after_sleeping_past_the_interval_locks(qtbot, closed_vault, clock):
    controller = make_controller(qtbot, closed_vault, clock=clock)
    try:
        unlock(controller)
        clock.advance(3600)  # the lid was closed for an hour; the QTimer stood still meanwhile
        qtbot.keyClick(controller.window.nav, Qt.Key.Key_Down)
        assert controller.is_locked
        assert not any(page.shows_data() for page in controller.window.pages)
    finally:
        controller.shutdown()


def test_waking_after_sleeping_past_the_interval_locks_before_any_input(qtbot, closed_vault, clock):
    controller = make_controller(qtbot, closed_vault, clock=clock)
    try:
        unlock(controller)
        clock.advance(3600)
        QGuiApplication.instance().applicationStateChanged.emit(Qt.ApplicationState.ApplicationActive)
        assert controller.is_locked
    finally:
        controller.shutdown()


def test_the_autolock_setting_sets_the_idle_interval_and_is_saved_in_the_vault(qtbot, closed_vault):
    controller = make_controller(qtbot, closed_vault, idle_ms=None)
    try:
        unlock(controller)
        assert controller.idle.interval_ms == 5 * 60_000
        settings = controller.window.page(SettingsPage)
        settings.autolock.setValue(2)
        assert controller.vault.setting("autolock_minutes") == 2
        assert controller.idle.interval_ms == 2 * 60_000
        controller.lock()
        unlock(controller)  # read again on unlock
        assert controller.idle.interval_ms == 2 * 60_000
        assert settings.autolock.value() == 2
    finally:
        controller.shutdown()


def test_going_to_sleep_locks_at_once(qtbot, controller):
    unlock(controller)
    QGuiApplication.instance().applicationStateChanged.emit(Qt.ApplicationState.ApplicationSuspended)
    assert controller.is_locked


def test_backup_now_from_the_settings_page_adds_a_backup_to_the_list(qtbot, controller):
    unlock(controller)
    settings = controller.window.page(SettingsPage)
    before = settings.backup_list.count()
    settings.backup_button.click()
    assert settings.backup_list.count() == before + 1
    assert "taget manuelt" in settings.backup_list.item(0).text()
    assert controller.window.statusBar().currentMessage().startswith("Sikkerhedskopi gemt")


def test_a_lock_during_a_background_job_waits_until_the_job_is_done(qtbot, controller):
    unlock(controller)
    pool = HeldPool()
    with worker.use_pool(pool):
        controller.window.backup_now()
        assert controller.window.is_busy
        controller.lock()
        assert not controller.is_locked  # the job still holds the connection
        pool.run_all()
    assert controller.is_locked
    assert len(list_vault_backups(controller.vault_path)) == 2


def test_restoring_from_the_settings_page_locks_and_restores_with_the_passphrase(qtbot, controller):
    unlock(controller)
    settings = controller.window.page(SettingsPage)
    settings.confirm = lambda title, text: True
    settings.backup_list.setCurrentRow(0)
    settings.restore_button.click()

    assert controller.is_locked
    dialog = controller.unlock_dialog
    assert dialog.pending_restore is not None
    assert dialog.unlock_button.text() == "&Gendan og lås op"
    unlock(controller)
    assert list(controller.vault_path.parent.glob(controller.vault_path.name + ".replaced-*"))
    assert "Gendannet" in controller.window.statusBar().currentMessage()


def test_closing_the_main_window_closes_the_vault_and_finishes_with_exit_code_0(qtbot, controller):
    unlock(controller)
    vault = controller.vault
    with qtbot.waitSignal(controller.finished) as finished:
        controller.window.close()
    assert finished.args == [0]
    assert not vault.is_open


def test_the_shortcut_list_names_the_lock_and_quit_keys():
    keys = dict(SHORTCUTS)
    assert keys["Ctrl+L"] == "Lås programmet"
    assert keys["Ctrl+Q"] == "Afslut"


def test_a_later_page_plugs_in_through_the_page_protocol(qtbot, closed_vault, monkeypatch):
    seen: list[str] = []

    class ProbePage(Page):
        title = "Prøve"

        def on_unlocked(self, vault) -> None:
            super().on_unlocked(vault)
            seen.append("unlocked")

        def on_locked(self) -> None:
            super().on_locked()
            seen.append("locked")

    monkeypatch.setattr("sspdesk.ui.main_window.PAGE_FACTORIES", [*PAGE_FACTORIES, ProbePage])
    controller = make_controller(qtbot, closed_vault)
    try:
        unlock(controller)
        controller.lock()
        assert seen == ["unlocked", "locked"]
        assert controller.window.nav.item(7).text() == "Prøve"
    finally:
        controller.shutdown()


def test_opening_a_deadline_in_overblik_shows_the_case_in_sager(qtbot, closed_vault: Path) -> None:
    from datetime import date

    from sspdesk.cases import NewCase, register_case
    from sspdesk.ui.cases.cases_page import CasesPage
    from sspdesk.ui.overview.overview_page import OverviewPage

    controller = make_controller(qtbot, closed_vault)
    controller.unlock_dialog.passphrase.setText(PASSPHRASE)
    controller.unlock_dialog.unlock_button.click()
    case = register_case(controller.vault, NewCase(level="I", subject="Uro ved stationen"), today=date.today())
    overview = controller.window.page(OverviewPage)
    overview.open_case_requested.emit(case.id)
    cases = controller.window.page(CasesPage)
    assert controller.window.stack.currentWidget() is cases
    assert cases.editor.case_id() == case.id


def test_the_main_window_is_built_while_the_key_is_derived(qtbot, closed_vault):
    controller = AppController(closed_vault, idle_interval_ms=60_000)
    controller.start()
    qtbot.addWidget(controller.unlock_dialog)
    pool = HeldPool()
    try:
        with worker.use_pool(pool):
            controller.unlock_dialog.passphrase.setText(PASSPHRASE)
            controller.unlock_dialog.unlock_button.click()
            assert controller.unlock_dialog.is_busy and controller._window is None
            qtbot.waitUntil(lambda: controller._window is not None)  # built on the idle GUI thread meanwhile
            assert controller.vault is None and not controller._window.isVisible()
            pool.run_all()  # the key is ready: the prepared window gets the vault
        assert controller.vault is not None and controller.window.isVisible()
    finally:
        controller.shutdown()
        if controller._window is not None:
            qtbot.addWidget(controller._window)
