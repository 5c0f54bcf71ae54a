"""The hash-chained audit log detects removed, reordered and altered entries."""

from __future__ import annotations

from sspdesk.store import audit
from sspdesk.store.vault import Vault


def _fill(vault: Vault, n: int = 5) -> None:
    with vault.transaction():
        for i in range(n):
            vault.log("case.view", record_kind="case", record_id=f"id-{i}", subject_ref=f"S-2026-{i:04d}")


def test_an_intact_log_verifies(vault: Vault) -> None:
    _fill(vault)
    check = audit.verify(vault.conn)
    assert check.ok and check.entries == 6  # vault.create + 5


def test_an_altered_entry_is_named(vault: Vault) -> None:
    _fill(vault)
    vault.conn.execute("UPDATE audit_log SET action = 'x' WHERE seq = 3")
    check = audit.verify(vault.conn)
    assert not check.ok and check.first_broken == 3


def test_a_removed_entry_is_named(vault: Vault) -> None:
    _fill(vault)
    vault.conn.execute("DELETE FROM audit_log WHERE seq = 4")
    check = audit.verify(vault.conn)
    assert not check.ok and check.first_broken == 4


def test_removing_the_newest_entries_is_detected(vault: Vault) -> None:
    _fill(vault)
    vault.conn.execute("DELETE FROM audit_log WHERE seq >= 5")
    check = audit.verify(vault.conn)
    assert not check.ok and check.first_broken == 5


def test_reordered_entries_are_detected(vault: Vault) -> None:
    _fill(vault)
    vault.conn.execute("UPDATE audit_log SET seq = -1 WHERE seq = 2")
    vault.conn.execute("UPDATE audit_log SET seq = 2 WHERE seq = 3")
    vault.conn.execute("UPDATE audit_log SET seq = 3 WHERE seq = -1")
    assert not audit.verify(vault.conn).ok
