"""Dialogs of a sag in the Samtykker page's case context: the information duty (oplysningspligt: the entries and
Registrér orientering…). Recording an exchange of information is `exchange_dialog.ExchangeDialog`, the case's
exchanges are listed by `case_exchanges.ExchangesDialog`.

Like the consent dialogs they call one service each through `runner` and show a refusal inline, on its field.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sspdesk.consents import resolve_case
from sspdesk.domain.dates import date_text
from sspdesk.domain.errors import ServiceError
from sspdesk.information_duty import (
    DECISIONS,
    METHODS,
    NOT_INFORMING_HINT,
    RECIPIENTS,
    InformationEntry,
    information_entries,
    must_inform,
    record_information,
)
from sspdesk.store.vault import Vault
from sspdesk.ui.consents.consent_dialogs import Runner, ServiceDialog
from sspdesk.ui.widgets.dialog_buttons import settle_default_button
from sspdesk.ui.widgets.fields import DateLine
from sspdesk.ui.widgets.labels import grey_label

ALWAYS_INFORMED = "Forældre underrettes i alle tilfælde"  # seed 000, level III, step 5


def always_informed_reason(vault: Vault, case_id: str) -> str:
    """Why "not informed" is no choice on this case ('' = it is one): its level always informs the parents."""
    try:
        if not must_inform(vault, case_id):
            return ""
        return f"Niveau {resolve_case(vault, case_id).level}: {ALWAYS_INFORMED}."
    except ServiceError:
        return ""  # a level the profile no longer has: the service decides


class InformationEntryDialog(ServiceDialog):
    """Registrér orientering: informed (when, who, how) or not informed (the reason is required)."""

    def __init__(self, vault: Vault, case_id: str, runner: Runner, today: date, parent: QWidget | None) -> None:
        super().__init__("Registrér orientering", "Registrér", runner, parent)
        self.vault, self.case_id, self.today = vault, case_id, today
        self.informed = QRadioButton(DECISIONS["informed"])
        self.not_informed = QRadioButton(DECISIONS["not_informed"])
        self.informed.setChecked(True)
        self.informed.toggled.connect(self._decision_changed)
        self.always_reason = always_informed_reason(vault, case_id)
        self.always_label = grey_label(f"{self.always_reason} Undtagelsen fra oplysningspligten gælder ikke.")
        if self.always_reason:
            self.not_informed.setEnabled(False)
            self.not_informed.setToolTip(self.always_reason)
        self.entry_date = DateLine()
        self.entry_date.setText(date_text(today))
        self.recipients = QComboBox()
        self.recipients.setEditable(True)
        self.recipients.addItems(list(RECIPIENTS))
        self.method = QComboBox()
        self.method.setEditable(True)
        self.method.addItems(list(METHODS))
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setPlaceholderText(f"Fx: {NOT_INFORMING_HINT}")
        self.reason.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.note = QLineEdit()
        self.form.addRow("Beslutning:", self.informed)
        self.form.addRow("", self.not_informed)
        if self.always_reason:
            self.form.addRow("", self.always_label)
        self.form.addRow("&Dato:", self.entry_date)
        self.form.addRow("&Hvem:", self.recipients)
        self.form.addRow("H&vordan:", self.method)
        self.form.addRow("&Begrundelse:", self.reason)
        self.form.addRow("&Note:", self.note)
        self.fields = {
            "on": self.entry_date,
            "recipients": self.recipients,
            "method": self.method,
            "reason": self.reason,
            "decision": self.informed,
        }
        self.finish_layout()
        self._decision_changed()
        self.resize(600, self.sizeHint().height())

    def _decision_changed(self) -> None:
        informed = self.informed.isChecked()
        for widget in (self.recipients, self.method):
            self.form.setRowVisible(widget, informed)
        self.form.setRowVisible(self.reason, not informed)
        label = self.form.labelForField(self.entry_date)
        if isinstance(label, QLabel):
            label.setText("&Dato:" if informed else "&Besluttet:")

    def submit(self) -> None:
        on = self.day(self.entry_date, "on")
        if on is None:
            return
        decision = "informed" if self.informed.isChecked() else "not_informed"
        vault, case_id, today = self.vault, self.case_id, self.today
        if vault is None:
            return
        values = {
            "recipients": self.recipients.currentText(),
            "method": self.method.currentText(),
            "reason": self.reason.toPlainText(),
            "note": self.note.text(),
        }
        if decision == "not_informed":
            values.update(recipients="", method="")
        self.run(lambda: record_information(vault, case_id, decision, on, today=today, **values))


class InformationDutyDialog(QDialog):
    """Oplysningspligt for a sag: the entries (newest first) and Registrér orientering…"""

    changed = Signal()

    def __init__(
        self, vault: Vault, case_id: str, number: str, runner: Runner, today: date, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Oplysningspligt – {number}")
        self.vault, self.case_id, self.runner, self.today = vault, case_id, runner, today
        self.entry_dialog: InformationEntryDialog | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(
            grey_label(
                "Den unge og forældremyndighedsindehaver orienteres om, at der registreres og "
                "udveksles oplysninger – medmindre det i alvorlig grad vil forhindre formålet med "
                "sagsbehandlingen. Beslutningen og begrundelsen noteres her."
            )
        )
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Dato", "Beslutning", "Hvem og hvordan / begrundelse", "Registreret af"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 90), (1, 120), (3, 130)):
            header.resizeSection(column, width)
        layout.addWidget(self.table, 1)
        self.empty = grey_label("Intet registreret endnu: oplysningspligten er åben.")
        layout.addWidget(self.empty)
        row = QHBoxLayout()
        self.register_button = QPushButton("Registrér orientering…")
        self.register_button.clicked.connect(self.open_entry)
        row.addWidget(self.register_button)
        row.addStretch(1)
        close = QPushButton("Luk")
        close.clicked.connect(self.reject)
        row.addWidget(close)
        settle_default_button(self, self.register_button)
        layout.addLayout(row)
        self.resize(780, 420)
        self.reload()

    def reload(self) -> None:
        entries: list[InformationEntry] = information_entries(self.vault, self.case_id)
        self.table.setRowCount(len(entries))
        self.empty.setVisible(not entries)
        for row, entry in enumerate(entries):
            what = f"{entry.recipients} – {entry.method}" if entry.decision == "informed" else entry.reason
            decision = "Orienteret" if entry.decision == "informed" else "Ikke orienteret"
            texts = (
                date_text(entry.entry_date),
                decision,
                what + (f" ({entry.note})" if entry.note else ""),
                entry.recorded_by,
            )
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()

    def open_entry(self) -> None:
        dialog = InformationEntryDialog(self.vault, self.case_id, self.runner, self.today, self)
        dialog.accepted.connect(self._recorded)
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        self.entry_dialog = dialog
        dialog.open()

    def _recorded(self) -> None:
        self.entry_dialog = None
        self.reload()
        self.changed.emit()

    def clear(self) -> None:
        if self.entry_dialog is not None:
            self.entry_dialog.reject()
            self.entry_dialog.setParent(None)
            self.entry_dialog = None
        self.table.setRowCount(0)
