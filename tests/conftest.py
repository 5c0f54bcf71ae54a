"""Shared fixtures: Qt offscreen, an isolated user data folder, and an opened temporary vault."""

from __future__ import annotations

import os

# Before anything imports Qt: tests never need a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import pytest

from sspdesk.store.vault import Vault
from support import PASSPHRASE
from support.bundles import make_vault


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


@pytest.fixture
def vault_path(tmp_path: Path) -> Path:
    return tmp_path / "test.sspvault"


@pytest.fixture
def vault(vault_path: Path):
    """An opened, empty vault in tmp_path; closed after the test."""
    opened = Vault.create(vault_path, PASSPHRASE, settings={"user_name": "Test Koordinator"})
    yield opened
    opened.close()


@pytest.fixture
def pair(tmp_path: Path):
    """Two opened vaults, A and B, of two colleagues (no trust between them yet); closed after the test."""
    a, b = make_vault(tmp_path, "a"), make_vault(tmp_path, "b")
    yield a, b
    a.close()
    b.close()
