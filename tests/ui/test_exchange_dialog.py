"""Registrér udveksling (issue 15, item 2) as the user meets it: the basis options follow the recipient, the
categories and the person's age; a consent that does not cover the exchange is greyed with its reasons; a statutory
basis needs the necessity ticks and its conditions before Registrér; the service's refusal stays in the dialog;
a recorded exchange shows in the case's list at once. And Registrér orientering does not offer "not informed" on a
level III case. Real vault, real services, real widgets; every name and number is invented."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel, QRadioButton, QWidget

from sspdesk.cases import NewCase, register_case
from sspdesk.consents import ConsentContact, ConsentInput, create_consent, mark_signed
from sspdesk.contacts import add_contact
from sspdesk.domain.disclosure import NECESSITY, SENSITIVE_TICK, Recipient
from sspdesk.information_duty import information_entries
from sspdesk.legal_basis import ExchangeRequest, list_exchanges, record_exchange
from sspdesk.ui import worker
from sspdesk.ui.consents.case_exchanges import (
    COL_BASIS,
    COL_CATEGORIES,
    COL_DIRECTION,
    COL_RECIPIENT,
    ExchangesDialog,
    load_rows,
)
from sspdesk.ui.consents.consent_case_dialogs import InformationEntryDialog
from sspdesk.ui.consents.exchange_dialog import ExchangeDialog

TODAY = date.today()
CHILD_NAME, PARENT_NAME, PARENT_CPR = "Oliver Eksemplar", "Mette Opdigtet", "010180-1239"  # fictional


def child_cpr(age: int) -> str:
    born = date(TODAY.year - age, 3 if TODAY.month > 3 else 1, 1)
    return f"{born:%d%m%y}-{'4' if born.year >= 2000 else '1'}321"  # 7th digit: 4 = 2000–2036, 1 = 1900–1999


@pytest.fixture(autouse=True)
def jobs_run_at_once():
    with worker.use_pool(worker.SyncPool()):
        yield


def sag(vault, age: int, level: str = "II") -> str:
    new = NewCase(level=level, subject="Tyveri fra butik", person_name=CHILD_NAME, cpr=child_cpr(age))
    return register_case(vault, new).id


def signed_consent(vault, case_id: str, age: int, categories: tuple[str, ...], party: str = "skole"):
    consent = create_consent(
        vault,
        ConsentInput(
            case_refs=(case_id,),
            consent_date=TODAY - timedelta(days=10),
            giver_name=PARENT_NAME,
            giver_cpr=PARENT_CPR,
            giver_role="custody_holder",
            person_name=CHILD_NAME,
            person_cpr=child_cpr(age),
            contacts=(ConsentContact("primary", "Kasper Prøvesen", "Nordskolen (fiktiv)", party_type=party),),
            categories=categories,
        ),
    )
    return mark_signed(vault, consent.id, True, b"%PDF-1.4\n", signed_on=TODAY - timedelta(days=9), today=TODAY)


def dialog(qtbot, vault, case_id: str) -> ExchangeDialog:
    widget = ExchangeDialog(vault, case_id, worker.run_in_background, TODAY, None)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def choose(widget: ExchangeDialog, party: str, *categories: str) -> None:
    widget.pick.setCurrentIndex(widget.pick.findData(f"party:{party}"))
    widget.pick.activated.emit(widget.pick.currentIndex())
    for key in categories:
        widget.category_boxes[key].setChecked(True)


def offered(widget: ExchangeDialog) -> list[str]:
    return [button.text() for button in widget.option_buttons]


def button_for(widget: ExchangeDialog, label: str):
    return next(b for b in widget.option_buttons if b.text().startswith(label))


def click(qtbot, button: QWidget) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def click_option(qtbot, button: QRadioButton) -> None:
    """On the circle: the radio stretches across the column, and only its circle and text take a click."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))


def test_the_dialog_offers_115_a_only_for_an_adult_with_a_relative_recipient_and_never_114(qtbot, vault):
    adult = dialog(qtbot, vault, sag(vault, age=25))
    choose(adult, "paaroerende", "familie")
    assert offered(adult) == ["Retsplejelovens § 115 a"]
    assert adult.age_label.text() == f"Personen er 25 år den {TODAY:%d.%m.%Y}."
    choose(adult, "skole")
    assert "Retsplejelovens § 115 a" not in offered(adult) and "Retsplejelovens § 115" in offered(adult)

    young = dialog(qtbot, vault, sag(vault, age=16))
    choose(young, "paaroerende", "familie")
    assert offered(young) == [] and not young.ok_button.isEnabled()
    assert young.missing_label.text().startswith("Ingen hjemmel dækker udvekslingen")
    for party in ("skole", "politi", "familieafdeling", "jobcenter", "paaroerende", "sundhed"):
        for widget in (adult, young):
            choose(widget, party)
            assert not any("§ 114" in text for text in offered(widget)), party


def test_a_consent_that_lacks_a_category_shows_the_reason_and_registrer_stays_disabled(qtbot, vault):
    case_id = sag(vault, age=16)
    consent = signed_consent(vault, case_id, 16, ("skole",))
    widget = dialog(qtbot, vault, case_id)
    choose(widget, "skole", "skole")
    widget.authority.setText("Nordskolen (fiktiv)")  # the consent names the school by its authority
    widget.refresh()  # typing is read after a short pause
    covering = button_for(widget, f"Samtykke {consent.reference}")
    assert covering.isEnabled() and covering.isChecked() and widget.ok_button.isEnabled()
    widget.activateWindow()
    widget.note.setFocus()
    qtbot.keyClick(widget.note, Qt.Key.Key_Tab)  # from the left column's last field to the chosen basis
    assert widget.focusWidget() is covering

    widget.category_boxes["sundhed"].setChecked(True)
    greyed = button_for(widget, f"Samtykke {consent.reference}")
    assert not greyed.isEnabled() and not greyed.isChecked()
    reasons = [label.text() for label in widget.options_holder.findChildren(QLabel)]
    assert "Kan ikke bruges: dækker ikke Sundhedsoplysninger." in reasons
    assert not widget.ok_button.isEnabled()
    assert widget.missing_label.text() == "Vælg en hjemmel, der dækker udvekslingen."
    qtbot.keyClick(widget.note, Qt.Key.Key_Return)  # Enter does nothing while Registrér is disabled
    assert widget.isVisible() and list_exchanges(vault, case_id) == []

    choose(widget, "jobcenter")  # the consent names the school, not the job centre
    assert "nævner ikke modtageren" in " ".join(label.text() for label in widget.options_holder.findChildren(QLabel))


def test_a_statutory_exchange_needs_the_necessity_ticks_and_its_condition_before_registrer(qtbot, vault):
    case_id = sag(vault, age=16)
    widget = dialog(qtbot, vault, case_id)
    choose(widget, "skole", "skole", "sundhed")
    assert not widget.necessity_box.isVisibleTo(widget)
    click_option(qtbot, button_for(widget, "Retsplejelovens § 115"))
    assert widget.necessity_box.isVisibleTo(widget) and widget.necessity[SENSITIVE_TICK].isVisibleTo(widget)
    for key in NECESSITY:
        assert not widget.ok_button.isEnabled()
        widget.necessity[key].setChecked(True)
    assert not widget.ok_button.isEnabled()  # health data: the sharper test is a fourth tick
    widget.necessity[SENSITIVE_TICK].setChecked(True)
    assert not widget.ok_button.isEnabled()
    assert widget.missing_label.text() == "Bekræft betingelserne for Retsplejelovens § 115."
    widget.condition_boxes["not_investigation"].setChecked(True)
    assert widget.ok_button.isEnabled() and widget.missing_label.isHidden()

    qtbot.keyClicks(widget.note, "Fravær og trivsel")
    qtbot.keyClick(widget.note, Qt.Key.Key_Return)  # Enter = Registrér when it is enabled
    [exchange] = list_exchanges(vault, case_id)
    assert not widget.isVisible() and exchange.basis == "Retsplejelovens § 115"
    assert set(exchange.necessity) == {*NECESSITY, SENSITIVE_TICK} and exchange.conditions == ("not_investigation",)
    assert exchange.categories == ("skole", "sundhed") and exchange.what == "Fravær og trivsel"


def test_a_refusal_from_the_service_stays_in_the_dialog_and_nothing_is_stored(qtbot, vault):
    case_id = sag(vault, age=16)
    widget = dialog(qtbot, vault, case_id)
    widget.on.setText(f"{TODAY + timedelta(days=3):%d.%m.%Y}")
    choose(widget, "politi", "strafbare_forhold")
    click_option(qtbot, button_for(widget, "Retsplejelovens § 115"))
    for box in (*widget.necessity.values(), *widget.condition_boxes.values()):
        box.setChecked(True)
    click(qtbot, widget.ok_button)
    assert widget.isVisible() and "ligger i fremtiden" in widget.message.text()
    assert list_exchanges(vault, case_id) == [] and widget.ok_button.isEnabled()
    qtbot.keyClick(widget, Qt.Key.Key_Escape)
    assert not widget.isVisible() and list_exchanges(vault, case_id) == []


def test_a_contact_from_the_register_fills_name_authority_and_party(qtbot, vault):
    add_contact(vault, "Nadia Testrup", role="Sagsbehandler", organisation="Social & Familie (fiktiv)")
    widget = dialog(qtbot, vault, sag(vault, age=16))
    index = widget.pick.findData("contact:Nadia Testrup")
    assert index > 0
    widget.pick.setCurrentIndex(index)
    widget.pick.activated.emit(index)
    assert widget.name.text() == "Nadia Testrup" and widget.authority.text() == "Social & Familie (fiktiv)"


def test_a_recorded_exchange_appears_in_the_case_list_without_reselecting(qtbot, vault):
    case_id = sag(vault, age=16)
    consent = signed_consent(vault, case_id, 16, ("skole", "fritid"))
    listing = ExchangesDialog(vault, case_id, "S-2026-0001", worker.run_in_background, TODAY, None)
    qtbot.addWidget(listing)
    listing.show()
    assert listing.proxy.rowCount() == 0 and listing.empty.isVisibleTo(listing)
    changed: list[bool] = []
    listing.changed.connect(lambda: changed.append(True))
    click(qtbot, listing.register_button)
    prompt = listing.exchange_dialog
    assert isinstance(prompt, ExchangeDialog)
    prompt.name.setText("Kasper Prøvesen")
    prompt.authority.setText("Nordskolen (fiktiv)")
    prompt.party.setCurrentIndex(prompt.party.findData("skole"))
    prompt.category_boxes["skole"].setChecked(True)
    prompt.category_boxes["fritid"].setChecked(True)
    prompt.refresh()  # the typed name is read after a pause; Registrér reads it at once too
    click(qtbot, prompt.ok_button)
    assert changed == [True] and listing.proxy.rowCount() == 1 and not listing.empty.isVisibleTo(listing)
    row = {column: listing.proxy.index(0, column).data() for column in range(listing.proxy.columnCount())}
    assert row[COL_DIRECTION] == "Sendt" and row[COL_BASIS] == f"Samtykke {consent.reference}"
    assert row[COL_RECIPIENT] == "Kasper Prøvesen, Nordskolen (fiktiv), Skole"
    assert row[COL_CATEGORIES] == "Skole/uddannelse/job, Fritid/klub"


def test_a_recipient_named_only_by_its_party_type_shows_once_in_the_list(qtbot, vault):
    case_id = sag(vault, age=16)
    record_exchange(
        vault,
        ExchangeRequest(
            case_id,
            Recipient(party_type="skole"),
            ("skole",),
            "Retsplejelovens § 115",
            TODAY,
            necessity=tuple(NECESSITY),
            conditions=("not_investigation",),
        ),
    )
    [row] = load_rows(vault, case_id)
    assert row.texts[COL_RECIPIENT] == "Skole" and row.texts[COL_BASIS] == "Retsplejelovens § 115"
    assert "Oplysningerne videregives ikke med henblik på efterforskning" in row.basis_tip


def test_registrer_orientering_does_not_offer_not_informed_on_a_level_iii_case(qtbot, vault):
    level_iii = sag(vault, age=15, level="III")
    entry = InformationEntryDialog(vault, level_iii, worker.run_in_background, TODAY, None)
    qtbot.addWidget(entry)
    entry.show()
    assert not entry.not_informed.isEnabled() and entry.informed.isChecked()
    assert "Forældre underrettes i alle tilfælde" in entry.always_label.text()
    assert entry.always_label.isVisibleTo(entry)
    click(qtbot, entry.not_informed)
    assert entry.informed.isChecked() and information_entries(vault, level_iii) == []

    level_ii = InformationEntryDialog(vault, sag(vault, age=15), worker.run_in_background, TODAY, None)
    qtbot.addWidget(level_ii)
    assert level_ii.not_informed.isEnabled() and not level_ii.always_label.isVisibleTo(level_ii)
