"""sspdesk-cli handleplan show | add-initiative and `pdf handleplan ID --out FILE` (issue 18, item 9)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader

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


def add_case(capsys, level: str) -> str:
    extra = ["--name", "Oskar Opdigtet", "--cpr", "050310-4321"] if level != "I" else []
    code, case, _ = run_json(capsys, "cases", "add", "--level", level, "--subject", "Indbrud i kiosk", *extra)
    assert code == 0
    return case["number"]


def test_an_initiative_added_on_the_command_line_shows_in_the_plan(capsys, cli_vault: Path) -> None:
    number = add_case(capsys, "II")
    code, data, _ = run_json(capsys, "handleplan", "show", number)
    assert code == 0 and data["plan"] is None and data["case_number"] == number
    code, data, _ = run_json(
        capsys,
        "handleplan",
        "add-initiative",
        number,
        "--what",
        "Mentorforløb etableres",
        "--responsible",
        "Social & Familie",
        "--due",
        "2026-03-20",
        "--party",
        "familieafdeling",
    )
    assert code == 0 and data["plan"]["version"] == "midlertidig" and data["versions"] == 1
    initiative = data["plan"]["initiatives"][0]
    assert initiative["what"] == "Mentorforløb etableres" and initiative["due"] == "2026-03-20"
    assert initiative["status"] == "open" and initiative["party_type"] == "familieafdeling"
    code, rows, _ = run_json(capsys, "meetings", "dispositions")
    assert code == 0 and [r["id"] for r in rows] == [initiative["id"]]  # it is a disposition to follow up
    assert main(["handleplan", "show", number]) == 0
    out = capsys.readouterr().out
    assert "Midlertidig kriminalpræventiv handleplan" in out and "Mentorforløb etableres – Social & Familie" in out


def test_pdf_handleplan_writes_the_plan(capsys, cli_vault: Path, tmp_path: Path) -> None:
    number = add_case(capsys, "II")
    run_json(capsys, "handleplan", "add-initiative", number, "--what", "Skoleplan", "--responsible", "Nordskolen")
    out = tmp_path / "handleplan.pdf"
    code, data, _ = run_json(capsys, "pdf", "handleplan", number, "--out", str(out))
    assert code == 0 and data["path"] == str(out)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(out.read_bytes())).pages)
    assert "Kriminalpræventiv handleplan" in text and "Skoleplan" in text and "Oskar Opdigtet" in text


def test_a_journal_and_a_sag_without_a_plan_are_refused_with_exit_4(capsys, cli_vault: Path, tmp_path: Path) -> None:
    journal = add_case(capsys, "I")
    code = main(["handleplan", "add-initiative", journal, "--what", "Samtale", "--responsible", "Skolen"])
    _, err = capsys.readouterr()
    assert code == 4 and "kun til en DKE-Sag" in err
    sag = add_case(capsys, "II")
    out = tmp_path / "none.pdf"
    assert main(["pdf", "handleplan", sag, "--out", str(out)]) == 4
    assert "ingen handleplan" in capsys.readouterr().err and not out.exists()
    unknown_party = ["--what", "Samtale", "--responsible", "Skolen", "--party", "x"]
    assert main(["handleplan", "add-initiative", sag, *unknown_party]) == 4
    assert "ukendt type" in capsys.readouterr().err
