"""Events on a case: a reopening or a correction of a settled case, and the home visits and talks deadlines count from.

A closed case is read-only. It changes again only through an event that says who, when and why – kept as a
synced record (`case_events`), so a colleague's laptop sees the event with the change and the import report shows
it (`bundles/guards.py` refuses a change of a closed case that comes without one). Shared by the GUI and the CLI.

A home visit or meeting with the custody holder (`home_visit`) and a talk with the young person (`talk`) are
recorded with the day they took place (`occurred_on`): the seed counts deadlines from them (the temporary handleplan
"indenfor 7 dage" after the home visit, seed 000 l.506–508; the level-I follow-up "på næste koordinationsmøde" after
the talk or home visit, l.426–428). Recording or removing one recounts the case's deadlines in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sspdesk.deadlines import refresh_case_deadlines, work_calendar
from sspdesk.domain.dates import date_text
from sspdesk.domain.deadline_events import RECORDED_EVENTS
from sspdesk.domain.errors import Invalid, NotFound
from sspdesk.duties.journal_rule import check_journal_text
from sspdesk.store import cases_repo, deadline_events_repo, records
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
    occurred_on: str = ""  # ISO date a home visit or talk took place ('' for a reopening or correction)

    @property
    def label(self) -> str:
        return RECORDED_EVENTS.get(self.kind, self.kind)


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


# -- home visits and talks (the events deadlines count from) ------------------------------------------------------


def _open_case(vault: Vault, ref: str) -> tuple[str, str, str]:
    """(id, kind, number) of an open case."""
    case_id = cases_repo.find_case_id(vault.conn, ref.strip())
    case = cases_repo.get_case(vault.conn, case_id) if case_id else None
    if case is None:
        raise NotFound.record("Sagen", ref)
    if not case.is_open:
        raise Invalid("Sagen er lukket og kan ikke ændres.")
    return case.id, case.kind, case.number


def _recount(conn: Connection, vault: Vault, case_id: str, today: date) -> None:
    from sspdesk.cases import active_profile  # cases imports deadlines, not this module: no cycle

    refresh_case_deadlines(conn, vault.device_id, work_calendar(vault, active_profile(vault)), [case_id], today)


def record_event(
    vault: Vault, ref: str, kind: str, on: date, note: str = "", *, today: date | None = None
) -> CaseEvent:
    """Record that a home visit or a talk took place on `on` (not in the future); the case's deadlines follow."""
    if kind not in RECORDED_EVENTS:
        raise Invalid(f"Ukendt hændelse: {kind!r} (tilladt: {', '.join(RECORDED_EVENTS)}).", "kind")
    day = today or date.today()
    if on > day:
        raise Invalid(
            f"Datoen {date_text(on.isoformat())} er i fremtiden: registrér hændelsen, når den har fundet sted.", "on"
        )
    case_id, case_kind, number = _open_case(vault, ref)
    note = note.strip()
    with vault.transaction() as conn:
        if case_kind == "journal" and note:
            check_journal_text(conn, {"reason": note}, {"reason": "Bemærkning"})
        event = CaseEvent(records.new_id(), case_id, kind, note, vault.user, utc_now(), on.isoformat())
        values = {"case_id": case_id, "kind": kind, "reason": note, "author": event.author}
        records.put(
            conn,
            "case_events",
            event.id,
            {**values, "created_at": event.created_at, "occurred_on": event.occurred_on},
            vault.device_id,
        )
        _recount(conn, vault, case_id, day)
        vault.log("case.event", record_kind=case_kind, record_id=case_id, subject_ref=number, detail=kind)
    return event


def recorded_events(vault: Vault, ref: str) -> list[CaseEvent]:
    """The home visits and talks recorded on a case, earliest first."""
    case_id = cases_repo.find_case_id(vault.conn, ref.strip())
    if case_id is None:
        raise NotFound.record("Sagen", ref)
    return [CaseEvent(*row) for row in deadline_events_repo.recorded_event_rows(vault.conn, case_id)]


def remove_event(vault: Vault, event_id: str, *, today: date | None = None) -> None:
    """Remove a home visit or talk recorded by mistake; the deadlines that counted from it wait again."""
    row = deadline_events_repo.live_event(vault.conn, event_id)
    if row is None or row[1] not in RECORDED_EVENTS:
        raise NotFound.record("Hændelsen", event_id)
    case_id, kind, number = _open_case(vault, row[0])
    with vault.transaction() as conn:
        records.delete(conn, "case_events", event_id, vault.device_id)
        _recount(conn, vault, case_id, today or date.today())
        vault.log("case.event_removed", record_kind=kind, record_id=case_id, subject_ref=number, detail=row[1])
