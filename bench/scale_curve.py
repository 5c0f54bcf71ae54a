"""The scale curve: the case figures and opening a meeting at 1k, 10k, 50k and 200k cases.

One generated vault per scale (`bench.generate` plus the meeting of `bench.meeting_bench`), each figure against
its bare-SQL baseline in the same run. The case figures are the operations of `bench.cases_bench` (the same calls
and the same baseline queries), measured here on the vault that also holds the meeting, so each scale is generated
once. The summary says, per figure, how the median grows from the second scale to the last (the exponent k of
time ∝ cases^k: about 0 is flat, well below 1 logarithmic, about 1 linear) and why, where it is not flat.
"""

from __future__ import annotations

import math
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.cases_bench import PAGE
from bench.generate import PASSPHRASE, RARE
from bench.meeting_bench import ITEMS, measure, prepare
from bench.timing import median_ms
from sspdesk.cases import case_rows, get_case, list_case_ids
from sspdesk.store.cases_repo import CaseQuery
from sspdesk.store.connection import connect
from sspdesk.store.vault import Vault

SCALES = (1_000, 10_000, 50_000, 200_000)
MEETING = f"open meeting ({ITEMS} items)"
FIGURES = ("case list + filter", "FTS search", "FTS search, broad term", "open case", MEETING)
# Why a figure grows faster than logarithmically – written from the code, checked against the measured curve.
WHY = {
    "case list + filter": (
        "`list_case_ids` returns the id of *every* matching case, sorted by registration date (the Sager list "
        "keeps all ids and fetches rows lazily, so the count and the scrollbar are exact); matches grow with the "
        "vault, so this is a sort of O(matches) ids. The baseline stops at the first 200 rows of an index."
    ),
    "FTS search": (
        "the full-text query returns the id of every matching case, joined to its case and sorted by date before "
        "the first page shows (O(hits · log hits)); the baseline takes the first 200 FTS hits unsorted. The "
        "search's audit entry masks registered names through a piece index (`minimisation._candidates`), rebuilt "
        "only when the vault changes."
    ),
    "FTS search, broad term": ("as FTS search, with more hits: a common word hits about 1 in 20 cases."),
    "open case": "one case by primary key and its sections by index: should be flat.",
    MEETING: "60 items by index plus a committed audit entry: should be flat.",
}


def _case_pairs(vault: Vault, raw, scale: int) -> dict[str, tuple[Callable[[], object], Callable[[], object]]]:
    """(app, baseline) callables, exactly as in bench.cases_bench.run."""
    sag_id = raw.execute("SELECT id FROM cases WHERE kind = 'sag' LIMIT 1 OFFSET ?", (scale // 3,)).fetchone()[0]
    rare = RARE[7]
    return {
        "case list + filter": (
            lambda: case_rows(vault, list_case_ids(vault, CaseQuery(level="II", status="open"))[:PAGE]),
            lambda: raw.execute(
                "SELECT id, number, kind, level, subject, status, forum, area, coordinator, registered FROM cases "
                "WHERE deleted = 0 AND level = 'II' AND status = 'open' ORDER BY registered DESC LIMIT ?",
                (PAGE,),
            ).fetchall(),
        ),
        "FTS search": (
            lambda: case_rows(vault, list_case_ids(vault, CaseQuery(text=rare))[:PAGE]),
            lambda: raw.execute(
                "SELECT case_id FROM case_search WHERE case_search MATCH ? LIMIT ?", (f'"{rare}"*', PAGE)
            ).fetchall(),
        ),
        "FTS search, broad term": (
            lambda: case_rows(vault, list_case_ids(vault, CaseQuery(text="graffiti"))[:PAGE]),
            lambda: raw.execute(
                "SELECT case_id FROM case_search WHERE case_search MATCH '\"graffiti\"*' LIMIT ?", (PAGE,)
            ).fetchall(),
        ),
        "open case": (
            lambda: get_case(vault, sag_id),
            lambda: (
                raw.execute("SELECT * FROM cases WHERE id = ?", (sag_id,)).fetchone(),
                raw.execute("SELECT section, fields FROM case_sections WHERE case_id = ?", (sag_id,)).fetchall(),
            ),
        ),
    }


def measure_scale(scale: int) -> dict[str, dict[str, float]]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "curve.sspvault"
        started = time.perf_counter()
        meeting_id, item_ids = prepare(path, scale)
        generated_s = time.perf_counter() - started
        figures: dict[str, dict[str, float]] = {}
        vault, raw = Vault.open(path, PASSPHRASE), connect(path, PASSPHRASE)
        try:
            for name, (app, base) in _case_pairs(vault, raw, scale).items():
                app_ms, base_ms = median_ms(app), median_ms(base)
                figures[name] = {"ms": app_ms, "baseline_ms": base_ms, "ratio": app_ms / max(base_ms, 1e-6)}
        finally:
            raw.close()
            vault.close()
        figures[MEETING] = measure(path, meeting_id, item_ids, repeat=9)[MEETING]
        figures["_generate"] = {"seconds": generated_s, "bytes": float(path.stat().st_size)}
    return figures


def run(scales: tuple[int, ...] = SCALES, log: Callable[[str], None] = print) -> dict[int, dict[str, dict]]:
    results = {}
    for scale in scales:
        log(f"scale curve: {scale:,} cases …")
        results[scale] = measure_scale(scale)
    return results


def exponent(small: int, large: int, t_small: float, t_large: float) -> float:
    return math.log(max(t_large, 1e-6) / max(t_small, 1e-6)) / math.log(large / small)


def markdown(results: dict[int, dict[str, dict]], when: str) -> list[str]:
    scales = sorted(results)
    lines = [
        "## Scale curve",
        "",
        f"Run: {when}. One generated vault per scale (4 section entries per case, a 60-item meeting); medians in ms "
        "(baseline in brackets: the same bare SQL as above).",
        "",
        "| figure | " + " | ".join(f"{s:,} cases" for s in scales) + " | growth k |",
        "|---|" + "---:|" * len(scales) + "---:|",
    ]
    first = scales[1] if len(scales) > 2 else scales[0]
    notes = []
    for name in FIGURES:
        cells = [f"{results[s][name]['ms']:.1f} ({results[s][name]['baseline_ms']:.2f})" for s in scales]
        k = exponent(first, scales[-1], results[first][name]["ms"], results[scales[-1]][name]["ms"])
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {k:.2f} |")
        if k > 0.35 and results[scales[-1]][name]["ms"] - results[first][name]["ms"] > 0.5:
            notes.append(
                f"* **{name}** grows about as cases^{k:.2f} from {first:,} to {scales[-1]:,} cases "
                f"({results[first][name]['ms']:.1f} → {results[scales[-1]][name]['ms']:.1f} ms): "
                f"{WHY[name]}"
            )
    generated = ", ".join(
        f"{s:,}: {results[s]['_generate']['seconds']:.0f} s / {results[s]['_generate']['bytes'] / 1e6:.0f} MB"
        for s in scales
    )
    summary = (
        (
            f"Growth k: time ∝ cases^k between {first:,} and {scales[-1]:,} cases (0 flat, ≪ 1 logarithmic, 1 "
            "linear). Not flat or logarithmic (k > 0.35 and more than 0.5 ms slower):"
        )
        if notes
        else ("All figures are flat or logarithmic (k ≤ 0.35, or less than 0.5 ms slower).")
    )
    lines += ["", f"Generation time / vault size: {generated}.", "", summary, ""]
    return lines + notes + ([""] if notes else [])


if __name__ == "__main__":
    import sys
    from datetime import datetime

    chosen = tuple(int(s) for s in sys.argv[1:]) or (1_000, 5_000, 10_000)
    print("\n".join(markdown(run(chosen), f"{datetime.now():%Y-%m-%d %H:%M}")))
