"""The real program under a screen reader's eyes (issue 21, item 10): started under Xvfb in a session bus of its own
with QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1, walked through AT-SPI by tests/support/atspi_walker.py (system Python with
pyatspi). No focusable widget may lack a name, and a DKE-Journal is registered and minutes are taken through
accessibility actions and keys only. Afterwards the vault itself must hold both.

Needs the Debian packages ./dev installs (python3-pyatspi, at-spi2-core, xvfb, dbus, openbox); skipped without them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import sspdesk
from sspdesk.cases import list_cases
from sspdesk.meetings import get_meeting, list_meetings
from sspdesk.store.vault import Vault
from support import PASSPHRASE, templates

SYSTEM_PYTHON = "/usr/bin/python3"
WALKER = Path(__file__).parents[1] / "support" / "atspi_walker.py"
SUBJECT = "Uro ved stationen om aftenen"
MINUTES = "Drøftet uro ved stationen; SSP følger op."


def _missing_tools() -> list[str]:
    missing = [tool for tool in ("Xvfb", "dbus-run-session", "openbox") if shutil.which(tool) is None]
    if not Path(SYSTEM_PYTHON).exists():
        return [*missing, SYSTEM_PYTHON]
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True)
    return missing + ([] if probe.returncode == 0 else ["python3-pyatspi"])


pytestmark = pytest.mark.skipif(bool(_missing_tools()), reason=f"AT-SPI tools missing: {_missing_tools()}")


def test_a_screen_reader_user_finds_every_control_named_and_registers_a_journal_and_takes_minutes(tmp_path):
    path = tmp_path / "atspi.sspvault"
    templates.new_vault(path, PASSPHRASE, settings={"user_name": "Test Koordinator"}).close()
    source = str(Path(sspdesk.__file__).parents[1])
    env = {
        **os.environ,
        "SSPDESK_WALKER_PASSPHRASE": PASSPHRASE,
        "PYTHONPATH": os.pathsep.join(filter(None, [source, os.environ.get("PYTHONPATH", "")])),
    }
    env.pop("QT_QPA_PLATFORM", None)  # the walker sets xcb for the program
    program = [sys.executable, "-m", "sspdesk.ui.app", "--vault", str(path)]
    run = subprocess.run(
        [SYSTEM_PYTHON, str(WALKER), "--subject", SUBJECT, "--minutes", MINUTES, "--", *program],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    steps = [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]
    failures = [s for s in steps if s.get("ok") is False]
    assert run.returncode == 0 and not failures, run.stdout + run.stderr[-4000:]
    checked = {s["step"] for s in steps if s.get("ok")}
    assert {"navne i Lås op", "navne på Sager", "navne i Ny sag", "navne i mødetilstand", "afsluttet"} <= checked

    vault = Vault.open(path, PASSPHRASE)
    try:
        assert [c.subject for c in list_cases(vault) if c.kind == "journal"] == [SUBJECT]
        (meeting,) = list_meetings(vault)
        items = get_meeting(vault, meeting.id).items
        assert MINUTES in [item.minutes.discussion for item in items]  # the new journal is proposed as well
    finally:
        vault.close()
