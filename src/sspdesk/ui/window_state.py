"""The main window remembers its size, position, maximised state and splitter positions (issue 21, item 4).

Kept in QSettings – per machine, outside the vault: where a window sits is not personal data and belongs to this
screen, not to the vault a colleague might open on another laptop. Saved whenever the window is hidden (locking hides
it) or closed; restored once, when the window is built. Without saved state the window starts maximised on a screen
narrower than `MAXIMISE_BELOW` px (a laptop at 1366×768 has no room to spare) and otherwise at `FIRST_SIZE`, centred.

Splitters are found by where they sit (the page and the widgets above them), so a page needs no names for this; a
splitter built after the window (none today) keeps the sizes its page gives it.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMainWindow, QSplitter, QWidget

MAXIMISE_BELOW = 1600
FIRST_SIZE = QSize(1440, 900)
_GROUP = "main_window"
RESTORED = "sspdeskRestored"  # the property a restored splitter carries


def window_settings() -> QSettings:
    """The per-machine settings file of the window (INI in the user's config folder, read when asked for: the
    folder can differ between runs, e.g. in tests)."""
    from sspdesk.paths import config_dir

    return QSettings(str(config_dir() / "vindue.ini"), QSettings.Format.IniFormat)


def splitter_key(splitter: QSplitter, top: QWidget) -> str:
    """Where a splitter sits below `top`: the object names (else class names) of its parents, and its place
    among splitters at the same spot."""
    parts: list[str] = []
    widget: QWidget | None = splitter.parentWidget()
    while widget is not None and widget is not top:
        parts.append(widget.objectName() or type(widget).__name__)
        widget = widget.parentWidget()
    path = "-".join(reversed(parts)) or "window"
    parent = splitter.parentWidget()
    siblings = [s for s in (parent.findChildren(QSplitter) if parent else []) if s.parentWidget() is parent]
    return f"{path}-{siblings.index(splitter) if splitter in siblings else 0}"


class WindowState(QObject):
    """Restores the window's geometry and splitters now, and saves them each time the window hides or closes."""

    def __init__(self, window: QMainWindow, settings: QSettings | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.settings = settings or window_settings()
        self.shown = False  # a window never shown has nothing to remember (and must not overwrite what was)
        window.installEventFilter(self)

    def restore(self) -> None:
        geometry = self.settings.value(f"{_GROUP}/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty() and self.window.restoreGeometry(geometry):
            self._restore_splitters()
            return
        screen = self.window.screen() or QGuiApplication.primaryScreen()
        available = screen.availableGeometry() if screen is not None else None
        if available is None or available.width() < MAXIMISE_BELOW:
            self.window.setWindowState(self.window.windowState() | Qt.WindowState.WindowMaximized)
            return
        size = FIRST_SIZE.boundedTo(available.size())
        self.window.resize(size)
        self.window.move(available.center() - self.window.rect().center())

    def _restore_splitters(self) -> None:
        for splitter in self.window.findChildren(QSplitter):
            state = self.settings.value(f"{_GROUP}/splitters/{splitter_key(splitter, self.window)}")
            if isinstance(state, QByteArray) and not state.isEmpty() and splitter.restoreState(state):
                splitter.setProperty(RESTORED, True)  # a page that sizes its splitter when shown leaves it be

    def save(self) -> None:
        self.settings.setValue(f"{_GROUP}/geometry", self.window.saveGeometry())
        for splitter in self.window.findChildren(QSplitter):
            self.settings.setValue(f"{_GROUP}/splitters/{splitter_key(splitter, self.window)}", splitter.saveState())
        self.settings.sync()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window:
            if event.type() == QEvent.Type.Show:
                self.shown = True
            elif event.type() in (QEvent.Type.Hide, QEvent.Type.Close) and self.shown:
                self.save()
        return False
