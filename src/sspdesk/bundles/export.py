"""Exporting a bundle: select record versions, sign them, encrypt them, write the .sspbundle file.

The selection is generic over the synced tables of the schema, so new record types travel without changes here:

* cases: each case, every row whose `case_id` is one of them or whose `case_ids` (JSON list) holds one of them,
  and the rows of those consents (`consent_id`) – except rows that belong to a case *not* chosen;
* a meeting: the meeting, every row whose `meeting_id` is it, the cases on its agenda (with the above);
* contacts referenced by `contact_id` from any selected row (for cases and meetings);
* everything (`all`), or everything written since the last export to a peer (`since`, by the `seq` counter).

Tombstones are included: deletions travel. Only the encrypted bundle touches the disk.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sspdesk import __version__
from sspdesk.bundles import ExportError
from sspdesk.bundles import crypto as age
from sspdesk.bundles.audit_anchors import bundle_anchor, record_sent
from sspdesk.bundles.format import FORMAT, FORMAT_VERSION, b64encode, canonical_json, signed_message, wire_record
from sspdesk.bundles.peers import Peer, find_peer, list_peers, mark_sent
from sspdesk.domain.forms import journal_allows
from sspdesk.store import cases_repo, records, sync_repo
from sspdesk.store.clock import utc_now
from sspdesk.store.dbapi import Connection
from sspdesk.store.errors import disk_problem
from sspdesk.store.files import write_private_atomically
from sspdesk.store.vault import Vault

Progress = Callable[[int, int, str], None]

# (parent table, column in a child table pointing at it). A child row is selected when its parent is.
CHILD_LINKS = (("cases", "case_id"), ("cases", "case_ids"), ("consents", "consent_id"), ("meetings", "meeting_id"))


@dataclass(frozen=True)
class Selection:
    case_refs: tuple[str, ...] = ()
    meeting_ref: str | None = None
    all_records: bool = False
    since_peer: str | None = None

    def kind(self) -> str:
        chosen = [
            k
            for k, on in (
                ("cases", bool(self.case_refs)),
                ("meeting", self.meeting_ref is not None),
                ("all", self.all_records),
                ("since", self.since_peer is not None),
            )
            if on
        ]
        if len(chosen) != 1:
            raise ExportError("Vælg præcis én ting at eksportere: sager, et møde, alt eller ændringer siden sidst.")
        return chosen[0]


@dataclass(frozen=True)
class ExportResult:
    path: Path
    bundle_id: str
    counts: dict[str, int]
    recipients: list[str]  # age recipients, or ["passphrase"]
    bytes_written: int


def _noop(done: int, total: int, text: str) -> None:
    return None


# -- selecting --------------------------------------------------------------------------------------------


class _Collector:
    """The rows of a bundle. With `by_case` (a selection of cases or a meeting) a row that belongs to a case
    comes along only with its case; a whole-vault or since-peer export carries every row it is given (a new
    section of an unchanged case is a change of its own)."""

    def __init__(self, conn: Connection, *, by_case: bool) -> None:
        self.conn = conn
        self.by_case = by_case
        self.tables = records.synced_tables(conn)
        self.rows: dict[str, dict[str, dict[str, Any]]] = {t: {} for t in self.tables}

    def add(self, table: str, rows: Iterable[dict[str, Any]]) -> int:
        added = 0
        cases = self.rows.get("cases", {})
        for row in rows:
            case_id = row.get("case_id")
            if self.by_case and table != "cases" and case_id and case_id not in cases:
                continue  # a row of another case: never carried along
            if row["id"] not in self.rows[table]:
                self.rows[table][row["id"]] = row
                added += 1
        return added

    def close_over_children(self) -> None:
        while True:
            added = 0
            for parent, column in CHILD_LINKS:
                ids = list(self.rows.get(parent, {}))
                if not ids:
                    continue
                for table, columns in self.tables.items():
                    if column not in columns:
                        continue
                    if column.endswith("_ids"):
                        found = sync_repo.rows_referencing_list(self.conn, table, column, ids)
                    else:
                        found = sync_repo.rows_referencing(self.conn, table, column, ids)
                    added += self.add(table, found)
            if not added:
                return

    def add_cases(self, case_ids: Iterable[str]) -> None:
        if "cases" in self.tables:
            self.add("cases", sync_repo.rows_by_ids(self.conn, "cases", case_ids))

    def add_referenced_contacts(self) -> None:
        if "contacts" not in self.tables:
            return
        ids = {r["contact_id"] for t in self.rows.values() for r in t.values() if r.get("contact_id")}
        self.add("contacts", sync_repo.rows_by_ids(self.conn, "contacts", ids))


def _resolve_case(conn: Connection, ref: str) -> str:
    case_id = cases_repo.find_case_id(conn, ref.strip())
    if case_id is None:
        raise ExportError(f"Sagen findes ikke: {ref}")
    return case_id


def _resolve_meeting(conn: Connection, ref: str) -> dict[str, Any]:
    if "meetings" not in records.synced_tables(conn):
        raise ExportError("Denne version af datafilen har ingen møder.")
    found = sync_repo.rows_by_ids(conn, "meetings", [ref]) or sync_repo.rows_referencing(
        conn, "meetings", "number", [ref]
    )
    live = [r for r in found if not r["deleted"]]
    if not live:
        raise ExportError(f"Mødet findes ikke: {ref}")
    return live[0]


def select_rows(
    vault: Vault, selection: Selection
) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]], Peer | None]:
    """(manifest contents, {table: rows}, the peer of a since-export) for a selection."""
    conn = vault.conn
    kind = selection.kind()
    collector = _Collector(conn, by_case=kind in ("cases", "meeting"))
    contents: dict[str, Any] = {"kind": kind}
    peer = None
    if kind == "cases":
        case_ids = list(dict.fromkeys(_resolve_case(conn, ref) for ref in selection.case_refs))
        collector.add_cases(case_ids)
        collector.close_over_children()
        collector.add_referenced_contacts()
        contents["case_ids"] = case_ids
    elif kind == "meeting":
        meeting = _resolve_meeting(conn, selection.meeting_ref or "")
        collector.add("meetings", [meeting])
        agenda = []
        if "case_id" in collector.tables.get("agenda_items", ()):
            agenda = sync_repo.rows_referencing(conn, "agenda_items", "meeting_id", [meeting["id"]])
        collector.add_cases(r["case_id"] for r in agenda if r.get("case_id") and not r["deleted"])
        collector.close_over_children()
        collector.add_referenced_contacts()
        contents["meeting_id"] = meeting["id"]
    elif kind == "all":
        for table in collector.tables:
            collector.add(table, sync_repo.all_rows(conn, table))
    else:
        peer = find_peer(vault, selection.since_peer or "")
        if peer is None:
            raise ExportError(f"Kollegaen findes ikke: {selection.since_peer}")
        for table in collector.tables:
            collector.add(table, sync_repo.rows_since(conn, table, peer.last_seq_sent))
        contents["since_seq"] = peer.last_seq_sent
    _leave_out_sag_only_sections(conn, collector.rows)
    rows = {t: sorted(r.values(), key=lambda row: row["seq"]) for t, r in collector.rows.items() if r}
    return contents, rows, peer


def _leave_out_sag_only_sections(conn: Connection, rows: dict[str, dict[str, dict[str, Any]]]) -> None:
    """A journal's old Sagsforløb/Fokusområder text (flagged in the editor for the user to remove or move) stays
    home: a receiving vault refuses such a section on a journal, and would refuse the whole bundle with it."""
    sections = rows.get("case_sections", {})
    suspect = [r for r in sections.values() if not r.get("deleted") and not journal_allows(str(r.get("section", "")))]
    if not suspect:
        return
    journals = {
        c.id for c in (cases_repo.get_case(conn, str(r["case_id"])) for r in suspect) if c and c.kind == "journal"
    }
    for row in suspect:
        if row["case_id"] in journals:
            del sections[row["id"]]


# -- building ---------------------------------------------------------------------------------------------


def build_container(
    vault: Vault, contents: dict[str, Any], rows: dict[str, list[dict[str, Any]]]
) -> tuple[dict[str, Any], bytes]:
    """(manifest, plaintext container bytes): the signed, not yet encrypted bundle content."""
    tables = records.synced_tables(vault.conn)
    payload = {"records": [wire_record(t, row, tables[t]) for t, table_rows in rows.items() for row in table_rows]}
    identity = vault.identity
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "bundle_id": str(uuid.uuid4()),
        "created_at": utc_now(),
        "app_version": __version__,
        "sender": {
            "device_id": identity.device_id,
            "name": vault.user,
            "recipient": identity.recipient,
            "signing_public_key": b64encode(identity.signing_public_key),
            "fingerprint": identity.fingerprint,
        },
        "contents": contents,
        "counts": {t: len(r) for t, r in rows.items()},
        "payload_sha256": hashlib.sha256(canonical_json(payload)).hexdigest(),
        "audit_anchor": bundle_anchor(vault),
    }
    signature = age.sign(identity.signing_key, signed_message(manifest, payload))
    container = {
        "manifest": manifest,
        "payload": payload,
        "signature": {"algorithm": "Ed25519", "value": b64encode(signature)},
    }
    return manifest, json.dumps(container, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _recipients(vault: Vault, given: Iterable[str], peer: Peer | None, passphrase: str | None) -> list[str]:
    resolved = []
    for text in given:
        text = text.strip()
        if not text.startswith("age1"):
            named = find_peer(vault, text)
            if named is None or not named.recipient:
                raise ExportError(f"Ukendt modtager: {text!r} (angiv en age1…-nøgle eller en kollegas navn).")
            text = named.recipient
        age.parse_recipient(text)
        resolved.append(text)
    if not resolved and passphrase is None and peer is not None:
        if not peer.recipient:
            raise ExportError(f"Kollegaen «{peer.name}» har ingen modtagernøgle endnu.")
        resolved.append(peer.recipient)
    if resolved and passphrase is not None:
        raise ExportError("En pakke krypteres enten til modtagernøgler eller med en adgangskode, ikke begge (age).")
    if not resolved and passphrase is None:
        raise ExportError("Vælg mindst én modtager eller en adgangskode.")
    return list(dict.fromkeys(resolved))


def write_atomically(path: Path, data: bytes) -> None:
    """Write a bundle or export where the user asked: owner-only, and never half a file."""
    try:
        write_private_atomically(Path(path), data)
    except OSError as exc:
        raise ExportError(f"Filen kan ikke skrives: {disk_problem(exc)}. Intet er sendt.") from exc


def export_bundle(
    vault: Vault,
    out: Path,
    selection: Selection,
    *,
    recipients: Iterable[str] = (),
    passphrase: str | None = None,
    progress: Progress | None = None,
) -> ExportResult:
    """Select, sign, encrypt and write a bundle; then log the export and remember what each peer was sent."""
    report = progress or _noop
    report(0, 4, "Samler poster")
    seq_before = sync_repo.change_seq(vault.conn)
    contents, rows, peer = select_rows(vault, selection)
    targets = _recipients(vault, recipients, peer, passphrase)
    report(1, 4, "Underskriver")
    manifest, plaintext = build_container(vault, contents, rows)
    report(2, 4, "Krypterer")
    if passphrase is not None:
        data = age.encrypt_with_passphrase(plaintext, passphrase)
    else:
        data = age.encrypt_to_recipients(plaintext, targets)
    report(3, 4, "Skriver fil")
    write_atomically(Path(out), data)
    shown = targets or ["passphrase"]
    with vault.transaction() as conn:
        sent_to = [p for p in list_peers(vault) if p.recipient in targets]
        if manifest["contents"]["kind"] in ("all", "since"):
            for p in sent_to:
                mark_sent(conn, p.id, seq_before)
        record_sent(conn, manifest)
        sync_repo.log_bundle(
            conn,
            manifest["bundle_id"],
            "export",
            sender=manifest["sender"]["fingerprint"],
            recipients=shown,
            contents=contents,
            counts=manifest["counts"],
        )
        counts = ", ".join(f"{t}: {n}" for t, n in manifest["counts"].items()) or "ingen poster"
        to = ", ".join(p.fingerprint for p in sent_to) or (
            "adgangskode" if passphrase is not None else f"{len(targets)} modtagernøgle(r)"
        )
        vault.log(
            "bundle.export",
            record_kind="bundle",
            record_id=manifest["bundle_id"],
            detail=f"{contents['kind']}; til: {to}; {counts}",
        )
        for row in rows.get("cases", []):  # raw synced rows, as they travel in the bundle
            vault.log(
                "case.export",
                record_kind=row["kind"],
                record_id=row["id"],
                subject_ref=row["number"],
                detail=f"pakke {manifest['bundle_id']}",
            )
    report(4, 4, "Færdig")
    return ExportResult(Path(out), manifest["bundle_id"], dict(manifest["counts"]), shown, len(data))
