"""The Samtykker page: a consent made through the editor, the 15+ co-signature in the sign dialog, withdrawal, the
badge on the demo's consents, information duty and legal basis, PDFs, and that locking leaves no data in any widget.
Real vault, real services; every name and number is invented."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QWidget

from sspdesk.cases import NewCase, register_case
from sspdesk.consents import (
    ConsentContact,
    ConsentInput,
    consent_pdf,
    consent_status,
    create_consent,
    get_consent,
    list_consents,
    list_scans,
    mark_signed,
    resolve_case,
)
from sspdesk.information_duty import information_entries
from sspdesk.legal_basis import list_exchanges
from sspdesk.ui import worker
from sspdesk.ui.consents.case_exchanges import ExchangesDialog
from sspdesk.ui.consents.consent_badge import ConsentBadge
from sspdesk.ui.consents.consent_case_dialogs import InformationDutyDialog, InformationEntryDialog
from sspdesk.ui.consents.consent_dialogs import NewConsentDialog, ScanViewer, SignDialog, WithdrawDialog
from sspdesk.ui.consents.consent_models import COL_STATUS, STATE_LABELS
from sspdesk.ui.consents.consents_page import ConsentsPage
from sspdesk.ui.consents.exchange_dialog import ExchangeDialog
from sspdesk.ui.widgets import printing

TODAY = date.today()
PARENT_NAME, PARENT_CPR = "Mette Opdigtet", "010180-1239"  # fictional: fails the modulus-11 check
CHILD_NAME = "Oliver Eksemplar"


def born_years_ago(years: int) -> date:
    return date(TODAY.year - years, 3 if TODAY.month > 3 else 1, 1)


def child_cpr(age: int) -> str:
    return f"{born_years_ago(age):%d%m%y}-4321"  # 7th digit 4: born 2000–2036


@pytest.fixture(autouse=True)
def jobs_run_at_once():
    with worker.use_pool(worker.SyncPool()):
        yield


@pytest.fixture
def page(qtbot, vault):
    widget = ConsentsPage(today=lambda: TODAY)
    widget.set_job_runner(worker.run_in_background)  # jobs run at once (SyncPool)
    widget.ask_discard = lambda: True
    widget.editor.confirm = lambda *_args: True
    qtbot.addWidget(widget)
    widget.resize(1156, 690)
    widget.show()
    qtbot.waitExposed(widget)
    widget.on_unlocked(vault)
    yield widget
    widget.on_locked()


def sag(vault, age: int = 16) -> str:
    return register_case(
        vault,
        NewCase(
            level="II",
            subject="Tyveri fra butik",
            person_name=CHILD_NAME,
            cpr=child_cpr(age),
            coordinator="Kasper Prøvesen",
        ),
    ).id


def draft(vault, case_id: str):
    case = resolve_case(vault, case_id)
    return create_consent(
        vault,
        ConsentInput(
            case_refs=(case_id,),
            consent_date=TODAY,
            giver_name=PARENT_NAME,
            giver_cpr=PARENT_CPR,
            giver_role="custody_holder",
            person_name=CHILD_NAME,
            person_cpr=case.cpr,
            contacts=(ConsentContact("primary", "Kasper Prøvesen", "SSP (fiktiv)", party_type="ssp"),),
            categories=("skole",),
        ),
    )


def click(qtbot, button: QWidget) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def status_texts(page: ConsentsPage) -> list[str]:
    return [page.proxy.index(row, COL_STATUS).data() for row in range(page.proxy.rowCount())]


def test_a_consent_made_in_the_editor_is_refused_inline_then_saved(qtbot, page, vault):
    case_id = sag(vault, age=16)
    page.case_filter.ensure_filled()
    click(qtbot, page.new_button)
    dialog = page.dialog
    assert isinstance(dialog, NewConsentDialog)
    dialog.case.setCurrentIndex(dialog.case.findData(case_id))
    click(qtbot, dialog.ok_button)

    editor, form = page.editor, page.editor.form
    assert form.person_name.text() == CHILD_NAME
    assert form.giver_role.currentData() == "custody_holder"
    assert form.contact_rows["primary"].contacts()[0].name == "Kasper Prøvesen"
    assert "Den unge er fyldt 15 år og skal også underskrive" in editor.cosign_note.text()
    assert page.case_label.text().startswith("Sag S-")

    qtbot.keyClicks(form.giver_name, PARENT_NAME)
    qtbot.keyClicks(form.giver_cpr, "0101")
    click(qtbot, editor.save_button)
    assert editor.message.text() == "Samtykkegiver: Ugyldigt CPR-nr.: skal bestå af 10 cifre (DDMMÅÅ-XXXX)"
    assert form.focusWidget() is form.giver_cpr or editor.focusWidget() is form.giver_cpr
    form.giver_cpr.setText(PARENT_CPR)
    click(qtbot, editor.save_button)
    assert editor.message.text() == "Skriv hvad der må udveksles, eller vælg mindst ét område."
    assert list_consents(vault) == []

    qtbot.keyClicks(form.exchange_text, "Skolegang og fravær")
    form.categories["skole"].setChecked(True)
    qtbot.keyClick(form.exchange_text, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    [consent] = list_consents(vault)
    assert consent.giver_name == PARENT_NAME and consent.cosign_required and consent.categories == ("skole",)
    assert editor.title.text() == consent.reference
    assert editor.message.text() == "Samtykkeerklæringen er gemt."
    assert status_texts(page) == ["Ikke underskrevet"]
    assert not editor.has_unsaved() and editor.sign_button.isVisibleTo(editor)


def test_signing_is_refused_without_the_young_persons_signature_from_15(qtbot, page, vault):
    consent = draft(vault, sag(vault, age=16))
    page.reload()
    page.select_consent(consent.id)
    click(qtbot, page.editor.sign_button)
    dialog = page.editor.dialog
    assert isinstance(dialog, SignDialog) and not dialog.young_signed.isHidden()
    dialog.giver_signed.setChecked(True)
    qtbot.keyClicks(dialog.no_scan_reason, "Originalen ligger i papirsagen")
    click(qtbot, dialog.ok_button)

    assert "skal også selv give samtykke med underskrift" in dialog.message.text()
    assert dialog.focusWidget() is dialog.young_signed
    assert dialog.isVisible()
    assert not get_consent(vault, consent.id).is_signed

    dialog.young_signed.setChecked(True)
    dialog.no_scan_reason.clear()
    click(qtbot, dialog.ok_button)
    assert dialog.message.text().startswith("Vedhæft den underskrevne erklæring")
    assert not get_consent(vault, consent.id).is_signed

    qtbot.keyClicks(dialog.no_scan_reason, "Originalen ligger i papirsagen")
    click(qtbot, dialog.ok_button)
    signed = get_consent(vault, consent.id)
    assert signed.is_signed and signed.young_person_signed and signed.no_scan_reason
    editor = page.editor
    assert editor.dialog is None
    assert editor.form.giver_name.isReadOnly() and not editor.save_button.isVisibleTo(editor)
    assert editor.notice.text().startswith(f"Underskrevet {TODAY:%d.%m.%Y}. Den unge har også skrevet under.")
    assert status_texts(page) == ["Gyldigt"]


def test_withdrawing_makes_the_editor_read_only_and_the_list_says_tilbagekaldt(qtbot, page, vault):
    consent = draft(vault, sag(vault, age=16))
    mark_signed(vault, consent.id, True, None, "Papiret er i sagen", today=TODAY)
    page.reload()
    page.select_consent(consent.id)
    editor = page.editor
    assert status_texts(page) == ["Gyldigt"] and editor.withdraw_button.isVisibleTo(editor)

    asked: list[str] = []
    editor.confirm = lambda _parent, _title, text, _action: asked.append(text) is None and False
    click(qtbot, editor.withdraw_button)
    dialog = editor.dialog
    assert isinstance(dialog, WithdrawDialog)
    dialog.how.setCurrentText("telefonisk")
    qtbot.keyClicks(dialog.note, "Mor ringede")
    click(qtbot, dialog.ok_button)
    assert asked and get_consent(vault, consent.id).withdrawn_on is None  # declined: nothing registered

    dialog.confirm = lambda *_args: True
    click(qtbot, dialog.ok_button)
    withdrawn = get_consent(vault, consent.id)
    assert withdrawn.withdrawn_on == TODAY and withdrawn.withdrawal_how == "telefonisk"
    assert status_texts(page) == ["Tilbagekaldt"]
    assert editor.state_badge.text() == "Tilbagekaldt"
    assert editor.notice.text().startswith(f"TILBAGEKALDT {TODAY:%d.%m.%Y} (telefonisk): Mor ringede.")
    form = editor.form
    assert all(edit.isReadOnly() for edit in (form.giver_name, form.giver_cpr, form.person_name, form.consent_date))
    assert form.exchange_text.isReadOnly() and not form.giver_role.isEnabled()
    assert not any(check.isEnabled() for check in form.categories.values())
    for button in (editor.save_button, editor.sign_button, editor.withdraw_button, editor.attach_button):
        assert not button.isVisibleTo(editor)
    assert page.badge.state() == "withdrawn"


@pytest.mark.demo_data(TODAY)
def test_the_badge_shows_each_demo_consents_state(qtbot, vault):
    badge = ConsentBadge()
    qtbot.addWidget(badge)
    seen = set()
    for consent in list_consents(vault):
        case_id = consent.case_ids[0]
        badge.show_for_case(vault, case_id, TODAY)
        expected = consent_status(vault, case_id, TODAY)
        assert badge.state() == expected == consent.state(TODAY)
        assert badge.text() == f"Samtykke: {STATE_LABELS[expected]}" and not badge.isHidden()
        seen.add(expected)
    assert seen == {"valid", "expiring", "unsigned", "withdrawn", "expired"}
    other = register_case(vault, NewCase(level="II", subject="Hærværk", person_name=CHILD_NAME, cpr=child_cpr(14)))
    badge.show_for_case(vault, other.id, TODAY)
    assert badge.text() == "Samtykke: Mangler" and badge.state() == "missing"
    journal = register_case(vault, NewCase(level="I", subject="Uro ved stationen", area="Nord"))
    badge.show_for_case(vault, journal.id, TODAY)
    assert badge.isHidden() and badge.text() == ""


def test_information_duty_and_an_exchange_need_a_reason_and_a_legal_basis(qtbot, page, vault):
    case_id = sag(vault, age=16)
    page.case_filter.ensure_filled()
    page.case_filter.setCurrentIndex(page.case_filter.findData(case_id))
    assert page.information_label.text() == "Oplysningspligt: ikke registreret"
    click(qtbot, page.information_button)
    duty = page.dialog
    assert isinstance(duty, InformationDutyDialog) and duty.table.rowCount() == 0
    click(qtbot, duty.register_button)
    entry = duty.entry_dialog
    assert isinstance(entry, InformationEntryDialog)
    entry.not_informed.setChecked(True)
    click(qtbot, entry.ok_button)
    assert entry.message.text().startswith("Skriv begrundelsen for ikke at orientere")
    assert entry.focusWidget() is entry.reason and information_entries(vault, case_id) == []
    qtbot.keyClicks(entry.reason, "Orientering vil forhindre formålet med sagsbehandlingen.")
    click(qtbot, entry.ok_button)
    assert duty.table.rowCount() == 1 and duty.table.item(0, 1).text() == "Ikke orienteret"
    assert page.information_label.text() == f"Oplysningspligt: ikke orienteret (besluttet {TODAY:%d.%m.%Y})"

    click(qtbot, page.exchange_button)
    prompt = page.dialog
    assert isinstance(prompt, ExchangeDialog) and not duty.isVisible()
    prompt.name.setText("Nadia Testrup")
    prompt.authority.setText("Social & Familie")
    prompt.party.setCurrentIndex(prompt.party.findData("familieafdeling"))
    prompt.category_boxes["skole"].setChecked(True)
    assert prompt.chosen_option() is None and not prompt.ok_button.isEnabled()  # no consent: a law must be chosen
    click(qtbot, prompt.ok_button)
    assert list_exchanges(vault, case_id) == []
    prompt.refresh()  # the typed name is read after a short pause
    next(b for b in prompt.option_buttons if b.text() == "Retsplejelovens § 115").setChecked(True)
    for box in (*prompt.necessity.values(), *prompt.condition_boxes.values()):
        box.setChecked(True)
    click(qtbot, prompt.ok_button)
    assert [e.basis for e in list_exchanges(vault, case_id)] == ["Retsplejelovens § 115"]
    assert page.exchanges_button.text() == "Udvekslinger (1)…"
    click(qtbot, page.exchanges_button)
    listing = page.dialog
    assert isinstance(listing, ExchangesDialog) and listing.proxy.rowCount() == 1
    assert page.message.text() == "Udvekslingen er registreret med hjemmel: Retsplejelovens § 115."


def test_pdfs_are_saved_where_the_user_chooses(qtbot, page, vault, tmp_path, monkeypatch):
    consent = draft(vault, sag(vault, age=16))
    page.reload()
    page.select_consent(consent.id)
    target = tmp_path / "erklaering.pdf"
    opened: list[Path] = []
    monkeypatch.setattr(printing, "ask_save_path", lambda _parent, _title, _name: target)
    monkeypatch.setattr(printing, "open_file", lambda path: opened.append(path) is None)
    click(qtbot, page.editor.pdf_button)
    assert target.read_bytes().startswith(b"%PDF") and page.editor.message.text() == f"Gemt som {target}."
    target.unlink()
    printed = tmp_path / "printer-output.pdf"

    def file_printer(_parent, _title):
        from PySide6.QtPrintSupport import QPrinter

        printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)  # a "printer" that writes a PDF file
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        return printer

    monkeypatch.setattr(printing, "ask_printer", file_printer)
    click(qtbot, page.editor.print_button)
    from pypdf import PdfReader

    form_pages = len(PdfReader(io.BytesIO(consent_pdf(vault, consent.id))).pages)
    assert len(PdfReader(printed).pages) == form_pages and not target.exists() and opened == []
    assert page.editor.message.text().startswith("Sendt til udskrift")
    page.letter_menus["parents"].actions()[1].trigger()  # Orienteringsbrev → Til forældremyndighedsindehaver → Gem
    assert target.read_bytes().startswith(b"%PDF") and page.message.text() == f"Gemt som {target}."


def test_a_scanned_image_attached_when_signing_is_shown(qtbot, page, vault, tmp_path):
    consent = draft(vault, sag(vault, age=14))
    image = QImage(120, 80, QImage.Format.Format_RGB32)
    image.fill(QColor("#dce8f7"))
    scan = tmp_path / "scan.png"
    assert image.save(str(scan))
    page.reload()
    page.select_consent(consent.id)
    click(qtbot, page.editor.sign_button)
    dialog = page.editor.dialog
    assert dialog.young_signed.isHidden()  # 14 years old: no co-signature needed
    dialog.choose_file = lambda _parent: scan
    click(qtbot, dialog.choose_button)
    dialog.giver_signed.setChecked(True)
    click(qtbot, dialog.ok_button)
    assert [s.mime for s in list_scans(vault, consent.id)] == ["image/png"]
    click(qtbot, page.editor.scan_button)
    viewer = page.editor.dialog
    assert isinstance(viewer, ScanViewer) and viewer.image.pixmap().width() == 120


@pytest.mark.demo_data(TODAY)
def test_locking_clears_every_widget_and_the_scan_viewer(qtbot, page, vault):
    page.refresh()
    consents = list_consents(vault)
    secrets = {text for c in consents for text in (c.reference, c.giver_name, c.person_name, *c.case_numbers)}
    secrets |= {c.person_cpr[:6] for c in consents}
    signed = next(c for c in consents if c.scan_count and not c.is_withdrawn)
    page.select_consent(signed.id)
    click(qtbot, page.editor.scan_button)
    assert isinstance(page.editor.dialog, ScanViewer) and page.editor.dialog.scan is not None
    click(qtbot, page.information_button)
    assert page.dialog is not None
    assert page.shows_data()

    page.on_locked()
    assert not page.shows_data()
    assert page.editor.dialog is None and page.dialog is None
    assert not [w for w in page.findChildren(ScanViewer)]
    texts = [w.text() for w in page.findChildren(QLabel) + page.findChildren(QLineEdit)]
    texts += [w.toPlainText() for w in page.findChildren(QPlainTextEdit)]
    texts += [w.itemText(i) for w in page.findChildren(QComboBox) for i in range(w.count())]
    leaked = [t for t in texts if any(secret in t for secret in secrets)]
    assert leaked == []
    assert page.model.rowCount() == 0 and page.case_filter.count() == 1
    assert not page.new_button.isEnabled()


@pytest.mark.demo_data(TODAY)
def test_a_lock_from_the_main_window_closes_the_scan_viewer_first(qtbot, vault):
    from sspdesk.ui.main_window import MainWindow

    window = MainWindow(page_factories=[lambda: ConsentsPage(today=lambda: TODAY)])
    qtbot.addWidget(window)
    window.show()
    window.set_vault(vault)
    page = window.pages[0]
    signed = next(c for c in list_consents(vault) if c.scan_count and not c.is_withdrawn)
    page.select_consent(signed.id)
    click(qtbot, page.editor.scan_button)
    assert page.editor.dialog.isVisible()

    window.clear()
    assert not page.shows_data()
    assert window.findChildren(ScanViewer) == []
    assert signed.person_name not in [w.text() for w in window.findChildren(QLineEdit)]


@pytest.mark.demo_data(TODAY)
def test_filters_and_select_consent_from_another_page(qtbot, page, vault):
    page.refresh()
    page.status_filter.setCurrentIndex(page.status_filter.findData("withdrawn"))
    assert status_texts(page) == ["Tilbagekaldt"] and page.count_label.text() == "1 af 6 samtykker"
    unsigned = next(c for c in list_consents(vault) if c.state(TODAY) == "unsigned")
    page.select_consent(unsigned.id)  # hidden by the filter: the filters are cleared
    assert page.status_filter.currentIndex() == 0 and page.editor.consent_id() == unsigned.id
    assert page.view.currentIndex().row() == page.proxy.row_of(unsigned.id)


def test_the_sag_filter_reads_the_sager_only_when_it_is_opened_and_keeps_the_chosen_one(qtbot, vault):
    first = sag(vault)
    widget = ConsentsPage(today=lambda: TODAY)
    widget.set_job_runner(worker.run_in_background)
    qtbot.addWidget(widget)
    widget.show()
    widget.on_unlocked(vault)
    assert widget.case_filter.count() == 1  # unlocking did not read every sag
    widget.case_filter.showPopup()
    widget.case_filter.hidePopup()
    assert widget.case_filter.count() == 2
    widget.case_filter.setCurrentIndex(widget.case_filter.findData(first))
    second = sag(vault, age=14)
    widget.refresh()  # e.g. after an import: the chosen sag stays chosen, the new one is listed
    assert widget.case_filter.currentData() == first
    assert widget.case_filter.findData(second) > 0
    assert widget.context_case_id() == first
    widget.on_locked()
    assert widget.case_filter.count() == 1 and widget.case_filter.currentData() == ""
