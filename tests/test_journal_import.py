"""The journal rule on bundle import (issue 16, item 1): a signed bundle from a trusted colleague cannot put person
data into a DKE-Journal, or into anything that belongs to one, by any table or field.

A (the sender) has a journal, a sag, a meeting about the journal and a group with the journal as a member, all made
through the services. B (the receiver) has imported only the sag. Each hostile bundle is A's full export with one
field poisoned and re-signed with A's own key – so only the journal rule can refuse it. Every refusal names the
record and the field, exits 4, and leaves B's vault file byte for byte as it was. Every name and number is invented.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from robustness import Snapshot
from sspdesk import cases, groups, meetings
from sspdesk.bundles import EXIT_INVALID, InvalidRecord
from sspdesk.bundles.export import Selection
from sspdesk.bundles.importer import import_bundle
from sspdesk.cases import NewCase, register_case
from sspdesk.dispositions import add_disposition
from sspdesk.domain.limits import forbidden_character
from sspdesk.groups import NewGroup
from sspdesk.store import records
from sspdesk.store.vault import Vault
from sspdesk.underretning import record_underretning
from support.bundles import decrypt_for, export_to, make_vault, seal
from support.cpr_spellings import embedded_cpr
from support.ssp_corpus import SSP_SENTENCES

TODAY = date(2026, 3, 2)
PERSON = "Oskar Opdigtet"  # registered on the sag
CPR_TEXT = "Ringede om 120310-4321 i går"  # invented
Row = dict[str, Any]


@dataclass
class World:
    a: Vault
    b: Vault
    container: dict[str, Any]  # A's full export, decrypted
    journal: cases.CaseDetail
    sag: cases.CaseDetail
    other_sag: cases.CaseDetail  # not in B yet
    meeting_id: str
    meeting_number: str
    journal_item: str
    group_item: str
    group_id: str
    group_number: str
    sag_group_id: str


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    folder = tmp_path_factory.mktemp("journal_import")
    a, b = make_vault(folder, "a"), make_vault(folder, "b")
    journal = register_case(a, NewCase(level="I", subject="Uro ved stationen", area="Nord"), today=TODAY)
    cases.save_section(a, journal.case.id, "status", {"adfaerd": "Kaster med sten efter busserne om aftenen."})
    record_underretning(a, journal.case.id, "Familieafsnittet", TODAY, reason="risiko", today=TODAY)
    sag = register_case(a, NewCase(level="II", subject="Indbrud", person_name=PERSON, cpr="120310-4321"), today=TODAY)
    other = register_case(
        a, NewCase(level="II", subject="Hærværk", person_name="Ida Påfundsen", cpr="050409-5122"), today=TODAY
    )
    group = groups.create_group(a, NewGroup("Gruppe ved stationen", "Nord"), today=TODAY)
    groups.add_member(a, group.group.id, journal.case.id, today=TODAY)
    groups.save_section(a, group.group.id, "screening", {"adfaerd": "Samles ved stationen efter skole."})
    sag_group = groups.create_group(a, NewGroup("Gruppe ved hallen", "Nord"), today=TODAY)
    groups.add_member(a, sag_group.group.id, sag.case.id, role="medløber", today=TODAY)
    groups.save_section(a, sag_group.group.id, "screening", {"adfaerd": "Ringede fra 120310-4321"})
    created = meetings.create_meeting(a, "Koordinationsmøde", "2026-03-10 14:00", area="Nord", accept_agenda=False)
    meeting = created.detail
    journal_item = meetings.add_item(a, meeting.id, "case", case_ref=journal.case.id).id
    group_item = meetings.add_item(a, meeting.id, "group", group_id=group.group.id, title="Gruppe ved stationen").id
    meetings.save_item_minutes(a, journal_item, "Drøftet uroen.", "Politiet kører forbi.")
    meetings.save_item_minutes(a, group_item, "Gruppen samles stadig.", "Klubben inviterer.")
    add_disposition(a, meeting.id, "SSP-konsulenten", "Tal med klubben", item_id=journal_item)
    meetings.approve_minutes(a, meeting.id, now=datetime(2026, 3, 11, 9, 0))
    meetings.add_addendum(a, meeting.id, "Klubben har svaret.")
    import_bundle(
        b, export_to(a, b, folder / "sag.sspbundle", Selection(case_refs=(sag.case.id,))), trust_new_sender=True
    )
    container = decrypt_for(b, export_to(a, b, folder / "all.sspbundle"))
    yield World(
        a,
        b,
        container,
        journal,
        sag,
        other,
        meeting.id,
        meeting.meeting.number,
        journal_item,
        group_item,
        group.group.id,
        group.group.number,
        sag_group.group.id,
    )
    a.close()
    b.close()


def _bump(world: World, row: Row) -> None:
    """A newer version from A: it must be written (an equal version would change nothing anyway)."""
    device = world.a.device_id
    row["vv"] = {**row["vv"], device: row["vv"].get(device, 0) + 1}


def poisoned(world: World, table: str, pick: Callable[[Row], bool], field: str, text: str) -> tuple[bytes, Row]:
    """A's full export with `field` of the first matching `table` record set to `text` ("fields.key" for a key of
    a section's JSON), re-signed by A."""
    container = copy.deepcopy(world.container)
    row = next(r for r in container["payload"]["records"] if r["table"] == table and pick(r))
    if field.startswith("fields."):
        fields = json.loads(row["data"]["fields"])
        fields[field.removeprefix("fields.")] = text
        row["data"]["fields"] = json.dumps(fields, ensure_ascii=False)
    else:
        row["data"][field] = text
    _bump(world, row)
    return seal(container, world.a, world.b.identity.recipient), row


def refused(world: World, data: bytes) -> InvalidRecord:
    snapshot = Snapshot(world.b)
    with pytest.raises(InvalidRecord) as error:
        import_bundle(world.b, data, trust_new_sender=True)
    snapshot.assert_unchanged()
    assert error.value.exit_code == EXIT_INVALID
    return error.value


# (table, which record, field, poison, the field's label in the message, what names the record)
HOSTILE = {
    "journal subject with a registered name": (
        "cases",
        lambda w, r: r["id"] == w.journal.case.id,
        "subject",
        f"Uro omkring {PERSON}",
        "Sagens genstand",
        lambda w: w.journal.case.number,
    ),
    "journal section with a CPR number": (
        "case_sections",
        lambda w, r: r["data"]["case_id"] == w.journal.case.id,
        "fields.adfaerd",
        CPR_TEXT,
        "Adfærd og trivsel",
        lambda w: w.journal.case.number,
    ),
    "journal deadline label": (
        "deadlines",
        lambda w, r: r["data"]["case_id"] == w.journal.case.id,
        "label",
        CPR_TEXT,
        "Frist",
        lambda w: w.journal.case.number,
    ),
    "underretning on a journal naming the young person": (
        "underretninger",
        lambda w, r: r["data"]["case_id"] == w.journal.case.id,
        "authority",
        f"Familieafsnittet om {PERSON}",
        "Sendt til",
        lambda w: w.journal.case.number,
    ),
    "agenda reason of a journal item": (
        "agenda_items",
        lambda w, r: r["id"] == w.journal_item,
        "reason",
        CPR_TEXT,
        "Begrundelse",
        lambda w: w.meeting_number,
    ),
    "minutes of a journal item": (
        "minutes",
        lambda w, r: r["data"]["item_id"] == w.journal_item,
        "discussion",
        CPR_TEXT,
        "Drøftelse",
        lambda w: w.journal.case.number,
    ),
    "minutes of a group item with a journal member": (
        "minutes",
        lambda w, r: r["data"]["item_id"] == w.group_item,
        "decision",
        f"{PERSON} skal med i klubben",
        "Beslutning",
        lambda w: w.group_number,
    ),
    "disposition on a journal item": (
        "dispositions",
        lambda w, r: r["data"]["item_id"] == w.journal_item,
        "what",
        CPR_TEXT,
        "Hvad",
        lambda w: w.meeting_number,
    ),
    "disposition owner with a registered name": (
        "dispositions",
        lambda w, r: r["data"]["item_id"] == w.journal_item,
        "owner",
        PERSON,
        "Hvem",
        lambda w: w.meeting_number,
    ),
    "addendum to journal minutes": (
        "meeting_addenda",
        lambda w, r: r["data"]["meeting_id"] == w.meeting_id,
        "text",
        CPR_TEXT,
        "Tillæg",
        lambda w: w.meeting_number,
    ),
    "group section of a group with a journal member": (
        "group_sections",
        lambda w, r: r["data"]["group_id"] == w.group_id,
        "fields.adfaerd",
        CPR_TEXT,
        "Hvordan den bekymrende adfærd kommer til udtryk",
        lambda w: w.group_number,
    ),
}


@pytest.mark.parametrize("case", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_hostile_bundle_is_refused_naming_record_and_field(world: World, case: tuple[Any, ...]) -> None:
    table, pick, field, text, label, number = case
    data, row = poisoned(world, table, lambda r: pick(world, r), field, text)
    error = refused(world, data)
    assert (error.table, error.record_id) == (table, row["id"])
    assert label in error.message and number(world) in error.message
    assert "Hele pakken er afvist" in error.message


def test_the_same_bundle_without_poison_imports(tmp_path: Path, world: World) -> None:
    # The control: A's export, re-sealed for a third colleague, is accepted as it is.
    c = make_vault(tmp_path, "c")
    try:
        container = decrypt_for(world.b, export_to(world.a, world.b, tmp_path / "all.sspbundle"))
        report = import_bundle(c, seal(container, world.a, c.identity.recipient), trust_new_sender=True)
        assert report.added == len(container["payload"]["records"])
    finally:
        c.close()


def test_a_sag_relabelled_as_a_journal_is_refused(world: World) -> None:
    data, row = poisoned(world, "cases", lambda r: r["id"] == world.sag.case.id, "kind", "journal")
    error = refused(world, data)
    assert (error.table, error.record_id) == ("cases", row["id"])
    assert world.sag.case.number in error.message and "kan ikke blive til en DKE-Journal" in error.message


def test_a_new_sag_relabelled_as_a_journal_is_refused_for_its_name_and_cpr(world: World) -> None:
    data, row = poisoned(world, "cases", lambda r: r["id"] == world.other_sag.case.id, "kind", "journal")
    error = refused(world, data)
    assert (error.table, error.record_id) == ("cases", row["id"])
    assert "person_name" in error.message


def _bundle_of(world: World, rows: list[Row], recipient: str) -> bytes:
    container = copy.deepcopy(world.container)
    container["payload"]["records"] = rows
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["table"]] = counts.get(row["table"], 0) + 1
    container["manifest"]["counts"] = counts
    return seal(container, world.a, recipient)


def _new_version_of(world: World, row: Row, **data: str) -> Row:
    new = copy.deepcopy(row)
    new["id"] = records.new_id()
    new["vv"] = {world.a.device_id: 1}
    new["data"].update(data)
    return new


def test_a_journal_joining_a_group_whose_text_holds_a_cpr_number_is_refused(world: World) -> None:
    # In one bundle with the group: the group's section is then a journal group's text.
    rows = copy.deepcopy(world.container["payload"]["records"])
    member = next(r for r in rows if r["table"] == "group_members" and r["data"]["group_id"] == world.sag_group_id)
    joins = _new_version_of(world, member, case_id=world.journal.case.id, role="")
    error = refused(world, _bundle_of(world, [*rows, joins], world.b.identity.recipient))
    assert error.table == "group_sections" and "120310-4321" in error.message


def test_a_journal_joining_a_group_already_in_the_vault_has_the_group_text_checked(
    tmp_path: Path, world: World
) -> None:
    c = make_vault(tmp_path, "c")
    try:
        rows = world.container["payload"]["records"]
        import_bundle(c, _bundle_of(world, copy.deepcopy(rows), c.identity.recipient), trust_new_sender=True)
        member = next(r for r in rows if r["table"] == "group_members" and r["data"]["group_id"] == world.sag_group_id)
        joins = _new_version_of(world, member, case_id=world.journal.case.id, role="")
        snapshot = Snapshot(c)
        with pytest.raises(InvalidRecord) as error:
            import_bundle(c, _bundle_of(world, [joins], c.identity.recipient))
        snapshot.assert_unchanged()
        assert (error.value.table, error.value.record_id) == ("group_members", joins["id"])
        assert "Screening" in error.value.message and "120310-4321" in error.value.message
    finally:
        c.close()


def test_a_section_for_a_journal_already_in_the_vault_is_checked(tmp_path: Path, world: World) -> None:
    c = make_vault(tmp_path, "c")
    try:
        rows = world.container["payload"]["records"]
        import_bundle(c, _bundle_of(world, copy.deepcopy(rows), c.identity.recipient), trust_new_sender=True)
        section = next(
            r for r in rows if r["table"] == "case_sections" and r["data"]["case_id"] == world.journal.case.id
        )
        hostile = _new_version_of(world, section, fields=json.dumps({"adfaerd": CPR_TEXT}))
        snapshot = Snapshot(c)
        with pytest.raises(InvalidRecord) as error:
            import_bundle(c, _bundle_of(world, [hostile], c.identity.recipient))
        snapshot.assert_unchanged()
        assert error.value.record_id == hostile["id"] and world.journal.case.number in error.value.message
        fine = _new_version_of(world, section, fields=json.dumps({"adfaerd": "Roligere efter samtalen med klubben."}))
        assert import_bundle(c, _bundle_of(world, [fine], c.identity.recipient)).added == 1
    finally:
        c.close()


def test_the_cli_refuses_a_hostile_bundle_with_exit_4_naming_the_field(
    tmp_path: Path, world: World, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from sspdesk.cli import main

    c = make_vault(tmp_path, "c")
    recipient = c.identity.recipient
    c.close()
    container = copy.deepcopy(world.container)
    row = next(r for r in container["payload"]["records"] if r["table"] == "minutes")
    row["data"]["discussion"] = CPR_TEXT
    path = tmp_path / "hostile.sspbundle"
    path.write_bytes(seal(container, world.a, recipient))
    monkeypatch.setenv("SSPDESK_VAULT", str(tmp_path / "c.sspvault"))
    monkeypatch.setenv("SSPDESK_PASSPHRASE", "kode c 'æøå'")
    assert main(["import", str(path), "--trust"]) == 4
    err = capsys.readouterr().err
    assert "Drøftelse" in err and "Hele pakken er afvist" in err
    assert main(["--json", "cases", "list"]) == 0
    assert json.loads(capsys.readouterr().out) == []


# -- every CPR spelling is refused; ordinary SSP text passes ---------------------------------------------------


@pytest.fixture(scope="module")
def receiver(world: World, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Vault]:
    """A colleague's vault that already has all of A's records (the journal among them)."""
    c = make_vault(tmp_path_factory.mktemp("receiver"), "c")
    rows = copy.deepcopy(world.container["payload"]["records"])
    import_bundle(c, _bundle_of(world, rows, c.identity.recipient), trust_new_sender=True)
    yield c
    c.close()


def _journal_row(world: World, table: str) -> Row:
    rows = world.container["payload"]["records"]
    if table == "case_sections":
        return next(r for r in rows if r["table"] == table and r["data"]["case_id"] == world.journal.case.id)
    return next(r for r in rows if r["table"] == table and r["data"]["item_id"] == world.journal_item)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=embedded_cpr(max_size=15))
def test_any_spelling_of_a_cpr_number_in_a_journal_section_is_refused(
    world: World, receiver: Vault, case: tuple[str, int, int]
) -> None:
    text, _, _ = case
    hostile = _new_version_of(world, _journal_row(world, "case_sections"), fields=json.dumps({"adfaerd": text}))
    snapshot = Snapshot(receiver)
    with pytest.raises(InvalidRecord) as error:
        import_bundle(receiver, _bundle_of(world, [hostile], receiver.identity.recipient))
    snapshot.assert_unchanged()
    # A control or bidi character around the number is refused first, by the limits every stored text obeys.
    reason = "Adfærd og trivsel" if forbidden_character(text, multiline=True) is None else "Afsnittets felter: adfaerd"
    assert error.value.record_id == hostile["id"] and reason in error.value.message


def test_the_ordinary_sentence_corpus_imports_into_journal_sections_and_dispositions(
    world: World, receiver: Vault
) -> None:
    section, disposition = _journal_row(world, "case_sections"), _journal_row(world, "dispositions")
    rows = [_new_version_of(world, section, fields=json.dumps({"adfaerd": text})) for text in SSP_SENTENCES]
    rows += [_new_version_of(world, disposition, what=text) for text in SSP_SENTENCES]
    # The meeting's minutes are approved: new dispositions come with a withdrawal of the approval, as in the GUI.
    addendum = next(r for r in world.container["payload"]["records"] if r["table"] == "meeting_addenda")
    rows.append(_new_version_of(world, addendum, kind="withdrawal", text="Referatet skal suppleres."))
    report = import_bundle(receiver, _bundle_of(world, rows, receiver.identity.recipient))
    assert report.added == 2 * len(SSP_SENTENCES) + 1 >= 201
