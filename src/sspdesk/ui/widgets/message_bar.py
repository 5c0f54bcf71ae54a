"""The inline message bar of every dialog and section: an error, a confirmation, a hint or a notice."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from sspdesk.ui import theme

# Message kinds → the theme's (background, border, text colour) names.
_BAR_COLOURS = {"error": "danger", "info": "info", "hint": "hint", "notice": "neutral"}


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
        self.setStyleSheet(
            f"#messageBar {{ background: {background}; border: 1px solid {border}; "
            f"border-radius: 4px; }} #messageBar QLabel {{ color: {ink}; }}"
        )
        self.label.setText(text)
        self.setVisible(bool(text))

    def show_error(self, text: str) -> None:
        self.show_message(text, "error")

    def clear(self) -> None:
        self.label.clear()
        self.hide()

    def text(self) -> str:
        return self.label.text()
