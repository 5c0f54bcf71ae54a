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

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

from sspdesk.ui.icons import icon

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


class EmptyStatePage(Page):
    """A page whose feature is not built yet: says what is coming, and what the user can do meanwhile."""

    coming: str = ""
    meanwhile: str = ""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*PAGE_MARGINS)
        layout.setSpacing(14)
        layout.addWidget(page_heading(self.title))

        card = QFrame()
        card.setObjectName("emptyCard")
        card.setStyleSheet(
            "#emptyCard { background: #f4f7fb; border: 1px solid #d7e0ec; border-radius: 8px; }"
        )
        card_layout = QVBoxLayout(card)
        card_layout.setContentsMargins(24, 20, 24, 20)
        card_layout.setSpacing(10)
        symbol = QLabel()
        symbol.setPixmap(icon(self.icon_name).pixmap(48, 48))
        card_layout.addWidget(symbol)
        for text, bold in ((self.coming, True), (self.meanwhile, False)):
            if not text:
                continue
            label = QLabel(text)
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
            if bold:
                font = label.font()
                font.setPointSizeF(font.pointSizeF() * 1.1)
                label.setFont(font)
            card_layout.addWidget(label)
        card.setMaximumWidth(760)
        layout.addWidget(card)
        layout.addStretch(1)


class ConsentsPage(EmptyStatePage):
    title = "Samtykker"
    icon_name = "consents"
    coming = (
        "Her kommer samtykkeerklæringerne: udfyld, udskriv til underskrift og registrér, hvem der må udveksle "
        "oplysninger om hvad. Den unge skriver også under fra 15 år."
    )
    meanwhile = "Uden samtykke sker udveksling efter Retsplejelovens § 115 – aldrig til brug for efterforskning."
