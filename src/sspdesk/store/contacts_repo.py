"""SQL for the contacts register."""

from __future__ import annotations

from sspdesk.store import records


def insert(conn, device_id: str, name: str, role: str, organisation: str, phone: str, email: str) -> str:
    contact_id = records.new_id()
    values = {"name": name, "role": role, "organisation": organisation, "phone": phone, "email": email}
    records.put(conn, "contacts", contact_id, values, device_id)
    return contact_id


def list_rows(conn) -> list[tuple]:
    return conn.execute(
        "SELECT id, name, role, organisation, phone, email FROM contacts WHERE deleted = 0 ORDER BY name"
    ).fetchall()
