"""Crash safety: SIGKILL a CLI import and an autosave loop at random points, then check the vault.

After every kill: the vault opens with `Vault.open`, `PRAGMA cipher_integrity_check` and `PRAGMA integrity_check`
are clean, an import is either wholly there (its records, the remembered sender, the bundle log entry) or not at
all, and every autosave that reported success (`saved n` read from the child, also lines still in the pipe when
it died) is in the vault – with the case's minutes section saved in the same transaction.

N = 20 kills per scenario by default, 200 with `SSPDESK_LONG_TESTS=1`. Kill times come from a seeded generator,
so a failure names a reproducible run. Windows has no SIGKILL: skipped there. The children are forked from one
process that imported the program once (the `children` fixture, tests/support/forkserver.py): each is a process of
its own that opens the vault and dies by SIGKILL, without paying Python's start for every kill.
"""

from __future__ import annotations

import json
import queue
import random
import shutil
import signal
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from robustness import LONG, PASSPHRASE, child_env, fill_cases, full_integrity
from robustness.crash_child import minutes_text
from sspdesk.bundles.export import Selection, export_bundle
from sspdesk.meetings import add_item, create_meeting
from sspdesk.store.connection import file_salt
from sspdesk.store.vault import Vault
from support.bundles import CONFIRMED, colleague, decrypt_for
from support.forkserver import ForkedProcess, ForkServer

pytestmark = pytest.mark.skipif(
    sys.platform == "win32",
    reason="Windows has no SIGKILL (TerminateProcess is "
    "not a signal and cannot be sent at a chosen point the same way)",
)

KILLS = 200 if LONG else 20
# 120 cases x (1 + 3 sections + 1 deadline) + the exchanges of the 84 sager = 684 records, imported in batches of
# IMPORT_BATCH (set in the child): kills land before, inside and between the batches and at the commit, as with the
# full batch of 2,000 and a bundle three times the size – at a third of the time per run.
IMPORT_CASES = 120
IMPORT_BATCH = 200
CHILD = Path(__file__).with_name("crash_child.py")


def _reset(pristine: Path, target: Path) -> None:
    for side in ("-wal", "-shm"):
        target.with_name(target.name + side).unlink(missing_ok=True)
    shutil.copyfile(pristine, target)


def _sigkill(process: ForkedProcess) -> bool:
    """Kill with SIGKILL; True when the process was still running (so the kill interrupted it)."""
    running = process.poll() is None
    if running:
        process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    return running


# -- the CLI import ------------------------------------------------------------------------------------------


@dataclass
class ImportSetup:
    vault: Path
    pristine: Path
    bundle: Path
    ids: dict[str, set[str]]  # table -> record ids in the bundle
    bundle_id: str
    sender: str  # the sender's fingerprint


@pytest.fixture(scope="module")
def import_setup(tmp_path_factory: pytest.TempPathFactory) -> ImportSetup:
    folder = tmp_path_factory.mktemp("crash-import")
    sender = Vault.create(folder / "a.sspvault", PASSPHRASE, settings={"user_name": "Kollega A"})
    receiver = Vault.create(folder / "b.sspvault", PASSPHRASE, settings={"user_name": "Kollega B"})
    fill_cases(sender, IMPORT_CASES)
    bundle = folder / "large.sspbundle"
    to = {"recipient": colleague(receiver), "confirmation": CONFIRMED}
    export_bundle(sender, bundle, Selection(all_records=True), recipients=[receiver.identity.recipient], **to)
    container = decrypt_for(receiver, bundle.read_bytes())
    ids: dict[str, set[str]] = {}
    for record in container["payload"]["records"]:
        ids.setdefault(record["table"], set()).add(record["id"])
    fingerprint = sender.identity.fingerprint
    sender.close()
    receiver.close()
    pristine = folder / "b-pristine.sspvault"
    shutil.copyfile(receiver.path, pristine)
    return ImportSetup(receiver.path, pristine, bundle, ids, container["manifest"]["bundle_id"], fingerprint)


def _import_state(setup: ImportSetup) -> str:
    """'none' or 'all' (anything in between fails), after checking that the vault opens and is healthy."""
    vault = Vault.open(setup.vault, PASSPHRASE)
    try:
        problems = full_integrity(vault)
        assert not problems, problems
        conn = vault.conn
        present = sum(len(setup.ids[t] & {r[0] for r in conn.execute(f"SELECT id FROM {t}")}) for t in setup.ids)
        total = sum(len(v) for v in setup.ids.values())
        logged = conn.execute(
            "SELECT count(*) FROM bundle_log WHERE bundle_id = ? AND direction = 'import'", (setup.bundle_id,)
        ).fetchone()[0]
        peers = conn.execute("SELECT count(*) FROM peers WHERE fingerprint = ?", (setup.sender,)).fetchone()[0]
    finally:
        vault.close()
    state = "all" if present == total else "none" if present == 0 else f"partial ({present} of {total})"
    assert (state, logged, peers) in (("all", 1, 1), ("none", 0, 0)), (state, logged, peers)
    return state


def _start_import(setup: ImportSetup, children: ForkServer) -> ForkedProcess:
    """`python -m sspdesk.cli --json import --trust BUNDLE`, as a child of the fork server."""
    args = ["--json", "import", "--trust", str(setup.bundle)]
    batch = {"sspdesk.bundles.import_passes.BATCH": IMPORT_BATCH}
    return children.start(args, env=child_env(setup.vault), module="sspdesk.cli", settings=batch)


def _calibrate(setup: ImportSetup, children: ForkServer) -> tuple[float, float]:
    """(seconds until the import's backup appears – the merge transaction starts right after –, total seconds)."""
    _reset(setup.pristine, setup.vault)
    backups = setup.vault.parent / "backups"
    before = set(backups.glob("*-import.sspbackup")) if backups.is_dir() else set()
    started = time.monotonic()
    process = _start_import(setup, children)
    backup_at = None
    while process.poll() is None:
        if backup_at is None and backups.is_dir() and set(backups.glob("*-import.sspbackup")) - before:
            backup_at = time.monotonic() - started
        time.sleep(0.002)
    total = time.monotonic() - started
    out, err = process.communicate()
    assert process.returncode == 0, err.decode()
    added = sum(len(v) for v in setup.ids.values())
    assert json.loads(out)["added"] == added and added > 3 * IMPORT_BATCH  # the kills can fall between batches
    assert _import_state(setup) == "all"
    return (backup_at if backup_at is not None else total * 0.7), total


def test_a_killed_cli_import_is_all_or_nothing(import_setup: ImportSetup, children: ForkServer) -> None:
    setup = import_setup
    children.warm(PASSPHRASE, file_salt(setup.pristine))  # the receiver's key, derived once for every child
    backup_at, total = _calibrate(setup, children)
    rng = random.Random(4711)
    outcomes: dict[str, int] = {}
    # The calibration may have run while the machine was busier than later (another test process under xdist):
    # as in the passwd test, the windows shrink after a run that ended before its kill and grow back after a hit.
    scale = 1.0
    for run in range(KILLS):
        _reset(setup.pristine, setup.vault)
        # A third of the kills anywhere in the run, a third in the merge transaction (it starts when the backup
        # is there), a third around its commit near the end.
        end, merge = total * scale, backup_at * scale
        low, high = ((0, end), (max(merge - 0.05, 0), end), (end * 0.85, end * 1.05))[run % 3]
        delay = rng.uniform(low, high)
        process = _start_import(setup, children)
        time.sleep(delay)
        interrupted = _sigkill(process)
        if not interrupted:
            assert process.returncode == 0, process.stderr.read().decode() if process.stderr else ""
        process.communicate()
        state = _import_state(setup)
        scale = min(1.0, scale * 1.1) if interrupted else scale * 0.7
        key = f"{state}{' (killed)' if interrupted else ' (finished)'}"
        outcomes[key] = outcomes.get(key, 0) + 1
    print(f"CLI import, {KILLS} kills (import {total:.2f} s, merge from {backup_at:.2f} s): {outcomes}")
    assert sum(n for k, n in outcomes.items() if "killed" in k) >= KILLS // 4, outcomes


# -- the autosave loop ---------------------------------------------------------------------------------------


@dataclass
class AutosaveSetup:
    vault: Path
    items: list[str]
    case_items: set[str]
    state: dict[str, tuple[str, str]] = field(default_factory=dict)  # item -> (discussion, decision) last seen


@pytest.fixture
def autosave_setup(tmp_path: Path) -> AutosaveSetup:
    vault = Vault.create(tmp_path / "m.sspvault", PASSPHRASE, settings={"user_name": "Mødeleder Fiktiv"})
    try:
        case_ids = fill_cases(vault, 3, sections=1)
        meeting = create_meeting(vault, "Sagsmøde", "2026-12-01T09:00", accept_agenda=False).detail
        items = [add_item(vault, meeting.id, "case", case_ref=case_id).id for case_id in case_ids[:2]]
        items.append(add_item(vault, meeting.id, "topic", title="Fælles emne: uro ved stationen").id)
    finally:
        vault.close()
    return AutosaveSetup(vault.path, items, set(items[:2]), {item: ("", "") for item in items})


def _read_lines(stream, lines: queue.Queue[str | None]) -> None:
    for raw in stream:
        lines.put(raw.decode().strip())
    lines.put(None)


def _check_saved(setup: AutosaveSetup, run: int, reported: list[int]) -> None:
    """Every reported save is there; at most the one unreported attempt after the last report is extra."""
    last = max(reported, default=-1)
    count = len(setup.items)
    expected: dict[str, set[tuple[str, str]]] = {}
    for index, item in enumerate(setup.items):
        mine = [n for n in reported if n % count == index]
        expected[item] = {(minutes_text(run, mine[-1]), f"Beslutning {mine[-1]}")} if mine else {setup.state[item]}
    attempted = last + 1  # saved perhaps, but killed before it could say so
    expected[setup.items[attempted % count]].add((minutes_text(run, attempted), f"Beslutning {attempted}"))
    vault = Vault.open(setup.vault, PASSPHRASE)
    try:
        problems = full_integrity(vault)
        assert not problems, problems
        for item in setup.items:
            row = vault.conn.execute(
                "SELECT discussion, decision, case_section_id FROM minutes WHERE item_id = ? AND deleted = 0", (item,)
            ).fetchone()
            stored = (row[0], row[1]) if row else ("", "")
            assert stored in expected[item], (run, item, stored, expected[item], reported[-3:])
            if item in setup.case_items and row:
                fields = vault.conn.execute("SELECT fields FROM case_sections WHERE id = ?", (row[2],)).fetchone()
                section = json.loads(fields[0])
                assert (section["discussion"], section["decision"]) == stored, "minutes and case section differ"
            setup.state[item] = stored
    finally:
        vault.close()


def test_a_killed_autosave_loses_no_reported_save(autosave_setup: AutosaveSetup, children: ForkServer) -> None:
    setup = autosave_setup
    children.warm(PASSPHRASE, file_salt(setup.vault))
    rng = random.Random(1905)
    saves = 0
    for run in range(KILLS):
        process = children.start(["autosave", str(run), *setup.items], env=child_env(setup.vault), script=CHILD)
        lines: queue.Queue[str | None] = queue.Queue()
        reader = threading.Thread(target=_read_lines, args=(process.stdout, lines), daemon=True)
        reader.start()
        target = 0 if run % 5 == 0 else rng.randrange(1, 30)  # every fifth run dies while opening or at once
        output: list[str] = []
        deadline = time.monotonic() + 30
        while sum(line.startswith("saved ") for line in output) < target and time.monotonic() < deadline:
            try:
                line = lines.get(timeout=1)
            except queue.Empty:
                continue
            if line is None:
                break
            output.append(line)
        time.sleep(rng.uniform(0, 0.3) if target == 0 else rng.uniform(0, 0.01))
        assert _sigkill(process), "the autosave child ended by itself: " + process.stderr.read().decode()
        reader.join(timeout=10)
        while True:  # everything the child printed before it died, also lines not yet read
            try:
                line = lines.get_nowait()
            except queue.Empty:
                break
            if line is not None:
                output.append(line)
        reported = [int(line.split()[1]) for line in output if line.startswith("saved ")]
        assert reported == list(range(len(reported))), "saves are reported in order"
        process.stderr.close()
        saves += len(reported)
        _check_saved(setup, run, reported)
    print(f"autosave, {KILLS} kills after {saves} reported saves in all")
    assert saves >= KILLS, "the kills came too early to test saving"
