"""Models of the Møder page and meeting mode: the meeting list, the agenda (with drag-and-drop), the participants and
the dispositions of an item.

Like the case list (`case_models`), each is a QAbstractTableModel with COL_* constants, a record role and a sort role;
the rows are the dataclasses of `sspdesk.domain.meetings`, read by the page through the service functions. Meetings
are few (a few hundred a year), so the list model holds whole rows; the models never touch the vault themselves –
an edit is a signal the page turns into a service call.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QFont

from sspdesk.domain.dates import date_text, stamp_text
from sspdesk.domain.meetings import (
    MEETING_STATUS_LABELS,
    PARTICIPANT_STATUS_LABELS,
    AgendaItem,
    Disposition,
    Meeting,
    Participant,
)
from sspdesk.ui import theme
from sspdesk.ui.widgets.status_marks import overdue_mark

SortRole = Qt.ItemDataRole.UserRole + 1
RecordRole = Qt.ItemDataRole.UserRole + 2  # the dataclass of the row
IdRole = Qt.ItemDataRole.UserRole + 3

GREY = theme.qcolour("muted")  # pages are imported once the application knows its light/dark mode
GREEN = theme.qcolour("ok")
ACCENT = theme.qcolour("accent")
OVERDUE = theme.qcolour("error")
AGENDA_MIME = "application/x-sspdesk-agenda-item"

Index = QModelIndex | QPersistentModelIndex
_DISPLAY = Qt.ItemDataRole.DisplayRole


def forum_text(meeting: Meeting) -> str:
    return f"{meeting.forum} – {meeting.area}" if meeting.area else meeting.forum


def count_text(count: int) -> str:
    return "1 møde" if count == 1 else f"{count} møder"


class _RowModel(QAbstractTableModel):
    """Rows of dataclasses with an `id`; subclasses give HEADERS and `_text`."""

    HEADERS: tuple[str, ...] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []
        self._bold = QFont()
        self._bold.setBold(True)

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([])

    def rows(self) -> list[Any]:
        return list(self._rows)

    def record(self, row: int) -> Any:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, record_id: str) -> int:
        return next((n for n, row in enumerate(self._rows) if row.id == record_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == _DISPLAY:
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        record = self.record(index.row()) if index.isValid() else None
        if record is None:
            return None
        if role == RecordRole:
            return record
        if role == IdRole:
            return record.id
        if role in (_DISPLAY, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.EditRole):
            return self._text(record, index.column()) or None
        if role == SortRole:
            return self._sort_key(record, index.column())
        return self._style(record, index.column(), role)

    def _text(self, record: Any, column: int) -> str:
        raise NotImplementedError

    def _sort_key(self, record: Any, column: int) -> Any:
        return self._text(record, column).casefold()

    def _style(self, record: Any, column: int, role: int) -> Any:
        return None


# -- the meeting list ------------------------------------------------------------------------------------------

COL_NUMBER, COL_TIME, COL_FORUM, COL_STATUS, COL_ITEMS, COL_OPEN = range(6)


class MeetingTableModel(_RowModel):
    HEADERS = ("Nummer", "Tidspunkt", "Mødeforum", "Status", "Punkter", "Åbne disp.")

    def __init__(self, parent: Any = None, today: Any = date.today) -> None:
        super().__init__(parent)
        self.today = today

    def _text(self, record: Meeting, column: int) -> str:
        return (
            record.number,
            stamp_text(record.starts_at),
            forum_text(record),
            MEETING_STATUS_LABELS.get(record.status, record.status),
            str(record.item_count),
            str(record.open_dispositions),
        )[column]

    def _sort_key(self, record: Meeting, column: int) -> Any:
        if column == COL_TIME:
            return record.starts_at
        if column in (COL_ITEMS, COL_OPEN):
            return (record.item_count, record.open_dispositions)[column - COL_ITEMS]
        return super()._sort_key(record, column)

    def _style(self, record: Meeting, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.FontRole and column == COL_NUMBER:
            return self._bold
        upcoming = record.status == "open" and record.starts_at[:10] >= self.today().isoformat()
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_TIME and upcoming:
            return QBrush(ACCENT)  # a meeting still to come
        if role == Qt.ItemDataRole.ForegroundRole:
            if record.status == "cancelled" or (column == COL_STATUS and record.status == "approved"):
                return QBrush(GREY)
            if column == COL_STATUS:
                return QBrush(GREEN)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (COL_ITEMS, COL_OPEN):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class MeetingSortProxy(QSortFilterProxyModel):
    """The view's model in front of `MeetingTableModel`: sorts on the sort role."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SortRole)

    def meeting(self, row: int) -> Meeting | None:
        return self.data(self.index(row, 0), RecordRole)

    def row_of(self, meeting_id: str) -> int:
        source = self.sourceModel()
        source_row = source.row_of(meeting_id) if isinstance(source, MeetingTableModel) else -1
        return -1 if source_row < 0 else self.mapFromSource(source.index(source_row, 0)).row()


# -- the agenda --------------------------------------------------------------------------------------------------

COL_POSITION, COL_HEADING, COL_MINUTES, COL_DISPOSITIONS = range(4)


class AgendaModel(_RowModel):
    """The agenda of one meeting. Dragging a row emits `move_requested(item_id, new_position)` (1 = first)."""

    HEADERS = ("Nr.", "Punkt", "Referat", "Disp.")
    move_requested = Signal(str, int)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.movable = True

    def _text(self, record: AgendaItem, column: int) -> str:
        if column == COL_POSITION:
            return f"{record.position}."
        if column == COL_HEADING:
            return record.heading
        if column == COL_MINUTES:
            return "Skrevet" if (record.minutes.discussion.strip() or record.minutes.decision.strip()) else "–"
        return str(len(record.dispositions)) if record.dispositions else ""

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        record = self.record(index.row()) if index.isValid() else None
        if record is not None and role == Qt.ItemDataRole.ToolTipRole and index.column() == COL_HEADING:
            return "\n".join(filter(None, [record.heading, record.reason]))
        return super().data(index, role)

    def _style(self, record: AgendaItem, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and column in (COL_POSITION, COL_MINUTES):
            return QBrush(GREY)
        return None

    # drag and drop: the view moves a row; the page saves the new order through `move_item`

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if not self.movable:
            return base
        if index.isValid():
            return base | Qt.ItemFlag.ItemIsDragEnabled
        return base | Qt.ItemFlag.ItemIsDropEnabled

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [AGENDA_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        data = QMimeData()
        rows = sorted({i.row() for i in indexes if i.isValid()})
        if rows:
            data.setData(AGENDA_MIME, self._rows[rows[0]].id.encode())
        return data

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index) -> bool:
        return self.movable and data.hasFormat(AGENDA_MIME)

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        source = self.row_of(bytes(data.data(AGENDA_MIME).data()).decode())
        if source < 0:
            return False
        target = row if row >= 0 else (parent.row() if parent.isValid() else len(self._rows))
        final = target - 1 if target > source else target  # dropped *before* `target`
        if final == source:
            return False
        item_id = self._rows[source].id
        # After the drop event: the page reloads the model, which must not happen inside the view's drop handling.
        QTimer.singleShot(0, lambda: self.move_requested.emit(item_id, final + 1))
        return True


# -- participants ------------------------------------------------------------------------------------------------

COL_NAME, COL_ROLE, COL_PRESENCE = range(3)
PRESENCE_CYCLE = {"invited": "present", "present": "absent", "absent": "invited"}


class ParticipantModel(_RowModel):
    """Deltagere. Name and role can be edited in place (`edited(id, field, value)`); the page saves them."""

    HEADERS = ("Navn", "Rolle", "Status")
    edited = Signal(str, str, str)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.editable = True

    def _text(self, record: Participant, column: int) -> str:
        return (record.name, record.role, PARTICIPANT_STATUS_LABELS.get(record.status, record.status))[column]

    def _style(self, record: Participant, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_PRESENCE:
            return QBrush(GREEN if record.status == "present" else GREY)
        if role == Qt.ItemDataRole.FontRole and column == COL_PRESENCE and record.status == "present":
            return self._bold
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if self.editable and index.isValid() and index.column() in (COL_NAME, COL_ROLE):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        record = self.record(index.row()) if index.isValid() else None
        if record is None or role != Qt.ItemDataRole.EditRole or index.column() not in (COL_NAME, COL_ROLE):
            return False
        text = str(value or "").strip()
        field = "name" if index.column() == COL_NAME else "role"
        if text == getattr(record, field):
            return False
        self.edited.emit(record.id, field, text)
        return True


# -- dispositions ------------------------------------------------------------------------------------------------

COL_OWNER, COL_WHAT, COL_DUE, COL_DONE = range(4)


class DispositionModel(_RowModel):
    """Dispositioner (hvem gør hvad, hvornår). The Udført column is a checkbox: `done_toggled(id, done)`."""

    HEADERS = ("Hvem", "Hvad", "Frist", "Udført")
    done_toggled = Signal(str, bool)

    def __init__(self, parent: Any = None, today: Any = date.today) -> None:
        super().__init__(parent)
        self.today = today

    def _text(self, record: Disposition, column: int) -> str:
        if column == COL_DUE:
            return date_text(record.due) if record.due else ""
        if column == COL_DONE:
            return date_text(record.done_on) if not record.is_open else ""
        return (record.owner, record.what)[column]

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        record = self.record(index.row()) if index.isValid() else None
        if record is not None and role == Qt.ItemDataRole.CheckStateRole and index.column() == COL_DONE:
            return Qt.CheckState.Unchecked if record.is_open else Qt.CheckState.Checked
        if record is not None and role == Qt.ItemDataRole.ToolTipRole and index.column() == COL_WHAT:
            origin = f" (fra {record.origin})" if record.origin else ""
            return f"{record.owner}: {record.what}{origin}"
        return super().data(index, role)

    def _style(self, record: Disposition, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole:
            if record.overdue(self.today()) and column == COL_DUE:
                return QBrush(OVERDUE)
            if not record.is_open:
                return QBrush(GREY)
        if record.overdue(self.today()) and column == COL_DUE:  # not the colour alone: an icon and the word
            return overdue_mark(role, self._text(record, column))
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() == COL_DONE:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        record = self.record(index.row()) if index.isValid() else None
        if record is None or role != Qt.ItemDataRole.CheckStateRole or index.column() != COL_DONE:
            return False
        done = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(value, bool) else value
        self.done_toggled.emit(record.id, done)
        return True

    def replace(self, disposition: Disposition) -> None:
        row = self.row_of(disposition.id)
        if row >= 0:
            self._rows[row] = disposition
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.HEADERS) - 1))
