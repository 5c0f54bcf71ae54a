"""Service functions for the vault as a whole, shared by the GUI and the CLI."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sspdesk.passphrase import check_new_passphrase
from sspdesk.store import audit_anchor, backups, sync_repo
from sspdesk.store.errors import VaultDamaged
from sspdesk.store.identity import new_device_id
from sspdesk.store.vault import Vault


@dataclass(frozen=True)
class KeyInfo:
    device_id: str
    recipient: str  # age1…
    fingerprint: str


def create_vault(
    path: Path,
    passphrase: str,
    *,
    repeated: str | None = None,
    user_name: str = "",
    user_role: str = "",
    municipality: str = "",
    profile: str = "albertslund",
    check_strength: bool = True,
) -> Vault:
    """Create a vault after checking the passphrase rules (the demo vault skips the strength rule)."""
    if check_strength:
        check_new_passphrase(passphrase, repeated)
    settings = {"user_name": user_name, "municipality": municipality, "profile": profile}
    if user_role:
        settings["user_role"] = user_role
    return Vault.create(path, passphrase, settings=settings)


def unlock_vault(path: Path, passphrase: str) -> Vault:
    """Open the vault (constant time: no full check, see `check_vault`) and log the unlock."""
    vault = Vault.open(path, passphrase)
    try:
        with vault.transaction():
            vault.log("vault.unlock")
    except VaultDamaged as exc:  # a page the audit entry needs failed its check: offer the backups, as open does
        exc.backups = exc.backups or vault.good_backups()
        vault.close()
        raise
    except BaseException:
        vault.close()
        raise
    return vault


@dataclass(frozen=True)
class CheckResult:
    checked_at: str  # UTC time of this (clean) check


def check_vault(vault: Vault) -> CheckResult:
    """The full check of every page (seconds on a large vault): raises VaultDamaged – listing the backups that
    open – and marks the vault so that nothing more is written to it; healthy, the time is recorded."""
    vault.full_check()
    return CheckResult(vault.last_check())


def change_passphrase(vault: Vault, old: str, new: str, repeated: str | None = None) -> None:
    check_new_passphrase(new, repeated)
    vault.rekey(old, new)


def backup_now(vault: Vault) -> Path:
    path = vault.backup("manual")
    with vault.transaction():
        vault.log("vault.backup", detail=path.name)
    return path


def list_vault_backups(vault_path: Path, folder: Path | None = None) -> list[Path]:
    return backups.list_backups(vault_path, folder)


def restore_from_backup(vault_path: Path, backup: Path, passphrase: str) -> Path | None:
    """Replace a (damaged) vault by a backup; the replaced file is kept. The vault must be closed.

    The backup's audit-log anchor comes along; a backup without one (from before anchors) gets a new anchor from
    its verified chain – the user chose to go back to it, and the restore is logged."""
    kept = backups.restore(backup, vault_path, passphrase)
    with Vault.open(vault_path, passphrase) as vault:
        with vault.transaction() as conn:
            new_device_id(conn)
            vault.log("vault.restore", detail=backup.name)
        if not audit_anchor.anchor_path(vault_path).exists():
            audit_anchor.renew(vault.conn, vault.identity, vault_path)
    return kept


def key_info(vault: Vault) -> KeyInfo:
    identity = vault.identity
    return KeyInfo(identity.device_id, identity.recipient, identity.fingerprint)


def data_version(vault: Vault) -> int:
    """A number that grows with every change of a synced record (here or by an import): a view built at one
    version still shows the data while the version is the same."""
    return sync_repo.change_seq(vault.conn)
