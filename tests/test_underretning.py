"""Underretning (issue 18, item 2): recorded on a DKE-Sag or a DKE-Journal, the reminder after a Netværksmøde that
ended in one, the count in the statistics, and that it goes with an erased sag and shows in an access request.
Real vault; every name and number is invented."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from sspdesk.cases import NewCase, close_case, get_case, mark_deadline_done, register_case
from sspdesk.coming_deadlines import deadline_groups
from sspdesk.domain.errors import Invalid
from sspdesk.duties import access_request, erasure
from sspdesk.statistics import SUPPRESSED, report_csv, statistics
from sspdesk.store import audit, records
from sspdesk.store import duties_repo as repo
from sspdesk.store.vault import Vault
from sspdesk.underretning import (
    authority_suggestions,
    confirm_underretning,
    list_underretninger,
    missing_underretninger,
    overview_underretninger,
    record_network_outcome,
    record_underretning,
)
from sspdesk.underretning_reminder import DONE_HINT
from support.records import CPR, NAME, full_sag, marker_rows

MONDAY = date(2026, 3, 9)
THURSDAY = date(2026, 3, 12)
SUNDAY = date(2026, 3, 15)


def sag(vault: Vault, name: str = "Åse Ødegård Opdigtet", cpr: str = "100311-4321", on: date = MONDAY) -> str:
    new = NewCase(level="II", subject="Butikstyveri", person_name=name, cpr=cpr, registered=on)
    return register_case(vault, new, today=on).id


def journal(vault: Vault, on: date = MONDAY) -> str:
    return register_case(vault, NewCase(level="I", subject="Uro ved stationen", registered=on), today=on).id


def reminders(vault: Vault, case_id: str, today: date = THURSDAY) -> list:
    return [d for d in get_case(vault, case_id, today=today).deadlines if d.kind == "underretning"]


# -- recording ---------------------------------------------------------------------------------------------------


def test_an_underretning_on_a_sag_holds_date_authority_who_reason_and_no_receipt_yet(vault: Vault) -> None:
    case_id = sag(vault)
    item = record_underretning(
        vault, case_id, " Familieafsnittet ", MONDAY, reason="Kendskab til kriminalitet", today=THURSDAY
    )
    assert (item.sent_on, item.authority, item.made_by) == (MONDAY, "Familieafsnittet", "Test Koordinator")
    assert (item.reason, item.reason_label) == ("kriminalitet", "Kendskab til kriminalitet")
    assert item.confirmed_on is None and not item.confirmed
    assert [u.id for u in list_underretninger(vault, case_id)] == [item.id]
    [entry] = audit.entries(vault.conn, action="underretning.record")
    assert entry.record_id == case_id and entry.subject_ref == item.case_number


def test_an_underretning_on_a_journal_is_recorded_without_person_data(vault: Vault) -> None:
    item = record_underretning(vault, journal(vault), "Familieafsnittet", MONDAY, made_by="Lise Lærer", today=MONDAY)
    assert item.case_kind == "journal" and item.made_by == "Lise Lærer"  # a professional may be named


@pytest.mark.parametrize(
    "authority", ["Familieafsnittet vedr. 100311-4321", "Familieafsnittet om Åse Ødegård Opdigtet"]
)
def test_a_journal_underretning_naming_the_young_person_is_refused_and_nothing_is_stored(
    vault: Vault, authority: str
) -> None:
    sag(vault)  # registers the name "Åse Ødegård Opdigtet" in this vault
    journal_id = journal(vault)
    with pytest.raises(Invalid) as refused:
        record_underretning(vault, journal_id, authority, MONDAY, today=MONDAY)
    assert refused.value.field == "authority"
    assert list_underretninger(vault, journal_id) == []
    assert not audit.entries(vault.conn, action="underretning.record")


def test_the_database_refuses_a_cpr_number_in_a_journal_underretning_even_past_the_service(vault: Vault) -> None:
    journal_id = journal(vault)
    with pytest.raises(Exception, match="journal_rule"), vault.transaction() as conn:
        values = {"case_id": journal_id, "sent_on": "2026-03-09", "authority": "Om 100311-4321"}
        records.put(conn, "underretninger", records.new_id(), values, vault.device_id)


def test_an_underretning_dated_in_the_future_is_refused(vault: Vault) -> None:
    with pytest.raises(Invalid) as refused:
        record_underretning(vault, sag(vault), "Familieafsnittet", THURSDAY, today=MONDAY)
    assert refused.value.field == "on"


def test_an_underretning_needs_an_authority_and_a_known_reason(vault: Vault) -> None:
    case_id = sag(vault)
    with pytest.raises(Invalid) as refused:
        record_underretning(vault, case_id, "  ", MONDAY, today=MONDAY)
    assert refused.value.field == "authority"
    with pytest.raises(Invalid) as refused:
        record_underretning(vault, case_id, "Familieafsnittet", MONDAY, reason="Dårligt vejr", today=MONDAY)
    assert refused.value.field == "reason" and "samarbejde_hjemmet" in refused.value.message


def test_a_closed_case_takes_no_new_underretning(vault: Vault) -> None:
    case_id = sag(vault)
    close_case(vault, case_id, "Forløbet er afsluttet.", "Overdrages ikke", today=MONDAY)
    with pytest.raises(Invalid):
        record_underretning(vault, case_id, "Familieafsnittet", MONDAY, today=MONDAY)


def test_the_receipt_comes_on_or_after_the_underretning_and_not_in_the_future(vault: Vault) -> None:
    item = record_underretning(vault, sag(vault), "Familieafsnittet", MONDAY, today=MONDAY)
    with pytest.raises(Invalid) as refused:
        confirm_underretning(vault, item.id, date(2026, 3, 6), today=THURSDAY)
    assert refused.value.field == "confirmed_on"
    with pytest.raises(Invalid):
        confirm_underretning(vault, item.id, SUNDAY, today=THURSDAY)
    confirmed = confirm_underretning(vault, item.id, THURSDAY, today=THURSDAY)
    assert confirmed.confirmed_on == THURSDAY and confirmed.confirmed
    assert len(audit.entries(vault.conn, action="underretning.confirm")) == 1


def test_authorities_used_before_are_suggested_first(vault: Vault) -> None:
    record_underretning(vault, sag(vault), "Børn og Unge, Demo Kommune", MONDAY, today=MONDAY)
    suggestions = authority_suggestions(vault)
    assert suggestions[0] == "Børn og Unge, Demo Kommune" and "Familieafsnittet" in suggestions


# -- the reminder after a Netværksmøde -------------------------------------------------------------------------


def test_a_netvaerksmoede_that_ended_in_underretning_reminds_until_one_is_recorded(vault: Vault) -> None:
    """Seed 000 l.269–274: "kan der på baggrund af Netværksmødet udarbejdes en social underretning"."""
    case_id = sag(vault)
    record_underretning(vault, case_id, "Familieafsnittet", date(2026, 3, 2), today=MONDAY)  # before the meeting
    record_network_outcome(vault, case_id, MONDAY, agreement=True, underretning=True, today=MONDAY)
    [reminder] = reminders(vault, case_id)
    assert reminder.label == "Underretning efter Netværksmøde 09.03.2026" and reminder.due == "2026-03-09"
    assert reminder.computed and [d.label for d in missing_underretninger(vault, case_id)] == [reminder.label]
    overdue = deadline_groups(vault, THURSDAY)["overdue"].rows
    assert [d.id for d in overdue if d.kind == "underretning"] == [reminder.id]
    with pytest.raises(Invalid) as refused:
        mark_deadline_done(vault, reminder.id)
    assert refused.value.message == DONE_HINT
    record_underretning(vault, case_id, "Familieafsnittet", THURSDAY, today=THURSDAY)
    assert reminders(vault, case_id) == []
    assert not [d for d in deadline_groups(vault, THURSDAY)["overdue"].rows if d.kind == "underretning"]


def test_a_netvaerksmoede_with_agreement_only_or_no_action_reminds_of_nothing(vault: Vault) -> None:
    case_id = sag(vault)
    first = record_network_outcome(vault, case_id, MONDAY, agreement=True, today=MONDAY)
    second = record_network_outcome(vault, case_id, MONDAY, forum="Netværkssamråd", today=MONDAY)
    assert (first.label, second.label) == ("Aftale om indsatsforløb", "Ingen videre handling")
    assert reminders(vault, case_id) == []


def test_the_reminder_goes_when_the_case_is_closed(vault: Vault) -> None:
    case_id = sag(vault)
    record_network_outcome(vault, case_id, MONDAY, underretning=True, today=MONDAY)
    assert len(reminders(vault, case_id)) == 1
    close_case(vault, case_id, "Forløbet er afsluttet.", "Overdrages ikke", today=THURSDAY)
    assert reminders(vault, case_id) == []


def test_an_outcome_for_another_meeting_kind_or_in_the_future_is_refused(vault: Vault) -> None:
    case_id = sag(vault)
    with pytest.raises(Invalid) as refused:
        record_network_outcome(vault, case_id, MONDAY, forum="Sagsmøde", today=MONDAY)
    assert refused.value.field == "forum"
    with pytest.raises(Invalid) as refused:
        record_network_outcome(vault, case_id, THURSDAY, underretning=True, today=MONDAY)
    assert refused.value.field == "held_on"


# -- Overblik and statistics -------------------------------------------------------------------------------------


def test_overblik_lists_underretninger_waiting_for_a_receipt_and_those_of_the_last_30_days(vault: Vault) -> None:
    case_id = sag(vault, on=date(2026, 1, 5))
    old_open = record_underretning(vault, case_id, "Familieafsnittet", date(2026, 1, 5), today=THURSDAY)
    old_done = record_underretning(
        vault, case_id, "Familieafsnittet", date(2026, 1, 6), confirmed_on=date(2026, 1, 7), today=THURSDAY
    )
    recent = record_underretning(vault, case_id, "Familieafsnittet", MONDAY, confirmed_on=MONDAY, today=THURSDAY)
    assert [u.id for u in overview_underretninger(vault, THURSDAY)] == [recent.id, old_open.id]
    assert old_done.id not in {u.id for u in overview_underretninger(vault, THURSDAY)}


def test_statistics_count_underretninger_by_reason_and_receipt_with_small_counts_suppressed(vault: Vault) -> None:
    for number in range(6):
        case_id = sag(vault, name=f"Ung{'e' * (number + 1)} Opdigtet", cpr=f"1003{11 - number:02d}-4321")
        confirmed = MONDAY if number < 5 else None
        record_underretning(
            vault, case_id, "Familieafsnittet", MONDAY, reason="risiko", confirmed_on=confirmed, today=MONDAY
        )
    record_underretning(vault, journal(vault), "Familieafsnittet", MONDAY, reason="andet", today=MONDAY)
    stats = statistics(vault, date(2026, 1, 1), date(2026, 3, 31), today=THURSDAY)
    [section] = [s for s in stats.report() if s.key == "underretninger"]
    counts = {row.key: row.count for row in section.rows}
    assert counts["total"] == 7 and counts["reason_risiko"] == 6 and counts["reason_andet"] == SUPPRESSED
    assert counts["reason_kriminalitet"] == 0
    assert counts["confirmed"] == 5 and counts["unconfirmed"] == SUPPRESSED
    assert "Underretninger;Underretninger i perioden;7" in report_csv(stats)
    before = statistics(vault, date(2026, 1, 1), date(2026, 3, 8), today=THURSDAY)
    assert {r.key: r.count for s in before.report() if s.key == "underretninger" for r in s.rows}["total"] == 0


# -- erasure and access requests ---------------------------------------------------------------------------------


def _with_underretning(vault: Vault, marker: str) -> str:
    case_id = full_sag(vault, marker, closed_on=None)
    record_network_outcome(vault, case_id, date(2018, 2, 1), underretning=True, today=date(2018, 2, 1))
    record_underretning(
        vault, case_id, f"{marker} Familieafsnittet", date(2018, 2, 2), reason="risiko", today=date(2018, 2, 2)
    )
    return case_id


def test_an_underretning_goes_with_the_sag_when_the_person_is_erased(vault: Vault) -> None:
    case_id = _with_underretning(vault, "UNDERRET")
    found = repo.case_record_ids(vault.conn, [case_id])
    assert len(found["underretninger"]) == 1 and len(found["network_outcomes"]) == 1
    report = erasure.erase_person(vault, CPR, confirm=True)
    assert report.deleted["underretninger"] == 1 and report.deleted["network_outcomes"] == 1
    assert marker_rows(vault, "UNDERRET") == []
    for table in ("underretninger", "network_outcomes"):
        assert all(repo.is_erased(vault.conn, table, i) for i in found[table])


def test_an_access_request_shows_the_underretninger_and_the_netvaerksmoede(vault: Vault) -> None:
    case_id = _with_underretning(vault, "INDSIGT")
    report = access_request.collect(vault, CPR)
    [item] = report.underretninger
    assert item["authority"] == "INDSIGT Familieafsnittet" and item["case_number"] == get_case(vault, case_id).number
    assert [o["label"] for o in report.network_outcomes] == ["Underretning"]
    text = " ".join(
        " ".join(
            p.extract_text() for p in PdfReader(io.BytesIO(access_request.access_request_pdf(vault, CPR))).pages
        ).split()
    )
    for expected in ("Underretninger til kommunen", "INDSIGT Familieafsnittet", "ikke modtaget", "Netværksmøder", NAME):
        assert expected in text
