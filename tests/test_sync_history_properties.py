"""Issue 17, Tests: histories on 3 vaults with edits, erasures, deletions and closures exchanged in random order.

After every import: every deletion the bundle made is counted in the report (`deleted` per record type), and a
bundle the guards refuse (a settled record changed) leaves the receiver exactly as it was. After everyone has
heard from everyone: no erased person's name or CPR-nr. is left anywhere (erasure records, children and conflict
copies are checked step by step in tests/test_erasure_sync_properties.py).
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sspdesk.bundles import BundleError
from sspdesk.bundles.importer import import_bundle
from sspdesk.case_events import reopen_case
from sspdesk.cases import NewCase, close_case, register_case, save_section
from sspdesk.domain.errors import ServiceError
from sspdesk.duties import erasure
from sspdesk.store import records
from sspdesk.store.vault import Vault
from support.bundles import decrypt_for, dump, export_to, make_vault
from support.records import marker_rows

PERSONS = (("Oskar Opdigtet", "0503104321"), ("Ida Demosen", "0101114321"), ("Freja Fiktiv", "0202124321"))
NAMES = ("a", "b", "c")
COUNTED = ("cases", "meetings", "consents", "case_sections", "deadlines")


def _passphrase(name: str) -> str:
    return f"kode {name} 'æøå'"  # as support.bundles.make_vault


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """Three vaults that trust each other and share three sager, each with a section."""
    folder = tmp_path_factory.mktemp("history")
    vaults = [make_vault(folder, n) for n in NAMES]
    case_ids = []
    for vault, (name, cpr) in zip(vaults, PERSONS, strict=True):
        case = register_case(vault, NewCase(level="II", subject="Hærværk på skolen", person_name=name, cpr=cpr))
        save_section(vault, case.case.id, "status", {"skole": f"{name} har meget fravær"})
        case_ids.append(case.case.id)
    for _ in range(2):
        for i, sender in enumerate(vaults):
            for j, receiver in enumerate(vaults):
                if i != j:
                    import_bundle(
                        receiver, export_to(sender, receiver, folder / "setup.sspbundle"), trust_new_sender=True
                    )
    for vault in vaults:
        vault.close()
    shutil.rmtree(folder / "backups", ignore_errors=True)
    return folder, case_ids


def _live_ids(vault: Vault) -> dict[str, set[str]]:
    return {
        table: {r[0] for r in vault.conn.execute(f"SELECT id FROM {table} WHERE deleted = 0")}
        for table in records.synced_tables(vault.conn)
    }


def _send(sender: Vault, receiver: Vault, out: Path) -> None:
    """Export and import; check the deletion count, or that a refusal changed nothing."""
    data = export_to(sender, receiver, out)
    incoming_tombstones = {
        (r["table"], r["id"]) for r in decrypt_for(receiver, data)["payload"]["records"] if r["deleted"]
    }
    before, state = _live_ids(receiver), dump(receiver)
    try:
        report = import_bundle(receiver, data, allow_large_change=True)
    except BundleError:
        assert dump(receiver) == state  # refused (a settled record changed): nothing changed
        return
    after = _live_ids(receiver)
    gone = {t: len(ids - after.get(t, set())) for t, ids in before.items() if ids - after.get(t, set())}
    # Every live record the import took away is counted: as a deletion the bundle brought (`deleted`) or as a record
    # erased here because a colleague's erasure record arrived (`erased_here`) – and no deletion is claimed that
    # did not happen.
    for table, n in gone.items():
        assert n <= report.deleted.get(table, 0) + report.erased_here.get(table, 0), (table, n, report)
    for table, n in report.deleted.items():
        assert n <= gone.get(table, 0), (table, n, gone)
    tombstoned = {t for t, _ in incoming_tombstones}
    assert set(report.deleted) <= tombstoned


def _step(vaults: list[Vault], case_ids: list[str], step: tuple[str, int, int], n: int, out: Path) -> str | None:
    """Do one step; return the CPR-nr. of a person it erased."""
    kind, v, p = step
    vault, case_id = vaults[v], case_ids[p]
    name, cpr = PERSONS[p]
    try:
        if kind == "send":
            if vaults[p] is not vault:
                _send(vault, vaults[p], out / f"{n}.sspbundle")
        elif kind == "section":
            save_section(vault, case_id, "status", {"skole": f"{name} tilbage i skole {n}"})
        elif kind == "delete":
            live = vault.conn.execute(
                "SELECT id FROM case_sections WHERE case_id = ? AND deleted = 0 ORDER BY seq DESC", (case_id,)
            ).fetchone()
            if live:
                with vault.transaction() as conn:
                    records.delete(conn, "case_sections", live[0], vault.device_id)
        elif kind == "delete_case":
            with vault.transaction() as conn:
                records.delete(conn, "cases", case_id, vault.device_id)
        elif kind == "close":
            close_case(vault, case_id, "Indsatsen er afsluttet.", "nej", today=date(2026, 11, 2))
        elif kind == "reopen":
            reopen_case(vault, case_id, "Ny bekymring fra skolen")
        elif kind == "erase":
            erasure.erase_person(vault, cpr, confirm=True)
            return cpr
    except ServiceError:
        return None  # the step does not apply to the case as it is on that laptop (closed, gone, …)
    return None


steps = st.tuples(
    st.sampled_from(["send", "send", "send", "section", "delete", "delete_case", "close", "reopen", "erase"]),
    st.integers(min_value=0, max_value=2),
    st.integers(min_value=0, max_value=2),
)


@settings(
    max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(st.lists(steps, min_size=3, max_size=8))
@example([("close", 0, 0), ("section", 1, 0), ("send", 1, 0), ("send", 0, 1), ("delete_case", 2, 1), ("send", 2, 0)])
@example([("close", 0, 0), ("close", 1, 0), ("erase", 0, 1)])  # two closings of one case stopped the erasure
@example([("delete", 0, 1), ("send", 0, 1), ("erase", 1, 2), ("send", 1, 0), ("reopen", 0, 0), ("send", 0, 2)])
def test_in_any_order_every_deletion_is_counted_and_no_erased_person_survives(
    template: tuple[Path, list[str]], history: list[tuple[str, int, int]]
) -> None:
    folder, case_ids = template
    with tempfile.TemporaryDirectory() as temp:
        out = Path(temp)
        for name in NAMES:
            shutil.copy(folder / f"{name}.sspvault", out / f"{name}.sspvault")
        vaults = [Vault.open(out / f"{name}.sspvault", _passphrase(name)) for name in NAMES]
        try:
            erased: set[str] = set()
            for n, step in enumerate(history):
                if cpr := _step(vaults, case_ids, step, n, out):
                    erased.add(cpr)
            for n, (v, w) in enumerate([(0, 1), (1, 2), (2, 0), (0, 1), (1, 2), (2, 0)]):
                _step(vaults, case_ids, ("send", v, w), 100 + n, out)
            for vault in vaults:
                for name, cpr in PERSONS:
                    if cpr in erased:
                        assert marker_rows(vault, cpr) == [] and marker_rows(vault, name) == [], name
        finally:
            for vault in vaults:
                vault.close()
