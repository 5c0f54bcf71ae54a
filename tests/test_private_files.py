"""Files with personal data are owner-only whatever the umask; a passphrase that opens only backups is named as such;
a readable --passphrase-file gets a warning; a refused work factor above 2^20; our own passphrase bundles stay
within it."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pyrage
import pytest

from sspdesk.bundles import age_scrypt, crypto
from sspdesk.cli import main
from sspdesk.store import rekey
from sspdesk.store.backups import list_backups
from sspdesk.store.errors import VaultDamaged
from sspdesk.store.vault import Vault
from support import PASSPHRASE, templates

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask():
    old = os.umask(0o000)  # the worst case: every file would be world-writable
    yield
    os.umask(old)


@posix_only
def test_vault_wal_lock_and_backups_are_owner_only_even_with_an_open_umask(tmp_path: Path, open_umask) -> None:
    path = tmp_path / "ny mappe" / "v.sspvault"
    vault = Vault.create(path, PASSPHRASE, settings={"user_name": "Test Koordinator"})
    try:
        with vault.transaction() as conn:  # a write, so the WAL exists
            conn.execute("INSERT INTO meta (key, value) VALUES ('x', 'y')")
        vault.backup("manual")
        files = [path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}.lock"), *list_backups(path)]
        for file in files:
            assert file.exists(), file
            assert _mode(file) == 0o600, (file.name, oct(_mode(file)))
        assert _mode(path.parent) == 0o700
        assert _mode(path.parent / "backups") == 0o700
    finally:
        vault.close()


@posix_only
def test_a_folder_the_user_chose_keeps_its_permissions(tmp_path: Path) -> None:
    chosen = tmp_path / "Dokumenter"
    chosen.mkdir()
    chosen.chmod(0o755)
    Vault.create(chosen / "v.sspvault", PASSPHRASE).close()
    assert _mode(chosen) == 0o755
    assert _mode(chosen / "v.sspvault") == 0o600


@posix_only
def test_an_exported_bundle_and_a_pdf_are_owner_only(tmp_path: Path, open_umask, vault_path, monkeypatch) -> None:
    templates.new_vault(vault_path, PASSPHRASE).close()  # a vault as created (its own modes: the tests above)
    monkeypatch.setenv("SSPDESK_VAULT", str(vault_path))
    monkeypatch.setenv("SSPDESK_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("SSPDESK_BUNDLE_PASSPHRASE", "fælles kode")
    assert main(["export", "--all", "--passphrase", "--out", str(tmp_path / "b.sspbundle")]) == 0
    assert _mode(tmp_path / "b.sspbundle") == 0o600
    assert main(["pdf", "consent", "--blank", "--out", str(tmp_path / "blank.pdf")]) == 0
    assert _mode(tmp_path / "blank.pdf") == 0o600


def _secret(tmp_path: Path, text: str, mode: int = 0o600) -> Path:
    path = tmp_path / f"secret-{abs(hash(text))}.txt"
    path.write_text(text + "\n", encoding="utf-8")
    path.chmod(mode)
    return path


@posix_only
def test_a_passphrase_file_readable_by_others_gets_a_warning(tmp_path: Path, vault_path, monkeypatch, capsys) -> None:
    templates.new_vault(vault_path, PASSPHRASE).close()
    monkeypatch.setenv("SSPDESK_VAULT", str(vault_path))
    monkeypatch.delenv("SSPDESK_PASSPHRASE", raising=False)
    loose = _secret(tmp_path, PASSPHRASE, 0o644)
    assert main(["--passphrase-file", str(loose), "stats"]) == 0
    assert "kan læses af andre" in capsys.readouterr().err
    tight = loose.with_name("tight.txt")
    tight.write_text(PASSPHRASE + "\n", encoding="utf-8")
    tight.chmod(0o600)
    assert main(["--passphrase-file", str(tight), "stats"]) == 0
    assert "kan læses af andre" not in capsys.readouterr().err


def test_a_passphrase_that_opens_only_the_backups_is_reported_as_such(tmp_path: Path) -> None:
    path = tmp_path / "v.sspvault"
    templates.new_vault(path, PASSPHRASE).close()  # the vault and its backup from creation, as Vault.create leaves them
    # As an interrupted change by an older sspdesk left it: the vault on a new passphrase, the backups on the old.
    with Vault.open(path, PASSPHRASE) as vault:
        backups_before = {p: p.read_bytes() for p in list_backups(path)}
        vault.rekey(PASSPHRASE, "en helt ny kode 2026")
    for backup, data in backups_before.items():
        backup.write_bytes(data)
    with pytest.raises(VaultDamaged) as error:
        Vault.open(path, PASSPHRASE)
    assert "åbner ikke datafilen, men den åbner" in error.value.message
    assert "Er adgangskoden skiftet" in error.value.message
    assert error.value.backups


def test_an_interrupted_change_after_its_commit_point_is_finished_on_the_next_open(tmp_path: Path) -> None:
    path = tmp_path / "v.sspvault"
    vault = templates.new_vault(path, PASSPHRASE)  # the vault and its backup from creation, as Vault.create leaves them
    vault.backup("manual")
    # Everything up to the commit, then "killed": the new files and the journal exist, nothing is renamed.
    from sspdesk.store.connection import derive_key

    key = derive_key("ny kode 2026", vault._raw_key().salt)
    vault.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    rekey.export_rekeyed(vault.conn, rekey.new_path(path), key)
    copies = [b for b in list_backups(path) if rekey.rekey_copy(b, vault._raw_key(), PASSPHRASE, key)]
    rekey.commit(path, [path, *copies], [])
    vault.close()
    with pytest.raises(Exception):  # noqa: B017 - the old passphrase no longer opens it
        Vault.open(path, PASSPHRASE)
    with Vault.open(path, "ny kode 2026") as reopened:
        assert reopened.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] > 0
    assert not rekey.journal_path(path).exists()
    assert not list(tmp_path.rglob("*.rekey-new"))


def test_our_own_passphrase_bundles_stay_within_the_accepted_work_factor_and_age_decrypts_them() -> None:
    data = age_scrypt.encrypt(b"x" * 70_000, "fælles kode")
    assert crypto.read_header(data).scrypt_log_n == age_scrypt.WORK_FACTOR_LOG_N <= crypto.MAX_SCRYPT_LOG_N == 20
    assert pyrage.passphrase.decrypt(data, "fælles kode") == b"x" * 70_000
    for size in (0, 1, 65_536, 131_072, 131_073):
        payload = os.urandom(size)
        assert pyrage.passphrase.decrypt(age_scrypt.encrypt(payload, "k", log_n=10), "k") == payload
