"""Case records as plain dataclasses: Case (a DKE-Journal or a DKE-Sag), a saved version of one of its form
sections, its deadlines, and the row of the case list. They import nothing of ours; `sspdesk.store.cases_repo`
builds them from rows, and the services in `sspdesk.cases` hand them to the GUI, the CLI and the PDFs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sspdesk.domain import deadline_events

# What the CLI's `cases list --json` shows of a list row, in this order (the CLI contract).
CASE_ROW_KEYS = (
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
    "next_due",
)


@dataclass(frozen=True, slots=True)
class Case:
    """The header of a case (the `cases` table without its sync columns)."""

    id: str
    number: str  # J-2026-0042 / S-2026-0017
    kind: str  # journal | sag
    level: str
    subject: str  # Sagens genstand
    registered: str  # ISO date the deadlines count from
    profile: str = ""
    status: str = "open"  # open | closed | raised
    forum: str = ""
    meeting_date: str = ""
    area: str = ""
    coordinator: str = ""
    closed_on: str = ""
    person_name: str = ""  # sag only
    cpr: str = ""  # sag only, 10 digits
    birth_date: str = ""  # ISO date, sag only
    from_journal: str = ""  # a sag raised from a journal: the journal's id
    radicalisation: bool = False

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    @property
    def is_sag(self) -> bool:
        return self.kind == "sag"

    @property
    def birth(self) -> date | None:
        return date.fromisoformat(self.birth_date) if self.birth_date else None


@dataclass(frozen=True, slots=True)
class SectionEntry:
    """One saved version of a form section (of a case or a group): the newest one is the current text."""

    fields: dict[str, str] = field(default_factory=dict)
    author: str = ""
    created_at: str = ""  # ISO 8601 UTC


@dataclass(frozen=True, slots=True)
class Deadline:
    """A deadline of a case. The overview's lists also carry the case's number and subject."""

    id: str
    kind: str
    label: str
    due: str = ""  # ISO date; '' while it waits for its start event (`waits_for_keys`)
    status: str = "open"  # open | done | closed
    done_on: str = ""
    case_id: str = ""
    case_number: str = ""
    case_subject: str = ""
    # Computed from other records on each read, never stored (the level-III information duty): it is met by
    # recording what it asks for, so it cannot be ticked off as done.
    computed: bool = False
    # The rule's period unit ('next_meeting' = the date of the next meeting of `forum`; '' = an old row with a fixed
    # date) and, while `due` is '', the event keys it waits for (`sspdesk.domain.deadline_events`).
    unit: str = ""
    forum: str = ""
    waits_for_keys: tuple[str, ...] = ()

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    @property
    def waits_for(self) -> str:
        """What an undated deadline waits for, in Danish ('Sagsmøde eller hjemmebesøg/møde'); '' once it has a date."""
        if self.due or not self.waits_for_keys:
            return ""
        next_meeting = self.unit == "next_meeting" and self.waits_for_keys == (
            deadline_events.meeting_event(self.forum),
        )
        return deadline_events.waits_for_text(self.waits_for_keys, next_meeting)

    @property
    def waiting_text(self) -> str:
        """'' for a dated deadline, else 'venter på …' – how the GUI and the CLI show a deadline without a date."""
        return "" if self.due else f"venter på {self.waits_for or 'næste møde'}"

    def overdue(self, on: date) -> bool:
        return self.is_open and bool(self.due) and self.due < on.isoformat()


@dataclass(frozen=True, slots=True)
class CaseBrief:
    """Which case, without what it holds: what an erasure writes in its deletion note (also of a tombstone)."""

    id: str
    number: str
    kind: str
    level: str
    registered: str
    closed_on: str = ""


@dataclass(frozen=True, slots=True)
class CaseRow:
    """A case as the case list shows it, with its earliest open deadline ('' when it has none)."""

    id: str
    number: str
    kind: str
    level: str
    subject: str
    status: str
    forum: str
    area: str
    coordinator: str
    registered: str
    next_due: str = ""

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {k: getattr(self, k) for k in CASE_ROW_KEYS}
        data["next_due"] = self.next_due or None  # JSON has always said null for "no open deadline"
        return data
