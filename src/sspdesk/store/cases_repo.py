"""SQL for cases, their section versions, deadlines and the full-text index."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any

from sspdesk.domain.cases import Case, CaseRow, Deadline, SectionEntry
from sspdesk.domain.deadline_events import decode
from sspdesk.store import records, search_order
from sspdesk.store.clock import utc_now
from sspdesk.store.dbapi import Connection
from sspdesk.store.search_order import search_key
from sspdesk.store.settings import get_meta, set_meta

# Columns a list row carries (the case list and the CLI); `next_due` is the earliest open deadline.
LIST_COLUMNS = ("id", "number", "kind", "level", "subject", "status", "forum", "area", "coordinator", "registered")


@dataclass(frozen=True)
class CaseQuery:
    """Filters of the case list; empty means "any"."""

    text: str = ""
    level: str = ""
    status: str = ""
    forum: str = ""
    coordinator: str = ""
    kind: str = ""
    area: str = ""
    limit: int | None = None


def fts_query(text: str) -> str:
    """Turn what the user typed into a safe FTS5 query: every word as a quoted prefix, all required."""
    words = [w.replace('"', '""') for w in text.split() if w.strip('"')]
    return " ".join(f'"{w}"*' for w in words)


def allocate_number(conn: Connection, kind: str, year: int) -> str:
    prefix = "J" if kind == "journal" else "S"
    key = f"case_number:{prefix}:{year}"
    start = f"{prefix}-{year}-"
    end = f"{prefix}-{year}."  # "." sorts right after "-": a range the cases_number index answers
    highest = conn.execute("SELECT max(number) FROM cases WHERE number >= ? AND number < ?", (start, end)).fetchone()[0]
    from_table = int(highest.rsplit("-", 1)[1]) if highest else 0
    counter = max(int(get_meta(conn, key, "0")), from_table) + 1
    set_meta(conn, key, str(counter))
    return f"{prefix}-{year}-{counter:04d}"


def insert_case(conn: Connection, device_id: str, values: Mapping[str, Any]) -> str:
    case_id = records.new_id()
    records.put(conn, "cases", case_id, values, device_id)
    return case_id


def update_case(conn: Connection, device_id: str, case_id: str, values: Mapping[str, Any]) -> None:
    records.put(conn, "cases", case_id, values, device_id)


# The columns a Case is read from (the `cases` table without its sync columns); other repositories select these
# when they join cases and hand out Case records.
CASE_COLUMNS = tuple(f.name for f in fields(Case))


def case_from_row(row: Mapping[str, Any]) -> Case:
    values = {name: row[name] for name in CASE_COLUMNS}
    values["radicalisation"] = bool(row["radicalisation"])  # stored as 0/1
    return Case(**values)


def get_case(conn: Connection, case_id: str) -> Case | None:
    row = records.get_row(conn, "cases", case_id)
    return case_from_row(row) if row else None


def find_case_id(conn: Connection, id_or_number: str) -> str | None:
    """A case by its id or its readable number (two indexed look-ups; an OR would scan the table)."""
    for column in ("id", "number"):
        row = conn.execute(
            f"SELECT id FROM cases WHERE {column} = ? AND deleted = 0 ORDER BY seq LIMIT 1", (id_or_number,)
        ).fetchone()
        if row:
            return str(row[0])
    return None


def add_section(
    conn: Connection,
    device_id: str,
    case_id: str,
    section: str,
    fields: Mapping[str, str],
    author: str,
    created_at: str = "",
) -> str:
    """A new version of a section, stamped now (or `created_at`, when a version moves with its own time)."""
    section_id = records.new_id()
    values = {
        "case_id": case_id,
        "section": section,
        "fields": json.dumps(dict(fields), ensure_ascii=False),
        "author": author,
        "created_at": created_at or utc_now(),
    }
    records.put(conn, "case_sections", section_id, values, device_id)
    return section_id


def _section(fields_json: str, author: str, created_at: str) -> SectionEntry:
    return SectionEntry(json.loads(fields_json), author, created_at)


def current_sections(conn: Connection, case_id: str) -> dict[str, SectionEntry]:
    """The newest version of each section, by section key."""
    rows = conn.execute(
        "SELECT section, fields, author, created_at FROM case_sections WHERE case_id = ? AND deleted = 0 "
        "ORDER BY created_at, seq",
        (case_id,),
    )
    return {section: _section(fields_json, author, created_at) for section, fields_json, author, created_at in rows}


def section_history(conn: Connection, case_id: str, section: str) -> list[SectionEntry]:
    rows = conn.execute(
        "SELECT fields, author, created_at FROM case_sections WHERE case_id = ? AND section = ? AND deleted = 0 "
        "ORDER BY created_at DESC, seq DESC",
        (case_id, section),
    )
    return [_section(f, a, c) for f, a, c in rows]


def section_versions(conn: Connection, case_id: str, sections: Sequence[str]) -> list[tuple[str, str, SectionEntry]]:
    """(id, section, version) of every saved version of these sections of a case, oldest first."""
    if not sections:
        return []
    marks = ",".join("?" * len(sections))
    rows = conn.execute(
        "SELECT id, section, fields, author, created_at FROM case_sections "
        f"WHERE case_id = ? AND section IN ({marks}) AND deleted = 0 ORDER BY created_at, seq",
        (case_id, *sections),
    )
    return [(row_id, section, _section(f, a, c)) for row_id, section, f, a, c in rows]


_names_cache: list[Any] = [None, None, []]  # [connection, change counter, names]


def registered_names(conn: Connection) -> list[str]:
    """Names of every person registered in a sag: a journal must never mention them.

    Cached per connection until the vault's change counter moves (every write bumps it), because the journal
    check and the search log ask on every autosave and every search.
    """
    seq = get_meta(conn, "change_seq", "0")
    if _names_cache[0] is conn and _names_cache[1] == seq:
        cached: list[str] = _names_cache[2]
        return cached
    rows = conn.execute("SELECT DISTINCT person_name FROM cases WHERE kind = 'sag' AND person_name != ''")
    names = [row[0] for row in rows]
    _names_cache[:] = [conn, seq, names]
    return names


def reindex(conn: Connection, case_id: str) -> None:
    """Rebuild the search row of one case from its header and current sections."""
    row = conn.execute("SELECT fts_rowid FROM case_search_rows WHERE case_id = ?", (case_id,)).fetchone()
    if row:
        conn.execute("DELETE FROM case_search WHERE rowid = ?", (row[0],))
        conn.execute("DELETE FROM case_search_rows WHERE case_id = ?", (case_id,))
    case = get_case(conn, case_id)
    if case is None:
        return
    texts = [v for s in current_sections(conn, case_id).values() for v in s.fields.values() if v]
    body = "\n".join([case.area, case.coordinator, case.forum, *texts])
    rowid = _free_search_rowid(conn, search_key(case.registered, case.number))
    conn.execute(
        "INSERT INTO case_search (rowid, case_id, number, subject, body) VALUES (?, ?, ?, ?, ?)",
        (rowid, case_id, case.number, case.subject, body),
    )
    conn.execute("INSERT INTO case_search_rows (case_id, fts_rowid) VALUES (?, ?)", (case_id, rowid))


def _free_search_rowid(conn: Connection, key: int) -> int:
    """The first free rowid from `key` on (another case with the same date and number holds `key`)."""
    taken = {
        row[0]
        for row in conn.execute(
            "SELECT rowid FROM case_search WHERE rowid >= ? AND rowid < ?", (key, key + search_order.DUPLICATES)
        )
    }
    for rowid in range(key, key + search_order.DUPLICATES):
        if rowid not in taken:
            return rowid
    raise ValueError("more than 256 cases share a registration date and a case number")


def _where(query: CaseQuery) -> tuple[str, list[Any]]:
    clauses, params = ["c.deleted = 0"], []
    for column in ("level", "status", "forum", "coordinator", "kind", "area"):
        value = getattr(query, column)
        if value:
            clauses.append(f"c.{column} = ?")
            params.append(value)
    return " AND ".join(clauses), params


def sag_choices(conn: Connection, open_only: bool) -> list[tuple[str, str, str, str]]:
    """(id, number, subject, status) of every DKE-Sag, newest first: one lean query for pickers of thousands."""
    status = "AND status = 'open' " if open_only else ""
    return [
        tuple(r)
        for r in conn.execute(
            f"SELECT id, number, subject, status FROM cases WHERE deleted = 0 AND kind = 'sag' {status}"
            "ORDER BY registered DESC, number DESC"
        )
    ]


def _list_sql(query: CaseQuery, what: str) -> tuple[str, list[Any]]:
    where, params = _where(query)
    match = fts_query(query.text)
    if not match:
        return f"SELECT {what} FROM cases c WHERE {where}", params
    # Driven from the full-text index (CROSS JOIN fixes the loop order): a search touches only its hits, and in
    # list order, as the index's rowids are (store/search_order.py).
    source = "case_search s CROSS JOIN cases c ON c.id = s.case_id"
    return f"SELECT {what} FROM {source} WHERE s.case_search MATCH ? AND {where}", [match, *params]


def list_case_ids(conn: Connection, query: CaseQuery, offset: int = 0) -> list[str]:
    """Ids in list order (newest registration first, then number): all of them, or the page of `query.limit` from
    `offset`. A page is read in order from an index and stops when full, so the first page costs the same
    whatever the number of cases (`count_cases` gives the total)."""
    sql, params = _list_sql(query, "c.id")
    sql += " ORDER BY s.rowid DESC" if fts_query(query.text) else " ORDER BY c.registered DESC, c.number DESC"
    if query.limit or offset:
        sql += f" LIMIT {int(query.limit) if query.limit else -1} OFFSET {int(offset)}"
    return [row[0] for row in conn.execute(sql, params)]


def count_cases(conn: Connection, query: CaseQuery) -> int:
    """How many cases `list_case_ids` lists for `query` (no order, no ids: cheaper than listing them)."""
    sql, params = _list_sql(query, "count(*)")
    return int(conn.execute(sql, params).fetchone()[0])


def fetch_list_rows(conn: Connection, ids: Sequence[str]) -> list[CaseRow]:
    """List rows for `ids`, in the given order, each with its next open deadline."""
    by_id: dict[str, CaseRow] = {}
    columns = ", ".join(f"c.{c}" for c in LIST_COLUMNS)
    for start in range(0, len(ids), _CHUNK):  # SQLite limits the number of bound parameters per statement
        chunk = list(ids[start : start + _CHUNK])
        rows = conn.execute(
            f"SELECT {columns}, (SELECT min(d.due) FROM deadlines d WHERE d.case_id = c.id AND d.status = 'open' "
            f"AND d.deleted = 0 AND d.due != '') FROM cases c WHERE c.id IN ({','.join('?' * len(chunk))})",
            chunk,
        )
        for row in rows:  # LIST_COLUMNS, then next_due (None when the case has no open deadline with a date)
            by_id[row[0]] = CaseRow(**dict(zip(LIST_COLUMNS, row[:-1], strict=True)), next_due=row[-1] or "")
    return [by_id[i] for i in ids if i in by_id]


_CHUNK = 900


def live_sag_ids(conn: Connection, case_ids: Iterable[str]) -> list[str]:
    """The live DKE-Sager among `case_ids`, in case-number order – ids only: an import may bring tens of thousands,
    and their whole rows at once would cost tens of MB (issue 20)."""
    ids = sorted(set(case_ids))
    found: list[tuple[str, str]] = []
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        found += conn.execute(
            f"SELECT number, id FROM cases WHERE id IN ({','.join('?' * len(chunk))}) AND kind = 'sag' AND deleted = 0",
            chunk,
        ).fetchall()
    return [case_id for _, case_id in sorted(found)]


def distinct_values(conn: Connection, column: str) -> list[str]:
    if column not in ("level", "forum", "coordinator", "area", "status"):
        raise ValueError(column)
    # A loose index scan: one index seek per value in use (a plain DISTINCT reads every case's index entry).
    rows = conn.execute(
        f"WITH RECURSIVE v(x) AS (SELECT min({column}) FROM cases WHERE deleted = 0 AND {column} > '' "
        f"UNION ALL SELECT (SELECT min({column}) FROM cases WHERE deleted = 0 AND {column} > v.x) FROM v "
        "WHERE v.x IS NOT NULL) SELECT x FROM v WHERE x IS NOT NULL"
    )
    return [row[0] for row in rows]


# -- deadlines ------------------------------------------------------------------------------------------------


def add_deadlines(conn: Connection, device_id: str, case_id: str, deadlines: Iterable[tuple[str, str, str]]) -> None:
    """Add open deadlines given as (kind, label, due ISO date or '')."""
    for kind, label, due in deadlines:
        values = {"case_id": case_id, "kind": kind, "label": label, "due": due, "status": "open"}
        records.put(conn, "deadlines", records.new_id(), values, device_id)


def case_deadlines(conn: Connection, case_id: str) -> list[Deadline]:
    rows = conn.execute(
        "SELECT id, kind, label, due, status, done_on, unit, forum, waits_for FROM deadlines "
        "WHERE case_id = ? AND deleted = 0 ORDER BY status != 'open', due = '', due, label",
        (case_id,),
    )
    return [
        Deadline(
            id_, kind, label, due, status, done_on, case_id, unit=unit, forum=forum, waits_for_keys=decode(waits_for)
        )
        for id_, kind, label, due, status, done_on, unit, forum, waits_for in rows
    ]


def set_deadline_status(conn: Connection, device_id: str, deadline_id: str, status: str, done_on: str) -> None:
    records.put(conn, "deadlines", deadline_id, {"status": status, "done_on": done_on}, device_id)


def close_open_deadlines(conn: Connection, device_id: str, case_id: str, on: str) -> int:
    ids = [
        r[0]
        for r in conn.execute(
            "SELECT id FROM deadlines WHERE case_id = ? AND status = 'open' AND deleted = 0", (case_id,)
        )
    ]
    for deadline_id in ids:
        set_deadline_status(conn, device_id, deadline_id, "closed", on)
    return len(ids)


# Read through `deadline_state` (migration 0020): the open deadlines of open cases by due date and case number in a
# partial index, so a group's first rows stop at the LIMIT and its count never looks up a case.
_JOINED = " JOIN deadlines d ON d.id = s.deadline_id JOIN cases c ON c.id = s.case_id WHERE "
_OPEN_DUE = "FROM deadline_state s INDEXED BY deadline_state_due WHERE s.live = 1 AND s.due BETWEEN ? AND ?"


def open_deadlines_until(conn: Connection, until: str, first: str = "", limit: int = -1) -> list[Deadline]:
    """Open deadlines due from `first` to `until` (ISO dates; '' from the earliest) of open cases, earliest first;
    at most `limit` (-1: all)."""
    rows = conn.execute(
        "SELECT d.id, d.case_id, c.number, c.subject, d.kind, d.label, d.due "
        f"{_OPEN_DUE.replace(' WHERE ', _JOINED, 1)} "
        "ORDER BY s.due, s.number LIMIT ?",
        (first, until, limit),
    )
    return [
        Deadline(id_, kind, label, due, case_id=case_id, case_number=number, case_subject=subject)
        for id_, case_id, number, subject, kind, label, due in rows
    ]


def count_open_deadlines(conn: Connection, first: str, until: str) -> int:
    return int(conn.execute(f"SELECT count(*) {_OPEN_DUE}", (first, until)).fetchone()[0])
