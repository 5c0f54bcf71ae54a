"""A child process for the crash-safety tests: the GUI's autosave loop without the GUI.

    python crash_child.py autosave RUN ITEM_ID [ITEM_ID ...]

Opens the vault named by SSPDESK_VAULT with SSPDESK_PASSPHRASE, prints `ready`, then calls
`sspdesk.meetings.save_item_minutes` in a loop – save n goes to item n mod len(items) with the text
`minutes_text(RUN, n)` – and prints `saved n` after each call has returned (flushed at once). The parent kills it
with SIGKILL at a random point; every `saved` line it read must be in the vault afterwards.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

MAX_SECONDS = 60.0  # a parent that forgot us must not leave a writer running


def minutes_text(run: int, n: int) -> str:
    return f"Kørsel {run}, gemning {n}: drøftelsen fortsætter, mens der skrives (fiktiv tekst)."


def autosave(run: int, item_ids: list[str]) -> None:
    from sspdesk.meetings import save_item_minutes
    from sspdesk.store.vault import Vault

    vault = Vault.open(Path(os.environ["SSPDESK_VAULT"]), os.environ["SSPDESK_PASSPHRASE"])
    print("ready", flush=True)
    started = time.monotonic()
    n = 0
    while time.monotonic() - started < MAX_SECONDS:
        save_item_minutes(vault, item_ids[n % len(item_ids)], minutes_text(run, n), f"Beslutning {n}")
        print(f"saved {n}", flush=True)
        n += 1
    vault.close()


def main(argv: list[str]) -> int:
    if len(argv) >= 3 and argv[0] == "autosave":
        autosave(int(argv[1]), argv[2:])
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
