"""Case-system export: an age-encrypted ZIP with the form PDF and a JSON document per case, a journalising note,
a legal basis for a DKE-Sag, and the published JSON Schema."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pyrage
import pytest
from pypdf import PdfReader

from sspdesk import cases, legal_basis
from sspdesk.bundles.format import schema_text
from sspdesk.fagsystem import FagsystemDocument, FagsystemError, fagsystem_export, fagsystem_json_schema
from sspdesk.store import audit, records
from sspdesk.store.vault import Vault
from support.bundles import journal, sag

ALL_TICKS = ("necessary", "relevant", "least", "sensitive")

DOCS = Path(__file__).resolve().parents[1] / "docs"


@pytest.fixture
def case_system(vault: Vault) -> pyrage.x25519.Identity:
    identity = pyrage.x25519.Identity.generate()
    vault.set_setting("fagsystem_recipient", str(identity.to_public()))
    return identity


def _open(path: Path, identity) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(pyrage.decrypt(path.read_bytes(), [identity])))


def test_the_published_schema_is_current() -> None:
    assert (DOCS / "fagsystem.schema.json").read_text(encoding="utf-8") == schema_text(fagsystem_json_schema())


def test_export_of_a_journal_and_a_sag(vault: Vault, case_system, tmp_path: Path) -> None:
    j, s = journal(vault), sag(vault)
    out = tmp_path / "til-fagsystem.zip.age"
    steps = []
    result = fagsystem_export(
        vault,
        [j.case.number, s.id],
        out,
        basis="Retsplejelovens § 115",
        progress=lambda *step: steps.append(step),
        necessity=ALL_TICKS,
        conditions=("not_investigation",),
    )
    assert result.numbers == [j.case.number, s.case.number] and steps
    archive = _open(out, case_system)
    number_j, number_s = j.case.number, s.case.number
    assert set(archive.namelist()) == {
        "index.json",
        f"{number_j}.json",
        f"{number_j}.pdf",
        f"{number_s}.json",
        f"{number_s}.pdf",
    }
    index = json.loads(archive.read("index.json"))
    assert [c["number"] for c in index["cases"]] == [number_j, number_s]
    for number in (number_j, number_s):
        document = FagsystemDocument.model_validate(json.loads(archive.read(f"{number}.json")))
        pdf = archive.read(f"{number}.pdf")
        assert document.pdf.sha256 == hashlib.sha256(pdf).hexdigest() and document.pdf.size == len(pdf)
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
        assert document.case.subject.split()[0] in text
    journal_doc = json.loads(archive.read(f"{number_j}.json"))
    assert "person_name" not in journal_doc["case"] and "cpr" not in journal_doc["case"]
    assert journal_doc["legal_basis"] is None
    sag_doc = json.loads(archive.read(f"{number_s}.json"))
    assert sag_doc["case"]["cpr"] == "050310-4321" and sag_doc["legal_basis"] == "Retsplejelovens § 115"
    # Journalised on both cases, an exchange recorded for the sag, every case logged.
    for case in (j, s):
        note = cases.get_case(vault, case.id).sections["journalising"].fields
        assert set(note) == {"what", "when", "by"} and note["by"] == "Test Koordinator"
    [exchange] = legal_basis.list_exchanges(vault, s.id)
    assert exchange.basis == "Retsplejelovens § 115" and exchange.necessity == ALL_TICKS
    assert exchange.recipient == "Fagsystemet (journalisering)" and exchange.recipient_party == "ssp"
    assert exchange.categories == tuple(c.key for c in legal_basis.info_categories(vault))  # the whole case goes
    assert legal_basis.list_exchanges(vault, j.id) == []
    assert {e.record_id for e in audit.entries(vault.conn, action="case.fagsystem")} == {j.id, s.id}


def test_a_consent_in_force_is_the_basis(vault: Vault, case_system, tmp_path: Path) -> None:
    s = sag(vault)
    today = date.today()
    with vault.transaction() as conn:
        records.put(
            conn,
            "consents",
            records.new_id(),
            {
                "reference": "SAM-2026-0001",
                "case_ids": json.dumps([s.id]),
                "consent_date": today.isoformat(),
                "giver_name": "Mor Opdigtet",
                "giver_cpr": "0101804321",
                "giver_role": "custody_holder",
                "person_name": "Oskar Opdigtet",
                "person_cpr": "0503104321",
                "valid_from": today.isoformat(),
                "valid_until": (today + timedelta(days=300)).isoformat(),
                "signed_on": today.isoformat(),
                # The consent names the SSP (the municipality's own journal) and covers every category.
                "contacts": json.dumps([{"role": "primary", "name": "SSP-konsulenten", "party_type": "ssp"}]),
                "categories": json.dumps([c.key for c in legal_basis.info_categories(vault)]),
                "no_scan_reason": "test",
                "created_at": "2026-01-05T10:00:00Z",
            },
            vault.device_id,
        )
    out = tmp_path / "x.zip.age"
    fagsystem_export(vault, [s.id], out)
    document = json.loads(_open(out, case_system).read(f"{s.case.number}.json"))
    assert document["legal_basis"].startswith("Samtykke SAM-2026-0001")
    [exchange] = legal_basis.list_exchanges(vault, s.id)
    assert exchange.on_consent


def test_a_consent_that_does_not_cover_the_hand_over_is_not_the_basis(vault: Vault, case_system, tmp_path) -> None:
    s = sag(vault)
    today = date.today()
    with vault.transaction() as conn:
        records.put(
            conn,
            "consents",
            records.new_id(),
            {
                "reference": "SAM-2026-0001",
                "case_ids": json.dumps([s.id]),
                "consent_date": today.isoformat(),
                "giver_name": "Mor Opdigtet",
                "giver_cpr": "0101804321",
                "giver_role": "custody_holder",
                "person_name": "Oskar Opdigtet",
                "person_cpr": "0503104321",
                "valid_from": today.isoformat(),
                "valid_until": (today + timedelta(days=300)).isoformat(),
                "signed_on": today.isoformat(),
                "no_scan_reason": "test",
                "contacts": json.dumps([{"role": "primary", "name": "Kasper Prøvesen", "party_type": "skole"}]),
                "categories": json.dumps(["skole"]),
                "created_at": "2026-01-05T10:00:00Z",
            },
            vault.device_id,
        )
    out = tmp_path / "x.zip.age"
    with pytest.raises(FagsystemError, match="intet gyldigt samtykke, der dækker overdragelsen"):
        fagsystem_export(vault, [s.id], out)
    _unchanged(vault, s.id, out)
    with pytest.raises(FagsystemError, match="nødvendighedsvurderingen mangler") as error:
        fagsystem_export(vault, [s.id], out, basis="Retsplejelovens § 115")
    assert "Skærpet vurdering" in error.value.message  # the case's sensitive categories go too
    _unchanged(vault, s.id, out)
    assert legal_basis.list_exchanges(vault, s.id) == []


def _unchanged(vault: Vault, case_id: str, out: Path) -> None:
    assert not out.exists()
    assert "journalising" not in cases.get_case(vault, case_id).sections


def test_a_sag_without_consent_or_basis_is_refused(vault: Vault, case_system, tmp_path: Path) -> None:
    s = sag(vault)
    out = tmp_path / "x.zip.age"
    with pytest.raises(FagsystemError) as error:
        fagsystem_export(vault, [s.id], out)
    assert "hjemmel" in error.value.message and "Retsplejelovens § 115" in error.value.message
    _unchanged(vault, s.id, out)
    with pytest.raises(FagsystemError) as error:
        fagsystem_export(vault, [s.id], out, basis="Fordi jeg siger det")
    assert "Ukendt hjemmel" in error.value.message
    _unchanged(vault, s.id, out)


def test_the_case_system_key_must_be_set_and_valid(vault: Vault, tmp_path: Path) -> None:
    j = journal(vault)
    out = tmp_path / "x.zip.age"
    with pytest.raises(FagsystemError, match="ikke sat"):
        fagsystem_export(vault, [j.id], out)
    vault.set_setting("fagsystem_recipient", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5")
    with pytest.raises(FagsystemError, match="age"):
        fagsystem_export(vault, [j.id], out)
    _unchanged(vault, j.id, out)


def test_an_unknown_case_is_refused(vault: Vault, case_system, tmp_path: Path) -> None:
    with pytest.raises(FagsystemError, match="findes ikke"):
        fagsystem_export(vault, ["S-1999-0001"], tmp_path / "x.zip.age")
