"""Writing into the team folder, and pruning what every addressee has acknowledged.

What a round writes. One file per colleague who has news from us, encrypted to that colleague alone – so each
file is addressed to exactly the colleague who may receive its content, and the existing export decides it
(`bundles.export.export_bundle` with `bundles.disclosure`: a DKE-Sag travels only on a basis for that colleague –
a consent naming them; Retsplejelovens § 115 needs the necessity test ticked by a person, which an automatic round
never does – and is recorded as an exchange; DKE-Journals travel to every colleague; erasure records always).

A file carries every record changed since the change sequence the colleague has *acknowledged* (everything, when
they have acknowledged nothing yet). So each file stands on its own: a file lost, quarantined or still on its way
is made good by the next one, and a colleague who imports any one file is up to date to its mark. The price is
repetition while a colleague is away: each new file repeats what the unacknowledged ones hold (the writer prunes
them once acknowledged). A new file is written for a colleague only when

* records changed here since the last file written to them (`news`), or
* a file with news from them was imported and our acknowledgement has not gone out yet.

Acknowledgements of files without news wait for the next file with news (else two laptops would acknowledge each
other's acknowledgements for ever). Rows of a sag left out for want of a basis hold the colleague's mark back, so
the sag travels once it has a basis (as `export --since-peer` does).

Pruning: a writer removes its own file once its addressee has acknowledged it – never a file of anyone else's,
never on the strength of a file gone missing.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sspdesk.bundles import BundleError
from sspdesk.bundles.disclosure import NOTHING_CONFIRMED, NothingToSend
from sspdesk.bundles.export import Selection, export_bundle
from sspdesk.bundles.peers import Peer, find_peer, list_peers
from sspdesk.store import sync_repo, teamsync_repo
from sspdesk.store.files import fsync_folder
from sspdesk.store.vault import Vault
from sspdesk.teamsync.folder import FolderFile, file_name, partial_name
from sspdesk.teamsync.reading import to_ranges


@dataclass
class WriteResult:
    written: list[str] = field(default_factory=list)
    sent: list[dict[str, object]] = field(default_factory=list)  # per file: to whom, how many records, left out
    errors: list[dict[str, str]] = field(default_factory=list)


def colleagues(vault: Vault) -> list[Peer]:
    """The colleagues files are written for: every peer with an age recipient key."""
    return [p for p in list_peers(vault) if p.recipient]


def _next_seq(vault: Vault, files: list[FolderFile]) -> int:
    """Never a number used before – also after a crash between writing a file and recording it."""
    own = [f.seq for f in files if f.device_id == vault.device_id]
    return max([teamsync_repo.last_written_seq(vault.conn), *own]) + 1


def remove_own_partials(vault: Vault, folder: Path) -> None:
    """Our own `.partial` files left by an interrupted round (never anyone else's)."""
    for path in folder.glob(f"{vault.device_id}-*.partial"):
        path.unlink(missing_ok=True)


def write_files(vault: Vault, folder: Path, files: list[FolderFile], *, on: date, at: str) -> WriteResult:
    result = WriteResult()
    seq = _next_seq(vault, files)
    for peer in colleagues(vault):
        state = teamsync_repo.peer_state(vault.conn, peer.id)
        news = sync_repo.change_seq(vault.conn) > state.written_seq
        acks_due = bool(peer.device_id) and teamsync_repo.acks_due(vault.conn, peer.device_id)
        if not news and not acks_due:
            continue
        if _write_one(vault, folder, peer, seq, news=news, on=on, at=at, result=result):
            seq += 1
    return result


def _write_one(
    vault: Vault, folder: Path, peer: Peer, seq: int, *, news: bool, on: date, at: str, result: WriteResult
) -> bool:
    conn = vault.conn
    state = teamsync_repo.peer_state(conn, peer.id)
    acks = to_ranges(teamsync_repo.imported_seqs(conn, peer.device_id)) if peer.device_id else []
    block = {"seq": seq, "to": peer.fingerprint, "news": news, "acks": acks}
    partial = folder / partial_name(vault.device_id, seq)
    try:
        exported = export_bundle(
            vault,
            partial,
            Selection(since_peer=peer.id, since_seq=state.acked_mark),
            recipients=[peer.recipient],
            confirmation=NOTHING_CONFIRMED,
            on=on,
            teamsync=block,
        )
    except NothingToSend:  # every sag left out and nothing else: no file, nothing new until something changes
        with vault.transaction() as conn:
            teamsync_repo.update_peer_state(conn, peer.id, written_seq=sync_repo.change_seq(conn))
        return False
    except BundleError as error:
        partial.unlink(missing_ok=True)
        result.errors.append({"peer": peer.name, "reason": error.message})
        return False
    try:
        digest = hashlib.sha256(partial.read_bytes()).hexdigest()
        name = file_name(vault.device_id, seq, digest)
        os.replace(partial, folder / name)
        fsync_folder(folder)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        result.errors.append({"peer": peer.name, "reason": f"Filen kunne ikke skrives i teammappen: {exc.strerror}"})
        return False
    updated = find_peer(vault, peer.id)
    mark = updated.last_seq_sent if updated is not None else state.acked_mark
    records = sum(exported.counts.values())
    with vault.transaction() as conn:
        teamsync_repo.record_written(
            conn,
            {
                "seq": seq,
                "name": name,
                "peer_id": peer.id,
                "mark": mark,
                "news": int(news),
                "records": records,
                "written_at": at,
            },
        )
        teamsync_repo.update_peer_state(conn, peer.id, written_seq=sync_repo.change_seq(conn))
        if peer.device_id:
            teamsync_repo.mark_acks_sent(conn, peer.device_id)
    result.written.append(name)
    result.sent.append(
        {
            "file": name,
            "to": peer.name,
            "records": records,
            "left_out": [d.number for d in exported.plan.left_out],
        }
    )
    return True


def prune(vault: Vault, folder: Path, files: list[FolderFile], *, at: str) -> list[str]:
    """Remove our own files that their addressee has acknowledged, and the sync engine's conflict copies of them;
    return their names. Only ever files with our own device id in their name."""
    pruned = []
    for row in teamsync_repo.to_prune(vault.conn):
        try:
            (folder / row["name"]).unlink(missing_ok=True)
        except OSError:
            continue  # tried again next round
        with vault.transaction() as conn:
            teamsync_repo.mark_pruned(conn, row["seq"], at)
        pruned.append(row["name"])
    done = {w["seq"] for w in teamsync_repo.written(vault.conn) if w["pruned_at"] is not None}
    for copy in files:
        if copy.kind == "copy" and copy.device_id == vault.device_id and copy.seq in done:
            try:
                copy.path.unlink(missing_ok=True)
            except OSError:
                continue
            pruned.append(copy.name)
    return pruned
