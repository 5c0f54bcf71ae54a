"""Import memory is bounded by the batch, not by the bundle (issue 20 item 3: a 100,000-record import took 470 MB).

What is proved is a shape – peak Python allocations follow the batch, not the bundle – and that needs many batches,
not many records. So the batch is made small (`import_passes.BATCH`, a module constant the apply pass reads at call
time, set to 100 here) and the bundle is 2,280 versions: 400 cases with three section entries and a deadline each (as
bench/import_bench.py makes them) and the record of the exchange that travels with each of the 280 sager – 22
batches. It is imported from its file into an empty vault with tracemalloc on.

Before issue 20 the import held the whole plaintext, its parse, the pydantic models, a Version per record and the whole
merge plan at once: 256 MB of Python allocations for 22,800 versions (measured), some 11 kB a version, so about 25 MB at
this size. Streamed, a batch and a small index (under 1 kB a version) were held: 2.9 MB measured (3.0 MB with batches of
50, 3.1 MB with 200; the index has since moved to a scratch database – the second test). Even today's import with the
apply pass unbatched (BATCH set above the bundle) peaks at 7.4 MB here. The bound, 5 MB, is five times below the
whole-bundle design, 1.5 times below an unbatched apply pass and 1.7 times above the streamed import – the margins the
test had before at 22,800 versions in batches of 2,000 (19 MB measured, bound 40 MB, an unbatched apply by the same
slope some 60 MB), at a tenth of the tracemalloc work.
"""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from sspdesk.bundles import import_passes
from sspdesk.bundles.importer import ImportReport, import_file
from sspdesk.store import cases_repo as repo
from sspdesk.store.vault import Vault
from support.bundles import export_to, make_vault

CASES = 400
SAGER = CASES * 7 // 10  # each travels with the sender's record of the exchange (Retsplejelovens § 115)
VERSIONS = CASES * 5 + SAGER  # the case, three section entries, a deadline; the exchanges
BATCH = 100
PEAK_BOUND = 5 * 1024**2  # bytes of Python allocations: a batch's worth and the index, never the whole bundle
WHOLE_BUNDLE_PER_VERSION = 256 * 1024**2 // 22_800  # what the import before issue 20 held per version (measured)
GROWTH_CASES = 200  # and three times as many: 1,140 and 3,420 versions
GROWTH_BOUND = 200 * 1024  # bytes: a sixth of what the import held in Python before


def _fill(vault: Vault, cases: int, *, names: int = 0) -> None:
    """Fictional cases, fast: one transaction, the repository functions (as bench/generate.py). Each sag has a
    person of its own, or (`names`) one of that many."""
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
                "person_name": f"Oskar Opdigtet {i % names if names else i}" if kind == "sag" else "",
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


def _traced_import(vault: Vault, bundle: Path) -> tuple[ImportReport, int]:
    """Import `bundle` with tracemalloc on: the report and the peak of Python allocations (bytes)."""
    tracemalloc.start()
    try:
        report = import_file(vault, bundle, trust_new_sender=True)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return report, peak


def test_a_large_import_keeps_its_peak_memory_to_a_batch_not_the_bundle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The bound proves something only if the whole bundle would break it, with margin, and the bundle is many batches.
    assert WHOLE_BUNDLE_PER_VERSION * VERSIONS > 3 * PEAK_BOUND
    monkeypatch.setattr(import_passes, "BATCH", BATCH)
    assert VERSIONS >= 20 * import_passes.BATCH
    a, b = make_vault(tmp_path, "a"), make_vault(tmp_path, "b")
    _fill(a, CASES)
    bundle = tmp_path / "big.sspbundle"
    export_to(a, b, bundle)
    assert bundle.stat().st_size > 1024**2  # some 1.25 MB: the old import allocated twenty times that
    report, peak = _traced_import(b, bundle)
    assert report.added == VERSIONS and report.conflicts == 0
    assert b.conn.execute("SELECT count(*) FROM case_sections").fetchone()[0] == CASES * 3
    assert peak < PEAK_BOUND, f"import peak {peak / 1024**2:.1f} MB of Python allocations"


def _import_peak(folder: Path, cases: int) -> int:
    """Peak Python allocations of importing `cases` cases (as _fill makes them, the sager about 20 persons) into an
    empty vault."""
    a, b = make_vault(folder, "a"), make_vault(folder, "b")
    _fill(a, cases, names=20)
    bundle = folder / "bundle.sspbundle"
    export_to(a, b, bundle)
    report, peak = _traced_import(b, bundle)
    assert report.added == cases * 5 + cases * 7 // 10
    a.close()
    b.close()
    return peak


def test_three_times_the_records_cost_the_import_no_more_python_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the import remembers of every record (the ids seen, the vault after the bundle for the journal rule,
    the cases touched, the sager and exchanges brought) is in a scratch database, and the bundle is read through a
    buffer of a chunk or two, so the peak does not follow the bundle: 0 KiB more from 1,140 to 3,420 versions
    (measured, after one import that loads what an import loads once). Held in Python, as before, it grew
    1.7 MB here (measured on the code before). The sager are about 20 persons: the bundle's names are the one thing
    still held – the journal rule matches every text against them, as against the vault's own."""
    monkeypatch.setattr(import_passes, "BATCH", 50)
    _import_peak(tmp_path / "first", 20)  # modules, profiles and caches an import loads once
    small = _import_peak(tmp_path / "small", GROWTH_CASES)
    large = _import_peak(tmp_path / "large", 3 * GROWTH_CASES)
    assert large - small < GROWTH_BOUND, f"{(large - small) / 1024:.0f} KiB more for three times the records"
