"""Hash-chained audit log of access to personal data.

Each entry's hash covers its own fields and the previous entry's hash; the head (count and last hash) is also
kept in `meta`, so removing, reordering or altering any entry – including the last ones – is detected. The head in
`meta` can be rewritten by anyone with the passphrase; `store/audit_anchor.py` keeps it also outside the vault.
Entries name records and persons by reference only (record id, case number), never by personal data.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sspdesk.store.clock import utc_now
from sspdesk.store.dbapi import Connection
from sspdesk.store.settings import get_meta, set_meta

GENESIS = "0" * 64
_FIELDS = ("seq", "at", "user", "action", "record_kind", "record_id", "subject_ref", "detail")


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: str
    user: str
    action: str
    record_kind: str = ""
    record_id: str = ""
    subject_ref: str = ""
    detail: str = ""


@dataclass(frozen=True)
class ChainCheck:
    ok: bool
    entries: int
    first_broken: int | None = None  # seq of the first entry that does not verify
    reason: str = ""


def _entry_hash(prev_hash: str, values: dict[str, Any]) -> str:
    payload = json.dumps({k: values[k] for k in _FIELDS}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256((prev_hash + payload).encode("utf-8")).hexdigest()


def append(
    conn: Connection,
    user: str,
    action: str,
    *,
    record_kind: str = "",
    record_id: str = "",
    subject_ref: str = "",
    detail: str = "",
) -> AuditEntry:
    """Append one entry inside the caller's transaction."""
    prev_hash = get_meta(conn, "audit_head", GENESIS)
    seq = int(get_meta(conn, "audit_count", "0")) + 1
    entry = AuditEntry(seq, utc_now(), user, action, record_kind, record_id, subject_ref, detail)
    values = entry.__dict__
    digest = _entry_hash(prev_hash, values)
    conn.execute(
        "INSERT INTO audit_log (seq, at, user, action, record_kind, record_id, subject_ref, detail, prev_hash, hash)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (*[values[k] for k in _FIELDS], prev_hash, digest),
    )
    set_meta(conn, "audit_head", digest)
    set_meta(conn, "audit_count", str(seq))
    return entry


PRUNE_ACTION = "audit.prune"


def checkpoint(conn: Connection) -> tuple[int, str]:
    """(seq, hash) of the last pruned entry: where the chain now starts; (0, GENESIS) if nothing was pruned."""
    return int(get_meta(conn, "audit_checkpoint_seq", "0")), get_meta(conn, "audit_checkpoint_hash", GENESIS)


def checkpoint_text(seq: int, digest: str) -> str:
    return f"kontrolpunkt {seq}:{digest}"


def verify(conn: Connection) -> ChainCheck:
    """Walk the chain from its start (or from the checkpoint the audit-log retention left) to the head."""
    start_seq, expected_prev = checkpoint(conn)
    start_hash = expected_prev
    expected_seq, count = start_seq + 1, 0
    rows = conn.execute(f"SELECT {', '.join(_FIELDS)}, prev_hash, hash FROM audit_log ORDER BY seq")
    for row in rows:
        values = dict(zip((*_FIELDS, "prev_hash", "hash"), row, strict=True))
        seq = values["seq"]
        if seq != expected_seq:
            return ChainCheck(False, count, expected_seq, f"post {expected_seq} mangler")
        if values["prev_hash"] != expected_prev or _entry_hash(expected_prev, values) != values["hash"]:
            return ChainCheck(False, count, seq, f"post {seq} er ændret eller flyttet")
        expected_prev = values["hash"]
        expected_seq += 1
        count += 1
    head_count = int(get_meta(conn, "audit_count", "0"))
    if head_count != start_seq + count or get_meta(conn, "audit_head", GENESIS) != expected_prev:
        return ChainCheck(False, count, expected_seq, f"post {expected_seq} og senere mangler")
    if (
        start_seq
        and not conn.execute(
            "SELECT 1 FROM audit_log WHERE action = ? AND detail LIKE ?",
            (PRUNE_ACTION, f"%{checkpoint_text(start_seq, start_hash)}%"),
        ).fetchone()
    ):
        # Pruning always logs where the chain now starts; a checkpoint no entry vouches for was set by hand.
        return ChainCheck(False, count, 1, f"post 1–{start_seq} mangler (ingen logget oprydning)")
    return ChainCheck(True, count)


def head(conn: Connection) -> tuple[int, str]:
    """(count, hash of the newest entry) as the vault records them; (0, GENESIS) for an empty log."""
    return int(get_meta(conn, "audit_count", "0")), get_meta(conn, "audit_head", GENESIS)


def hash_at(conn: Connection, seq: int) -> str | None:
    """The stored hash of entry `seq` (what an anchor at count `seq` names); the checkpoint's hash at the
    checkpoint; None when the entry is not there (pruned or removed)."""
    start_seq, start_hash = checkpoint(conn)
    if seq == start_seq:
        return start_hash
    row = conn.execute("SELECT hash FROM audit_log WHERE seq = ?", (seq,)).fetchone()
    return str(row[0]) if row else None


def links(conn: Connection, start_seq: int, start_hash: str, end_seq: int) -> str | None:
    """The hash at `end_seq` when entries start_seq+1 … end_seq are all there, verify, and chain on from
    `start_hash`; else None. Walks only that stretch (an anchor advancing costs the entries since the last one)."""
    expected_seq, prev = start_seq + 1, start_hash
    rows = conn.execute(
        f"SELECT {', '.join(_FIELDS)}, prev_hash, hash FROM audit_log WHERE seq > ? AND seq <= ? ORDER BY seq",
        (start_seq, end_seq),
    )
    for row in rows:
        values = dict(zip((*_FIELDS, "prev_hash", "hash"), row, strict=True))
        if values["seq"] != expected_seq or values["prev_hash"] != prev or _entry_hash(prev, values) != values["hash"]:
            return None
        prev = values["hash"]
        expected_seq += 1
    return prev if expected_seq == end_seq + 1 else None


def entries(conn: Connection, *, limit: int = 500, action: str | None = None) -> list[AuditEntry]:
    sql = f"SELECT {', '.join(_FIELDS)} FROM audit_log"
    params: list[Any] = []
    if action:
        sql += " WHERE action = ?"
        params.append(action)
    sql += " ORDER BY seq DESC LIMIT ?"
    params.append(limit)
    return [AuditEntry(*row) for row in conn.execute(sql, params)]
