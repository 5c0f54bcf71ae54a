"""Generate a fictional vault at a given scale, fast: one transaction, the real repository functions.

Every name, CPR number and text here is invented.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import tempfile
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sspdesk.store import cases_repo as repo
from sspdesk.store.vault import Vault

PASSPHRASE = "bench-kodeord-2026"
# Common case words, plus a few thousand rarer made-up words, so searches hit realistic shares of cases.
COMMON = (
    "uro",
    "hærværk",
    "tyveri",
    "graffiti",
    "konflikt",
    "fravær",
    "trusler",
    "indbrud",
    "hash",
    "kniv",
    "skolegård",
    "station",
    "klub",
    "center",
    "bus",
    "butik",
    "kiosk",
    "aften",
    "gruppe",
    "ældre",
)
_SYLLABLES = ("ka", "lo", "mi", "sø", "ræ", "bu", "te", "vi", "gå", "ny", "pe", "da", "ri", "fo", "hæ", "jo")
RARE = tuple(a + b + c for a in _SYLLABLES for b in _SYLLABLES for c in _SYLLABLES[:12])  # 3,072 words
_WORDS = COMMON + RARE
_FIRST = ("Oskar", "Ida", "Malthe", "Freja", "Noah", "Alma", "Viggo", "Karla", "Elias", "Luna")
_LAST = ("Opdigtet", "Fiktivsen", "Demosen", "Prøvesen", "Eksempelsen", "Testrup", "Påfundsen")


def _text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(n))


def generate(path: Path, cases: int, sections_per_case: int = 4, seed: int = 1) -> Vault:
    """Create a vault at `path` with `cases` cases (30% journals) and their section entries."""
    rng = random.Random(seed)
    vault = Vault.create(path, PASSPHRASE, settings={"user_name": "Bench"})
    start = date(2021, 1, 1)
    with vault.transaction() as conn:
        for i in range(cases):
            kind = "journal" if i % 10 < 3 else "sag"
            registered = start + timedelta(days=rng.randrange(2000))
            born = date(2008, 1, 1) + timedelta(days=rng.randrange(2000))
            values = {
                "number": repo.allocate_number(conn, kind, registered.year),
                "kind": kind,
                "profile": "albertslund",
                "level": "I" if kind == "journal" else rng.choice(("II", "III")),
                "subject": _text(rng, 5),
                "forum": "Koordinationsmøde" if kind == "journal" else "Sagsmøde",
                "area": f"Område {i % 12}",
                "coordinator": f"Koordinator {i % 20}",
                "registered": registered.isoformat(),
                "status": "open" if rng.random() < 0.6 else "closed",
                "person_name": f"{rng.choice(_FIRST)} {rng.choice(_LAST)} {i}" if kind == "sag" else "",
                "cpr": f"{born:%d%m%y}{rng.choice('456789')}{rng.randrange(1000):03d}" if kind == "sag" else "",
                "birth_date": born.isoformat() if kind == "sag" else "",
            }
            case_id = repo.insert_case(conn, vault.device_id, values)
            for s in range(sections_per_case):
                section = ("status", "indsats", "opfoelgning", "opfoelgning2")[s % 4]
                key = "adfaerd" if kind == "journal" else "familie"
                repo.add_section(conn, vault.device_id, case_id, section, {key: _text(rng, 12)}, "Bench")
            due = (registered + timedelta(days=14)).isoformat()
            repo.add_deadlines(conn, vault.device_id, case_id, [("contact", "Kontakt", due)])
            repo.reindex(conn, case_id)
    return vault


# Generated vaults are kept here between runs (200,000 cases take minutes to generate): keyed by what was asked for,
# the schema version and the source of the generators, so a change to either makes a new one.
CACHE = Path(os.environ.get("SSPDESK_BENCH_CACHE") or Path(tempfile.gettempdir()) / "sspdesk-bench-cache")


def _code_hash() -> str:
    here = Path(__file__).parent
    digest = hashlib.sha256()
    for name in ("generate.py", "meeting_bench.py"):
        digest.update((here / name).read_bytes())
    return digest.hexdigest()[:12]


def cached(path: Path, key: str, make: Callable[[Path], Any]) -> tuple[Any, bool]:
    """A closed vault at `path` made by `make(path)` (which returns a JSON-able result), from the cache when it has
    one; returns (result, True when it came from the cache)."""
    from sspdesk.store.migrations import latest_version

    name = f"{key}-schema{latest_version()}-{_code_hash()}"
    vault, result = CACHE / f"{name}.sspvault", CACHE / f"{name}.json"
    if vault.is_file() and result.is_file():
        shutil.copyfile(vault, path)
        return json.loads(result.read_text(encoding="utf-8")), True
    value = make(path)
    CACHE.mkdir(parents=True, exist_ok=True)
    partial = vault.with_suffix(".partial")
    shutil.copyfile(path, partial)
    os.replace(partial, vault)
    result.write_text(json.dumps(value), encoding="utf-8")
    return value, False
