"""Bekymringsgrupper (groups of concern, seed 001 "Håndtering af bekymringsgrupper i SSP-regi").

A group is screened as a whole: how the worrying behaviour shows, the internal dynamics (medløber, toneangivende …),
and actions for the group and for individuals. Rules kept here, not in widgets:

* the designation ("Gruppe ved stationen") is a journal-level description: never a CPR-like number or a registered
  person's name;
* members are cases. A DKE-Sag member shows by case number, with a role in the group; the young person's name only
  in the sag-aware view (`get_group(..., with_names=True)`, which is logged). A **DKE-Journal member is only
  counted**: the link is stored, but no view, JSON or PDF of the group names or numbers it ("2 medlemmer fra
  DKE-Journaler"), and it takes no role;
* while the group has journal members its text obeys the journal's minimisation rule (`sspdesk.duties.minimisation`);
* the text sections keep every saved version (append-only rows), like a case's form sections.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sspdesk.domain.cases import Case, SectionEntry
from sspdesk.domain.errors import Invalid, NotFound
from sspdesk.domain.groups import (
    SECTION_TITLES,
    SECTIONS,
    STATUS_LABELS,
    Group,
    GroupRow,
    Membership,
    SagMember,
    journal_member_text,
)
from sspdesk.domain.meetings import AgendaItem
from sspdesk.duties.journal_rule import check_journal_text
from sspdesk.store import cases_repo, records
from sspdesk.store import groups_repo as repo
from sspdesk.store.dbapi import Connection
from sspdesk.store.vault import Vault

ROLES = ("toneangivende", "medløber", "i periferien", "andet")
HEADER_LABELS = {"name": "Betegnelse", "area": "Område", "coordinator": "Koordinator"}


@dataclass(frozen=True)
class NewGroup:
    name: str
    area: str = ""
    coordinator: str = ""
    registered: date | None = None  # default: today


@dataclass
class GroupDetail:
    group: Group
    sections: dict[str, SectionEntry]  # the current version of each saved section
    sag_members: list[SagMember]
    journal_members: int  # counted, never identified
    names_shown: bool = False

    @property
    def id(self) -> str:
        return self.group.id

    @property
    def number(self) -> str:
        return self.group.number

    @property
    def heading(self) -> str:
        return self.group.heading

    def section_fields(self, section: str) -> dict[str, str]:
        """The current fields of one section; {} when it was never saved."""
        entry = self.sections.get(section)
        return entry.fields if entry else {}

    def text(self, section: str, key: str) -> str:
        return str(self.section_fields(section).get(key, ""))

    def to_json(self) -> dict[str, Any]:
        data = self.group.to_json()
        data["members"] = [
            {
                "case_id": m.case_id,
                "number": m.number,
                "level": m.level,
                "role": m.role,
                **({"person_name": m.person_name} if self.names_shown else {}),
            }
            for m in self.sag_members
        ]
        data["journal_members"] = self.journal_members
        data["journal_members_text"] = journal_member_text(self.journal_members)
        data["sections"] = {name: s.fields for name, s in self.sections.items()}
        return data


def section_labels(section: str) -> dict[str, str]:
    return {f.key: f.label for f in SECTIONS[section]}


# -- rules ----------------------------------------------------------------------------------------------------


def _check_text(conn: Connection, fields: dict[str, str], labels: dict[str, str], why: str) -> None:
    check_journal_text(conn, fields, labels, reason=why)


_NAME_RULE = "En gruppes betegnelse og område må ikke indeholde navne eller CPR-numre."
_JOURNAL_RULE = "Gruppen har medlemmer fra DKE-Journaler, så dens tekst må ikke indeholde personhenførbare oplysninger."


def _check_header(conn: Connection, values: dict[str, str]) -> None:
    if "name" in values and not values["name"]:
        raise Invalid('Skriv gruppens betegnelse, fx "Gruppe ved stationen".', "name")
    _check_text(conn, {k: v for k, v in values.items() if k in ("name", "area")}, HEADER_LABELS, _NAME_RULE)


def _journal_count(conn: Connection, group_id: str) -> int:
    return sum(1 for m in repo.members(conn, group_id) if m.kind == "journal")


# -- reading --------------------------------------------------------------------------------------------------


def _resolve(vault: Vault, ref: str) -> str:
    group_id = repo.find_group_id(vault.conn, (ref or "").strip())
    if group_id is None:
        raise NotFound.record("Gruppen", ref)
    return group_id


def _group(vault: Vault, group_id: str) -> Group:
    group = repo.get_group(vault.conn, group_id)
    if group is None:
        raise NotFound.record("Gruppen", group_id)
    return group


def _detail(vault: Vault, group_id: str, with_names: bool = False) -> GroupDetail:
    conn = vault.conn
    group = repo.get_group(conn, group_id)
    if group is None:
        raise NotFound.record("Gruppen", group_id)
    rows = repo.members(conn, group_id)
    sag = [
        SagMember(r.case_id, r.number, r.level, r.status, r.role, r.person_name if with_names else "")
        for r in rows
        if r.kind == "sag"
    ]
    journals = sum(1 for r in rows if r.kind == "journal")
    return GroupDetail(group, repo.current_sections(conn, group_id), sag, journals, with_names)


def get_group(vault: Vault, ref: str, *, with_names: bool = False) -> GroupDetail:
    """A group by id or number (G-2026-0003). `with_names` is the sag-aware view: showing names is logged."""
    detail = _detail(vault, _resolve(vault, ref), with_names)
    if with_names and detail.sag_members:
        with vault.transaction():
            vault.log(
                "group.view",
                record_kind="group",
                record_id=detail.id,
                subject_ref=detail.number,
                detail=f"navne på {len(detail.sag_members)} sager vist",
            )
    return detail


def list_groups(vault: Vault, status: str = "") -> list[GroupRow]:
    """Groups, newest first, each with its `sag_members` / `journal_members` counts."""
    return repo.list_groups(vault.conn, status)


def area_values(vault: Vault) -> list[str]:
    return sorted(set(repo.distinct_areas(vault.conn)) | set(cases_repo.distinct_values(vault.conn, "area")))


def section_history(vault: Vault, ref: str, section: str) -> list[SectionEntry]:
    if section not in SECTIONS:
        raise Invalid(f"Ukendt afsnit: {section}")
    return repo.section_history(vault.conn, _resolve(vault, ref), section)


def groups_of_case(vault: Vault, case_ref: str) -> list[Membership]:
    """The groups a case belongs to (for the case's own view): number, name, status and the role."""
    case_id = cases_repo.find_case_id(vault.conn, (case_ref or "").strip())
    if case_id is None:
        raise NotFound.record("Sagen", case_ref)
    return repo.groups_of_case(vault.conn, case_id)


# -- writing --------------------------------------------------------------------------------------------------


def create_group(vault: Vault, new: NewGroup, *, today: date | None = None) -> GroupDetail:
    values = {"name": new.name.strip(), "area": new.area.strip(), "coordinator": new.coordinator.strip()}
    registered = new.registered or today or date.today()
    group_id = records.new_id()
    with vault.transaction() as conn:
        _check_header(conn, values)
        number = repo.allocate_number(conn, registered.year)
        repo.put_group(
            conn,
            vault.device_id,
            group_id,
            {**values, "number": number, "status": "active", "registered": registered.isoformat()},
        )
        vault.log("group.create", record_kind="group", record_id=group_id, subject_ref=number)
    return _detail(vault, group_id)


def update_group(
    vault: Vault,
    ref: str,
    *,
    name: str | None = None,
    area: str | None = None,
    coordinator: str | None = None,
    status: str | None = None,
    today: date | None = None,
) -> GroupDetail:
    """Change the header; closing sets the closing day, reopening clears it. Open agendas follow a new name."""
    group_id = _resolve(vault, ref)
    group = _group(vault, group_id)
    values = {
        k: v.strip()
        for k, v in (("name", name), ("area", area), ("coordinator", coordinator))
        if v is not None and v.strip() != getattr(group, k)
    }
    if status is not None and status != group.status:
        if status not in STATUS_LABELS:
            raise Invalid(f"Ukendt status: {status}", "status")
        values["status"] = status
        values["closed_on"] = (today or date.today()).isoformat() if status == "closed" else ""
    if not values:
        return _detail(vault, group_id)
    with vault.transaction() as conn:
        _check_header(conn, values)
        repo.put_group(conn, vault.device_id, group_id, values)
        vault.log(
            "group.edit",
            record_kind="group",
            record_id=group_id,
            subject_ref=group.number,
            detail=", ".join(sorted(values)),
        )
    if "name" in values:
        _retitle_agenda_items(vault, group_id)
    return _detail(vault, group_id)


def _retitle_agenda_items(vault: Vault, group_id: str) -> None:
    from sspdesk.meetings import rename_item  # meetings import cases; keep this module light

    title = _group(vault, group_id).heading
    for item_id, item_title, meeting_status in repo.agenda_items_of_group(vault.conn, group_id):
        if meeting_status == "open" and item_title != title:
            rename_item(vault, item_id, title)


def save_section(vault: Vault, ref: str, section: str, fields: dict[str, str]) -> None:
    """Save a new version of one text section (older versions stay as history)."""
    group_id = _resolve(vault, ref)
    group = _group(vault, group_id)
    if section not in SECTIONS:
        raise Invalid(f"Ukendt afsnit: {section}")
    labels = section_labels(section)
    unknown = sorted(set(fields) - set(labels))
    if unknown:
        raise Invalid(f"Feltet {unknown[0]!r} hører ikke til afsnittet {SECTION_TITLES[section]}.")
    clean = {k: (fields.get(k) or "").strip() for k in labels}
    with vault.transaction() as conn:
        if _journal_count(conn, group_id):
            _check_text(conn, clean, labels, _JOURNAL_RULE)
        repo.add_section(conn, vault.device_id, group_id, section, clean, vault.user)
        vault.log("group.edit", record_kind="group", record_id=group_id, subject_ref=group.number, detail=section)


def _member_case(vault: Vault, case_ref: str) -> Case:
    case_id = cases_repo.find_case_id(vault.conn, (case_ref or "").strip())
    case = cases_repo.get_case(vault.conn, case_id) if case_id else None
    if case is None:
        raise Invalid(f"Sagen findes ikke: {case_ref}", "case")
    return case


def _check_role(case: Case, role: str) -> str:
    role = role.strip()
    if role and case.kind != "sag":
        raise Invalid("En rolle i gruppen registreres kun for medlemmer fra en DKE-Sag.", "role")
    if role and role not in ROLES:
        raise Invalid(f"Ukendt rolle: {role} (vælg {', '.join(ROLES)}).", "role")
    return role


def add_member(vault: Vault, ref: str, case_ref: str, role: str = "", *, today: date | None = None) -> GroupDetail:
    """Add an open case to the group. A journal member makes the group's text subject to the journal rule."""
    group_id = _resolve(vault, ref)
    group = _group(vault, group_id)
    case = _member_case(vault, case_ref)
    role = _check_role(case, role)
    if case.status != "open":
        raise Invalid("Kun åbne sager kan komme med i en gruppe.", "case")
    if any(m.case_id == case.id for m in repo.members(vault.conn, group_id)):
        raise Invalid("Sagen er allerede med i gruppen.", "case")
    with vault.transaction() as conn:
        if case.kind == "journal":
            texts = {
                f"{s}.{k}": v
                for s, body in repo.current_sections(conn, group_id).items()
                for k, v in body.fields.items()
            }
            labels = {f"{s}.{f.key}": f.label for s, fs in SECTIONS.items() for f in fs}
            _check_text(conn, texts, labels, "Ret teksten, før et medlem fra en DKE-Journal kommer med i gruppen.")
        repo.put_member(
            conn, vault.device_id, group_id, case.id, {"role": role, "added_on": (today or date.today()).isoformat()}
        )
        # The journal's number stays out of the group's log line, as out of every other view of the group.
        vault.log(
            "group.member",
            record_kind="group",
            record_id=group_id,
            subject_ref=group.number,
            detail=f"medlem tilføjet ({'DKE-Journal' if case.kind == 'journal' else case.number})",
        )
    return _detail(vault, group_id)


def set_member_role(vault: Vault, ref: str, case_ref: str, role: str) -> GroupDetail:
    group_id = _resolve(vault, ref)
    case = _member_case(vault, case_ref)
    role = _check_role(case, role)
    if not any(m.case_id == case.id for m in repo.members(vault.conn, group_id)):
        raise Invalid("Sagen er ikke med i gruppen.", "case")
    with vault.transaction() as conn:
        repo.put_member(conn, vault.device_id, group_id, case.id, {"role": role})
    return _detail(vault, group_id)


def remove_member(vault: Vault, ref: str, case_ref: str) -> GroupDetail:
    """Take a case out of the group (a journal member is removed by typing its number: it is never listed)."""
    group_id = _resolve(vault, ref)
    group = _group(vault, group_id)
    case = _member_case(vault, case_ref)
    with vault.transaction() as conn:
        if not repo.delete_member(conn, vault.device_id, group_id, case.id):
            raise Invalid("Sagen er ikke med i gruppen.", "case")
        vault.log(
            "group.member",
            record_kind="group",
            record_id=group_id,
            subject_ref=group.number,
            detail=f"medlem fjernet ({'DKE-Journal' if case.kind == 'journal' else case.number})",
        )
    return _detail(vault, group_id)


def add_to_agenda(vault: Vault, ref: str, meeting_id: str) -> AgendaItem:
    """Put the group on a meeting's agenda as a group item titled with its number and designation."""
    from sspdesk.meetings import add_item

    group = _group(vault, _resolve(vault, ref))
    return add_item(vault, meeting_id, "group", title=group.heading, group_id=group.id)


def group_pdf(vault: Vault, ref: str) -> bytes:
    """The group's screening sheet: case numbers of sag members, journal members as a count. Printing is logged."""
    from sspdesk.pdf.statistics_pdf import group_sheet_pdf  # reportlab is loaded only when a PDF is made
    from sspdesk.preferences import municipality_logo

    detail = _detail(vault, _resolve(vault, ref))
    data = group_sheet_pdf(
        detail.group,
        detail.sections,
        detail.sag_members,
        detail.journal_members,
        municipality=vault.setting("municipality") or "",
        logo=municipality_logo(vault),
    )
    with vault.transaction():
        vault.log("pdf.group", record_kind="group", record_id=detail.id, subject_ref=detail.number)
    return data
