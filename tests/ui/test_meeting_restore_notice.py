"""After a crash while minutes were typed, meeting mode names the items whose minutes were restored from the last
autosave (issue 21, item 8); after a normal close it says nothing. The crash is real: a child process types in
meeting mode and is killed with SIGKILL. Every name and number is invented."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import support
from sspdesk.meeting_sessions import SESSION_KEY
from sspdesk.store.vault import Vault
from sspdesk.ui.meetings.meeting_mode import MeetingModeView
from support import PASSPHRASE
from support.meetings import make_meeting

CHILD = Path(support.__file__).with_name("meeting_crash.py")
SRC = Path(__file__).resolve().parents[2] / "src"


def open_mode(qtbot, vault: Vault, meeting_id: str) -> MeetingModeView:
    view = MeetingModeView()
    qtbot.addWidget(view)
    view.resize(1156, 690)
    view.show()
    qtbot.waitExposed(view)
    view.open_meeting(vault, meeting_id)
    return view


def crash_while_typing(vault: Vault, meeting_id: str, typed: dict[str, str]) -> None:
    """Close the vault; a child process types `typed` (item id → Drøftelse) in meeting mode and is SIGKILLed."""
    vault.close()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), str(CHILD.parents[1])])}
    args = [sys.executable, str(CHILD), str(vault.path), PASSPHRASE, meeting_id]
    args += [f"{item}={text}" for item, text in typed.items()]
    result = subprocess.run(args, env=env, capture_output=True, text=True, timeout=120)
    assert "typed" in result.stdout, result.stderr
    assert result.returncode == -9  # killed, not closed


@pytest.fixture
def reopened(vault):
    """The same vault opened again after the test closed it (for the crash)."""
    opened: list[Vault] = []

    def reopen() -> Vault:
        again = Vault.open(vault.path, PASSPHRASE)
        opened.append(again)
        return again

    yield reopen
    for again in opened:
        again.close()


def test_after_a_crash_meeting_mode_names_the_items_whose_minutes_were_restored(qtbot, vault, reopened):
    setup = make_meeting(vault)
    crash_while_typing(
        vault,
        setup.meeting_id,
        {setup.journal_item: "Uroen er aftaget", setup.topic_item: "Politiet orienterede om weekenden"},
    )
    view = open_mode(qtbot, reopened(), setup.meeting_id)
    assert [item.id for item in view.restored] == [setup.journal_item, setup.topic_item]
    notice = view.notice.text()
    assert view.notice.isVisible()
    assert "ikke lukket normalt" in notice and "gendannet" in notice
    assert "1. " in notice and "2. Orientering fra politiet" in notice
    assert setup.sag_item not in [item.id for item in view.restored]
    # the restored minutes are the ones typed before the crash
    assert view.discussion.toPlainText() == "Uroen er aftaget"
    view.close_meeting()


def test_after_a_normal_close_meeting_mode_names_nothing(qtbot, vault):
    setup = make_meeting(vault)
    view = open_mode(qtbot, vault, setup.meeting_id)
    view.discussion.setPlainText("Uroen er aftaget")
    assert view.save_now()
    view.close_meeting()
    assert vault.setting(SESSION_KEY) == {}
    view.open_meeting(vault, setup.meeting_id)
    assert view.restored == [] and not view.notice.isVisible()
    view.close_meeting()


def test_a_crash_before_anything_was_saved_names_nothing(qtbot, vault, reopened):
    setup = make_meeting(vault)
    view = open_mode(qtbot, vault, setup.meeting_id)
    view.deleteLater()  # gone without close_meeting: the session marker stays, with no item in it
    assert vault.setting(SESSION_KEY) == {setup.meeting_id: []}
    view = open_mode(qtbot, vault, setup.meeting_id)
    assert view.restored == [] and not view.notice.isVisible()
    view.close_meeting()
