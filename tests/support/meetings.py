"""A Koordinationsmøde with a journal item, a topic and a sag item: the meeting the meeting-mode and Møder page tests
work on. Every name and number is invented."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sspdesk.cases import NewCase, register_case
from sspdesk.meetings import add_item, create_meeting
from sspdesk.store.vault import Vault

MONDAY = date(2026, 3, 2)
WHEN = "2026-03-10 14:00"
NAME = "Oliver Eksemplar"
CPR = "120310-4321"  # invented


@dataclass
class Setup:
    meeting_id: str
    journal_item: str
    topic_item: str
    sag_item: str
    journal_case: str
    sag_case: str


def make_meeting(vault: Vault) -> Setup:
    """A Koordinationsmøde (held 10 March 2026) with a journal item, a topic and a sag item."""
    journal = register_case(vault, NewCase(level="I", subject="Uro i skolegården", area="Nord"), today=MONDAY).id
    sag = register_case(
        vault, NewCase(level="II", subject="Indbrud i kiosk", person_name=NAME, cpr=CPR), today=MONDAY
    ).id
    meeting = create_meeting(
        vault, "Koordinationsmøde", WHEN, area="Nord", place="Nordskolen", accept_agenda=False
    ).detail.id
    journal_item = add_item(vault, meeting, "case", case_ref=journal).id
    topic_item = add_item(vault, meeting, "topic", title="Orientering fra politiet").id
    sag_item = add_item(vault, meeting, "case", case_ref=sag).id
    return Setup(meeting, journal_item, topic_item, sag_item, journal, sag)
