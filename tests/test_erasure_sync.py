"""Erasure travels and wins (issue 17, item 1): an erasure record goes out in every bundle, an incoming version of
anything erased is dropped and counted as `erased`, and a colleague's laptop that receives the record erases too.

Two real vaults (A and B), real age bundles (tests/support/bundles.py), no mocks.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from sspdesk.bundles import InvalidRecord
from sspdesk.bundles.export import Selection
from sspdesk.bundles.importer import describe, import_bundle
from sspdesk.bundles.merge import Version
from sspdesk.cases import change_level, save_section
from sspdesk.domain.errors import NotFound
from sspdesk.duties import erasure, erasure_records
from sspdesk.duties.access_request import collect
from sspdesk.duties.retention import run_retention
from sspdesk.store import duties_repo, records, sync_repo
from sspdesk.store.vault import Vault
from support.bundles import decrypt_for, dump, export_to, sag, seal
from support.records import full_sag, marker_rows

CPR, NAME = "0503104321", "Oskar Opdigtet"


def _holds_person(vault: Vault) -> list[tuple[str, str]]:
    """Every (table, column) cell of the open vault – conflicts and tombstones included – naming the person."""
    return sorted(set(marker_rows(vault, CPR) + marker_rows(vault, NAME)))


@pytest.fixture
def shared(pair, tmp_path: Path):
    """A registered a sag (with a form section) and sent everything to B; each trusts the other."""
    a, b = pair
    s = sag(a)
    save_section(a, s.case.id, "status", {"familie": "Bor hos mor", "skole": "7. klasse"})
    import_bundle(b, export_to(a, b, tmp_path / "a0.sspbundle"), trust_new_sender=True)
    import_bundle(a, export_to(b, a, tmp_path / "b0.sspbundle"), trust_new_sender=True)
    return a, b, s.case.id


def test_the_findings_scenario_a_colleagues_edit_of_an_erased_sag_is_dropped_and_the_erasure_reaches_them(
    shared, tmp_path: Path
) -> None:
    a, b, case_id = shared
    erasure.erase_person(b, CPR, confirm=True)
    assert _holds_person(b) == []
    # A has not seen the erasure: an ordinary edit of the sag, and a new form section for it.
    change_level(a, case_id, "III")
    save_section(a, case_id, "status", {"familie": "Bor hos far", "skole": "8. klasse"})
    before = dump(b)
    report = import_bundle(b, export_to(a, b, tmp_path / "a1.sspbundle"))
    assert report.erased >= 2 and report.conflicts == 0 and report.added == report.updated == 0
    assert "Kasseret, fordi oplysningerne er slettet" in describe(report)
    assert dump(b) == before  # nothing stored: no row, no conflict copy, no new section
    assert sync_repo.open_conflicts(b.conn) == [] and _holds_person(b) == []
    # Nothing came back, so the access request rightly finds nothing, and there is nothing left to erase.
    assert collect(b, CPR).cases == []
    with pytest.raises(NotFound):
        erasure.erase_person(b, CPR, confirm=True)
    # B's erasure reaches A: A erases its own copy, its edit and its new section too.
    assert _holds_person(a)
    back = import_bundle(a, export_to(b, a, tmp_path / "b1.sspbundle"))
    assert back.erased > 0 and back.conflicts == 0
    assert _holds_person(a) == [] and sync_repo.open_conflicts(a.conn) == []
    assert collect(a, CPR).cases == []
    with pytest.raises(NotFound):
        erasure.erase_person(a, CPR, confirm=True)
    assert back.backup is not None and not marker_rows(a, "Bor hos far")
    [derived] = [r for r in erasure_records.stored(a.conn).values() if r.source_id]
    assert derived.device_id == a.device_id and ("cases", case_id) not in derived.erased  # only what B lacked
    # A's answer to B (its own erasure record among it) stores nothing with personal data on B.
    again = import_bundle(b, export_to(a, b, tmp_path / "a2.sspbundle"))
    assert again.conflicts == 0 and _holds_person(b) == []
    assert set(erasure_records.stored(b.conn)) == set(erasure_records.stored(a.conn))


def test_the_erasure_record_holds_no_personal_data_and_names_its_decision_and_device(shared) -> None:
    _, b, case_id = shared
    erasure.erase_person(b, CPR, confirm=True)
    [row] = sync_repo.all_rows(b.conn, erasure_records.TABLE)
    assert CPR not in json.dumps(row) and NAME not in json.dumps(row)
    [record] = erasure_records.stored(b.conn).values()
    assert (record.reason, record.decided_by, record.device_id) == ("request", b.user, b.device_id)
    assert ("cases", case_id) in record.erased and record.covers_cpr(CPR) and not record.covers_cpr("0101114321")
    sections = {r[0] for r in b.conn.execute("SELECT id FROM case_sections WHERE case_id = ?", (case_id,))}
    assert sections and {("case_sections", i) for i in sections} <= record.erased


def test_a_bundle_of_chosen_cases_carries_the_erasure_records_inside_the_signature(pair, tmp_path: Path) -> None:
    a, b = pair
    gone, kept = sag(a), sag(a, "Graffiti", cpr="0101114321")
    erasure.erase_person(a, CPR, confirm=True)
    data = export_to(a, b, tmp_path / "c.sspbundle", Selection(case_refs=(kept.case.id,)))
    container = decrypt_for(b, data)
    tables = [r["table"] for r in container["payload"]["records"]]
    assert erasure_records.TABLE in tables and container["manifest"]["counts"][erasure_records.TABLE] == 1
    import_bundle(b, data, trust_new_sender=True)
    assert ("cases", gone.case.id) in next(iter(erasure_records.stored(b.conn).values())).erased


def test_a_new_sag_for_the_erased_person_registered_before_the_erasure_is_dropped_by_its_cpr_hash(
    shared, tmp_path: Path
) -> None:
    a, b, _ = shared
    erasure.erase_person(b, CPR, confirm=True)
    second = sag(a, "Butikstyveri")  # A's second sag for the same person, unknown to B's erasure record
    report = import_bundle(b, export_to(a, b, tmp_path / "a1.sspbundle"))
    assert report.erased > 0 and _holds_person(b) == []
    assert records.get_row(b.conn, "cases", second.case.id, include_deleted=True) is None
    import_bundle(a, export_to(b, a, tmp_path / "b1.sspbundle"))
    assert _holds_person(a) == []  # A matched its own sager by the hash and erased both


def test_a_bundle_cannot_take_an_erasure_back(shared, tmp_path: Path) -> None:
    a, b, case_id = shared
    erasure.erase_person(a, CPR, confirm=True)
    import_bundle(b, export_to(a, b, tmp_path / "a1.sspbundle"))
    container = decrypt_for(b, export_to(a, b, tmp_path / "a2.sspbundle"))
    for record in container["payload"]["records"]:
        if record["table"] == erasure_records.TABLE:
            record["deleted"] = True  # "un-erase": a tombstone of the erasure record …
        if record["table"] == "cases" and record["id"] == case_id:
            record["data"].update(person_name=NAME, cpr=CPR)  # … and the data back, with a newer vector
            record["vv"] = {k: v + 5 for k, v in record["vv"].items()}
    report = import_bundle(b, seal(container, a, b.identity.recipient))
    assert report.erased >= 2 and _holds_person(b) == [] and len(erasure_records.stored(b.conn)) == 1


def test_an_erasure_record_that_would_empty_a_meeting_refuses_the_bundle(shared, tmp_path: Path) -> None:
    a, b, _ = shared
    erasure.erase_person(a, CPR, confirm=True)
    container = decrypt_for(b, export_to(a, b, tmp_path / "a1.sspbundle"))
    [record] = [r for r in container["payload"]["records"] if r["table"] == erasure_records.TABLE]
    record["data"]["erased"] = json.dumps([["meetings", records.new_id()]])
    before = dump(b)
    with pytest.raises(InvalidRecord) as refused:
        import_bundle(b, seal(container, a, b.identity.recipient))
    assert refused.value.table == erasure_records.TABLE and "omfatter" in refused.value.message
    assert dump(b) == before


# -- erase and access request keep finding what exists ------------------------------------------------------------


def test_erase_and_access_request_find_data_left_in_a_conflict_copy_under_an_erased_row(vault: Vault) -> None:
    """The state the finding left behind (before the fix): the row emptied, the whole sag kept as a conflict."""
    case_id = sag(vault).case.id
    full = Version.from_row("cases", sync_repo.get_version(vault.conn, "cases", case_id))
    with vault.transaction() as conn:
        duties_repo.erase_record(conn, "cases", case_id, vault.device_id)
        sync_repo.insert_conflict(conn, "cases", case_id, json.dumps(full.wire()), json.dumps(full.vv))
    assert marker_rows(vault, CPR) == [("conflicts", "incoming")]
    assert [c.case.person_name for c in collect(vault, CPR).cases] == [NAME]  # the access request shows it
    report = erasure.erase_person(vault, CPR, confirm=True)
    assert report.deleted.get("cases") == 1 and marker_rows(vault, CPR) == [] and marker_rows(vault, NAME) == []
    assert sync_repo.open_conflicts(vault.conn) == [] and collect(vault, CPR).cases == []


def test_erase_by_cpr_finds_a_deleted_sag_whose_tombstone_kept_its_data(vault: Vault) -> None:
    case_id = sag(vault).case.id
    with vault.transaction() as conn:
        records.delete(conn, "cases", case_id, vault.device_id)  # an ordinary deletion keeps the columns
    assert marker_rows(vault, CPR)
    report = erasure.erase_person(vault, CPR, confirm=True)
    assert report.case_numbers and marker_rows(vault, CPR) == [] and marker_rows(vault, NAME) == []


def test_a_second_erasure_of_the_same_records_writes_nothing(shared) -> None:
    _, b, case_id = shared
    erasure.erase_person(b, CPR, confirm=True)
    seq = sync_repo.change_seq(b.conn)
    with b.transaction() as conn:
        assert duties_repo.erase_record(conn, "cases", case_id, b.device_id) is False
    assert sync_repo.change_seq(b.conn) == seq


def test_a_retention_erasure_travels_without_a_cpr_hash_and_wins_over_a_late_correction(pair, tmp_path: Path) -> None:
    a, b = pair
    case_id = full_sag(a, "GAMMEL")  # closed in 2019: due for retention
    import_bundle(b, export_to(a, b, tmp_path / "a0.sspbundle"), trust_new_sender=True)
    import_bundle(a, export_to(b, a, tmp_path / "b0.sspbundle"), trust_new_sender=True)
    run_retention(b, today=date(2026, 1, 5))
    [record] = erasure_records.stored(b.conn).values()
    assert record.reason == "retention" and not record.cpr_hashes and ("cases", case_id) in record.erased
    erasure.correct_field(a, case_id, "closing", "lukkenotat", "GAMMEL rettet", "Rettelse")  # A has not seen it
    report = import_bundle(b, export_to(a, b, tmp_path / "a1.sspbundle"))
    assert report.erased > 0 and report.conflicts == 0 and marker_rows(b, "GAMMEL") == []
    import_bundle(a, export_to(b, a, tmp_path / "b1.sspbundle"))
    assert marker_rows(a, "GAMMEL") == [] and _holds_person(a) == []


def test_two_colleagues_who_erased_the_same_person_exchange_without_a_second_erasure(shared, tmp_path: Path) -> None:
    a, b, _ = shared
    erasure.erase_person(a, CPR, confirm=True)
    erasure.erase_person(b, CPR, confirm=True)
    notes = len(duties_repo.deletion_records(b.conn))
    report = import_bundle(b, export_to(a, b, tmp_path / "a1.sspbundle"))
    assert report.conflicts == 0 and _holds_person(b) == [] and sync_repo.open_conflicts(b.conn) == []
    assert len(duties_repo.deletion_records(b.conn)) == notes  # nothing was left to erase: no second note
    assert len(erasure_records.stored(b.conn)) == 2  # A's record is kept and passed on, no record of B's own
