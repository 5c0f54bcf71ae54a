"""Light and dark colours for the few places that colour widgets themselves (style sheets, item colours, icons).

Qt draws ordinary widgets in the system's light or dark palette; our own accents (grey notes, red errors, cards,
the navigation, message bars, badges) come from here, so each has a light and a dark variant. Look a colour up when
the widget is made – `colour("muted")` – not at import time: `vault_dialogs` is imported before the application
exists (pages, imported after it, may keep a colour in a module constant). The mode is decided once, at start-up,
from the system (`QStyleHints.colorScheme`, Qt 6.5+; else the palette's lightness) and kept while the program runs
(`keep_mode`); `SSPDESK_THEME=dark|light` or `set_scheme()` overrides it (screenshots, tests, a platform that does
not tell). When the platform gives no dark palette (Fusion on Linux), `apply` sets ours.
"""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

# name: (light, dark). Text colours keep a contrast of at least 4.5:1 on the window colour of their mode.
COLOURS: dict[str, tuple[str, str]] = {
    "text": ("#1f2d3d", "#e3e8ef"),
    "muted": ("#5f6b7a", "#a3afbd"),  # notes, hints, counts
    "error": ("#b00020", "#ff8a95"),
    "warning": ("#a04a00", "#f2a65e"),
    "ok": ("#1d6b3a", "#82d29b"),
    "accent": ("#1f5aa6", "#7fb0f2"),  # accent text and lines (selected tab)
    "selection": ("#1f5aa6", "#2f69b8"),  # selected navigation row / agenda item, with on_selection text
    "on_selection": ("#ffffff", "#ffffff"),
    "card": ("#f4f7fb", "#262c34"),  # headers, empty states
    "card_alt": ("#f8fafc", "#23282f"),  # boxes inside a page
    "border": ("#d7e0ec", "#3b4451"),
    "navigation": ("#eef2f7", "#1c2127"),
    "navigation_border": ("#d7dee8", "#323a45"),
    "hover": ("#dde5f0", "#2d3540"),
    "readonly": ("#e9edf2", "#23272d"),  # a read-only field: set apart from the fields to type in
    "icon": ("#2c3e50", "#d5dde6"),
    "icon_disabled": ("#9aa5b1", "#5f6975"),
    "meter_track": ("#eef1f5", "#2a3038"),
    "meter_border": ("#c5ccd6", "#4a5360"),
    "highlight": ("#f8c9cf", "#6e2b35"),  # a finding marked in a text field
    "paper": ("#ffffff", "#ffffff"),  # behind the logo's preview: it is printed on white paper in either mode
    "paper_text": ("#5f6b7a", "#5f6b7a"),
    "demo_note": ("#fff4cc", "#3f3615"),
    "demo_note_border": ("#e6cf73", "#8c7630"),
    # message bars and panels: background, border, text
    "caution": ("#fff8e6", "#3a311f"),
    "caution_border": ("#e6c15c", "#8a7331"),
    "caution_text": ("#8a4b00", "#f3c27a"),
    "caution_field": ("#fffaf3", "#33291c"),
    "danger": ("#fdecee", "#46202a"),
    "danger_border": ("#e3a1a8", "#8a4650"),
    "danger_text": ("#7d0d1c", "#ffb3bb"),
    "info": ("#e8f4ea", "#1e3524"),
    "info_border": ("#a9d3b1", "#3f7a4d"),
    "info_text": ("#1e5e2a", "#9ad9a8"),
    "hint": ("#eef4fb", "#1d2a3a"),
    "hint_border": ("#c3d5ec", "#3c5675"),
    "hint_text": ("#1d3f66", "#a9c8ef"),
    "neutral": ("#f3f1ec", "#2f2c26"),
    "neutral_border": ("#d8d2c4", "#5a5446"),
    "neutral_text": ("#4b4536", "#d6cfbd"),
    # badges (case kind and status): text on a pale (light) or deep (dark) background
    "badge_journal": ("#dce8f7", "#1f3550"),
    "badge_journal_text": ("#1d3f66", "#cfe1f7"),
    "badge_sag": ("#fbe3cf", "#54301a"),
    "badge_sag_text": ("#6a2c00", "#ffd7b8"),
    "badge_open": ("#dcefdf", "#1f4229"),
    "badge_open_text": ("#1e5e2a", "#bfe8c8"),
    "badge_closed": ("#e6e2d8", "#3b372e"),
    "badge_closed_text": ("#4b4536", "#ddd6c6"),
    "badge": ("#e6e9ee", "#343b45"),
    "badge_text": ("#2c3e50", "#dfe5ec"),
    # consent states (list column and badge): background and text, one pair per state
    "consent_valid": ("#dcefdf", "#1f4229"),
    "consent_valid_text": ("#1e5e2a", "#bfe8c8"),
    "consent_expiring": ("#fbedc8", "#4a3812"),
    "consent_expiring_text": ("#7a4b00", "#f6d58e"),
    "consent_unsigned": ("#dce8f7", "#1f3550"),
    "consent_unsigned_text": ("#1d3f66", "#cfe1f7"),
    "consent_not_yet_valid": ("#dce8f7", "#1f3550"),
    "consent_not_yet_valid_text": ("#1d3f66", "#cfe1f7"),
    "consent_withdrawn": ("#f8dde0", "#4a1f27"),
    "consent_withdrawn_text": ("#7d0d1c", "#ffc2c9"),
    "consent_missing": ("#f8dde0", "#4a1f27"),
    "consent_missing_text": ("#7d0d1c", "#ffc2c9"),
    "consent_expired": ("#e6e2d8", "#3b372e"),
    "consent_expired_text": ("#4b4536", "#ddd6c6"),
    # statistics charts: first series is "accent"
    "chart_second": ("#8fb3e0", "#4a6f9e"),
    "chart_ink": ("#2c3e50", "#dfe5ec"),
    "chart_grid": ("#e2e7ee", "#353d48"),  # not dark "text" (#e3e8ef): the test tells modes apart by value,
}

_forced: bool | None = None  # set_scheme(); None: follow the system


def set_scheme(dark: bool | None) -> None:
    """Force dark (True) or light (False), or follow the system again (None). Widgets made later follow it."""
    global _forced
    _forced = dark
    app = QGuiApplication.instance()
    if isinstance(app, QGuiApplication):
        apply(app)


def is_dark() -> bool:
    if _forced is not None:
        return _forced
    wish = os.environ.get("SSPDESK_THEME", "").strip().lower()
    if wish in ("dark", "light"):
        return wish == "dark"
    app = QGuiApplication.instance()
    if not isinstance(app, QGuiApplication):
        return False
    scheme = app.styleHints().colorScheme()
    if scheme != Qt.ColorScheme.Unknown:
        return scheme == Qt.ColorScheme.Dark
    return app.palette().color(QPalette.ColorRole.Window).lightness() < 128


def colour(name: str) -> str:
    """A named colour (see COLOURS) as #rrggbb for the current mode."""
    light, dark = COLOURS[name]
    return dark if is_dark() else light


def qcolour(name: str) -> QColor:
    return QColor(colour(name))


def card_style(object_name: str, background: str = "card", border: str = "border", radius: int = 8) -> str:
    """The style sheet of a framed, tinted box (`QFrame` with that object name); its labels stay transparent."""
    return (
        f"#{object_name} {{ background: {colour(background)}; border: 1px solid {colour(border)}; "
        f"border-radius: {radius}px; }} #{object_name} QLabel {{ background: transparent; }}"
    )


def palette() -> dict[str, str]:
    """Every named colour for the current mode."""
    return {name: colour(name) for name in COLOURS}


def apply(app: QGuiApplication) -> None:
    """Give the application a palette of the current mode when the platform did not (Fusion's own is light)."""
    dark = is_dark()
    current_is_dark = app.palette().color(QPalette.ColorRole.Window).lightness() < 128
    if dark and not current_is_dark:
        app.setPalette(dark_palette())
    elif not dark and current_is_dark and _forced is False:
        app.setPalette(light_palette())


def keep_mode(app: QGuiApplication) -> None:
    """At start-up: apply the system's (or the asked-for) mode and keep it while the program runs. A switch of the
    system's mode would otherwise change Qt's palette under style sheets made for the other mode (light text on a
    light card); it takes effect at the next start."""
    dark = is_dark()
    hints = app.styleHints()
    if hasattr(hints, "setColorScheme"):  # Qt 6.8+
        hints.setColorScheme(Qt.ColorScheme.Dark if dark else Qt.ColorScheme.Light)
    apply(app)


def light_palette() -> QPalette:
    from PySide6.QtWidgets import QStyleFactory  # only when light is forced on a dark system

    style = QStyleFactory.create("Fusion")
    return style.standardPalette() if style is not None else QPalette()


def dark_palette() -> QPalette:
    """A calm dark palette (Fusion's roles) matching the dark colours above."""
    roles = QPalette.ColorRole
    values = {
        # Fields and lists a step lighter than the window, so their frames and the check boxes stand out.
        roles.Window: "#1f2329",
        roles.WindowText: "#e3e8ef",
        roles.Base: "#2a2f37",
        roles.AlternateBase: "#30353e",
        roles.ToolTipBase: "#2b313a",
        roles.ToolTipText: "#e3e8ef",
        roles.PlaceholderText: "#8893a1",
        roles.Text: "#e3e8ef",
        roles.Button: "#343a44",
        roles.ButtonText: "#e3e8ef",
        roles.BrightText: "#ff8a95",
        roles.Light: "#4a525e",
        roles.Midlight: "#3e4550",
        roles.Mid: "#2a2f37",
        roles.Dark: "#14171b",
        roles.Shadow: "#0b0d10",
        roles.Highlight: "#2f69b8",
        roles.HighlightedText: "#ffffff",
        roles.Link: "#7fb0f2",
        roles.LinkVisited: "#b79df0",
    }
    result = QPalette()
    for role, value in values.items():
        result.setColor(role, QColor(value))
    disabled = QPalette.ColorGroup.Disabled
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        result.setColor(disabled, role, QColor("#6c7581"))
    result.setColor(disabled, roles.Button, QColor("#2a2f37"))
    result.setColor(disabled, roles.Base, QColor("#252a31"))
    return result
