"""Generate a fictional vault at a given scale, fast: one transaction, the real repository functions.

Every name, CPR number and text here is invented.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

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
