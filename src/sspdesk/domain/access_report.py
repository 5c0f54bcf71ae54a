"""The answer to an access request as data: what `sspdesk.duties.access_request` gathers and the PDF prints."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sspdesk.domain.cases import Case, Deadline, SectionEntry


@dataclass(frozen=True)
class CaseRecord:
    case: Case
    sections: dict[str, SectionEntry]  # the newest version of each section
    deadlines: list[Deadline]


@dataclass(frozen=True)
class MeetingText:
    meeting_number: str
    forum: str
    starts_at: str  # local YYYY-MM-DDTHH:MM
    case_number: str  # '' for a passage from another item
    discussion: str = ""
    decision: str = ""
    excerpt: str = ""  # passages of other minutes or addenda that name the person


@dataclass(frozen=True)
class LogLine:
    at: str  # local time as domain.dates.stamp_text writes it
    role: str
    action: str  # Danish label
    reference: str


@dataclass
class AccessReport:
    cpr: str
    name: str
    made_on: date
    role: str
    focus_areas: tuple[str, ...] = ()
    cases: list[CaseRecord] = field(default_factory=list)
    consents: list[dict[str, Any]] = field(default_factory=list)
    meetings: list[MeetingText] = field(default_factory=list)
    dispositions: list[dict[str, Any]] = field(default_factory=list)
    information: list[dict[str, Any]] = field(default_factory=list)
    exchanges: list[dict[str, Any]] = field(default_factory=list)
    underretninger: list[dict[str, Any]] = field(default_factory=list)  # with case_number and reason_label
    network_outcomes: list[dict[str, Any]] = field(default_factory=list)  # with case_number and label
    category_labels: dict[str, str] = field(default_factory=dict)  # the profile's information categories
    log: list[LogLine] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.cases or self.consents or self.meetings)

    @property
    def case_numbers(self) -> list[str]:
        return [c.case.number for c in self.cases]
