"""The journal rule with the vault's context: registered names, allowed phrases, the service check (fictional)."""

from __future__ import annotations

from datetime import date

import pytest

from sspdesk.cases import NewCase, register_case, save_section, section_history
from sspdesk.domain.errors import Invalid
from sspdesk.duties.journal_rule import allow_phrase, allowed_phrases, check_journal_text, rules_for
from sspdesk.duties.minimisation import PersonDataInJournal
from sspdesk.store import audit
from sspdesk.store.vault import Vault

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
