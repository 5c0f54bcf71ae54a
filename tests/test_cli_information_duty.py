"""sspdesk-cli information-duty add | list, the level-III refusal, and pdf parent-letter --to foraeldre|den-unge."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from sspdesk.cases import NewCase, register_case
from sspdesk.cli import main
from sspdesk.store import audit
from sspdesk.store.vault import Vault
from support import templates

PASSPHRASE = "hest batteri klokke æøå"
SEED_LINE = "»Forældre underrettes i alle tilfælde«"


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


def fictional_cpr(age: int) -> str:
    """Born 1 January, `age` years before this year; 7th digit 4 = born 2000–2036."""
    return f"0101{(date.today().year - age) % 100:02d}-4321"


def add_sag(cli_vault: Path, level: str, age: int) -> str:
    with Vault.open(cli_vault, PASSPHRASE) as vault:
        new = NewCase(
            level=level,
            subject="Røveri",
            person_name="Åse Ødegård Opdigtet",
            cpr=fictional_cpr(age),
            coordinator="Kasper Prøvesen",
            registered=date.today() - timedelta(days=2),
        )
        return register_case(vault, new).case.number


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


def test_not_informed_is_refused_on_a_level_three_case_with_exit_4_and_nothing_stored(capsys, cli_vault) -> None:
    number = add_sag(cli_vault, "III", 15)
    code, _, err = run_json(
        capsys, "information-duty", "add", "--case", number, "--not-informed", "--reason", "Vil forhindre formålet"
    )
    assert code == 4 and SEED_LINE in err
    code, data, err = run_json(capsys, "information-duty", "list", "--case", number)
    assert code == 0, err
    assert data["entries"] == [] and data["status"] is None and data["always_inform"] is True
    assert data["deadline"]["label"] == "Forældre skal orienteres"
    with Vault.open(cli_vault, PASSPHRASE) as vault:
        assert not audit.entries(vault.conn, action="information_duty.record")


def test_the_deadline_shows_on_the_case_until_the_parents_are_informed(capsys, cli_vault) -> None:
    number = add_sag(cli_vault, "III", 15)
    _, case, _ = run_json(capsys, "cases", "show", number)
    assert "Forældre skal orienteres" in [d["label"] for d in case["deadlines"]]
    code, entry, err = run_json(
        capsys,
        "information-duty",
        "add",
        "--case",
        number,
        "--informed",
        "--recipients",
        "forældremyndighedsindehaver",
        "--method",
        "brev (Bilag 1 og 2)",
    )
    assert code == 0, err
    assert entry["decision"] == "informed" and entry["entry_date"] == date.today().isoformat()
    _, data, _ = run_json(capsys, "information-duty", "list", "--case", number)
    assert data["deadline"] is None and data["status"]["id"] == entry["id"]
    _, case, _ = run_json(capsys, "cases", "show", number)
    assert "Forældre skal orienteres" not in [d["label"] for d in case["deadlines"]]
    assert main(["information-duty", "list", "--case", number]) == 0
    assert "forældremyndighedsindehaver orienteret" in capsys.readouterr().out


def test_a_level_two_case_records_a_decision_not_to_inform(capsys, cli_vault) -> None:
    number = add_sag(cli_vault, "II", 15)
    code, entry, err = run_json(
        capsys, "information-duty", "add", "--case", number, "--not-informed", "--reason", "Vil forhindre formålet"
    )
    assert code == 0, err
    assert entry["decision"] == "not_informed"
    assert run_json(capsys, "information-duty", "add", "--case", number, "--informed")[0] == 4  # who and how


def test_the_letter_goes_to_the_young_person_on_request_and_from_eighteen(capsys, cli_vault, tmp_path) -> None:
    young, adult = add_sag(cli_vault, "III", 17), add_sag(cli_vault, "III", 19)
    own = tmp_path / "egen.pdf"
    code, _, err = run_json(capsys, "pdf", "parent-letter", young, "--to", "den-unge", "--out", str(own))
    assert code == 0, err
    text = pdf_text(own)
    assert "Kære Åse" in text and "orienteres din forældremyndighedsindehaver også" in text
    parents = tmp_path / "foraeldre.pdf"
    assert run_json(capsys, "pdf", "parent-letter", young, "--out", str(parents))[0] == 0
    assert "Til forældremyndighedsindehaver for Åse Ødegård Opdigtet" in pdf_text(parents)
    person = tmp_path / "voksen.pdf"
    assert run_json(capsys, "pdf", "parent-letter", adult, "--out", str(person))[0] == 0
    text = pdf_text(person)
    assert "Kære Åse" in text and "forældre" not in text.lower()
    refused = tmp_path / "nej.pdf"
    code, _, err = run_json(capsys, "pdf", "parent-letter", adult, "--to", "foraeldre", "--out", str(refused))
    assert code == 4 and "18" in err and not refused.exists()
    with pytest.raises(SystemExit) as usage:
        main(["pdf", "parent-letter", adult, "--to", "mor", "--out", str(refused)])
    assert usage.value.code == 2
