"""The detail pane of the Møder page: one meeting's header, actions (meeting mode, PDFs, approval, addenda) and
tabs for the agenda (reorder with Alt+↑/Alt+↓ or drag-and-drop), the participants and the addenda.

It shows agenda headings, not minutes, so loading a meeting here is not logged as a view (meeting mode, which shows
the minutes, is). Every change goes through a service function; `changed(meeting_id)` tells the page to re-read
the list row. PDFs are made on the worker and written only where the user chooses.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QMenu,
    QStackedWidget,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from sspdesk.domain.dates import stamp_text
from sspdesk.domain.errors import NotFound, ServiceError
from sspdesk.domain.meetings import MEETING_STATUS_LABELS, AgendaItem, MeetingDetail
from sspdesk.meeting_edit import meeting_has_started
from sspdesk.meetings import (
    add_addendum,
    agenda_pdf,
    approve_minutes,
    get_meeting,
    minutes_pdf,
    move_item,
    remove_item,
    withdraw_approval,
)
from sspdesk.store.files import write_private_atomically
from sspdesk.store.vault import Vault
from sspdesk.ui import theme
from sspdesk.ui.icons import icon
from sspdesk.ui.meetings.meeting_dialogs import ActionDialog, AddItemDialog, ParticipantDialog
from sspdesk.ui.meetings.meeting_edit_dialog import EditMeetingDialog
from sspdesk.ui.meetings.meeting_models import (
    COL_DISPOSITIONS,
    COL_HEADING,
    COL_MINUTES,
    COL_POSITION,
    AgendaModel,
    forum_text,
)
from sspdesk.ui.meetings.meeting_panels import DialogSlot, ParticipantsPanel, button, key
from sspdesk.ui.widgets.colours import GREY
from sspdesk.ui.widgets.list_parts import list_table
from sspdesk.ui.widgets.message_line import MessageLine
from sspdesk.ui.widgets.printing import safe_file_name
from sspdesk.ui.worker import JobRunner

PDF_KINDS = {
    "agenda": ("Dagsorden som PDF…", "dagsorden"),
    "minutes": ("Referat som PDF…", "referat"),
    "redacted": ("Referat uden personoplysninger…", "referat uden personoplysninger"),
}
ADDENDUM_TEXT = "Tillægget dateres og gemmes med referatet; det godkendte referat ændres ikke."


def addendum_dialog(vault: Vault, meeting_id: str, parent: QWidget) -> ActionDialog:
    return ActionDialog(
        "Tillæg til referatet",
        ADDENDUM_TEXT,
        "Gem tillæg",
        lambda text: add_addendum(vault, meeting_id, text),
        text_label="&Tillæg:",
        parent=parent,
    )


class MeetingDetailPane(QWidget):
    changed = Signal(str)  # the meeting's id: re-read its row in the list
    mode_requested = Signal(str, str)  # meeting id, item id: open meeting mode there

    def __init__(self, runner: JobRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault: Vault | None = None
        self.detail: MeetingDetail | None = None
        self.runner = runner  # the page's run_job: the PDF is made on the worker, with its own vault connection
        self.dialogs = DialogSlot()
        self.now: Callable[[], datetime] = datetime.now  # when "Godkend referat…" becomes possible; tests set it
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.stack = QStackedWidget()
        outer.addWidget(self.stack)
        self.placeholder = QLabel("Vælg et møde i listen – eller opret et nyt med Nyt møde (Ctrl+N).")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setStyleSheet(f"color: {GREY};")
        self.stack.addWidget(self.placeholder)
        pane = QWidget()
        layout = QVBoxLayout(pane)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self._header_card())
        self.message = MessageLine()  # beside the buttons, in room kept for it: a message never moves them
        layout.addLayout(self._actions())
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self._agenda_tab(), "Dagsorden")
        self.participants = ParticipantsPanel()
        self.participants.changed.connect(self._participants_changed)
        self.participants.failed.connect(self.message.show_error)
        self.participants.add_requested.connect(self.add_participant)
        self.tabs.addTab(self.participants, "Deltagere")
        self.addenda = QListWidget()
        self.addenda.setWordWrap(True)
        self.addenda.setAccessibleName("Tillæg og tilbagekaldelser")
        self.tabs.addTab(self.addenda, "Tillæg")
        layout.addWidget(self.tabs, 1)
        self.stack.addWidget(pane)

    # -- building --------------------------------------------------------------------------------------------

    def _header_card(self) -> QFrame:
        """Number, forum, time, place and status – with the approval actions on the right."""
        card = QFrame()
        card.setObjectName("meetingHeader")
        card.setStyleSheet(theme.card_style("meetingHeader", radius=6))
        row = QHBoxLayout(card)
        row.setContentsMargins(14, 10, 10, 10)
        self.header = QLabel()
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.header.setMinimumWidth(150)  # a wrapped label would otherwise claim ~300 px and squeeze the list
        row.addWidget(self.header, 1)
        side = QVBoxLayout()
        self.edit_button = button("Redigér møde…", self.edit_meeting, "Ret dato, klokkeslæt, sted eller mødeforum")
        self.approve_button = button("Godkend referat…", self.approve, "Godkend og lås referatet")
        self.withdraw_button = button("Tilbagekald godkendelse…", self.withdraw, "Lås referatet op (begrundelse)")
        self.addendum_button = button("Tillæg…", self.write_addendum, "Et dateret tillæg til det godkendte referat")
        for made in (self.edit_button, self.approve_button, self.withdraw_button, self.addendum_button):
            side.addWidget(made)
        side.addStretch(1)
        row.addLayout(side)
        return card

    def _actions(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.mode_button = button(
            "Mødetilstand (F5)", self.request_mode, "Skriv referatet under mødet, punkt for punkt"
        )
        self.mode_button.setShortcut(QKeySequence("F5"))
        self.mode_button.setIcon(icon("meetings"))
        self.print_button = QToolButton()
        self.print_button.setText("PDF")
        self.print_button.setToolTip("Dagsorden eller referat som PDF")
        self.print_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.print_button)
        self.pdf_actions = {kind: self._pdf_action(menu, kind, text) for kind, (text, _name) in PDF_KINDS.items()}
        self.print_button.setMenu(menu)
        row.addWidget(self.mode_button)
        row.addWidget(self.print_button)
        row.addSpacing(12)
        row.addWidget(self.message, 1)
        return row

    def _agenda_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(0, 8, 0, 0)
        self.agenda = AgendaModel(self)
        self.agenda.move_requested.connect(self.move_to)
        self.agenda_view = view = list_table(self.agenda, "Dagsorden")
        view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        view.setDefaultDropAction(Qt.DropAction.MoveAction)
        view.setDragDropOverwriteMode(False)
        view.setDropIndicatorShown(True)
        header = view.horizontalHeader()
        header.setSectionResizeMode(COL_HEADING, QHeaderView.ResizeMode.Stretch)
        for column, width in ((COL_POSITION, 40), (COL_MINUTES, 70), (COL_DISPOSITIONS, 50)):
            header.resizeSection(column, width)
        view.doubleClicked.connect(lambda _index: self.request_mode())
        key(view, "Alt+Up", lambda: self.move_selected(-1))
        key(view, "Alt+Down", lambda: self.move_selected(1))
        key(view, "Delete", self.remove_selected_item)
        key(view, "Return", self.request_mode)
        layout.addWidget(view, 1)
        buttons = QHBoxLayout()
        self.agenda_buttons = [
            button("Tilføj sag…", lambda: self.add_item("case")),
            button("Tilføj emne…", lambda: self.add_item("topic")),
            button("Fjern", self.remove_selected_item, "Fjern et punkt uden referat og dispositioner (Delete)"),
            button("↑", lambda: self.move_selected(-1), "Flyt punktet op (Alt+↑) – eller træk det", narrow=True),
            button("↓", lambda: self.move_selected(1), "Flyt punktet ned (Alt+↓) – eller træk det", narrow=True),
        ]
        for made in self.agenda_buttons:
            buttons.addWidget(made)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        return tab

    # -- loading and clearing --------------------------------------------------------------------------------

    def set_vault(self, vault: Vault | None) -> None:
        self.vault = self.participants.vault = vault

    def meeting_id(self) -> str:
        return self.detail.id if self.detail else ""

    def load(self, meeting_id: str, item_id: str = "") -> None:
        if self.vault is None:
            return
        try:
            detail = get_meeting(self.vault, meeting_id, log_view=False)
        except NotFound:
            detail = None
        self.show_detail(detail)
        row = self.agenda.row_of(item_id) if item_id else -1
        if row >= 0:
            self.agenda_view.selectRow(row)

    def clear(self) -> None:
        """Forget the meeting and every text shown (the vault is locking)."""
        self.dialogs.close()
        self.show_detail(None)

    def shows_data(self) -> bool:
        return (
            self.detail is not None
            or self.agenda.rowCount() > 0
            or self.participants.model.rowCount() > 0
            or self.addenda.count() > 0
            or bool(self.header.text())
        )

    def show_detail(self, detail: MeetingDetail | None) -> None:
        self.detail = detail
        self.message.clear()
        self.agenda.set_rows(detail.items if detail else [])
        editable = detail is not None and detail.meeting.status == "open"
        self.participants.set_rows(detail.participants if detail else [], editable)
        self.addenda.clear()
        if detail is None:
            self.header.clear()
            self.stack.setCurrentIndex(0)
            return
        meeting = detail.meeting
        status = MEETING_STATUS_LABELS.get(meeting.status, meeting.status)
        place = f" · {escape(meeting.place)}" if meeting.place else ""
        lines = [
            f"<span style='font-size: 15pt; font-weight: bold;'>{escape(meeting.number)}</span>",
            f"<b>{escape(forum_text(meeting))}</b> · {status}",
            f"{stamp_text(meeting.starts_at)}{place}",
        ]
        if meeting.is_approved:
            lines.append(
                f"<span style='color: {GREY};'>Godkendt {stamp_text(meeting.approved_at)} af "
                f"{escape(meeting.approved_by or 'ukendt')}</span>"
            )
        self.header.setText("<br>".join(lines))
        for addendum in detail.addenda:
            kind = "Tillæg" if addendum.kind == "addendum" else "Godkendelse tilbagekaldt"
            self.addenda.addItem(f"{kind} {stamp_text(addendum.created_at)} ({addendum.author}):\n{addendum.text}")
        self.tabs.setTabText(0, f"Dagsorden ({len(detail.items)})")
        self.tabs.setTabText(1, f"Deltagere ({len(detail.participants)})")
        self.tabs.setTabText(2, f"Tillæg ({len(detail.addenda)})")
        self.agenda.movable = editable
        for made in (*self.agenda_buttons, self.edit_button):
            made.setEnabled(editable)
        self.edit_button.setVisible(meeting.status == "open")
        started = meeting_has_started(meeting.starts_at, self.now())
        self.approve_button.setEnabled(editable and started)
        self.approve_button.setToolTip(
            "Godkend og lås referatet"
            if started
            else f"Referatet kan godkendes, når mødet er begyndt ({stamp_text(meeting.starts_at)})."
        )
        self.approve_button.setVisible(not meeting.is_approved)
        self.withdraw_button.setVisible(meeting.is_approved)
        self.addendum_button.setVisible(meeting.is_approved)
        self.stack.setCurrentIndex(1)

    def _run(self, action: Callable[[], Any], item_id: str = "") -> bool:
        """Call a service; on success re-read the meeting (keeping `item_id` selected), else show the message."""
        if self.vault is None or self.detail is None:
            return False
        try:
            action()
        except ServiceError as exc:
            self.message.show_error(exc.message)
            return False
        self._changed(item_id)
        return True

    def _changed(self, item_id: str = "") -> None:
        meeting_id = self.meeting_id()
        if meeting_id:
            self.load(meeting_id, item_id)
            self.changed.emit(meeting_id)

    def request_mode(self) -> None:
        if self.detail is not None:
            item = self.selected_item()
            self.mode_requested.emit(self.detail.id, item.id if item else "")

    # -- agenda ----------------------------------------------------------------------------------------------

    def selected_item(self) -> AgendaItem | None:
        rows = self.agenda_view.selectionModel().selectedRows()
        return self.agenda.record(rows[0].row()) if rows else None

    def move_selected(self, delta: int) -> None:
        item = self.selected_item()
        if item is not None and 1 <= item.position + delta <= self.agenda.rowCount():
            self.move_to(item.id, item.position + delta)
            self.agenda_view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def move_to(self, item_id: str, position: int) -> None:
        vault = self.vault
        if vault is not None:
            self._run(lambda: move_item(vault, item_id, position), item_id)

    def remove_selected_item(self) -> None:
        item, vault = self.selected_item(), self.vault
        if item is not None and vault is not None:
            self._run(lambda: remove_item(vault, item.id))

    def add_item(self, kind: str) -> None:
        if self.vault is not None and self.detail is not None:
            dialog = AddItemDialog(self.vault, self.detail, kind, self)
            self._open(dialog, lambda: self._changed(getattr(dialog.result_value, "id", "")))

    # -- participants ----------------------------------------------------------------------------------------

    def add_participant(self) -> None:
        if self.vault is not None and self.detail is not None:
            self._open(ParticipantDialog(self.vault, self.detail.id, self), self._changed)

    def _participants_changed(self) -> None:
        self.message.clear()
        self._changed()
        self.tabs.setCurrentWidget(self.participants)

    # -- editing, approval and addenda -----------------------------------------------------------------------

    def edit_meeting(self) -> None:
        if self.vault is not None and self.detail is not None:
            self._open(EditMeetingDialog(self.vault, self.detail.meeting, self), self._changed)

    def approve(self) -> None:
        if self.vault is None or self.detail is None:
            return
        vault, meeting_id = self.vault, self.detail.id
        text = (
            f"Godkend referatet af {self.detail.meeting.number}? Referatet låses med dit navn og tidspunktet; "
            "senere rettelser skrives som tillæg. Frister, som mødet opfyldte for de drøftede sager, markeres "
            "som udført."
        )
        self._open(
            ActionDialog(
                "Godkend referat", text, "Godkend", lambda _text: approve_minutes(vault, meeting_id), parent=self
            ),
            self._changed,
        )

    def withdraw(self) -> None:
        if self.vault is None or self.detail is None:
            return
        vault, meeting_id = self.vault, self.detail.id
        text = "Referatet låses op, så det kan rettes. Begrundelsen gemmes med referatet og i loggen."
        self._open(
            ActionDialog(
                "Tilbagekald godkendelse",
                text,
                "Tilbagekald",
                lambda reason: withdraw_approval(vault, meeting_id, reason),
                text_label="&Begrundelse (skal udfyldes):",
                parent=self,
            ),
            self._changed,
        )

    def write_addendum(self) -> None:
        if self.vault is not None and self.detail is not None:
            self._open(addendum_dialog(self.vault, self.detail.id, self), self._changed)

    @property
    def dialog(self) -> QDialog | None:
        return self.dialogs.dialog

    def _open(self, dialog: QDialog, on_accepted: Callable[[], None] | None = None) -> None:
        self.dialogs.open(dialog, on_accepted)

    # -- PDFs ------------------------------------------------------------------------------------------------

    def _pdf_action(self, menu: QMenu, kind: str, text: str) -> QAction:
        return menu.addAction(text, lambda: self.choose_pdf_file(kind))

    def choose_pdf_file(self, kind: str) -> None:
        if self.vault is None or self.detail is None:
            return
        title, name = PDF_KINDS[kind]
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
        dialog = QFileDialog(
            self,
            title.rstrip("…"),
            str(Path(folder) / safe_file_name(f"{self.detail.meeting.number} {name}.pdf")),
            "PDF-filer (*.pdf)",
        )
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("pdf")
        dialog.fileSelected.connect(lambda path: self.save_pdf(kind, Path(path)))
        self._open(dialog)

    def save_pdf(self, kind: str, path: Path) -> None:
        """Make the PDF on the worker and write it to `path` (the user's choice); the result shows in the bar."""
        if self.vault is None or self.detail is None:
            return
        vault, number = self.vault, self.detail.meeting.number

        def job() -> Path:
            if kind == "agenda":
                data = agenda_pdf(vault, number)
            else:
                data = minutes_pdf(vault, number, redacted=kind == "redacted")
            write_private_atomically(path, data)
            return path

        self.message.show_message("Laver PDF …", "hint")
        self.runner(job, lambda written: self.message.show_message(f"Gemt: {written}", "info"), self._pdf_failed)

    def _pdf_failed(self, error: BaseException) -> None:
        if isinstance(error, OSError):
            self.message.show_error(f"Filen kunne ikke gemmes: {error.strerror or error}")
        else:
            self.message.show_error(getattr(error, "message", "") or str(error))
