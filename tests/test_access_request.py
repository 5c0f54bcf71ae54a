"""Access requests (aktindsigt): one PDF with everything the vault holds about a person, read back as text."""

from __future__ import annotations

import io
from datetime import datetime

import pytest
from pypdf import PdfReader

from sspdesk.cases import get_case
from sspdesk.domain.errors import Invalid
from sspdesk.duties import access_request
from sspdesk.meetings import add_item, create_meeting, save_item_minutes
from sspdesk.store import audit
from sspdesk.store.vault import Vault
from support.records import CPR, NAME, PARENT_CPR, PARENT_NAME, full_sag


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def person(vault: Vault) -> str:
    vault.set_setting("municipality", "Demo Kommune")
    case_id = full_sag(vault, "INDHOLD", closed_on=None)
    get_case(vault, case_id)  # a view, so the log has something to show
    return case_id


def test_the_pdf_holds_the_sag_consent_minutes_duty_and_exchanges(vault: Vault, person: str) -> None:
    text = pdf_text(access_request.access_request_pdf(vault, CPR))
    number = get_case(vault, person).case.number
    for expected in (
        NAME,
        "050310-4321",
        number,
        "INDHOLD bor hos far",
        "STATUS",
        "INDHOLD drøftet på mødet",
        "INDHOLD følger op",
        "Samtykke SAM-",
        PARENT_NAME,
        "INDHOLD skolegang",
        "Ikke orienteret",
        "INDHOLD begrundelse",
        "INDHOLD fravær",
        "Retsplejelovens § 115",
        "Logbog",
    ):
        assert expected in text, expected


def test_the_log_shows_the_role_and_organisation_not_the_colleagues_name(vault: Vault, person: str) -> None:
    text = pdf_text(access_request.access_request_pdf(vault, CPR))
    assert "Kriminalpræventiv koordinator" in text and "Sag vist" in text
    assert "Test Koordinator" not in text


def test_other_minutes_that_name_the_person_appear_as_an_excerpt_without_other_names(vault: Vault, person: str) -> None:
    full_sag(vault, "ANDEN", name="Ida Demosen", cpr="0101114321", closed_on=None)
    meeting = create_meeting(vault, "Koordinationsmøde", datetime(2018, 3, 1, 9, 0), accept_agenda=False)
    item = add_item(vault, meeting.detail.meeting.id, "topic", title="Uro ved stationen")
    save_item_minutes(vault, item.id, f"{NAME} og Ida Demosen var med.\nKlubben holder åbent længere.", "")
    report = access_request.collect(vault, CPR)
    [mention] = [m for m in report.meetings if not m.case_number]
    assert mention.excerpt == f"{NAME} og […] var med."


def test_the_request_is_logged_by_reference_without_the_cpr_number(vault: Vault, person: str) -> None:
    access_request.access_request_pdf(vault, "050310-4321")
    [entry] = audit.entries(vault.conn, action="pdf.access_request")
    assert entry.subject_ref == get_case(vault, person).case.number
    assert CPR not in entry.detail + entry.subject_ref + entry.record_id and "050310" not in entry.detail


def test_a_giver_gets_the_consents_they_gave(vault: Vault, person: str) -> None:
    report = access_request.collect(vault, PARENT_CPR)
    assert report.name == PARENT_NAME and report.cases == [] and len(report.consents) == 1


def test_an_unknown_person_gets_a_pdf_saying_nothing_is_registered(vault: Vault) -> None:
    text = pdf_text(access_request.access_request_pdf(vault, "0101114321"))
    assert "Der er ikke registreret oplysninger om dette CPR-nr." in text
    assert audit.entries(vault.conn, action="pdf.access_request")[0].detail == "ingen oplysninger fundet"


def test_an_invalid_cpr_number_is_refused(vault: Vault) -> None:
    with pytest.raises(Invalid):
        access_request.access_request_pdf(vault, "321")
    assert audit.entries(vault.conn, action="pdf.access_request") == []
