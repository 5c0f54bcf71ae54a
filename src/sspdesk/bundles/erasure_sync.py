"""Erasure travels and wins: erasure records in bundles, and what an import does with them.

Every erasure writes an erasure record (`duties.erasure_records`): the emptied records by table and id, and for an
erasure on request a salted hash of the CPR-nr. Exports carry every erasure record (`rows_for_export`; whole-vault
and since-peer exports carry them anyway, as synced records). On import:

* `screen` (before the merge plan) drops every incoming version that an erasure – stored here or arriving in the
  same bundle – has emptied: any version of a listed record, any new child of an erased record (a case section,
  deadline, consent or exchange, consent scan, group membership, a new agenda item about an erased case and its
  minutes and dispositions, a consent that covers only erased cases), and a sag or consent this vault has never
  seen that names a person erased on request and was registered on or before the day of the erasure. Dropped
  versions are never stored, not as a row and not as a conflict copy; the import report counts them as `erased`.
  A change or deletion of an erasure record itself is dropped too: an erasure cannot be taken back by a bundle.
* `enforce` (after the merge, in the same transaction) carries out every erasure record that arrived: the records
  it lists and whatever this laptop holds of the same cases and – by the CPR hash – the same person are erased
  here as by `erasure.erase` (tombstones, deletion records, audit entries), and this laptop's own erasure record
  lists what it erased beyond the colleague's, so later bundles are filtered everywhere. The kept erasure records
  go on in this laptop's bundles.
* `finish` (after the commit): compact the file and replace the backups, which still hold the erased data.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sspdesk.bundles.merge import Version
from sspdesk.duties import erasure
from sspdesk.duties import erasure_records as er
from sspdesk.duties.erasure_records import ErasureRecord, RecordKey
from sspdesk.store import duties_repo, sync_repo
from sspdesk.store import erasure_lookup as lookup
from sspdesk.store.dbapi import Connection
from sspdesk.store.vault import Vault

TABLE = er.TABLE
# A column pointing at a parent record: a version whose parent is erased is a child of an erased record.
PARENT_COLUMNS = {
    "case_id": "cases",
    "consent_id": "consents",
    "item_id": "agenda_items",
    "case_section_id": "case_sections",
}


class InvalidErasureRecord(Exception):
    """An incoming erasure record cannot be read; the importer refuses the bundle naming it."""

    def __init__(self, version: Version, reason: str) -> None:
        super().__init__(reason)
        self.version = version
        self.reason = reason


@dataclass
class Screened:
    """What `screen` decided: which incoming versions an erasure drops (`keep`), and what `enforce` carries out."""

    gone: dict[str, set[str]] = field(default_factory=dict)  # table -> ids an erasure empties (incoming included)
    erasure_kept: dict[str, bool] = field(default_factory=dict)  # incoming erasure record id -> kept
    erased: int = 0  # incoming versions dropped because of an erasure (counted by the pass that applies)
    arriving: list[ErasureRecord] = field(default_factory=list)  # erasure records new to this vault
    matched: dict[str, set[RecordKey]] = field(default_factory=dict)  # erasure record id -> new records it dropped
    first_deletion: int = 0  # deletion records from this seq on are this import's (for the backup count)
    held_cprs: set[str] = field(default_factory=set)  # CPR-nr. this vault held before the import (see `screen`)

    def keep(self, conn: Connection, version: Version) -> bool:
        """False for a version an erasure drops (read only; the same answer on every pass over the bundle)."""
        if version.table == TABLE:
            return self.erasure_kept.get(version.id, False)
        return not self.gone or not _dropped(conn, version, self.gone)


def rows_for_export(conn: Connection) -> list[dict[str, Any]]:
    """Every erasure record, for a bundle of chosen cases or a meeting: an erasure always travels."""
    return sync_repo.all_rows(conn, TABLE) if er.has_table(conn) else []


def _erasure_versions(
    conn: Connection, versions: Sequence[Version], known: dict[str, ErasureRecord], screened: Screened
) -> None:
    """Sort the incoming erasure records: new ones are kept (and read), a change of a stored one is dropped."""
    for version in versions:
        if version.table != TABLE:
            continue
        if version.id in known:
            stored = sync_repo.get_version(conn, TABLE, version.id)
            same = stored is not None and not version.deleted and Version.from_row(TABLE, stored).data == version.data
            screened.erasure_kept[version.id] = same  # kept: the plan finds it unchanged
            continue
        if version.deleted:
            screened.erasure_kept[version.id] = False
            continue
        try:
            record = er.from_data(version.id, version.data)
        except ValueError as exc:
            raise InvalidErasureRecord(version, str(exc)) from None
        screened.arriving.append(record)
        screened.erasure_kept[version.id] = True


def _stored(conn: Connection, table: str, record_id: str) -> bool:
    return sync_repo.get_version(conn, table, record_id) is not None


def _hash_matches(
    conn: Connection, versions: Iterable[Version], requests: list[ErasureRecord], gone: dict[str, set[str]]
) -> dict[str, set[RecordKey]]:
    """New sager and consents (never stored here) that name a person erased on request, registered or created on
    or before the day of the erasure: {erasure record id: their keys}. `requests` are only the records the bundle
    does not carry: a laptop that holds an erasure record has carried it out and filters what it receives, so
    what it sends is already clean – and the slow hash runs only where it has to."""
    found: dict[str, set[RecordKey]] = {}
    if not requests:
        return found
    columns = {"cases": (("cpr",), "registered"), "consents": (("person_cpr", "giver_cpr", "giver2_cpr"), "created_at")}
    for version in versions:
        if version.table not in columns or version.deleted or version.id in gone[version.table]:
            continue
        cpr_columns, date_column = columns[version.table]
        numbers = {str(version.data.get(c) or "") for c in cpr_columns} - {""}
        day = str(version.data.get(date_column) or "")[:10]
        if not numbers or _stored(conn, version.table, version.id):
            continue  # a stored record with this CPR-nr. was erased when the erasure record arrived
        for record in requests:
            if day <= record.day and any(record.covers_cpr(n) for n in numbers):
                gone[version.table].add(version.id)
                found.setdefault(record.id, set()).add((version.table, version.id))
                break
    return found


Versions = Callable[[], Iterable[Version]]  # a fresh pass over the bundle's versions, in order


def screen(conn: Connection, erasure_versions: Sequence[Version], versions: Versions) -> Screened:
    """Decide which of an import's versions an erasure drops (read only). `erasure_versions` are the bundle's
    erasure records (few, read when the bundle was opened); `versions` reads the bundle again – only when an
    erasure is in play, and then only as often as the rules below need the whole bundle."""
    screened = Screened(first_deletion=duties_repo.last_deletion_seq(conn) + 1)
    if not er.has_table(conn):
        return screened
    known = er.stored(conn)
    _erasure_versions(conn, erasure_versions, known, screened)
    records = [*known.values(), *screened.arriving]
    if not records:
        return screened  # the common case: nothing is erased anywhere, nothing is dropped
    gone: dict[str, set[str]] = {t: set() for t in er.ERASABLE | {"agenda_items"}}
    for record in records:
        for table, record_id in record.erased:
            gone[table].add(record_id)
    carried = {v.id for v in erasure_versions}
    requests = [r for r in known.values() if r.cpr_hashes and r.id not in carried]
    screened.matched = _hash_matches(conn, versions() if requests else (), requests, gone)
    if any(r.cpr_hashes for r in screened.arriving):
        # Only this vault's own data needs the hash: what the bundle brings comes from a laptop holding the record.
        screened.held_cprs = lookup.held_cprs(conn)
    if gone["cases"]:
        # A consent that covers only erased cases goes with them (as in erasure.erase); its scans follow in `keep`.
        # Agenda items about an erased case: stored ones stay (an erasure keeps the meeting's agenda), new ones are
        # dropped; minutes and dispositions under either kind are children of the erased case.
        tied = sync_repo.rows_referencing(conn, "agenda_items", "case_id", gone["cases"])
        gone["agenda_items"] |= {row["id"] for row in tied}
        for version in versions():
            if version.table == "consents" and not version.deleted:
                covered = _json_list(version.data.get("case_ids"))
                if covered and set(covered) <= gone["cases"]:
                    gone["consents"].add(version.id)
            elif version.table == "agenda_items" and version.data.get("case_id") in gone["cases"]:
                gone["agenda_items"].add(version.id)
    screened.gone = gone
    return screened


def _json_list(value: Any) -> list[str]:
    try:
        items = json.loads(value) if isinstance(value, str) else []
    except ValueError:
        return []
    return [i for i in items if isinstance(i, str)] if isinstance(items, list) else []


def _dropped(conn: Connection, version: Version, gone: dict[str, set[str]]) -> bool:
    if version.table == "agenda_items":
        # Only a new item about an erased case; a stored item's own versions pass (it keeps no personal data).
        return version.id in gone["agenda_items"] and not _stored(conn, "agenda_items", version.id)
    if version.id in gone.get(version.table, ()):
        return True
    for column, parent in PARENT_COLUMNS.items():
        value = version.data.get(column)
        if isinstance(value, str) and value and value in gone[parent]:
            return True
    return False


def enforce(vault: Vault, conn: Connection, screened: Screened) -> list[erasure.ErasureReport]:
    """Carry out the erasure records that arrived (after the merge wrote them, in the same transaction)."""
    reports = []
    arriving = {r.id for r in screened.arriving}
    for record in screened.arriving:
        persons = [n for n in sorted(screened.held_cprs) if record.covers_cpr(n)]
        reports.append(erasure.erase_received(vault, conn, record, persons, screened.matched.get(record.id, ())))
    # Records dropped for an erasure record stored before this import: listed in this laptop's own record.
    known = er.stored(conn)
    for record_id, keys in screened.matched.items():
        if record_id not in arriving and record_id in known:
            source = known[record_id]
            er.write(
                conn,
                vault.device_id,
                source.reason,
                keys,
                decided_by=source.decided_by,
                decided_role=source.decided_role,
                source=source,
            )
    return [r for r in reports if r.erased]


def finish(vault: Vault, screened: Screened, reports: Iterable[erasure.ErasureReport]) -> None:
    """After the import's commit: compact and replace the backups if a received erasure emptied anything here."""
    done = list(reports)
    if done:
        erasure.finish(vault, done[0], screened.first_deletion)
        for other in done[1:]:
            other.backups_deleted, other.backup = done[0].backups_deleted, done[0].backup
