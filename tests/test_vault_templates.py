"""The test vaults copied from a template (tests/support/templates.py) are what `Vault.create` would give: separate
devices with their own keys, backups that belong to them, and files the passphrase opens the standard way."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest

from sspdesk.demo.data import fill_demo
from sspdesk.store import audit, backups
from sspdesk.store.connection import KDF_ITERATIONS, KEY_SIZE, connect, derive_key, file_salt
from sspdesk.store.errors import WrongPassphrase
from sspdesk.store.identity import load_identity
from sspdesk.store.vault import Vault
from sspdesk.vaults import create_vault
from support import PASSPHRASE
from support.bundles import make_vault
from support.templates import created, demo, new_vault


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


@pytest.mark.parametrize(
    "options",
    [{}, {"user_name": "Test Koordinator", "municipality": "Demo Kommune", "profile": "koebenhavn", "user_role": "x"}],
)
def test_a_copy_made_like_create_vault_has_the_settings_and_log_create_vault_gives(tmp_path: Path, options) -> None:
    """`created` stands in for `create_vault` (and so for `sspdesk-cli init`) in fixtures: the same settings, schema
    version and log, only a copy."""

    def contents(vault: Vault) -> tuple[list[tuple[str, str]], int, list[tuple[str, str]]]:
        settings = vault.conn.execute("SELECT key, value FROM settings ORDER BY key").fetchall()
        version = vault.conn.execute("PRAGMA user_version").fetchone()[0]
        log = vault.conn.execute("SELECT user, action FROM audit_log ORDER BY seq").fetchall()
        return [tuple(row) for row in settings], version, [tuple(row) for row in log]

    made = create_vault(tmp_path / "made.sspvault", PASSPHRASE, check_strength=False, **options)
    copied = created(tmp_path / "copy.sspvault", PASSPHRASE, **options)
    try:
        assert contents(copied) == contents(made)
        assert file_salt(copied.path) != file_salt(made.path)  # a copy indeed
        assert [b.name.split("-")[-1] for b in backups.list_backups(copied.path)] == ["create.sspbackup"]
    finally:
        made.close()
        copied.close()


def test_a_copy_of_the_demo_template_holds_what_fill_demo_adds_to_an_empty_vault(vault: Vault, tmp_path: Path) -> None:
    day = date(2026, 3, 2)
    fill_demo(vault, day)
    copy = new_vault(tmp_path / "demo.sspvault", PASSPHRASE, {"user_name": "Test Koordinator"}, demo(day))
    try:
        names = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        tables = [row[0] for row in vault.conn.execute(names)]

        def counts(opened: Vault) -> dict[str, int]:
            return {t: opened.conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}

        assert counts(copy) == counts(vault) and counts(copy)["cases"] > 10
        subjects = "SELECT subject, level, registered FROM cases ORDER BY subject, registered"
        assert copy.conn.execute(subjects).fetchall() == vault.conn.execute(subjects).fetchall()
        assert audit.verify(copy.conn).ok
    finally:
        copy.close()
