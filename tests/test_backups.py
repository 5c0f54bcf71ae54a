"""Rotating encrypted backups and restore."""

from __future__ import annotations

from pathlib import Path

import pytest

from sspdesk.store import records
from sspdesk.store.backups import list_backups
from sspdesk.store.errors import VaultDamaged
from sspdesk.store.vault import Vault
from sspdesk.vaults import backup_now, restore_from_backup
from support import PASSPHRASE


def _names(vault: Vault) -> list[str]:
    return [r[0] for r in vault.conn.execute("SELECT name FROM contacts WHERE deleted = 0 ORDER BY name")]


def test_backup_then_restore_brings_back_the_backed_up_state(vault: Vault) -> None:
    with vault.transaction() as conn:
        records.put(conn, "contacts", records.new_id(), {"name": "Før kopien"}, vault.device_id)
    backup = backup_now(vault)
    with vault.transaction() as conn:
        records.put(conn, "contacts", records.new_id(), {"name": "Efter kopien"}, vault.device_id)
    path = vault.path
    vault.close()
    kept = restore_from_backup(path, backup, PASSPHRASE)
    assert kept is not None and kept.exists(), "the replaced vault is kept, never deleted"
    with Vault.open(path, PASSPHRASE) as restored:
        assert _names(restored) == ["Før kopien"]


def test_backups_are_encrypted_with_the_same_passphrase(vault: Vault) -> None:
    backup = backup_now(vault)
    assert backup.read_bytes()[:16] != b"SQLite format 3\x00"
    with Vault.open(backup, PASSPHRASE) as opened:
        assert opened.identity == vault.identity


def test_backups_rotate_keeping_the_configured_number(vault: Vault) -> None:
    vault.set_setting("backup_count", 3)
    made = [backup_now(vault) for _ in range(5)]
    kept = list_backups(vault.path)
    assert kept == sorted(made[-3:], reverse=True)


def test_backup_of_a_damaged_vault_is_refused_and_keeps_the_good_backups(vault: Vault) -> None:
    good = list_backups(vault.path)
    with vault.transaction() as conn:
        for i in range(200):
            records.put(conn, "contacts", records.new_id(), {"name": f"Kontakt {i}" * 20}, vault.device_id)
    vault.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    with vault.path.open("r+b") as handle:  # damage a page behind SQLite's back
        handle.seek(4096 * 3 + 500)
        byte = handle.read(1)
        handle.seek(4096 * 3 + 500)
        handle.write(bytes([byte[0] ^ 0xFF]))
    vault.conn.execute("PRAGMA cache_size = 0")  # make sure the page is read from disk again
    vault.conn.execute("PRAGMA cache_size = -2000")
    with pytest.raises(VaultDamaged):
        vault.backup("manual")
    assert list_backups(vault.path) == good


def test_restore_from_a_damaged_backup_is_refused_and_changes_nothing(vault: Vault, tmp_path: Path) -> None:
    backup = backup_now(vault)
    data = bytearray(backup.read_bytes())
    data[4096 + 100] ^= 0x01
    backup.write_bytes(bytes(data))
    path = vault.path
    vault.close()
    before = path.read_bytes()
    with pytest.raises(VaultDamaged):
        restore_from_backup(path, backup, PASSPHRASE)
    assert path.read_bytes() == before


def test_restoring_gives_the_vault_a_new_device_id_but_keeps_its_keys(vault: Vault) -> None:
    # Edit counters go back with a restore; a new device id keeps version vectors from repeating.
    backup = backup_now(vault)
    before = vault.identity
    path = vault.path
    vault.close()
    restore_from_backup(path, backup, PASSPHRASE)
    with Vault.open(path, PASSPHRASE) as restored:
        assert restored.identity.device_id != before.device_id
        assert restored.identity.signing_key == before.signing_key
        assert restored.identity.age_identity == before.age_identity
