"""A full disk: saving, backing up and exporting on a small filesystem that fills up.

The vault lives on a size-limited tmpfs (`mount -t tmpfs -o size=8m`; failing that a loop-mounted ext4 file),
and a filler file takes all but a few kB of it. Whatever fails, the previous vault must stay intact – it opens,
`cipher_integrity_check` and `integrity_check` are clean, the old data and every save that succeeded are there –
and the user must get a clear error (a typed error with a Danish message, or the CLI's exit code and one line).

Needs Linux and the right to mount (root or CAP_SYS_ADMIN); skipped with the reason otherwise. The
Each failure must be a typed error with a Danish message saying the disk is full.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from robustness import PASSPHRASE, Snapshot, child_env, fill_cases, full_integrity
from sspdesk.bundles import BundleError
from sspdesk.bundles.export import Selection, export_bundle
from sspdesk.cases import save_section
from sspdesk.store import audit
from sspdesk.store.backups import list_backups
from sspdesk.store.connection import file_salt
from sspdesk.store.errors import VaultDamaged, VaultError
from sspdesk.store.vault import Vault
from support.forkserver import ForkServer

DISK_BYTES = 8 * 1024 * 1024
LEAVE = [0, 16 * 1024, 160 * 1024]  # bytes left free when the work starts


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(list(args), capture_output=True, text=True, timeout=60)


def _mount_small_disk(mount_point: Path, image: Path) -> str:
    """Mount a DISK_BYTES filesystem at mount_point: '' on success, else why not."""
    if not sys.platform.startswith("linux"):
        return "a size-limited filesystem is mounted with Linux tools only"
    if shutil.which("mount") is None:
        return "no mount command"
    done = _run("mount", "-t", "tmpfs", "-o", f"size={DISK_BYTES},mode=0700", "tmpfs", str(mount_point))
    if done.returncode == 0:
        return ""
    reasons = [f"tmpfs: {done.stderr.strip()}"]
    if shutil.which("mkfs.ext4"):
        with image.open("wb") as handle:
            handle.truncate(DISK_BYTES)
        made = _run("mkfs.ext4", "-q", "-F", str(image))
        done = _run("mount", "-o", "loop", str(image), str(mount_point)) if made.returncode == 0 else made
        if done.returncode == 0:
            return ""
        reasons.append(f"loop: {done.stderr.strip()}")
    return "cannot mount a small filesystem here (" + "; ".join(reasons) + ")"


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    reason = _mount_small_disk(mount_point, tmp_path / "disk.img")
    if reason:
        pytest.skip(reason)
    try:
        yield mount_point
    finally:
        if _run("umount", str(mount_point)).returncode != 0:
            _run("umount", "-l", str(mount_point))


def _fill(disk: Path, leave: int) -> Path:
    """Take all space but `leave` bytes with a filler file; return it (delete it to free the disk)."""
    filler = disk / "filler"
    handle = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    block = b"\0" * 65536
    try:
        while True:
            try:
                os.write(handle, block)
            except OSError as exc:
                if exc.errno not in (errno.ENOSPC, errno.EDQUOT):
                    raise
                if len(block) == 1:
                    break
                block = block[: len(block) // 2]
        os.fsync(handle)
    finally:
        os.close(handle)
    if leave:
        os.truncate(filler, max(filler.stat().st_size - leave, 0))
    return filler


def _filled_vault(folder: Path, name: str) -> tuple[Path, list[str]]:
    vault = Vault.create(folder / name, PASSPHRASE, settings={"user_name": "Koordinator Fiktiv"})
    ids = fill_cases(vault, 150)
    vault.close()
    return folder, ids


@pytest.fixture(scope="module")
def filled_vaults(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, list[str]]]:
    """Each vault the tests put on the small disk, created (with its backups) and filled once per module; each test
    copies the files onto its own small disk. The disk fills up only after the copy, so nothing about the full
    disk changes – only the creation (a key derivation, a first backup) and filling (150 cases) are not repeated."""
    return {
        name: _filled_vault(tmp_path_factory.mktemp(name.split(".")[0]), name)
        for name in ("fuld.sspvault", "cli.sspvault")
    }


def _onto(disk: Path, source: tuple[Path, list[str]], name: str) -> tuple[Path, list[str]]:
    folder, ids = source
    shutil.copytree(folder, disk, dirs_exist_ok=True)  # the vault and its backups folder, modes kept
    return disk / name, ids


@pytest.fixture
def vault_on_small_disk(small_disk: Path, filled_vaults) -> Iterator[tuple[Vault, list[str]]]:
    path, ids = _onto(small_disk, filled_vaults["fuld.sspvault"], "fuld.sspvault")
    vault = Vault.open(path, PASSPHRASE)
    yield vault, ids
    vault.close()


def _reopened_after_freeing(vault: Vault, filler: Path) -> Vault:
    vault.close()  # on the full disk: the checkpoint at close may fail, and must not hurt
    filler.unlink()
    reopened = Vault.open(vault.path, PASSPHRASE)
    problems = full_integrity(reopened)
    assert not problems, problems
    return reopened


def _newest_text(vault: Vault, case_id: str) -> str | None:
    row = vault.conn.execute(
        "SELECT fields FROM case_sections WHERE case_id = ? AND section = 'status' ORDER BY seq DESC LIMIT 1",
        (case_id,),
    ).fetchone()
    return row[0] if row else None


# -- saving -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("leave", LEAVE)
def test_saving_on_a_full_disk_keeps_the_vault_and_every_saved_text(vault_on_small_disk, leave: int) -> None:
    vault, ids = vault_on_small_disk
    before = Snapshot(vault).rows
    filler = _fill(vault.path.parent, leave)
    saved: dict[str, str] = {}
    failed: list[BaseException] = []
    for n, case_id in enumerate(ids[:40]):
        text = f"Ny fiktiv tekst {n} " + "om skolen og familien " * 2000  # ~45 kB a save
        try:
            save_section(vault, case_id, "status", {"familie": text})
        except VaultError as error:  # typed, Danish: test_saving_on_a_full_disk_gives_a_danish_vault_error
            failed.append(error)
            if len(failed) >= 3:
                break
        else:
            saved[case_id] = text
    assert failed, "the disk never filled up"
    vault = _reopened_after_freeing(vault, filler)
    try:
        for case_id, text in saved.items():
            assert text in (_newest_text(vault, case_id) or ""), "a save that reported success is missing"
        for case_id in ids[len(saved) : 40]:
            assert "Ny fiktiv tekst" not in (_newest_text(vault, case_id) or ""), "a failed save is half there"
        untouched = {t: rows for t, rows in before.items() if t in ("cases", "deadlines")}
        assert {t: rows for t, rows in Snapshot(vault).rows.items() if t in untouched} == untouched
    finally:
        vault.close()


def test_saving_on_a_full_disk_gives_a_danish_vault_error(vault_on_small_disk) -> None:
    vault, ids = vault_on_small_disk
    filler = _fill(vault.path.parent, 0)
    try:
        with pytest.raises(VaultError) as error:
            save_section(vault, ids[0], "status", {"familie": "Fiktiv tekst " * 5000})
        assert "disk" in error.value.message.lower() or "plads" in error.value.message.lower()
    finally:
        filler.unlink()


# -- backup -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("leave", LEAVE)
def test_a_backup_on_a_full_disk_fails_cleanly(vault_on_small_disk, leave: int) -> None:
    vault, _ = vault_on_small_disk
    old_backups = {p: p.read_bytes() for p in list_backups(vault.path, vault.backup_folder())}
    assert old_backups
    snapshot = Snapshot(vault)
    filler = _fill(vault.path.parent, leave)
    with pytest.raises(VaultError) as error:
        vault.backup("manual")
    assert error.value.message.startswith("Sikkerhedskopien kunne ikke skrives")
    assert not list(vault.backup_folder().glob("*.partial")), "a partial backup was left behind"
    assert {p: p.read_bytes() for p in list_backups(vault.path, vault.backup_folder())} == old_backups
    assert snapshot.files_unchanged()
    vault = _reopened_after_freeing(vault, filler)
    try:
        assert Snapshot(vault).rows == snapshot.rows
        assert vault.backup("manual").exists()  # with room again, it works
    finally:
        vault.close()


# -- export -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("leave", LEAVE)
def test_an_export_on_a_full_disk_writes_nothing_and_keeps_the_vault(vault_on_small_disk, leave: int) -> None:
    vault, _ = vault_on_small_disk
    snapshot = Snapshot(vault)
    exports_before = len(audit.entries(vault.conn, action="bundle.export"))
    out = vault.path.parent / "til-kollega.sspbundle"
    filler = _fill(vault.path.parent, leave)
    with pytest.raises(BundleError):
        export_bundle(vault, out, Selection(all_records=True), recipients=[vault.identity.recipient])
    assert not out.exists() and not list(out.parent.glob(".sspbundle-*")), "a partial bundle was left behind"
    assert snapshot.files_unchanged()
    vault = _reopened_after_freeing(vault, filler)
    try:
        assert Snapshot(vault).rows == snapshot.rows
        assert len(audit.entries(vault.conn, action="bundle.export")) == exports_before  # not logged as done
    finally:
        vault.close()


def test_an_export_on_a_full_disk_gives_a_typed_error(vault_on_small_disk) -> None:
    vault, _ = vault_on_small_disk
    filler = _fill(vault.path.parent, 0)
    try:
        with pytest.raises(BundleError):
            export_bundle(
                vault,
                vault.path.parent / "x.sspbundle",
                Selection(all_records=True),
                recipients=[vault.identity.recipient],
            )
    finally:
        filler.unlink()


# -- the CLI ----------------------------------------------------------------------------------------------------


def _cli(children: ForkServer, vault_path: Path, *args: str) -> subprocess.CompletedProcess:
    """`python -m sspdesk.cli ARGS` as a child process (forked from the fork server: tests/support/forkserver.py)."""
    process = children.start(args, env=child_env(vault_path), module="sspdesk.cli")
    out, err = process.communicate(timeout=120)
    return subprocess.CompletedProcess(process.args, process.returncode, out.decode(), err.decode())


@pytest.fixture
def closed_vault_on_small_disk(small_disk: Path, children: ForkServer, filled_vaults) -> Path:
    path, _ = _onto(small_disk, filled_vaults["cli.sspvault"], "cli.sspvault")
    children.warm(PASSPHRASE, file_salt(path))  # the children open it without a key derivation each
    return path


CLI_COMMANDS = {
    "cases add": (
        "cases",
        "add",
        "--level",
        "II",
        "--subject",
        "Fiktivt indbrud " + "x" * 480,  # within the subject's limit (domain/limits.py); the pages fill the disk
        "--name",
        "Oskar Opdigtet",
        "--cpr",
        "0503104321",
    ),
    "backup": ("backup",),
    "export": (
        *("export", "--all", "--out", "{disk}/ud.sspbundle", "--recipient", "{recipient}"),
        *("--recipient-name", "Bo Nielsen", "--recipient-authority", "SSP Albertslund", "--recipient-party", "ssp"),
        "--confirm-necessity",
    ),
}


# Room to open the vault (SQLite's shared-memory index of the WAL takes 32 kB) but not for the work itself. With
# no room at all the vault cannot even be opened: see test_a_full_disk_is_not_reported_as_a_damaged_vault.
CLI_ROOM = 64 * 1024


def _cli_on_full_disk(children: ForkServer, vault_path: Path, command: str) -> subprocess.CompletedProcess:
    recipient = _cli(children, vault_path, "--json", "keys", "show")
    args = [
        a.format(disk=vault_path.parent, recipient=_json_field(recipient.stdout, "recipient"))
        for a in CLI_COMMANDS[command]
    ]
    filler = _fill(vault_path.parent, CLI_ROOM)
    try:
        return _cli(children, vault_path, *args)
    finally:
        filler.unlink()


def _json_field(text: str, name: str) -> str:
    import json

    with contextlib.suppress(ValueError):
        return str(json.loads(text).get(name, ""))
    return ""


@pytest.mark.parametrize("command", list(CLI_COMMANDS))
def test_the_cli_on_a_full_disk_fails_with_one_line_and_keeps_the_vault(
    closed_vault_on_small_disk: Path, command: str, children: ForkServer
) -> None:
    path = closed_vault_on_small_disk
    done = _cli_on_full_disk(children, path, command)
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert done.returncode == 1, (done.returncode, done.stderr)
    assert len(lines) == 1 and lines[0].startswith("sspdesk-cli: ") and "Traceback" not in done.stderr, lines
    vault = Vault.open(path, PASSPHRASE)
    try:
        assert not full_integrity(vault)
        assert vault.conn.execute("SELECT count(*) FROM cases").fetchone()[0] == 150
    finally:
        vault.close()


@pytest.mark.parametrize(
    "command",
    [
        "cases add",
        "backup",
        "export",
    ],
)
def test_the_cli_says_in_danish_that_the_disk_is_full(
    closed_vault_on_small_disk: Path, command: str, children: ForkServer
) -> None:
    done = _cli_on_full_disk(children, closed_vault_on_small_disk, command)
    assert "uventet" not in done.stderr and any(word in done.stderr.lower() for word in ("disk", "plads")), done.stderr


# -- opening ----------------------------------------------------------------------------------------------------


def test_a_full_disk_is_not_reported_as_a_damaged_vault(closed_vault_on_small_disk: Path) -> None:
    filler = _fill(closed_vault_on_small_disk.parent, 0)
    try:
        with pytest.raises(VaultError) as error:
            Vault.open(closed_vault_on_small_disk, PASSPHRASE).close()
        assert not isinstance(error.value, VaultDamaged)
        assert any(word in error.value.message.lower() for word in ("disk", "plads")), error.value.message
    finally:
        filler.unlink()
    Vault.open(closed_vault_on_small_disk, PASSPHRASE).close()
