"""Issue 17, items 2–4: what a trusted colleague's laptop may not do through an ordinary, correctly signed bundle.

Every hostile bundle here is built from a real export of A, edited, re-signed with A's own key (a known peer of B)
and encrypted to B – so only the guards of `bundles/guards.py` stand between it and B's vault. Each refusal leaves
B's vault exactly as it was (every synced row, the conflicts, the peers) and takes no backup.
"""

from __future__ import annotations

import copy
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from sspdesk import cases
from sspdesk.bundles import LargeChange, SenderKeyChanged
from sspdesk.bundles.export import Selection
from sspdesk.bundles.guards import (
    DeletionsToConfirm,
    DeviceIdClaimed,
    ForgedCounter,
    SettledRecordChanged,
    consent_change_allowed,
    forged_own_counter,
    only_cut_out,
)
from sspdesk.bundles.importer import describe, import_bundle
from sspdesk.case_events import reopen_case
from sspdesk.cases import close_case, get_case, register_case, save_section
from sspdesk.cli import main
from sspdesk.consents import ConsentContact, ConsentInput, create_consent, get_consent, mark_signed, withdraw_consent
from sspdesk.dispositions import add_disposition, set_disposition_done
from sspdesk.duties import erasure
from sspdesk.meetings import approve_minutes, get_meeting, save_item_minutes, withdraw_approval
from sspdesk.store import backups, records
from sspdesk.store.vault import Vault
from support.bundles import decrypt_for, dump, export_to, journal, make_vault, sag, seal
from support.meetings import make_meeting

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32 + b"sspdesk-guard-test-scan"
PARENT_CPR = "010180-1239"  # fictional


# -- helpers ------------------------------------------------------------------------------------------------


def hostile(a: Vault, b: Vault, out: Path, edit, selection: Selection | None = None) -> bytes:
    """A's real export to B, edited by `edit(container)`, re-signed with A's key and encrypted to B."""
    container = decrypt_for(b, export_to(a, b, out, selection))
    edit(container)
    counts: dict[str, int] = {}
    for record in container["payload"]["records"]:
        counts[record["table"]] = counts.get(record["table"], 0) + 1
    container["manifest"]["counts"] = counts
    return seal(container, a, b.identity.recipient)


def record(container: dict[str, Any], table: str, record_id: str) -> dict[str, Any]:
    return next(r for r in container["payload"]["records"] if (r["table"], r["id"]) == (table, record_id))


def bump(rec: dict[str, Any], device_id: str, by: int = 1) -> None:
    rec["vv"][device_id] = rec["vv"].get(device_id, 0) + by


def backup_count(vault: Vault) -> int:
    return len(backups.list_backups(vault.path, vault.backup_folder()))


def refused_unchanged(b: Vault, data: bytes, error: type[Exception], **options: Any) -> Exception:
    """Import `data` into B: it must raise `error` and leave B exactly as it was, without a backup."""
    before, copies = dump(b), backup_count(b)
    with pytest.raises(error) as refused:
        import_bundle(b, data, **options)
    assert dump(b) == before
    assert backup_count(b) == copies
    return refused.value


def cli(monkeypatch, capsys, vault_path: Path, passphrase: str, *args: str) -> tuple[int, str, str]:
    monkeypatch.setenv("SSPDESK_VAULT", str(vault_path))
    monkeypatch.setenv("SSPDESK_PASSPHRASE", passphrase)
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def shared(pair, tmp_path: Path):
    """A has a journal and a sag (with a status section); B imported them, trusting A."""
    a, b = pair
    j, s = journal(a), sag(a)
    save_section(a, s.id, "status", {"familie": "Bor hos mor", "skole": "7. klasse"})
    import_bundle(b, export_to(a, b, tmp_path / "first.sspbundle"), trust_new_sender=True)
    return a, b, j, s


# -- the pure rules -----------------------------------------------------------------------------------------


def test_a_counter_of_the_receiver_above_what_it_issued_is_a_forgery() -> None:
    assert forged_own_counter({"b": 999, "a": 3}, 2, "b") == 999
    assert forged_own_counter({"b": 2, "a": 3}, 2, "b") is None
    assert forged_own_counter({"a": 3}, 0, "b") is None  # the sender's own counter is its own business


def test_only_text_cut_out_with_the_erasure_mark_counts_as_unchanged() -> None:
    assert erasure.REDACTED == "[slettet]"  # the mark the guard recognises is the erasure's
    assert only_cut_out("Mødt: Oskar Opdigtet og mor", "Mødt: [slettet] og mor")
    assert not only_cut_out("Mødt: Oskar Opdigtet og mor", "Mødt: [slettet] og far")
    assert not only_cut_out("Aftalt", "Ikke aftalt")


def test_a_signed_consent_changes_only_by_withdrawal() -> None:
    old = {"exchange_text": "Skolegang", "withdrawn_on": "", "withdrawal_how": "", "no_scan_reason": "x"}
    assert consent_change_allowed(old, {**old, "withdrawn_on": "2026-04-01", "withdrawal_how": "skriftligt"})
    assert consent_change_allowed(old, {**old, "no_scan_reason": ""})
    assert not consent_change_allowed(old, {**old, "exchange_text": "Alt"})
    withdrawn = {**old, "withdrawn_on": "2026-04-01", "withdrawal_how": "skriftligt"}
    assert not consent_change_allowed(withdrawn, {**withdrawn, "withdrawn_on": ""})  # no un-withdrawing


# -- item 3: counters belong to their device ----------------------------------------------------------------


def test_a_bundle_claiming_the_receivers_own_counter_is_refused_and_the_old_text_stays(
    shared, tmp_path: Path, monkeypatch, capsys
) -> None:
    """Finding: a bundle claiming B's own counter ({B: 999}) is accepted as if B had made the edit; an old text
    rolled back."""
    a, b, _, s = shared
    with b.transaction() as conn:
        records.put(conn, "cases", s.id, {"subject": "Rettet hos B"}, b.device_id)

    def claim_b(container: dict[str, Any]) -> None:
        rec = record(container, "cases", s.id)  # A's old text …
        rec["vv"][b.device_id] = 999  # … dressed up as having seen 999 edits by B

    data = hostile(a, b, tmp_path / "forged.sspbundle", claim_b)
    error = refused_unchanged(b, data, ForgedCounter)
    assert error.table == "cases" and error.record_id == s.id
    assert b.device_id in error.message and "999" in error.message and "afvist" in error.message
    assert get_case(b, s.id).case.subject == "Rettet hos B"
    path, passphrase = b.path, "kode b 'æøå'"
    b.close()
    (tmp_path / "forged.sspbundle").write_bytes(data)
    code, _, err = cli(monkeypatch, capsys, path, passphrase, "import", str(tmp_path / "forged.sspbundle"), "--yes")
    assert code == 4 and "999" in err


def test_the_senders_own_counter_and_a_relayed_third_device_are_accepted(pair, tmp_path: Path) -> None:
    a, b = pair
    c = make_vault(tmp_path, "c")
    try:
        j = journal(c, "Fra C")
        import_bundle(a, export_to(c, a, tmp_path / "c-a.sspbundle"), trust_new_sender=True)
        # A relays C's case to B (B has never heard of C), with A's own edit on top.
        with a.transaction() as conn:
            records.put(conn, "cases", j.id, {"subject": "Fra C, rettet af A"}, a.device_id)
        report = import_bundle(b, export_to(a, b, tmp_path / "a-b.sspbundle"), trust_new_sender=True)
        assert report.added >= 1
        assert get_case(b, j.id).case.subject == "Fra C, rettet af A"
    finally:
        c.close()


# -- item 3: a device id belongs to its key -----------------------------------------------------------------


def _claiming(device_id: str):
    def edit(container: dict[str, Any]) -> None:
        container["manifest"]["sender"]["device_id"] = device_id

    return edit


def test_a_known_key_claiming_the_receivers_own_device_id_is_refused(shared, tmp_path: Path) -> None:
    """Finding: a known key may claim any device id, even the receiver's own."""
    a, b, j, _ = shared
    _edit_subject(a, j.id, "Ny tekst")
    data = hostile(a, b, tmp_path / "own-id.sspbundle", _claiming(b.device_id))
    error = refused_unchanged(b, data, DeviceIdClaimed)
    assert error.exit_code == 4
    assert a.identity.fingerprint in error.message and b.identity.fingerprint in error.message
    assert "din egen enhed" in error.message


def test_a_forged_claim_of_a_colleagues_device_id_is_refused_and_the_colleague_still_gets_through(
    shared, tmp_path: Path
) -> None:
    """Finding: a known key may claim a third colleague's device id – after which that colleague's real bundles
    are refused for good."""
    a, b, j, _ = shared
    c = make_vault(tmp_path, "c")
    try:
        journal(c, "Fra C")
        import_bundle(b, export_to(c, b, tmp_path / "c1.sspbundle"), trust_new_sender=True)  # C's id now bound
        _edit_subject(a, j.id, "A udgiver sig for C")
        data = hostile(a, b, tmp_path / "claim-c.sspbundle", _claiming(c.device_id))
        error = refused_unchanged(b, data, DeviceIdClaimed)
        assert "Kollega a" in error.message and "Kollega c" in error.message
        assert a.identity.fingerprint in error.message and c.identity.fingerprint in error.message
        # Nothing was stored: C's next real bundle is imported as before.
        journal(c, "Endnu en fra C")
        report = import_bundle(b, export_to(c, b, tmp_path / "c2.sspbundle"))
        assert report.added >= 1
        # And A's own bundles still work under A's own id.
        assert import_bundle(b, export_to(a, b, tmp_path / "a2.sspbundle")).updated == 1
    finally:
        c.close()


def test_an_unknown_key_claiming_a_known_device_is_still_a_changed_key(shared, tmp_path: Path) -> None:
    a, b, _, _ = shared
    c = make_vault(tmp_path, "c")
    try:
        journal(c)
        data = export_to(c, b, tmp_path / "c.sspbundle")
        container = decrypt_for(b, data)
        container["manifest"]["sender"]["device_id"] = a.device_id
        refused_unchanged(b, seal(container, c, b.identity.recipient), SenderKeyChanged, trust_new_sender=True)
    finally:
        c.close()


def _edit_subject(vault: Vault, case_id: str, subject: str) -> None:
    with vault.transaction() as conn:
        records.put(conn, "cases", case_id, {"subject": subject}, vault.device_id)


# -- item 2: deletions are visible and confirmed ------------------------------------------------------------


def test_a_bundle_of_tombstones_deletes_no_case_without_yes(pair, tmp_path: Path, monkeypatch, capsys) -> None:
    """Finding: a bundle of 180 tombstones deleted all 34 cases of B with exit 0, without --yes; the report said
    'Opdateret: 180'. The large-change guard counts every record type, so 100 % of the cases stays under 30 %."""
    a, b = pair
    made = [journal(a, f"Emne {n}") for n in range(34)]
    import_bundle(b, export_to(a, b, tmp_path / "all.sspbundle"), trust_new_sender=True)
    with b.transaction() as conn:  # B has much more than cases, so 180 records are far below 30 % of it
        for n in range(600):
            records.put(conn, "contacts", records.new_id(), {"name": f"Kontakt {n}"}, b.device_id)
    deadlines = [d.id for case in made for d in case.deadlines]
    with a.transaction() as conn:
        for case in made:
            records.delete(conn, "cases", case.id, a.device_id)
        for deadline_id in deadlines[: 180 - len(made)]:
            records.delete(conn, "deadlines", deadline_id, a.device_id)
    tombstones = min(180, len(made) + len(deadlines))
    data = export_to(a, b, tmp_path / "wipe.sspbundle")
    error = refused_unchanged(b, data, DeletionsToConfirm)
    assert error.deleted_per_table == {"cases": 34} and len(error.listed) == 34
    assert "34 sager" in error.message and "J-2026-0001" in error.message
    path, passphrase = b.path, "kode b 'æøå'"
    b.close()
    bundle = tmp_path / "wipe.sspbundle"
    code, out, err = cli(monkeypatch, capsys, path, passphrase, "import", str(bundle))
    assert code == 4 and "34 sager" in err and "--yes" in err
    code, out, err = cli(monkeypatch, capsys, path, passphrase, "--json", "import", str(bundle))
    assert code == 4
    with Vault.open(path, passphrase) as again:
        assert len(cases.list_cases(again)) == 34
    code, out, _ = cli(monkeypatch, capsys, path, passphrase, "--json", "import", str(bundle), "--yes")
    assert code == 0
    report = json.loads(out)
    assert report["deleted"] == {"cases": 34, "deadlines": tombstones - 34}
    assert report["updated"] == tombstones
    with Vault.open(path, passphrase) as again:
        assert cases.list_cases(again) == []


def test_the_text_report_names_the_deletions_per_type(shared, tmp_path: Path) -> None:
    a, b, j, _ = shared
    with a.transaction() as conn:
        records.delete(conn, "cases", j.id, a.device_id)
    report = import_bundle(b, export_to(a, b, tmp_path / "del.sspbundle"), allow_large_change=True)
    assert report.deleted == {"cases": 1}
    assert "Heraf slettet: 1 sag" in describe(report)


def test_many_changed_cases_need_confirmation_even_among_many_other_records(pair, tmp_path: Path) -> None:
    a, b = pair
    made = [journal(a, f"Emne {n}") for n in range(12)]
    import_bundle(b, export_to(a, b, tmp_path / "all.sspbundle"), trust_new_sender=True)
    with b.transaction() as conn:
        for n in range(300):
            records.put(conn, "contacts", records.new_id(), {"name": f"Kontakt {n}"}, b.device_id)
    for case in made:
        _edit_subject(a, case.id, f"Nyt emne {case.number}")
    error = refused_unchanged(b, export_to(a, b, tmp_path / "edit.sspbundle"), LargeChange)
    assert "12 af dine 12 sager" in error.message
    assert import_bundle(b, export_to(a, b, tmp_path / "edit.sspbundle"), allow_large_change=True).updated == 12


# -- item 4: settled records stay settled -------------------------------------------------------------------


def test_a_closed_case_cannot_be_reopened_and_edited_through_a_bundle(shared, tmp_path: Path) -> None:
    """Finding: a closed case reopened and edited (through an ordinary signed bundle)."""
    a, b, _, s = shared
    close_case(a, s.id, "Forløbet er afsluttet", "nej", today=date(2026, 4, 1))
    import_bundle(b, export_to(a, b, tmp_path / "closed.sspbundle"))
    assert get_case(b, s.id).case.status == "closed"

    def reopen_and_edit(container: dict[str, Any]) -> None:
        rec = record(container, "cases", s.id)
        rec["data"].update(status="open", closed_on="", subject="Genåbnet i smug")
        bump(rec, a.device_id)

    error = refused_unchanged(b, hostile(a, b, tmp_path / "reopen.sspbundle", reopen_and_edit), SettledRecordChanged)
    assert error.table == "cases" and s.case.number in error.message and "lukket" in error.message

    def new_section(container: dict[str, Any]) -> None:
        section = copy.deepcopy(next(r for r in container["payload"]["records"] if r["table"] == "case_sections"))
        section["id"] = records.new_id()
        section["vv"] = {a.device_id: 1}
        section["data"]["fields"] = json.dumps({"familie": "Skrevet efter lukningen"})
        container["payload"]["records"].append(section)

    error = refused_unchanged(b, hostile(a, b, tmp_path / "section.sspbundle", new_section), SettledRecordChanged)
    assert error.table == "case_sections" and s.case.number in error.message


def test_two_colleagues_who_close_the_same_case_each_on_their_own_still_exchange_and_an_erasure_travels(
    shared, tmp_path: Path
) -> None:
    """Found by tests/test_sync_history_properties.py: A and B closed the same sag without knowing of each other's
    closing, and A then erased a person. B refused every bundle from A (A's closing note "changed" B's closed case),
    so the erasure never reached B. Two closings are a conflict like any other: both closing notes are kept."""
    a, b, _, s = shared
    other = register_case(a, cases.NewCase(level="II", subject="Graffiti", person_name="Ida Demosen", cpr="0101114321"))
    import_bundle(b, export_to(a, b, tmp_path / "other.sspbundle"))
    close_case(a, s.id, "Forløbet er afsluttet hos A", "nej", today=date(2026, 4, 1))
    close_case(b, s.id, "Forløbet er afsluttet hos B", "nej", today=date(2026, 4, 2))
    erasure.erase_person(a, "0101114321", confirm=True)  # another person, on another sag
    report = import_bundle(b, export_to(a, b, tmp_path / "closed-too.sspbundle"), allow_large_change=True)
    assert report.erased_here  # the erasure reached B
    assert b.conn.execute("SELECT count(*) FROM cases WHERE id = ? AND cpr != ''", (other.id,)).fetchone()[0] == 0
    assert b.conn.execute("SELECT count(*) FROM cases WHERE cpr = '0101114321'").fetchone()[0] == 0


def test_a_concurrent_closing_lets_in_only_its_closing_note_not_other_changes_to_the_closed_case(
    shared, tmp_path: Path
) -> None:
    a, b, _, s = shared
    close_case(a, s.id, "Forløbet er afsluttet hos A", "nej", today=date(2026, 4, 1))
    close_case(b, s.id, "Forløbet er afsluttet hos B", "nej", today=date(2026, 4, 2))
    notes = {"Forløbet er afsluttet hos A", "Forløbet er afsluttet hos B"}
    import_bundle(b, export_to(a, b, tmp_path / "closed-too.sspbundle"))
    kept = b.conn.execute(
        "SELECT fields FROM case_sections WHERE case_id = ? AND section = 'closing' AND deleted = 0", (s.id,)
    ).fetchall()
    assert {json.loads(row[0])["lukkenotat"] for row in kept} == notes  # both closings' notes are kept
    assert get_case(b, s.id).case.status == "closed"

    def status_written_after_closing(container: dict[str, Any]) -> None:
        section = copy.deepcopy(next(r for r in container["payload"]["records"] if r["table"] == "case_sections"))
        section["id"] = records.new_id()
        section["vv"] = {a.device_id: 1}
        section["data"]["section"] = "status"
        section["data"]["fields"] = json.dumps({"familie": "Skrevet efter lukningen"})
        container["payload"]["records"].append(section)

    error = refused_unchanged(
        b, hostile(a, b, tmp_path / "section.sspbundle", status_written_after_closing), SettledRecordChanged
    )
    assert error.table == "case_sections"


def test_an_explicit_reopening_travels_and_is_shown_in_the_report(shared, tmp_path: Path) -> None:
    a, b, _, s = shared
    close_case(a, s.id, "Forløbet er afsluttet", "nej", today=date(2026, 4, 1))
    import_bundle(b, export_to(a, b, tmp_path / "closed.sspbundle"))
    reopen_case(a, s.id, "Ny henvendelse fra skolen")
    save_section(a, s.id, "status", {"familie": "Ny henvendelse"})
    report = import_bundle(b, export_to(a, b, tmp_path / "reopened.sspbundle"))
    assert get_case(b, s.id).case.status == "open"
    assert get_case(b, s.id).sections["status"].fields["familie"] == "Ny henvendelse"
    assert any("genåbnet af Kollega a" in line and "Ny henvendelse fra skolen" in line for line in report.events)
    assert "genåbnet" in describe(report)


def test_a_correction_on_request_of_a_closed_case_travels(shared, tmp_path: Path) -> None:
    a, b, _, s = shared
    close_case(a, s.id, "Forløbet er afsluttet", "nej", today=date(2026, 4, 1))
    import_bundle(b, export_to(a, b, tmp_path / "closed.sspbundle"))
    erasure.correct_field(a, s.id, "status", "skole", "8. klasse", "Forkert klassetrin")
    report = import_bundle(b, export_to(a, b, tmp_path / "corrected.sspbundle"))
    assert get_case(b, s.id).sections["status"].fields["skole"] == "8. klasse"
    assert any("rettet" in line for line in report.events)


def _approved_meeting(a: Vault, b: Vault, tmp_path: Path):
    setup = make_meeting(a)
    save_item_minutes(a, setup.topic_item, "Politiet orienterede", "Tages til efterretning")
    add_disposition(a, setup.meeting_id, "Politiet", "Sender statistik", item_id=setup.topic_item)
    approve_minutes(a, setup.meeting_id, now=datetime(2026, 3, 11, 9, 0))
    import_bundle(b, export_to(a, b, tmp_path / "meeting.sspbundle"), trust_new_sender=True)
    assert get_meeting(b, setup.meeting_id).meeting.status == "approved"
    return setup


def test_the_minutes_of_an_approved_meeting_cannot_be_rewritten(pair, tmp_path: Path) -> None:
    """Finding: the minutes of an approved meeting rewritten (through an ordinary signed bundle)."""
    a, b = pair
    _approved_meeting(a, b, tmp_path)

    def rewrite(container: dict[str, Any]) -> None:
        rec = next(r for r in container["payload"]["records"] if r["table"] == "minutes")
        rec["data"]["decision"] = "Politiet fik skylden"
        bump(rec, a.device_id)

    error = refused_unchanged(b, hostile(a, b, tmp_path / "rewrite.sspbundle", rewrite), SettledRecordChanged)
    assert error.table == "minutes" and "godkendt" in error.message and "tillæg" in error.message


def test_an_approved_meeting_cannot_be_unapproved_without_a_withdrawal(pair, tmp_path: Path) -> None:
    """Finding: a meeting un-approved (through an ordinary signed bundle)."""
    a, b = pair
    setup = _approved_meeting(a, b, tmp_path)

    def unapprove(container: dict[str, Any]) -> None:
        rec = record(container, "meetings", setup.meeting_id)
        rec["data"].update(status="open", approved_by="", approved_at="")
        bump(rec, a.device_id)

    error = refused_unchanged(b, hostile(a, b, tmp_path / "unapprove.sspbundle", unapprove), SettledRecordChanged)
    assert error.table == "meetings" and error.record_id == setup.meeting_id


def test_a_withdrawn_approval_travels_with_its_reason_and_unlocks_the_minutes(pair, tmp_path: Path) -> None:
    a, b = pair
    setup = _approved_meeting(a, b, tmp_path)
    withdraw_approval(a, setup.meeting_id, "Beslutningen var skrevet forkert")
    save_item_minutes(a, setup.topic_item, "Politiet orienterede", "Følges op på næste møde")
    report = import_bundle(b, export_to(a, b, tmp_path / "withdrawn.sspbundle"))
    assert get_meeting(b, setup.meeting_id).meeting.status == "open"
    assert any("trukket tilbage" in line and "skrevet forkert" in line for line in report.events)


def _signed_consent(a: Vault, b: Vault, tmp_path: Path):
    s = sag(a, cpr="1003114321")
    on = date(2026, 3, 1)
    consent = create_consent(
        a,
        ConsentInput(
            case_refs=(s.id,),
            consent_date=on,
            giver_name="Mette Ærø Opdigtet",
            giver_cpr=PARENT_CPR,
            giver_role="custody_holder",
            person_name=s.case.person_name,
            person_cpr=s.case.cpr,
            contacts=(ConsentContact("primary", "Kasper Prøvesen", "SSP, Nordskolen (fiktiv)", "40 00 00 02", "ssp"),),
            categories=("familie", "skole"),
            exchange_text="Skolegang og fravær",
        ),
    )
    signed = mark_signed(a, consent.id, True, PNG, signed_on=on, today=on)
    import_bundle(b, export_to(a, b, tmp_path / "consent.sspbundle"), trust_new_sender=True)
    return signed


def test_a_signed_consent_cannot_be_changed_through_a_bundle(pair, tmp_path: Path) -> None:
    a, b = pair
    consent = _signed_consent(a, b, tmp_path)

    def widen(container: dict[str, Any]) -> None:
        rec = record(container, "consents", consent.id)
        rec["data"]["exchange_text"] = "Alle oplysninger om hele familien"
        bump(rec, a.device_id)

    error = refused_unchanged(b, hostile(a, b, tmp_path / "widen.sspbundle", widen), SettledRecordChanged)
    assert consent.reference in error.message and "tilbagekaldelse" in error.message
    assert get_consent(b, consent.id).exchange_text == "Skolegang og fravær"


def test_a_withdrawal_of_a_signed_consent_travels(pair, tmp_path: Path) -> None:
    a, b = pair
    consent = _signed_consent(a, b, tmp_path)
    withdraw_consent(a, consent.id, date(2026, 3, 20), "skriftligt", today=date(2026, 3, 21))
    import_bundle(b, export_to(a, b, tmp_path / "withdrawn.sspbundle"))
    assert get_consent(b, consent.id).withdrawn_on == date(2026, 3, 20)


def test_dispositions_may_still_be_marked_done_after_approval(pair, tmp_path: Path) -> None:
    a, b = pair
    setup = _approved_meeting(a, b, tmp_path)
    disposition = get_meeting(a, setup.meeting_id).dispositions[0]
    set_disposition_done(a, disposition.id, today=date(2026, 3, 20))
    assert import_bundle(b, export_to(a, b, tmp_path / "done.sspbundle")).updated == 1
    assert get_meeting(b, setup.meeting_id).dispositions[0].status == "done"
