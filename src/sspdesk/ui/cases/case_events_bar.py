"""Under the case's Frister: record a home visit or a talk that took place, and see (or remove) the ones recorded.

Deadlines count from these events (the temporary handleplan after the home visit, the level-I follow-up at the next
Koordinationsmøde after the talk – `sspdesk.case_events`); a deadline waiting for one shows "venter på …" above.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sspdesk.case_events import record_event, recorded_events, remove_event
from sspdesk.domain.dates import date_text
from sspdesk.domain.deadline_events import RECORDED_EVENTS
from sspdesk.domain.errors import Invalid
from sspdesk.store.vault import Vault
from sspdesk.ui import accessibility
from sspdesk.ui.widgets.colours import GREY
from sspdesk.ui.widgets.message_bar import MessageBar
from sspdesk.ui.widgets.qdates import to_date


class CaseEventsBar(QWidget):
    """Hjemmebesøg og samtaler: a row to record one, and the list of the recorded ones. `changed` after a write."""

    changed = Signal()

    def __init__(self, vault: Vault, case_id: str, read_only: bool, today: Callable[[], date]) -> None:
        super().__init__()
        self.vault, self.case_id, self.today = vault, case_id, today
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.setSpacing(4)
        title = QLabel("Hjemmebesøg og samtaler (fristerne regnes fra dem)")
        title.setStyleSheet(f"color: {GREY};")
        layout.addWidget(title)
        self.list = QGridLayout()
        self.list.setHorizontalSpacing(12)
        layout.addLayout(self.list)
        self.message = MessageBar()
        self.kind = QComboBox()
        self.day = QDateEdit()
        self.note = QLineEdit()
        self.add_button = QPushButton("Registrér")
        if not read_only:
            for key, text in RECORDED_EVENTS.items():
                self.kind.addItem(text, key)
            self.kind.setAccessibleName("Hændelse")
            # The longest kind would set the form's width; elided instead, the case list keeps room at 1366 px.
            self.kind.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            self.kind.setMinimumContentsLength(22)
            self.day.setCalendarPopup(True)
            self.day.setDisplayFormat("dd.MM.yyyy")
            self.day.setAccessibleName("Dato for hændelsen")
            now = today()
            self.day.setDate(QDate(now.year, now.month, now.day))
            self.day.setMaximumDate(QDate(now.year, now.month, now.day))
            self.note.setPlaceholderText("Bemærkning (valgfri)")
            self.note.setAccessibleName("Bemærkning")
            self.add_button.setToolTip("Registrér, at hjemmebesøget/mødet eller samtalen har fundet sted denne dag")
            self.add_button.clicked.connect(self.add)
            row = QHBoxLayout()
            row.addWidget(self.kind)
            row.addWidget(self.day)
            row.addWidget(self.note, 1)
            row.addWidget(self.add_button)
            layout.addLayout(row)
        layout.addWidget(self.message)
        self.read_only = read_only
        self._fill()

    def _fill(self) -> None:
        while self.list.count():
            item = self.list.takeAt(0)
            widget = item.widget() if item else None
            if widget:
                widget.setParent(None)
                widget.deleteLater()
        events = recorded_events(self.vault, self.case_id)
        if not events:
            none = QLabel("Ingen registreret.")
            none.setStyleSheet(f"color: {GREY};")
            self.list.addWidget(none, 0, 0)
        for row, event in enumerate(events):
            when = QLabel(date_text(event.occurred_on))
            what = QLabel(event.label + (f" – {event.reason}" if event.reason else ""))
            what.setTextFormat(Qt.TextFormat.PlainText)
            what.setWordWrap(True)
            self.list.addWidget(when, row, 0)
            self.list.addWidget(what, row, 1)
            if not self.read_only:
                button = QPushButton("Fjern")
                button.setAccessibleName(f"Fjern {event.label.lower()} {date_text(event.occurred_on)}")  # which
                button.setToolTip(
                    "Fjern hændelsen (registreret ved en fejl); fristerne, der regnedes fra den, venter igen"
                )
                button.clicked.connect(lambda _checked=False, e=event.id: self.remove(e))
                self.list.addWidget(button, row, 2)
        self.list.setColumnStretch(1, 1)
        accessibility.reading_order(self)  # the list stands above the new event's fields: Tab reads it first

    def add(self) -> None:
        kind = str(self.kind.currentData())
        try:
            record_event(self.vault, self.case_id, kind, to_date(self.day.date()), self.note.text(), today=self.today())
        except Invalid as exc:
            self.message.show_error(exc.message)
            return
        self.note.clear()
        self.message.show_message(
            f"Registreret: {RECORDED_EVENTS[kind]} {date_text(to_date(self.day.date()).isoformat())}.", "info"
        )
        self._fill()
        self.changed.emit()

    def remove(self, event_id: str) -> None:
        try:
            remove_event(self.vault, event_id, today=self.today())
        except Invalid as exc:
            self.message.show_error(exc.message)
            return
        self._fill()
        self.changed.emit()
