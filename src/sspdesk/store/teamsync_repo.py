"""The team folder's bookkeeping (tables of migration 0018; see sspdesk/teamsync): files judged, files written, and
where each colleague stands. Not synced records: every laptop keeps its own view of the folder."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sspdesk.store.dbapi import Connection

_FILE_COLUMNS = (
    "name",
    "sha256",
    "outcome",
    "reason",
    "writer_device",
    "writer_seq",
    "sender",
    "news",
    "ack_sent",
    "judged_at",
)
_WRITTEN_COLUMNS = ("seq", "name", "peer_id", "mark", "news", "records", "written_at", "acked_at", "pruned_at")


@dataclass(frozen=True)
class PeerState:
    peer_id: str
    acked_mark: int = 0
    written_seq: int = -1
    last_sync_at: str = ""
    last_ack_at: str = ""


# -- files judged ----------------------------------------------------------------------------------------------


def judged(conn: Connection, sha256: str) -> dict[str, Any] | None:
    """How a file with these bytes was judged (not as a copy), if it was."""
    row = conn.execute(
        f"SELECT {', '.join(_FILE_COLUMNS)} FROM teamsync_files WHERE sha256 = ? AND outcome != 'copy' LIMIT 1",
        (sha256,),
    ).fetchone()
    return dict(zip(_FILE_COLUMNS, row, strict=True)) if row else None


def judged_by_name(conn: Connection, name: str) -> dict[str, Any] | None:
    row = conn.execute(f"SELECT {', '.join(_FILE_COLUMNS)} FROM teamsync_files WHERE name = ?", (name,)).fetchone()
    return dict(zip(_FILE_COLUMNS, row, strict=True)) if row else None


def quarantined(conn: Connection) -> list[dict[str, Any]]:
    rows = conn.execute(
        f"SELECT {', '.join(_FILE_COLUMNS)} FROM teamsync_files WHERE outcome = 'quarantined' ORDER BY judged_at, name"
    )
    return [dict(zip(_FILE_COLUMNS, r, strict=True)) for r in rows]


def remember(conn: Connection, values: dict[str, Any]) -> None:
    row = {k: values[k] for k in _FILE_COLUMNS if k in values}
    conn.execute(
        f"INSERT OR REPLACE INTO teamsync_files ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
        tuple(row.values()),
    )


def forget_unknown_senders(conn: Connection, fingerprints: Iterable[str]) -> None:
    """Files of senders who have become colleagues since: judge them again."""
    for fingerprint in fingerprints:
        conn.execute("DELETE FROM teamsync_files WHERE outcome = 'unknown_sender' AND sender = ?", (fingerprint,))


def unknown_sender_fingerprints(conn: Connection) -> set[str]:
    rows = conn.execute("SELECT DISTINCT sender FROM teamsync_files WHERE outcome = 'unknown_sender'")
    return {str(r[0]) for r in rows}


def imported_seqs(conn: Connection, writer_device: str) -> list[int]:
    rows = conn.execute(
        "SELECT DISTINCT writer_seq FROM teamsync_files WHERE writer_device = ? AND outcome = 'imported' ORDER BY 1",
        (writer_device,),
    )
    return [int(r[0]) for r in rows]


def acks_due(conn: Connection, writer_device: str) -> bool:
    """A file with changes from this writer was imported and our acknowledgement has not gone out yet."""
    row = conn.execute(
        "SELECT 1 FROM teamsync_files WHERE writer_device = ? AND outcome = 'imported' AND news = 1 AND ack_sent = 0"
        " LIMIT 1",
        (writer_device,),
    ).fetchone()
    return row is not None


def mark_acks_sent(conn: Connection, writer_device: str) -> None:
    conn.execute(
        "UPDATE teamsync_files SET ack_sent = 1 WHERE writer_device = ? AND outcome = 'imported'", (writer_device,)
    )


# -- files written ---------------------------------------------------------------------------------------------


def last_written_seq(conn: Connection) -> int:
    row = conn.execute("SELECT max(seq) FROM teamsync_written").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def record_written(conn: Connection, values: dict[str, Any]) -> None:
    row = {k: values[k] for k in _WRITTEN_COLUMNS if k in values}
    conn.execute(
        f"INSERT INTO teamsync_written ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", tuple(row.values())
    )


def written(conn: Connection, peer_id: str | None = None) -> list[dict[str, Any]]:
    where, params = ("WHERE peer_id = ?", (peer_id,)) if peer_id else ("", ())
    rows = conn.execute(f"SELECT {', '.join(_WRITTEN_COLUMNS)} FROM teamsync_written {where} ORDER BY seq", params)
    return [dict(zip(_WRITTEN_COLUMNS, r, strict=True)) for r in rows]


def mark_acked(conn: Connection, peer_id: str, seqs: Iterable[int], at: str) -> list[dict[str, Any]]:
    """Record the colleague's acknowledgement of our files `seqs` (those addressed to them); return the newly
    acknowledged ones."""
    wanted = set(seqs)
    newly = [w for w in written(conn, peer_id) if w["seq"] in wanted and w["acked_at"] is None]
    for row in newly:
        conn.execute("UPDATE teamsync_written SET acked_at = ? WHERE seq = ?", (at, row["seq"]))
    return newly


def to_prune(conn: Connection) -> list[dict[str, Any]]:
    rows = conn.execute(
        f"SELECT {', '.join(_WRITTEN_COLUMNS)} FROM teamsync_written"
        " WHERE acked_at IS NOT NULL AND pruned_at IS NULL ORDER BY seq"
    )
    return [dict(zip(_WRITTEN_COLUMNS, r, strict=True)) for r in rows]


def mark_pruned(conn: Connection, seq: int, at: str) -> None:
    conn.execute("UPDATE teamsync_written SET pruned_at = ? WHERE seq = ?", (at, seq))


# -- colleagues ------------------------------------------------------------------------------------------------


def peer_state(conn: Connection, peer_id: str) -> PeerState:
    row = conn.execute(
        "SELECT peer_id, acked_mark, written_seq, last_sync_at, last_ack_at FROM teamsync_peers WHERE peer_id = ?",
        (peer_id,),
    ).fetchone()
    return PeerState(*row) if row else PeerState(peer_id)


def update_peer_state(conn: Connection, peer_id: str, **values: Any) -> None:
    allowed = {"acked_mark", "written_seq", "last_sync_at", "last_ack_at"}
    if set(values) - allowed:
        raise ValueError(sorted(set(values) - allowed))
    conn.execute("INSERT INTO teamsync_peers (peer_id) VALUES (?) ON CONFLICT(peer_id) DO NOTHING", (peer_id,))
    if values:
        assignments = ", ".join(f"{k} = ?" for k in values)
        conn.execute(f"UPDATE teamsync_peers SET {assignments} WHERE peer_id = ?", (*values.values(), peer_id))
