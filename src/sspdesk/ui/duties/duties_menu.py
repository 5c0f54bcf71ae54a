"""The Databeskyttelse menu: logbog, aktindsigt, sletning efter opbevaringstid, sletning og rettelse efter anmodning.

`install_duties_menu(window)` adds the menu before Hjælp; its actions join `window.vault_actions`, so they are
enabled only while the vault is open (and not while a job runs). Each action opens a window-modal dialog with
`open()`, so a lock closes it. The log dialog is here; aktindsigt and sletning efter opbevaringstid are in
`duties_dialogs.py` (with the dialogs' common base), sletning and rettelse efter anmodning in `duties_requests.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMenu, QVBoxLayout

from sspdesk.ui.duties.audit_page import AuditLogView
from sspdesk.ui.duties.duties_dialogs import AccessRequestDialog, DutyWindow, RetentionDialog, as_parent
from sspdesk.ui.duties.duties_requests import CorrectionDialog, ErasePersonDialog
from sspdesk.ui.widgets.dialog_buttons import settle_default_button
from sspdesk.ui.widgets.labels import grey_label

MENU_TITLE = "&Databeskyttelse"


class LogDialog(QDialog):
    """The audit log (`AuditLogView`) in a dialog of its own; emptied when it closes or the vault locks."""

    def __init__(self, window: DutyWindow) -> None:
        super().__init__(as_parent(window))
        self.setWindowTitle("Logbog – sspdesk")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.addWidget(
            grey_label(
                "Hvem har gjort hvad, hvornår og ved hvilken sag, hvilket møde eller samtykke. "
                "Posterne er kædet sammen, så en ændring af logbogen kan opdages."
            )
        )
        self.view = AuditLogView()
        layout.addWidget(self.view, 1)
        buttons = QDialogButtonBox()
        settle_default_button(self, buttons.addButton("Luk", QDialogButtonBox.ButtonRole.RejectRole))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.finished.connect(lambda _code: self.view.clear())
        self.resize(min(1220, max(window.width() - 40, 900)), min(660, max(window.height() - 40, 520)))
        if window.vault is not None:
            self.view.show_vault(window.vault)


# -- the menu -------------------------------------------------------------------------------------------------------

DialogFactory = Callable[[DutyWindow], QDialog]
ACTIONS: tuple[tuple[str, str, DialogFactory], ...] = (
    ("dutyLog", "&Logbog…", LogDialog),
    ("dutyAccessRequest", "&Aktindsigt…", AccessRequestDialog),
    ("dutyRetention", "Sletning efter &opbevaringstid…", RetentionDialog),
    ("dutyErasePerson", "Slet en &persons oplysninger…", ErasePersonDialog),
    ("dutyCorrect", "&Ret en oplysning…", CorrectionDialog),
)


def open_duty_dialog(window: DutyWindow, factory: DialogFactory) -> QDialog | None:
    """Open one of the dialogs (None while locked or busy); it closes itself on lock like every dialog."""
    if window.vault is None or window.is_busy:
        return None
    dialog = factory(window)
    dialog.open()
    return dialog


def install_duties_menu(window: DutyWindow) -> QMenu:
    """Add the Databeskyttelse menu (before Hjælp) with its five actions, enabled only while unlocked."""
    menu = QMenu(MENU_TITLE, as_parent(window))
    menu.setObjectName("dutiesMenu")
    bar = window.menuBar()
    help_menu = next((a for a in bar.actions() if a.text().replace("&", "") == "Hjælp"), None)
    if help_menu is not None:
        bar.insertMenu(help_menu, menu)
    else:
        bar.addMenu(menu)
    actions: list[QAction] = []
    for name, text, factory in ACTIONS:
        action = QAction(text, as_parent(window))
        action.setObjectName(name)
        action.triggered.connect(lambda _=False, f=factory: open_duty_dialog(window, f))
        action.setEnabled(window.vault is not None and not window.is_busy)
        menu.addAction(action)
        actions.append(action)
    vault_actions: Any = getattr(window, "vault_actions", None)
    if isinstance(vault_actions, list):
        vault_actions.extend(actions)
    return menu
