"""What the GUI's automatic team-folder rounds watch (issue 19, item 3): two cheap reads on the GUI thread.

* `change_mark` – the vault's change sequence, which every saved record change raises (a case section, a meeting,
  a consent, an import) and a mere view does not (views only write the audit log). The sync controller compares it
  every few seconds to notice a local change, whichever page made it, and starts a round shortly after.
* `open_conflicts` – how many conflicts wait for a choice (the status bar's "1 konflikt").

The rounds themselves are `sspdesk.teamsync.run_round`, shared with `sspdesk-cli sync`.
"""

from __future__ import annotations

from sspdesk.store import sync_repo
from sspdesk.store.vault import Vault


def change_mark(vault: Vault) -> int:
    return sync_repo.change_seq(vault.conn)


def open_conflicts(vault: Vault) -> int:
    return len(sync_repo.open_conflicts(vault.conn))
