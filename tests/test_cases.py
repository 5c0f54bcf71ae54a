"""Cases through the service layer: registration, minimisation, sections with history, level change, closing."""

from __future__ import annotations

from datetime import date

import pytest

from sspdesk.cases import (
    NewCase,
    change_level,
    close_case,
    due_deadlines,
    get_case,
    list_cases,
    register_case,
    save_section,
    section_history,
)
from sspdesk.domain.errors import Invalid
from sspdesk.preferences import set_profile
from sspdesk.store import audit
from sspdesk.store.cases_repo import CaseQuery
from sspdesk.store.vault import Vault

MONDAY = date(2026, 3, 30)  # the Monday before Easter 2026
# Fictional CPR numbers: 7th digit 4 with year 10 → born 2010.
CPR_2010 = "050310-4321"


def _journal(vault: Vault, subject: str = "Gruppe kaster med sten ved stationen") -> str:
    return register_case(vault, NewCase(level="I", subject=subject, area="Nord"), today=MONDAY).id


def _sag(vault: Vault, name: str = "Oskar Opdigtet", cpr: str = CPR_2010, level: str = "II") -> str:
    return register_case(
        vault, NewCase(level=level, subject="Indbrud i kiosk", person_name=name, cpr=cpr), today=MONDAY
    ).id


def test_journal_gets_a_readable_number_and_the_level_one_deadlines(vault: Vault) -> None:
    detail = get_case(vault, _journal(vault))
    assert detail.case.number == "J-2026-0001" and detail.kind == "journal"
    assert detail.case.forum == "Koordinationsmøde"
    due = {d.kind: d.due for d in detail.deadlines}
    # 10 arbejdsdage from Monday 30 March 2026, skipping Skærtorsdag, Langfredag and 2. påskedag: 16 April.
    # The first Koordinationsmøde and the follow-up after the talk have no date until their event (issue 18).
    assert due == {"first_meeting": "", "contact": "2026-04-16", "follow_up": ""}
    waits = {d.kind: d.waiting_text for d in detail.deadlines}
    assert waits["first_meeting"] == "venter på næste Koordinationsmøde"
    assert waits["follow_up"] == "venter på samtale eller hjemmebesøg/møde"


def test_sag_numbers_count_separately_from_journals(vault: Vault) -> None:
    _journal(vault)
    assert get_case(vault, _sag(vault)).case.number == "S-2026-0001"
    assert get_case(vault, _sag(vault, name="Ida Opdigtet", cpr="070611-4322")).case.number == "S-2026-0002"


def test_journal_refuses_a_name_or_cpr_field(vault: Vault) -> None:
    with pytest.raises(Invalid):
        register_case(vault, NewCase(level="I", subject="Uro", person_name="Oskar Opdigtet"))
    with pytest.raises(Invalid):
        register_case(vault, NewCase(level="I", subject="Uro", cpr=CPR_2010))
    assert list_cases(vault) == []


@pytest.mark.parametrize("text", ["050310-4321", "0503104321", "050310 4321", "05.03.10-4321", "x050310-4321y"])
def test_journal_refuses_text_with_cpr_number(vault: Vault, text: str) -> None:
    journal_id = _journal(vault)
    with pytest.raises(Invalid) as caught:
        save_section(vault, journal_id, "status", {"adfaerd": f"Se {text} i klassen"})
    assert caught.value.field == "adfaerd" and "CPR-nummer" in caught.value.message
    assert "Adfærd og trivsel" in caught.value.message
    assert section_history(vault, journal_id, "status") == []


def test_journal_refuses_the_name_of_a_person_registered_in_a_sag(vault: Vault) -> None:
    _sag(vault, name="Oskar Opdigtet")
    journal_id = _journal(vault)
    with pytest.raises(Invalid) as caught:
        save_section(vault, journal_id, "indsats", {"dispositioner": "Skolen taler med oskar opdigtet"})
    assert "navn" in caught.value.message and caught.value.span[0] >= 0
    with pytest.raises(Invalid):
        register_case(vault, NewCase(level="I", subject="Oskar Opdigtet og vennerne"))


def test_sag_requires_a_valid_cpr_number(vault: Vault) -> None:
    with pytest.raises(Invalid) as caught:
        register_case(vault, NewCase(level="II", subject="x", person_name="Oskar Opdigtet", cpr="310210-4321"))
    assert caught.value.field == "cpr" and "datoen findes ikke" in caught.value.message
    assert list_cases(vault) == []


def test_sag_accepts_only_the_form_fields(vault: Vault) -> None:
    sag_id = _sag(vault)
    save_section(vault, sag_id, "status", {"familie": "Bor hos mor", "skole": "8. klasse"})
    with pytest.raises(Invalid):
        save_section(vault, sag_id, "status", {"religion": "ikke tilladt"})
    with pytest.raises(Invalid):
        save_section(vault, sag_id, "status", {"adfaerd": "et journalfelt"})


def test_every_section_keeps_its_history_with_author_and_time(vault: Vault) -> None:
    sag_id = _sag(vault)
    save_section(vault, sag_id, "status", {"familie": "Første udgave"})
    save_section(vault, sag_id, "status", {"familie": "Anden udgave"})
    history = section_history(vault, sag_id, "status")
    assert [h.fields["familie"] for h in history] == ["Anden udgave", "Første udgave"]
    assert all(h.author == "Test Koordinator" and h.created_at for h in history)
    assert get_case(vault, sag_id).sections["status"].fields["familie"] == "Anden udgave"


def test_raising_a_journal_creates_a_sag_that_references_it(vault: Vault) -> None:
    journal_id = _journal(vault)
    sag = change_level(vault, journal_id, "II", person_name="Oskar Opdigtet", cpr=CPR_2010, today=date(2026, 4, 1))
    journal = get_case(vault, journal_id)
    assert sag.kind == "sag" and sag.case.from_journal == journal_id
    assert journal.case.status == "raised"
    assert journal.case.person_name == "" and journal.case.cpr == ""
    assert all(d.status != "open" for d in journal.deadlines)
    assert {d.kind for d in sag.deadlines if d.status == "open"} >= {"contact", "case_meeting"}


def test_raising_sag_level_replaces_its_open_deadlines(vault: Vault) -> None:
    sag_id = _sag(vault, level="II")
    detail = change_level(vault, sag_id, "III", today=date(2026, 4, 7))
    open_due = {d.kind: d.due for d in detail.deadlines if d.status == "open"}
    # Level III: contact within 3 arbejdsdage of Tuesday 7 April 2026 → Friday 10 April.
    assert open_due["contact"] == "2026-04-10"
    assert detail.case.level == "III"


def test_a_sag_cannot_move_down_to_a_journal(vault: Vault) -> None:
    with pytest.raises(Invalid):
        change_level(vault, _sag(vault), "I")


def test_closing_needs_a_closing_note_and_for_a_sag_the_transfer_decision(vault: Vault) -> None:
    sag_id = _sag(vault)
    with pytest.raises(Invalid):
        close_case(vault, sag_id, "  ")
    with pytest.raises(Invalid):
        close_case(vault, sag_id, "Forløbet er slut")
    closed = close_case(vault, sag_id, "Forløbet er slut", "Overdrages ikke", today=date(2026, 6, 1))
    assert closed.case.status == "closed" and closed.case.closed_on == "2026-06-01"
    assert closed.sections["closing"].fields["lukkenotat"] == "Forløbet er slut"
    assert all(d.status == "closed" for d in closed.deadlines)
    with pytest.raises(Invalid):
        save_section(vault, sag_id, "status", {"familie": "efter lukning"})


def test_search_finds_cases_by_subject_and_section_text(vault: Vault) -> None:
    journal_id = _journal(vault, "Graffiti på skolens gavl")
    _sag(vault)
    save_section(vault, journal_id, "status", {"adfaerd": "Tagging i frikvarteret"})
    assert [r.id for r in list_cases(vault, CaseQuery(text="graff"))] == [journal_id]
    assert [r.id for r in list_cases(vault, CaseQuery(text="frikvart"))] == [journal_id]
    assert list_cases(vault, CaseQuery(text='"; DROP TABLE cases; --')) == []
    assert len(list_cases(vault, CaseQuery(level="II"))) == 1


def test_viewing_a_sag_and_searching_are_logged_without_personal_data(vault: Vault) -> None:
    sag_id = _sag(vault, name="Oskar Opdigtet")
    get_case(vault, sag_id)
    list_cases(vault, CaseQuery(text="Oskar"))
    entries = audit.entries(vault.conn)
    assert any(e.action == "case.view" and e.record_id == sag_id for e in entries)
    assert any(e.action == "case.search" for e in entries)
    assert not any("Oskar" in f"{e.detail}{e.subject_ref}" for e in entries)
    assert audit.verify(vault.conn).ok


def test_due_deadlines_lists_overdue_and_due_items_of_open_cases(vault: Vault) -> None:
    _journal(vault)
    sag_id = _sag(vault)
    due = due_deadlines(vault, date(2026, 4, 13))
    assert [d.due for d in due] == sorted(d.due for d in due)
    assert {d.case_id for d in due} == {sag_id}  # the journal's contact deadline is 16 April
    close_case(vault, sag_id, "Slut", "Overdrages ikke")
    assert due_deadlines(vault, date(2026, 4, 13)) == []


def test_koebenhavn_profile_has_four_sag_levels_and_focus_areas(vault: Vault) -> None:
    set_profile(vault, "koebenhavn")
    detail = register_case(
        vault,
        NewCase(level="2", subject="Førstegangskriminalitet", person_name="Ida Opdigtet", cpr="070611-4322"),
        today=MONDAY,
    )
    assert detail.kind == "sag" and detail.case.forum == "SSP-koordinationsgruppe"
    save_section(vault, detail.id, "focus", {"familie_risiko": "Konflikter", "familie_beskyttende": "Mormor"})
    assert get_case(vault, detail.id).sections["focus"].fields["familie_risiko"] == "Konflikter"


def test_list_rows_are_fetched_in_chunks_and_keep_their_order(vault: Vault) -> None:
    # More ids than one statement may bind (SQLite's limit) must work: rows are fetched in chunks.
    from sspdesk.cases import case_rows
    from sspdesk.store import cases_repo

    with vault.transaction() as conn:
        for i in range(1000):
            values = {
                "number": f"J-2026-{i:04d}",
                "kind": "journal",
                "profile": "albertslund",
                "level": "I",
                "subject": f"Uro {i}",
                "registered": "2026-01-05",
            }
            cases_repo.insert_case(conn, vault.device_id, values)
    ids = [r.id for r in list_cases(vault)]
    assert len(ids) == 1000 and [r.id for r in case_rows(vault, ids)] == ids


def _plan(vault: Vault, sql: str, params: tuple = ()) -> str:
    return " | ".join(row[-1] for row in vault.conn.execute("EXPLAIN QUERY PLAN " + sql, params))


def test_the_queries_run_on_unlock_use_their_indexes(vault: Vault) -> None:
    """The plans the benchmarks rely on (bench/RESULTS.md): a wrong index choice costs 100× at 50,000 cases and no
    small test would notice. SQLite's own choice, checked on the real schema."""
    from sspdesk.store.cases_repo import _OPEN_DUE

    case_id = _sag(vault)
    next_due = (
        "SELECT c.id, (SELECT min(d.due) FROM deadlines d WHERE d.case_id = c.id AND d.status = 'open' "
        "AND d.deleted = 0 AND d.due != '') FROM cases c WHERE c.id IN (?)"
    )
    assert "COVERING INDEX deadlines_case (case_id=? AND status=? AND deleted=?)" in _plan(vault, next_due, (case_id,))
    count = _plan(vault, f"SELECT count(*) {_OPEN_DUE}", ("", "2026-12-31"))
    # Issue 20: from one partial index (migration 0020), without looking up the case of every deadline.
    assert "COVERING INDEX deadline_state_due" in count and "cases" not in count
    for column in ("forum", "coordinator", "area"):
        distinct = f"SELECT DISTINCT {column} FROM cases WHERE deleted = 0 AND {column} != '' ORDER BY 1"
        assert f"COVERING INDEX cases_{column}" in _plan(vault, distinct)
    listed = (
        "SELECT c.id FROM cases c WHERE c.deleted = 0 AND c.level = ? AND c.status = ? "
        "ORDER BY c.registered DESC, c.number DESC"
    )
    assert "COVERING INDEX cases_list" in _plan(vault, listed, ("II", "open"))
