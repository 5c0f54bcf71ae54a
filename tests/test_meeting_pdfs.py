"""Agenda and minutes PDFs, read back as text: every item, decision and disposition; the redacted variant."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from pypdf import PdfReader

from sspdesk.cases import NewCase, get_case, register_case
from sspdesk.dispositions import add_disposition
from sspdesk.duties.minimisation import Scrubber
from sspdesk.meetings import (
    MeetingDetail,
    add_addendum,
    add_item,
    agenda_pdf,
    approve_minutes,
    create_meeting,
    get_meeting,
    minutes_pdf,
    save_item_minutes,
    set_participant_status,
)
from sspdesk.pdf.meeting_pdfs import OMITTED
from sspdesk.store import audit
from sspdesk.store.vault import Vault

SAG_NAME = "Åse Ødegård Opdigtet"
SAG_CPR = "050310-4321"
OTHER_CPR = "120309-5123"
DANISH = "æøå ÆØÅ"


def pdf_text(data: bytes) -> str:
    pages = PdfReader(io.BytesIO(data)).pages
    return " ".join(" ".join(page.extract_text().split()) for page in pages)


@pytest.fixture
def meeting(vault: Vault) -> MeetingDetail:
    vault.set_setting("municipality", "Demo Kommune")
    day = date(2026, 3, 2)
    register_case(vault, NewCase(level="II", subject="Indbrud i kiosk", person_name=SAG_NAME, cpr=SAG_CPR), today=day)
    journal = register_case(vault, NewCase(level="I", subject="Uro i skolegården", area="Nord"), today=day)
    detail = create_meeting(vault, "Sagsmøde", "2026-03-10 14:00", place="Rådhuset, mødelokale 2").detail
    sag_item = detail.items[0]
    journal_item = add_item(vault, detail.id, "case", case_ref=journal.case.number)
    topic = add_item(vault, detail.id, "topic", title="Eventuelt – klubaften")
    save_item_minutes(
        vault, sag_item.id, f"{SAG_NAME} har fået praktikplads. CPR {SAG_CPR}.", "Mentorforløb bevilges i tre måneder."
    )
    save_item_minutes(vault, journal_item.id, "Uroen i skolegården er aftaget.", "Skolen holder forældremøde for 7.b.")
    save_item_minutes(
        vault,
        topic.id,
        f"Åse mødte op til klubaftenen; en forælder oplyste {OTHER_CPR}.",
        f"Klubben følger op – {DANISH}.",
    )
    add_disposition(
        vault, detail.id, "Nadia Testrup", f"Kontakter {SAG_NAME} og forældre", item_id=sag_item.id, due="2026-03-18"
    )
    add_disposition(vault, detail.id, "Lokalbetjent", "Kører forbi skolen fredag aften", item_id=journal_item.id)
    add_disposition(vault, detail.id, "Kriminalpræventiv koordinator", "Sender referatet til deltagerne")
    participants = get_meeting(vault, detail.id).participants
    set_participant_status(vault, participants[0].id, "present")
    set_participant_status(vault, participants[1].id, "absent")
    return get_meeting(vault, detail.id, log_view=False)


def test_agenda_lists_every_item_and_the_participants(vault: Vault, meeting: MeetingDetail) -> None:
    content = pdf_text(agenda_pdf(vault, meeting.id))
    for expected in (
        "Dagsorden",
        "Demo Kommune",
        "Sagsmøde",
        "tirsdag den 10. marts 2026",
        "kl. 14.00",
        "Rådhuset, mødelokale 2",
        "Deltagere",
        "Kriminalpræventiv koordinator (DKE)",
        "Myndighedsansvarlig sagsbehandler (Social & Familie)",
        "Familieafsnittet",
        "Side 1 af",
    ):
        assert expected in content
    for item in meeting.items:
        assert f"{item.position}. {item.heading}" in content
    assert "Uro i skolegården" in content and "Indbrud i kiosk" in content
    assert SAG_NAME not in content and SAG_CPR not in content  # a case item shows number and subject only
    assert audit.entries(vault.conn, action="pdf.agenda")[0].record_id == meeting.id


def test_agenda_shows_dispositions_carried_from_the_last_meeting(vault: Vault, meeting: MeetingDetail) -> None:
    approve_minutes(vault, meeting.id, now=datetime(2026, 3, 11, 9, 0))
    following = create_meeting(vault, "Sagsmøde", "2026-03-24 14:00").detail
    content = pdf_text(agenda_pdf(vault, following.id))
    assert "Opfølgning på dispositioner" in content
    for what in (
        "Kører forbi skolen fredag aften",
        "Sender referatet til deltagerne",
        "18.03.2026",
        "fra mødet 10.03.2026",
    ):
        assert what in content


def test_minutes_hold_every_decision_and_disposition_the_approval_and_addenda(
    vault: Vault, meeting: MeetingDetail
) -> None:
    approve_minutes(vault, meeting.id, now=datetime(2026, 3, 11, 9, 0))
    add_addendum(vault, meeting.id, f"Jobcenteret deltog også – {DANISH}.")
    content = pdf_text(minutes_pdf(vault, meeting.id))
    for item in meeting.items:
        assert f"{item.position}. {item.heading}" in content
        assert " ".join(item.minutes.decision.split()) in content
    for disposition in meeting.dispositions:
        assert disposition.what in content and disposition.owner in content
    for expected in (
        "Referat",
        "Til stede",
        "Fraværende",
        "Inviteret",
        "Drøftelse",
        "Beslutning",
        "Hvem",
        "Hvad",
        "Frist",
        "18.03.2026",
        "Godkendt 11.03.2026",
        "Test Koordinator",
        "Tillæg",
        f"Jobcenteret deltog også – {DANISH}.",
        f"Klubben følger op – {DANISH}.",
        "Side 1 af",
        "Fortroligt",
    ):
        assert expected in content
    assert SAG_NAME in content  # the full minutes keep what was written
    entry = audit.entries(vault.conn, action="pdf.minutes")[0]
    assert entry.record_id == meeting.id and entry.detail == "fuldt referat"


def test_draft_minutes_say_they_are_not_approved(vault: Vault, meeting: MeetingDetail) -> None:
    assert "Ikke godkendt" in pdf_text(minutes_pdf(vault, meeting.id))


def test_redacted_minutes_hold_no_name_or_cpr_of_the_meetings_cases(vault: Vault, meeting: MeetingDetail) -> None:
    approve_minutes(vault, meeting.id, now=datetime(2026, 3, 11, 9, 0))
    add_addendum(vault, meeting.id, f"Rettelse vedrørende {SAG_NAME}.")
    content = pdf_text(minutes_pdf(vault, meeting.id, redacted=True))
    sag_number = get_case(vault, meeting.items[0].case_id).case.number
    for secret in (
        SAG_NAME,
        *SAG_NAME.split(),
        SAG_CPR,
        SAG_CPR.replace("-", ""),
        OTHER_CPR,
        "praktikplads",
        "Mentorforløb",
        "Kontakter",
    ):
        assert secret not in content, secret
    assert OMITTED in content and f"{sag_number} (DKE-Sag)" in content
    # The journal and topic items keep their text, with person data cut out.
    for kept in (
        "Skolen holder forældremøde for 7.b.",
        "Kører forbi skolen fredag aften",
        f"Klubben følger op – {DANISH}.",
        "mødte op til klubaftenen",
        "uden personoplysninger",
        "Rettelse vedrørende [udeladt]",
        "Nadia Testrup",
    ):
        assert kept in content, kept
    assert "Fortroligt" not in content
    assert audit.entries(vault.conn, action="pdf.minutes")[0].detail == "uden personoplysninger"


def test_scrubber_cuts_overlapping_findings_once() -> None:
    scrub = Scrubber(True, ["Mads Emil Østergaard"], ["Mads Emil Østergaard"])
    assert scrub("Mads Emil Østergaard (0503104321) og Emils far") == "[udeladt] ([udeladt]) og [udeladt] far"
    assert Scrubber(False, ["Mads Emil Østergaard"])("Mads Emil Østergaard") == "Mads Emil Østergaard"
