"""Grupper: the bekymringsgrupper – list on the left (number, designation, area, status, members as counts), the
group's editor on the right (`sspdesk.ui.group_editor`).

The list never shows who is in a group: a group's DKE-Sag members are a count here and case numbers in the editor,
its DKE-Journal members a count everywhere. The page calls only `sspdesk.groups`; `on_locked()` clears it all.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sspdesk.groups import STATUS_LABELS, list_groups
from sspdesk.store.vault import Vault
from sspdesk.ui import theme
from sspdesk.ui.case_sections import GREY
from sspdesk.ui.group_dialogs import NewGroupDialog
from sspdesk.ui.group_editor import GroupEditor
from sspdesk.ui.icons import icon
from sspdesk.ui.pages import Page, page_heading
from sspdesk.ui.unlock_dialog import ask_confirmation

Index = QModelIndex | QPersistentModelIndex
COL_NUMBER, COL_NAME, COL_AREA, COL_STATUS, COL_MEMBERS = range(5)
HEADERS = ("Nr.", "Betegnelse", "Område", "Status", "Medlemmer")
EMPTY_TEXT = "Ingen bekymringsgrupper endnu. Opret den første med Ny gruppe… (Ctrl+N)."
ABOUT_TEXT = ("En bekymringsgruppe screenes samlet: hvordan den bekymrende adfærd kommer til udtryk, gruppens interne "
              "dynamik (fx medløber eller toneangivende) og indsatser for gruppen og den enkelte.")


def members_text(row: dict[str, Any]) -> str:
    """'3 sager · 2 journaler': counts only, never which."""
    sager, journals = row["sag_members"], row["journal_members"]
    parts = [f"{sager} {'sag' if sager == 1 else 'sager'}"] if sager else []
    parts += [f"{journals} {'journal' if journals == 1 else 'journaler'}"] if journals else []
    return " · ".join(parts) or "–"


class GroupTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[dict[str, Any]] = []
        self._bold = QFont()
        self._bold.setBold(True)

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def record(self, row: int) -> dict[str, Any]:
        return self._rows[row]

    def row_of(self, group_id: str) -> int:
        return next((i for i, row in enumerate(self._rows) if row["id"] == group_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (row["number"], row["name"], row["area"], STATUS_LABELS[row["status"]], members_text(row))[column]
        if role == Qt.ItemDataRole.FontRole and column == COL_NUMBER:
            return self._bold
        if role == Qt.ItemDataRole.ForegroundRole and row["status"] == "closed":
            return Qt.GlobalColor.gray
        return None


class GroupsPage(Page):
    title = "Grupper"
    icon_name = "groups"

    def __init__(self, parent: QWidget | None = None, today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self.today = today
        self.ask_discard: Callable[[], bool] = self._ask_discard
        self._selecting = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(10)
        layout.addLayout(self._title_row())
        self.model = GroupTableModel(self)
        self.view = self._table()
        self.editor = GroupEditor(today=today)
        self.editor.changed.connect(self._group_changed)
        self.splitter = QSplitter()
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(self.editor)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([520, 800])
        self.stack = QStackedWidget()
        self.stack.addWidget(self.splitter)
        self.stack.addWidget(self._empty_state())
        layout.addWidget(self.stack, 1)
        self._set_enabled(False)

    def _title_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(page_heading(self.title))
        self.count_label = QLabel()
        self.count_label.setStyleSheet(f"color: {GREY};")
        row.addSpacing(10)
        row.addWidget(self.count_label, 0, Qt.AlignmentFlag.AlignBottom)
        row.addStretch(1)
        self.status_filter = QComboBox()
        self.status_filter.setAccessibleName("Filtrér på status")
        self.status_filter.addItem("Status: alle", "")
        for key, label in STATUS_LABELS.items():
            self.status_filter.addItem(label, key)
        self.status_filter.currentIndexChanged.connect(lambda _index: self.reload())
        row.addWidget(self.status_filter)
        self.new_button = QPushButton(icon("groups"), "&Ny gruppe…")
        self.new_button.setShortcut(QKeySequence(QKeySequence.StandardKey.New))
        self.new_button.setToolTip("Opret en bekymringsgruppe (Ctrl+N)")
        self.new_button.clicked.connect(self.open_new_group)
        row.addWidget(self.new_button)
        return row

    def _table(self) -> QTableView:
        view = QTableView()
        view.setModel(self.model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setAlternatingRowColors(True)
        view.setWordWrap(False)
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
        header = view.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for column, width in ((COL_NUMBER, 96), (COL_AREA, 92), (COL_STATUS, 86), (COL_MEMBERS, 150)):
            view.setColumnWidth(column, width)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        view.setAccessibleName("Bekymringsgrupper")
        view.selectionModel().currentRowChanged.connect(self._current_changed)
        return view

    def _empty_state(self) -> QWidget:
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 8, 0, 0)
        card = QFrame()
        card.setObjectName("emptyCard")
        card.setStyleSheet(theme.card_style("emptyCard"))
        card.setMaximumWidth(760)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(24, 20, 24, 20)
        symbol = QLabel()
        symbol.setPixmap(icon("groups").pixmap(48, 48))
        inner.addWidget(symbol)
        for text, colour in ((EMPTY_TEXT, ""), (ABOUT_TEXT, GREY)):
            label = QLabel(text)
            label.setWordWrap(True)
            if colour:
                label.setStyleSheet(f"color: {colour};")
            inner.addWidget(label)
        button = QPushButton(icon("groups"), "Ny gruppe…")
        button.clicked.connect(self.open_new_group)
        inner.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
        column.addWidget(card)
        column.addStretch(1)
        return holder

    # -- vault -----------------------------------------------------------------------------------------------

    def on_unlocked(self, vault: Vault) -> None:
        super().on_unlocked(vault)
        self.editor.set_vault(vault)
        self._set_enabled(True)
        self.reload()

    def on_locked(self) -> None:
        self.close_new_dialog()
        self.editor.clear()
        self.editor.set_vault(None)
        self.model.set_rows([])
        self.count_label.clear()
        self._set_enabled(False)
        super().on_locked()

    def refresh(self) -> None:
        if self.vault is None:
            return
        self.reload()
        if self.editor.detail is not None and not self.editor.has_unsaved():
            self.editor.load(self.editor.group_id())

    def shows_data(self) -> bool:
        return super().shows_data() or self.model.rowCount() > 0 or self.editor.detail is not None

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (self.new_button, self.status_filter):
            widget.setEnabled(enabled)

    # -- list ------------------------------------------------------------------------------------------------

    def reload(self) -> None:
        if self.vault is None:
            return
        rows = list_groups(self.vault, self.status_filter.currentData() or "")
        self.model.set_rows(rows)
        count = len(rows)
        self.count_label.setText(f"{count} {'gruppe' if count == 1 else 'grupper'}")
        has_any = bool(rows) or bool(self.status_filter.currentData())
        self.stack.setCurrentIndex(0 if has_any else 1)
        self._select_row(self.model.row_of(self.editor.group_id()))

    def _select_row(self, row: int) -> None:
        self._selecting = True
        try:
            if row < 0:
                self.view.selectionModel().clearSelection()
            else:
                self.view.selectRow(row)
        finally:
            self._selecting = False

    def select_group(self, group_id: str) -> None:
        """Select and open a group (clears the status filter if it hides it)."""
        if self.model.row_of(group_id) < 0 and self.status_filter.currentIndex():
            self.status_filter.setCurrentIndex(0)
        row = self.model.row_of(group_id)
        if row >= 0:
            self.view.setCurrentIndex(self.model.index(row, COL_NUMBER))
        if self.editor.group_id() != group_id and not self.editor.has_unsaved():
            self.editor.load(group_id)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._selecting or not current.isValid():
            return
        group_id = self.model.record(current.row())["id"]
        if group_id == self.editor.group_id():
            return
        if self.editor.has_unsaved() and not self.ask_discard():
            self._select_row(self.model.row_of(self.editor.group_id()))
            return
        self.editor.load(group_id)

    def _ask_discard(self) -> bool:
        text = "Der er ændringer i gruppen, som ikke er gemt. Vil du kassere dem?"
        return ask_confirmation(self, "Ændringer er ikke gemt", text, "Kassér ændringerne")

    def _group_changed(self, _group_id: str) -> None:
        self.reload()

    # -- new group -------------------------------------------------------------------------------------------

    def open_new_group(self) -> None:
        if self.vault is None:
            return
        self.open_new_dialog(NewGroupDialog(self.vault, self.today(), self), self._created)

    def _created(self, dialog: NewGroupDialog) -> None:
        if dialog.result_detail is None:
            return
        self.reload()
        self.select_group(dialog.result_detail.id)

