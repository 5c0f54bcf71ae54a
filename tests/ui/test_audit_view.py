"""The log view: filters by action, record, text and dates, checks the chain, sets the log's retention, and shows
nothing after `clear()`. Real vault, real widgets (offscreen)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate

from sspdesk.cases import get_case
from sspdesk.duties import audit_service
from sspdesk.store import audit_anchor
from sspdesk.ui.duties.audit_page import AuditLogView
from support.records import full_sag


@pytest.fixture
def view(qtbot, vault):
    widget = AuditLogView()
    qtbot.addWidget(widget)
    widget.resize(1150, 600)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.clear()


@pytest.fixture
def filled(vault):
    case_id = full_sag(vault, "VIS", closed_on=None)
    get_case(vault, case_id)
    return get_case(vault, case_id).case.number


def shown_actions(view: AuditLogView) -> set[str]:
    return {e.action for e in view.model.entries}


def choose_action(view: AuditLogView, code: str) -> None:
    view.action.setCurrentIndex(view.action.findData(code))


def test_the_view_lists_the_log_newest_first_with_danish_labels(view: AuditLogView, vault, filled: str) -> None:
    view.show_vault(vault)
    seqs = [e.seq for e in view.model.entries]
    assert seqs == sorted(seqs, reverse=True) and len(seqs) == len(audit_service.list_entries(vault))
    labels = {view.model.data(view.model.index(row, 3)) for row in range(view.model.rowCount())}
    assert {"Sag vist", "Sag oprettet", "Samtykke underskrevet"} <= labels
    assert view.model.data(view.model.index(0, 4)) and "poster" in view.count.text()


def test_filtering_by_action_and_by_action_group(view: AuditLogView, vault, filled: str) -> None:
    view.show_vault(vault)
    choose_action(view, "case.view")
    assert shown_actions(view) == {"case.view"} and view.model.rowCount() == 2
    choose_action(view, "consent")
    assert shown_actions(view) and all(a.startswith("consent.") for a in shown_actions(view))
    view.reset_filters()
    assert len(shown_actions(view)) > 3


def test_filtering_by_record_and_text(qtbot, view: AuditLogView, vault, filled: str) -> None:
    view.show_vault(vault)
    qtbot.keyClicks(view.record, filled)
    qtbot.waitUntil(lambda: bool(view.model.entries) and all(e.subject_ref == filled for e in view.model.entries))
    view.record.clear()
    qtbot.keyClicks(view.text, "Retsplejelovens")
    qtbot.waitUntil(lambda: shown_actions(view) == {"exchange.record"})


def test_filtering_by_a_date_range(view: AuditLogView, vault, filled: str) -> None:
    view.show_vault(vault)
    view.since.setDate(QDate(2001, 1, 1))
    view.until.setDate(QDate(2001, 12, 31))
    view.use_dates.setChecked(True)
    assert view.model.rowCount() == 0
    view.until.setDate(QDate.fromString(date.today().isoformat(), "yyyy-MM-dd"))
    assert view.model.rowCount() == len(audit_service.list_entries(vault))


def test_the_chain_check_says_whether_the_log_is_intact(view: AuditLogView, vault, filled: str) -> None:
    view.show_vault(vault)
    view.verify_button.click()
    assert view.verify_result.text().startswith("Logbogen er intakt")
    vault.conn.execute("UPDATE audit_log SET detail = 'x' WHERE seq = 2")
    view.verify_button.click()
    assert "brudt ved post 2" in view.verify_result.text()


def test_the_check_reports_a_log_cut_shorter_than_its_anchor(view: AuditLogView, vault, filled: str) -> None:
    view.show_vault(vault)
    assert vault.anchor() is not None
    count = vault.conn.execute("SELECT max(seq) FROM audit_log").fetchone()[0]
    vault.conn.execute("DELETE FROM audit_log WHERE seq > 2")
    head = vault.conn.execute("SELECT hash FROM audit_log WHERE seq = 2").fetchone()[0]
    vault.conn.execute("UPDATE meta SET value = '2' WHERE key = 'audit_count'")
    vault.conn.execute("UPDATE meta SET value = ? WHERE key = 'audit_head'", (head,))
    assert not view.verify()
    assert "passer ikke med sit anker" in view.verify_result.text() and f"viser {count}" in view.verify_result.text()


def test_a_missing_anchor_is_shown_as_a_warning_not_as_intact(view: AuditLogView, vault, filled: str) -> None:
    view.show_vault(vault)
    audit_anchor.anchor_path(vault.path).unlink()
    assert view.verify()
    text = view.verify_result.text()
    assert not text.startswith("Logbogen er intakt") and "manglede" in text and "nyt anker er skrevet" in text


def test_the_log_retention_is_saved_from_the_spin_box(view: AuditLogView, vault) -> None:
    view.show_vault(vault)
    assert view.retention.value() == 10
    view.retention.setValue(14)
    view.retention.editingFinished.emit()
    assert audit_service.retention_years(vault) == 14 and view.retention_message.text() == "Gemt."


def test_clear_empties_the_view_and_forgets_the_vault(view: AuditLogView, vault, filled: str) -> None:
    view.show_vault(vault)
    assert view.shows_data()
    view.clear()
    assert not view.shows_data() and view.model.rowCount() == 0 and view.action.count() == 0
    assert not view.verify_button.isEnabled()
