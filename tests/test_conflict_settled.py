"""Issue 17, item 4, in local conflict resolution: choosing the colleague's version (or a merge of both) may not
reopen a closed case, rewrite approved minutes or change a signed consent – the same rule and the same Danish reason
as on import (`guards.check_resolution`); the user keeps the local version. A colleague's reopening that arrived
with the conflict does allow it. Real vaults, real bundles; the concurrent versions come from real exports."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from sspdesk.bundles.conflicts import resolve_conflict
from sspdesk.bundles.importer import import_bundle
from sspdesk.bundles.merge import list_conflicts
from sspdesk.case_events import reopen_case
from sspdesk.cases import close_case, get_case
from sspdesk.consents import ConsentContact, ConsentInput, create_consent, get_consent, mark_signed, withdraw_consent
from sspdesk.domain.errors import Invalid
from sspdesk.meetings import approve_minutes, get_meeting, save_item_minutes
from sspdesk.store import records
from sspdesk.store.vault import Vault
from support.bundles import dump, export_to, sag
from support.meetings import make_meeting

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32 + b"sspdesk-conflict-test-scan"


def put(vault: Vault, table: str, record_id: str, **values: object) -> None:
    """A plain local edit of one record (what any service write does to the version vector)."""
    with vault.transaction() as conn:
        records.put(conn, table, record_id, values, vault.device_id)


def only_conflict(vault: Vault, table: str) -> str:
    [conflict] = [c for c in list_conflicts(vault) if c.table == table]
    return conflict.id


def refused_keeps_local(vault: Vault, conflict_id: str, choice, *words: str) -> None:
    before = dump(vault)
    with pytest.raises(Invalid) as refused:
        resolve_conflict(vault, conflict_id, choice)
    assert all(word in refused.value.message for word in words), refused.value.message
    assert "Behold din version" in refused.value.message
    assert dump(vault) == before


@pytest.fixture
def closed_here(pair, tmp_path: Path):
    """B closed a shared sag while A, not knowing, edited its subject; A's bundle left a conflict at B."""
    a, b = pair
    s = sag(a)
    import_bundle(b, export_to(a, b, tmp_path / "first.sspbundle"), trust_new_sender=True)
    close_case(b, s.id, "Forløbet er afsluttet", "Overdrages ikke", today=date(2026, 4, 1))
    put(a, "cases", s.id, subject="Indbrud i kiosk og på skolen")
    report = import_bundle(b, export_to(a, b, tmp_path / "edit.sspbundle"))
    assert report.conflicts == 1 and get_case(b, s.id).case.status == "closed"
    return a, b, s


def test_choosing_the_colleagues_version_cannot_reopen_a_closed_case(closed_here) -> None:
    _, b, s = closed_here
    conflict = only_conflict(b, "cases")
    refused_keeps_local(b, conflict, "incoming", s.case.number, "lukket", "Genåbn sag")
    refused_keeps_local(b, conflict, {"subject": "Indbrud i kiosk og på skolen"}, s.case.number, "lukket")
    resolve_conflict(b, conflict, "local")
    assert list_conflicts(b) == []
    assert get_case(b, s.id).case.status == "closed" and get_case(b, s.id).case.subject == "Indbrud i kiosk"


def test_after_reopening_here_the_colleagues_version_may_be_chosen(closed_here) -> None:
    _, b, s = closed_here
    reopen_case(b, s.id, "Kollegaen har rettet sagens genstand")
    resolve_conflict(b, only_conflict(b, "cases"), {"subject": "Indbrud i kiosk og på skolen"})
    assert get_case(b, s.id).case.subject == "Indbrud i kiosk og på skolen"


def test_a_colleagues_reopening_that_came_with_the_conflict_allows_their_version(pair, tmp_path: Path) -> None:
    a, b = pair
    s = sag(a)
    close_case(a, s.id, "Forløbet er afsluttet", "Overdrages ikke", today=date(2026, 4, 1))
    import_bundle(b, export_to(a, b, tmp_path / "closed.sspbundle"), trust_new_sender=True)
    put(b, "cases", s.id, coordinator="Bo")  # a local write on the closed row, concurrent with A's reopening
    reopen_case(a, s.id, "Ny henvendelse fra skolen")
    report = import_bundle(b, export_to(a, b, tmp_path / "reopened.sspbundle"))
    assert report.conflicts == 1 and any("genåbnet" in line for line in report.events)
    assert get_case(b, s.id).case.status == "closed"  # B's own write stays the row
    resolve_conflict(b, only_conflict(b, "cases"), "incoming")
    assert get_case(b, s.id).case.status == "open"


def test_choosing_the_colleagues_version_cannot_rewrite_approved_minutes(pair, tmp_path: Path) -> None:
    a, b = pair
    setup = make_meeting(a)
    save_item_minutes(a, setup.topic_item, "Politiet orienterede", "Tages til efterretning")
    import_bundle(b, export_to(a, b, tmp_path / "meeting.sspbundle"), trust_new_sender=True)
    save_item_minutes(b, setup.topic_item, "Politiet orienterede om uro", "Tages til efterretning")
    approve_minutes(b, setup.meeting_id, now=datetime(2026, 3, 11, 9, 0))
    save_item_minutes(a, setup.topic_item, "Politiet orienterede", "Politiet fik skylden")
    report = import_bundle(b, export_to(a, b, tmp_path / "rewrite.sspbundle"))
    assert report.conflicts >= 1
    conflict = only_conflict(b, "minutes")
    number = get_meeting(b, setup.meeting_id).meeting.number
    refused_keeps_local(b, conflict, "incoming", number, "godkendt", "tillæg", "træk godkendelsen")
    resolve_conflict(b, conflict, "local")
    assert "Politiet fik skylden" not in str(get_meeting(b, setup.meeting_id).item(setup.topic_item))


def test_choosing_the_colleagues_version_cannot_change_a_signed_consent(pair, tmp_path: Path) -> None:
    a, b = pair
    s = sag(a, cpr="1003114321")
    on = date(2026, 3, 1)
    consent = create_consent(
        a,
        ConsentInput(
            case_refs=(s.id,),
            consent_date=on,
            giver_name="Mette Ærø Opdigtet",
            giver_cpr="010180-1239",
            giver_role="custody_holder",
            person_name=s.case.person_name,
            person_cpr=s.case.cpr,
            contacts=(ConsentContact("primary", "Kasper Prøvesen", "SSP, Nordskolen (fiktiv)", "40 00 00 02", "ssp"),),
            categories=("familie", "skole"),
            exchange_text="Skolegang og fravær",
        ),
    )
    mark_signed(a, consent.id, True, PNG, signed_on=on, today=on)
    import_bundle(b, export_to(a, b, tmp_path / "consent.sspbundle"), trust_new_sender=True)
    withdraw_consent(b, consent.id, date(2026, 3, 20), "skriftligt", today=date(2026, 3, 21))
    put(a, "consents", consent.id, exchange_text="Alle oplysninger om hele familien")
    report = import_bundle(b, export_to(a, b, tmp_path / "widen.sspbundle"))
    assert report.conflicts == 1
    conflict = only_conflict(b, "consents")
    refused_keeps_local(b, conflict, "incoming", consent.reference, "tilbagekaldelse")
    refused_keeps_local(b, conflict, {"exchange_text": "Alle oplysninger om hele familien"}, consent.reference)
    resolve_conflict(b, conflict, "local")
    kept = get_consent(b, consent.id)
    assert kept.exchange_text == "Skolegang og fravær" and kept.withdrawn_on == date(2026, 3, 20)
