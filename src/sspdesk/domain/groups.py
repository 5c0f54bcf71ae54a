"""A group of concern's screening sheet as data (seed 001): its sections, states and how members are shown, and
Bekymringsgrupper as plain dataclasses: the group, a row of the group list (with member counts), a member row
(with its case's kind, so the service can keep DKE-Journal members anonymous) and a case's membership of a group.

`sspdesk.groups` holds the rules; the editor lays the sheet out from these definitions and the PDF prints from them.
They import nothing of ours but `domain`; `sspdesk.store.groups_repo` builds them, `sspdesk.groups` decides what
may be shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sspdesk.domain.forms import Field

STATUS_LABELS = {"active": "Aktiv", "followup": "Opfølgning", "closed": "Afsluttet"}
SECTIONS: dict[str, tuple[Field, ...]] = {
    "screening": (
        Field(
            "adfaerd",
            "Hvordan den bekymrende adfærd kommer til udtryk",
            "Hvor, hvornår og hvad – uden navne og CPR-nr.",
        ),
        Field("dynamik", "Gruppens interne dynamik", "Fx om nogle er medløbere eller toneangivende"),
    ),
    "indsatser": (
        Field("gruppe", "Indsatser rettet mod gruppen"),
        Field("individ", "Indsatser rettet mod den enkelte"),
        Field(
            "vurdering",
            "Vurdering af igangsatte tiltag",
            "Er tiltagene de rigtige, eller skal de omlægges eller suppleres?",
        ),
    ),
}
SECTION_TITLES = {"screening": "Screening", "indsatser": "Indsatser"}

# The group's own columns, in the order its JSON has always had them.
GROUP_KEYS = ("id", "number", "name", "area", "coordinator", "status", "registered", "closed_on")


@dataclass(frozen=True)
class SagMember:
    case_id: str
    number: str
    level: str
    status: str
    role: str = ""
    person_name: str = ""  # filled only in the sag-aware view


def journal_member_text(count: int) -> str:
    """How every view and export shows the journal members: a count only."""
    if count == 0:
        return "Ingen medlemmer fra DKE-Journaler"
    return f"{count} {'medlem' if count == 1 else 'medlemmer'} fra DKE-Journaler"


@dataclass(frozen=True, slots=True)
class Group:
    id: str
    number: str  # G-2026-0003
    name: str  # Betegnelse, e.g. "Gruppe ved stationen" (no person names)
    registered: str  # ISO date
    area: str = ""
    coordinator: str = ""
    status: str = "active"  # active | followup | closed
    closed_on: str = ""

    @property
    def heading(self) -> str:
        """What an agenda shows for the group: its number and designation (never its members)."""
        return f"{self.number} – {self.name}"

    def to_json(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in GROUP_KEYS}


@dataclass(frozen=True, slots=True)
class GroupRow:
    """A group as the group list shows it: members only as counts."""

    group: Group
    sag_members: int = 0
    journal_members: int = 0

    @property
    def id(self) -> str:
        return self.group.id


@dataclass(frozen=True, slots=True)
class GroupMember:
    """A live member of a group, with its live case's header. Not for display as is: see `sspdesk.groups`."""

    id: str
    case_id: str
    kind: str  # the case's kind: journal | sag
    number: str
    level: str
    status: str
    role: str = ""
    added_on: str = ""
    subject: str = ""
    person_name: str = ""


@dataclass(frozen=True, slots=True)
class Membership:
    """A group a case belongs to, and the case's role in it (for the case's own view)."""

    group: Group
    role: str = ""
