"""Bekymringsgrupper: designation and text rules, members (a DKE-Journal member is counted, never identified – in the
group's JSON, its PDF and its log lines), roles, history, agenda items and sync. Real vault; invented names."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader

from sspdesk import groups
from sspdesk.cases import NewCase, close_case, register_case
from sspdesk.dispositions import add_disposition, update_disposition
from sspdesk.domain.errors import Invalid
from sspdesk.groups import NewGroup
from sspdesk.meetings import add_addendum, approve_minutes, create_meeting, get_meeting, save_item_minutes
from sspdesk.store import records

TODAY = date(2026, 3, 11)


@pytest.fixture
def world(vault):
    def add(level: str, subject: str, **person) -> object:
        return register_case(vault, NewCase(level=level, subject=subject, area="Nordskolen", **person), today=TODAY)

    return {
        "journal": add("I", "Sten mod busser ved stationen"),
        "journal2": add("I", "Uro ved stationen om aftenen"),
        "sag": add("II", "Røveri ved stationen", person_name="Oskar Opdigtet", cpr="120310-4321"),
        "sag2": add("II", "Hærværk", person_name="Ida Påfundsen", cpr="050409-5122"),
        "group": groups.create_group(vault, NewGroup("Gruppe ved stationen", "Nordskolen"), today=TODAY),
    }


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_three_tables_are_synced_records(vault):
    assert {"concern_groups", "group_sections", "group_members"} <= set(records.synced_tables(vault.conn))


def test_a_designation_never_names_a_person(vault, world):
    with pytest.raises(Invalid) as refused:
        groups.create_group(vault, NewGroup("Oskar Opdigtets venner"), today=TODAY)
    assert refused.value.field == "name" and "navn" in refused.value.message
    with pytest.raises(Invalid) as refused:
        groups.update_group(vault, world["group"].id, name="Gruppe omkring 120310-4321")
    assert "CPR-nummer" in refused.value.message
    with pytest.raises(Invalid):
        groups.create_group(vault, NewGroup("  "), today=TODAY)
    assert groups.get_group(vault, world["group"].id).group.name == "Gruppe ved stationen"


def test_a_journal_member_is_counted_never_identified(vault, world):
    group = world["group"]
    journal_number = world["journal"].case.number
    groups.add_member(vault, group.id, journal_number, today=TODAY)
    groups.add_member(vault, group.id, world["journal2"].id, today=TODAY)
    detail = groups.add_member(vault, group.id, world["sag"].case.number, "toneangivende", today=TODAY)

    assert detail.journal_members == 2
    assert [(m.number, m.role) for m in detail.sag_members] == [(world["sag"].case.number, "toneangivende")]
    exported = json.dumps(detail.to_json(), ensure_ascii=False)
    for journal in (world["journal"], world["journal2"]):
        assert journal.case.number not in exported and journal.id not in exported
    assert "2 medlemmer fra DKE-Journaler" in exported
    assert "Oskar" not in exported  # the name only in the sag-aware view

    text = pdf_text(groups.group_pdf(vault, group.id))
    assert "2 medlemmer fra DKE-Journaler" in text and world["sag"].case.number in text
    for journal in (world["journal"], world["journal2"]):
        assert journal.case.number not in text
    assert "Oskar" not in text and "120310" not in text
    log = " ".join(row[0] for row in vault.conn.execute("SELECT detail FROM audit_log"))
    assert journal_number not in log and "medlem tilføjet (DKE-Journal)" in log

    # The journal's own view may list its groups (by designation).
    assert [g.group.name for g in groups.groups_of_case(vault, journal_number)] == ["Gruppe ved stationen"]


def test_roles_only_for_sag_members(vault, world):
    group = world["group"]
    with pytest.raises(Invalid) as refused:
        groups.add_member(vault, group.id, world["journal"].id, "medløber", today=TODAY)
    assert refused.value.field == "role"
    with pytest.raises(Invalid):
        groups.add_member(vault, group.id, world["sag"].id, "anfører", today=TODAY)
    groups.add_member(vault, group.id, world["sag"].id, "medløber", today=TODAY)
    detail = groups.set_member_role(vault, group.id, world["sag"].case.number, "toneangivende")
    assert detail.sag_members[0].role == "toneangivende"
    with pytest.raises(Invalid):
        groups.add_member(vault, group.id, world["sag"].id, today=TODAY)  # already a member


def test_names_only_in_the_sag_aware_view_which_is_logged(vault, world):
    group = world["group"]
    groups.add_member(vault, group.id, world["sag"].id, today=TODAY)
    groups.add_member(vault, group.id, world["journal"].id, today=TODAY)
    assert groups.get_group(vault, group.id).sag_members[0].person_name == ""
    views = "SELECT count(*) FROM audit_log WHERE action = 'group.view'"
    before = vault.conn.execute(views).fetchone()[0]
    shown = groups.get_group(vault, group.id, with_names=True)
    assert [m.person_name for m in shown.sag_members] == ["Oskar Opdigtet"]
    assert shown.journal_members == 1
    assert vault.conn.execute(views).fetchone()[0] == before + 1


def test_text_obeys_the_journal_rule_once_a_journal_is_a_member(vault, world):
    group = world["group"]
    groups.add_member(vault, group.id, world["sag"].id, today=TODAY)
    # Only sag members: the text may name a registered young person …
    groups.save_section(vault, group.id, "screening", {"dynamik": "Oskar Opdigtet er toneangivende."})
    # … but then no journal can join until the text is cleaned.
    with pytest.raises(Invalid) as refused:
        groups.add_member(vault, group.id, world["journal"].id, today=TODAY)
    assert "Oskar Opdigtet" in refused.value.message
    groups.save_section(vault, group.id, "screening", {"dynamik": "Den ældste er toneangivende."})
    groups.add_member(vault, group.id, world["journal"].id, today=TODAY)
    for text in ("Ida Påfundsen kommer også.", "CPR 050409-5122"):
        with pytest.raises(Invalid) as refused:
            groups.save_section(vault, group.id, "indsatser", {"individ": text})
        assert refused.value.field == "individ" and refused.value.span[0] >= 0
    assert groups.get_group(vault, group.id).text("indsatser", "individ") == ""


def test_sections_keep_their_history(vault, world):
    group = world["group"]
    groups.save_section(vault, group.id, "screening", {"adfaerd": "Sten mod busser."})
    groups.save_section(vault, group.id, "screening", {"adfaerd": "Sten mod busser og tilråb."})
    history = groups.section_history(vault, group.id, "screening")
    assert [h.fields["adfaerd"] for h in history] == ["Sten mod busser og tilråb.", "Sten mod busser."]
    assert groups.get_group(vault, group.id).text("screening", "adfaerd") == "Sten mod busser og tilråb."
    with pytest.raises(Invalid):
        groups.save_section(vault, group.id, "screening", {"navn": "x"})


def test_members_come_and_go_and_closed_cases_cannot_join(vault, world):
    group = world["group"]
    groups.add_member(vault, group.id, world["journal"].id, today=TODAY)
    assert groups.remove_member(vault, group.id, world["journal"].case.number).journal_members == 0
    with pytest.raises(Invalid):
        groups.remove_member(vault, group.id, world["journal"].id)
    assert groups.add_member(vault, group.id, world["journal"].id, today=TODAY).journal_members == 1  # again
    close_case(vault, world["sag2"].id, "Afsluttet.", "Overdrages ikke", today=TODAY)
    with pytest.raises(Invalid):
        groups.add_member(vault, group.id, world["sag2"].id, today=TODAY)
    listed = groups.list_groups(vault)
    assert [(g.sag_members, g.journal_members) for g in listed] == [(0, 1)]


def test_a_group_on_the_agenda_shows_its_number_and_designation(vault, world):
    group = world["group"]
    groups.add_member(vault, group.id, world["journal"].id, today=TODAY)
    meeting = create_meeting(vault, "Koordinationsmøde", "2026-03-20T14:00", area="Nordskolen").detail
    item = groups.add_to_agenda(vault, group.group.number, meeting.id)
    assert item.kind == "group" and item.group_id == group.id
    assert item.heading == f"{group.group.number} – Gruppe ved stationen"
    groups.update_group(vault, group.id, name="Gruppe ved centret")
    [shown] = [i for i in get_meeting(vault, meeting.id).items if i.kind == "group"]
    assert shown.heading == f"{group.group.number} – Gruppe ved centret"
    assert world["journal"].case.number not in json.dumps(shown.to_json())


def test_minutes_and_dispositions_on_a_group_item_obey_the_journal_rule_once_a_journal_is_a_member(vault, world):
    group = world["group"]
    groups.add_member(vault, group.id, world["sag"].id, today=TODAY)
    meeting = create_meeting(vault, "Koordinationsmøde", "2026-03-20T14:00", area="Nordskolen").detail
    item = groups.add_to_agenda(vault, group.group.number, meeting.id)
    # Only sag members: the minutes may name a registered young person.
    save_item_minutes(vault, item.id, "Oskar Opdigtet var med.", "")
    kept = add_disposition(vault, meeting.id, "SSP", "Tal med Oskar Opdigtet", item_id=item.id)
    save_item_minutes(vault, item.id, "Den ældste var med.", "")
    update_disposition(vault, kept.id, what="Tal med den ældste")
    groups.add_member(vault, group.id, world["journal"].id, today=TODAY)
    for text in ("Ida Påfundsen kommer også.", "CPR 050409-5122"):
        with pytest.raises(Invalid) as refused:
            save_item_minutes(vault, item.id, "", text)
        assert refused.value.field == "decision" and "DKE-Journaler" in refused.value.message
        with pytest.raises(Invalid):
            add_disposition(vault, meeting.id, "SSP", text, item_id=item.id)
        with pytest.raises(Invalid):
            update_disposition(vault, kept.id, what=text)
    [shown] = [i for i in get_meeting(vault, meeting.id).items if i.kind == "group"]
    assert (shown.minutes.discussion, shown.minutes.decision) == ("Den ældste var med.", "")
    save_item_minutes(vault, item.id, "Den ældste var med.", "Ny samtale om en uge.")  # clean text is saved
    approve_minutes(vault, meeting.id, now=datetime(2026, 3, 21, 9, 0, tzinfo=UTC))
    with pytest.raises(Invalid):  # the meeting holds only the group: its addenda obey the rule too
        add_addendum(vault, meeting.id, "Ida Påfundsen kom også.")
    assert add_addendum(vault, meeting.id, "Den yngste kom også.").text == "Den yngste kom også."


def test_closing_and_reopening_a_group(vault, world):
    group = world["group"]
    closed = groups.update_group(vault, group.id, status="closed", today=TODAY)
    assert closed.group.status == "closed" and closed.group.closed_on == TODAY.isoformat()
    assert groups.update_group(vault, group.id, status="active").group.closed_on == ""
    with pytest.raises(Invalid):
        groups.update_group(vault, group.id, status="sleeping")
    assert [g.group.number for g in groups.list_groups(vault, "active")] == [group.group.number]
    assert groups.list_groups(vault, "closed") == []
