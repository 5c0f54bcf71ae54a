"""The Underretninger box of the case editor: the case's underretninger (dato, sendt til, årsag, ved, kvittering)
and what its Netværksmøder ended in, with Registrér underretning…, Kvittering modtaget… and Udfald af netværksmøde….

A case has a handful of underretninger, so the box holds them in a QStandardItemModel refilled on every change. The
editor opens the dialogs (`open_dialog`, so a lock closes them with the case) and re-reads the case's deadlines on
`changed`: an underretning recorded after a Netværksmøde that ended in one removes the reminder there.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QDialog, QGroupBox, QHBoxLayout, QHeaderView, QPushButton, QVBoxLayout, QWidget

from sspdesk.domain.cases import Case
from sspdesk.domain.dates import date_text
from sspdesk.domain.underretning import PENDING_RECEIPT, Underretning
from sspdesk.store.vault import Vault
from sspdesk.ui import theme
from sspdesk.ui.cases.underretning_dialogs import OutcomeDialog, ReceiptDialog, UnderretningDialog
from sspdesk.ui.widgets.labels import grey_label
from sspdesk.ui.widgets.list_parts import list_table
from sspdesk.underretning import list_underretninger, network_outcomes

HEADERS = ("Dato", "Sendt til", "Årsag", "Ved", "Kvittering")
EMPTY_TEXT = "Ingen underretninger registreret på sagen."
RecordRole = Qt.ItemDataRole.UserRole + 1
MAX_ROWS = 6  # a longer list scrolls inside its table
D = TypeVar("D", bound=QDialog)


class CaseUnderretninger(QGroupBox):
    changed = Signal()  # an underretning, a receipt or an outcome was recorded

    def __init__(
        self,
        vault: Vault,
        case: Case,
        today: Callable[[], date],
        open_dialog: Callable[[QDialog], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Underretninger", parent)
        self.vault, self.case, self.today, self.open_dialog = vault, case, today, open_dialog
        column = QVBoxLayout(self)
        column.setSpacing(6)
        self.outcomes_label = grey_label()
        column.addWidget(self.outcomes_label)
        self.empty_label = grey_label(EMPTY_TEXT)
        column.addWidget(self.empty_label)
        self.model = QStandardItemModel(0, len(HEADERS), self)
        self.model.setHorizontalHeaderLabels(list(HEADERS))
        self.table = list_table(self.model, "Underretninger")
        header = self.table.horizontalHeader()
        for number, width in ((0, 96), (4, 150)):
            header.setSectionResizeMode(number, QHeaderView.ResizeMode.Fixed)
            self.table.setColumnWidth(number, width)
        for number in (1, 2, 3):
            header.setSectionResizeMode(number, QHeaderView.ResizeMode.Stretch)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        column.addWidget(self.table)
        buttons = QHBoxLayout()
        self.add_button = QPushButton("Registrér underretning…")
        self.add_button.clicked.connect(self.add_underretning)
        self.receipt_button = QPushButton("Kvittering modtaget…")
        self.receipt_button.clicked.connect(self.add_receipt)
        self.outcome_button = QPushButton("Udfald af netværksmøde…")
        self.outcome_button.setToolTip("Hvad et Netværksmøde/Netværkssamråd endte i: aftale og/eller underretning")
        self.outcome_button.clicked.connect(self.add_outcome)
        for button in (self.add_button, self.receipt_button, self.outcome_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        column.addLayout(buttons)
        self.reload()

    def reload(self) -> None:
        items = list_underretninger(self.vault, self.case.id)
        self.model.removeRows(0, self.model.rowCount())
        for item in items:
            self.model.appendRow(self._row(item))
        self.empty_label.setVisible(not items)
        self.table.setVisible(bool(items))
        rows = min(len(items), MAX_ROWS)
        row_height = self.table.verticalHeader().defaultSectionSize()
        height = self.table.horizontalHeader().sizeHint().height() + rows * row_height
        self.table.setFixedHeight(height + 2 * self.table.frameWidth())
        outcomes = network_outcomes(self.vault, self.case.id)
        self.outcomes_label.setText("\n".join(f"{o.forum} {date_text(o.held_on)}: {o.label}" for o in outcomes))
        self.outcomes_label.setVisible(bool(outcomes))
        self._enable()

    def _row(self, item: Underretning) -> list[QStandardItem]:
        receipt = f"modtaget {date_text(item.confirmed_on)}" if item.confirmed_on else PENDING_RECEIPT
        texts = (date_text(item.sent_on), item.authority, item.reason_label, item.made_by, receipt)
        cells = [QStandardItem(text) for text in texts]
        for cell in cells:
            cell.setData(item, RecordRole)
            cell.setToolTip(cell.text())
        if item.confirmed_on is None:
            cells[4].setForeground(theme.qcolour("warning"))
        return cells

    def rows(self) -> list[Underretning]:
        return [self.model.item(row, 0).data(RecordRole) for row in range(self.model.rowCount())]

    def selected(self) -> Underretning | None:
        index = self.table.currentIndex()
        selected = self.table.selectionModel().hasSelection()
        return index.siblingAtColumn(0).data(RecordRole) if index.isValid() and selected else None

    def _enable(self) -> None:
        is_open = self.case.is_open
        self.add_button.setEnabled(is_open)
        self.outcome_button.setEnabled(is_open)
        chosen = self.selected()
        self.receipt_button.setEnabled(chosen is not None and chosen.confirmed_on is None)  # also on a closed case
        self.receipt_button.setToolTip("" if chosen else "Vælg først underretningen i listen.")

    # -- the dialogs -----------------------------------------------------------------------------------------

    def add_underretning(self) -> UnderretningDialog:
        return self._open(UnderretningDialog(self.vault, self.case, self.today, self))

    def add_receipt(self) -> ReceiptDialog | None:
        chosen = self.selected()
        if chosen is None or chosen.confirmed_on is not None:
            return None
        return self._open(ReceiptDialog(self.vault, chosen, self.today, self))

    def add_outcome(self) -> OutcomeDialog:
        return self._open(OutcomeDialog(self.vault, self.case, self.today, self))

    def _open(self, dialog: D) -> D:
        dialog.accepted.connect(self._recorded)
        self.open_dialog(dialog)
        return dialog

    def _recorded(self) -> None:
        self.reload()
        self.changed.emit()
