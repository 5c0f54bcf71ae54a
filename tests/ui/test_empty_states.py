"""One empty-state card on every list page (issue 21, item 8): Sager, Møder, Samtykker and Grupper each show the
shared card – a Danish text and the page's primary action, which opens the page's "Ny …" dialog – while the vault
holds nothing for the page, and the list as soon as it holds something. Real vault; invented data."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from PySide6.QtWidgets import QDialog, QWidget

from sspdesk import groups
from sspdesk.cases import NewCase, register_case
from sspdesk.consents import create_consent
from sspdesk.domain.consent import ConsentContact, ConsentInput
from sspdesk.groups import NewGroup
from sspdesk.meetings import create_meeting
from sspdesk.store.vault import Vault
from sspdesk.ui import worker
from sspdesk.ui.cases.cases_page import CasesPage
from sspdesk.ui.consents.consents_page import ConsentsPage
from sspdesk.ui.groups.groups_page import GroupsPage
from sspdesk.ui.meetings.meetings_page import MeetingsPage
from sspdesk.ui.widgets.empty_state import EmptyState
from sspdesk.ui.widgets.pages import Page

TODAY = date.today()
CHILD, CHILD_CPR = "Oliver Eksemplar", f"{date(TODAY.year - 16, 1, 1):%d%m%y}-4321"


def a_sag(vault: Vault) -> str:
    return register_case(vault, NewCase(level="II", subject="Tyveri fra butik", person_name=CHILD, cpr=CHILD_CPR)).id


def a_consent(vault: Vault) -> None:
    create_consent(
        vault,
        ConsentInput(
            case_refs=(a_sag(vault),),
            consent_date=TODAY,
            giver_name="Mette Opdigtet",
            giver_cpr="010180-1239",
            giver_role="custody_holder",
            person_name=CHILD,
            person_cpr=CHILD_CPR,
            contacts=(ConsentContact("primary", "Kasper Prøvesen", "SSP (fiktiv)", party_type="ssp"),),
            categories=("skole",),
        ),
    )


@dataclass
class ListPage:
    make: Callable[[], Page]
    text: str  # the start of the card's text
    action: str
    fill: Callable[[Vault], object]


PAGES = {
    "Sager": ListPage(CasesPage, "Ingen sager endnu.", "Ny sag…", a_sag),
    "Møder": ListPage(
        MeetingsPage,
        "Ingen møder endnu.",
        "Nyt møde…",
        lambda v: create_meeting(v, "Koordinationsmøde", "2026-03-10 14:00", accept_agenda=False),
    ),
    "Samtykker": ListPage(ConsentsPage, "Ingen samtykkeerklæringer endnu.", "Nyt samtykke…", a_consent),
    "Grupper": ListPage(
        GroupsPage,
        "Ingen bekymringsgrupper endnu.",
        "Ny gruppe…",
        lambda v: groups.create_group(v, NewGroup("Gruppe ved stationen", "Nordskolen"), today=TODAY),
    ),
}


@pytest.fixture(autouse=True)
def jobs_run_at_once():
    with worker.use_pool(worker.SyncPool()):
        yield


def shown_card(page: QWidget) -> EmptyState | None:
    cards = [card for card in page.findChildren(EmptyState) if card.isVisible()]
    assert len(cards) <= 1  # one card, never two
    return cards[0] if cards else None


def open_dialog(page: Page) -> QDialog | None:
    return getattr(page, "new_dialog", None) or getattr(page, "dialog", None)


@pytest.mark.parametrize("name", PAGES)
def test_a_list_page_shows_the_empty_state_card_until_it_holds_something(qtbot, vault, name):
    spec = PAGES[name]
    page = spec.make()
    page.set_job_runner(worker.run_in_background)
    qtbot.addWidget(page)
    page.resize(1156, 690)
    page.show()
    qtbot.waitExposed(page)
    page.on_unlocked(vault)
    if name == "Samtykker":
        a_sag(vault)  # a consent needs a DKE-Sag to be made for; the page still has no consent
        page.reload()

    card = shown_card(page)
    assert card is not None, name
    assert card.label.text().startswith(spec.text)
    assert card.note.text() and card.button.text() == spec.action and card.button.isEnabled()
    card.button.click()
    dialog = open_dialog(page)
    assert dialog is not None and dialog.isVisible(), f"{spec.action} opened nothing"
    dialog.reject()

    spec.fill(vault)
    page.reload()
    assert shown_card(page) is None, name
    page.on_locked()
