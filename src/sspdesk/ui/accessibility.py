"""Accessible names for every focusable widget, derived in one place; and the check the tests run.

A screen reader announces a control by its accessible name. Qt finds one by itself for a button (its text), a
label (its text) and a field with a buddy label (a QFormLayout row, `QLabel.setBuddy`). Where it finds none – a
search field that only has a placeholder, a combo box or a list under a label in a plain box layout, an icon-only
tool button with a tooltip, the calendar's month arrows – `name_widget` derives a name the way a sighted user reads
the screen, and sets it:

1. a QLabel anywhere in the window whose buddy is the widget;
2. the label of the widget's QFormLayout row (also when the row's field is a layout holding the widget);
3. the placeholder text (line edits, text edits, editable combo boxes);
4. the label just before the widget in its box layout ("Sikkerhedskopier (nyeste øverst):" above the list);
5. the tooltip;
6. the enclosing group box's title, or, for a part of a compound widget (a combo box's line edit), its owner's name;
7. a fixed name for Qt's own unnamed parts (`QT_PARTS`: the calendar's arrows).

`install(app)` applies it to every widget when it is first shown (an application event filter on Show), so every
window and dialog – also Qt's own (file dialog, message boxes) – is covered without a call in each constructor.
The controller installs it when it builds the main window (see `install` for why not earlier).
Only widgets without a name of Qt's are touched, so a button's or label's changing text keeps speaking for itself.
Names are stripped of the "&" of a mnemonic and of a trailing colon.

`nameless(window)` walks the accessibility tree the way an assistive technology sees it (QAccessible interfaces, not
QObject children) and returns every visible, focusable control without a name: the tests fail on any.
"""

from __future__ import annotations

import itertools
import logging
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QAccessible, QAccessibleInterface
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QBoxLayout,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QTabWidget,
    QTextEdit,
    QWidget,
)

# Qt's own parts without a name of their own (by object name).
QT_PARTS = {
    "qt_calendar_prevmonth": "Forrige måned",
    "qt_calendar_nextmonth": "Næste måned",
    "qt_calendar_monthbutton": "Måned",
    "qt_calendar_yearbutton": "År",
    "qt_calendar_yearedit": "År",
    "qt_calendar_calendarview": "Kalender",
    "qt_tableview_cornerbutton": "Markér alt",
}

log = logging.getLogger(__name__)


def clean(text: str) -> str:
    """'&Lås efter:' → 'Lås efter'; a rich-text or multi-line label → its first line as plain words."""
    text = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
    if "<" in text and ">" in text:
        from PySide6.QtGui import QTextDocumentFragment

        text = QTextDocumentFragment.fromHtml(text).toPlainText()
    first = text.strip().splitlines()[0] if text.strip() else ""
    return first.strip().rstrip(":").strip()


def qt_name(widget: QWidget) -> str:
    """The name an assistive technology gets for the widget today (Qt's own derivation included)."""
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name).strip() if interface is not None and interface.isValid() else ""


def name_widget(widget: QWidget) -> str:
    """Give a focusable widget without a name one (see the module docstring); returns the name it has now."""
    name = qt_name(widget)
    if name or widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
        return name
    derived = derived_name(widget)
    if derived:
        widget.setAccessibleName(derived)
    return derived


def derived_name(widget: QWidget) -> str:
    for source in (_buddy_label, _form_label, _placeholder, _label_before, _tooltip, _owner):
        text = clean(source(widget))
        if text:
            return text
    return QT_PARTS.get(widget.objectName(), "")


def _buddy_label(widget: QWidget) -> str:
    window = widget.window()
    for label in window.findChildren(QLabel):
        if label.buddy() is widget and label.text().strip():
            return label.text()
    return ""


def _form_label(widget: QWidget) -> str:
    parent = widget.parentWidget()
    while parent is not None:
        for form in parent.findChildren(QFormLayout):
            label = _form_row_label(form, widget)
            if label:
                return label
        if parent.isWindow():
            break
        parent = parent.parentWidget()
    return ""


def _form_row_label(form: QFormLayout, widget: QWidget) -> str:
    """The row's label when the widget is the row's field, or the first focusable widget in the row's field (a
    date and its time in one row: the label names the date; the time needs a name of its own)."""
    for row in range(form.rowCount()):
        field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
        label_item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        label = label_item.widget() if label_item is not None else None
        if field is None or not isinstance(label, QLabel):
            continue
        holder = field.widget() or field.layout()
        if holder is widget:
            return label.text()
        inside = _focusable_widgets(holder)
        if inside and inside[0] is widget:
            return label.text()
    return ""


def _items(layout: QLayout) -> list[tuple[QWidget | None, QLayout | None]]:
    items = (layout.itemAt(index) for index in range(layout.count()))
    return [(item.widget(), item.layout()) for item in items if item is not None]


def _focusable_widgets(holder: QWidget | QLayout | None) -> list[QWidget]:
    """The focusable widgets in a widget or layout, in layout order."""
    if isinstance(holder, QWidget):
        return [holder] if _focusable(holder) else _focusable_in(holder)
    found: list[QWidget] = []
    for child, sub in _items(holder) if isinstance(holder, QLayout) else ():
        found += _focusable_widgets(child if child is not None else sub)
    return found


def _focusable(widget: QWidget) -> bool:
    return widget.focusPolicy() != Qt.FocusPolicy.NoFocus


def _focusable_in(holder: QWidget) -> list[QWidget]:
    return [w for w in holder.findChildren(QWidget) if _focusable(w)]


def _placeholder(widget: QWidget) -> str:
    if isinstance(widget, QLineEdit | QTextEdit | QPlainTextEdit):
        return widget.placeholderText()
    if isinstance(widget, QComboBox):
        line = widget.lineEdit()
        return widget.placeholderText() or (line.placeholderText() if line is not None else "")
    return ""


def _label_before(widget: QWidget) -> str:
    """The text of a QLabel just before the widget in a box layout (a caption above a list, before a field)."""
    parent = widget.parentWidget()
    layout = parent.layout() if parent is not None else None
    return _label_before_in(layout, widget) if layout is not None else ""


def _label_before_in(layout: QLayout, widget: QWidget) -> str:
    previous: QWidget | None = None
    for child, sub in _items(layout):
        if child is widget:
            if isinstance(layout, QBoxLayout) and isinstance(previous, QLabel) and previous.buddy() is None:
                return previous.text()
            return ""
        if sub is not None:
            found = _label_before_in(sub, widget)
            if found or widget in _focusable_widgets(sub):
                return found
        if child is not None:
            previous = child
    return ""


def _tooltip(widget: QWidget) -> str:
    return widget.toolTip()


def _owner(widget: QWidget) -> str:
    parent = widget.parentWidget()
    if isinstance(parent, QComboBox | QAbstractSpinBox):
        return qt_name(parent) or derived_name(parent)
    if isinstance(parent, QGroupBox) and len(_focusable_in(parent)) == 1:
        return parent.title()
    if isinstance(widget, QScrollArea | QTabWidget):  # a page's or a dialog's body: named as the page or dialog
        return _enclosing_title(widget)
    return ""


def _enclosing_title(widget: QWidget) -> str:
    parent = widget.parentWidget()
    while parent is not None:
        title = getattr(parent, "title", None)
        if isinstance(parent, QGroupBox):
            title = parent.title()
        if isinstance(title, str) and title.strip():
            return title
        if parent.isWindow():
            return parent.windowTitle().split(" – ")[0]
        parent = parent.parentWidget()
    return ""


# -- applied to every widget ------------------------------------------------------------------------------------


_ORDERED = "sspdesk_reading_order"  # a widget whose tab order `reading_order` keeps


class _Namer(QObject):
    """Names each widget when it is shown (Show reaches the application's filters for every widget), and puts a
    block that keeps its reading order (`reading_order`) in place once it stands in its window."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget):
            # Nothing may escape an application-wide filter: PySide crashes the process while reporting an error
            # raised here (seen in QComboBox.showPopup, where the popup's list view came with a stale wrapper:
            # "Internal C++ object already deleted"). A widget left unnamed is the lesser harm.
            try:
                if watched.focusPolicy() != Qt.FocusPolicy.NoFocus and not watched.accessibleName():
                    name_widget(watched)
                if watched.property(_ORDERED):
                    reading_order(watched)
            except Exception:
                log.warning("could not name a widget when it was shown", exc_info=True)
        return False


def install(app: QCoreApplication | None) -> None:
    """Name every focusable widget of every window shown from now on; safe to call twice. Called when the main
    window is built, not at start: a Python filter on every event before the unlock dialog would wrap nearly all
    of QtWidgets on the start-up path (tests/ui/test_app_start.py). The unlock and first-run dialogs name their
    fields themselves (tests/ui/test_accessible_names.py checks them without the filter)."""
    if app is not None and not app.findChildren(_Namer):
        app.installEventFilter(_Namer(app))


def uninstall(app: QCoreApplication) -> None:
    for namer in app.findChildren(_Namer):
        app.removeEventFilter(namer)
        namer.setParent(None)
        namer.deleteLater()


# -- the check ----------------------------------------------------------------------------------------------------


def nameless(window: QWidget) -> list[str]:
    """Every visible, focusable control in the window's accessibility tree without a name, as 'Role (class
    objectName) in Parent' for a test's message. Items of lists and tables are skipped (their text is their name)."""
    root = QAccessible.queryAccessibleInterface(window)
    found: list[str] = []
    if root is not None:
        _walk(root, found, depth=0)
    return found


def _walk(interface: QAccessibleInterface, found: list[str], depth: int) -> None:
    if depth > 60:
        return
    state = interface.state()
    if state.invisible:
        return
    widget = interface.object()
    named = bool(interface.text(QAccessible.Text.Name).strip())
    if isinstance(widget, QWidget) and state.focusable and not named and not _exempt(interface, widget):
        found.append(_describe(interface, widget))
    if isinstance(widget, QAbstractItemView):
        return  # its children are items and headers, named by their text
    for index in range(interface.childCount()):
        child = interface.child(index)
        if child is not None and child.isValid():
            _walk(child, found, depth + 1)


def _exempt(interface: QAccessibleInterface, widget: QWidget) -> bool:
    # A label without text shows nothing and is read as nothing (an empty error line); a label speaks its text.
    return isinstance(widget, QLabel) and not widget.text().strip()


def _describe(interface: QAccessibleInterface, widget: QWidget) -> str:
    parent = widget.parentWidget()
    where = f"{type(parent).__name__} {parent.objectName()}".strip() if parent is not None else ""
    role = interface.role().name if hasattr(interface.role(), "name") else str(interface.role())
    return f"{role} ({type(widget).__name__} {widget.objectName()!r}) in {where} of {widget.window().windowTitle()!r}"


# -- tab order ----------------------------------------------------------------------------------------------------

_TOLERANCE = 6  # pixels: widgets on one row are rarely aligned to the pixel


def tab_chain(window: QWidget) -> list[QWidget]:
    """The widgets Tab visits in the window, in order, from its first one (visible and enabled ones only)."""
    chain: list[QWidget] = []
    start = _next(window)
    widget = start
    for _ in range(5000):
        if _tab_stop(widget, window):
            if widget in chain:
                break
            chain.append(widget)
        widget = _next(widget)
        if widget is start:
            break
    return chain


def _next(widget: QWidget) -> QWidget:
    return widget.nextInFocusChain() or widget


def _previous(widget: QWidget) -> QWidget:
    return widget.previousInFocusChain() or widget


def _tab_stop(widget: QWidget, window: QWidget) -> bool:
    return (
        widget.window() is window
        and bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
        and widget.isVisible()
        and widget.isEnabled()
        and widget.focusProxy() is None
    )


def tab_order_jumps(window: QWidget) -> list[str]:
    """Steps of the tab chain that go against the reading order: back up the window into the same column or one
    to the left, or left along the same row. Moving up into a column to the right (the next column) is reading."""
    jumps: list[str] = []
    chain = tab_chain(window)
    for before, after in itertools.pairwise(chain):
        a, b = _place(before, window, after), _place(after, window, before)
        up = b[1] < a[1] - _TOLERANCE
        same_row = abs(b[1] - a[1]) <= _TOLERANCE
        left = b[0] < a[0] - _TOLERANCE
        if (up and b[0] <= a[0] + _TOLERANCE) or (same_row and left):
            jumps.append(f"{_who(before)} → {_who(after)}")
    return jumps


def _place(widget: QWidget, window: QWidget, other: QWidget) -> tuple[int, int]:
    """Where the widget is read, compared with `other`: a widget in a scroll area that `other` is not in is read
    where the scroll area is (its content may lie far below the visible part)."""
    area = _scroll_area_of(widget)
    if area is not None and not area.isAncestorOf(other):
        widget = area
    point = widget.mapTo(window, widget.rect().topLeft())
    return point.x(), point.y()


def _scroll_area_of(widget: QWidget) -> QScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None and not parent.isWindow():
        if isinstance(parent, QScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


def _who(widget: QWidget) -> str:
    return qt_name(widget) or f"{type(widget).__name__} {widget.objectName()!r}"


def reading_order(container: QWidget) -> list[QWidget]:
    """Make Tab follow the reading order inside `container`: its layouts top to bottom, a grid row by row, left to
    right. Widgets added later (a new row of a list of persons) go to the end of the window's tab chain; a call after
    adding them puts them where they are read. Returns the widgets in their new order."""
    ordered = [w for w in _in_layout_order(container) if w.focusPolicy() & Qt.FocusPolicy.TabFocus]
    if not ordered:
        return ordered
    # Keep the block where it stands in the window's chain: the first widget goes right after the focusable widget
    # that precedes the block's current first one (the one made first), even when the first one was made last.
    members = set(ordered)
    head = _next(container)
    for _ in range(10_000):
        if head in members or head is container:
            break
        head = _next(head)
    before = _previous(head)
    for _ in range(10_000):
        if before is head or (before not in members and before.focusPolicy() != Qt.FocusPolicy.NoFocus):
            break
        before = _previous(before)
    container.setProperty(_ORDERED, True)  # shown again (in its window): ordered again by the namer
    chain = ordered if before is head or before in members else [before, *ordered]
    for first, second in itertools.pairwise(chain):
        QWidget.setTabOrder(first, second)
    return ordered


def _in_layout_order(widget: QWidget) -> list[QWidget]:
    found: list[QWidget] = []
    if widget.focusPolicy() != Qt.FocusPolicy.NoFocus and widget.layout() is None:
        return [widget]  # a field (its inner parts, like a combo box's line edit, go with it)
    if isinstance(widget, QScrollArea) and widget.widget() is not None:
        return _in_layout_order(widget.widget())  # type: ignore[arg-type]
    layout = widget.layout()
    if widget.focusPolicy() != Qt.FocusPolicy.NoFocus:
        found.append(widget)
    if layout is not None:
        for child in _layout_widgets(layout):
            found += _in_layout_order(child)
    return found


def _layout_widgets(layout: QLayout) -> list[QWidget]:
    """The widgets of a layout in reading order (a grid by row, then column; nested layouts in place)."""
    entries: list[tuple[tuple[int, int, int], QWidget | None, QLayout | None]] = []
    for index in range(layout.count()):
        item = layout.itemAt(index)
        if item is None:
            continue
        if isinstance(layout, QGridLayout):
            grid: Any = layout.getItemPosition(index)  # (row, column, row span, column span)
            key = (int(grid[0]), int(grid[1]), index)
        elif isinstance(layout, QFormLayout):
            form: Any = layout.getItemPosition(index)  # (row, role)
            key = (int(form[0]), 0 if form[1] == QFormLayout.ItemRole.LabelRole else 1, index)
        else:
            key = (0, 0, index)
        entries.append((key, item.widget(), item.layout()))
    widgets: list[QWidget] = []
    for _key, child, sub in sorted(entries, key=lambda entry: entry[0]):
        if child is not None:
            widgets.append(child)
        elif sub is not None:
            widgets += _layout_widgets(sub)
    return widgets
