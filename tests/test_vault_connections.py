"""One owner thread per vault connection: job connections on other threads, the hand-over, and the instance lock."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import PASSPHRASE
from sspdesk.store import backups
from sspdesk.store.errors import VaultInUse
from sspdesk.store.vault import Vault, VaultThreadError


def on_another_thread(fn: Callable[[], Any]) -> Any:
    """Run `fn` on a new thread; return its result or raise what it raised."""
    result: list[Any] = []
    error: list[BaseException] = []

    def run() -> None:
        try:
            result.append(fn())
        except BaseException as exc:  # handed back to the test thread
            error.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(30)
    if error:
        raise error[0]
    return result[0]


def settings_count(vault: Vault) -> int:
    return vault.conn.execute("SELECT count(*) FROM settings").fetchone()[0]


def test_a_job_connection_reads_only_what_the_owner_has_committed(vault: Vault) -> None:
    before = settings_count(vault)

    def count_on_a_job_connection() -> int:
        with vault.job_connection():
            return settings_count(vault)

    with vault.transaction():
        vault.conn.execute("INSERT INTO settings (key, value) VALUES ('uncommitted', '1')")
        assert on_another_thread(count_on_a_job_connection) == before
    assert on_another_thread(count_on_a_job_connection) == before + 1


def test_a_job_connection_neither_takes_nor_releases_the_instance_lock(vault: Vault) -> None:
    def try_a_second_open_during_a_job() -> type[BaseException] | None:
        with vault.job_connection():
            vault.setting("user_name")
            try:
                Vault.open(vault.path, PASSPHRASE).close()
            except VaultInUse:
                return VaultInUse
        return None

    assert on_another_thread(try_a_second_open_during_a_job) is VaultInUse
    with pytest.raises(VaultInUse):  # still locked after the job connection closed
        Vault.open(vault.path, PASSPHRASE)


def test_the_vault_cannot_be_closed_while_a_job_connection_is_open(vault: Vault) -> None:
    inside, leave = threading.Event(), threading.Event()

    def job() -> None:
        with vault.job_connection():
            inside.set()
            leave.wait(10)

    thread = threading.Thread(target=job)
    thread.start()
    try:
        assert inside.wait(10)
        with pytest.raises(VaultThreadError):
            vault.close()
        assert vault.is_open
    finally:
        leave.set()
        thread.join(10)
    vault.close()
    assert not vault.is_open


def test_hand_over_and_take_over_move_the_vault_to_another_thread(vault: Vault) -> None:
    vault.hand_over()
    with pytest.raises(VaultThreadError):  # nobody owns it now
        vault.setting("user_name")

    def take_over_use_and_hand_back() -> str:
        vault.take_over()
        name = vault.setting("user_name")
        vault.hand_over()
        return name

    assert on_another_thread(take_over_use_and_hand_back) == "Test Koordinator"
    vault.take_over()
    assert vault.owned_by_this_thread and vault.setting("user_name") == "Test Koordinator"
    with pytest.raises(VaultThreadError):  # a thread can take over only a vault that was handed over
        on_another_thread(vault.take_over)


def test_a_handed_over_vault_can_be_closed_and_the_lock_is_released(vault: Vault) -> None:
    vault.hand_over()
    on_another_thread(vault.close)
    assert not vault.is_open
    Vault.open(vault.path, PASSPHRASE).close()


def test_a_backup_made_on_a_job_connection_opens_with_the_passphrase(vault: Vault) -> None:
    def backup_in_a_job() -> Path:
        with vault.job_connection():
            return vault.backup("manual")

    made = on_another_thread(backup_in_a_job)
    assert made in backups.backups_opening_with(vault.path, PASSPHRASE)
