"""A tab widget as tall as the tab shown, not as the tallest tab.

Qt's QTabWidget asks every page for its size hint and height-for-width, whatever its size policy; inside a scroll
area (the case form) the longest section (Sagsforløb) then made every section as tall, and a short one ended in a
screen-high blank area.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QTabWidget, QWidget


def _page_height(page: QWidget, width: int) -> int:
    return page.heightForWidth(width) if page.hasHeightForWidth() else page.sizeHint().height()


class FittingTabWidget(QTabWidget):
    """Its height is the tab bar and frame plus the shown page's; the width still fits the widest page."""

    def _pages(self) -> list[QWidget]:
        pages = (self.widget(i) for i in range(self.count()) if self.isTabVisible(i))
        return [page for page in pages if page is not None]

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        current = self.currentWidget()
        if current is None:
            return hint
        tallest = max((page.sizeHint().height() for page in self._pages()), default=0)
        return QSize(hint.width(), hint.height() - tallest + current.sizeHint().height())

    def heightForWidth(self, width: int) -> int:
        height = super().heightForWidth(width)
        current = self.currentWidget()
        if height < 0 or current is None:
            return height
        # The page is narrower than the tab widget by the pane's frame (none in document mode).
        page_width = width - max(self.width() - current.width(), 0) if current.width() > 0 else width
        tallest = max((_page_height(page, page_width) for page in self._pages()), default=0)
        return height - tallest + _page_height(current, page_width)
