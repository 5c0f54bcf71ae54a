"""Building blocks of the case editor and dialogs: the inline message bar, date entry, and one form section.

A `SectionForm` lays out the fields of one section of the paper form (Bilag 4/5) from `Field` definitions: short
fields (dates, names, choices) two to a row, free-text fields full width with the label above and the form's own
hint as grey placeholder text. It knows nothing of the vault; the editor saves what `values()` returns.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QTextCharFormat, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from sspdesk.domain.forms import Field
from sspdesk.ui import theme

GREY = theme.colour("muted")  # imported by the pages, which are loaded after the application knows its mode
WARNING = theme.colour("warning")
# Message kinds → the theme's (background, border, text colour) names.
_BAR_COLOURS = {"error": "danger", "info": "info", "hint": "hint", "notice": "neutral"}


class FieldProblem(ValueError):
    """Input the form itself cannot read (an unreadable date); `message` is Danish."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class MessageBar(QFrame):
    """A coloured line of text inside a dialog or section: an error, a confirmation or a hint."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBar")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setStyleSheet("background: transparent; border: none;")
        layout.addWidget(self.label, 1)
        self.hide()

    def show_message(self, text: str, kind: str = "error") -> None:
        name = _BAR_COLOURS[kind]
        background, border, ink = (theme.colour(f"{name}{part}") for part in ("", "_border", "_text"))
        self.setStyleSheet(f"#messageBar {{ background: {background}; border: 1px solid {border}; "
                           f"border-radius: 4px; }} #messageBar QLabel {{ color: {ink}; }}")
        self.label.setText(text)
        self.setVisible(bool(text))

    def show_error(self, text: str) -> None:
        self.show_message(text, "error")

    def clear(self) -> None:
        self.label.clear()
        self.hide()

    def text(self) -> str:
        return self.label.text()


def select_span(widget: QWidget, start: int = -1, end: int = -1) -> None:
    """Focus `widget` and select the offending text, so the user sees exactly what was refused."""
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


_DATE_PATTERNS = (
    re.compile(r"^(\d{1,2})[.\-/ ](\d{1,2})[.\-/ ](\d{4}|\d{2})$"),
    re.compile(r"^(\d{2})(\d{2})(\d{4})$"),
)


def parse_date(text: str) -> date | None:
    """Read a date typed the Danish way (12.3.2026, 12-03-26, 12032026) or ISO; None when empty."""
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            day, month, year = (int(part) for part in match.groups())
            return date(year + 2000 if year < 100 else year, month, day)
    raise ValueError(text)


def local_time(stamp: str) -> str:
    """'2026-03-12T13:05:09Z' (UTC) → '12.03.2026 kl. 14:05' in local time."""
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone()
    except ValueError:
        return stamp
    return moment.strftime("%d.%m.%Y kl. %H:%M")


class DateLine(QLineEdit):
    """A date typed as dd.mm.åååå; may be empty. Stored as ISO (YYYY-MM-DD)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("dd.mm.åååå")
        self.setMaximumWidth(150)

    def set_iso(self, iso: str) -> None:
        try:
            self.setText(date.fromisoformat(iso).strftime("%d.%m.%Y") if iso else "")
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


class SectionForm(QWidget):
    """One section of the form with its own Gem and Historik… buttons and an inline message bar."""

    dirty_changed = Signal(bool)
    save_requested = Signal()
    history_requested = Signal()

    def __init__(self, key: str, title: str, fields: tuple[Field, ...], columns: int = 1,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key, self.title, self.fields = key, title, fields
        self.widgets: dict[str, QWidget] = {}
        self._loaded: dict[str, str] = {}
        self._dirty = False
        self._read_only = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 14)
        layout.setSpacing(8)
        layout.addLayout(self._build_bar())
        self.message = MessageBar()
        layout.addWidget(self.message)
        layout.addLayout(self._build_short([f for f in fields if f.kind != "text"]))
        layout.addLayout(self._build_texts([f for f in fields if f.kind == "text"], columns))
        layout.addStretch(1)
        self._loaded = self._raw()

    # -- building --------------------------------------------------------------------------------------------

    def _build_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.stamp = QLabel("Ikke udfyldt endnu")
        self.stamp.setStyleSheet(f"color: {GREY};")
        bar.addWidget(self.stamp, 1)
        self.history_button = QPushButton("Historik…")
        self.history_button.setToolTip("Tidligere versioner af afsnittet: hvem, hvornår og hvad")
        self.history_button.clicked.connect(self.history_requested)
        bar.addWidget(self.history_button)
        self.save_button = QPushButton("Gem")
        self.save_button.setToolTip("Gem afsnittet (Ctrl+S)")
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.save_requested)
        bar.addWidget(self.save_button)
        return bar

    def _label(self, spec: Field) -> QLabel:
        label = QLabel(spec.label)
        label.setWordWrap(True)
        if spec.sensitive:
            label.setText(f"{spec.label}  ⚠ Følsomme oplysninger")
            label.setStyleSheet(f"color: {WARNING}; font-weight: bold;")
            label.setToolTip("Helbredsoplysninger er følsomme (databeskyttelsesforordningen art. 9). "
                             "Skriv kun det nødvendige.")
        return label

    def _build_short(self, fields: list[Field]) -> QGridLayout:
        """Dates, names and choices two to a row, each with its label above (like the boxes of the paper form)."""
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(2)
        for index, spec in enumerate(fields):
            row, column = divmod(index, 2)
            widget = self._make_widget(spec)
            label = self._label(spec)
            label.setBuddy(widget)
            grid.addWidget(label, row * 2, column)
            grid.addWidget(widget, row * 2 + 1, column, Qt.AlignmentFlag.AlignLeft if isinstance(widget, DateLine)
                           else Qt.AlignmentFlag(0))
            grid.setRowMinimumHeight(row * 2, 22)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        return grid

    def _build_texts(self, fields: list[Field], columns: int) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(2)
        for index, spec in enumerate(fields):
            row, column = divmod(index, columns)
            widget = self._make_widget(spec)
            label = self._label(spec)
            label.setBuddy(widget)
            grid.addWidget(label, row * 2, column)
            grid.addWidget(widget, row * 2 + 1, column)
            grid.setRowMinimumHeight(row * 2, 24)
        return grid

    def _make_widget(self, spec: Field) -> QWidget:
        widget: QWidget
        if spec.kind == "date":
            widget = DateLine()
            widget.textChanged.connect(self._changed)
        elif spec.kind == "choice":
            widget = QComboBox()
            widget.addItems(list(spec.choices))
            widget.currentTextChanged.connect(self._changed)
        elif spec.kind == "line":
            widget = QLineEdit()
            widget.textChanged.connect(self._changed)
        else:
            widget = GrowingText()
            widget.textChanged.connect(self._changed)
            if spec.sensitive:
                widget.setStyleSheet(f"QPlainTextEdit {{ border: 1px solid {theme.colour('warning')}; "
                                     f"background: {theme.colour('caution_field')}; }}")
        if spec.hint and hasattr(widget, "setPlaceholderText"):
            widget.setPlaceholderText(spec.hint)
        if spec.hint:
            widget.setToolTip(spec.hint)
        widget.setAccessibleName(spec.label)
        widget.setObjectName(f"field-{spec.key}")
        self.widgets[spec.key] = widget
        return widget

    # -- values ----------------------------------------------------------------------------------------------

    def _raw(self) -> dict[str, str]:
        raw: dict[str, str] = {}
        for key, widget in self.widgets.items():
            if isinstance(widget, QComboBox):
                raw[key] = widget.currentText()
            elif isinstance(widget, QPlainTextEdit):
                raw[key] = widget.toPlainText()
            elif isinstance(widget, QLineEdit):
                raw[key] = widget.text()
        return raw

    def values(self) -> dict[str, str]:
        """What to save; raises FieldProblem for a date the form cannot read."""
        values = self._raw()
        for spec in self.fields:
            widget = self.widgets[spec.key]
            if isinstance(widget, DateLine):
                try:
                    values[spec.key] = widget.iso()
                except ValueError:
                    raise FieldProblem(f'Datoen i feltet "{spec.label}" kan ikke læses. Skriv den som dd.mm.åååå.',
                                       spec.key) from None
        return values

    def set_values(self, fields: dict[str, str], stamp: str = "") -> None:
        for key, widget in self.widgets.items():
            value = str(fields.get(key) or "")
            if isinstance(widget, DateLine):
                widget.set_iso(value)
            elif isinstance(widget, QComboBox):
                if value and widget.findText(value) < 0:
                    widget.addItem(value)  # a value from an older form version is shown, not dropped
                widget.setCurrentText(value)
            elif isinstance(widget, QPlainTextEdit):
                widget.setPlainText(value)
            elif isinstance(widget, QLineEdit):
                widget.setText(value)
        self.message.clear()
        self.mark_saved(stamp)

    def mark_saved(self, stamp: str = "") -> None:
        self._loaded = self._raw()
        self.stamp.setText(stamp or "Ikke udfyldt endnu")
        self._changed()

    def is_dirty(self) -> bool:
        return self._dirty

    def _changed(self, *_args: object) -> None:
        dirty = not self._read_only and self._raw() != self._loaded
        self.save_button.setEnabled(dirty)
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirty_changed.emit(dirty)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.setStyleSheet('QLineEdit[readOnly="true"], QPlainTextEdit[readOnly="true"] '
                           f'{{ background: {theme.colour("readonly")}; }}' if read_only else "")
        for spec in self.fields:
            widget = self.widgets[spec.key]
            if isinstance(widget, QLineEdit | QPlainTextEdit):
                widget.setReadOnly(read_only)
                default = "dd.mm.åååå" if isinstance(widget, DateLine) else spec.hint
                widget.setPlaceholderText("" if read_only else default)  # no "write here" hints in a closed case
            else:
                widget.setEnabled(not read_only)
        self.save_button.setVisible(not read_only)
        self._changed()

    def show_problem(self, message: str, field: str = "", start: int = -1, end: int = -1) -> None:
        self.message.show_error(message)
        widget = self.widgets.get(field)
        if widget is not None:
            select_span(widget, start, end)
