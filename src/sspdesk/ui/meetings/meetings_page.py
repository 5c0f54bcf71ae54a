"""Møder: the list of meetings (filters by forum and status) on the left, the chosen meeting on the right
(`MeetingDetailPane`), and meeting mode (F5, `MeetingModeView`), which takes over the page while the minutes are typed.

The page only calls the service functions of `sspdesk.meetings` and `sspdesk.dispositions`. Locking first closes
meeting mode – which saves the pending minutes while the vault is still open – and then clears every widget.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sspdesk.dispositions import forums
from sspdesk.domain.meetings import MEETING_STATUS_LABELS, MeetingDetail
from sspdesk.meetings import list_meetings
from sspdesk.store.vault import Vault
from sspdesk.ui.icons import icon
from sspdesk.ui.meetings.contacts_dialog import ContactsDialog
from sspdesk.ui.meetings.meeting_detail import MeetingDetailPane
from sspdesk.ui.meetings.meeting_dialogs import NewMeetingDialog
from sspdesk.ui.meetings.meeting_mode import MeetingModeView
from sspdesk.ui.meetings.meeting_models import (
    COL_FORUM,
    COL_ITEMS,
    COL_NUMBER,
    COL_OPEN,
    COL_STATUS,
    COL_TIME,
    MeetingSortProxy,
    MeetingTableModel,
    count_text,
)
from sspdesk.ui.widgets.empty_state import EmptyState, ListOrEmpty
from sspdesk.ui.widgets.list_keys import NoMatchHint
from sspdesk.ui.widgets.list_parts import list_table, new_button, title_row
from sspdesk.ui.widgets.pages import Page
from sspdesk.ui.window_state import RESTORED

EMPTY_TEXT = "Ingen møder endnu. Opret det første med Nyt møde… (Ctrl+N)."
EMPTY_NOTE = (
    "Et nyt møde får deltagerne fra mødeforummet og et forslag til dagsorden: sager til opfølgning, dispositioner, "
    "der ikke er udført, og frister før næste møde."
)

# COL_TIME holds "10.03.2026 kl. 14.00" (dates.stamp_text)
_LIST_WIDTHS = {COL_NUMBER: 98, COL_TIME: 136, COL_STATUS: 68, COL_ITEMS: 58, COL_OPEN: 72}


class MeetingsPage(Page):
    title = "Møder"
    icon_name = "meetings"

    def __init__(self, parent: QWidget | None = None, today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self.today = today
        self.stack = QStackedWidget()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        browse = QWidget()
        column = QVBoxLayout(browse)
        column.setContentsMargins(20, 16, 20, 12)
        column.setSpacing(10)
        column.addLayout(self._title_row())
        column.addLayout(self._filter_row())
        self.model = MeetingTableModel(self, today=today)
        self.proxy = MeetingSortProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = self._list()
        self.detail = MeetingDetailPane(self.run_job)
        self.detail.changed.connect(lambda _id: self.reload())
        self.detail.mode_requested.connect(self.open_meeting_mode)
        self.splitter = QSplitter()
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self._sized = False
        empty = EmptyState("meetings", EMPTY_TEXT, EMPTY_NOTE, "Nyt møde…", self.open_new_meeting)
        self.lists = ListOrEmpty(self.splitter, empty)  # the card while there is no meeting at all
        column.addWidget(self.lists, 1)
        self.stack.addWidget(browse)

        self.mode = MeetingModeView()
        self.mode.left.connect(self._mode_left)
        self.stack.addWidget(self.mode)
        self._set_enabled(False)

    # -- building --------------------------------------------------------------------------------------------

    def _title_row(self) -> QHBoxLayout:
        row, self.count_label = title_row(self.title)
        self.contacts_button = QPushButton(icon("groups"), "&Kontakter…")
        self.contacts_button.setToolTip("Kontaktregistret: fagpersoner, som deltagere vælges fra (aldrig de unge)")
        self.contacts_button.clicked.connect(self.open_contacts)
        row.addWidget(self.contacts_button)
        self.new_button = new_button(
            "meetings", "&Nyt møde…", "Opret et møde med forslag til dagsorden", self.open_new_meeting
        )
        row.addWidget(self.new_button)
        return row

    def _filter_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.forum_filter, self.status_filter = QComboBox(), QComboBox()
        for combo, name in ((self.forum_filter, "mødeforum"), (self.status_filter, "status")):
            combo.setAccessibleName(f"Filtrér på {name}")
            combo.setToolTip(f"Vis kun møder med denne {name}")
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.currentIndexChanged.connect(lambda _index: self.reload())
            row.addWidget(combo)
        row.addStretch(1)
        self._reset_filters()
        return row

    def _list(self) -> QTableView:
        view = list_table(self.proxy, "Møder")
        view.setSortingEnabled(True)
        header = view.horizontalHeader()
        header.setSortIndicatorClearable(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # the service's order: newest first
        for column, width in _LIST_WIDTHS.items():
            header.resizeSection(column, width)
        header.setSectionResizeMode(COL_FORUM, QHeaderView.ResizeMode.Stretch)
        view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.no_match = NoMatchHint(view, "Ingen møder", self._filtered, self.show_all)
        return view

    def _filtered(self) -> bool:
        return self.forum_filter.currentIndex() > 0 or self.status_filter.currentIndex() > 0

    def show_all(self) -> None:
        """Nulstil filtre: every forum and status."""
        for combo in (self.forum_filter, self.status_filter):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.reload()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._sized:  # first shown at its real width: the list gets 57 % (its columns need it)
            self._sized = True
            if self.splitter.property(RESTORED):  # … unless the user's own sizes from last time are back
                return
            width = sum(self.splitter.sizes()) or self.width() - 40  # hidden behind the empty state: no sizes yet
            self.splitter.setSizes([width * 57 // 100, width - width * 57 // 100])

    # -- vault -----------------------------------------------------------------------------------------------

    def on_unlocked(self, vault: Vault) -> None:
        super().on_unlocked(vault)
        self.detail.set_vault(vault)
        self._set_enabled(True)
        self._fill_filters()
        self.reload()

    def on_locked(self) -> None:
        self.mode.close_meeting()  # saves the pending minutes while the vault is still open
        self.stack.setCurrentIndex(0)
        self.close_new_dialog()
        self.detail.clear()
        self.detail.set_vault(None)
        self.model.clear()
        self._reset_filters()
        self.count_label.clear()
        self._set_enabled(False)
        super().on_locked()

    def refresh(self) -> None:
        if self.vault is None or self.in_meeting_mode():
            return
        self._fill_filters()
        self.reload()
        if self.detail.meeting_id():
            self.detail.load(self.detail.meeting_id())

    def shows_data(self) -> bool:
        return super().shows_data() or self.model.rowCount() > 0 or self.detail.shows_data() or self.mode.shows_data()

    def in_meeting_mode(self) -> bool:
        return self.stack.currentWidget() is self.mode

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (self.new_button, self.contacts_button, self.forum_filter, self.status_filter):
            widget.setEnabled(enabled)

    # -- list ------------------------------------------------------------------------------------------------

    def _reset_filters(self) -> None:
        for combo, first in ((self.forum_filter, "Mødeforum: alle"), (self.status_filter, "Status: alle")):
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(first, "")
            combo.blockSignals(False)

    def _fill_filters(self) -> None:
        if self.vault is None:
            return
        chosen = (self.forum_filter.currentData() or "", self.status_filter.currentData() or "")
        self._reset_filters()
        values = (
            [(f.name, f.name) for f in forums(self.vault)],
            [(text, key) for key, text in MEETING_STATUS_LABELS.items()],
        )
        for combo, pairs, current in zip((self.forum_filter, self.status_filter), values, chosen, strict=True):
            combo.blockSignals(True)
            for text, data in pairs:
                combo.addItem(text, data)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(False)

    def reload(self) -> None:
        """Re-read the list; the shown meeting stays selected if it is still listed."""
        if self.vault is None:
            return
        forum, status = self.forum_filter.currentData() or "", self.status_filter.currentData() or ""
        meetings = list_meetings(self.vault, forum=forum, status=status)
        self.model.set_rows(meetings)
        self.count_label.setText(count_text(len(meetings)) + (" fundet" if forum or status else ""))
        self.lists.show_empty(not meetings and not (forum or (status and list_meetings(self.vault))))
        row = self.proxy.row_of(self.detail.meeting_id()) if self.detail.meeting_id() else -1
        if row >= 0:
            self._select_row(row)
        else:
            self.detail.show_detail(None)

    def _select_row(self, row: int) -> None:
        """Select a row without loading the meeting again."""
        selection = self.view.selectionModel()
        selection.blockSignals(True)
        self.view.selectRow(row)
        selection.blockSignals(False)
        self.view.scrollTo(self.proxy.index(row, 0))

    def select_meeting(self, meeting_id: str, item_id: str = "") -> None:
        """Select a meeting in the list and show it; clears the filters if they hide it."""
        filtered = self.forum_filter.currentIndex() > 0 or self.status_filter.currentIndex() > 0
        if self.proxy.row_of(meeting_id) < 0 and filtered:
            for combo in (self.forum_filter, self.status_filter):
                combo.blockSignals(True)
                combo.setCurrentIndex(0)
                combo.blockSignals(False)
            self.reload()
        self.detail.load(meeting_id, item_id)
        row = self.proxy.row_of(meeting_id)
        if row >= 0:
            self._select_row(row)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        meeting = self.proxy.meeting(current.row()) if current.isValid() else None
        if meeting is not None and meeting.id != self.detail.meeting_id():
            self.detail.load(meeting.id)

    # -- new meeting -----------------------------------------------------------------------------------------

    def open_new_meeting(self) -> None:
        if self.vault is None:
            return
        self.open_new_dialog(NewMeetingDialog(self.vault, self, today=self.today()), self._created)

    def open_contacts(self) -> ContactsDialog | None:
        """Kontakter…: the register of professionals, window-modal (a lock closes it with the other dialogs)."""
        if self.vault is None:
            return None
        dialog = ContactsDialog(self.vault, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _created(self, dialog: NewMeetingDialog) -> None:
        if isinstance(dialog.result_value, MeetingDetail):
            self._fill_filters()
            self.reload()
            self.select_meeting(dialog.result_value.id)

    # -- meeting mode ----------------------------------------------------------------------------------------

    def open_meeting_mode(self, meeting_id: str = "", item_id: str = "") -> None:
        """F5: the shown meeting (or `meeting_id`) in meeting mode, at the selected agenda item."""
        meeting_id = meeting_id or self.detail.meeting_id()
        if self.vault is None or not meeting_id:
            return
        if not item_id and meeting_id == self.detail.meeting_id():
            item = self.detail.selected_item()
            item_id = item.id if item else ""
        self.mode.open_meeting(self.vault, meeting_id, item_id)
        self.stack.setCurrentWidget(self.mode)
        self.mode.discussion.setFocus(Qt.FocusReason.OtherFocusReason)

    def _mode_left(self) -> None:
        meeting_id = self.detail.meeting_id()
        self.stack.setCurrentIndex(0)
        if meeting_id:
            self.detail.load(meeting_id)
        self.reload()
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
