"""Reading the team folder: every complete, valid file addressed to this laptop from a trusted colleague is imported
once; everything else is passed over with a reason, and nothing is ever inferred from a file that is missing.

For each file, in name order:

* temp files, foreign files: skipped (listed with a reason, never an error); our own files: passed over;
* a name judged before (kept in `teamsync_files`): its outcome stands – imported and not-for-us files are passed
  over quietly, quarantined ones listed again with their reason, not retried;
* a file whose bytes do not hash to the hash in its name is still arriving (or was cut short): skipped this round,
  read again next round (nothing remembered);
* bytes judged before under another name (a conflict copy of a file already read): skipped as a copy, remembered;
* then the bundle is opened by the importer (`bundles.importer.open_bundle` / `import_opened` – the same checks as a
  file imported by hand): encrypted to another colleague -> remembered as not for us; from a sender who is not a
  colleague -> skipped (judged again once they are added); a trusted colleague's file that fails a check (or whose
  name does not match its signed content) -> quarantined: listed, remembered, never retried; an import that asks
  for a confirmation (deletions, a large change, a colleague's new device) -> waiting, asked again next round;
* imported: the file's acknowledgements of our files are recorded (the writer prunes, never a reader).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sspdesk.bundles import BundleError, LargeChange, UnknownSender, WrongKey
from sspdesk.bundles.guards import DeviceMoved
from sspdesk.bundles.importer import ImportReport, OpenedBundle, import_opened, open_bundle
from sspdesk.bundles.peers import Peer, check_sender, list_peers
from sspdesk.bundles.reading import read_bundle_file
from sspdesk.store import teamsync_repo
from sspdesk.store.vault import Vault
from sspdesk.teamsync.folder import FOREIGN_REASON, TEMP_REASON, FolderFile

INCOMPLETE_REASON = "Filen er ikke kommet helt frem endnu (eller er ændret undervejs); den læses igen næste gang."
COPY_REASON = "Kopi af en fil, der allerede er læst (konfliktkopi); den springes over."
NOT_FOR_US = "not_for_us"


@dataclass
class ReadResult:
    imported: list[tuple[str, str, ImportReport]] = field(default_factory=list)  # (file, sender name, report)
    skipped: list[dict[str, str]] = field(default_factory=list)
    quarantined: list[dict[str, str]] = field(default_factory=list)
    waiting: list[dict[str, str]] = field(default_factory=list)
    not_for_us: int = 0
    already: int = 0
    acked: list[str] = field(default_factory=list)  # names of our files newly acknowledged


def in_ranges(seq: int, ranges: Sequence[Sequence[int]]) -> bool:
    return any(first <= seq <= last for first, last in ranges)


def to_ranges(seqs: Sequence[int]) -> list[list[int]]:
    """[1, 2, 3, 7, 8] -> [[1, 3], [7, 8]]."""
    ranges: list[list[int]] = []
    for seq in sorted(set(seqs)):
        if ranges and seq == ranges[-1][1] + 1:
            ranges[-1][1] = seq
        else:
            ranges.append([seq, seq])
    return ranges


class _Reader:
    def __init__(self, vault: Vault, *, confirm: bool, at: str) -> None:
        self.vault = vault
        self.confirm = confirm
        self.at = at
        self.result = ReadResult()
        self.own_device = vault.device_id
        self.peers_by_device = {p.device_id: p for p in list_peers(vault) if p.device_id}
        self.pending: list[dict[str, Any]] = []  # files not for us: remembered together at the end (one commit)

    # -- outcomes ----------------------------------------------------------------------------------------------

    def _entry(self, file: FolderFile, reason: str) -> dict[str, str]:
        return {"file": file.name, "reason": reason}

    def _remember(
        self, file: FolderFile, sha: str, outcome: str, reason: str = "", *, later: bool = False, **extra: Any
    ) -> None:
        values = {
            "name": file.name,
            "sha256": sha,
            "outcome": outcome,
            "reason": reason,
            "writer_device": file.device_id,
            "writer_seq": file.seq,
            "judged_at": self.at,
            **extra,
        }
        if later:
            self.pending.append(values)
            return
        with self.vault.transaction() as conn:
            teamsync_repo.remember(conn, values)

    def finish(self) -> None:
        if self.pending:
            with self.vault.transaction() as conn:
                for values in self.pending:
                    teamsync_repo.remember(conn, values)
            self.pending = []

    def _reject(self, file: FolderFile, sha: str, reason: str, sender: str = "") -> None:
        """A file that failed a check: quarantined when the name says it is a trusted colleague's, else foreign."""
        trusted = file.device_id in self.peers_by_device
        outcome = "quarantined" if trusted else "foreign"
        self._remember(file, sha, outcome, reason, sender=sender)
        (self.result.quarantined if trusted else self.result.skipped).append(self._entry(file, reason))

    def _known(self, file: FolderFile, row: dict[str, Any]) -> None:
        outcome = row["outcome"]
        if outcome == "imported":
            self.result.already += 1
        elif outcome == NOT_FOR_US:
            self.result.not_for_us += 1
        elif outcome == "quarantined":
            self.result.quarantined.append(self._entry(file, row["reason"]))
        else:  # foreign, unknown_sender, copy
            self.result.skipped.append(self._entry(file, row["reason"]))

    # -- one file ----------------------------------------------------------------------------------------------

    def read(self, file: FolderFile) -> None:
        if file.kind == "temp":
            self.result.skipped.append(self._entry(file, TEMP_REASON))
            return
        if file.kind == "foreign":
            self.result.skipped.append(self._entry(file, FOREIGN_REASON))
            return
        if file.device_id == self.own_device:
            return  # our own file (or a copy of it): the writer's business
        known = teamsync_repo.judged_by_name(self.vault.conn, file.name)
        if known is not None:
            self._known(file, known)
            return
        try:
            data = read_bundle_file(file.path)
        except BundleError as error:  # vanished meanwhile, not a regular file, far too big
            self.result.skipped.append(self._entry(file, error.message))
            return
        sha = hashlib.sha256(data).hexdigest()
        if sha[:16] != file.name_hash:
            self.result.skipped.append(self._entry(file, INCOMPLETE_REASON))
            return
        earlier = teamsync_repo.judged(self.vault.conn, sha)
        if earlier is not None:
            if file.kind == "copy":
                self._remember(file, sha, "copy", COPY_REASON)
                self.result.skipped.append(self._entry(file, COPY_REASON))
            else:  # the original name after a copy of it was read: the same file
                self._remember(file, sha, earlier["outcome"], earlier["reason"], sender=earlier["sender"])
                self._known(file, earlier)
            return
        self._open(file, sha, data)

    def _open(self, file: FolderFile, sha: str, data: bytes) -> None:
        try:
            opened = open_bundle(self.vault, data)
        except WrongKey:
            self._remember(file, sha, NOT_FOR_US, later=True)
            self.result.not_for_us += 1
            return
        except BundleError as error:
            self._reject(file, sha, error.message)
            return
        manifest = opened.manifest
        block = manifest.teamsync
        if (
            manifest.sender.device_id != file.device_id
            or block is None
            or block.seq != file.seq
            or block.to != self.vault.identity.fingerprint
        ):
            reason = "Filens navn passer ikke med dens underskrevne indhold (afsender, nummer eller modtager)."
            self._reject(file, sha, reason, opened.fingerprint)
            return
        try:
            peer = check_sender(self.vault, manifest.sender, trust_new_sender=False, record=False)
        except UnknownSender as error:
            reason = (
                f"Fra {error.name or 'en afsender'} ({error.fingerprint}), som ikke er tilføjet som kollega. "
                "Tilføj kollegaen (fx med en invitation), så læses filen."
            )
            self._remember(file, sha, "unknown_sender", reason, sender=error.fingerprint)
            self.result.skipped.append(self._entry(file, reason))
            return
        except DeviceMoved as error:
            self.result.waiting.append(self._entry(file, error.message))
            return
        except BundleError as error:  # a key posing as a colleague's device
            self._remember(file, sha, "foreign", error.message, sender=opened.fingerprint)
            self.result.skipped.append(self._entry(file, error.message))
            return
        if peer is None:
            return  # signed with this vault's own key (a copy of this vault on another device): never ours to read
        self._import(file, sha, opened, peer)

    def _import(self, file: FolderFile, sha: str, opened: OpenedBundle, peer: Peer) -> None:
        try:
            report = import_opened(self.vault, opened, allow_large_change=self.confirm)
        except (LargeChange, DeviceMoved) as error:  # a question for the user: asked again next round
            self.result.waiting.append(self._entry(file, error.message))
            return
        except BundleError as error:
            self._remember(file, sha, "quarantined", error.message, sender=opened.fingerprint)
            self.result.quarantined.append(self._entry(file, error.message))
            return
        block = opened.manifest.teamsync
        assert block is not None  # checked in _open
        self._remember(file, sha, "imported", sender=opened.fingerprint, news=int(block.news))
        self.result.imported.append((file.name, peer.name, report))
        with self.vault.transaction() as conn:
            teamsync_repo.update_peer_state(conn, peer.id, last_sync_at=self.at)
            self._acknowledged(conn, peer, [list(r) for r in block.acks])

    def _acknowledged(self, conn: Any, peer: Peer, ranges: list[list[int]]) -> None:
        """The colleague's acknowledgements of our files to them: their mark moves on; the files may be pruned."""
        written = teamsync_repo.written(conn, peer.id)
        ours = [w for w in written if w["acked_at"] is None and in_ranges(w["seq"], ranges)]
        if not ours:
            return
        newly = teamsync_repo.mark_acked(conn, peer.id, [w["seq"] for w in ours], self.at)
        state = teamsync_repo.peer_state(conn, peer.id)
        mark = max([state.acked_mark, *(w["mark"] for w in newly)])
        teamsync_repo.update_peer_state(conn, peer.id, acked_mark=mark, last_ack_at=self.at)
        self.result.acked += [w["name"] for w in newly]


def read_files(vault: Vault, files: Sequence[FolderFile], *, confirm: bool, at: str) -> ReadResult:
    """Judge and import the folder's files (see the module docstring)."""
    with vault.transaction() as conn:  # senders added as colleagues since: their files are judged again
        known = {p.fingerprint for p in list_peers(vault)}
        teamsync_repo.forget_unknown_senders(conn, teamsync_repo.unknown_sender_fingerprints(conn) & known)
    reader = _Reader(vault, confirm=confirm, at=at)
    try:
        for file in sorted(files, key=lambda f: (f.kind != "bundle", f.device_id, f.seq, f.name)):
            reader.read(file)
    finally:
        reader.finish()
    return reader.result
