"""The receiving end of a disclosure (issue 15): after an import, a "received" exchange on each DKE-Sag the bundle
brought, as the sender recorded the "sent" one (`sspdesk.bundles.disclosure` is the sending end).

What the import brought is noted batch by batch in its scratch database (`Brought`), not in memory: a bundle of
tens of thousands of sager brings as many exchanges (issue 20).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from sspdesk import legal_basis
from sspdesk.bundles.merge import Version
from sspdesk.bundles.peers import find_peer
from sspdesk.domain.disclosure import PartyType, Recipient
from sspdesk.store import cases_repo
from sspdesk.store.scratch import KeyedRows, KeySet, Scratch, in_chunks
from sspdesk.store.vault import Vault

NO_BASIS_RECORDED = "Ikke oplyst af afsenderen"
# What `record_received` reads of the sender's exchange record; the scratch keeps only these columns of each.
RECEIVED_COLUMNS = (
    "case_id",
    "bundle_id",
    "direction",
    "recipient",
    "recipient_authority",
    "recipient_party",
    "exchanged_on",
    "basis",
    "categories",
    "necessity",
    "conditions",
)


class Brought:
    """What an import brought that `record_received` needs: the DKE-Sager – those in the bundle and those its
    exchanges are about – and the sender's "sent" exchanges of this bundle, by case."""

    def __init__(self, scratch: Scratch, bundle_id: str) -> None:
        self.bundle_id = bundle_id
        self.cases = KeySet(scratch)
        self._sent = KeyedRows(scratch, 1)  # by case id: the columns of each "sent" exchange, as JSON
        self._count = 0

    def note(self, version: Version) -> None:
        data = version.data
        if version.table == "cases" and not version.deleted and data.get("kind") == "sag":
            self.cases.add(version.id)
        elif version.table == "information_exchanges" and data.get("bundle_id") == self.bundle_id:
            case_id = str(data.get("case_id"))
            self.cases.add(case_id)
            if not version.deleted and data.get("direction", "sent") == "sent":
                self._count += 1
                columns = {k: data[k] for k in RECEIVED_COLUMNS if k in data}
                self._sent.put((case_id,), self._count, json.dumps(columns, ensure_ascii=False, default=str))

    def sent_row(self, case_id: str, user: str) -> dict[str, Any] | None:
        """The sender's "sent" exchange of this bundle on this case – the one to us when there are several."""
        rows = [json.loads(columns) for columns in self._sent.get((case_id,))]
        return next((r for r in rows if r.get("recipient") == user), rows[0] if rows else None)


def _received_already(vault: Vault, case_id: str, bundle_id: str) -> bool:
    return any(
        e.direction == "received" and e.bundle_id == bundle_id for e in legal_basis.list_exchanges(vault, case_id)
    )


def record_received(vault: Vault, brought: Brought, sender_fingerprint: str) -> int:
    """After a merge: a "received" exchange on each live DKE-Sag the bundle brought – the recipient is this vault's
    user (with the authority and party type the sender recorded for us), the basis, categories and ticks as the
    sender recorded them, the sender in `what`. A replay records nothing new. Call inside the import transaction."""
    if sender_fingerprint == vault.identity.fingerprint:
        return 0
    bundle_id = brought.bundle_id
    peer = find_peer(vault, sender_fingerprint)
    parties = legal_basis.party_types(vault)
    sender = peer.recipient_record.text(parties) if peer else "ukendt afsender"
    count = 0
    for chunk in in_chunks(brought.cases):
        for case_id in cases_repo.live_sag_ids(vault.conn, chunk):
            if _received_already(vault, case_id, bundle_id):
                continue
            sent = brought.sent_row(case_id, vault.user) or {}
            legal_basis.record_exchange(vault, _request(vault, case_id, bundle_id, sent, sender, parties))
            count += 1
    return count


def _request(
    vault: Vault, case_id: str, bundle_id: str, sent: dict[str, Any], sender: str, parties: Sequence[PartyType]
) -> legal_basis.ExchangeRequest:
    on = date.fromisoformat(sent["exchanged_on"]) if sent.get("exchanged_on") else date.today()
    party = str(sent.get("recipient_party", ""))
    party = party if any(p.key == party for p in parties) else ""  # the sender's profile may name others
    return legal_basis.ExchangeRequest(
        case_id,
        Recipient(vault.user or "denne datafil", str(sent.get("recipient_authority", "")), party),
        tuple(_json_list(sent.get("categories"))),
        str(sent.get("basis") or NO_BASIS_RECORDED),
        min(on, date.today()),
        what=f"DKE-Sag modtaget i krypteret pakke fra {sender}",
        necessity=tuple(_json_list(sent.get("necessity"))),
        conditions=tuple(_json_list(sent.get("conditions"))),
        direction="received",
        bundle_id=bundle_id,
    )


def _json_list(value: Any) -> list[str]:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return []
    return [str(v) for v in value] if isinstance(value, list) else []
