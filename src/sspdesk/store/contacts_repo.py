"""SQL for the contacts register. `contacts` is a synced table: writes go through `records.put` / `records.delete`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sspdesk.store import records
from sspdesk.store.dbapi import Connection

_COLUMNS = "id, name, role, organisation, phone, email"


def insert(conn: Connection, device_id: str, name: str, role: str, organisation: str, phone: str, email: str) -> str:
    contact_id = records.new_id()
    values = {"name": name, "role": role, "organisation": organisation, "phone": phone, "email": email}
    records.put(conn, "contacts", contact_id, values, device_id)
    return contact_id


def update(conn: Connection, device_id: str, contact_id: str, values: Mapping[str, str]) -> None:
    records.put(conn, "contacts", contact_id, values, device_id)


def delete(conn: Connection, device_id: str, contact_id: str) -> None:
    records.delete(conn, "contacts", contact_id, device_id)


def get_row(conn: Connection, contact_id: str) -> tuple[Any, ...] | None:
    row: tuple[Any, ...] | None = conn.execute(
        f"SELECT {_COLUMNS} FROM contacts WHERE id = ? AND deleted = 0", (contact_id,)
    ).fetchone()
    return row


def list_rows(conn: Connection) -> list[tuple[Any, ...]]:
    return conn.execute(f"SELECT {_COLUMNS} FROM contacts WHERE deleted = 0 ORDER BY name").fetchall()
