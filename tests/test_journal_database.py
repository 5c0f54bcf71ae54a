"""The journal rule as a database constraint (migration 0010): the last line when everything above it is bypassed.

Direct SQL against a real vault: a CPR number written into a journal's text is aborted by a trigger whatever the
way in; ordinary text and a sag's text are not; a vault opened with plain sqlcipher3 (no `journal_text_ok`
registered) can still be read; a journal written before the rule can still be closed. Every number is invented.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
import sqlcipher3.dbapi2 as sqlcipher
from hypothesis import given, settings
from hypothesis import strategies as st

from sspdesk import cases
from sspdesk.cases import NewCase, register_case
from sspdesk.domain import journal_text
from sspdesk.domain.journal_text import journal_text_ok
from sspdesk.duties import minimisation
from sspdesk.store import cases_repo, records
from sspdesk.store.connection import IntegrityError, key_literal
from sspdesk.store.vault import Vault
from support import PASSPHRASE
from support.cpr_spellings import embedded_cpr
from support.ssp_corpus import SSP_SENTENCES

TODAY = date(2026, 3, 2)
CPR_TEXT = "Mor ringede, cpr 120310-4321"  # invented


def _journal(vault: Vault) -> str:
    return register_case(vault, NewCase(level="I", subject="Uro ved stationen"), today=TODAY).case.id


def _sag(vault: Vault) -> str:
    new = NewCase(level="II", subject="Indbrud", person_name="Oskar Opdigtet", cpr="120310-4321")
    return register_case(vault, new, today=TODAY).case.id


def _section(vault: Vault, case_id: str, fields: dict[str, str]) -> None:
    with vault.transaction() as conn:
        cases_repo.add_section(conn, vault.device_id, case_id, "status", fields, "Test Koordinator")


def test_the_sql_function_is_the_context_free_rule() -> None:
    assert journal_text_ok("Uro ved stationen kl. 14.30") == 1
    assert journal_text_ok(CPR_TEXT) == 0
    assert journal_text_ok(None) == 1 and journal_text_ok(42) == 1


def _spots(findings: list[Any]) -> list[tuple[str, int, int]]:
    return [(f.kind, f.start, f.end) for f in findings]


PERSON_DATA = [
    "f. 06.04.2013, bor Hyldevej 12, tlf 22334455",
    "født 6/4-13",
    "Bor på Peter Bangs Vej 30, 2. th",
    "Mors mobil: +45 22 33 44 55",
    "Skolens tlf. 43 64 99 00",
    "Kontonr. 1234-1203051234",
    "12.03.2005-1234",
]


def _service(key: str, text: str) -> list[tuple[str, int, int]]:
    found = minimisation.field_findings(key, text, minimisation.JournalRules())
    return _spots([f for f in found if f.kind in journal_text.CONTEXT_FREE])


KEYS = ["adfaerd", "coordinator", "owner", "kontaktperson"]


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("text", [*SSP_SENTENCES, *PERSON_DATA])
def test_the_database_rule_says_what_the_service_rule_says_for_the_context_free_kinds(text: str, key: str) -> None:
    # The trigger must never refuse what the service accepted (the user would see a database error), nor the
    # other way round: until minimisation imports these detectors from the domain, they are compared here.
    assert _spots(journal_text.database_field_findings(key, text)) == _service(key, text)
    assert journal_text_ok(text, key) == (0 if _service(key, text) else 1)


@settings(max_examples=300, deadline=None)
@given(
    text=st.one_of(st.text(max_size=60), embedded_cpr(max_size=20).map(lambda case: case[0])),
    key=st.sampled_from(KEYS),
)
def test_the_database_rule_and_the_service_rule_agree_on_any_text(text: str, key: str) -> None:
    assert _spots(journal_text.database_field_findings(key, text)) == _service(key, text)


def test_a_coordinators_work_phone_may_stand_in_a_journal_header(vault: Vault) -> None:
    journal = _journal(vault)
    with vault.transaction() as conn:
        conn.execute("UPDATE cases SET coordinator = ? WHERE id = ?", ("Mette, tlf 22334455", journal))
    with pytest.raises(IntegrityError, match="journal_rule"), vault.transaction() as conn:
        conn.execute("UPDATE cases SET area = ? WHERE id = ?", ("Mors tlf 22334455", journal))


def test_a_direct_insert_of_a_cpr_number_into_a_journal_section_is_aborted(vault: Vault) -> None:
    journal = _journal(vault)
    count = vault.conn.execute("SELECT count(*) FROM case_sections").fetchone()[0]
    with pytest.raises(IntegrityError, match="journal_rule"):
        _section(vault, journal, {"adfaerd": CPR_TEXT})
    assert vault.conn.execute("SELECT count(*) FROM case_sections").fetchone()[0] == count


def test_ordinary_text_in_a_journal_and_a_cpr_number_in_a_sag_are_written(vault: Vault) -> None:
    journal, sag = _journal(vault), _sag(vault)
    _section(vault, journal, {"adfaerd": "Kaster med sten efter busserne, møde 10.03.2026 kl. 14.30."})
    _section(vault, sag, {"familie": CPR_TEXT})
    assert vault.conn.execute("SELECT count(*) FROM case_sections").fetchone()[0] == 2


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE cases SET subject = ? WHERE id = :journal",
        "UPDATE deadlines SET label = ? WHERE case_id = :journal",
    ],
)
def test_an_update_that_writes_a_cpr_number_into_a_journal_is_aborted(vault: Vault, sql: str) -> None:
    journal = _journal(vault)
    with pytest.raises(IntegrityError, match="journal_rule"), vault.transaction() as conn:
        conn.execute(sql.replace(":journal", "?"), (CPR_TEXT, journal))


def test_a_sag_cannot_be_turned_into_a_journal_with_its_text_in_sql(vault: Vault) -> None:
    sag = _sag(vault)
    with vault.transaction() as conn:
        conn.execute("UPDATE cases SET subject = ? WHERE id = ?", ("Ringede fra 120310-4321", sag))
    with pytest.raises(IntegrityError, match="journal_rule"), vault.transaction() as conn:
        conn.execute(
            "UPDATE cases SET kind = 'journal', person_name = '', cpr = '', birth_date = '' WHERE id = ?", (sag,)
        )


def test_minutes_of_a_journal_item_are_checked_in_sql(vault: Vault) -> None:
    from sspdesk import meetings

    journal = _journal(vault)
    meeting = meetings.create_meeting(vault, "Koordinationsmøde", "2026-03-10 14:00", accept_agenda=False).detail
    item = meetings.add_item(vault, meeting.id, "case", case_ref=journal).id
    values: dict[str, Any] = {"meeting_id": meeting.id, "item_id": item, "discussion": CPR_TEXT}
    with pytest.raises(IntegrityError, match="journal_rule"), vault.transaction() as conn:
        records.put(conn, "minutes", records.new_id(), values, vault.device_id)


def test_a_journal_written_before_the_rule_can_still_be_closed(vault: Vault) -> None:
    journal = _journal(vault)
    # A journal from before migration 0010: written while the function let everything pass.
    vault.conn.create_function("journal_text_ok", 1, lambda text: 1, deterministic=True)
    with vault.transaction() as conn:
        conn.execute("UPDATE cases SET subject = ? WHERE id = ?", (CPR_TEXT, journal))
    vault.conn.create_function("journal_text_ok", 1, journal_text_ok, deterministic=True)
    cases.close_case(vault, journal, "Uroen er stilnet af.", today=TODAY)  # the service's own writes
    assert vault.conn.execute("SELECT status FROM cases WHERE id = ?", (journal,)).fetchone()[0] == "closed"
    with pytest.raises(IntegrityError, match="journal_rule"), vault.transaction() as conn:
        conn.execute("UPDATE cases SET subject = ? WHERE id = ?", (CPR_TEXT + " igen", journal))


def test_a_vault_opened_with_plain_sqlcipher3_can_still_be_read(vault: Vault) -> None:
    journal = _journal(vault)
    _section(vault, journal, {"adfaerd": "Kaster med sten."})
    path = vault.path
    vault.close()
    conn = sqlcipher.connect(str(path))
    try:
        conn.execute(f"PRAGMA key = {key_literal(PASSPHRASE)}")
        rows = conn.execute("SELECT fields FROM case_sections WHERE case_id = ?", (journal,)).fetchall()
        assert [json.loads(r[0]) for r in rows] == [{"adfaerd": "Kaster med sten."}]
        with pytest.raises(sqlcipher.OperationalError, match="journal_text_ok"):
            conn.execute("UPDATE cases SET subject = 'Andet' WHERE id = ?", (journal,))
    finally:
        conn.close()
    reopened = Vault.open(path, PASSPHRASE)
    reopened.close()
