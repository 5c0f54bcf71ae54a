"""SQL for the import guards (bundles/guards.py): device bindings (migration 0013), live records per type, and
events on settled records stored after the record itself."""

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


def bound_devices(conn: Connection, fingerprint: str) -> list[str]:
    """The device ids bound to a key, oldest binding first."""
    rows = conn.execute(
        "SELECT device_id FROM device_bindings WHERE fingerprint = ? ORDER BY bound_at, device_id", (fingerprint,)
    )
    return [str(row[0]) for row in rows]


def release(conn: Connection, device_id: str) -> bool:
    """Forget the binding of a device id (True if there was one); the next key to use it is bound to it."""
    return conn.execute("DELETE FROM device_bindings WHERE device_id = ?", (device_id,)).rowcount > 0


def live_count(conn: Connection, table: str) -> int:
    """Live (not deleted) records of one synced table."""
    records.data_columns(conn, table)  # the name is a synced table's (it is interpolated)
    return int(conn.execute(f"SELECT count(*) FROM {table} WHERE deleted = 0").fetchone()[0])


def parents_with_later_events(
    conn: Connection, events: str, parents: str, parent_column: str, kinds: tuple[str, ...]
) -> set[str]:
    """Ids of `parents` rows with a live event of these kinds in `events` stored here after the parent row was last
    written (a higher change counter, `seq`): an event the parent's row has not yet followed."""
    for table in (events, parents):
        records.data_columns(conn, table)  # synced tables' names only (they are interpolated)
    if parent_column not in records.data_columns(conn, events):
        raise ValueError(parent_column)
    marks = ", ".join("?" * len(kinds))
    rows = conn.execute(
        f"SELECT DISTINCT e.{parent_column} FROM {events} e JOIN {parents} p ON p.id = e.{parent_column} "
        f"WHERE e.deleted = 0 AND e.kind IN ({marks}) AND e.seq > p.seq",
        kinds,
    )
    return {str(row[0]) for row in rows}
