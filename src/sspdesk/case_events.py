"""Explicit events on a settled (closed) case: a reopening, a correction on request.

A closed case is read-only. It changes again only through an event that says who, when and why – kept as a
synced record (`case_events`), so a colleague's laptop sees the event with the change and the import report shows
it (`bundles/guards.py` refuses a change of a closed case that comes without one). Shared by the GUI and the CLI.
"""

from __future__ import annotations

from dataclasses import dataclass

from sspdesk.domain.errors import Invalid, NotFound
from sspdesk.duties.journal_rule import check_journal_text
from sspdesk.store import cases_repo, records
from sspdesk.store.clock import utc_now
from sspdesk.store.dbapi import Connection
from sspdesk.store.vault import Vault

KINDS = ("reopen", "correction")


@dataclass(frozen=True)
class CaseEvent:
    id: str
    case_id: str
    kind: str  # reopen | correction
    reason: str
    author: str
    created_at: str


def add_event(conn: Connection, vault: Vault, case_id: str, kind: str, reason: str) -> CaseEvent:
    """Record an event on a case inside the caller's transaction (the caller checked the reason's text)."""
    if kind not in KINDS:
        raise ValueError(kind)
    event = CaseEvent(records.new_id(), case_id, kind, reason, vault.user, utc_now())
    values = {"case_id": case_id, "kind": kind, "reason": reason, "author": event.author}
    records.put(conn, "case_events", event.id, {**values, "created_at": event.created_at}, vault.device_id)
    return event


def reopen_case(vault: Vault, ref: str, reason: str) -> CaseEvent:
    """Reopen a closed case (Genåbn) with a required reason; the closing note stays in the case's history."""
    conn = vault.conn
    case_id = cases_repo.find_case_id(conn, ref.strip())
    case = cases_repo.get_case(conn, case_id) if case_id else None
    if case is None:
        raise NotFound.record("Sagen", ref)
    if case.status != "closed":
        raise Invalid("Sagen er ikke lukket." if case.status == "open" else "En løftet journal kan ikke genåbnes.")
    reason = reason.strip()
    if not reason:
        raise Invalid("Skriv hvorfor sagen genåbnes.", "reason")
    with vault.transaction() as conn:
        if case.kind == "journal":
            check_journal_text(conn, {"reason": reason}, {"reason": "Begrundelse"})
        event = add_event(conn, vault, case.id, "reopen", reason)
        cases_repo.update_case(conn, vault.device_id, case.id, {"status": "open", "closed_on": ""})
        cases_repo.reindex(conn, case.id)
        vault.log("case.reopen", record_kind=case.kind, record_id=case.id, subject_ref=case.number)
    return event
