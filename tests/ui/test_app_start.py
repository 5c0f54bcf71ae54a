"""Starting the program: --self-test, --demo, --vault / SSPDESK_VAULT, first run, Danish locale."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale

from sspdesk.demo.vault import DEMO_PASSPHRASE
from sspdesk.paths import default_vault_path, demo_vault_path
from sspdesk.ui import worker
from sspdesk.ui.app import launch, main, parse_args
from sspdesk.vaults import create_vault
from support import PASSPHRASE


@pytest.fixture(autouse=True)
def jobs_run_at_once():
    with worker.use_pool(worker.SyncPool()):
        yield


@pytest.fixture
def started(qapp):
    """Launch with the given arguments; shut the controller down after the test."""
    controllers = []

    def start(*argv: str):
        controller = launch(parse_args(list(argv)))
        controllers.append(controller)
        return controller

    yield start
    for controller in controllers:
        controller.shutdown()


def test_the_self_test_creates_unlocks_and_locks_a_vault_and_returns_0(qapp, capsys):
    assert main(["--self-test"]) == 0
    assert capsys.readouterr().out.strip() == "sspdesk self-test: ok"


def test_demo_opens_the_demo_vault_and_shows_the_demo_passphrase_note(started):
    controller = started("--demo")
    assert controller.vault_path == demo_vault_path()
    assert demo_vault_path().is_file()
    note = controller.unlock_dialog.demo_note
    assert note.isVisible()
    assert note.text() == f"Demodata – adgangskoden er: {DEMO_PASSPHRASE}"
    controller.unlock_dialog.passphrase.setText(DEMO_PASSPHRASE)
    controller.unlock_dialog.unlock_button.click()
    assert controller.window.isVisible()


def test_without_a_vault_file_the_first_run_dialog_is_shown(started, tmp_path):
    path = tmp_path / "ny.sspvault"
    controller = started("--vault", str(path))
    assert controller.create_dialog is not None and controller.create_dialog.isVisible()
    assert controller.unlock_dialog is None
    assert controller.vault_path == path


def test_the_vault_comes_from_sspdesk_vault_when_no_option_is_given(started, vault_path, monkeypatch):
    create_vault(vault_path, PASSPHRASE, check_strength=False).close()
    monkeypatch.setenv("SSPDESK_VAULT", str(vault_path))
    controller = started()
    assert controller.vault_path == vault_path
    assert controller.unlock_dialog.isVisible()
    assert not controller.unlock_dialog.demo_note.isVisible()


def test_the_default_vault_path_is_used_without_option_or_environment(started):
    controller = started()
    assert controller.vault_path == default_vault_path()


def test_the_application_uses_a_danish_locale_for_dates(started):
    started()
    assert QLocale().language() == QLocale.Language.Danish
    assert QLocale().toString(QLocale().toDate("2026-03-12", "yyyy-MM-dd"), "MMMM") == "marts"


_START_PROBE = """
import enum, sys
from sspdesk.ui.app import main

code = main(["--vault", sys.argv[1], "--exit-when-shown"])
found, todo = set(), [enum.Enum]
while todo:
    for sub in type.__subclasses__(todo.pop()):
        if sub not in found:
            found.add(sub)
            todo.append(sub)
qt_enums = sorted(c.__qualname__ for c in found if c.__module__.startswith("PySide6"))
print(code, len(qt_enums), " ".join(sorted(sys.modules)), " ".join(qt_enums), sep="\\n")
"""


def test_the_unlock_dialog_is_shown_without_loading_what_only_an_open_vault_needs(vault_path):
    """Start-up stays lean (bench/startup_bench.py times it): no vault code, main window, line icons or SVG, and no
    Qt type touched beyond the dialog's own – an application-wide Python event filter before unlock would create
    the types (and enums) of nearly all of QtWidgets."""
    import os
    import subprocess
    import sys

    create_vault(vault_path, PASSPHRASE, user_name="Test Koordinator")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", _START_PROBE, str(vault_path)], env=env, capture_output=True, text=True, timeout=60
    )
    code, enum_count, modules, enums = done.stdout.strip().split("\n")
    assert code == "0", done.stderr
    loaded = set(modules.split())
    for heavy in (
        "sspdesk.store.vault",
        "sspdesk.ui.main_window",
        "sspdesk.ui.icons",
        "PySide6.QtSvg",
        "pydantic",
        "sqlcipher3",
        "zxcvbn",
    ):
        assert heavy not in loaded
    assert "QCalendarWidget.SelectionMode" not in enums.split()
    assert int(enum_count) < 200  # about 160 now; a bare QWidget window makes 33
