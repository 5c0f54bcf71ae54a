"""The audit-log anchor in bundles: each bundle carries the sender's anchor; each receiver remembers the last head
it saw from every sender and reports a later one that shows a shorter log or a different history.

A colleague's laptop cannot be reached by whoever rewrites ours, so the heads peers remember are the anchor that
holds even against someone who has the passphrase (and so the device key) – see store/audit_anchor.py.

Sender: the manifest's `audit_anchor` is the current head signed with the device key, plus the chain's hashes at the
counts of our anchors that went out in earlier bundles (the newest anchors_repo.SENT_KEPT of them): the count a
receiver remembers is one of those, so it can check that our chain still has the same hash there.

Receiver: the anchor is checked against the sender's signing key and device id, then held against the remembered
one. A log shorter than before, the same count with another head, or another hash at the remembered count gives a
Danish warning in the import report and an `audit.peer_anchor` entry in our log – the bundle is still imported (its
records may well be fine; the warning is about the sender's log). An anchor signed earlier than the remembered one
(a bundle imported late) changes nothing. When the remembered count is not among the hashes sent (more than
SENT_KEPT exports since, or a bundle from before anchors), only the count can be checked.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sspdesk.bundles.format import AuditAnchor, Manifest, b64decode
from sspdesk.domain.dates import stamp_text
from sspdesk.store import anchors_repo, audit, audit_anchor
from sspdesk.store.audit_anchor import Anchor, AnchorUnreadable
from sspdesk.store.dbapi import Connection
from sspdesk.store.vault import Vault


def bundle_anchor(vault: Vault) -> dict[str, Any]:
    """The manifest's `audit_anchor`. An export is also a moment to bring the file beside the vault up to date."""
    vault.anchor()
    conn = vault.conn
    count, head = audit.head(conn)
    anchor = audit_anchor.sign_head(vault.identity, count, head)
    earlier = []
    for sent in anchors_repo.sent_counts(conn):
        digest = audit.hash_at(conn, sent) if sent < count else None
        if digest:
            earlier.append({"count": sent, "hash": digest})
    return {**anchor.to_json(), "earlier": earlier}


def record_sent(conn: Connection, manifest: Mapping[str, Any]) -> None:
    """After an export: remember the anchor's count, so later bundles vouch for our hash at it."""
    anchor = manifest.get("audit_anchor")
    if anchor:
        anchors_repo.record_sent(conn, int(anchor["count"]))


def _finding(before: Mapping[str, Any], anchor: Anchor, earlier: Mapping[int, str], who: str) -> str:
    """Danish warning when `anchor` contradicts the remembered head `before`; '' when it does not."""
    seen_count, seen_head = int(before["count"]), str(before["head"])
    when = stamp_text(str(before["signed_at"]))
    end = "Pakken er indlæst; tal med afsenderen."
    if anchor.count == seen_count:
        if anchor.head == seen_head:
            return ""
        return (
            f"{who} har en anden historik end i pakken fra {when}: post {seen_count} har en anden "
            f"kontrolsum. Logbogen kan være skrevet om. {end}"
        )
    if anchor.at <= str(before["signed_at"]):
        return ""  # an earlier bundle imported late: nothing to hold it against
    if anchor.count < seen_count:
        return (
            f"{who} er kortere end sidst: {anchor.count} poster nu, {seen_count} i pakken fra {when}. "
            f"Poster kan være fjernet – eller datafilen er gendannet fra en sikkerhedskopi. {end}"
        )
    if earlier.get(seen_count, seen_head) != seen_head:
        return (
            f"{who} har en anden historik end i pakken fra {when}: post {seen_count} har en anden "
            f"kontrolsum. Logbogen kan være skrevet om – eller datafilen er gendannet fra en sikkerhedskopi. {end}"
        )
    return ""


def _parsed(member: AuditAnchor, manifest: Manifest) -> Anchor | None:
    try:
        anchor = audit_anchor.parse(member.model_dump())
    except AnchorUnreadable:
        return None
    key = b64decode(manifest.sender.signing_public_key)
    if not audit_anchor.signature_ok(anchor, key) or anchor.device_id != manifest.sender.device_id:
        return None
    return anchor


def peer_anchor_warnings(vault: Vault, manifest: Manifest, fingerprint: str) -> list[str]:
    """Inside the import's transaction: check and remember the sender's anchor (`fingerprint`: of the key that
    signed the bundle); Danish warnings for the import report."""
    member = manifest.audit_anchor
    if member is None or fingerprint == vault.identity.fingerprint:
        return []
    name = " ".join(manifest.sender.name.split())[:60]
    who = f"Afsenderens logbog ({name})" if name else "Afsenderens logbog"
    anchor = _parsed(member, manifest)
    conn = vault.conn
    if anchor is None:
        warning = f"{who}: ankeret i pakken er ikke gyldigt underskrevet af afsenderen; det er ikke gemt."
    else:
        before = anchors_repo.seen(conn, fingerprint)
        warning = _finding(before, anchor, {p.count: p.hash for p in member.earlier}, who) if before else ""
        if before is None or (anchor.at, anchor.count) > (str(before["signed_at"]), int(before["count"])):
            anchors_repo.remember_seen(
                conn, fingerprint, anchor.device_id, anchor.count, anchor.head, anchor.at, manifest.bundle_id
            )
    if not warning:
        return []
    shown = f"post {anchor.count}:{anchor.head[:16]}" if anchor else "ugyldigt anker"
    vault.log(
        "audit.peer_anchor",
        record_kind="bundle",
        record_id=manifest.bundle_id,
        detail=f"fra {fingerprint}; {shown}",
    )
    return [warning]
