"""Process start to the unlock dialog shown, against a bare PySide6 window process started the same way.

The package's bytecode is compiled first, as `pip install` and the PyInstaller build do: a user's start reads
cached bytecode, while a checkout run with PYTHONDONTWRITEBYTECODE=1 (as CI sets) would compile every module of
ours on every start, which the bare window never does. That cold start is reported as a figure of its own.
"""

from __future__ import annotations

import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE_WINDOW = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication(sys.argv)
window = QWidget()
window.show()
QTimer.singleShot(0, app.quit)
sys.exit(app.exec())
"""


def _time_process(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=120)
    elapsed = (time.perf_counter() - start) * 1000
    if done.returncode != 0:
        raise RuntimeError(f"{args} failed: {done.stderr[-500:]}")
    return elapsed


def _timed_pairs(app: list[str], bare: list[str], env: dict[str, str], repeat: int) -> tuple[float, float]:
    _time_process(app, env)  # warm the file cache for both
    _time_process(bare, env)
    app_ms, bare_ms = [], []
    for _ in range(repeat):  # interleaved, so drift on a shared machine hits both alike
        app_ms.append(_time_process(app, env))
        bare_ms.append(_time_process(bare, env))
    return statistics.median(app_ms), statistics.median(bare_ms)


def run(repeat: int = 7) -> dict[str, dict[str, float]]:
    import sspdesk
    from sspdesk.resources import resources_dir

    package = Path(sspdesk.__file__).parent
    with tempfile.TemporaryDirectory() as tmp, tempfile.TemporaryDirectory() as cold:
        vault = Path(tmp) / "start.sspvault"
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
            "SSPDESK_PASSPHRASE": "start-kodeord-2026",
        }
        subprocess.run(
            [sys.executable, "-m", "sspdesk.cli", "--vault", str(vault), "init"],
            env=env,
            check=True,
            capture_output=True,
        )
        app = [sys.executable, "-m", "sspdesk.ui.app", "--vault", str(vault), "--exit-when-shown"]
        bare = [sys.executable, "-c", BARE_WINDOW]
        # Cold: a copy of the package without bytecode first on the path, and none written, so every module of
        # ours is compiled on every start (Python's and PySide6's own bytecode is used, as in the bare process).
        shutil.copytree(package, Path(cold) / "sspdesk", ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copytree(resources_dir(), Path(cold) / "sspdesk" / "resources")  # where a wheel has them
        cold_env = {**env, "PYTHONPATH": cold, "PYTHONDONTWRITEBYTECODE": "1"}
        cold_app, cold_bare = _timed_pairs(app, bare, cold_env, max(3, repeat // 2))
        compileall.compile_dir(package, quiet=1)  # what pip does at install time
        app_median, bare_median = _timed_pairs(app, bare, env, repeat)
    return {
        "start to unlock dialog": {"ms": app_median, "baseline_ms": bare_median, "ratio": app_median / bare_median},
        "start to unlock dialog, no bytecode cache": {
            "ms": cold_app,
            "baseline_ms": cold_bare,
            "ratio": cold_app / cold_bare,
        },
    }


if __name__ == "__main__":
    print(run())
