"""The printed consent form (Bilag 6), the blank form and the letter to the parents (Bilag 1–2), read back."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from sspdesk.cases import NewCase, register_case
from sspdesk.consents import (
    ConsentContact,
    ConsentInput,
    blank_consent_pdf,
    consent_pdf,
    create_consent,
    mark_signed,
    withdraw_consent,
)
from sspdesk.domain.errors import Invalid
from sspdesk.information_duty import information_letter_pdf
from sspdesk.pdf.consent_pdfs import SENSITIVE_NOTE, STATEMENT, fill_template
from sspdesk.profiles import DEFAULT_CATEGORIES
from sspdesk.store import audit, consents_repo

# pypdf reads each signature block's "Dato" and "Underskrift" captions as these two lines, and nothing else on the
# form does: the marker counts signature blocks.
SIGNATURE_BLOCK = "Dato\nUnderskrift"
CONTACTS = (
    ConsentContact(
        "caseworker",
        "Nadia Testrup",
        "Social & Familie (fiktiv)",
        "40 00 00 05 · nt@kommune.example",
        "familieafdeling",
    ),
    ConsentContact("primary", "Kasper Prøvesen", "SSP-lærer, Nordskolen (fiktiv)", "40 00 00 02", "skole"),
    ConsentContact("secondary", "Birte Demoholm", "Vestegnens Politi (fiktiv)", "40 00 00 01", "politi"),
    ConsentContact("secondary", "Mads Fiktivsen", "Klub Syd (fiktiv)", "mf@klub.example", "fritid"),
)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def flat(text: str) -> str:
    return " ".join(text.split())


def make_consent(vault, cpr: str, on: date, *, adult: bool = False, name: str = "Åse Ødegård Opdigtet", **extra):
    case = register_case(
        vault,
        NewCase(level="II", subject="Indbrud", person_name=name, cpr=cpr, coordinator="Kasper Prøvesen", registered=on),
        today=on,
    )
    giver = (
        dict(giver_role="young_person", giver_name=name, giver_cpr=cpr)
        if adult
        else dict(giver_role="custody_holder", giver_name="Mette Ærø Opdigtet", giver_cpr="010180-1239")
    )
    data = ConsentInput(
        case_refs=(case.id,),
        consent_date=on,
        person_name=name,
        person_cpr=cpr,
        contacts=CONTACTS,
        categories=("familie", "sundhed"),
        exchange_text="Skolegang, fravær og trivsel – også æøå.",
        **giver,
        **extra,
    )
    return case, create_consent(vault, data)


def test_filled_form_carries_every_field_with_danish_letters(vault) -> None:
    vault.set_setting("municipality", "Ærø Demo Kommune")
    case, consent = make_consent(vault, "100311-4321", date(2026, 3, 10))
    text = pdf_text(consent_pdf(vault, consent.id))
    for expected in (
        "Samtykkeerklæring",
        consent.reference,
        case.case.number,
        "Ærø Demo Kommune",
        "Dato",
        "10.03.2026",
        "Navn på samtykkegiver",
        "Mette Ærø Opdigtet",
        "forældremyndighedsindehaver",
        "010180-1239",
        "Navn på person",
        "Åse Ødegård Opdigtet",
        "100311-4321",
        "Sagsbehandler(e)",
        "Primær kontaktperson",
        "Sekundære kontaktpersoner",
        "Navn og myndighed",
        "Navn og myndighed/tilhørsforhold",
        "Kontaktoplysninger",
        "Nadia Testrup, Social & Familie (fiktiv)",
        "40 00 00 05 · nt@kommune.example",
        "Kasper Prøvesen, SSP-lærer, Nordskolen (fiktiv)",
        "Birte Demoholm",
        "Mads Fiktivsen",
        "mf@klub.example",
        "Hvad giver jeg samtykke til, at der udveksles?",
        "Skolegang, fravær og trivsel – også æøå.",
        *(c.label for c in DEFAULT_CATEGORIES),  # every area of the profile, to tick
        "Gyldig fra",
        "Gyldig til",
        "10.03.2027",
        "Underskrift",
        "Den unge skal også give samtykke med underskrift, hvis den unge er fyldt 15 år",
        "databeskyttelsesforordningens artikel 7, stk. 3",
        "Retsplejelovens §§ 114-115a",
    ):
        assert flat(expected) in flat(text), expected
    assert flat(STATEMENT) in flat(text)
    assert "”siger ja”" in text
    assert text.count("X\n") == 2  # the two chosen areas are ticked
    assert "{" not in text and "%" not in text  # no placeholder or template comment leaks


@pytest.mark.parametrize(
    ("cpr", "on", "adult", "blocks", "required"),
    [
        ("100311-4321", date(2026, 3, 9), False, 2, False),  # 15 tomorrow
        ("100311-4321", date(2026, 3, 10), False, 2, True),  # 15 today
        ("100311-4321", date(2026, 3, 11), False, 2, True),  # 15 yesterday
        ("290212-4321", date(2027, 2, 28), False, 2, False),  # born 29 Feb, non-leap year: still 14
        ("290212-4321", date(2027, 3, 1), False, 2, True),  # ... and 15 on 1 March
        ("050307-4321", date(2026, 3, 10), True, 1, False),  # 19: gives consent alone and signs once
    ],
)
def test_a_custody_holders_form_always_has_the_seeds_two_signature_lines_and_says_when_the_young_must_sign(
    vault, cpr, on, adult, blocks, required
) -> None:
    # Bilag 6 prints the giver's and the young person's "Dato / Underskrift" lines on every form; the young person's
    # line says "fyldt 15 år" (required) from 15 (the seed's sentence is printed above the lines either way).
    _, consent = make_consent(vault, cpr, on, adult=adult)
    text = pdf_text(consent_pdf(vault, consent.id))
    assert text.count(SIGNATURE_BLOCK) == blocks
    assert "Den unge skal også give samtykke med underskrift, hvis den unge er fyldt 15 år" in flat(text)
    assert ("Den unge (fyldt 15 år)" in text) is required
    assert ("Den unge (hvis fyldt 15 år)" in text) is (not adult and not required)


def test_a_second_custody_holder_gets_a_signature_line_and_is_named_on_the_form(vault) -> None:
    _, consent = make_consent(
        vault, "100311-4321", date(2026, 3, 10), giver2_name="Jens Ærø Opdigtet", giver2_cpr="020279-1236"
    )
    text = pdf_text(consent_pdf(vault, consent.id))
    assert text.count(SIGNATURE_BLOCK) == 3
    assert "Anden forældremyndighedsindehaver Jens Ærø Opdigtet Dato Underskrift" in flat(text)
    assert "Navn på samtykkegiver 2" in text
    assert "020279-1236" in text
    mark_signed(vault, consent.id, True, b"%PDF-1.4 scan", giver2_signed=True, today=date(2026, 3, 10))
    text = pdf_text(consent_pdf(vault, consent.id))
    assert "underskrevet den 10.03.2026 af samtykkegiver, Jens Ærø Opdigtet og den unge" in flat(text)


def test_parties_show_authority_and_type_and_categories_their_labels_with_sensitive_ones_starred(vault) -> None:
    _, consent = make_consent(vault, "100311-4321", date(2026, 3, 10))
    text = flat(pdf_text(consent_pdf(vault, consent.id)))
    assert "Navn og myndighed/tilhørsforhold Type Kontaktoplysninger" in text
    for expected in (
        "Kasper Prøvesen, SSP-lærer, Nordskolen (fiktiv) Skole",
        "Birte Demoholm, Vestegnens Politi (fiktiv) Politi",
        "Nadia Testrup, Social & Familie (fiktiv) Familieafdeling",
        "Mads Fiktivsen, Klub Syd (fiktiv) Fritid/klub",
        "Sundhedsoplysninger *",
        flat(SENSITIVE_NOTE),
    ):
        assert expected in text, expected
    assert "sundhed" not in text.split("Sundhedsoplysninger")[0]  # labels, never the stored keys


def test_an_old_consent_with_a_category_the_profile_does_not_know_prints_the_key(vault) -> None:
    _, consent = make_consent(vault, "100311-4321", date(2026, 3, 10))
    with vault.transaction() as conn:  # a consent made under another profile
        consents_repo.update_consent(conn, vault.device_id, consent.id, {"categories": ["familie", "rusmidler"]})
    text = pdf_text(consent_pdf(vault, consent.id))
    assert "rusmidler" in text and text.count("X\n") == 2


def test_blank_form_has_both_signature_blocks_and_room_to_write(vault) -> None:
    text = pdf_text(blank_consent_pdf(vault))
    assert text.count(SIGNATURE_BLOCK) == 2
    for label in (
        "Navn på samtykkegiver",
        "Navn på person",
        "CPR",
        "Sagsbehandler(e)",
        "Sekundære kontaktpersoner",
        "Hvad giver jeg samtykke til, at der udveksles?",
        "Den unge (hvis fyldt 15 år)",
    ):
        assert label in text
    assert "X\n" not in text
    assert audit.entries(vault.conn, action="pdf.consent_blank")


def test_legal_notes_follow_the_setting(vault) -> None:
    _, consent = make_consent(vault, "100311-4321", date(2026, 3, 10))
    assert "Persondatalovens § 38" not in pdf_text(consent_pdf(vault, consent.id))
    vault.set_setting("consent_legal_template", "seed")
    text = pdf_text(consent_pdf(vault, consent.id))
    assert "jf. Persondatalovens § 38" in text and "databeskyttelsesforordningens" not in text


def test_printing_is_logged_and_a_withdrawn_consent_says_so(vault) -> None:
    _, consent = make_consent(vault, "100311-4321", date(2026, 3, 10))
    mark_signed(vault, consent.id, True, b"%PDF-1.4 scan", today=date(2026, 3, 10))
    withdraw_consent(vault, consent.id, date(2026, 4, 1), "skriftligt", today=date(2026, 4, 1))
    text = pdf_text(consent_pdf(vault, consent.reference))
    assert "TILBAGEKALDT den 01.04.2026" in text and "skriftligt" in text
    assert "underskrevet den 10.03.2026 af samtykkegiver og den unge" in text
    entry = audit.entries(vault.conn, action="pdf.consent")[0]
    assert entry.record_id == consent.id and entry.subject_ref == consent.reference


def test_parent_letter_has_the_coordinator_municipality_and_information_sheet(vault) -> None:
    vault.set_setting("municipality", "Demo Kommune")
    vault.set_setting("municipality_address", "Rådhusvej 1, 9999 Demoby")
    vault.set_setting("municipality_phone", "40 00 00 00")
    case, _ = make_consent(vault, "100311-4321", date(2026, 3, 10))
    text = flat(pdf_text(information_letter_pdf(vault, case.id, today=date(2026, 3, 12))))
    for expected in (
        "Kasper Prøvesen",
        "Demo Kommune",
        "Rådhusvej 1, 9999 Demoby",
        "Telefon: 40 00 00 00",
        "12. marts 2026",
        "Åse Ødegård Opdigtet",
        case.case.number,
        "Retsplejelovens §§ 114-115a",
        "ønsker familien inddraget i løsning af problemstillingen",
        "Information om behandling af personoplysninger",
        "Formålet med registreringen",
        "Jeres rettigheder",
        "opbevares i 5 år",
        "klage til Datatilsynet",
    ):
        assert expected in text, expected
    assert "E-mail:" not in text  # an unset e-mail leaves its line out
    assert "{" not in text
    assert audit.entries(vault.conn, action="pdf.parent_letter")


def test_no_parent_letter_for_an_adult(vault) -> None:
    case, _ = make_consent(vault, "050307-4321", date(2026, 3, 10), adult=True)
    with pytest.raises(Invalid, match="18"):
        information_letter_pdf(vault, case.id, addressee="parents", today=date(2026, 3, 10))


def test_fill_template_keeps_unknown_placeholders_and_drops_empty_lines() -> None:
    template = "% a comment\nTil {name}\nTelefon: {phone}\n{unknown} og {name}\nAdresse: {address}, {city}"
    filled = fill_template(template, {"name": "Åse", "phone": "", "address": "Vej 1", "city": ""})
    assert filled.splitlines() == ["Til Åse", "{unknown} og Åse", "Adresse: Vej 1, _______________"]
