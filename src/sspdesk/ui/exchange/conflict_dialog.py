"""Side-by-side resolution of one conflict: "Din version" and "Modtaget version", field by field.

Every data field of the record is shown; the fields whose values differ come first, with a coloured background
and a bold label, a radio button on each side, and – for text – an editable "Resultat" that starts as the chosen
side's text. A text column holding a JSON object of texts (a section's or the minutes' fields) is shown as one
row per inner field. The three buttons call `sspdesk.bundles.conflicts.resolve_conflict` with "local", "incoming" or
the combination {field: value}; a refusal is shown inline and nothing is written – also when the chosen version
would change a settled record (a closed case, approved minutes, a signed consent), which leaves «Behold min».
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from sspdesk.bundles.conflicts import resolve_conflict
from sspdesk.bundles.merge import ConflictDetail
from sspdesk.conflict_origin import origin_text
from sspdesk.domain.errors import Invalid
from sspdesk.ui import theme
from sspdesk.ui.exchange.exchange_models import field_label, inner_field_label, is_coded, table_label, value_label
from sspdesk.ui.vault.vault_dialogs import error_text
from sspdesk.ui.widgets.colours import GREY
from sspdesk.ui.widgets.dialog_buttons import settle_default_button
from sspdesk.ui.widgets.message_bar import MessageBar

Runner = Callable[[Callable[[], Any], Callable[[Any], None], Callable[[BaseException], None]], None]

DIFF_BACKGROUND = theme.colour("caution")  # imported once the application knows its light/dark mode
DIFF_BORDER = theme.colour("caution_border")
DIFF_INK = theme.colour("caution_text")
LONG_TEXT = 60  # longer texts (or any with a line break) get a multi-line result editor


def _run_now(fn: Callable[[], Any], on_done: Callable[[Any], None], on_error: Callable[[BaseException], None]) -> None:
    try:
        result = fn()
    except Exception as exc:
        on_error(exc)
    else:
        on_done(result)


def value_text(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, bytes):
        return f"Binær fil ({len(value):,} byte)".replace(",", ".")
    if value == "":
        return "(tom)"
    return str(value)


def json_texts(value: Any) -> dict[str, str] | None:
    """A JSON object of texts held in a text column, else None ('' counts as an empty object)."""
    if value in ("", None):
        return {}
    if not isinstance(value, str) or not value.lstrip().startswith("{"):
        return None
    try:
        parsed = json.loads(value)
    except ValueError:
        return None
    if isinstance(parsed, dict) and all(isinstance(v, str) for v in parsed.values()):
        return parsed
    return None


class FieldChoice:
    """One differing field: the two values, which side to use, and (text) the editable result."""

    def __init__(self, key: str, local: Any, incoming: Any, editable: bool = True) -> None:
        self.key, self.local, self.incoming = key, local, incoming
        self.use_local = QRadioButton("Brug denne")
        self.use_incoming = QRadioButton("Brug denne")
        self.group = QButtonGroup()
        self.group.addButton(self.use_local)
        self.group.addButton(self.use_incoming)
        self.use_local.setChecked(True)
        self.editor: QLineEdit | QPlainTextEdit | None = None
        texts = [v for v in (local, incoming) if v is not None]
        if editable and texts and all(isinstance(v, str) for v in texts):
            long = any(len(v) > LONG_TEXT or "\n" in v for v in texts)
            self.editor = QPlainTextEdit() if long else QLineEdit()
            self.editor.setAccessibleName(f"Resultat: {key}")
            if isinstance(self.editor, QPlainTextEdit):
                self.editor.setMinimumHeight(72)
                self.editor.setMaximumHeight(140)
            self._show(local)
        self.use_local.toggled.connect(lambda on: self._show(self.local) if on else None)
        self.use_incoming.toggled.connect(lambda on: self._show(self.incoming) if on else None)

    def _show(self, value: Any) -> None:
        text = "" if value is None else str(value)
        if isinstance(self.editor, QPlainTextEdit):
            self.editor.setPlainText(text)
        elif isinstance(self.editor, QLineEdit):
            self.editor.setText(text)
            self.editor.setCursorPosition(0)

    def choose(self, side: str) -> None:
        (self.use_local if side == "local" else self.use_incoming).setChecked(True)

    def set_text(self, text: str) -> None:
        """Type a merged text (tests and keyboard users alike)."""
        if isinstance(self.editor, QPlainTextEdit):
            self.editor.setPlainText(text)
        elif isinstance(self.editor, QLineEdit):
            self.editor.setText(text)

    def value(self) -> Any:
        chosen = self.local if self.use_local.isChecked() else self.incoming
        if self.editor is None:
            return chosen
        text = self.editor.toPlainText() if isinstance(self.editor, QPlainTextEdit) else self.editor.text()
        return None if chosen is None and not text else text

    def present_on_chosen_side(self) -> bool:
        return (self.local if self.use_local.isChecked() else self.incoming) is not None


class ConflictDialog(QDialog):
    """Resolve one conflict; `resolved` is emitted after the service wrote the result."""

    resolved = Signal(str)  # how: "local", "incoming" or "merged"

    def __init__(
        self,
        vault,
        detail: ConflictDetail,
        parent: QWidget | None = None,
        *,
        title: str = "",
        runner: Runner | None = None,
    ) -> None:
        super().__init__(parent)
        self.vault, self.detail, self.runner = vault, detail, runner or _run_now
        self.setWindowTitle(f"Løs konflikt – {title or table_label(detail.table)}")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.choices: dict[str, FieldChoice] = {}  # column, or "column › key" for a field inside JSON
        self.json_columns: dict[str, list[str]] = {}  # column → its inner keys shown as rows
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(10)
        heading = QLabel(f"{table_label(detail.table)}: {title}" if title else table_label(detail.table))
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)
        intro = QLabel(
            "Posten er ændret både her og hos afsenderen. Felter med forskellige værdier er markeret. "
            "Vælg for hvert felt, hvilken version der skal gælde – eller ret teksten i «Resultat»."
        )
        intro.setWordWrap(True)
        intro.setStyleSheet(f"color: {GREY};")
        layout.addWidget(intro)
        self.origin = QLabel(origin_text(vault, detail))  # the colleague and laptop the other version came from
        self.origin.setVisible(bool(self.origin.text()))
        layout.addWidget(self.origin)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.StyledPanel)
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setContentsMargins(10, 8, 10, 8)
        self.grid.setHorizontalSpacing(12)
        self.grid.setVerticalSpacing(6)
        for column, stretch in ((0, 0), (1, 3), (2, 3), (3, 3)):
            self.grid.setColumnStretch(column, stretch)
        self.grid.setColumnMinimumWidth(0, 150)
        scroll.setWidget(self.grid_host)
        layout.addWidget(scroll, 1)
        self._fill()

        self.message = MessageBar()
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        self.cancel_button = QPushButton("Annuller")
        self.keep_button = QPushButton("&Behold min")
        self.incoming_button = QPushButton("Brug &modtaget")
        self.merge_button = QPushButton("&Gem kombination")
        self.keep_button.setToolTip("Behold din version af hele posten")
        self.incoming_button.setToolTip("Brug den modtagne version af hele posten")
        self.merge_button.setToolTip("Gem de valgte og rettede værdier felt for felt")
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        for button in (self.keep_button, self.incoming_button, self.merge_button):
            buttons.addWidget(button)
        settle_default_button(self, self.merge_button)
        self.keep_button.clicked.connect(lambda: self.resolve("local"))
        self.incoming_button.clicked.connect(lambda: self.resolve("incoming"))
        self.merge_button.clicked.connect(lambda: self.resolve("merged"))
        self.cancel_button.clicked.connect(self.reject)
        layout.addLayout(buttons)
        self.resize(1120, 640)

    # -- the grid ---------------------------------------------------------------------------------------------

    def _fill(self) -> None:
        detail = self.detail
        for position, text in enumerate(("Felt", "Din version", "Modtaget version", "Resultat")):
            header = QLabel(text)
            header.setStyleSheet(f"font-weight: bold; color: {GREY};")
            self.grid.addWidget(header, 0, position)
        columns = list(dict.fromkeys([*detail.local, *detail.incoming]))
        differing = [c for c in columns if c in detail.differing]
        same = [c for c in columns if c not in detail.differing]
        self._row = 1
        if detail.local_deleted or detail.incoming_deleted:
            self._add_plain(
                "deleted",
                "Ja" if detail.local_deleted else "Nej",
                "Ja" if detail.incoming_deleted else "Nej",
                detail.local_deleted != detail.incoming_deleted,
            )
            note = QLabel("«Gem kombination» beholder posten (ikke slettet).")
            note.setWordWrap(True)
            note.setStyleSheet(f"color: {GREY}; padding-top: 4px;")
            self.grid.addWidget(note, self._row - 1, 3, Qt.AlignmentFlag.AlignTop)
        for column in differing:
            local, incoming = detail.local.get(column), detail.incoming.get(column)
            inner_local, inner_incoming = json_texts(local), json_texts(incoming)
            if inner_local is not None and inner_incoming is not None and (inner_local or inner_incoming):
                keys = list(dict.fromkeys([*inner_local, *inner_incoming]))
                self.json_columns[column] = keys
                for key in keys:
                    a, b = inner_local.get(key), inner_incoming.get(key)
                    label = f"{field_label(column)} › {inner_field_label(detail.table, key)}"
                    if a == b:
                        self._add_plain(label, value_text(a), value_text(b), False)
                    else:
                        self._add_choice(f"{column} › {key}", label, a, b)
            else:
                self._add_choice(column, field_label(column), local, incoming, detail.table)
        if same:
            note = QLabel("Ens i begge versioner")
            note.setStyleSheet(f"color: {GREY}; font-style: italic; padding-top: 8px;")
            self.grid.addWidget(note, self._row, 0, 1, 4)
            self._row += 1
        for column in same:
            value = value_text(value_label(detail.table, column, detail.local.get(column)))
            self._add_plain(field_label(column), value, value, False)
        self.grid.setRowStretch(self._row, 1)

    def _value_label(self, text: str, differs: bool) -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        label.setMinimumWidth(120)
        if differs:
            label.setStyleSheet(
                f"background: {DIFF_BACKGROUND}; border: 1px solid {DIFF_BORDER}; border-radius: 3px; padding: 4px;"
            )
        else:
            label.setStyleSheet(f"color: {GREY}; padding: 2px 5px;")
        return label

    def _field_label(self, text: str, differs: bool) -> QLabel:
        label = QLabel(field_label(text) if text == "deleted" else text)
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        label.setStyleSheet(
            f"font-weight: bold; color: {DIFF_INK}; padding-top: 4px;"
            if differs
            else f"color: {GREY}; padding-top: 2px;"
        )
        return label

    def _add_plain(self, label: str, local: str, incoming: str, differs: bool) -> None:
        self.grid.addWidget(self._field_label(label, differs), self._row, 0)
        self.grid.addWidget(self._value_label(local, differs), self._row, 1)
        self.grid.addWidget(self._value_label(incoming, differs), self._row, 2)
        self._row += 1

    def _side(self, radio: QRadioButton, shown: Any) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(self._value_label(value_text(shown), True))
        column.addWidget(radio)
        return box

    def _add_choice(self, key: str, label: str, local: Any, incoming: Any, table: str = "") -> None:
        """`table` is given for a whole column (not a field inside JSON texts): a coded one shows its words and is
        chosen, not typed."""
        choice = FieldChoice(key, local, incoming, editable=not is_coded(table, key))
        choice.use_local.setAccessibleName(f"Brug din version: {label}")
        choice.use_incoming.setAccessibleName(f"Brug modtaget version: {label}")
        self.choices[key] = choice
        row = self._row
        self.grid.addWidget(self._field_label(label, True), row, 0)
        self.grid.addWidget(self._side(choice.use_local, value_label(table, key, local)), row, 1)
        self.grid.addWidget(self._side(choice.use_incoming, value_label(table, key, incoming)), row, 2)
        if choice.editor is not None:
            self.grid.addWidget(choice.editor, row, 3, Qt.AlignmentFlag.AlignTop)
        else:
            hint = QLabel("Vælg til venstre")
            hint.setStyleSheet(f"color: {GREY}; padding-top: 4px;")
            self.grid.addWidget(hint, row, 3, Qt.AlignmentFlag.AlignTop)
        self._row += 1

    # -- resolving --------------------------------------------------------------------------------------------

    def combination(self) -> dict[str, Any]:
        """{column: value} of the differing fields as chosen and edited (JSON columns put back together)."""
        merged: dict[str, Any] = {}
        for key, choice in self.choices.items():
            if " › " not in key:
                merged[key] = choice.value()
        for column, keys in self.json_columns.items():
            local = json_texts(self.detail.local.get(column)) or {}
            incoming = json_texts(self.detail.incoming.get(column)) or {}
            inner: dict[str, str] = {}
            for key in keys:
                picked = self.choices.get(f"{column} › {key}")
                if picked is None:
                    inner[key] = local.get(key, incoming.get(key, ""))
                    continue
                text = picked.value()
                if text or picked.present_on_chosen_side():
                    inner[key] = text
            merged[column] = json.dumps(inner, ensure_ascii=False)
        return merged

    def resolve(self, how: str) -> None:
        choice: Any = self.combination() if how == "merged" else how
        vault, conflict_id = self.vault, self.detail.id
        self.message.clear()
        self._set_enabled(False)
        self.runner(lambda: resolve_conflict(vault, conflict_id, choice), lambda _: self._done(how), self._failed)

    def _set_enabled(self, enabled: bool) -> None:
        for button in (self.keep_button, self.incoming_button, self.merge_button, self.cancel_button):
            button.setEnabled(enabled)

    def _done(self, how: str) -> None:
        self._set_enabled(True)
        self.resolved.emit(how)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._set_enabled(True)
        if isinstance(error, Invalid):
            # E.g. the other version would change a settled record (a closed case, approved minutes, a signed
            # consent): the way on is to keep the local version, so that button becomes the default.
            self.message.show_error(error.message)
            settle_default_button(self, self.keep_button)
            self.keep_button.setFocus()
        else:
            self.message.show_error(error_text(error))
