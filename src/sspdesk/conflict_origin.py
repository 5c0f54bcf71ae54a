"""Who made the other version of a conflict: the colleague and the laptop (device) it came from.

A conflict keeps both versions with their version vectors (device id → counter). The devices whose counters are
higher in the received version than in ours made the edits we had not seen; each is named by the colleague it is
bound to (`Peer.device_id`, learnt from their bundles or invitation) and by its device id – one colleague may use
two laptops. Used by the side-by-side conflict view, also for conflicts a team-folder round brought in.
"""

from __future__ import annotations

from dataclasses import dataclass

from sspdesk.bundles.merge import ConflictDetail
from sspdesk.bundles.peers import list_peers
from sspdesk.store.vault import Vault


@dataclass(frozen=True)
class Origin:
    device_id: str
    colleague: str  # '' when no colleague is bound to the device

    def text(self) -> str:
        device = f"enheden {self.device_id[:8]}"
        return f"{self.colleague} ({device})" if self.colleague else f"en ukendt kollega ({device})"


def incoming_origins(vault: Vault, detail: ConflictDetail) -> list[Origin]:
    devices = [
        d for d, n in sorted(detail.incoming_vv.items()) if n > detail.local_vv.get(d, 0) and d != vault.device_id
    ]
    names = {p.device_id: p.name for p in list_peers(vault) if p.device_id}
    return [Origin(d, names.get(d, "")) for d in devices]


def origin_text(vault: Vault, detail: ConflictDetail) -> str:
    """'Den modtagne version er ændret af Kollega a (enheden e96383ba).' – or '' when nothing is known."""
    origins = incoming_origins(vault, detail)
    if not origins:
        return ""
    return f"Den modtagne version er ændret af {' og '.join(o.text() for o in origins)}."
