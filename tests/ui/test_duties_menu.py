"""The Databeskyttelse menu: logbog, aktindsigt, sletning efter opbevaringstid, sletning og rettelse efter anmodning.

Real vault, real main window and dialogs (offscreen); jobs run at once on the calling thread (SyncPool). The only
thing replaced is the file dialog of the access request (the dialog's `ask_path`)."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QDialog

from sspdesk.cases import NewCase, close_case, get_case, list_cases, register_case
from sspdesk.store import audit
from sspdesk.store.vault import Vault
from sspdesk.ui import worker
from sspdesk.ui.duties.duties_dialogs import AccessRequestDialog, RetentionDialog
from sspdesk.ui.duties.duties_menu import LogDialog, install_duties_menu
from sspdesk.ui.duties.duties_requests import CorrectionDialog, ErasePersonDialog
from sspdesk.ui.main_window import MainWindow
from sspdesk.ui.widgets.pages import Page

TITLES = [
    "Logbog…",
    "Aktindsigt…",
    "Sletning efter opbevaringstid…",
    "Slet en persons oplysninger…",
    "Ret en oplysning…",
]
NAME, CPR = "Oskar Opdigtet", "0503104321"


class PlainPage(Page):
    title = "Side"
    icon_name = "overview"


@pytest.fixture(autouse=True)
def jobs_run_at_once():
    with worker.use_pool(worker.SyncPool()):
        yield


@pytest.fixture
def window(qtbot) -> MainWindow:
    made = MainWindow(page_factories=[PlainPage])
    qtbot.addWidget(made)
    made.menu = install_duties_menu(made)
    made.resize(1366, 768)
    made.show()
    return made


@pytest.fixture
def unlocked(window: MainWindow, vault: Vault) -> MainWindow:
    window.set_vault(vault)
    yield window
    window.clear()


def action(window: MainWindow, title: str):
    return next(a for a in window.menu.actions() if a.text().replace("&", "") == title)


def open_dialog(window: MainWindow, title: str, kind: type[QDialog]):
    action(window, title).trigger()
    dialogs = [d for d in window.findChildren(kind) if d.isVisible()]
    assert len(dialogs) == 1
    return dialogs[0]


def old_sag(vault: Vault, name: str = NAME, cpr: str = CPR) -> str:
    """A sag registered in 2015 and closed in 2016: far over the five years' retention."""
    sag = register_case(
        vault,
        NewCase(
            level="II",
            subject="Indbrud i kiosk",
            person_name=name,
            cpr=cpr,
            registered=date(2015, 3, 2),
            source="Skole",
        ),
        today=date(2015, 3, 2),
    )
    close_case(vault, sag.id, "Indsatsen er afsluttet.", "Overdrages ikke", today=date(2016, 2, 1))
    return sag.case.number


def live_numbers(vault: Vault) -> set[str]:
    return {row.number for row in list_cases(vault)}


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(path.read_bytes())).pages)


# -- the menu --------------------------------------------------------------------------------------------------


def test_the_menu_has_the_five_actions_enabled_only_while_unlocked(window: MainWindow, vault: Vault) -> None:
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert "Databeskyttelse" in titles and titles.index("Databeskyttelse") < titles.index("Hjælp")
    actions = window.menu.actions()
    assert [a.text().replace("&", "") for a in actions] == TITLES
    assert not any(a.isEnabled() for a in actions)
    window.set_vault(vault)
    assert all(a.isEnabled() for a in actions)
    window.clear()
    assert not any(a.isEnabled() for a in actions)
    action(window, "Logbog…").trigger()  # a shortcut or a stale menu while locked opens nothing
    assert not window.findChildren(LogDialog)


def test_the_log_dialog_shows_the_log_and_forgets_it_when_the_vault_locks(unlocked: MainWindow, vault) -> None:
    old_sag(vault)
    dialog = open_dialog(unlocked, "Logbog…", LogDialog)
    assert dialog.view.shows_data() and dialog.view.model.rowCount() == len(audit.entries(vault.conn))
    view = dialog.view
    unlocked.clear()
    assert not dialog.isVisible() and not view.shows_data()


# -- aktindsigt ------------------------------------------------------------------------------------------------


def test_an_access_request_writes_the_pdf_where_the_user_chose(unlocked: MainWindow, vault, tmp_path) -> None:
    number = old_sag(vault)
    dialog = open_dialog(unlocked, "Aktindsigt…", AccessRequestDialog)
    out = tmp_path / "svar.pdf"
    asked = []
    dialog.ask_path = lambda parent, title, suggested: asked.append(suggested) or out
    dialog.cpr.setText("050310-4321")
    dialog.make_button.click()
    assert out.is_file() and number in pdf_text(out)
    assert CPR not in asked[0] and "0503" not in asked[0]  # no CPR-nr. in the suggested file name
    assert str(out) in dialog.message.text() and "logbogen" in dialog.message.text()
    [entry] = audit.entries(vault.conn, action="pdf.access_request")
    assert entry.subject_ref == number and CPR not in entry.detail


def test_an_invalid_cpr_is_refused_before_the_file_dialog(unlocked: MainWindow, vault) -> None:
    dialog = open_dialog(unlocked, "Aktindsigt…", AccessRequestDialog)
    dialog.ask_path = lambda *_: pytest.fail("no file dialog for an invalid CPR-nr.")
    dialog.cpr.setText("12345")
    dialog.make_button.click()
    assert "CPR-nr." in dialog.message.text() and not audit.entries(vault.conn, action="pdf.access_request")


# -- sletning efter opbevaringstid -----------------------------------------------------------------------------


def test_retention_shows_what_is_due_and_deletes_only_after_the_confirmation(unlocked: MainWindow, vault) -> None:
    number = old_sag(vault)
    recent = register_case(
        vault, NewCase(level="II", subject="Hærværk", person_name="Ida Påfund", cpr="1205094562", source="Skole")
    ).case.number
    dialog = open_dialog(unlocked, "Sletning efter opbevaringstid…", RetentionDialog)
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 0).text() == number
    assert "kan ikke fortrydes" in dialog.notice.text()
    assert not dialog.run_button.isEnabled()
    dialog.run_retention()  # even called directly, it refuses without the confirmation
    assert "forstår" in dialog.message.text() and live_numbers(vault) == {number, recent}
    dialog.confirm.setChecked(True)
    assert dialog.run_button.isEnabled()
    dialog.run_button.click()
    assert live_numbers(vault) == {recent}
    assert number in dialog.message.text() and "slettet" in dialog.message.text()
    assert not dialog.run_button.isVisible() and not dialog.confirm.isVisible()


def test_retention_with_nothing_due_offers_nothing_to_confirm(unlocked: MainWindow, vault) -> None:
    register_case(vault, NewCase(level="II", subject="Hærværk", person_name=NAME, cpr=CPR, source="Skole"))
    dialog = open_dialog(unlocked, "Sletning efter opbevaringstid…", RetentionDialog)
    assert "Ingen sager" in dialog.notice.text()
    assert not dialog.confirm.isVisible() and not dialog.run_button.isVisible()


# -- sletning efter anmodning ----------------------------------------------------------------------------------


def test_erasing_with_an_invalid_cpr_shows_the_danish_error_and_changes_nothing(unlocked: MainWindow, vault) -> None:
    number = old_sag(vault)
    before = len(audit.entries(vault.conn))
    dialog = open_dialog(unlocked, "Slet en persons oplysninger…", ErasePersonDialog)
    dialog.cpr.setText("050310-43")
    dialog.preview_button.click()
    assert dialog.message.text() == "Ugyldigt CPR-nr.: skal bestå af 10 cifre (DDMMÅÅ-XXXX)"
    assert not dialog.notice.isVisible() and not dialog.erase_button.isEnabled()
    dialog.confirm.setChecked(True)
    dialog.erase()
    assert "CPR-nr." in dialog.message.text()
    assert live_numbers(vault) == {number} and len(audit.entries(vault.conn)) == before


def test_erasing_a_person_needs_the_preview_and_the_confirmation(unlocked: MainWindow, vault) -> None:
    number = old_sag(vault)
    other = register_case(
        vault, NewCase(level="II", subject="Hærværk", person_name="Ida Påfund", cpr="1205094562", source="Skole")
    ).case.number
    dialog = open_dialog(unlocked, "Slet en persons oplysninger…", ErasePersonDialog)
    dialog.cpr.setText(CPR)
    dialog.erase()  # no preview yet
    assert "Vis først" in dialog.message.text() and live_numbers(vault) == {number, other}
    dialog.preview_button.click()
    assert NAME in dialog.notice.text() and number in dialog.notice.text()
    assert not dialog.erase_button.isEnabled()
    dialog.erase()
    assert "forstår" in dialog.message.text() and live_numbers(vault) == {number, other}
    dialog.confirm.setChecked(True)
    dialog.cpr.setText("1205094562")  # another person: the preview and the confirmation no longer apply
    assert not dialog.confirm.isChecked() and not dialog.erase_button.isEnabled()
    dialog.cpr.setText(CPR)
    dialog.preview_button.click()
    dialog.confirm.setChecked(True)
    dialog.erase_button.click()
    assert live_numbers(vault) == {other} and number in dialog.message.text()
    assert dialog.cpr.text() == "" and not dialog.erase_button.isEnabled()


def test_a_person_without_data_is_told_so(unlocked: MainWindow, vault) -> None:
    dialog = open_dialog(unlocked, "Slet en persons oplysninger…", ErasePersonDialog)
    dialog.cpr.setText(CPR)
    dialog.preview_button.click()
    assert "ingen oplysninger" in dialog.message.text() and not dialog.confirm.isEnabled()


# -- rettelse --------------------------------------------------------------------------------------------------


def choose(combo, data) -> None:
    index = next(
        i for i in range(combo.count()) if combo.itemData(i) == data or getattr(combo.itemData(i), "key", None) == data
    )
    combo.setCurrentIndex(index)


def test_a_correction_needs_a_reason_and_is_saved_with_it(unlocked: MainWindow, vault) -> None:
    number = old_sag(vault)
    dialog = open_dialog(unlocked, "Ret en oplysning…", CorrectionDialog)
    dialog.case_ref.setText("S-1999-0001")
    dialog.find_button.click()
    assert "findes ikke" in dialog.message.text() and not dialog.save_button.isEnabled()
    dialog.case_ref.setText(number)
    dialog.find_button.click()
    assert "Lukket" in dialog.case_info.text()
    choose(dialog.section, "closing")
    choose(dialog.field, "lukkenotat")
    assert dialog.current.text() == "Indsatsen er afsluttet."
    dialog.new_value.text.setPlainText("Indsatsen har virket.")
    dialog.save_button.click()
    assert dialog.message.text() == "Skriv begrundelsen for rettelsen."
    assert get_case(vault, number).sections["closing"].fields["lukkenotat"] == "Indsatsen er afsluttet."
    dialog.reason.setText("Forælder bad om rettelse")
    dialog.save_button.click()
    assert get_case(vault, number).sections["closing"].fields["lukkenotat"] == "Indsatsen har virket."
    assert "er gemt" in dialog.message.text() and dialog.current.text() == "Indsatsen har virket."
    [entry] = audit.entries(vault.conn, action="case.correct")
    assert entry.subject_ref == number and "Forælder bad om rettelse" in entry.detail


def test_a_wrong_cpr_correction_is_refused_inline(unlocked: MainWindow, vault) -> None:
    number = old_sag(vault)
    dialog = open_dialog(unlocked, "Ret en oplysning…", CorrectionDialog)
    dialog.case_ref.setText(number)
    dialog.find_button.click()
    choose(dialog.section, "header")
    choose(dialog.field, "cpr")
    assert dialog.current.text() == "050310-4321"
    dialog.new_value.line.setText("123")
    dialog.reason.setText("Tastefejl")
    dialog.save_button.click()
    assert "CPR-nr." in dialog.message.text() and get_case(vault, number).case.cpr == CPR
    assert not audit.entries(vault.conn, action="case.correct")
