"""The CLI on a large vault against the same command on an empty one, and `cases list --json`'s peak memory.

Opening is constant time (no full check), so a command that reads a few rows should cost on 50,000 cases what it
costs on an empty vault: each command runs as its own process (`python -m sspdesk.cli`, key derivation included),
interleaved with the same command on a vault with a single case, medians of a few pairs. `cases list --json` writes
every case; it streams them from the list query, so its peak memory (VmHWM of the child, see memory_bench) stays
small whatever the vault holds; the baseline is `keys show` on the small vault.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from bench.generate import PASSPHRASE
from bench.memory_bench import PEAK

CHILD = (
    PEAK
    + r"""
import sys
from sspdesk.cli import main
code = main(sys.argv[1:])
sys.stdout.flush()
print(peak_kb(), file=sys.stderr)
sys.exit(code)
"""
)


def _run(vault: Path, args: list[str]) -> tuple[float, float]:
    """(wall ms, peak MB) of one CLI process; its output goes to a file (a large list must not fill a pipe)."""
    env = {**os.environ, "SSPDESK_VAULT": str(vault), "SSPDESK_PASSPHRASE": PASSPHRASE}
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", CHILD, *args], env=env, stdout=out, stderr=subprocess.PIPE)
        elapsed = (time.perf_counter() - started) * 1000
    if done.returncode != 0:
        raise RuntimeError(f"cli bench: {args} failed: {done.stderr.decode()[-500:]}")
    return elapsed, int(done.stderr.decode().split()[-1]) / 1024


def _small_vault(folder: Path) -> tuple[Path, str]:
    from sspdesk.cases import NewCase, register_case
    from sspdesk.store.vault import Vault

    path = folder / "small.sspvault"
    with Vault.create(path, PASSPHRASE, settings={"user_name": "Bench"}) as vault:
        case = register_case(vault, NewCase(level="I", subject="uro ved stationen", registered=date(2024, 5, 1)))
    return path, case.number


def run(large: Path, scale: int, repeat: int = 5) -> dict[str, dict[str, float]]:
    import sqlcipher3.dbapi2  # noqa: F401 - fail early without the dependency

    from sspdesk.store.connection import connect

    raw = connect(large, PASSPHRASE, read_only=True)
    try:
        number = raw.execute("SELECT number FROM cases WHERE kind = 'sag' LIMIT 1 OFFSET ?", (scale // 3,)).fetchone()
    finally:
        raw.close()
    figures: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        small, small_number = _small_vault(Path(tmp))
        for name, args, small_args in (
            ("CLI keys show (large vault vs 1 case)", ["keys", "show"], ["keys", "show"]),
            ("CLI cases show (large vault vs 1 case)", ["cases", "show", number[0]], ["cases", "show", small_number]),
        ):
            _run(large, args), _run(small, small_args)  # warm the file cache for both
            app, base = [], []
            for _ in range(repeat):  # interleaved: drift on a shared machine hits both alike
                app.append(_run(large, args)[0])
                base.append(_run(small, small_args)[0])
            app_ms, base_ms = statistics.median(app), statistics.median(base)
            figures[name] = {
                "ms": app_ms,
                "baseline_ms": base_ms,
                "ratio": app_ms / base_ms,
            }
        list_ms, list_mb = _run(large, ["--json", "cases", "list"])
        _, base_mb = _run(small, ["keys", "show"])
        figures["CLI cases list --json, peak memory"] = {
            "mb": list_mb,
            "baseline_mb": base_mb,
            "ratio": list_mb / base_mb,
            "seconds": list_ms / 1000,
        }
    return figures


if __name__ == "__main__":
    from bench.meeting_bench import prepare

    scale = int(sys.argv[1]) if len(sys.argv) > 1 else 5_000
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cli.sspvault"
        prepare(path, scale)
        for key, value in run(path, scale, repeat=3).items():
            print(key, {k: round(v, 2) for k, v in value.items()})
