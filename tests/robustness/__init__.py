"""Robustness tests: crash safety (SIGKILL at random points), hostile input (hypothesis), a full disk.

The default run is short (CI); `SSPDESK_LONG_TESTS=1` runs the long variants (200 kills per scenario instead of
20, more hypothesis examples, 3,000 bundle mutations). The helpers here are shared by the modules of this folder.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from sspdesk.store import cases_repo
from sspdesk.store.backups import integrity_problems
from sspdesk.store.vault import Vault
from support.bundles import dump

LONG = os.environ.get("SSPDESK_LONG_TESTS") == "1"
HERE = Path(__file__).resolve().parent
SRC = HERE.parents[1] / "src"
PASSPHRASE = "robust 'kode' \"ord\"; æøå"


def child_env(vault: Path, **extra: str) -> dict[str, str]:
    """Environment for a child process: this checkout's sources first, the vault and its passphrase."""
    env = {
        **os.environ,
        "SSPDESK_VAULT": str(vault),
        "SSPDESK_PASSPHRASE": PASSPHRASE,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep),
    }
    env.pop("SSPDESK_DEBUG", None)
    env.update(extra)
    return env


def python() -> str:
    return sys.executable


def full_integrity(vault: Vault) -> list[str]:
    """Everything wrong with an open vault: SQLCipher's page HMACs, SQLite's full structural check, and the
    product's own check (cipher_integrity_check + quick_check). Empty when healthy."""
    conn = vault.conn
    problems = [row[0] for row in conn.execute("PRAGMA cipher_integrity_check")]
    problems += [row[0] for row in conn.execute("PRAGMA integrity_check") if row[0] != "ok"]
    return problems + integrity_problems(conn)


def fill_cases(vault: Vault, count: int, *, sections: int = 3, start: int = 0) -> list[str]:
    """`count` fictional DKE-Sag cases with `sections` section entries and one deadline each; returns their ids."""
    ids = []
    with vault.transaction() as conn:
        for n in range(start, start + count):
            case_id = cases_repo.insert_case(
                conn,
                vault.device_id,
                {
                    "number": cases_repo.allocate_number(conn, "sag", 2026),
                    "kind": "sag",
                    "profile": "albertslund",
                    "level": "II",
                    "subject": f"Opdigtet sag nr. {n} om uro ved stationen",
                    "forum": "Sagsmøde",
                    "area": f"Område {n % 7}",
                    "coordinator": "Koordinator Fiktiv",
                    "registered": "2026-02-01",
                    "status": "open",
                    "person_name": f"Oskar Opdigtet {n}",
                    "cpr": "0503104321",
                    "birth_date": "2010-03-05",
                },
            )
            for section in ("status", "indsats", "opfoelgning", "opfoelgning2")[:sections]:
                cases_repo.add_section(
                    conn,
                    vault.device_id,
                    case_id,
                    section,
                    {"familie": f"Fiktiv tekst {n} om familien og skolen."},
                    "Koordinator",
                )
            cases_repo.add_deadlines(conn, vault.device_id, case_id, [("contact", "Kontakt", "2026-02-15")])
            cases_repo.reindex(conn, case_id)
            ids.append(case_id)
    return ids


class Snapshot:
    """A vault's state on disk and in rows, to prove that a refused import (or a failed write) changed nothing."""

    def __init__(self, vault: Vault, *, rows: bool = True) -> None:
        """`rows=False`: only the files are compared (`files_unchanged`) – after the full checkpoint here, the same
        bytes are the same rows, so the row dump (the costly part, per hypothesis example) is skipped."""
        self.vault = vault
        busy, _, _ = vault.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        assert busy == 0, "the checkpoint must complete, or the main file does not hold the state"
        self.files = self._files()
        self.rows = dump(vault) if rows else {}

    def _files(self) -> tuple[bytes, bytes]:
        wal = self.vault.path.with_name(self.vault.path.name + "-wal")
        return self.vault.path.read_bytes(), wal.read_bytes() if wal.exists() else b""

    def files_unchanged(self) -> bool:
        return self._files() == self.files

    def assert_unchanged(self) -> None:
        assert self.rows, "made with rows=False: compare the files only"
        assert self.files_unchanged(), "the vault file or its WAL changed"
        assert dump(self.vault) == self.rows
