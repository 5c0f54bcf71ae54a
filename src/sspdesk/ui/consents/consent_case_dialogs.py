"""Dialogs of a sag in the Samtykker page's case context: the information duty (oplysningspligt: the entries and
Registrér orientering…) and the legal-basis prompt that records an exchange of information (Registrér udveksling…).

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

from sspdesk.domain.dates import date_text
from sspdesk.information_duty import (
    DECISIONS,
    METHODS,
    NOT_INFORMING_HINT,
    RECIPIENTS,
    InformationEntry,
    information_entries,
    record_information,
)
from sspdesk.legal_basis import (
    STATUTORY_BASES,
    ExchangeRequest,
    legal_basis_for,
    record_exchange,
    resolve_recipient,
)
from sspdesk.store.vault import Vault
from sspdesk.ui.consents.consent_dialogs import Runner, ServiceDialog
from sspdesk.ui.widgets.fields import DateLine
from sspdesk.ui.widgets.labels import grey_label


class InformationEntryDialog(ServiceDialog):
    """Registrér orientering: informed (when, who, how) or not informed (the reason is required)."""

    def __init__(self, vault: Vault, case_id: str, runner: Runner, today: date, parent: QWidget | None) -> None:
        super().__init__("Registrér orientering", "Registrér", runner, parent)
        self.vault, self.case_id, self.today = vault, case_id, today
        self.informed = QRadioButton(DECISIONS["informed"])
        self.not_informed = QRadioButton(DECISIONS["not_informed"])
        self.informed.setChecked(True)
        self.informed.toggled.connect(self._decision_changed)
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


class LegalBasisDialog(ServiceDialog):
    """Registrér udveksling: what was passed to whom, and on which legal basis (a consent in force or a law).
    Without a basis the exchange is refused."""

    def __init__(
        self,
        vault: Vault,
        case_id: str,
        runner: Runner,
        today: date,
        parent: QWidget | None,
        what: str = "",
        recipient: str = "",
    ) -> None:
        super().__init__("Registrér udveksling af oplysninger", "Registrér", runner, parent)
        self.vault, self.case_id, self.today = vault, case_id, today
        self.add_intro(
            "Oplysninger udveksles på grundlag af et gyldigt samtykke eller en "
            "lovbestemmelse – aldrig til brug for efterforskning."
        )
        self.on = DateLine()
        self.on.setText(date_text(today))
        self.on.editingFinished.connect(self.fill_bases)
        self.what = QLineEdit(what)
        self.what.setPlaceholderText("Fx: Fravær og trivsel i skolen")
        self.recipient = QLineEdit(recipient)
        self.recipient.setPlaceholderText("Navn og myndighed")
        self.basis = QComboBox()
        self.basis_note = grey_label("")
        self.form.addRow("&Dato:", self.on)
        self.form.addRow("&Hvilke oplysninger:", self.what)
        self.form.addRow("&Til hvem:", self.recipient)
        self.form.addRow("H&jemmel:", self.basis)
        self.form.addRow("", self.basis_note)
        self.fields = {"on": self.on, "what": self.what, "recipient": self.recipient, "basis": self.basis}
        self.finish_layout()
        self.fill_bases()
        self.resize(620, self.sizeHint().height())

    def fill_bases(self) -> None:
        if self.vault is None or (not self.isVisible() and self.basis.count()):
            return  # closing (the date field lost focus) or the vault is locking
        try:
            on = date.fromisoformat(self.on.iso() or self.today.isoformat())
        except ValueError:
            return
        found = legal_basis_for(self.vault, self.case_id, on)
        self.basis.clear()
        self.basis.addItem("Vælg hjemmel…", "")
        if found is not None:
            self.basis.addItem(found.label, found.basis)
        for basis in STATUTORY_BASES:
            self.basis.addItem(basis, basis)
        self.basis.setCurrentIndex(1 if found is not None else 0)
        self.basis_note.setText("" if found else f"Intet gyldigt samtykke den {date_text(on)}: vælg en lovbestemmelse.")
        self.basis_note.setVisible(found is None)

    def submit(self) -> None:
        on = self.day(self.on, "on")
        if on is None:
            return
        vault, case_id, today = self.vault, self.case_id, self.today
        if vault is None:
            return
        what, recipient, basis = self.what.text(), self.recipient.text(), self.basis.currentData() or ""
        self.run(  # smallest adaptation to the issue-15 API (x15e rewrites this dialog with categories and ticks)
            lambda: record_exchange(
                vault, ExchangeRequest(case_id, resolve_recipient(vault, recipient), (), basis, on, what), today=today
            )
        )
