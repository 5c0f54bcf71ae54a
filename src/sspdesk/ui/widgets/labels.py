"""Small labels and text every page shares: grey hints, a label bound to its field, the framed notice of an
irreversible action, the CPR-nr. field, a fixed-width font and counted nouns ("1 sag", "3 sager")."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from sspdesk.ui import theme
from sspdesk.ui.widgets.colours import GREY

_NOTICE_STYLE = (
    "QLabel#notice {{ background: {caution}; border: 1px solid {caution_border}; border-radius: 4px; "
    "padding: 8px; color: {caution_text}; }}"
)


def grey_label(text: str = "") -> QLabel:
    """Secondary text that wraps: an intro, a hint, a note under a field."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {GREY};")
    return label


def buddy_label(text: str, buddy: QWidget) -> QLabel:
    """A label whose mnemonic (&) moves the focus to `buddy`."""
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


def notice_label() -> QLabel:
    """A framed, warm-coloured text: what an irreversible action will do. Hidden until it has a text."""
    label = QLabel()
    label.setObjectName("notice")
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setStyleSheet(_NOTICE_STYLE.format(**theme.palette()))
    label.hide()
    return label


def cpr_edit() -> QLineEdit:
    """A CPR-nr. field; the input method is told it is sensitive, so no keyboard learns or suggests it."""
    edit = QLineEdit()
    edit.setPlaceholderText("ddmmåå-xxxx")
    edit.setAccessibleName("CPR-nr.")
    edit.setMaxLength(20)
    edit.setMaximumWidth(200)
    edit.setInputMethodHints(Qt.InputMethodHint.ImhSensitiveData | Qt.InputMethodHint.ImhNoPredictiveText)
    return edit


def mono_font(widget: QWidget) -> QFont:
    """`widget`'s font in a fixed-width family: keys and fingerprints read in columns."""
    font = widget.font()
    font.setFamily("DejaVu Sans Mono")
    font.setStyleHint(QFont.StyleHint.Monospace)
    return font


def plural(count: int, one: str, many: str) -> str:
    """'1 sag', '3 sager'."""
    return f"{count} {one if count == 1 else many}"
