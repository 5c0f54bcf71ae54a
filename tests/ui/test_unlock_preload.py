"""The main window is prepared while the passphrase is typed (issue 20: unlock to the filled window ≤ 0.6 s): its
modules load on a thread after the unlock dialog is shown, then the window is built hidden and empty, so the click
on "Lås op" leaves only the key derivation, the pages' first reads and Overblik's fill."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from sspdesk.ui import preload
from sspdesk.ui.app import AppController
from sspdesk.vaults import create_vault
from support import PASSPHRASE


@pytest.fixture
def closed_vault(vault_path: Path) -> Path:
    create_vault(vault_path, PASSPHRASE, user_name="Test Koordinator", check_strength=False).close()
    return vault_path


def test_the_main_window_is_built_hidden_and_empty_while_the_passphrase_is_typed(qtbot, closed_vault):
    controller = AppController(closed_vault, idle_interval_ms=60_000)
    controller.start()
    qtbot.addWidget(controller.unlock_dialog)
    try:
        assert controller._window is None  # not on the start-up path: the dialog shows first
        qtbot.waitUntil(lambda: controller._window is not None, timeout=10_000)
        window = controller._window
        assert controller.vault is None and window.vault is None and not window.isVisible()
        assert controller.unlock_dialog.isVisible()
        controller.unlock_dialog.passphrase.setText(PASSPHRASE)
        controller.unlock_dialog.unlock_button.click()
        qtbot.waitUntil(lambda: controller.vault is not None, timeout=10_000)
        assert controller.window is window and window.isVisible() and window.vault is controller.vault
    finally:
        controller.shutdown()
        if controller._window is not None:
            qtbot.addWidget(controller._window)


def test_the_window_is_not_built_when_the_dialog_is_already_unlocking(qtbot, closed_vault):
    """A click before the modules were loaded: the unlock builds the window itself, never twice."""
    controller = AppController(closed_vault, idle_interval_ms=60_000)
    controller.start()
    qtbot.addWidget(controller.unlock_dialog)
    try:
        controller.unlock_dialog.passphrase.setText(PASSPHRASE)
        controller.unlock_dialog.unlock_button.click()
        qtbot.waitUntil(lambda: controller.vault is not None, timeout=10_000)
        window = controller.window
        controller.preloader.wait()
        qtbot.wait(50)  # a late `done` from the preload thread changes nothing
        assert controller.window is window and window.isVisible()
    finally:
        controller.shutdown()
        if controller._window is not None:
            qtbot.addWidget(controller._window)


def test_the_preload_runs_on_a_thread_and_says_when_it_is_done(monkeypatch):
    threads: list[int] = []
    release = threading.Event()

    def imported() -> None:
        release.wait(10)
        threads.append(threading.get_ident())

    monkeypatch.setattr(preload, "_import_window_modules", imported)
    loader = preload.Preloader()
    loader.start()
    assert loader.started and not loader.done
    release.set()
    loader.wait()
    assert loader.done and len(threads) == 1 and threads[0] != threading.get_ident()


_PROBE = """
import sys
from sspdesk.ui import preload
assert "sspdesk.ui.main_window" not in sys.modules
loader = preload.Preloader()
loader.start()
loader.wait()
print(" ".join(sorted(name for name in sys.modules if name.startswith("sspdesk"))))
"""


def test_the_preload_loads_the_main_window_and_the_vault_code():
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", _PROBE], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    loaded = set(done.stdout.split())
    assert {"sspdesk.ui.main_window", "sspdesk.vaults", "sspdesk.ui.window_state", "sspdesk.ui.accessibility"} <= loaded
    assert "preloading the main window failed" not in done.stderr
