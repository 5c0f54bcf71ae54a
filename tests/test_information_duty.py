"""Level III: the parents are always informed ("Forældre underrettes i alle tilfælde", seed 000, Niveau III) – the
refused decision not to inform, the computed deadline on the case and in Overblik, and the letter (Bilag 1–2) to the
custody holders or to the young person, read back with pypdf. Real vault; every name and number is invented."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from sspdesk.cases import (
    NewCase,
    change_level,
    close_case,
    get_case,
    mark_deadline_done,
    register_case,
)
from sspdesk.coming_deadlines import deadline_groups
from sspdesk.domain.errors import Invalid
from sspdesk.information_deadline import ADULT_LABEL, PARENTS_LABEL, SEED_LINE
from sspdesk.information_duty import (
    information_deadline_of,
    information_entries,
    information_letter_pdf,
    information_status,
    letter_addressees,
    must_inform,
    record_information,
)
from sspdesk.store import audit

TUESDAY = date(2026, 4, 7)  # level III: contact "inden 3 arbejdsdage" → Friday 10 April 2026
AGE_15 = "100311-4321"  # born 10.03.2011
AGE_17 = "010608-4321"  # born 01.06.2008: 17 on 12.03.2026
AGE_19 = "050107-4321"  # born 05.01.2007: 19 on 12.03.2026
LETTER_DAY = date(2026, 3, 12)
PARENT_WORDING = ("forældre", "Forældre", "jeres", "dit barn", "barnet", "du/I", "dig/jer")


def sag(vault, level: str = "III", cpr: str = AGE_15, on: date = TUESDAY, name: str = "Åse Ødegård Opdigtet") -> str:
    new = NewCase(
        level=level, subject="Røveri", person_name=name, cpr=cpr, coordinator="Kasper Prøvesen", registered=on
    )
    return register_case(vault, new, today=on).id


def inform(vault, case_id: str, on: date, recipients: str = "forældremyndighedsindehaver"):
    return record_information(vault, case_id, "informed", on, recipients=recipients, method="møde", today=on)


def computed(deadlines) -> list:
    return [d for d in deadlines if d.computed]


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


# -- the refusal -------------------------------------------------------------------------------------------------


def test_a_decision_not_to_inform_is_refused_on_a_level_three_case_with_the_seed_line(vault) -> None:
    case_id = sag(vault)
    assert must_inform(vault, case_id)
    with pytest.raises(Invalid) as refused:
        record_information(vault, case_id, "not_informed", TUESDAY, reason="Vil forhindre formålet", today=TUESDAY)
    assert refused.value.field == "decision"
    assert f"»{SEED_LINE}«" in refused.value.message and "niveau III" in refused.value.message
    assert information_entries(vault, case_id) == []
    assert not audit.entries(vault.conn, action="information_duty.record")


def test_a_level_two_case_may_still_decide_not_to_inform(vault) -> None:
    case_id = sag(vault, level="II")
    assert not must_inform(vault, case_id)
    entry = record_information(vault, case_id, "not_informed", TUESDAY, reason="Vil forhindre formålet", today=TUESDAY)
    assert information_status(vault, case_id) == entry
    assert computed(get_case(vault, case_id, today=TUESDAY).deadlines) == []


def test_an_earlier_decision_not_to_inform_no_longer_counts_once_the_case_is_raised_to_level_three(vault) -> None:
    case_id = sag(vault, level="II", on=date(2026, 3, 2))
    record_information(vault, case_id, "not_informed", date(2026, 3, 3), reason="Vil forhindre formålet", today=TUESDAY)
    detail = change_level(vault, case_id, "III", today=TUESDAY)
    assert information_status(vault, case_id) is None  # the duty is open again
    [deadline] = computed(get_case(vault, case_id, today=TUESDAY).deadlines)
    # Counted from the day the case came to level III (the stored contact row), not from its registration.
    assert (deadline.label, deadline.due) == (PARENTS_LABEL, "2026-04-10")
    assert {d.due for d in detail.deadlines if d.kind == "contact" and d.is_open} == {"2026-04-10"}


# -- the deadline ------------------------------------------------------------------------------------------------


def test_a_level_three_case_without_information_shows_the_deadline_until_the_parents_are_informed(vault) -> None:
    case_id = sag(vault)
    [deadline] = computed(get_case(vault, case_id, today=TUESDAY).deadlines)
    assert (deadline.label, deadline.due, deadline.status) == ("Forældre skal orienteres", "2026-04-10", "open")
    assert information_deadline_of(vault, case_id, today=TUESDAY) == deadline
    # In Overblik like the stored ones: Friday is among "De næste 10 arbejdsdage" on Wednesday, overdue the Monday
    # after.
    coming = deadline_groups(vault, date(2026, 4, 8))["next"]
    assert any(d.computed and d.case_id == case_id for d in coming.rows)
    assert coming.total == len(coming.rows)
    overdue = deadline_groups(vault, date(2026, 4, 13))["overdue"]
    assert [d.label for d in overdue.rows if d.case_id == case_id and d.computed] == [PARENTS_LABEL]
    # It is met by recording the information, never ticked off.
    with pytest.raises(Invalid, match="Oplysningspligt"):
        mark_deadline_done(vault, deadline.id, today=TUESDAY)
    # Telling only the young person (15) does not tell the custody holders.
    inform(vault, case_id, TUESDAY, recipients="den unge")
    assert computed(get_case(vault, case_id, today=TUESDAY).deadlines)
    inform(vault, case_id, date(2026, 4, 8))
    assert computed(get_case(vault, case_id, today=date(2026, 4, 8)).deadlines) == []
    assert information_deadline_of(vault, case_id, today=date(2026, 4, 8)) is None
    assert not any(d.computed for d in deadline_groups(vault, date(2026, 4, 13))["overdue"].rows)


def test_from_eighteen_the_deadline_asks_for_the_person_to_be_informed(vault) -> None:
    case_id = sag(vault, cpr=AGE_19)
    [deadline] = computed(get_case(vault, case_id, today=TUESDAY).deadlines)
    assert deadline.label == ADULT_LABEL
    inform(vault, case_id, TUESDAY, recipients="den unge")
    assert computed(get_case(vault, case_id, today=TUESDAY).deadlines) == []


def test_a_closed_level_three_case_has_no_information_deadline(vault) -> None:
    case_id = sag(vault)
    close_case(vault, case_id, "Forløbet er slut", "Overdrages ikke", today=TUESDAY)
    assert computed(get_case(vault, case_id, today=TUESDAY).deadlines) == []
    assert not any(d.computed for g in deadline_groups(vault, TUESDAY).values() for d in g.rows)


# -- the letter --------------------------------------------------------------------------------------------------


def test_the_parents_letter_speaks_to_the_custody_holders(vault) -> None:
    case_id = sag(vault, on=LETTER_DAY)
    assert letter_addressees(vault, case_id, today=LETTER_DAY) == ["parents", "young_person"]
    text = pdf_text(information_letter_pdf(vault, case_id, today=LETTER_DAY))
    assert "Til forældremyndighedsindehaver for Åse Ødegård Opdigtet" in text
    assert "ønsker familien inddraget i løsning af problemstillingen" in text
    assert "jeres barn" in text and "Retsplejelovens §§ 114-115a" in text
    assert audit.entries(vault.conn, action="pdf.parent_letter")


def test_a_seventeen_year_old_can_get_an_own_version_that_says_the_parents_are_told_too(vault) -> None:
    case_id = sag(vault, cpr=AGE_17, on=LETTER_DAY)
    text = pdf_text(information_letter_pdf(vault, case_id, addressee="young_person", today=LETTER_DAY))
    assert "Til Åse Ødegård Opdigtet" in text and "Kære Åse" in text
    assert "en sag vedrørende dig har været til drøftelse" in text
    assert "Da du er under 18 år, orienteres din forældremyndighedsindehaver også om sagen." in text
    assert "oplysninger om dig" in text and "Dine rettigheder" in text
    assert "jeres" not in text and "dit barn" not in text and "du/I" not in text
    assert audit.entries(vault.conn, action="pdf.young_person_letter")


def test_a_nineteen_year_old_gets_a_letter_addressed_to_them_with_no_parent_wording(vault) -> None:
    case_id = sag(vault, cpr=AGE_19, on=LETTER_DAY)
    assert letter_addressees(vault, case_id, today=LETTER_DAY) == ["young_person"]
    text = pdf_text(information_letter_pdf(vault, case_id, today=LETTER_DAY))  # the default from 18
    for expected in (
        "Til Åse Ødegård Opdigtet",
        "Kære Åse",
        "Orientering om drøftelse og registrering af din sag",
        "Vi ønsker at inddrage dig i løsning af problemstillingen",
        "Retsplejelovens §§ 114-115a",
        "Formålet med at behandle oplysninger om dig",
        "Ret til at klage til Datatilsynet over, at oplysninger om dig behandles",
        "opbevares i 5 år",
    ):
        assert expected in text, expected
    for wording in PARENT_WORDING:
        assert wording not in text, wording
    assert "{" not in text


def test_the_parents_letter_is_refused_for_a_person_over_eighteen(vault) -> None:
    case_id = sag(vault, cpr=AGE_19, on=LETTER_DAY)
    with pytest.raises(Invalid) as refused:
        information_letter_pdf(vault, case_id, addressee="parents", today=LETTER_DAY)
    assert refused.value.field == "addressee" and "18" in refused.value.message
    assert not audit.entries(vault.conn, action="pdf.parent_letter")
