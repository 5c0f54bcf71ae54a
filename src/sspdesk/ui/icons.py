"""Icons: small line icons for navigation and actions (the application icon is in `app_icon.py`).

The line icons are drawn here as 24×24 SVG (simple shapes, our own) rather than taken from the platform style:
style icons differ per OS and are missing under some Linux themes and in the offscreen screenshots. Each icon gets a
white variant for selected list rows, so it stays visible on the selection colour, and its lines follow the light or
dark mode (`theme`).
"""

from __future__ import annotations

import functools

from PySide6.QtCore import QByteArray, QRect, QSize, Qt
from PySide6.QtGui import QIcon, QIconEngine, QImage, QPainter, QPixmap

from sspdesk.ui import theme

_SHAPES: dict[str, str] = {
    "overview": '<rect x="3" y="3" width="7" height="9" rx="1"/><rect x="14" y="3" width="7" height="5" rx="1"/>'
    '<rect x="14" y="12" width="7" height="9" rx="1"/><rect x="3" y="16" width="7" height="5" rx="1"/>',
    "cases": '<path d="M3 5 H9 L11 7 H21 V19 H3 Z"/><path d="M3 10 H21"/>',
    "meetings": '<rect x="3" y="5" width="18" height="16" rx="2"/><path d="M3 10 H21"/><path d="M8 3 V7"/>'
    '<path d="M16 3 V7"/><path d="M7 14 H9"/><path d="M11 14 H13"/><path d="M15 14 H17"/><path d="M7 17 H9"/>',
    "consents": '<path d="M6 3 H14 L19 8 V21 H6 Z"/><path d="M14 3 V8 H19"/><path d="M9 14 L11.5 16.5 L16 12"/>',
    "groups": '<circle cx="9" cy="8" r="3.5"/><path d="M3 20 C3 15.5 5.5 13 9 13 C12.5 13 15 15.5 15 20"/>'
    '<circle cx="17" cy="9" r="2.5"/><path d="M16.5 13.2 C19.5 13.2 21 15.5 21 19"/>',
    "exchange": '<path d="M4 8 H19"/><path d="M15 4 L19 8 L15 12"/><path d="M20 16 H5"/><path d="M9 12 L5 16 L9 20"/>',
    "settings": '<path d="M4 6 H20"/><path d="M4 12 H20"/><path d="M4 18 H20"/>'
    '<circle cx="9" cy="6" r="2.2" fill="{ink}"/><circle cx="15" cy="12" r="2.2" fill="{ink}"/>'
    '<circle cx="7" cy="18" r="2.2" fill="{ink}"/>',
    "lock": '<rect x="5" y="11" width="14" height="10" rx="2"/>'
    '<path d="M8 11 V7.5 C8 5 9.8 3 12 3 C14.2 3 16 5 16 7.5 V11"/><path d="M12 15 V17"/>',
    "unlock": '<rect x="5" y="11" width="14" height="10" rx="2"/>'
    '<path d="M8 11 V7.5 C8 5 9.8 3 12 3 C14 3 15.6 4.5 15.9 6.5"/><path d="M12 15 V17"/>',
    "backup": '<path d="M12 3 V14"/><path d="M7 9.5 L12 14.5 L17 9.5"/><path d="M4 16 V20 H20 V16"/>',
    "key": '<circle cx="7.5" cy="15.5" r="4"/><path d="M10.5 12.5 L20 3"/><path d="M16 7 L19 10"/>'
    '<path d="M18.5 4.5 L21 7"/>',
    "quit": '<path d="M10 4 H5 V20 H10"/><path d="M14 8 L18 12 L14 16"/><path d="M18 12 H9"/>',
    "copy": '<rect x="8" y="8" width="12" height="12" rx="1.5"/><path d="M16 8 V4 H4 V16 H8"/>',
    "folder": '<path d="M3 5 H9 L11 7 H21 V19 H3 Z"/>',
    "restore": '<path d="M4 4 V9 H9"/><path d="M5 9 C6.5 5.5 9 4 12 4 C16.4 4 20 7.6 20 12 C20 16.4 16.4 20 12 20'
    ' C9 20 6.5 18.5 5.2 16"/><path d="M12 8 V12 L15 14"/>',
    "help": '<circle cx="12" cy="12" r="9"/><path d="M9.5 9.5 C9.5 8 10.6 7 12 7 C13.4 7 14.5 8 14.5 9.3'
    ' C14.5 11 12 11.3 12 13.5"/><circle cx="12" cy="17" r="0.6" fill="{ink}"/>',
    "eye": '<path d="M2 12 C4.5 7.5 8 5.5 12 5.5 C16 5.5 19.5 7.5 22 12 C19.5 16.5 16 18.5 12 18.5'
    ' C8 18.5 4.5 16.5 2 12 Z"/><circle cx="12" cy="12" r="3"/>',
}

_SIZES = (16, 20, 24, 32, 48)


def _svg(name: str, ink: str) -> bytes:
    body = _SHAPES[name].replace("{ink}", ink)
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" fill="none" '
        f'stroke="{ink}" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round">{body}</svg>'
    ).encode()


def _render(svg: bytes, size: int) -> QPixmap:
    from PySide6.QtSvg import QSvgRenderer  # loaded on first use: keeps it off the start-up path

    renderer = QSvgRenderer(QByteArray(svg))
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return QPixmap.fromImage(image)


# Icon mode → theme colour: dark lines on a light window, light lines on a dark one; white on the selection colour.
_MODE_INK = {
    QIcon.Mode.Normal: "icon",
    QIcon.Mode.Active: "icon",
    QIcon.Mode.Selected: "on_selection",
    QIcon.Mode.Disabled: "icon_disabled",
}


class _LineIconEngine(QIconEngine):
    """Renders a line icon only in the size and mode Qt asks for, when it asks (not 15 renders up front)."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name
        self._cache: dict[tuple[int, QIcon.Mode], QPixmap] = {}

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        side = max(1, min(size.width(), size.height()))
        key = (side, mode)
        if key not in self._cache:
            # Looked up when first drawn (not at import: this module loads before the application exists).
            self._cache[key] = _render(_svg(self.name, theme.colour(_MODE_INK.get(mode, "icon"))), side)
        return self._cache[key]

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        painter.drawPixmap(rect, self.pixmap(rect.size(), mode, state))

    def availableSizes(self, mode: QIcon.Mode = QIcon.Mode.Normal, state: QIcon.State = QIcon.State.Off):
        return [QSize(s, s) for s in _SIZES]

    def clone(self) -> QIconEngine:
        return _LineIconEngine(self.name)


@functools.cache
def icon(name: str) -> QIcon:
    """A line icon by name (see `_SHAPES`), dark normally and white when selected."""
    if name not in _SHAPES:
        raise KeyError(name)
    return QIcon(_LineIconEngine(name))
