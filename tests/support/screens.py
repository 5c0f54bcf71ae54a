"""Run a piece of GUI code in a fresh Python process whose offscreen screen has a given size.

The test process has one offscreen screen of 800×800, smaller than the main window's minimum; what a window does on
a 1366×768 laptop or a 1920×1080 monitor can only be seen in a process started with such a screen."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

SRC = Path(__file__).resolve().parents[2] / "src"


def run_on_screen(width: int, height: int, code: str, folder: Path, home: Path) -> Any:
    """Run `code` (which prints one JSON value last) with a QApplication on a `width`×`height` screen; the user's
    config folder is `home`'s, so runs in the same test share saved settings. Returns the printed value."""
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
    done = subprocess.run(
        [sys.executable, "-c", prelude + code], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])
