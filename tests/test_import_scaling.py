"""An import's work grows with the bundle, not faster (issue 20 item 3: a 100,000-record import must finish).

Counted, never timed: the search rows an import rebuilds, and the SQL statements it runs per record, with
`import_passes.BATCH` made small so that each bundle here is many batches, as a large one is at the real batch size.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from sspdesk.bundles import import_passes
from sspdesk.bundles.importer import import_file
from sspdesk.store import cases_repo as repo
from sspdesk.store.vault import Vault
from support.bundles import export_to, make_vault

BATCH = 7  # records per batch here: a case's five records fall in different batches


def _fill(vault: Vault, cases: int) -> None:
    """Fictional cases (a journal, then two sager, over and over), each with three section entries and a deadline."""
    with vault.transaction() as conn:
        for i in range(cases):
            kind = "journal" if i % 3 == 0 else "sag"
            values = {
                "number": repo.allocate_number(conn, kind, 2026),
                "kind": kind,
                "profile": "albertslund",
                "level": "I" if kind == "journal" else "II",
                "subject": "uro ved stationen",
                "forum": "Koordinationsmøde" if kind == "journal" else "Sagsmøde",
                "area": "Område 3",
                "coordinator": "Koordinator 7",
                "registered": "2026-02-03",
                "status": "open",
                "person_name": f"Oskar Opdigtet {i}" if kind == "sag" else "",
                "cpr": f"05031041{i % 100:02d}" if kind == "sag" else "",
                "birth_date": "2010-03-05" if kind == "sag" else "",
            }
            case_id = repo.insert_case(conn, vault.device_id, values)
            key = "adfaerd" if kind == "journal" else "familie"
            for section in ("status", "indsats", "opfoelgning"):
                repo.add_section(conn, vault.device_id, case_id, section, {key: "hærværk ved kiosken"}, "Test")
            repo.add_deadlines(conn, vault.device_id, case_id, [("contact", "Kontakt", "2026-02-17")])
            repo.reindex(conn, case_id)


def _bundle(folder: Path, cases: int) -> tuple[Vault, Path]:
    """A colleague's bundle of `cases` cases and a fresh, empty vault to import it into."""
    sender, receiver = make_vault(folder, f"a{cases}"), make_vault(folder, f"b{cases}")
    _fill(sender, cases)
    bundle = folder / f"{cases}.sspbundle"
    export_to(sender, receiver, bundle)
    sender.close()
    return receiver, bundle


def _statements(folder: Path, cases: int) -> tuple[int, int]:
    """(records added, SQL statements the import ran) for a bundle of `cases` cases."""
    receiver, bundle = _bundle(folder, cases)
    ran = Counter[str]()
    receiver.conn.set_trace_callback(lambda sql: ran.update([sql.split()[0]]))
    try:
        report = import_file(receiver, bundle, trust_new_sender=True)
    finally:
        receiver.conn.set_trace_callback(None)
    return report.added, sum(ran.values())


def test_an_import_rebuilds_each_case_search_row_once_however_many_batches_its_records_fall_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(import_passes, "BATCH", BATCH)
    receiver, bundle = _bundle(tmp_path, 12)
    rebuilt = Counter[str]()
    reindex = repo.reindex

    def counted(conn: object, case_id: str) -> None:
        rebuilt[case_id] += 1
        reindex(conn, case_id)  # type: ignore[arg-type]

    monkeypatch.setattr(repo, "reindex", counted)
    report = import_file(receiver, bundle, trust_new_sender=True)
    assert report.added >= 12 * 5 > 5 * BATCH  # many batches
    assert len(rebuilt) == 12 and set(rebuilt.values()) == {1}
    assert receiver.conn.execute("SELECT count(*) FROM case_search").fetchone()[0] == 12
    numbers = [r[0] for r in receiver.conn.execute("SELECT number FROM case_search WHERE case_search MATCH 'kiosken'")]
    assert len(numbers) == 12  # the rows were built from the sections, all of which had arrived


def test_the_sql_an_import_runs_per_record_does_not_grow_with_the_bundle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(import_passes, "BATCH", BATCH)
    sizes = (6, 12, 24)
    counted = [_statements(tmp_path, cases) for cases in sizes]
    added = [a for a, _ in counted]
    ran = [n for _, n in counted]
    assert added[2] - added[1] == 2 * (added[1] - added[0])  # the bundles grow by whole cases
    # Linear: doubling the cases added doubles the statements added (a fixed overhead aside), within 3 %.
    first, second = ran[1] - ran[0], ran[2] - ran[1]
    assert second <= 2 * first * 1.03, f"statements {ran} for {added} records"
