"""SQL for the data-protection duties: retention, erasure, access requests and the audit-log view.

Erasing a synced record means: every data column is emptied (references such as `case_id` and the columns the
schema's CHECKs need are kept), the row becomes a tombstone whose version vector dominates every version this
vault knows of it (open conflicts included, which are removed), so the deletion reaches the other laptops and no
older copy can come back. Rows are rewritten in place; `secure_delete` (on for every connection) zeroes the old
bytes, `compact()` merges the search index and VACUUMs, so no page of the file keeps the erased text.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sspdesk.domain import version_vector as vvec
from sspdesk.domain.cases import Case, CaseBrief
from sspdesk.store import audit, cases_repo, records
from sspdesk.store.cases_repo import CASE_COLUMNS, case_from_row
from sspdesk.store.clock import utc_now
from sspdesk.store.dbapi import Connection, Cursor
from sspdesk.store.settings import set_meta

# Columns an erased record keeps: readable references and what the CHECK constraints require. Every other data
# column (present or added by a later migration) is emptied.
KEEP: dict[str, frozenset[str]] = {
    "cases": frozenset({"number", "kind", "profile", "level", "registered", "status", "closed_on"}),
    "case_sections": frozenset({"section", "created_at"}),
    "deadlines": frozenset({"kind", "status"}),
    "dispositions": frozenset({"status", "created_at"}),
    "consents": frozenset(
        {"reference", "case_ids", "consent_date", "giver_role", "valid_from", "valid_until", "created_at"}
    ),
    "consent_scans": frozenset({"mime", "added_at"}),
    "information_exchanges": frozenset({"exchanged_on", "basis", "created_at"}),
    "information_duty": frozenset({"decision", "entry_date", "created_at"}),
}
_EMPTY_JSON = {"fields": "{}", "contacts": "[]", "categories": "[]", "followups": "[]", "case_ids": "[]"}
_FILLERS: dict[tuple[str, str], Any] = {
    ("information_duty", "reason"): "[slettet]",  # CHECK: a decision not to inform needs a reason
    ("consent_scans", "sha256"): hashlib.sha256(b"").hexdigest(),  # the import checks size and checksum
}
PRUNE_ACTION = audit.PRUNE_ACTION
_EMPTY_BY_TYPE = {"INTEGER": 0, "BLOB": b"", "REAL": 0}
AUDIT_FIELDS = audit._FIELDS  # the chain's field order is the audit module's


def _marks(values: Sequence[Any]) -> str:
    return ",".join("?" * len(values))


def _dicts(cursor: Cursor) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


# -- erasing synced records ------------------------------------------------------------------------------------


def _types(conn: Connection, table: str) -> dict[str, str]:
    return {row[1]: (row[2] or "").upper() for row in conn.execute(f'PRAGMA table_info("{table}")')}


def emptied_values(conn: Connection, table: str) -> dict[str, Any]:
    """The values every erasable data column of `table` is set to (kept columns are left out)."""
    keep = KEEP.get(table, frozenset())
    types = _types(conn, table)
    values: dict[str, Any] = {}
    for column in records.synced_tables(conn)[table]:
        if column in keep or column.endswith("_id") or (table == "consents" and column == "case_ids"):
            continue
        if (table, column) in _FILLERS:
            values[column] = _FILLERS[(table, column)]
        elif column in _EMPTY_JSON:
            values[column] = _EMPTY_JSON[column]
        else:
            values[column] = _EMPTY_BY_TYPE.get(types.get(column, "TEXT"), "")
    return values


def erase_record(conn: Connection, table: str, record_id: str, device_id: str) -> bool:
    """Empty one record and make it a dominating tombstone; False if there is no such record or it is already an
    emptied tombstone without conflicts (an erasure carried out twice writes nothing the second time)."""
    row = conn.execute(f"SELECT vv FROM {table} WHERE id = ?", (record_id,)).fetchone()
    if row is None or is_erased(conn, table, record_id):
        return False
    vv = vvec.loads(row[0])
    for (incoming_vv,) in conn.execute(
        "SELECT incoming_vv FROM conflicts WHERE table_name = ? AND record_id = ?", (table, record_id)
    ).fetchall():
        vv = vvec.merged(vv, vvec.loads(incoming_vv))
    conn.execute("DELETE FROM conflicts WHERE table_name = ? AND record_id = ?", (table, record_id))
    records.write_version(conn, table, record_id, emptied_values(conn, table), vvec.bumped(vv, device_id), deleted=True)
    return True


def is_erased(conn: Connection, table: str, record_id: str) -> bool:
    """An emptied tombstone with no open or closed conflict copy left."""
    empty = emptied_values(conn, table)
    columns = ["deleted", *empty]
    row = conn.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE id = ?", (record_id,)).fetchone()
    if row is None or not row[0] or list(row[1:]) != list(empty.values()):
        return False
    copies = conn.execute("SELECT 1 FROM conflicts WHERE table_name = ? AND record_id = ?", (table, record_id))
    return copies.fetchone() is None


def rewrite_record(conn: Connection, table: str, record_id: str, values: Mapping[str, Any], device_id: str) -> None:
    """A local edit that keeps the record's tombstone flag (records.put would bring a tombstone back)."""
    row = conn.execute(f"SELECT vv, deleted FROM {table} WHERE id = ?", (record_id,)).fetchone()
    records.write_version(
        conn, table, record_id, values, vvec.bumped(vvec.loads(row[0]), device_id), deleted=bool(row[1])
    )


def case_record_ids(conn: Connection, case_ids: Sequence[str]) -> dict[str, list[str]]:
    """Every record that belongs to these cases, tombstones included (a tombstone may still hold data)."""
    if not case_ids:
        return {}
    ids, marks = list(case_ids), _marks(case_ids)
    sections = [r[0] for r in conn.execute(f"SELECT id FROM case_sections WHERE case_id IN ({marks})", ids)]
    items = [
        r[0] for r in conn.execute(f"SELECT id FROM agenda_items WHERE case_id != '' AND case_id IN ({marks})", ids)
    ]
    found = {
        "cases": [r[0] for r in conn.execute(f"SELECT id FROM cases WHERE id IN ({marks})", ids)],
        "case_sections": sections,
        "deadlines": [r[0] for r in conn.execute(f"SELECT id FROM deadlines WHERE case_id IN ({marks})", ids)],
        "minutes": _ids_where(conn, "minutes", ("item_id", items), ("case_section_id", sections)),
        "dispositions": _ids_where(conn, "dispositions", ("case_id", ids), ("item_id", items)),
        "information_duty": [
            r[0] for r in conn.execute(f"SELECT id FROM information_duty WHERE case_id IN ({marks})", ids)
        ],
        "information_exchanges": [
            r[0] for r in conn.execute(f"SELECT id FROM information_exchanges WHERE case_id IN ({marks})", ids)
        ],
        # A reopening's or correction's reason may describe the person: it goes with the case.
        "case_events": [r[0] for r in conn.execute(f"SELECT id FROM case_events WHERE case_id IN ({marks})", ids)],
        # Its underretninger and Netværksmøde outcomes: that the municipality was notified about the person.
        "underretninger": [
            r[0] for r in conn.execute(f"SELECT id FROM underretninger WHERE case_id IN ({marks})", ids)
        ],
        "network_outcomes": [
            r[0] for r in conn.execute(f"SELECT id FROM network_outcomes WHERE case_id IN ({marks})", ids)
        ],
        # A sag's membership of a concern group (with its role) goes with the sag.
        "group_members": [r[0] for r in conn.execute(f"SELECT id FROM group_members WHERE case_id IN ({marks})", ids)],
    }
    return found


def _ids_where(conn: Connection, table: str, *conditions: tuple[str, Sequence[str]]) -> list[str]:
    found: dict[str, None] = {}
    for column, values in conditions:
        if values:
            rows = conn.execute(
                f"SELECT id FROM {table} WHERE {column} != '' AND {column} IN ({_marks(values)})", list(values)
            )
            found.update(dict.fromkeys(r[0] for r in rows))
    return list(found)


def consents_of_cases(conn: Connection, case_ids: Sequence[str]) -> list[dict[str, Any]]:
    """Consents (tombstones included) covering any of the cases, with the list of cases each covers."""
    if not case_ids:
        return []
    rows = conn.execute(
        "SELECT c.id, c.reference, c.case_ids FROM consents c WHERE json_valid(c.case_ids) AND EXISTS "
        f"(SELECT 1 FROM json_each(c.case_ids) j WHERE j.value IN ({_marks(case_ids)}))",
        list(case_ids),
    )
    return [{"id": i, "reference": ref, "case_ids": json.loads(ids)} for i, ref, ids in rows]


def consents_of_person(conn: Connection, cpr: str, *, include_deleted: bool = True) -> list[dict[str, Any]]:
    """Consents where the person is the one concerned or a giver (also the second custody holder)."""
    live = "" if include_deleted else " AND deleted = 0"
    rows = conn.execute(
        f"SELECT id, reference, case_ids FROM consents WHERE (person_cpr = ? OR giver_cpr = ? OR giver2_cpr = ?)"
        f"{live} ORDER BY consent_date, reference",
        (cpr, cpr, cpr),
    )
    return [{"id": i, "reference": ref, "case_ids": json.loads(ids or "[]")} for i, ref, ids in rows]


def consent_persons(conn: Connection, consent_id: str) -> list[tuple[str, str]]:
    """[(person name, CPR-nr.), (giver name, CPR-nr.)] of one consent, and the second custody holder if named."""
    row = conn.execute(
        "SELECT person_name, person_cpr, giver_name, giver_cpr, giver2_name, giver2_cpr FROM consents WHERE id = ?",
        (consent_id,),
    ).fetchone()
    if not row:
        return []
    return [(row[0], row[1]), (row[2], row[3])] + ([(row[4], row[5])] if row[5] else [])


def live_case_ids(conn: Connection, case_ids: Iterable[str]) -> set[str]:
    ids = list(case_ids)
    if not ids:
        return set()
    return {r[0] for r in conn.execute(f"SELECT id FROM cases WHERE deleted = 0 AND id IN ({_marks(ids)})", ids)}


def scan_ids(conn: Connection, consent_ids: Sequence[str]) -> list[str]:
    if not consent_ids:
        return []
    return [
        r[0]
        for r in conn.execute(
            f"SELECT id FROM consent_scans WHERE consent_id IN ({_marks(consent_ids)})", list(consent_ids)
        )
    ]


def live_persons(conn: Connection) -> set[str]:
    """CPR-nr. of every person with a live sag."""
    return {r[0] for r in conn.execute("SELECT DISTINCT cpr FROM cases WHERE deleted = 0 AND cpr != ''")}


def drop_search_row(conn: Connection, case_id: str) -> None:
    cases_repo.reindex(conn, case_id)  # a tombstoned case gets no new search row


def mention_texts(conn: Connection) -> list[tuple[str, str, dict[str, str]]]:
    """Free text of meetings that may name a person: (table, id, {column: text}), tombstones included."""
    found: list[tuple[str, str, dict[str, str]]] = []
    for table, columns in (
        ("minutes", ("discussion", "decision")),
        ("meeting_addenda", ("text",)),
        ("dispositions", ("what",)),
    ):
        for row in conn.execute(f"SELECT id, {', '.join(columns)} FROM {table}"):
            found.append((table, row[0], dict(zip(columns, row[1:], strict=True))))
    return found


def compact(conn: Connection) -> None:
    """After an erasure (outside any transaction): merge the search index, rebuild the file, empty the WAL."""
    conn.execute("INSERT INTO case_search (case_search) VALUES ('optimize')")
    conn.execute("VACUUM")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


# -- retention and deletion records ----------------------------------------------------------------------------


def closed_sager(conn: Connection, closed_before: str) -> list[Case]:
    """Live sager closed before `closed_before` (ISO date; the caller filters by each profile's period)."""
    return [
        case_from_row(row)
        for row in _dicts(
            conn.execute(
                f"SELECT {', '.join(CASE_COLUMNS)} FROM cases WHERE kind = 'sag' "
                "AND status = 'closed' AND deleted = 0 AND closed_on != '' AND closed_on < ? "
                "ORDER BY closed_on, number",
                (closed_before,),
            )
        )
    ]


def cases_of_person(conn: Connection, cpr: str) -> list[CaseBrief]:
    """Every case (tombstones included) registered with this CPR-nr."""
    return [
        CaseBrief(*row)
        for row in conn.execute(
            "SELECT id, number, kind, level, registered, closed_on FROM cases WHERE cpr = ? "
            "ORDER BY registered, number",
            (cpr,),
        )
    ]


def case_person(conn: Connection, case_id: str) -> tuple[str, str] | None:
    """(person name, CPR-nr.) of a case, also of a tombstone; ('', '') for a journal."""
    row = conn.execute("SELECT person_name, cpr FROM cases WHERE id = ?", (case_id,)).fetchone()
    return (row[0], row[1]) if row else None


def insert_deletion_record(conn: Connection, values: Mapping[str, Any]) -> None:
    row = {"at": utc_now(), **values}
    for key in ("refs", "deleted"):
        if key in row and not isinstance(row[key], str):
            row[key] = json.dumps(row[key], ensure_ascii=False, sort_keys=True)
    conn.execute(f"INSERT INTO deletion_records ({', '.join(row)}) VALUES ({_marks(list(row))})", list(row.values()))


def last_deletion_seq(conn: Connection) -> int:
    return int(conn.execute("SELECT coalesce(max(seq), 0) FROM deletion_records").fetchone()[0])


def set_backups_deleted(conn: Connection, from_seq: int, count: int) -> None:
    conn.execute("UPDATE deletion_records SET backups_deleted = ? WHERE seq >= ?", (count, from_seq))


def deletion_records(conn: Connection, limit: int = 500) -> list[dict[str, Any]]:
    rows = _dicts(conn.execute("SELECT * FROM deletion_records ORDER BY seq DESC LIMIT ?", (limit,)))
    for row in rows:
        row["refs"], row["deleted"] = json.loads(row["refs"]), json.loads(row["deleted"])
    return rows


# -- access requests -------------------------------------------------------------------------------------------


def live_cases_of_person(conn: Connection, cpr: str) -> list[str]:
    return [
        r[0]
        for r in conn.execute("SELECT id FROM cases WHERE cpr = ? AND deleted = 0 ORDER BY registered, number", (cpr,))
    ]


def case_meeting_items(conn: Connection, case_ids: Sequence[str]) -> list[dict[str, Any]]:
    """The agenda items of these cases with their meeting and minutes, oldest meeting first."""
    if not case_ids:
        return []
    return _dicts(
        conn.execute(
            "SELECT i.id AS item_id, i.case_id, m.id AS meeting_id, m.number AS meeting_number, m.forum, m.starts_at, "
            "m.status AS meeting_status, coalesce(n.discussion, '') AS discussion, "
            "coalesce(n.decision, '') AS decision "
            "FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id "
            "LEFT JOIN minutes n ON n.item_id = i.id AND n.deleted = 0 "
            f"WHERE i.deleted = 0 AND m.deleted = 0 AND i.case_id != '' AND i.case_id IN ({_marks(case_ids)}) "
            "ORDER BY m.starts_at, m.number",
            list(case_ids),
        )
    )


def case_dispositions(conn: Connection, case_ids: Sequence[str]) -> list[dict[str, Any]]:
    if not case_ids:
        return []
    return _dicts(
        conn.execute(
            "SELECT d.case_id, d.owner, d.what, d.due, d.status, coalesce(m.number, '') AS meeting_number "
            "FROM dispositions d LEFT JOIN meetings m ON m.id = d.meeting_id WHERE d.deleted = 0 AND d.case_id != '' "
            f"AND d.case_id IN ({_marks(case_ids)}) ORDER BY d.created_at",
            list(case_ids),
        )
    )


def meeting_texts(conn: Connection) -> list[dict[str, Any]]:
    """Live minutes and addenda of every meeting, to find the ones that mention a person by name."""
    minutes = _dicts(
        conn.execute(
            "SELECT 'minutes' AS source, n.item_id, i.case_id, m.number AS meeting_number, m.forum, m.starts_at, "
            "n.discussion, n.decision, '' AS text FROM minutes n JOIN meetings m ON m.id = n.meeting_id "
            "LEFT JOIN agenda_items i ON i.id = n.item_id WHERE n.deleted = 0 AND m.deleted = 0"
        )
    )
    addenda = _dicts(
        conn.execute(
            "SELECT 'addendum' AS source, '' AS item_id, '' AS case_id, m.number AS meeting_number, m.forum, "
            "m.starts_at, '' AS discussion, '' AS decision, a.text FROM meeting_addenda a "
            "JOIN meetings m ON m.id = a.meeting_id WHERE a.deleted = 0 AND m.deleted = 0"
        )
    )
    return sorted(minutes + addenda, key=lambda r: (r["starts_at"], r["meeting_number"]))


# -- the audit log ---------------------------------------------------------------------------------------------


def audit_query(
    conn: Connection,
    *,
    action: str = "",
    record: str = "",
    since: str = "",
    until: str = "",
    text: str = "",
    limit: int = 500,
    before_seq: int | None = None,
) -> list[dict[str, Any]]:
    """Entries newest first. `record` matches a record id or reference exactly; `text` any part of an entry;
    `since`/`until` are ISO timestamps (until exclusive)."""
    clauses: list[str] = ["1"]
    params: list[Any] = []
    if action:
        clauses.append("action = ?" if "." in action else "(action = ? OR action LIKE ? ESCAPE '\\')")
        params += [action] if "." in action else [action, _like_prefix(action + ".")]
    if record:
        clauses.append("(record_id = ? OR subject_ref = ?)")
        params += [record, record]
    if since:
        clauses.append("at >= ?")
        params.append(since)
    if until:
        clauses.append("at < ?")
        params.append(until)
    if text:
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        clauses.append(
            "("
            + " OR ".join(
                f"{c} LIKE ? ESCAPE '\\'"
                for c in ("action", "record_kind", "record_id", "subject_ref", "detail", "user")
            )
            + ")"
        )
        params += [pattern] * 6
    if before_seq is not None:
        clauses.append("seq < ?")
        params.append(before_seq)
    sql = f"SELECT {', '.join(AUDIT_FIELDS)} FROM audit_log WHERE {' AND '.join(clauses)} ORDER BY seq DESC LIMIT ?"
    return _dicts(conn.execute(sql, [*params, limit]))


def _like_prefix(prefix: str) -> str:
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def audit_actions(conn: Connection) -> list[str]:
    return [r[0] for r in conn.execute("SELECT DISTINCT action FROM audit_log ORDER BY action")]


def audit_for_records(conn: Connection, record_ids: Sequence[str], refs: Sequence[str]) -> list[dict[str, Any]]:
    """Entries naming any of these records (by id) or references (case numbers, consent references), oldest first."""
    clauses, params = [], []
    if record_ids:
        clauses.append(f"record_id IN ({_marks(record_ids)})")
        params += list(record_ids)
    if refs:
        clauses.append(f"subject_ref IN ({_marks(refs)})")
        params += list(refs)
    if not clauses:
        return []
    return _dicts(
        conn.execute(
            f"SELECT {', '.join(AUDIT_FIELDS)} FROM audit_log WHERE {' OR '.join(clauses)} ORDER BY seq", params
        )
    )


def count_prunable(conn: Connection, older_than: str) -> int:
    young = conn.execute("SELECT min(seq) FROM audit_log WHERE at >= ?", (older_than,)).fetchone()[0]
    return int(
        conn.execute(
            "SELECT count(*) FROM audit_log WHERE seq < ?", (young if young is not None else 2**62,)
        ).fetchone()[0]
    )


def prune_audit(conn: Connection, older_than: str) -> tuple[int, int, str]:
    """Remove the oldest entries written before `older_than` (ISO timestamp), inside the caller's transaction.

    Only a prefix of the chain is removed (from the first entry on, up to the first entry that is young enough),
    and its last hash becomes the checkpoint the verification starts from. Returns (removed, seq, hash)."""
    young = conn.execute("SELECT min(seq) FROM audit_log WHERE at >= ?", (older_than,)).fetchone()[0]
    last = conn.execute(
        "SELECT seq, hash FROM audit_log WHERE seq < ? ORDER BY seq DESC LIMIT 1",
        (young if young is not None else 2**62,),
    ).fetchone()
    if last is None:
        return 0, *audit.checkpoint(conn)
    removed = conn.execute("DELETE FROM audit_log WHERE seq <= ?", (last[0],)).rowcount
    set_meta(conn, "audit_checkpoint_seq", str(last[0]))
    set_meta(conn, "audit_checkpoint_hash", last[1])
    return removed, last[0], last[1]
