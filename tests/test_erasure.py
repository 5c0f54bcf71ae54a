"""Correction (with a reason) and erasure of a person's data on request, across the vault and its backups."""

from __future__ import annotations

from datetime import date

import pytest

from sspdesk.cases import NewCase, get_case, register_case, section_history
from sspdesk.domain.errors import Invalid, NotFound
from sspdesk.duties import erasure
from sspdesk.store import audit, backups
from sspdesk.store import duties_repo as repo
from sspdesk.store.vault import Vault
from support.records import CPR, NAME, PARENT_CPR, PARENT_NAME, dump_text, full_sag, marker_rows

# -- correction ------------------------------------------------------------------------------------------------


def test_a_correction_needs_a_reason(vault: Vault) -> None:
    sag = full_sag(vault, "RET", closed_on=None)
    with pytest.raises(Invalid) as refused:
        erasure.correct_field(vault, sag, "status", "familie", "Bor hos far", "  ")
    assert refused.value.field == "reason"


def test_a_correction_is_a_new_section_version_and_the_reason_is_logged_without_the_cpr(vault: Vault) -> None:
    sag = full_sag(vault, "RET", closed_on=None)
    erasure.correct_field(vault, sag, "status", "familie", "Bor hos far", f"Forælder ({CPR}) bad om rettelse")
    history = section_history(vault, sag, "status")
    assert history[0].fields["familie"] == "Bor hos far" and history[0].fields["skole"] == "7. klasse"
    assert history[1].fields["familie"] == "RET bor hos far"  # the old version stays as history
    [entry] = audit.entries(vault.conn, action="case.correct")
    assert entry.detail.startswith("status.familie; begrundelse: Forælder ([CPR-nr.]) bad om rettelse")
    assert CPR not in entry.detail and audit.verify(vault.conn).ok


def test_a_closed_sag_can_be_corrected_on_request(vault: Vault) -> None:
    sag = full_sag(vault, "LUKKET")
    erasure.correct_field(vault, sag, "closing", "lukkenotat", "Indsatsen er afsluttet.", "Forkert lukkenotat")
    assert get_case(vault, sag).sections["closing"].fields["lukkenotat"] == "Indsatsen er afsluttet."


def test_a_wrong_cpr_number_is_corrected_with_the_birth_date(vault: Vault) -> None:
    sag = full_sag(vault, "CPR", closed_on=None)
    erasure.correct_field(vault, sag, "header", "cpr", "060310-4321", "Tastefejl i CPR-nr.")
    case = get_case(vault, sag).case
    assert (case.cpr, case.birth_date) == ("0603104321", "2010-03-06")
    with pytest.raises(Invalid):
        erasure.correct_field(vault, sag, "header", "cpr", "123", "Tastefejl")


def test_a_journal_correction_may_not_bring_in_a_name(vault: Vault) -> None:
    full_sag(vault, "NAVN", closed_on=None)
    journal = register_case(vault, NewCase(level="I", subject="Uro ved stationen"))
    with pytest.raises(Invalid):
        erasure.correct_field(vault, journal.id, "status", "adfaerd", f"{NAME} kaster sten", "Mere præcis")
    with pytest.raises(Invalid):
        erasure.correct_field(vault, journal.id, "header", "person_name", NAME, "En journal har intet navn")


def test_an_unknown_case_or_field_is_refused(vault: Vault) -> None:
    sag = full_sag(vault, "X", closed_on=None)
    with pytest.raises(NotFound):
        erasure.correct_field(vault, "S-1999-0001", "status", "familie", "x", "grund")
    with pytest.raises(Invalid):
        erasure.correct_field(vault, sag, "status", "ukendt", "x", "grund")


# -- erasure on request ---------------------------------------------------------------------------------------------


def test_erasing_a_person_removes_open_and_closed_sager_consents_and_backups(vault: Vault) -> None:
    full_sag(vault, "FØRSTE", closed_on=date(2024, 1, 2))
    full_sag(vault, "ANDEN", closed_on=None, registered=date(2024, 5, 1))
    other = full_sag(vault, "ANDENPERSON", name="Ida Demosen", cpr="0101114321", closed_on=None)
    old = backups.list_backups(vault.path, vault.backup_folder())
    report = erasure.erase_person(vault, "050310-4321", confirm=True)
    assert len(report.case_numbers) == 2 and len(report.consent_refs) == 2
    assert marker_rows(vault, "FØRSTE") == [] and marker_rows(vault, "ANDEN ") == []
    assert marker_rows(vault, "ANDENPERSON")  # another person's sag is untouched
    assert get_case(vault, other).case.person_name == "Ida Demosen"
    assert backups.list_backups(vault.path, vault.backup_folder()) == [report.backup]
    assert report.backups_deleted == len(old) and not any(p.exists() for p in old)
    for text in (dump_text(vault.path), dump_text(report.backup)):
        assert CPR not in text and NAME not in text and PARENT_CPR not in text and PARENT_NAME not in text
    records = repo.deletion_records(vault.conn)
    assert {r["reason"] for r in records} == {"request"} and len(records) == 2
    assert {e.action for e in audit.entries(vault.conn)} >= {"case.erase", "consent.erase", "backup.purge"}
    assert audit.verify(vault.conn).ok


def test_erasing_a_parent_removes_the_consents_they_gave(vault: Vault) -> None:
    full_sag(vault, "FORÆLDER", closed_on=None)
    report = erasure.erase_person(vault, PARENT_CPR, confirm=True)
    assert report.case_numbers == [] and len(report.consent_refs) == 1
    assert PARENT_NAME not in dump_text(vault.path)
    assert get_case(vault, vault.conn.execute("SELECT id FROM cases").fetchone()[0]).case.cpr == CPR


def test_erasure_must_be_confirmed_and_needs_a_valid_cpr_number(vault: Vault) -> None:
    full_sag(vault, "BEKRÆFT", closed_on=None)
    with pytest.raises(Invalid) as unconfirmed:
        erasure.erase_person(vault, CPR)
    assert unconfirmed.value.field == "confirm" and marker_rows(vault, "BEKRÆFT")
    with pytest.raises(Invalid) as invalid:
        erasure.erase_person(vault, "3213", confirm=True)
    assert invalid.value.field == "cpr"
    with pytest.raises(NotFound):
        erasure.erase_person(vault, "0101114321", confirm=True)


def test_erasing_a_person_also_empties_their_concern_group_membership(vault: Vault) -> None:
    from sspdesk.groups import NewGroup, add_member, create_group, get_group

    sag_id = full_sag(vault, "GRUPPE", closed_on=None)
    group = create_group(vault, NewGroup(name="Gruppe ved stationen"))
    add_member(vault, group.id, sag_id, "toneangivende")
    erasure.erase_person(vault, "050310-4321", confirm=True)
    rows = vault.conn.execute("SELECT role, deleted FROM group_members WHERE case_id = ?", (sag_id,)).fetchall()
    assert rows == [("", 1)]
    assert "toneangivende" not in str(get_group(vault, group.id).__dict__)
