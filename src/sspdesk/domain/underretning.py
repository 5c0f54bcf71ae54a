"""Underretning and the outcome of a Netværksmøde as plain records (`sspdesk.underretning` makes and reads them).

An underretning is the notification of concern to the municipality (Barnets Lov, formerly Serviceloven § 153; public
employees have a skærpet underretningspligt). Seed 000 l.269–274: after a Netværksmøde "vil der … blive truffet aftale
vedr. hvilket indsatsforløb …" and "kan der på baggrund af Netværksmødet udarbejdes en social underretning".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# The meetings the seed's "Aftale og/eller underretning" follows (seed 000 l.256, 269).
NETWORK_FORUMS = ("Netværksmøde", "Netværkssamråd")
PENDING_RECEIPT = "afventer kvittering"


@dataclass(frozen=True)
class ReasonCategory:
    """A reason category of the profile's list (key stored, label shown)."""

    key: str
    label: str


@dataclass(frozen=True)
class Underretning:
    id: str
    case_id: str
    case_number: str
    case_kind: str  # journal | sag
    sent_on: date
    authority: str  # to which authority
    made_by: str  # the professional who made it
    reason: str  # a ReasonCategory key, '' = not stated
    reason_label: str
    confirmed_on: date | None  # the authority's receipt (kvittering); None = none yet
    created_at: str

    @property
    def confirmed(self) -> bool:
        return self.confirmed_on is not None


@dataclass(frozen=True)
class NetworkOutcome:
    """What a Netværksmøde / Netværkssamråd ended in: an agreement, an underretning, both, or no further action."""

    id: str
    case_id: str
    forum: str
    held_on: date
    agreement: bool
    underretning: bool
    created_at: str

    @property
    def label(self) -> str:
        return outcome_label(self.agreement, self.underretning)


def outcome_label(agreement: bool, underretning: bool) -> str:
    """'Aftale om indsatsforløb og underretning', 'Underretning', … or 'Ingen videre handling'."""
    chosen = [text for text, on in (("aftale om indsatsforløb", agreement), ("underretning", underretning)) if on]
    return " og ".join(chosen).capitalize() if chosen else "Ingen videre handling"
