"""The frame of the small form dialogs (Ny sag, Skift niveau, Nyt møde, Ny disposition …): a form, an inline
message bar and the primary button (the default, so Enter takes it) beside Annuller.

A subclass fills `form`, names its fields in `field_widgets` (so a refusal focuses the field it names), calls
`finish_layout()` and implements `_submit`, which calls its service – usually through `run`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QVBoxLayout, QWidget

from sspdesk.domain.errors import Invalid
from sspdesk.ui.widgets.dialog_buttons import settle_default_button
from sspdesk.ui.widgets.fields import select_span
from sspdesk.ui.widgets.message_bar import MessageBar


class FormDialog(QDialog):
    def __init__(self, title: str, ok_text: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setSpacing(10)
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.layout_.addLayout(self.form)
        self.message = MessageBar()
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        settle_default_button(self, self.ok_button)
        self.buttons.addButton("Annuller", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        self.field_widgets: dict[str, QWidget] = {}
        self.result_value: Any = None

    def finish_layout(self, *, stretch: bool = False) -> None:
        """Message bar and buttons below the form; `stretch` keeps them at the bottom of a dialog that grows."""
        self.layout_.addWidget(self.message)
        if stretch:
            self.layout_.addStretch(1)
        self.layout_.addWidget(self.buttons)

    def show_invalid(self, exc: Invalid) -> None:
        self.message.show_error(exc.message)
        widget = self.field_widgets.get(exc.field or "")
        if widget is not None and widget.isVisibleTo(self):
            select_span(widget, exc.span)

    def run(self, action: Callable[[], Any]) -> None:
        """Call the service; accept with its result, or show its Danish message."""
        try:
            self.result_value = action()
        except Invalid as exc:
            self.show_invalid(exc)
            return
        self.accept()

    def _submit(self) -> None:
        """The hook each dialog fills: read the form and call its service (the base has no service to call)."""
        raise NotImplementedError
