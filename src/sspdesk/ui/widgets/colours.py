"""Text colours every page uses, read from the theme.

These are module constants read once, at import: the pages import this module only after the application knows
its light or dark mode (see `ui/app.py`), so the colours match the mode the windows are drawn in.
"""

from __future__ import annotations

from sspdesk.ui import theme

GREY = theme.colour("muted")  # secondary text: hints, stamps, empty states
WARNING = theme.colour("warning")
