"""SQL for consents (Bilag 6), their scans, exchanges of information and the information duty.

Rows come back as plain dicts with the JSON columns decoded; the services in `sspdesk.consents`,
`sspdesk.legal_basis` and `sspdesk.information_duty` turn them into dataclasses and apply the rules.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sspdesk.store import records
from sspdesk.store.clock import utc_now
from sspdesk.store.dbapi import Connection
from sspdesk.store.settings import get_meta, set_meta

_JSON_COLUMNS = ("case_ids", "contacts", "categories")
_EXCHANGE_JSON_COLUMNS = ("categories", "necessity", "conditions")
_SCAN_COLUMNS = ("id", "consent_id", "mime", "size", "sha256", "added_by", "added_at")
_EXCHANGE_COLUMNS = (
    "id",
    "case_id",
    "exchanged_on",
    "what",
    "recipient",
    "basis",
    "consent_id",
    "recorded_by",
    "created_at",
    "recipient_authority",
    "recipient_party",
    "categories",
    "necessity",
    "conditions",
    "direction",
    "bundle_id",
)
_DUTY_COLUMNS = (
    "id",
    "case_id",
    "decision",
    "entry_date",
    "recipients",
    "method",
    "reason",
    "note",
    "recorded_by",
    "created_at",
)


def _encode(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: json.dumps(v, ensure_ascii=False) if k in _JSON_COLUMNS else v for k, v in values.items()}


def _decode(row: dict[str, Any] | None) -> dict[str, Any] | None:
    if row is None:
        return None
    for key in _JSON_COLUMNS:
        row[key] = json.loads(row[key] or "[]")
    return row


# -- consents -------------------------------------------------------------------------------------------------


def allocate_reference(conn: Connection, year: int) -> str:
    """The next SAM-YYYY-NNNN: a counter in meta, never below the highest reference already in the table."""
    key = f"consent_number:{year}"
    start, end = f"SAM-{year}-", f"SAM-{year}."
    highest = conn.execute(
        "SELECT max(reference) FROM consents WHERE reference >= ? AND reference < ?", (start, end)
    ).fetchone()[0]
    from_table = int(highest.rsplit("-", 1)[1]) if highest else 0
    counter = max(int(get_meta(conn, key, "0")), from_table) + 1
    set_meta(conn, key, str(counter))
    return f"SAM-{year}-{counter:04d}"


def insert_consent(conn: Connection, device_id: str, values: Mapping[str, Any]) -> str:
    consent_id = records.new_id()
    records.put(conn, "consents", consent_id, {**_encode(values), "created_at": utc_now()}, device_id)
    return consent_id


def update_consent(conn: Connection, device_id: str, consent_id: str, values: Mapping[str, Any]) -> None:
    records.put(conn, "consents", consent_id, _encode(values), device_id)


def delete_consent(conn: Connection, device_id: str, consent_id: str) -> None:
    records.delete(conn, "consents", consent_id, device_id)


def get_consent(conn: Connection, consent_id: str) -> dict[str, Any] | None:
    return _decode(records.get_row(conn, "consents", consent_id))


def find_consent_id(conn: Connection, id_or_reference: str) -> str | None:
    row = conn.execute(
        "SELECT id FROM consents WHERE (id = ? OR reference = ?) AND deleted = 0 ORDER BY seq LIMIT 1",
        (id_or_reference, id_or_reference),
    ).fetchone()
    return row[0] if row else None


def consent_ids(conn: Connection, case_id: str | None = None) -> list[str]:
    """Ids of the consents (of one case, or all), newest consent date first."""
    if case_id is None:
        rows = conn.execute("SELECT id FROM consents WHERE deleted = 0 ORDER BY consent_date DESC, reference DESC")
    else:
        rows = conn.execute(
            "SELECT c.id FROM consents c WHERE c.deleted = 0 AND EXISTS "
            "(SELECT 1 FROM json_each(c.case_ids) j WHERE j.value = ?) ORDER BY c.consent_date DESC, c.reference DESC",
            (case_id,),
        )
    return [row[0] for row in rows]


def scan_counts(conn: Connection, consent_ids_: list[str]) -> dict[str, int]:
    if not consent_ids_:
        return {}
    marks = ",".join("?" * len(consent_ids_))
    rows = conn.execute(
        f"SELECT consent_id, count(*) FROM consent_scans WHERE deleted = 0 AND consent_id IN ({marks}) "
        "GROUP BY consent_id",
        consent_ids_,
    )
    return dict(rows.fetchall())


# -- scans ----------------------------------------------------------------------------------------------------


def insert_scan(
    conn: Connection, device_id: str, consent_id: str, mime: str, data: bytes, sha256: str, added_by: str
) -> str:
    scan_id = records.new_id()
    values = {
        "consent_id": consent_id,
        "mime": mime,
        "size": len(data),
        "sha256": sha256,
        "data": data,
        "added_by": added_by,
        "added_at": utc_now(),
    }
    records.put(conn, "consent_scans", scan_id, values, device_id)
    return scan_id


def list_scans(conn: Connection, consent_id: str) -> list[dict[str, Any]]:
    """Scan metadata (never the bytes), oldest first."""
    rows = conn.execute(
        f"SELECT {', '.join(_SCAN_COLUMNS)} FROM consent_scans WHERE consent_id = ? AND deleted = 0 "
        "ORDER BY added_at, seq",
        (consent_id,),
    )
    return [dict(zip(_SCAN_COLUMNS, row, strict=True)) for row in rows]


def get_scan(conn: Connection, scan_id: str) -> dict[str, Any] | None:
    row = conn.execute(
        f"SELECT {', '.join(_SCAN_COLUMNS)}, data FROM consent_scans WHERE id = ? AND deleted = 0", (scan_id,)
    ).fetchone()
    if row is None:
        return None
    scan = dict(zip((*_SCAN_COLUMNS, "data"), row, strict=True))
    scan["data"] = bytes(scan["data"])
    return scan


# -- exchanges ------------------------------------------------------------------------------------------------


def insert_exchange(conn: Connection, device_id: str, values: Mapping[str, Any]) -> str:
    """Store one exchange; `categories`, `necessity` and `conditions` are lists (stored as JSON)."""
    exchange_id = records.new_id()
    row = {k: json.dumps(list(v), ensure_ascii=False) if k in _EXCHANGE_JSON_COLUMNS else v for k, v in values.items()}
    records.put(conn, "information_exchanges", exchange_id, {**row, "created_at": utc_now()}, device_id)
    return exchange_id


def list_exchanges(conn: Connection, case_id: str) -> list[dict[str, Any]]:
    """The exchanges of one case, oldest first, with the JSON lists decoded."""
    rows = conn.execute(
        f"SELECT {', '.join(_EXCHANGE_COLUMNS)} FROM information_exchanges WHERE case_id = ? AND deleted = 0 "
        "ORDER BY exchanged_on, created_at, seq",
        (case_id,),
    )
    exchanges = [dict(zip(_EXCHANGE_COLUMNS, row, strict=True)) for row in rows]
    for exchange in exchanges:
        for key in _EXCHANGE_JSON_COLUMNS:
            exchange[key] = json.loads(exchange[key] or "[]")  # an erased row holds ''
    return exchanges


# -- recipients (who an exchange names) -----------------------------------------------------------------------


def contact_recipient(conn: Connection, name: str) -> dict[str, str] | None:
    """The contacts register's entry by name (case-insensitive): name, organisation as authority, party type."""
    row = conn.execute(
        "SELECT name, organisation, party_type FROM contacts WHERE deleted = 0 AND name = ? COLLATE NOCASE "
        "ORDER BY seq LIMIT 1",
        (name,),
    ).fetchone()
    return {"name": row[0], "authority": row[1], "party_type": row[2]} if row else None


def peer_recipient(conn: Connection, name: str) -> dict[str, str] | None:
    """A colleague in the peers list by name (case-insensitive), with their authority and party type."""
    row = conn.execute(
        "SELECT name, authority, party_type FROM peers WHERE name = ? COLLATE NOCASE LIMIT 1", (name,)
    ).fetchone()
    return {"name": row[0], "authority": row[1], "party_type": row[2]} if row else None


# -- information duty -----------------------------------------------------------------------------------------


def insert_information(conn: Connection, device_id: str, values: Mapping[str, Any]) -> str:
    entry_id = records.new_id()
    records.put(conn, "information_duty", entry_id, {**values, "created_at": utc_now()}, device_id)
    return entry_id


def list_information(conn: Connection, case_id: str) -> list[dict[str, Any]]:
    """Entries of one case, newest first."""
    rows = conn.execute(
        f"SELECT {', '.join(_DUTY_COLUMNS)} FROM information_duty WHERE case_id = ? AND deleted = 0 "
        "ORDER BY created_at DESC, seq DESC",
        (case_id,),
    )
    return [dict(zip(_DUTY_COLUMNS, row, strict=True)) for row in rows]
