"""sspdesk-cli for the vault: init, demo, keys show, backup, restore, passwd, and the exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sspdesk.cli import main
from support import templates

GOOD = "hest batteri klokke æøå"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _as_init_leaves_it(path: Path) -> None:
    """The vault `init` creates (create_vault's settings), as a copy of this run's template vault, for the tests of
    the other commands; `init` itself runs in the first test and as a process in the last."""
    templates.new_vault(path, GOOD, settings={"user_name": "", "municipality": "", "profile": "albertslund"}).close()


@pytest.fixture
def env_vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "cli.sspvault"
    monkeypatch.setenv("SSPDESK_VAULT", str(path))
    monkeypatch.setenv("SSPDESK_PASSPHRASE", GOOD)
    return path


def test_init_creates_a_vault_and_keys_show_prints_json(capsys, env_vault: Path) -> None:
    assert run(capsys, "init")[0] == 0
    code, out, _ = run(capsys, "--json", "keys", "show")
    data = json.loads(out)
    assert code == 0 and env_vault.exists()
    assert data["recipient"].startswith("age1") and len(data["device_id"]) == 36 and data["fingerprint"]


def test_wrong_passphrase_exits_3_and_changes_nothing(capsys, env_vault: Path, monkeypatch) -> None:
    _as_init_leaves_it(env_vault)
    before = env_vault.read_bytes()
    monkeypatch.setenv("SSPDESK_PASSPHRASE", "forkert")
    code, _, err = run(capsys, "keys", "show")
    assert code == 3 and "Forkert adgangskode" in err
    assert env_vault.read_bytes() == before


def test_weak_passphrase_on_init_exits_4_and_writes_nothing(capsys, env_vault: Path, monkeypatch) -> None:
    monkeypatch.setenv("SSPDESK_PASSPHRASE", "kort")
    code, _, err = run(capsys, "init")
    assert code == 4 and "for svag" in err
    assert not env_vault.exists()


def test_usage_errors_exit_2(capsys) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["findes-ikke"])
    assert caught.value.code == 2


def test_missing_passphrase_without_a_terminal_exits_2(capsys, env_vault: Path, monkeypatch) -> None:
    _as_init_leaves_it(env_vault)
    monkeypatch.delenv("SSPDESK_PASSPHRASE")
    monkeypatch.setattr(sys, "stdin", open(os.devnull))  # noqa: SIM115 - closed by pytest's teardown
    code, _, err = run(capsys, "keys", "show")
    assert code == 2 and "SSPDESK_PASSPHRASE" in err


def test_passphrase_file_is_read(capsys, env_vault: Path, monkeypatch, tmp_path: Path) -> None:
    _as_init_leaves_it(env_vault)
    monkeypatch.delenv("SSPDESK_PASSPHRASE")
    secret = tmp_path / "pw.txt"
    secret.write_text(GOOD + "\n", encoding="utf-8")
    assert run(capsys, "--passphrase-file", str(secret), "keys", "show")[0] == 0


def test_damaged_vault_exits_4_and_stays_untouched(capsys, env_vault: Path) -> None:
    _as_init_leaves_it(env_vault)
    data = bytearray(env_vault.read_bytes())
    data[200] ^= 0x04
    env_vault.write_bytes(bytes(data))
    code, _, err = run(capsys, "keys", "show")
    assert code == 4 and "beskadiget" in err
    assert env_vault.read_bytes() == bytes(data)


def test_backup_list_and_restore(capsys, env_vault: Path) -> None:
    _as_init_leaves_it(env_vault)
    code, out, _ = run(capsys, "--json", "backup")
    backup = Path(json.loads(out)["path"])
    assert code == 0 and backup.exists()
    code, out, _ = run(capsys, "--json", "backup", "--list")
    assert code == 0 and backup.name in [row["id"] for row in json.loads(out)]
    code, out, _ = run(capsys, "restore", str(backup))
    assert code == 0 and "gendannet" in out


def test_passwd_changes_the_passphrase(capsys, env_vault: Path, monkeypatch) -> None:
    _as_init_leaves_it(env_vault)
    new = "ny og længere adgangskode 42"
    monkeypatch.setenv("SSPDESK_NEW_PASSPHRASE", new)
    assert run(capsys, "passwd")[0] == 0
    assert run(capsys, "keys", "show")[0] == 3
    monkeypatch.setenv("SSPDESK_PASSPHRASE", new)
    assert run(capsys, "keys", "show")[0] == 0


def test_demo_creates_a_vault_with_the_demo_passphrase(capsys, tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "demo.sspvault"
    code, out, _ = run(capsys, "--vault", str(path), "demo")
    assert code == 0 and "demo-sspdesk-2026" in out
    monkeypatch.setenv("SSPDESK_PASSPHRASE", "demo-sspdesk-2026")
    assert run(capsys, "--vault", str(path), "keys", "show")[0] == 0


def test_the_installed_command_runs_as_a_process(tmp_path: Path) -> None:
    env = {**os.environ, "SSPDESK_VAULT": str(tmp_path / "p.sspvault"), "SSPDESK_PASSPHRASE": GOOD}
    cli = Path(sys.executable).with_name("sspdesk-cli")
    done = subprocess.run([str(cli), "init"], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    env["SSPDESK_PASSPHRASE"] = "forkert"
    done = subprocess.run([str(cli), "keys", "show"], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 3 and "Traceback" not in done.stderr
