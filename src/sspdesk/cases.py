"""Service functions for cases (DKE-Journal and DKE-Sag), shared by the GUI and the CLI.

The registration rules live here, not in widgets: a journal never holds a name, a CPR number or a registered
person's name anywhere in its text; a sag holds only the fields of Bilag 4 plus the allowed extras.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from sspdesk import cpr as cprlib
from sspdesk.deadlines import case_events, compute_deadlines, refresh_case_deadlines, work_calendar
from sspdesk.domain.cases import Case, CaseRow, Deadline, SectionEntry
from sspdesk.domain.errors import Invalid, NotFound
from sspdesk.domain.forms import CASE_STATUS_LABELS as STATUS_LABELS  # noqa: F401  (the views import it from here)
from sspdesk.domain.forms import (
    CRIME_TYPES,
    KIND_LABELS,
    SAG_ONLY_SECTIONS,
    SECTION_NAMES,
    Field,
    journal_allows,
    journal_refusal,
    section_fields,
    section_labels,
)
from sspdesk.domain.profile_forms import ADULT, CONCERN, SSP_PLUS
from sspdesk.duties.journal_rule import check_journal_text
from sspdesk.information_deadline import DONE_HINT, information_deadline
from sspdesk.information_deadline import is_computed as is_computed_deadline
from sspdesk.preferences import remember_area
from sspdesk.profile_sections import AdultStatus, adult_status, check_section, offered_sections
from sspdesk.profiles import Profile, get_profile, profile_dirs
from sspdesk.store import cases_repo as repo
from sspdesk.store import deadline_events_repo, duties_repo
from sspdesk.store.cases_repo import CaseQuery as CaseQuery  # re-exported: callers filter with it
from sspdesk.store.dbapi import Connection
from sspdesk.store.vault import Vault
from sspdesk.underretning_reminder import DONE_HINT as UNDERRETNING_HINT
from sspdesk.underretning_reminder import case_reminders
from sspdesk.underretning_reminder import is_computed as is_underretning_reminder

# "concern" (København's SSP-bekymringsskabelon) and "adult" (Over 18 år) only where the profile and the age give them
# (`profile_sections.check_section`); the SSP+ hand-over record is written by `sspdesk.ssp_plus` only.
CASE_SECTIONS = ("status", "indsats", "opfoelgning", "opfoelgning2", "flow", "focus", CONCERN, ADULT, "closing")


@dataclass(frozen=True)
class NewCase:
    level: str
    subject: str
    registered: date | None = None  # default: today
    area: str = ""
    coordinator: str = ""
    forum: str = ""  # default: the level's forum in the profile (youth forum by age)
    person_name: str = ""  # sag only
    cpr: str = ""  # sag only
    source: str = ""
    crime_type: str = ""  # sag only: Kriminalitetstype of the case flow (forms.CRIME_TYPES)
    radicalisation: bool = False
    # The person's age when no CPR-nr. gives it (a DKE-Journal holds none): used only to choose the forum (the
    # Ungekoordinationsmøde from 16), never stored.
    age: int | None = None


@dataclass
class CaseDetail:
    case: Case
    sections: dict[str, SectionEntry]  # the current version of each saved section
    deadlines: list[Deadline]
    hints: list[str] = field(default_factory=list)
    adult: AdultStatus | None = None  # the person is 18 or more (sspdesk.profile_sections)
    profile_sections: list[str] = field(default_factory=list)  # the profile's own sections the case offers

    @property
    def ssp_plus_handover(self) -> dict[str, str]:
        """The newest hand-over to SSP+ (`sspdesk.ssp_plus`); {} when none is recorded."""
        return self.section_fields(SSP_PLUS)

    @property
    def id(self) -> str:
        return self.case.id

    @property
    def kind(self) -> str:
        return self.case.kind

    @property
    def number(self) -> str:
        return self.case.number

    def section_fields(self, section: str) -> dict[str, str]:
        """The current fields of one section; {} when it was never saved."""
        entry = self.sections.get(section)
        return entry.fields if entry else {}

    @property
    def sag_only_sections(self) -> list[str]:
        """Sections of a journal that only a sag may hold (saved before the rule, or by an older version): the
        text stays in the history until the user removes it or raises the journal to a sag."""
        if self.kind != "journal":
            return []
        return [key for key in SAG_ONLY_SECTIONS if key in self.sections]

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            k: getattr(self.case, k)
            for k in (
                "id",
                "number",
                "kind",
                "level",
                "subject",
                "status",
                "forum",
                "area",
                "coordinator",
                "registered",
                "closed_on",
                "from_journal",
            )
        }
        if self.kind == "sag":
            data["person_name"] = self.case.person_name
            data["cpr"] = cprlib.format_cpr(self.case.cpr) if self.case.cpr else ""
        # `due` is null while the deadline waits for its start event; `waits_for` then says for what (Danish).
        data["deadlines"] = [
            {
                "kind": d.kind,
                "label": d.label,
                "due": d.due or None,
                "waits_for": (d.waits_for or "næste møde") if not d.due else None,
                "status": d.status,
            }
            for d in self.deadlines
        ]
        data["sections"] = {name: s.fields for name, s in self.sections.items()}
        data["hints"] = self.hints
        if self.kind == "sag":
            data["over_18"] = self.adult.to_json() if self.adult else None
            handover = self.ssp_plus_handover
            data["ssp_plus_handover"] = (
                {
                    "on": handover.get("dato", ""),
                    "to": handover.get("til", ""),
                    "categories": [k for k in handover.get("kategorier", "").split(",") if k],
                    "sections": [k for k in handover.get("afsnit", "").split(",") if k],
                    "basis": handover.get("hjemmel", ""),
                    "exchange_id": handover.get("udveksling", ""),
                }
                if handover
                else None
            )
        if self.sag_only_sections:
            data["sag_only_sections"] = self.sag_only_sections
        return data


# -- profile ----------------------------------------------------------------------------------------------


def active_profile(vault: Vault) -> Profile:
    return get_profile(vault.setting("profile"), extra_dirs=profile_dirs())


# -- registering and reading ------------------------------------------------------------------------------


def _check_journal_text(conn: Connection, fields: dict[str, str], labels: dict[str, str]) -> None:
    check_journal_text(conn, fields, labels)  # PersonDataInJournal names field and span


def _person(kind: str, new: NewCase) -> tuple[str, str, date | None]:
    name, typed_cpr = new.person_name.strip(), new.cpr.strip()
    if kind == "journal":
        if name or typed_cpr:
            raise Invalid("En DKE-Journal (niveau I) må ikke indeholde navn eller CPR-nr.", "person_name")
        return "", "", None
    if not name:
        raise Invalid("En DKE-Sag skal have navn på den unge.", "person_name")
    number = cprlib.normalize_cpr(typed_cpr)
    return name, number, cprlib.birth_date(number)


def register_case(vault: Vault, new: NewCase, *, today: date | None = None) -> CaseDetail:
    """Register a journal or sag at `new.level`; its deadlines come from the active profile."""
    profile = active_profile(vault)
    if new.level not in profile.level_codes():
        raise Invalid(f"Niveau {new.level!r} findes ikke i {profile.name}.", "level")
    kind = profile.level(new.level).record_kind
    subject = new.subject.strip()
    if not subject:
        raise Invalid("Skriv sagens genstand.", "subject")
    if kind == "journal" and (new.source or new.crime_type):
        field, label = ("source", "Identifikation – kilde") if new.source else ("crime_type", "Kriminalitetstype")
        raise Invalid(
            f"En DKE-Journal har ikke feltet {label}: det hører til en DKE-Sags sagsforløb. "
            "Skriv hændelsen i sagens genstand.",
            field,
        )
    if new.crime_type and new.crime_type not in CRIME_TYPES:
        raise Invalid(
            f"Ukendt kriminalitetstype: {new.crime_type}. Brug en af: {', '.join(CRIME_TYPES)}.", "crime_type"
        )
    name, number, birth = _person(kind, new)
    registered = new.registered or today or date.today()
    age = cprlib.age_on_birth(birth, registered) if birth else new.age
    if new.age is not None and not 0 <= new.age <= 120:
        raise Invalid("Alderen skal være et tal mellem 0 og 120.", "age")
    forum = new.forum.strip() or profile.forum_for(new.level, age)
    header = {"subject": subject, "area": new.area, "coordinator": new.coordinator, "forum": forum}
    with vault.transaction() as conn:
        if kind == "journal":
            _check_journal_text(
                conn,
                header,
                {"subject": "Sagens genstand", "area": "Område", "coordinator": "Koordinator", "forum": "Mødeforum"},
            )
        values = {
            "number": repo.allocate_number(conn, kind, registered.year),
            "kind": kind,
            "profile": profile.id,
            "level": new.level,
            **header,
            "registered": registered.isoformat(),
            "status": "open",
            "person_name": name,
            "cpr": number,
            "birth_date": birth.isoformat() if birth else "",
            "radicalisation": int(new.radicalisation),
        }
        case_id = repo.insert_case(conn, vault.device_id, values)
        remember_area(vault, conn, new.area)  # a new area shows up in Indstillinger → Områder
        flow = {k: v for k, v in (("kilde", new.source), ("kriminalitetstype", new.crime_type)) if v}
        if flow:
            repo.add_section(conn, vault.device_id, case_id, "flow", flow, vault.user)
        _add_profile_deadlines(conn, vault, profile, case_id, new.level, registered, birth, forum)
        repo.reindex(conn, case_id)
        vault.log("case.create", record_kind=kind, record_id=case_id, subject_ref=str(values["number"]))
    return _detail(vault, case_id, profile)


def _add_profile_deadlines(
    conn: Connection,
    vault: Vault,
    profile: Profile,
    case_id: str,
    level: str,
    start: date,
    birth: date | None,
    forum: str = "",
) -> None:
    """The level's deadlines from `start` (the day the case came to the level), each counted from its event: the
    case's meetings and recorded events so far count, a met_by deadline already met is ticked off at once."""
    calendar = work_calendar(vault, profile)
    happened = case_events(conn, case_id)
    deadlines = compute_deadlines(profile, level, start, birth=birth, happened=happened, calendar=calendar, forum=forum)
    deadline_events_repo.add_deadline_rows(conn, vault.device_id, case_id, [d.row(start) for d in deadlines])
    refresh_case_deadlines(conn, vault.device_id, calendar, [case_id], start)


def _resolve(vault: Vault, ref: str) -> str:
    case_id = repo.find_case_id(vault.conn, ref.strip())
    if case_id is None:
        raise NotFound.record("Sagen", ref)
    return case_id


def _case(vault: Vault, case_id: str) -> Case:
    case = repo.get_case(vault.conn, case_id)
    if case is None:
        raise NotFound.record("Sagen", case_id)
    return case


def _detail(vault: Vault, case_id: str, profile: Profile | None = None, today: date | None = None) -> CaseDetail:
    conn = vault.conn
    case = repo.get_case(conn, case_id)
    if case is None:
        raise NotFound.record("Sagen", case_id)
    hints: list[str] = []
    born = case.birth
    day = today or date.today()
    sections = repo.current_sections(conn, case_id)
    handover = sections.get(SSP_PLUS)
    if born and case.is_open:
        profile = profile or active_profile(vault)
        youth = profile.age_rules.youth_forum
        hints = [
            h.text
            for h in cprlib.age_hints(born, day, profile)
            # The youth forum stands in for one forum only (Koordinationsmøde): no hint on a Sagsmøde case.
            if h.code != "youth_forum" or (youth and case.forum in (youth.replaces, youth.forum))
            # Once handed over, the case shows the hand-over (CaseDetail.ssp_plus_handover) instead of asking.
            if h.code != "ssp_plus" or handover is None
        ]
    adult, offered = None, []
    if case.is_sag:
        profile = profile or active_profile(vault)
        adult = adult_status(profile, case, sections, day)
        offered = offered_sections(profile, case, day, sections)
    deadlines = _case_deadlines(vault, case, profile, today)
    return CaseDetail(case, sections, deadlines, hints, adult, offered)


def _case_deadlines(vault: Vault, case: Case, profile: Profile | None, today: date | None) -> list[Deadline]:
    """The stored deadlines plus the computed ones – the level-III information duty, an underretning a Netværksmøde
    decided and nobody recorded – open ones first by due date."""
    stored = repo.case_deadlines(vault.conn, case.id)
    if not case.is_open:
        return stored
    computed = case_reminders(vault.conn, case.id)
    if case.is_sag:
        information = information_deadline(vault.conn, profile or active_profile(vault), case, today or date.today())
        computed += [information] if information else []
    if not computed:
        return stored
    return sorted([*stored, *computed], key=lambda d: (not d.is_open, d.due == "", d.due, d.label))


def get_case(vault: Vault, ref: str, *, today: date | None = None) -> CaseDetail:
    """Open a case by id or number. Viewing a sag's personal data is logged."""
    case_id = _resolve(vault, ref)
    detail = _detail(vault, case_id, today=today)
    if detail.kind == "sag":
        with vault.transaction():
            vault.log("case.view", record_kind="sag", record_id=case_id, subject_ref=detail.number)
    return detail


def list_case_ids(vault: Vault, query: CaseQuery | None = None) -> list[str]:
    query = query or CaseQuery()
    ids = repo.list_case_ids(vault.conn, query)
    if query.text.strip():
        # A search is logged with its criterion (Datatilsynet practice); CPR numbers and names are masked.
        from sspdesk.duties.audit_service import log_search

        log_search(vault, query.text, len(ids))
    return ids


def case_page(vault: Vault, query: CaseQuery, offset: int = 0, limit: int = 200) -> list[str]:
    """One page of ids in list order (the Sager list's first page, then more as it scrolls). A page costs the same
    however many cases match: it is read in order from an index and stops when full. Not logged: the search is
    logged by `count_cases`, with its number of hits."""
    return repo.list_case_ids(vault.conn, replace(query, limit=limit), offset)


def count_cases(vault: Vault, query: CaseQuery, known: int | None = None) -> int:
    """How many cases match `query` (`known` when the caller has seen them all); a search is logged here."""
    total = repo.count_cases(vault.conn, query) if known is None else known
    if query.text.strip():
        from sspdesk.duties.audit_service import log_search

        log_search(vault, query.text, total)
    return total


def iter_case_rows(vault: Vault, query: CaseQuery | None = None, chunk: int = 500) -> Iterator[CaseRow]:
    """Every listed case's row, in list order, read a chunk at a time (`cases list` streams them)."""
    ids = list_case_ids(vault, query)
    for start in range(0, len(ids), chunk):
        yield from repo.fetch_list_rows(vault.conn, ids[start : start + chunk])


def case_rows(vault: Vault, ids: list[str]) -> list[CaseRow]:
    return repo.fetch_list_rows(vault.conn, ids)


def list_cases(vault: Vault, query: CaseQuery | None = None) -> list[CaseRow]:
    return case_rows(vault, list_case_ids(vault, query))


def sag_choices(vault: Vault, open_only: bool = True) -> list[tuple[str, str]]:
    """(id, "S-2026-0003 – Sagens genstand") of the sager, newest first; a closed one says so."""
    return [
        (case_id, f"{number} – {subject}" + ("" if status == "open" else " (lukket)"))
        for case_id, number, subject, status in repo.sag_choices(vault.conn, open_only)
    ]


def filter_values(vault: Vault, column: str) -> list[str]:
    return repo.distinct_values(vault.conn, column)


# -- editing ----------------------------------------------------------------------------------------------


def save_section(vault: Vault, ref: str, section: str, fields: dict[str, str], *, today: date | None = None) -> None:
    """Save a new version of one form section (the old versions stay as history)."""
    case_id = _resolve(vault, ref)
    case = _case(vault, case_id)
    if case.status != "open":
        raise Invalid("Sagen er lukket og kan ikke ændres.")
    if section not in CASE_SECTIONS or section == "closing":
        raise Invalid(f"Ukendt afsnit: {section}")
    if case.kind == "journal" and not journal_allows(section):
        raise Invalid(journal_refusal(section), "section")
    profile = active_profile(vault)
    if section in (CONCERN, ADULT):
        check_section(profile, case, section, today or date.today())
    labels = section_labels(case.kind, section, profile.focus_areas)
    unknown = sorted(set(fields) - set(labels))
    if unknown:
        raise Invalid(f"Feltet {unknown[0]!r} hører ikke til dette afsnit af en {KIND_LABELS[case.kind]}.")
    clean = {k: (v or "").strip() for k, v in fields.items()}
    with vault.transaction() as conn:
        if case.kind == "journal":
            _check_journal_text(conn, clean, labels)
        repo.add_section(conn, vault.device_id, case_id, section, clean, vault.user)
        repo.reindex(conn, case_id)
        vault.log("case.edit", record_kind=case.kind, record_id=case_id, subject_ref=case.number, detail=section)


def section_history(vault: Vault, ref: str, section: str) -> list[SectionEntry]:
    return repo.section_history(vault.conn, _resolve(vault, ref), section)


def remove_sag_fields(vault: Vault, ref: str) -> list[str]:
    """Delete the text a journal holds in sections only a sag may have (every version of them), and log it.

    Returns the sections removed. The versions are emptied and made tombstones, so the deletion also reaches the
    colleagues' laptops; the audit entry names the sections and the number of versions, never the text."""
    case_id = _resolve(vault, ref)
    case = _case(vault, case_id)
    if case.kind != "journal":
        raise Invalid("Kun en DKE-Journal kan have oplysninger i felter, som hører til en DKE-Sag.")
    with vault.transaction() as conn:
        versions = repo.section_versions(conn, case_id, SAG_ONLY_SECTIONS)
        if not versions:
            raise Invalid("Journalen har ingen oplysninger i felter, som kun hører til en DKE-Sag.")
        sections = [key for key in SAG_ONLY_SECTIONS if any(s == key for _, s, _ in versions)]
        for version_id, _section, _entry in versions:
            duties_repo.erase_record(conn, "case_sections", version_id, vault.device_id)
        repo.reindex(conn, case_id)
        names = ", ".join(SECTION_NAMES[key] for key in sections)
        vault.log(
            "case.sag_fields_removed",
            record_kind="journal",
            record_id=case_id,
            subject_ref=case.number,
            detail=f"{names} ({len(versions)} versioner slettet)",
        )
    return sections


def _move_sag_fields(vault: Vault, conn: Connection, journal: Case, sag_id: str, sag_number: str) -> None:
    """Move the sag-only text of a journal being raised into the new sag, with each version's author and time."""
    versions = repo.section_versions(conn, journal.id, SAG_ONLY_SECTIONS)
    if not versions:
        return
    for version_id, section, entry in versions:
        repo.add_section(conn, vault.device_id, sag_id, section, entry.fields, entry.author, entry.created_at)
        duties_repo.erase_record(conn, "case_sections", version_id, vault.device_id)
    repo.reindex(conn, sag_id)
    repo.reindex(conn, journal.id)
    sections = ", ".join(SECTION_NAMES[key] for key in SAG_ONLY_SECTIONS if any(s == key for _, s, _ in versions))
    vault.log(
        "case.sag_fields_moved",
        record_kind="journal",
        record_id=journal.id,
        subject_ref=journal.number,
        detail=f"{sections} ({len(versions)} versioner) -> {sag_number}",
    )


def change_level(
    vault: Vault, ref: str, new_level: str, *, person_name: str = "", cpr: str = "", today: date | None = None
) -> CaseDetail:
    """Move a case to another level. A journal raised to a sag level creates a new sag referencing it."""
    case_id = _resolve(vault, ref)
    case = _case(vault, case_id)
    profile = active_profile(vault)
    if case.status != "open":
        raise Invalid("Kun åbne sager kan skifte niveau.")
    if new_level not in profile.level_codes() or new_level == case.level:
        raise Invalid(f"Vælg et andet niveau end {case.level}.", "level")
    new_kind = profile.level(new_level).record_kind
    day = today or date.today()
    if case.kind == "sag" and new_kind == "journal":
        raise Invalid("En DKE-Sag kan ikke flyttes ned til en DKE-Journal: den indeholder personoplysninger.")
    if case.kind == "journal" and new_kind == "sag":
        return _raise_journal(vault, case, new_level, person_name, cpr, day)
    birth = case.birth
    age = cprlib.age_on_birth(birth, day) if birth else None
    values = {"level": new_level}
    # The case goes to the new level's forum (a level III case to the Operativgruppemøde) unless the user chose
    # another forum than the old level's.
    known = case.level in profile.level_codes()  # a case of another profile's level has no default forum here
    old_forums = {profile.level(case.level).forum, profile.forum_for(case.level, age)} if known else set()
    if not case.forum or case.forum in old_forums:
        values["forum"] = profile.forum_for(new_level, age)
    with vault.transaction() as conn:
        repo.close_open_deadlines(conn, vault.device_id, case_id, day.isoformat())
        repo.update_case(conn, vault.device_id, case_id, values)
        _add_profile_deadlines(conn, vault, profile, case_id, new_level, day, birth, values.get("forum", case.forum))
        vault.log(
            "case.level",
            record_kind=case.kind,
            record_id=case_id,
            subject_ref=case.number,
            detail=f"{case.level} -> {new_level}",
        )
    return _detail(vault, case_id, profile)


def _raise_journal(vault: Vault, journal: Case, level: str, person_name: str, cpr: str, day: date) -> CaseDetail:
    new = NewCase(
        level=level,
        subject=journal.subject,
        registered=day,
        area=journal.area,
        coordinator=journal.coordinator,
        person_name=person_name,
        cpr=cpr,
        radicalisation=journal.radicalisation,  # the concern goes with the case (and to the leader at level II)
    )
    sag = register_case(vault, new, today=day)
    with vault.transaction() as conn:
        repo.update_case(conn, vault.device_id, sag.id, {"from_journal": journal.id})
        repo.update_case(conn, vault.device_id, journal.id, {"status": "raised", "closed_on": day.isoformat()})
        repo.close_open_deadlines(conn, vault.device_id, journal.id, day.isoformat())
        _move_sag_fields(vault, conn, journal, sag.id, sag.number)
        vault.log(
            "case.level",
            record_kind="journal",
            record_id=journal.id,
            subject_ref=journal.number,
            detail=f"{journal.level} -> {level} ({sag.number})",
        )
    return _detail(vault, sag.id)


def close_case(
    vault: Vault, ref: str, closing_note: str, transfer: str = "", *, today: date | None = None
) -> CaseDetail:
    """Close with a lukkenotat; a sag also needs the decision on transfer to the social authorities."""
    case_id = _resolve(vault, ref)
    case = _case(vault, case_id)
    if case.status != "open":
        raise Invalid("Sagen er allerede lukket.")
    note = closing_note.strip()
    if not note:
        raise Invalid("Skriv et lukkenotat: en kort begrundelse for lukningen.", "lukkenotat")
    if case.kind == "sag" and not transfer:
        raise Invalid("Tag stilling til, om oplysningerne overdrages til de sociale myndigheder.", "overdragelse")
    day = (today or date.today()).isoformat()
    fields = {"lukkenotat": note, "overdragelse": transfer if case.kind == "sag" else ""}
    with vault.transaction() as conn:
        if case.kind == "journal":
            _check_journal_text(conn, fields, {"lukkenotat": "Lukkenotat", "overdragelse": "Overdragelse"})
        repo.add_section(conn, vault.device_id, case_id, "closing", fields, vault.user)
        repo.update_case(conn, vault.device_id, case_id, {"status": "closed", "closed_on": day})
        repo.close_open_deadlines(conn, vault.device_id, case_id, day)
        repo.reindex(conn, case_id)
        vault.log("case.close", record_kind=case.kind, record_id=case_id, subject_ref=case.number)
    return _detail(vault, case_id)


def done_hint(deadline: Deadline) -> str:
    """How a computed deadline is met (it is never ticked off); '' for a stored one."""
    if not deadline.computed:
        return ""
    return UNDERRETNING_HINT if is_underretning_reminder(deadline.id) else DONE_HINT


def mark_deadline_done(vault: Vault, deadline_id: str, *, today: date | None = None) -> None:
    if is_computed_deadline(deadline_id):  # met by recording the information, not by a tick
        raise Invalid(DONE_HINT, "deadline")
    if is_underretning_reminder(deadline_id):  # met by recording the underretning
        raise Invalid(UNDERRETNING_HINT, "deadline")
    with vault.transaction() as conn:
        repo.set_deadline_status(conn, vault.device_id, deadline_id, "done", (today or date.today()).isoformat())


def due_deadlines(vault: Vault, until: date) -> list[Deadline]:
    """Open deadlines due on or before `until` (overdue ones included), earliest first."""
    return repo.open_deadlines_until(vault.conn, until.isoformat())


def form_fields(kind: str, section: str, profile: Profile) -> tuple[Field, ...]:
    """The Field definitions of one section, for the editor and the PDF."""
    return section_fields(kind, section, profile.focus_areas)


def case_pdf(vault: Vault, ref: str) -> bytes:
    """The filled DKE-Sag / DKE-Journal form as PDF bytes; printing is logged."""
    from sspdesk.pdf.case_form import case_form_pdf  # reportlab is loaded only when a PDF is made
    from sspdesk.preferences import municipality_logo

    detail = _detail(vault, _resolve(vault, ref))
    data = case_form_pdf(
        detail.case,
        detail.sections,
        municipality=vault.setting("municipality") or "",
        focus_areas=tuple(active_profile(vault).focus_areas),
        logo=municipality_logo(vault),
    )
    with vault.transaction():
        vault.log("pdf.case", record_kind=detail.kind, record_id=detail.id, subject_ref=detail.number)
    return data
