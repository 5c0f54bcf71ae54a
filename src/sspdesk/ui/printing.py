"""Printing and saving the PDFs the services make (consent form, blank form, parent letter, scans).

Printing a PDF directly (QPrintDialog, then each page rendered onto the printer) needs a PDF renderer. Qt's is the
QtPdf module, which PySide6-Essentials does not ship (it is in PySide6-Addons), and reportlab only writes PDFs. So
`print_pdf` saves the PDF where the user chooses and opens it in the computer's PDF reader, where it is printed
(Ctrl+P). Should the project take PySide6-Addons in, only `print_pdf` changes.

The file dialogs and the "open in the PDF reader" step are module attributes (`ask_save_path`, `open_file`), so tests
can replace them; the PDF bytes never pass through a temporary file.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QWidget

PRINT_HINT = "Åbn filen i din PDF-læser og udskriv den derfra (Ctrl+P)."


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
    path.write_bytes(data)
    return path


def print_pdf(parent: QWidget | None, data: bytes, suggested: str) -> str:
    """Print a PDF; returns a Danish line saying what happened ("" if the user cancelled)."""
    path = save_pdf(parent, data, suggested, "Gem til udskrift")
    if path is None:
        return ""
    if open_file(path):
        return f"Gemt som {path.name} og åbnet i din PDF-læser. Udskriv den derfra (Ctrl+P)."
    return f"Gemt som {path}. {PRINT_HINT}"
