"""Case list, filter, search and open at scale, each against the bare SQL on raw sqlcipher3 in the same run.

The list and the search are timed as the Sager page shows them: the first page of ids (`case_page`, LIMIT 200, read
in list order from an index) and its rows; the total is counted separately, after the page is shown, and has a
figure of its own. The baselines take the first 200 rows of the same index (or FTS hits) with bare SQL.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.generate import PASSPHRASE, RARE
from bench.timing import median_ms
from sspdesk.cases import case_page, case_rows, count_cases, get_case
from sspdesk.store.cases_repo import CaseQuery
from sspdesk.store.connection import connect
from sspdesk.store.vault import Vault

PAGE = 200  # rows the list shows/fetches first
Pairs = dict[str, tuple[Callable[[], object], Callable[[], object]]]


def case_pairs(vault: Vault, raw: Any, scale: int) -> Pairs:
    """(app, baseline) callables of the case figures (also the scale curve's)."""
    sag_id = raw.execute("SELECT id FROM cases WHERE kind = 'sag' LIMIT 1 OFFSET ?", (scale // 3,)).fetchone()[0]
    rare = RARE[7]  # in roughly 1 of 60 cases

    def first_page(query: CaseQuery) -> Callable[[], object]:
        return lambda: case_rows(vault, case_page(vault, query, 0, PAGE))

    def raw_search(term: str) -> Callable[[], object]:
        return lambda: raw.execute(
            "SELECT case_id FROM case_search WHERE case_search MATCH ? LIMIT ?", (f'"{term}"*', PAGE)
        ).fetchall()

    def raw_list(where: str) -> Callable[[], object]:
        return lambda: raw.execute(
            "SELECT id, number, kind, level, subject, status, forum, area, coordinator, registered FROM cases "
            f"WHERE deleted = 0 {where} ORDER BY registered DESC LIMIT ?",
            (PAGE,),
        ).fetchall()

    return {
        "Sager list, first page": (first_page(CaseQuery()), raw_list("")),
        "case list + filter": (
            first_page(CaseQuery(level="II", status="open")),
            raw_list("AND level = 'II' AND status = 'open'"),
        ),
        "FTS search": (first_page(CaseQuery(text=rare)), raw_search(rare)),
        "FTS search, broad term": (first_page(CaseQuery(text="graffiti")), raw_search("graffiti")),
        "search total (counted after the page)": (
            lambda: count_cases(vault, CaseQuery(text="graffiti")),
            lambda: raw.execute("SELECT count(*) FROM case_search WHERE case_search MATCH '\"graffiti\"*'").fetchone(),
        ),
        "open case": (
            lambda: get_case(vault, sag_id),
            lambda: (
                raw.execute("SELECT * FROM cases WHERE id = ?", (sag_id,)).fetchone(),
                raw.execute("SELECT section, fields FROM case_sections WHERE case_id = ?", (sag_id,)).fetchall(),
            ),
        ),
    }


def measure(path: Path, scale: int) -> dict[str, dict[str, float]]:
    """The case figures on the closed vault at `path`."""
    vault, raw = Vault.open(path, PASSPHRASE), connect(path, PASSPHRASE)  # raw: a bare connection for baselines
    try:
        figures = {}
        for name, (app, base) in case_pairs(vault, raw, scale).items():
            app_ms, base_ms = median_ms(app), median_ms(base)
            figures[name] = {"ms": app_ms, "baseline_ms": base_ms, "ratio": app_ms / max(base_ms, 1e-6)}
    finally:
        raw.close()
        vault.close()
    return figures


def run(scale: int) -> dict[str, dict[str, float]]:
    from bench.meeting_bench import prepare

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.sspvault"
        started = time.perf_counter()
        prepare(path, scale)
        figures = measure(path, scale)
        figures["_generate"] = {"seconds": time.perf_counter() - started}
    return figures


if __name__ == "__main__":
    import sys

    for key, value in run(int(sys.argv[1]) if len(sys.argv) > 1 else 5000).items():
        print(key, {k: round(v, 2) for k, v in value.items()})
