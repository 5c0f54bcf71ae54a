"""Erasure records: what an erasure emptied, as a synced record that travels to the colleagues' laptops.

An erasure (on request or by retention) writes one record into `erasure_records` (migration 0013): the emptied
records by table and id, the reason, whose decision it was, when, the laptop that made it, and – for an erasure on
request – a salted hash of the CPR-nr. It holds no personal data. It is a synced record like any other, so it
travels in every bundle inside the signed payload: the bundle's signature covers it.

The CPR hash is scrypt (N=2^14, r=8, p=1) with a random salt stored in the record: a laptop that receives the
record hashes the CPR-nr. it holds itself with that salt to find its own data about the person. The slow hash is a
cost barrier against guessing the number from the record (a CPR-nr. has few possible values), not a proof; the
record only ever travels inside an encrypted bundle.

A laptop that carries out a received erasure and finds more than the record lists (its own new section of the
case, its own sag for the same person) writes a record of its own with `source_id` naming the received one, so the
extra records are filtered out of later bundles everywhere too.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sspdesk.store import records, sync_repo
from sspdesk.store.clock import utc_now
from sspdesk.store.dbapi import Connection

TABLE = "erasure_records"
SCHEME = "scrypt-n14-r8-p1"
REASONS = ("request", "retention")
# What an erasure empties (duties_repo.case_record_ids, consents and their scans): a record listing anything else
# is refused, so a received erasure record can never empty a meeting, a contact or a group.
ERASABLE = frozenset(
    {
        "cases",
        "case_sections",
        "deadlines",
        "minutes",
        "dispositions",
        "information_duty",
        "information_exchanges",
        "group_members",
        "case_events",
        "underretninger",
        "network_outcomes",
        "consents",
        "consent_scans",
    }
)
RecordKey = tuple[str, str]  # (table, record id)
RECORDS_PER_ERASURE_RECORD = 10_000  # [["case_sections", "<uuid>"], …] ≈ 60 characters each: 600 kB of JSON


@dataclass(frozen=True)
class ErasureRecord:
    id: str
    reason: str
    decided_by: str
    decided_role: str
    device_id: str
    erased_at: str
    erased: frozenset[RecordKey]
    cpr_scheme: str = ""
    cpr_salt: str = ""
    cpr_hashes: frozenset[str] = frozenset()
    source_id: str = ""

    @property
    def day(self) -> str:
        """The ISO date of the erasure: data registered on or before it is covered by a request for the person."""
        return self.erased_at[:10]

    def covers_cpr(self, number: str) -> bool:
        """Does this record's CPR hash match `number` (10 digits)?"""
        if not number or not self.cpr_hashes or self.cpr_scheme != SCHEME:
            return False
        return hash_cpr(number, self.cpr_salt) in self.cpr_hashes


_cache: dict[tuple[str, str], str] = {}


def hash_cpr(number: str, salt_hex: str) -> str:
    # A receiving laptop hashes each of its CPR-nr. once per record; the cache keeps repeated imports cheap.
    key = (number, salt_hex)
    if key not in _cache:
        if len(_cache) > 4096:
            _cache.clear()
        digest = hashlib.scrypt(number.encode("ascii"), salt=bytes.fromhex(salt_hex), n=2**14, r=8, p=1, dklen=32)
        _cache[key] = digest.hex()
    return _cache[key]


def from_data(record_id: str, data: Mapping[str, Any]) -> ErasureRecord:
    """An erasure record from its data columns; ValueError names what is wrong (for an incoming one)."""
    if data.get("reason") not in REASONS:
        raise ValueError("sletningens begrundelse er ukendt.")
    try:
        listed = json.loads(str(data.get("erased", "[]")))
        hashes = json.loads(str(data.get("cpr_hashes", "[]")))
        salt = str(data.get("cpr_salt", ""))
        bytes.fromhex(salt)
    except ValueError:
        raise ValueError("sletningsnoten kan ikke læses.") from None
    if not isinstance(listed, list) or not all(
        isinstance(k, list) and len(k) == 2 and all(isinstance(p, str) and p for p in k) for k in listed
    ):
        raise ValueError("sletningsnotens liste over slettede poster er ugyldig.")
    if any(table not in ERASABLE for table, _ in listed):
        raise ValueError("sletningsnoten nævner poster, som en sletning ikke omfatter.")
    if not isinstance(hashes, list) or not all(isinstance(h, str) for h in hashes):
        raise ValueError("sletningsnotens CPR-kontrolsummer er ugyldige.")
    return ErasureRecord(
        record_id,
        str(data["reason"]),
        str(data.get("decided_by", "")),
        str(data.get("decided_role", "")),
        str(data.get("device_id", "")),
        str(data.get("erased_at", "")),
        frozenset((t, i) for t, i in listed),
        str(data.get("cpr_scheme", "")),
        salt,
        frozenset(hashes),
        str(data.get("source_id", "")),
    )


def has_table(conn: Connection) -> bool:
    return TABLE in records.synced_tables(conn)


def stored(conn: Connection) -> dict[str, ErasureRecord]:
    """Every erasure record this vault keeps, by id."""
    if not has_table(conn):
        return {}
    return {row["id"]: from_data(row["id"], row) for row in sync_repo.all_rows(conn, TABLE)}


def write(
    conn: Connection,
    device_id: str,
    reason: str,
    erased: Iterable[RecordKey],
    *,
    decided_by: str,
    decided_role: str,
    cprs: Iterable[str] = (),
    source: ErasureRecord | None = None,
) -> str | None:
    """Write an erasure record (inside the caller's transaction); None when there is nothing to list."""
    listed = sorted(set(erased))
    if not listed:
        return None
    numbers = sorted(set(cprs))
    if source is not None and source.cpr_hashes:  # carried on: the same salt and hashes, no CPR-nr. needed
        scheme, salt, hashes = source.cpr_scheme, source.cpr_salt, sorted(source.cpr_hashes)
    elif numbers:
        scheme, salt = SCHEME, os.urandom(16).hex()
        hashes = sorted(hash_cpr(n, salt) for n in numbers)
    else:
        scheme, salt, hashes = "", "", []
    # A big retention run erases many records: split the list so each record stays within the JSON limit of
    # domain/limits.py (both the service and the import enforce it).
    first_id = ""
    for start in range(0, len(listed), RECORDS_PER_ERASURE_RECORD):
        record_id = records.new_id()
        first_id = first_id or record_id
        records.put(
            conn,
            TABLE,
            record_id,
            {
                "reason": reason,
                "decided_by": decided_by,
                "decided_role": decided_role,
                "device_id": device_id,
                "erased_at": utc_now(),
                "erased": json.dumps([list(k) for k in listed[start : start + RECORDS_PER_ERASURE_RECORD]]),
                "cpr_scheme": scheme,
                "cpr_salt": salt,
                "cpr_hashes": json.dumps(hashes),
                "source_id": source.id if source else "",
            },
            device_id,
        )
    return first_id
