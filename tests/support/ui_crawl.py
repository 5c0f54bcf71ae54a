"""Open every page of the main window and every window its buttons and menus open, offscreen, and collect what
`sspdesk.ui.accessibility.nameless` (controls without a name) and `tab_order_jumps` (Tab against the reading
order) find in each.

A modal dialog (`exec()`) is shown, checked and rejected instead of waiting for the user; a question box says no;
a file dialog the program asks through Qt's static functions is answered with "nothing chosen" (the file dialog
itself is checked once on its own). Windows opened with `show()`/`open()` are checked and closed after the click.
Buttons inside dialogs are not clicked (one level deep): the dialogs' own sub-dialogs are few and are Qt's boxes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QDialog,
    QFileDialog,
    QInputDialog,
    QMenu,
    QMessageBox,
    QWidget,
)

from sspdesk.ui import accessibility

# Buttons the crawl leaves alone: they end the session or hand the window over, not open anything to look at.
SKIPPED_TEXTS = ("Lås", "Afslut")


class Crawl:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.monkeypatch = monkeypatch
        self.findings: dict[str, list[str]] = {}
        self.jumps: dict[str, list[str]] = {}  # tab order against the reading order
        self.checked: list[str] = []

    def check(self, window: QWidget, where: str) -> None:
        QCoreApplication.processEvents()
        label = f"{where}: {window.windowTitle() or type(window).__name__}"
        self.checked.append(label)
        missing = accessibility.nameless(window)
        if missing:
            self.findings.setdefault(label, []).extend(missing)
        jumps = accessibility.tab_order_jumps(window)
        if jumps:
            self.jumps.setdefault(label, []).extend(jumps)

    @contextmanager
    def dialogs_answered(self, where: list[str]) -> Iterator[None]:
        crawl = self

        def exec_(dialog: QDialog, *args: Any) -> int:
            dialog.show()
            crawl.check(dialog, where[0])
            dialog.hide()
            return 0

        def menu_exec(menu: QMenu, *args: Any) -> None:
            return None

        patch = self.monkeypatch
        with patch.context() as m:
            for cls in (QDialog, QMessageBox, QFileDialog, QInputDialog, QPrintDialog):
                m.setattr(cls, "exec", exec_)
            m.setattr(QMenu, "exec", menu_exec)
            for name in ("question", "warning", "information", "critical"):
                m.setattr(QMessageBox, name, staticmethod(lambda *a, **k: QMessageBox.StandardButton.No))
            for name in ("getOpenFileName", "getSaveFileName"):
                m.setattr(QFileDialog, name, staticmethod(lambda *a, **k: ("", "")))
            m.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: ""))
            yield

    def click_everything(self, window: QWidget, page: QWidget, where: str) -> None:
        """Select the first row of every list, then click every visible, enabled button of the page once."""
        for view in page.findChildren(QAbstractItemView):
            if view.isVisible() and view.model() is not None and view.model().rowCount() > 0:
                view.setCurrentIndex(view.model().index(0, 0))
        QCoreApplication.processEvents()
        self.check(window, where)
        seen: set[int] = set()
        for button in page.findChildren(QAbstractButton):
            if id(button) in seen or not (button.isVisible() and button.isEnabled()):
                continue
            seen.add(id(button))
            if button.text().replace("&", "") in SKIPPED_TEXTS or button.isCheckable():
                continue
            self._click(lambda b=button: b.click(), window, f"{where} → {button.text() or button.toolTip()}")

    def trigger_menus(self, window: QWidget, menus: list[QMenu], where: str) -> None:
        for menu in menus:
            for action in menu.actions():
                if action.menu() is not None:
                    self.trigger_menus(window, [action.menu()], where)
                elif action.isEnabled() and not action.isSeparator() and action.text():
                    if action.text().replace("&", "") in SKIPPED_TEXTS:
                        continue
                    self._click(action.trigger, window, f"{where} → {action.text()}")

    def _click(self, click: Any, window: QWidget, where: str) -> None:
        before = {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}
        label = [where]
        with self.dialogs_answered(label):
            click()
            QCoreApplication.processEvents()
        for shown in QApplication.topLevelWidgets():
            if shown.isVisible() and id(shown) not in before and not isinstance(shown, QMenu):
                self.check(shown, where)
                if isinstance(shown, QDialog):
                    shown.reject()
                shown.close()
        if not window.isVisible():
            window.show()
        QCoreApplication.processEvents()
