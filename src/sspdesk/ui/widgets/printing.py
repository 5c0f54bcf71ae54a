"""Printing and saving the PDFs the services make (consent form, blank form, parent letter, scans).

`print_pdf` prints directly: the print dialog, then every page rendered by QtPdf (the PySide6-Pdf package) from the
PDF bytes in memory onto the printer – the PDF never passes through a file. `save_pdf` writes it where the user
chooses.

The file dialog, the print dialog and the "open in the PDF reader" step are module attributes (`ask_save_path`,
`ask_printer`, `open_file`), so tests can replace them.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QWidget

from sspdesk.store.files import write_private_atomically

_FILTERS = {".pdf": "PDF-dokument (*.pdf)", ".png": "PNG-billede (*.png)", ".jpg": "JPEG-billede (*.jpg *.jpeg)"}


def safe_file_name(name: str) -> str:
    """A file name without characters Windows or macOS refuse; ending in .pdf unless it has a known suffix."""
    stem = re.sub(r'[\\/:*?"<>|]+', "-", name).strip(" .") or "dokument"
    return stem if Path(stem).suffix.lower() in _FILTERS else f"{stem}.pdf"


def _documents() -> Path:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(folder) if folder else Path.home()


def _ask_save_path(parent: QWidget | None, title: str, suggested: str) -> Path | None:
    name = safe_file_name(suggested)
    suffix = Path(name).suffix.lower()
    chosen, _filter = QFileDialog.getSaveFileName(parent, title, str(_documents() / name), _FILTERS[suffix])
    if not chosen:
        return None
    path = Path(chosen)
    return path if path.suffix.lower() in (suffix, ".jpeg") else path.with_name(path.name + suffix)


def _open_file(path: Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


# Replaceable (tests): ask where to save (None: cancelled), and open a saved file in the system's reader.
ask_save_path = _ask_save_path
open_file = _open_file


def save_pdf(parent: QWidget | None, data: bytes, suggested: str, title: str = "Gem som PDF") -> Path | None:
    """Ask where to save and write the PDF; None if the user cancelled. OSError if the file cannot be written."""
    path = ask_save_path(parent, title, suggested)
    if path is None:
        return None
    write_private_atomically(path, data)
    return path


# Pages are rendered at most at this resolution: enough for forms and text, and an A4 page stays ~35 MB as an image.
PRINT_DPI = 300


def save_pdf_saying(parent: QWidget | None, data: bytes, suggested: str) -> tuple[str, bool]:
    """`save_pdf`, with what happened in words for the form's message line: (text, failed); ("", False) when the
    user cancelled the file dialog."""
    try:
        path = save_pdf(parent, data, suggested)
    except OSError as exc:
        return f"PDF'en kunne ikke gemmes: {exc.strerror or exc}", True
    return (f"Gemt som {path.name}.", False) if path is not None else ("", False)


def _ask_printer(parent: QWidget | None, title: str):
    """The print dialog; the chosen QPrinter, or None if the user cancelled."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Udskriv")
    return printer if dialog.exec() == QPrintDialog.DialogCode.Accepted else None


ask_printer = _ask_printer


def print_pdf(parent: QWidget | None, data: bytes, suggested: str) -> str:
    """Print a PDF through the print dialog; returns a Danish line saying what happened ("" if cancelled)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize
    from PySide6.QtGui import QPainter
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPrintSupport import QPrinter

    title = Path(safe_file_name(suggested)).stem
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    if document.status() != QPdfDocument.Status.Ready or document.pageCount() == 0:
        return "Dokumentet kunne ikke læses til udskrift."
    printer = ask_printer(parent, title)
    if printer is None:
        return ""
    painter = QPainter()
    if not painter.begin(printer):
        return "Printeren kunne ikke startes. Vælg en anden printer, eller gem som PDF."
    try:
        for index in range(document.pageCount()):
            if index:
                printer.newPage()
            target = printer.pageRect(QPrinter.Unit.DevicePixel).toRect()
            target.moveTo(0, 0)
            points = document.pagePointSize(index)  # 1 pt = 1/72 inch
            scale = min(PRINT_DPI, printer.resolution()) / 72
            image = document.render(index, QSize(int(points.width() * scale), int(points.height() * scale)))
            fitted = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(target.topLeft(), fitted), image)
    finally:
        painter.end()
        document.close()
    pages = document.pageCount()
    return f"Sendt til udskrift: {title} ({pages} {'side' if pages == 1 else 'sider'})."
