"""Service functions for meetings (møder): forums, participants, agenda, minutes, approval and printing.

Shared by the GUI and the CLI; dispositions (hvem gør hvad) are in `sspdesk.dispositions`. Rules kept here:

* `create_meeting` proposes the agenda: the forum's cases due for follow-up, and open dispositions carried over
  from its earlier meetings until they are done;
* minutes on a DKE-Journal item – or on a group item whose group has a DKE-Journal member – obey the journal's
  minimisation rule (no CPR-like number, no registered name);
* minutes on a case item are also the case's `minutes` section – one version per meeting item, updated while
  the user types, so autosave does not flood the case history;
* approved minutes are locked; later changes are dated addenda (Tillæg); withdrawing an approval needs a reason.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sspdesk.cases import active_profile
from sspdesk.contacts import list_contacts
from sspdesk.deadlines import refresh_case_deadlines, work_calendar
from sspdesk.dispositions import (
    disposition_from_row,
    forum_named_in,
    journal_rule,
    meeting_row,
    parse_starts_at,
    propose_agenda,
    require_editable,
)
from sspdesk.domain.cases import Deadline
from sspdesk.domain.dates import utc_stamp
from sspdesk.domain.deadline_events import meeting_event
from sspdesk.domain.errors import Invalid, NotFound
from sspdesk.domain.meetings import (
    ITEM_KIND_LABELS,
    MINUTES_LABELS,
    PARTICIPANT_STATUS_LABELS,
    Addendum,
    AgendaItem,
    CreatedMeeting,
    Meeting,
    MeetingDetail,
    Minutes,
    Participant,
    ProposedItem,
    ProposedParticipant,
)
from sspdesk.duties.journal_rule import check_journal_text
from sspdesk.duties.minimisation import Scrubber, person_data_findings
from sspdesk.store import cases_repo, records
from sspdesk.store import meetings_repo as repo
from sspdesk.store.clock import utc_now
from sspdesk.store.dbapi import Connection
from sspdesk.store.vault import Vault

_MINUTES_NAMESPACE = uuid.UUID("6f1f3c2e-5d0a-4b7e-9a43-2c1d8e7f0b5a")
_AUDIT_EVERY = timedelta(minutes=10)  # autosaved minutes: at most one audit entry per item per 10 minutes


def _refresh_deadlines(conn: Connection, vault: Vault, case_ids: Sequence[str]) -> None:
    """A meeting with a case on its agenda is an event its deadlines may count from (the Sagsmøde called, the
    handleplan after it, the next Koordinationsmøde): recount them whenever the agenda or the meeting changes."""
    ids = [case_id for case_id in case_ids if case_id]
    if ids:
        calendar = work_calendar(vault, active_profile(vault))
        refresh_case_deadlines(conn, vault.device_id, calendar, ids, date.today())


# -- creating and reading meetings ---------------------------------------------------------------------------------


def create_meeting(
    vault: Vault,
    forum: str,
    starts_at: datetime | str,
    *,
    area: str = "",
    place: str = "",
    accept_agenda: bool = True,
    participants: Sequence[ProposedParticipant] | None = None,
) -> CreatedMeeting:
    """Create a meeting and propose its agenda. With `accept_agenda` the proposed items are put on the agenda;
    without, the agenda starts empty and the GUI shows the proposal (`apply_proposal` takes a selection)."""
    forum, area, place = forum.strip(), area.strip(), place.strip()
    profile = active_profile(vault)
    if profile.forum(forum) is None:
        raise Invalid(f"Mødeforummet {forum!r} findes ikke i {profile.name}.", "forum")
    when = parse_starts_at(starts_at)
    proposal = propose_agenda(vault, forum, when, area)
    # Without a choice the proposal's participants are taken, not those it only offers (standing members, 16–18+).
    chosen = [p for p in proposal.participants if not p.optional] if participants is None else participants
    meeting_id = records.new_id()
    with vault.transaction() as conn:
        number = repo.allocate_number(conn, when.year)
        values = {
            "number": number,
            "forum": forum,
            "area": area,
            "starts_at": proposal.starts_at,
            "place": place,
            "status": "open",
        }
        repo.put(conn, vault.device_id, "meetings", meeting_id, values)
        for position, person in enumerate(chosen, start=1):
            repo.put(
                conn,
                vault.device_id,
                "meeting_participants",
                records.new_id(),
                {
                    "meeting_id": meeting_id,
                    "contact_id": person.contact_id,
                    "name": person.name.strip(),
                    "role": person.role.strip(),
                    "status": "invited",
                    "position": position,
                },
            )
        if accept_agenda:
            _insert_items(conn, vault, meeting_id, proposal.items, 1)
            _refresh_deadlines(conn, vault, [item.case_id for item in proposal.items])
        vault.log("meeting.create", record_kind="meeting", record_id=meeting_id, subject_ref=number, detail=forum)
    return CreatedMeeting(_detail(vault, meeting_id), proposal, accept_agenda)


def _insert_items(conn: Connection, vault: Vault, meeting_id: str, items: Sequence[ProposedItem], first: int) -> None:
    for position, item in enumerate(items, start=first):
        repo.put(
            conn,
            vault.device_id,
            "agenda_items",
            records.new_id(),
            {
                "meeting_id": meeting_id,
                "position": position,
                "kind": item.kind,
                "case_id": item.case_id,
                "title": item.title,
                "reason": item.reason,
                "followups": json.dumps(list(item.followups)),
            },
        )


def apply_proposal(vault: Vault, meeting_id: str, items: Sequence[ProposedItem]) -> MeetingDetail:
    """Add (a selection of) proposed items after the current agenda; cases already on it are skipped."""
    meeting = meeting_row(vault, meeting_id)
    require_editable(meeting)
    current = repo.items(vault.conn, meeting_id)
    on_agenda = {row["case_id"] for row in current if row["case_id"]}
    new = [item for item in items if item.kind != "case" or item.case_id not in on_agenda]
    with vault.transaction() as conn:
        _insert_items(conn, vault, meeting_id, new, len(current) + 1)
        _refresh_deadlines(conn, vault, [item.case_id for item in new])
        vault.log(
            "meeting.agenda",
            record_kind="meeting",
            record_id=meeting_id,
            subject_ref=meeting["number"],
            detail=f"{len(new)} punkter tilføjet",
        )
    return _detail(vault, meeting_id)


def _meeting(row: dict[str, Any]) -> Meeting:
    return Meeting(**{k: row[k] for k in Meeting.__dataclass_fields__ if k in row})


def _detail(vault: Vault, meeting_id: str) -> MeetingDetail:
    conn = vault.conn
    meeting = _meeting(meeting_row(vault, meeting_id))
    rows = repo.items(conn, meeting_id)
    minuted = [disposition_from_row(r) for r in repo.meeting_dispositions(conn, meeting_id)]
    followups = repo.dispositions_by_ids(conn, [i for row in rows for i in row["followups"]])
    items = []
    for row in rows:
        items.append(
            AgendaItem(
                id=row["id"],
                meeting_id=meeting_id,
                position=row["position"],
                kind=row["kind"],
                title=row["title"],
                case_id=row["case_id"],
                group_id=row["group_id"],
                reason=row["reason"],
                case_number=row["case_number"],
                case_subject=row["case_subject"],
                case_kind=row["case_kind"],
                case_level=row["case_level"],
                minutes=Minutes(row["discussion"], row["decision"], row["minutes_author"], row["minutes_updated_at"]),
                dispositions=tuple(d for d in minuted if d.item_id == row["id"]),
                followups=tuple(disposition_from_row(followups[i]) for i in row["followups"] if i in followups),
            )
        )
    participants = [
        Participant(r["id"], r["name"], r["role"], r["status"], r["contact_id"], r["position"])
        for r in repo.participants(conn, meeting_id)
    ]
    addenda = [
        Addendum(r["id"], r["kind"], r["text"], r["author"], r["created_at"]) for r in repo.addenda(conn, meeting_id)
    ]
    meeting = Meeting(
        **{**meeting.__dict__, "item_count": len(items), "open_dispositions": sum(d.is_open for d in minuted)}
    )
    return MeetingDetail(meeting, participants, items, minuted, addenda)


def _resolve(vault: Vault, ref: str) -> str:
    meeting_id = repo.find_meeting_id(vault.conn, ref.strip())
    if meeting_id is None:
        raise NotFound.record("Mødet", ref)
    return meeting_id


def get_meeting(vault: Vault, ref: str, *, log_view: bool = True) -> MeetingDetail:
    """A meeting by id or number (M-2026-0012). Opening minutes that concern a DKE-Sag is logged."""
    detail = _detail(vault, _resolve(vault, ref))
    if log_view and any(i.case_kind == "sag" for i in detail.items):
        with vault.transaction():
            vault.log("meeting.view", record_kind="meeting", record_id=detail.id, subject_ref=detail.meeting.number)
    return detail


def list_meetings(
    vault: Vault,
    *,
    forum: str = "",
    area: str | None = None,
    status: str = "",
    since: date | None = None,
    until: date | None = None,
) -> list[Meeting]:
    """Meetings, newest first; `since`/`until` bound the meeting day (until exclusive)."""
    rows = repo.list_meetings(
        vault.conn, forum, area, status, since.isoformat() if since else "", until.isoformat() if until else ""
    )
    return [_meeting(row) for row in rows]


def cancel_meeting(vault: Vault, meeting_id: str) -> None:
    meeting = meeting_row(vault, meeting_id)
    require_editable(meeting)
    with vault.transaction() as conn:
        repo.put(conn, vault.device_id, "meetings", meeting_id, {"status": "cancelled"})
        _refresh_deadlines(conn, vault, [row["case_id"] for row in repo.items(conn, meeting_id)])
        vault.log("meeting.cancel", record_kind="meeting", record_id=meeting_id, subject_ref=meeting["number"])


# -- participants (Deltagere) --------------------------------------------------------------------------------------


def _participant(vault: Vault, participant_id: str) -> dict[str, Any]:
    row = repo.get_participant(vault.conn, participant_id)
    if row is None:
        raise NotFound.record("Deltageren", participant_id)
    return row


def add_participant(
    vault: Vault, meeting_id: str, *, name: str = "", role: str = "", contact_id: str = "", status: str = "invited"
) -> Participant:
    """Add a contact from the register (name and role filled from it) or a free name with a role."""
    meeting = meeting_row(vault, meeting_id)
    require_editable(meeting)
    if contact_id:
        contact = next((c for c in list_contacts(vault) if c.id == contact_id), None)
        if contact is None:
            raise NotFound.record("Kontaktpersonen", contact_id)
        name, role = name.strip() or contact.name, role.strip() or contact.role
    name, role = name.strip(), role.strip()
    if not name and not role:
        raise Invalid("Skriv deltagerens navn eller rolle.", "name")
    _check_status(status)
    participant_id = records.new_id()
    position = len(repo.participants(vault.conn, meeting_id)) + 1
    values = {
        "meeting_id": meeting_id,
        "contact_id": contact_id,
        "name": name,
        "role": role,
        "status": status,
        "position": position,
    }
    with vault.transaction() as conn:
        repo.put(conn, vault.device_id, "meeting_participants", participant_id, values)
        vault.log("meeting.participant", record_kind="meeting", record_id=meeting_id, subject_ref=meeting["number"])
    return Participant(participant_id, name, role, status, contact_id, position)


def _check_status(status: str) -> None:
    if status not in PARTICIPANT_STATUS_LABELS:
        raise Invalid(f"Ukendt status: {status!r} (inviteret, til stede eller fraværende).", "status")


def update_participant(
    vault: Vault, participant_id: str, *, status: str | None = None, name: str | None = None, role: str | None = None
) -> None:
    """Mark a participant Til stede / Fraværende, or correct the name or role."""
    row = _participant(vault, participant_id)
    require_editable(meeting_row(vault, row["meeting_id"]))
    values = {}
    if status is not None:
        _check_status(status)
        values["status"] = status
    if name is not None:
        values["name"] = name.strip()
    if role is not None:
        values["role"] = role.strip()
    with vault.transaction() as conn:
        repo.put(conn, vault.device_id, "meeting_participants", participant_id, values)


def set_participant_status(vault: Vault, participant_id: str, status: str) -> None:
    update_participant(vault, participant_id, status=status)


def remove_participant(vault: Vault, participant_id: str) -> None:
    row = _participant(vault, participant_id)
    require_editable(meeting_row(vault, row["meeting_id"]))
    with vault.transaction() as conn:
        repo.delete(conn, vault.device_id, "meeting_participants", participant_id)


# -- agenda items (Dagsorden) -------------------------------------------------------------------------------------


def _item_row(vault: Vault, item_id: str) -> dict[str, Any]:
    row = repo.get_item(vault.conn, item_id)
    if row is None:
        raise NotFound.record("Dagsordenspunktet", item_id)
    return row


def add_item(
    vault: Vault, meeting_id: str, kind: str, *, case_ref: str = "", title: str = "", group_id: str = ""
) -> AgendaItem:
    """Add a case (by id or number), a group of concern or a topic at the end of the agenda."""
    meeting = meeting_row(vault, meeting_id)
    require_editable(meeting)
    if kind not in ITEM_KIND_LABELS:
        raise Invalid(f"Ukendt slags punkt: {kind!r} (case, group eller topic).", "kind")
    title, case_id = title.strip(), ""
    current = repo.items(vault.conn, meeting_id)
    if kind == "case":
        case_id = cases_repo.find_case_id(vault.conn, case_ref.strip()) or ""
        if not case_id:
            raise Invalid(f"Sagen findes ikke: {case_ref}", "case")
        if any(row["case_id"] == case_id for row in current):
            raise Invalid("Sagen er allerede på dagsordenen.", "case")
        title = ""
    elif not title:
        raise Invalid("Skriv en overskrift til punktet.", "title")
    item_id = records.new_id()
    values = {
        "meeting_id": meeting_id,
        "position": len(current) + 1,
        "kind": kind,
        "case_id": case_id,
        "group_id": group_id if kind == "group" else "",
        "title": title,
    }
    with vault.transaction() as conn:
        repo.put(conn, vault.device_id, "agenda_items", item_id, values)
        _refresh_deadlines(conn, vault, [case_id])
        vault.log(
            "meeting.agenda",
            record_kind="meeting",
            record_id=meeting_id,
            subject_ref=meeting["number"],
            detail=f"punkt tilføjet ({kind})",
        )
    return _detail(vault, meeting_id).item(item_id)


def rename_item(vault: Vault, item_id: str, title: str) -> None:
    row = _item_row(vault, item_id)
    require_editable(meeting_row(vault, row["meeting_id"]))
    if row["kind"] == "case" or not title.strip():
        raise Invalid("Skriv en overskrift til punktet (et sagspunkt viser sagens nummer og genstand).", "title")
    with vault.transaction() as conn:
        repo.put(conn, vault.device_id, "agenda_items", item_id, {"title": title.strip()})


def move_item(vault: Vault, item_id: str, new_position: int) -> list[str]:
    """Move an item to `new_position` (1 = first, clamped); return the item ids in their new order.

    Only the items whose number changes are written."""
    row = _item_row(vault, item_id)
    require_editable(meeting_row(vault, row["meeting_id"]))
    order = [i for i, _ in repo.item_positions(vault.conn, row["meeting_id"])]
    order.remove(item_id)
    order.insert(max(0, min(new_position - 1, len(order))), item_id)
    current = dict(repo.item_positions(vault.conn, row["meeting_id"]))
    with vault.transaction() as conn:
        for position, moved in enumerate(order, start=1):
            if current[moved] != position:
                repo.put(conn, vault.device_id, "agenda_items", moved, {"position": position})
    return order


def remove_item(vault: Vault, item_id: str) -> None:
    """Take an item off the agenda – only while it has no minutes and no dispositions."""
    row = _item_row(vault, item_id)
    meeting_id = row["meeting_id"]
    require_editable(meeting_row(vault, meeting_id))
    if (
        row["discussion"].strip()
        or row["decision"].strip()
        or any(d["item_id"] == item_id for d in repo.meeting_dispositions(vault.conn, meeting_id))
    ):
        raise Invalid("Punktet har referat eller dispositioner og kan ikke fjernes.")
    with vault.transaction() as conn:
        repo.delete(conn, vault.device_id, "agenda_items", item_id)
        _refresh_deadlines(conn, vault, [row["case_id"]])
        for position, (other, old) in enumerate(repo.item_positions(conn, meeting_id), start=1):
            if old != position:
                repo.put(conn, vault.device_id, "agenda_items", other, {"position": position})


# -- minutes (Referat) --------------------------------------------------------------------------------------------


def minutes_id_for(item_id: str) -> str:
    """The minutes record of an item has an id derived from the item's: minutes written for the same item on two
    laptops are two versions of one record, which the bundle merge keeps side by side as a conflict."""
    return str(uuid.uuid5(_MINUTES_NAMESPACE, item_id))


def save_item_minutes(vault: Vault, item_id: str, discussion: str, decision: str) -> None:
    """Save the minutes of one item: cheap enough for the GUI's debounced autosave (one small transaction).

    On a case item the text is also the case's `minutes` section: the version of this meeting item is updated
    in place, so typing does not add a history entry per save. On a DKE-Journal item a CPR-like number or a
    registered person's name is refused (Invalid naming the field) and nothing is saved."""
    context = repo.minutes_context(vault.conn, item_id)
    if context is None:
        raise NotFound.record("Dagsordenspunktet", item_id)
    require_editable({"status": context["meeting_status"]})
    if (context["discussion"], context["decision"]) == (discussion, decision):
        return  # nothing new (also: no empty minutes record for an item that was only looked at)
    fields = {"discussion": discussion, "decision": decision}
    user = vault.user
    with vault.transaction() as conn:
        if context["case_kind"] == "journal" or context["group_journal"]:
            check_journal_text(conn, fields, MINUTES_LABELS, group=bool(context["group_journal"]))
        values: dict[str, str] = {**fields, "author": user}
        if not context["minutes_id"]:
            values.update(meeting_id=context["meeting_id"], item_id=item_id)
        case_id = context["case_id"]
        if case_id:
            section = {"meeting": context["meeting_id"], **fields}
            if context["case_section_id"]:
                repo.update_case_section(conn, vault.device_id, context["case_section_id"], section, user)
            else:
                values["case_section_id"] = cases_repo.add_section(
                    conn, vault.device_id, case_id, "minutes", section, user
                )
            cases_repo.reindex(conn, case_id)
        repo.put(conn, vault.device_id, "minutes", context["minutes_id"] or minutes_id_for(item_id), values)
        since = utc_stamp(datetime.now(UTC) - _AUDIT_EVERY)
        if (repo.last_audit_at(conn, "minutes", item_id) or "") < since:
            vault.log(
                "minutes.edit",
                record_kind="minutes",
                record_id=item_id,
                subject_ref=context["case_number"] or context["meeting_number"],
                detail=context["meeting_number"],
            )


def approve_minutes(vault: Vault, meeting_id: str, *, now: datetime | None = None) -> MeetingDetail:
    """Approve (Godkendt) and lock the minutes, with who and when.

    A case discussed at the meeting (minutes written on its item) has met its deadlines that this meeting
    stood for – "at the next meeting" follow-ups and the call to the case's meeting – so they are marked done."""
    meeting = meeting_row(vault, meeting_id)
    if meeting["status"] == "approved":
        raise Invalid("Referatet er allerede godkendt.")
    require_editable(meeting)
    moment = (now or datetime.now()).astimezone(UTC)
    if moment < datetime.fromisoformat(meeting["starts_at"]).astimezone(UTC):
        raise Invalid("Mødet er ikke holdt endnu; referatet kan først godkendes efter mødet.")
    day = meeting["starts_at"][:10]
    names = [f.name for f in active_profile(vault).forums]
    done = 0
    with vault.transaction() as conn:
        repo.put(
            conn,
            vault.device_id,
            "meetings",
            meeting_id,
            {"status": "approved", "approved_by": vault.user, "approved_at": utc_stamp(moment)},
        )
        for item in repo.items(conn, meeting_id):
            if not item["case_id"] or not (item["discussion"].strip() or item["decision"].strip()):
                continue
            for deadline in cases_repo.case_deadlines(conn, item["case_id"]):
                forum = forum_named_in(deadline.label, names) or item["case_forum"]
                if deadline.is_open and forum == meeting["forum"] and _met_at(deadline, meeting["forum"], day):
                    cases_repo.set_deadline_status(conn, vault.device_id, deadline.id, "done", day)
                    done += 1
        vault.log(
            "meeting.approve",
            record_kind="meeting",
            record_id=meeting_id,
            subject_ref=meeting["number"],
            detail=f"{done} frister opfyldt",
        )
    return _detail(vault, meeting_id)


def _met_at(deadline: Deadline, forum: str, day: str) -> bool:
    """Whether discussing the case at a meeting of `forum` on `day` meets this deadline: the call to the case's
    meeting, a "next meeting" step that is this meeting (a step still waiting for its talk or home visit is not), and
    an undated row stored before deadlines named their events."""
    if deadline.kind == "case_meeting":
        return True
    if deadline.unit == "next_meeting":
        return deadline.due == day or (not deadline.due and deadline.waits_for_keys == (meeting_event(forum),))
    return not deadline.unit and not deadline.due


def withdraw_approval(vault: Vault, meeting_id: str, reason: str) -> MeetingDetail:
    """Unlock approved minutes. The reason is required, kept with the minutes and written to the audit log."""
    meeting = meeting_row(vault, meeting_id)
    if meeting["status"] != "approved":
        raise Invalid("Referatet er ikke godkendt.")
    reason = reason.strip()
    if not reason:
        raise Invalid("Skriv hvorfor godkendelsen trækkes tilbage.", "reason")
    with vault.transaction() as conn:
        if _addenda_under_journal_rule(conn, meeting_id):  # the reason is kept with the minutes, like a Tillæg
            check_journal_text(conn, {"reason": reason}, {"reason": "Begrundelse"})
        repo.put(
            conn, vault.device_id, "meetings", meeting_id, {"status": "open", "approved_by": "", "approved_at": ""}
        )
        repo.put(
            conn,
            vault.device_id,
            "meeting_addenda",
            records.new_id(),
            {
                "meeting_id": meeting_id,
                "kind": "withdrawal",
                "text": reason,
                "author": vault.user,
                "created_at": utc_now(),
            },
        )
        # Corrections after a withdrawal become a new version in the case history, beside the approved one.
        for minutes_id in repo.minutes_with_case_sections(conn, meeting_id):
            repo.put(conn, vault.device_id, "minutes", minutes_id, {"case_section_id": ""})
        vault.log(
            "meeting.withdraw_approval",
            record_kind="meeting",
            record_id=meeting_id,
            subject_ref=meeting["number"],
            detail=f"begrundelse: {_scrubbed(conn, reason)[:300]}",
        )
    return _detail(vault, meeting_id)


def _scrubbed(conn: Connection, text: str) -> str:
    """The audit log names persons by reference only: CPR-like numbers and registered names are cut out."""
    for finding in reversed(person_data_findings(text, cases_repo.registered_names(conn))):
        text = text[: finding.start] + "[…]" + text[finding.end :]
    return text


def _addenda_under_journal_rule(conn: Connection, meeting_id: str) -> bool:
    """Whether the meeting's addenda (Tillæg, and the reason an approval was withdrawn) obey the journal rule: its
    items are about DKE-Journals (or groups with one among their members) and none about a DKE-Sag."""
    kinds = {"journal" if journal_rule(conn, row)[0] else row["case_kind"] for row in repo.items(conn, meeting_id)}
    return "journal" in kinds and "sag" not in kinds


def add_addendum(vault: Vault, meeting_id: str, text: str) -> Addendum:
    """A dated addendum (Tillæg) to approved minutes."""
    meeting = meeting_row(vault, meeting_id)
    if meeting["status"] != "approved":
        raise Invalid("Tillæg skrives til et godkendt referat; ret referatet direkte, indtil det godkendes.")
    text = text.strip()
    if not text:
        raise Invalid("Skriv tillæggets tekst.", "text")
    addendum = Addendum(records.new_id(), "addendum", text, vault.user, utc_now())
    with vault.transaction() as conn:
        if _addenda_under_journal_rule(conn, meeting_id):
            check_journal_text(conn, {"text": text}, {"text": "Tillæg"})
        repo.put(
            conn,
            vault.device_id,
            "meeting_addenda",
            addendum.id,
            {
                "meeting_id": meeting_id,
                "kind": "addendum",
                "text": text,
                "author": addendum.author,
                "created_at": addendum.created_at,
            },
        )
        vault.log("meeting.addendum", record_kind="meeting", record_id=meeting_id, subject_ref=meeting["number"])
    return addendum


# -- printing ---------------------------------------------------------------------------------------------------


def agenda_pdf(vault: Vault, ref: str) -> bytes:
    """The agenda (Dagsorden) as PDF bytes; printing is logged."""
    from sspdesk.pdf.meeting_pdfs import agenda_document  # reportlab is loaded only when a PDF is made
    from sspdesk.preferences import municipality_logo

    detail = _detail(vault, _resolve(vault, ref))
    data = agenda_document(detail, vault.setting("municipality") or "", logo=municipality_logo(vault))
    with vault.transaction():
        vault.log("pdf.agenda", record_kind="meeting", record_id=detail.id, subject_ref=detail.meeting.number)
    return data


def minutes_pdf(vault: Vault, ref: str, *, redacted: bool = False) -> bytes:
    """The minutes (Referat) as PDF bytes; `redacted` leaves out person data. Printing is logged."""
    from sspdesk.pdf.meeting_pdfs import minutes_document
    from sspdesk.preferences import municipality_logo

    detail = _detail(vault, _resolve(vault, ref))
    conn = vault.conn
    scrub = Scrubber(redacted, cases_repo.registered_names(conn), repo.meeting_case_names(conn, detail.id))
    data = minutes_document(detail, vault.setting("municipality") or "", scrub=scrub, logo=municipality_logo(vault))
    with vault.transaction():
        vault.log(
            "pdf.minutes",
            record_kind="meeting",
            record_id=detail.id,
            subject_ref=detail.meeting.number,
            detail="uden personoplysninger" if redacted else "fuldt referat",
        )
    return data
