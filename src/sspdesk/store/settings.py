"""Vault settings: JSON values under string keys, stored inside the vault (so they are encrypted too)."""

from __future__ import annotations

import json
from typing import Any, overload

from sspdesk.store.dbapi import Connection

DEFAULTS: dict[str, Any] = {
    "autolock_minutes": 5,
    "backup_count": 10,
    "backup_dir": "",  # empty: a `backups` folder beside the vault
    "profile": "albertslund",
    "user_name": "",
    "user_role": "Kriminalpræventiv koordinator",
    "leader_name": "",  # the DKE leader, before whom radicalisation cases are brought (sspdesk.routing)
    "municipality": "",
    "municipality_unit": "Den Kriminalpræventive Enhed (DKE)",
    "municipality_address": "",
    "municipality_phone": "",
    "municipality_email": "",
    "dpo_contact": "",  # kommunens databeskyttelsesrådgiver
    "areas": [],  # skoledistrikter / lokalområder
    "closing_days": "",  # the municipality's closing days, "06-05, 12-24, 12-31"; '' = the profile's ("ingen": none)
    "consent_legal_template": "gdpr",  # "gdpr" (today's law) or "seed" (Bilag 6's wording, Persondataloven)
    "consent_validity_months": 12,  # default validity of a new consent
    "fagsystem_recipient": "",
    "audit_retention_years": 10,  # the audit log's own retention  # the case system's age recipient (age1…)
}


def get_setting(conn: Connection, key: str) -> Any:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    if row is None:
        return DEFAULTS.get(key)
    return json.loads(row[0])


def set_setting(conn: Connection, key: str, value: Any) -> None:
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, json.dumps(value, ensure_ascii=False)),
    )


@overload
def get_meta(conn: Connection, key: str, default: str) -> str: ...
@overload
def get_meta(conn: Connection, key: str, default: None = None) -> str | None: ...


def get_meta(conn: Connection, key: str, default: str | None = None) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return str(row[0]) if row else default


def set_meta(conn: Connection, key: str, value: str) -> None:
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, value),
    )
