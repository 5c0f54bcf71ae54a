"""Import memory is bounded by the batch, not by the bundle (issue 20 item 3: a 100,000-record import took 470 MB).

A bundle of 20,000 records (4,000 cases with three section entries and a deadline each, as bench/import_bench.py
makes them) is imported from its file into an empty vault with tracemalloc on. Before issue 20 the import held the
whole plaintext, its parse, the pydantic models, a Version per record and the whole merge plan at once: 256 MB of
Python allocations at this size (measured). Now the records stream through in batches of `import_passes.BATCH`; what
grows with the bundle is only a small index (a few hundred bytes per case): 19 MB measured, bound 40 MB.
"""

from __future__ import annotations

import tracemalloc
from pathlib import Path

from sspdesk.bundles import import_passes
from sspdesk.bundles.importer import import_file
from sspdesk.store import cases_repo as repo
from sspdesk.store.vault import Vault
from support.bundles import export_to, make_vault

CASES = 4_000
RECORDS = CASES * 5  # the case, three section entries, a deadline
PEAK_BOUND = 40 * 1024**2  # bytes of Python allocations: a batch's worth and the index, never the whole bundle


def _fill(vault: Vault, cases: int) -> None:
    """Fictional cases, fast: one transaction, the repository functions (as bench/generate.py)."""
    with vault.transaction() as conn:
        for i in range(cases):
            kind = "journal" if i % 10 < 3 else "sag"
            values = {
                "number": repo.allocate_number(conn, kind, 2026),
                "kind": kind,
                "profile": "albertslund",
                "level": "I" if kind == "journal" else "II",
                "subject": f"uro ved stationen aften {i}",
                "forum": "Koordinationsmøde" if kind == "journal" else "Sagsmøde",
                "area": f"Område {i % 12}",
                "coordinator": f"Koordinator {i % 20}",
                "registered": "2026-02-03",
                "status": "open",
                "person_name": f"Oskar Opdigtet {i}" if kind == "sag" else "",
                "cpr": f"0503{i % 100:02d}4{i % 1000:03d}" if kind == "sag" else "",
                "birth_date": "2010-03-05" if kind == "sag" else "",
            }
            case_id = repo.insert_case(conn, vault.device_id, values)
            key = "adfaerd" if kind == "journal" else "familie"
            for section in ("status", "indsats", "opfoelgning"):
                text = f"hærværk ved kiosken og graffiti på skolegården, samtale med klubben {i} " * 3
                repo.add_section(conn, vault.device_id, case_id, section, {key: text}, "Test")
            repo.add_deadlines(conn, vault.device_id, case_id, [("contact", "Kontakt", "2026-02-17")])
            repo.reindex(conn, case_id)


def test_a_large_import_keeps_its_peak_memory_to_a_batch_not_the_bundle(tmp_path: Path) -> None:
    a, b = make_vault(tmp_path, "a"), make_vault(tmp_path, "b")
    _fill(a, CASES)
    bundle = tmp_path / "big.sspbundle"
    export_to(a, b, bundle)
    assert bundle.stat().st_size > 5 * 1024**2  # some 11 MB: the old import allocated twenty times that
    tracemalloc.start()
    try:
        report = import_file(b, bundle, trust_new_sender=True)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert report.added >= RECORDS and report.conflicts == 0
    assert b.conn.execute("SELECT count(*) FROM case_sections").fetchone()[0] == CASES * 3
    assert peak < PEAK_BOUND, f"import peak {peak / 1024**2:.0f} MB of Python allocations"
    assert import_passes.BATCH * 10 <= RECORDS  # the bundle is many batches, or the bound would prove nothing
