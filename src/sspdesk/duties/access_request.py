"""Access requests (aktindsigt / indsigt, GDPR art. 15): everything the vault holds about one person, as one PDF.

For a CPR-nr. the report holds: every live sag registered with it (header, all form sections, deadlines), the
consents where the person is the one concerned or the giver, the minutes of their cases' agenda items and the
passages of other minutes that name them (other names and CPR-like numbers in those passages are cut out), the
dispositions of their cases, the information-duty entries, the exchanges of information, the underretninger and
what their Netværksmøder ended in, and the log of who looked at, changed, printed or handed over the data. Following
Datatilsynet's practice the log shows the colleague's role and organisation (setting `user_role`, the unit and the
municipality), not their name.

The request itself is audit-logged by reference (case numbers and counts), never by the CPR-nr.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from sspdesk import cpr as cprlib
from sspdesk.cases import active_profile
from sspdesk.domain.access_report import AccessReport, CaseRecord, LogLine, MeetingText
from sspdesk.domain.cases import Case
from sspdesk.domain.dates import stamp_text
from sspdesk.domain.underretning import outcome_label
from sspdesk.duties import audit_service
from sspdesk.duties.minimisation import find_cpr_like, find_names
from sspdesk.store import cases_repo, consents_repo, underretning_repo
from sspdesk.store import duties_repo as repo
from sspdesk.store import erasure_lookup as lookup
from sspdesk.store.dbapi import Connection
from sspdesk.store.vault import Vault

REDACTED = "[…]"


def _number(cpr: str) -> str:
    return cprlib.normalize_cpr(cpr)  # Invalid naming the field "cpr"


def role_text(vault: Vault) -> str:
    """The colleague as the person sees them in the log: role, unit, municipality – never the name."""
    parts = [
        vault.setting("user_role") or "Medarbejder",
        vault.setting("municipality_unit") or "",
        vault.setting("municipality") or "",
    ]
    return ", ".join(p.strip() for p in parts if p and p.strip())


def collect(vault: Vault, cpr: str, *, today: date | None = None) -> AccessReport:
    """Everything about the person with this CPR-nr. (no audit entry: `access_request_pdf` logs the request)."""
    number = _number(cpr)
    conn = vault.conn
    case_ids = repo.live_cases_of_person(conn, number)
    held = [case for case in (cases_repo.get_case(conn, i) for i in case_ids) if case is not None]
    held += _conflict_cases(conn, number, set(case_ids))
    case_ids = [case.id for case in held]
    cases = [
        CaseRecord(case, cases_repo.current_sections(conn, case.id), cases_repo.case_deadlines(conn, case.id))
        for case in held
    ]
    consents = [
        consent
        for c in repo.consents_of_person(conn, number, include_deleted=False)
        if (consent := consents_repo.get_consent(conn, c["id"])) is not None
    ]
    names = _names(number, cases, consents)
    report = AccessReport(
        cprlib.format_cpr(number),
        names[0] if names else "",
        today or date.today(),
        role_text(vault),
        tuple(active_profile(vault).focus_areas),
        cases,
        consents,
        category_labels={c.key: c.label for c in active_profile(vault).categories()},
    )
    numbers = {c.case.id: c.case.number for c in cases}
    report.meetings = [
        MeetingText(
            r["meeting_number"], r["forum"], r["starts_at"], numbers[r["case_id"]], r["discussion"], r["decision"]
        )
        for r in repo.case_meeting_items(conn, case_ids)
    ]
    report.meetings += _mentions(conn, names, number, set(case_ids))
    report.dispositions = [{**d, "case_number": numbers[d["case_id"]]} for d in repo.case_dispositions(conn, case_ids)]
    for case_id in case_ids:
        report.information += [
            {**r, "case_number": numbers[case_id]} for r in consents_repo.list_information(conn, case_id)
        ]
        report.exchanges += [
            {**r, "case_number": numbers[case_id]} for r in consents_repo.list_exchanges(conn, case_id)
        ]
    _underretninger(vault, report, case_ids, numbers)
    consent_ids = [c["id"] for c in consents]
    refs = [*numbers.values(), *(c["reference"] for c in consents)]
    by_id = {**numbers, **{c["id"]: c["reference"] for c in consents}}
    report.log = [
        LogLine(
            stamp_text(e["at"]),
            report.role,
            audit_service.action_label(e["action"]),
            e["subject_ref"] or by_id.get(e["record_id"], ""),
        )
        for e in repo.audit_for_records(conn, [*case_ids, *consent_ids], refs)
    ]
    return report


def _underretninger(vault: Vault, report: AccessReport, case_ids: list[str], numbers: dict[str, str]) -> None:
    """The underretninger about the person's cases and what their Netværksmøder ended in."""
    labels = {c.key: c.label for c in active_profile(vault).reasons()}
    report.underretninger = [
        {**r, "case_number": numbers[r["case_id"]], "reason_label": labels.get(r["reason"], r["reason"])}
        for r in underretning_repo.list_underretninger(vault.conn, case_ids)
    ]
    report.network_outcomes = [
        {**r, "case_number": numbers[r["case_id"]], "label": outcome_label(r["agreement"] == 1, r["underretning"] == 1)}
        for r in underretning_repo.list_outcomes(vault.conn, case_ids)
    ]


def _conflict_cases(conn: Connection, number: str, found: set[str]) -> list[Case]:
    """Sager held about the person only as a conflict copy (a colleague's version kept for the user to choose):
    the vault holds that data too, so the report shows it – the copy's own header."""
    cases = []
    for case_id in lookup.conflict_record_ids(conn, "cases", number):
        if case_id in found:
            continue
        for data in lookup.conflict_copies(conn, "cases", case_id):
            if data.get("cpr") != number:
                continue
            try:
                cases.append(cases_repo.case_from_row({**data, "id": case_id}))
            except (KeyError, TypeError):  # a copy from an older schema: the erasure still finds it
                continue
            break
    return cases


def _names(number: str, cases: list[CaseRecord], consents: list[dict[str, Any]]) -> list[str]:
    names = [c.case.person_name for c in reversed(cases)]
    for consent in consents:
        names += [consent["person_name"]] if consent["person_cpr"] == number else []
        names += [consent["giver_name"]] if consent["giver_cpr"] == number else []
        names += [consent["giver2_name"]] if consent["giver2_cpr"] == number else []
    return list(dict.fromkeys(n.strip() for n in names if n and n.strip()))


def _mentions(conn: Connection, names: list[str], number: str, own_cases: set[str]) -> list[MeetingText]:
    """Passages of other minutes and addenda that name the person or give their CPR-nr.; other persons' names and
    CPR-like numbers in them are cut out."""
    others = [n for n in cases_repo.registered_names(conn) if n not in names]
    found = []
    for row in repo.meeting_texts(conn):
        if row["case_id"] in own_cases:
            continue
        text = "\n".join(t for t in (row["discussion"], row["decision"], row["text"]) if t)
        passages = [p for p in re.split(r"\n\s*\n|\n", text) if _names_person(p, names, number)]
        if passages:
            excerpt = "\n".join(_cut_others(p, others, number) for p in passages)
            found.append(MeetingText(row["meeting_number"], row["forum"], row["starts_at"], "", excerpt=excerpt))
    return found


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def _names_person(text: str, names: list[str], number: str) -> bool:
    return bool(find_names(text, names)) or any(_digits(f.text) == number for f in find_cpr_like(text))


def _cut_others(text: str, others: list[str], number: str) -> str:
    findings = find_names(text, others) + [f for f in find_cpr_like(text) if _digits(f.text) != number]
    for finding in sorted(findings, key=lambda f: f.start, reverse=True):
        text = text[: finding.start] + REDACTED + text[finding.end :]
    return text


def access_request_pdf(vault: Vault, cpr: str, *, today: date | None = None) -> bytes:
    """The access-request answer as PDF bytes (nothing is written to disk); the request is audit-logged."""
    return access_request(vault, cpr, today=today)[1]


def access_request(vault: Vault, cpr: str, *, today: date | None = None) -> tuple[AccessReport, bytes]:
    """The report and its PDF; the request is audit-logged by reference."""
    from sspdesk.pdf.access_request_pdf import access_request_document  # reportlab only when a PDF is made
    from sspdesk.preferences import municipality_logo

    report = collect(vault, cpr, today=today)
    letterhead = {
        key: vault.setting(key) or ""
        for key in (
            "municipality",
            "municipality_unit",
            "municipality_address",
            "municipality_phone",
            "municipality_email",
            "dpo_contact",
        )
    }
    data = access_request_document(report, letterhead, logo=municipality_logo(vault))
    counts = f"{len(report.cases)} sager, {len(report.consents)} samtykker, {len(report.meetings)} referater"
    with vault.transaction():
        vault.log(
            "pdf.access_request",
            record_kind="person",
            subject_ref=", ".join(report.case_numbers)[:200],
            detail=counts if not report.is_empty else "ingen oplysninger fundet",
        )
    return report, data
