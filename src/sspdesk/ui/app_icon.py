"""The application icon (the sspdesk shield) for windows, dialogs and the about box.

Kept apart from the line icons in `icons.py`: the unlock dialog needs only this, and the line icons bring their
icon engine and QtSvg, which stay off the start-up path that way.
"""

from __future__ import annotations

import functools

from PySide6.QtGui import QIcon, QPixmap

from sspdesk.resources import resource


@functools.cache
def app_icon() -> QIcon:
    """The sspdesk shield, from the 256 px PNG rendered from sspdesk.svg (no SVG work at start-up)."""
    png = resource("icons", "sspdesk.png")
    return QIcon(str(png)) if png.is_file() else QIcon()


def app_pixmap(size: int) -> QPixmap:
    return app_icon().pixmap(size, size)
