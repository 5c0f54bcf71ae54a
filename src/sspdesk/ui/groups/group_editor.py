"""The editor of one bekymringsgruppe: header, members, screening and actions, with Gem, dagsorden and PDF.

Members from a DKE-Sag are listed by case number with their role; the young person's name only after "Vis navne"
(the sag-aware view, logged by the service). Members from DKE-Journaler are a count and nothing else. Text edits are
saved together with Gem (Ctrl+S) as new versions; member changes take effect at once.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sspdesk.domain.dates import date_text
from sspdesk.domain.errors import Invalid
from sspdesk.domain.forms import CASE_STATUS_LABELS
from sspdesk.domain.groups import SECTION_TITLES, SECTIONS, STATUS_LABELS, journal_member_text
from sspdesk.groups import (
    ROLES,
    GroupDetail,
    area_values,
    get_group,
    group_pdf,
    remove_member,
    save_section,
    set_member_role,
    update_group,
)
from sspdesk.store.vault import Vault
from sspdesk.ui.groups.group_dialogs import (
    JOURNAL_NOTE,
    AddMemberDialog,
    AgendaDialog,
    HistoryDialog,
    RemoveJournalDialog,
)
from sspdesk.ui.widgets import printing
from sspdesk.ui.widgets.colours import GREY
from sspdesk.ui.widgets.fields import select_span
from sspdesk.ui.widgets.message_bar import MessageBar

MEMBER_HEADERS = ("Sag", "Niveau", "Status", "Rolle i gruppen", "Navn")
COL_NAME = 4


def _bold(text: str, scale: float = 1.0) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * scale)
    label.setFont(font)
    return label


class GroupEditor(QWidget):
    changed = Signal(str)  # group id: the list shows new counts or a new name

    def __init__(self, today: Callable[[], date] = date.today) -> None:
        super().__init__()
        self.today = today
        self.vault: Vault | None = None
        self.detail: GroupDetail | None = None
        self.dialog: QDialog | None = None
        self._loaded: dict[str, str] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        # The form wraps to the width it gets; a sideways scrollbar only hid a few pixels at 1366×768.
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        scroll.setWidget(body)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(14, 4, 14, 8)
        layout.setSpacing(8)
        self.heading = _bold("", 1.25)
        self.heading.setWordWrap(True)
        self.stamp = QLabel()
        self.stamp.setStyleSheet(f"color: {GREY};")
        self.message = MessageBar()
        layout.addWidget(self.heading)
        layout.addWidget(self.stamp)
        layout.addWidget(self.message)
        layout.addLayout(self._header_form())
        layout.addWidget(_bold("Medlemmer", 1.1))
        layout.addWidget(self._member_table())
        layout.addLayout(self._member_buttons())
        self.journal_label = QLabel()
        self.journal_label.setToolTip(JOURNAL_NOTE)
        layout.addWidget(self.journal_label)
        self.texts: dict[str, QPlainTextEdit] = {}
        self.history_buttons: dict[str, QPushButton] = {}
        for section, fields in SECTIONS.items():
            row = QHBoxLayout()
            row.addWidget(_bold(SECTION_TITLES[section], 1.1))
            row.addStretch(1)
            history = QPushButton("Historik…")
            history.clicked.connect(lambda _=False, s=section: self.show_history(s))
            self.history_buttons[section] = history
            row.addWidget(history)
            layout.addSpacing(6)
            layout.addLayout(row)
            for f in fields:
                layout.addWidget(QLabel(f.label))
                edit = QPlainTextEdit()
                edit.setPlaceholderText(f.hint)
                edit.setAccessibleName(f.label)
                edit.setTabChangesFocus(True)
                edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 4 + 12)
                self.texts[f"{section}.{f.key}"] = edit
                layout.addWidget(edit)
        layout.addStretch(1)
        outer.addWidget(scroll, 1)
        outer.addLayout(self._bottom_bar())
        self.clear()

    # -- building --------------------------------------------------------------------------------------------

    def _header_form(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        self.name = QLineEdit()
        self.name.setPlaceholderText("Fx Gruppe ved stationen – ingen navne")
        self.area = QComboBox()
        self.area.setEditable(True)
        self.coordinator = QLineEdit()
        self.status = QComboBox()
        for key, label in STATUS_LABELS.items():
            self.status.addItem(label, key)
        for row, column, text, widget in (
            (0, 0, "&Betegnelse", self.name),
            (0, 2, "&Område", self.area),
            (1, 0, "&Koordinator", self.coordinator),
            (1, 2, "S&tatus", self.status),
        ):
            caption = QLabel(text)
            caption.setBuddy(widget)
            grid.addWidget(caption, row, column)
            grid.addWidget(widget, row, column + 1)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(3, 2)
        self.header_fields: dict[str, QWidget] = {
            "name": self.name,
            "area": self.area,
            "coordinator": self.coordinator,
            "status": self.status,
        }
        return grid

    def _member_table(self) -> QTableWidget:
        table = QTableWidget(0, len(MEMBER_HEADERS))
        table.setHorizontalHeaderLabels(MEMBER_HEADERS)
        table.setAccessibleName("Medlemmer fra DKE-Sager")
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(28)
        header = table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for column, width in enumerate((110, 60, 70, 130)):
            table.setColumnWidth(column, width)
        header.setStretchLastSection(True)  # the name when shown, else the role
        table.setColumnHidden(COL_NAME, True)
        table.currentCellChanged.connect(lambda *_args: self._member_chosen())
        self.members = table
        return table

    def _member_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.add_button = QPushButton("Tilføj sag…")
        self.add_button.clicked.connect(self.open_add_member)
        self.role = QComboBox()
        self.role.setAccessibleName("Rolle i gruppen")
        self.role.addItem("Ingen rolle", "")
        for role in ROLES:
            self.role.addItem(role.capitalize(), role)
        self.role.activated.connect(lambda _index: self.set_role())
        self.remove_button = QPushButton("Fjern fra gruppen")
        self.remove_button.clicked.connect(self.remove_selected)
        self.remove_journal_button = QPushButton("Fjern journal…")
        self.remove_journal_button.setToolTip("Fjern en DKE-Journal ved at skrive dens nummer")
        self.remove_journal_button.clicked.connect(self.open_remove_journal)
        self.names = QCheckBox("Vis navne")
        self.names.setToolTip("Vis den unges navn ud for hver DKE-Sag. Visningen logges.")
        self.names.toggled.connect(lambda _shown: self.reload())
        for widget in (self.add_button, QLabel("Rolle:"), self.role, self.remove_button, self.remove_journal_button):
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(self.names)
        return row

    def _bottom_bar(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setContentsMargins(14, 6, 14, 2)
        self.save_button = QPushButton("G&em")
        self.save_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Save))
        self.save_button.setToolTip("Gem betegnelse, status og tekst (Ctrl+S); tidligere tekst bliver i historikken")
        self.save_button.clicked.connect(self.save)
        self.agenda_button = QPushButton("Sæt på dagsorden…")
        self.agenda_button.clicked.connect(self.open_agenda)
        self.pdf_button = QPushButton("Screeningsark (PDF)")
        menu = QMenu(self.pdf_button)
        menu.addAction("Udskriv…", lambda: self.pdf(printing.print_pdf))
        menu.addAction("Gem som PDF…", lambda: self.pdf(printing.save_pdf))
        self.pdf_button.setMenu(menu)
        for widget in (self.save_button, self.agenda_button, self.pdf_button):
            row.addWidget(widget)
        row.addStretch(1)
        return row

    # -- loading ---------------------------------------------------------------------------------------------

    def set_vault(self, vault: Vault | None) -> None:
        self.vault = vault

    def group_id(self) -> str:
        return self.detail.id if self.detail else ""

    def load(self, group_id: str) -> None:
        if self.vault is None:
            return
        self.names.blockSignals(True)
        self.names.setChecked(False)
        self.names.blockSignals(False)
        self.message.clear()
        self._show(get_group(self.vault, group_id))

    def reload(self) -> None:
        if self.vault is not None and self.detail is not None:
            self._show(get_group(self.vault, self.detail.id, with_names=self.names.isChecked()), keep_text=True)

    def _show(self, detail: GroupDetail, keep_text: bool = False) -> None:
        self.detail = detail
        group = detail.group
        self.heading.setText(detail.heading)
        closed = f" · afsluttet {date_text(group.closed_on)}" if group.closed_on else ""
        self.stamp.setText(f"Registreret {date_text(group.registered)} · {STATUS_LABELS[group.status]}{closed}")
        self.members.setColumnHidden(COL_NAME, not detail.names_shown)
        self.members.setRowCount(len(detail.sag_members))
        for row, member in enumerate(detail.sag_members):
            values = (
                member.number,
                member.level,
                CASE_STATUS_LABELS.get(member.status, member.status),
                member.role.capitalize() if member.role else "–",
                member.person_name,
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, member.number)
                self.members.setItem(row, column, item)
        self.members.setFixedHeight(
            self.members.horizontalHeader().sizeHint().height() + max(1, min(len(detail.sag_members), 6)) * 28 + 4
        )
        self.journal_label.setText(
            f"{journal_member_text(detail.journal_members)}. Journalerne vises kun som et antal."
        )
        if not keep_text:
            self._fill_fields(detail)
        self._set_enabled(True)
        self._member_chosen()

    def _fill_fields(self, detail: GroupDetail) -> None:
        group = detail.group
        self.name.setText(group.name)
        self.area.clear()
        self.area.addItems(["", *area_values(self.vault)] if self.vault else [""])
        self.area.setCurrentText(group.area)
        self.coordinator.setText(group.coordinator)
        self.status.setCurrentIndex(max(0, self.status.findData(group.status)))
        for key, edit in self.texts.items():
            section, field_key = key.split(".")
            edit.setPlainText(detail.text(section, field_key))
        self._loaded = self.values()

    def clear(self) -> None:
        self._close_dialog()
        self.detail = None
        self._loaded = {}
        self.heading.setText("Vælg en gruppe på listen, eller opret en ny.")
        self.stamp.clear()
        self.message.clear()
        for edit in (self.name, self.coordinator):
            edit.clear()
        self.area.clear()
        for text in self.texts.values():
            text.clear()
        self.members.setRowCount(0)
        self.members.setColumnHidden(COL_NAME, True)
        self.journal_label.clear()
        self.names.blockSignals(True)
        self.names.setChecked(False)
        self.names.blockSignals(False)
        self._set_enabled(False)

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (
            *self.header_fields.values(),
            *self.texts.values(),
            *self.history_buttons.values(),
            self.add_button,
            self.remove_journal_button,
            self.names,
            self.save_button,
            self.agenda_button,
            self.pdf_button,
        ):
            widget.setEnabled(enabled)
        if not enabled:
            self.role.setEnabled(False)
            self.remove_button.setEnabled(False)

    def values(self) -> dict[str, str]:
        header = {
            "name": self.name.text(),
            "area": self.area.currentText(),
            "coordinator": self.coordinator.text(),
            "status": self.status.currentData() or "",
        }
        return {**header, **{key: edit.toPlainText() for key, edit in self.texts.items()}}

    def has_unsaved(self) -> bool:
        return self.detail is not None and self.values() != self._loaded

    # -- saving ----------------------------------------------------------------------------------------------

    def save(self) -> bool:
        if self.vault is None or self.detail is None:
            return False
        values, group_id = self.values(), self.detail.id
        changed = {k for k, v in values.items() if v != self._loaded.get(k)}
        try:
            if changed & set(self.header_fields):
                update_group(
                    self.vault,
                    group_id,
                    name=values["name"],
                    area=values["area"],
                    coordinator=values["coordinator"],
                    status=values["status"],
                    today=self.today(),
                )
            for section, fields in SECTIONS.items():
                keys = {f"{section}.{f.key}": f.key for f in fields}
                if changed & set(keys):
                    save_section(self.vault, group_id, section, {k: values[full] for full, k in keys.items()})
        except Invalid as exc:
            self.message.show_error(exc.message)
            widget = (self.header_fields.get(exc.field or "") or self._text_widget(exc.field)) if exc.field else None
            if widget is not None:
                select_span(widget, exc.span)
            return False
        self._show(get_group(self.vault, group_id, with_names=self.names.isChecked()))
        self.message.show_message("Gemt.", "info")
        self.changed.emit(group_id)
        return True

    def _text_widget(self, field: str) -> QWidget | None:
        return next((edit for key, edit in self.texts.items() if key.split(".")[-1] == field.split(".")[-1]), None)

    # -- members ---------------------------------------------------------------------------------------------

    def _selected_number(self) -> str:
        item = self.members.item(self.members.currentRow(), 0)
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else ""

    def _member_chosen(self) -> None:
        number = self._selected_number()
        self.role.setEnabled(bool(number))
        self.remove_button.setEnabled(bool(number))
        member = next((m for m in self.detail.sag_members if m.number == number), None) if self.detail else None
        self.role.setCurrentIndex(max(0, self.role.findData(member.role if member else "")))

    def _member_changed(self, detail: GroupDetail | None, text: str) -> None:
        if detail is None:
            return
        self.reload()
        self.message.show_message(text, "info")
        self.changed.emit(detail.id)

    def set_role(self) -> None:
        number = self._selected_number()
        if self.vault is None or self.detail is None or not number:
            return
        try:
            detail = set_member_role(self.vault, self.detail.id, number, self.role.currentData() or "")
        except Invalid as exc:
            self.message.show_error(exc.message)
            return
        self._member_changed(detail, f"Rollen for {number} er gemt.")

    def remove_selected(self) -> None:
        number = self._selected_number()
        if self.vault is None or self.detail is None or not number:
            return
        detail = remove_member(self.vault, self.detail.id, number)
        self._member_changed(detail, f"{number} er fjernet fra gruppen.")

    def _open(self, dialog: QDialog, done: Callable[[Any], None]) -> None:
        self._close_dialog()
        self.dialog = dialog
        dialog.accepted.connect(lambda: done(getattr(dialog, "result_detail", None)))
        dialog.finished.connect(lambda _result: self._forget(dialog))
        dialog.open()

    def _forget(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _close_dialog(self) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            dialog.reject()

    def open_add_member(self) -> None:
        if self.vault is None or self.detail is None:
            return
        known = {m.case_id for m in self.detail.sag_members}
        dialog = AddMemberDialog(self.vault, self.detail.id, known, self.today(), self)
        self._open(dialog, lambda detail: self._member_changed(detail, "Sagen er tilføjet til gruppen."))

    def open_remove_journal(self) -> None:
        if self.vault is None or self.detail is None:
            return
        dialog = RemoveJournalDialog(self.vault, self.detail.id, self)
        self._open(dialog, lambda detail: self._member_changed(detail, "Journalen er fjernet fra gruppen."))

    def open_agenda(self) -> None:
        if self.vault is None or self.detail is None:
            return
        dialog = AgendaDialog(self.vault, self.detail.id, self.today(), self)
        self._open(
            dialog, lambda item: self.message.show_message(f"Sat på dagsordenen som punkt {item.position}.", "info")
        )

    def show_history(self, section: str) -> None:
        if self.vault is not None and self.detail is not None:
            self._open(HistoryDialog(self.vault, self.detail.id, section, self), lambda _result: None)

    def pdf(self, action: Callable[[QWidget | None, bytes, str], Any]) -> None:
        if self.vault is None or self.detail is None:
            return
        data = group_pdf(self.vault, self.detail.id)
        try:
            result = action(self, data, printing.safe_file_name(f"Gruppe {self.detail.number}"))
        except OSError as exc:
            self.message.show_error(f"Filen kunne ikke gemmes: {exc.strerror or exc}")
            return
        if result:
            self.message.show_message(result if isinstance(result, str) else f"Gemt som {result.name}.", "info")
