"""The main window: navigation on the left, a stack of pages, actions for lock, backup and passphrase.

The window does not open or close the vault – `AppController` does. It hands the open vault to every page
(`set_vault`) and takes it away again (`clear`, before the controller closes the connection). The vault and its
connection belong to the GUI thread. Work that uses the vault off the GUI thread goes through the job runner every
page gets from `add_page` (`run_vault_job`): the job gets its own connection on the worker, so the GUI thread keeps
reading committed data meanwhile. The pages are disabled while a job runs, so the user starts no second write (it
would wait for the job's). A passphrase change uses `run_exclusive_vault_job` instead: the vault is handed over to
the worker for the job and taken back after it. The controller postpones a lock until `jobs_finished`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar
from xml.sax.saxutils import escape

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from sspdesk import __version__
from sspdesk.preferences import profile_name
from sspdesk.store.vault import Vault
from sspdesk.ui import theme, worker
from sspdesk.ui.app_icon import app_icon, app_pixmap
from sspdesk.ui.cases.cases_page import CasesPage
from sspdesk.ui.clipboard_guard import ClipboardGuard
from sspdesk.ui.consents.consents_page import ConsentsPage
from sspdesk.ui.duties.duties_menu import install_duties_menu
from sspdesk.ui.exchange.exchange_page import ExchangePage
from sspdesk.ui.groups.groups_page import GroupsPage
from sspdesk.ui.icons import icon
from sspdesk.ui.meetings.meetings_page import MeetingsPage
from sspdesk.ui.overview.overview_page import OverviewPage
from sspdesk.ui.settings.settings_page import SettingsPage
from sspdesk.ui.sync.install import install_sync
from sspdesk.ui.vault.background_check import BackgroundCheck
from sspdesk.ui.vault.vault_dialogs import ChangePassphraseDialog, error_text
from sspdesk.ui.widgets.dialog_buttons import settle_default_button
from sspdesk.ui.widgets.pages import Page
from sspdesk.vaults import backup_now

PageT = TypeVar("PageT", bound=Page)

# The pages in navigation order. A feature replaces its empty-state page here with its own Page subclass.
PAGE_FACTORIES: list[Callable[[], Page]] = [
    OverviewPage,
    CasesPage,
    MeetingsPage,
    ConsentsPage,
    GroupsPage,
    ExchangePage,
    SettingsPage,
]

NAV_STYLE = (
    "#navigation {{ background: {navigation}; border: none; border-right: 1px solid {navigation_border};"
    " padding-top: 8px; outline: 0; }}"
    "#navigation::item {{ padding: 9px 12px; border-radius: 6px; margin: 1px 8px; color: {text}; }}"
    "#navigation::item:selected {{ background: {selection}; color: {on_selection}; }}"
    "#navigation::item:hover:!selected {{ background: {hover}; }}"
)

# The help dialog (F1), by where the keys work. Letters underlined in menus, buttons and field labels work with Alt.
SHORTCUT_SECTIONS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "Overalt",
        [
            ("Ctrl+L", "Lås programmet"),
            ("Ctrl+Q", "Afslut"),
            ("Ctrl+1 … Ctrl+7", "Gå til Overblik … Indstillinger"),
            ("Ctrl+B", "Tag sikkerhedskopi nu"),
            ("F1", "Vis genveje"),
            ("Alt+understreget bogstav", "Menu, knap eller felt med det understregede bogstav"),
            ("Tab / Shift+Tab", "Næste / forrige felt"),
        ],
    ),
    (
        "Sager, Møder, Samtykker og Grupper",
        [
            ("Ctrl+N", "Ny sag / nyt møde / nyt samtykke / ny gruppe (på siden)"),
            ("Ctrl+F", "Søg i sagerne"),
            ("Ctrl+S", "Gem afsnittet, samtykket eller gruppen"),
        ],
    ),
    (
        "Møder",
        [
            ("F5", "Mødetilstand for det viste møde"),
            ("Enter", "Mødetilstand ved det valgte dagsordenspunkt"),
            ("Alt+Pil op / Alt+Pil ned", "Flyt dagsordenspunktet op / ned"),
            ("Delete", "Fjern det valgte dagsordenspunkt"),
            ("Mellemrum", "Skift fremmøde for den valgte deltager"),
        ],
    ),
    (
        "Mødetilstand",
        [
            ("Ctrl+PgDown / Ctrl+PgUp", "Næste / forrige dagsordenspunkt"),
            ("Ctrl+D", "Ny disposition"),
            ("Ctrl+Enter", "Markér dispositionen udført"),
            ("Esc", "Forlad mødetilstand"),
        ],
    ),
    (
        "Overblik og Indstillinger",
        [
            ("Ctrl+D", "Markér den valgte frist udført (Overblik)"),
            ("F2 / Delete", "Omdøb / fjern det valgte område (Indstillinger)"),
        ],
    ),
]
SHORTCUTS: list[tuple[str, str]] = [pair for _section, pairs in SHORTCUT_SECTIONS for pair in pairs]


class MainWindow(QMainWindow):
    lock_requested = Signal()
    quit_requested = Signal()
    autolock_changed = Signal(int)
    restore_requested = Signal(Path)
    jobs_finished = Signal()

    def __init__(self, page_factories: list[Callable[[], Page]] | None = None) -> None:
        super().__init__()
        self.vault: Vault | None = None
        self._jobs = 0
        # The full check of every page, on the worker after each unlock and daily; it does not disable the pages.
        self.check = BackgroundCheck(self)
        self.check.failed.connect(lambda text: self.statusBar().showMessage(text, 15_000))
        self.setWindowTitle("sspdesk")
        self.setWindowIcon(app_icon())
        self.setMinimumSize(QSize(960, 600))

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setAccessibleName("Navigation")
        self.nav.setIconSize(QSize(22, 22))
        self.nav.setFixedWidth(184)  # narrower left the case list too little room at 1366 px
        self.nav.setStyleSheet(NAV_STYLE.format(**theme.palette()))
        self.stack = QStackedWidget()
        self.pages: list[Page] = []
        for factory in page_factories or PAGE_FACTORIES:
            self.add_page(factory())
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        # A CPR number copied to the clipboard is cleared after 30 s if it is still there.
        self.clipboard_guard = ClipboardGuard(parent=self)
        self._make_actions()
        self._make_menus_and_toolbar()
        install_duties_menu(self)  # Databeskyttelse: logbog, aktindsigt, sletning, rettelse
        self._make_status_bar()
        self.sync = install_sync(self)  # team-folder rounds while unlocked, their status and log (issue 19)
        self._connect_settings()
        self.nav.setCurrentRow(0)

    # -- building --------------------------------------------------------------------------------------------

    def add_page(self, page: Page) -> None:
        self.pages.append(page)
        page.set_job_runner(self.run_vault_job)
        self.stack.addWidget(page)
        item = QListWidgetItem(icon(page.icon_name), page.title)
        item.setSizeHint(QSize(180, 40))
        self.nav.addItem(item)

    def _action(self, text: str, icon_name: str | None, shortcut: str | QKeySequence | None, slot) -> QAction:
        action = QAction(text, self)
        if icon_name:
            action.setIcon(icon(icon_name))
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self.addAction(action)  # shortcuts work even with the menu bar hidden
        return action

    def _make_actions(self) -> None:
        self.lock_action = self._action("&Lås", "lock", "Ctrl+L", self.lock_requested.emit)
        self.lock_action.setToolTip("Lås programmet (Ctrl+L)")
        self.backup_action = self._action("Tag &sikkerhedskopi nu", "backup", "Ctrl+B", self.backup_now)
        self.passphrase_action = self._action("Skift &adgangskode…", "key", None, self.change_passphrase)
        self.quit_action = self._action("&Afslut", "quit", "Ctrl+Q", self.close)
        self.about_action = self._action("&Om sspdesk", None, None, self.show_about)
        self.shortcuts_action = self._action("&Genveje", "help", "F1", self.show_shortcuts)
        self.page_actions = []
        for index, page in enumerate(self.pages[:9]):
            action = self._action(page.title, None, f"Ctrl+{index + 1}", lambda _=False, i=index: self.show_page(i))
            self.page_actions.append(action)
        self.vault_actions = [self.backup_action, self.passphrase_action]

    def _make_menus_and_toolbar(self) -> None:
        menu = self.menuBar().addMenu("&Filer")
        menu.addAction(self.lock_action)
        menu.addAction(self.backup_action)
        menu.addAction(self.passphrase_action)
        menu.addSeparator()
        menu.addAction(self.quit_action)
        go = self.menuBar().addMenu("&Gå til")
        for action in self.page_actions:
            go.addAction(action)
        help_menu = self.menuBar().addMenu("&Hjælp")
        help_menu.addAction(self.shortcuts_action)
        help_menu.addAction(self.about_action)

        toolbar = QToolBar("Værktøjslinje")
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setIconSize(QSize(20, 20))
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addAction(self.lock_action)
        toolbar.addSeparator()
        toolbar.addAction(self.backup_action)
        toolbar.addAction(self.passphrase_action)
        self.addToolBar(toolbar)

    def _make_status_bar(self) -> None:
        bar = self.statusBar()
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(140)
        self.busy.setMaximumHeight(12)
        self.busy.hide()
        self.user_label = QLabel()
        self.file_label = QLabel()
        self.profile_label = QLabel()
        bar.addPermanentWidget(self.busy)
        for label in (self.user_label, self.file_label, self.profile_label):
            label.setContentsMargins(8, 0, 8, 0)
            bar.addPermanentWidget(label)

    def _connect_settings(self) -> None:
        for page in self.pages:
            if isinstance(page, SettingsPage):
                page.autolock_changed.connect(self.autolock_changed)
                page.backup_requested.connect(self.backup_now)
                page.change_passphrase_requested.connect(self.change_passphrase)
                page.restore_requested.connect(self.restore_requested)
                page.profile_changed.connect(lambda name: self.profile_label.setText(f"Model: {name}"))
                page.user_changed.connect(lambda name: self.user_label.setText(f"Bruger: {name or '–'}"))
            if isinstance(page, OverviewPage):
                page.fill_on_worker = True  # the window shows at once; Overblik's boxes follow (issue 20)
                page.open_case_requested.connect(self.open_case)
                page.close_case_requested.connect(self.close_case)
                page.open_meeting_requested.connect(self.open_meeting)
                page.open_consent_requested.connect(self.open_consent)
                page.open_exchange_requested.connect(lambda: self._go_to(ExchangePage))

    def _go_to(self, kind: type[PageT]) -> PageT | None:
        page = self.page(kind)
        if page is not None:
            self.show_page(self.pages.index(page))
        return page

    def open_meeting(self, meeting_id: str) -> None:
        page = self._go_to(MeetingsPage)
        if page is not None:
            page.select_meeting(meeting_id)

    def open_consent(self, consent_id: str) -> None:
        page = self._go_to(ConsentsPage)
        if page is not None:
            page.select_consent(consent_id)

    def close_case(self, case_id: str) -> None:
        """Go to Sager with this case open and its Luk sag dialog (Overblik's cases without activity)."""
        self.open_case(case_id)
        cases = self.page(CasesPage)
        if cases is not None and cases.editor.case_id() == case_id:
            cases.editor.close_case()

    def open_case(self, case_id: str) -> None:
        """Go to Sager with this case selected (from Overblik and other pages)."""
        cases = self.page(CasesPage)
        if cases is not None:
            self.show_page(self.pages.index(cases))
            cases.select_case(case_id)

    # -- vault in, vault out -------------------------------------------------------------------------------------

    def set_vault(self, vault: Vault) -> None:
        self.vault = vault
        for page in self.pages:
            page.on_unlocked(vault)
        self.user_label.setText(f"Bruger: {vault.setting('user_name') or '–'}")
        self.file_label.setText(f"Datafil: {vault.path.name}")
        self.file_label.setToolTip(str(vault.path))
        self.profile_label.setText(f"Model: {profile_name(vault.setting('profile'))}")
        for action in self.vault_actions:
            action.setEnabled(True)
        self.check.set_vault(vault)
        self.sync.set_vault(vault)

    def clear(self) -> None:
        """Before the vault closes: close dialogs, let every page forget its data, empty the status bar."""
        self.check.set_vault(None)
        self.sync.set_vault(None)  # stops the timers, waits for a round under way: nothing syncs while locked
        for dialog in self.findChildren(QDialog):
            if dialog.isVisible():
                dialog.done(QDialog.DialogCode.Rejected)
        for page in self.pages:
            page.on_locked()
        self.clipboard_guard.clear_now()
        for label in (self.user_label, self.file_label, self.profile_label):
            label.clear()
        self.file_label.setToolTip("")
        self.statusBar().clearMessage()
        for action in self.vault_actions:
            action.setEnabled(False)
        self.vault = None

    def show_page(self, index: int) -> None:
        self.nav.setCurrentRow(index)

    def page(self, kind: type[PageT]) -> PageT | None:
        return next((page for page in self.pages if isinstance(page, kind)), None)

    # -- background jobs on the vault ---------------------------------------------------------------------------

    @property
    def is_busy(self) -> bool:
        return self._jobs > 0

    def run_vault_job(
        self, fn: Callable[[], Any], on_done: Callable[[Any], None], on_error: Callable[[BaseException], None]
    ) -> None:
        """Run `fn` on the worker with its own connection to the vault (`Vault.job_connection()`), while the pages
        are disabled; then `on_done(result)` or `on_error(error)` on the GUI thread."""
        vault = self.vault

        def job() -> Any:
            if vault is None:  # nothing to connect to (the job does not use the vault)
                return fn()
            with vault.job_connection():
                return fn()

        self._run_job(job, on_done, on_error)

    def run_exclusive_vault_job(
        self, fn: Callable[[], Any], on_done: Callable[[Any], None], on_error: Callable[[BaseException], None]
    ) -> None:
        """Run `fn` on the worker with the vault to itself (a passphrase change rewrites every page and cannot share
        the file with another connection): the GUI thread hands the vault over, the worker takes it over for the
        job and hands it back, and the GUI thread takes it over again before the callbacks. Meanwhile the GUI
        thread has no connection: pages are disabled and timers wait (`worker.busy()`)."""
        vault = self.vault
        if vault is None:
            return
        self.check.interrupt()  # the job needs the file to itself: the background check stops (its connection)
        self.check.wait()
        self.sync.wait()  # a round's own connection must be gone too (the next round waits: not owned here)
        overview = self.page(OverviewPage)
        if overview is not None:
            overview.stop_filling()  # and so does Overblik's fill
        vault.hand_over()

        def job() -> Any:
            vault.take_over()
            try:
                return fn()
            finally:
                vault.hand_over()

        def take_back() -> BaseException | None:
            try:
                vault.take_over()
            except Exception as exc:  # the file went away during the job: say so, and lock
                self.lock_requested.emit()
                return exc
            return None

        self._run_job(job, on_done, on_error, take_back)

    def _run_job(
        self,
        job: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
        take_back: Callable[[], BaseException | None] | None = None,
    ) -> None:
        self._jobs += 1
        self._show_busy(True)

        def finished() -> BaseException | None:
            # The vault is the GUI's again before anyone hears that the job is done (a pending lock closes it).
            problem = take_back() if take_back is not None else None
            self._jobs -= 1
            if self._jobs == 0:
                self._show_busy(False)
                self.jobs_finished.emit()
            return problem

        def done(result: Any) -> None:
            problem = finished()
            if problem is not None:
                on_error(problem)
            else:
                on_done(result)

        def failed(error: BaseException) -> None:
            finished()
            on_error(error)

        worker.run_in_background(job, done, failed)

    def _show_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.stack.setEnabled(not busy)
        for action in [*self.vault_actions, self.lock_action]:
            action.setEnabled(not busy and (self.vault is not None or action is self.lock_action))

    # -- actions -----------------------------------------------------------------------------------------------

    def backup_now(self) -> None:
        vault = self.vault
        if vault is None or self.is_busy:
            return
        self.statusBar().showMessage("Tager sikkerhedskopi …")
        self.run_vault_job(lambda: backup_now(vault), self._backup_done, self._show_error)

    def _backup_done(self, path: Path) -> None:
        self.statusBar().showMessage(f"Sikkerhedskopi gemt: {path.name}", 10_000)
        self.refresh_pages()

    def refresh_pages(self) -> None:
        for page in self.pages:
            page.refresh()

    def change_passphrase(self) -> None:
        if self.vault is None or self.is_busy:
            return
        dialog = ChangePassphraseDialog(self.vault, self, runner=self.run_exclusive_vault_job)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.changed.connect(self._passphrase_changed)
        dialog.open()

    def _passphrase_changed(self) -> None:
        self.statusBar().showMessage("Adgangskoden er skiftet. Sikkerhedskopierne er krypteret igen.", 10_000)
        self.refresh_pages()

    def _show_error(self, error: BaseException) -> None:
        self.statusBar().clearMessage()
        self._message(QMessageBox.Icon.Warning, "Fejl – sspdesk", error_text(error))

    def _message(self, kind: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
        box = QMessageBox(kind, title, text, QMessageBox.StandardButton.Ok, self)
        box.button(QMessageBox.StandardButton.Ok).setText("OK")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()  # not exec(): a lock must be able to close it
        return box

    def show_about(self) -> None:
        box = self._message(
            QMessageBox.Icon.NoIcon,
            "Om sspdesk",
            f"sspdesk {__version__}\n\nSager, møder og samtykker for SSP-konsulenter – offline, krypteret på denne "
            "computer (SQLCipher), og med krypterede pakker (age) til kolleger og fagsystemet.",
        )
        box.setIconPixmap(app_pixmap(64))

    def show_shortcuts(self) -> QDialog:
        dialog = ShortcutsDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()  # not exec(): a lock closes it
        return dialog

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.is_busy:
            self.statusBar().showMessage("Vent et øjeblik – sspdesk er ved at gemme.", 5000)
            event.ignore()
            return
        event.accept()
        self.quit_requested.emit()


class ShortcutsDialog(QDialog):
    """Genveje (F1): the keys in a table, by where they work."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Genveje – sspdesk")
        rows = []
        for section, pairs in SHORTCUT_SECTIONS:
            rows.append(f"<tr><td colspan='2' style='padding-top: 10px;'><b>{escape(section)}</b></td></tr>")
            rows += [
                f"<tr><td style='padding-right: 18px;'>{escape(keys)}</td><td>{escape(what)}</td></tr>"
                for keys, what in pairs
            ]
        table = QLabel(f"<table cellspacing='0' cellpadding='2'>{''.join(rows)}</table>")
        table.setTextFormat(Qt.TextFormat.RichText)
        table.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        table.setAccessibleName("Genveje")
        buttons = QDialogButtonBox()
        settle_default_button(self, buttons.addButton("&Luk", QDialogButtonBox.ButtonRole.RejectRole))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 12, 20, 16)
        layout.addWidget(table)
        layout.addWidget(buttons)
