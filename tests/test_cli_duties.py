"""sspdesk-cli access-request | audit verify | audit list | audit retention | retention run | erase | correct."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from sspdesk.cli import COMMAND_MODULES, build_parser, duty_cmds, main
from sspdesk.store.vault import Vault
from support import templates
from support.records import CPR, NAME, full_sag

PASSPHRASE = "hest batteri klokke æøå"


def test_the_duty_commands_are_part_of_the_cli() -> None:
    assert duty_cmds in COMMAND_MODULES


@pytest.fixture
def cli_vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> Path:
    path = tmp_path / "cli.sspvault"
    monkeypatch.setenv("SSPDESK_VAULT", str(path))
    monkeypatch.setenv("SSPDESK_PASSPHRASE", PASSPHRASE)
    # What `init` creates (create_vault's settings), as a copy of this run's template vault: these tests are
    # about the commands below; `init` itself runs in test_cli_vault.py.
    templates.new_vault(
        path, PASSPHRASE, settings={"user_name": "Test Koordinator", "municipality": "", "profile": "albertslund"}
    ).close()
    capsys.readouterr()
    return path


def fill(path: Path, **kw) -> str:
    with Vault.open(path, PASSPHRASE) as vault:
        return full_sag(vault, "CLIMARKER", **kw)


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_duty_commands_are_in_the_parser() -> None:
    parser = build_parser()
    for argv in (
        ["audit", "verify"],
        ["retention", "run", "--dry-run"],
        ["erase", "--cpr", CPR, "--yes"],
        ["access-request", "--cpr", CPR, "--out", "x.pdf"],
    ):
        assert parser.parse_args(argv).func


def test_audit_verify_exits_0_on_an_intact_log(capsys, cli_vault: Path) -> None:
    code, out, _ = run(capsys, "audit", "verify", "--json")
    assert code == 0 and json.loads(out)["ok"] is True


def test_audit_verify_exits_4_naming_the_first_broken_entry(capsys, cli_vault: Path) -> None:
    fill(cli_vault, closed_on=None)
    with Vault.open(cli_vault, PASSPHRASE) as vault:
        vault.conn.execute("UPDATE audit_log SET detail = 'ændret' WHERE seq = 3")
    code, out, err = run(capsys, "--json", "audit", "verify")
    assert code == 4 and "post 3" in err
    data = json.loads(out)
    assert data["anchor"]["state"] == "ok"  # the anchored head is still there: only the chain is broken
    del data["anchor"]
    assert data == {"ok": False, "entries": 2, "first_broken": 3, "reason": "post 3 er ændret eller flyttet"}


def test_audit_list_filters_by_action(capsys, cli_vault: Path) -> None:
    fill(cli_vault, closed_on=None)
    code, out, _ = run(capsys, "audit", "list", "--action", "consent.sign", "--json")
    rows = json.loads(out)
    assert code == 0 and [r["action"] for r in rows] == ["consent.sign"] and rows[0]["id"]
    code, out, _ = run(capsys, "audit", "list", "--action", "consent")
    assert code == 0 and "Samtykke underskrevet" in out


def test_audit_retention_shows_and_sets_the_period(capsys, cli_vault: Path) -> None:
    assert json.loads(run(capsys, "--json", "audit", "retention")[1]) == {"audit_retention_years": 10}
    code, out, _ = run(capsys, "audit", "retention", "--years", "15")
    assert code == 0 and "15 år" in out
    assert run(capsys, "audit", "retention", "--years", "0")[0] == 4


def test_access_request_writes_the_pdf(capsys, cli_vault: Path, tmp_path: Path) -> None:
    fill(cli_vault, closed_on=None)
    out = tmp_path / "aktindsigt.pdf"
    code, printed, _ = run(capsys, "--json", "access-request", "--cpr", "050310-4321", "--out", str(out))
    assert code == 0 and out.read_bytes().startswith(b"%PDF") and len(json.loads(printed)["cases"]) == 1


def test_access_request_with_an_invalid_cpr_exits_4_and_writes_nothing(capsys, cli_vault: Path, tmp_path: Path) -> None:
    out = tmp_path / "aktindsigt.pdf"
    code, _, err = run(capsys, "access-request", "--cpr", "320110-1234", "--out", str(out))
    assert code == 4 and "CPR" in err and not out.exists()
    assert list(tmp_path.glob("aktindsigt*")) == []


def test_retention_dry_run_lists_due_sager_and_changes_nothing(capsys, cli_vault: Path) -> None:
    fill(cli_vault, closed_on=date(2015, 2, 2), registered=date(2014, 1, 10))
    code, out, _ = run(capsys, "--json", "retention", "run", "--dry-run")
    report = json.loads(out)
    assert code == 0 and report["dry_run"] and [d["number"] for d in report["due"]] == ["S-2014-0001"]
    assert report["backups_to_delete"] >= 1
    code, out, _ = run(capsys, "retention", "run", "--dry-run")
    assert "sikkerhedskopi" in out and "S-2014-0001" in out
    with Vault.open(cli_vault, PASSPHRASE) as vault:
        assert vault.conn.execute("SELECT person_name FROM cases").fetchone()[0] == NAME


def test_retention_run_deletes_and_reports(capsys, cli_vault: Path) -> None:
    fill(cli_vault, closed_on=date(2015, 2, 2), registered=date(2014, 1, 10))
    code, out, _ = run(capsys, "retention", "run", "--json")
    report = json.loads(out)
    assert code == 0 and report["deleted"]["cases"] == 1 and report["backups_deleted"] >= 1
    assert Path(report["backup"]).exists()
    assert json.loads(run(capsys, "--json", "retention", "run")[1])["due"] == []


def test_erase_needs_yes_and_a_valid_cpr(capsys, cli_vault: Path) -> None:
    fill(cli_vault, closed_on=None)
    code, _, err = run(capsys, "erase", "--cpr", CPR)
    assert code == 2 and "--yes" in err
    assert run(capsys, "erase", "--cpr", "12", "--yes")[0] == 4
    assert run(capsys, "erase", "--cpr", "0101114321", "--yes")[0] == 1
    code, out, _ = run(capsys, "--json", "erase", "--cpr", CPR, "--yes")
    assert code == 0 and json.loads(out)["cases"] == ["S-2018-0001"]
    with Vault.open(cli_vault, PASSPHRASE) as vault:
        assert vault.conn.execute("SELECT person_name, deleted FROM cases").fetchone() == ("", 1)


def test_correct_saves_a_new_version_with_the_reason(capsys, cli_vault: Path) -> None:
    fill(cli_vault, closed_on=None)
    code, _, _ = run(
        capsys,
        "correct",
        "S-2018-0001",
        "--section",
        "status",
        "--field",
        "familie",
        "--value",
        "Bor hos far",
        "--reason",
        "Oplyst forkert",
    )
    assert code == 0
    assert (
        run(
            capsys,
            "correct",
            "S-2018-0001",
            "--section",
            "status",
            "--field",
            "familie",
            "--value",
            "x",
            "--reason",
            " ",
        )[0]
        == 4
    )
    assert (
        run(
            capsys,
            "correct",
            "S-1999-0001",
            "--section",
            "status",
            "--field",
            "familie",
            "--value",
            "x",
            "--reason",
            "r",
        )[0]
        == 1
    )
