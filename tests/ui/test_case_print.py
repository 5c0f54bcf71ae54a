"""A case can be printed from the GUI (issue 21, item 8; the README promises "the filled form as PDF"): Udskriv ▾ on
the case form prints or saves the filled DKE-Sag / DKE-Journal form, read back with pypdf; the print is logged, and
unsaved changes are refused with a reason. Real vault; invented names and numbers."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QMainWindow

from sspdesk.cases import NewCase, register_case, save_section
from sspdesk.store import audit
from sspdesk.ui.cases.cases_page import CasesPage
from sspdesk.ui.widgets import printing

NAME, CPR = "Oliver Eksemplar", "1203104321"


@pytest.fixture
def window(qtbot, vault):
    """The Sager page in a main window (its status bar tells what happened)."""
    main = QMainWindow()
    page = CasesPage()
    page.ask_discard = lambda titles: True
    main.setCentralWidget(page)
    qtbot.addWidget(main)
    main.resize(1176, 720)
    main.show()
    qtbot.waitExposed(main)
    page.on_unlocked(vault)
    yield main
    page.on_locked()


def show(window: QMainWindow, case_id: str) -> CasesPage:
    page = window.centralWidget()
    assert isinstance(page, CasesPage)
    page.reload()
    page.editor.load(case_id)
    return page


def text_of(data: bytes) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages)


def file_printer(printed: Path):
    def ask(_parent, _title):
        from PySide6.QtPrintSupport import QPrinter

        printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)  # a "printer" that writes a PDF file
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        return printer

    return ask


def test_a_sag_is_saved_as_pdf_from_the_case_form(window, vault, tmp_path, monkeypatch):
    sag = register_case(vault, NewCase(level="II", subject="Tyveri fra butik", person_name=NAME, cpr=CPR)).id
    save_section(vault, sag, "status", {"familie": "Bor hos mor og lillebror"})
    page = show(window, sag)
    target = tmp_path / "sag.pdf"
    asked: list[str] = []
    monkeypatch.setattr(printing, "ask_save_path", lambda _p, _t, name: asked.append(name) or target)
    button = page.editor.print_button
    assert [a.text() for a in button.menu().actions()] == ["Udskriv…", "Gem som PDF…"]
    button.save_action.trigger()
    content = text_of(target.read_bytes())
    number = page.editor.detail.case.number
    assert asked == [f"Sag {number}"]
    assert number in content and NAME in content and "Tyveri fra butik" in content
    assert "Bor hos mor og lillebror" in content
    assert window.statusBar().currentMessage() == f"Gemt som {target}."
    assert not page.editor.message.isVisible()  # nothing in the form moved
    assert audit.entries(vault.conn, action="pdf.case")[0].record_id == sag


def test_a_journal_is_printed_from_the_case_form(window, vault, tmp_path, monkeypatch):
    journal = register_case(vault, NewCase(level="I", subject="Uro ved stationen", area="Syd")).id
    page = show(window, journal)
    printed = tmp_path / "printer-output.pdf"
    monkeypatch.setattr(printing, "ask_printer", file_printer(printed))
    page.editor.print_button.print_action.trigger()
    assert len(PdfReader(printed).pages) >= 1
    assert window.statusBar().currentMessage().startswith("Sendt til udskrift: Sag J-")


def test_unsaved_changes_are_not_printed(qtbot, window, vault, tmp_path, monkeypatch):
    journal = register_case(vault, NewCase(level="I", subject="Uro ved stationen", area="Syd")).id
    page = show(window, journal)
    form = page.editor.forms[0]
    form.widgets["adfaerd"].setPlainText("Gruppen samles om aftenen")
    assert form.is_dirty()
    target = tmp_path / "never.pdf"
    monkeypatch.setattr(printing, "ask_save_path", lambda *_args: target)
    page.editor.print_button.save_action.trigger()
    assert not target.exists()
    assert page.editor.message.text().startswith("Gem først afsnittene (STATUS)")
