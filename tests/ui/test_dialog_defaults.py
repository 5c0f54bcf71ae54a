"""Enter presses a dialog's primary action and nothing else (issue 21, item 2).

Every QDialog class under sspdesk.ui is found by walking the package (support.dialogs); each is built on the demo
data, shown, and must have exactly one default button – its primary action – while every other button has
auto-default off (an auto-default button takes Enter as soon as it has been focused)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QPushButton

from sspdesk.store.vault import Vault
from sspdesk.ui import worker
from sspdesk.ui.main_window import MainWindow
from sspdesk.ui.vault.first_run import CreateVaultDialog
from support import PASSPHRASE
from support.dialogs import NOT_BUILT, TODAY, Demo, PlainPage, all_dialog_classes, dialog_key, factories, runner


@pytest.fixture(autouse=True)
def jobs_run_at_once():
    with worker.use_pool(worker.SyncPool()):
        yield


@pytest.fixture
def demo(qtbot, vault: Vault, tmp_path: Path) -> Demo:
    """The demo records in a main window (the tests that use it are marked demo_data)."""
    window = MainWindow(page_factories=[PlainPage])
    qtbot.addWidget(window)
    window.set_vault(vault)
    return Demo(vault, window, tmp_path)


def test_every_dialog_class_is_built_by_the_default_button_check():
    keys = {dialog_key(cls) for cls in all_dialog_classes()}
    unchecked = keys - set(factories()) - set(NOT_BUILT)
    assert not unchecked, f"add these dialogs to FACTORIES in this test: {sorted(unchecked)}"


@pytest.mark.demo_data(TODAY)
def test_every_dialog_has_one_default_button_and_no_other_button_takes_enter(qtbot, demo: Demo):
    problems = []
    for name, make in sorted(factories().items()):
        dialog = make(demo)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        buttons = [b for b in dialog.findChildren(QPushButton) if b.window() is dialog]
        defaults = [b.text() for b in buttons if b.isDefault()]
        grabbing = [b.text() for b in buttons if b.autoDefault() and not b.isDefault()]
        if len(defaults) != 1:
            problems.append(f"{name}: default buttons {defaults}")
        if grabbing:
            problems.append(f"{name}: auto-default buttons besides the default {grabbing}")
        dialog.hide()
        dialog.deleteLater()
    assert not problems, "\n".join(problems)


def test_enter_in_the_filled_in_welcome_dialog_creates_the_vault_and_opens_no_file_picker(qtbot, tmp_path, monkeypatch):
    pickers: list[QFileDialog] = []
    dialog = CreateVaultDialog(tmp_path / "egen.sspvault", runner=runner)
    qtbot.addWidget(dialog)
    made: list[object] = []
    dialog.vault_ready.connect(made.append)
    dialog.show()
    qtbot.waitExposed(dialog)
    # As a new user would: name, role, municipality, address, then the passphrase twice, then Enter.
    for field, text in (
        (dialog.name, "Anne Jensen"),
        (dialog.role, "SSP-konsulent"),
        (dialog.municipality, "Københavns Kommune"),
        (dialog.address, "Rådhuspladsen 1, 1550 København V"),
        (dialog.passphrase, PASSPHRASE + " med kanelsnegle"),
        (dialog.repeated, PASSPHRASE + " med kanelsnegle"),
    ):
        field.setFocus()
        qtbot.keyClicks(field, text)
    monkeypatch.setattr(QFileDialog, "open", lambda self: pickers.append(self))
    qtbot.keyClick(dialog.repeated, Qt.Key.Key_Return)
    assert not pickers, "Enter opened a file picker"
    assert made, "Enter did not create the vault"
    assert (tmp_path / "egen.sspvault").is_file()
    made[0].close()  # type: ignore[attr-defined]
