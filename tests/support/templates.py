"""Test vaults copied from a template, and a key derivation that is paid once per passphrase and salt.

Creating a vault costs a key derivation (PBKDF2-HMAC-SHA512, 256 000 iterations: 0.25 s on a quiet core, over a
second on a busy one), the migrations and a first backup – most tests want none of that, only an empty vault. So
the first vault with a given passphrase and settings is created the real way (`Vault.create`) as a *template*, and
every further one is a copy of the template's files:

* the vault file (the template is closed first, so its WAL is checkpointed into the file and no `-wal` is needed);
* its backups (renamed for the copy, as `Vault.create` would have named them);
* a device identity of its own: a new device id, signing key and age identity, written into the copy *and* into its
  backups – two vaults with one signing key would make every bundle test meaningless, and a backup with another
  vault's identity would make restore tests wrong.

The copy is opened with `Vault.open` – the public way, with its instance lock and checks – and gets its identity on
that connection before the test sees it, so the test gets what `Vault.create` would have given it. Copies share the
template's salt, and so its derived key.

`fast_key_derivation()` memoises `hashlib.pbkdf2_hmac` for the store's key derivation (a pure function: the same
passphrase and salt always give the same key), so every open of a copy, and every further open of any vault in a
test (each CLI command opens the vault again), costs no second derivation. The files stay real SQLCipher 4 files
keyed exactly as before; only the repeated computation is skipped. A new passphrase or a new salt (a new vault, a
wrong passphrase) still pays the full derivation.

A template may also be *filled* once (`Filling`, e.g. `demo(today)`: the records of `fill_demo`) – a test that
needs the demo records gets a copy of the filled template instead of paying `fill_demo` (~0.6 s of CPU) itself. A
filled copy keeps the template's device identity, because its records carry that device's id and edit counters (as
the records a test adds to its own vault carry its id); no test exchanges bundles between two copies of one filled
template.

Tests of creation itself (and the crash and disk-full tests) keep calling `Vault.create`. With
SSPDESK_TEST_REAL_VAULTS=1 conftest.py installs neither the templates nor the cache: `new_vault` then creates every
vault the full way, as the suite did before (bench/suite_bench.py times both).
"""

from __future__ import annotations

import functools
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sspdesk.store import audit_anchor, backups, connection
from sspdesk.store.connection import RawKey, connect, derive_key, file_salt
from sspdesk.store.errors import VaultExists
from sspdesk.store.files import create_private, private_folder
from sspdesk.store.identity import create_identity
from sspdesk.store.vault import Vault


@dataclass(frozen=True)
class _Template:
    path: Path
    key: RawKey
    filled: bool = False


@dataclass(frozen=True)
class Filling:
    """Records a template is filled with once, by `fill(vault)`; `key` names them (the same key, the same records)."""

    key: str
    fill: Callable[[Vault], None] = field(compare=False, hash=False)


def demo(today: date) -> Filling:
    """The demo records: what `sspdesk.demo.data.fill_demo(vault, today)` adds to an empty vault."""

    def fill(vault: Vault) -> None:
        from sspdesk.demo.data import fill_demo

        fill_demo(vault, today)

    return Filling(f"fill_demo {today.isoformat()}", fill)


class VaultTemplates:
    """One template vault per (passphrase, settings), created on first use in `root`; copies for every test."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._templates: dict[tuple[str, tuple[tuple[str, Any], ...], Filling | None], _Template] = {}

    def new_vault(
        self, path: Path, passphrase: str, settings: dict[str, Any] | None = None, filling: Filling | None = None
    ) -> Vault:
        """An opened vault at `path`, as `Vault.create(path, passphrase, settings=settings)` gives it – empty, or
        holding what `filling` adds to such a vault."""
        path = Path(path)
        if path.exists():
            raise VaultExists()
        template = self._template(passphrase, settings or {}, filling)
        private_folder(path.parent)  # as Vault.create does
        create_private(path)
        shutil.copyfile(template.path, path)
        copies = _copy_backups(template.path, path)
        vault = Vault.open(path, passphrase)
        try:
            # A filled copy keeps the template's device: its records were made (and versioned) by that device, as
            # the filled vault of a test is its own device's work. Each test still has its file to itself.
            if not template.filled:
                _new_identity(vault, copies, template.key)
        except BaseException:
            vault.close()
            raise
        # The template's audit anchor is signed with the template's key: a copy starts with its own, as a created
        # vault does (its backups' anchors are left out; tests of those create their vaults the full way).
        audit_anchor.renew(vault.conn, vault.identity, path)
        return vault

    def _template(self, passphrase: str, settings: dict[str, Any], filling: Filling | None = None) -> _Template:
        wanted = (passphrase, tuple(sorted(settings.items())), filling)
        if wanted not in self._templates:
            folder = self.root / f"template-{len(self._templates)}"
            path = folder / "template.sspvault"
            with Vault.create(path, passphrase, settings=settings) as vault:  # closed: WAL checkpointed
                if filling is not None:
                    filling.fill(vault)
            assert not Path(str(path) + "-wal").exists() or Path(str(path) + "-wal").stat().st_size == 0
            self._templates[wanted] = _Template(path, derive_key(passphrase, file_salt(path)), filling is not None)
        return self._templates[wanted]


def _copy_backups(template: Path, path: Path) -> list[Path]:
    """The template's backups, copied into the copy's own backup folder under the copy's name."""
    found = backups.list_backups(template)
    if not found:
        return []
    folder = private_folder(backups.default_backup_dir(path), ours=True)
    copies = []
    for backup in found:
        copy = folder / (path.stem + backup.name[len(template.stem) :])
        create_private(copy)
        shutil.copyfile(backup, copy)
        copies.append(copy)
    return copies


def _new_identity(vault: Vault, backup_copies: list[Path], key: RawKey) -> None:
    """Give the just opened copy a device identity of its own, and put the same identity into its backups.

    Written on the vault's own connection, before the test sees the vault: opening a connection costs ~3 ms of
    schema parsing (200 tables, indexes and triggers), a third of what a copy costs."""
    conn = vault.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("DELETE FROM device")
        vault.identity = create_identity(conn)
        cursor = conn.execute("SELECT * FROM device")
        columns = [d[0] for d in cursor.description]
        row = cursor.fetchone()
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    insert = f"INSERT INTO device ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
    for backup in backup_copies:
        held = connect(backup, key)
        try:
            held.execute("PRAGMA synchronous = OFF")
            held.execute("PRAGMA journal_mode = MEMORY")  # not kept in the file: the backup stays as it was made
            held.execute("BEGIN IMMEDIATE")
            held.execute("DELETE FROM device")
            held.execute(insert, row)
            held.execute("COMMIT")
        finally:
            held.close()


# The templates of this test process (pytest-xdist: one set per worker), installed by the session fixture in
# conftest.py. `new_vault` below falls back to the real creation when none is installed.
_installed: VaultTemplates | None = None


@contextmanager
def installed(templates: VaultTemplates) -> Iterator[VaultTemplates]:
    global _installed
    _installed = templates
    try:
        yield templates
    finally:
        _installed = None


def new_vault(
    path: Path, passphrase: str, settings: dict[str, Any] | None = None, filling: Filling | None = None
) -> Vault:
    """An opened vault at `path`, empty or with `filling`'s records: a copy of this test run's template, or a real
    creation (and filling) outside pytest or with SSPDESK_TEST_REAL_VAULTS=1."""
    if _installed is None:
        vault = Vault.create(path, passphrase, settings=settings)
        if filling is not None:
            try:
                filling.fill(vault)
            except BaseException:
                vault.close()
                raise
        return vault
    return _installed.new_vault(path, passphrase, settings, filling)


def created(
    path: Path,
    passphrase: str,
    *,
    user_name: str = "",
    user_role: str = "",
    municipality: str = "",
    profile: str = "albertslund",
) -> Vault:
    """What `sspdesk.vaults.create_vault` – and so `sspdesk-cli init` and the first-run dialog – gives, as a copy of a
    template: the same settings (tests/test_vault_templates.py compares the two). For fixtures that need a vault made
    the way the program makes one, where the making is not what the test is about."""
    settings = {"user_name": user_name, "municipality": municipality, "profile": profile}
    if user_role:
        settings["user_role"] = user_role
    return new_vault(path, passphrase, settings)


@contextmanager
def fast_key_derivation() -> Iterator[Callable[..., bytes]]:
    """Memoise the PBKDF2 of the store's key derivation while the block runs (see the module docstring)."""
    real = connection.hashlib

    class _Hashlib:
        # Only the attribute connection.py uses; everything else of hashlib is untouched.
        pbkdf2_hmac = staticmethod(functools.lru_cache(maxsize=256)(real.pbkdf2_hmac))

    connection.hashlib = _Hashlib  # type: ignore[assignment]
    try:
        yield _Hashlib.pbkdf2_hmac
    finally:
        connection.hashlib = real
