"""Wall time of the test suite: a fixed subset three ways in one run, and (with `--suite`) the whole suite.

What it measures, honestly: the wall time of `python -m pytest` processes on this machine, startup and collection
included, not the cost of any single test. The subset is fixed (SUBSET: the vault-heavy files – vault, backups,
bundles, cases and a CLI module that opens the vault on every command) so runs on different days compare. It runs

* the way the suite ran before the templates: one process, `SSPDESK_TEST_REAL_VAULTS=1` (every test vault made by
  `Vault.create`, every open derives its key) – the baseline of the first row;
* with the template vaults (tests/support/templates.py), one process – the first row;
* with the templates on two pytest-xdist workers (`-n 2`, as `./dev test`) – the second row, whose baseline is
  the first row's figure.

The three runs follow each other, so a machine that gets busier in between moves them apart: read the ratios
with the load average printed beside them. `--suite` also times the whole suite once, as `./dev test` runs it,
against the issue's target (≤ 3 minutes on 2 cores).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SUBSET = (
    "tests/test_vault.py",
    "tests/test_backups.py",
    "tests/test_bundles.py",
    "tests/test_cases.py",
    "tests/test_cli_cases.py",
)
WORKERS = 2


def _pytest(args: list[str], *, real_vaults: bool = False) -> tuple[float, str]:
    """Wall seconds of one pytest process, and its summary line; a failing run is an error, not a figure."""
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT / "src"), env.get("PYTHONPATH", "")) if p)
    env.pop("SSPDESK_TEST_REAL_VAULTS", None)
    if real_vaults:
        env["SSPDESK_TEST_REAL_VAULTS"] = "1"
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=3600)
    seconds = time.perf_counter() - start
    summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    if done.returncode != 0:
        raise RuntimeError(f"pytest {' '.join(args)} failed: {summary}\n{done.stdout[-2000:]}{done.stderr[-1000:]}")
    return seconds, summary


def _load() -> str:
    try:
        return " / ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:  # pragma: no cover - not on Linux
        return "?"


def run(*, whole_suite: bool = False) -> dict[str, dict[str, float]]:
    subset = list(SUBSET)
    load_before = _load()
    before, _ = _pytest(["-p", "no:xdist", *subset], real_vaults=True)
    serial, summary = _pytest(["-p", "no:xdist", *subset])
    parallel, _ = _pytest(["-n", str(WORKERS), "--dist", "loadfile", *subset])
    figures: dict[str, dict[str, float]] = {
        "test subset, template vaults (1 process)": {"s": serial, "baseline_s": before, "ratio": serial / before},
        f"test subset, template vaults, -n {WORKERS}": {
            "s": parallel,
            "baseline_s": serial,
            "ratio": parallel / serial,
        },
    }
    print(f"suite subset ({summary}); load average before: {load_before}, after: {_load()}", flush=True)
    if whole_suite:
        seconds, summary = _pytest(["-n", str(WORKERS), "--dist", "loadfile"])
        figures["suite wall time (whole suite, -n 2)"] = {"s": seconds, "baseline_s": 180.0, "ratio": seconds / 180}
        print(f"whole suite ({summary}); load average after: {_load()}", flush=True)
    return figures


if __name__ == "__main__":
    for name, figure in run(whole_suite="--suite" in sys.argv).items():
        print(f"{name}: {figure['s']:.1f} s (baseline {figure['baseline_s']:.1f} s, {figure['ratio']:.2f}×)")
