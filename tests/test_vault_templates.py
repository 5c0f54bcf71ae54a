"""The test vaults copied from a template (tests/support/templates.py) are what `Vault.create` would give: separate
devices with their own keys, backups that belong to them, and files the passphrase opens the standard way."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from sspdesk.store import backups
from sspdesk.store.connection import KDF_ITERATIONS, KEY_SIZE, connect, derive_key, file_salt
from sspdesk.store.errors import WrongPassphrase
from sspdesk.store.identity import load_identity
from sspdesk.store.vault import Vault
from support import PASSPHRASE
from support.bundles import make_vault
from support.templates import new_vault


def test_two_copies_of_one_template_are_two_devices_with_their_own_keys(tmp_path: Path) -> None:
    first, second = make_vault(tmp_path / "1", "a"), make_vault(tmp_path / "2", "a")
    try:
        assert file_salt(first.path) == file_salt(second.path)  # the same template
        one, other = first.identity, second.identity
        assert one.device_id != other.device_id
        assert one.signing_key != other.signing_key
        assert one.age_identity != other.age_identity
    finally:
        first.close()
        second.close()


def test_a_copys_backup_holds_the_copys_identity_and_name(vault: Vault) -> None:
    [backup] = backups.list_backups(vault.path)
    assert backup.name.startswith(vault.path.stem + "-") and backup.name.endswith("-create.sspbackup")
    conn = connect(backup, PASSPHRASE, read_only=True)  # SQLCipher's own key derivation, no cache
    try:
        assert load_identity(conn) == vault.identity
        assert not backups.integrity_problems(conn)
    finally:
        conn.close()


def test_a_copy_is_a_standard_sqlcipher_file_that_only_its_passphrase_opens(tmp_path: Path) -> None:
    path = tmp_path / "v.sspvault"
    new_vault(path, PASSPHRASE, settings={"user_name": "Test Koordinator"}).close()
    assert not Path(str(path) + "-wal").exists() or Path(str(path) + "-wal").stat().st_size == 0
    conn = connect(path, PASSPHRASE, read_only=True)
    try:
        assert conn.execute("SELECT value FROM settings WHERE key = 'user_name'").fetchone() is not None
    finally:
        conn.close()
    with pytest.raises(WrongPassphrase):
        Vault.open(path, PASSPHRASE + " forkert")


def test_the_remembered_key_is_the_key_pbkdf2_derives(vault: Vault) -> None:
    salt = file_salt(vault.path)
    real = hashlib.pbkdf2_hmac("sha512", PASSPHRASE.encode(), salt, KDF_ITERATIONS, KEY_SIZE)
    assert derive_key(PASSPHRASE, salt).key == real
