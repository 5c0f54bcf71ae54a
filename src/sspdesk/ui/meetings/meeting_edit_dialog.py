"""Redigér møde…: the date, time, place and forum of a meeting that exists; the agenda stays as it is.

The dialog only collects the values; `sspdesk.meeting_edit.edit_meeting` holds the rules (approved minutes and a
cancelled meeting are locked, the forum must be the model's) and writes the audit entry.
"""

from __future__ import annotations

from datetime import time

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QLineEdit, QTimeEdit, QWidget

from sspdesk.dispositions import forums
from sspdesk.domain.meetings import Meeting
from sspdesk.meeting_edit import MeetingChange, edit_meeting
from sspdesk.store.vault import Vault
from sspdesk.ui.widgets.form_dialog import FormDialog
from sspdesk.ui.widgets.labels import grey_label
from sspdesk.ui.widgets.qdates import to_date

AGENDA_NOTE = "Dagsordenen, deltagerne og referatet bevares. Frister, der regnes fra mødet, flyttes med."


class EditMeetingDialog(FormDialog):
    """Redigér møde: forum, date, time and place, filled in with what the meeting has now."""

    def __init__(self, vault: Vault, meeting: Meeting, parent: QWidget | None = None) -> None:
        super().__init__(f"Redigér møde {meeting.number}", "Gem ændringer", parent)
        self.vault, self.meeting = vault, meeting
        self.setMinimumWidth(480)
        self.forum = QComboBox()
        names = [f.name for f in forums(vault)]
        if meeting.forum not in names:  # a forum of an earlier model: shown, so saving does not change it silently
            names.insert(0, meeting.forum)
        self.forum.addItems(names)
        self.forum.setCurrentText(meeting.forum)
        start = meeting.start
        self.day = QDateEdit(QDate(start.year, start.month, start.day))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd.MM.yyyy")
        self.clock = QTimeEdit(QTime(start.hour, start.minute))
        self.clock.setDisplayFormat("HH:mm")
        self.clock.setAccessibleName("Klokkeslæt")
        when = QHBoxLayout()
        when.addWidget(self.day)
        when.addWidget(QLabel("kl."))
        when.addWidget(self.clock)
        when.addStretch(1)
        self.place = QLineEdit(meeting.place)
        self.place.setPlaceholderText("Fx Rådhuset, mødelokale 2")
        self.form.addRow("&Mødeforum:", self.forum)
        day_label = QLabel("&Dato:")
        day_label.setBuddy(self.day)
        self.form.addRow(day_label, when)
        self.form.addRow("&Sted:", self.place)
        self.form.addRow(grey_label(AGENDA_NOTE))
        self.field_widgets = {"forum": self.forum, "date": self.day, "time": self.clock, "place": self.place}
        self.finish_layout()
        self.day.setFocus()

    def change(self) -> MeetingChange:
        clock = self.clock.time()
        return MeetingChange(
            day=to_date(self.day.date()),
            at=time(clock.hour(), clock.minute()),
            place=self.place.text(),
            forum=self.forum.currentText(),
        )

    def _submit(self) -> None:
        self.run(lambda: edit_meeting(self.vault, self.meeting.id, self.change()))
