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

from bench import memory_bench
from bench.cases_bench import case_pairs
from bench.generate import PASSPHRASE
from bench.meeting_bench import ITEMS, measure, prepare
from bench.timing import median_ms
from sspdesk.store.connection import connect
from sspdesk.store.vault import Vault

SCALES = (1_000, 10_000, 50_000, 200_000)
MEETING = f"open meeting ({ITEMS} items)"
OPEN = "open vault (key derivation included)"
UNLOCK = memory_bench.OVERBLIK  # the "filled main window": Overblik's boxes shown
UNLOCK_FROM = 50_000  # the GUI child runs at these scales and up (it takes a while at 1k too, for nothing)
FIGURES = (
    OPEN,
    "Sager list, first page",
    "case list + filter",
    "FTS search",
    "FTS search, broad term",
    "search total (counted after the page)",
    "open case",
    MEETING,
    UNLOCK,
)
# Why a figure grows faster than logarithmically – written from the code, checked against the measured curve.
WHY = {
    OPEN: "the key derivation and the schema only: should be flat (the full check is not part of opening).",
    "Sager list, first page": "LIMIT 200 from the cases_by_date index, in order: should be flat.",
    "case list + filter": "LIMIT 200 from the filter's index (cases_list), in order: should be flat.",
    "FTS search": (
        "the FTS rowids are in list order, so the first page walks the hits backwards and stops at 200; a prefix "
        'query (`"word"*`) still merges the doclists of every term with that prefix first, which grows with the '
        "number of hits."
    ),
    "FTS search, broad term": "as FTS search, with more hits: a common word hits about 1 in 20 cases.",
    "search total (counted after the page)": (
        "a count of every hit (and the search's audit entry): linear in the hits by nature, which is why the list "
        "shows its first page before it."
    ),
    "open case": "one case by primary key and its sections by index: should be flat.",
    MEETING: "60 items by index plus a committed audit entry: should be flat.",
    UNLOCK: (
        "the key derivation (the window was prepared while the passphrase was typed), the pages' first page of "
        "data and Overblik's boxes, read from indexes on a worker after the window is shown (issue 20): nothing "
        "here reads every case."
    ),
}


def _figure(app_ms: float, base_ms: float) -> dict[str, float]:
    return {"ms": app_ms, "baseline_ms": base_ms, "ratio": app_ms / max(base_ms, 1e-6)}


def measure_scale(scale: int) -> dict[str, dict[str, float]]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "curve.sspvault"
        started = time.perf_counter()
        meeting_id, item_ids = prepare(path, scale)
        generated_s = time.perf_counter() - started
        figures: dict[str, dict[str, float]] = {}
        # Opening first, on the vault as generated (the later figures write to it).
        figures[OPEN] = _figure(
            median_ms(lambda: Vault.open(path, PASSPHRASE).close(), repeat=5),
            median_ms(lambda: connect(path, PASSPHRASE).close(), repeat=5),
        )
        vault, raw = Vault.open(path, PASSPHRASE), connect(path, PASSPHRASE)
        try:
            for name, (app, base) in case_pairs(vault, raw, scale).items():
                figures[name] = _figure(median_ms(app), median_ms(base))
        finally:
            raw.close()
            vault.close()
        figures[MEETING] = measure(path, meeting_id, item_ids, repeat=9)[MEETING]
        if scale >= UNLOCK_FROM:
            figures[UNLOCK] = memory_bench.run(path, PASSPHRASE, scale, repeat=1)[UNLOCK]
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
        have = [x for x in scales if name in results[x]]
        if not have:
            continue
        cells = [
            f"{results[x][name]['ms']:.1f} ({results[x][name]['baseline_ms']:.2f})" if name in results[x] else "–"
            for x in scales
        ]
        low = first if first in have else have[0]
        k = exponent(low, have[-1], results[low][name]["ms"], results[have[-1]][name]["ms"]) if len(have) > 1 else 0
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {k:.2f} |")
        if k > 0.35 and results[have[-1]][name]["ms"] - results[low][name]["ms"] > 0.5:
            notes.append(
                f"* **{name}** grows about as cases^{k:.2f} from {low:,} to {have[-1]:,} cases "
                f"({results[low][name]['ms']:.1f} → {results[have[-1]][name]['ms']:.1f} ms): "
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
    lines += ["", f"Preparation (generated, or copied from the cache) / vault size: {generated}.", "", summary, ""]
    return lines + notes + ([""] if notes else [])


if __name__ == "__main__":
    import sys
    from datetime import datetime

    chosen = tuple(int(s) for s in sys.argv[1:]) or (1_000, 5_000, 10_000)
    print("\n".join(markdown(run(chosen), f"{datetime.now():%Y-%m-%d %H:%M}")))
