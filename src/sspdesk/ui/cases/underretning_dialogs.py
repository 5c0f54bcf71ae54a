"""The small dialogs of a case's Underretninger box: Registrér underretning, Kvittering modtaget, and what a
Netværksmøde ended in. Each calls one service function of `sspdesk.underretning`, which checks the input (a date in
the future, a receipt before the underretning, a name or CPR-nr. in a DKE-Journal) and says in Danish what is wrong.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QHBoxLayout, QLineEdit, QWidget

from sspdesk.domain.cases import Case
from sspdesk.domain.dates import date_text
from sspdesk.domain.underretning import NETWORK_FORUMS, Underretning
from sspdesk.store.vault import Vault
from sspdesk.ui.widgets.form_dialog import FormDialog
from sspdesk.ui.widgets.labels import grey_label
from sspdesk.ui.widgets.qdates import to_date
from sspdesk.underretning import (
    authority_suggestions,
    confirm_underretning,
    reasons,
    record_network_outcome,
    record_underretning,
)

INTRO = (
    "En underretning til kommunen efter Barnets Lov (tidl. servicelovens § 153). Som offentligt ansat har du "
    "skærpet underretningspligt."
)
JOURNAL_NOTE = "DKE-Journal: skriv ikke den unges navn eller CPR-nr. – heller ikke her."
NOT_STATED = "(ikke angivet)"


def date_edit(day: date, name: str) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd.MM.yyyy")
    edit.setMaximumWidth(150)
    edit.setAccessibleName(name)
    return edit


class UnderretningDialog(FormDialog):
    """Registrér underretning: dato, sendt til, årsag, hvem – and the receipt, if it has already come."""

    def __init__(self, vault: Vault, case: Case, today: Callable[[], date], parent: QWidget | None = None) -> None:
        super().__init__(f"Registrér underretning – {case.number}", "Registrér", parent)
        self.vault, self.case, self.today = vault, case, today
        self.setMinimumWidth(520)
        self.layout_.insertWidget(0, grey_label(INTRO))
        if case.kind == "journal":
            self.layout_.insertWidget(1, grey_label(JOURNAL_NOTE))
        self.on = date_edit(today(), "Dato for underretningen")
        self.authority = QComboBox()
        self.authority.setEditable(True)
        self.authority.addItems(authority_suggestions(vault))
        self.authority.setCurrentText("")
        line = self.authority.lineEdit()
        if line is not None:
            line.setPlaceholderText("Myndighed, fx Familieafsnittet")
        self.authority.setAccessibleName("Sendt til")
        self.reason = QComboBox()
        self.reason.addItem(NOT_STATED, "")
        for category in reasons(vault):
            self.reason.addItem(category.label, category.key)
        self.reason.setAccessibleName("Årsag")
        self.made_by = QLineEdit(vault.user)
        self.made_by.setAccessibleName("Underretning ved")
        self.receipt = QCheckBox("Kvittering modtaget")
        self.receipt_on = date_edit(today(), "Dato for kvitteringen")
        self.receipt_on.setEnabled(False)
        self.receipt.toggled.connect(self.receipt_on.setEnabled)
        receipt_row = QHBoxLayout()
        receipt_row.setContentsMargins(0, 0, 0, 0)
        receipt_row.addWidget(self.receipt)
        receipt_row.addWidget(self.receipt_on)
        receipt_row.addStretch(1)
        receipt_box = QWidget()
        receipt_box.setLayout(receipt_row)
        self.form.addRow("&Dato:", self.on)
        self.form.addRow("&Sendt til:", self.authority)
        self.form.addRow("&Årsag:", self.reason)
        self.form.addRow("&Underretning ved:", self.made_by)
        self.form.addRow("", receipt_box)
        self.field_widgets.update(
            {
                "on": self.on,
                "authority": self.authority,
                "reason": self.reason,
                "made_by": self.made_by,
                "confirmed_on": self.receipt_on,
            }
        )
        self.finish_layout()
        self.authority.setFocus()

    def _submit(self) -> None:
        receipt = to_date(self.receipt_on.date()) if self.receipt.isChecked() else None
        self.run(
            lambda: record_underretning(
                self.vault,
                self.case.id,
                self.authority.currentText(),
                to_date(self.on.date()),
                reason=str(self.reason.currentData() or ""),
                made_by=self.made_by.text(),
                confirmed_on=receipt,
                today=self.today(),
            )
        )


class ReceiptDialog(FormDialog):
    """Kvittering modtaget: the day the authority's receipt came."""

    def __init__(
        self, vault: Vault, item: Underretning, today: Callable[[], date], parent: QWidget | None = None
    ) -> None:
        super().__init__(f"Kvittering for underretning – {item.case_number}", "Gem", parent)
        self.vault, self.item, self.today = vault, item, today
        self.layout_.insertWidget(0, grey_label(f"Underretningen til {item.authority} den {date_text(item.sent_on)}."))
        self.on = date_edit(today(), "Dato for kvitteringen")
        self.form.addRow("&Modtaget den:", self.on)
        self.field_widgets["confirmed_on"] = self.on
        self.finish_layout()

    def _submit(self) -> None:
        self.run(lambda: confirm_underretning(self.vault, self.item.id, to_date(self.on.date()), today=self.today()))


class OutcomeDialog(FormDialog):
    """What a Netværksmøde / Netværkssamråd ended in (seed 000: "Aftale og/eller underretning")."""

    def __init__(self, vault: Vault, case: Case, today: Callable[[], date], parent: QWidget | None = None) -> None:
        super().__init__(f"Udfald af netværksmøde – {case.number}", "Registrér", parent)
        self.vault, self.case, self.today = vault, case, today
        self.forum = QComboBox()
        self.forum.addItems(NETWORK_FORUMS)
        self.forum.setAccessibleName("Møde")
        self.held_on = date_edit(today(), "Mødets dato")
        self.agreement = QCheckBox("Aftale om indsatsforløb")
        self.underretning = QCheckBox("Underretning")
        self.form.addRow("&Møde:", self.forum)
        self.form.addRow("&Dato:", self.held_on)
        self.form.addRow("Udfald:", self.agreement)
        self.form.addRow("", self.underretning)
        self.form.addRow(
            "",
            grey_label(
                "Uden flueben: ingen videre handling. Endte mødet i en underretning, står den som frist på sagen, "
                "til underretningen er registreret."
            ),
        )
        self.field_widgets.update({"forum": self.forum, "held_on": self.held_on})
        self.finish_layout()

    def _submit(self) -> None:
        self.run(
            lambda: record_network_outcome(
                self.vault,
                self.case.id,
                to_date(self.held_on.date()),
                forum=self.forum.currentText(),
                agreement=self.agreement.isChecked(),
                underretning=self.underretning.isChecked(),
                today=self.today(),
            )
        )
