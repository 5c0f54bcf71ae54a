"""Open cases that nobody has worked on for 12 months: Overblik proposes them for closing.

Seed 000 l.808–809: "Personoplysninger registreret i DKE-Sag, må opbevares 5 år … Her bruges informationen af DKE som
styringsværktøj så længe sagen er aktiv." The retention period runs from the closing (`sspdesk.duties.retention`),
so a case left open without activity would keep its personal data for ever. Issue 18, item 7: "An open case with no
activity for 12 months appears in Overblik for closing"; closing it is the usual flow with a lukkenotat (seed 000
l.321–322), which the Overblik box opens.

What counts as activity is defined once, in `sspdesk.store.inactivity_repo` (the case record, its sections, events,
meetings with the case on the agenda, dispositions, underretninger, deadlines marked done). It is read in one query:
the case's own dates first, so only cases untouched since the cut-off are looked at further; the list is cut at
`limit` and counted in full.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sspdesk.store import inactivity_repo as repo
from sspdesk.store.vault import Vault
from sspdesk.workdays import add_months

INACTIVE_MONTHS = 12


@dataclass(frozen=True)
class InactiveCase:
    id: str
    number: str
    kind: str  # journal | sag
    level: str
    subject: str
    last_activity: date

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "number": self.number,
            "kind": self.kind,
            "level": self.level,
            "subject": self.subject,
            "last_activity": self.last_activity.isoformat(),
        }


@dataclass(frozen=True)
class InactiveList:
    rows: list[InactiveCase]  # the `limit` longest quiet
    total: int


def inactivity_cutoff(today: date) -> date:
    """The last day of activity that makes a case inactive today: 12 months before it (a case last worked on
    12 March 2025 is proposed for closing on 12 March 2026)."""
    return add_months(today, -INACTIVE_MONTHS)


def inactive_open_cases(vault: Vault, today: date, limit: int = 200) -> InactiveList:
    """Open cases with no activity for `INACTIVE_MONTHS` months on `today`, longest quiet first (at most `limit`,
    -1 for all), and how many there are."""
    cutoff = inactivity_cutoff(today).isoformat()
    rows = [
        InactiveCase(
            row["id"],
            row["number"],
            row["kind"],
            row["level"],
            row["subject"],
            date.fromisoformat(row["last_activity"]),
        )
        for row in repo.inactive_open_cases(vault.conn, cutoff, limit)
    ]
    return InactiveList(rows, repo.count_inactive_open_cases(vault.conn, cutoff))
