"""Grupper: the bekymringsgrupper – list on the left (number, designation, area, status, members as counts), the
group's editor on the right (`sspdesk.ui.groups.group_editor`).

The list never shows who is in a group: a group's DKE-Sag members are a count here and case numbers in the editor,
its DKE-Journal members a count everywhere. The page calls only `sspdesk.groups`; `on_locked()` clears it all.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sspdesk.domain.groups import STATUS_LABELS, GroupRow
from sspdesk.groups import list_groups
from sspdesk.store.vault import Vault
from sspdesk.ui.groups.group_dialogs import NewGroupDialog
from sspdesk.ui.groups.group_editor import GroupEditor
from sspdesk.ui.widgets.confirm import ask_confirmation
from sspdesk.ui.widgets.list_keys import NoMatchHint
from sspdesk.ui.widgets.list_parts import QuietSelection, empty_card, list_table, new_button, title_row
from sspdesk.ui.widgets.pages import Page

Index = QModelIndex | QPersistentModelIndex
COL_NUMBER, COL_NAME, COL_AREA, COL_STATUS, COL_MEMBERS = range(5)
HEADERS = ("Nr.", "Betegnelse", "Område", "Status", "Medlemmer")
EMPTY_TEXT = "Ingen bekymringsgrupper endnu. Opret den første med Ny gruppe… (Ctrl+N)."
ABOUT_TEXT = (
    "En bekymringsgruppe screenes samlet: hvordan den bekymrende adfærd kommer til udtryk, gruppens interne "
    "dynamik (fx medløber eller toneangivende) og indsatser for gruppen og den enkelte."
)


def members_text(row: GroupRow) -> str:
    """'3 sager · 2 journaler': counts only, never which."""
    sager, journals = row.sag_members, row.journal_members
    parts = [f"{sager} {'sag' if sager == 1 else 'sager'}"] if sager else []
    parts += [f"{journals} {'journal' if journals == 1 else 'journaler'}"] if journals else []
    return " · ".join(parts) or "–"


class GroupTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[GroupRow] = []
        self._bold = QFont()
        self._bold.setBold(True)

    def set_rows(self, rows: list[GroupRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def record(self, row: int) -> GroupRow:
        return self._rows[row]

    def row_of(self, group_id: str) -> int:
        return next((i for i, row in enumerate(self._rows) if row.id == group_id), -1)

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
        group = row.group
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (group.number, group.name, group.area, STATUS_LABELS[group.status], members_text(row))[column]
        if role == Qt.ItemDataRole.FontRole and column == COL_NUMBER:
            return self._bold
        if role == Qt.ItemDataRole.ForegroundRole and group.status == "closed":
            return Qt.GlobalColor.gray
        return None


class GroupsPage(Page):
    title = "Grupper"
    icon_name = "groups"

    def __init__(self, parent: QWidget | None = None, today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self.today = today
        self.ask_discard: Callable[[], bool] = self._ask_discard
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(10)
        layout.addLayout(self._title_row())
        self.model = GroupTableModel(self)
        self.view = self._table()
        self.no_match = NoMatchHint(
            self.view, "Ingen grupper", lambda: self.status_filter.currentIndex() > 0, self._show_all
        )
        self.quiet = QuietSelection(self.view)
        self.editor = GroupEditor(today=today)
        self.editor.changed.connect(self._group_changed)
        self.splitter = QSplitter()
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(self.editor)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([540, 660])  # the list keeps room for the designation at 1366 px
        self.stack = QStackedWidget()
        self.stack.addWidget(self.splitter)
        self.stack.addWidget(self._empty_state())
        layout.addWidget(self.stack, 1)
        self._set_enabled(False)

    def _title_row(self) -> QHBoxLayout:
        row, self.count_label = title_row(self.title)
        self.status_filter = QComboBox()
        self.status_filter.setAccessibleName("Filtrér på status")
        self.status_filter.addItem("Status: alle", "")
        for key, label in STATUS_LABELS.items():
            self.status_filter.addItem(label, key)
        self.status_filter.currentIndexChanged.connect(lambda _index: self.reload())
        row.addWidget(self.status_filter)
        self.new_button = new_button("groups", "&Ny gruppe…", "Opret en bekymringsgruppe", self.open_new_group)
        row.addWidget(self.new_button)
        return row

    def _table(self) -> QTableView:
        view = list_table(self.model, "Bekymringsgrupper")
        header = view.horizontalHeader()
        for column, width in ((COL_NUMBER, 100), (COL_AREA, 80), (COL_STATUS, 78), (COL_MEMBERS, 130)):
            view.setColumnWidth(column, width)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        view.selectionModel().currentRowChanged.connect(self._current_changed)
        return view

    def _empty_state(self) -> QWidget:
        holder, _text = empty_card("groups", EMPTY_TEXT, ABOUT_TEXT, "Ny gruppe…", self.open_new_group)
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
        self.quiet.select(self.model.row_of(self.editor.group_id()))

    def _show_all(self) -> None:
        self.status_filter.setCurrentIndex(0)  # reloads

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
        if self.quiet.active or not current.isValid():
            return
        group_id = self.model.record(current.row()).id
        if group_id == self.editor.group_id():
            return
        if self.editor.has_unsaved() and not self.ask_discard():
            self.quiet.select(self.model.row_of(self.editor.group_id()))
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
