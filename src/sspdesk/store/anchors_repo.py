"""The audit-log anchors exchanged with colleagues: the last one seen from each sender, and the counts of our own
that went out in bundles (tables of migration 0014; see bundles/audit_anchors.py)."""

from __future__ import annotations

from typing import Any

from sspdesk.store.clock import utc_now
from sspdesk.store.dbapi import Connection

SENT_KEPT = 32  # how many of our exported anchor counts a bundle vouches for


def seen(conn: Connection, fingerprint: str) -> dict[str, Any] | None:
    columns = ("fingerprint", "device_id", "count", "head", "signed_at", "bundle_id", "seen_at")
    row = conn.execute(
        f"SELECT {', '.join(columns)} FROM audit_anchor_seen WHERE fingerprint = ?", (fingerprint,)
    ).fetchone()
    return dict(zip(columns, row, strict=True)) if row else None


def remember_seen(
    conn: Connection, fingerprint: str, device_id: str, count: int, head: str, signed_at: str, bundle_id: str
) -> None:
    conn.execute(
        "INSERT INTO audit_anchor_seen (fingerprint, device_id, count, head, signed_at, bundle_id, seen_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(fingerprint) DO UPDATE SET device_id = excluded.device_id,"
        " count = excluded.count, head = excluded.head, signed_at = excluded.signed_at,"
        " bundle_id = excluded.bundle_id, seen_at = excluded.seen_at",
        (fingerprint, device_id, count, head, signed_at, bundle_id, utc_now()),
    )


def sent_counts(conn: Connection) -> list[int]:
    return [int(r[0]) for r in conn.execute("SELECT count FROM audit_anchor_sent ORDER BY count DESC")]


def record_sent(conn: Connection, count: int) -> None:
    conn.execute(
        "INSERT INTO audit_anchor_sent (count, sent_at) VALUES (?, ?) ON CONFLICT(count) DO NOTHING",
        (count, utc_now()),
    )
    conn.execute(
        "DELETE FROM audit_anchor_sent WHERE count NOT IN"
        " (SELECT count FROM audit_anchor_sent ORDER BY count DESC LIMIT ?)",
        (SENT_KEPT,),
    )
