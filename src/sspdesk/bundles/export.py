"""Exporting a bundle: select record versions, sign them, encrypt them, write the .sspbundle file.

The selection is generic over the synced tables of the schema, so new record types travel without changes here:

* cases: each case, every row whose `case_id` is one of them or whose `case_ids` (JSON list) holds one of them,
  and the rows of those consents (`consent_id`) – except rows that belong to a case *not* chosen;
* a meeting: the meeting, every row whose `meeting_id` is it, the cases on its agenda (with the above);
* contacts referenced by `contact_id` from any selected row (for cases and meetings);
* everything (`all`), or everything written since the last export to a peer (`since`, by the `seq` counter);
* every erasure record, whatever the selection: an erasure always travels (see `erasure_sync`).

Tombstones are included: deletions travel. Only the encrypted bundle touches the disk.

Every bundle is a disclosure (`bundles.disclosure`): each live DKE-Sag the selection touches goes only on a basis for
every recipient; the others are left out with every row that belongs only to them, and listed with why in the
result (`ExportResult.plan`). The export records a "sent" exchange per case sent and recipient in the same
transaction that writes the file and logs the export – a failed write leaves neither the file nor an exchange.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sspdesk import __version__
from sspdesk.bundles import ExportError, audit_anchors, erasure_sync
from sspdesk.bundles import crypto as age
from sspdesk.bundles.disclosure import (
    NOTHING_CONFIRMED,
    Confirmation,
    DisclosurePlan,
    NothingToSend,
    Target,
    cases_in,
    decide,
    given_target,
    peer_target,
    record_sent,
    strip_left_out,
)
from sspdesk.bundles.format import FORMAT, FORMAT_VERSION, b64encode, canonical_json, signed_message, wire_record
from sspdesk.bundles.peers import Peer, find_peer, list_peers, mark_sent
from sspdesk.bundles.reading import MAX_BUNDLE_BYTES
from sspdesk.domain.disclosure import Recipient
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
    # With since_peer: the change sequence to start after, instead of what the colleague was last sent (the team
    # folder starts after what the colleague acknowledged – sspdesk/teamsync).
    since_seq: int | None = None

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
    plan: DisclosurePlan = field(default_factory=DisclosurePlan)

    def disclosure_json(self) -> dict[str, list[dict[str, object]]]:
        """`exchanges` (the DKE-Sager sent, with their basis) and `left_out` (those not sent, with why)."""
        return {
            "exchanges": [d.to_json() for d in self.plan.sent],
            "left_out": [d.to_json() for d in self.plan.left_out],
        }


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

    def keep_referenced_contacts_only(self) -> None:
        """After rows were left out: the contacts only they pointed at stay home too."""
        contacts = self.rows.get("contacts", {})
        used = {r.get("contact_id") for t, rows in self.rows.items() if t != "contacts" for r in rows.values()}
        for contact_id in [c for c in contacts if c not in used]:
            del contacts[contact_id]

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


@dataclass(frozen=True)
class Picked:
    """The rows of a selection: the manifest contents, {table: rows}, the peer of a since-export, every case the
    rows belong to, and the rows left out for want of a basis."""

    contents: dict[str, Any]
    rows: dict[str, list[dict[str, Any]]]
    peer: Peer | None
    case_ids: frozenset[str]
    removed: tuple[dict[str, Any], ...] = ()
    # The cases whose own rows travel – not only their exchange log (see `_content_cases`).
    content_case_ids: frozenset[str] = frozenset()


def select_rows(vault: Vault, selection: Selection, leave_out: frozenset[str] = frozenset()) -> Picked:
    """The rows of a selection, without the rows that belong only to the cases in `leave_out`."""
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
        contents["case_ids"] = [c for c in case_ids if c not in leave_out]
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
        since = peer.last_seq_sent if selection.since_seq is None else selection.since_seq
        for table in collector.tables:
            collector.add(table, sync_repo.rows_since(conn, table, since))
        contents["since_seq"] = since
    if kind in ("cases", "meeting"):  # whole-vault and since-peer exports carry them as synced records anyway
        collector.add(erasure_sync.TABLE, erasure_sync.rows_for_export(conn))  # an erasure always travels
    _leave_out_sag_only_sections(conn, collector.rows)
    touched = frozenset(cases_in(conn, collector.rows))
    content = _content_cases(conn, collector.rows)
    removed = strip_left_out(conn, collector.rows, leave_out)
    if removed and collector.by_case:
        collector.keep_referenced_contacts_only()
    rows = {t: sorted(r.values(), key=lambda row: row["seq"]) for t, r in collector.rows.items() if r}
    return Picked(contents, rows, peer, touched, tuple(removed), content)


EXCHANGE_LOG = "information_exchanges"


def _content_cases(conn: Connection, rows: dict[str, dict[str, dict[str, Any]]]) -> frozenset[str]:
    """The cases whose own rows travel. A since-export that carries only a sag's exchange log (the records of its
    earlier sendings) still needs a basis for the recipient, but discloses nothing new about the person, so it
    records no new exchange – else every exchange recorded would be news for the next export, and a team folder
    (sspdesk/teamsync) would send the same sag back and forth for ever."""
    return frozenset(cases_in(conn, {t: r for t, r in rows.items() if t != EXCHANGE_LOG}))


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
    vault: Vault,
    contents: dict[str, Any],
    rows: dict[str, list[dict[str, Any]]],
    bundle_id: str | None = None,
    teamsync: dict[str, Any] | None = None,
) -> tuple[dict[str, Any], bytes]:
    """(manifest, plaintext container bytes): the signed, not yet encrypted bundle content."""
    tables = records.synced_tables(vault.conn)
    payload = {"records": [wire_record(t, row, tables[t]) for t, table_rows in rows.items() for row in table_rows]}
    identity = vault.identity
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "bundle_id": bundle_id or str(uuid.uuid4()),
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
        "audit_anchor": audit_anchors.bundle_anchor(vault),
    }
    if teamsync is not None:
        manifest["teamsync"] = teamsync
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
        Path(path).parent.mkdir(parents=True, exist_ok=True)  # as before: a bundle may go to a new folder
        write_private_atomically(Path(path), data)
    except OSError as exc:
        raise ExportError(f"Filen kan ikke skrives: {disk_problem(exc)}. Intet er sendt.") from exc


def _targets(keys: list[str], vault: Vault, passphrase: str | None, recipient: Recipient | None) -> list[Target]:
    """Who can open the bundle: the colleague whose key each is, else the recipient the exporter named."""
    if passphrase is not None:
        return [given_target("passphrase", recipient)]
    peers = {p.recipient: p for p in list_peers(vault) if p.recipient}
    return [peer_target(peers[key]) if key in peers else given_target(key, recipient) for key in keys]


def plan_export(
    vault: Vault,
    selection: Selection,
    *,
    recipients: Iterable[str] = (),
    passphrase: str | None = None,
    recipient: Recipient | None = None,
    confirmation: Confirmation = NOTHING_CONFIRMED,
    on: date | None = None,
) -> DisclosurePlan:
    """Which DKE-Sager the export would send (with their basis) and which it would leave out (with why), without
    writing anything – for the export dialog before the user says yes. Raises like export_bundle."""
    picked = select_rows(vault, selection)
    keys = _recipients(vault, recipients, picked.peer, passphrase)
    targets = _targets(keys, vault, passphrase, recipient)
    return decide(vault, picked.case_ids, targets, confirmation, on or date.today())


def export_bundle(
    vault: Vault,
    out: Path,
    selection: Selection,
    *,
    recipients: Iterable[str] = (),
    passphrase: str | None = None,
    recipient: Recipient | None = None,
    confirmation: Confirmation = NOTHING_CONFIRMED,
    on: date | None = None,
    progress: Progress | None = None,
    teamsync: dict[str, Any] | None = None,
) -> ExportResult:
    """Select, decide the basis per DKE-Sag, record the exchanges, sign, encrypt and write a bundle; then log the
    export and remember what each peer was sent – all in one transaction, so nothing is kept if the file is not
    written. `recipient` names who receives a passphrase bundle (or an age key that is no colleague's);
    `confirmation` is the necessity test for a statutory basis; `teamsync` the manifest's team-folder block
    (sspdesk/teamsync). Raises NothingToSend (no file) when every case was left out and nothing else would
    travel."""
    report = progress or _noop
    report(0, 4, "Samler poster")
    day = on or date.today()
    with vault.transaction() as conn:
        picked = select_rows(vault, selection)
        keys = _recipients(vault, recipients, picked.peer, passphrase)
        plan = decide(vault, picked.case_ids, _targets(keys, vault, passphrase, recipient), confirmation, day)
        bundle_id = str(uuid.uuid4())
        record_sent(vault, plan, bundle_id, only=picked.content_case_ids)
        seq_mark = sync_repo.change_seq(conn)
        picked = select_rows(vault, selection, plan.left_out_ids)  # now with the exchanges just recorded
        if plan.left_out and not plan.sent and not any(picked.rows.values()):
            raise NothingToSend(plan)
        report(1, 4, "Underskriver")
        manifest, plaintext = build_container(vault, picked.contents, picked.rows, bundle_id, teamsync)
        report(2, 4, "Krypterer")
        if passphrase is not None:
            data = age.encrypt_with_passphrase(plaintext, passphrase)
        else:
            data = age.encrypt_to_recipients(plaintext, keys)
        if len(data) > MAX_BUNDLE_BYTES:  # a bundle no colleague could import: say so now, write nothing
            raise ExportError(
                f"Pakken bliver for stor: {len(data) / 1024**2:.0f} MB (højst {MAX_BUNDLE_BYTES // 1024**2} MB). "
                "Vælg færre sager, eller send ændringerne i flere pakker."
            )
        report(3, 4, "Skriver fil")
        write_atomically(Path(out), data)
        shown = keys if passphrase is None else ["passphrase"]
        _log_export(vault, manifest, picked.rows.get("cases", []), plan, passphrase is not None, keys)
        audit_anchors.record_sent(conn, manifest)  # the hashes our later bundles carry for this colleague to compare
        if manifest["contents"]["kind"] in ("all", "since"):
            # A left-out row holds the colleague's mark back, so the case travels once it has a basis.
            held = [int(r["seq"]) - 1 for r in picked.removed]
            for p in list_peers(vault):
                if p.recipient in keys:
                    mark_sent(conn, p.id, min([seq_mark, *held]))
    report(4, 4, "Færdig")
    return ExportResult(Path(out), bundle_id, dict(manifest["counts"]), shown, len(data), plan)


def _log_export(
    vault: Vault,
    manifest: dict[str, Any],
    cases: list[dict[str, Any]],
    plan: DisclosurePlan,
    by_passphrase: bool,
    keys: list[str],
) -> None:
    contents = manifest["contents"]
    sent_to = [p for p in list_peers(vault) if p.recipient in keys]
    sync_repo.log_bundle(
        vault.conn,
        manifest["bundle_id"],
        "export",
        sender=manifest["sender"]["fingerprint"],
        recipients=keys or ["passphrase"],
        contents=contents,
        counts=manifest["counts"],
    )
    counts = ", ".join(f"{t}: {n}" for t, n in manifest["counts"].items()) or "ingen poster"
    keys_text = "adgangskode" if by_passphrase else f"{len(keys)} modtagernøgle(r)"
    to = ", ".join(p.fingerprint for p in sent_to) or keys_text
    left_out = ", ".join(d.number for d in plan.left_out)
    vault.log(
        "bundle.export",
        record_kind="bundle",
        record_id=manifest["bundle_id"],
        detail=f"{contents['kind']}; til: {to}; {counts}" + (f"; udeladt uden hjemmel: {left_out}" if left_out else ""),
    )
    for row in cases:  # raw synced rows, as they travel in the bundle
        vault.log(
            "case.export",
            record_kind=row["kind"],
            record_id=row["id"],
            subject_ref=row["number"],
            detail=f"pakke {manifest['bundle_id']}",
        )
