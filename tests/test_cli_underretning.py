"""sspdesk-cli underretning add | list | confirm | outcome: JSON out, refused input exits 4 with nothing stored."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from sspdesk.cases import NewCase, register_case
from sspdesk.cli import main
from sspdesk.store import audit
from sspdesk.store.vault import Vault
from support import templates

PASSPHRASE = "hest batteri klokke æøå"
YESTERDAY = (date.today() - timedelta(days=1)).isoformat()
TOMORROW = (date.today() + timedelta(days=1)).isoformat()


@pytest.fixture
def cli_vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> Path:
    path = tmp_path / "cli.sspvault"
    monkeypatch.setenv("SSPDESK_VAULT", str(path))
    monkeypatch.setenv("SSPDESK_PASSPHRASE", PASSPHRASE)
    # What `init` creates (create_vault's settings), as a copy of this run's template vault: these tests are
    # about the commands below; `init` itself runs in test_cli_vault.py.
    templates.new_vault(
        path, PASSPHRASE, settings={"user_name": "", "municipality": "Demo Kommune", "profile": "albertslund"}
    ).close()
    capsys.readouterr()
    return path


def run_json(capsys, *args: str):
    code = main(["--json", *args])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip() else None), err


def add_case(cli_vault: Path, level: str = "II") -> str:
    registered = date.today() - timedelta(days=5)
    with Vault.open(cli_vault, PASSPHRASE) as vault:
        person = {"person_name": "Åse Ødegård Opdigtet", "cpr": "100311-4321"} if level != "I" else {}
        new = NewCase(level=level, subject="Butikstyveri", registered=registered, **person)
        return register_case(vault, new).case.number


def stored(cli_vault: Path) -> tuple[int, int]:
    with Vault.open(cli_vault, PASSPHRASE) as vault:
        rows = vault.conn.execute("SELECT count(*) FROM underretninger").fetchone()[0]
        return rows, len(audit.entries(vault.conn, action="underretning.record"))


def test_underretning_add_and_list_as_json(capsys, cli_vault: Path) -> None:
    number = add_case(cli_vault)
    code, added, err = run_json(
        capsys, "underretning", "add", "--case", number, "--to", "Familieafsnittet", "--on", YESTERDAY,
        "--reason", "risiko",
    )  # fmt: skip
    assert code == 0, err
    assert added["case_number"] == number and added["sent_on"] == YESTERDAY and added["confirmed_on"] is None
    assert added["reason_label"] == "Bekymring for ung i risiko for kriminalitet"
    code, listed, err = run_json(capsys, "underretning", "list", "--case", number)
    assert code == 0, err
    assert [u["id"] for u in listed["underretninger"]] == [added["id"]] and listed["missing"] == []
    code, everything, _ = run_json(capsys, "underretning", "list")
    assert [u["authority"] for u in everything] == ["Familieafsnittet"]
    code, confirmed, err = run_json(capsys, "underretning", "confirm", added["id"], "--on", YESTERDAY)
    assert code == 0 and confirmed["confirmed_on"] == YESTERDAY, err


def test_underretning_list_in_text_says_when_the_receipt_is_missing(capsys, cli_vault: Path) -> None:
    number = add_case(cli_vault)
    assert main(["underretning", "add", "--case", number, "--to", "Familieafsnittet", "--on", YESTERDAY]) == 0
    capsys.readouterr()
    assert main(["underretning", "list"]) == 0
    out = capsys.readouterr().out
    assert number in out and "til Familieafsnittet" in out and "afventer kvittering" in out


@pytest.mark.parametrize(
    "extra",
    [
        ("--on", TOMORROW),  # in the future
        ("--on", "9.3.2026"),  # not a date
        ("--on", YESTERDAY, "--reason", "Dårligt vejr"),  # not one of the profile's reasons
        ("--on", YESTERDAY, "--to", "  "),  # no authority
    ],
)
def test_refused_underretning_input_exits_4_and_stores_nothing(capsys, cli_vault: Path, extra: tuple) -> None:
    number = add_case(cli_vault)
    args = ["underretning", "add", "--case", number, "--to", "Familieafsnittet", *extra]
    code, _, err = run_json(capsys, *args)
    assert code == 4 and err.startswith("sspdesk-cli: ")
    assert stored(cli_vault) == (0, 0)


def test_a_journal_underretning_with_a_cpr_number_exits_4(capsys, cli_vault: Path) -> None:
    number = add_case(cli_vault, "I")
    code, _, err = run_json(
        capsys, "underretning", "add", "--case", number, "--to", "Familien til 100311-4321", "--on", YESTERDAY
    )
    assert code == 4 and "CPR" in err
    assert stored(cli_vault) == (0, 0)


def test_an_outcome_with_underretning_shows_as_missing_until_one_is_added(capsys, cli_vault: Path) -> None:
    number = add_case(cli_vault)
    code, outcome, err = run_json(
        capsys, "underretning", "outcome", "--case", number, "--on", YESTERDAY, "--agreement", "--underretning"
    )
    assert code == 0 and outcome["label"] == "Aftale om indsatsforløb og underretning", err
    _, listed, _ = run_json(capsys, "underretning", "list", "--case", number)
    assert [m["due"] for m in listed["missing"]] == [YESTERDAY]
    run_json(capsys, "underretning", "add", "--case", number, "--to", "Familieafsnittet", "--on", YESTERDAY)
    _, listed, _ = run_json(capsys, "underretning", "list", "--case", number)
    assert listed["missing"] == []


def test_an_unknown_case_exits_1(capsys, cli_vault: Path) -> None:
    code, _, err = run_json(capsys, "underretning", "add", "--case", "S-1999-9999", "--to", "X", "--on", YESTERDAY)
    assert code == 1 and "S-1999-9999" in err
