"""Read-only fields look read-only (issue 21, item 8): a signed consent's fields, approved minutes and a closed case's
sections are read-only and drawn on the read-only colour instead of a field's white – checked on the property and on
the pixels of a grab – and a field that can be edited again gets its own look back. Real vault; invented names and
numbers."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from sspdesk.cases import NewCase, close_case, register_case, save_section
from sspdesk.consents import create_consent, mark_signed
from sspdesk.domain.consent import ConsentContact, ConsentInput
from sspdesk.meetings import approve_minutes, save_item_minutes
from sspdesk.ui import theme
from sspdesk.ui.cases.cases_page import CasesPage
from sspdesk.ui.consents.consent_editor import ConsentEditor
from sspdesk.ui.meetings.meeting_mode import MeetingModeView
from sspdesk.ui.widgets.read_only import looks_read_only
from support.meetings import make_meeting

TODAY = date.today()
CHILD, CHILD_CPR = "Oliver Eksemplar", f"{date(TODAY.year - 16, 1, 1):%d%m%y}-4321"


def inside_colour(field: QWidget) -> QColor:
    """The colour a few pixels inside the field's frame at its bottom right corner (away from any text)."""
    image = field.grab().toImage()
    return image.pixelColor(QPoint(image.width() - 5, image.height() - 5))


def looks(field: QWidget) -> bool:
    return looks_read_only(field) and inside_colour(field) == theme.qcolour("readonly")


@pytest.fixture
def signed_consent(vault) -> str:
    sag = register_case(vault, NewCase(level="II", subject="Tyveri fra butik", person_name=CHILD, cpr=CHILD_CPR)).id
    consent = create_consent(
        vault,
        ConsentInput(
            case_refs=(sag,),
            consent_date=TODAY,
            giver_name="Mette Opdigtet",
            giver_cpr="010180-1239",
            giver_role="custody_holder",
            person_name=CHILD,
            person_cpr=CHILD_CPR,
            contacts=(ConsentContact("primary", "Kasper Prøvesen", "SSP (fiktiv)", party_type="ssp"),),
            categories=("skole",),
            exchange_text="Skolegang og fravær",
        ),
    )
    mark_signed(vault, consent.id, True, None, "Papiret er i sagen", today=TODAY)
    return consent.id


def test_a_signed_consents_fields_look_read_only(qtbot, vault, signed_consent):
    editor = ConsentEditor(today=lambda: TODAY)
    qtbot.addWidget(editor)
    editor.resize(700, 900)
    editor.show()
    qtbot.waitExposed(editor)
    editor.set_vault(vault)
    editor.load(signed_consent)
    form = editor.form
    fields = [form.giver_name, form.giver_cpr, form.person_name, form.person_cpr, form.consent_date]
    fields += [form.exchange_text, *form.contact_rows["primary"].rows[0].edits()]
    assert all(looks_read_only(field) for field in fields)
    for field in (form.giver_name, form.exchange_text):
        assert looks(field), field.accessibleName()


def test_approved_minutes_look_read_only_and_open_minutes_do_not(qtbot, vault):
    setup = make_meeting(vault)
    view = MeetingModeView()
    qtbot.addWidget(view)
    view.resize(1156, 690)
    view.show()
    qtbot.waitExposed(view)
    view.open_meeting(vault, setup.meeting_id)
    assert not view.discussion.isReadOnly() and inside_colour(view.discussion) != theme.qcolour("readonly")
    view.close_meeting()
    save_item_minutes(vault, setup.journal_item, "Uroen er aftaget", "Skolen følger op")
    approve_minutes(vault, setup.meeting_id)
    view.open_meeting(vault, setup.meeting_id)
    assert looks(view.discussion) and looks(view.decision)
    view.close_meeting()


def test_a_closed_cases_sections_look_read_only_and_a_sensitive_field_keeps_its_own_look_while_open(qtbot, vault):
    journal = register_case(vault, NewCase(level="I", subject="Uro ved stationen", area="Syd")).id
    save_section(vault, journal, "status", {"adfaerd": "Gruppen samles om aftenen"})
    page = CasesPage()
    page.ask_discard = lambda titles: True
    qtbot.addWidget(page)
    page.resize(1176, 698)
    page.show()
    qtbot.waitExposed(page)
    page.on_unlocked(vault)
    page.editor.load(journal)
    field = page.editor.forms[0].widgets["adfaerd"]
    assert not field.isReadOnly() and not looks_read_only(field)
    close_case(vault, journal, "Forløbet er afsluttet", today=TODAY)
    page.editor.reload()
    field = page.editor.forms[0].widgets["adfaerd"]
    assert looks(field)
    page.on_locked()


def test_a_field_made_editable_again_gets_its_own_look_back(qtbot):
    from PySide6.QtWidgets import QPlainTextEdit

    from sspdesk.ui.widgets.read_only import set_read_only

    field = QPlainTextEdit()
    qtbot.addWidget(field)
    field.setStyleSheet("QPlainTextEdit { background: #fff4cc; }")  # a sensitive field's warning colour
    field.setPlaceholderText("Konkret bekymring")
    field.resize(200, 60)
    field.show()
    set_read_only(field, True)
    assert looks(field) and field.styleSheet() == "" and field.placeholderText() == ""
    set_read_only(field, False)
    assert not field.isReadOnly() and not looks_read_only(field)
    assert field.styleSheet() == "QPlainTextEdit { background: #fff4cc; }"
    assert field.placeholderText() == "Konkret bekymring"
    assert inside_colour(field) == QColor("#fff4cc")
