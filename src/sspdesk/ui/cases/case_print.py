"""Udskriv ▾ on the case form: the filled DKE-Sag / DKE-Journal form (Bilag 4 / Bilag 5) printed or saved as PDF –
what the README promises and `sspdesk pdf sag|journal` does on the command line (`cases.case_pdf`, logged).

The PDF holds the saved sections; with unsaved changes the user is asked to save first, as for the concern form.
What happened goes to the main window's status bar, so nothing in the form moves under the cursor; a refusal or a
file that cannot be written is shown in the form's message bar.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMainWindow, QMenu, QPushButton, QWidget

from sspdesk.cases import case_pdf
from sspdesk.domain.errors import ServiceError
from sspdesk.store.vault import Vault
from sspdesk.ui.widgets import printing
from sspdesk.ui.widgets.message_bar import MessageBar

UNSAVED = "Gem først afsnittene ({titles}); udskriften viser den gemte udgave af sagen."


class CasePrintButton(QPushButton):
    """A menu button with Udskriv… and Gem som PDF… for one case."""

    def __init__(
        self,
        vault: Vault,
        case_id: str,
        number: str,
        message: MessageBar,
        unsaved: Callable[[], list[str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Udskriv", parent)
        self.vault, self.case_id, self.number = vault, case_id, number
        self.message, self.unsaved = message, unsaved
        self.setToolTip("Udskriv sagen, eller gem den som PDF (den udfyldte blanket)")
        self.setAccessibleName("Udskriv sagen")
        menu = QMenu(self)
        self.print_action = menu.addAction("Udskriv…", self.print_case)
        self.save_action = menu.addAction("Gem som PDF…", self.save_case)
        self.setMenu(menu)

    def file_name(self) -> str:
        return f"Sag {self.number}"

    def pdf(self) -> bytes | None:
        """The case as PDF bytes; None (with the reason shown) when unsaved changes or a refusal stop it."""
        titles = self.unsaved()
        if titles:
            self.message.show_error(UNSAVED.format(titles=", ".join(titles)))
            return None
        try:
            return case_pdf(self.vault, self.case_id)
        except ServiceError as exc:
            self.message.show_error(exc.message)
            return None

    def print_case(self) -> None:
        data = self.pdf()
        if data is not None:
            self.tell(printing.print_pdf(self, data, self.file_name()))

    def save_case(self) -> None:
        data = self.pdf()
        if data is None:
            return
        try:
            path = printing.save_pdf(self, data, self.file_name())
        except OSError as exc:
            self.message.show_error(f"PDF'en kunne ikke gemmes: {exc.strerror or exc}")
            return
        if path is not None:
            self.tell(f"Gemt som {path}.")

    def tell(self, text: str) -> None:
        """In the status bar (where nothing moves), or – outside the main window – in the message bar."""
        if not text:
            return
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, 15_000)
        else:
            self.message.show_message(text, "info")
