"""The journal rule with the vault's context: registered names, allowed phrases, the service check (fictional)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings

from sspdesk.cases import NewCase, register_case, save_section, section_history
from sspdesk.domain.errors import Invalid
from sspdesk.duties.journal_rule import allow_phrase, allowed_phrases, check_journal_text, rules_for
from sspdesk.duties.minimisation import (
    JournalRules,
    PersonDataInJournal,
    database_text_findings,
    journal_text_findings,
)
from sspdesk.store import audit
from sspdesk.store.vault import Vault
from support.cpr_spellings import embedded_cpr
from support.ssp_corpus import SSP_SENTENCES

MONDAY = date(2026, 3, 30)


def _journal(vault: Vault) -> str:
    return register_case(vault, NewCase(level="I", subject="Uro ved stationen", area="Nord"), today=MONDAY).id


def _sag(vault: Vault, name: str = "Anton Berg") -> str:
    return register_case(
        vault, NewCase(level="II", subject="Indbrud i kiosk", person_name=name, cpr="050310-4321"), today=MONDAY
    ).id


def test_rules_for_a_vault_hold_its_registered_names_and_allowed_phrases(vault: Vault) -> None:
    _sag(vault)
    allow_phrase(vault, "Peter Sabroe Skolen")
    rules = rules_for(vault.conn)
    assert list(rules.registered_names) == ["Anton Berg"]
    assert list(rules.allowed_phrases) == ["Peter Sabroe Skolen"]


def test_rules_for_returns_the_same_lists_until_the_vault_changes(vault: Vault) -> None:
    first, second = rules_for(vault.conn), rules_for(vault.conn)
    assert first.registered_names is second.registered_names and first.allowed_phrases is second.allowed_phrases


def test_allowing_a_phrase_is_audit_logged_and_stored_once(vault: Vault) -> None:
    allow_phrase(vault, "  Peter   Sabroe Skolen ")
    allow_phrase(vault, "peter sabroe skolen")
    assert allowed_phrases(vault) == ["Peter Sabroe Skolen"]
    logged = audit.entries(vault.conn, action="journal.allow_phrase")
    assert [e.detail for e in logged] == ["Peter Sabroe Skolen"]


@pytest.mark.parametrize(
    ("phrase", "field"),
    [("", "phrase"), ("x" * 121, "phrase"), ("Skolen 120305-1234", "phrase"), ("Anton Berg Hallen", "phrase")],
)
def test_a_phrase_that_is_empty_too_long_or_holds_person_data_is_refused(vault: Vault, phrase: str, field: str) -> None:
    _sag(vault)
    with pytest.raises(Invalid) as info:
        allow_phrase(vault, phrase)
    assert info.value.field == field
    assert allowed_phrases(vault) == []
    assert audit.entries(vault.conn, action="journal.allow_phrase") == []


def test_check_journal_text_names_the_field_and_keeps_the_finding(vault: Vault) -> None:
    _sag(vault)
    with pytest.raises(PersonDataInJournal) as info:
        check_journal_text(vault.conn, {"what": "Tal med Anton Berg"}, {"what": "Hvad"})
    assert (info.value.field, info.value.span, info.value.finding.kind) == ("what", (8, 18), "name")
    assert info.value.message.startswith('Feltet "Hvad" indeholder et navn ("Anton Berg").')


def test_check_journal_text_for_a_group_says_why_the_group_obeys_the_rule(vault: Vault) -> None:
    with pytest.raises(PersonDataInJournal) as info:
        check_journal_text(vault.conn, {"what": "CPR 120305-1234"}, {"what": "Hvad"}, group=True)
    assert "Gruppen har medlemmer fra DKE-Journaler" in info.value.message


def test_a_journal_section_with_a_registered_name_is_refused_through_the_service(vault: Vault) -> None:
    _sag(vault)
    journal_id = _journal(vault)
    with pytest.raises(PersonDataInJournal):
        save_section(vault, journal_id, "status", {"adfaerd": "Anton Berg kaster med sten"})
    assert section_history(vault, journal_id, "status") == []


# -- the detectors of issue 16 through the predicate and the service ------------------------------------------


ISSUE_TEXTS = [
    ("Mohammed Ali Hansen fra 7.b på Herstedlund Skole", "probable_name", "Mohammed Ali Hansen"),
    ("Anton stjæler", "name_part", "Anton"),
    ("f. 06.04.2013, bor Hyldevej 12, tlf 22334455", "birth_date", "f. 06.04.2013"),
    ("Oliver Kjærs", "name", "Oliver Kjærs"),
]
REGISTERED = ["Anton Berg", "Oliver Kjær", "Bo Storm", "Per Lund", "Mads Emil Østergaard"]


@pytest.mark.parametrize(("text", "kind", "excerpt"), ISSUE_TEXTS)
def test_the_texts_the_issue_quotes_are_refused(text: str, kind: str, excerpt: str) -> None:
    first = journal_text_findings(text, JournalRules(REGISTERED))[0]
    assert (first.kind, first.text) == (kind, excerpt)


def test_birth_date_address_and_phone_are_each_found() -> None:
    found = journal_text_findings("f. 06.04.2013, bor Hyldevej 12, tlf 22334455", JournalRules())
    assert [(f.kind, f.text) for f in found] == [
        ("birth_date", "f. 06.04.2013"),
        ("address", "Hyldevej 12"),
        ("phone", "22334455"),
    ]


@pytest.mark.parametrize("text", SSP_SENTENCES)
def test_ordinary_ssp_sentences_give_no_finding(text: str) -> None:
    assert journal_text_findings(text, JournalRules(REGISTERED)) == []


def test_the_corpus_is_large_enough_to_mean_something() -> None:
    assert len(set(SSP_SENTENCES)) >= 100


@pytest.mark.parametrize(("text", "kind", "excerpt"), ISSUE_TEXTS)
def test_the_issue_texts_are_refused_by_the_journal_service(vault: Vault, text: str, kind: str, excerpt: str) -> None:
    _sag(vault, "Anton Berg")
    _sag(vault, "Oliver Kjær")
    journal_id = _journal(vault)
    with pytest.raises(PersonDataInJournal) as info:
        save_section(vault, journal_id, "status", {"adfaerd": text})
    assert (info.value.finding.kind, info.value.excerpt) == (kind, excerpt)
    assert section_history(vault, journal_id, "status") == []


def test_an_allowed_phrase_lets_a_school_named_after_a_person_stand(vault: Vault) -> None:
    journal_id = _journal(vault)
    text = "Oplæg på Peter Sabroe Skolen om mobning"
    with pytest.raises(PersonDataInJournal) as info:
        save_section(vault, journal_id, "status", {"adfaerd": text})
    assert info.value.finding.allowable and info.value.excerpt == "Peter Sabroe Skolen"
    assert "ligner et navn" in info.value.message
    allow_phrase(vault, info.value.excerpt)
    save_section(vault, journal_id, "status", {"adfaerd": text})
    assert section_history(vault, journal_id, "status")[0].fields["adfaerd"] == text


def test_an_allowed_phrase_never_lets_a_cpr_number_or_registered_name_through(vault: Vault) -> None:
    _sag(vault, "Anton Berg")
    allow_phrase(vault, "Peter Sabroe Skolen")
    rules = rules_for(vault.conn)
    text = "Peter Sabroe Skolen: Anton Berg 120305-1234"
    assert [f.kind for f in journal_text_findings(text, rules)] == ["name", "cpr"]


def test_a_lone_registered_name_part_cannot_be_allowed(vault: Vault) -> None:
    _sag(vault, "Anton Berg")
    with pytest.raises(Invalid):
        allow_phrase(vault, "Anton")
    assert [f.kind for f in journal_text_findings("Anton stjæler", rules_for(vault.conn))] == ["name_part"]


@given(case=embedded_cpr())
def test_any_spelling_of_a_cpr_number_is_found_where_it_stands(case: tuple[str, int, int]) -> None:
    text, start, end = case
    found = [f for f in journal_text_findings(text, JournalRules()) if f.kind == "cpr"]
    assert any(f.start == start and f.end == end for f in found), (text, found)
    assert any(f.kind == "cpr" for f in database_text_findings(text))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=embedded_cpr(max_size=15))
def test_any_spelling_of_a_cpr_number_is_refused_by_the_journal_service(
    vault: Vault, case: tuple[str, int, int]
) -> None:
    text, _start, _end = case
    journal_id = _journal(vault)
    with pytest.raises(PersonDataInJournal) as info:
        save_section(vault, journal_id, "status", {"adfaerd": text})
    assert info.value.finding.kind == "cpr"
    assert section_history(vault, journal_id, "status") == []


def test_a_longer_phrase_with_a_registered_first_name_in_it_can_be_allowed(vault: Vault) -> None:
    _sag(vault, "Peter Holm")
    journal_id = _journal(vault)
    text = "Oplæg på Peter Sabroe Skolen"
    assert [f.kind for f in journal_text_findings(text, rules_for(vault.conn))] == ["name_part"]
    allow_phrase(vault, "Peter Sabroe Skolen")
    save_section(vault, journal_id, "status", {"adfaerd": text})
    with pytest.raises(PersonDataInJournal):
        save_section(vault, journal_id, "status", {"adfaerd": "Peter kom for sent"})
