"""Opening in constant time; the full check (every page) in `check`, `backup` and `Vault.full_check`; damage found
after the open is damage – never a wrong passphrase – and nothing is written to a vault whose check failed."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from sspdesk.cli import main
from sspdesk.store import backups
from sspdesk.store.connection import connect
from sspdesk.store.errors import VaultDamaged
from sspdesk.store.vault import Vault
from sspdesk.vaults import check_vault, unlock_vault
from support import PASSPHRASE, templates
from support.damage import flip_page


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts every run of the full check (`backups.integrity_problems`)."""
    calls: list[int] = []
    real = backups.integrity_problems

    def counting(conn):  # type: ignore[no-untyped-def]
        calls.append(1)
        return real(conn)

    monkeypatch.setattr(backups, "integrity_problems", counting)
    return calls


@pytest.fixture
def env_vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "cli.sspvault"
    monkeypatch.setenv("SSPDESK_VAULT", str(path))
    monkeypatch.setenv("SSPDESK_PASSPHRASE", PASSPHRASE)
    return path


def _closed_vault(path: Path) -> Path:
    """What `Vault.create` leaves (the vault and its backup from creation), as a copy of this run's template: these
    tests are about checking and damage, not creation (tests/test_vault.py creates vaults the full way)."""
    templates.new_vault(path, PASSPHRASE, settings={"user_name": "Test Koordinator"}).close()
    return path


def test_opening_and_unlocking_do_not_run_the_full_check(vault_path: Path, checks: list[int]) -> None:
    _closed_vault(vault_path)
    checks.clear()  # creating takes the first backup, which checks
    Vault.open(vault_path, PASSPHRASE).close()
    unlock_vault(vault_path, PASSPHRASE).close()
    assert checks == []


def test_the_check_command_runs_the_full_check_and_exits_0_on_a_healthy_vault(
    capsys, env_vault: Path, checks: list[int]
) -> None:
    _closed_vault(env_vault)
    checks.clear()
    code, out, _ = run(capsys, "check")
    assert code == 0 and "ingen fejl" in out
    assert checks == [1]
    code, out, _ = run(capsys, "--json", "check")
    assert code == 0 and json.loads(out)["healthy"] is True


def test_a_command_other_than_check_and_backup_runs_no_full_check(capsys, env_vault: Path, checks: list[int]) -> None:
    _closed_vault(env_vault)
    checks.clear()
    assert run(capsys, "keys", "show")[0] == 0
    assert run(capsys, "cases", "list")[0] == 0
    assert checks == []
    assert run(capsys, "backup")[0] == 0
    assert checks == [1]


def test_a_clean_check_records_its_time_and_is_due_again_after_a_day(vault: Vault) -> None:
    vault.full_check(now="2026-03-01T08:00:00Z")
    assert vault.last_check() == "2026-03-01T08:00:00Z"
    checked = datetime(2026, 3, 1, 8, tzinfo=UTC)
    assert not vault.check_due(checked + timedelta(hours=23))
    assert vault.check_due(checked + timedelta(hours=24, minutes=1))
    vault.backup("manual")  # a backup checks every page too, and says so
    assert not vault.check_due()


def test_a_flip_in_a_page_opening_does_not_read_is_found_by_the_check_which_offers_backups(vault_path: Path) -> None:
    _closed_vault(vault_path)
    damaged = flip_page(vault_path, PASSPHRASE, "case_events")
    vault = Vault.open(vault_path, PASSPHRASE)  # constant time: the damaged page is not read
    try:
        with pytest.raises(VaultDamaged) as caught:
            check_vault(vault)
        assert "beskadiget" in caught.value.message
        assert caught.value.backups, "the backup from creation opens with the key and is offered"
        assert vault.damage is caught.value
    finally:
        vault.close()
    assert vault_path.read_bytes() == damaged


def test_nothing_is_written_to_a_vault_whose_check_failed(vault_path: Path) -> None:
    _closed_vault(vault_path)
    flip_page(vault_path, PASSPHRASE, "case_events")
    vault = unlock_vault(vault_path, PASSPHRASE)
    entries = vault.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    last_clean = vault.last_check()  # the backup at creation checked
    try:
        with pytest.raises(VaultDamaged):
            vault.full_check()
        with pytest.raises(VaultDamaged, match="intet gemmes"):
            vault.set_setting("user_name", "Ændret")
        with pytest.raises(VaultDamaged, match="intet gemmes"):
            vault.log("case.view")  # not even an audit entry
        with pytest.raises(VaultDamaged):
            vault.backup("manual")
        assert vault.last_check() == last_clean  # the failed check is not recorded as a clean one
    finally:
        vault.close()
    raw = connect(vault_path, PASSPHRASE, read_only=True)
    try:
        assert raw.execute("SELECT count(*) FROM audit_log").fetchone()[0] == entries
        assert "Ændret" not in str(raw.execute("SELECT value FROM settings").fetchall())
    finally:
        raw.close()
    assert len(backups.list_backups(vault_path)) == 1  # only the one from creation: no backup of a damaged file


def test_check_of_a_damaged_vault_exits_1_with_a_danish_line_and_the_backups_that_open(capsys, env_vault: Path) -> None:
    _closed_vault(env_vault)
    flip_page(env_vault, PASSPHRASE, "case_events")
    code, _, err = run(capsys, "check")
    assert code == 1
    assert "beskadiget" in err and "Forkert adgangskode" not in err
    assert ".sspbackup" in err and "restore" in err
    code, out, _ = run(capsys, "--json", "check")
    data = json.loads(out)
    assert code == 1 and data["healthy"] is False and data["backups"]


def test_a_flipped_page_that_cases_list_reads_after_the_open_is_damage_not_a_wrong_passphrase(
    capsys, env_vault: Path
) -> None:
    _closed_vault(env_vault)
    assert run(capsys, "cases", "add", "--level", "I", "--subject", "Uro ved skolen")[0] == 0
    flip_page(env_vault, PASSPHRASE, "cases")
    code, out, err = run(capsys, "cases", "list")
    assert code == 4  # the CLI's code for a damaged vault (invalid or corrupt input, nothing changed)
    assert "beskadiget" in err and "adgangskode" not in err.lower().replace("sikkerhedskopi", "")
    assert out == ""
    assert run(capsys, "cases", "list")[0] == 4  # the damaged page is left as it was


def test_a_flipped_page_that_keys_show_reads_is_damage_with_exit_4(capsys, env_vault: Path) -> None:
    _closed_vault(env_vault)
    damaged = flip_page(env_vault, PASSPHRASE, "device")
    code, _, err = run(capsys, "keys", "show")
    assert code == 4 and "beskadiget" in err and "Forkert" not in err
    assert env_vault.read_bytes() == damaged
