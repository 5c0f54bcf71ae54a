"""The log view (Logbog): who did what, when, to which record – with filters, a chain check and the log's own
retention period.

`AuditLogView` is a plain widget, so the main window can put it where it fits (a tab or section of Indstillinger,
or a dialog): `show_vault(vault)` fills it, `clear()` empties it (call it on lock, like a page's `on_locked`).
The log names records by reference only, so showing it is not itself logged. Every read and write goes through
`sspdesk.duties.audit_service`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sspdesk.domain.dates import stamp_text
from sspdesk.domain.errors import Invalid
from sspdesk.duties import audit_service, audit_words
from sspdesk.duties.audit_service import AuditFilter
from sspdesk.store.audit import AuditEntry
from sspdesk.ui import theme, worker
from sspdesk.ui.widgets.qdates import to_date

if TYPE_CHECKING:
    from sspdesk.store.vault import Vault

HEADERS = ("Nr.", "Tidspunkt", "Bruger", "Handling", "Post", "Detaljer")
PAGE = 500
_OK_STYLE = f"color: {theme.colour('ok')};"  # imported once the application knows its light/dark mode
_ERROR_STYLE = f"color: {theme.colour('error')}; font-weight: bold;"
_GREY_STYLE = f"color: {theme.colour('muted')};"
_WARNING_STYLE = f"color: {theme.colour('warning')};"
Index = QModelIndex | QPersistentModelIndex


class AuditTableModel(QAbstractTableModel):
    """Audit entries, newest first."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.entries: list[AuditEntry] = []

    def set_entries(self, entries: list[AuditEntry], *, append: bool = False) -> None:
        self.beginResetModel()
        self.entries = [*self.entries, *entries] if append else list(entries)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self.entries[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell(entry, index.column())
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 5:  # a long detail, whole
            return self.cell(entry, 5) or None
        return None

    @staticmethod
    def cell(entry: AuditEntry, column: int) -> str:
        if column == 0:
            return str(entry.seq)
        if column == 1:
            return stamp_text(entry.at)
        if column == 2:
            return entry.user
        if column == 3:
            return audit_service.action_label(entry.action)
        if column == 4:
            return audit_words.record_text(entry)
        return audit_words.detail_text(entry)  # in words: no ids, no setting keys


class AuditLogView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault: Vault | None = None
        self.setObjectName("auditLogView")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._filter_row())
        layout.addLayout(self._date_row())
        self.model = AuditTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Logbog")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        layout.addLayout(self._bottom_row())
        layout.addWidget(self.verify_result)  # its own line: a finding about the anchor is a sentence or two
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self._filter_due)
        self.clear()

    # -- layout ---------------------------------------------------------------------------------------------------

    def _filter_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.action = QComboBox()
        self.action.setAccessibleName("Handling")
        self.action.setMinimumContentsLength(22)
        self.action.currentIndexChanged.connect(self.reload)
        self.record = QLineEdit()
        self.record.setPlaceholderText("Sagsnummer, mødenummer eller id")
        self.record.setAccessibleName("Post")
        self.record.setClearButtonEnabled(True)
        self.record.textChanged.connect(self._later)
        self.text = QLineEdit()
        self.text.setPlaceholderText("Søg i logbogen")
        self.text.setAccessibleName("Fritekst")
        self.text.setClearButtonEnabled(True)
        self.text.textChanged.connect(self._later)
        for label, widget in (("&Handling:", self.action), ("&Post:", self.record), ("&Tekst:", self.text)):
            caption = QLabel(label)
            caption.setBuddy(widget)
            row.addWidget(caption)
            row.addWidget(widget, 1)
        return row

    def _date_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.use_dates = QCheckBox("Pe&riode:")
        self.use_dates.toggled.connect(self._dates_toggled)
        self.since = QDateEdit()
        self.until = QDateEdit()
        for edit, name in ((self.since, "Fra dato"), (self.until, "Til og med dato")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd.MM.yyyy")
            edit.setAccessibleName(name)
            edit.setEnabled(False)
            edit.dateChanged.connect(self.reload)
        self.reset_button = QPushButton("&Nulstil filtre")
        self.reset_button.clicked.connect(self.reset_filters)
        row.addWidget(self.use_dates)
        row.addWidget(self.since)
        row.addWidget(QLabel("–"))
        row.addWidget(self.until)
        row.addStretch(1)
        row.addWidget(self.reset_button)
        return row

    def _bottom_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.count = QLabel()
        self.count.setStyleSheet(_GREY_STYLE)
        self.more_button = QPushButton("Vis &flere")
        self.more_button.clicked.connect(self.load_more)
        self.verify_button = QPushButton("&Kontrollér logbogen")
        self.verify_button.clicked.connect(self.verify)
        self.verify_result = QLabel()
        self.verify_result.setTextFormat(Qt.TextFormat.PlainText)
        self.verify_result.setWordWrap(True)
        self.retention = QSpinBox()
        self.retention.setRange(*audit_service.RETENTION_RANGE)
        self.retention.setSuffix(" år")
        self.retention.setAccessibleName("Logbogens opbevaringstid")
        self.retention.editingFinished.connect(self._save_retention)
        retention_label = QLabel("&Opbevares i:")
        retention_label.setBuddy(self.retention)
        self.retention_message = QLabel()
        self.retention_message.setStyleSheet(_GREY_STYLE)
        for widget in (self.count, self.more_button):
            row.addWidget(widget)
        row.addStretch(1)
        for tool in (self.verify_button, retention_label, self.retention, self.retention_message):
            row.addWidget(tool)
        return row

    # -- vault ------------------------------------------------------------------------------------------------------

    def show_vault(self, vault: Vault) -> None:
        self.vault = vault
        self._fill_actions()
        self.retention.blockSignals(True)
        self.retention.setValue(audit_service.retention_years(vault))
        self.retention.blockSignals(False)
        today = QDate.currentDate()
        for edit, day in ((self.since, today.addMonths(-1)), (self.until, today)):
            edit.blockSignals(True)
            edit.setDate(day)
            edit.blockSignals(False)
        for widget in (
            self.action,
            self.record,
            self.text,
            self.use_dates,
            self.verify_button,
            self.retention,
            self.reset_button,
        ):
            widget.setEnabled(True)
        self.reload()

    def clear(self) -> None:
        """Forget the vault and show nothing (on lock)."""
        self.vault = None
        self._debounce.stop()
        self.model.set_entries([])
        for widget in (self.record, self.text):
            widget.blockSignals(True)
            widget.clear()
            widget.blockSignals(False)
        self.action.blockSignals(True)
        self.action.clear()
        self.action.blockSignals(False)
        self.use_dates.setChecked(False)
        for label in (self.count, self.verify_result, self.retention_message):
            label.clear()
        for control in (
            self.action,
            self.record,
            self.text,
            self.use_dates,
            self.verify_button,
            self.retention,
            self.more_button,
            self.reset_button,
        ):
            control.setEnabled(False)

    def shows_data(self) -> bool:
        return self.vault is not None or self.model.rowCount() > 0

    def _fill_actions(self) -> None:
        assert self.vault is not None
        codes = audit_service.actions(self.vault)
        self.action.blockSignals(True)
        self.action.clear()
        self.action.addItem("Alle handlinger", "")
        groups = sorted({c.split(".")[0] for c in codes} & set(audit_service.ACTION_GROUPS))
        for group in groups:
            self.action.addItem(f"{audit_service.ACTION_GROUPS[group]} (alle)", group)
        for code in sorted(codes, key=audit_service.action_label):
            self.action.addItem(audit_service.action_label(code), code)
        self.action.blockSignals(False)

    # -- filtering --------------------------------------------------------------------------------------------------

    def current_filter(self, before_seq: int | None = None) -> AuditFilter:
        dated = self.use_dates.isChecked()
        return AuditFilter(
            action=self.action.currentData() or "",
            record=self.record.text(),
            text=self.text.text(),
            since=to_date(self.since.date()) if dated else None,
            until=to_date(self.until.date()) if dated else None,
            limit=PAGE,
            before_seq=before_seq,
        )

    def _later(self) -> None:
        if self.vault is not None:
            self._debounce.start()

    def _dates_toggled(self, on: bool) -> None:
        self.since.setEnabled(on)
        self.until.setEnabled(on)
        self.reload()

    def reset_filters(self) -> None:
        for widget in (self.record, self.text):
            widget.blockSignals(True)
            widget.clear()
            widget.blockSignals(False)
        self.action.blockSignals(True)
        self.action.setCurrentIndex(0)
        self.action.blockSignals(False)
        self.use_dates.blockSignals(True)
        self.use_dates.setChecked(False)
        self.use_dates.blockSignals(False)
        self._dates_toggled(False)

    def _filter_due(self) -> None:
        # Fires on its own, also while a job runs. A job usually has its own vault connection, but a passphrase
        # change takes the vault off the GUI thread: so the filter waits until no job runs.
        if worker.busy():
            self._debounce.start()
            return
        self.reload()

    def reload(self) -> None:
        self._debounce.stop()
        if self.vault is None or not self.vault.is_open:
            return
        entries = audit_service.list_entries(self.vault, self.current_filter())
        self.model.set_entries(entries)
        self._show_count(len(entries) == PAGE)

    def load_more(self) -> None:
        if self.vault is None or not self.model.entries:
            return
        entries = audit_service.list_entries(self.vault, self.current_filter(self.model.entries[-1].seq))
        self.model.set_entries(entries, append=True)
        self._show_count(len(entries) == PAGE)

    def _show_count(self, more: bool) -> None:
        shown = len(self.model.entries)
        self.count.setText(f"{shown} poster" + (" (de nyeste)" if more else ""))
        self.more_button.setEnabled(more)

    # -- check and retention ---------------------------------------------------------------------------------------

    def verify(self) -> bool:
        if self.vault is None:
            return False
        check = audit_service.verify(self.vault)  # the chain and its anchor outside the vault
        style = _ERROR_STYLE if not check.ok else _WARNING_STYLE if check.warning else _OK_STYLE
        self.verify_result.setStyleSheet(style)
        self.verify_result.setText(check.text)
        return check.ok

    def _save_retention(self) -> None:
        if self.vault is None or self.retention.value() == audit_service.retention_years(self.vault):
            return
        try:
            audit_service.set_retention_years(self.vault, self.retention.value())
        except Invalid as exc:
            self.retention_message.setText(exc.message)
            return
        self.retention_message.setText("Gemt.")
        self._fill_actions()
