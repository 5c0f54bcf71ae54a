"""SIGKILL during `passwd`, 30 times: afterwards the vault and every backup open with exactly one passphrase, the
same one (old or new), and the data is intact.

Before, 3 of 4 interrupted runs left the backups on the old passphrase and the vault on the new one, and the old
passphrase then called the vault damaged. Kill times come from a seeded generator spread over the whole change. The
`passwd` children are forked from one process that imported the program once (tests/support/forkserver.py).
"""

from __future__ import annotations

import random
import shutil
import signal
import sys
import time
from pathlib import Path

import pytest

from robustness import LONG, PASSPHRASE, child_env, fill_cases, full_integrity
from sspdesk.store import rekey
from sspdesk.store.backups import list_backups
from sspdesk.store.connection import RawKey, connect, derive_key, file_salt
from sspdesk.store.errors import VaultError
from sspdesk.store.vault import Vault
from support.forkserver import ForkedProcess, ForkServer

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="Windows has no SIGKILL")

KILLS = 100 if LONG else 30
NEW = "ny robust kode 2026 – æøå"


def _start(children: ForkServer, vault: Path, new_file: Path) -> ForkedProcess:
    """`python -m sspdesk.cli passwd --new-passphrase-file NEW_FILE`, as a child of the fork server."""
    args = ["passwd", "--new-passphrase-file", str(new_file)]
    return children.start(args, env=child_env(vault), module="sspdesk.cli")


def _opens(path: Path, key: RawKey) -> bool:
    try:
        connect(path, key, read_only=True).close()
    except VaultError:
        return False
    return True


def _state(vault_path: Path, cases: int) -> str:
    """Which passphrase opens everything ('old'/'new'); fails if they are mixed or the data is not intact."""
    # Backups share the vault's salt (a change keeps it): each key is derived once (the slow part) and used below.
    salt = file_salt(vault_path)
    keys = {"old": derive_key(PASSPHRASE, salt), "new": derive_key(NEW, salt)}
    passphrases = {"old": PASSPHRASE, "new": NEW}
    # `Vault.open` with the passphrase whose key opens the file now is tried first. A wrong passphrase makes
    # `Vault.open` probe every backup with SQLCipher's own derivation of that passphrase (~0.3 s a backup, ~1 s an
    # attempt) before it says so; trying it only when the first guess failed (a kill after the commit point, when
    # the open finishes the change) costs that rarely. That the other passphrase opens neither the vault nor any
    # backup is asserted below with its derived key – the same SQLCipher check, on every file.
    order = sorted(keys, key=lambda name: not _opens(vault_path, keys[name]))
    opened = None
    for name in order:
        try:
            vault = Vault.open(vault_path, passphrases[name])  # finishes or forgets an interrupted change first
        except VaultError:
            continue
        try:
            assert not full_integrity(vault)
            assert vault.conn.execute("SELECT count(*) FROM cases").fetchone()[0] == cases
        finally:
            vault.close()
        opened = name
        break
    assert opened is not None, "neither passphrase opens the vault"
    key, other = keys[opened], keys["new" if opened == "old" else "old"]
    assert not _opens(vault_path, other), "both passphrases open the vault"
    found = list_backups(vault_path)
    assert found, "the backups are gone"
    for backup in found:
        assert file_salt(backup) == salt
        assert _opens(backup, key), f"{backup.name} does not open with the {opened} passphrase"
        assert not _opens(backup, other), f"{backup.name} still opens with the other passphrase"
    assert not list(vault_path.parent.rglob("*.rekey-new")), "a half-made copy was left behind"
    return opened


def test_a_passphrase_change_killed_at_any_moment_leaves_one_passphrase_for_vault_and_backups(
    tmp_path: Path, children: ForkServer
) -> None:
    folder = tmp_path / "vault"
    vault = Vault.create(folder / "v.sspvault", PASSPHRASE, settings={"user_name": "Test Koordinator"})
    fill_cases(vault, 40)
    vault.backup("manual")
    vault.backup("manual")
    vault.close()
    pristine = tmp_path / "pristine"
    shutil.copytree(folder, pristine)
    new_file = tmp_path / "new.txt"
    new_file.write_text(NEW + "\n", encoding="utf-8")
    new_file.chmod(0o600)
    # Both keys of this salt derived once in the fork server, not in every child (a change keeps the salt).
    children.warm(PASSPHRASE, file_salt(folder / "v.sspvault"))
    children.warm(NEW, file_salt(folder / "v.sspvault"))

    # When the change starts writing (the vault's re-keyed copy appears) and when it ends, measured here, so the
    # kills spread over the part that matters: before, during and after the commit point.
    started = time.monotonic()
    process = _start(children, folder / "v.sspvault", new_file)
    copy, first_write = rekey.new_path(folder / "v.sspvault"), None
    while process.poll() is None:
        if first_write is None and copy.exists():
            first_write = time.monotonic() - started
        time.sleep(0.005)
    total = time.monotonic() - started
    assert process.returncode == 0, process.stderr.read() if process.stderr else ""
    assert first_write is not None
    assert _state(folder / "v.sspvault", 40) == "new"

    rng = random.Random(2026_12_03)
    outcomes, attempts, share = [], 0, 1.0
    # 30 kills that interrupt the change (a kill arriving after it ended proves nothing and is not counted). On a
    # busy machine the change's speed varies, so the window shrinks after a late kill and grows after a hit.
    while len(outcomes) < KILLS and attempts < 4 * KILLS:
        attempts += 1
        shutil.rmtree(folder)
        shutil.copytree(pristine, folder)
        begun = time.monotonic()
        process = _start(children, folder / "v.sspvault", new_file)
        # Wait for the change to start writing, then kill somewhere in the rest of it – the prepare phase, the
        # commit point or the renames after it. The rest is scaled by how slow this run is so far.
        while process.poll() is None and not copy.exists():
            time.sleep(0.002)
        scale = max(1.0, (time.monotonic() - begun) / first_write)
        time.sleep(rng.uniform(0, (total - first_write) * scale * share))
        hit = process.poll() is None
        if hit:
            process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        state = _state(folder / "v.sspvault", 40)  # checked after every attempt, hit or not
        if hit:
            outcomes.append(state)
            share = min(1.0, share * 1.1)
        else:
            share *= 0.7
    # Either outcome is right; `_state` checked that they are never mixed.
    assert len(outcomes) == KILLS, (attempts, outcomes)
    old, new = outcomes.count("old"), outcomes.count("new")
    print(f"passwd kills: {KILLS} interrupted in {attempts} runs; {old} old, {new} new")
