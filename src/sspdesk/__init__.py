"""sspdesk – offline-first desktop program for SSP consultants.

This package (and `sspdesk.store`) never imports PySide6; the GUI lives in `sspdesk.ui`.
"""

__version__ = "0.1.0"
