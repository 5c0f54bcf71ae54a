"""The namer is an application-wide event filter (`ui/accessibility.py`): nothing may escape it. PySide crashed the
whole process while reporting an error raised in it – in QComboBox.showPopup, where the popup's list view came with
a stale wrapper ("Internal C++ object … already deleted"), after a main window had installed the namer."""

from __future__ import annotations

import logging

import pytest
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from sspdesk.ui import accessibility


@pytest.fixture
def named_application(qapp):
    accessibility.install(qapp)
    yield qapp
    accessibility.uninstall(qapp)


def test_a_widget_that_cannot_be_named_is_shown_all_the_same_and_the_failure_is_logged(
    named_application, qtbot, monkeypatch, caplog
):
    def stale(widget: QWidget) -> None:
        raise RuntimeError("libshiboken: Internal C++ object (PySide6.QtWidgets.QListView) already deleted.")

    monkeypatch.setattr(accessibility, "name_widget", stale)
    window = QWidget()
    field = QLineEdit()
    QVBoxLayout(window).addWidget(field)
    qtbot.addWidget(window)
    with caplog.at_level(logging.WARNING, logger=accessibility.__name__):
        window.show()
        qtbot.waitExposed(window)
    assert field.isVisible()
    assert any("could not name a widget" in record.getMessage() for record in caplog.records)


def test_the_namer_still_names_the_next_widget_after_one_failed(named_application, qtbot, monkeypatch):
    real = accessibility.name_widget
    calls: list[str] = []

    def once_stale(widget: QWidget) -> None:
        calls.append(type(widget).__name__)
        if len(calls) == 1:
            raise RuntimeError("already deleted")
        real(widget)

    monkeypatch.setattr(accessibility, "name_widget", once_stale)
    first, second = QLineEdit(), QLineEdit()
    second.setPlaceholderText("Søg i sager")
    for widget in (first, second):
        qtbot.addWidget(widget)
        widget.show()
    assert len(calls) == 2 and second.accessibleName() == "Søg i sager"
