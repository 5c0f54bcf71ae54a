"""Input fields every page shares: the date field, the growing text, and how a refused value is shown.

An unreadable value is refused with `sspdesk.domain.errors.Invalid`, like any other; `select_span` puts the focus
on the offending text so the user sees exactly what was refused.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCharFormat, QTextCursor, QTextFormat
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QSizePolicy, QTextEdit, QWidget

from sspdesk.domain.dates import date_text, parse_date
from sspdesk.ui import theme


def select_span(widget: QWidget, span: tuple[int, int] | None = None) -> None:
    """Focus `widget` and select the offending text, so the user sees exactly what was refused."""
    start, end = span or (-1, -1)
    if isinstance(widget, QComboBox) and widget.isEditable():
        widget = widget.lineEdit() or widget
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    if isinstance(widget, QLineEdit):
        if 0 <= start <= end:
            widget.setSelection(start, end - start)
        else:
            widget.selectAll()
    elif isinstance(widget, QPlainTextEdit | QTextEdit) and 0 <= start <= end:
        cursor = widget.textCursor()
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        widget.setTextCursor(cursor)
        mark = QTextEdit.ExtraSelection()
        mark.cursor = QTextCursor(cursor)
        fmt = QTextCharFormat()
        fmt.setBackground(theme.qcolour("highlight"))
        fmt.setProperty(QTextFormat.Property.FullWidthSelection, False)
        mark.format = fmt
        widget.setExtraSelections([mark])  # stays visible when the focus moves on


class DateLine(QLineEdit):
    """A date typed as dd.mm.åååå; may be empty. Stored as ISO (YYYY-MM-DD)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("dd.mm.åååå")
        self.setMaximumWidth(150)

    def set_iso(self, iso: str) -> None:
        try:
            self.setText(date_text(date.fromisoformat(iso)) if iso else "")
        except ValueError:
            self.setText(iso)  # keep what was stored rather than lose it

    def iso(self) -> str:
        parsed = parse_date(self.text())  # ValueError for an unreadable date
        return parsed.isoformat() if parsed else ""


class GrowingText(QPlainTextEdit):
    """Multi-line text that grows with its content (3 to 12 lines); Tab moves on to the next field."""

    MIN_LINES, MAX_LINES = 3, 12

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.document().documentLayout().documentSizeChanged.connect(lambda _size: self._fit())
        self.textChanged.connect(lambda: self.setExtraSelections([]))
        self._fit()

    def _fit(self) -> None:
        lines = max(self.MIN_LINES, min(self.MAX_LINES, int(self.document().documentLayout().documentSize().height())))
        margins = self.contentsMargins()
        frame = 2 * self.frameWidth() + margins.top() + margins.bottom() + 2 * int(self.document().documentMargin())
        self.setFixedHeight(lines * self.fontMetrics().lineSpacing() + frame)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()
