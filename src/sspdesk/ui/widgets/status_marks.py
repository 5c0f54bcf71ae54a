"""Status that a colour shows is also said in words and with an icon (issue 21, item 10).

A red date means "overskredet" only to those who see red. `overdue_mark(role, text)` is what a model returns for an
overdue cell besides its colour: a warning icon (DecorationRole), the text a screen reader speaks
(AccessibleTextRole: "12.03.2026, overskredet") and a tooltip word when the model has none. A model calls it for the
overdue cell and returns the result when it is not None.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle

OVERDUE_WORD = "overskredet"
_icons: dict[str, QIcon] = {}


def overdue_icon() -> QIcon:
    if "overdue" not in _icons:
        style = QApplication.style()
        _icons["overdue"] = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning) if style else QIcon()
    return _icons["overdue"]


def overdue_mark(role: int, text: str) -> Any:
    """For an overdue cell: the icon, the spoken text; None for every other role (the model answers those)."""
    if role == Qt.ItemDataRole.DecorationRole:
        return overdue_icon()
    if role == Qt.ItemDataRole.AccessibleTextRole:
        return f"{text}, {OVERDUE_WORD}" if text else OVERDUE_WORD.capitalize()
    return None
