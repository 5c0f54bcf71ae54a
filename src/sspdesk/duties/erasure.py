"""Correction and erasure of personal data (GDPR art. 16–17), and the erasure engine retention uses.

Erasing a sag empties, across the vault, everything that belongs to it: the case row (name, CPR-nr., birth date,
subject …), every version of its form sections, its deadlines, the minutes and dispositions of its agenda items,
its information-duty entries and exchanges, the consents that cover only erased cases and their scans, and its
search-index row. Synced rows become tombstones with emptied data columns, so the deletion reaches the other
laptops and no older copy can come back. The person's full name and CPR-nr. are also cut out of other meetings'
minutes, addenda and dispositions once no live sag of theirs remains. A deletion record without personal data
(case number, dates, what was deleted, by whom) is kept, and the action is audit-logged by reference.

Tombstones alone do not make an erasure stick: a colleague's laptop that has not seen it sends its own edits, which
are concurrent with the tombstone. So every erasure also writes an erasure record (`erasure_records`: the emptied
records by id, the decision, and for a request a salted hash of the CPR-nr.) that travels in every bundle; the
import drops whatever it erased and the colleague's laptop carries it out too (`erase_received`, called by
`bundles.erasure_sync`). A person's data is looked for wherever it still is: rows, tombstones that kept their
data, and conflict copies (`store.erasure_lookup`).

Afterwards the search index is merged and the file VACUUMed (secure_delete is always on), and every backup taken
before the erasure is deleted – they still hold the data – after a fresh backup has been taken.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sspdesk import case_events
from sspdesk import cpr as cprlib
from sspdesk.cases import CASE_SECTIONS, active_profile
from sspdesk.domain.cases import Case, CaseBrief
from sspdesk.domain.errors import Invalid, NotFound
from sspdesk.domain.forms import journal_allows, journal_refusal, section_labels
from sspdesk.duties import audit_service, erasure_records
from sspdesk.duties.erasure_records import RecordKey
from sspdesk.duties.journal_rule import check_journal_text
from sspdesk.duties.minimisation import find_cpr_like, find_names
from sspdesk.store import backups, cases_repo
from sspdesk.store import duties_repo as repo
from sspdesk.store import erasure_lookup as lookup
from sspdesk.store.dbapi import Connection
from sspdesk.store.vault import Vault

REDACTED = "[slettet]"
HEADER = "header"  # correct_field's pseudo-section for the case's own columns
HEADER_LABELS = {
    "subject": "Sagens genstand",
    "area": "Område",
    "coordinator": "Koordinator",
    "forum": "Mødeforum",
    "person_name": "Navn",
    "cpr": "CPR-nr",
}
CLOSING_LABELS = {"lukkenotat": "Lukkenotat", "overdragelse": "Overdragelse"}
# Danish names of what an erasure empties, in the order they are reported.
TABLE_LABELS = {
    "cases": "sag",
    "case_sections": "skemaversioner",
    "deadlines": "frister",
    "minutes": "referater",
    "dispositions": "dispositioner",
    "consents": "samtykker",
    "consent_scans": "scanninger",
    "information_duty": "oplysningspligt",
    "information_exchanges": "udvekslinger",
    "case_events": "genåbninger, rettelser, hjemmebesøg og samtaler",
    "underretninger": "underretninger",
    "network_outcomes": "udfald af netværksmøder",
}
# The fresh backup after an erasure: a reason of its own once store.backups knows it.
BACKUP_REASON = "retention"
NOTHING_TO_ERASE = "Der er ingen oplysninger om dette CPR-nr. i datafilen."


@dataclass
class ErasureReport:
    reason: str  # retention | request
    case_numbers: list[str] = field(default_factory=list)
    consent_refs: list[str] = field(default_factory=list)
    deleted: dict[str, int] = field(default_factory=dict)  # table -> records emptied
    mentions_redacted: int = 0
    backups_deleted: int = 0
    backup: Path | None = None
    erased: set[RecordKey] = field(default_factory=set)  # the records emptied here (not in the JSON)
    note: str = ""  # added to the audit entries: where the erasure came from

    def to_json(self) -> dict[str, Any]:
        return {
            "reason": self.reason,
            "cases": self.case_numbers,
            "consents": self.consent_refs,
            "deleted": self.deleted,
            "mentions_redacted": self.mentions_redacted,
            "backups_deleted": self.backups_deleted,
            "backup": str(self.backup) if self.backup else None,
        }


# -- correction --------------------------------------------------------------------------------------------------


def _labels(case: Case, section: str, vault: Vault) -> dict[str, str]:
    if section == HEADER:
        keys = ("subject", "area", "coordinator", "forum") + (("person_name", "cpr") if case.kind == "sag" else ())
        return {k: HEADER_LABELS[k] for k in keys}
    if section == "closing":
        return CLOSING_LABELS
    if section not in CASE_SECTIONS:
        raise Invalid(f"Ukendt afsnit: {section}", "section")
    if case.kind == "journal" and not journal_allows(section):
        raise Invalid(journal_refusal(section), "section")
    return section_labels(case.kind, section, active_profile(vault).focus_areas)


def correct_field(vault: Vault, case_ref: str, section: str, field_key: str, new_value: str, reason: str) -> None:
    """Correct one field of a case on request – also a closed one – with a required reason.

    A form field gets a new section version (the old one stays in the history); a header field (`section` =
    "header": subject, area, coordinator, forum, and for a sag name and CPR-nr.) is changed in place. The audit
    entry names the field and the reason (CPR-like numbers and registered names cut out)."""
    reason = (reason or "").strip()
    if not reason:
        raise Invalid("Skriv begrundelsen for rettelsen.", "reason")
    conn = vault.conn
    case_id = cases_repo.find_case_id(conn, (case_ref or "").strip())
    case = cases_repo.get_case(conn, case_id) if case_id else None
    if case is None:
        raise NotFound.record("Sagen", case_ref)
    labels = _labels(case, section, vault)
    if field_key not in labels:
        raise Invalid(f"Feltet {field_key!r} findes ikke i dette afsnit.", "field")
    value = (new_value or "").strip()
    with vault.transaction() as conn:
        if case.kind == "journal":
            check_journal_text(conn, {field_key: value}, labels)
        if section == HEADER:
            cases_repo.update_case(conn, vault.device_id, case.id, _header_values(field_key, value))
        else:
            current = cases_repo.current_sections(conn, case.id).get(section)
            fields = {**(current.fields if current else {}), field_key: value}
            cases_repo.add_section(conn, vault.device_id, case.id, section, fields, vault.user)
        cases_repo.reindex(conn, case.id)
        if case.status != "open":  # a closed case changes only with an event a colleague's laptop is shown
            case_events.add_event(conn, vault, case.id, "correction", f"Rettelse af «{labels[field_key]}»")
        vault.log(
            "case.correct",
            record_kind=case.kind,
            record_id=case.id,
            subject_ref=case.number,
            detail=f"{section}.{field_key}; begrundelse: {audit_service.redact_text(vault, reason)[:300]}",
        )


def _header_values(key: str, value: str) -> dict[str, str]:
    if key == "person_name" and not value:
        raise Invalid("En DKE-Sag skal have navn på den unge.", "new_value")
    if key == "subject" and not value:
        raise Invalid("Skriv sagens genstand.", "new_value")
    if key != "cpr":
        return {key: value}
    try:
        number = cprlib.normalize_cpr(value)
    except Invalid as exc:
        raise Invalid(exc.message, "new_value") from exc
    return {"cpr": number, "birth_date": cprlib.birth_date(number).isoformat()}


# -- erasure ----------------------------------------------------------------------------------------------------


def erase_person(vault: Vault, cpr: str, confirm: bool = False) -> ErasureReport:
    """Erase everything the vault holds about a person on request: every sag with this CPR-nr. (open ones too),
    every consent where they are the person concerned or a giver, mentions of them in minutes, and the backups.
    Data is found wherever it still is – in a tombstone or a conflict copy too. `confirm` must be True: this
    cannot be undone."""
    number = cprlib.normalize_cpr(cpr)
    if not confirm:
        raise Invalid("Sletningen kan ikke fortrydes og skal bekræftes.", "confirm")
    cases, consents = person_data(vault.conn, number)
    if not cases and not consents:
        raise NotFound(NOTHING_TO_ERASE)
    return erase(vault, cases, "request", extra_consents=consents, persons=[number])


def person_data(conn: Connection, number: str, *, until: str = "") -> tuple[list[CaseBrief], list[dict[str, Any]]]:
    """(cases, consents) holding this CPR-nr. anywhere in the vault; with `until` (ISO date) only those registered
    or created on or before that day (a colleague's erasure on request covers the data as it was then)."""
    cases = lookup.case_briefs(conn, lookup.cases_of_person(conn, number), registered_until=until)
    consents = lookup.consents_by_ids(conn, lookup.consents_of_person(conn, number), created_until=until)
    return cases, consents


def erase(
    vault: Vault,
    cases: Sequence[CaseBrief],
    reason: str,
    *,
    due_on: Mapping[str, str] | None = None,
    extra_consents: Sequence[Mapping[str, Any]] = (),
    persons: Iterable[str] = (),
) -> ErasureReport:
    """Erase `cases` and the consents only they hold up, plus `extra_consents`; write the erasure record that
    carries the erasure to the colleagues' laptops (with the hashed CPR-nr. of `persons`: an erasure on request);
    then compact the file and replace the backups. `reason`: retention | request."""
    report = ErasureReport(reason)
    first_record = repo.last_deletion_seq(vault.conn) + 1
    numbers = list(persons)
    with vault.transaction() as conn:
        done = erase_within(vault, conn, report, cases, due_on=due_on, extra_consents=extra_consents, persons=numbers)
        erasure_records.write(
            conn,
            vault.device_id,
            reason,
            done,
            decided_by=vault.user,
            decided_role=vault.setting("user_role") or "",
            cprs=numbers,
        )
    finish(vault, report, first_record)
    return report


def erase_received(
    vault: Vault,
    conn: Connection,
    source: erasure_records.ErasureRecord,
    persons: Sequence[str] = (),
    also: Iterable[RecordKey] = (),
) -> ErasureReport:
    """Carry out a colleague's erasure record here, inside the caller's (import) transaction: the records it lists,
    everything that belongs to its cases here (also what this laptop added), and the data of `persons` (the
    CPR-nr. here that match the record's hash) as it was on the day of the erasure. `also`: records the import
    dropped for it (listed in this laptop's own record). Writes this laptop's own erasure record for whatever it
    erased beyond what the colleagues' records list. The caller runs `finish` after the commit."""
    report = ErasureReport(source.reason, note=f"sletning fra en kollegas datafil ({source.device_id})")
    listed = {key for rec in erasure_records.stored(conn).values() for key in rec.erased}
    case_ids = {i for t, i in source.erased if t == "cases"}
    consent_ids = {i for t, i in source.erased if t == "consents"}
    numbers = sorted(set(persons))
    cases = lookup.case_briefs(conn, case_ids)
    consents = lookup.consents_by_ids(conn, consent_ids)
    for number in numbers:
        more_cases, more_consents = person_data(conn, number, until=source.day)
        cases += [c for c in more_cases if c.id not in {k.id for k in cases}]
        consents += [c for c in more_consents if c["id"] not in {k["id"] for k in consents}]
    # Children of a listed case this laptop has no row of (nothing else would find them).
    orphans = repo.case_record_ids(conn, sorted(case_ids - {c.id for c in cases}))
    # What an earlier erasure here already emptied gets no second deletion record or audit entry.
    cases = [c for c in cases if not _all_erased(conn, repo.case_record_ids(conn, [c.id]))]
    consents = [c for c in consents if not _all_erased(conn, {"consents": [c["id"]]})]
    others = sorted({*source.erased, *((t, i) for t, ids in orphans.items() for i in ids)})
    done = erase_within(
        vault,
        conn,
        report,
        cases,
        extra_consents=consents,
        persons=numbers,
        decided=(source.decided_by, source.decided_role),
    )
    for table, record_id in others:
        if (table, record_id) not in done and table in erasure_records.ERASABLE:
            done.add((table, record_id))
            if repo.erase_record(conn, table, record_id, vault.device_id):
                report.erased.add((table, record_id))
                report.deleted[table] = report.deleted.get(table, 0) + 1
    new = (report.erased | set(also)) - listed - source.erased
    erasure_records.write(
        conn,
        vault.device_id,
        source.reason,
        new,
        decided_by=source.decided_by,
        decided_role=source.decided_role,
        source=source,
    )
    return report


def _all_erased(conn: Connection, found: Mapping[str, Sequence[str]]) -> bool:
    return all(repo.is_erased(conn, table, record_id) for table, ids in found.items() for record_id in ids)


def erase_within(
    vault: Vault,
    conn: Connection,
    report: ErasureReport,
    cases: Sequence[CaseBrief],
    *,
    due_on: Mapping[str, str] | None = None,
    extra_consents: Sequence[Mapping[str, Any]] = (),
    persons: Iterable[str] = (),
    decided: tuple[str, str] | None = None,
) -> set[RecordKey]:
    """The erasure itself, inside the caller's transaction; returns every record it went through (the emptied ones
    are in `report.erased`). `decided`: (user, role) whose decision it was, when not this laptop's user."""
    by_user, by_role = decided or (vault.user, vault.setting("user_role") or "")
    reason = report.reason
    names, cprs = _persons(conn, cases, extra_consents, persons)
    erased_cases = {c.id for c in cases}
    done: set[RecordKey] = set()
    for case in cases:
        counts = _erase_case(vault, conn, case, erased_cases, done, report)
        repo.insert_deletion_record(
            conn,
            {
                "reason": reason,
                "case_number": case.number,
                "case_kind": case.kind,
                "level": case.level,
                "registered": case.registered,
                "closed_on": case.closed_on,
                "due_on": (due_on or {}).get(case.id, ""),
                "refs": counts.pop("_refs"),
                "deleted": counts,
                "by_user": by_user,
                "by_role": by_role,
            },
        )
        report.case_numbers.append(case.number)
    rest = [c for c in extra_consents if ("consents", c["id"]) not in done]
    if rest:
        counts = _erase_consents(vault, conn, rest, done, report)
        repo.insert_deletion_record(
            conn,
            {"reason": reason, "refs": counts.pop("_refs"), "deleted": counts, "by_user": by_user, "by_role": by_role},
        )
    still_live = repo.live_persons(conn)
    gone = [(name, number) for name, number in zip(names, cprs, strict=True) if number not in still_live]
    report.mentions_redacted = _redact_mentions(vault, conn, gone)
    return done


def finish(vault: Vault, report: ErasureReport, first_record: int) -> None:
    """After the erasure's transaction: compact the file and replace the backups (they still hold the data)."""
    repo.compact(vault.conn)
    report.backups_deleted, report.backup = replace_backups(vault, first_record)


def _persons(
    conn: Connection, cases: Sequence[CaseBrief], consents: Sequence[Mapping[str, Any]], extra: Iterable[str]
) -> tuple[list[str], list[str]]:
    """(names, CPR-nr.) of the persons whose data is erased, read before it is gone."""
    found: dict[str, str] = {}
    for case in cases:
        person = repo.case_person(conn, case.id)
        if person and person[1]:
            name, number = person
            found.setdefault(number, name)
    for number in extra:
        found.setdefault(number, "")
    for consent in consents:
        for name, number in repo.consent_persons(conn, consent["id"]):
            if number in found and not found[number]:
                found[number] = name
    return list(found.values()), list(found)


def _count(report: ErasureReport, counts: Counter[str], key: RecordKey, erased: bool) -> None:
    if erased:
        table = key[0]
        report.erased.add(key)
        counts[table] += 1
        report.deleted[table] = report.deleted.get(table, 0) + 1


def _erase_case(
    vault: Vault,
    conn: Connection,
    case: CaseBrief,
    erased_cases: set[str],
    done: set[tuple[str, str]],
    report: ErasureReport,
) -> dict[str, Any]:
    counts: Counter[str] = Counter()
    for table, ids in repo.case_record_ids(conn, [case.id]).items():
        for record_id in ids:
            if (table, record_id) not in done:
                done.add((table, record_id))
                erased = repo.erase_record(conn, table, record_id, vault.device_id)
                _count(report, counts, (table, record_id), erased)
    repo.drop_search_row(conn, case.id)
    # A consent goes with the case when every case it covers is erased (or already gone).
    consents = [
        c
        for c in repo.consents_of_cases(conn, [case.id])
        if not repo.live_case_ids(conn, set(c["case_ids"]) - erased_cases)
    ]
    result = {**counts, **_erase_consents(vault, conn, consents, done, report)}
    vault.log(
        "case.retention" if report.reason == "retention" else "case.erase",
        record_kind=case.kind,
        record_id=case.id,
        subject_ref=case.number,
        detail="; ".join(p for p in (_summary(result), report.note) if p),
    )
    return result


def _erase_consents(
    vault: Vault,
    conn: Connection,
    consents: Sequence[Mapping[str, Any]],
    done: set[tuple[str, str]],
    report: ErasureReport,
) -> dict[str, Any]:
    counts: Counter[str] = Counter()
    refs = []
    for consent in consents:
        if ("consents", consent["id"]) in done:
            continue
        done.add(("consents", consent["id"]))
        for scan_id in repo.scan_ids(conn, [consent["id"]]):
            done.add(("consent_scans", scan_id))
            erased = repo.erase_record(conn, "consent_scans", scan_id, vault.device_id)
            _count(report, counts, ("consent_scans", scan_id), erased)
        erased = repo.erase_record(conn, "consents", consent["id"], vault.device_id)
        _count(report, counts, ("consents", consent["id"]), erased)
        refs.append(consent["reference"])
        report.consent_refs.append(consent["reference"])
        if report.reason == "request":
            vault.log("consent.erase", record_kind="consent", record_id=consent["id"], subject_ref=consent["reference"])
    return {**counts, "_refs": refs}


def _summary(counts: Mapping[str, Any]) -> str:
    """'sag 1, skemaversioner 3, …' – what an erasure emptied, for the audit log and the deletion record's reader."""
    parts = [f"{TABLE_LABELS.get(table, table)} {counts[table]}" for table in TABLE_LABELS if counts.get(table)]
    return ", ".join(parts) or "intet"


def _redact_mentions(vault: Vault, conn: Connection, persons: Sequence[tuple[str, str]]) -> int:
    """Cut the persons' full names and CPR-nr. out of meeting texts that are not tied to an erased case."""
    names = [name for name, _ in persons if name.strip()]
    numbers = {number for _, number in persons}
    if not names and not numbers:
        return 0
    changed = 0
    for table, record_id, texts in repo.mention_texts(conn):
        new = {}
        for column, text in texts.items():
            findings = find_names(text, names) + [
                f for f in find_cpr_like(text) if "".join(ch for ch in f.text if ch.isdigit()) in numbers
            ]
            if findings:
                for finding in sorted(findings, key=lambda f: f.start, reverse=True):
                    text = text[: finding.start] + REDACTED + text[finding.end :]
                new[column] = text
        if new:
            repo.rewrite_record(conn, table, record_id, new, vault.device_id)
            changed += 1
    return changed


# -- backups ------------------------------------------------------------------------------------------------------


def stale_backups(vault: Vault) -> list[Path]:
    """Every copy of the vault that an erasure leaves behind: its backups (in the configured folder and the
    default one, unfinished ones included) and vault files set aside by a restore (`<vault>.replaced-…`)."""
    found: dict[Path, None] = {}
    for folder in dict.fromkeys((vault.backup_folder(), backups.default_backup_dir(vault.path))):
        found.update(dict.fromkeys(backups.list_backups(vault.path, folder)))
        if folder.is_dir():
            found.update(dict.fromkeys(p for p in folder.glob(f"{vault.path.stem}-*.partial") if p.is_file()))
    found.update(dict.fromkeys(p for p in vault.path.parent.glob(f"{vault.path.name}.replaced-*") if p.is_file()))
    return list(found)


def replace_backups(vault: Vault, first_record: int | None = None) -> tuple[int, Path]:
    """Take a fresh backup (after the erasure), then delete every older copy – they still hold the erased data.

    The deletion records from `first_record` (seq) on are given the number of copies deleted."""
    old = stale_backups(vault)
    with vault.transaction() as conn:
        vault.log(
            "backup.purge", detail=f"{len(old)} ældre sikkerhedskopier slettet efter sletning af personoplysninger"
        )
        if first_record is not None:
            repo.set_backups_deleted(conn, first_record, len(old))
    fresh = vault.backup(BACKUP_REASON)
    for path in old:
        if path != fresh:
            path.unlink(missing_ok=True)
    return len(old), fresh
