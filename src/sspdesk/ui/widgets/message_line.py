"""A message in space reserved for it: one line that never changes the layout around it (issue 21, item 6).

`MessageBar` appears and disappears, and so pushes what is below it – on the Møder page the "Gemt: …" bar moved the
PDF button just as the user clicked it, and the click saved the agenda under the minutes' name. `MessageLine` has
the same methods (show_message, show_error, clear, text) but always takes the same room: one line, the text elided
at the end when it is longer (the whole text is its tooltip and accessible description). Put it where a row has
room to spare, e.g. beside a page's buttons.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from sspdesk.ui import theme

# Message kinds → the theme's text colour names (the colours of MessageBar's text).
_INK = {"error": "danger_text", "info": "info_text", "hint": "hint_text", "notice": "neutral_text"}
_MARK = {"error": "⚠ ", "info": "✓ ", "hint": "", "notice": ""}  # not by colour alone


class MessageLine(QLabel):
    """A one-line message of fixed height; empty, it is blank but keeps its place."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageLine")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(self.fontMetrics().height() + 8)
        self.setAccessibleName("Besked")
        self._text = ""
        self._kind = "info"

    def show_message(self, text: str, kind: str = "error") -> None:
        self._text, self._kind = text, kind
        weight = "bold" if kind == "error" else "normal"
        self.setStyleSheet(f"#messageLine {{ color: {theme.colour(_INK[kind])}; font-weight: {weight}; }}")
        self.setToolTip(text)
        self.setAccessibleDescription(text)
        self._elide()

    def show_error(self, text: str) -> None:
        self.show_message(text, "error")

    def clear(self) -> None:
        self._text = ""
        self.setToolTip("")
        self.setAccessibleDescription("")
        super().clear()

    def text(self) -> str:  # the whole message, not the elided line shown
        return self._text

    def shown_text(self) -> str:
        return super().text()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        if not self._text:
            super().setText("")
            return
        line = _MARK[self._kind] + " ".join(self._text.split())
        # A path ("Gemt: /…/M-2026-0012 referat.pdf") keeps its file name; a sentence keeps its beginning.
        mode = Qt.TextElideMode.ElideRight if self._kind == "error" else Qt.TextElideMode.ElideMiddle
        self.setText(self.fontMetrics().elidedText(line, mode, max(self.width(), 40)))
