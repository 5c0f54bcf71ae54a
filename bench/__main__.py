"""Run every benchmark and write bench/RESULTS.md: `./dev bench [--scale N] [--quick] [--scale-curve]`.

Each figure is a median of several runs with its ratio to a baseline measured in the same run, so a slow or
busy machine moves both; the targets are ratios or absolute medians from the issues.

* `--quick`: a small vault (5,000 cases), a 2,000-record bundle, fewer repetitions; prints the table and leaves
  RESULTS.md alone (unless `--write`).
* `--suite`: also time the whole test suite (`-n 2`, as `./dev test`); the fixed test subset is timed in every run
  but `--quick` (bench/suite_bench.py says what it measures).
* `--team-sync`: also time team folder sync rounds against export/import by hand (bench/team_sync_bench.py; it
  runs alone with `python -m bench.team_sync_bench --write`). Without it, its section of RESULTS.md is kept.
* `--scale-curve`: also measure the case figures and opening a meeting at 1k, 10k, 50k and 200k cases
  (`--curve-scales` to choose; 200k takes several minutes to generate). Without it, the scale-curve section of
  the previous RESULTS.md is kept as it was, with its own date.
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from datetime import datetime
from pathlib import Path

from bench import (
    bundle_bench,
    cases_bench,
    cli_bench,
    import_bench,
    meeting_bench,
    memory_bench,
    pdf_bench,
    scale_curve,
    startup_bench,
    suite_bench,
    team_sync_bench,
)
from bench.generate import PASSPHRASE

RESULTS = Path(__file__).with_name("RESULTS.md")
CURVE_HEADING = "## Scale curve"
TARGETS = {
    "start to unlock dialog": "ratio ≤ 1.5",
    "start to unlock dialog, no bytecode cache": "(reported)",
    "Sager list, first page": "k ≤ 0.35 (scale curve)",
    "case list + filter": "≤ 100 ms",
    "FTS search": "≤ 100 ms; k ≤ 0.35 (scale curve)",
    "FTS search, broad term": "(reported)",
    "search total (counted after the page)": "(reported)",
    "open case": "≤ 30 ms",
    "open meeting (60 items)": "≤ 200 ms",
    "keystroke to saved (autosave)": "≤ 50 ms",
    "CLI keys show (large vault vs 1 case)": "ratio ≤ 1.3",
    "CLI cases show (large vault vs 1 case)": "ratio ≤ 1.3",
    "CLI cases list --json, peak memory": "≤ 100 MB",
    "bundle export + import": "≤ 3 s",
    "bundle export": "(reported)",
    "bundle import": "(reported)",
    "consent PDF": "(reported)",
    "unlock to main window (every page filled)": "(reported)",
    memory_bench.OVERBLIK: "≤ 600 ms",
    memory_bench.AT_ONCE: "(reported)",
    "peak memory, GUI with the vault open (Sager)": "(reported)",
    "vault fixture setup (template copy)": "(reported)",
    "test subset, template vaults (1 process)": "(reported)",
    "test subset, template vaults, -n 2": "(reported)",
    "suite wall time (whole suite, -n 2)": "≤ 180 s",
}
BASELINES = {
    "start to unlock dialog": "bare PySide6 window process",
    "start to unlock dialog, no bytecode cache": "bare PySide6 window process",
    "Sager list, first page": "bare SQL on raw sqlcipher3",
    "case list + filter": "bare SQL on raw sqlcipher3",
    "FTS search": "bare FTS5 query on raw sqlcipher3",
    "FTS search, broad term": "bare FTS5 query on raw sqlcipher3",
    "search total (counted after the page)": "bare FTS5 count on raw sqlcipher3",
    "open case": "bare SQL on raw sqlcipher3",
    "open meeting (60 items)": "bare SQL reads on raw sqlcipher3",
    "keystroke to saved (autosave)": "bare 1-row UPDATE + COMMIT on raw sqlcipher3",
    "CLI keys show (large vault vs 1 case)": "the same command on a 1-case vault",
    "CLI cases show (large vault vs 1 case)": "the same command on a 1-case vault",
    "CLI cases list --json, peak memory": "keys show on a 1-case vault",
    "bundle export + import": "pyrage encrypt + decrypt of the same JSON",
    "bundle export": "pyrage encrypt of the same JSON",
    "bundle import": "pyrage decrypt of the same JSON",
    "consent PDF": "one-page reportlab document",
    "unlock to main window (every page filled)": "open the vault alone (key derivation; no full check)",
    memory_bench.OVERBLIK: "unlock to main window (the row above)",
    memory_bench.AT_ONCE: "unlock to Overblik filled (the row above)",
    "peak memory, GUI with the vault open (Sager)": "bare PySide6 window process",
    "vault fixture setup (template copy)": "Vault.create, as the fixture did before",
    "test subset, template vaults (1 process)": "the same, every vault created and every key derived (as before)",
    "test subset, template vaults, -n 2": "the same in 1 process (the row above)",
    "suite wall time (whole suite, -n 2)": "the target",
}


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = os.cpu_count()
    return f"{platform.system()} {platform.release()}, {cpu}, {cores} cores, Python {platform.python_version()}"


def _row(name: str, f: dict[str, float]) -> str:
    """A table row; a figure without a stated target or baseline is still written (never lose a run to a name)."""
    if "mb" in f:
        median, base = f"{f['mb']:.0f} MB", f"{f['baseline_mb']:.0f} MB"
    elif "s" in f:
        median, base = f"{f['s']:.1f} s", f"{f['baseline_s']:.1f} s"
    else:
        median, base = f"{f['ms']:.1f} ms", f"{f['baseline_ms']:.2f} ms"
    baseline, target = BASELINES.get(name, "–"), TARGETS.get(name, "(reported)")
    return f"| {name} | {median} | {baseline} | {base} | {f['ratio']:.2f}× | {target} |"


def _previous_curve() -> list[str]:
    """The scale-curve section of the last RESULTS.md, to keep it when the curve is not run again."""
    if not RESULTS.exists():
        return []
    text = RESULTS.read_text(encoding="utf-8")
    start = text.find(CURVE_HEADING)
    return [*text[start:].rstrip("\n").splitlines(), ""] if start >= 0 else []


def main() -> None:
    parser = argparse.ArgumentParser(prog="./dev bench")
    parser.add_argument("--scale", type=int, help="cases in the generated vault (default 50,000; 5,000 with --quick)")
    parser.add_argument("--quick", action="store_true", help="small and fast; prints, does not write RESULTS.md")
    parser.add_argument("--write", action="store_true", help="with --quick: write RESULTS.md all the same")
    parser.add_argument("--suite", action="store_true", help="also time the whole test suite (minutes)")
    parser.add_argument("--scale-curve", action="store_true", help="also run the scale curve (takes minutes)")
    parser.add_argument("--team-sync", action="store_true", help="also run the team folder sync (takes minutes)")
    parser.add_argument("--import-memory", action="store_true", help="also import 10k/100k records (minutes)")
    parser.add_argument(
        "--curve-scales",
        default=",".join(str(s) for s in scale_curve.SCALES),
        help="comma-separated case counts for --scale-curve",
    )
    args = parser.parse_args()
    scale = args.scale or (5_000 if args.quick else 50_000)
    bundle_records = 2_000 if args.quick else 10_000
    repeat = 3 if args.quick else None

    run_started = time.perf_counter()
    figures: dict[str, dict[str, float]] = {}
    figures.update(startup_bench.run(repeat=repeat or 15))  # short processes on a shared machine: more pairs
    scale_figures = cases_bench.run(scale)
    generated = scale_figures.pop("_generate")
    figures.update(scale_figures)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "meeting.sspvault"
        meeting_id, item_ids = meeting_bench.prepare(path, scale)  # the vault cases_bench used: from the cache
        figures.update(cli_bench.run(path, scale, repeat=3 if args.quick else 5))  # before anything writes to it
        figures.update(meeting_bench.measure(path, meeting_id, item_ids))
        figures.update(memory_bench.run(path, PASSPHRASE, scale, repeat=1 if args.quick else 3))
    figures.update(pdf_bench.run())
    bundle = bundle_bench.run(bundle_records, repeat=repeat or 5)
    bundle_info = bundle.pop("_bundle")
    figures.update(bundle)
    if not args.quick or args.suite:
        figures.update(suite_bench.run(whole_suite=args.suite))

    lines = [
        "# Benchmark results",
        "",
        f"Date: {datetime.now():%Y-%m-%d %H:%M}  ",
        f"Machine: {_machine()}  ",
        f"Scale: {scale:,} cases, {scale * 4:,} section entries (generated in {generated['seconds']:.0f} s; a "
        f"cached vault is copied in a second or two, see bench/generate.py)  ",
        f"This run took {(time.perf_counter() - run_started) / 60:.1f} min (without the scale curve).",
        "",
        "| figure | median | baseline | baseline median | ratio | target |",
        "|---|---:|---|---:|---:|---|",
    ]
    lines += [_row(name, f) for name, f in figures.items()]
    lines += [
        "",
        "Start: `sspdesk --vault … ` until the unlock dialog is shown, and a process that shows a bare QWidget, "
        "interleaved. The package's bytecode is compiled first, as an install does; the row without a bytecode "
        "cache compiles every module of ours on each start (a checkout with PYTHONDONTWRITEBYTECODE=1).  ",
        f"Bundle: {bundle_records:,} records (cases with three section entries and a deadline each), "
        f"{bundle_info['bytes'] / 1e6:.1f} MB encrypted; export + import is the whole action on both laptops "
        "(select, sign, encrypt, write; read, decrypt, verify, validate, back up, merge into an empty vault).  ",
        "Meeting: a Sagsmøde with 60 items (50 cases, 10 topics), minutes on every item, 20 dispositions, 8 "
        "participants; opening it writes one audit entry (a committed transaction), the baseline only reads. A "
        "keystroke saves the minutes of a case item (also the case's minutes section and search text).  ",
        "Memory: the GUI unlocked on the same vault with the Sager page showing every case; max RSS of the "
        "process. Unlock: from the click on «Lås op» until the main window is shown with every page filled, in the "
        "same process; the baseline opens the vault alone afterwards.  ",
        f"Tests: wall time of pytest processes (start and collection included) on a fixed subset of "
        f"{len(suite_bench.SUBSET)} vault-heavy test files, run one after the other: as before the template vaults, "
        "with them, and with them on two xdist workers; `--suite` adds the whole suite as `./dev test` runs it. "
        "On a busy machine these move with the load more than any other row.",
        "Memory: the GUI unlocked on the same vault with the Sager page shown (its first page of ids; the count "
        "says every case); max RSS of the process. Unlock: from the click on «Lås op» until the main window is "
        'shown with every page filled (Overblik shows "Henter overblikket …" and fills its boxes on a worker '
        "afterwards: «unlock to Overblik filled» times that), in the same process; the baseline opens the vault "
        "alone afterwards. The full check runs on the worker after the window is shown and is in neither figure.  ",
        "CLI: each command as its own process (`python -m sspdesk.cli`, key derivation included) on the large "
        "vault, interleaved with the same command on a vault with one case; `cases list --json` writes every case "
        "to a file, streamed, and its peak is the child's VmHWM.",
        "",
    ]
    # Team folder sync (issue 19): its own section, kept as it was unless run (bench/team_sync_bench.py).
    if args.team_sync:
        team = team_sync_bench.run()
        lines += team_sync_bench.markdown(team, f"{datetime.now():%Y-%m-%d %H:%M}")
    else:
        lines += team_sync_bench.previous_section(RESULTS)
    previous = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    when = f"{datetime.now():%Y-%m-%d %H:%M}"
    lines += (
        import_bench.markdown(import_bench.run(), when)
        if args.import_memory
        else import_bench.previous_section(previous)
    )
    if args.scale_curve:
        scales = tuple(int(s) for s in args.curve_scales.split(","))
        curve = scale_curve.run(scales)
        lines += scale_curve.markdown(curve, f"{datetime.now():%Y-%m-%d %H:%M}")
    else:
        lines += _previous_curve()
    text = "\n".join(lines).rstrip("\n") + "\n"
    if not args.quick or args.write:
        RESULTS.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
