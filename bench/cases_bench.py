"""Case list, filter, search and open at scale, each against the bare SQL on raw sqlcipher3 in the same run."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from bench.generate import PASSPHRASE, RARE, generate
from bench.timing import median_ms
from sspdesk.cases import case_rows, get_case, list_case_ids
from sspdesk.store.cases_repo import CaseQuery
from sspdesk.store.connection import connect

PAGE = 200  # rows the list shows/fetches first


def run(scale: int) -> dict[str, dict[str, float]]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.sspvault"
        started = time.perf_counter()
        vault = generate(path, scale)
        generated_s = time.perf_counter() - started
        raw = connect(path, PASSPHRASE)  # a second, bare connection for the baselines
        sag_id = raw.execute("SELECT id FROM cases WHERE kind = 'sag' LIMIT 1 OFFSET ?", (scale // 3,)).fetchone()[0]

        def app_list() -> None:
            case_rows(vault, list_case_ids(vault, CaseQuery(level="II", status="open"))[:PAGE])

        def raw_list() -> None:
            raw.execute(
                "SELECT id, number, kind, level, subject, status, forum, area, coordinator, registered "
                "FROM cases WHERE deleted = 0 AND level = 'II' AND status = 'open' "
                "ORDER BY registered DESC LIMIT ?",
                (PAGE,),
            ).fetchall()

        rare_word = RARE[7]  # in roughly 1 of 60 cases

        def app_search() -> None:
            case_rows(vault, list_case_ids(vault, CaseQuery(text=rare_word))[:PAGE])

        def raw_search() -> None:
            raw.execute(
                "SELECT case_id FROM case_search WHERE case_search MATCH ? LIMIT ?", (f'"{rare_word}"*', PAGE)
            ).fetchall()

        def app_broad() -> None:
            case_rows(vault, list_case_ids(vault, CaseQuery(text="graffiti"))[:PAGE])

        def raw_broad() -> None:
            raw.execute(
                "SELECT case_id FROM case_search WHERE case_search MATCH '\"graffiti\"*' LIMIT ?", (PAGE,)
            ).fetchall()

        def app_open() -> None:
            get_case(vault, sag_id)

        def raw_open() -> None:
            raw.execute("SELECT * FROM cases WHERE id = ?", (sag_id,)).fetchone()
            raw.execute("SELECT section, fields FROM case_sections WHERE case_id = ?", (sag_id,)).fetchall()

        figures = {}
        for name, app, base in (
            ("case list + filter", app_list, raw_list),
            ("FTS search", app_search, raw_search),
            ("FTS search, broad term", app_broad, raw_broad),
            ("open case", app_open, raw_open),
        ):
            app_ms, base_ms = median_ms(app), median_ms(base)
            figures[name] = {"ms": app_ms, "baseline_ms": base_ms, "ratio": app_ms / max(base_ms, 1e-6)}
        figures["_generate"] = {"seconds": generated_s}
        raw.close()
        vault.close()
    return figures


if __name__ == "__main__":
    import sys

    for key, value in run(int(sys.argv[1]) if len(sys.argv) > 1 else 5000).items():
        print(key, {k: round(v, 2) for k, v in value.items()})
