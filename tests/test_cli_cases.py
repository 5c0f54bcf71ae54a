"""sspdesk-cli cases list | show | add."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sspdesk.cli import main
from support import templates


@pytest.fixture
def cli_vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> Path:
    path = tmp_path / "cli.sspvault"
    monkeypatch.setenv("SSPDESK_VAULT", str(path))
    monkeypatch.setenv("SSPDESK_PASSPHRASE", "hest batteri klokke æøå")
    # What `init` creates (create_vault's settings), as a copy of this run's template vault: these tests are
    # about the commands below; `init` itself runs in test_cli_vault.py.
    templates.new_vault(
        path, "hest batteri klokke æøå", settings={"user_name": "", "municipality": "", "profile": "albertslund"}
    ).close()
    capsys.readouterr()
    return path


def run_json(capsys, *args: str):
    code = main(["--json", *args])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip() else None), err


def test_cases_add_prints_the_case_with_its_deadlines(capsys, cli_vault: Path) -> None:
    code, case, _ = run_json(
        capsys,
        "cases",
        "add",
        "--level",
        "II",
        "--subject",
        "Indbrud",
        "--name",
        "Oskar Opdigtet",
        "--cpr",
        "050310-4321",
        "--registered",
        "2026-12-21",
    )
    assert code == 0
    assert case["kind"] == "sag" and case["level"] == "II" and case["status"] == "open"
    due = {d["kind"]: d["due"] for d in case["deadlines"]}
    # 7 arbejdsdage from Monday 21 Dec 2026: 22, 23, (24 closed, 25-26 holidays, 27 Sunday), 28, 29, 30,
    # (31 closed, 1 Jan holiday), 4, 5 January 2027.
    assert due["contact"] == "2027-01-05"
    assert due["case_meeting"] == "2027-01-05"
    assert due["action_plan_temporary"] is None  # it waits for the Sagsmøde or the home visit (issue 18)


def test_cases_list_and_show_by_number(capsys, cli_vault: Path) -> None:
    run_json(capsys, "cases", "add", "--level", "I", "--subject", "Uro i frikvarteret")
    code, rows, _ = run_json(capsys, "cases", "list")
    assert code == 0 and [r["subject"] for r in rows] == ["Uro i frikvarteret"]
    assert {"id", "kind", "level", "subject", "status"} <= rows[0].keys()
    code, case, _ = run_json(capsys, "cases", "show", rows[0]["number"])
    assert code == 0 and case["id"] == rows[0]["id"] and case["deadlines"]


def test_journal_with_a_cpr_number_exits_4_and_writes_nothing(capsys, cli_vault: Path) -> None:
    code, _, err = run_json(capsys, "cases", "add", "--level", "I", "--subject", "Uro ved 050310-4321")
    assert code == 4 and "CPR-nummer" in err
    code, _, err = run_json(capsys, "cases", "add", "--level", "I", "--subject", "Uro", "--name", "Oskar Opdigtet")
    assert code == 4
    assert run_json(capsys, "cases", "list")[1] == []


def test_invalid_cpr_exits_4(capsys, cli_vault: Path) -> None:
    code, _, err = run_json(
        capsys, "cases", "add", "--level", "II", "--subject", "x", "--name", "Oskar Opdigtet", "--cpr", "123"
    )
    assert code == 4 and "CPR" in err


def test_unknown_case_exits_1(capsys, cli_vault: Path) -> None:
    assert run_json(capsys, "cases", "show", "S-1999-0001")[0] == 1


def test_bad_date_is_a_usage_error(capsys, cli_vault: Path) -> None:
    assert run_json(capsys, "cases", "add", "--level", "I", "--subject", "x", "--registered", "23-11-2026")[0] == 2


def test_pdf_of_a_sag_reads_back_with_the_form_labels_and_the_data(capsys, cli_vault: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader

    _, case, _ = run_json(
        capsys,
        "cases",
        "add",
        "--level",
        "II",
        "--subject",
        "Indbrud i kiosk",
        "--name",
        "Åse Ødegård Opdigtet",
        "--cpr",
        "050310-4321",
    )
    out = tmp_path / "sag.pdf"
    code, _, err = run_json(capsys, "pdf", "sag", case["number"], "--out", str(out))
    assert code == 0, err
    content = "\n".join(page.extract_text() for page in PdfReader(out).pages)
    for label in (
        "DKE-Sag",
        "Mødeforum",
        "CPR-nr",
        "Sagens genstand",
        "STATUS",
        "INDSATSFORLØB",
        "OPFØLGNING",
        "EVT. 2. OPFØLGNING",
        "Skole/uddannelse/job",
        "Fritid/klub",
        "Beslutning",
    ):
        assert label in content
    assert "Åse Ødegård Opdigtet" in content and "050310-4321" in content and "Side 1 af" in content


def test_pdf_of_the_wrong_kind_exits_4_and_writes_no_file(capsys, cli_vault: Path, tmp_path: Path) -> None:
    _, case, _ = run_json(capsys, "cases", "add", "--level", "I", "--subject", "Uro i frikvarteret")
    out = tmp_path / "x.pdf"
    assert run_json(capsys, "pdf", "sag", case["number"], "--out", str(out))[0] == 4
    assert not out.exists()
    assert run_json(capsys, "pdf", "journal", case["number"], "--out", str(out))[0] == 0


def test_cases_list_json_keeps_its_keys_and_says_null_when_no_dated_deadline_is_open(capsys, cli_vault: Path) -> None:
    from datetime import date

    from sspdesk.cases import close_case
    from sspdesk.store.vault import Vault

    run_json(capsys, "cases", "add", "--level", "I", "--subject", "Uro", "--registered", "2026-03-30")
    _, rows, _ = run_json(capsys, "cases", "list")
    assert list(rows[0]) == [
        "id",
        "number",
        "kind",
        "level",
        "subject",
        "status",
        "forum",
        "area",
        "coordinator",
        "registered",
        "next_due",
    ]
    _, shown, _ = run_json(capsys, "cases", "show", rows[0]["number"])
    assert rows[0]["next_due"] == min(d["due"] for d in shown["deadlines"] if d["due"])
    with Vault.open(cli_vault, "hest batteri klokke æøå") as vault:
        close_case(vault, rows[0]["id"], "Bekymringen er afklaret.", today=date(2026, 4, 1))
    _, rows, _ = run_json(capsys, "cases", "list")
    assert rows[0]["status"] == "closed" and rows[0]["next_due"] is None
