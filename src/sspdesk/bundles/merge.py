"""Merging incoming record versions by version vector, and reading the open conflicts.

For each incoming version I of a record, with the stored row L and the record's open conflicts C:

* no row: insert I (added);
* I is older than or equal to L or to a version in C: nothing changes (unchanged) – it is already known;
* otherwise the record's versions become the maximal ones of {L} ∪ C ∪ {I} (versions I dominates are
  superseded: I has seen their edits). One of them is the row, the others are open conflicts. The row is the
  version with the highest counter of *this* device (so a local edit always stays the row: no other version can
  have seen it without dominating it), ties broken by a fixed order on (vector, content). I becoming the row over
  a dominated L is "updated"; anything else is a conflict kept for the user.

The state after a set of imports therefore depends only on the set of versions seen – not on the order – and
importing the same bundle twice is a no-op. Nothing is lost: a version leaves the vault only when a version that
has seen it arrives. Derived state (the case search index) is rebuilt for every touched case.

Resolving a conflict by hand is `bundles/conflicts.py` (it applies the import guards' settled-record rule, and the
guards build on this module).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from sspdesk.bundles.format import canonical_json, decode_value, encode_value
from sspdesk.domain import version_vector as vvec
from sspdesk.domain.errors import Invalid
from sspdesk.domain.version_vector import Order
from sspdesk.store import records, sync_repo
from sspdesk.store.dbapi import Connection
from sspdesk.store.scratch import KeySet
from sspdesk.store.vault import Vault

# An import that would change or delete more than this share of the vault's live records (and at least
# LARGE_CHANGE_MIN of them) needs an explicit confirmation.
LARGE_CHANGE_SHARE = 0.30
LARGE_CHANGE_MIN = 10


@dataclass(frozen=True, slots=True)
class Version:
    """One version of one record, with python values (bytes for BLOBs). Slots: an import holds many of them."""

    table: str
    id: str
    vv: dict[str, int]
    updated_at: str
    deleted: bool
    data: dict[str, Any]

    @classmethod
    def from_row(cls, table: str, row: Mapping[str, Any]) -> Version:
        data = {k: v for k, v in row.items() if k not in records.SYNC_MARKER_COLUMNS}
        return cls(table, row["id"], vvec.loads(row["vv"]), row["updated_at"], bool(row["deleted"]), data)

    @classmethod
    def from_wire(cls, record: Mapping[str, Any]) -> Version:
        data = {k: decode_value(v) for k, v in record["data"].items()}
        return cls(record["table"], record["id"], dict(record["vv"]), record["updated_at"], record["deleted"], data)

    def wire(self) -> dict[str, Any]:
        return {
            "table": self.table,
            "id": self.id,
            "vv": dict(self.vv),
            "updated_at": self.updated_at,
            "deleted": self.deleted,
            "data": {k: encode_value(v) for k, v in self.data.items()},
        }

    def digest(self) -> str:
        content = {"deleted": self.deleted, "data": {k: encode_value(v) for k, v in self.data.items()}}
        return hashlib.sha256(canonical_json(content)).hexdigest()


def _rank(device_id: str) -> Callable[[Version], tuple[int, int, str, str]]:
    def key(version: Version) -> tuple[int, int, str, str]:
        vv = version.vv
        return (vv.get(device_id, 0), sum(vv.values()), vvec.dumps(vv), version.digest())

    return key


Outcome = Literal["added", "updated", "unchanged", "conflicts"]


@dataclass
class Decision:
    incoming: Version
    outcome: Outcome
    new_row: Version | None = None  # the version to write as the row, when the row changes
    add_conflicts: list[Version] = field(default_factory=list)
    close_conflicts: list[str] = field(default_factory=list)
    replaced_live: bool = False  # a live local row is replaced …
    deletes_live: bool = False  # … by a tombstone
    case_ids: set[str] = field(default_factory=set)


@dataclass
class TableCounts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    conflicts: int = 0


@dataclass
class PlanSummary:
    """The counts of a merge plan, added up decision by decision – an import streams its records through in
    batches and never holds the whole plan (issue 20)."""

    existing_live: int
    counts: dict[str, TableCounts] = field(default_factory=dict)
    changed_live: int = 0
    deleted_live: int = 0
    deleted: Counter[str] = field(default_factory=Counter)  # table -> live records a tombstone replaces
    replaced: Counter[str] = field(default_factory=Counter)  # table -> live records replaced (changed or deleted)

    def add(self, d: Decision) -> None:
        table = d.incoming.table
        entry = self.counts.setdefault(table, TableCounts())
        setattr(entry, d.outcome, getattr(entry, d.outcome) + 1)
        if d.replaced_live:
            self.replaced[table] += 1
        if d.deletes_live:
            self.deleted_live += 1
            self.deleted[table] += 1
        elif d.replaced_live:
            self.changed_live += 1

    def per_table(self) -> dict[str, TableCounts]:
        return self.counts

    def totals(self) -> dict[str, int]:
        result = {"added": 0, "updated": 0, "unchanged": 0, "conflicts": 0}
        for entry in self.counts.values():
            for outcome in result:
                result[outcome] += getattr(entry, outcome)
        return result

    @property
    def changes(self) -> bool:
        return any(c.added or c.updated or c.conflicts for c in self.counts.values())

    @property
    def is_large(self) -> bool:
        affected = self.changed_live + self.deleted_live
        return affected >= LARGE_CHANGE_MIN and affected > LARGE_CHANGE_SHARE * self.existing_live


@dataclass
class MergePlan:
    decisions: list[Decision]
    existing_live: int

    def summary(self) -> PlanSummary:
        result = PlanSummary(self.existing_live)
        for d in self.decisions:
            result.add(d)
        return result

    def per_table(self) -> dict[str, TableCounts]:
        return self.summary().per_table()

    def totals(self) -> dict[str, int]:
        return self.summary().totals()

    @property
    def changed_live(self) -> int:
        return self.summary().changed_live

    @property
    def deleted_live(self) -> int:
        return self.summary().deleted_live

    @property
    def is_large(self) -> bool:
        return self.summary().is_large


def case_ids_of(version: Version) -> set[str]:
    if version.table == "cases":
        return {version.id}
    case_id = version.data.get("case_id")
    return {case_id} if isinstance(case_id, str) and case_id else set()


def decide(conn: Connection, device_id: str, incoming: Version) -> Decision:
    """What importing `incoming` does to its record (reads only)."""
    row = sync_repo.get_version(conn, incoming.table, incoming.id)
    if row is None:
        return Decision(incoming, "added", new_row=incoming, case_ids=case_ids_of(incoming))
    local = Version.from_row(incoming.table, row)
    stored = [
        (c["id"], Version.from_wire(json.loads(c["incoming"])))
        for c in sync_repo.open_conflicts(conn, incoming.table, incoming.id)
    ]
    known = [local, *(v for _, v in stored)]
    if any(vvec.compare(incoming.vv, v.vv) in (Order.OLDER, Order.EQUAL) for v in known):
        return Decision(incoming, "unchanged")
    survivors = [v for v in known if vvec.compare(incoming.vv, v.vv) is not Order.NEWER]
    survivors.append(incoming)
    winner = max(survivors, key=_rank(device_id))
    keep = [v for v in survivors if v is not winner]
    decision = Decision(incoming, "conflicts")
    if winner is incoming and vvec.compare(incoming.vv, local.vv) is Order.NEWER:
        decision.outcome = "updated"
    decision.close_conflicts = [cid for cid, v in stored if not any(v is k for k in keep)]
    decision.add_conflicts = [v for v in keep if v is incoming or v is local]
    if winner is not local:
        decision.new_row = winner
        decision.replaced_live = not local.deleted
        decision.deletes_live = winner.deleted and not local.deleted
        decision.case_ids = case_ids_of(winner) | case_ids_of(local)
    return decision


def plan_merge(conn: Connection, device_id: str, versions: Iterable[Version]) -> MergePlan:
    return MergePlan([decide(conn, device_id, v) for v in versions], sync_repo.live_record_count(conn))


class RecordRefused(Exception):
    """The vault's own constraints (CHECK, NOT NULL) refused a version: the caller rolls back."""

    def __init__(self, version: Version, reason: str) -> None:
        super().__init__(reason)
        self.version = version
        self.reason = reason


def apply_plan(conn: Connection, plan: MergePlan) -> None:
    """Write the plan's decisions; call inside one transaction (with a plan made in that same transaction)."""
    apply_decisions(conn, plan.decisions)


def apply_decisions(conn: Connection, decisions: Iterable[Decision], touched: KeySet | None = None) -> None:
    """Write decisions (a whole plan, or one batch of an import's) and rebuild the derived state of their cases –
    or, given `touched`, add their case ids to it for the caller to rebuild once after its last batch (a case whose
    records fall in many batches would otherwise get its search row rebuilt once per batch)."""
    case_ids: set[str] = set()
    for decision in decisions:
        version = decision.new_row
        if version is not None:
            try:
                records.write_version(
                    conn,
                    version.table,
                    version.id,
                    version.data,
                    version.vv,
                    deleted=version.deleted,
                    updated_at=version.updated_at,
                )
            except sync_repo.IntegrityError as exc:
                raise RecordRefused(version, str(exc)) from None
        for conflict_id in decision.close_conflicts:
            sync_repo.close_conflict(conn, conflict_id)
        for kept in decision.add_conflicts:
            sync_repo.insert_conflict(conn, kept.table, kept.id, json.dumps(kept.wire()), vvec.dumps(kept.vv))
        case_ids |= decision.case_ids
    if touched is None:
        refresh_derived(conn, case_ids)
    else:
        touched.update(case_ids)


def refresh_derived(conn: Connection, case_ids: Iterable[str]) -> None:
    """Rebuild the derived state (the search rows) of these cases, in a vault that has cases."""
    if "cases" in records.synced_tables(conn):
        sync_repo.refresh_derived(conn, case_ids)


def merge_versions(conn: Connection, device_id: str, versions: Iterable[Version]) -> MergePlan:
    """Plan and apply in the caller's transaction (the property tests call this directly)."""
    plan = plan_merge(conn, device_id, versions)
    apply_plan(conn, plan)
    return plan


# -- the conflict service ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConflictDetail:
    id: str
    table: str
    record_id: str
    created_at: str
    local: dict[str, Any]  # data columns of the row (the version in use)
    incoming: dict[str, Any]  # data columns of the other version
    local_deleted: bool
    incoming_deleted: bool
    local_vv: dict[str, int]
    incoming_vv: dict[str, int]
    differing: list[str]  # data columns whose values differ (plus "deleted" when only one side is deleted)


def _detail(conn: Connection, conflict: Mapping[str, Any]) -> ConflictDetail:
    other = Version.from_wire(json.loads(conflict["incoming"]))
    row = sync_repo.get_version(conn, conflict["table_name"], conflict["record_id"])
    local = Version.from_row(conflict["table_name"], row) if row else other
    columns = list(dict.fromkeys([*local.data, *other.data]))
    differing = [c for c in columns if local.data.get(c) != other.data.get(c)]
    if local.deleted != other.deleted:
        differing.append("deleted")
    return ConflictDetail(
        conflict["id"],
        conflict["table_name"],
        conflict["record_id"],
        conflict["created_at"],
        dict(local.data),
        dict(other.data),
        local.deleted,
        other.deleted,
        dict(local.vv),
        dict(other.vv),
        differing,
    )


def list_conflicts(vault: Vault) -> list[ConflictDetail]:
    """Open conflicts, oldest first, each with both versions (for the side-by-side view)."""
    conn = vault.conn
    return [_detail(conn, c) for c in sync_repo.open_conflicts(conn)]


def conflict_detail(vault: Vault, conflict_id: str) -> ConflictDetail:
    conflict = sync_repo.get_conflict(vault.conn, conflict_id)
    if conflict is None or conflict["resolved_at"] is not None:
        raise Invalid("Konflikten findes ikke eller er allerede løst.")
    return _detail(vault.conn, conflict)
