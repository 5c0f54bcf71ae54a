"""SQL for the vault's allowed phrases (migrations/0009): text the user has said is not a person's name.

Writes go through `records.put` only. The list is cached per connection until the vault's change counter moves, so
the journal check on every keystroke reuses the same list object (and the matcher built from it).
"""

from __future__ import annotations

import uuid
from typing import Any

from sspdesk.store import records
from sspdesk.store.dbapi import Connection
from sspdesk.store.settings import get_meta

_NAMESPACE = uuid.UUID("6f1d2c4e-8a3b-4e55-9c17-2d0b9e7a5f31")
_cache: list[Any] = [None, None, []]  # [connection, change counter, phrases]


def phrase_id(phrase: str) -> str:
    """The same phrase (ignoring case) gets the same id on every laptop."""
    return str(uuid.uuid5(_NAMESPACE, phrase.casefold()))


def add_phrase(conn: Connection, device_id: str, phrase: str, user: str, day: str) -> str:
    record_id = phrase_id(phrase)
    records.put(conn, "allowed_phrases", record_id, {"phrase": phrase, "added_by": user, "added_on": day}, device_id)
    return record_id


def allowed_phrases(conn: Connection) -> list[str]:
    """The live allowed phrases, oldest first (the same list object until the vault changes)."""
    seq = get_meta(conn, "change_seq", "0")
    if _cache[0] is conn and _cache[1] == seq:
        cached: list[str] = _cache[2]
        return cached
    rows = conn.execute("SELECT phrase FROM allowed_phrases WHERE deleted = 0 AND phrase != '' ORDER BY seq")
    phrases = [row[0] for row in rows]
    _cache[:] = [conn, seq, phrases]
    return phrases
