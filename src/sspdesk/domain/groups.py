"""Bekymringsgrupper as plain dataclasses: the group, a row of the group list (with member counts), a member row
(with its case's kind, so the service can keep DKE-Journal members anonymous) and a case's membership of a group.
They import nothing of ours but `domain`; `sspdesk.store.groups_repo` builds them, `sspdesk.groups` decides what
may be shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# The group's own columns, in the order its JSON has always had them.
GROUP_KEYS = ("id", "number", "name", "area", "coordinator", "status", "registered", "closed_on")


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
