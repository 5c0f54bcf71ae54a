"""Mine frister's tables: one group of deadlines each (`DeadlineTableModel`, Vorta style: COL_* constants and a
record role), an "Udført" button painted in its last column (`ButtonDelegate`: no widget per row), and a table as tall
as its rows up to MAX_VISIBLE_ROWS (`DeadlineTable`). The box that holds them is `overview_page.DeadlinesBox`."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QBrush, QFont, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionButton,
    QStyleOptionViewItem,
    QTableView,
)

from sspdesk.cases import done_hint
from sspdesk.domain.cases import Deadline
from sspdesk.ui.overview.overview_boxes import MAX_VISIBLE_ROWS, OVERDUE_COLOUR, short_date

COL_DUE, COL_NUMBER, COL_SUBJECT, COL_LABEL, COL_DONE = range(5)
HEADERS = ("Frist", "Sag", "Sagens genstand", "Frist for", "")
_KEYS = ("due", "case_number", "case_subject", "label", "")  # Deadline attributes by column
RecordRole = Qt.ItemDataRole.UserRole + 1  # the row's Deadline from `deadline_groups`

DONE_TEXT = "Udført"
Index = QModelIndex | QPersistentModelIndex


class DeadlineTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None, overdue: bool = False) -> None:
        super().__init__(parent)
        self._rows: list[Deadline] = []
        self.overdue = overdue
        self._bold = QFont()
        self._bold.setBold(True)

    def set_rows(self, rows: list[Deadline]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def record(self, row: int) -> Deadline:
        return self._rows[row]

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
        if role == RecordRole:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COL_DONE:
                return "" if row.computed else DONE_TEXT  # a computed deadline is met by recording, not a tick
            if column == COL_DUE and not row.due:
                return row.waiting_text
            value = str(getattr(row, _KEYS[column]) or "")
            return short_date(value) if column == COL_DUE else value
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_DONE:
                return done_hint(row) if row.computed else "Markér fristen som udført (Ctrl+D)"
            when = f"frist {short_date(row.due)}" if row.due else row.waiting_text
            return f"{row.case_number}: {row.case_subject}\n{row.label} – {when}"
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_DUE and self.overdue:
            return QBrush(OVERDUE_COLOUR)
        if role == Qt.ItemDataRole.FontRole and column == COL_NUMBER:
            return self._bold
        if role == Qt.ItemDataRole.AccessibleTextRole and column == COL_DONE:
            return f"Markér {row.label} for {row.case_number} som udført"
        return None


class ButtonDelegate(QStyledItemDelegate):
    """Paints the cell as a push button (clicks arrive through the view's `clicked`): no widget per row."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        if not index.data():  # no button where there is nothing to mark
            super().paint(painter, option, index)
            return
        button = QStyleOptionButton()
        button.rect = QRect(option.rect).adjusted(4, 3, -4, -3)
        button.text = str(index.data() or "")
        button.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Raised
        if option.state & QStyle.StateFlag.State_MouseOver:
            button.state |= QStyle.StateFlag.State_MouseOver
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_PushButton, button, painter, widget)


class DeadlineTable(QTableView):
    """One group's deadlines; as tall as its rows up to MAX_VISIBLE_ROWS."""

    def __init__(self, model: DeadlineTableModel, name: str) -> None:
        super().__init__()
        self.setModel(model)
        self.setAccessibleName(name)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside it
        self.setWordWrap(False)
        self.setShowGrid(False)
        self.setAlternatingRowColors(True)
        self.setMouseTracking(True)  # hover on the Udført button
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(30)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for column, width in ((COL_DUE, 120), (COL_NUMBER, 116), (COL_DONE, 92)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            self.setColumnWidth(column, width)
        for column in (COL_SUBJECT, COL_LABEL):  # the two texts share the rest; tooltips show them whole
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.setItemDelegateForColumn(COL_DONE, ButtonDelegate(self))
        model.modelReset.connect(self._fit_height)
        self._fit_height()

    def _fit_height(self) -> None:
        rows = min(self.model().rowCount(), MAX_VISIBLE_ROWS)
        height = self.horizontalHeader().sizeHint().height() + rows * self.verticalHeader().defaultSectionSize()
        self.setFixedHeight(height + 2 * self.frameWidth())
