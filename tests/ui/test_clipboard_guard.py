"""A CPR number copied to the clipboard is cleared after the delay – only if it is still there."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from sspdesk.ui.clipboard_guard import DEFAULT_DELAY_MS, ClipboardGuard

DELAY = 60


@pytest.fixture
def clipboard(qapp: QApplication):
    board = qapp.clipboard()
    board.clear()
    yield board
    board.clear()


@pytest.fixture
def guard(qtbot, clipboard):
    watcher = ClipboardGuard(clipboard, delay_ms=DELAY)
    yield watcher
    watcher.deleteLater()


def test_the_default_delay_is_thirty_seconds(clipboard) -> None:
    assert DEFAULT_DELAY_MS == 30_000 and ClipboardGuard(clipboard).delay_ms == 30_000


def test_a_copied_cpr_number_is_cleared_after_the_delay(qtbot, clipboard, guard: ClipboardGuard) -> None:
    clipboard.setText("CPR-nr. 050310-4321")
    assert guard.is_pending() and clipboard.text() == "CPR-nr. 050310-4321"
    with qtbot.waitSignal(guard.cleared, timeout=10_000):
        pass
    assert clipboard.text() == "" and not guard.is_pending()


def test_other_text_is_left_alone(qtbot, clipboard, guard: ClipboardGuard) -> None:
    clipboard.setText("Indbrud i kiosk, møde 12.03.2026")
    assert not guard.is_pending()
    qtbot.wait(DELAY * 3)
    assert clipboard.text() == "Indbrud i kiosk, møde 12.03.2026"


def test_what_the_user_copied_afterwards_is_not_cleared(qtbot, clipboard, guard: ClipboardGuard) -> None:
    clipboard.setText("0503104321")
    clipboard.setText("Mødereferat")
    assert not guard.is_pending()
    qtbot.wait(DELAY * 3)
    assert clipboard.text() == "Mødereferat"


def test_clear_now_removes_a_waiting_cpr_number_at_once(clipboard, guard: ClipboardGuard) -> None:
    clipboard.setText("050310-4321")
    guard.clear_now()
    assert clipboard.text() == "" and not guard.is_pending()
