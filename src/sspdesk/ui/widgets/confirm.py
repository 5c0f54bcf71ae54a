"""How the program asks before it does something that cannot be undone.

`ask_confirmation` is the question box (a button named for the action, and Annuller); `Confirm` is the shape of
the callable a page or dialog keeps for it, so tests can replace it. Final deletion also needs a ticked
`CONFIRM_TEXT` box.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

Confirm = Callable[[str, str], bool]
CONFIRM_TEXT = "Jeg forstår, at oplysningerne slettes endeligt"
NOT_CONFIRMED = "Sæt kryds ved, at du forstår, at oplysningerne slettes endeligt."


def ask_confirmation(parent: QWidget | None, title: str, text: str, action: str) -> bool:
    from PySide6.QtWidgets import QMessageBox  # asked only when restoring: off the start-up path

    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    yes = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Annuller", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(yes)
    box.exec()
    return box.clickedButton() is yes
