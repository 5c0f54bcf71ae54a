"""Pages of the main window: the `Page` protocol every page follows, and the empty-state pages.

The page protocol (how a later feature plugs in):
* subclass `Page`, set `title` (navigation text, Danish), `icon_name` (see `sspdesk.ui.icons`) and `shortcut_hint`;
* `on_unlocked(vault)`: the vault was opened – load data through the service functions (call `super()` first);
* `on_locked()`: the vault is about to close – clear **every** widget that shows personal data (call `super()`);
* `refresh()`: something changed the vault outside the page (a backup, an import) – reload if shown data depends on it;
* add the page's factory to `PAGE_FACTORIES` in `sspdesk.ui.main_window`, replacing the empty-state page;
* slow service calls go through `run_job(fn, on_done, on_error)`: the job runner the main window sets with
  `set_job_runner` (its `run_vault_job`: the job gets its own vault connection on the worker). Tests set one too.
A page never keeps the vault after `on_locked()`, and never writes SQL – only service functions.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtWidgets import QDialog, QLabel, QWidget

DialogT = TypeVar("DialogT", bound=QDialog)  # a page's own "Ny …" dialog class

if TYPE_CHECKING:
    from sspdesk.store.vault import Vault
    from sspdesk.ui.worker import JobRunner

PAGE_MARGINS = (28, 22, 28, 22)


class Page(QWidget):
    """A page in the main window's stack. See the module docstring for the protocol."""

    title: str = ""
    icon_name: str = "overview"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault: Vault | None = None
        self.new_dialog: QDialog | None = None  # the page's open "Ny …" dialog, if any
        self.job_runner: JobRunner | None = None  # set by the main window (or a test): see set_job_runner
        self.setObjectName(f"page-{type(self).__name__}")

    def set_job_runner(self, runner: JobRunner) -> None:
        self.job_runner = runner

    def run_job(
        self, fn: Callable[[], Any], on_done: Callable[[Any], None], on_error: Callable[[BaseException], None]
    ) -> None:
        """Run `fn` off the GUI thread through the page's job runner; one callback comes back on the GUI thread."""
        if self.job_runner is None:
            raise RuntimeError(f"{type(self).__name__} has no job runner: MainWindow sets it, a test must set one.")
        self.job_runner(fn, on_done, on_error)

    def open_new_dialog(self, dialog: DialogT, on_accepted: Callable[[DialogT], None]) -> None:
        """Show a page's "Ny …" dialog window-modally, one at a time; `on_accepted(dialog)` runs when it is
        accepted. `close_new_dialog()` (on lock) takes it away with whatever it showed."""
        self.close_new_dialog()
        dialog.accepted.connect(lambda: self._new_dialog_accepted(dialog, on_accepted))
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        self.new_dialog = dialog
        dialog.open()

    def _new_dialog_accepted(self, dialog: DialogT, on_accepted: Callable[[DialogT], None]) -> None:
        if self.new_dialog is dialog:
            self.new_dialog = None
        on_accepted(dialog)

    def close_new_dialog(self) -> None:
        dialog, self.new_dialog = self.new_dialog, None
        if dialog is not None:
            dialog.reject()
            dialog.setParent(None)
            dialog.deleteLater()

    def on_unlocked(self, vault: Vault) -> None:
        self.vault = vault

    def on_locked(self) -> None:
        self.vault = None

    def refresh(self) -> None:
        """Reload what the page shows; the default page shows nothing from the vault."""

    def shows_data(self) -> bool:
        """True if any widget still shows data from the vault (tests use this to prove `on_locked` clears)."""
        return self.vault is not None


def page_heading(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.5)
    font.setBold(True)
    label.setFont(font)
    label.setAccessibleName(text)
    return label
