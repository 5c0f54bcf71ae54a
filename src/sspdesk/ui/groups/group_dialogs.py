"""Dialogs of a bekymringsgruppe: Ny gruppe, Tilføj sag, Fjern journal, Sæt på dagsorden, and the text history.

Each dialog calls one service function of `sspdesk.groups` when OK is pressed; a refused input (`Invalid`) is
shown as a Danish line in the dialog, the named field gets the focus, and nothing is saved.
`result_detail` holds what the service returned.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from sspdesk.cases import list_cases
from sspdesk.domain.dates import stamp_text
from sspdesk.domain.errors import Invalid, NotFound
from sspdesk.domain.forms import KIND_LABELS
from sspdesk.domain.groups import SECTION_TITLES
from sspdesk.groups import (
    ROLES,
    NewGroup,
    add_member,
    add_to_agenda,
    area_values,
    create_group,
    remove_member,
    section_history,
    section_labels,
)
from sspdesk.meetings import list_meetings
from sspdesk.store.cases_repo import CaseQuery
from sspdesk.store.vault import Vault
from sspdesk.ui.widgets.dialog_buttons import settle_default_button
from sspdesk.ui.widgets.fields import select_span
from sspdesk.ui.widgets.labels import grey_label
from sspdesk.ui.widgets.message_bar import MessageBar

JOURNAL_NOTE = (
    "Et medlem fra en DKE-Journal vises kun som et antal i gruppen – aldrig med nummer – fordi en "
    "DKE-Journal ikke må kunne føres tilbage til en person."
)


class GroupDialog(QDialog):
    """A form, an inline message bar and OK/Annuller; `submit()` runs the service and keeps what it returned."""

    def __init__(self, vault: Vault, title: str, ok_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.result_detail: Any = None
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self.layout_ = QVBoxLayout(self)
        self.form = QFormLayout()
        self.layout_.addLayout(self.form)
        self.message = MessageBar()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Annuller")
        settle_default_button(self, self.buttons.button(QDialogButtonBox.StandardButton.Ok))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.fields: dict[str, QWidget] = {}

    def finish_layout(self) -> None:
        self.layout_.addWidget(self.message)
        self.layout_.addWidget(self.buttons)

    def run(self) -> Any:
        raise NotImplementedError

    def submit(self) -> None:
        try:
            self.result_detail = self.run()
        except Invalid as exc:
            self.message.show_error(exc.message)
            widget = self.fields.get(exc.field or "") if exc.field else None
            if widget is not None:
                select_span(widget, exc.span)
            return
        except NotFound as exc:
            self.message.show_error(exc.message)
            return
        self.accept()


class NewGroupDialog(GroupDialog):
    def __init__(self, vault: Vault, today: date, parent: QWidget | None = None) -> None:
        super().__init__(vault, "Ny bekymringsgruppe", "Opret", parent)
        self.today = today
        self.name = QLineEdit()
        self.name.setPlaceholderText("Fx Gruppe ved stationen – ingen navne")
        self.area = QComboBox()
        self.area.setEditable(True)
        self.area.addItems(["", *area_values(vault)])
        self.coordinator = QLineEdit(vault.user)
        self.fields = {"name": self.name, "area": self.area}
        self.form.addRow("&Betegnelse", self.name)
        self.form.addRow("&Område", self.area)
        self.form.addRow("&Koordinator", self.coordinator)
        self.layout_.addWidget(
            grey_label(
                "Betegnelsen beskriver gruppen på journalniveau: hvor og hvordan den ses, aldrig hvem der er med."
            )
        )
        self.finish_layout()

    def run(self) -> Any:
        new = NewGroup(self.name.text(), self.area.currentText(), self.coordinator.text())
        return create_group(self.vault, new, today=self.today)


class AddMemberDialog(GroupDialog):
    """Choose an open case (search by number or subject); a role only for a DKE-Sag."""

    def __init__(
        self, vault: Vault, group_id: str, known: set[str], today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(vault, "Tilføj sag til gruppen", "Tilføj", parent)
        self.group_id, self.today = group_id, today
        self.search = QLineEdit()
        self.search.setPlaceholderText("Søg på nummer eller sagens genstand")
        self.search.setClearButtonEnabled(True)
        self.setMinimumWidth(700)
        self.list = QListWidget()
        self.list.setMinimumHeight(260)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        for row in list_cases(vault, CaseQuery(status="open")):
            if row.id in known:
                continue
            item = QListWidgetItem(f"{row.number} · {KIND_LABELS[row.kind]}, niveau {row.level} · {row.subject}")
            item.setToolTip(item.text())
            item.setData(Qt.ItemDataRole.UserRole, (row.number, row.kind))
            self.list.addItem(item)
        self.role = QComboBox()
        self.role.addItem("Ingen rolle angivet", "")
        for role in ROLES:
            self.role.addItem(role.capitalize(), role)
        self.fields = {"case": self.list, "role": self.role}
        self.form.addRow("Sø&g", self.search)
        self.form.addRow("&Sag", self.list)
        self.form.addRow("&Rolle i gruppen", self.role)
        self.layout_.addWidget(grey_label(JOURNAL_NOTE))
        self.finish_layout()
        self.search.textChanged.connect(self._filter)
        self.list.currentItemChanged.connect(self._chosen)
        self.list.itemDoubleClicked.connect(lambda _item: self.submit())
        self._chosen()

    def _filter(self, text: str) -> None:
        words = text.casefold().split()
        for number in range(self.list.count()):
            item = self.list.item(number)
            item.setHidden(not all(w in item.text().casefold() for w in words))

    def _chosen(self, *_args: Any) -> None:
        item = self.list.currentItem()
        is_sag = item is not None and item.data(Qt.ItemDataRole.UserRole)[1] == "sag"
        self.role.setEnabled(is_sag)
        if not is_sag:
            self.role.setCurrentIndex(0)

    def choose(self, number: str) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole)[0] == number:
                self.list.setCurrentRow(row)

    def run(self) -> Any:
        item = self.list.currentItem()
        if item is None:
            raise Invalid("Vælg en sag på listen.", "case")
        return add_member(
            self.vault,
            self.group_id,
            item.data(Qt.ItemDataRole.UserRole)[0],
            self.role.currentData() or "",
            today=self.today,
        )


class RemoveJournalDialog(GroupDialog):
    """Journal members are never listed, so one is taken out by typing the journal's number."""

    def __init__(self, vault: Vault, group_id: str, parent: QWidget | None = None) -> None:
        super().__init__(vault, "Fjern en DKE-Journal fra gruppen", "Fjern", parent)
        self.group_id = group_id
        self.number = QLineEdit()
        self.number.setPlaceholderText("J-2026-0012")
        self.fields = {"case": self.number}
        self.layout_.insertWidget(
            0,
            grey_label(
                "Skriv nummeret på den DKE-Journal, der ikke længere hører til "
                "gruppen. Gruppen viser ikke, hvilke journaler der er med."
            ),
        )
        self.form.addRow("&Journalens nummer", self.number)
        self.finish_layout()

    def run(self) -> Any:
        return remove_member(self.vault, self.group_id, self.number.text())


class AgendaDialog(GroupDialog):
    """Put the group on the agenda of an upcoming open meeting."""

    def __init__(self, vault: Vault, group_id: str, today: date, parent: QWidget | None = None) -> None:
        super().__init__(vault, "Sæt gruppen på dagsordenen", "Sæt på dagsorden", parent)
        self.group_id = group_id
        self.list = QListWidget()
        self.list.setMinimumHeight(200)
        meetings = sorted(list_meetings(vault, status="open", since=today), key=lambda m: m.starts_at)
        for meeting in meetings:
            start = meeting.start
            item = QListWidgetItem(
                f"{stamp_text(start)} · {meeting.forum} · {meeting.area or 'Hele kommunen'} · {meeting.number}"
            )
            item.setData(Qt.ItemDataRole.UserRole, meeting.id)
            self.list.addItem(item)
        if meetings:
            self.list.setCurrentRow(0)
        self.fields = {"meeting": self.list}
        self.form.addRow("&Møde", self.list)
        if not meetings:
            self.layout_.addWidget(grey_label("Der er ingen kommende møder. Opret mødet under Møder først."))
        self.finish_layout()

    def run(self) -> Any:
        item = self.list.currentItem()
        if item is None:
            raise Invalid("Vælg et møde.", "meeting")
        return add_to_agenda(self.vault, self.group_id, item.data(Qt.ItemDataRole.UserRole))


class HistoryDialog(QDialog):
    """Every saved version of one text section, newest first."""

    def __init__(self, vault: Vault, group_id: str, section: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Historik – {SECTION_TITLES[section]}")
        self.resize(760, 480)
        self.versions = section_history(vault, group_id, section)
        self.labels = section_labels(section)
        layout = QVBoxLayout(self)
        splitter = QSplitter()
        self.list = QListWidget()
        self.list.setAccessibleName("Gemte versioner")
        for version in self.versions:
            self.list.addItem(f"{stamp_text(version.created_at)}\n{version.author or '–'}")
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setAccessibleName("Den valgte versions tekst")
        splitter.addWidget(self.list)
        splitter.addWidget(self.text)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setSpacing(2)
        splitter.setSizes([240, 500])
        layout.addWidget(splitter, 1)
        if not self.versions:
            layout.addWidget(grey_label("Afsnittet er ikke gemt endnu."))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Luk")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        settle_default_button(self, buttons.button(QDialogButtonBox.StandardButton.Close))
        self.list.currentRowChanged.connect(self._show)
        if self.versions:
            self.list.setCurrentRow(0)

    def _show(self, row: int) -> None:
        fields = self.versions[row].fields if 0 <= row < len(self.versions) else {}
        self.text.setPlainText("\n\n".join(f"{label}:\n{fields.get(key) or '–'}" for key, label in self.labels.items()))
