"""The case list model: keeps only case ids and fetches the shown rows lazily, a page at a time.

Like Anki's browser model, the list holds ids and reads the row texts with `case_rows` only when the view asks for
them, 200 at a time, then cached. The ids themselves come a page at a time too (`set_source`: the page passes
`case_page`): the first 200 when the list is filled, more when the view scrolls to the end (Qt's `canFetchMore` /
`fetchMore`), each page read in order from an index. So the first page costs the same at 1,000 or 200,000 cases; the
page counts the total separately (`count_cases`).

Sorting on a column the query did not order by needs every row, so it reads the missing ones in chunks of 1,000 and
sorts the ids in Python with one key per row. Letting `QSortFilterProxyModel` compare rows itself would call back into
Python twice per comparison (≈1.6 million calls for 50,000 cases, several seconds); `CaseSortProxy` therefore hands
the sort to the model and stays in front of it for the view (and for filtering, should a page need it).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QFont

from sspdesk.domain.cases import CaseRow
from sspdesk.domain.dates import date_text
from sspdesk.domain.forms import CASE_STATUS_LABELS as STATUS_LABELS
from sspdesk.domain.forms import KIND_LABELS
from sspdesk.ui import theme
from sspdesk.ui.widgets.status_marks import overdue_mark

COL_NUMBER, COL_KIND, COL_LEVEL, COL_SUBJECT, COL_STATUS, COL_FORUM, COL_COORDINATOR, COL_NEXT_DUE = range(8)
HEADERS = ("Nummer", "Type", "Niveau", "Sagens genstand", "Status", "Mødeforum", "Koordinator", "Næste frist")
_KEYS = ("number", "kind", "level", "subject", "status", "forum", "coordinator", "next_due")  # CaseRow attributes

SortRole = Qt.ItemDataRole.UserRole + 1
RecordRole = Qt.ItemDataRole.UserRole + 2  # the row's CaseRow
IdRole = Qt.ItemDataRole.UserRole + 3

PAGE_SIZE = 200  # rows read per lazy fetch
BULK_SIZE = 1000  # rows per query when every row is needed (sorting); stays below SQLite's variable limit
OVERDUE_COLOUR = theme.qcolour("error")  # pages are imported once the application knows its light/dark mode
CLOSED_COLOUR = theme.qcolour("muted")

RowFetcher = Callable[[list[str]], list[CaseRow]]
IdSource = Callable[[int, int], list[str]]  # (offset, limit) → ids in list order
ID_PAGE = 1000  # ids per fetch after the first page (a covering index read: about a millisecond)
Index = QModelIndex | QPersistentModelIndex


def _empty_row(case_id: str) -> CaseRow:
    """The row of a case that could not be read (deleted meanwhile): blank but for its id."""
    return CaseRow(case_id, "", "", "", "", "", "", "", "", "")


def count_text(count: int) -> str:
    return "1 sag" if count == 1 else f"{count} sager"


class CaseTableModel(QAbstractTableModel):
    """Rows are case ids; row texts are fetched on demand through `fetch` (the page passes `case_rows`)."""

    def __init__(self, parent: Any = None, today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self._ids: list[str] = []
        self._query_ids: list[str] = []  # the order the query gave (newest registration first)
        self._rows: dict[str, CaseRow] = {}
        self._fetch: RowFetcher | None = None
        self._source: IdSource | None = None  # where more ids come from; None when every id is here
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        self.today = today
        self._bold = QFont()
        self._bold.setBold(True)

    # -- content ---------------------------------------------------------------------------------------------

    def set_fetcher(self, fetch: RowFetcher | None) -> None:
        self._fetch = fetch

    def set_ids(self, ids: Sequence[str]) -> None:
        """Show these cases (in this order, or in the chosen sort order); cached rows still listed are kept."""
        self._set(list(ids), None)

    def set_source(self, source: IdSource, first: int = PAGE_SIZE) -> None:
        """Show the cases `source` lists: its first page now, the rest as the view scrolls (or all of them when a
        column sort or `row_of` needs them)."""
        ids = source(0, first + 1)  # one more: is there a next page?
        more = len(ids) > first
        self._set(ids[:first], source if more else None)

    @property
    def complete(self) -> bool:
        """True when every listed id is here (the list fitted in its first page, or it has been read to the end)."""
        return self._source is None

    def _set(self, ids: list[str], source: IdSource | None) -> None:
        self.beginResetModel()
        self._query_ids = ids
        self._source = source
        if self._sort_column >= 0:
            self._read_all_ids()  # a column sort needs every row
        keep = set(self._query_ids)
        self._rows = {k: v for k, v in self._rows.items() if k in keep}
        self._ids = self._sorted_ids()
        self.endResetModel()

    def _read_more_ids(self, limit: int) -> list[str]:
        if self._source is None:
            return []
        more = self._source(len(self._query_ids), limit + 1)
        if len(more) <= limit:
            self._source = None
        return more[:limit]

    def _read_all_ids(self) -> None:
        while self._source is not None:
            self._query_ids += self._read_more_ids(50 * ID_PAGE)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008 - Qt's signature
        return not parent.isValid() and self._source is not None

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008 - Qt's signature
        if parent.isValid() or self._source is None:
            return
        more = self._read_more_ids(ID_PAGE)
        if not more:
            return
        first = len(self._ids)
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        self._query_ids += more
        self._ids += more  # unsorted (a column sort reads every id first): the query's order continues
        self.endInsertRows()

    def clear(self) -> None:
        """Forget every id and row (the vault is locking)."""
        self.beginResetModel()
        self._ids, self._query_ids = [], []
        self._rows = {}
        self._fetch = None
        self._source = None
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column (-1: the query's order); kept for later `set_ids` until changed."""
        self._sort_column, self._sort_order = column, order
        if column >= 0 and self._source is not None:  # every id first: a reset, as the row count changes
            self._set(self._query_ids, self._source)
            return
        self.layoutAboutToBeChanged.emit()
        old_ids = self._ids
        self._ids = self._sorted_ids()
        new_rows = {case_id: row for row, case_id in enumerate(self._ids)}
        persistent = self.persistentIndexList()
        moved = [self.index(new_rows[old_ids[index.row()]], index.column()) for index in persistent]
        self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()

    def sort_column(self) -> int:
        return self._sort_column

    def _sorted_ids(self) -> list[str]:
        ids = list(self._query_ids)
        column = self._sort_column
        if not 0 <= column < len(HEADERS):
            return ids
        self._load_missing(ids)
        key = _KEYS[column]
        values = {case_id: self._sort_key(column, str(getattr(self._rows[case_id], key) or "")) for case_id in ids}
        # Python's sort is stable, also reversed: equal values keep the query's order (newest first).
        ids.sort(key=values.__getitem__, reverse=self._sort_order == Qt.SortOrder.DescendingOrder)
        return ids

    def ids(self) -> list[str]:
        return list(self._ids)

    def row_of(self, case_id: str) -> int:
        """The row of a case; a case beyond the ids read so far is looked for in the rest (read to the end)."""
        try:
            return self._ids.index(case_id)
        except ValueError:
            pass
        if self._source is None:
            return -1
        first = len(self._ids)
        self._read_all_ids()
        rest = self._query_ids[first:]
        if case_id not in rest:
            return -1
        self.beginInsertRows(QModelIndex(), first, first + len(rest) - 1)
        self._ids += rest
        self.endInsertRows()
        return self._ids.index(case_id)

    def cached_count(self) -> int:
        return len(self._rows)

    def refresh_ids(self, ids: Sequence[str]) -> None:
        """Re-read these rows (after an edit) and repaint them."""
        wanted = [i for i in ids if i in set(self._ids)]
        if not wanted or self._fetch is None:
            return
        for fetched in self._fetch(wanted):
            self._rows[fetched.id] = fetched
        for case_id in wanted:
            row = self._ids.index(case_id)
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))

    def _load_missing(self, ids: list[str]) -> None:
        """Read every row of `ids` not cached yet, in large chunks (before sorting)."""
        missing = [i for i in ids if i not in self._rows]
        for start in range(0, len(missing), BULK_SIZE):
            self._load(missing[start : start + BULK_SIZE])

    def _load(self, ids: list[str]) -> None:
        if self._fetch is None or not ids:
            return
        found = {row.id: row for row in self._fetch(ids)}
        for case_id in ids:  # a case deleted meanwhile gets an empty row instead of being fetched again and again
            self._rows[case_id] = found.get(case_id) or _empty_row(case_id)

    def record(self, row: int) -> CaseRow:
        case_id = self._ids[row]
        if case_id not in self._rows:
            start = (row // PAGE_SIZE) * PAGE_SIZE
            self._load([i for i in self._ids[start : start + PAGE_SIZE] if i not in self._rows])
        return self._rows.get(case_id) or _empty_row(case_id)

    # -- Qt model API ----------------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        if role == IdRole:
            return self._ids[index.row()]
        if role in (Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.AccessibleTextRole):  # not the colour alone
            due = self.record(index.row()).next_due if index.column() == COL_NEXT_DUE else ""
            return overdue_mark(role, self.data(index)) if self._overdue(due or "") else None
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.ForegroundRole,
            Qt.ItemDataRole.FontRole,
            SortRole,
            RecordRole,
        ):
            return None
        row = self.record(index.row())
        if role == RecordRole:
            return row
        column = index.column()
        value = str(getattr(row, _KEYS[column]) or "")
        if role == SortRole:
            return self._sort_key(column, value)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(row, column, value)
        if role == Qt.ItemDataRole.FontRole:
            return self._bold if column == COL_NUMBER else None
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_NEXT_DUE and self._overdue(value):
                return f"Fristen er overskredet ({date_text(value)})"
            return self._display(column, value) or None
        return self._display(column, value)

    @staticmethod
    def _display(column: int, value: str) -> str:
        if column == COL_KIND:
            return KIND_LABELS.get(value, value)
        if column == COL_STATUS:
            return STATUS_LABELS.get(value, value)
        if column == COL_NEXT_DUE:
            return date_text(value)
        return value

    def _overdue(self, due: str) -> bool:
        return bool(due) and due < self.today().isoformat()

    def _foreground(self, row: CaseRow, column: int, value: str) -> QBrush | None:
        if column == COL_NEXT_DUE and self._overdue(value):
            return QBrush(OVERDUE_COLOUR)
        if row.status not in ("", "open"):
            return QBrush(CLOSED_COLOUR)
        return None

    @staticmethod
    def _sort_key(column: int, value: str) -> str:
        if column == COL_NEXT_DUE:
            return value or "9999-99-99"  # cases without a dated deadline last
        if column == COL_LEVEL:
            return value.rjust(8)  # "II" before "III", "2" before "10"
        return value.casefold()


class CaseSortProxy(QSortFilterProxyModel):
    """The view's model in front of `CaseTableModel`; sorting is handed to the model (see the module docstring)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SortRole)
        self.setDynamicSortFilter(False)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if isinstance(source, CaseTableModel):
            source.sort(column, order)  # the proxy keeps the model's order
        else:
            super().sort(column, order)

    def case_id(self, row: int) -> str:
        return self.data(self.index(row, 0), IdRole) or ""

    def row_of(self, case_id: str) -> int:
        source = self.sourceModel()
        if not isinstance(source, CaseTableModel):
            return -1
        source_row = source.row_of(case_id)
        if source_row < 0:
            return -1
        return self.mapFromSource(source.index(source_row, 0)).row()
