"""Sager: the case list (search as you type, filters) on the left and the case editor on the right.

The list holds only ids (`CaseTableModel`), read a page at a time, so thousands of cases open at once; the search
goes to the full-text index through `case_page` 200 ms after the last keystroke, and the total is counted right
after the first page is shown. Nothing here knows SQL or the registration rules: the page calls the service
functions of `sspdesk.cases` and shows their Danish messages.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMenu,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sspdesk.cases import active_profile, case_page, case_rows, count_cases, filter_values
from sspdesk.domain.forms import CASE_STATUS_LABELS as STATUS_LABELS
from sspdesk.store.cases_repo import CaseQuery
from sspdesk.store.vault import Vault
from sspdesk.ui import worker
from sspdesk.ui.cases.case_dialogs import NewCaseDialog
from sspdesk.ui.cases.case_editor import CaseEditor
from sspdesk.ui.cases.case_models import (
    COL_COORDINATOR,
    COL_FORUM,
    COL_KIND,
    COL_LEVEL,
    COL_NEXT_DUE,
    COL_NUMBER,
    COL_STATUS,
    COL_SUBJECT,
    HEADERS,
    CaseSortProxy,
    CaseTableModel,
    count_text,
)
from sspdesk.ui.widgets.confirm import ask_confirmation
from sspdesk.ui.widgets.list_keys import NoMatchHint, lead_into_list
from sspdesk.ui.widgets.list_parts import QuietSelection, empty_card, list_table, new_button, title_row
from sspdesk.ui.widgets.pages import Page

SEARCH_DELAY_MS = 200
EMPTY_TEXT = "Ingen sager endnu. Opret den første med Ny sag (Ctrl+N)."
_COLUMN_WIDTHS = {
    COL_NUMBER: 100,
    COL_KIND: 92,
    COL_LEVEL: 46,
    COL_STATUS: 62,
    COL_FORUM: 150,
    COL_COORDINATOR: 130,
    COL_NEXT_DUE: 108,  # room for the overdue mark (an icon besides the red date)
}
_HIDDEN_COLUMNS = (COL_KIND, COL_FORUM, COL_COORDINATOR)  # narrow list by default; the header menu shows them
_FILTERS = (("level", "Niveau"), ("status", "Status"), ("forum", "Mødeforum"), ("coordinator", "Koordinator"))

AskDiscard = Callable[[list[str]], bool]


class CasesPage(Page):
    title = "Sager"
    icon_name = "cases"

    def __init__(self, parent: QWidget | None = None, today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self.ask_discard: AskDiscard = self._ask_discard
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(10)
        layout.addLayout(self._title_row())
        layout.addLayout(self._filter_row())

        self.model = CaseTableModel(self, today=today)
        self.proxy = CaseSortProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = self._table()
        self.quiet = QuietSelection(self.view)
        self.editor = CaseEditor(today=today)
        self.editor.case_changed.connect(self._case_changed)
        self.editor.case_replaced.connect(self._case_replaced)
        self.splitter = QSplitter()
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(self.editor)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([480, 660])  # at 1366 px the subjects are readable and the form still fits

        self.stack = QStackedWidget()
        self.stack.addWidget(self.splitter)
        self.stack.addWidget(self._empty_state())
        layout.addWidget(self.stack, 1)

        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self._search_due)
        self.search.textChanged.connect(lambda _text: self.search_timer.start())
        # The total is counted just after the first page has been shown (the list itself never needs it).
        self.count_timer = QTimer(self)
        self.count_timer.setSingleShot(True)
        self.count_timer.setInterval(0)
        self.count_timer.timeout.connect(self._count_due)
        self._counted: CaseQuery | None = None
        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find.activated.connect(self.focus_search)
        lead_into_list(self.search, self.view)  # Down or Enter in the search goes into the list
        self.no_match = NoMatchHint(self.view, "Ingen sager", lambda: self.query() != CaseQuery(), self.reset_filters)
        self._set_enabled(False)

    # -- building --------------------------------------------------------------------------------------------

    def _title_row(self) -> QHBoxLayout:
        row, self.count_label = title_row(self.title)
        self.new_button = new_button("cases", "&Ny sag…", "Opret en DKE-Journal eller DKE-Sag", self.open_new_case)
        row.addWidget(self.new_button)
        return row

    def _filter_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(8)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Søg… (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Søg i sager")
        self.search.setMinimumWidth(180)
        row.addWidget(self.search, 2)
        self.filters: dict[str, QComboBox] = {}
        for key, label in _FILTERS:
            combo = QComboBox()
            combo.setAccessibleName(f"Filtrér på {label.lower()}")
            combo.setToolTip(f"Vis kun sager med denne {label.lower()}")
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(12)
            combo.currentIndexChanged.connect(lambda _index: self.reload())
            self.filters[key] = combo
            row.addWidget(combo, 1)
        self._reset_filter_items()
        return row

    def _table(self) -> QTableView:
        view = list_table(self.proxy, "Sager")
        header = view.horizontalHeader()
        header.setSortIndicatorClearable(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # list order from the query: newest first
        view.setSortingEnabled(True)
        for column, width in _COLUMN_WIDTHS.items():
            header.resizeSection(column, width)
        header.setSectionResizeMode(COL_SUBJECT, QHeaderView.ResizeMode.Stretch)
        for column in _HIDDEN_COLUMNS:
            view.setColumnHidden(column, True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)
        view.selectionModel().currentRowChanged.connect(self._current_changed)
        return view

    def _empty_state(self) -> QWidget:
        holder, self.empty_label = empty_card(
            "cases",
            EMPTY_TEXT,
            "Niveau I føres som DKE-Journal uden navn og CPR-nr.; niveau II–III som DKE-Sag.",
            "Ny sag…",
            self.open_new_case,
        )
        return holder

    def _column_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        for column, name in enumerate(HEADERS):
            if column in (COL_NUMBER, COL_SUBJECT):
                continue
            action = QAction(name, menu, checkable=True, checked=not self.view.isColumnHidden(column))
            action.toggled.connect(lambda shown, c=column: self.view.setColumnHidden(c, not shown))
            menu.addAction(action)
        menu.exec(self.view.horizontalHeader().mapToGlobal(pos))

    # -- vault -----------------------------------------------------------------------------------------------

    def on_unlocked(self, vault: Vault) -> None:
        super().on_unlocked(vault)
        self.model.set_fetcher(lambda ids: case_rows(vault, ids))
        self.editor.set_vault(vault)
        self._set_enabled(True)
        self._fill_filters()
        self.reload()

    def on_locked(self) -> None:
        self.search_timer.stop()
        self.count_timer.stop()
        self._counted = None
        self.close_new_dialog()
        self.editor.clear()
        self.editor.set_vault(None)
        self.model.clear()
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self._reset_filter_items()
        self.count_label.clear()
        self._set_enabled(False)
        super().on_locked()

    def refresh(self) -> None:
        if self.vault is None:
            return
        self._fill_filters()
        self.reload()
        if self.editor.detail is not None and not self.editor.has_unsaved():
            self.editor.reload()

    def shows_data(self) -> bool:
        return super().shows_data() or self.model.rowCount() > 0 or self.editor.detail is not None

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (self.new_button, self.search, *self.filters.values()):
            widget.setEnabled(enabled)

    # -- list ------------------------------------------------------------------------------------------------

    def _reset_filter_items(self) -> None:
        for key, label in _FILTERS:
            combo = self.filters[key]
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(f"{label}: alle", "")
            combo.blockSignals(False)

    def _fill_filters(self) -> None:
        if self.vault is None:
            return
        profile = active_profile(self.vault)
        for key, label in _FILTERS:
            combo = self.filters[key]
            chosen = combo.currentData() or ""
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(f"{label}: alle", "")
            for value in filter_values(self.vault, key):
                text = value
                if key == "status":
                    text = STATUS_LABELS.get(value, value)
                elif key == "level" and value in profile.level_codes():
                    text = f"{value} – {profile.level(value).name}"
                combo.addItem(text, value)
            index = combo.findData(chosen)
            combo.setCurrentIndex(max(index, 0))
            combo.blockSignals(False)

    def query(self) -> CaseQuery:
        chosen: dict[str, Any] = {key: combo.currentData() or "" for key, combo in self.filters.items()}
        return CaseQuery(text=self.search.text(), **chosen)

    def _search_due(self) -> None:
        # The timer fires whenever it likes, also while a job runs: then the search waits until no job runs. A job
        # has its own vault connection, but a search is logged (a write, which would wait for the job's transaction)
        # and a passphrase change takes the vault off the GUI thread altogether.
        if worker.busy():
            self.search_timer.start()
            return
        self.reload()

    def reload(self) -> None:
        """Re-run the query; the case in the editor stays selected if it is still listed."""
        if self.vault is None:
            return
        self.search_timer.stop()
        query, vault = self.query(), self.vault
        # The first page now, in list order and with LIMIT; the rest as the list scrolls (see CaseTableModel).
        self.model.set_source(lambda offset, limit: case_page(vault, query, offset, limit))  # keeps the sort order
        self._counted = query
        if self.model.complete:  # every match is on the first page: the count is known
            self._show_count(count_cases(vault, query, known=self.model.rowCount()))
        else:
            self.count_label.setText(f"{self.model.rowCount()}+ sager" + (" fundet" if query != CaseQuery() else ""))
            self.count_timer.start()  # counted after the first page has been shown
        has_any = self.model.rowCount() > 0 or bool(case_page(vault, CaseQuery(), 0, 1))
        self.stack.setCurrentIndex(0 if has_any else 1)
        self.quiet.select(self.proxy.row_of(self.editor.case_id()) if self.editor.case_id() else -1)

    def _count_due(self) -> None:
        """The total of the list's query (and the search's audit entry with its hits), after the first page."""
        if self.vault is None or self._counted is None:
            return
        if worker.busy():  # a search is logged: a write; wait for the job's, as _search_due does
            self.count_timer.start()
            return
        self._show_count(count_cases(self.vault, self._counted))

    def _show_count(self, total: int) -> None:
        filtered = self._counted is not None and self._counted != CaseQuery()
        self.count_label.setText(count_text(total) + (" fundet" if filtered else ""))

    def reset_filters(self) -> None:
        """No search and every filter on "alle" (Nulstil filtre), and the list again."""
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        for combo in self.filters.values():
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.reload()

    def select_case(self, case_id: str) -> None:
        """Select a case in the list and open it; clears search and filters if they hide it."""
        row = self.proxy.row_of(case_id)
        if row < 0:
            self.reset_filters()
            row = self.proxy.row_of(case_id)
        if row >= 0:
            self.view.setCurrentIndex(self.proxy.index(row, COL_NUMBER))  # loads it (asks about unsaved edits)
            self.view.scrollTo(self.proxy.index(row, 0))
        if self.editor.case_id() != case_id and not self.editor.has_unsaved():
            self.editor.load(case_id)

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if self.quiet.active or not current.isValid():
            return
        case_id = self.proxy.case_id(current.row())
        if not case_id or case_id == self.editor.case_id():
            return
        if self.editor.has_unsaved() and not self.ask_discard(self.editor.unsaved_titles()):
            self.quiet.select(self.proxy.row_of(self.editor.case_id()))
            return
        self.editor.load(case_id)

    def _ask_discard(self, titles: list[str]) -> bool:
        text = f"Der er ændringer i {', '.join(titles)}, som ikke er gemt. Vil du kassere dem?"
        return ask_confirmation(self, "Ændringer er ikke gemt", text, "Kassér ændringerne")

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _case_changed(self, case_id: str) -> None:
        self.model.refresh_ids([case_id])
        self._fill_filters()

    def _case_replaced(self, case_id: str) -> None:
        self._fill_filters()
        self.reload()
        self.select_case(case_id)

    # -- new case --------------------------------------------------------------------------------------------

    def open_new_case(self) -> None:
        if self.vault is None:
            return
        self.open_new_dialog(NewCaseDialog(self.vault, self), self._created)

    def _created(self, dialog: NewCaseDialog) -> None:
        if dialog.created is None:
            return
        self._fill_filters()
        self.reload()
        self.select_case(dialog.created.id)
