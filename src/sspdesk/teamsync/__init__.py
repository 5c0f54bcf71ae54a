"""A team that syncs by itself (issue 19): signed, encrypted bundle files in a folder that Syncthing, OneDrive or a
network share keeps in step – no server of ours.

* `folder` – where the team folder is (the vault setting `team_folder`), that the vault is never inside it, and
  what each file in it is (our immutable `<device>-<seq>-<hash>.sspsync` files, temp files, conflict copies,
  foreign files);
* `reading` – importing every complete, valid file addressed to this laptop from a trusted colleague, once, in
  any order; quarantine; acknowledgements received;
* `writing` – what each round writes (one file per colleague with news: everything since their acknowledgement)
  and pruning our own acknowledged files;
* `round` – `run_round`, one round, and its `RoundReport`;
* `invitations` – adding a colleague from an invitation file, and the fingerprint read aloud;
* `status` – each colleague's last sync and acknowledgement (for `peers list`).

Order never matters: every file carries whole record versions (merged by version vector, `bundles.merge`) and
everything since the colleague's last acknowledgement, so no file waits for a predecessor – a missing or late one is
made good by any later one. Nothing is ever inferred from a file that is missing (a disconnected share, OneDrive's
online-only files): absence changes nothing in the vault.

Known costs (for the benchmark): a file repeats what the colleague has not acknowledged yet, and may carry back
records that came from that colleague (the vault does not track where each version came from); every import that
changes something takes a backup first (`bundles.importer`), one per file.

No Qt and no CLI here: the GUI and `sspdesk-cli sync` both call `run_round`.
"""

from __future__ import annotations

from sspdesk.teamsync.folder import check_folder, set_team_folder, team_folder
from sspdesk.teamsync.invitations import (
    Invitation,
    add_from_invitation,
    fingerprint_words,
    read_invitation,
    write_invitation,
)
from sspdesk.teamsync.round import RoundReport, run_round
from sspdesk.teamsync.status import PeerSync, peer_sync

__all__ = [
    "Invitation",
    "PeerSync",
    "RoundReport",
    "add_from_invitation",
    "check_folder",
    "fingerprint_words",
    "peer_sync",
    "read_invitation",
    "run_round",
    "set_team_folder",
    "team_folder",
    "write_invitation",
]
