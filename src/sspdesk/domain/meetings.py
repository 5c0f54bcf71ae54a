"""Meeting records as plain dataclasses: Meeting, Participant, AgendaItem, Minutes, Disposition, Addendum, and the
agenda proposal. They import nothing of ours; the services in `sspdesk.meetings` and `sspdesk.dispositions` build
them from the store, and the GUI, the CLI and the PDFs read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

MEETING_STATUS_LABELS = {"open": "Åben", "approved": "Godkendt", "cancelled": "Aflyst"}
PARTICIPANT_STATUS_LABELS = {"invited": "Inviteret", "present": "Til stede", "absent": "Fraværende"}
ITEM_KIND_LABELS = {"case": "Sag", "group": "Gruppe", "topic": "Emne"}
MINUTES_LABELS = {"discussion": "Drøftelse", "decision": "Beslutning"}
DISPOSITION_STATUS_LABELS = {"open": "Åben", "done": "Udført"}
# A forum's name is a common noun in the indefinite form ("Ungekoordinationsmøde"); running text about one meeting
# of it needs the definite form: "på Ungekoordinationsmødet", "til SSP+-koordinationsgruppen", "Netværkssamrådet".
_DEFINITE_ENDINGS = (("møde", "t"), ("råd", "et"), ("gruppe", "n"))


def forum_definite(name: str) -> str:
    """The definite form of a forum's name ("Sagsmøde" -> "Sagsmødet"); a name of another shape is kept as it is."""
    for ending, suffix in _DEFINITE_ENDINGS:
        if name.lower().endswith(ending):
            return name + suffix
    return name


@dataclass(frozen=True)
class Disposition:
    id: str
    meeting_id: str
    owner: str
    what: str
    due: str = ""  # ISO date; '' = no date
    status: str = "open"  # open | done
    done_on: str = ""
    item_id: str = ""
    case_id: str = ""
    contact_id: str = ""
    created_at: str = ""
    case_number: str = ""
    case_kind: str = ""
    meeting_number: str = ""
    meeting_forum: str = ""
    meeting_area: str = ""
    meeting_starts_at: str = ""

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    @property
    def from_action_plan(self) -> bool:
        """An initiative of its case's handleplan (sspdesk.action_plans), not minuted at a meeting."""
        return not self.meeting_id and bool(self.case_id)

    @property
    def origin(self) -> str:
        """Where it was decided, as the lists show it: the meeting's number, or "Handleplan"."""
        return "Handleplan" if self.from_action_plan else self.meeting_number

    def overdue(self, on: date) -> bool:
        return self.is_open and bool(self.due) and self.due < on.isoformat()

    def to_json(self) -> dict[str, Any]:
        return {
            k: getattr(self, k)
            for k in (
                "id",
                "meeting_id",
                "item_id",
                "case_id",
                "case_number",
                "owner",
                "what",
                "due",
                "status",
                "done_on",
                "meeting_number",
                "meeting_forum",
            )
        }


@dataclass(frozen=True)
class Meeting:
    id: str
    number: str
    forum: str
    area: str
    starts_at: str  # local time, YYYY-MM-DDTHH:MM
    place: str = ""
    status: str = "open"  # open | approved | cancelled
    approved_by: str = ""
    approved_at: str = ""  # ISO 8601 UTC
    item_count: int = 0
    open_dispositions: int = 0

    @property
    def start(self) -> datetime:
        return datetime.fromisoformat(self.starts_at)

    @property
    def day(self) -> date:
        return self.start.date()

    @property
    def is_approved(self) -> bool:
        return self.status == "approved"

    def to_json(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in Meeting.__dataclass_fields__}


@dataclass(frozen=True)
class Participant:
    id: str
    name: str
    role: str
    status: str = "invited"  # invited | present | absent
    contact_id: str = ""
    position: int = 0

    def to_json(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in ("id", "name", "role", "status", "contact_id")}


@dataclass(frozen=True)
class Minutes:
    discussion: str = ""
    decision: str = ""
    author: str = ""
    updated_at: str = ""


@dataclass(frozen=True)
class AgendaItem:
    id: str
    meeting_id: str
    position: int
    kind: str  # case | group | topic
    title: str = ""
    case_id: str = ""
    group_id: str = ""
    reason: str = ""
    case_number: str = ""
    case_subject: str = ""
    case_kind: str = ""  # journal | sag | '' (not a case item)
    case_level: str = ""
    minutes: Minutes = Minutes()
    dispositions: tuple[Disposition, ...] = ()
    followups: tuple[Disposition, ...] = ()  # carried over from earlier meetings, to follow up here

    @property
    def heading(self) -> str:
        """What the agenda prints: a case item shows only the case number and subject."""
        if self.kind == "case":
            return f"{self.case_number} – {self.case_subject}"
        return self.title

    def to_json(self) -> dict[str, Any]:
        data = {
            k: getattr(self, k)
            for k in ("id", "position", "kind", "title", "case_id", "case_number", "case_kind", "group_id", "reason")
        }
        data["heading"] = self.heading
        data["minutes"] = {"discussion": self.minutes.discussion, "decision": self.minutes.decision}
        data["dispositions"] = [d.to_json() for d in self.dispositions]
        data["followups"] = [d.to_json() for d in self.followups]
        return data


@dataclass(frozen=True)
class Addendum:
    id: str
    kind: str  # addendum | withdrawal
    text: str
    author: str
    created_at: str  # ISO 8601 UTC


@dataclass
class MeetingDetail:
    meeting: Meeting
    participants: list[Participant]
    items: list[AgendaItem]
    dispositions: list[Disposition]  # all dispositions minuted at this meeting
    addenda: list[Addendum]

    @property
    def id(self) -> str:
        return self.meeting.id

    def item(self, item_id: str) -> AgendaItem:
        return next(i for i in self.items if i.id == item_id)

    def to_json(self) -> dict[str, Any]:
        data = self.meeting.to_json()
        data.pop("item_count")
        data.pop("open_dispositions")
        data["participants"] = [p.to_json() for p in self.participants]
        data["items"] = [i.to_json() for i in self.items]
        data["dispositions"] = [d.to_json() for d in self.dispositions]
        data["addenda"] = [a.__dict__ for a in self.addenda]
        return data


@dataclass(frozen=True)
class ProposedItem:
    kind: str
    case_id: str = ""
    title: str = ""
    reason: str = ""
    followups: tuple[str, ...] = ()  # ids of carried dispositions
    case_number: str = ""
    case_subject: str = ""
    case_kind: str = ""

    @property
    def heading(self) -> str:
        return f"{self.case_number} – {self.case_subject}" if self.kind == "case" else self.title


@dataclass(frozen=True)
class ProposedParticipant:
    role: str
    name: str = ""
    contact_id: str = ""
    optional: bool = False  # proposed unticked: the user decides (standing members, 16–18+ fagpersoner)


@dataclass(frozen=True)
class AgendaProposal:
    forum: str
    area: str
    starts_at: str
    next_meeting: date  # assumed one cadence later: deadlines before it are on this agenda
    items: tuple[ProposedItem, ...] = ()
    participants: tuple[ProposedParticipant, ...] = ()
    carried: tuple[Disposition, ...] = ()


@dataclass(frozen=True)
class CreatedMeeting:
    detail: MeetingDetail
    proposal: AgendaProposal
    accepted: bool = field(default=True)
