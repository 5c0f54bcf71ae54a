"""sspdesk-cli consents list, consents show, pdf consent, pdf parent-letter."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

import sspdesk.cli as cli
from sspdesk.cases import NewCase, register_case
from sspdesk.cli import consent_cmds, main
from sspdesk.consents import ConsentContact, ConsentInput, create_consent, mark_signed, withdraw_consent
from sspdesk.store.vault import Vault
from support import templates

PASSPHRASE = "hest batteri klokke æøå"


@pytest.fixture
def cli_vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> Path:
    assert consent_cmds in cli.COMMAND_MODULES
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


def add_sag(vault: Vault, cpr: str, name: str, registered: date) -> str:
    return register_case(
        vault,
        NewCase(
            level="II",
            subject="Indbrud",
            person_name=name,
            cpr=cpr,
            coordinator="Kasper Prøvesen",
            registered=registered,
        ),
    ).case.number


def add_consent(vault: Vault, number: str, cpr: str, name: str, on: date) -> str:
    data = ConsentInput(
        case_refs=(number,),
        consent_date=on,
        giver_role="custody_holder",
        giver_name="Mette Opdigtet",
        giver_cpr="010180-1239",
        person_name=name,
        person_cpr=cpr,
        categories=("skole", "sundhed"),
        contacts=(
            ConsentContact("primary", "Kasper Prøvesen", "SSP", "40 00 00 02", "ssp"),
            ConsentContact("secondary", "Birte Demoholm", "Vestegnens Politi", "", "politi"),
        ),
    )
    return create_consent(vault, data).id


def fictional_cpr(age: int) -> str:
    """Born 15 June, `age` years before this year; 7th digit 4 = born 2000–2036."""
    return f"1506{(date.today().year - age) % 100:02d}-4321"


@pytest.fixture
def filled(cli_vault: Path) -> dict[str, str]:
    today = date.today()
    young_cpr, other_cpr = fictional_cpr(16), fictional_cpr(13)
    with Vault.open(cli_vault, PASSPHRASE) as vault:
        young = add_sag(vault, young_cpr, "Åse Ødegård Opdigtet", today - timedelta(days=30))
        other = add_sag(vault, other_cpr, "Ida Demosen", today - timedelta(days=30))
        adult = add_sag(vault, fictional_cpr(22), "Noah Fiktivsen", today - timedelta(days=30))
        valid = add_consent(vault, young, young_cpr, "Åse Ødegård Opdigtet", today - timedelta(days=20))
        mark_signed(vault, valid, True, b"%PDF-1.4 scan")
        withdrawn = add_consent(vault, other, other_cpr, "Ida Demosen", today - timedelta(days=20))
        mark_signed(vault, withdrawn, True, None, "Papir i sagen")
        withdraw_consent(vault, withdrawn, today, "mundtligt")
        unsigned = add_consent(vault, young, young_cpr, "Åse Ødegård Opdigtet", today)
    return {
        "young": young,
        "other": other,
        "adult": adult,
        "valid": valid,
        "withdrawn": withdrawn,
        "unsigned": unsigned,
    }


def test_consents_list_json_has_id_reference_case_and_status(capsys, filled) -> None:
    code, rows, err = run_json(capsys, "consents", "list")
    assert code == 0, err
    by_id = {r["id"]: r for r in rows}
    assert set(by_id) == {filled["valid"], filled["withdrawn"], filled["unsigned"]}
    assert by_id[filled["valid"]]["status"] == "valid" and by_id[filled["valid"]]["case_number"] == filled["young"]
    assert by_id[filled["withdrawn"]]["status"] == "withdrawn"
    assert by_id[filled["unsigned"]]["status"] == "unsigned"
    assert all(r["reference"].startswith("SAM-") for r in rows)
    assert all("cpr" not in key for r in rows for key in r)  # the list carries no personal data
    code, rows, _ = run_json(capsys, "consents", "list", "--case", filled["other"])
    assert [r["id"] for r in rows] == [filled["withdrawn"]]
    code, rows, _ = run_json(capsys, "consents", "list", "--status", "unsigned")
    assert [r["id"] for r in rows] == [filled["unsigned"]]


def test_consents_list_prints_the_parties_and_categories_in_json_and_text(capsys, filled) -> None:
    _, rows, _ = run_json(capsys, "consents", "list", "--case", filled["other"])
    assert rows[0]["parties"] == [
        {
            "role": "primary",
            "role_label": "Primær kontaktperson",
            "name": "Kasper Prøvesen",
            "authority": "SSP",
            "party_type": "ssp",
            "party_label": "SSP-konsulent",
            "contact": "40 00 00 02",
        },
        {
            "role": "secondary",
            "role_label": "Sekundære kontaktpersoner",
            "name": "Birte Demoholm",
            "authority": "Vestegnens Politi",
            "party_type": "politi",
            "party_label": "Politi",
            "contact": "",
        },
    ]
    assert rows[0]["categories"] == [
        {"key": "skole", "label": "Skole/uddannelse/job", "sensitive": False},
        {"key": "sundhed", "label": "Sundhedsoplysninger", "sensitive": True},
    ]
    assert main(["consents", "list", "--case", filled["other"]]) == 0
    out = capsys.readouterr().out
    assert "Primær kontaktperson: Kasper Prøvesen, SSP (SSP-konsulent) · 40 00 00 02" in out
    assert "Sekundære kontaktpersoner: Birte Demoholm, Vestegnens Politi (Politi)" in out
    assert "Områder: Skole/uddannelse/job, Sundhedsoplysninger (følsom)" in out


def test_consents_show_prints_one_consent_with_scope_and_signatures(capsys, filled) -> None:
    code, data, err = run_json(capsys, "consents", "show", filled["valid"])
    assert code == 0, err
    assert data["id"] == filled["valid"] and data["status"] == "valid"
    assert [p["party_label"] for p in data["parties"]] == ["SSP-konsulent", "Politi"]
    assert [c["label"] for c in data["categories"]] == ["Skole/uddannelse/job", "Sundhedsoplysninger"]
    assert data["giver2_name"] == "" and data["giver2_signed"] is False
    assert main(["consents", "show", data["reference"]]) == 0
    out = capsys.readouterr().out
    for expected in (
        data["reference"],
        "Gyldigt samtykke",
        "Samtykkegiver: Mette Opdigtet (forældremyndighedsindehaver), 010180-1239",
        "Primær kontaktperson: Kasper Prøvesen, SSP (SSP-konsulent)",
        "Områder: Skole/uddannelse/job, Sundhedsoplysninger (følsom)",
        "af samtykkegiver, den unge",
    ):
        assert expected in out, expected
    assert main(["consents", "show", "SAM-1999-0001"]) == 1


def test_consents_list_text_and_empty(capsys, cli_vault) -> None:
    assert main(["consents", "list"]) == 0
    assert "Ingen samtykkeerklæringer" in capsys.readouterr().out
    assert main(["consents", "list", "--on", "1-2-2026"]) == 2


def test_pdf_consent_by_reference_case_or_blank(capsys, filled, tmp_path: Path) -> None:
    _, rows, _ = run_json(capsys, "consents", "list")
    reference = next(r["reference"] for r in rows if r["id"] == filled["valid"])
    out = tmp_path / "samtykke.pdf"
    code, _, err = run_json(capsys, "pdf", "consent", reference, "--out", str(out))
    assert code == 0, err
    text = "\n".join(p.extract_text() for p in PdfReader(out).pages)
    assert reference in text and "Åse Ødegård Opdigtet" in text and "Dato\nUnderskrift" in text
    code, _, err = run_json(capsys, "pdf", "consent", filled["young"], "--out", str(out))  # newest of the case
    assert code == 0, err
    blank = tmp_path / "blank.pdf"
    assert run_json(capsys, "pdf", "consent", "--blank", "--out", str(blank))[0] == 0
    assert "Udfyldes i hånden" in PdfReader(blank).pages[0].extract_text()


def test_pdf_consent_errors(capsys, filled, tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    assert run_json(capsys, "pdf", "consent", "SAM-1999-0001", "--out", str(out))[0] == 1
    code, _, err = run_json(capsys, "pdf", "consent", filled["adult"], "--out", str(out))
    assert code == 4 and "ingen samtykkeerklæring" in err
    assert not out.exists()


def test_pdf_parent_letter(capsys, filled, tmp_path: Path) -> None:
    out = tmp_path / "brev.pdf"
    code, _, err = run_json(capsys, "pdf", "parent-letter", filled["young"], "--out", str(out))
    assert code == 0, err
    text = "\n".join(p.extract_text() for p in PdfReader(out).pages)
    assert "Kasper Prøvesen" in text and "Demo Kommune" in text
    adult = out.with_name("a.pdf")
    code, _, err = run_json(capsys, "pdf", "parent-letter", filled["adult"], "--to", "foraeldre", "--out", str(adult))
    assert code == 4 and "18" in err and not adult.exists()
    assert run_json(capsys, "pdf", "parent-letter", "S-1999-0001", "--out", str(out))[0] == 1
