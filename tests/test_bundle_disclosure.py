"""Every bundle is a disclosure (issue 15, item 3): a DKE-Sag travels only on a basis for its recipient, the cases
without one are left out and listed, and both ends record the exchange.

Two real SQLCipher vaults in tmp_path, real age encryption, the real consent and exchange services. All names and
numbers are invented.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from sspdesk import legal_basis
from sspdesk.bundles import ExportError
from sspdesk.bundles.disclosure import (
    CASE_CATEGORY,
    NOTHING_CONFIRMED,
    NothingToSend,
    RecipientRequired,
    case_categories,
)
from sspdesk.bundles.export import Selection, export_bundle, plan_export
from sspdesk.bundles.importer import import_bundle
from sspdesk.bundles.peers import add_peer, edit_peer, list_peers
from sspdesk.cases import get_case, save_section
from sspdesk.domain.disclosure import Recipient
from sspdesk.domain.errors import NotFound
from sspdesk.meetings import add_item, create_meeting, save_item_minutes
from sspdesk.store import records
from support.bundles import (
    CONFIRMED,
    SSP_AUTHORITY,
    colleague,
    decrypt_for,
    describe_peer,
    dump,
    export_to,
    journal,
    sag,
    signed_consent,
)

HANNE = ("Hanne Sundby", "Sundhedsplejen", "sundhed")  # a colleague outside the SSP cooperation


@pytest.fixture
def three(pair):
    """A has three sager and a journal; B is the colleague Hanne (Sundhedsplejen, party sundhed). S1 and S2 have a
    consent naming Sundhedsplejen that covers all they carry; S3's consent lacks its health information."""
    a, b = pair
    s1 = sag(a, "Indbrud i kiosk", "0503104321")
    s2 = sag(a, "Graffiti på skolen", "0101114321")
    s3 = sag(a, "Hærværk", "0101104321")
    j = journal(a)
    save_section(a, s1.id, "status", {"familie": "Bor hos mor", "skole": "7. klasse"})
    save_section(a, s2.id, "status", {"familie": "Bor hos far"})
    save_section(a, s3.id, "status", {"familie": "Bor hos mor"})
    save_section(a, s3.id, "flow", {"sundhed": "Diabetes"})
    signed_consent(a, s1.id, ("familie", "skole", CASE_CATEGORY), person=("Oskar Opdigtet", "0503104321"))
    signed_consent(a, s2.id, ("familie", CASE_CATEGORY), person=("Oskar Opdigtet", "0101114321"))
    signed_consent(a, s3.id, ("familie", CASE_CATEGORY), person=("Oskar Opdigtet", "0101104321"))
    add_peer(a, HANNE[0], b.identity.recipient, b.identity.fingerprint, authority=HANNE[1], party_type=HANNE[2])
    return a, b, (s1, s2, s3), j


def exchanges(vault, case_id: str) -> list[legal_basis.Exchange]:
    return legal_basis.list_exchanges(vault, case_id)


def test_a_whole_sag_carries_the_categories_of_every_filled_field(pair) -> None:
    a, _ = pair
    s = sag(a)
    assert case_categories(a, s.id) == (CASE_CATEGORY,)  # the case itself: an SSP case for crime
    save_section(a, s.id, "status", {"familie": "Bor hos mor", "skole": "", "fritid": "Fodbold"})
    save_section(a, s.id, "status", {"familie": "Bor hos mor"})  # an older version still travels
    save_section(a, s.id, "flow", {"sundhed": "Astma", "tilknytning_netvaerk": "Ny vennekreds", "modtagelighed": "x"})
    assert case_categories(a, s.id) == (
        "familie",
        "fritid",
        "sundhed",
        "psykisk_saarbarhed",
        CASE_CATEGORY,
    )


def test_an_export_to_a_colleague_without_basis_for_one_of_three_cases_sends_two_and_lists_the_third(
    three, tmp_path: Path
) -> None:
    a, b, (s1, s2, s3), j = three
    out = tmp_path / "til-hanne.sspbundle"
    result = export_bundle(a, out, Selection(case_refs=(s1.id, s2.id, s3.id, j.id)), recipients=[HANNE[0]])
    assert [d.number for d in result.plan.sent] == [s1.case.number, s2.case.number]
    [left] = result.plan.left_out
    assert left.number == s3.case.number
    assert "Ingen hjemmel til Hanne Sundby" in left.why and "dækker ikke Sundhedsoplysninger" in left.why
    assert "Sundhed er ikke en SSP-partner" in left.why
    disclosed = result.disclosure_json()
    assert [e["case"] for e in disclosed["exchanges"]] == [s1.case.number, s2.case.number]
    assert disclosed["exchanges"][0]["basis"].startswith("Samtykke SAM-")
    assert disclosed["left_out"] == [{"case": s3.case.number, "why": left.why}]
    # Sent: one exchange each, with the bundle id, the recipient as the peers list describes her, the categories.
    [sent] = exchanges(a, s1.id)
    assert (sent.direction, sent.bundle_id, sent.recipient) == ("sent", result.bundle_id, HANNE[0])
    assert (sent.recipient_authority, sent.recipient_party) == HANNE[1:]
    assert sent.on_consent and sent.categories == ("familie", "skole", CASE_CATEGORY)
    assert exchanges(a, s3.id) == []
    # The bundle holds nothing of S3: not the case, its sections, deadlines or consent.
    payload = decrypt_for(b, out.read_bytes())["payload"]["records"]
    wire = json.dumps(payload, ensure_ascii=False)
    assert s3.id not in wire and "Diabetes" not in wire and "0101104321" not in wire
    assert {r["id"] for r in payload if r["table"] == "cases"} == {s1.id, s2.id, j.id}


def test_the_receiving_vault_shows_the_received_exchange_on_the_two_cases_and_not_the_third(
    three, tmp_path: Path
) -> None:
    a, b, (s1, s2, s3), j = three
    out = tmp_path / "til-hanne.sspbundle"
    result = export_bundle(a, out, Selection(case_refs=(s1.id, s2.id, s3.id, j.id)), recipients=[HANNE[0]])
    import_bundle(b, out.read_bytes(), trust_new_sender=True)
    for s in (s1, s2):
        by_direction = {e.direction: e for e in exchanges(b, s.id)}
        assert set(by_direction) == {"sent", "received"}  # A's record travelled, B recorded the receipt
        received, sent = by_direction["received"], by_direction["sent"]
        assert received.bundle_id == sent.bundle_id == result.bundle_id
        assert received.recipient == b.user and received.recipient_party == "sundhed"
        assert received.basis == sent.basis and received.categories == sent.categories
        assert "Kollega a" in received.what
    assert get_case(b, j.id).case.kind == "journal"
    with pytest.raises(NotFound):
        get_case(b, s3.id)
    for table in records.synced_tables(b.conn):
        assert not [row for row in b.conn.execute(f"SELECT * FROM {table}") if s3.id in map(str, row)], table
    # A replay records nothing new.
    before = dump(b)
    import_bundle(b, out.read_bytes())
    assert dump(b) == before


def test_a_passphrase_bundle_with_a_sag_needs_the_recipient_and_writes_nothing_without(three, tmp_path: Path) -> None:
    a, _, (s1, _, _), j = three
    out = tmp_path / "kode.sspbundle"
    before = dump(a)
    with pytest.raises(RecipientRequired) as refused:
        export_bundle(a, out, Selection(case_refs=(s1.id,)), passphrase="rød bil kører langsomt forbi")
    assert refused.value.exit_code == 4 and "modtageren er ukendt" in refused.value.message
    assert not out.exists() and dump(a) == before
    # A journal needs no recipient.
    export_bundle(a, out, Selection(case_refs=(j.id,)), passphrase="rød bil kører langsomt forbi")
    assert out.exists()
    # Named, the passphrase bundle is judged like any other: Hanne's consent covers S1.
    result = export_bundle(
        a,
        tmp_path / "kode2.sspbundle",
        Selection(case_refs=(s1.id,)),
        passphrase="rød bil kører langsomt forbi",
        recipient=Recipient(*HANNE),
    )
    assert result.recipients == ["passphrase"] and [d.number for d in result.plan.sent] == [s1.case.number]
    assert exchanges(a, s1.id)[-1].recipient_authority == "Sundhedsplejen"


def test_an_ssp_partner_gets_a_section_115_case_only_with_the_necessity_test_confirmed(pair, tmp_path: Path) -> None:
    a, b = pair
    s = sag(a)
    save_section(a, s.id, "status", {"familie": "Bor hos mor"})
    add_peer(a, "Bo", b.identity.recipient, b.identity.fingerprint, authority=SSP_AUTHORITY, party_type="ssp")
    out = tmp_path / "til-bo.sspbundle"
    with pytest.raises(NothingToSend) as refused:
        export_bundle(a, out, Selection(case_refs=(s.id,)), recipients=["Bo"])
    assert refused.value.exit_code == 4 and "nødvendighedsvurderingen mangler" in refused.value.message
    assert not out.exists() and exchanges(a, s.id) == []
    result = export_bundle(a, out, Selection(case_refs=(s.id,)), recipients=["Bo"], confirmation=CONFIRMED)
    assert [d.basis_text for d in result.plan.sent] == ["Retsplejelovens § 115"]
    [sent] = exchanges(a, s.id)
    assert sent.basis == "Retsplejelovens § 115" and not sent.on_consent
    assert set(sent.necessity) == {"necessary", "relevant", "least", "sensitive"}
    assert sent.conditions == ("not_investigation",)


def test_a_colleague_without_authority_and_party_type_gets_only_journals(pair, tmp_path: Path) -> None:
    a, b = pair
    s, j = sag(a), journal(a)
    add_peer(a, "Bo", b.identity.recipient, b.identity.fingerprint)
    result = export_bundle(
        a, tmp_path / "x.sspbundle", Selection(case_refs=(s.id, j.id)), recipients=["Bo"], confirmation=CONFIRMED
    )
    assert result.counts["cases"] == 1 and result.plan.sent == []
    assert "har ingen myndighed og modtagertype" in result.plan.left_out[0].why
    edit_peer(a, "Bo", authority=SSP_AUTHORITY, party_type="SSP-konsulent")  # the label works as well as the key
    assert (list_peers(a)[0].authority, list_peers(a)[0].party_type) == (SSP_AUTHORITY, "ssp")
    plan = plan_export(a, Selection(case_refs=(s.id, j.id)), recipients=["Bo"], confirmation=CONFIRMED)
    assert [d.number for d in plan.sent] == [s.case.number] and exchanges(a, s.id) == []  # a plan stores nothing


def test_a_meeting_bundle_leaves_out_the_items_of_a_case_without_basis(three, tmp_path: Path) -> None:
    a, b, (s1, _, s3), _ = three
    meeting = create_meeting(a, "Sagsmøde", datetime(2026, 11, 3, 9, 30), accept_agenda=False).detail.meeting
    item1 = add_item(a, meeting.id, "case", case_ref=s1.id)
    item3 = add_item(a, meeting.id, "case", case_ref=s3.id)
    topic = add_item(a, meeting.id, "topic", title="Sommerferiens aktiviteter")
    save_item_minutes(a, item1.id, "Mentorforløb aftalt", "Skolen følger op")
    save_item_minutes(a, item3.id, "Blodsukkeret svinger", "Forældrene inviteres")
    out = tmp_path / "møde.sspbundle"
    result = export_bundle(a, out, Selection(meeting_ref=meeting.id), recipients=[HANNE[0]])
    assert [d.number for d in result.plan.left_out] == [s3.case.number]
    payload = decrypt_for(b, out.read_bytes())["payload"]["records"]
    items = {r["id"] for r in payload if r["table"] == "agenda_items"}
    assert items == {item1.id, topic.id}  # the left-out case's item goes whole, with its minutes
    wire = json.dumps(payload, ensure_ascii=False)
    assert "Blodsukkeret" not in wire and "Mentorforløb aftalt" in wire and s3.id not in wire
    import_bundle(b, out.read_bytes(), trust_new_sender=True)
    assert [e.direction for e in exchanges(b, s1.id)] == ["sent", "received"]


def test_a_whole_vault_export_leaves_out_every_row_of_a_case_without_basis(three, tmp_path: Path) -> None:
    a, b, (_, _, s3), _ = three
    out = tmp_path / "alt.sspbundle"
    result = export_bundle(a, out, Selection(all_records=True), recipients=[HANNE[0]])
    assert [d.number for d in result.plan.left_out] == [s3.case.number]
    payload = decrypt_for(b, out.read_bytes())["payload"]["records"]
    wire = json.dumps(payload, ensure_ascii=False)
    assert s3.id not in wire and "Diabetes" not in wire
    tables = [r["table"] for r in payload]
    assert tables.count("consents") == 2 and tables.count("consent_scans") == 2  # S1's and S2's


def test_a_since_export_sends_a_left_out_case_once_it_has_a_basis(three, tmp_path: Path) -> None:
    a, b, (_, _, s3), _ = three
    first = export_bundle(a, tmp_path / "1.sspbundle", Selection(since_peer=HANNE[0]))
    assert [d.number for d in first.plan.left_out] == [s3.case.number]
    import_bundle(b, (tmp_path / "1.sspbundle").read_bytes(), trust_new_sender=True)
    signed_consent(a, s3.id, ("familie", "sundhed", CASE_CATEGORY), person=("Oskar Opdigtet", "0101104321"))
    second = export_bundle(a, tmp_path / "2.sspbundle", Selection(since_peer=HANNE[0]))
    assert s3.case.number in [d.number for d in second.plan.sent] and second.plan.left_out == []
    import_bundle(b, (tmp_path / "2.sspbundle").read_bytes())
    assert get_case(b, s3.id).sections["flow"].fields["sundhed"] == "Diabetes"


def test_a_failed_write_leaves_no_exchange_behind(three, tmp_path: Path) -> None:
    a, _, (s1, _, _), _ = three
    blocked = tmp_path / "en-fil"
    blocked.write_text("ikke en mappe")
    before = dump(a)
    with pytest.raises(ExportError):
        export_bundle(a, blocked / "x.sspbundle", Selection(case_refs=(s1.id,)), recipients=[HANNE[0]])
    assert exchanges(a, s1.id) == [] and dump(a) == before


def test_a_service_transaction_inside_a_larger_one_is_rolled_back_with_it(pair) -> None:
    a, _ = pair
    s = sag(a)
    request = legal_basis.ExchangeRequest(
        s.id,
        colleague(a),
        (CASE_CATEGORY,),
        "Retsplejelovens § 115",
        date.today(),
        necessity=CONFIRMED.necessity,
        conditions=CONFIRMED.conditions,
    )
    with pytest.raises(RuntimeError), a.transaction():
        legal_basis.record_exchange(a, request)
        assert len(exchanges(a, s.id)) == 1  # inside: there
        raise RuntimeError("the larger action fails")
    assert exchanges(a, s.id) == []


def test_a_user_who_describes_a_peer_found_on_first_use_can_send_them_sager(pair, tmp_path: Path) -> None:
    a, b = pair
    s = sag(b)
    import_bundle(a, export_to(b, a, tmp_path / "b.sspbundle"), trust_new_sender=True)  # A trusts B on first use
    assert list_peers(a)[0].missing == "myndighed og modtagertype"
    plan = plan_export(a, Selection(case_refs=(s.id,)), recipients=[b.identity.recipient], confirmation=CONFIRMED)
    assert plan.sent == []
    describe_peer(a, b)
    plan = plan_export(a, Selection(case_refs=(s.id,)), recipients=[b.identity.recipient], confirmation=CONFIRMED)
    assert [d.number for d in plan.sent] == [s.case.number]
    assert NOTHING_CONFIRMED.necessity == ()


def test_a_bundle_of_only_cases_without_basis_is_not_written(three, tmp_path: Path) -> None:
    a, _, (_, _, s3), _ = three
    out = tmp_path / "kun-s3.sspbundle"
    before = dump(a)
    with pytest.raises(NothingToSend) as refused:
        export_bundle(a, out, Selection(case_refs=(s3.id,)), recipients=[HANNE[0]])
    assert refused.value.exit_code == 4 and s3.case.number in refused.value.message
    assert "dækker ikke Sundhedsoplysninger" in refused.value.message
    assert not out.exists() and dump(a) == before
