"""Plugging the team-folder rounds into the main window with a few lines there (like `install_duties_menu`).

`install_sync(window)` makes the window's `SyncController` (`window.sync`), puts its status in the status bar,
reloads the pages after a round that changed the vault (as a manual import does), and runs a round when the folder
is chosen in Indstillinger. The window hands the vault over with `window.sync.set_vault(vault)` on unlock and takes
it back with `set_vault(None)` before the vault closes.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu

from sspdesk.ui.sync.sync_controller import SyncController
from sspdesk.ui.sync.sync_status import SyncStatus


def install_sync(window: QMainWindow, controller: SyncController | None = None) -> SyncController:
    sync = controller or SyncController(window)
    sync.setParent(window)
    window.sync_status = SyncStatus(sync)  # type: ignore[attr-defined]
    window.statusBar().addPermanentWidget(window.sync_status)  # type: ignore[attr-defined]
    # The status button is made after the pages, whose lazily built widgets would come after it in the Tab chain:
    # it takes focus by click only, and the keyboard reaches the same log through Filer → Synkronisering….
    window.sync_status.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # type: ignore[attr-defined]
    log_action = QAction("S&ynkronisering…", window)
    log_action.triggered.connect(window.sync_status.open_log)  # type: ignore[attr-defined]
    quit_action = getattr(window, "quit_action", None)
    file_menu = window.menuBar().actions()[0].menu() if window.menuBar().actions() else None
    if quit_action is not None and isinstance(file_menu, QMenu):
        file_menu.insertAction(quit_action, log_action)
    refresh = getattr(window, "refresh_pages", None)
    if refresh is not None:
        sync.changed.connect(refresh)
    for page in getattr(window, "pages", []):
        box = getattr(page, "team_folder_box", None)
        if box is not None:
            box.changed.connect(sync.folder_changed)
    return sync
