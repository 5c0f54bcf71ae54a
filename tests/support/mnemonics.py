"""The Alt-letters (mnemonics, "&X" in a text) a window offers: its menu bar's and those of every widget shown."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QMainWindow, QTabBar, QWidget

_AMP = re.compile(r"&(.)")


def mnemonic(text: str) -> str | None:
    """The letter after a single "&" ("&&" is a literal ampersand), lower-cased; None without one."""
    for match in _AMP.finditer(text.replace("&&", "")):
        return match.group(1).casefold()
    return None


def _texts(widget: QWidget) -> list[str]:
    if isinstance(widget, QAbstractButton):
        return [widget.text()]
    if isinstance(widget, QLabel) and widget.buddy() is not None:
        return [widget.text()]
    if isinstance(widget, QGroupBox):
        return [widget.title()]
    if isinstance(widget, QTabBar):
        return [widget.tabText(i) for i in range(widget.count()) if widget.isTabVisible(i)]
    return []


def mnemonics(window: QWidget) -> dict[str, list[str]]:
    """Alt-letter → the texts that claim it, for the menu bar and every widget visible in `window`."""
    found: dict[str, list[str]] = {}

    def add(text: str, where: str) -> None:
        letter = mnemonic(text)
        if letter is not None:
            found.setdefault(letter, []).append(f"{where}: {text}")

    if isinstance(window, QMainWindow) and window.menuWidget() is not None:
        for action in window.menuBar().actions():
            if action.isVisible():
                add(action.text(), "menu")
    for widget in window.findChildren(QWidget):
        if widget.window() is not window or not widget.isVisibleTo(window):
            continue
        for text in _texts(widget):
            add(text, type(widget).__name__)
    return found


def clashes(window: QWidget) -> dict[str, list[str]]:
    """The Alt-letters claimed more than once in `window`."""
    return {letter: texts for letter, texts in mnemonics(window).items() if len(texts) > 1}
