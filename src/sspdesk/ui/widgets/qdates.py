"""QDate to `datetime.date`. PySide6 has `QDate.toPython()`, but its type stubs say it returns `object`; this says
`date`, so the code that hands a chosen day to a service is type-checked."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate


def to_date(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())
