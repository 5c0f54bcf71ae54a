"""The empty state of every list page (Sager, Møder, Samtykker, Grupper): one card with the page's symbol, what the
list is for, a grey note and the button that makes the first one – in place of the list and its editor while there
is nothing to list. A filter that hides everything is not "empty": the page keeps its list then."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from sspdesk.ui import theme
from sspdesk.ui.icons import icon


class EmptyState(QWidget):
    """The card; `label` holds the text (a page may reword it), `button` the primary action."""

    def __init__(
        self, icon_name: str, text: str, note: str, action: str, slot: Callable[[], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 8, 0, 0)
        card = QFrame()
        card.setObjectName("emptyCard")
        card.setStyleSheet(theme.card_style("emptyCard"))
        card.setMaximumWidth(760)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(24, 20, 24, 20)
        symbol = QLabel()
        symbol.setPixmap(icon(icon_name).pixmap(48, 48))
        inner.addWidget(symbol)
        self.label = QLabel(text)
        self.label.setWordWrap(True)
        inner.addWidget(self.label)
        self.note = QLabel(note)
        self.note.setWordWrap(True)
        self.note.setStyleSheet(f"color: {theme.colour('muted')};")
        inner.addWidget(self.note)
        self.button = QPushButton(icon(icon_name), action)
        self.button.setAccessibleName(action.rstrip("…"))
        self.button.clicked.connect(lambda _checked=False: slot())
        inner.addWidget(self.button, 0, Qt.AlignmentFlag.AlignLeft)
        column.addWidget(card)
        column.addStretch(1)


class ListOrEmpty(QStackedWidget):
    """The page's list (and editor) or, while the page has nothing at all, its `EmptyState`."""

    def __init__(self, content: QWidget, empty: EmptyState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.content, self.empty = content, empty
        self.addWidget(content)
        self.addWidget(empty)

    def show_empty(self, empty: bool) -> None:
        self.setCurrentWidget(self.empty if empty else self.content)

    def is_empty(self) -> bool:
        return self.currentWidget() is self.empty
