"""Overblik, the home screen: a vertical list of titled boxes. The first box is "Mine frister".

Mine frister shows what is coming (`sspdesk.coming_deadlines`): Overskredet, I dag, De næste 10 arbejdsdage, Senere
– and those still waiting for their start event ("Venter på en hændelse", the date column saying "venter på
Sagsmøde"), each a small table (`DeadlineTableModel`, Vorta style: COL_* constants and a record role). Double-click or
Enter opens the case (`open_case_requested`, the main window switches to Sager); "Udført" (click, Ctrl+D or the
context menu) marks the deadline done through `cases.mark_deadline_done` and reloads.

More boxes are added with `add_box(title, content)`: the content is any widget that follows `OverviewBox` –
`fetch(vault, today)` reads its data through services (off the GUI thread: no widgets), `display(vault, data)` puts
it on screen, `load(vault)` does both at once, `clear()` forgets it. In the main window the page fills its boxes on a
worker (`box_filler`, `fill_on_worker`) after the window is shown, so unlocking does not wait for them (issue 20);
standing alone (tests) it fills them at once. The clock is injectable (`today`) for tests. Below Mine frister come
the boxes of `sspdesk.ui.overview.overview_boxes` – upcoming meetings, open dispositions, consents missing or
expiring, cases due for retention, import conflicts – whose rows open their record through the page's signals.
"Statistik…" opens the anonymised statistics for the ledergruppe in a dialog.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sspdesk.cases import mark_deadline_done
from sspdesk.coming_deadlines import NEXT_WORKING_DAYS, DeadlineGroup, deadline_groups
from sspdesk.domain.cases import Deadline
from sspdesk.domain.dates import WEEKDAYS, written_date
from sspdesk.store.vault import Vault
from sspdesk.ui import theme
from sspdesk.ui.overview.box_filler import BoxFiller, Stale
from sspdesk.ui.overview.deadline_table import (  # noqa: F401  (tests and the box use them from here)
    COL_DONE,
    COL_DUE,
    COL_LABEL,
    COL_NUMBER,
    COL_SUBJECT,
    DONE_TEXT,
    DeadlineTable,
    DeadlineTableModel,
    RecordRole,
)
from sspdesk.ui.overview.overview_boxes import OVERDUE_COLOUR, extra_boxes
from sspdesk.ui.vault.vault_dialogs import SMALL_GREY_STYLE
from sspdesk.ui.widgets.pages import PAGE_MARGINS, Page, page_heading
from sspdesk.vaults import data_version

if TYPE_CHECKING:
    from sspdesk.ui.overview.statistics_view import StatisticsDialog  # imported when first asked for

EMPTY_TEXT = "Ingen åbne frister."
LOADING_TEXT = "Henter overblikket …"
FAILED_TEXT = "Overblikket kunne ikke hentes. Det hentes igen, næste gang siden vises."
# "waiting": deadlines whose start event has not happened (no date yet) – shown as "venter på …" (issue 18).
GROUPS = (
    ("overdue", "Overskredet"),
    ("today", "I dag"),
    ("next", f"De næste {NEXT_WORKING_DAYS} arbejdsdage"),
    ("later", "Senere"),
    ("waiting", "Venter på en hændelse"),
)
SHOWN_PER_GROUP = 200  # rows a group lists; its header always gives the full count


def danish_day(day: date) -> str:
    """'torsdag 12. marts 2026 · uge 11'."""
    return f"{WEEKDAYS[day.weekday()]} {written_date(day)} · uge {day.isocalendar()[1]}"


class OverviewBox(Protocol):
    """What a box's content widget offers the page."""

    def fetch(self, vault: Vault, today: date) -> Any: ...  # may run off the GUI thread: services only

    def display(self, vault: Vault, data: Any) -> None: ...

    def load(self, vault: Vault) -> None: ...

    def clear(self) -> None: ...

    def shows_data(self) -> bool: ...


class DeadlinesBox(QWidget):
    """Mine frister: Overskredet, I dag, De næste 10 arbejdsdage, Senere, Venter på en hændelse – with counts, an Udført
    button per row and an empty state."""

    open_case_requested = Signal(str)
    deadline_done = Signal(str)  # case id

    def __init__(self, today: Callable[[], date] = date.today) -> None:
        super().__init__()
        self.today = today
        self.vault: Vault | None = None
        self._last_done = 0.0
        self._groups: dict[str, DeadlineGroup] = {}  # as last displayed
        # What reloads after "Udført": the page sets its own fill (every box, on the worker in the main window); a
        # box on its own reads itself again.
        self.reload: Callable[[], None] | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.empty_label = QLabel(EMPTY_TEXT)
        self.empty_label.setStyleSheet(SMALL_GREY_STYLE)
        layout.addWidget(self.empty_label)
        self.models: dict[str, DeadlineTableModel] = {}
        self.tables: dict[str, DeadlineTable] = {}
        self.headers: dict[str, QLabel] = {}
        self.none_labels: dict[str, QLabel] = {}
        for key, title in GROUPS:
            header = QLabel(title)
            header.setObjectName(f"deadlineGroup-{key}")
            font = header.font()
            font.setBold(True)
            header.setFont(font)
            if key == "overdue":
                header.setStyleSheet(f"color: {OVERDUE_COLOUR.name()};")
            model = DeadlineTableModel(self, overdue=key == "overdue")
            table = DeadlineTable(model, f"Frister – {title}")
            table.activated.connect(self._activated)
            table.clicked.connect(self._clicked)
            table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            table.customContextMenuRequested.connect(lambda pos, t=table: self._context_menu(t, pos))
            done = QAction(DONE_TEXT, table)
            done.setShortcut("Ctrl+D")
            done.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            done.triggered.connect(lambda _=False, t=table: self.mark_done(t, t.currentIndex().row()))
            table.addAction(done)
            none = QLabel("Ingen.")
            none.setStyleSheet(SMALL_GREY_STYLE)
            layout.addSpacing(4)
            layout.addWidget(header)
            layout.addWidget(table)
            layout.addWidget(none)
            self.models[key], self.tables[key], self.headers[key], self.none_labels[key] = model, table, header, none
        self.clear()

    def fetch(self, vault: Vault, today: date) -> dict[str, DeadlineGroup]:
        return deadline_groups(vault, today, limit=SHOWN_PER_GROUP)

    def load(self, vault: Vault) -> None:
        self.display(vault, self.fetch(vault, self.today()))

    def display(self, vault: Vault, groups: dict[str, DeadlineGroup]) -> None:
        self.vault = vault
        self._groups = groups
        total = sum(group.total for group in groups.values())
        self.empty_label.setVisible(total == 0)
        for key, title in GROUPS:
            group = groups[key]
            current = self.tables[key].currentIndex().row()
            self.models[key].set_rows(group.rows)
            if current >= 0 and group.rows:  # a reload after "Udført" keeps the keyboard where it was
                self.tables[key].setCurrentIndex(self.models[key].index(min(current, len(group.rows) - 1), COL_DUE))
            more = group.total - len(group.rows)
            # A backlog of thousands is a count here, not a list to scroll through: the Sager page finds them.
            shown = f"{len(group.rows)} af {group.total:,}".replace(",", ".") if more else str(group.total)
            self.headers[key].setText(f"{title} ({shown})")
            self.headers[key].setToolTip(f"De {len(group.rows)} ældste vises." if more else "")
            self.headers[key].setVisible(total > 0)
            self.tables[key].setVisible(bool(group.rows))
            self.none_labels[key].setVisible(total > 0 and not group.rows)

    def clear(self) -> None:
        self.vault = None
        self._groups = {}
        for key, title in GROUPS:
            self.models[key].set_rows([])
            self.headers[key].setText(title)
            for widget in (self.headers[key], self.tables[key], self.none_labels[key]):
                widget.hide()
        self.empty_label.hide()

    def shows_data(self) -> bool:
        return any(model.rowCount() for model in self.models.values())

    def rows(self, key: str) -> list[Deadline]:
        model = self.models[key]
        return [model.record(row) for row in range(model.rowCount())]

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid() and index.column() != COL_DONE:
            self.open_case_requested.emit(index.data(RecordRole).case_id)

    def _clicked(self, index: QModelIndex) -> None:
        # The second click of a double-click on Udført must not mark the row that moved up under the pointer.
        settled = time.monotonic() - self._last_done > QApplication.doubleClickInterval() / 1000
        table = self.sender()
        if index.isValid() and index.column() == COL_DONE and settled and isinstance(table, QTableView):
            self.mark_done(table, index.row())

    def mark_done(self, table: QTableView, row: int) -> None:
        model = table.model()
        if self.vault is None or not isinstance(model, DeadlineTableModel) or not 0 <= row < model.rowCount():
            return
        record = model.record(row)
        if record.computed:
            return
        mark_deadline_done(self.vault, record.id, today=self.today())
        self._last_done = time.monotonic()
        # The row goes at once (no read of every deadline on the GUI thread: ~1 s at 50,000 cases); the reload
        # then brings the row that moves up into the first SHOWN_PER_GROUP and what else the change touched.
        self._drop(record)
        if self.reload is not None:
            self.reload()
        else:
            self.load(self.vault)
        if table.model().rowCount():  # keep the keyboard in the same group, on the row that took its place
            table.setCurrentIndex(table.model().index(min(row, table.model().rowCount() - 1), COL_DUE))
            table.setFocus()
        self.deadline_done.emit(record.case_id)

    def _drop(self, record: Deadline) -> None:
        groups = {
            key: DeadlineGroup([d for d in group.rows if d.id != record.id], group.total - (record in group.rows))
            for key, group in self._groups.items()
        }
        if self.vault is not None and groups:
            self.display(self.vault, groups)

    def _context_menu(self, table: QTableView, pos: QPoint) -> None:
        index = table.indexAt(pos)
        if not index.isValid():
            return
        menu = QMenu(table)
        menu.addAction("Åbn sagen", lambda: self._activated(index.siblingAtColumn(COL_NUMBER)))
        menu.addAction("Markér som udført", lambda: self.mark_done(table, index.row()))
        menu.popup(table.viewport().mapToGlobal(pos))


class OverviewPage(Page):
    title = "Overblik"
    icon_name = "overview"

    open_case_requested = Signal(str)  # case id: the main window shows it on the Sager page
    close_case_requested = Signal(str)  # case id: the main window shows it on Sager with its Luk sag dialog
    deadline_done = Signal(str)  # case id: the Sager page may refresh that case
    open_meeting_requested = Signal(str)  # meeting id: the main window shows it on the Møder page
    open_consent_requested = Signal(str)  # consent id: the main window shows it on the Samtykker page
    open_exchange_requested = Signal()  # import conflicts wait on the Udveksling page

    def __init__(self, parent: QWidget | None = None, today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self.today = today
        self.boxes: list[tuple[QFrame, OverviewBox]] = []
        self.filler = BoxFiller()
        self.fill_on_worker = False  # the main window turns it on: the boxes are filled after it is shown
        self._loaded_at: tuple[date, int] | None = None  # the day and data version the boxes were loaded at
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        outer.addWidget(scroll)
        content = QWidget()
        scroll.setWidget(content)
        self._layout = QVBoxLayout(content)
        self._layout.setContentsMargins(*PAGE_MARGINS)
        self._layout.setSpacing(16)
        title_row = QHBoxLayout()
        title_row.addWidget(page_heading(self.title))
        title_row.addStretch(1)
        self.statistics_button = QPushButton("Statistik…")
        self.statistics_button.setToolTip("Anonymiseret statistik til ledelsen (PDF og CSV)")
        self.statistics_button.clicked.connect(self.open_statistics)
        self.statistics_button.setEnabled(False)
        title_row.addWidget(self.statistics_button, 0, Qt.AlignmentFlag.AlignBottom)
        self._layout.addLayout(title_row)
        self.statistics_dialog: StatisticsDialog | None = None
        self.date_label = QLabel()
        self.date_label.setStyleSheet(SMALL_GREY_STYLE)
        self._layout.addWidget(self.date_label)
        self.fill_label = QLabel()  # "Henter overblikket …" while the worker fills the boxes
        self.fill_label.setObjectName("overviewFill")
        self.fill_label.setStyleSheet(SMALL_GREY_STYLE)
        self.fill_label.hide()
        self._layout.addWidget(self.fill_label)
        self._layout.addStretch(1)
        self.deadlines = DeadlinesBox(today)
        self.deadlines.open_case_requested.connect(self.open_case_requested)
        self.deadlines.deadline_done.connect(self.deadline_done)
        self.deadlines.reload = self.refresh
        self.add_box("Mine frister", self.deadlines)
        self._add_extra_boxes()

    def _add_extra_boxes(self) -> None:
        targets = {
            "case": self.open_case_requested.emit,
            "close_case": self.close_case_requested.emit,
            "meeting": self.open_meeting_requested.emit,
            "consent": self.open_consent_requested.emit,
            "exchange": lambda _id: self.open_exchange_requested.emit(),
        }
        self.extra: dict[str, QWidget] = {}
        for title, box in extra_boxes(self.today):
            box.open_requested.connect(lambda kind, record_id: targets[kind](record_id))
            self.extra[title] = box
            self.add_box(title, box)

    def open_statistics(self) -> None:
        if self.vault is None:
            return
        from sspdesk.ui.overview.statistics_view import StatisticsDialog  # charts and reportlab only when asked for

        self._close_statistics()
        self.statistics_dialog = StatisticsDialog(self.vault, self.today(), self)
        self.statistics_dialog.finished.connect(lambda _result: self._close_statistics())
        self.statistics_dialog.open()

    def _close_statistics(self) -> None:
        dialog, self.statistics_dialog = self.statistics_dialog, None
        if dialog is not None:
            dialog.clear()
            dialog.hide()
            dialog.deleteLater()

    def add_box(self, title: str, content: QWidget) -> QFrame:
        """Add a titled box below the others; `content` follows `OverviewBox` (load, clear, shows_data)."""
        frame = QFrame()
        frame.setObjectName("overviewBox")
        frame.setStyleSheet(theme.card_style("overviewBox", "card_alt"))
        layout = QVBoxLayout(frame)
        layout.setContentsMargins(18, 14, 18, 16)
        layout.setSpacing(8)
        heading = QLabel(title)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)
        layout.addWidget(content)
        self._layout.insertWidget(self._layout.count() - 1, frame)  # above the closing stretch
        self.boxes.append((frame, content))  # type: ignore[arg-type]  # the Protocol is checked by use
        if self.vault is not None:
            content.load(self.vault)  # type: ignore[attr-defined]
        return frame

    def on_unlocked(self, vault: Vault) -> None:
        super().on_unlocked(vault)
        self.refresh()

    def on_locked(self) -> None:
        self.filler.stop()  # no job may hold a connection when the vault closes
        super().on_locked()
        self._loaded_at = None
        self.fill_label.hide()
        self._close_statistics()
        self.statistics_button.setEnabled(False)
        self.date_label.clear()
        for _frame, content in self.boxes:
            content.clear()

    def refresh(self) -> None:
        vault = self.vault
        if vault is None:
            return
        today = self.today()
        self._loaded_at = (today, data_version(vault))
        self.statistics_button.setEnabled(True)
        self.date_label.setText(danish_day(today).capitalize())
        contents = [content for _frame, content in self.boxes]
        if not self.fill_on_worker:
            self._show(vault, contents, [content.fetch(vault, today) for content in contents])
            return

        def fetch(stale: Callable[[], bool]) -> list[Any]:
            found = []
            for content in contents:
                if stale():
                    raise Stale  # locked meanwhile: end after the box being read
                found.append(content.fetch(vault, today))
            return found

        self.fill_label.setText(LOADING_TEXT)
        self.fill_label.show()
        self.filler.start(vault, fetch, lambda data: self._show(vault, contents, data), self._fill_failed)

    def _show(self, vault: Vault, contents: list[OverviewBox], data: list[Any]) -> None:
        if self.vault is not vault:
            return
        self.fill_label.hide()
        for content, found in zip(contents, data, strict=True):
            content.display(vault, found)

    def _fill_failed(self, _error: BaseException) -> None:
        self._loaded_at = None  # the next visit tries again
        self.fill_label.setText(FAILED_TEXT)
        self.fill_label.show()

    def stop_filling(self) -> None:
        """Before a job takes the vault to itself: no fill may hold a connection (a later visit fills again)."""
        if self.filler.filling:
            self._loaded_at = None
        self.filler.stop()
        self.fill_label.hide()

    def shows_data(self) -> bool:
        return (
            super().shows_data()
            or any(content.shows_data() for _frame, content in self.boxes)
            or self.statistics_dialog is not None
        )

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # "I dag" moves on at midnight, and other pages or an import change what is due; otherwise what is shown is
        # current (loading the boxes takes ~0.4 s at 50,000 cases, so not on every visit).
        if self.vault is not None and self._loaded_at != (self.today(), data_version(self.vault)):
            self.refresh()
