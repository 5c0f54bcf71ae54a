"""København's SSP-bekymringsskabelon as a tab of the case editor (seed 001 l.500–506).

A `SectionForm` of the section "concern" (fields: `domain/profile_forms.CONCERN_FIELDS`), saved, versioned and read
only when closed like the Bilag 4 sections, with two additions: the kommissorium's note on access requests above the
fields – the line asks the writer to keep it in mind while filling the template in – and Gem som PDF… / Udskriv…,
which print the saved template (`sspdesk.concern_form.concern_pdf`).
"""

from __future__ import annotations

from PySide6.QtWidgets import QBoxLayout, QPushButton, QWidget

from sspdesk.concern_form import concern_pdf
from sspdesk.domain.errors import Invalid
from sspdesk.domain.profile_forms import ACCESS_NOTE, CONCERN, CONCERN_FIELDS, CONCERN_TITLE
from sspdesk.store.vault import Vault
from sspdesk.ui.cases.case_sections import SectionForm
from sspdesk.ui.widgets import printing
from sspdesk.ui.widgets.labels import grey_label


class ConcernForm(SectionForm):
    """The SSP-bekymringsskabelon of one case, with its note and its PDF buttons."""

    def __init__(self, vault: Vault, case_id: str, case_number: str, parent: QWidget | None = None) -> None:
        super().__init__(CONCERN, CONCERN_TITLE, CONCERN_FIELDS, parent=parent)
        self.vault, self.case_id, self.case_number = vault, case_id, case_number
        layout = self.layout()
        assert isinstance(layout, QBoxLayout)
        self.note = grey_label(ACCESS_NOTE)
        self.note.setObjectName("accessNote")
        layout.insertWidget(1, self.note)
        first = layout.itemAt(0)  # the bar with the stamp, Historik… and Gem (SectionForm._build_bar)
        bar = first.layout() if first is not None else None
        assert isinstance(bar, QBoxLayout)
        self.pdf_button = QPushButton("Gem som PDF…")
        self.pdf_button.setToolTip("Den gemte bekymringsskabelon som PDF")
        self.pdf_button.clicked.connect(self.save_pdf)
        self.print_button = QPushButton("Udskriv…")
        self.print_button.clicked.connect(self.print_form)
        bar.insertWidget(bar.indexOf(self.history_button), self.pdf_button)
        bar.insertWidget(bar.indexOf(self.history_button), self.print_button)

    def _file_name(self) -> str:
        return f"SSP-bekymringsskabelon {self.case_number}"

    def pdf(self) -> bytes | None:
        """The saved template as PDF bytes; None (with the reason shown) when unsaved changes or a refusal stop it."""
        if self.is_dirty():
            self.message.show_error("Gem bekymringsskabelonen først; udskriften viser den gemte udgave.")
            return None
        try:
            return concern_pdf(self.vault, self.case_id)
        except Invalid as exc:
            self.message.show_error(exc.message)
            return None

    def save_pdf(self) -> None:
        data = self.pdf()
        if data is None:
            return
        text, failed = printing.save_pdf_saying(self, data, self._file_name())
        if text:
            self.message.show_message(text, "error" if failed else "info")

    def print_form(self) -> None:
        data = self.pdf()
        if data is not None:
            said = printing.print_pdf(self, data, self._file_name())
            if said:
                self.message.show_message(said, "info")
