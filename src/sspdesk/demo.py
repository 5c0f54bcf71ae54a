"""The demo vault: fictional data so a newcomer sees a filled program. Every name and number here is invented."""

from __future__ import annotations

from pathlib import Path

from sspdesk.contacts import add_contact
from sspdesk.store.vault import Vault
from sspdesk.vaults import create_vault

# Shown in the unlock dialog of the demo vault; the demo holds only invented data.
DEMO_PASSPHRASE = "demo-sspdesk-2026"

DEMO_CONTACTS = (
    ("Birte Demoholm", "Lokalbetjent", "Vestegnens Politi (fiktiv)", "40 00 00 01", "bdh@politi.example"),
    ("Kasper Prøvesen", "SSP-lærer/AKT-lærer", "Nordskolen (fiktiv)", "40 00 00 02", "kp@skole.example"),
    ("Lone Eksempelsen", "Skolesocialrådgiver", "Nordskolen (fiktiv)", "40 00 00 03", "le@skole.example"),
    ("Mads Fiktivsen", "Klubmedarbejder/klubsocialrådgiver", "Klub Syd (fiktiv)", "40 00 00 04", "mf@klub.example"),
    ("Nadia Testrup", "Myndighedsansvarlig sagsbehandler", "Social & Familie (fiktiv)", "40 00 00 05",
     "nt@kommune.example"),
)


def fill_demo(vault: Vault) -> None:
    """Add the fictional demo records to an open vault (later features add their own records here)."""
    for name, role, organisation, phone, email in DEMO_CONTACTS:
        add_contact(vault, name, role, organisation, phone, email)


def create_demo_vault(path: Path, passphrase: str = DEMO_PASSPHRASE) -> Vault:
    vault = create_vault(
        path,
        passphrase,
        user_name="Demo Koordinator",
        user_role="Kriminalpræventiv koordinator",
        municipality="Demo Kommune",
        check_strength=False,
    )
    fill_demo(vault)
    return vault


def ensure_demo_vault(path: Path) -> Path:
    """Create the demo vault if it does not exist yet; return its path."""
    if not path.exists():
        create_demo_vault(path).close()
    return path
