"""What someone with the passphrase can do to the audit log in the raw database (plain sqlcipher3 with the key, no
sspdesk code): cut the newest entries and set the stored head back, re-chain the whole log, or empty it."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher

from sspdesk.store.connection import key_literal

FIELDS = ("seq", "at", "user", "action", "record_kind", "record_id", "subject_ref", "detail")
GENESIS = "0" * 64


def _connect(path: Path, passphrase: str) -> Any:
    conn = sqlcipher.connect(str(path))
    conn.execute(f"PRAGMA key = {key_literal(passphrase)}")
    return conn


def _set_head(conn: Any, count: int, head: str) -> None:
    conn.execute("UPDATE meta SET value = ? WHERE key = 'audit_count'", (str(count),))
    conn.execute("UPDATE meta SET value = ? WHERE key = 'audit_head'", (head,))


def head_count(path: Path, passphrase: str) -> int:
    conn = _connect(path, passphrase)
    try:
        return int(conn.execute("SELECT value FROM meta WHERE key = 'audit_count'").fetchone()[0])
    finally:
        conn.close()


def cut_tail(path: Path, passphrase: str, keep: int) -> None:
    """Delete every entry after `keep` and make the stored head say the log ends there."""
    conn = _connect(path, passphrase)
    conn.execute("DELETE FROM audit_log WHERE seq > ?", (keep,))
    head = conn.execute("SELECT hash FROM audit_log WHERE seq = ?", (keep,)).fetchone()[0]
    _set_head(conn, keep, head)
    conn.commit()
    conn.close()


def empty(path: Path, passphrase: str) -> None:
    conn = _connect(path, passphrase)
    conn.execute("DELETE FROM audit_log")
    _set_head(conn, 0, GENESIS)
    conn.commit()
    conn.close()


def rechain(path: Path, passphrase: str, seq: int, detail: str) -> None:
    """Change entry `seq`'s detail, then recompute every hash after it and the stored head: a consistent chain."""
    conn = _connect(path, passphrase)
    conn.execute("UPDATE audit_log SET detail = ? WHERE seq = ?", (detail, seq))
    rows = conn.execute(f"SELECT {', '.join(FIELDS)} FROM audit_log ORDER BY seq").fetchall()
    prev = GENESIS
    for row in rows:
        values = dict(zip(FIELDS, row, strict=True))
        payload = json.dumps(values, sort_keys=True, ensure_ascii=False)
        digest = hashlib.sha256((prev + payload).encode("utf-8")).hexdigest()
        conn.execute("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?", (prev, digest, values["seq"]))
        prev = digest
    _set_head(conn, len(rows), prev)
    conn.commit()
    conn.close()
