"""Process start to the unlock dialog shown, against a bare PySide6 window process started the same way."""

from __future__ import annotations

import os
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


def run(repeat: int = 7) -> dict[str, dict[str, float]]:
    with tempfile.TemporaryDirectory() as tmp:
        vault = Path(tmp) / "start.sspvault"
        env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               "SSPDESK_PASSPHRASE": "start-kodeord-2026"}
        subprocess.run([sys.executable, "-m", "sspdesk.cli", "--vault", str(vault), "init"], env=env, check=True,
                       capture_output=True)
        app = [sys.executable, "-m", "sspdesk.ui.app", "--vault", str(vault), "--exit-when-shown"]
        bare = [sys.executable, "-c", BARE_WINDOW]
        _time_process(app, env)  # warm the file cache for both
        _time_process(bare, env)
        app_ms, bare_ms = [], []
        for _ in range(repeat):  # interleaved, so drift on a shared machine hits both alike
            app_ms.append(_time_process(app, env))
            bare_ms.append(_time_process(bare, env))
    app_median, bare_median = statistics.median(app_ms), statistics.median(bare_ms)
    return {"start to unlock dialog": {"ms": app_median, "baseline_ms": bare_median,
                                       "ratio": app_median / bare_median}}


if __name__ == "__main__":
    print(run())
