"""What the screen says is what holds (issue 15 item 5): the consent badge on a case changes the moment a consent is
signed, withdrawn or expires – without selecting the case again – and Overblik never lists a withdrawn consent as
"gyldigt til …". Real vault, real services, real pages; every name and number is invented."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from sspdesk.cases import NewCase, register_case
from sspdesk.consents import ConsentContact, ConsentInput, create_consent, mark_signed, withdraw_consent
from sspdesk.statistics import consent_attention
from sspdesk.ui import worker
from sspdesk.ui.cases.cases_page import CasesPage
from sspdesk.ui.consents.consent_badge import ConsentBadge, consent_events
from sspdesk.ui.consents.consent_dialogs import SignDialog, WithdrawDialog
from sspdesk.ui.consents.consents_page import ConsentsPage
from sspdesk.ui.overview.overview_page import OverviewPage

TODAY = date(2026, 3, 11)
CPR, NAME = "120310-4321", "Oliver Eksemplar"  # born 12 March 2010: 15 when the consents are given


@pytest.fixture(autouse=True)
def jobs_run_at_once():
    with worker.use_pool(worker.SyncPool()):
        yield


def sag(vault, cpr: str = CPR, name: str = NAME) -> str:
    return register_case(
        vault,
        NewCase(level="II", subject="Tyveri fra butik", person_name=name, cpr=cpr, registered=date(2026, 2, 2)),
        today=date(2026, 2, 2),
    ).id


def consent(vault, case_id: str, *, signed: bool = True, until: date | None = None) -> str:
    made = create_consent(
        vault,
        ConsentInput(
            case_refs=(case_id,),
            consent_date=date(2026, 2, 3),
            giver_name="Mette Opdigtet",
            giver_cpr="010180-1239",
            giver_role="custody_holder",
            person_name=NAME,
            person_cpr=CPR,
            contacts=(ConsentContact("primary", "Kasper Prøvesen", "Nordskolen (fiktiv)", party_type="skole"),),
            categories=("skole",),
            valid_until=until,
        ),
    )
    if signed:
        mark_signed(vault, made.id, True, None, "Papiret er i sagen", today=date(2026, 2, 3))
    return made.id


def shown(qtbot, widget: QWidget, size: tuple[int, int] = (1156, 690)) -> None:
    qtbot.addWidget(widget)
    widget.resize(*size)
    widget.show()
    qtbot.waitExposed(widget)


@pytest.fixture
def clock(monkeypatch):
    """The day the pages and the day check see; the test moves it on."""
    now = [TODAY]
    events = consent_events()
    # The day last seen goes back with the clock after the test: left at TODAY, the application-wide check would
    # send day_changed a minute into a later test, to pages that test never made.
    monkeypatch.setattr(events, "_day", events._day)
    monkeypatch.setattr(events, "clock", lambda: now[0])
    events.check_day()  # from the real date to TODAY
    return now


@pytest.fixture
def cases_page(qtbot, vault, clock):
    page = CasesPage(today=lambda: clock[0])
    page.ask_discard = lambda titles: True
    shown(qtbot, page)
    page.on_unlocked(vault)
    yield page
    page.on_locked()


@pytest.fixture
def consents_page(qtbot, vault, clock):
    page = ConsentsPage(today=lambda: clock[0])
    page.set_job_runner(worker.run_in_background)
    page.ask_discard = lambda: True
    page.editor.confirm = lambda *_args: True
    shown(qtbot, page)
    page.on_unlocked(vault)
    yield page
    page.on_locked()


def case_badge(page: CasesPage) -> ConsentBadge:
    badges = page.editor.findChildren(ConsentBadge)
    assert len(badges) == 1
    return badges[0]


def test_withdrawing_on_the_consents_page_changes_the_badge_on_the_case_page_at_once(
    qtbot, vault, cases_page, consents_page
):
    # The finding: "Samtykke: Gyldigt" stayed on the case after withdrawal until another case was selected.
    case_id = sag(vault)
    consent_id = consent(vault, case_id)
    cases_page.select_case(case_id)
    badge = case_badge(cases_page)
    assert badge.text() == "Samtykke: Gyldigt"

    consents_page.reload()
    consents_page.select_consent(consent_id)
    editor = consents_page.editor
    qtbot.mouseClick(editor.withdraw_button, Qt.MouseButton.LeftButton)
    dialog = editor.dialog
    assert isinstance(dialog, WithdrawDialog)
    dialog.how.setCurrentText("telefonisk")
    dialog.confirm = lambda *_args: True
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    assert cases_page.editor.case_id() == case_id  # not reselected
    assert case_badge(cases_page) is badge
    assert badge.text() == "Samtykke: Tilbagekaldt" and badge.state() == "withdrawn"
    assert consents_page.badge.state() == "withdrawn"


def test_signing_through_the_dialog_turns_the_case_badge_valid(qtbot, vault, cases_page, consents_page):
    case_id = sag(vault)
    consent_id = consent(vault, case_id, signed=False)
    cases_page.select_case(case_id)
    badge = case_badge(cases_page)
    assert badge.state() == "unsigned"
    consents_page.reload()
    consents_page.select_consent(consent_id)
    editor = consents_page.editor
    qtbot.mouseClick(editor.sign_button, Qt.MouseButton.LeftButton)
    dialog = editor.dialog
    assert isinstance(dialog, SignDialog)
    dialog.giver_signed.setChecked(True)
    dialog.young_signed.setChecked(True)
    dialog.no_scan_reason.setText("Originalen ligger i papirsagen")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert badge.state() == "valid" and badge.text() == "Samtykke: Gyldigt"


def test_a_consent_that_ends_today_shows_as_expired_after_midnight_while_the_program_runs(
    vault, cases_page, consents_page, clock
):
    case_id = sag(vault)
    consent_id = consent(vault, case_id, until=TODAY)
    cases_page.select_case(case_id)
    consents_page.reload()
    consents_page.select_consent(consent_id)
    badge = case_badge(cases_page)
    assert badge.state() == "expiring"
    assert not consent_events().check_day()  # the same day: nothing to do

    clock[0] = TODAY + timedelta(days=1)
    assert consent_events().check_day()
    assert badge.state() == "expired" and badge.text() == "Samtykke: Udløbet"
    assert consents_page.badge.state() == "expired"
    assert consents_page.editor.state_badge.text() == "Udløbet"


def test_the_day_check_waits_while_a_job_has_the_vault(monkeypatch, clock):
    events = consent_events()
    clock[0] = TODAY + timedelta(days=1)
    monkeypatch.setattr(worker, "busy", lambda: True)
    assert not events.check_day()
    monkeypatch.setattr(worker, "busy", lambda: False)
    assert events.check_day()


def test_a_badge_of_a_case_no_longer_shown_is_gone_and_the_signal_reaches_only_live_badges(qtbot, vault, cases_page):
    first, second = sag(vault), sag(vault, "050409-5122", "Ida Påfundsen")
    consent(vault, first)
    cases_page.select_case(first)
    cases_page.select_case(second)  # the first case's header (and badge) is dropped
    qtbot.wait(1)  # deleteLater runs
    consent_events().consent_changed.emit("")  # must not reach a deleted badge
    assert case_badge(cases_page).state() == "missing"


def test_a_badge_cleared_on_lock_does_not_read_the_vault_again(qtbot, vault):
    case_id = sag(vault)
    badge = ConsentBadge(today=lambda: TODAY)
    qtbot.addWidget(badge)
    badge.show_for_case(vault, case_id)
    assert badge.state() == "missing"
    badge.clear()
    consent(vault, case_id)
    consent_events().consent_changed.emit("")
    assert badge.state() == "" and badge.text() == "" and not badge.isVisible()


# -- Overblik ---------------------------------------------------------------------------------------------------


def test_overblik_says_when_a_withdrawn_consent_ended_never_gyldigt_til(qtbot, vault):
    case_id = sag(vault)
    consent_id = consent(vault, case_id)  # valid until February 2027
    withdraw_consent(vault, consent_id, date(2026, 3, 2), "skriftligt", today=TODAY)
    (attention,) = consent_attention(vault, TODAY)
    assert (attention.case_id, attention.status, attention.consent_id) == (case_id, "withdrawn", consent_id)
    assert attention.withdrawn_on == "2026-03-02"
    assert attention.until_text == "tilbagekaldt 02.03.2026"

    page = OverviewPage(today=lambda: TODAY)
    shown(qtbot, page, (1366, 768))
    page.on_unlocked(vault)
    box = page.extra["Samtykker, der mangler eller udløber"]
    model = box.model
    cells = [str(model.index(0, column).data()) for column in range(model.columnCount())]
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert cells[0] == "Samtykket er tilbagekaldt" and "tilbagekaldt 02.03.2026" in cells
    assert not any("gyldigt til" in str(text).lower() for text in [*cells, *headers])
    page.on_locked()


def test_overblik_still_says_until_when_for_an_expiring_and_when_an_expired_consent_ended(vault):
    soon, gone = sag(vault), sag(vault, "050409-5122", "Ida Påfundsen")
    consent(vault, soon, until=TODAY + timedelta(days=10))
    made = create_consent(
        vault,
        ConsentInput(
            case_refs=(gone,),
            consent_date=date(2026, 2, 3),
            giver_name="Hanne Påfundsen",
            giver_cpr="020375-1234",
            giver_role="custody_holder",
            person_name="Ida Påfundsen",
            person_cpr="050409-5122",
            contacts=(ConsentContact("primary", "Kasper Prøvesen", "Nordskolen", party_type="skole"),),
            categories=("skole",),
            valid_until=TODAY - timedelta(days=1),
        ),
    )
    mark_signed(vault, made.id, True, None, "Papiret er i sagen", today=date(2026, 2, 3))
    texts = {a.case_id: (a.status, a.until_text) for a in consent_attention(vault, TODAY)}
    assert texts == {soon: ("expiring", "gyldigt til 21.03.2026"), gone: ("expired", "udløb 10.03.2026")}
