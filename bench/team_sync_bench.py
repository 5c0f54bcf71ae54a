"""Team folder sync (issue 19): a team of N laptops, M cases each, one round after 100 changes per laptop.

The team starts *in step*: every laptop holds the same M cases (a generated vault, copied N times, each copy with a
device identity of its own – as `tests/support/templates.py` does), every colleague is added from their
invitation, and each laptop's bookkeeping says its colleagues have everything up to now (what the team looks like
after earlier rounds were acknowledged and pruned). Generating N real histories and syncing them in would cost
N·(N−1) imports of M cases before the first measurement, and measure that warm-up rather than the round.

Then every laptop makes 100 changes (a new version of a section of 100 open DKE-Journals – journals travel to
every colleague) and the team syncs two ways, each on its own fresh copy of the same team:

* **team folder**: each laptop runs `teamsync.run_round` on one shared plain folder, in turn, pass after pass
  until a pass writes no file (the first laptops read the later ones' files in the second pass; acknowledgements
  go out with the next file). Reported: the median round in the first pass (*time per round*), every round until
  the team is in step (*team total*), the passes, and the folder's largest size.
* **by hand**: what the users would do without it – every laptop exports its changes for each colleague
  (`bundles.export.export_bundle`, `Selection(since_peer=…)`) and every colleague imports the N−1 files meant for
  them (`bundles.importer.import_file`); all exports first, so no change is carried twice.

Both end with every laptop holding every one of the N·100 new section versions (checked). The ratios compare
the team total with the by-hand total, and the folder's size with the bundles' total size. One run per team size
(the largest take minutes); a busy machine moves both sides.
"""

from __future__ import annotations

import random
import shutil
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.generate import PASSPHRASE, generate
from sspdesk.bundles.disclosure import NOTHING_CONFIRMED
from sspdesk.bundles.export import Selection, export_bundle
from sspdesk.bundles.importer import import_file
from sspdesk.bundles.peers import list_peers, mark_sent
from sspdesk.cases import save_section
from sspdesk.store import audit_anchor, sync_repo, teamsync_repo
from sspdesk.store.connection import connect, derive_key, file_salt
from sspdesk.store.identity import create_identity
from sspdesk.store.vault import Vault
from sspdesk.teamsync import add_from_invitation, read_invitation, run_round, write_invitation

TEAM_SIZES = (2, 5, 10, 20)
CASES = 5_000
CHANGES = 100
MAX_PASSES = 6
AUTHORITY = "SSP Benchby"


@dataclass
class Result:
    team: int
    cases: int
    round_median_s: float  # one laptop's round in the first pass
    round_max_s: float
    sync_total_s: float  # every round of every laptop until the team is in step
    passes: int
    files: int  # files written into the folder in all
    folder_bytes: int  # the folder's largest size after a pass
    records: int  # records carried in all files (a record in two files counts twice)
    hand_total_s: float  # every export and import by hand
    hand_per_laptop_s: float
    hand_bytes: int
    hand_records: int
    setup_s: float

    @property
    def time_ratio(self) -> float:
        return self.sync_total_s / max(self.hand_total_s, 1e-9)

    @property
    def size_ratio(self) -> float:
        return self.folder_bytes / max(self.hand_bytes, 1)


def _clone(base: Path, path: Path, key: Any, name: str) -> Vault:
    """A copy of the closed base vault with a device identity of its own, opened the public way."""
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(base, path)
    conn = connect(path, key)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("DELETE FROM device")
        create_identity(conn)
        conn.execute("COMMIT")
    finally:
        conn.close()
    vault = Vault.open(path, PASSPHRASE)
    audit_anchor.renew(vault.conn, vault.identity, path)  # the base's anchor is signed with the base's key
    vault.set_setting("user_name", name)
    return vault


def _team(base: Path, root: Path, size: int) -> list[Vault]:
    """`size` laptops holding the base's cases, each knowing the others, each colleague caught up to now."""
    key = derive_key(PASSPHRASE, file_salt(base))
    vaults = [_clone(base, root / f"laptop{i:02d}" / "sager.sspvault", key, f"Kollega {i}") for i in range(size)]
    invitations = root / "invitations"
    invitations.mkdir()
    for vault in vaults:
        write_invitation(vault, invitations / f"{vault.device_id}.sspinvite", authority=AUTHORITY, party_type="ssp")
    for vault in vaults:
        for other in vaults:
            if other is not vault:
                add_from_invitation(vault, read_invitation(invitations / f"{other.device_id}.sspinvite"))
        with vault.transaction() as conn:
            now = sync_repo.change_seq(conn)
            for peer in list_peers(vault):
                mark_sent(conn, peer.id, now)
                teamsync_repo.update_peer_state(conn, peer.id, acked_mark=now, written_seq=now)
    return vaults


def _change(vaults: list[Vault], journals: list[str]) -> None:
    """CHANGES new section versions per laptop, on open journals chosen per laptop (no person data: journals)."""
    for i, vault in enumerate(vaults):
        rng = random.Random(i)
        chosen = rng.sample(journals, CHANGES) if len(journals) >= CHANGES else rng.choices(journals, k=CHANGES)
        for n, case_id in enumerate(chosen):
            save_section(vault, case_id, "status", {"adfaerd": f"Opfølgning {n} fra kollega {i}: uro ved klubben"})


def _section_count(vault: Vault) -> int:
    return int(vault.conn.execute("SELECT count(*) FROM case_sections").fetchone()[0])


def _check_in_step(vaults: list[Vault], expected: int, how: str) -> None:
    counts = [_section_count(v) for v in vaults]
    if any(c != expected for c in counts):
        raise RuntimeError(f"team sync bench ({how}): section versions {counts}, expected {expected} everywhere")


def _folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.iterdir() if p.is_file())


def _by_round(vaults: list[Vault], folder: Path) -> dict[str, Any]:
    first: list[float] = []
    total = 0.0
    peak = files = passes = carried = 0
    for passes in range(1, MAX_PASSES + 1):
        wrote = 0
        for vault in vaults:
            started = time.perf_counter()
            report = run_round(vault, folder)
            took = time.perf_counter() - started
            total += took
            if passes == 1:
                first.append(took)
            if report.quarantined or report.errors or report.waiting:
                raise RuntimeError(f"team sync bench: round refused something: {report.to_json()}")
            wrote += len(report.written)
            carried += sum(int(sent["records"]) for sent in report.sent)
        files += wrote
        peak = max(peak, _folder_bytes(folder))
        if wrote == 0 and passes > 1:
            break
    return {"first": first, "total": total, "passes": passes, "files": files, "peak": peak, "records": carried}


def _by_hand(vaults: list[Vault], out: Path) -> dict[str, Any]:
    out.mkdir()
    spent = dict.fromkeys(range(len(vaults)), 0.0)
    owner = {v.identity.recipient: i for i, v in enumerate(vaults)}
    bundles: list[tuple[int, Path]] = []
    carried = 0
    for i, vault in enumerate(vaults):
        for peer in list_peers(vault):
            path = out / f"{i:02d}-to-{owner[peer.recipient]:02d}.sspbundle"
            started = time.perf_counter()
            exported = export_bundle(
                vault,
                path,
                Selection(since_peer=peer.id),
                recipients=[peer.recipient],
                confirmation=NOTHING_CONFIRMED,
            )
            spent[i] += time.perf_counter() - started
            carried += sum(exported.counts.values())
            bundles.append((owner[peer.recipient], path))
    for receiver, path in bundles:
        started = time.perf_counter()
        import_file(vaults[receiver], path)
        spent[receiver] += time.perf_counter() - started
    return {
        "total": sum(spent.values()),
        "per_laptop": statistics.median(spent.values()),
        "bytes": sum(p.stat().st_size for _, p in bundles),
        "records": carried,
    }


def _journals(base: Path) -> list[str]:
    vault = Vault.open(base, PASSPHRASE)
    try:
        rows = vault.conn.execute(
            "SELECT id FROM cases WHERE kind = 'journal' AND status = 'open' AND deleted = 0 ORDER BY id"
        ).fetchall()
    finally:
        vault.close()
    return [r[0] for r in rows]


def _close(vaults: list[Vault]) -> None:
    for vault in vaults:
        vault.close()


def run(team_sizes: tuple[int, ...] = TEAM_SIZES, cases: int = CASES) -> list[Result]:
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        base = root / "base" / "sager.sspvault"
        generate(base, cases, sections_per_case=3).close()  # closed: the WAL is checkpointed into the file
        journals = _journals(base)
        start_sections = _section_count_of(base)
        for size in team_sizes:
            started = time.perf_counter()
            hand_team = _team(base, root / f"hand{size}", size)
            setup = time.perf_counter() - started
            _change(hand_team, journals)
            hand = _by_hand(hand_team, root / f"hand{size}" / "bundles")
            _check_in_step(hand_team, start_sections + size * CHANGES, "by hand")
            _close(hand_team)
            shutil.rmtree(root / f"hand{size}")

            sync_team = _team(base, root / f"sync{size}", size)
            _change(sync_team, journals)
            folder = root / f"sync{size}" / "team"
            folder.mkdir()
            synced = _by_round(sync_team, folder)
            _check_in_step(sync_team, start_sections + size * CHANGES, "team folder")
            _close(sync_team)
            shutil.rmtree(root / f"sync{size}")
            result = Result(
                team=size,
                cases=cases,
                round_median_s=statistics.median(synced["first"]),
                round_max_s=max(synced["first"]),
                sync_total_s=synced["total"],
                passes=synced["passes"],
                files=synced["files"],
                folder_bytes=synced["peak"],
                records=synced["records"],
                hand_total_s=hand["total"],
                hand_per_laptop_s=hand["per_laptop"],
                hand_bytes=hand["bytes"],
                hand_records=hand["records"],
                setup_s=setup,
            )
            print(_row(result), flush=True)
            results.append(result)
    return results


def _section_count_of(path: Path) -> int:
    vault = Vault.open(path, PASSPHRASE)
    try:
        return _section_count(vault)
    finally:
        vault.close()


HEADING = "## Team folder sync (issue 19)"


def _row(r: Result) -> str:
    return (
        f"| {r.team} | {r.cases:,} | {r.round_median_s:.2f} s (max {r.round_max_s:.2f} s) | {r.sync_total_s:.1f} s "
        f"| {r.passes} | {r.hand_total_s:.1f} s | {r.time_ratio:.2f}× | {r.files} | {r.folder_bytes / 1e6:.2f} MB "
        f"| {r.hand_bytes / 1e6:.2f} MB | {r.size_ratio:.2f}× | {r.records:,} / {r.hand_records:,} |"
    )


def markdown(results: list[Result], when: str, note: str = "") -> list[str]:
    """The section for bench/RESULTS.md."""
    lines = [
        HEADING,
        "",
        f"Date: {when}. A team of N laptops with M cases each (a generated vault copied N times, each copy its own "
        f"device identity; the team in step), every laptop then makes {CHANGES} changes (a new section version "
        "on 100 open DKE-Journals). *Team folder*: every laptop runs `sync` rounds on one shared plain folder, "
        "in turn, until a pass writes nothing; *round* is one laptop's round in the first pass (median, max), "
        "*team total* every round until every laptop holds every change. *By hand*: every laptop exports its "
        "changes for each colleague (`export --since-peer`) and each colleague imports the files meant for them. "
        "Ratios: team total ÷ by-hand total, folder (largest, after a pass) ÷ all by-hand bundles; records "
        "carried counts a record once per file it travels in. One run per row.",
        "",
        "| team | cases each | round (1st pass) | team total | passes | by hand total | time ratio | files | folder "
        "| by-hand bundles | size ratio | records carried (folder / by hand) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        *[_row(r) for r in results],
        "",
    ]
    if note:
        lines += [note, ""]
    return lines


def _bounds(text: str) -> tuple[int, int] | None:
    """Where this section stands in RESULTS.md: from its heading to the next `## ` heading (or the end)."""
    start = text.find(HEADING)
    if start < 0:
        return None
    end = text.find("\n## ", start + len(HEADING))
    return start, (len(text) if end < 0 else end + 1)


def previous_section(results: Path) -> list[str]:
    """This section of the last RESULTS.md, to keep it when the benchmark is not run again."""
    if not results.exists():
        return []
    text = results.read_text(encoding="utf-8")
    found = _bounds(text)
    return [*text[found[0] : found[1]].rstrip("\n").splitlines(), ""] if found else []


def write_section(results: Path, lines: list[str]) -> None:
    """Put this section into RESULTS.md in place (before the scale curve when new), leaving the others alone."""
    text = results.read_text(encoding="utf-8") if results.exists() else "# Benchmark results\n"
    block = "\n".join(lines).rstrip("\n") + "\n\n"
    found = _bounds(text)
    if found is not None:
        text = text[: found[0]] + block + text[found[1] :]
    elif "\n## Scale curve" in text:
        at = text.index("\n## Scale curve") + 1
        text = text[:at] + block + text[at:]
    else:
        text = text.rstrip("\n") + "\n\n" + block
    results.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    import argparse
    from datetime import datetime

    parser = argparse.ArgumentParser(prog="python -m bench.team_sync_bench")
    parser.add_argument("--cases", type=int, default=CASES, help=f"cases in every vault (default {CASES:,})")
    parser.add_argument("--teams", default=",".join(str(s) for s in TEAM_SIZES), help="comma-separated team sizes")
    parser.add_argument("--note", default="", help="a paragraph under the table (e.g. why M was scaled down)")
    parser.add_argument("--write", action="store_true", help="write the section into bench/RESULTS.md")
    args = parser.parse_args(argv)
    found = run(tuple(int(s) for s in args.teams.split(",")), args.cases)
    lines = markdown(found, f"{datetime.now():%Y-%m-%d %H:%M}", args.note)
    print("\n".join(lines))
    if args.write:
        write_section(Path(__file__).with_name("RESULTS.md"), lines)


if __name__ == "__main__":
    main()
