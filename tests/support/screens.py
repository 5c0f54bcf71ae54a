"""Run a piece of GUI code in a fresh Python process whose offscreen screen has a given size.

The test process has one offscreen screen of 800×800, smaller than the main window's minimum; what a window does on
a 1366×768 laptop or a 1920×1080 monitor can only be seen in a process started with such a screen.

Each run is a process of its own that makes its own QApplication on its own screen. With a `screen_server()` the
process is forked from one that has imported PySide6 and the main window once (tests/support/forkserver.py): a
fresh `python -c` spent ~0.7 s of its ~0.8 s of CPU importing them, nothing the window-state tests are about. The
child still starts with no QApplication, reads its screen and settings folder from its own environment and exits."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from support.forkserver import ForkServer, fork_server

SRC = Path(__file__).resolve().parents[2] / "src"
# Imported once by the server: what every window-state run imports (none of them makes a Qt object).
PRELOAD = ["PySide6.QtWidgets", "sspdesk.ui.main_window", "sspdesk.ui.cases.cases_page", "sspdesk.ui.window_state"]
_runs = itertools.count()


@contextmanager
def screen_server() -> Iterator[ForkServer]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(SRC), os.environ.get("PYTHONPATH")) if p)}
    with fork_server(PRELOAD, env) as server:
        yield server


def run_on_screen(server: ForkServer | None, width: int, height: int, code: str, folder: Path, home: Path) -> Any:
    """Run `code` (which prints one JSON value last) with a QApplication on a `width`×`height` screen; the user's
    config folder is `home`'s, so runs in the same test share saved settings. Returns the printed value. With a
    `server` (`screen_server()`) the process is forked from it, otherwise started with `python -c`."""
    config = folder / f"screen-{width}x{height}.json"
    screen = {"name": "Testskærm", "x": 0, "y": 0, "width": width, "height": height, "logicalDpi": 96, "dpr": 1}
    config.write_text(json.dumps({"synthesizedBackingStore": False, "screens": [screen]}))
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
    }
    prelude = "from PySide6.QtWidgets import QApplication\napp = QApplication([])\n"
    if server is None:
        done = subprocess.run(
            [sys.executable, "-c", prelude + code], env=env, capture_output=True, text=True, timeout=120, check=False
        )
        code_, out, err = done.returncode, done.stdout, done.stderr
    else:
        script = folder / f"screen-run-{next(_runs)}.py"
        script.write_text(prelude + code, encoding="utf-8")
        child = server.start([], env=env, script=script)
        raw_out, raw_err = child.communicate(timeout=120)
        code_, out, err = child.returncode, raw_out.decode(), raw_err.decode()
    assert code_ == 0, err
    return json.loads(out.strip().splitlines()[-1])
