"""Pages of the main window: the `Page` protocol every page follows, and the empty-state pages.

The page protocol (how a later feature plugs in):
* subclass `Page`, set `title` (navigation text, Danish), `icon_name` (see `sspdesk.ui.icons`) and `shortcut_hint`;
* `on_unlocked(vault)`: the vault was opened – load data through the service functions (call `super()` first);
* `on_locked()`: the vault is about to close – clear **every** widget that shows personal data (call `super()`);
* `refresh()`: something changed the vault outside the page (a backup, an import) – reload if shown data depends on it;
* add the page's factory to `PAGE_FACTORIES` in `sspdesk.ui.main_window`, replacing the empty-state page.
A page never keeps the vault after `on_locked()`, and never writes SQL – only service functions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QWidget

if TYPE_CHECKING:
    from sspdesk.store.vault import Vault

PAGE_MARGINS = (28, 22, 28, 22)


class Page(QWidget):
    """A page in the main window's stack. See the module docstring for the protocol."""

    title: str = ""
    icon_name: str = "overview"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault: Vault | None = None
        self.setObjectName(f"page-{type(self).__name__}")

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
