"""The Møder page: the list and its filters, Nyt møde with the proposed agenda, reordering the agenda (Alt+↓ and
drag-and-drop), participants, approval (then read-only), withdrawal, PDFs written where chosen, the case's minutes
view, and that locking leaves no meeting data in any widget. Real vault, real services; all names are invented."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QLabel

from sspdesk.cases import NewCase, register_case
from sspdesk.meetings import get_meeting, list_meetings, save_item_minutes
from sspdesk.ui import worker
from sspdesk.ui.cases.case_minutes import EMPTY_TEXT, CaseMinutesView
from sspdesk.ui.meetings.meeting_models import COL_FORUM, COL_NUMBER, COL_STATUS, AgendaModel
from sspdesk.ui.meetings.meetings_page import MeetingsPage
from support import PASSPHRASE
from support.meetings import MONDAY, NAME, Setup, make_meeting

TODAY = date(2026, 3, 4)


@pytest.fixture
def page(qtbot, vault):
    widget = MeetingsPage(today=lambda: TODAY)
    widget.set_job_runner(worker.run_in_background)  # the tests run jobs at once (SyncPool)
    qtbot.addWidget(widget)
    widget.resize(1156, 690)
    widget.show()
    qtbot.waitExposed(widget)
    widget.on_unlocked(vault)
    yield widget
    widget.on_locked()


@pytest.fixture
def setup(vault) -> Setup:
    return make_meeting(vault)


def order(vault, meeting_id: str) -> list[str]:
    return [item.id for item in get_meeting(vault, meeting_id, log_view=False).items]


def test_creating_a_meeting_with_the_keyboard_puts_the_accepted_proposal_on_the_agenda(qtbot, page, vault):
    due = [
        register_case(vault, NewCase(level="I", subject=s, area="Nord"), today=MONDAY).id
        for s in ("Uro i skolegården", "Graffiti på gavlen")
    ]
    register_case(vault, NewCase(level="I", subject="Andet distrikt", area="Syd"), today=MONDAY)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    qtbot.keyClick(page.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.new_dialog is not None and page.new_dialog.isVisible())
    dialog = page.new_dialog
    assert dialog.forum.currentText() == "Koordinationsmøde"
    dialog.area.setCurrentText("Nord")
    dialog.day.setDate(date(2026, 3, 10))
    dialog.update_proposal()
    headings = [dialog.items.topLevelItem(n).text(0) for n in range(dialog.items.topLevelItemCount())]
    assert len(headings) == 2 and all("Syd" not in h for h in headings)
    first = dialog.items.topLevelItem(0)
    assert "Sagen bringes for førstkommende Koordinationsmøde" in [  # seed 000 l.369 (issue 18)
        first.child(n).text(0) for n in range(first.childCount())
    ]
    roles = [dialog.people.item(n).text() for n in range(dialog.people.count())]
    assert any(r.startswith("Lokalbetjent") for r in roles)
    dialog.items.topLevelItem(1).setCheckState(0, Qt.CheckState.Unchecked)
    dialog.place.setText("Nordskolen")
    qtbot.keyClick(dialog.place, Qt.Key.Key_Return)

    created = list_meetings(vault)
    assert len(created) == 1 and created[0].place == "Nordskolen" and created[0].area == "Nord"
    detail = get_meeting(vault, created[0].id, log_view=False)
    assert [i.case_id for i in detail.items] == [dialog.proposal.items[0].case_id]
    assert detail.items[0].case_id in due
    assert page.detail.meeting_id() == created[0].id
    assert page.model.rowCount() == 1 and page.count_label.text() == "1 møde"
    assert detail.participants and all(p.status == "invited" for p in detail.participants)


def test_alt_down_and_drag_and_drop_reorder_the_stored_agenda(qtbot, page, vault, setup):
    page.reload()
    page.select_meeting(setup.meeting_id)
    first = [setup.journal_item, setup.topic_item, setup.sag_item]
    assert order(vault, setup.meeting_id) == first
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.detail.agenda_view.setFocus()
    page.detail.agenda_view.selectRow(0)
    qtbot.keyClick(page.detail.agenda_view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert order(vault, setup.meeting_id) == [setup.topic_item, setup.journal_item, setup.sag_item]
    assert page.detail.selected_item().id == setup.journal_item  # the moved item stays selected
    qtbot.keyClick(page.detail.agenda_view, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert order(vault, setup.meeting_id) == first

    model: AgendaModel = page.detail.agenda
    data = model.mimeData([model.index(0, 0)])
    with qtbot.waitSignal(model.move_requested, timeout=10_000):
        assert model.dropMimeData(data, Qt.DropAction.MoveAction, 3, 0, QModelIndex())  # dropped after the last
    assert order(vault, setup.meeting_id) == [setup.topic_item, setup.sag_item, setup.journal_item]
    assert [model.record(n).position for n in range(3)] == [1, 2, 3]


def test_items_can_be_added_and_an_item_with_minutes_cannot_be_removed(qtbot, page, vault, setup):
    page.reload()
    page.select_meeting(setup.meeting_id)
    page.detail.add_item("topic")
    dialog = page.detail.dialog
    qtbot.keyClicks(dialog.title, "Eventuelt")
    dialog.ok_button.click()
    assert page.detail.agenda.record(3).heading == "Eventuelt"
    page.detail.add_item("case")
    dialog = page.detail.dialog
    dialog.case.setCurrentText("K-9999-0001")
    dialog.ok_button.click()
    assert dialog.message.text() == "Sagen findes ikke: K-9999-0001" and dialog.isVisible()
    dialog.reject()

    save_item_minutes(vault, setup.journal_item, "Drøftet.", "")
    page.detail.load(setup.meeting_id)
    page.detail.agenda_view.selectRow(0)
    page.detail.remove_selected_item()
    assert page.detail.message.text() == "Punktet har referat eller dispositioner og kan ikke fjernes."
    page.detail.agenda_view.selectRow(3)
    page.detail.remove_selected_item()
    assert len(order(vault, setup.meeting_id)) == 3


def test_space_and_the_toggles_switch_a_participant_between_invited_present_and_absent(qtbot, page, vault):
    meeting = make_meeting(vault).meeting_id
    page.reload()
    page.select_meeting(meeting)
    panel = page.detail.participants
    page.detail.tabs.setCurrentWidget(panel)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    panel.view.setFocus()
    panel.view.selectRow(0)
    qtbot.keyClick(panel.view, Qt.Key.Key_Space)
    assert get_meeting(vault, meeting, log_view=False).participants[0].status == "present"
    qtbot.keyClick(panel.view, Qt.Key.Key_Space)
    assert get_meeting(vault, meeting, log_view=False).participants[0].status == "absent"
    present = next(b for b in panel.buttons if b.text() == "Til stede")
    present.click()
    assert get_meeting(vault, meeting, log_view=False).participants[0].status == "present"
    present.click()  # a toggle: pressed again, back to invited
    assert get_meeting(vault, meeting, log_view=False).participants[0].status == "invited"
    panel.model.setData(panel.model.index(0, 0), "Birte Demoholm")
    assert get_meeting(vault, meeting, log_view=False).participants[0].name == "Birte Demoholm"


def test_approving_locks_the_minutes_and_withdrawing_needs_a_reason(qtbot, page, vault, setup):
    page.reload()
    page.select_meeting(setup.meeting_id)
    detail = page.detail
    detail.approve_button.click()
    detail.dialog.ok_button.click()
    assert get_meeting(vault, setup.meeting_id, log_view=False).meeting.status == "approved"
    assert "Godkendt" in detail.header.text() and "Test Koordinator" in detail.header.text()
    assert detail.approve_button.isHidden() and not detail.withdraw_button.isHidden()
    assert not any(button.isEnabled() for button in detail.agenda_buttons)
    assert not detail.agenda.movable and not detail.participants.model.editable
    assert page.model.record(0).status == "approved"

    page.open_meeting_mode()
    assert page.mode.discussion.isReadOnly() and "kan kun læses" in page.mode.notice.text()
    page.mode.leave()

    detail.withdraw_button.click()
    dialog = detail.dialog
    dialog.ok_button.click()
    assert dialog.message.text() == "Skriv hvorfor godkendelsen trækkes tilbage." and dialog.isVisible()
    qtbot.keyClicks(dialog.text, "Beslutningen på punkt 1 var skrevet forkert.")
    dialog.ok_button.click()
    assert get_meeting(vault, setup.meeting_id, log_view=False).meeting.status == "open"
    assert detail.tabs.tabText(2) == "Tillæg (1)"
    assert "Godkendelse tilbagekaldt" in detail.addenda.item(0).text()


def test_pdfs_are_made_on_the_worker_and_written_only_where_chosen(qtbot, page, vault, setup, tmp_path: Path):
    tmp_path = tmp_path / "chosen"
    tmp_path.mkdir()
    page.reload()
    page.select_meeting(setup.meeting_id)
    with worker.use_pool(worker.SyncPool()):
        for kind in ("agenda", "minutes", "redacted"):
            page.detail.save_pdf(kind, tmp_path / f"{kind}.pdf")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["agenda.pdf", "minutes.pdf", "redacted.pdf"]
    assert all(p.read_bytes().startswith(b"%PDF") for p in tmp_path.iterdir())
    assert page.detail.message.text() == f"Gemt: {tmp_path / 'redacted.pdf'}"
    with worker.use_pool(worker.SyncPool()):
        page.detail.save_pdf("agenda", tmp_path / "missing folder" / "x.pdf")
    assert page.detail.message.text().startswith("Filen kunne ikke gemmes")


@pytest.mark.demo_data(TODAY)
def test_the_demo_list_filters_by_forum_and_status_and_locking_clears_everything(qtbot, page, vault):
    page.refresh()
    total = page.model.rowCount()
    assert total == len(list_meetings(vault)) > 4
    page.forum_filter.setCurrentIndex(page.forum_filter.findData("Sagsmøde"))
    assert {page.proxy.index(r, COL_FORUM).data() for r in range(page.proxy.rowCount())} == {"Sagsmøde"}
    page.status_filter.setCurrentIndex(page.status_filter.findData("open"))
    assert {page.proxy.index(r, COL_STATUS).data() for r in range(page.proxy.rowCount())} == {"Åben"}
    assert page.count_label.text().endswith("fundet")
    page.view.selectRow(0)
    assert page.detail.meeting_id() == page.proxy.meeting(0).id
    page.open_meeting_mode()
    assert page.mode.shows_data()

    page.on_locked()
    assert not page.shows_data()
    assert page.forum_filter.count() == 1 and page.status_filter.count() == 1
    numbers = {page.model.index(r, COL_NUMBER).data() for r in range(page.model.rowCount())}
    texts = " ".join(label.text() for label in page.findChildren(QLabel))
    assert not numbers and "M-2026" not in texts and "Sagsmøde" not in texts
    page.on_unlocked(vault)
    assert page.model.rowCount() == total


def test_case_minutes_view_lists_the_minutes_of_a_case_and_clears(qtbot, vault, setup):
    view = CaseMinutesView()
    qtbot.addWidget(view)
    view.show_case(vault, setup.sag_case)
    assert not view.shows_data()
    assert EMPTY_TEXT in [label.text() for label in view.findChildren(QLabel)]
    save_item_minutes(vault, setup.sag_item, f"{NAME} mødte op.", "Mentorforløb.")
    view.show_case(vault, setup.sag_case)
    texts = [label.text() for label in view.findChildren(QLabel)]
    number = get_meeting(vault, setup.meeting_id, log_view=False).meeting.number
    assert any(t.startswith(f"{number} · Koordinationsmøde – Nord · 10.03.2026 kl. 14.00") for t in texts)
    assert f"{NAME} mødte op." in texts and "Mentorforløb." in texts
    view.clear()
    assert not view.shows_data() and f"{NAME} mødte op." not in [lb.text() for lb in view.findChildren(QLabel)]


def test_locking_the_app_in_meeting_mode_saves_the_pending_minutes_before_the_vault_closes(
    qtbot, vault_path, monkeypatch
):
    from sspdesk.store.vault import Vault
    from sspdesk.ui import main_window
    from sspdesk.ui.app import AppController
    from sspdesk.vaults import create_vault

    made = create_vault(vault_path, PASSPHRASE, user_name="Test Koordinator", check_strength=False)
    setup = make_meeting(made)
    made.close()
    factories = [MeetingsPage if f.__name__ == "MeetingsPage" else f for f in main_window.PAGE_FACTORIES]
    monkeypatch.setattr(main_window, "PAGE_FACTORIES", factories)
    controller = AppController(vault_path, idle_interval_ms=60_000)
    qtbot.addWidget(controller.window)
    controller.start()
    try:
        with worker.use_pool(worker.SyncPool()):  # the passphrase is checked at once
            controller.unlock_dialog.passphrase.setText(PASSPHRASE)
            controller.unlock_dialog.unlock_button.click()
        page = controller.window.page(MeetingsPage)
        page.select_meeting(setup.meeting_id, setup.topic_item)
        page.open_meeting_mode()
        assert page.in_meeting_mode() and page.mode.current_item_id() == setup.topic_item
        qtbot.keyClicks(page.mode.discussion, "Politiet orienterede om hærværk.")
        controller.lock()  # Ctrl+L, before the debounce

        assert controller.is_locked and not page.shows_data() and not page.in_meeting_mode()
        with Vault.open(vault_path, PASSPHRASE) as reopened:
            item = get_meeting(reopened, setup.meeting_id, log_view=False).item(setup.topic_item)
        assert item.minutes.discussion == "Politiet orienterede om hærværk."
    finally:
        controller.shutdown()
