"""Referater: the minutes written about one case at meetings, newest first, read-only – a tab of the case editor.

The minutes of a case item are also the case's `minutes` section (one version per meeting item, see
`sspdesk.meetings.save_item_minutes`), so the list is `cases.section_history(vault, case_id, "minutes")` with each
version's meeting looked up for its number, forum and date. Corrections are made in the meeting, not here.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from sspdesk.cases import section_history
from sspdesk.domain.cases import SectionEntry
from sspdesk.domain.dates import stamp_text
from sspdesk.domain.errors import NotFound
from sspdesk.domain.meetings import Meeting
from sspdesk.meetings import get_meeting
from sspdesk.store.vault import Vault
from sspdesk.ui import theme
from sspdesk.ui.meetings.meeting_models import forum_text
from sspdesk.ui.widgets.colours import GREY

EMPTY_TEXT = "Sagen er ikke drøftet på et møde endnu. Referatet skrives i Møder (Mødetilstand, F5)."


def _text(text: str, style: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if style:
        label.setStyleSheet(style)
    return label


class CaseMinutesView(QWidget):
    """Every version of the case's minutes: meeting, date, Drøftelse and Beslutning. `clear()` forgets them all."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: list[tuple[SectionEntry, Meeting | None]] = []  # a version and its meeting
        outer = QVBoxLayout(self)
        outer.setContentsMargins(14, 10, 14, 10)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(self.scroll_area)
        self.clear()

    def show_case(self, vault: Vault, case_id: str) -> None:
        """Read the case's minutes (newest first) with their meetings; reading a meeting here is not logged."""
        meetings: dict[str, Meeting | None] = {}
        self.entries = []
        for version in section_history(vault, case_id, "minutes"):
            meeting_id = str(version.fields.get("meeting") or "")
            if meeting_id and meeting_id not in meetings:
                try:
                    meetings[meeting_id] = get_meeting(vault, meeting_id, log_view=False).meeting
                except NotFound:
                    meetings[meeting_id] = None
            self.entries.append((version, meetings.get(meeting_id)))
        self._build()

    def clear(self) -> None:
        self.entries = []
        self._build()

    def shows_data(self) -> bool:
        return bool(self.entries)

    def _build(self) -> None:
        old = self.scroll_area.takeWidget()
        if old is not None:
            old.setParent(None)  # gone from findChildren at once
            old.deleteLater()
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        if not self.entries:
            layout.addWidget(_text(EMPTY_TEXT, f"color: {GREY};"))
        for entry in self.entries:
            layout.addWidget(self._card(entry))
        layout.addStretch(1)
        self.scroll_area.setWidget(content)

    @staticmethod
    def _card(entry: tuple[SectionEntry, Meeting | None]) -> QFrame:
        card = QFrame()
        card.setObjectName("minutesCard")
        card.setStyleSheet(theme.card_style("minutesCard", "card_alt", radius=6))
        column = QVBoxLayout(card)
        column.setContentsMargins(12, 8, 12, 10)
        column.setSpacing(4)
        version, meeting = entry
        title = (
            f"{meeting.number} · {forum_text(meeting)} · {stamp_text(meeting.starts_at)}"
            if meeting
            else "Mødet findes ikke længere"
        )
        column.addWidget(_text(title, "font-weight: bold;"))
        state = "godkendt" if meeting and meeting.is_approved else "ikke godkendt endnu"
        column.addWidget(
            _text(f"{version.author or 'Ukendt'}, {stamp_text(version.created_at)} · {state}", f"color: {GREY};")
        )
        fields = version.fields
        for key, label in (("discussion", "Drøftelse"), ("decision", "Beslutning")):
            value = str(fields.get(key) or "").strip()
            if value:
                column.addSpacing(4)
                column.addWidget(_text(label, "font-weight: bold;"))
                column.addWidget(_text(value))
        return card
