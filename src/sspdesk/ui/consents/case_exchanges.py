"""The exchanges of a case (issue 15: "every exchange … shows on the case"): a list model behind a sort proxy, and
the Udvekslinger dialog of the Samtykker page's case context with its Registrér udveksling… button.

One row per exchange, sent or received (a bundle to or from a colleague records both ends): date, direction, the
recipient (name, authority, party type), the information categories, the legal basis and the note. A case has a
handful of exchanges, so the model holds the `Exchange` records with their texts made once, when loaded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QDialog, QHBoxLayout, QHeaderView, QPushButton, QVBoxLayout, QWidget

from sspdesk.domain.dates import date_text
from sspdesk.domain.disclosure import (
    NECESSITY,
    SENSITIVE_TEXT,
    SENSITIVE_TICK,
    STATUTORY,
    InfoCategory,
    PartyType,
)
from sspdesk.legal_basis import Exchange, basis_label, info_categories, list_exchanges, party_types
from sspdesk.store.vault import Vault
from sspdesk.ui.consents.consent_dialogs import Runner
from sspdesk.ui.consents.exchange_dialog import ExchangeDialog
from sspdesk.ui.widgets.dialog_buttons import settle_default_button
from sspdesk.ui.widgets.labels import grey_label
from sspdesk.ui.widgets.list_parts import list_table

COL_DATE, COL_DIRECTION, COL_RECIPIENT, COL_CATEGORIES, COL_BASIS, COL_NOTE = range(6)
HEADERS = ("Dato", "Retning", "Modtager / afsender", "Oplysninger", "Hjemmel", "Note")
DIRECTIONS = {"sent": "Sendt", "received": "Modtaget"}

SortRole = Qt.ItemDataRole.UserRole + 1
RecordRole = Qt.ItemDataRole.UserRole + 2  # the Exchange

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class ExchangeRow:
    exchange: Exchange
    texts: tuple[str, ...]  # one per column
    basis_tip: str  # the necessity ticks and conditions of a statutory exchange


def recipient_text(exchange: Exchange, parties: Sequence[PartyType]) -> str:
    """Name, authority and party type, each once: without a name the stored `recipient` is the authority or the
    party's label, which would otherwise show twice ("Skole, Skole")."""
    label = next((p.label for p in parties if p.key == exchange.recipient_party), exchange.recipient_party)
    parts: list[str] = []
    for part in (exchange.recipient, exchange.recipient_authority, label):
        if part.strip() and part.strip().casefold() not in (p.casefold() for p in parts):
            parts.append(part.strip())
    return ", ".join(parts)


def exchange_rows(
    exchanges: Sequence[Exchange],
    parties: Sequence[PartyType],
    categories: Sequence[InfoCategory],
    basis_labels: dict[str, str],
) -> list[ExchangeRow]:
    """The shown texts of each exchange (category and party keys as the profile's labels)."""
    names = {c.key: c.label for c in categories}
    ticks = {**NECESSITY, SENSITIVE_TICK: SENSITIVE_TEXT}
    conditions = {c.key: c.text for basis in STATUTORY for c in basis.conditions}
    rows = []
    for exchange in exchanges:
        texts = (
            date_text(exchange.exchanged_on),
            DIRECTIONS.get(exchange.direction, exchange.direction),
            recipient_text(exchange, parties),
            ", ".join(names.get(key, key) for key in exchange.categories),
            basis_labels.get(exchange.basis, exchange.basis),
            exchange.what,
        )
        tip = "\n".join(
            [f"✓ {ticks.get(key, key)}" for key in exchange.necessity]
            + [f"✓ {conditions.get(key, key)}" for key in exchange.conditions]
        )
        rows.append(ExchangeRow(exchange, texts, tip))
    return rows


class ExchangeTableModel(QAbstractTableModel):
    """One row per exchange of a case."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[ExchangeRow] = []

    def set_rows(self, rows: Sequence[ExchangeRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([])

    def exchange(self, row: int) -> Exchange:
        return self._rows[row].exchange

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if role == RecordRole:
            return row.exchange
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return row.texts[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_BASIS and row.basis_tip:
                return f"{row.texts[column]}\n{row.basis_tip}"
            return row.texts[column] or None
        if role == SortRole:
            if column == COL_DATE:
                return f"{row.exchange.exchanged_on.isoformat()} {row.exchange.created_at}"
            return row.texts[column].casefold()
        return None


class ExchangeSortProxy(QSortFilterProxyModel):
    """Sorts on SortRole (the date as ISO, the other columns as folded text)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SortRole)

    def exchange(self, row: int) -> Exchange | None:
        value = self.data(self.index(row, 0), RecordRole)
        return value if isinstance(value, Exchange) else None


def load_rows(vault: Vault, case_id: str) -> list[ExchangeRow]:
    exchanges = list_exchanges(vault, case_id)
    labels = {basis: basis_label(vault, basis) for basis in {e.basis for e in exchanges}}
    return exchange_rows(exchanges, party_types(vault), info_categories(vault), labels)


class ExchangesDialog(QDialog):
    """Udvekslinger for a sag: every exchange recorded on it (newest first) and Registrér udveksling…"""

    changed = Signal()

    def __init__(
        self, vault: Vault, case_id: str, number: str, runner: Runner, today: date, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Udvekslinger – {number}")
        self.vault: Vault | None = vault
        self.case_id, self.runner, self.today = case_id, runner, today
        self.exchange_dialog: ExchangeDialog | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(
            grey_label(
                "Hver udveksling af oplysninger om sagen: hvornår, med hvem, hvilke oplysninger og hjemlen. "
                "Pakker til og fra kolleger registreres her af sig selv."
            )
        )
        self.model = ExchangeTableModel(self)
        self.proxy = ExchangeSortProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = list_table(self.proxy, "Udvekslinger")
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_DATE, Qt.SortOrder.DescendingOrder)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in ((COL_DATE, 90), (COL_DIRECTION, 80), (COL_RECIPIENT, 230), (COL_CATEGORIES, 190)):
            header.resizeSection(column, width)
        header.resizeSection(COL_BASIS, 200)
        header.setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        self.empty = grey_label("Ingen udvekslinger registreret på sagen.")
        layout.addWidget(self.empty)
        row = QHBoxLayout()
        self.register_button = QPushButton("Registrér udveksling…")
        self.register_button.clicked.connect(self.open_exchange)
        row.addWidget(self.register_button)
        row.addStretch(1)
        close = QPushButton("Luk")
        close.clicked.connect(self.reject)
        row.addWidget(close)
        settle_default_button(self, self.register_button)
        layout.addLayout(row)
        self.resize(1000, 420)
        self.reload()

    def reload(self) -> None:
        if self.vault is None:
            return
        self.model.set_rows(load_rows(self.vault, self.case_id))
        self.empty.setVisible(self.model.rowCount() == 0)

    def open_exchange(self) -> None:
        if self.vault is None:
            return
        dialog = ExchangeDialog(self.vault, self.case_id, self.runner, self.today, self)
        dialog.accepted.connect(self._recorded)
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        self.exchange_dialog = dialog
        dialog.open()

    def _recorded(self) -> None:
        self.exchange_dialog = None
        self.reload()
        self.changed.emit()

    def clear(self) -> None:
        if self.exchange_dialog is not None:
            self.exchange_dialog.clear()
            self.exchange_dialog.reject()
            self.exchange_dialog.setParent(None)
            self.exchange_dialog = None
        self.vault = None
        self.model.clear()
