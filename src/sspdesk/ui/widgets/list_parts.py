"""Building blocks of the list pages (Sager, Møder, Samtykker, Grupper) and the lists inside them: the title row
with its count, the "Ny …" button, the list table and the empty-state card – one look and one behaviour for every
list, made in one place."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFocusEvent, QKeySequence, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QWidget,
)

from sspdesk.ui import theme
from sspdesk.ui.icons import icon
from sspdesk.ui.widgets.empty_state import EmptyState
from sspdesk.ui.widgets.pages import page_heading


def title_row(title: str) -> tuple[QHBoxLayout, QLabel]:
    """The page's heading with a grey count beside it, then a stretch; the page adds its buttons at the right."""
    row = QHBoxLayout()
    row.addWidget(page_heading(title))
    count = QLabel()
    count.setStyleSheet(f"color: {theme.colour('muted')};")
    row.addSpacing(10)
    row.addWidget(count, 0, Qt.AlignmentFlag.AlignBottom)
    row.addStretch(1)
    return row, count


def new_button(icon_name: str, text: str, tip: str, slot: Callable[[], None]) -> QPushButton:
    """The page's "Ny …" button, on Ctrl+N (said in its tooltip)."""
    button = QPushButton(icon(icon_name), text)
    button.setShortcut(QKeySequence(QKeySequence.StandardKey.New))
    button.setToolTip(f"{tip} (Ctrl+N)")
    button.clicked.connect(lambda _checked=False: slot())
    return button


def list_table(model: Any, name: str) -> QTableView:
    """A read-only list: whole rows selected one at a time, alternating colours, no row numbers, one line a row."""
    view = QTableView()
    view.setModel(model)
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.verticalHeader().hide()
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    view.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    view.horizontalHeader().setHighlightSections(False)
    return view


def empty_card(icon_name: str, text: str, note: str, action: str, slot: Callable[[], None]) -> tuple[QWidget, QLabel]:
    """What an empty list shows instead (`empty_state.EmptyState`). Returns the card and its text label."""
    card = EmptyState(icon_name, text, note, action, slot)
    return card, card.label


class QuietSelection:
    """Selects a list row for the program (after a reload, or to follow the open editor) without the page taking it
    for the user's click: the page's current-row handler returns early while `active` is true."""

    def __init__(self, view: QTableView) -> None:
        self.view = view
        self.active = False

    def select(self, row: int) -> None:
        """Select and show `row`; -1 clears the selection."""
        self.active = True
        try:
            if row < 0:
                self.view.selectionModel().clearSelection()
            else:
                self.view.selectRow(row)
                self.view.scrollTo(self.view.model().index(row, 0))
        finally:
            self.active = False


class LazyComboBox(QComboBox):
    """A filter whose choices are read when the user first opens or focuses it, not when the page is filled: the
    list may hold every sag (tens of thousands), and reading them would hold up unlocking. `first` is the choice
    that means "all" (data ""); `load()` gives (data, text) pairs."""

    def __init__(self, first: str, load: Callable[[], list[tuple[str, str]]]) -> None:
        super().__init__()
        self._first, self._load = first, load
        self._stale = True
        self.reset()

    def reset(self) -> None:
        """Only the "all" choice, read again when next needed (the vault is locking, or was just opened)."""
        self.blockSignals(True)
        self.clear()
        self.addItem(self._first, "")
        self.blockSignals(False)
        self._stale = True

    def mark_stale(self) -> None:
        """The choices may have changed: read them again when next needed – at once if one is chosen now."""
        self._stale = True
        if self.currentData():
            self.ensure_filled()

    def ensure_filled(self) -> None:
        if not self._stale:
            return
        chosen = self.currentData() or ""
        # One model swap instead of an addItem per choice: addItem resizes the combo every time.
        model = QStandardItemModel(self)
        for data, text in [("", self._first), *self._load()]:
            item = QStandardItem(text)
            item.setData(data, Qt.ItemDataRole.UserRole)
            model.appendRow(item)
        self.blockSignals(True)
        self.setModel(model)
        self.setCurrentIndex(max(self.findData(chosen), 0))
        self.blockSignals(False)
        self._stale = False

    def showPopup(self) -> None:
        self.ensure_filled()
        super().showPopup()

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.ensure_filled()  # the arrow keys and type-ahead then find every choice
        super().focusInEvent(event)
