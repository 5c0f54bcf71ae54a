"""Møder: the list of meetings (filters by forum and status) on the left, the chosen meeting on the right –
participants, agenda (reorder with Alt+↑/Alt+↓ or drag-and-drop), printing, approval and addenda – and meeting
mode (F5), which takes over the page while the minutes are typed.

The page only calls the service functions of `sspdesk.meetings` and `sspdesk.dispositions` and shows their Danish
messages. The detail pane shows agenda headings, not minutes, so selecting a meeting is not logged as a view;
meeting mode, which shows the minutes, is. PDFs are made on the worker and written only where the user chooses.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QStandardPaths, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QMenu,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from sspdesk.dispositions import forums
from sspdesk.domain.meetings import MEETING_STATUS_LABELS, MeetingDetail
from sspdesk.meetings import (
    MeetingInvalid,
    MeetingNotFound,
    add_addendum,
    agenda_pdf,
    approve_minutes,
    get_meeting,
    list_meetings,
    minutes_pdf,
    move_item,
    remove_item,
    remove_participant,
    update_participant,
    withdraw_approval,
)
from sspdesk.store.vault import Vault
from sspdesk.ui import worker
from sspdesk.ui.case_sections import GREY, MessageBar, local_time
from sspdesk.ui.icons import icon
from sspdesk.ui.meeting_dialogs import ActionDialog, AddItemDialog, MeetingDialog, NewMeetingDialog, ParticipantDialog
from sspdesk.ui.meeting_mode import MeetingModeView
from sspdesk.ui.meeting_models import (
    COL_HEADING,
    COL_NAME,
    COL_NUMBER,
    COL_ROLE,
    COL_TIME,
    PRESENCE_CYCLE,
    AgendaModel,
    MeetingSortProxy,
    MeetingTableModel,
    ParticipantModel,
    count_text,
    forum_text,
    meeting_time,
)
from sspdesk.ui.pages import Page, page_heading

_LIST_WIDTHS = {COL_NUMBER: 104, COL_TIME: 118, 3: 74, 4: 60, 5: 76}
PDF_KINDS = {"agenda": ("Dagsorden som PDF…", "dagsorden"), "minutes": ("Referat som PDF…", "referat"),
             "redacted": ("Referat uden personoplysninger…", "referat uden personoplysninger")}


def _table(model: Any, name: str) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    view.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    view.horizontalHeader().setHighlightSections(False)
    return view


def _button(text: str, slot: Callable[[], None], tip: str = "") -> QPushButton:
    button = QPushButton(text)
    button.clicked.connect(lambda _checked=False: slot())
    button.setToolTip(tip)
    return button


def _key(widget: QWidget, keys: str, slot: Callable[[], None]) -> None:
    shortcut = QShortcut(QKeySequence(keys), widget)
    shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
    shortcut.activated.connect(slot)


class MeetingsPage(Page):
    title = "Møder"
    icon_name = "meetings"

    def __init__(self, parent: QWidget | None = None, today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self.today = today
        self.detail: MeetingDetail | None = None
        self.dialog: MeetingDialog | None = None
        self.file_dialog: QFileDialog | None = None
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
        splitter = QSplitter()
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.view)
        splitter.addWidget(self._detail_pane())
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 6)
        splitter.setSizes([520, 600])
        column.addWidget(splitter, 1)
        self.stack.addWidget(browse)
        self.mode = MeetingModeView()
        self.mode.left.connect(self._mode_left)
        self.mode.changed.connect(lambda _id: None)
        self.stack.addWidget(self.mode)
        self._set_enabled(False)

    # -- building --------------------------------------------------------------------------------------------

    def _title_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(page_heading(self.title))
        self.count_label = QLabel()
        self.count_label.setStyleSheet(f"color: {GREY};")
        row.addSpacing(10)
        row.addWidget(self.count_label, 0, Qt.AlignmentFlag.AlignBottom)
        row.addStretch(1)
        self.new_button = QPushButton(icon("meetings"), "&Nyt møde…")
        self.new_button.setShortcut(QKeySequence(QKeySequence.StandardKey.New))
        self.new_button.setToolTip("Opret et møde med forslag til dagsorden (Ctrl+N)")
        self.new_button.clicked.connect(self.open_new_meeting)
        row.addWidget(self.new_button)
        return row

    def _filter_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.forum_filter, self.status_filter = QComboBox(), QComboBox()
        for combo, name in ((self.forum_filter, "mødeforum"), (self.status_filter, "status")):
            combo.setAccessibleName(f"Filtrér på {name}")
            combo.setMinimumContentsLength(14)
            combo.currentIndexChanged.connect(lambda _i: self.reload())
            row.addWidget(combo)
        row.addStretch(1)
        self._reset_filters()
        return row

    def _list(self) -> QTableView:
        view = _table(self.proxy, "Møder")
        view.setSortingEnabled(True)
        header = view.horizontalHeader()
        header.setSortIndicatorClearable(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # the service's order: newest first
        for column, width in _LIST_WIDTHS.items():
            header.resizeSection(column, width)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        view.selectionModel().currentRowChanged.connect(self._current_changed)
        return view

    def _detail_pane(self) -> QWidget:
        self.detail_stack = QStackedWidget()
        self.placeholder = QLabel("Vælg et møde i listen – eller opret et nyt med Nyt møde (Ctrl+N).")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setStyleSheet(f"color: {GREY};")
        self.detail_stack.addWidget(self.placeholder)
        pane = QWidget()
        layout = QVBoxLayout(pane)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.setSpacing(8)
        self.header = QLabel()
        self.header.setObjectName("meetingHeader")
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setStyleSheet("#meetingHeader { background: #f4f7fb; border: 1px solid #d7e0ec;"
                                  " border-radius: 6px; padding: 10px 14px; }")
        layout.addWidget(self.header)
        self.message = MessageBar()
        layout.addWidget(self.message)
        layout.addLayout(self._actions())
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self._agenda_tab(), "Dagsorden")
        self.tabs.addTab(self._participants_tab(), "Deltagere")
        self.addenda = QListWidget()
        self.addenda.setWordWrap(True)
        self.addenda.setAccessibleName("Tillæg og tilbagekaldelser")
        self.tabs.addTab(self.addenda, "Tillæg")
        layout.addWidget(self.tabs, 1)
        self.detail_stack.addWidget(pane)
        return self.detail_stack

    def _actions(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.mode_button = _button("Mødetilstand (F5)", self.open_meeting_mode,
                                   "Skriv referatet under mødet, punkt for punkt")
        self.mode_button.setShortcut(QKeySequence("F5"))
        self.mode_button.setIcon(icon("meetings"))
        self.print_button = QToolButton()
        self.print_button.setText("Udskriv")
        self.print_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.print_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        menu = QMenu(self.print_button)
        self.pdf_actions = {kind: menu.addAction(text, lambda k=kind: self.choose_pdf_file(k))
                            for kind, (text, _name) in PDF_KINDS.items()}
        self.print_button.setMenu(menu)
        self.approve_button = _button("Godkend referat…", self.approve, "Godkend og lås referatet")
        self.withdraw_button = _button("Tilbagekald godkendelse…", self.withdraw, "Lås referatet op (begrundelse)")
        self.addendum_button = _button("Tillæg…", self.write_addendum, "Et dateret tillæg til det godkendte referat")
        for widget in (self.mode_button, self.print_button, self.approve_button, self.withdraw_button,
                       self.addendum_button):
            row.addWidget(widget)
        row.addStretch(1)
        return row

    def _agenda_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(0, 8, 0, 0)
        self.agenda = AgendaModel(self)
        self.agenda.move_requested.connect(self.move_to)
        self.agenda_view = view = _table(self.agenda, "Dagsorden")
        view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        view.setDefaultDropAction(Qt.DropAction.MoveAction)
        view.setDragDropOverwriteMode(False)
        view.setDropIndicatorShown(True)
        header = view.horizontalHeader()
        header.setSectionResizeMode(COL_HEADING, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 40), (2, 70), (3, 50)):
            header.resizeSection(column, width)
        view.doubleClicked.connect(lambda _index: self.open_meeting_mode())
        _key(view, "Alt+Up", lambda: self.move_selected(-1))
        _key(view, "Alt+Down", lambda: self.move_selected(1))
        _key(view, "Delete", self.remove_selected_item)
        _key(view, "Return", self.open_meeting_mode)
        layout.addWidget(view, 1)
        buttons = QHBoxLayout()
        self.agenda_buttons = [
            _button("Tilføj sag…", lambda: self.add_item("case")), _button("Tilføj emne…", lambda: self.add_item("topic")),
            _button("Fjern punkt", self.remove_selected_item, "Kun et punkt uden referat og dispositioner (Delete)"),
            _button("Op", lambda: self.move_selected(-1), "Flyt punktet op (Alt+↑)"),
            _button("Ned", lambda: self.move_selected(1), "Flyt punktet ned (Alt+↓)")]
        for button in self.agenda_buttons:
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        return tab

    def _participants_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(0, 8, 0, 0)
        self.participants = ParticipantModel(self)
        self.participants.edited.connect(self._participant_edited)
        self.participants_view = view = _table(self.participants, "Deltagere")
        view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed)
        view.horizontalHeader().setSectionResizeMode(COL_ROLE, QHeaderView.ResizeMode.Stretch)
        view.horizontalHeader().resizeSection(COL_NAME, 170)
        view.horizontalHeader().resizeSection(2, 90)
        _key(view, "Space", self.cycle_presence)
        layout.addWidget(view, 1)
        buttons = QHBoxLayout()
        self.participant_buttons = [
            _button("Til stede", lambda: self.set_presence("present"), "Mellemrum skifter status"),
            _button("Fraværende", lambda: self.set_presence("absent")),
            _button("Inviteret", lambda: self.set_presence("invited")),
            _button("Tilføj deltager…", self.add_participant), _button("Fjern", self.remove_participant)]
        for button in self.participant_buttons:
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(QLabel("Dobbeltklik på navn eller rolle for at rette det."))
        return tab

    # -- vault -----------------------------------------------------------------------------------------------

    def on_unlocked(self, vault: Vault) -> None:
        super().on_unlocked(vault)
        self._set_enabled(True)
        self._fill_filters()
        self.reload()

    def on_locked(self) -> None:
        self.mode.close_meeting()  # saves pending minutes while the vault is still open
        self.stack.setCurrentIndex(0)
        self._close_dialogs()
        self._show_detail(None)
        self.model.clear()
        self._reset_filters()
        self.count_label.clear()
        self._set_enabled(False)
        super().on_locked()

    def refresh(self) -> None:
        if self.vault is None or self.stack.currentIndex() == 1:
            return
        self._fill_filters()
        self.reload()

    def shows_data(self) -> bool:
        return (super().shows_data() or self.model.rowCount() > 0 or self.detail is not None
                or self.agenda.rowCount() > 0 or self.mode.shows_data() or bool(self.header.text()))

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (self.new_button, self.forum_filter, self.status_filter):
            widget.setEnabled(enabled)

    def _close_dialogs(self) -> None:
        for dialog in (self.dialog, self.file_dialog):
            if dialog is not None:
                dialog.reject()
                dialog.setParent(None)
                dialog.deleteLater()
        self.dialog = self.file_dialog = None

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
        for combo, values in ((self.forum_filter, [(f.name, f.name) for f in forums(self.vault)]),
                              (self.status_filter, [(v, k) for k, v in MEETING_STATUS_LABELS.items()])):
            combo.blockSignals(True)
            for text, data in values:
                combo.addItem(text, data)
            combo.blockSignals(False)
        for combo, value in zip((self.forum_filter, self.status_filter), chosen, strict=True):
            combo.blockSignals(True)
            combo.setCurrentIndex(max(0, combo.findData(value)))
            combo.blockSignals(False)

    def reload(self) -> None:
        """Re-read the list; the shown meeting stays selected (and is re-read) if still listed."""
        if self.vault is None:
            return
        meetings = list_meetings(self.vault, forum=self.forum_filter.currentData() or "",
                                 status=self.status_filter.currentData() or "")
        shown = self.detail.id if self.detail else ""
        self.model.set_rows(meetings)
        filtered = bool(self.forum_filter.currentData() or self.status_filter.currentData())
        self.count_label.setText(count_text(len(meetings)) + (" fundet" if filtered else ""))
        if shown and self.proxy.row_of(shown) >= 0:
            self.select_meeting(shown)
        else:
            self._show_detail(None)

    def select_meeting(self, meeting_id: str) -> None:
        row = self.proxy.row_of(meeting_id)
        if row < 0 and (self.forum_filter.currentIndex() or self.status_filter.currentIndex()):
            self._reset_filters()
            self._fill_filters()
            self.reload()
            row = self.proxy.row_of(meeting_id)
        if row >= 0:
            self.view.selectionModel().blockSignals(True)
            self.view.selectRow(row)
            self.view.selectionModel().blockSignals(False)
            self.view.scrollTo(self.proxy.index(row, 0))
        self.load_detail(meeting_id)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        meeting = self.proxy.meeting(current.row()) if current.isValid() else None
        if meeting is not None and (self.detail is None or meeting.id != self.detail.id):
            self.load_detail(meeting.id)

    # -- detail ----------------------------------------------------------------------------------------------

    def load_detail(self, meeting_id: str, item_id: str = "") -> None:
        if self.vault is None:
            return
        try:
            detail = get_meeting(self.vault, meeting_id, log_view=False)
        except MeetingNotFound:
            detail = None
        self._show_detail(detail)
        if detail is not None and item_id:
            row = self.agenda.row_of(item_id)
            self.agenda_view.selectRow(row)

    def _show_detail(self, detail: MeetingDetail | None) -> None:
        self.detail = detail
        self.message.clear()
        self.agenda.set_rows(detail.items if detail else [])
        self.participants.set_rows(detail.participants if detail else [])
        self.addenda.clear()
        if detail is None:
            self.header.clear()
            self.detail_stack.setCurrentIndex(0)
            return
        meeting = detail.meeting
        status = MEETING_STATUS_LABELS.get(meeting.status, meeting.status)
        place = f"&nbsp;&nbsp;·&nbsp;&nbsp;{escape(meeting.place)}" if meeting.place else ""
        lines = [f"<span style='font-size: 15pt; font-weight: bold;'>{escape(meeting.number)}</span>&nbsp;&nbsp;"
                 f"<b>{escape(forum_text(meeting))}</b>&nbsp;&nbsp;·&nbsp;&nbsp;{status}",
                 f"{meeting_time(meeting.starts_at)}{place}"]
        if meeting.is_approved:
            lines.append(f"<span style='color: {GREY};'>Godkendt {local_time(meeting.approved_at)} af "
                         f"{escape(meeting.approved_by or 'ukendt')}</span>")
        self.header.setText("<br>".join(lines))
        for addendum in detail.addenda:
            kind = "Tillæg" if addendum.kind == "addendum" else "Godkendelse tilbagekaldt"
            self.addenda.addItem(f"{kind} {local_time(addendum.created_at)} ({addendum.author}):\n{addendum.text}")
        self.tabs.setTabText(0, f"Dagsorden ({len(detail.items)})")
        self.tabs.setTabText(1, f"Deltagere ({len(detail.participants)})")
        self.tabs.setTabText(2, f"Tillæg ({len(detail.addenda)})")
        editable = meeting.status == "open"
        self.agenda.movable = editable
        self.participants.editable = editable
        for button in (*self.agenda_buttons, *self.participant_buttons, self.approve_button):
            button.setEnabled(editable)
        self.approve_button.setVisible(not meeting.is_approved)
        self.withdraw_button.setVisible(meeting.is_approved)
        self.addendum_button.setVisible(meeting.is_approved)
        self.detail_stack.setCurrentIndex(1)

    def _after_change(self, item_id: str = "") -> None:
        """Something about the shown meeting changed: re-read it and its list row."""
        if self.detail is None:
            return
        meeting_id = self.detail.id
        self.reload()
        self.load_detail(meeting_id, item_id)

    def _run(self, action: Callable[[], Any], item_id: str = "") -> bool:
        try:
            action()
        except (MeetingInvalid, MeetingNotFound) as exc:
            self.message.show_error(exc.message)
            return False
        self._after_change(item_id)
        return True

    # -- agenda ----------------------------------------------------------------------------------------------

    def selected_item(self) -> Any:
        rows = self.agenda_view.selectionModel().selectedRows()
        return self.agenda.record(rows[0].row()) if rows else None

    def move_selected(self, delta: int) -> None:
        item = self.selected_item()
        if item is not None and self.detail is not None and 1 <= item.position + delta <= len(self.detail.items):
            self.move_to(item.id, item.position + delta)
            self.agenda_view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def move_to(self, item_id: str, position: int) -> None:
        if self.vault is not None:
            vault = self.vault
            self._run(lambda: move_item(vault, item_id, position), item_id)

    def remove_selected_item(self) -> None:
        item = self.selected_item()
        if item is not None and self.vault is not None:
            vault = self.vault
            self._run(lambda: remove_item(vault, item.id))

    def add_item(self, kind: str) -> None:
        if self.vault is not None and self.detail is not None:
            dialog = AddItemDialog(self.vault, self.detail, kind, self)
            self._open(dialog, lambda: self._after_change(getattr(dialog.result_value, "id", "")))

    # -- participants ----------------------------------------------------------------------------------------

    def selected_participant(self) -> Any:
        rows = self.participants_view.selectionModel().selectedRows()
        return self.participants.record(rows[0].row()) if rows else None

    def set_presence(self, status: str) -> None:
        person = self.selected_participant()
        if person is not None and self.vault is not None:
            vault, row = self.vault, self.participants.row_of(person.id)
            if self._run(lambda: update_participant(vault, person.id, status=status)):
                self.participants_view.selectRow(row)

    def cycle_presence(self) -> None:
        person = self.selected_participant()
        if person is not None:
            self.set_presence(PRESENCE_CYCLE.get(person.status, "present"))

    def _participant_edited(self, participant_id: str, field: str, value: str) -> None:
        if self.vault is not None:
            vault = self.vault
            self._run(lambda: update_participant(vault, participant_id, **{field: value}))

    def add_participant(self) -> None:
        if self.vault is not None and self.detail is not None:
            self._open(ParticipantDialog(self.vault, self.detail.id, self), self._after_change)

    def remove_participant(self) -> None:
        person = self.selected_participant()
        if person is not None and self.vault is not None:
            vault = self.vault
            self._run(lambda: remove_participant(vault, person.id))

    # -- approval and addenda ---------------------------------------------------------------------------------

    def approve(self) -> None:
        if self.vault is None or self.detail is None:
            return
        vault, meeting_id = self.vault, self.detail.id
        text = (f"Godkend referatet af {self.detail.meeting.number}? Referatet låses med dit navn og tidspunktet; "
                "senere rettelser skrives som tillæg. Frister, som mødet opfyldte for de drøftede sager, markeres "
                "som udført.")
        self._open(ActionDialog("Godkend referat", text, "Godkend", lambda _t: approve_minutes(vault, meeting_id),
                                parent=self), self._after_change)

    def withdraw(self) -> None:
        if self.vault is None or self.detail is None:
            return
        vault, meeting_id = self.vault, self.detail.id
        text = "Referatet låses op, så det kan rettes. Begrundelsen gemmes med referatet og i loggen."
        self._open(ActionDialog("Tilbagekald godkendelse", text, "Tilbagekald",
                                lambda reason: withdraw_approval(vault, meeting_id, reason),
                                text_label="&Begrundelse (skal udfyldes):", parent=self), self._after_change)

    def write_addendum(self) -> None:
        if self.vault is None or self.detail is None:
            return
        vault, meeting_id = self.vault, self.detail.id
        self._open(ActionDialog("Tillæg til referatet", "Tillægget dateres og gemmes med referatet; det godkendte "
                                "referat ændres ikke.", "Gem tillæg", lambda text: add_addendum(vault, meeting_id, text),
                                text_label="&Tillæg:", parent=self), self._after_change)

    def _open(self, dialog: MeetingDialog, on_accepted: Callable[[], None]) -> None:
        self._close_dialogs()
        self.dialog = dialog
        dialog.accepted.connect(on_accepted)
        dialog.finished.connect(lambda _r, d=dialog: self._dialog_finished(d))
        dialog.open()

    def _dialog_finished(self, dialog: QWidget) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    # -- new meeting -----------------------------------------------------------------------------------------

    def open_new_meeting(self) -> None:
        if self.vault is None:
            return
        dialog = NewMeetingDialog(self.vault, self, today=self.today())
        self._open(dialog, lambda: self._created(dialog))

    def _created(self, dialog: NewMeetingDialog) -> None:
        created = dialog.result_value
        if isinstance(created, MeetingDetail):
            self._fill_filters()
            self.reload()
            self.select_meeting(created.id)

    # -- meeting mode ----------------------------------------------------------------------------------------

    def open_meeting_mode(self) -> None:
        if self.vault is None or self.detail is None:
            return
        item = self.selected_item()
        self.mode.open_meeting(self.vault, self.detail.id, item.id if item else "")
        self.stack.setCurrentIndex(1)
        self.mode.discussion.setFocus(Qt.FocusReason.OtherFocusReason)

    def _mode_left(self) -> None:
        meeting_id = self.detail.id if self.detail else ""
        self.stack.setCurrentIndex(0)
        self.reload()
        if meeting_id:
            self.select_meeting(meeting_id)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- PDFs ------------------------------------------------------------------------------------------------

    def choose_pdf_file(self, kind: str) -> None:
        if self.vault is None or self.detail is None:
            return
        title, name = PDF_KINDS[kind]
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
        suggested = str(Path(folder) / f"{self.detail.meeting.number} {name}.pdf")
        dialog = QFileDialog(self, title.rstrip("…"), suggested, "PDF-filer (*.pdf)")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("pdf")
        dialog.fileSelected.connect(lambda path: self.save_pdf(kind, Path(path)))
        self._close_dialogs()
        self.file_dialog = dialog
        dialog.open()  # not exec(): a lock closes it

    def save_pdf(self, kind: str, path: Path) -> None:
        """Make the PDF on the worker and write it to `path` (the user's choice); the result shows in the bar."""
        if self.vault is None or self.detail is None:
            return
        vault, number = self.vault, self.detail.meeting.number

        def job() -> Path:
            data = agenda_pdf(vault, number) if kind == "agenda" else minutes_pdf(vault, number,
                                                                                  redacted=kind == "redacted")
            path.write_bytes(data)
            return path

        self.message.show_message("Laver PDF …", "hint")
        self._runner()(job, lambda written: self.message.show_message(f"Gemt: {written}", "info"), self._pdf_failed)

    def _pdf_failed(self, error: BaseException) -> None:
        text = getattr(error, "message", "") or (f"Filen kunne ikke gemmes: {error.strerror or error}"
                                                 if isinstance(error, OSError) else str(error))
        self.message.show_error(text)

    def _runner(self) -> Callable[..., None]:
        window = self.window()
        return getattr(window, "run_vault_job", None) or worker.run_in_background

