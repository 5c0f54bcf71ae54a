"""Where vaults live: `--vault PATH`, else `SSPDESK_VAULT`, else the per-user data folder (platformdirs)."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "sspdesk"
VAULT_SUFFIX = ".sspvault"


def data_dir() -> Path:
    import platformdirs  # only when no vault path was given: keeps it off the start-up path

    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def default_vault_path() -> Path:
    return data_dir() / f"sspdesk{VAULT_SUFFIX}"


def demo_vault_path() -> Path:
    return data_dir() / "demo" / f"demo{VAULT_SUFFIX}"


def resolve_vault_path(given: str | os.PathLike[str] | None = None) -> Path:
    if given:
        return Path(given).expanduser()
    env = os.environ.get("SSPDESK_VAULT")
    if env:
        return Path(env).expanduser()
    return default_vault_path()


def config_dir() -> Path:
    """The per-user, per-machine settings folder (window size and place; nothing personal)."""
    import platformdirs

    return platformdirs.user_config_path(APP_NAME, appauthor=False)
