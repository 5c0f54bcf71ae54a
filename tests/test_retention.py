"""Retention: a sag's personal data is deleted N years after closing – everywhere in the vault, in the file's pages,
in the backups and on the other laptops – leaving only a deletion record without personal data.

Real SQLCipher vaults in tmp_path, real bundles. The shared helpers (full_sag, marker_rows, dump_text) are in
support/records.py.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from sspdesk.bundles.export import Selection, export_bundle
from sspdesk.bundles.importer import import_bundle
from sspdesk.cases import NewCase, close_case, get_case, list_cases, register_case
from sspdesk.domain.errors import NotFound
from sspdesk.duties import retention
from sspdesk.meetings import add_item, create_meeting, save_item_minutes
from sspdesk.store import audit, backups, records
from sspdesk.store import duties_repo as repo
from sspdesk.store.cases_repo import CaseQuery
from sspdesk.store.vault import Vault
from support import PASSPHRASE
from support.bundles import CONFIRMED, colleague
from support.records import CLOSED, CPR, NAME, dump_text, full_sag, marker_rows
from support.templates import new_vault

TODAY = date(2026, 1, 5)


def decrypted_pages(path: Path, passphrase: str) -> list[bytes]:
    """Every page of a SQLCipher 4 file decrypted with the default settings, free pages and slack included –
    what `SELECT` cannot show. (Test-only: reading the format, not an alternative to SQLCipher.)"""
    data = path.read_bytes()
    key = hashlib.pbkdf2_hmac("sha512", passphrase.encode(), data[:16], 256_000, 32)
    pages = []
    for offset in range(0, len(data), 4096):
        page = data[offset : offset + 4096]
        iv = page[4096 - 80 : 4096 - 64]
        decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
        pages.append(decryptor.update(page[16 if offset == 0 else 0 : 4096 - 80]) + decryptor.finalize())
    assert pages[0][:2] == b"\x10\x00", "page 1 must decrypt to a SQLite header (page size 4096)"
    return pages


@pytest.fixture
def closed_sag(vault: Vault) -> str:
    return full_sag(vault, "ZQXMARKER")


# -- what is due -------------------------------------------------------------------------------------------------


def test_a_sag_is_due_on_the_day_its_five_years_after_closing_run_out(vault: Vault, closed_sag: str) -> None:
    assert retention.due_for_retention(vault, date(2024, 6, 2)) == []
    [due] = retention.due_for_retention(vault, date(2024, 6, 3))
    assert (due.id, due.closed_on, due.due_on, due.years) == (closed_sag, CLOSED, date(2024, 6, 3), 5)


def test_open_sager_and_journals_are_never_due(vault: Vault) -> None:
    full_sag(vault, "ÅBEN", closed_on=None)
    journal = register_case(vault, NewCase(level="I", subject="Uro", registered=date(2015, 1, 5)))
    close_case(vault, journal.id, "Ro igen", today=date(2015, 2, 1))
    assert retention.due_for_retention(vault, TODAY) == []


def test_a_dry_run_changes_nothing_and_says_that_the_old_backups_go_too(vault: Vault, closed_sag: str) -> None:
    before = marker_rows(vault, "ZQXMARKER")
    report = retention.run_retention(vault, TODAY, dry_run=True)
    assert [d.id for d in report.due] == [closed_sag] and report.erased is None
    assert marker_rows(vault, "ZQXMARKER") == before
    text = retention.confirmation_text(report)
    assert "sikkerhedskopi" in text and "ny sikkerhedskopi" in text and "kan ikke fortrydes" in text


# -- what the run deletes ----------------------------------------------------------------------------------------


def test_retention_deletes_the_sag_everywhere_and_keeps_a_deletion_record(vault: Vault, closed_sag: str) -> None:
    number = vault.conn.execute("SELECT number FROM cases WHERE id = ?", (closed_sag,)).fetchone()[0]
    report = retention.run_retention(vault, TODAY)
    assert report.erased is not None and report.erased.case_numbers == [number]
    assert marker_rows(vault, "ZQXMARKER") == []
    for column in ("person_name", "cpr", "birth_date", "subject"):
        assert vault.conn.execute(f"SELECT {column} FROM cases WHERE id = ?", (closed_sag,)).fetchone()[0] == ""
    assert list_cases(vault, CaseQuery()) == [] and list_cases(vault, CaseQuery(text="ZQXMARKER")) == []
    with pytest.raises(NotFound):
        get_case(vault, number)
    [record] = repo.deletion_records(vault.conn)
    assert (record["case_number"], record["reason"], record["closed_on"], record["due_on"]) == (
        number,
        "retention",
        CLOSED.isoformat(),
        "2024-06-03",
    )
    assert record["deleted"]["case_sections"] >= 3 and record["deleted"]["consent_scans"] == 1
    assert record["by_user"] == "Test Koordinator" and record["backups_deleted"] >= 1
    assert NAME not in json.dumps(record) and CPR not in json.dumps(record)
    assert audit.verify(vault.conn).ok
    assert [e.subject_ref for e in audit.entries(vault.conn, action="case.retention")] == [number]


def test_synced_rows_become_tombstones_with_empty_data(vault: Vault, closed_sag: str) -> None:
    retention.run_retention(vault, TODAY)
    conn = vault.conn
    for table in (
        "cases",
        "case_sections",
        "deadlines",
        "minutes",
        "dispositions",
        "consents",
        "consent_scans",
        "information_duty",
        "information_exchanges",
    ):
        rows = conn.execute(f"SELECT deleted FROM {table}").fetchall()
        assert rows and all(deleted == 1 for (deleted,) in rows), table
    section = records.get_row(
        conn, "case_sections", conn.execute("SELECT id FROM case_sections").fetchone()[0], include_deleted=True
    )
    assert section["fields"] == "{}" and section["case_id"] == closed_sag
    assert conn.execute("SELECT count(*) FROM case_search_rows").fetchone()[0] == 0


def test_the_deletion_reaches_a_colleague_whose_vault_had_the_sag(
    vault: Vault, closed_sag: str, tmp_path: Path
) -> None:
    other = new_vault(tmp_path / "b.sspvault", "kode b 'æøå'", settings={"user_name": "Kollega B"})
    try:
        export_bundle(
            vault,
            tmp_path / "1.sspbundle",
            Selection(all_records=True),
            recipients=[other.identity.recipient],
            recipient=colleague(other),
            confirmation=CONFIRMED,
        )
        import_bundle(other, (tmp_path / "1.sspbundle").read_bytes(), trust_new_sender=True)
        assert marker_rows(other, "ZQXMARKER")
        retention.run_retention(vault, TODAY)
        export_bundle(
            vault, tmp_path / "2.sspbundle", Selection(all_records=True), recipients=[other.identity.recipient]
        )
        import_bundle(other, (tmp_path / "2.sspbundle").read_bytes(), allow_large_change=True)
        assert marker_rows(other, "ZQXMARKER") == []
        assert list_cases(other, CaseQuery()) == []
    finally:
        other.close()


def test_no_page_of_the_vault_file_or_its_wal_keeps_the_erased_text(
    vault: Vault, closed_sag: str, vault_path: Path
) -> None:
    marker = b"ZQXMARKER"
    vault.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert any(marker in page for page in decrypted_pages(vault_path, PASSPHRASE))  # the check can see it
    retention.run_retention(vault, TODAY)
    vault.close()
    wal = vault_path.with_name(vault_path.name + "-wal")
    for raw in (vault_path.read_bytes(), wal.read_bytes() if wal.exists() else b""):
        assert marker not in raw and CPR.encode() not in raw
    pages = decrypted_pages(vault_path, PASSPHRASE)
    assert not any(marker in page or marker.lower() in page or CPR.encode() in page for page in pages)
    dump = dump_text(vault_path)
    assert "ZQXMARKER" not in dump and CPR not in dump and NAME not in dump


def test_backups_from_before_the_run_are_deleted_and_a_fresh_one_is_taken(vault: Vault, closed_sag: str) -> None:
    vault.backup("manual")
    old = backups.list_backups(vault.path, vault.backup_folder())
    assert len(old) >= 2 and "ZQXMARKER" in dump_text(old[0])
    report = retention.run_retention(vault, TODAY)
    now = backups.list_backups(vault.path, vault.backup_folder())
    assert now == [report.backup] and not set(old) & set(now)
    assert report.erased.backups_deleted == len(old)
    assert "ZQXMARKER" not in dump_text(report.backup) and CPR not in dump_text(report.backup)


def test_a_vault_file_set_aside_by_a_restore_is_deleted_too(vault: Vault, closed_sag: str) -> None:
    kept = vault.path.with_name(vault.path.name + ".replaced-20190101-120000")
    kept.write_bytes(vault.path.read_bytes())
    retention.run_retention(vault, TODAY)
    assert not kept.exists()


# -- what the run keeps -------------------------------------------------------------------------------------------


def test_a_consent_that_also_covers_a_live_sag_is_kept(vault: Vault, closed_sag: str) -> None:
    live = register_case(
        vault, NewCase(level="II", subject="Ny sag", person_name=NAME, cpr=CPR, registered=date(2025, 3, 1))
    )
    consent_id = vault.conn.execute("SELECT id FROM consents").fetchone()[0]
    ids = json.dumps([closed_sag, live.id])
    with vault.transaction() as conn:
        records.put(conn, "consents", consent_id, {"case_ids": ids}, vault.device_id)
    report = retention.run_retention(vault, TODAY)
    assert report.erased.consent_refs == []
    assert records.get_row(vault.conn, "consents", consent_id)["person_cpr"] == CPR
    assert get_case(vault, live.id).case.person_name == NAME  # the person still has a live sag


def test_the_name_is_cut_out_of_other_minutes_once_no_live_sag_of_theirs_remains(vault: Vault, closed_sag: str) -> None:
    meeting = create_meeting(vault, "Koordinationsmøde", datetime(2019, 3, 1, 9, 0), accept_agenda=False).detail.meeting
    topic = add_item(vault, meeting.id, "topic", title="Uro ved stationen")
    save_item_minutes(vault, topic.id, f"{NAME} og Ida Demosen var med. Mødet gik godt.", "")
    report = retention.run_retention(vault, TODAY)
    assert report.erased.mentions_redacted == 1
    text = vault.conn.execute("SELECT discussion FROM minutes WHERE item_id = ?", (topic.id,)).fetchone()[0]
    assert text == "[slettet] og Ida Demosen var med. Mødet gik godt."


def test_a_sag_closed_recently_is_untouched_by_the_run(vault: Vault, closed_sag: str) -> None:
    recent = full_sag(vault, "NYLIGMARKER", name="Ida Demosen", cpr="0101114321", closed_on=date(2024, 1, 2))
    retention.run_retention(vault, TODAY)
    assert marker_rows(vault, "NYLIGMARKER")
    assert get_case(vault, recent).case.cpr == "0101114321"
