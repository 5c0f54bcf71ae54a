"""Samtykker: the consent declarations (Bilag 6) – list with status on the left, the editor on the right – and the
case context above them: the chosen sag's consent state, its information duty (oplysningspligt), the legal-basis
prompt for an exchange of information, and the letter to the parents (Bilag 1–2).

The case context is the sag chosen in the Sag filter, else the sag of the consent in the editor. The page only calls
service functions (`sspdesk.consents`, `sspdesk.information_duty`, `sspdesk.legal_basis`); PDFs are made on the
worker through the page's job runner (the main window's `run_vault_job`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sspdesk.cases import sag_choices
from sspdesk.consents import blank_consent_pdf, list_consents, resolve_case
from sspdesk.domain.dates import date_text
from sspdesk.domain.errors import ServiceError
from sspdesk.information_duty import ADDRESSEES, information_letter_pdf, information_status, letter_addressees
from sspdesk.legal_basis import Exchange, basis_label, list_exchanges
from sspdesk.store.vault import Vault
from sspdesk.ui import theme
from sspdesk.ui.consents.case_exchanges import ExchangesDialog
from sspdesk.ui.consents.consent_badge import ConsentBadge, consent_events
from sspdesk.ui.consents.consent_case_dialogs import InformationDutyDialog
from sspdesk.ui.consents.consent_dialogs import NewConsentDialog
from sspdesk.ui.consents.consent_editor import ConsentEditor
from sspdesk.ui.consents.consent_models import (
    COL_REFERENCE,
    FILTER_STATES,
    ConsentFilterProxy,
    ConsentTableModel,
    count_text,
    state_label,
)
from sspdesk.ui.consents.exchange_dialog import ExchangeDialog
from sspdesk.ui.vault.vault_dialogs import error_text
from sspdesk.ui.widgets import printing
from sspdesk.ui.widgets.colours import GREY, WARNING
from sspdesk.ui.widgets.confirm import ask_confirmation
from sspdesk.ui.widgets.empty_state import EmptyState, ListOrEmpty
from sspdesk.ui.widgets.list_keys import NoMatchHint
from sspdesk.ui.widgets.list_parts import LazyComboBox, QuietSelection, list_table, new_button, title_row
from sspdesk.ui.widgets.message_line import MessageLine
from sspdesk.ui.widgets.pages import Page

EMPTY_TEXT = "Ingen samtykkeerklæringer endnu. Opret den første med Nyt samtykke… (Ctrl+N) for en DKE-Sag."
EMPTY_NOTE = (
    "Samtykkeerklæringen (Bilag 6) udfyldes for en DKE-Sag og skrives ud til underskrift; den underskrevne erklæring "
    "registreres bagefter. En tom erklæring til at udfylde i hånden fås med Tom blanket…"
)

AskDiscard = Callable[[], bool]
LETTER_NAMES = {"parents": "Forældrebrev", "young_person": "Brev til den unge"}


class ConsentsPage(Page):
    title = "Samtykker"
    icon_name = "consents"

    def __init__(self, parent: QWidget | None = None, today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self.today = today
        self.ask_discard: AskDiscard = self._ask_discard
        self.dialog: QDialog | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(10)
        layout.addLayout(self._title_row())
        layout.addLayout(self._filter_row())
        layout.addWidget(self._case_bar())

        self.model = ConsentTableModel(self)
        self.proxy = ConsentFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = self._table()
        self.no_match = NoMatchHint(
            self.view,
            "Ingen samtykker",
            lambda: self.status_filter.currentIndex() > 0 or self.case_filter.currentIndex() > 0,
            self.show_all,
        )
        self.quiet = QuietSelection(self.view)
        self.editor = ConsentEditor(today=today)
        self.editor.runner = self.run_job
        self.editor.changed.connect(self._consent_changed)
        self.splitter = QSplitter()
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(self.editor)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([505, 605])
        empty = EmptyState("consents", EMPTY_TEXT, EMPTY_NOTE, "Nyt samtykke…", self.open_new_consent)
        self.lists = ListOrEmpty(self.splitter, empty)  # the card while there is no consent at all
        layout.addWidget(self.lists, 1)
        self._set_enabled(False)
        consent_events().day_changed.connect(self._day_changed)  # the states in the list are "as of today"

    # -- building --------------------------------------------------------------------------------------------

    def _pdf_button(self, text: str, tip: str, make: Callable[[Vault], bytes], name: Callable[[], str]) -> QPushButton:
        """A button with Udskriv… / Gem som PDF…; the PDF is made on the worker."""
        button = QPushButton(text)
        button.setToolTip(tip)
        menu = QMenu(button)
        self._pdf_actions(menu, make, name)
        button.setMenu(menu)
        return button

    def _pdf_actions(self, menu: QMenu, make: Callable[[Vault], bytes], name: Callable[[], str]) -> None:
        menu.addAction("Udskriv…", lambda: self._pdf(make, name(), printing.print_pdf))
        menu.addAction("Gem som PDF…", lambda: self._pdf(make, name(), self._save_pdf))

    def _letter_button(self) -> QPushButton:
        """Bilag 1–2 to the custody holders or to the young person; from 18 only to the person (no custody)."""
        button = QPushButton("Orienteringsbrev (Bilag 1–2)…")
        button.setToolTip(
            "Brev med informationsark til forældremyndighedsindehaver – eller til den unge selv (altid fra 18 år)"
        )
        menu = QMenu(button)
        self.letter_menus: dict[str, QMenu] = {}
        for addressee, title in ADDRESSEES.items():
            sub = menu.addMenu(title)
            self._pdf_actions(sub, *self._letter_makers(addressee))
            self.letter_menus[addressee] = sub
        menu.aboutToShow.connect(self._offer_letters)
        button.setMenu(menu)
        return button

    def _letter_makers(self, addressee: str) -> tuple[Callable[[Vault], bytes], Callable[[], str]]:
        def make(vault: Vault) -> bytes:
            return information_letter_pdf(vault, self.context_case_id(), addressee=addressee, today=self.today())

        return make, lambda: f"{LETTER_NAMES[addressee]} {self.case_label.text()}"

    def _offer_letters(self) -> None:
        case_id = self.context_case_id()
        allowed = letter_addressees(self.vault, case_id, today=self.today()) if self.vault and case_id else []
        for addressee, sub in self.letter_menus.items():
            sub.setEnabled(addressee in allowed)
            adult = addressee == "parents" and addressee not in allowed
            sub.setTitle(ADDRESSEES[addressee] + (" (den unge er fyldt 18 år)" if adult else ""))

    def _title_row(self) -> QHBoxLayout:
        row, self.count_label = title_row(self.title)
        self.blank_button = self._pdf_button(
            "Tom blanket…",
            "En tom samtykkeerklæring (Bilag 6) til at udfylde i hånden",
            blank_consent_pdf,
            lambda: "Samtykkeerklæring (tom)",
        )
        row.addWidget(self.blank_button)
        self.new_button = new_button(
            "consents", "&Nyt samtykke…", "Udfyld en samtykkeerklæring for en DKE-Sag", self.open_new_consent
        )
        row.addWidget(self.new_button)
        return row

    def _filter_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(8)
        self.status_filter = QComboBox()
        self.status_filter.setAccessibleName("Filtrér på status")
        self.status_filter.addItem("Status: alle", "")
        for state in FILTER_STATES:
            self.status_filter.addItem(state_label(state), state)
        self.status_filter.currentIndexChanged.connect(lambda _i: self._filter_changed())
        row.addWidget(self.status_filter, 1)
        self.case_filter = LazyComboBox("Sag: alle", lambda: self.sager(open_only=False))
        self.case_filter.setAccessibleName("Vælg sag")
        self.case_filter.setToolTip("Vis samtykkerne, oplysningspligten og orienteringsbrevet for én sag")
        self.case_filter.setMinimumContentsLength(28)
        self.case_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.case_filter.currentIndexChanged.connect(lambda _i: self._filter_changed())
        row.addWidget(self.case_filter, 2)
        self.message = MessageLine()  # in the filter row's spare room: a message never moves the list or the form
        row.addWidget(self.message, 2)
        return row

    def _case_bar(self) -> QFrame:
        self.case_frame = QFrame()
        self.case_frame.setObjectName("caseContext")
        self.case_frame.setStyleSheet(theme.card_style("caseContext", radius=6))
        row = QHBoxLayout(self.case_frame)
        row.setContentsMargins(12, 6, 8, 6)
        row.setSpacing(10)
        self.case_label = QLabel()
        self.case_label.setStyleSheet("font-weight: bold;")
        row.addWidget(self.case_label)
        self.badge = ConsentBadge(today=self.today)
        row.addWidget(self.badge)
        self.information_label = QLabel()
        self.information_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        row.addWidget(self.information_label, 1)
        self.information_button = QPushButton("Oplysningspligt…")
        self.information_button.setToolTip(
            "Orientering af den unge og forældremyndighedsindehaver – eller "
            "beslutningen om ikke at orientere, med begrundelse"
        )
        self.information_button.clicked.connect(self.open_information_duty)
        self.exchange_button = QPushButton("Registrér udveksling…")
        self.exchange_button.setToolTip("Notér hvilke oplysninger der er udvekslet med hvem – og hjemlen")
        self.exchange_button.clicked.connect(self.open_exchange)
        self.exchanges_button = QPushButton("Udvekslinger…")
        self.exchanges_button.setToolTip("Alle udvekslinger af oplysninger på sagen: med hvem, hvad og hjemlen")
        self.exchanges_button.clicked.connect(self.open_exchanges)
        self.letter_button = self._letter_button()
        for button in (self.information_button, self.exchanges_button, self.exchange_button, self.letter_button):
            row.addWidget(button)
        keep_room = self.case_frame.sizePolicy()  # chosen or not, the bar's room is kept: nothing below moves
        keep_room.setRetainSizeWhenHidden(True)
        self.case_frame.setSizePolicy(keep_room)
        self.case_frame.hide()
        return self.case_frame

    def _table(self) -> QTableView:
        view = list_table(self.proxy, "Samtykker")
        header = view.horizontalHeader()
        header.setSortIndicatorClearable(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        view.setSortingEnabled(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)  # a few hundred rows at most
        header.setStretchLastSection(True)
        view.selectionModel().currentRowChanged.connect(self._current_changed)
        return view

    # -- vault -----------------------------------------------------------------------------------------------

    def on_unlocked(self, vault: Vault) -> None:
        super().on_unlocked(vault)
        self.editor.set_vault(vault)
        self._set_enabled(True)
        self.case_filter.reset()
        self.reload()

    def on_locked(self) -> None:
        self.close_dialog()
        self.editor.clear()
        self.editor.set_vault(None)
        self.model.clear()
        self.status_filter.blockSignals(True)
        self.status_filter.setCurrentIndex(0)
        self.status_filter.blockSignals(False)
        self.case_filter.reset()
        self.proxy.set_filter()
        self._show_case("")
        self.count_label.clear()
        self.message.clear()
        self._set_enabled(False)
        super().on_locked()

    def refresh(self) -> None:
        if self.vault is None:
            return
        self.case_filter.mark_stale()
        self.reload()
        if self.editor.consent is not None and not self.editor.has_unsaved():
            self.editor.reload()

    def shows_data(self) -> bool:
        return (
            super().shows_data()
            or self.model.rowCount() > 0
            or self.editor.shows_data()
            or self.case_filter.count() > 1
            or bool(self.case_label.text())
            or self.dialog is not None
        )

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (self.new_button, self.blank_button, self.status_filter, self.case_filter):
            widget.setEnabled(enabled)

    # -- list and filters ------------------------------------------------------------------------------------

    def sager(self, open_only: bool = True) -> list[tuple[str, str]]:
        """(id, "S-2026-0003 – Sagens genstand") of the sager, newest first."""
        return sag_choices(self.vault, open_only) if self.vault is not None else []

    def reload(self) -> None:
        """Re-read the consents; the one in the editor stays selected."""
        if self.vault is None:
            return
        consents = list_consents(self.vault)
        self.model.set_consents(consents, self.today())
        shown = self.proxy.rowCount()
        self.count_label.setText(
            count_text(len(consents)) if shown == len(consents) else f"{shown} af {count_text(len(consents))}"
        )
        self.lists.show_empty(not consents and not self.editor.is_open())  # a new one being written is shown
        self.editor.placeholder.setText(
            EMPTY_TEXT if not consents else "Vælg et samtykke i listen, eller opret et nyt med Nyt samtykke…"
        )
        self.quiet.select(self.proxy.row_of(self.editor.consent_id()) if self.editor.consent_id() else -1)
        self._show_case(self.context_case_id())

    def _filter_changed(self) -> None:
        self.proxy.set_filter(self.status_filter.currentData() or "", self.case_filter.currentData() or "")
        self.reload()

    def show_all(self) -> None:
        """Nulstil filtre: every status and every case."""
        for combo in (self.status_filter, self.case_filter):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self._filter_changed()

    def select_consent(self, consent_id: str) -> None:
        """Select a consent and open it (from other pages too); clears the filters if they hide it."""
        row = self.proxy.row_of(consent_id)
        if row < 0 and self.vault is not None:
            for combo in (self.status_filter, self.case_filter):
                combo.blockSignals(True)
                combo.setCurrentIndex(0)
                combo.blockSignals(False)
            self._filter_changed()
            row = self.proxy.row_of(consent_id)
        if row >= 0:
            self.view.setCurrentIndex(self.proxy.index(row, COL_REFERENCE))
        if self.editor.consent_id() != consent_id and not self.editor.has_unsaved():
            self.editor.load(consent_id)
            self._show_case(self.context_case_id())

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self.quiet.active or not current.isValid():
            return
        consent_id = self.proxy.consent_id(current.row())
        if not consent_id or consent_id == self.editor.consent_id():
            return
        if self.editor.has_unsaved() and not self.ask_discard():
            self.quiet.select(self.proxy.row_of(self.editor.consent_id()))
            return
        self.editor.load(consent_id)
        self._show_case(self.context_case_id())

    def _ask_discard(self) -> bool:
        return ask_confirmation(
            self,
            "Ændringer er ikke gemt",
            "Samtykkeerklæringen har ændringer, som ikke er gemt. Vil du kassere dem?",
            "Kassér ændringerne",
        )

    def _consent_changed(self, _consent_id: str) -> None:
        self.reload()

    def _day_changed(self) -> None:
        self.reload()
        if self.editor.consent is not None and not self.editor.has_unsaved():
            self.editor.reload()  # its state label too

    # -- the case context ------------------------------------------------------------------------------------

    def context_case_id(self) -> str:
        chosen = self.case_filter.currentData() or ""
        return chosen or (self.editor.case_refs[0] if self.editor.case_refs else "")

    def _show_case(self, case_id: str) -> None:
        if self.vault is None or not case_id:
            self.case_label.clear()
            self.information_label.clear()
            self.badge.clear()
            self.case_frame.hide()
            return
        self.case_label.setText(f"Sag {resolve_case(self.vault, case_id).number}")
        self.badge.show_for_case(self.vault, case_id, self.today())
        entry = information_status(self.vault, case_id)
        if entry is None:
            self.information_label.setText("Oplysningspligt: ikke registreret")
            self.information_label.setToolTip(
                "Der er ikke registreret orientering af familien – eller en begrundet beslutning om ikke at orientere."
            )
            self.information_label.setStyleSheet(f"color: {WARNING};")
        else:
            when = date_text(entry.entry_date)
            short = f"orienteret {when}" if entry.decision == "informed" else f"ikke orienteret (besluttet {when})"
            self.information_label.setText(f"Oplysningspligt: {short}")
            self.information_label.setToolTip(entry.label)
            self.information_label.setStyleSheet(f"color: {GREY};")
        count = len(list_exchanges(self.vault, case_id))
        self.exchanges_button.setText(f"Udvekslinger ({count})…" if count else "Udvekslinger…")
        self.case_frame.show()

    def open_new_consent(self) -> None:
        if self.vault is None:
            return
        if self.editor.has_unsaved() and not self.ask_discard():
            return
        dialog = NewConsentDialog(self.sager(), self.context_case_id(), self)
        dialog.accepted.connect(lambda: self._start_new(dialog.result_value))
        self._open(dialog)

    def _start_new(self, case_id: str) -> None:
        self.quiet.select(-1)
        self.editor.start_new(case_id)
        self.lists.show_empty(False)  # the first consent: the editor replaces the empty state
        self._show_case(self.context_case_id())
        self.editor.form.giver_name.setFocus()

    def open_information_duty(self) -> None:
        case_id = self.context_case_id()
        if self.vault is None or not case_id:
            return
        dialog = InformationDutyDialog(self.vault, case_id, self.case_label.text(), self.run_job, self.today(), self)
        dialog.changed.connect(lambda: self._show_case(self.context_case_id()))
        self._open(dialog)

    def open_exchange(self) -> None:
        case_id = self.context_case_id()
        if self.vault is None or not case_id:
            return
        dialog = ExchangeDialog(self.vault, case_id, self.run_job, self.today(), self)
        dialog.accepted.connect(lambda: self._exchanged(dialog.result_value))
        self._open(dialog)

    def open_exchanges(self) -> None:
        case_id = self.context_case_id()
        if self.vault is None or not case_id:
            return
        dialog = ExchangesDialog(self.vault, case_id, self.case_label.text(), self.run_job, self.today(), self)
        dialog.changed.connect(lambda: self._show_case(self.context_case_id()))
        self._open(dialog)

    def _exchanged(self, exchange: Exchange) -> None:
        self._show_case(self.context_case_id())
        if self.vault is not None and exchange is not None:
            self.message.show_message(
                f"Udvekslingen er registreret med hjemmel: {basis_label(self.vault, exchange.basis)}.", "info"
            )

    # -- dialogs and PDFs ------------------------------------------------------------------------------------

    def _open(self, dialog: QDialog) -> None:
        self.close_dialog()
        self.dialog = dialog
        dialog.finished.connect(lambda _result, d=dialog: self._dialog_finished(d))
        dialog.open()

    def _dialog_finished(self, dialog: QDialog) -> None:
        """A closed dialog forgets what it showed at once (a lock closes every dialog before the pages clear)."""
        if self.dialog is dialog:
            self.dialog = None
        if hasattr(dialog, "clear"):
            dialog.clear()
        dialog.setParent(None)
        dialog.deleteLater()

    def close_dialog(self) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            if hasattr(dialog, "clear"):
                dialog.clear()
            dialog.reject()
            dialog.setParent(None)
            dialog.deleteLater()

    def _save_pdf(self, parent: QWidget, data: bytes, name: str) -> str:
        path = printing.save_pdf(parent, data, name)
        return f"Gemt som {path}." if path else ""

    def _pdf(self, make: Callable[[Vault], bytes], name: str, deliver: Callable[[QWidget, bytes, str], str]) -> None:
        vault = self.vault
        if vault is None:
            return
        self.message.clear()

        def done(data: bytes) -> None:
            try:
                text = deliver(self, data, name)
            except OSError as exc:
                self.message.show_error(f"Filen kan ikke gemmes: {exc.strerror or exc}")
                return
            if text:
                self.message.show_message(text, "info")

        def failed(error: BaseException) -> None:
            self.message.show_error(error.message if isinstance(error, ServiceError) else error_text(error))

        self.run_job(lambda: make(vault), done, failed)
