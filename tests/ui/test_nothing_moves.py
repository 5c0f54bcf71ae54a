"""Nothing moves under the cursor (issue 21, item 6): "The 'Gemt: …' banner and the consent bar push buttons down
(a click meant for one PDF button saved the agenda under the minutes' name): messages go to the status bar or to
space reserved for them." Each test notes where the buttons are, makes the message or bar appear, and looks again."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QAbstractButton, QWidget

from sspdesk.cases import NewCase, register_case
from sspdesk.consents import create_consent, new_consent_input
from sspdesk.domain.consent import ConsentContact
from sspdesk.ui import worker
from sspdesk.ui.consents.consents_page import ConsentsPage
from sspdesk.ui.meetings.meetings_page import MeetingsPage
from sspdesk.ui.widgets.message_line import MessageLine
from support.meetings import make_meeting

TODAY = date.today()


@pytest.fixture(autouse=True)
def jobs_run_at_once():
    with worker.use_pool(worker.SyncPool()):
        yield


def places(top: QWidget, widgets: list[QWidget]) -> list[QPoint | QRect]:
    """Where each widget is on `top` (what the mouse aims at): a button's rectangle, a list's or form's top left
    (its content may make it grow downwards)."""
    return [
        QRect(w.mapTo(top, QPoint(0, 0)), w.size()) if isinstance(w, QAbstractButton) else w.mapTo(top, QPoint(0, 0))
        for w in widgets
    ]


def shown(qtbot, widget: QWidget) -> QWidget:
    qtbot.addWidget(widget)
    widget.resize(1156, 690)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_gemt_after_a_pdf_leaves_the_pdf_and_meeting_buttons_where_they_were(qtbot, vault, tmp_path: Path):
    setup = make_meeting(vault)
    page = shown(qtbot, MeetingsPage(today=lambda: TODAY))
    page.set_job_runner(worker.run_in_background)
    page.on_unlocked(vault)
    page.reload()
    page.select_meeting(setup.meeting_id)
    qtbot.wait(10)
    detail = page.detail
    aimed_at = [detail.mode_button, detail.print_button, detail.agenda_view, *detail.agenda_buttons]
    before = places(page, aimed_at)
    detail.save_pdf("agenda", tmp_path / "dagsorden.pdf")
    qtbot.wait(10)
    assert detail.message.text() == f"Gemt: {tmp_path / 'dagsorden.pdf'}" and detail.message.isVisible()
    assert places(page, aimed_at) == before
    detail.save_pdf("agenda", tmp_path / "mangler" / "x.pdf")  # an error, longer than the room: still one line
    qtbot.wait(10)
    assert detail.message.text().startswith("Filen kunne ikke gemmes")
    assert places(page, aimed_at) == before
    page.on_locked()


def test_choosing_a_consent_and_saving_it_moves_neither_the_list_nor_the_pdf_buttons(qtbot, vault):
    case_id = register_case(
        vault, NewCase(level="II", subject="Tyveri fra butik", person_name="Oliver Eksemplar", cpr="120310-4321")
    ).id
    data = new_consent_input(vault, case_id, today=TODAY)
    consent = create_consent(
        vault,
        data.__class__(
            **{
                **data.__dict__,
                "giver_name": "Mette Opdigtet",
                "giver_cpr": "010180-1239",
                "giver_role": "custody_holder",
                "contacts": (ConsentContact("primary", "Kasper Prøvesen", "SSP (fiktiv)", party_type="ssp"),),
                "categories": ("skole",),
            }
        ),
    )
    page = shown(qtbot, ConsentsPage(today=lambda: TODAY))
    page.set_job_runner(worker.run_in_background)
    page.ask_discard = lambda: True
    page.on_unlocked(vault)
    qtbot.wait(10)
    editor = page.editor
    aimed_at = [page.view, page.blank_button, page.new_button, editor]
    before = places(page, aimed_at)
    assert page.case_frame.isHidden()
    page.select_consent(consent.id)  # the case bar with the consent badge appears
    qtbot.wait(10)
    assert page.case_frame.isVisible() and "Samtykke" in page.badge.text()
    assert places(page, aimed_at) == before
    in_editor = [editor.print_button, editor.pdf_button, editor.save_button, editor.form]
    before_save = places(page, in_editor)
    editor.save()
    qtbot.wait(10)
    assert isinstance(editor.message, MessageLine) and editor.message.text() == "Samtykkeerklæringen er gemt."
    assert places(page, in_editor) == before_save
    page.on_locked()


def test_a_message_line_keeps_its_height_and_elides_what_is_too_long(qtbot):
    line = MessageLine()
    qtbot.addWidget(line)
    line.resize(200, line.height())
    line.show()
    height = line.height()
    long_text = "Filen kunne ikke gemmes: " + "meget lang sti/" * 20
    line.show_error(long_text)
    assert line.height() == height and line.text() == long_text and line.toolTip() == long_text
    assert line.shown_text().endswith("…") and line.shown_text().startswith("⚠")
    line.clear()
    assert line.height() == height and not line.text() and line.isVisible()
