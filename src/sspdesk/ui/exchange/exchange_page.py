"""Udveksling: send and receive encrypted bundles, resolve conflicts, colleagues, history, and the fagsystem.

Three action cards on top – Send (Eksportér…), Modtag (Importér…), Til fagsystem (Til fagsystem…) – and below them
three boxes: Konflikter (open conflicts; "Løs…" opens the side-by-side `ConflictDialog`), Kolleger (peers,
"Tilføj kollega…" and "Glem kollegaens enhed…" for a wrong device binding, with this device's own key to give to
colleagues) and Historik (bundles sent and received).

Every slow service runs through `run_job` – the page's job runner, set by the main window (its `run_vault_job`: the
job gets its own vault connection on the worker) or by a test. The dialogs are parented to the window, not the
page, so they stay usable while the main window disables its pages during a job. File choosers are attributes
(`choose_open_file`, and `choose_save` on the dialogs) so tests can replace them. `on_locked()` closes the dialogs
and empties every table and label.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sspdesk import legal_basis
from sspdesk.bundles.merge import list_conflicts
from sspdesk.bundles.peers import ForgottenDevice, exchange_history, forget_device, list_peers
from sspdesk.store.vault import Vault
from sspdesk.ui import theme
from sspdesk.ui.exchange.conflict_dialog import ConflictDialog
from sspdesk.ui.exchange.exchange_models import RowsModel, conflict_rows, history_rows, peer_rows
from sspdesk.ui.exchange.export_dialog import ExportDialog
from sspdesk.ui.exchange.fagsystem_dialog import FagsystemDialog
from sspdesk.ui.exchange.import_dialog import ImportDialog
from sspdesk.ui.exchange.invitation_dialog import InvitationActions
from sspdesk.ui.exchange.peer_dialog import PeerDialog
from sspdesk.ui.icons import icon
from sspdesk.ui.vault.vault_dialogs import SMALL_GREY_STYLE
from sspdesk.ui.widgets.confirm import Confirm, ask_confirmation
from sspdesk.ui.widgets.labels import mono_font
from sspdesk.ui.widgets.pages import PAGE_MARGINS, Page, page_heading

CONFLICT_HEADERS = ("Posttype", "Post", "Forskellige felter", "Opstået")
PEER_HEADERS = ("Navn", "Fingeraftryk", "Myndighed og type", "Offentlig nøgle", "Sidst sendt", "Sidst modtaget")
HISTORY_HEADERS = ("Tidspunkt", "Retning", "Kollega", "Indhold", "Poster", "Resultat")
NO_CONFLICTS = "Ingen åbne konflikter. Poster, der er ændret både her og hos en kollega, vises her."
NO_PEERS = "Ingen kolleger endnu. Tilføj en kollega, eller importér en pakke fra en kollega."
NO_HISTORY = "Ingen pakker sendt eller modtaget endnu."
BUNDLE_OPEN_FILTER = "sspdesk-pakke (*.sspbundle);;Alle filer (*)"


def choose_bundle_file(parent: QWidget) -> Path | None:
    chosen, _ = QFileDialog.getOpenFileName(parent, "Importér pakke", str(Path.home()), BUNDLE_OPEN_FILTER)
    return Path(chosen) if chosen else None


def _box(name: str, title: str) -> tuple[QFrame, QVBoxLayout, QHBoxLayout]:
    """A titled box; returns (frame, body layout, title row for buttons on the right)."""
    frame = QFrame()
    frame.setObjectName(name)
    frame.setStyleSheet(theme.card_style(name, "card_alt"))
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(16, 12, 16, 14)
    layout.setSpacing(8)
    row = QHBoxLayout()
    heading = QLabel(title)
    heading.setObjectName(f"{name}Title")
    font = heading.font()
    font.setPointSizeF(font.pointSizeF() * 1.15)
    font.setBold(True)
    heading.setFont(font)
    row.addWidget(heading)
    row.addStretch(1)
    layout.addLayout(row)
    return frame, layout, row


def _grey(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(SMALL_GREY_STYLE)
    return label


class RowsTable(QTableView):
    """A read-only table as tall as its rows (between `min_rows` and `max_rows`)."""

    def __init__(
        self, model: RowsModel, name: str, widths: dict[int, int], stretch: int, min_rows: int = 2, max_rows: int = 6
    ) -> None:
        super().__init__()
        self.rows_model = model
        self.setModel(model)
        self.setAccessibleName(name)
        self.min_rows, self.max_rows = min_rows, max_rows
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        self.setWordWrap(False)
        self.setShowGrid(False)
        self.setAlternatingRowColors(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(28)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for column, width in widths.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.setColumnWidth(column, width)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        model.modelReset.connect(self._fit_height)
        self._fit_height()

    def _fit_height(self) -> None:
        rows = min(max(self.model().rowCount(), self.min_rows), self.max_rows)
        height = self.horizontalHeader().sizeHint().height() + rows * self.verticalHeader().defaultSectionSize()
        self.setFixedHeight(height + 2 * self.frameWidth() + 2)

    def current_record(self) -> dict[str, Any] | None:
        rows = self.selectionModel().selectedRows()
        return self.rows_model.record(rows[0].row()) if rows else None


class ExchangePage(Page):
    title = "Udveksling"
    icon_name = "exchange"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choose_open_file: Callable[[QWidget], Path | None] = choose_bundle_file
        self.dialog: QDialog | None = None  # the dialog open now (one at a time)
        self.confirm: Confirm = lambda title, text: ask_confirmation(self.window(), title, text, "Glem enheden")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(scroll)
        content = QWidget()
        scroll.setWidget(content)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(*PAGE_MARGINS)
        layout.setSpacing(14)
        layout.addWidget(page_heading(self.title))
        layout.addLayout(self._cards())
        layout.addWidget(self._conflicts_box())
        layout.addWidget(self._peers_box())
        layout.addWidget(self._history_box())
        layout.addStretch(1)

    # -- building ---------------------------------------------------------------------------------------------

    def _cards(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(14)
        cards = (
            (
                "sendCard",
                "Send",
                "Krypteret pakke (.sspbundle) til kolleger: et møde, udvalgte sager, alt eller ændringer siden sidst.",
                "&Eksportér…",
                self.open_export,
            ),
            (
                "receiveCard",
                "Modtag",
                "Importér en pakke fra en kollega. Underskrift og indhold kontrolleres, før noget gemmes.",
                "&Importér…",
                self.open_import,
            ),
            (
                "fagsystemCard",
                "Til fagsystem",
                "Aflevér sager til journalisering: skema som PDF og data som JSON, krypteret til fagsystemet.",
                "Til f&agsystem…",
                self.open_fagsystem,
            ),
        )
        self.card_buttons: list[QPushButton] = []
        for name, title, text, button_text, slot in cards:
            frame, layout, _ = _box(name, title)
            layout.addWidget(_grey(text), 1)
            button = QPushButton(button_text)
            button.clicked.connect(slot)
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
            self.card_buttons.append(button)
            row.addWidget(frame, 1)
        self.export_button, self.import_button, self.fagsystem_button = self.card_buttons
        return row

    def _conflicts_box(self) -> QFrame:
        frame, layout, title_row = _box("conflictsBox", "Konflikter")
        title = frame.findChild(QLabel, "conflictsBoxTitle")
        if title is None:  # `_box` always makes it
            raise LookupError("conflictsBoxTitle")
        self.conflicts_title = title
        self.resolve_button = QPushButton("&Løs…")
        self.resolve_button.setEnabled(False)
        self.resolve_button.clicked.connect(lambda: self.open_conflict())
        title_row.addWidget(self.resolve_button)
        self.conflict_model = RowsModel(CONFLICT_HEADERS, self)
        self.conflict_table = RowsTable(self.conflict_model, "Konflikter", {0: 150, 2: 320, 3: 160}, 1, 1, 6)
        self.conflict_table.doubleClicked.connect(lambda index: self.open_conflict(index.row()))
        self.conflict_table.activated.connect(lambda index: self.open_conflict(index.row()))
        self.conflict_table.selectionModel().selectionChanged.connect(
            lambda *_: self.resolve_button.setEnabled(self.conflict_table.current_record() is not None)
        )
        self.conflicts_empty = _grey(NO_CONFLICTS)
        layout.addWidget(self.conflict_table)
        layout.addWidget(self.conflicts_empty)
        return frame

    def _peers_box(self) -> QFrame:
        frame, layout, title_row = _box("peersBox", "Kolleger")
        self.edit_peer_button = QPushButton("&Ret kollega…")
        self.edit_peer_button.setToolTip("Ret navn, myndighed og modtagertype – de afgør, hvilke sager der må sendes")
        self.edit_peer_button.setEnabled(False)
        self.edit_peer_button.clicked.connect(lambda: self.open_edit_peer())
        self.forget_device_button = QPushButton("Glem k&ollegaens enhed…")
        self.forget_device_button.setToolTip(
            "Når en kollegas nøgle er bundet til en enhed, der ikke er kollegaens: glem bindingen, så enhedens "
            "rigtige ejer kan sende pakker igen."
        )
        self.forget_device_button.setEnabled(False)
        self.forget_device_button.clicked.connect(lambda: self.forget_device())
        title_row.addWidget(self.forget_device_button)
        self.add_peer_button = QPushButton("&Tilføj kollega…")
        self.add_peer_button.clicked.connect(self.open_add_peer)
        title_row.addWidget(self.edit_peer_button)
        # Issue 19: a colleague from an invitation file, the fingerprint read aloud instead of keys typed.
        self.invitations = InvitationActions(self, self._open, self.refresh)
        for button in self.invitations.buttons:
            title_row.addWidget(button)
        title_row.addWidget(self.add_peer_button)
        own = QHBoxLayout()
        self.own_key = QLabel()
        self.own_key.setFont(mono_font(self))
        self.own_key.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.own_key.setStyleSheet(SMALL_GREY_STYLE)
        self.copy_button = QPushButton(icon("copy"), "&Kopiér min nøgle")
        self.copy_button.setToolTip("Kopiér din offentlige nøgle, så en kollega kan kryptere pakker til dig")
        self.copy_button.clicked.connect(self.copy_own_key)
        own.addWidget(self.own_key, 1)
        own.addWidget(self.copy_button)
        self.peer_model = RowsModel(PEER_HEADERS, self)
        self.peer_table = RowsTable(self.peer_model, "Kolleger", {0: 150, 1: 300, 2: 210, 3: 150, 4: 120}, 5, 1, 5)
        self.peer_table.selectionModel().selectionChanged.connect(lambda *_: self._peer_selected())
        self.peer_table.doubleClicked.connect(lambda index: self.open_edit_peer(index.row()))
        self.peers_empty = _grey(NO_PEERS)
        self.peers_note = _grey("")  # what "Glem kollegaens enhed" did
        self.peers_note.hide()
        layout.addWidget(self.peer_table)
        layout.addWidget(self.peers_empty)
        layout.addWidget(self.peers_note)
        layout.addLayout(own)
        return frame

    def _history_box(self) -> QFrame:
        frame, layout, _ = _box("historyBox", "Historik")
        self.history_model = RowsModel(HISTORY_HEADERS, self)
        self.history_table = RowsTable(self.history_model, "Historik", {0: 145, 1: 80, 2: 150, 3: 130, 5: 330}, 4, 1, 8)
        self.history_empty = _grey(NO_HISTORY)
        layout.addWidget(self.history_table)
        layout.addWidget(self.history_empty)
        return frame

    # -- vault in, vault out ----------------------------------------------------------------------------------

    def on_unlocked(self, vault: Vault) -> None:
        super().on_unlocked(vault)
        self.refresh()

    def on_locked(self) -> None:
        if self.dialog is not None:
            self.dialog.done(QDialog.DialogCode.Rejected)
            self.dialog = None
        super().on_locked()
        for model in (self.conflict_model, self.peer_model, self.history_model):
            model.clear()
        self.own_key.clear()
        self.own_key.setToolTip("")
        self.peers_note.clear()
        self.peers_note.hide()
        self.conflicts_title.setText("Konflikter")
        self._show_empty_states()

    def refresh(self) -> None:
        vault = self.vault
        if vault is None:
            return
        peers = list_peers(vault)
        self.conflict_model.set_rows(conflict_rows(vault, list_conflicts(vault)))
        parties = {p.key: p.label for p in legal_basis.party_types(vault)}
        self.peer_model.set_rows(peer_rows(peers, parties))
        self.history_model.set_rows(history_rows(exchange_history(vault), peers, vault.identity.fingerprint))
        count = self.conflict_model.rowCount()
        if count:
            self.conflict_table.selectRow(0)
        self.conflicts_title.setText(f"Konflikter ({count})" if count else "Konflikter")
        self.conflicts_title.setStyleSheet(f"color: {theme.colour('warning')};" if count else "")
        identity = vault.identity
        self.own_key.setText(f"Din nøgle: {identity.recipient}\nDit fingeraftryk: {identity.fingerprint}")
        self.own_key.setToolTip("Giv kolleger din offentlige nøgle og dit fingeraftryk, så de kan sende dig pakker.")
        self._show_empty_states()

    def _show_empty_states(self) -> None:
        for table, empty in (
            (self.conflict_table, self.conflicts_empty),
            (self.peer_table, self.peers_empty),
            (self.history_table, self.history_empty),
        ):
            has_rows = table.model().rowCount() > 0
            table.setVisible(has_rows)
            empty.setVisible(not has_rows)
        self.resolve_button.setEnabled(self.conflict_table.current_record() is not None)
        self._peer_selected()

    def _peer_selected(self) -> None:
        record = self.peer_table.current_record()
        self.edit_peer_button.setEnabled(record is not None)
        self.forget_device_button.setEnabled(record is not None and bool(record["peer"].device_id))

    def shows_data(self) -> bool:
        return (
            super().shows_data()
            or any(m.rowCount() for m in (self.conflict_model, self.peer_model, self.history_model))
            or bool(self.own_key.text())
            or self.dialog is not None
        )

    def after_change(self) -> None:
        """The vault changed (an import, a resolution): every page reloads, this one included."""
        window = self.window()
        if hasattr(window, "refresh_pages"):
            window.refresh_pages()
        else:
            self.refresh()

    # -- actions ----------------------------------------------------------------------------------------------

    def _open(self, dialog: QDialog) -> QDialog:
        if self.dialog is not None:
            self.dialog.done(QDialog.DialogCode.Rejected)
        self.dialog = dialog
        dialog.finished.connect(lambda _=0, d=dialog: self._closed(d))
        dialog.open()
        return dialog

    def _closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def open_export(self) -> ExportDialog | None:
        if self.vault is None:
            return None
        dialog = ExportDialog(self.vault, self.run_job, self.window())
        dialog.exported.connect(lambda _: self.refresh())
        return self._open(dialog)  # type: ignore[return-value]

    def open_import(self) -> ImportDialog | None:
        path = self.choose_open_file(self.window()) if self.vault is not None else None
        return self.import_file(path) if path is not None else None

    def import_file(self, path: Path) -> ImportDialog | None:
        if self.vault is None:
            return None
        dialog = ImportDialog(self.vault, path, self.run_job, self.window())
        dialog.imported.connect(lambda _: self.after_change())
        self._open(dialog)
        dialog.start()
        return dialog

    def open_fagsystem(self) -> FagsystemDialog | None:
        if self.vault is None:
            return None
        dialog = FagsystemDialog(self.vault, self.run_job, self.window(), open_settings=self._settings_opener())
        dialog.exported.connect(lambda _: self.after_change())
        return self._open(dialog)  # type: ignore[return-value]

    def _settings_opener(self) -> Callable[[], None] | None:
        window = self.window()
        pages = getattr(window, "pages", None)
        if not pages or not hasattr(window, "show_page"):
            return None
        index = next((i for i, page in enumerate(pages) if type(page).__name__ == "SettingsPage"), None)
        return None if index is None else lambda: window.show_page(index)

    def open_conflict(self, row: int | None = None) -> ConflictDialog | None:
        if self.vault is None:
            return None
        if row is None:
            record = self.conflict_table.current_record()
        else:
            record = self.conflict_model.record(row) if 0 <= row < self.conflict_model.rowCount() else None
        if record is None:
            return None
        dialog = ConflictDialog(
            self.vault, record["detail"], self.window(), title=record["cells"][1], runner=self.run_job
        )
        dialog.resolved.connect(lambda _: self.after_change())
        return self._open(dialog)  # type: ignore[return-value]

    def open_add_peer(self) -> PeerDialog | None:
        if self.vault is None:
            return None
        dialog = PeerDialog(self.vault, self.window())
        dialog.accepted.connect(self.refresh)
        return self._open(dialog)  # type: ignore[return-value]

    def open_edit_peer(self, row: int | None = None) -> PeerDialog | None:
        if self.vault is None:
            return None
        record = self.peer_table.current_record() if row is None else self.peer_model.record(row)
        if record is None:
            return None
        dialog = PeerDialog(self.vault, self.window(), peer=record["peer"])
        dialog.accepted.connect(self.refresh)
        return self._open(dialog)  # type: ignore[return-value]

    def forget_device(self) -> ForgottenDevice | None:
        """Forget the selected colleague's device binding (asked first): the way out of a wrong binding."""
        record = self.peer_table.current_record()
        if self.vault is None or record is None or not record["peer"].device_id:
            return None
        peer = record["peer"]
        question = (
            f"Glem, at enheden {peer.device_id} hører til «{peer.name}»? Gør det kun, hvis bindingen er forkert – fx "
            f"når en anden kollegas pakker afvises, fordi «{peer.name}» har taget enheden. Den næste nøgle, der sender "
            "fra enheden, bindes til den."
        )
        if not self.confirm("Glem kollegaens enhed?", question):
            return None
        forgotten = forget_device(self.vault, peer.device_id)
        self.refresh()
        self.peers_note.setText(forgotten.text())
        self.peers_note.show()
        return forgotten

    def copy_own_key(self) -> None:
        if self.vault is not None:
            QGuiApplication.clipboard().setText(self.vault.identity.recipient)
