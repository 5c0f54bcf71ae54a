"""Follow-up (opfølgning): dispositions and the agenda proposal of a forum's next meeting.

A disposition (hvem gør hvad, hvornår) is a tracked task minuted at a meeting. An open disposition is carried to
the next agenda of its forum (and area) until it is marked done; together with the forum's cases that are due
for follow-up that makes the proposed agenda (`propose_agenda`). A disposition without a meeting is an initiative
of its case's handleplan (`sspdesk.action_plans`): it is carried to the next agenda of the case's forum and is changed
only through the plan. This module also holds what meetings and
dispositions share – the guards on a meeting's state – so `sspdesk.meetings` builds
on it without an import cycle.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

from sspdesk.cases import active_profile
from sspdesk.contacts import list_contacts
from sspdesk.domain.cases import Deadline
from sspdesk.domain.dates import date_text
from sspdesk.domain.errors import Invalid, NotFound
from sspdesk.domain.meetings import AgendaProposal, Disposition, ProposedItem, ProposedParticipant
from sspdesk.duties.journal_rule import check_journal_text
from sspdesk.profiles import DEFAULT_CADENCE_DAYS, Forum
from sspdesk.routing import LEADER_NAME_SETTING, case_invitations, leader_route
from sspdesk.store import meetings_repo as repo
from sspdesk.store import records
from sspdesk.store.clock import utc_now
from sspdesk.store.dbapi import Connection
from sspdesk.store.vault import Vault

DISPOSITION_LABELS = {"owner": "Hvem", "what": "Hvad", "due": "Frist"}
FOLLOWUP_TITLE = "Opfølgning på dispositioner fra tidligere møder"
PLAN_FOLLOWUP = "Opfølgning på handleplanens initiativer"
PLAN_OWNED = "Dispositionen er et initiativ i sagens handleplan: ret den i handleplanen (Handleplan…)."


def disposition_from_row(row: dict[str, Any]) -> Disposition:
    return Disposition(**{k: row[k] for k in Disposition.__dataclass_fields__ if k in row})


# -- guards shared with sspdesk.meetings --------------------------------------------------------------------------


def meeting_row(vault: Vault, meeting_id: str) -> dict[str, Any]:
    row = repo.get_meeting(vault.conn, meeting_id)
    if row is None:
        raise NotFound.record("Mødet", meeting_id)
    return row


def require_editable(meeting: dict[str, Any]) -> None:
    """Approved minutes are locked; a cancelled meeting takes no minutes."""
    if meeting["status"] == "approved":
        raise Invalid("Referatet er godkendt og låst. Skriv et tillæg, eller træk godkendelsen tilbage.")
    if meeting["status"] == "cancelled":
        raise Invalid("Mødet er aflyst.")


def journal_rule(conn: Connection, item: dict[str, Any] | None) -> tuple[bool, bool]:
    """(applies, because of a group) for the texts on an agenda item (None: no item)."""
    if item is None:
        return False, False
    if item["case_kind"] == "journal":
        return True, False
    group = bool(item.get("group_id")) and repo.group_has_journal_members(conn, item["id"])
    return group, group


def parse_due(due: date | str | None) -> str:
    if due is None or due == "":
        return ""
    if isinstance(due, date):
        return due.isoformat()
    try:
        return date.fromisoformat(due.strip()).isoformat()
    except ValueError:
        raise Invalid(f"Ugyldig frist: {due!r} (brug ÅÅÅÅ-MM-DD).", "due") from None


# -- services -------------------------------------------------------------------------------------------------


def add_disposition(
    vault: Vault,
    meeting_id: str,
    owner: str,
    what: str,
    *,
    item_id: str = "",
    due: date | str | None = None,
    contact_id: str = "",
) -> Disposition:
    """Minute a disposition at a meeting (on one of its items, or the meeting as a whole)."""
    meeting = meeting_row(vault, meeting_id)
    require_editable(meeting)
    owner, what = owner.strip(), what.strip()
    if not owner:
        raise Invalid("Skriv hvem dispositionen ligger hos.", "owner")
    if not what:
        raise Invalid("Skriv hvad der skal gøres.", "what")
    case_id, item = "", None
    if item_id:
        item = repo.get_item(vault.conn, item_id)
        if item is None or item["meeting_id"] != meeting_id:
            raise NotFound.record("Dagsordenspunktet", item_id)
        case_id = item["case_id"]
    values = {
        "meeting_id": meeting_id,
        "item_id": item_id,
        "case_id": case_id,
        "owner": owner,
        "what": what,
        "due": parse_due(due),
        "status": "open",
        "contact_id": contact_id,
        "created_at": utc_now(),
    }
    disposition_id = records.new_id()
    with vault.transaction() as conn:
        applies, group = journal_rule(conn, item)
        if applies:
            check_journal_text(conn, {"owner": owner, "what": what}, DISPOSITION_LABELS, group=group)
        repo.put(conn, vault.device_id, "dispositions", disposition_id, values)
        vault.log(
            "disposition.add",
            record_kind="disposition",
            record_id=disposition_id,
            subject_ref=meeting["number"],
            detail=item_id,
        )
    return get_disposition(vault, disposition_id)


def get_disposition(vault: Vault, disposition_id: str) -> Disposition:
    row = repo.get_disposition(vault.conn, disposition_id)
    if row is None:
        raise NotFound.record("Dispositionen", disposition_id)
    return disposition_from_row(row)


def update_disposition(
    vault: Vault,
    disposition_id: str,
    *,
    owner: str | None = None,
    what: str | None = None,
    due: date | str | None = None,
) -> Disposition:
    """Change what was minuted (only while the meeting's minutes are not approved)."""
    current = get_disposition(vault, disposition_id)
    if current.from_action_plan:
        raise Invalid(PLAN_OWNED)
    require_editable(meeting_row(vault, current.meeting_id))
    values: dict[str, str] = {}
    if owner is not None:
        values["owner"] = owner.strip() or current.owner
    if what is not None:
        values["what"] = what.strip() or current.what
    if due is not None:
        values["due"] = parse_due(due)
    with vault.transaction() as conn:
        applies, group = journal_rule(conn, repo.get_item(conn, current.item_id) if current.item_id else None)
        if applies:
            check_journal_text(conn, {k: v for k, v in values.items() if k != "due"}, DISPOSITION_LABELS, group=group)
        repo.put(conn, vault.device_id, "dispositions", disposition_id, values)
        vault.log(
            "disposition.edit", record_kind="disposition", record_id=disposition_id, subject_ref=current.meeting_number
        )
    return get_disposition(vault, disposition_id)


def set_disposition_done(
    vault: Vault, disposition_id: str, done: bool = True, *, today: date | None = None
) -> Disposition:
    """Mark a disposition done (it stops being carried to the next agenda) or open again.

    Allowed after the minutes are approved: following up on it is what the next meeting does."""
    current = get_disposition(vault, disposition_id)
    values = {"status": "done" if done else "open", "done_on": (today or date.today()).isoformat() if done else ""}
    with vault.transaction() as conn:
        repo.put(conn, vault.device_id, "dispositions", disposition_id, values)
        vault.log(
            "disposition.done" if done else "disposition.reopen",
            record_kind="disposition",
            record_id=disposition_id,
            subject_ref=current.meeting_number or current.case_number,
        )
    return replace(current, **values)


def open_dispositions(vault: Vault, forum: str | None = None, area: str | None = None) -> list[Disposition]:
    """Every open disposition (of one forum / area), earliest due first – for Overblik."""
    return [disposition_from_row(r) for r in repo.open_dispositions(vault.conn, forum or "", area)]


def carried_dispositions(vault: Vault, forum: str, area: str, before: str) -> list[Disposition]:
    """Open dispositions of the forum's (and area's) meetings held before `before` (YYYY-MM-DDTHH:MM)."""
    return [disposition_from_row(r) for r in repo.open_dispositions(vault.conn, forum, area, before)]


# -- forums and participants from the profile -----------------------------------------------------------------------


def forums(vault: Vault) -> list[Forum]:
    return list(active_profile(vault).forums)


def cadence_days(forum: Forum | None) -> int:
    """Days between two meetings of the forum (the profile's `cadence_days`); the default for an unknown forum."""
    return forum.cadence_days if forum is not None else DEFAULT_CADENCE_DAYS


def _role_matches(contact_role: str, role: str) -> bool:
    mine, wanted = contact_role.strip().casefold(), role.strip().casefold()
    return bool(mine) and (wanted == mine or wanted.startswith(mine) or wanted.removeprefix("evt. ") == mine)


def is_dke_role(role: str) -> bool:
    """A role the consultant fills: DKE's coordinator ("Kriminalpræventiv koordinator (DKE)", "Den Kriminalpræventive
    Enhed (leder og koordinator)") – not the DKE leader, who is a role of its own."""
    text = role.casefold()
    return ("(dke)" in text or "kriminalpræventiv" in text) and "koordinator" in text


def _organisation(role: str) -> str:
    return role.split("(")[0].strip().casefold()


def default_participants(
    vault: Vault,
    forum: str,
    extra_roles: Sequence[str] = (),
    proposed_roles: Sequence[str] = (),
    *,
    with_cases: bool = True,
) -> list[ProposedParticipant]:
    """The forum's participant roles (seed 000 ch. 4a), each filled with a matching contact or the user.

    The user fills the role matching their own role (Indstillinger), else the forum's DKE coordinator role (issue 21
    item 7: the user's own name fills the DKE role). `extra_roles` must be invited (a case's mandatory invitations);
    `proposed_roles` are offered unticked. A forum's standing members (the Operativgruppe) are all proposed for a
    meeting without cases and offered unticked on a meeting about cases: DKE chooses whom to call (l.668–670)."""
    profile = active_profile(vault)
    found = profile.forum(forum)
    roles = list(dict.fromkeys([*(found.participants if found else ()), *extra_roles]))
    optional = [r for r in dict.fromkeys(proposed_roles) if r not in roles]
    taken = {_organisation(r) for r in roles}
    for member in found.standing_members if found else ():
        if _organisation(member) not in taken and member not in optional:
            (optional if with_cases else roles).append(member)
    contacts, used = list_contacts(vault), set()
    user, user_role = vault.user, vault.setting("user_role") or ""
    leader = str(vault.setting(LEADER_NAME_SETTING) or "").strip()
    everyone = [*roles, *optional]
    user_slot = next((r for r in everyone if _role_matches(user_role, r)), None)
    user_slot = user_slot or next((r for r in everyone if is_dke_role(r)), None)
    proposed = []
    for role in everyone:
        is_optional = role in optional
        if user and role == user_slot:
            proposed.append(ProposedParticipant(role, user, optional=is_optional))
            continue
        if role == profile.leader_role and leader:
            proposed.append(ProposedParticipant(role, leader, optional=is_optional))
            continue
        contact = next((c for c in contacts if c.id not in used and _role_matches(c.role, role)), None)
        if contact:
            used.add(contact.id)
        name, contact_id = (contact.name, contact.id) if contact else ("", "")
        proposed.append(ProposedParticipant(role, name, contact_id, optional=is_optional))
    return proposed


# -- the agenda proposal -----------------------------------------------------------------------------------------


def parse_starts_at(value: datetime | str) -> datetime:
    if isinstance(value, datetime):
        return value.replace(second=0, microsecond=0, tzinfo=None)
    try:
        parsed = datetime.fromisoformat(value.strip().replace(" ", "T"))
    except (ValueError, AttributeError):
        raise Invalid(f"Ugyldigt mødetidspunkt: {value!r} (brug ÅÅÅÅ-MM-DD TT:MM).", "starts_at") from None
    return parsed.replace(second=0, microsecond=0, tzinfo=None)


def forum_named_in(label: str, names: Sequence[str]) -> str:
    """A deadline whose label names a forum ("Opfølgning på Sagsmøde") belongs to that forum's agenda."""
    for name in sorted(names, key=len, reverse=True):
        if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", label):
            return name
    return ""


def _deadline_reason(deadline: Deadline, day: date) -> str:
    if not deadline.due:
        return deadline.label
    late = " (overskredet)" if deadline.overdue(day) else ""
    return f"{deadline.label}: frist {date_text(deadline.due)}{late}"


def propose_agenda(vault: Vault, forum: str, starts_at: datetime | str, area: str = "") -> AgendaProposal:
    """What the next meeting of `forum` (in `area`) should discuss. Reads only; nothing is saved."""
    profile = active_profile(vault)
    when = parse_starts_at(starts_at)
    day, stamp = when.date(), when.strftime("%Y-%m-%dT%H:%M")
    next_meeting = day + timedelta(days=cadence_days(profile.forum(forum)))
    names = [f.name for f in profile.forums]
    conn = vault.conn
    due_by_case: dict[str, list[Deadline]] = {}
    for deadline, case in repo.agenda_deadlines(conn, next_meeting.isoformat()):
        if (forum_named_in(deadline.label, names) or case.forum) != forum:
            continue
        if (area and case.area != area) or case.registered > day.isoformat():
            continue
        due_by_case.setdefault(deadline.case_id, []).append(deadline)
    carried = carried_dispositions(vault, forum, area, stamp)
    cases = repo.cases_brief(conn, [*due_by_case, *(d.case_id for d in carried if d.case_id)])
    items: list[ProposedItem] = []
    general = tuple(d.id for d in carried if not d.case_id or d.case_id not in cases)
    if general:
        items.append(ProposedItem("topic", title=FOLLOWUP_TITLE, reason="Åbne dispositioner", followups=general))

    def urgency(case_id: str) -> tuple[str, str]:
        dated = [d.due for d in due_by_case.get(case_id, []) if d.due]
        return (min(dated) if dated else day.isoformat(), cases[case_id].number)

    invites: list[str] = []
    proposed: list[str] = []
    for case_id in sorted(cases, key=urgency):
        case = cases[case_id]
        reasons = [_deadline_reason(d, day) for d in due_by_case.get(case_id, [])]
        followups = tuple(d.id for d in carried if d.case_id == case_id)
        minuted = sum(1 for d in carried if d.case_id == case_id and not d.from_action_plan)
        if minuted:
            reasons.append("Opfølgning på disposition" + ("er" if minuted > 1 else ""))
        if len(followups) > minuted:
            reasons.append(PLAN_FOLLOWUP)
        items.append(
            ProposedItem(
                "case",
                case_id=case_id,
                reason="; ".join(reasons),
                followups=followups,
                case_number=case.number,
                case_subject=case.subject,
                case_kind=case.kind,
            )
        )
        called = case_invitations(profile, case, day, leader_route(vault, case, profile))
        invites += called.required
        proposed += called.proposed
    people = default_participants(vault, forum, invites, proposed, with_cases=bool(cases))
    return AgendaProposal(forum, area, stamp, next_meeting, tuple(items), tuple(people), tuple(carried))
