"""The read-only look: a text field that cannot be edited (a signed consent, approved minutes, a closed case) is drawn
on the read-only colour instead of the white of a field to type in. One look for every such field, set together with
`setReadOnly`.

Through the field's palette (its Base colour), not a style sheet: a style sheet with a border or padding changes the
field's size, and a container's `[readOnly="true"]` selector is only re-read when the field is polished again – the
signed consent kept white fields. A field's own style sheet (a sensitive field's warning colour) is set aside while
it is read-only and given back when it can be edited again.
"""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QTextEdit

from sspdesk.ui import theme

TextField = QLineEdit | QPlainTextEdit | QTextEdit
LOOK_PROPERTY = "readOnlyLook"  # True while the field has the look (tests may ask)
_OWN = "readOnlyLookOwn"  # (palette, style sheet, placeholder) of the editable field


def set_read_only(field: TextField, read_only: bool) -> None:
    """Make the field read-only (or editable again) and give it the look that says so; a read-only field shows no
    "write here" placeholder."""
    field.setReadOnly(read_only)
    if read_only == bool(field.property(LOOK_PROPERTY)):
        return
    if read_only:
        field.setProperty(_OWN, (QPalette(field.palette()), field.styleSheet(), field.placeholderText()))
        field.setStyleSheet("")
        palette = QPalette(field.palette())
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            palette.setColor(group, QPalette.ColorRole.Base, theme.qcolour("readonly"))
            palette.setColor(group, QPalette.ColorRole.Text, theme.qcolour("text"))
        field.setPalette(palette)
        field.setPlaceholderText("")
    else:
        own = field.property(_OWN)
        if isinstance(own, tuple) and len(own) == 3:
            field.setPalette(own[0])
            field.setStyleSheet(own[1])
            field.setPlaceholderText(own[2])
    field.setProperty(LOOK_PROPERTY, read_only)


def looks_read_only(field: TextField) -> bool:
    return field.isReadOnly() and bool(field.property(LOOK_PROPERTY))
