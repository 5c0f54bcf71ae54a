"""Mødetilstand: typing the minutes during the meeting, keyboard first.

Agenda on the left (the current item highlighted), the minutes of the current item in the centre (Drøftelse,
Beslutning), its dispositions on the right (hvem, hvad, frist, udført) with the carried ones to follow up below.

Autosave: every keystroke puts the two texts into a `MinutesAutosave` – a plain object outside the widgets – and
(re)starts a 1 s debounce; a 2 s ceiling saves during long unbroken typing, so at most about two seconds of text
are ever at risk. Changing item, leaving the box, leaving meeting mode, hiding, closing, locking – and even the
widget being destroyed – save what is pending. On a DKE-Journal item (or a group item whose group has a journal
member) the text is checked while typing: ~300 ms after a keystroke person data is marked and a note under the field
says why, without moving the cursor (`ui/widgets/journal_check.py`). Autosave does not send such text to the
service; the vault keeps the previously saved text, and the item cannot be left until the text is corrected (then
the offending text is selected). Leaving with a probable name that is no person asks "Er «…» et navn på en person?".
"""

from __future__ import annotations

import logging
from datetime import datetime

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from sspdesk.dispositions import journal_rule
from sspdesk.domain.dates import stamp_text, time_text
from sspdesk.domain.errors import Invalid, NotFound, ServiceError
from sspdesk.domain.meetings import MINUTES_LABELS, AgendaItem, MeetingDetail
from sspdesk.duties.journal_rule import GROUP_RULE, rules_for
from sspdesk.duties.minimisation import JournalRules
from sspdesk.meeting_sessions import begin_session, end_session, note_saved
from sspdesk.meetings import get_meeting, save_item_minutes
from sspdesk.store.errors import VaultError
from sspdesk.store.vault import Vault
from sspdesk.ui import theme, worker
from sspdesk.ui.meetings.meeting_detail import addendum_dialog
from sspdesk.ui.meetings.meeting_dialogs import JOURNAL_NOTE, DispositionDialog
from sspdesk.ui.meetings.meeting_models import forum_text
from sspdesk.ui.meetings.meeting_panels import DialogSlot, DispositionsPanel
from sspdesk.ui.meetings.presence_list import PresenceList
from sspdesk.ui.widgets.colours import GREY
from sspdesk.ui.widgets.fields import select_span
from sspdesk.ui.widgets.journal_check import REWRITE, JournalCheck, refused_finding
from sspdesk.ui.widgets.message_bar import MessageBar
from sspdesk.ui.widgets.read_only import set_read_only

log = logging.getLogger(__name__)

DEBOUNCE_MS = 1000  # save this long after the last keystroke
MAX_WAIT_MS = 2000  # … and at the latest this long after the first unsaved one
FOOTER = (
    "Ctrl+PgDown / Ctrl+PgUp: næste / forrige punkt   ·   Ctrl+D: ny disposition   ·   "
    "Ctrl+Enter: markér disposition udført   ·   Esc: afslut mødetilstand   ·   Referatet gemmes automatisk"
)
_SAVED_STYLE = f"color: {GREY};"
_UNSAVED_STYLE = f"color: {theme.colour('error')}; font-weight: bold;"


RESTORED_TEXT = (
    "Programmet blev ikke lukket normalt, mens referatet blev skrevet. Referatet er gendannet, som det sidst blev "
    "gemt automatisk, for: {items}. Læs punkterne igennem."
)


def _position(item: AgendaItem) -> int:
    return item.position


class MinutesAutosave:
    """The minutes of one item as typed, and as last saved. Holds no widget, so it can be flushed after they die."""

    def __init__(self, vault: Vault, item_id: str, discussion: str, decision: str, meeting_id: str = "") -> None:
        self.vault, self.item_id, self.meeting_id = vault, item_id, meeting_id
        self.saved = (discussion, decision)
        self.pending: tuple[str, str] | None = None

    def update(self, discussion: str, decision: str) -> None:
        self.pending = None if (discussion, decision) == self.saved else (discussion, decision)

    def flush(self) -> bool:
        """Save what is pending; True if something was written. Invalid when the service refuses."""
        if self.pending is None or not self.vault.is_open:
            return False
        save_item_minutes(self.vault, self.item_id, *self.pending)
        self.saved, self.pending = self.pending, None
        if self.meeting_id:  # named after a crash as restored (meeting_sessions)
            note_saved(self.vault, self.meeting_id, self.item_id)
        return True

    def flush_quietly(self) -> None:
        """Last chance (closing, locking, destroyed): save if the service takes it; a refused text is dropped."""
        if self.pending is None:
            return
        worker.wait_for_all()  # a job's transaction would make this write wait: let the jobs finish first
        try:
            self.flush()
        except ServiceError as exc:
            log.info("minutes not saved on close: %s", exc.message)


class _Holder:
    """What the `destroyed` handler may touch: never the widget itself."""

    def __init__(self) -> None:
        self.autosave: MinutesAutosave | None = None


def _flush_on_destroy(holder: _Holder):
    def flush(*_args: object) -> None:
        if holder.autosave is not None:
            holder.autosave.flush_quietly()
            holder.autosave = None

    return flush


def _heading(text: str, scale: float = 1.0) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * scale)
    label.setFont(font)
    return label


class MeetingModeView(QWidget):
    """One meeting, item by item. `left` is emitted when the user leaves (everything saved)."""

    left = Signal()
    changed = Signal(str)  # the meeting's id: something was saved

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault: Vault | None = None
        self.detail: MeetingDetail | None = None
        self.item: AgendaItem | None = None
        self.dialogs = DialogSlot()
        self._holder = _Holder()
        self._switching = False
        self._saving = False
        self.check = JournalCheck(self)  # active on a journal item only
        self.check.allowed.connect(self._phrase_allowed)
        self.rules: JournalRules | None = None  # the vault's journal rules, read once per meeting opened
        self.restored: list[AgendaItem] = []  # items whose minutes a crashed session left (named in the notice)
        self.destroyed.connect(_flush_on_destroy(self._holder))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 8)
        outer.setSpacing(8)
        outer.addLayout(self._top())
        self.notice = MessageBar()
        outer.addWidget(self.notice)
        splitter = QSplitter()
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._agenda_column())
        splitter.addWidget(self._minutes_column())
        self.panel = DispositionsPanel()
        self.panel.new_requested.connect(self.new_disposition)
        self.panel.changed.connect(lambda: self.changed.emit(self.detail.id if self.detail else ""))
        self.panel.failed.connect(self.message.show_error)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 4)
        splitter.setStretchFactor(2, 4)
        splitter.setSizes([220, 450, 450])
        outer.addWidget(splitter, 1)
        self.footer = QLabel(FOOTER)
        self.footer.setWordWrap(True)
        self.footer.setStyleSheet(f"color: {GREY}; border-top: 1px solid {theme.colour('border')}; padding-top: 6px;")
        outer.addWidget(self.footer)
        self._timers()
        self._shortcuts()

    # -- building --------------------------------------------------------------------------------------------

    def _top(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.title = _heading("", 1.3)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row.addWidget(self.title, 1)
        # No fixed accessible name: its text ("Gemmes automatisk", "Gemt 14.05.32", "Ikke gemt") is its name, so a
        # screen reader hears whether the minutes were saved, "Gemt kl. 14.05.32" (a fixed "Gemt" hid an unsaved state).
        self.saved_label = QLabel()
        self.saved_label.setStyleSheet(_SAVED_STYLE)
        row.addWidget(self.saved_label)
        row.addSpacing(12)
        self.addendum_button = QPushButton("Tillæg…")
        self.addendum_button.setToolTip("Skriv et dateret tillæg til det godkendte referat")
        self.addendum_button.clicked.connect(self.write_addendum)
        row.addWidget(self.addendum_button)
        self.leave_button = QPushButton("Afslut mødetilstand (Esc)")
        self.leave_button.clicked.connect(self.leave)
        row.addWidget(self.leave_button)
        return row

    def _agenda_column(self) -> QWidget:
        column = QWidget()
        layout = QVBoxLayout(column)
        layout.setContentsMargins(0, 0, 6, 0)
        layout.addWidget(_heading("Dagsorden"))
        self.agenda = QListWidget()
        self.agenda.setAccessibleName("Dagsorden")
        self.agenda.setWordWrap(True)
        self.agenda.setSpacing(2)
        self.agenda.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.agenda.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.agenda.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.agenda.setStyleSheet(
            "QListWidget::item { padding: 6px 4px; }"
            f" QListWidget::item:selected {{ background: {theme.colour('selection')}; "
            f"color: {theme.colour('on_selection')}; }}"
        )
        self.agenda.currentRowChanged.connect(self._agenda_row_changed)
        layout.addWidget(self.agenda, 3)
        presence_label = _heading("&Til stede")
        self.presence = PresenceList()
        presence_label.setBuddy(self.presence)
        self.presence.changed.connect(lambda: self.changed.emit(self.detail.id if self.detail else ""))
        self.presence.failed.connect(lambda text: self.message.show_error(text))  # the bar is built after this
        layout.addWidget(presence_label)
        layout.addWidget(self.presence, 2)
        return column

    def _minutes_column(self) -> QWidget:
        column = QWidget()
        layout = QVBoxLayout(column)
        layout.setContentsMargins(6, 0, 6, 0)
        layout.setSpacing(6)
        self.item_title = _heading("", 1.15)
        self.item_title.setWordWrap(True)
        layout.addWidget(self.item_title)
        self.item_reason = QLabel()
        self.item_reason.setWordWrap(True)
        self.item_reason.setStyleSheet(f"color: {GREY};")
        layout.addWidget(self.item_reason)
        self.message = MessageBar()
        layout.addWidget(self.message)
        self.editors: dict[str, QPlainTextEdit] = {}
        for key, stretch in (("discussion", 3), ("decision", 2)):
            editor = QPlainTextEdit()
            editor.setTabChangesFocus(True)
            editor.setAccessibleName(MINUTES_LABELS[key])
            editor.setObjectName(f"minutes-{key}")
            editor.textChanged.connect(self._typed)
            editor.installEventFilter(self)
            label = QLabel(f"&{MINUTES_LABELS[key]}")
            label.setBuddy(editor)
            label.setStyleSheet("font-weight: bold;")
            layout.addWidget(label)
            layout.addWidget(editor, stretch)
            layout.addWidget(self.check.watch(key, editor, MINUTES_LABELS[key]))
            self.editors[key] = editor
        self.discussion, self.decision = self.editors["discussion"], self.editors["decision"]
        return column

    def _timers(self) -> None:
        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(DEBOUNCE_MS)
        self.max_wait = QTimer(self)
        self.max_wait.setSingleShot(True)
        self.max_wait.setInterval(MAX_WAIT_MS)
        for timer in (self.debounce, self.max_wait):
            timer.timeout.connect(self._autosave)

    def _shortcuts(self) -> None:
        self.shortcuts: dict[str, QShortcut] = {}
        for keys, slot in (
            ("Ctrl+PgDown", self.next_item),
            ("Ctrl+PgUp", self.previous_item),
            ("Ctrl+D", self.new_disposition),
            ("Ctrl+Return", self.toggle_done),
            ("Ctrl+Enter", self.toggle_done),
            ("Esc", self.leave),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
            self.shortcuts[keys] = shortcut

    # -- opening and closing ---------------------------------------------------------------------------------

    def open_meeting(self, vault: Vault, meeting_id: str, item_id: str = "") -> None:
        self.close_meeting()
        self.vault = self.panel.vault = vault
        self.detail = get_meeting(vault, meeting_id)  # opening the minutes of a DKE-Sag is logged
        self.rules = rules_for(vault.conn)
        meeting = self.detail.meeting
        self.title.setText(f"{meeting.number} · {forum_text(meeting)} · {stamp_text(meeting.starts_at)}")
        read_only = meeting.status != "open"
        for editor in self.editors.values():
            set_read_only(editor, read_only)
        self.addendum_button.setVisible(meeting.is_approved)
        if meeting.is_approved:
            self.notice.show_message(
                f"Referatet blev godkendt {stamp_text(meeting.approved_at)} af {meeting.approved_by or 'ukendt'} og "
                "kan kun læses. Rettelser skrives som et dateret tillæg (Tillæg…).",
                "notice",
            )
        elif meeting.status == "cancelled":
            self.notice.show_message("Mødet er aflyst; der kan ikke skrives referat.", "notice")
        else:
            self._tell_restored(begin_session(vault, meeting.id))
        self.saved_label.setText("" if read_only else "Gemmes automatisk")
        self._fill_agenda()
        self.presence.set_participants(vault, self.detail.participants, meeting.status == "open")
        rows = [i.id for i in self.detail.items]
        self.agenda.setCurrentRow(rows.index(item_id) if item_id in rows else 0)
        if not self.detail.items:
            self._show_item(None)
        self.discussion.setFocus(Qt.FocusReason.OtherFocusReason)

    def _tell_restored(self, item_ids: list[str]) -> None:
        """After a crash: name the items whose minutes come from the last autosave, so the user reads them over."""
        items = {item.id: item for item in self.detail.items} if self.detail is not None else {}
        self.restored = [items[i] for i in item_ids if i in items]
        if self.restored:
            names = "; ".join(f"{item.position}. {item.heading}" for item in sorted(self.restored, key=_position))
            self.notice.show_message(RESTORED_TEXT.format(items=names), "hint")

    def close_meeting(self) -> None:
        """Save what is pending (quietly) and forget the meeting and every text shown."""
        self.debounce.stop()
        self.max_wait.stop()
        if self._holder.autosave is not None:
            self._holder.autosave.flush_quietly()
            self._holder.autosave = None
        if self.vault is not None and self.vault.is_open and self.detail is not None:
            try:
                end_session(self.vault, self.detail.id)  # closed normally: nothing to name as restored next time
            except (ServiceError, VaultError) as exc:  # a damaged vault takes no writes; locking must go on
                log.info("meeting session not closed: %s", type(exc).__name__)
        self.restored = []
        self.dialogs.close()
        self.vault, self.detail, self.item = None, None, None
        self.rules = None
        self.check.set_rules(None, None)
        self._switching = True
        self.agenda.clear()
        for editor in self.editors.values():
            editor.clear()
            editor.setExtraSelections([])
        self._switching = False
        self.panel.clear()
        self.panel.vault = None
        self.presence.clear()
        self.presence.vault = None
        for label in (self.title, self.item_title, self.item_reason, self.saved_label):
            label.clear()
        self.notice.clear()
        self.message.clear()

    @property
    def dialog(self) -> QDialog | None:
        return self.dialogs.dialog

    def shows_data(self) -> bool:
        return (
            self.detail is not None
            or self.agenda.count() > 0
            or self.presence.count() > 0
            or self.panel.dispositions.rowCount() > 0
            or any(e.toPlainText() for e in self.editors.values())
            or bool(self.title.text())
        )

    def leave(self) -> None:
        """Esc: save, and go back to the meeting list; stays if the text is refused (the message says why)."""
        if self.detail is not None and not self.save_now():
            return
        self.close_meeting()
        self.left.emit()

    def hideEvent(self, event) -> None:
        self.save_now(quiet=True)
        super().hideEvent(event)

    def closeEvent(self, event) -> None:
        self.save_now(quiet=True)
        super().closeEvent(event)

    # -- the agenda ------------------------------------------------------------------------------------------

    def _fill_agenda(self) -> None:
        self._switching = True
        current = self.agenda.currentRow()
        self.agenda.clear()
        for item in self.detail.items if self.detail else ():
            written = "  ✓" if item.minutes.discussion.strip() or item.minutes.decision.strip() else ""
            row = QListWidgetItem(f"{item.position}. {item.heading}{written}")
            row.setToolTip(item.reason or item.heading)
            self.agenda.addItem(row)
        self.agenda.setCurrentRow(current)
        self._switching = False

    def _agenda_row_changed(self, row: int) -> None:
        if self._switching or self.detail is None or self.vault is None:
            return
        if self.item is not None and not self.save_now():
            self._switching = True  # the text was refused: stay on the item until it is corrected
            self.agenda.setCurrentRow(self._row_of(self.item.id))
            self._switching = False
            return
        self.detail = get_meeting(self.vault, self.detail.id, log_view=False)
        self._show_item(self.detail.items[row] if 0 <= row < len(self.detail.items) else None)

    def _row_of(self, item_id: str) -> int:
        return next((n for n, i in enumerate(self.detail.items) if i.id == item_id), -1) if self.detail else -1

    def next_item(self) -> None:
        self._step(1)

    def previous_item(self) -> None:
        self._step(-1)

    def _step(self, delta: int) -> None:
        row = self.agenda.currentRow() + delta
        if 0 <= row < self.agenda.count():
            self.agenda.setCurrentRow(row)
            if self.agenda.currentRow() == row:
                self.discussion.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def current_item_id(self) -> str:
        return self.item.id if self.item else ""

    def _show_item(self, item: AgendaItem | None) -> None:
        self.item = item
        self._switching = True
        self.discussion.setPlainText(item.minutes.discussion if item else "")
        self.decision.setPlainText(item.minutes.decision if item else "")
        for editor in self.editors.values():
            editor.setExtraSelections([])
            editor.setEnabled(item is not None)
        self._switching = False
        self.message.clear()
        self._holder.autosave = (
            MinutesAutosave(self.vault, item.id, item.minutes.discussion, item.minutes.decision, self.detail.id)
            if item is not None and self.vault is not None and self.detail is not None
            else None
        )
        if item is None:
            self.item_title.setText("Dagsordenen er tom. Tilføj punkter fra mødeoversigten.")
            self.item_reason.clear()
        else:
            self.item_title.setText(f"{item.position}. {item.heading}")
            reason = [r for r in item.reason.split("; ") if r]  # one line per deadline or follow-up
            if item.case_kind == "journal":
                reason.append(JOURNAL_NOTE)
            self.item_reason.setText("\n".join(reason))
        self._check_item(item)
        self._fill_dispositions()

    def _check_item(self, item: AgendaItem | None) -> None:
        """Check the texts while typing when the journal rule applies to this item (journal, or group with one)."""
        applies, group = False, False
        open_ = self.detail is not None and self.detail.meeting.status == "open"
        if item is not None and self.vault is not None and open_:
            row = {"id": item.id, "case_kind": item.case_kind, "group_id": item.group_id}
            applies, group = journal_rule(self.vault.conn, row)
        self.check.set_rules(self.vault, self.rules if applies else None, GROUP_RULE if group else "")

    def _fill_dispositions(self) -> None:
        self.panel.show_item(self.item, self.detail is not None and self.detail.meeting.status == "open")

    # -- autosave --------------------------------------------------------------------------------------------

    def _typed_texts(self) -> tuple[str, str]:
        return self.discussion.toPlainText(), self.decision.toPlainText()

    def _typed(self) -> None:
        if self._switching or self._holder.autosave is None:
            return
        if not self.check.active:  # a journal item's marks are the check's: it renews them after the pause
            for editor in self.editors.values():
                editor.setExtraSelections([])
        self._holder.autosave.update(*self._typed_texts())
        if self._holder.autosave.pending is None:
            return
        self.debounce.start()
        if not self.max_wait.isActive():
            self.max_wait.start()

    def _autosave(self) -> None:
        """The debounce ran out. Text the journal rule refuses is not sent to be saved: its mark and note show it,
        and the cursor stays where the user is typing."""
        autosave = self._holder.autosave
        pending = autosave is not None and autosave.pending is not None
        if self.check.active and pending and self.check.check() is not None:
            self.saved_label.setText("Ikke gemt")  # the note under the field says why; no second copy above
            self.saved_label.setStyleSheet(_UNSAVED_STYLE)
            return
        self.save_now(select=False)

    def _phrase_allowed(self, _phrase: str) -> None:
        """Allowed from the note under the field: the rules were rebuilt; save what waits (unless saving already)."""
        self.rules = self.check.rules
        if not self._saving:
            self.save_now(select=False)

    def _not_saved(self, message: str) -> None:
        self.message.show_error(message)
        self.saved_label.setText("Ikke gemt")
        self.saved_label.setStyleSheet(_UNSAVED_STYLE)

    def save_now(self, quiet: bool = False, select: bool = True) -> bool:
        """Save the current item's pending text. False if the service refuses it: unless `quiet`, the message is
        shown and (with `select`) the offending text selected."""
        self.debounce.stop()
        self.max_wait.stop()
        autosave = self._holder.autosave
        if autosave is None or self.vault is None or not self.vault.is_open or self._saving:
            return autosave is None or autosave.pending is None
        if worker.busy():  # a job may be writing (or have the vault to itself): try again shortly
            self.debounce.start()
            return autosave.pending is None
        self._saving = True  # selecting the offending text moves the focus, which would save again
        asked: set[str] = set()
        try:
            while True:
                try:
                    wrote = autosave.flush()
                    break
                except Invalid as exc:
                    refused = refused_finding(exc)
                    if quiet:
                        return False
                    if select and refused is not None and refused.finding.text not in asked:
                        asked.add(refused.finding.text)  # only when the user acts (leaves the item), never mid-typing
                        if self.check.offer_allow(refused.finding, self):
                            continue  # "Nej, det er ikke en person": allowed now; save again
                    allowable = refused is not None and refused.finding.allowable
                    self._not_saved(f"{exc.message} {REWRITE}" if allowable and select else exc.message)
                    self.check.check()
                    editor = self.editors.get(exc.field or "")
                    if editor is not None and select:
                        found = self.check.findings(exc.field or "")  # the span in the field as typed
                        select_span(editor, (found[0].start, found[0].end) if found else exc.span)
                    return False
        except NotFound as exc:
            self.message.show_error(exc.message)
            return False
        finally:
            self._saving = False
        if wrote:
            self.message.clear()
            self.saved_label.setText(f"Gemt {time_text(datetime.now(), seconds=True)}")
            self.saved_label.setStyleSheet(_SAVED_STYLE)
            self.changed.emit(self.detail.id if self.detail else "")
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut and watched in self.editors.values() and self.vault is not None:
            self.save_now(select=False)  # a refused text shows its message; the focus goes where the user put it
        return super().eventFilter(watched, event)

    # -- dispositions ----------------------------------------------------------------------------------------

    def new_disposition(self) -> None:
        if self.vault is None or self.detail is None or self.detail.meeting.status != "open":
            return
        self.save_now(quiet=True)
        # Where the user was typing (Drøftelse or Beslutning, and the cursor there) is where they go on afterwards.
        typing_in = self.focusWidget()
        dialog = DispositionDialog(self.vault, self.detail.id, self.item, self.detail.participants, self)
        dialog.accepted.connect(self._disposition_added)
        dialog.finished.connect(lambda _result: self._back_to(typing_in))
        self.dialogs.open(dialog)

    def _back_to(self, widget: QWidget | None) -> None:
        """After a dialog: the focus back where it was (its cursor kept), else in Drøftelse."""

        def focus() -> None:  # once the dialog has gone and this window is active again
            alive = widget is not None and shiboken6.isValid(widget) and widget.isVisible()
            target = widget if alive and widget is not None else self.discussion
            if shiboken6.isValid(target):
                target.setFocus(Qt.FocusReason.OtherFocusReason)

        QTimer.singleShot(0, focus)

    def toggle_done(self) -> None:
        self.panel.toggle_done()

    def _disposition_added(self) -> None:
        if self.vault is None or self.detail is None or self.item is None:
            return
        self.detail = get_meeting(self.vault, self.detail.id, log_view=False)
        row = self._row_of(self.item.id)
        if row >= 0:
            self.item = self.detail.items[row]
            self._fill_dispositions()
        self.panel.select_last()  # the focus goes back where the user was typing: see new_disposition
        self.changed.emit(self.detail.id)

    # -- addendum --------------------------------------------------------------------------------------------

    def write_addendum(self) -> None:
        if self.vault is not None and self.detail is not None:
            self.dialogs.open(addendum_dialog(self.vault, self.detail.id, self))
