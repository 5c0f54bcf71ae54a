"""SQL that finds a person's data wherever it still is: live rows, tombstones that kept their data, and conflict
copies (an incoming version kept for the user). Erasure by CPR-nr., the access request and a laptop that carries
out a colleague's erasure all look here, so what exists is found.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from sspdesk.domain.cases import CaseBrief
from sspdesk.store.dbapi import Connection

_CHUNK = 400
# The CPR columns of a consent (the young person, the giver and a second custody holder).
CONSENT_CPR_COLUMNS = ("person_cpr", "giver_cpr", "giver2_cpr")


def _marks(values: Sequence[Any]) -> str:
    return ",".join("?" * len(values))


def _chunks(values: Iterable[str]) -> Iterable[list[str]]:
    items = sorted(set(values))
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def _consent_cpr_columns(conn: Connection) -> tuple[str, ...]:
    present = {row[1] for row in conn.execute('PRAGMA table_info("consents")')}
    return tuple(c for c in CONSENT_CPR_COLUMNS if c in present)


def conflict_record_ids(conn: Connection, table: str, number: str) -> list[str]:
    """Records of `table` ('cases' or 'consents') with a conflict copy (open or resolved) naming this CPR-nr."""
    columns = ("cpr",) if table == "cases" else _consent_cpr_columns(conn)
    where = " OR ".join(f"json_extract(incoming, '$.data.{c}') = ?" for c in columns)
    rows = conn.execute(
        f"SELECT DISTINCT record_id FROM conflicts WHERE table_name = ? AND json_valid(incoming) AND ({where})",
        (table, *([number] * len(columns))),
    )
    return [r[0] for r in rows]


def conflict_copies(conn: Connection, table: str, record_id: str) -> list[dict[str, Any]]:
    """The data columns of every open conflict copy of one record (as the wire carried them)."""
    rows = conn.execute(
        "SELECT incoming FROM conflicts WHERE table_name = ? AND record_id = ? AND resolved_at IS NULL "
        "AND json_valid(incoming) ORDER BY created_at, id",
        (table, record_id),
    )
    copies = [json.loads(r[0]) for r in rows]
    return [dict(c["data"]) for c in copies if isinstance(c, dict) and isinstance(c.get("data"), dict)]


def case_briefs(conn: Connection, case_ids: Iterable[str], *, registered_until: str = "") -> list[CaseBrief]:
    """The stored cases (tombstones included) among `case_ids`; with `registered_until` (ISO date) only those
    registered on or before it."""
    found: list[CaseBrief] = []
    for chunk in _chunks(case_ids):
        rows = conn.execute(
            f"SELECT id, number, kind, level, registered, closed_on FROM cases WHERE id IN ({_marks(chunk)})", chunk
        )
        found += [CaseBrief(*row) for row in rows if not registered_until or row[4] <= registered_until]
    return sorted(found, key=lambda c: (c.registered, c.number))


def consents_by_ids(conn: Connection, consent_ids: Iterable[str], *, created_until: str = "") -> list[dict[str, Any]]:
    """The stored consents (tombstones included) among `consent_ids`, as erasure wants them; with `created_until`
    (ISO date) only those created on or before it."""
    found: list[dict[str, Any]] = []
    for chunk in _chunks(consent_ids):
        rows = conn.execute(
            f"SELECT id, reference, case_ids, created_at FROM consents WHERE id IN ({_marks(chunk)})", chunk
        )
        found += [
            {"id": i, "reference": ref, "case_ids": json.loads(ids or "[]")}
            for i, ref, ids, created in rows
            if not created_until or created[:10] <= created_until
        ]
    return sorted(found, key=lambda c: c["reference"])


def cases_of_person(conn: Connection, number: str) -> list[str]:
    """Ids of every case with this CPR-nr.: in the row (tombstones included) or in a conflict copy."""
    rows = [r[0] for r in conn.execute("SELECT id FROM cases WHERE cpr = ?", (number,))]
    return list(dict.fromkeys([*rows, *conflict_record_ids(conn, "cases", number)]))


def consents_of_person(conn: Connection, number: str) -> list[str]:
    """Ids of every consent naming this CPR-nr. (person, giver, second giver): in the row or a conflict copy."""
    columns = _consent_cpr_columns(conn)
    where = " OR ".join(f"{c} = ?" for c in columns)
    rows = [r[0] for r in conn.execute(f"SELECT id FROM consents WHERE {where}", [number] * len(columns))]
    return list(dict.fromkeys([*rows, *conflict_record_ids(conn, "consents", number)]))


def held_cprs(conn: Connection) -> set[str]:
    """Every CPR-nr. the vault holds in a case or consent, in rows or conflict copies."""
    found = {r[0] for r in conn.execute("SELECT DISTINCT cpr FROM cases WHERE cpr != ''")}
    for column in _consent_cpr_columns(conn):
        found |= {r[0] for r in conn.execute(f"SELECT DISTINCT {column} FROM consents WHERE {column} != ''")}
    paths = [("cases", "cpr")] + [("consents", c) for c in _consent_cpr_columns(conn)]
    for table, column in paths:
        rows = conn.execute(
            f"SELECT DISTINCT json_extract(incoming, '$.data.{column}') FROM conflicts "
            "WHERE table_name = ? AND json_valid(incoming)",
            (table,),
        )
        found |= {r[0] for r in rows if isinstance(r[0], str) and r[0]}
    return found
