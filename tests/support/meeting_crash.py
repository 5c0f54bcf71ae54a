"""Run as a program: open a vault, type minutes for some items in meeting mode, wait until they are autosaved, then
die by SIGKILL – the crash that meeting mode must tell about next time. Arguments: vault path, passphrase, meeting
id, then `item_id=text` pairs."""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from sspdesk.store.vault import Vault
from sspdesk.ui.meetings.meeting_mode import MeetingModeView


def main() -> None:
    path, passphrase, meeting_id, *typed = sys.argv[1:]
    app = QApplication([])
    vault = Vault.open(Path(path), passphrase)
    view = MeetingModeView()
    view.show()
    for pair in typed:
        item_id, text = pair.split("=", 1)
        if view.detail is None:
            view.open_meeting(vault, meeting_id, item_id)
        else:
            view.agenda.setCurrentRow([i.id for i in view.detail.items].index(item_id))
        view.discussion.setPlainText(text)
        deadline = time.monotonic() + 20
        while view._holder.autosave is not None and view._holder.autosave.pending is not None:
            if time.monotonic() > deadline:
                sys.exit("not autosaved")
            app.processEvents()
            time.sleep(0.02)
    print("typed", flush=True)
    os.kill(os.getpid(), signal.SIGKILL)


if __name__ == "__main__":
    main()
