"""The import's steps 6–7 as passes over an opened bundle, batch by batch (issue 20: memory bounded by the batch).

Each pass reads the records again (`opening.versions`: decrypt, parse, let go) and decides each one the merge way
(`merge.decide`, which reads only that record's row and conflicts – so a decision does not depend on the records
before it, and comes out the same on every pass):

1. `survey` (read only): the counters rule per version (`guards.check_counter`), what an erasure drops
   (`erasure_sync.Screened.keep`), and what the checks need of the whole bundle – the plan's counts
   (`merge.PlanSummary`), the vault as it will be after the bundle and the bundle's names (`journal_check`, only
   the record types and columns it asks about), the settling events (`guards.settled_context`), the labels of
   deleted cases, meetings and consents, and the report's event lines;
2. `check` (read only): each decision against the journal rule and the settled-record rule – the first refusal
   in bundle order, the journal rule's before the settled rule's, as when the whole plan was checked at once – and
   then what the user must confirm;
3. `apply` (in the import's one transaction, after the backup): each batch of BATCH records decided, written,
   its case-number collisions and `case.import` audit entries noted; after the last batch the search rows of the
   cases it touched are rebuilt, once each. A failure anywhere rolls everything back.

What is remembered of every record – the vault after the bundle, the cases touched, the sager brought – is kept in
a scratch database (`sspdesk.store.scratch`) that the caller opens for the import: memory stays bounded by the batch
and a page cache, however many records the bundle holds.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sspdesk.bundles import InvalidRecord, guards
from sspdesk.bundles.erasure_sync import InvalidErasureRecord, Screened, screen
from sspdesk.bundles.journal_check import JournalCheck
from sspdesk.bundles.merge import (
    Decision,
    PlanSummary,
    RecordRefused,
    Version,
    apply_decisions,
    decide,
    refresh_derived,
)
from sspdesk.bundles.opening import OpenedBundle, versions
from sspdesk.bundles.received import Brought
from sspdesk.store import cases_repo, sync_repo
from sspdesk.store.dbapi import Connection
from sspdesk.store.scratch import KeySet, Scratch, in_chunks
from sspdesk.store.vault import Vault

BATCH = 2_000  # records decided and written together; the apply pass holds no more than this many


def screened(conn: Connection, opened: OpenedBundle) -> Screened:
    """What an erasure drops of this bundle (`erasure_sync.screen`), an unreadable erasure record refused."""
    try:
        return screen(conn, [v for _, v in opened.erasure_versions], lambda: (v for _, v in versions(opened)))
    except InvalidErasureRecord as exc:
        key = (exc.version.table, exc.version.id)
        index = next((i for i, v in opened.erasure_versions if (v.table, v.id) == key), 0)
        raise InvalidRecord(index, exc.version.table, exc.version.id, exc.reason) from None


def _kept(conn: Connection, opened: OpenedBundle, screen: Screened) -> Iterator[tuple[int, Version]]:
    for index, version in versions(opened):
        if screen.keep(conn, version):
            yield index, version


@dataclass
class Survey:
    """What the checks need of the whole bundle (see the module docstring), gathered in one pass."""

    summary: PlanSummary
    journal: JournalCheck
    settling: dict[str, set[str]] = field(
        default_factory=lambda: {"events": set(), "withdrawn": set(), "closings": set()}
    )
    deleted_labels: list[str] = field(default_factory=list)
    events: list[Decision] = field(default_factory=list)  # new reopenings, corrections, withdrawals

    def case_kind(self, case_id: str) -> str:
        return self.journal.after.case_kind(case_id)

    def number(self, table: str, record_id: Any) -> str:
        """A case's or meeting's number for the report: the stored row's, else the bundle's."""
        conn = self.journal.after.conn
        row = sync_repo.get_version(conn, table, record_id) if isinstance(record_id, str) and record_id else None
        if row is not None and row.get("number"):
            return str(row["number"])
        after = self.journal.after
        found = after.case_number(str(record_id)) if table == "cases" else after.meeting_number(str(record_id))
        return found or "?"

    def event_lines(self) -> list[str]:
        return [guards.event_line(d, self.number) for d in self.events]


def survey(conn: Connection, device_id: str, opened: OpenedBundle, screen: Screened, scratch: Scratch) -> Survey:
    """Pass 1 (read only): the counters rule, and what the checks need of the whole bundle."""
    result = Survey(PlanSummary(sync_repo.live_record_count(conn)), JournalCheck(conn, scratch))
    for index, version in versions(opened):
        guards.check_counter(conn, device_id, index, version)  # every version, those an erasure drops too
        if not screen.keep(conn, version):
            continue
        decision = decide(conn, device_id, version)
        result.summary.add(decision)
        result.journal.note(decision)
        event = guards.settling_event(decision)
        if event is not None:
            result.settling[event[0]].add(event[1])
            result.events.append(decision)
        closing = guards.concurrent_closing(decision)
        if closing is not None:
            result.settling["closings"].add(closing)
        label = guards.deletion_label(conn, decision)
        if label is not None:
            result.deleted_labels.append(label)
    return result


def check(
    conn: Connection, device_id: str, opened: OpenedBundle, screen: Screened, found: Survey, *, confirmed: bool
) -> None:
    """Pass 2 (read only): the journal rule, then settled records stay settled, then what must be confirmed."""
    journal: InvalidRecord | None = None
    settled: InvalidRecord | None = None
    for index, version in _kept(conn, opened, screen):
        decision = decide(conn, device_id, version)
        if journal is None:
            refusal = found.journal.refusal(decision)
            if refusal is not None:
                journal = InvalidRecord(index, refusal.version.table, refusal.version.id, refusal.reason)
        if settled is None:
            try:
                guards.check_settled_decision(conn, decision, found.settling, found.case_kind, index)
            except InvalidRecord as exc:
                settled = exc
        if journal is not None:
            break  # it outranks any settled-record refusal
    if journal is not None:
        raise journal
    if settled is not None:
        raise settled
    question = guards.confirmation_needed(conn, found.summary, found.deleted_labels)
    if question is not None and not confirmed:
        raise question


@dataclass
class Applied:
    """What the apply pass wrote, for the report, the audit log and the exchanges received."""

    summary: PlanSummary
    brought: Brought  # for received.record_received: the sager and the sender's exchanges
    touched: KeySet  # cases whose search rows are rebuilt after the last batch
    warnings: list[str] = field(default_factory=list)
    erased: int = 0


def apply(vault: Vault, conn: Connection, opened: OpenedBundle, screen: Screened, scratch: Scratch) -> Applied:
    """Pass 3, inside the import's transaction: decide and write batch by batch."""
    device_id = vault.device_id
    done = Applied(PlanSummary(0), Brought(scratch, opened.manifest.bundle_id), KeySet(scratch))
    batch: list[tuple[int, Decision]] = []
    for index, version in versions(opened):
        if not screen.keep(conn, version):
            done.erased += 1
            continue
        batch.append((index, decide(conn, device_id, version)))
        if len(batch) >= BATCH:
            _write(vault, conn, opened, batch, done)
            batch = []
    _write(vault, conn, opened, batch, done)
    for case_ids in in_chunks(done.touched):  # once per case, not once per batch that holds one of its records
        refresh_derived(conn, case_ids)
    return done


def _write(
    vault: Vault, conn: Connection, opened: OpenedBundle, batch: list[tuple[int, Decision]], done: Applied
) -> None:
    for _, decision in batch:
        version = decision.incoming
        if version.table == "cases" and decision.outcome == "added" and not version.deleted:
            existing = cases_repo.find_case_id(conn, version.data.get("number", ""))
            if existing and existing != version.id:
                done.warnings.append(f"Sagsnummeret {version.data['number']} findes allerede her for en anden sag.")
    try:
        apply_decisions(conn, (d for _, d in batch), done.touched)
    except RecordRefused as exc:
        key = (exc.version.table, exc.version.id)
        index = next((i for i, d in batch if (d.incoming.table, d.incoming.id) == key), 0)
        raise InvalidRecord(
            index, exc.version.table, exc.version.id, f"datafilen afviser den ({exc.reason})."
        ) from None
    for _, decision in batch:
        done.summary.add(decision)
        version = decision.incoming
        done.brought.note(version)
        if version.table == "cases" and decision.outcome != "unchanged":
            vault.log(
                "case.import",
                record_kind=str(version.data.get("kind", "")),
                record_id=version.id,
                subject_ref=str(version.data.get("number", "")),
                detail=decision.outcome,
            )
