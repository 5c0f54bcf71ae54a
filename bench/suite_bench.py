"""Wall time of the test suite: a fixed subset three ways in one run, and (with `--suite`) the whole suite.

`fixture_setup` times what the `vault` fixture costs per test, a template copy against `Vault.create`, in one
process, interleaved. The rest measures, honestly, the wall time of `python -m pytest` processes on this machine,
start and collection included, not the cost of any single test. The subset is fixed (SUBSET: the vault-heavy
files – vault, backups, bundles, cases and a CLI module that opens the vault on every command) so runs on
different days compare. It runs

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
import statistics
import subprocess
import sys
import tempfile
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


def fixture_setup(repeat: int = 9) -> dict[str, dict[str, float]]:
    """What the `vault` fixture costs per test: a copy of the template (with the key cache), against the full
    `Vault.create` it replaced (a fresh salt each time, so the cache never helps it); interleaved medians."""
    sys.path.insert(0, str(ROOT / "tests"))
    from sspdesk.store.vault import Vault
    from support import PASSPHRASE, templates

    settings = {"user_name": "Test Koordinator"}
    created, copied = [], []
    with tempfile.TemporaryDirectory() as tmp, templates.fast_key_derivation():
        root = Path(tmp)
        made = templates.VaultTemplates(root / "templates")
        made.new_vault(root / "warm" / "test.sspvault", PASSPHRASE, settings).close()  # the template, once
        for n in range(repeat):
            start = time.perf_counter()
            Vault.create(root / f"created{n}" / "test.sspvault", PASSPHRASE, settings=settings).close()
            created.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            made.new_vault(root / f"copied{n}" / "test.sspvault", PASSPHRASE, settings).close()
            copied.append((time.perf_counter() - start) * 1000)
    ms, base = statistics.median(copied), statistics.median(created)
    return {"vault fixture setup (template copy)": {"ms": ms, "baseline_ms": base, "ratio": ms / base}}


def run(*, whole_suite: bool = False) -> dict[str, dict[str, float]]:
    subset = list(SUBSET)
    load_before = _load()
    before, _ = _pytest(["-p", "no:xdist", *subset], real_vaults=True)
    serial, summary = _pytest(["-p", "no:xdist", *subset])
    parallel, _ = _pytest(["-n", str(WORKERS), "--dist", "loadfile", *subset])
    figures: dict[str, dict[str, float]] = {
        **fixture_setup(),
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
    only_fixture = "--fixture" in sys.argv
    results = fixture_setup() if only_fixture else run(whole_suite="--suite" in sys.argv)
    for name, figure in results.items():
        unit = "s" if "s" in figure else "ms"
        median, base = figure[unit], figure["baseline_" + unit]
        print(f"{name}: {median:.1f} {unit} (baseline {base:.1f} {unit}, {figure['ratio']:.2f}×)")
