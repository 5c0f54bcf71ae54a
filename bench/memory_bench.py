"""Peak memory (max RSS) of the GUI with a large vault open, against a bare PySide6 window process; and the time
from "Lås op" to the main window with every page filled, against opening the vault alone.

A child process starts the real GUI (`sspdesk.ui.app.AppController`, offscreen), types the passphrase into the
unlock dialog and unlocks (on Qt's thread pool, as in the app), shows the Sager page with its list of every case,
paints the window once, and reports its peak resident set size. The list holds the first page of ids and reads more
as it scrolls; its total (the count label) must be every case. The baseline is a process that shows a bare
QWidget the same way. Each is the median of a few runs.

The same child times the unlock: from the click on "Lås op" until the main window is shown with every page filled.
The click comes as a user's would, after the passphrase has been typed: the child waits until the main window has
been prepared meanwhile (`ui/preload.py`), at most `TYPING` seconds; `AT_ONCE` is a child that clicks the moment the
dialog shows (a pasted passphrase), until Overblik is filled
(key derivation on the worker, then each page's `on_unlocked` on the GUI thread; Overblik's boxes and the full check
run on the worker afterwards, while the window is in use), and, after
it has shut down, `unlock_vault` alone on the same file (the baseline: what no page adds). It also times the click
until Overblik's boxes are filled (its worker done, the boxes shown: `OVERBLIK`), a figure of its own.

The peak is `resource.getrusage(RUSAGE_SELF).ru_maxrss`, except on Linux, where that value survives `execve`:
a child of this (large) benchmark process would report its parent's peak – measured: a child of a 400 MB parent
said 420 MB. There the child reports `VmHWM` from /proc/self/status, the same high-water mark for the new
program only.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
from pathlib import Path

PEAK = r"""
import resource, sys


def peak_kb():
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss // 1024 if sys.platform == "darwin" else rss
"""

TYPING = 3.0  # seconds: the longest the child waits, as a user types the passphrase, before it clicks "Lås op"

GUI = (
    PEAK
    + f"TYPING = {TYPING}\n"
    + r"""
import time
from pathlib import Path
from sspdesk.ui.app import AppController, application
from sspdesk.ui.cases.cases_page import CasesPage

app = application()
controller = AppController(Path(sys.argv[1]))
controller.start()
dialog = controller.unlock_dialog
# A user needs a few seconds to type a passphrase; meanwhile the main window is prepared (`ui/preload.py`). The click
# comes when it is ready, or after TYPING seconds at the most (argv[3] "0": at once, as if pasted).
typing = float(sys.argv[3]) if len(sys.argv) > 3 else TYPING
typed_from = time.perf_counter()
while controller._window is None and time.perf_counter() - typed_from < typing:
    app.processEvents()
    time.sleep(0.005)
dialog.passphrase.setText(sys.argv[2])
started = time.perf_counter()
dialog.unlock_button.click()
deadline = time.monotonic() + 600
while controller.vault is None and time.monotonic() < deadline:
    app.processEvents()
    time.sleep(0.005)
if controller.vault is None:
    sys.exit("not unlocked: " + dialog.error.text())
unlock_ms = (time.perf_counter() - started) * 1000  # the window is shown, its pages filled
window = controller.window
from sspdesk.ui.overview.overview_page import OverviewPage

overview = window.page(OverviewPage)
while overview.filler.filling and time.monotonic() < deadline:
    app.processEvents()
    time.sleep(0.001)
filled_ms = (time.perf_counter() - started) * 1000  # Overblik's boxes filled on the worker and shown
cases = window.page(CasesPage)
window.show_page(window.pages.index(cases))
for _ in range(50):
    app.processEvents()
    time.sleep(0.002)
window.grab()
rows = int("".join(ch for ch in cases.count_label.text() if ch.isdigit()) or 0)  # the list holds a page
peak = peak_kb()
controller.shutdown()
from sspdesk.vaults import unlock_vault

started = time.perf_counter()
unlock_vault(Path(sys.argv[1]), sys.argv[2]).close()
print(peak, rows, unlock_ms, (time.perf_counter() - started) * 1000, filled_ms)
"""
)

BARE = (
    PEAK
    + r"""
import time
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
window = QWidget()
window.resize(1200, 800)
window.show()
for _ in range(50):
    app.processEvents()
    time.sleep(0.002)
window.grab()
print(peak_kb(), 0, 0, 0, 0)
"""
)


OVERBLIK = "unlock to Overblik filled (its boxes on the worker)"
AT_ONCE = "unlock to Overblik filled, clicked the moment the dialog shows"


def _child(code: str, *args: str) -> tuple[float, int, float, float, float]:
    """(peak MB, cases listed, unlock to window ms, vault open alone ms, unlock to Overblik filled ms) as the child
    reports them."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, timeout=900)
    if done.returncode != 0:
        raise RuntimeError(f"memory bench child failed: {done.stderr[-800:]}")
    kilobytes, rows, unlock_ms, open_ms, filled_ms = done.stdout.split()[-5:]
    return int(kilobytes) / 1024, int(rows), float(unlock_ms), float(open_ms), float(filled_ms)


def run(vault: Path, passphrase: str, expected_cases: int, repeat: int = 3) -> dict[str, dict[str, float]]:
    if sys.platform == "win32":
        return {}  # resource.getrusage does not exist there
    app, bare, unlock, opened, filled, at_once = [], [], [], [], [], []
    for _ in range(repeat):
        at_once.append(_child(GUI, str(vault), passphrase, "0")[4])
        megabytes, rows, unlock_ms, open_ms, filled_ms = _child(GUI, str(vault), passphrase)
        if rows != expected_cases:
            raise RuntimeError(f"memory bench: the Sager list shows {rows} cases, expected {expected_cases}")
        app.append(megabytes)
        unlock.append(unlock_ms)
        opened.append(open_ms)
        filled.append(filled_ms)
        bare.append(_child(BARE)[0])
    app_mb, bare_mb = statistics.median(app), statistics.median(bare)
    unlock_ms, open_ms = statistics.median(unlock), statistics.median(opened)
    return {
        "unlock to main window (every page filled)": {
            "ms": unlock_ms,
            "baseline_ms": open_ms,
            "ratio": unlock_ms / open_ms,
        },
        OVERBLIK: {
            "ms": statistics.median(filled),
            "baseline_ms": unlock_ms,
            "ratio": statistics.median(filled) / unlock_ms,
        },
        AT_ONCE: {
            "ms": statistics.median(at_once),
            "baseline_ms": statistics.median(filled),
            "ratio": statistics.median(at_once) / statistics.median(filled),
        },
        "peak memory, GUI with the vault open (Sager)": {
            "mb": app_mb,
            "baseline_mb": bare_mb,
            "ratio": app_mb / bare_mb,
        },
    }


if __name__ == "__main__":
    import tempfile

    from bench.generate import PASSPHRASE, generate

    scale = int(sys.argv[1]) if len(sys.argv) > 1 else 5_000
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "memory.sspvault"
        generate(path, scale).close()
        print(run(path, PASSPHRASE, scale, repeat=1))
