"""Routing and participants in the GUI (issue 18 item 4, issue 21 item 7): the case editor's Indkaldelse og
påtegnelse box, Ny sag's radicalisation flag and age band, offered participants unticked in Nyt møde, the exchange
dialog's warning beyond the leader's attestation, and presence ticked in meeting mode. Real vault, real widgets;
screenshots go to /tmp. Every name and number is invented."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from sspdesk.attestation import Attestation, record_attestation
from sspdesk.cases import get_case
from sspdesk.meetings import get_meeting
from sspdesk.preferences import set_leader_name
from sspdesk.routing import leader_route
from sspdesk.store.vault import Vault
from sspdesk.ui import worker
from sspdesk.ui.cases.case_dialogs import NewCaseDialog
from sspdesk.ui.cases.case_editor import CaseEditor
from sspdesk.ui.consents.exchange_dialog import ExchangeDialog
from sspdesk.ui.meetings.meeting_dialogs import NewMeetingDialog
from sspdesk.ui.meetings.meeting_mode import MeetingModeView
from sspdesk.ui.settings.settings_page import SettingsPage
from support.meetings import make_meeting
from support.routing import TODAY, cpr_of_age, sag_of_age


@pytest.fixture
def editor(qtbot, vault: Vault):
    widget = CaseEditor(today=lambda: TODAY)
    qtbot.addWidget(widget)
    widget.set_vault(vault)
    widget.resize(1100, 900)
    return widget


def test_the_case_editor_sets_the_radicalisation_flag_and_shows_the_route_to_the_leader(qtbot, vault, editor) -> None:
    """Seed 000 l.532–533: radicalisation cases are always brought before the DKE leader – set on the case editor."""
    set_leader_name(vault, "Lene Opdigtet")
    case = sag_of_age(vault, 15).case
    editor.load(case.id)
    editor.show()
    box = editor.routing
    assert not box.route_label.isVisibleTo(box)
    with qtbot.waitSignal(box.changed):
        box.flag.click()
    assert get_case(vault, case.id).case.radicalisation
    assert box.route_label.isVisibleTo(box)
    assert box.route_label.text().startswith("Indbringes for Leder af DKE (Lene Opdigtet)")
    assert "Leder af DKE" in box.invite_label.text()
    box.grab().save("/tmp/case_routing.png")


def test_a_dke_sag_shows_who_must_be_invited_before_the_meeting_exists(qtbot, vault, editor) -> None:
    """Issue 21 item 7 and seed 000 l.249–250: Familieafsnittet must be called for an under-18 – shown on the case."""
    editor.load(sag_of_age(vault, 14).case.id)
    text = editor.routing.invite_label.text()
    assert text.startswith("Skal indkaldes til Sagsmøde: Familieafsnittet, Myndighedsansvarlig sagsbehandler")
    assert "Overvej også: Koordinationsgruppen for God Løsladelse" in text


def test_the_attestation_dialog_records_its_frame_and_the_exchange_dialog_warns_beyond_it(qtbot, vault, editor) -> None:
    """Seed 000 l.194–196: the leader's påtegnelse sets the frame; an exchange beyond it shows a warning."""
    case = sag_of_age(vault, 15).case
    editor.load(case.id)
    editor.show()
    dialog = editor.routing.open_attestation()
    assert dialog is not None
    dialog.given_by.setText("Lene Opdigtet")
    for box, label in ((dialog.recipients, "Skole"), (dialog.categories, "Skole/uddannelse/job")):
        box.findItems(label, Qt.MatchFlag.MatchExactly)[0].setCheckState(Qt.CheckState.Checked)
    dialog.grab().save("/tmp/attestation_dialog.png")
    dialog.ok_button.click()
    assert editor.routing.attestation_label.text().startswith(f"Påtegnelse {TODAY:%d.%m.%Y} af Lene Opdigtet")
    assert "udveksling med: Skole; oplysninger: Skole/uddannelse/job" in editor.routing.attestation_label.text()
    assert editor.detail is not None and editor.detail.section_fields("flow")["paategning_af"] == "Lene Opdigtet"

    exchange = ExchangeDialog(vault, case.id, worker.run_in_background, TODAY, None)
    qtbot.addWidget(exchange)
    exchange.show()
    exchange.pick.setCurrentIndex(exchange.pick.findData("party:skole"))
    exchange.pick.activated.emit(exchange.pick.currentIndex())
    exchange.category_boxes["skole"].setChecked(True)
    exchange.refresh()
    assert not exchange.attestation_warning.isVisibleTo(exchange)
    exchange.pick.setCurrentIndex(exchange.pick.findData("party:politi"))
    exchange.pick.activated.emit(exchange.pick.currentIndex())
    exchange.refresh()
    assert exchange.attestation_warning.isVisibleTo(exchange)
    assert "Uden for påtegnelsen: Modtageren (Politi) er ikke blandt" in exchange.attestation_warning.text()
    exchange.grab().save("/tmp/exchange_beyond_attestation.png")


def test_an_attestation_past_its_period_warns_in_the_exchange_dialog(qtbot, vault) -> None:
    """Seed 000 l.196: the påtegnelse frames the case in time too – a day after its period warns."""
    case = sag_of_age(vault, 15).case
    start = TODAY - timedelta(days=40)
    record_attestation(vault, case.id, Attestation("Lene Opdigtet", start, valid_until=TODAY - timedelta(days=10)))
    exchange = ExchangeDialog(vault, case.id, worker.run_in_background, TODAY, None)
    qtbot.addWidget(exchange)
    exchange.pick.setCurrentIndex(exchange.pick.findData("party:skole"))
    exchange.pick.activated.emit(exchange.pick.currentIndex())
    exchange.category_boxes["skole"].setChecked(True)
    exchange.refresh()
    assert "gjaldt til" in exchange.attestation_warning.text()


def test_new_case_takes_the_radicalisation_flag_and_the_journals_age_band_chooses_the_youth_forum(qtbot, vault) -> None:
    """Seed 000 l.243–244: a 16–18+ journal goes to the Ungekoordinationsmøde – the age band, not a CPR-nr., says so;
    l.532–533: the radicalisation flag is set on registration."""
    dialog = NewCaseDialog(vault, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.level.setCurrentIndex(dialog.level.findData("I"))
    assert dialog.forum.currentText() == "Koordinationsmøde" and dialog.youth.isVisibleTo(dialog)
    dialog.youth.setChecked(True)
    assert dialog.forum.currentText() == "Ungekoordinationsmøde"
    dialog.subject.setText("Uro i klubben")
    dialog.radicalisation.setChecked(True)
    dialog.grab().save("/tmp/new_case_youth.png")
    dialog.ok_button.click()
    assert dialog.created is not None
    assert dialog.created.case.forum == "Ungekoordinationsmøde" and dialog.created.case.radicalisation
    sag = NewCaseDialog(vault, today=TODAY)
    qtbot.addWidget(sag)
    sag.level.setCurrentIndex(sag.level.findData("II"))
    assert not sag.youth.isVisibleTo(sag)
    sag.cpr.setText(cpr_of_age(17))
    assert sag.forum.currentText() == "Sagsmøde"  # the youth forum stands in for the Koordinationsmøde only


def test_new_meeting_offers_the_operativgruppes_standing_members_unticked_on_a_case(qtbot, vault) -> None:
    """Seed 000 l.668–670: DKE chooses which members of the Operativgruppe to call for a level III case."""
    sag_of_age(vault, 16, level="III")
    dialog = NewMeetingDialog(vault, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.forum.setCurrentText("Operativgruppemøde")
    states = {dialog.people.item(n).text(): dialog.people.item(n).checkState() for n in range(dialog.people.count())}
    assert states["Familieafsnittet (leder)"] == Qt.CheckState.Unchecked
    assert states["Københavns Vestegns Politi (leder og fagkoordinator)"] == Qt.CheckState.Checked
    assert states["Den Kriminalpræventive Enhed (leder og koordinator) – Test Koordinator"] == Qt.CheckState.Checked


def test_presence_is_ticked_in_meeting_mode_with_the_mouse_or_space(qtbot, vault) -> None:
    """Issue 21 item 7: "presence can be ticked in meeting mode"."""
    setup = make_meeting(vault)
    view = MeetingModeView()
    qtbot.addWidget(view)
    view.resize(1156, 690)
    view.show()
    qtbot.waitExposed(view)
    view.open_meeting(vault, setup.meeting_id)
    presence = view.presence
    assert presence.count() == len(get_meeting(vault, setup.meeting_id, log_view=False).participants) > 1
    first = presence.item(0)
    first.setCheckState(Qt.CheckState.Checked)
    people = get_meeting(vault, setup.meeting_id, log_view=False).participants
    assert people[0].status == "present"
    presence.setFocus()
    presence.setCurrentRow(1)
    qtbot.keyClick(presence, Qt.Key.Key_Space)
    assert get_meeting(vault, setup.meeting_id, log_view=False).participants[1].status == "present"
    first.setCheckState(Qt.CheckState.Unchecked)
    assert get_meeting(vault, setup.meeting_id, log_view=False).participants[0].status == "absent"
    view.grab().save("/tmp/meeting_mode_presence.png")
    view.close_meeting()
    assert presence.count() == 0


def test_the_dke_leaders_name_is_set_in_indstillinger_and_fills_the_route(qtbot, vault) -> None:
    """Seed 000 l.48 ("Leder af DKE") and l.532–533: the leader the radicalisation route names is a setting."""
    page = SettingsPage()
    qtbot.addWidget(page)
    page.resize(1156, 690)
    page.show()
    page.on_unlocked(vault)
    edit = page.leader_box.edits["leader_name"]
    edit.setText("Lene Opdigtet")
    edit.textEdited.emit("Lene Opdigtet")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert vault.setting("leader_name") == "Lene Opdigtet"
    case = sag_of_age(vault, 15, radicalisation=True).case
    route = leader_route(vault, case)
    assert route is not None and route.who == "Leder af DKE (Lene Opdigtet)"
    page.leader_box.grab().save("/tmp/settings_leader.png")
