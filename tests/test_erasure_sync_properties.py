"""Erasure wins in any order (issue 17, Tests): histories on three real vaults with edits, new sections, deletions,
corrections and erasures on request, exchanged as real bundles in random order. Afterwards – once every laptop has
heard from every other – no cell of any vault names an erased person; and at every moment no vault holds a live
version, a live child or a conflict copy of a record that an erasure record it holds lists.

Each example starts from copies of one template: three vaults that trust each other and share three sager.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sspdesk.bundles.importer import import_bundle
from sspdesk.cases import NewCase, register_case, save_section
from sspdesk.domain.errors import NotFound
from sspdesk.duties import erasure, erasure_records
from sspdesk.store import duties_repo, records
from sspdesk.store.vault import Vault
from support.bundles import export_to, make_vault
from support.records import marker_rows

PERSONS = (("Oskar Opdigtet", "0503104321"), ("Ida Demosen", "0101114321"), ("Freja Fiktiv", "0202124321"))
NAMES = ("a", "b", "c")
# A column of a child record pointing at its parent (as erasure_sync reads them).
CHILD_COLUMNS = {"case_id": "cases", "consent_id": "consents", "case_section_id": "case_sections"}


def _passphrase(name: str) -> str:
    return f"kode {name} 'æøå'"  # as support.bundles.make_vault


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """Three vaults that trust each other; vault i registered person i's sag with a section; all shared."""
    folder = tmp_path_factory.mktemp("template")
    vaults = [make_vault(folder, n) for n in NAMES]
    case_ids = []
    for vault, (name, cpr) in zip(vaults, PERSONS, strict=True):
        case = register_case(vault, NewCase(level="II", subject="Indbrud i kiosk", person_name=name, cpr=cpr))
        save_section(vault, case.case.id, "status", {"familie": f"{name} bor hos mor"})
        case_ids.append(case.case.id)
    for _ in range(2):
        for i, sender in enumerate(vaults):
            for j, receiver in enumerate(vaults):
                if i != j:
                    data = export_to(sender, receiver, folder / "setup.sspbundle")
                    import_bundle(receiver, data, trust_new_sender=True)
    for vault in vaults:
        vault.close()
    shutil.rmtree(folder / "backups", ignore_errors=True)
    return folder, case_ids


def _open_copies(template: Path, into: Path) -> list[Vault]:
    for name in NAMES:
        shutil.copy(template / f"{name}.sspvault", into / f"{name}.sspvault")
    return [Vault.open(into / f"{name}.sspvault", _passphrase(name)) for name in NAMES]


def _live(vault: Vault, case_id: str) -> bool:
    row = records.get_row(vault.conn, "cases", case_id)
    return row is not None and row["status"] == "open"


def _step(vaults: list[Vault], case_ids: list[str], step: tuple[str, int, int], n: int, out: Path) -> str | None:
    """Do one step; return the CPR-nr. of a person it erased."""
    kind, v, p = step
    vault, case_id = vaults[v], case_ids[p]
    name, cpr = PERSONS[p]
    if kind == "send":
        target = vaults[p]
        if target is not vault:
            import_bundle(target, export_to(vault, target, out / f"{n}.sspbundle"), allow_large_change=True)
    elif kind == "section" and _live(vault, case_id):
        save_section(vault, case_id, "status", {"familie": f"{name} flyttet {n}"})
    elif kind == "correct" and _live(vault, case_id):
        erasure.correct_field(vault, case_id, "header", "subject", f"Genstand {n}", "Rettelse")
    elif kind == "delete":
        live = vault.conn.execute(
            "SELECT id FROM case_sections WHERE case_id = ? AND deleted = 0 ORDER BY seq DESC", (case_id,)
        ).fetchone()
        if live:
            with vault.transaction() as conn:
                records.delete(conn, "case_sections", live[0], vault.device_id)  # a tombstone that keeps its text
    elif kind == "erase":
        try:
            erasure.erase_person(vault, cpr, confirm=True)
        except NotFound:
            return None
        return cpr
    return None


def _assert_nothing_erased_survives(vault: Vault, erased_persons: set[str]) -> None:
    conn = vault.conn
    listed = {key for record in erasure_records.stored(conn).values() for key in record.erased}
    for table, record_id in listed:
        row = conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (record_id,)).fetchone()
        assert row is None or duties_repo.is_erased(conn, table, record_id), (table, record_id)
    copies = {(t, i) for t, i in conn.execute("SELECT table_name, record_id FROM conflicts")}
    assert not copies & listed
    parents = {table: {i for t, i in listed if t == table} for table in CHILD_COLUMNS.values()}
    for table, columns in records.synced_tables(conn).items():
        for column, parent in CHILD_COLUMNS.items():
            if column in columns and parents[parent] and table != "agenda_items":
                marks = ",".join("?" * len(parents[parent]))
                live = conn.execute(
                    f"SELECT id FROM {table} WHERE deleted = 0 AND {column} IN ({marks})", sorted(parents[parent])
                ).fetchall()
                assert live == [], (table, column)
    for name, cpr in PERSONS:
        if cpr in erased_persons:
            assert marker_rows(vault, cpr) == [] and marker_rows(vault, name) == [], name


steps = st.tuples(
    st.sampled_from(["send", "send", "section", "correct", "delete", "erase"]),
    st.integers(min_value=0, max_value=2),
    st.integers(min_value=0, max_value=2),
)


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    st.builds(
        lambda before, erase, after: [*before, erase, *after],
        st.lists(steps, max_size=4),
        st.tuples(st.just("erase"), st.integers(min_value=0, max_value=2), st.integers(min_value=0, max_value=2)),
        st.lists(steps, max_size=4),
    )
)
@example([("erase", 1, 0), ("section", 0, 0), ("correct", 0, 0), ("send", 0, 1), ("send", 1, 2)])
def test_after_any_exchange_order_no_erased_record_child_or_conflict_copy_survives_anywhere(
    template: tuple[Path, list[str]], history: list[tuple[str, int, int]]
) -> None:
    folder, case_ids = template
    with tempfile.TemporaryDirectory() as temp:
        out = Path(temp)
        vaults = _open_copies(folder, out)
        try:
            erased = set()
            for n, step in enumerate(history):
                erased |= {cpr} if (cpr := _step(vaults, case_ids, step, n, out)) else set()
                for vault in vaults:  # at every moment, against the erasure records each one holds
                    _assert_nothing_erased_survives(vault, set())
            # Everyone hears from everyone: a ring twice round.
            for n, (v, w) in enumerate([(0, 1), (1, 2), (2, 0), (0, 1), (1, 2), (2, 0)]):
                _step(vaults, case_ids, ("send", v, w), 100 + n, out)
            for vault in vaults:
                _assert_nothing_erased_survives(vault, erased)
        finally:
            for vault in vaults:
                vault.close()
