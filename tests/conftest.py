"""Shared fixtures: Qt offscreen, an isolated user data folder, and opened temporary vaults (copies of a template
vault made once per test run – see tests/support/templates.py)."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile

# Before anything imports Qt: tests never need a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Test folders (tmp_path, and so every test vault) in memory when the machine has a tmpfs at /dev/shm and the caller
# chose no TMPDIR: the vault commits with synchronous=FULL, and an fsync on a disk costs ~10 ms of waiting, paid a
# few times in most of the ~2,600 tests. The files are the same real SQLCipher files; a SIGKILL (the crash tests)
# loses nothing from the page cache either way, and no test can cut the power.
if (
    "TMPDIR" not in os.environ
    and os.path.isdir("/dev/shm")
    and os.access("/dev/shm", os.W_OK | os.X_OK)
    and shutil.disk_usage("/dev/shm").free >= 4 * 1024**3  # a container's small /dev/shm (64 MB) would fill up
):
    os.environ["TMPDIR"] = "/dev/shm"
    tempfile.tempdir = None  # gettempdir() may have cached /tmp already; child processes read TMPDIR

from pathlib import Path

import pytest

from support import PASSPHRASE, templates
from support.bundles import make_vault

# SSPDESK_TEST_REAL_VAULTS=1: every test vault is created the full way and every open derives its key, as before
# the templates (bench/suite_bench.py measures the suite both ways).
REAL_VAULTS = os.environ.get("SSPDESK_TEST_REAL_VAULTS") == "1"


@pytest.fixture(scope="session", autouse=True)
def vault_templates(tmp_path_factory: pytest.TempPathFactory):
    """The template vaults of this test process, which `vault`, `pair` and `make_vault` copy; and a key derivation
    paid once per passphrase and salt (the same key as before, without computing it again)."""
    if REAL_VAULTS:
        yield None
        return
    with (
        templates.fast_key_derivation(),
        templates.installed(templates.VaultTemplates(tmp_path_factory.mktemp("templates"))) as installed,
    ):
        yield installed


@pytest.fixture(scope="session", autouse=True)
def child_bytecode_cache(tmp_path_factory: pytest.TempPathFactory):
    """Python processes the tests start (CLI commands, start probes) compile our modules once per test run, into a
    folder of the run, instead of once per process: with PYTHONDONTWRITEBYTECODE=1 and a checkout without
    __pycache__, every child compiled the whole program again (0.3 s of CPU each). The source tree is not written."""
    base = tmp_path_factory.getbasetemp()
    folder = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "pycache"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PYTHONPYCACHEPREFIX", str(folder))
        patch.delenv("PYTHONDONTWRITEBYTECODE", raising=False)
        yield folder


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep platformdirs (default vault, demo vault, settings) inside a temporary folder."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    for name in ("SSPDESK_VAULT", "SSPDESK_PASSPHRASE", "SSPDESK_NEW_PASSPHRASE", "SSPDESK_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    return home


@pytest.fixture(autouse=True)
def no_accessibility_filter_left_behind():
    """Each test starts without the application-wide accessibility filter that a test's AppController installed
    (the program installs it once, for its whole life; a test must not pass it on to the next one, which would then
    run with a filter it never asked for – and whether a test crashes must not depend on which test ran before)."""
    yield
    accessibility = sys.modules.get("sspdesk.ui.accessibility")
    if accessibility is not None:
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance()
        if app is not None:
            accessibility.uninstall(app)


@pytest.fixture
def vault_path(tmp_path: Path) -> Path:
    return tmp_path / "test.sspvault"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "demo_data(today): the `vault` fixture holds the demo records, as after `fill_demo(vault, today)` (a copy of a "
        "template filled once per test run)",
    )


@pytest.fixture
def vault(vault_path: Path, request: pytest.FixtureRequest):
    """An opened, empty vault in tmp_path (a copy of the template, with its own identity); closed after the test.

    With `@pytest.mark.demo_data(today)` it holds what `fill_demo(vault, today)` adds (tests/support/templates.py)."""
    marker = request.node.get_closest_marker("demo_data")
    filling = templates.demo(*marker.args) if marker is not None else None
    opened = templates.new_vault(vault_path, PASSPHRASE, settings={"user_name": "Test Koordinator"}, filling=filling)
    yield opened
    opened.close()


@pytest.fixture
def pair(tmp_path: Path):
    """Two opened vaults, A and B, of two colleagues (no trust between them yet); closed after the test."""
    a, b = make_vault(tmp_path, "a"), make_vault(tmp_path, "b")
    yield a, b
    a.close()
    b.close()
