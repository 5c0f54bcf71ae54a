"""The vault: SQLCipher file format, passphrases, damage, migrations, instance lock."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest
import sqlcipher3.dbapi2 as sqlcipher

from sspdesk.store import migrations, records
from sspdesk.store.connection import key_literal
from sspdesk.store.errors import (
    NotAVault,
    PassphraseRejected,
    VaultDamaged,
    VaultError,
    VaultExists,
    VaultInUse,
    VaultNotFound,
    WrongPassphrase,
)
from sspdesk.store.vault import Vault
from support import PASSPHRASE

MARKER = "MARKØR-7f3a9c-ikke-i-klartekst"


def _write_marker(vault: Vault) -> None:
    with vault.transaction() as conn:
        records.put(conn, "contacts", records.new_id(), {"name": MARKER}, vault.device_id)


def test_vault_round_trip_keeps_a_record(vault_path: Path) -> None:
    with Vault.create(vault_path, PASSPHRASE) as vault:
        _write_marker(vault)
    with Vault.open(vault_path, PASSPHRASE) as vault:
        names = [row[0] for row in vault.conn.execute("SELECT name FROM contacts")]
    assert names == [MARKER]


def test_vault_file_and_wal_hold_no_plain_text(vault_path: Path) -> None:
    vault = Vault.create(vault_path, PASSPHRASE)
    _write_marker(vault)
    wal = vault_path.with_name(vault_path.name + "-wal")
    # While open, the committed transaction sits in the WAL: it must be encrypted too.
    assert wal.exists() and wal.stat().st_size > 0
    on_disk = [vault_path.read_bytes(), wal.read_bytes()]
    vault.close()
    on_disk.append(vault_path.read_bytes())
    for blob in on_disk:
        assert MARKER.encode("utf-8") not in blob
        assert b"Test Koordinator" not in blob
    for backup in vault_path.parent.glob("backups/*"):
        assert MARKER.encode("utf-8") not in backup.read_bytes()


def test_vault_file_does_not_start_with_the_sqlite_header(vault: Vault) -> None:
    assert vault.path.read_bytes()[:16] != b"SQLite format 3\x00"


def test_plain_sqlcipher_with_pragma_key_opens_the_vault(vault_path: Path) -> None:
    with Vault.create(vault_path, PASSPHRASE) as vault:
        _write_marker(vault)
    conn = sqlcipher.connect(str(vault_path))
    conn.execute(f"PRAGMA key = {key_literal(PASSPHRASE)}")
    assert conn.execute("SELECT name FROM contacts").fetchall() == [(MARKER,)]
    assert conn.execute("PRAGMA cipher_version").fetchone()[0].startswith("4.")
    conn.close()


def test_connection_keeps_temp_files_in_memory(vault: Vault) -> None:
    assert vault.conn.execute("PRAGMA temp_store").fetchone()[0] == 2  # MEMORY
    assert vault.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert vault.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert vault.conn.execute("PRAGMA secure_delete").fetchone()[0] == 1


def test_wrong_passphrase_is_refused_and_the_file_is_unchanged(vault_path: Path) -> None:
    Vault.create(vault_path, PASSPHRASE).close()
    before = vault_path.read_bytes()
    files_before = sorted(p.name for p in vault_path.parent.iterdir())
    with pytest.raises(WrongPassphrase) as caught:
        Vault.open(vault_path, PASSPHRASE + "x")
    assert "Forkert adgangskode" in caught.value.message
    assert vault_path.read_bytes() == before
    assert sorted(p.name for p in vault_path.parent.iterdir()) == files_before


@pytest.mark.parametrize(
    "passphrase",
    [
        "enkelt ' citat",
        'dobbelt " citat',
        "semikolon; DROP TABLE x; --",
        "  mellemrum før og efter  ",
        "æøå ÆØÅ blåbærgrød",
        "'; PRAGMA rekey = 'x'; --",
    ],
)
def test_passphrases_with_quotes_semicolons_spaces_and_danish_letters_work(tmp_path: Path, passphrase: str) -> None:
    path = tmp_path / "p.sspvault"
    with Vault.create(path, passphrase) as vault:
        _write_marker(vault)
    with Vault.open(path, passphrase) as vault:
        assert vault.conn.execute("SELECT count(*) FROM contacts").fetchone()[0] == 1
    with pytest.raises(WrongPassphrase):
        Vault.open(path, passphrase.strip() + "!")


def test_empty_passphrase_is_refused_before_anything_is_written(vault_path: Path) -> None:
    with pytest.raises(PassphraseRejected):
        Vault.create(vault_path, "")
    assert not vault_path.exists()


def test_creating_over_an_existing_file_is_refused(vault_path: Path) -> None:
    vault_path.write_bytes(b"keep me")
    with pytest.raises(VaultExists):
        Vault.create(vault_path, PASSPHRASE)
    assert vault_path.read_bytes() == b"keep me"


def test_missing_file_gives_a_clear_error(vault_path: Path) -> None:
    with pytest.raises(VaultNotFound):
        Vault.open(vault_path, PASSPHRASE)


@pytest.mark.parametrize("content", [b"", b"hello world", b"SQLite format 3\x00" + bytes(5000)])
def test_a_file_that_is_not_a_vault_is_refused_untouched(vault_path: Path, content: bytes) -> None:
    vault_path.write_bytes(content)
    with pytest.raises(NotAVault):
        Vault.open(vault_path, PASSPHRASE)
    assert vault_path.read_bytes() == content


def _damaged(vault_path: Path, mutate) -> bytes:
    with Vault.create(vault_path, PASSPHRASE) as vault:
        _write_marker(vault)
    data = bytearray(vault_path.read_bytes())
    mutate(data)
    vault_path.write_bytes(bytes(data))
    return bytes(data)


@pytest.mark.parametrize(
    "mutate",
    [
        pytest.param(lambda d: d.__setitem__(100, d[100] ^ 0x01), id="bit-flip-page-1"),
        pytest.param(lambda d: d.__delitem__(slice(len(d) - 1000, None)), id="truncated-mid-page"),
        pytest.param(lambda d: d.__delitem__(slice(len(d) - 4096, None)), id="truncated-whole-page"),
    ],
)
def test_damaged_vault_gives_a_clear_error_offers_backups_and_is_untouched(vault_path: Path, mutate) -> None:
    # Damage that opening sees (the key's page, the file's length); a page opening does not read is found by the
    # full check (tests/test_vault_check.py).
    damaged = _damaged(vault_path, mutate)
    with pytest.raises(VaultDamaged) as caught:
        Vault.open(vault_path, PASSPHRASE)
    assert "beskadiget" in caught.value.message or "afkortet" in caught.value.message
    assert caught.value.backups, "the backup from creation opens with the passphrase and is offered"
    assert vault_path.read_bytes() == damaged


def test_migrations_are_idempotent(vault: Vault) -> None:
    latest = migrations.latest_version()
    assert migrations.current_version(vault.conn) == latest
    assert migrations.apply_pending(vault.conn) == []
    path = vault.path
    vault.close()
    with Vault.open(path, PASSPHRASE) as again:
        assert migrations.current_version(again.conn) == latest


def test_opening_an_older_vault_backs_up_then_migrates(vault_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Vault.create(vault_path, PASSPHRASE).close()
    real = migrations.all_migrations()
    extra = migrations.Migration(len(real) + 1, "test_extra.sql", "CREATE TABLE test_extra (x INTEGER);")
    monkeypatch.setattr(migrations, "all_migrations", lambda: [*real, extra])
    with Vault.open(vault_path, PASSPHRASE) as vault:
        assert migrations.current_version(vault.conn) == extra.version
        assert vault.conn.execute("SELECT count(*) FROM test_extra").fetchone()[0] == 0
    assert len(list(vault_path.parent.glob("backups/*-migration.sspbackup"))) == 1


def test_a_failing_migration_leaves_the_vault_as_it_was(vault_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Vault.create(vault_path, PASSPHRASE).close()
    real = migrations.all_migrations()
    broken = migrations.Migration(len(real) + 1, "broken.sql", "CREATE TABLE half (x); SELECT * FROM nowhere;")
    monkeypatch.setattr(migrations, "all_migrations", lambda: [*real, broken])
    with pytest.raises(sqlcipher.OperationalError):
        Vault.open(vault_path, PASSPHRASE)
    monkeypatch.setattr(migrations, "all_migrations", lambda: real)
    with Vault.open(vault_path, PASSPHRASE) as vault:
        assert migrations.current_version(vault.conn) == len(real)
        assert vault.conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'half'").fetchone()[0] == 0


def test_a_vault_from_a_newer_program_is_refused(vault_path: Path) -> None:
    with Vault.create(vault_path, PASSPHRASE) as vault:
        vault.conn.execute(f"PRAGMA user_version = {migrations.latest_version() + 1}")
    with pytest.raises(VaultError, match="nyere version"):
        Vault.open(vault_path, PASSPHRASE)


def _try_open(path: str, passphrase: str, queue) -> None:
    try:
        Vault.open(Path(path), passphrase).close()
        queue.put("opened")
    except VaultInUse:
        queue.put("in use")


def test_a_second_instance_is_refused_in_this_and_in_another_process(vault: Vault) -> None:
    with pytest.raises(VaultInUse):
        Vault.open(vault.path, PASSPHRASE)
    queue = multiprocessing.get_context("spawn").Queue()
    process = multiprocessing.get_context("spawn").Process(target=_try_open, args=(str(vault.path), PASSPHRASE, queue))
    process.start()
    process.join(60)
    assert queue.get(timeout=5) == "in use"


def test_closing_releases_the_instance_lock(vault: Vault) -> None:
    path = vault.path
    vault.close()
    with Vault.open(path, PASSPHRASE) as again:
        assert again.is_open


def test_device_identity_is_created_once_and_kept(vault_path: Path) -> None:
    with Vault.create(vault_path, PASSPHRASE) as vault:
        first = vault.identity
    with Vault.open(vault_path, PASSPHRASE) as vault:
        assert vault.identity == first
    assert first.recipient.startswith("age1")
    assert len(first.signing_public_key) == 32
    assert len(first.fingerprint.split()) == 8


def test_rekey_changes_the_passphrase_for_vault_and_backups(vault: Vault) -> None:
    new = "en helt ny adgangskode 2026"
    vault.rekey(PASSPHRASE, new)
    path = vault.path
    vault.close()
    with pytest.raises(WrongPassphrase):
        Vault.open(path, PASSPHRASE)
    with Vault.open(path, new) as reopened:
        assert reopened.is_open
    for backup in path.parent.glob("backups/*.sspbackup"):
        conn = sqlcipher.connect(str(backup))
        conn.execute(f"PRAGMA key = {key_literal(new)}")
        assert conn.execute("SELECT count(*) FROM device").fetchone()[0] == 1
        conn.close()


def test_rekey_with_the_wrong_old_passphrase_changes_nothing(vault: Vault) -> None:
    with pytest.raises(WrongPassphrase):
        vault.rekey("forkert gammel kode", "en helt ny adgangskode 2026")
    path = vault.path
    vault.close()
    Vault.open(path, PASSPHRASE).close()
