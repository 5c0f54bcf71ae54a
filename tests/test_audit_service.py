"""The audit log as users see it: search criteria without personal data, filters, and its own retention with a
checkpoint that keeps the chain verifiable."""

from __future__ import annotations

from datetime import date

import pytest

from sspdesk.cases import get_case
from sspdesk.domain.errors import Invalid
from sspdesk.duties import audit_service
from sspdesk.duties.audit_service import AuditFilter
from sspdesk.store import audit
from sspdesk.store.vault import Vault
from support.records import CPR, NAME, full_sag


def log_at(vault: Vault, monkeypatch: pytest.MonkeyPatch, at: str, action: str, n: int = 1, **fields: str) -> None:
    """Append entries as if written at `at` (the audit module's clock is set; the chain is computed as usual)."""
    monkeypatch.setattr(audit, "utc_now", lambda: at)
    with vault.transaction():
        for _ in range(n):
            vault.log(action, **fields)
    monkeypatch.undo()


# -- search criteria -----------------------------------------------------------------------------------------------


def test_a_criterion_without_personal_data_is_logged_as_typed(vault: Vault) -> None:
    full_sag(vault, "X", closed_on=None)
    audit_service.log_search(vault, "  indbrud   kiosk ", 3)
    [entry] = audit.entries(vault.conn, action="case.search")
    assert entry.detail == 'søgning: "indbrud kiosk" (3 fundet)'


def test_a_cpr_number_or_a_registered_name_in_a_criterion_is_redacted(vault: Vault) -> None:
    full_sag(vault, "X", closed_on=None)
    assert audit_service.search_criterion(vault, "050310-4321") == '"[CPR-nr.]"'
    assert audit_service.search_criterion(vault, f"{NAME} indbrud") == '"[navn] indbrud"'
    assert audit_service.search_criterion(vault, "oskar") == '"[navn]"'  # part of a registered name
    audit_service.log_search(vault, f"{CPR} Opdigtet")
    detail = audit.entries(vault.conn, action="case.search")[0].detail
    assert CPR not in detail and "Opdigtet" not in detail


def test_an_empty_search_is_not_logged(vault: Vault) -> None:
    audit_service.log_search(vault, "   ")
    assert audit.entries(vault.conn, action="case.search") == []


# -- the log view's filters ----------------------------------------------------------------------------------------


def test_entries_can_be_filtered_by_action_group_record_and_text(vault: Vault) -> None:
    case_id = full_sag(vault, "X", closed_on=None)
    number = get_case(vault, case_id).case.number
    views = audit_service.list_entries(vault, AuditFilter(action="case.view"))
    assert [e.record_id for e in views] == [case_id]
    group = {e.action for e in audit_service.list_entries(vault, AuditFilter(action="case"))}
    assert group >= {"case.create", "case.edit", "case.view"} and all(a.startswith("case.") for a in group)
    by_record = audit_service.list_entries(vault, AuditFilter(record=number))
    assert by_record and all(e.subject_ref == number or e.record_id == number for e in by_record)
    assert [e.action for e in audit_service.list_entries(vault, AuditFilter(text="Retsplejelovens"))] == [
        "exchange.record"
    ]
    newest = audit_service.list_entries(vault, AuditFilter(limit=3))
    older = audit_service.list_entries(vault, AuditFilter(limit=3, before_seq=newest[-1].seq))
    assert [e.seq for e in newest + older] == sorted((e.seq for e in newest + older), reverse=True)


def test_entries_can_be_filtered_by_a_date_range(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    log_at(vault, monkeypatch, "2020-05-01T10:00:00Z", "case.view", record_id="a")
    log_at(vault, monkeypatch, "2021-05-01T10:00:00Z", "case.view", record_id="b")
    found = audit_service.list_entries(vault, AuditFilter(since=date(2021, 1, 1), until=date(2021, 5, 1)))
    assert [e.record_id for e in found] == ["b"]
    assert audit_service.list_entries(vault, AuditFilter(since=date(2021, 5, 2), until=date(2021, 6, 1))) == []


def test_actions_have_danish_labels(vault: Vault) -> None:
    assert audit_service.action_label("case.view") == "Sag vist"
    assert audit_service.action_label("ukendt.handling") == "ukendt.handling"


# -- the log's own retention ---------------------------------------------------------------------------------------


def test_the_log_is_kept_ten_years_by_default_and_the_setting_is_checked(vault: Vault) -> None:
    assert audit_service.retention_years(vault) == 10
    audit_service.set_retention_years(vault, 12)
    assert audit_service.retention_years(vault) == 12
    for wrong in (0, 51, True):
        with pytest.raises(Invalid):
            audit_service.set_retention_years(vault, wrong)


def _aged_log(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    log_at(vault, monkeypatch, "2012-03-01T10:00:00Z", "case.view", n=4, record_id="gammel")
    log_at(vault, monkeypatch, "2020-03-01T10:00:00Z", "case.view", n=2, record_id="ny")


def test_old_entries_are_pruned_and_the_checkpoint_keeps_the_chain_verifiable(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(audit, "utc_now", lambda: "2012-01-01T09:00:00Z")
    vault = Vault.create(tmp_path / "gammel.sspvault", "kode kode kode", settings={"user_name": "Test"})
    monkeypatch.undo()
    try:
        _aged_log(vault, monkeypatch)
        assert audit_service.prunable_count(vault, date(2026, 1, 1)) == 5  # vault.create and the 4 old views
        assert audit_service.prune_audit_log(vault, date(2026, 1, 1)) == 5
        remaining = audit_service.list_entries(vault)
        assert [e.record_id for e in remaining if e.action == "case.view"] == ["ny", "ny"]
        assert remaining[0].action == audit_service.PRUNE_ACTION and "kontrolpunkt 5:" in remaining[0].detail
        check = audit_service.verify(vault)
        assert check.ok and check.entries == 3
        with vault.transaction():
            vault.log("case.view", record_id="efter")
        assert audit_service.verify(vault).ok
        assert audit_service.prune_audit_log(vault, date(2026, 1, 1)) == 0
    finally:
        vault.close()


def test_removing_entries_after_the_checkpoint_is_still_detected(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(audit, "utc_now", lambda: "2012-01-01T09:00:00Z")
    vault = Vault.create(tmp_path / "gammel.sspvault", "kode kode kode", settings={"user_name": "Test"})
    monkeypatch.undo()
    try:
        _aged_log(vault, monkeypatch)
        audit_service.prune_audit_log(vault, date(2026, 1, 1))
        vault.conn.execute("DELETE FROM audit_log WHERE seq = 6")
        check = audit_service.verify(vault)
        assert not check.ok and check.first_broken == 6
    finally:
        vault.close()


def test_a_checkpoint_set_by_hand_to_hide_removed_entries_is_detected(vault: Vault) -> None:
    with vault.transaction():
        for i in range(3):
            vault.log("case.view", record_id=f"id-{i}")
    digest = vault.conn.execute("SELECT hash FROM audit_log WHERE seq = 2").fetchone()[0]
    vault.conn.execute("DELETE FROM audit_log WHERE seq <= 2")
    vault.conn.execute(
        "INSERT INTO meta (key, value) VALUES ('audit_checkpoint_seq', '2'), ('audit_checkpoint_hash', ?)", (digest,)
    )
    check = audit_service.verify(vault)
    assert not check.ok and check.first_broken == 1
