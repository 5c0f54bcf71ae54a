"""Keyboard paths between a list page's search field, its filters and its list (issue 21, item 5).

* `lead_into_list`: Down or Enter in the search field moves into the list (the first row, or the chosen one).
* `NoMatchHint`: when the search or a filter hides every row, the list says so – "Ingen … passer til søgningen og
  filtrene" with a "Nulstil filtre" link – instead of standing silently empty (Tab then Down in a filter changes it
  without a word). The hint lies over the empty list's top, so it moves nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QLabel, QLineEdit

from sspdesk.ui import theme

RESET_TEXT = "Nulstil filtre"


class _LeadIntoList(QObject):
    def __init__(self, search: QLineEdit, view: QAbstractItemView) -> None:
        super().__init__(search)
        self.view = view
        search.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            keys = (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter)
            if event.key() in keys and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
                return self.enter_list()
        return False

    def enter_list(self) -> bool:
        model = self.view.model()
        if model is None or model.rowCount() == 0:
            return False  # nothing to move to: the key does what it did
        current = self.view.currentIndex()
        if not current.isValid():
            self.view.setCurrentIndex(model.index(0, 0))
        self.view.setFocus(Qt.FocusReason.TabFocusReason)
        return True


def lead_into_list(search: QLineEdit, view: QAbstractItemView) -> None:
    """Down or Enter in `search` goes into `view` (selecting the first row if none is chosen)."""
    _LeadIntoList(search, view)


class NoMatchHint(QLabel):
    """Over an empty list whose search or filters hide everything: what happened and a link that resets them.

    `is_filtered()` says whether a search or filter is in use; `reset()` clears them (and reloads). The hint follows
    the list's model by itself."""

    def __init__(
        self, view: QAbstractItemView, what: str, is_filtered: Callable[[], bool], reset: Callable[[], None]
    ) -> None:
        super().__init__(view.viewport())
        self.view, self.is_filtered, self.reset = view, is_filtered, reset
        self.setObjectName("noMatchHint")
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(True)
        self.setText(f"{what} passer til søgningen og filtrene. <a href='reset'>{RESET_TEXT}</a>")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Tab reaches the link; Enter follows it
        self.setAccessibleName(f"{what} passer til søgningen og filtrene")
        self.setAccessibleDescription(f"Vælg {RESET_TEXT} for at vise alle")
        self.setStyleSheet(f"#noMatchHint {{ color: {theme.colour('muted')}; padding: 14px; }}")
        self.linkActivated.connect(lambda _link: self._reset())
        model = view.model()
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.layoutChanged):
            signal.connect(self.refresh)
        view.viewport().installEventFilter(self)
        self.hide()

    def _reset(self) -> None:
        self.reset()
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def refresh(self, *_args: object) -> None:
        model = self.view.model()
        empty = model is None or model.rowCount() == 0
        self.setVisible(empty and self.is_filtered())
        self._place()

    def _place(self) -> None:
        width = self.view.viewport().width()
        self.setFixedWidth(max(width, 120))
        self.adjustSize()
        self.move(0, 0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self._place()
        return False
