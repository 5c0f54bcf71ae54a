"""The consent list model of the Samtykker page, and the state labels and colours the page and the badge share.

A unit has at most a few hundred consents, so the model holds the `Consent` records themselves (read once with
`list_consents`); the status of each is computed for "today" when the list is (re)loaded. The proxy in front of it
sorts on a sort role and filters on status and on the sag.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from sspdesk.consents import STATUS_LABELS, Consent
from sspdesk.domain.dates import date_text
from sspdesk.ui import theme

COL_REFERENCE, COL_CASE, COL_DATE, COL_VALID_UNTIL, COL_STATUS = range(5)
HEADERS = ("Reference", "Sag", "Dato", "Gyldig til", "Status")

SortRole = Qt.ItemDataRole.UserRole + 1
RecordRole = Qt.ItemDataRole.UserRole + 2  # the Consent
IdRole = Qt.ItemDataRole.UserRole + 3
StateRole = Qt.ItemDataRole.UserRole + 4  # valid | expiring | unsigned | withdrawn | expired | not_yet_valid

# Short labels for the list and the badge (the long ones, STATUS_LABELS, are the tooltips).
STATE_LABELS = {
    "valid": "Gyldigt",
    "expiring": "Udløber snart",
    "unsigned": "Ikke underskrevet",
    "withdrawn": "Tilbagekaldt",
    "expired": "Udløbet",
    "missing": "Mangler",
    "not_yet_valid": "Gælder endnu ikke",
}
# state → the theme's (text colour, background) names; looked up when drawn (see `state_colours`)
STATE_COLOURS = {state: (f"consent_{state}_text", f"consent_{state}") for state in STATE_LABELS}
# The order of the status filter: what needs attention first.
FILTER_STATES = ("unsigned", "expiring", "valid", "not_yet_valid", "expired", "withdrawn")


def state_label(state: str) -> str:
    return STATE_LABELS.get(state, state)


def state_colours(state: str) -> tuple[str, str]:
    """A state's (text colour, background) as #rrggbb in the current light/dark mode."""
    ink, background = STATE_COLOURS.get(state, ("badge_text", "badge"))
    return theme.colour(ink), theme.colour(background)


def state_style(state: str) -> str:
    """The stylesheet of a coloured state badge."""
    ink, background = state_colours(state)
    return f"border-radius: 3px; padding: 2px 8px; font-weight: bold; color: {ink}; background: {background};"


def count_text(count: int) -> str:
    return "1 samtykke" if count == 1 else f"{count} samtykker"


Index = QModelIndex | QPersistentModelIndex


class ConsentTableModel(QAbstractTableModel):
    """One row per consent, newest consent date first (the order `list_consents` gives)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._consents: list[Consent] = []
        self._states: list[str] = []
        self._bold = QFont()
        self._bold.setBold(True)

    def set_consents(self, consents: Sequence[Consent], on: date) -> None:
        self.beginResetModel()
        self._consents = list(consents)
        self._states = [c.state(on) for c in self._consents]
        self.endResetModel()

    def clear(self) -> None:
        self.set_consents([], date.today())

    def consent(self, row: int) -> Consent:
        return self._consents[row]

    def row_of(self, consent_id: str) -> int:
        return next((row for row, c in enumerate(self._consents) if c.id == consent_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._consents)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._consents):
            return None
        consent, state, column = self._consents[index.row()], self._states[index.row()], index.column()
        if role == RecordRole:
            return consent
        if role == IdRole:
            return consent.id
        if role == StateRole:
            return state
        if role == SortRole:
            return self._sort_key(consent, state, column)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._display(consent, state, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return STATUS_LABELS.get(state, state) if column == COL_STATUS else self._display(consent, state, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == COL_STATUS:
                return QBrush(QColor(state_colours(state)[0]))
            return QBrush(theme.qcolour("muted")) if state in ("withdrawn", "expired") else None
        if role == Qt.ItemDataRole.BackgroundRole and column == COL_STATUS:
            return QBrush(QColor(state_colours(state)[1]))
        if role == Qt.ItemDataRole.FontRole and column in (COL_REFERENCE, COL_STATUS):
            return self._bold
        return None

    @staticmethod
    def _display(consent: Consent, state: str, column: int) -> str:
        if column == COL_REFERENCE:
            return consent.reference
        if column == COL_CASE:
            return ", ".join(n for n in consent.case_numbers if n)
        if column == COL_DATE:
            return date_text(consent.consent_date)
        if column == COL_VALID_UNTIL:
            return date_text(consent.valid_until)
        return state_label(state)

    @staticmethod
    def _sort_key(consent: Consent, state: str, column: int) -> str:
        if column == COL_DATE:
            return consent.consent_date.isoformat()
        if column == COL_VALID_UNTIL:
            return consent.valid_until.isoformat()
        if column == COL_STATUS:
            return f"{FILTER_STATES.index(state) if state in FILTER_STATES else 9}"
        return ConsentTableModel._display(consent, state, column).casefold()


class ConsentFilterProxy(QSortFilterProxyModel):
    """Sorts on SortRole; shows only the chosen status and/or the consents covering the chosen sag."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SortRole)
        self._state = ""
        self._case_id = ""

    def set_filter(self, state: str = "", case_id: str = "") -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.10+; invalidateRowsFilter() is deprecated there
            self.beginFilterChange()
            self._state, self._case_id = state, case_id
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._state, self._case_id = state, case_id
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        if self._state and model.data(index, StateRole) != self._state:
            return False
        return not self._case_id or self._case_id in model.data(index, RecordRole).case_ids

    def consent_id(self, row: int) -> str:
        return self.data(self.index(row, 0), IdRole) or ""

    def row_of(self, consent_id: str) -> int:
        return next((row for row in range(self.rowCount()) if self.consent_id(row) == consent_id), -1)
