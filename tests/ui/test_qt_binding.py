"""The Qt binding itself: a known PySide6 defect must not be in the version we install."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QComboBox


def test_adding_combo_items_keeps_the_reference_count_of_none(qtbot) -> None:
    # PySide6 6.12.0 released a reference to None on every QComboBox.addItem; on Python 3.11 the interpreter
    # aborts ("deallocating None") after a few thousand items. pyproject.toml pins a version without it.
    combo = QComboBox()
    qtbot.addWidget(combo)
    before = sys.getrefcount(None)
    for i in range(3000):
        combo.addItem(f"S-2026-{i:04d}", str(i))
    assert abs(sys.getrefcount(None) - before) < 100
