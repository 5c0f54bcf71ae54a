"""Property tests of the bundle merge: random edit histories on 2–3 vaults exchanging bundles in random orders.

Properties:
* the merge never loses a version: every version a vault held before an import (its row and its open
  conflicts) and every version in the bundle is afterwards the row, an open conflict, or dominated by one of
  them (so its edits are included) – in particular no local edit is ever lost;
* importing the same bundle twice is a no-op;
* applying a set of bundles in any permutation gives the same final state (rows + open conflicts as a set).

The hypothesis tests run the real merge (`merge_versions`, the real SQL of the store, real migrations) on
in-memory SQLCipher connections – copies of one schema migrated once per test run – to stay fast. The last
test goes end to end through real vault files and real age-encrypted bundles.
"""

from __future__ import annotations

import contextlib
import functools
import json
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sspdesk.bundles.conflicts import resolve_conflict
from sspdesk.bundles.format import RecordVersion, wire_record
from sspdesk.bundles.importer import import_bundle
from sspdesk.bundles.merge import Version, merge_versions
from sspdesk.domain import version_vector as vvec
from sspdesk.domain.version_vector import Order
from sspdesk.store import audit, connection, migrations, records, sync_repo
from sspdesk.store.vault import Vault
from support.bundles import export_to, make_vault

DEVICES = [str(uuid.UUID(int=n + 1)) for n in range(3)]
RECORD_IDS = [str(uuid.UUID(int=0xC0FFEE00 + n)) for n in range(2)]
TABLE = "contacts"


class MemoryVault:
    """A real vault schema in memory (no file, no scrypt/KDF): the parts of Vault the merge service uses."""

    def __init__(self, device_id: str, conn=None) -> None:
        self.device_id = device_id
        self.user = "test"
        self.conn = conn or _copy(_migrated())
        connection.install_functions(self.conn)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Any]:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def log(self, action: str, **fields: str) -> None:
        audit.append(self.conn, self.user, action, **fields)

    def clone(self) -> MemoryVault:
        return MemoryVault(self.device_id, _copy(self.conn))


def _copy(conn: Any) -> Any:
    copy = sqlcipher.connect(":memory:", isolation_level=None)
    connection.install_functions(copy)
    conn.backup(copy)
    return copy


@functools.cache
def _migrated() -> Any:
    """A new vault's schema, migrated once: every MemoryVault starts as a copy of it (the real migrations cost
    ~50 ms a vault – most of an example – and give the same empty schema every time)."""
    conn = sqlcipher.connect(":memory:", isolation_level=None)
    connection.install_functions(conn)
    migrations.apply_pending(conn)
    return conn


def snapshot(vault: MemoryVault) -> list[Version]:
    """A bundle of everything (like export --all), through the wire format and its validation."""
    columns = records.synced_tables(vault.conn)[TABLE]
    wire = [wire_record(TABLE, row, columns) for row in sync_repo.all_rows(vault.conn, TABLE)]
    return [Version.from_wire(RecordVersion.model_validate(w).model_dump(by_alias=True)) for w in wire]


def held_versions(vault: MemoryVault) -> list[Version]:
    """The row and the open conflicts of every record."""
    held = [Version.from_row(TABLE, row) for row in sync_repo.all_rows(vault.conn, TABLE)]
    held += [Version.from_wire(json.loads(c["incoming"])) for c in sync_repo.open_conflicts(vault.conn)]
    return held


def state(vault: MemoryVault) -> tuple:
    rows = sorted(
        (v.id, vvec.dumps(v.vv), v.deleted, v.updated_at, v.digest())
        for v in (Version.from_row(TABLE, r) for r in sync_repo.all_rows(vault.conn, TABLE))
    )
    conflicts = sorted(
        (c["record_id"], c["incoming_vv"], Version.from_wire(json.loads(c["incoming"])).digest())
        for c in sync_repo.open_conflicts(vault.conn)
    )
    return tuple(rows), tuple(conflicts)


def apply(vault: MemoryVault, bundle: list[Version]) -> None:
    with vault.transaction() as conn:
        merge_versions(conn, vault.device_id, bundle)


def assert_nothing_lost(before: list[Version], after: list[Version]) -> None:
    for old in before:
        keepers = [v for v in after if v.table == old.table and v.id == old.id]
        assert any(
            vvec.compare(new.vv, old.vv) is Order.NEWER
            or (vvec.compare(new.vv, old.vv) is Order.EQUAL and new.digest() == old.digest())
            for new in keepers
        ), f"version {old.vv} of {old.id} was lost"


# -- random histories -------------------------------------------------------------------------------------

# One step: (kind, vault, offset of the other vault, record, column, value). Edits and syncs are weighted up so
# concurrent edits – and so conflicts, resolutions and resolutions crossing other edits – are common.
step = st.tuples(
    st.sampled_from(["edit", "edit", "edit", "sync", "sync", "sync", "delete", "resolve"]),
    st.integers(min_value=0, max_value=2),
    st.integers(min_value=0, max_value=1),
    st.integers(min_value=0, max_value=len(RECORD_IDS) - 1),
    st.sampled_from(["name", "phone"]),
    st.sampled_from(["x", "y", "z"]),
)
histories = st.tuples(st.integers(min_value=2, max_value=3), st.lists(step, min_size=4, max_size=24))
RESOLUTIONS = {"x": "local", "y": "incoming", "z": {"phone": "flettet"}}


def run(history: tuple[int, list[tuple]], *, check: bool) -> tuple[list[MemoryVault], list[list[Version]]]:
    """Play a history; with `check`, assert the no-loss and idempotence properties at every import."""
    count, steps = history
    vaults = [MemoryVault(DEVICES[n]) for n in range(count)]
    sent: list[list[Version]] = []
    for kind, v, offset, r, column, value in steps:
        vault, record_id = vaults[v % count], RECORD_IDS[r]
        if kind == "edit":
            values = {column: value}
            if records.current_vv(vault.conn, TABLE, record_id) is None:
                values.setdefault("name", value)
            with vault.transaction() as conn:
                records.put(conn, TABLE, record_id, values, vault.device_id)
        elif kind == "delete":
            if records.get_row(vault.conn, TABLE, record_id) is not None:
                with vault.transaction() as conn:
                    records.delete(conn, TABLE, record_id, vault.device_id)
        elif kind == "sync":
            target = vaults[(v % count + 1 + offset % (count - 1)) % count]
            bundle = snapshot(vault)
            sent.append(bundle)
            before = held_versions(target)
            apply(target, bundle)
            if check:
                assert_nothing_lost([*before, *bundle], held_versions(target))
                once = state(target)
                apply(target, bundle)
                assert state(target) == once
        else:
            conflicts = sync_repo.open_conflicts(vault.conn)
            if conflicts:
                before = held_versions(vault)
                resolve_conflict(vault, conflicts[0]["id"], RESOLUTIONS[value])
                assert_nothing_lost([v for v in before if v.id != conflicts[0]["record_id"]], held_versions(vault))
    return vaults, sent


FAST = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(histories)
def test_no_version_is_ever_lost_and_a_second_import_is_a_no_op(history) -> None:
    vaults, _ = run(history, check=True)
    for vault in vaults:
        # A record's versions in one vault never dominate one another (superseded ones are gone).
        held = held_versions(vault)
        for a in held:
            for b in held:
                if a is not b and a.id == b.id:
                    assert vvec.compare(a.vv, b.vv) is Order.CONCURRENT


@FAST
@given(histories, st.data())
def test_any_order_of_the_same_bundles_gives_the_same_vault(history, data) -> None:
    vaults, sent = run(history, check=False)
    bundles = [*sent, *(snapshot(v) for v in vaults)]
    chosen = data.draw(st.lists(st.sampled_from(range(len(bundles))), min_size=1, max_size=4, unique=True))
    order = data.draw(st.permutations(chosen))
    target = vaults[data.draw(st.integers(min_value=0, max_value=len(vaults) - 1))]
    first, second = target.clone(), target.clone()
    for index in chosen:
        apply(first, bundles[index])
    for index in order:
        apply(second, bundles[index])
    assert state(first) == state(second)
    # And a bundle applied again after all the others still changes nothing.
    settled = state(first)
    apply(first, bundles[chosen[0]])
    assert state(first) == settled


# -- end to end through real vault files and real age encryption ------------------------------------------


def _file_state(vault: Vault) -> tuple:
    conn = vault.conn
    rows = []
    for table, columns in records.synced_tables(conn).items():
        names = ", ".join(("id", "vv", "updated_at", "deleted", *columns))
        rows += [(table, *row) for row in conn.execute(f"SELECT {names} FROM {table}")]  # seq differs by order
    conflicts = [
        tuple(r)
        for r in conn.execute(
            "SELECT table_name, record_id, incoming_vv, incoming FROM conflicts WHERE resolved_at IS NULL"
        )
    ]
    return tuple(sorted(rows)), tuple(sorted(conflicts))


def test_real_bundles_in_two_orders_give_the_same_vault(tmp_path: Path) -> None:
    a, b, c = (make_vault(tmp_path, n) for n in ("pa", "pb", "pc"))
    shared_id = records.new_id()
    try:
        with a.transaction() as conn:
            records.put(conn, TABLE, shared_id, {"name": "Fælles kontakt"}, a.device_id)
        for other in (b, c):
            import_bundle(
                other, export_to(a, other, tmp_path / f"to-{other.path.stem}.sspbundle"), trust_new_sender=True
            )
        for vault, phone in ((a, "111"), (b, "222"), (c, "333")):  # three concurrent edits of one record
            with vault.transaction() as conn:
                records.put(conn, TABLE, shared_id, {"phone": phone}, vault.device_id)
                records.put(conn, TABLE, records.new_id(), {"name": f"Kun hos {vault.path.stem}"}, vault.device_id)
        from_b = export_to(b, a, tmp_path / "b.sspbundle")
        from_c = export_to(c, a, tmp_path / "c.sspbundle")
        a.close()
        shutil.copy(tmp_path / "pa.sspvault", tmp_path / "pa2.sspvault")
        results = []
        for name, order in (("pa", (from_b, from_c)), ("pa2", (from_c, from_b))):
            with Vault.open(tmp_path / f"{name}.sspvault", "kode pa 'æøå'") as copy:
                for data in order:
                    import_bundle(copy, data, trust_new_sender=True)
                assert records.get_row(copy.conn, TABLE, shared_id)["phone"] == "111"  # the local edit stays
                assert len(sync_repo.open_conflicts(copy.conn)) == 2  # both other versions are kept
                results.append(_file_state(copy))
        assert results[0] == results[1]
    finally:
        for vault in (a, b, c):
            vault.close()
