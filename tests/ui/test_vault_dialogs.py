"""The create, unlock/restore and change-passphrase dialogs, driven with qtbot on real vault files."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from sspdesk.store.errors import WrongPassphrase
from sspdesk.ui import worker
from sspdesk.ui.vault.first_run import CreateVaultDialog
from sspdesk.ui.vault.unlock_dialog import UnlockDialog, describe_backup
from sspdesk.ui.vault.vault_dialogs import ChangePassphraseDialog
from sspdesk.vaults import list_vault_backups, unlock_vault
from support import PASSPHRASE, templates

STRONG = "kaffe, kanelsnegle og æblekage"


@pytest.fixture(autouse=True)
def jobs_run_at_once():
    with worker.use_pool(worker.SyncPool()):
        yield


def make_closed_vault(path: Path, passphrase: str = PASSPHRASE) -> Path:
    templates.created(path, passphrase, user_name="Test Koordinator").close()  # as create_vault makes it
    return path


def flip_byte(path: Path, offset: int = 100) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0xFF
    path.write_bytes(bytes(data))


def test_create_button_is_enabled_only_for_a_strong_passphrase_typed_twice_and_creates_the_vault(qtbot, vault_path):
    dialog = CreateVaultDialog(vault_path)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.name, "Test Koordinator")
    qtbot.keyClicks(dialog.municipality, "Testkommune")

    qtbot.keyClicks(dialog.passphrase, "kort")
    qtbot.keyClicks(dialog.repeated, "kort")
    assert not dialog.create_button.isEnabled()
    assert "Mindst" in dialog.meter.label.text() or "mindst" in dialog.meter.label.text()

    dialog.passphrase.setText(STRONG)
    dialog.repeated.setText(STRONG + "x")
    assert not dialog.create_button.isEnabled()
    assert dialog.match.text() == "Adgangskoderne er ikke ens."

    dialog.repeated.setText(STRONG)
    assert dialog.create_button.isEnabled()
    with qtbot.waitSignal(dialog.vault_ready) as ready:
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    vault = ready.args[0]
    try:
        assert vault_path.is_file()
        assert vault.is_open
        assert vault.setting("user_name") == "Test Koordinator"
        assert vault.setting("municipality") == "Testkommune"
        assert dialog.passphrase.text() == ""  # the passphrase does not linger in the widget
    finally:
        vault.close()


def test_create_dialog_shows_the_danish_error_when_a_vault_already_exists(qtbot, vault_path):
    make_closed_vault(vault_path)
    before = vault_path.read_bytes()
    dialog = CreateVaultDialog(vault_path)
    qtbot.addWidget(dialog)
    dialog.passphrase.setText(STRONG)
    dialog.repeated.setText(STRONG)
    dialog.create_button.click()
    assert dialog.error.text() == "Der findes allerede en datafil på denne placering."
    assert not dialog.error.isHidden()
    assert dialog.create_button.isEnabled()  # not stuck in the busy state
    assert vault_path.read_bytes() == before


def test_unlocking_with_a_wrong_passphrase_shows_the_danish_message_and_leaves_the_vault_file_unchanged(
    qtbot, vault_path
):
    make_closed_vault(vault_path)
    before = vault_path.read_bytes()
    dialog = UnlockDialog(vault_path)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.passphrase, "forkert adgangskode")
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    assert dialog.error.text() == WrongPassphrase.message
    assert not dialog.error.isHidden()
    assert dialog.passphrase.text() == ""
    assert dialog.vault is None
    assert vault_path.read_bytes() == before


def test_unlocking_with_the_right_passphrase_emits_the_open_vault(qtbot, vault_path):
    make_closed_vault(vault_path)
    dialog = UnlockDialog(vault_path)
    qtbot.addWidget(dialog)
    dialog.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(dialog.vault_ready) as ready:
        dialog.unlock_button.click()
    vault = ready.args[0]
    assert vault.is_open
    assert dialog.passphrase.text() == ""
    vault.close()


def test_a_damaged_vault_offers_its_backups_and_restoring_through_the_dialog_opens_it(qtbot, vault_path):
    make_closed_vault(vault_path)
    assert list_vault_backups(vault_path)  # the backup taken at creation
    flip_byte(vault_path)
    dialog = UnlockDialog(vault_path)
    qtbot.addWidget(dialog)
    dialog.passphrase.setText(PASSPHRASE)
    dialog.unlock_button.click()
    assert "beskadiget" in dialog.error.text()
    assert not dialog.restore_box.isHidden()
    assert dialog.backup_list.count() >= 1
    assert "ved oprettelse" in dialog.backup_list.item(0).text()

    questions = []
    dialog.confirm = lambda title, text: questions.append(text) or True
    with qtbot.waitSignal(dialog.vault_ready) as ready:
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    vault = ready.args[0]
    try:
        assert vault.is_open
        assert vault.setting("user_name") == "Test Koordinator"
        assert "slettes ikke" in questions[0]  # the confirmation says the damaged file is kept
        kept = [p for p in vault_path.parent.glob(vault_path.name + ".replaced-*") if p.suffix != ".audit-anchor"]
        assert len(kept) == 1
        assert "Gendannet" in dialog.notice
    finally:
        vault.close()


def test_declining_the_restore_confirmation_changes_nothing(qtbot, vault_path):
    make_closed_vault(vault_path)
    flip_byte(vault_path)
    damaged = vault_path.read_bytes()
    dialog = UnlockDialog(vault_path)
    qtbot.addWidget(dialog)
    dialog.passphrase.setText(PASSPHRASE)
    dialog.unlock_button.click()
    dialog.confirm = lambda title, text: False
    dialog.restore_button.click()
    assert dialog.vault is None
    assert vault_path.read_bytes() == damaged


def test_a_file_that_is_not_a_vault_gets_a_clear_message(qtbot, tmp_path):
    path = tmp_path / "noget.sspvault"
    path.write_bytes(b"SQLite format 3\x00" + bytes(8192))
    dialog = UnlockDialog(path)
    qtbot.addWidget(dialog)
    dialog.passphrase.setText(PASSPHRASE)
    dialog.unlock_button.click()
    assert dialog.error.text() == "Filen er ikke en sspdesk-datafil."
    assert dialog.restore_box is None  # no backups offered: the box is never made


def test_a_vault_open_elsewhere_gets_the_in_use_message(qtbot, vault):
    dialog = UnlockDialog(vault.path)
    qtbot.addWidget(dialog)
    dialog.passphrase.setText(PASSPHRASE)
    dialog.unlock_button.click()
    assert "allerede åben" in dialog.error.text()


def test_the_demo_note_shows_the_demo_passphrase(qtbot, vault_path):
    make_closed_vault(vault_path)
    dialog = UnlockDialog(vault_path, demo_passphrase="demo-kode")
    qtbot.addWidget(dialog)
    assert dialog.demo_note.text() == "Demodata – adgangskoden er: demo-kode"
    assert not dialog.demo_note.isHidden()
    assert UnlockDialog(vault_path).demo_note.isHidden()


def test_changing_the_passphrase_asks_for_the_current_one_and_rekeys_the_vault(qtbot, vault):
    dialog = ChangePassphraseDialog(vault)
    qtbot.addWidget(dialog)
    dialog.old.setText("ikke den rigtige")
    dialog.passphrase.setText(STRONG)
    dialog.repeated.setText(STRONG)
    assert dialog.ok_button.isEnabled()
    dialog.ok_button.click()
    assert dialog.error.text() == "Den nuværende adgangskode er forkert. Intet er ændret."
    assert dialog.old.text() == ""

    dialog.old.setText(PASSPHRASE)
    with qtbot.waitSignal(dialog.changed):
        dialog.ok_button.click()
    path = vault.path
    vault.close()
    unlock_vault(path, STRONG).close()


def test_a_backup_is_described_by_its_date_time_reason_and_size(tmp_path):
    backup = tmp_path / "sspdesk-20260312-140509-123456-manual.sspbackup"
    backup.write_bytes(bytes(2048))
    text = describe_backup(backup)
    assert text.startswith("12.03.2026 kl. 14.05.09 · taget manuelt · ")
    assert "kB" in text


def test_unlock_runs_on_a_worker_thread_and_reports_back_on_the_gui_thread(qtbot, vault_path):
    make_closed_vault(vault_path)
    threads: list[tuple[int, int]] = []
    with worker.use_pool(None):  # Qt's real thread pool
        worker.run_in_background(threading.get_ident, lambda ident: threads.append((ident, threading.get_ident())))
        qtbot.waitUntil(lambda: bool(threads), timeout=10_000)
        dialog = UnlockDialog(vault_path)
        qtbot.addWidget(dialog)
        dialog.passphrase.setText(PASSPHRASE)
        with qtbot.waitSignal(dialog.vault_ready, timeout=10_000) as ready:
            dialog.unlock_button.click()
            assert dialog.is_busy and not dialog.busy_bar.isHidden()
            assert not dialog.passphrase.isEnabled()
    job_thread, callback_thread = threads[0]
    assert job_thread != callback_thread == threading.get_ident()
    assert not dialog.is_busy
    ready.args[0].close()
