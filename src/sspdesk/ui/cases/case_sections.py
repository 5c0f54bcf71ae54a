"""One section of the case form (`SectionForm`); the shared fields and message bar are in `ui/widgets/`.

A `SectionForm` lays out the fields of one section of the paper form (Bilag 4/5) from `Field` definitions: short
fields (dates, names, choices) two to a row, free-text fields full width with the label above and the form's own
hint as grey placeholder text. It knows nothing of the vault; the editor saves what `values()` returns. In a
DKE-Journal the editor gives its `check` the vault's rules: person data is then marked as the user types, with the
reason in a note under the field (`ui/widgets/journal_check.py`).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sspdesk.domain.errors import Invalid
from sspdesk.domain.forms import Field
from sspdesk.ui import theme
from sspdesk.ui.widgets.colours import GREY, WARNING
from sspdesk.ui.widgets.fields import DateLine, GrowingText, select_span
from sspdesk.ui.widgets.journal_check import JournalCheck
from sspdesk.ui.widgets.message_bar import MessageBar
from sspdesk.ui.widgets.read_only import set_read_only


class SectionForm(QWidget):
    """One section of the form with its own Gem and Historik… buttons and an inline message bar."""

    dirty_changed = Signal(bool)
    save_requested = Signal()
    history_requested = Signal()

    def __init__(
        self, key: str, title: str, fields: tuple[Field, ...], columns: int = 1, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.key, self.title, self.fields = key, title, fields
        self.widgets: dict[str, QWidget] = {}
        self._loaded: dict[str, str] = {}
        self._dirty = False
        self._read_only = False
        self.check = JournalCheck(self)  # checks nothing until the editor gives it a journal's rules
        self.notes: dict[str, QLabel] = {}
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
            label.setToolTip(
                "Helbredsoplysninger er følsomme (databeskyttelsesforordningen art. 9). Skriv kun det nødvendige."
            )
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
            grid.addWidget(label, row * 3, column)
            grid.addWidget(
                widget,
                row * 3 + 1,
                column,
                Qt.AlignmentFlag.AlignLeft if isinstance(widget, DateLine) else Qt.AlignmentFlag(0),
            )
            if spec.key in self.notes:
                grid.addWidget(self.notes[spec.key], row * 3 + 2, column)
            grid.setRowMinimumHeight(row * 3, 22)
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
            grid.addWidget(label, row * 3, column)
            grid.addWidget(widget, row * 3 + 1, column)
            if spec.key in self.notes:
                grid.addWidget(self.notes[spec.key], row * 3 + 2, column)
            grid.setRowMinimumHeight(row * 3, 24)
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
                widget.setStyleSheet(
                    f"QPlainTextEdit {{ border: 1px solid {theme.colour('warning')}; "
                    f"background: {theme.colour('caution_field')}; }}"
                )
        if spec.hint and hasattr(widget, "setPlaceholderText"):
            widget.setPlaceholderText(spec.hint)
        if spec.hint:
            widget.setToolTip(spec.hint)
        widget.setAccessibleName(spec.label)
        widget.setObjectName(f"field-{spec.key}")
        if spec.kind in ("text", "line"):  # free text: where a name or CPR number could be typed
            self.notes[spec.key] = self.check.watch(spec.key, widget, spec.label)
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
        """What to save; raises Invalid for a date the form cannot read."""
        values = self._raw()
        for spec in self.fields:
            widget = self.widgets[spec.key]
            if isinstance(widget, DateLine):
                try:
                    values[spec.key] = widget.iso()
                except ValueError:
                    raise Invalid(
                        f'Datoen i feltet "{spec.label}" kan ikke læses. Skriv den som dd.mm.åååå.', spec.key
                    ) from None
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
        for spec in self.fields:
            widget = self.widgets[spec.key]
            if isinstance(widget, QLineEdit | QPlainTextEdit):
                set_read_only(widget, read_only)
                default = "dd.mm.åååå" if isinstance(widget, DateLine) else spec.hint
                widget.setPlaceholderText("" if read_only else default)  # no "write here" hints in a closed case
            else:
                widget.setEnabled(not read_only)
        self.save_button.setVisible(not read_only)
        self._changed()

    def show_problem(self, message: str, field: str | None = None, span: tuple[int, int] | None = None) -> None:
        self.message.show_error(message)
        widget = self.widgets.get(field) if field else None
        if widget is not None:
            if field in self.notes:  # the service strips the text: the check's span is the one in the field
                self.check.check()
                found = self.check.findings(field)
                span = (found[0].start, found[0].end) if found else span
            select_span(widget, span)

    def field_area(self, field: str) -> list[QWidget]:
        """The widgets that show `field`: the field itself and its note (to scroll fully into view)."""
        widget = self.widgets.get(field)
        note = self.notes.get(field)
        return [w for w in (widget, note if note is not None and not note.isHidden() else None) if w is not None]
