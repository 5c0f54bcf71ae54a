"""Run every benchmark and write bench/RESULTS.md: `./dev bench [--scale N]`.

Each figure is a median of several runs with its ratio to a baseline measured in the same run, so a slow or
busy machine moves both; the targets are ratios or absolute medians from the issues.
"""

from __future__ import annotations

import argparse
import os
import platform
from datetime import datetime
from pathlib import Path

from bench import cases_bench, startup_bench

RESULTS = Path(__file__).with_name("RESULTS.md")
TARGETS = {
    "start to unlock dialog": "ratio ≤ 1.5",
    "case list + filter": "≤ 100 ms",
    "FTS search": "≤ 100 ms",
    "FTS search, broad term": "(reported)",
    "open case": "≤ 30 ms",
}
BASELINES = {
    "start to unlock dialog": "bare PySide6 window process",
    "case list + filter": "bare SQL on raw sqlcipher3",
    "FTS search": "bare FTS5 query on raw sqlcipher3",
    "FTS search, broad term": "bare FTS5 query on raw sqlcipher3",
    "open case": "bare SQL on raw sqlcipher3",
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


def main() -> None:
    parser = argparse.ArgumentParser(prog="./dev bench")
    parser.add_argument("--scale", type=int, default=50_000, help="cases in the generated vault")
    args = parser.parse_args()
    figures: dict[str, dict[str, float]] = {}
    figures.update(startup_bench.run())
    scale_figures = cases_bench.run(args.scale)
    generated = scale_figures.pop("_generate")
    figures.update(scale_figures)
    lines = [
        "# Benchmark results", "",
        f"Date: {datetime.now():%Y-%m-%d %H:%M}  ",
        f"Machine: {_machine()}  ",
        f"Scale: {args.scale:,} cases, {args.scale * 4:,} section entries (generated in "
        f"{generated['seconds']:.0f} s)", "",
        "| figure | median | baseline | baseline median | ratio | target |",
        "|---|---:|---|---:|---:|---|",
    ]
    for name, f in figures.items():
        lines.append(f"| {name} | {f['ms']:.1f} ms | {BASELINES[name]} | {f['baseline_ms']:.2f} ms | "
                     f"{f['ratio']:.2f}× | {TARGETS[name]} |")
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
