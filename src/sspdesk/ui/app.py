"""The `sspdesk` GUI entry point and the controller that owns the open vault.

`main()` is thin: parse the arguments, make the QApplication, hand over to `AppController`, run the event loop.
`AppController` is the only place that opens (through the dialogs) and closes the vault, and it switches between
the first-run dialog, the unlock dialog and the main window. Tests drive it without `exec()`. The open vault and its
connection belong to the GUI thread (see `sspdesk.store.vault` on threads).

    no vault file ──► CreateVaultDialog ─┬─────────────────────────┐
                      └─ Åbn demo ─► (the demo vault, opened) ─┤
    vault file ─────► UnlockDialog ────────────────────────────┴─► MainWindow ──(Ctrl+L, idle, sleep, restore)──►
                                                                                                    UnlockDialog
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QMessageLogContext, QObject, QTimer, QtMsgType, Signal, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from sspdesk.argparse_da import DanishParser
from sspdesk.duties import leaks
from sspdesk.paths import demo_vault_path, resolve_vault_path
from sspdesk.store.errors import VaultDamaged, VaultError, damage_error
from sspdesk.ui import theme, translations
from sspdesk.ui.app_icon import app_icon
from sspdesk.ui.idle import IdleWatcher
from sspdesk.ui.preload import Preloader
from sspdesk.ui.vault.unlock_dialog import UnlockDialog

if TYPE_CHECKING:
    from sspdesk.store.vault import Vault
    from sspdesk.ui.vault.first_run import CreateVaultDialog

_T = TypeVar("_T")

PRELOAD_AFTER_MS = 150  # after the unlock dialog is shown; nobody types a passphrase's first key sooner


class AppController(QObject):
    """Owns the vault; shows the create/unlock dialog or the main window; locks and quits."""

    locked = Signal()
    unlocked = Signal()
    finished = Signal(int)  # exit code; main() connects it to QApplication.exit

    def __init__(
        self,
        vault_path: Path,
        *,
        demo_passphrase: str | None = None,
        idle_interval_ms: int | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.vault_path = Path(vault_path)
        self.demo_passphrase = demo_passphrase
        self.vault: Vault | None = None
        # Tests pass a few milliseconds; otherwise the interval comes from the vault's autolock_minutes.
        self._fixed_idle_ms = idle_interval_ms
        self._lock_pending = False
        self._damage: VaultDamaged | None = None  # shown in the unlock dialog by the next lock
        self.create_dialog: CreateVaultDialog | None = None  # imported only on first run
        self.unlock_dialog: UnlockDialog | None = None
        self._window = None  # built while the passphrase is typed (`_build_window_early`): off the start-up path
        self.idle = IdleWatcher(idle_interval_ms or 5 * 60_000, self)
        self.preloader = Preloader()
        self._preload_watch = QTimer(self)  # asks the preload thread whether it is done (see `ui/preload.py`)
        self._preload_watch.setInterval(50)
        self._preload_watch.timeout.connect(self._build_window_early)
        self.idle.idle.connect(self.lock)

    @property
    def window(self):
        if self._window is None:
            from sspdesk.ui import accessibility  # with the main window: off the start-up path
            from sspdesk.ui.main_window import MainWindow

            accessibility.install(QApplication.instance())  # from now on every focusable widget gets a name
            self._window = MainWindow()
            self._window.lock_requested.connect(self.lock)
            self._window.quit_requested.connect(self.quit)
            self._window.autolock_changed.connect(self._autolock_changed)
            self._window.restore_requested.connect(self.restore_while_open)
            self._window.jobs_finished.connect(self._after_jobs)
            self._window.check.finished.connect(self._after_jobs)
            self._window.check.damaged.connect(self._damage_found)
            from sspdesk.ui.window_state import WindowState

            self._window.window_state = WindowState(self._window)  # size, place, splitters as last time
            self._window.window_state.restore()
        return self._window

    # -- flow ----------------------------------------------------------------------------------------------------

    def start(self) -> None:
        if self.vault_path.exists():
            self.show_unlock()
        else:
            self.show_create()

    def show_create(self) -> None:
        from sspdesk.ui import accessibility
        from sspdesk.ui.vault.first_run import CreateVaultDialog

        accessibility.install(QApplication.instance())  # first run: its file dialogs and boxes get names too
        dialog = CreateVaultDialog(self.vault_path)
        dialog.vault_ready.connect(self._vault_opened)
        dialog.demo_ready.connect(self._demo_opened)
        dialog.rejected.connect(self.quit)
        self.create_dialog = dialog
        dialog.show()

    def show_unlock(self, pending_restore: Path | None = None) -> None:
        if self.unlock_dialog is None:
            self.unlock_dialog = UnlockDialog(self.vault_path, demo_passphrase=self.demo_passphrase)
            self.unlock_dialog.vault_ready.connect(self._vault_opened)
            self.unlock_dialog.unlocking.connect(self._prepare_window)
            self.unlock_dialog.rejected.connect(self.quit)
        dialog = self.unlock_dialog
        dialog.reset()
        dialog.set_pending_restore(pending_restore)
        dialog.show()
        # The main window's modules and the public holidays load while the passphrase is typed (issue 20), once the
        # dialog has been painted and has taken the focus: start-up itself stays lean.
        QTimer.singleShot(PRELOAD_AFTER_MS, self._start_preload)
        dialog.raise_()
        dialog.activateWindow()
        dialog.passphrase.setFocus()

    def _start_preload(self) -> None:
        if self._window is None and not self.preloader.started:
            self.preloader.start()
            self._preload_watch.start()

    def _build_window_early(self) -> None:
        """The window's modules are loaded and the passphrase is still being typed: build the main window now, hidden
        and empty (0.2–0.3 s on the idle GUI thread; keys typed meanwhile wait in the queue), so that the click on
        "Lås op" leaves only the key derivation, the pages' first reads and Overblik's fill (issue 20)."""
        if not self.preloader.done:
            return
        self._preload_watch.stop()
        dialog = self.unlock_dialog
        if self.vault is None and dialog is not None and dialog.isVisible() and not dialog.is_busy:
            _ = self.window

    def _prepare_window(self) -> None:
        """While the worker derives the key (about a second), build the main window on the idle GUI thread: its
        imports and pages are then ready when the vault opens. After the busy bar has been painted."""
        QTimer.singleShot(0, self._build_window_while_unlocking)

    def _build_window_while_unlocking(self) -> None:
        if self.unlock_dialog is not None and self.unlock_dialog.is_busy:  # else it is built (or not needed) now
            _ = self.window

    def _demo_opened(self, vault: Vault) -> None:
        """First run chose Åbn demo: from now on this controller is about the demo vault (lock → its unlock)."""
        from sspdesk.demo.vault import DEMO_PASSPHRASE

        self.vault_path = Path(vault.path)
        self.demo_passphrase = DEMO_PASSPHRASE
        self._vault_opened(vault)

    def _vault_opened(self, vault: Vault) -> None:
        """A vault from the create or unlock dialog. Their jobs opened it on the worker; the dialog has already
        taken it over on the GUI thread (`JobDialog._take_over`), which owns it from now on."""
        self.vault = vault
        self._lock_pending = False
        try:  # the first reads of many of the vault's pages: one may fail its check
            self.window.set_vault(vault)  # its background check also gives `leaks` the registered names
        except Exception as exc:
            damaged = damage_error(exc)
            if damaged is None:
                raise
            self.report_damage(damaged)
            return
        if not self.window.isVisible():
            self.window.show()
        self.window.raise_()
        self.window.activateWindow()
        notice = self.unlock_dialog.notice if self.unlock_dialog is not None else ""
        if self.create_dialog is not None:  # said once, after the first run
            notice, self.create_dialog.notice = notice or self.create_dialog.notice, ""
        if notice:
            self.window.statusBar().showMessage(notice, 15_000)
        self._start_idle()
        self.unlocked.emit()

    def _start_idle(self) -> None:
        if self._fixed_idle_ms is None and self.vault is not None:
            self.idle.set_minutes(int(self.vault.setting("autolock_minutes")))
        self.idle.start()

    def _autolock_changed(self, minutes: int) -> None:
        if self._fixed_idle_ms is None:
            self.idle.set_minutes(minutes)

    @property
    def is_locked(self) -> bool:
        return self.vault is None

    def lock(self, pending_restore: Path | None = None) -> None:
        """Clear every page, close the vault (the lock), show the unlock dialog."""
        if self.vault is None:
            return
        if self.window.is_busy or self.window.check.running:  # a job holds a connection: lock when it is done
            self.window.check.interrupt()  # the full check stops at once; a job that writes is let finish
            self._lock_pending = True
            return
        self._close_vault()
        self.window.hide()
        self.show_unlock(pending_restore)
        damage, self._damage = self._damage, None
        if damage is not None:
            self.report_damage(damage)  # the vault is closed: the unlock dialog shows it
        self.locked.emit()

    def _after_jobs(self) -> None:
        if self._lock_pending and not self.window.is_busy and not self.window.check.running:
            self._lock_pending = False
            self.lock()

    def report_damage(self, damaged: VaultDamaged) -> None:
        """A page failed its check when read (after the unlock): nothing more is written (the vault refuses
        transactions from now on), and the full check runs on the worker to list the backups that open; it then
        reports through `_damage_found`. Without a check to run, lock at once."""
        vault = self.vault
        if vault is None:
            if self.unlock_dialog is not None:
                self.unlock_dialog.show_damage(damaged)
            return
        if vault.damage is None:
            vault.damage = damaged
        check = self.window.check
        if check.vault is not vault:  # found while the window was being filled
            check.set_vault(vault)
        if not check.start():
            self._damage_found(damaged)

    def _damage_found(self, damaged: VaultDamaged) -> None:
        """The full check found damage (and marked the vault): lock, and the unlock dialog offers the backups."""
        self._damage = damaged
        if self.vault is None:
            self.report_damage(damaged)
            return
        self.lock()

    def restore_while_open(self, backup: Path) -> None:
        """Indstillinger asked to restore: lock first; the passphrase in the unlock dialog restores, then opens."""
        self.lock(pending_restore=backup)

    def _close_vault(self) -> None:
        self.idle.stop()
        if self._window is not None:
            self._window.clear()
        vault, self.vault = self.vault, None
        leaks.use_vault_names(None)
        if vault is not None:
            vault.close()

    def quit(self) -> None:
        self.shutdown()
        self.finished.emit(0)

    def shutdown(self) -> None:
        """Close everything; safe to call twice (aboutToQuit calls it as well)."""
        from sspdesk.ui import worker

        if self._window is not None:
            self._window.check.interrupt()  # a full check would keep the program alive for seconds
        worker.wait_for_all()
        self._preload_watch.stop()  # a window is not built on the way out
        self._close_vault()
        self.idle.remove()
        for widget in (self._window, self.create_dialog, self.unlock_dialog):
            if widget is not None:
                widget.hide()


# -- the application ------------------------------------------------------------------------------------------


def configure_application(app: QApplication) -> None:
    app.setApplicationName("sspdesk")
    app.setOrganizationName("sspdesk")
    app.setDesktopFileName("sspdesk")
    app.setWindowIcon(app_icon())
    theme.keep_mode(app)  # the system's light or dark mode, kept while the program runs
    # Dialogs and the main window come and go; the controller decides when the program ends.
    app.setQuitOnLastWindowClosed(False)
    translations.install_danish(app)  # Danish dates and Qt's own texts (file dialog, context menus)


def application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0], *(argv or [])])
    configure_application(app)
    return app


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = DanishParser(prog="sspdesk", description="sspdesk – sager, møder og samtykker for SSP.")
    parser.add_argument("--vault", metavar="PATH", help="datafil (ellers SSPDESK_VAULT eller standardplaceringen)")
    parser.add_argument("--demo", action="store_true", help="åbn demodatafilen med fiktive data")
    parser.add_argument("--self-test", action="store_true", help="kort selvtest uden vindue; exit 0 når alt virker")
    # For bench/startup_bench.py: quit as soon as the first dialog has been shown (process start → dialog).
    parser.add_argument("--exit-when-shown", action="store_true", help=argparse.SUPPRESS)
    args, qt_args = parser.parse_known_args(argv)  # leave Qt's own options (-style, -platform …) to Qt
    args.qt_args = qt_args
    return args


def launch(args: argparse.Namespace) -> AppController:
    """Make the controller for the chosen vault and show its first dialog (no event loop)."""
    application(getattr(args, "qt_args", None))
    if args.demo:
        from sspdesk.demo.vault import DEMO_PASSPHRASE, ensure_demo_vault

        path = ensure_demo_vault(demo_vault_path())
        controller = AppController(path, demo_passphrase=DEMO_PASSPHRASE)
    else:
        controller = AppController(resolve_vault_path(args.vault))
    controller.start()
    return controller


def self_test() -> int:
    """Create a vault in a temporary folder, unlock it through the dialogs, lock it. For packaged builds."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    application()
    previous_handler = qInstallMessageHandler(_quiet_offscreen)
    import secrets

    from sspdesk.ui import worker

    passphrase = f"selvtest {secrets.token_hex(8)} æøå sspdesk"
    try:
        with tempfile.TemporaryDirectory() as folder, worker.use_pool(worker.SyncPool()):
            controller = AppController(Path(folder) / "selvtest.sspvault")
            controller.start()
            create = _present(controller.create_dialog, "opret-dialogen blev ikke vist")
            create.name.setText("Selvtest")
            create.passphrase.setText(passphrase)
            create.repeated.setText(passphrase)
            _check(create.create_button.isEnabled(), "knappen Opret blev ikke aktiv")
            create.create_button.click()
            _check(controller.vault is not None and controller.window.isVisible(), create.error.text() or "ikke åbnet")
            vault = _present(controller.vault, "ikke åbnet")
            controller.lock()
            unlock = _present(controller.unlock_dialog, "låsning fejlede")
            _check(not vault.is_open and unlock.isVisible(), "låsning fejlede")
            unlock.passphrase.setText(passphrase)
            unlock.unlock_button.click()
            _check(controller.vault is not None, unlock.error.text() or "oplåsning fejlede")
            controller.lock()
            _check(controller.is_locked, "anden låsning fejlede")
            controller.shutdown()
            controller.deleteLater()
    except Exception as exc:  # any failure: one line and a non-zero exit, for the packaging pipeline
        print(f"sspdesk self-test failed: {getattr(exc, 'message', None) or exc}", file=sys.stderr)
        return 1
    finally:
        qInstallMessageHandler(previous_handler)
    print("sspdesk self-test: ok")
    return 0


def route_damage(controller: AppController) -> None:
    """A page that fails its check when read during work raises on the GUI thread (a list fetching rows, say):
    report it as damage – nothing more written, the vault locked, its backups offered – never as a crash."""
    crash = sys.excepthook

    def hook(exc_type: type[BaseException], exc: BaseException | None, tb: object) -> None:
        damaged = damage_error(exc) if exc is not None else None
        if damaged is None:
            crash(exc_type, exc, tb)  # type: ignore[arg-type]
            return
        controller.report_damage(damaged)

    sys.excepthook = hook


def _message(text: str) -> None:
    from PySide6.QtWidgets import QMessageBox  # only when something went wrong: off the start-up path

    QMessageBox.critical(None, "sspdesk", text)


def _tell_about_crash(report: Path | None) -> None:
    where = f"\n\nEn fejlrapport uden personoplysninger er gemt her:\n{report}" if report else ""
    _message("Der opstod en uventet fejl. Dine gemte data er ikke berørt." + where)


def _quiet_offscreen(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    # The offscreen platform says "This plugin does not support raise()" and the like for every window: noise.
    if "This plugin does not support" not in message:
        print(message, file=sys.stderr)


def _check(condition: bool, problem: str) -> None:
    if not condition:
        raise RuntimeError(problem)


def _present(value: _T | None, problem: str) -> _T:
    if value is None:
        raise RuntimeError(problem)
    return value


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.self_test:
        return self_test()
    leaks.install_logging()  # logs and crash reports never carry names, CPR numbers or free text
    app = application(args.qt_args)
    leaks.install_excepthook(notify=_tell_about_crash)
    try:
        controller = launch(args)
    except VaultError as exc:  # e.g. the demo vault cannot be written: say so, in Danish, and stop
        _message(exc.message)
        return 1
    route_damage(controller)
    controller.finished.connect(app.exit)
    app.aboutToQuit.connect(controller.shutdown)
    if args.exit_when_shown:
        QTimer.singleShot(0, lambda: app.exit(0))
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
