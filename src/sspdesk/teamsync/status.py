"""Where each colleague stands in the team folder: when a file of theirs was last imported here (last sync), when
they last acknowledged one of ours, and how many of our files still wait for their acknowledgement."""

from __future__ import annotations

from dataclasses import dataclass

from sspdesk.store import teamsync_repo
from sspdesk.store.vault import Vault


@dataclass(frozen=True)
class PeerSync:
    peer_id: str
    last_sync_at: str  # '' = never
    last_ack_at: str  # '' = never
    unacknowledged: int  # our files in the folder they have not acknowledged yet

    def to_json(self) -> dict[str, object]:
        return {
            "last_sync_at": self.last_sync_at,
            "last_ack_at": self.last_ack_at,
            "unacknowledged": self.unacknowledged,
        }


def peer_sync(vault: Vault, peer_id: str) -> PeerSync:
    conn = vault.conn
    state = teamsync_repo.peer_state(conn, peer_id)
    waiting = [w for w in teamsync_repo.written(conn, peer_id) if w["acked_at"] is None and w["pruned_at"] is None]
    return PeerSync(peer_id, state.last_sync_at, state.last_ack_at, len(waiting))
