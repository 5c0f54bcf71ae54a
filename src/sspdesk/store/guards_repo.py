"""SQL for the import guards (bundles/guards.py): device bindings (migration 0013) and live records per type."""

from __future__ import annotations

from sspdesk.store import records
from sspdesk.store.clock import utc_now
from sspdesk.store.dbapi import Connection


def bound_fingerprint(conn: Connection, device_id: str) -> str | None:
    """The fingerprint of the key that first used `device_id` here, or None."""
    row = conn.execute("SELECT fingerprint FROM device_bindings WHERE device_id = ?", (device_id,)).fetchone()
    return str(row[0]) if row else None


def bind(conn: Connection, device_id: str, fingerprint: str) -> None:
    """Bind a device id to a key if it is not bound yet (a first binding is never replaced)."""
    conn.execute(
        "INSERT OR IGNORE INTO device_bindings (device_id, fingerprint, bound_at) VALUES (?, ?, ?)",
        (device_id, fingerprint, utc_now()),
    )


def live_count(conn: Connection, table: str) -> int:
    """Live (not deleted) records of one synced table."""
    records.data_columns(conn, table)  # the name is a synced table's (it is interpolated)
    return int(conn.execute(f"SELECT count(*) FROM {table} WHERE deleted = 0").fetchone()[0])
