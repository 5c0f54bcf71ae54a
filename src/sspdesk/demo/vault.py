"""Where the program meets the demo vault: its passphrase, and making it on first use.

Kept apart from `sspdesk.demo.data` (the fictional data, which loads the whole service layer): `sspdesk --demo` shows
its unlock dialog as quickly as a start on one's own vault; the demo data's code loads only to make the vault.
"""

from __future__ import annotations

from pathlib import Path

DEMO_PASSPHRASE = "demo-sspdesk-2026"


def ensure_demo_vault(path: Path) -> Path:
    """Create the demo vault if it does not exist yet; return its path."""
    if not path.exists():
        from sspdesk.demo.data import create_demo_vault

        create_demo_vault(path, DEMO_PASSPHRASE).close()
    return path
