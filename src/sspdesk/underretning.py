"""Underretninger on a case, and the outcome of a Netværksmøde – shared by the GUI and the CLI.

An underretning is the notification of concern to the municipality (Barnets Lov, formerly Serviceloven § 153;
public employees have a skærpet underretningspligt). Seed 000 l.269–274 makes it part of the flow: a Netværksmøde
ends in an agreement on an intervention and/or a social underretning; seed 004 l.153–161 calls the underretninger
"et centralt omdrejningspunkt i samarbejdet". It is recorded on a DKE-Sag or a DKE-Journal with no more than the flow
needs: the date, to which authority, by whom, a reason category from the profile's list, and the authority's receipt
(kvittering) once it comes. On a DKE-Journal the text obeys the journal rule: no name, no CPR-nr.

A Netværksmøde / Netværkssamråd outcome (agreement / underretning / no further action) is recorded on the case too;
one that says underretning shows a reminder until an underretning is recorded (`sspdesk.underretning_reminder`).
Every write is audit-logged by the case number.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sspdesk.cases import active_profile
from sspdesk.domain.cases import Case, Deadline
from sspdesk.domain.errors import Invalid, NotFound
from sspdesk.domain.underretning import NETWORK_FORUMS, NetworkOutcome, ReasonCategory, Underretning
from sspdesk.duties.journal_rule import check_journal_text
from sspdesk.store import cases_repo
from sspdesk.store import underretning_repo as repo
from sspdesk.store.vault import Vault
from sspdesk.underretning_reminder import case_reminders

MAX_TEXT = 200
LABELS = {"authority": "Sendt til", "made_by": "Underretning ved"}
RECENT_DAYS = 30  # Overblik lists the underretninger of the last 30 days, and every one still without a receipt
# The authority an underretning goes to, before the vault has learnt its own (seed 004: "socialforvaltningen").
DEFAULT_AUTHORITIES = ("Familieafsnittet", "Socialforvaltningen")


def _case(vault: Vault, case_ref: str) -> Case:
    case_id = cases_repo.find_case_id(vault.conn, (case_ref or "").strip())
    case = cases_repo.get_case(vault.conn, case_id) if case_id else None
    if case is None:
        raise NotFound.record("Sagen", case_ref)
    return case


def _open_case(vault: Vault, case_ref: str) -> Case:
    case = _case(vault, case_ref)
    if not case.is_open:
        raise Invalid(f"Sagen {case.number} er ikke åben; genåbn den først.", "case")
    return case


def _day(on: date, today: date, field: str) -> date:
    if on > today:
        raise Invalid("Datoen ligger i fremtiden.", field)
    return on


def reasons(vault: Vault) -> tuple[ReasonCategory, ...]:
    """The reason categories of the active profile, in its order."""
    return active_profile(vault).reasons()


def reason_key(vault: Vault, text: str) -> str:
    """A reason category by key or label (any case); '' stays '' (not stated). Refuses an unknown one."""
    wanted = " ".join((text or "").split()).casefold()
    if not wanted:
        return ""
    categories = reasons(vault)
    for category in categories:
        if wanted in (category.key.casefold(), category.label.casefold()):
            return category.key
    choices = ", ".join(f"{c.key} ({c.label})" for c in categories)
    raise Invalid(f"Ukendt årsag «{text.strip()}». Vælg en af: {choices}.", "reason")


def authority_suggestions(vault: Vault) -> list[str]:
    """Authorities to offer: those used before, then the profile's social authorities, then the defaults."""
    social = [p.label for p in active_profile(vault).parties() if p.social_authority]
    return list(dict.fromkeys([*repo.used_authorities(vault.conn), *social, *DEFAULT_AUTHORITIES]))


def _record(vault: Vault, row: dict[str, Any]) -> Underretning:
    labels = {c.key: c.label for c in reasons(vault)}
    reason = str(row["reason"])
    return Underretning(
        id=row["id"],
        case_id=row["case_id"],
        case_number=row["case_number"],
        case_kind=row["case_kind"],
        sent_on=date.fromisoformat(row["sent_on"]),
        authority=row["authority"],
        made_by=row["made_by"],
        reason=reason,
        reason_label=labels.get(reason, reason),  # a key of another profile stays readable as itself
        confirmed_on=date.fromisoformat(row["confirmed_on"]) if row["confirmed_on"] else None,
        created_at=row["created_at"],
    )


def _text(value: str, field: str, what: str) -> str:
    text = " ".join((value or "").split())
    if len(text) > MAX_TEXT:
        raise Invalid(f"{what} er for lang: højst {MAX_TEXT} tegn.", field)
    return text


def record_underretning(
    vault: Vault,
    case_ref: str,
    authority: str,
    on: date,
    *,
    reason: str = "",
    made_by: str = "",
    confirmed_on: date | None = None,
    today: date | None = None,
) -> Underretning:
    """Record an underretning made `on` to `authority` (by `made_by`, default the user) on an open case."""
    today = today or date.today()
    case = _open_case(vault, case_ref)
    authority = _text(authority, "authority", "Myndigheden")
    if not authority:
        raise Invalid("Skriv hvilken myndighed underretningen er sendt til, fx Familieafsnittet.", "authority")
    _day(on, today, "on")
    key = reason_key(vault, reason)
    made_by = _text(made_by, "made_by", "Navnet") or vault.user
    if confirmed_on is not None:
        _check_receipt(on, confirmed_on, today)
    values = {
        "case_id": case.id,
        "sent_on": on.isoformat(),
        "authority": authority,
        "made_by": made_by,
        "reason": key,
        "confirmed_on": confirmed_on.isoformat() if confirmed_on else "",
    }
    with vault.transaction() as conn:
        if case.kind == "journal":  # no name, no CPR-nr. in a DKE-Journal – in its underretninger neither
            check_journal_text(conn, {"authority": authority, "made_by": made_by}, LABELS)
        record_id = repo.insert_underretning(conn, vault.device_id, values)
        vault.log("underretning.record", record_kind=case.kind, record_id=case.id, subject_ref=case.number)
    return get_underretning(vault, record_id)


def _check_receipt(sent_on: date, confirmed_on: date, today: date) -> None:
    _day(confirmed_on, today, "confirmed_on")
    if confirmed_on < sent_on:
        raise Invalid("Kvitteringen kan ikke være modtaget, før underretningen blev sendt.", "confirmed_on")


def get_underretning(vault: Vault, underretning_id: str) -> Underretning:
    row = repo.get_underretning(vault.conn, underretning_id)
    if row is None:
        raise NotFound.record("Underretningen", underretning_id)
    return _record(vault, row)


def confirm_underretning(vault: Vault, underretning_id: str, on: date, *, today: date | None = None) -> Underretning:
    """Record that the authority's receipt (kvittering) came `on` – also on a closed case: it arrives late."""
    found = get_underretning(vault, underretning_id)
    _check_receipt(found.sent_on, on, today or date.today())
    with vault.transaction() as conn:
        repo.update_underretning(conn, vault.device_id, found.id, {"confirmed_on": on.isoformat()})
        vault.log(
            "underretning.confirm", record_kind=found.case_kind, record_id=found.case_id, subject_ref=found.case_number
        )
    return get_underretning(vault, found.id)


def list_underretninger(vault: Vault, case_ref: str | None = None) -> list[Underretning]:
    """The underretninger of one case, or of every case, newest first."""
    case_ids = None if case_ref is None else [_case(vault, case_ref).id]
    return [_record(vault, row) for row in repo.list_underretninger(vault.conn, case_ids)]


def overview_underretninger(vault: Vault, today: date) -> list[Underretning]:
    """Overblik: the open cases' underretninger still waiting for a receipt, and those of the last 30 days."""
    since = (today - timedelta(days=RECENT_DAYS)).isoformat()
    return [_record(vault, row) for row in repo.open_case_underretninger(vault.conn, since)]


# -- Netværksmøde outcomes --------------------------------------------------------------------------------------


def _outcome(row: dict[str, Any]) -> NetworkOutcome:
    return NetworkOutcome(
        id=row["id"],
        case_id=row["case_id"],
        forum=row["forum"],
        held_on=date.fromisoformat(row["held_on"]),
        agreement=bool(row["agreement"]),
        underretning=bool(row["underretning"]),
        created_at=row["created_at"],
    )


def record_network_outcome(
    vault: Vault,
    case_ref: str,
    held_on: date,
    *,
    forum: str = NETWORK_FORUMS[0],
    agreement: bool = False,
    underretning: bool = False,
    today: date | None = None,
) -> NetworkOutcome:
    """Record what a Netværksmøde / Netværkssamråd on an open case ended in (neither flag: no further action)."""
    case = _open_case(vault, case_ref)
    if forum not in NETWORK_FORUMS:
        raise Invalid(f"Mødet skal være et af: {', '.join(NETWORK_FORUMS)}.", "forum")
    _day(held_on, today or date.today(), "held_on")
    values = {
        "case_id": case.id,
        "forum": forum,
        "held_on": held_on.isoformat(),
        "agreement": int(agreement),
        "underretning": int(underretning),
    }
    with vault.transaction() as conn:
        record_id = repo.insert_outcome(conn, vault.device_id, values)
        vault.log("network_outcome.record", record_kind=case.kind, record_id=case.id, subject_ref=case.number)
    return next(o for o in network_outcomes(vault, case.id) if o.id == record_id)


def network_outcomes(vault: Vault, case_ref: str) -> list[NetworkOutcome]:
    """A case's Netværksmøde outcomes, newest meeting first."""
    return [_outcome(row) for row in repo.list_outcomes(vault.conn, [_case(vault, case_ref).id])]


def missing_underretninger(vault: Vault, case_ref: str) -> list[Deadline]:
    """The case's reminders: Netværksmøder that ended in an underretning nobody has recorded since."""
    return case_reminders(vault.conn, _case(vault, case_ref).id)
