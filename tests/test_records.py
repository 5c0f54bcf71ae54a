"""The synced-record model: UUID, version vector, updated_at, tombstone, change counter."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sspdesk.domain.version_vector import Order, compare, merged
from sspdesk.store import records
from sspdesk.store.vault import Vault


def test_every_local_edit_bumps_this_devices_counter_and_the_change_counter(vault: Vault) -> None:
    record_id = records.new_id()
    with vault.transaction() as conn:
        records.put(conn, "contacts", record_id, {"name": "A"}, vault.device_id)
    first = records.get_row(vault.conn, "contacts", record_id)
    with vault.transaction() as conn:
        records.put(conn, "contacts", record_id, {"phone": "12"}, vault.device_id)
    second = records.get_row(vault.conn, "contacts", record_id)
    assert json.loads(first["vv"]) == {vault.device_id: 1}
    assert json.loads(second["vv"]) == {vault.device_id: 2}
    assert second["seq"] > first["seq"]
    assert second["name"] == "A" and second["phone"] == "12"


def test_delete_leaves_a_tombstone_that_travels(vault: Vault) -> None:
    record_id = records.new_id()
    with vault.transaction() as conn:
        records.put(conn, "contacts", record_id, {"name": "A"}, vault.device_id)
        records.delete(conn, "contacts", record_id, vault.device_id)
    assert records.get_row(vault.conn, "contacts", record_id) is None
    tomb = records.get_row(vault.conn, "contacts", record_id, include_deleted=True)
    assert tomb["deleted"] == 1 and json.loads(tomb["vv"]) == {vault.device_id: 2}


def test_unknown_tables_and_columns_are_refused(vault: Vault) -> None:
    with vault.transaction() as conn:
        with pytest.raises(ValueError):
            records.put(conn, "sqlite_master", records.new_id(), {"name": "x"}, vault.device_id)
        with pytest.raises(ValueError):
            records.put(conn, "contacts", records.new_id(), {"name": "x", "evil; --": 1}, vault.device_id)


def test_a_failed_action_leaves_nothing_behind(vault: Vault) -> None:
    with pytest.raises(RuntimeError), vault.transaction() as conn:
        records.put(conn, "contacts", records.new_id(), {"name": "halv"}, vault.device_id)
        raise RuntimeError("crash mid-action")
    assert vault.conn.execute("SELECT count(*) FROM contacts").fetchone()[0] == 0


vectors = st.dictionaries(st.sampled_from(["a", "b", "c"]), st.integers(min_value=0, max_value=5))


@given(vectors, vectors)
def test_comparing_version_vectors_is_antisymmetric(a: dict, b: dict) -> None:
    mirror = {Order.NEWER: Order.OLDER, Order.OLDER: Order.NEWER}
    assert compare(b, a) == mirror.get(compare(a, b), compare(a, b))


@given(vectors, vectors)
def test_the_merged_vector_dominates_or_equals_both(a: dict, b: dict) -> None:
    both = merged(a, b)
    assert compare(both, a) in (Order.NEWER, Order.EQUAL)
    assert compare(both, b) in (Order.NEWER, Order.EQUAL)
