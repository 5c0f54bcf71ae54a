"""Packaging: the PyInstaller build (packaging/build.sh) and the files that go with it.

The build test takes about a minute and needs PyInstaller (`pip install -e '.[build]'`); it runs only with
SSPDESK_PACKAGING_TEST=1 (or `--run-slow`, should a conftest ever add that option).
"""

from __future__ import annotations

import configparser
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"


def test_desktop_entry_matches_the_application() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # keys are case-sensitive
    entry.read(PACKAGING / "sspdesk.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application"
    assert desktop["Exec"].split()[0] == "sspdesk"  # the executable in dist/sspdesk/
    assert desktop["Icon"] == "sspdesk"
    # app.setDesktopFileName("sspdesk"): Wayland finds the entry (and its icon) by this name.
    assert 'setDesktopFileName("sspdesk")' in (ROOT / "src/sspdesk/ui/app.py").read_text(encoding="utf-8")


def test_packaging_icons_have_their_sizes() -> None:
    from PIL import Image  # a reportlab dependency

    for size in (48, 128, 256):
        with Image.open(PACKAGING / "icons" / f"sspdesk-{size}.png") as image:
            assert image.size == (size, size)
    with Image.open(PACKAGING / "icons" / "sspdesk.ico") as ico:
        assert (256, 256) in ico.info["sizes"] and (16, 16) in ico.info["sizes"]


def _build_wanted(config: pytest.Config) -> bool:
    return os.environ.get("SSPDESK_PACKAGING_TEST") == "1" or bool(config.getoption("--run-slow", default=False))


@pytest.mark.slow
def test_build_and_smoke_test(request: pytest.FixtureRequest) -> None:
    if not _build_wanted(request.config):
        pytest.skip("the PyInstaller build runs only with SSPDESK_PACKAGING_TEST=1")
    pytest.importorskip("PyInstaller", reason="pip install -e '.[build]'")
    result = subprocess.run(
        ["bash", str(PACKAGING / "build.sh"), "--venv", sys.prefix],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=45 * 60,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    assert "sspdesk --self-test ok" in output
    assert "smoke test passed" in output
