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
Only widgets without a name of Qt's are touched, so a button's or label's changing text keeps speaking for itself.
Names are stripped of the "&" of a mnemonic and of a trailing colon.

`nameless(window)` walks the accessibility tree the way an assistive technology sees it (QAccessible interfaces, not
QObject children) and returns every visible, focusable control without a name: the tests fail on any.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAccessible, QAccessibleInterface
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QBoxLayout,
    QComboBox,
    QFormLayout,
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
    for row in range(form.rowCount()):
        field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
        label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        if field is None or label is None or not isinstance(label.widget(), QLabel):
            continue
        holder = field.widget() or field.layout()
        if holder is widget or (isinstance(holder, QLayout) and _layout_holds(holder, widget)):
            return label.widget().text()  # type: ignore[union-attr]
        if isinstance(holder, QWidget) and holder.isAncestorOf(widget) and len(_focusable_in(holder)) == 1:
            return label.widget().text()  # type: ignore[union-attr]
    return ""


def _layout_holds(layout: QLayout, widget: QWidget) -> bool:
    for index in range(layout.count()):
        item = layout.itemAt(index)
        if item.widget() is widget or (item.widget() is not None and item.widget().isAncestorOf(widget)):
            return True
        if item.layout() is not None and _layout_holds(item.layout(), widget):
            return True
    return False


def _focusable_in(holder: QWidget) -> list[QWidget]:
    return [w for w in holder.findChildren(QWidget) if w.focusPolicy() != Qt.FocusPolicy.NoFocus]


def _placeholder(widget: QWidget) -> str:
    if isinstance(widget, QLineEdit | QTextEdit | QPlainTextEdit):
        return widget.placeholderText()
    if isinstance(widget, QComboBox):
        return widget.placeholderText() or (widget.lineEdit().placeholderText() if widget.lineEdit() else "")
    return ""


def _label_before(widget: QWidget) -> str:
    """The text of a QLabel just before the widget (or the layout holding it) in a box layout."""
    parent = widget.parentWidget()
    if parent is None or parent.layout() is None:
        return ""
    return _label_before_in(parent.layout(), widget)


def _label_before_in(layout: QLayout, widget: QWidget) -> str:
    previous: QWidget | None = None
    for index in range(layout.count()):
        item = layout.itemAt(index)
        if item.widget() is widget:
            if isinstance(layout, QBoxLayout) and isinstance(previous, QLabel) and previous.buddy() is None:
                return previous.text()
            return ""
        if item.layout() is not None:
            found = _label_before_in(item.layout(), widget)
            if found:
                return found
            if _layout_holds(item.layout(), widget):
                return ""
        if item.widget() is not None:
            previous = item.widget()
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


class _Namer(QObject):
    """Names each widget when it is first shown (Show reaches the application's filters for every widget)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget):
            if watched.focusPolicy() != Qt.FocusPolicy.NoFocus and not watched.accessibleName():
                name_widget(watched)
        return False


def install(app: QApplication) -> None:
    """Name every focusable widget of every window from now on; safe to call twice."""
    if not app.findChildren(_Namer):
        app.installEventFilter(_Namer(app))


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
    if isinstance(widget, QWidget) and state.focusable and not _exempt(interface, widget):
        if not interface.text(QAccessible.Text.Name).strip():
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
