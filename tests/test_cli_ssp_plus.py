"""Issue 18, item 5 on the command line and on paper: `cases show` with the over-18 rules, `cases handover-ssp-plus`
(exit 4 before 17½, nothing stored), `pdf concern ID --out FILE` – and the SSP-bekymringsskabelon read back with
pypdf. Real vaults; every name and number is invented."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from sspdesk.cases import NewCase, register_case, save_section
from sspdesk.cli import main
from sspdesk.concern_form import concern_pdf
from sspdesk.domain.errors import Invalid
from sspdesk.preferences import set_profile
from sspdesk.store import audit
from sspdesk.store.vault import Vault
from support import templates

# Born 05.03.2007: 17½ on 05.09.2024, 18 on 05.03.2025 – dates in the past whatever day the suite runs.
CPR_2007 = "050307-4322"


def pdf_text(data: bytes) -> str:
    """The PDF's text with every run of whitespace as one space (labels wrap in their column)."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


def cli_vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys, profile: str) -> Path:
    path = tmp_path / "cli.sspvault"
    monkeypatch.setenv("SSPDESK_VAULT", str(path))
    monkeypatch.setenv("SSPDESK_PASSPHRASE", "hest batteri klokke æøå")
    # What `init` creates (create_vault's settings), as a copy of this run's template vault: these tests are
    # about the commands below; `init` itself runs in test_cli_vault.py.
    templates.new_vault(
        path, "hest batteri klokke æøå", settings={"user_name": "", "municipality": "", "profile": profile}
    ).close()
    capsys.readouterr()
    return path


def run_json(capsys, *args: str):
    code = main(["--json", *args])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip() else None), err


def add_sag(capsys, level: str) -> str:
    code, case, _ = run_json(
        capsys, "cases", "add", "--level", level, "--subject", "Røveri", "--name", "Oskar Opdigtet",
        "--cpr", CPR_2007, "--registered", "2024-03-01",
    )  # fmt: skip
    assert code == 0
    return str(case["number"])


def test_cases_show_lists_the_over_18_rules_of_seed_000(capsys, tmp_path, monkeypatch) -> None:
    """Seed 000 l.382, 415–418: `cases show` (text and --json) says the coordination passes to DKE for an
    activity-ready recipient, offers mentor support with Min plan, and that letters and consent are the person's."""
    cli_vault(tmp_path, monkeypatch, capsys, "albertslund")
    number = add_sag(capsys, "II")
    code, data, _ = run_json(capsys, "cases", "show", number)
    assert code == 0
    over = data["over_18"]
    assert over["letters_to"] == "young_person" and over["consent_by"] == "young_person"
    assert over["coordination_to"] == "DKE" and over["activity_ready"] is None
    assert [rule["source"] for rule in over["rules"]] == ["000 l.415–418", "000 l.382"]
    assert main(["cases", "show", number]) == 0
    text = capsys.readouterr().out
    assert "Over 18 år:" in text and "aktivitetsparat" in text and "Min plan" in text
    assert "Breve sendes til personen selv" in text


def test_handover_ssp_plus_before_17_and_a_half_exits_4_and_stores_nothing(capsys, tmp_path, monkeypatch) -> None:
    """Seed 001 l.222–224: hand-over to SSP+ from 17½. The day before is refused with exit 4 in Danish."""
    cli_vault(tmp_path, monkeypatch, capsys, "koebenhavn")
    number = add_sag(capsys, "3")
    code = main(["cases", "handover-ssp-plus", number, "--what", "skole", "--on", "2024-09-04",
                 "--necessity", "necessary,relevant,least", "--confirm", "not_investigation"])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 4 and "kan først ske, når den unge er fyldt 17½ år (05.09.2024)" in err
    code, data, _ = run_json(capsys, "cases", "show", number)
    assert data["ssp_plus_handover"] is None and "ssp_plus" not in data["sections"]
    code, rows, _ = run_json(capsys, "exchanges", "list", "--case", number)
    assert rows == []


def test_handover_ssp_plus_records_the_handover_and_shows_it(capsys, tmp_path, monkeypatch) -> None:
    """Seed 001 l.220–234: the hand-over is recorded with what, to whom and the basis; `cases show` shows it and the
    exchange list holds the disclosure."""
    cli_vault(tmp_path, monkeypatch, capsys, "koebenhavn")
    number = add_sag(capsys, "3")
    code, data, err = run_json(
        capsys, "cases", "handover-ssp-plus", number, "--what", "skole,strafbare_forhold", "--on", "2024-09-05",
        "--necessity", "necessary,relevant,least,sensitive", "--confirm", "not_investigation",
    )  # fmt: skip
    assert code == 0, err
    handover = data["ssp_plus_handover"]
    assert handover["on"] == "2024-09-05" and handover["to"] == "SSP+-koordinationsgruppe"
    assert handover["categories"] == ["skole", "strafbare_forhold"] and handover["basis"] == "Retsplejelovens § 115"
    code, rows, _ = run_json(capsys, "exchanges", "list", "--case", number)
    assert [(r["recipient"], r["categories"], r["id"]) for r in rows] == [
        ("SSP+-koordinationsgruppe", ["skole", "strafbare_forhold"], handover["exchange_id"])
    ]
    assert main(["cases", "show", number]) == 0
    assert "Overdraget til SSP+-koordinationsgruppe 05.09.2024: skole, strafbare_forhold" in capsys.readouterr().out


def test_pdf_concern_prints_the_template_in_koebenhavn_only(capsys, tmp_path, monkeypatch) -> None:
    """Seed 001 l.500–506: the template printed with the note on access requests; Albertslund has none (exit 4)."""
    cli_vault(tmp_path, monkeypatch, capsys, "koebenhavn")
    number = add_sag(capsys, "2")
    out = tmp_path / "bekymring.pdf"
    code, written, err = run_json(capsys, "pdf", "concern", number, "--out", str(out))
    assert written == {"path": str(out), "bytes": out.stat().st_size}
    assert code == 0, err
    text = pdf_text(out.read_bytes())
    assert "SSP-bekymringsskabelon" in text and "Konkret kriminalitetsbekymring" in text
    assert "aktindsigt" in text and "Oskar Opdigtet" in text


def test_pdf_concern_is_refused_outside_koebenhavn(capsys, tmp_path, monkeypatch) -> None:
    cli_vault(tmp_path, monkeypatch, capsys, "albertslund")
    number = add_sag(capsys, "II")
    out = tmp_path / "bekymring.pdf"
    assert main(["pdf", "concern", number, "--out", str(out)]) == 4
    assert "København" in capsys.readouterr().err and not out.exists()


def test_the_printed_concern_template_holds_the_saved_fields_and_is_logged(vault: Vault) -> None:
    """Seed 001 l.502: the filled-in SSP-bekymringsskabelon, read back from the PDF."""
    set_profile(vault, "koebenhavn")
    new = NewCase(level="2", subject="Røveri", person_name="Oskar Opdigtet", cpr=CPR_2007, area="Nørrebro")
    case = register_case(vault, new, today=date(2024, 3, 1))
    save_section(
        vault,
        case.id,
        "concern",
        {
            "dato": "2024-03-04",
            "modtaget_fra": "SSP-lokaludvalg Nørrebro",
            "bekymring": "Ses med ældre unge ved stationen",
            "aftale": "Klubben kontakter familien",
            "hjemmel": "Retsplejelovens § 115",
        },
    )
    save_section(vault, case.id, "focus", {"fritid_risiko": "Ingen fast fritidsaktivitet"})
    text = pdf_text(concern_pdf(vault, case.id))
    for expected in (
        "04.03.2024",
        "SSP-lokaludvalg Nørrebro",
        "Ses med ældre unge ved stationen",
        "Klubben kontakter familien",
        "Retsplejelovens § 115",
        "Nørrebro",
        "2 – Alvorlig bekymring eller førstegangskriminalitet",
        "FOKUSOMRÅDER",
        "Ingen fast fritidsaktivitet",
    ):
        assert expected in text, expected
    assert [e.action for e in audit.entries(vault.conn, action="pdf.concern")] == ["pdf.concern"]


def test_a_journal_has_no_concern_template(vault: Vault) -> None:
    case = register_case(vault, NewCase(level="I", subject="Gruppe ved stationen"), today=date(2024, 3, 1))
    set_profile(vault, "koebenhavn")
    with pytest.raises(Invalid, match="DKE-Journal"):
        concern_pdf(vault, case.id)
