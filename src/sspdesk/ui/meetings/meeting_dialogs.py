"""Dialogs of the Møder page and meeting mode: Nyt møde (with the proposed agenda), Tilføj punkt, Tilføj deltager,
Ny disposition, and the confirmations Godkend referat / Tilbagekald godkendelse / Tillæg.

Like the case dialogs, each collects input and calls one service function itself; an `Invalid` is shown as a
Danish line in the dialog, the named field gets the focus, and nothing is saved. Dialogs are opened with `open()`
(window-modal, not blocking), so a lock can close them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from PySide6.QtCore import QDate, Qt, QTime, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QTimeEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from sspdesk.cases import CaseQuery, filter_values, list_cases
from sspdesk.contacts import list_contacts
from sspdesk.dispositions import DISPOSITION_LABELS, add_disposition, forums, journal_rule, propose_agenda
from sspdesk.domain.dates import date_text
from sspdesk.domain.errors import Invalid
from sspdesk.domain.meetings import (
    AgendaItem,
    AgendaProposal,
    MeetingDetail,
    Participant,
    ProposedItem,
    ProposedParticipant,
)
from sspdesk.duties.journal_rule import GROUP_RULE
from sspdesk.meetings import add_item, add_participant, apply_proposal, create_meeting, list_meetings
from sspdesk.preferences import areas as setting_areas
from sspdesk.store.vault import Vault
from sspdesk.ui.widgets.colours import GREY
from sspdesk.ui.widgets.fields import DateLine
from sspdesk.ui.widgets.form_dialog import FormDialog
from sspdesk.ui.widgets.journal_check import JournalCheck, with_note
from sspdesk.ui.widgets.labels import grey_label
from sspdesk.ui.widgets.qdates import to_date

PROPOSAL_DELAY_MS = 250
JOURNAL_NOTE = "DKE-Journal: skriv ikke navn eller CPR-nr. på borgeren."


def _editable_combo(values: Sequence[str], current: str = "") -> QComboBox:
    combo = QComboBox()
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.addItems(list(values))
    combo.setCurrentText(current)
    return combo


def _placeholder(combo: QComboBox, text: str) -> None:
    line = combo.lineEdit()  # an editable combo always has one
    if line is not None:
        line.setPlaceholderText(text)


def _checked(item: QTreeWidgetItem | None) -> bool:
    return item is not None and item.checkState(0) == Qt.CheckState.Checked


def _next_workday(today: date) -> date:
    day = today + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


class NewMeetingDialog(FormDialog):
    """Nyt møde: forum, area, time and place; below, the proposed agenda and participants to accept or leave out."""

    def __init__(self, vault: Vault, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__("Nyt møde", "Opret møde", parent)
        self.vault = vault
        self.proposal: AgendaProposal | None = None
        self.resize(740, 660)
        self.forum = QComboBox()
        self.forum.addItems([f.name for f in forums(vault)])
        known = [*setting_areas(vault), *filter_values(vault, "area"), *(m.area for m in list_meetings(vault))]
        self.area = _editable_combo(sorted({a for a in known if a}, key=str.casefold))
        _placeholder(self.area, "Skoledistrikt eller lokalområde (kan være tomt)")
        first = _next_workday(today or date.today())
        self.day = QDateEdit(QDate(first.year, first.month, first.day))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd.MM.yyyy")
        self.clock = QTimeEdit(QTime(14, 0))
        self.clock.setDisplayFormat("HH:mm")
        self.clock.setAccessibleName("Klokkeslæt")
        when = QHBoxLayout()
        when.addWidget(self.day)
        when.addWidget(QLabel("kl."))
        when.addWidget(self.clock)
        when.addStretch(1)
        self.place = QLineEdit()
        self.place.setPlaceholderText("Fx Rådhuset, mødelokale 2")
        self.form.addRow("&Mødeforum:", self.forum)
        self.form.addRow("&Område:", self.area)
        day_label = QLabel("&Dato:")
        day_label.setBuddy(self.day)
        self.form.addRow(day_label, when)
        self.form.addRow("&Sted:", self.place)
        self.field_widgets = {"forum": self.forum, "starts_at": self.day, "area": self.area, "place": self.place}

        self.proposal_note = grey_label("")
        self.items = QTreeWidget()
        self.items.setAccessibleName("Forslag til dagsorden")
        self.items.setHeaderHidden(True)
        self.items.setRootIsDecorated(False)
        self.items.setWordWrap(True)
        self.items.setIndentation(26)
        self.items.setSelectionMode(QTreeWidget.SelectionMode.NoSelection)
        self.items.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.people = QListWidget()
        self.people.setAccessibleName("Deltagere")
        self.people.setMaximumHeight(150)
        heading = QLabel("<b>Forslag til dagsorden</b>")
        heading.setBuddy(self.items)
        self.layout_.addWidget(heading)
        self.layout_.addWidget(self.proposal_note)
        self.layout_.addWidget(self.items, 3)
        self.layout_.addWidget(QLabel("<b>Deltagere</b> (kan rettes bagefter)"))
        self.layout_.addWidget(self.people, 2)
        self.finish_layout()

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(PROPOSAL_DELAY_MS)
        self.timer.timeout.connect(self.update_proposal)
        self.forum.currentIndexChanged.connect(lambda _i: self.update_proposal())
        self.area.currentTextChanged.connect(lambda _t: self.timer.start())
        self.day.dateChanged.connect(lambda _d: self.update_proposal())
        self.update_proposal()

    def starts_at(self) -> datetime:
        return datetime.combine(to_date(self.day.date()), time(self.clock.time().hour(), self.clock.time().minute()))

    def update_proposal(self) -> None:
        """Ask the service what this meeting should discuss (reads only) and show it with checkboxes."""
        self.timer.stop()
        forum = self.forum.currentText()
        if not forum:
            return
        self.proposal = proposal = propose_agenda(self.vault, forum, self.starts_at(), self.area.currentText().strip())
        self.items.clear()
        for item in proposal.items:
            row = QTreeWidgetItem([item.heading])
            row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            row.setCheckState(0, Qt.CheckState.Checked)
            font = row.font(0)
            font.setBold(True)
            row.setFont(0, font)
            row.setToolTip(0, item.reason or item.heading)
            for reason in filter(None, item.reason.split("; ")):  # one line per deadline or follow-up
                why = QTreeWidgetItem([reason])
                why.setFlags(Qt.ItemFlag.ItemIsEnabled)
                why.setForeground(0, QColor(GREY))
                why.setToolTip(0, reason)
                row.addChild(why)
            self.items.addTopLevelItem(row)
        self.items.expandAll()
        if not proposal.items:
            empty = QTreeWidgetItem(["Ingen sager eller dispositioner venter på dette møde."])
            empty.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.items.addTopLevelItem(empty)
        self.proposal_note.setText(
            f"Sager med frister før næste {forum} (ca. {date_text(proposal.next_meeting)}) og åbne "
            "dispositioner fra tidligere møder. Fjern fluebenet ved det, der ikke skal på."
        )
        self.people.clear()
        for person in proposal.participants:
            who = QListWidgetItem(f"{person.role} – {person.name}" if person.name else person.role)
            who.setFlags(who.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            optional = person.role.casefold().startswith("evt.") or "ad hoc" in person.role.casefold()
            unticked = person.optional or (optional and not person.name)  # offered: standing members, 16–18+
            who.setCheckState(Qt.CheckState.Unchecked if unticked else Qt.CheckState.Checked)
            self.people.addItem(who)

    def chosen_items(self) -> list[ProposedItem]:
        items = self.proposal.items if self.proposal else ()
        return [p for n, p in enumerate(items) if _checked(self.items.topLevelItem(n))]

    def chosen_participants(self) -> list[ProposedParticipant]:
        people = self.proposal.participants if self.proposal else ()
        return [p for n, p in enumerate(people) if self.people.item(n).checkState() == Qt.CheckState.Checked]

    def _submit(self) -> None:
        if self.timer.isActive():
            self.update_proposal()
        items, people = self.chosen_items(), self.chosen_participants()

        def create() -> MeetingDetail:
            created = create_meeting(
                self.vault,
                self.forum.currentText(),
                self.starts_at(),
                area=self.area.currentText(),
                place=self.place.text(),
                accept_agenda=False,
                participants=people,
            )
            return apply_proposal(self.vault, created.detail.id, items) if items else created.detail

        self.run(create)


class AddItemDialog(FormDialog):
    """Tilføj punkt: a case (chosen from the open cases, or its number typed) or a topic with a heading."""

    def __init__(self, vault: Vault, detail: MeetingDetail, kind: str, parent: QWidget | None = None) -> None:
        super().__init__("Tilføj sag" if kind == "case" else "Tilføj emne", "Tilføj", parent)
        self.vault, self.detail, self.kind = vault, detail, kind
        self.resize(520, 160)
        self.case = _editable_combo([], "")
        self.title = QLineEdit()
        if kind == "case":
            on_agenda = {i.case_id for i in detail.items}
            rows = [r for r in list_cases(vault, CaseQuery(status="open")) if r.id not in on_agenda]
            rows.sort(key=lambda r: (r.forum != detail.meeting.forum, r.number))
            for row in rows:
                self.case.addItem(f"{row.number} – {row.subject}", row.number)
            _placeholder(self.case, "Sagsnummer, fx K-2026-0012")
            self.form.addRow("&Sag:", self.case)
            self.layout_.addWidget(grey_label("Sagens nummer og genstand kommer på dagsordenen – ikke navne."))
        else:
            self.title.setPlaceholderText("Fx Orientering fra politiet")
            self.form.addRow("&Overskrift:", self.title)
        self.field_widgets = {"case": self.case, "title": self.title}
        self.finish_layout()

    def case_ref(self) -> str:
        index = self.case.currentIndex()
        if index >= 0 and self.case.itemText(index) == self.case.currentText():
            return str(self.case.itemData(index))
        return self.case.currentText().split(" – ")[0].strip()

    def _submit(self) -> None:
        if self.kind == "case":
            self.run(lambda: add_item(self.vault, self.detail.id, "case", case_ref=self.case_ref()))
        else:
            self.run(lambda: add_item(self.vault, self.detail.id, "topic", title=self.title.text()))


class ParticipantDialog(FormDialog):
    """Tilføj deltager: from the contact list, or a name and a role typed in."""

    def __init__(self, vault: Vault, meeting_id: str, parent: QWidget | None = None) -> None:
        super().__init__("Tilføj deltager", "Tilføj", parent)
        self.vault, self.meeting_id = vault, meeting_id
        self.resize(480, 180)
        self.contact = QComboBox()
        self.contact.addItem("Ingen – skriv navn og rolle", "")
        for contact in list_contacts(vault):
            where = f", {contact.organisation}" if contact.organisation else ""
            self.contact.addItem(f"{contact.name} ({contact.role}{where})", contact.id)
        self.name = QLineEdit()
        self.role = QLineEdit()
        self.role.setPlaceholderText("Fx Lokalbetjent")
        self.form.addRow("&Kontaktperson:", self.contact)
        self.form.addRow("&Navn:", self.name)
        self.form.addRow("&Rolle:", self.role)
        self.field_widgets = {"name": self.name, "role": self.role}
        self.finish_layout()

    def _submit(self) -> None:
        self.run(
            lambda: add_participant(
                self.vault,
                self.meeting_id,
                name=self.name.text(),
                role=self.role.text(),
                contact_id=self.contact.currentData() or "",
            )
        )


class DispositionDialog(FormDialog):
    """Ny disposition: hvem gør hvad, og hvornår – minuted on the current item.

    On an item under the journal rule (a journal, or a group with a journal member: `dispositions.journal_rule`)
    Hvem and Hvad are checked while typing (`JournalCheck`: marks and a note under the field), and a probable name
    refused on save may be allowed ("Er «…» et navn på en person?")."""

    def __init__(
        self,
        vault: Vault,
        meeting_id: str,
        item: AgendaItem | None,
        participants: Sequence[Participant],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Ny disposition", "Tilføj", parent)
        self.vault, self.meeting_id, self.item = vault, meeting_id, item
        self.resize(520, 200)
        who = list(
            dict.fromkeys(
                [p.name or p.role for p in participants if p.name or p.role] + [p.role for p in participants if p.role]
            )
        )
        self.owner = _editable_combo(who, "")
        _placeholder(self.owner, "Hvem – navn eller rolle")
        self.what = QLineEdit()
        self.what.setPlaceholderText("Hvad skal gøres")
        self.due = DateLine()
        self.check = JournalCheck(self)
        owner_line = self.owner.lineEdit()
        assert owner_line is not None  # an editable combo always has one
        notes = {
            "owner": self.check.watch("owner", owner_line, DISPOSITION_LABELS["owner"]),
            "what": self.check.watch("what", self.what, DISPOSITION_LABELS["what"]),
        }
        for key, text, widget in (("owner", "H&vem:", self.owner), ("what", "&Hvad:", self.what)):
            label = QLabel(text)
            label.setBuddy(widget)  # the mnemonic goes to the field, not to the box around it and its note
            self.form.addRow(label, with_note(widget, notes[key]))
        self.form.addRow("&Frist:", self.due)
        if item is not None:
            self.layout_.addWidget(grey_label(f"Punkt {item.position}: {item.heading}"))
            if item.case_kind == "journal":
                self.layout_.addWidget(grey_label(JOURNAL_NOTE))
        self.field_widgets = {"owner": self.owner, "what": self.what, "due": self.due}
        self.finish_layout()
        applies, group = False, False
        if item is not None:
            row = {"id": item.id, "case_kind": item.case_kind, "group_id": item.group_id}
            applies, group = journal_rule(vault.conn, row)
        self.check.changed.connect(self._fit_notes)
        self.check.load(vault, applies, GROUP_RULE if group else "")  # the vault's rules read once, here

    def show_invalid(self, exc: Invalid) -> None:
        super().show_invalid(exc)
        self._fit_notes()  # the message under the form must not squeeze the notes

    def _fit_notes(self) -> None:
        """Grow to show a note in full (a wrapped label does not make its window taller by itself)."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        needed = layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth() else -1
        if needed > self.height():
            self.resize(self.width(), needed)

    def _submit(self) -> None:
        try:
            due = self.due.iso()
        except ValueError:
            self.show_invalid(Invalid("Fristen kan ikke læses. Skriv den som dd.mm.åååå.", "due"))
            return
        item_id = self.item.id if self.item else ""

        def add() -> Any:
            return add_disposition(
                self.vault,
                self.meeting_id,
                self.owner.currentText(),
                self.what.text(),
                item_id=item_id,
                due=due or None,
            )

        # a probable name refused: "Er «…» et navn på en person?" – on "Nej" the phrase is allowed and added again
        self.run(lambda: self.check.save_or_ask(add, self))


class ActionDialog(FormDialog):
    """A confirmation with an optional text (Godkend referat, Tilbagekald godkendelse, Tillæg)."""

    def __init__(
        self,
        title: str,
        text: str,
        ok_text: str,
        action: Callable[[str], Any],
        *,
        text_label: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, ok_text, parent)
        self.action = action
        self.resize(520, 280 if text_label else 160)
        explanation = QLabel(text)
        explanation.setWordWrap(True)
        self.layout_.insertWidget(0, explanation)
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        if text_label:
            label = QLabel(text_label)
            label.setBuddy(self.text)
            self.layout_.addWidget(label)
            self.layout_.addWidget(self.text, 1)
        else:
            self.text.hide()
        self.field_widgets = {"reason": self.text, "text": self.text}
        self.finish_layout()

    def _submit(self) -> None:
        self.run(lambda: self.action(self.text.toPlainText()))
