"""Passphrase rules and strength feedback for a vault that holds children's case data."""

from __future__ import annotations

from dataclasses import dataclass

from sspdesk.store.errors import PassphraseRejected

MIN_LENGTH = 12
# zxcvbn scores 0..4; below 3 the passphrase is guessable offline in hours to days.
MIN_SCORE = 3
_LABELS = ("Meget svag", "Svag", "Middel", "Stærk", "Meget stærk")


@dataclass(frozen=True)
class Strength:
    score: int  # 0..4
    label: str
    acceptable: bool
    hint: str


def strength(passphrase: str) -> Strength:
    if not passphrase:
        return Strength(0, _LABELS[0], False, f"Skriv mindst {MIN_LENGTH} tegn.")
    from zxcvbn import zxcvbn  # its dictionaries load in ~20 ms: only when a passphrase is being chosen

    # zxcvbn is slow on very long inputs and gains nothing past ~100 characters
    score = int(zxcvbn(passphrase[:100])["score"])
    if len(passphrase) < MIN_LENGTH:
        return Strength(score, _LABELS[score], False, f"Skriv mindst {MIN_LENGTH} tegn ({len(passphrase)} nu).")
    if score < MIN_SCORE:
        return Strength(score, _LABELS[score], False, "Let at gætte. Brug flere ord, gerne en hel sætning.")
    return Strength(score, _LABELS[score], True, "")


def check_new_passphrase(passphrase: str, repeated: str | None = None) -> None:
    """Raise PassphraseRejected (Danish message) unless `passphrase` may protect a vault."""
    if repeated is not None and passphrase != repeated:
        raise PassphraseRejected("De to adgangskoder er ikke ens.")
    if "\x00" in passphrase:
        raise PassphraseRejected("Adgangskoden må ikke indeholde et NUL-tegn.")
    verdict = strength(passphrase)
    if not verdict.acceptable:
        raise PassphraseRejected(f"Adgangskoden er for svag: {verdict.hint}")
