"""What a consent covers, as data (issue 15 item 1): parties with a party type from the profile, information
categories from the profile (sensitive ones flagged), and a second custody holder who signs too."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from sspdesk.cases import NewCase, register_case
from sspdesk.consent_scope import category_lines, party_lines
from sspdesk.consents import (
    ConsentContact,
    ConsentInput,
    create_consent,
    get_consent,
    mark_signed,
    new_consent_input,
    update_consent,
)
from sspdesk.domain.errors import Invalid
from sspdesk.profiles import get_profile
from sspdesk.store import consents_repo

PARENT_CPR = "010180-1239"  # fictional: fails the modulus-11 check every pre-2007 number passes
PARENT2_CPR = "020279-1236"
PERSON_CPR = "100311-4321"
ON = date(2026, 3, 10)  # the person turns 15 that day
SCAN = b"%PDF-1.4 scan"


@pytest.fixture
def case(vault):
    return register_case(
        vault,
        NewCase(
            level="II",
            subject="Butikstyveri",
            person_name="Åse Ødegård Opdigtet",
            cpr=PERSON_CPR,
            coordinator="Kasper Prøvesen",
            registered=date(2026, 1, 5),
        ),
        today=date(2026, 1, 5),
    )


def form(case, **changes) -> ConsentInput:
    base = ConsentInput(
        case_refs=(case.id,),
        consent_date=ON,
        giver_name="Mette Ærø Opdigtet",
        giver_cpr=PARENT_CPR,
        giver_role="custody_holder",
        person_name="Åse Ødegård Opdigtet",
        person_cpr=PERSON_CPR,
        contacts=(
            ConsentContact("primary", "Kasper Prøvesen", "Nordskolen (fiktiv)", "40 00 00 02", "skole"),
            ConsentContact("secondary", "Birte Demoholm", "Vestegnens Politi (fiktiv)", "", "politi"),
        ),
        categories=("familie", "sundhed"),
    )
    return replace(base, **changes)


def refused(vault, data: ConsentInput) -> Invalid:
    with pytest.raises(Invalid) as error:
        create_consent(vault, data)
    return error.value


# -- parties ------------------------------------------------------------------------------------------------


def test_each_party_keeps_its_party_type(vault, case) -> None:
    consent = get_consent(vault, create_consent(vault, form(case)).id)
    assert [(c.name, c.party_type) for c in consent.contacts] == [
        ("Kasper Prøvesen", "skole"),
        ("Birte Demoholm", "politi"),
    ]
    lines = party_lines(consent, get_profile().parties())
    assert [(p["name"], p["authority"], p["party_label"]) for p in lines] == [
        ("Kasper Prøvesen", "Nordskolen (fiktiv)", "Skole"),
        ("Birte Demoholm", "Vestegnens Politi (fiktiv)", "Politi"),
    ]


def test_a_party_without_a_type_is_refused_naming_the_person(vault, case) -> None:
    contacts = (ConsentContact("secondary", "Mads Fiktivsen", "Klub Syd (fiktiv)"),)
    error = refused(vault, form(case, contacts=contacts))
    assert error.field == "contacts"
    assert "Mads Fiktivsen" in error.message and "sekundær kontaktperson" in error.message
    assert "Vælg typen af part" in error.message


def test_a_party_type_the_profile_does_not_have_is_refused(vault, case) -> None:
    contacts = (ConsentContact("primary", "Kasper Prøvesen", "Nordskolen", "", "rumfart"),)
    error = refused(vault, form(case, contacts=contacts))
    assert error.field == "contacts" and "rumfart" in error.message and "Kasper Prøvesen" in error.message


def test_editing_a_draft_also_needs_party_types(vault, case) -> None:
    consent = create_consent(vault, form(case))
    untyped = (ConsentContact("primary", "Kasper Prøvesen", "Nordskolen"),)
    with pytest.raises(Invalid, match="Kasper Prøvesen"):
        update_consent(vault, consent.id, form(case, contacts=untyped))
    assert get_consent(vault, consent.id).contacts[0].party_type == "skole"


def test_an_old_consent_whose_parties_have_no_type_stays_readable(vault, case) -> None:
    consent = create_consent(vault, form(case))
    old = [{"role": "primary", "name": "Kasper Prøvesen", "authority": "Nordskolen", "contact": ""}]
    with vault.transaction() as conn:  # as stored before migration 0012
        consents_repo.update_consent(conn, vault.device_id, consent.id, {"contacts": old})
    read = get_consent(vault, consent.id)
    assert read.contacts == (ConsentContact("primary", "Kasper Prøvesen", "Nordskolen"),)
    assert party_lines(read, get_profile().parties())[0]["party_label"] == ""


def test_a_new_consent_prefills_the_coordinator_as_the_ssp_party(vault, case) -> None:
    data = new_consent_input(vault, case.id, today=ON)
    assert [(c.role, c.name, c.party_type) for c in data.contacts] == [("primary", "Kasper Prøvesen", "ssp")]


# -- categories ---------------------------------------------------------------------------------------------


def test_categories_come_from_the_profile_in_its_order_with_sensitive_ones_flagged(vault, case) -> None:
    consent = create_consent(vault, form(case, categories=("sundhed", "strafbare_forhold", "familie")))
    assert consent.categories == ("familie", "sundhed", "strafbare_forhold")
    lines = category_lines(consent.categories, get_profile().categories())
    assert [(c["label"], c["sensitive"]) for c in lines] == [
        ("Familie", False),
        ("Sundhedsoplysninger", True),
        ("Strafbare forhold", True),
    ]


def test_an_unknown_category_is_refused(vault, case) -> None:
    error = refused(vault, form(case, categories=("familie", "holdninger")))  # København's, not Albertslund's
    assert error.field == "categories" and "holdninger" in error.message


def test_koebenhavns_focus_areas_are_categories_there_and_sensitive(vault, case) -> None:
    vault.set_setting("profile", "koebenhavn")
    consent = create_consent(vault, form(case, categories=("holdninger", "misbrug", "psykisk_saarbarhed")))
    lines = category_lines(consent.categories, get_profile("koebenhavn").categories())
    assert all(c["sensitive"] for c in lines) and [c["label"] for c in lines] == [
        "Misbrug",
        "Psykisk sårbarhed",
        "Holdninger",
    ]


def test_a_stored_category_the_profile_no_longer_has_shows_as_its_key(vault, case) -> None:
    consent = create_consent(vault, form(case))
    with vault.transaction() as conn:
        consents_repo.update_consent(conn, vault.device_id, consent.id, {"categories": ["familie", "rusmidler"]})
    read = get_consent(vault, consent.id)
    assert [c["label"] for c in category_lines(read.categories, get_profile().categories())] == ["Familie", "rusmidler"]


# -- the second custody holder ------------------------------------------------------------------------------


def test_a_second_custody_holder_must_sign_too(vault, case) -> None:
    consent = create_consent(vault, form(case, giver2_name=" Jens Opdigtet ", giver2_cpr="0202791236"))
    assert (consent.giver2_name, consent.giver2_cpr, consent.has_giver2) == ("Jens Opdigtet", "0202791236", True)
    with pytest.raises(Invalid) as error:
        mark_signed(vault, consent.id, True, SCAN, today=ON)
    assert error.value.field == "giver2_signed" and "Jens Opdigtet" in error.value.message
    assert not get_consent(vault, consent.id).is_signed
    signed = mark_signed(vault, consent.id, True, SCAN, giver2_signed=True, today=ON)
    assert signed.is_signed and signed.giver2_signed and signed.to_json(ON)["giver2_cpr"] == "020279-1236"


def test_without_a_second_custody_holder_nothing_more_is_asked(vault, case) -> None:
    consent = create_consent(vault, form(case))
    signed = mark_signed(vault, consent.id, True, SCAN, today=ON)
    assert signed.is_signed and not signed.has_giver2 and not signed.giver2_signed


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        (
            {"giver2_name": "Jens Opdigtet", "giver2_cpr": "31139-1236"},
            "giver2_cpr",
            "Anden forældremyndighedsindehaver",
        ),
        ({"giver2_name": "Jens Opdigtet", "giver2_cpr": PARENT_CPR}, "giver2_cpr", "samme CPR-nr. som samtykkegiver"),
        ({"giver2_name": "Jens Opdigtet", "giver2_cpr": PERSON_CPR}, "giver2_cpr", "den unges"),
        ({"giver2_name": "", "giver2_cpr": PARENT2_CPR}, "giver2_name", "Skriv navn"),
    ],
)
def test_a_second_custody_holder_needs_a_valid_cpr_of_a_third_person(vault, case, changes, field, words) -> None:
    error = refused(vault, form(case, **changes))
    assert error.field == field and words in error.message


def test_a_young_person_giving_consent_alone_has_no_second_custody_holder(vault) -> None:
    adult = register_case(
        vault, NewCase(level="II", subject="Hærværk", person_name="Noah Fiktivsen", cpr="050307-4321")
    )
    data = form(
        adult,
        giver_role="young_person",
        giver_name="Noah Fiktivsen",
        giver_cpr="050307-4321",
        person_name="Noah Fiktivsen",
        person_cpr="050307-4321",
        giver2_name="Jens Opdigtet",
        giver2_cpr=PARENT2_CPR,
    )
    error = refused(vault, data)
    assert error.field == "giver2_name" and "forældremyndighedsindehaver giver samtykke" in error.message
