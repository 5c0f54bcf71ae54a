"""Data minimisation: a DKE-Journal (level I) must hold no person-identifying data (seed 000, ch. 5a).

Two detectors, both deliberately simple and explainable to the user:

* CPR-like numbers: six date digits with a plausible day (01–31) and month (01–12), then four digits.
  Accepted spellings: DDMMYYXXXX, DDMMYY-XXXX / DDMMYY.XXXX / DDMMYY XXXX, and the date part itself
  written with one separator repeated (DD-MM-YY, DD.MM.YY, DD/MM/YY, DD MM YY). Letters may touch the
  number ("abc1203051234x") but digits may not, so longer digit runs (account numbers, 11+ digits) are
  not flagged. The date is NOT checked for existence: a mistyped CPR number (31 Feb) still points at a
  person. Dates ("2026-11-23") and Danish phone numbers ("12 34 56 78") have too few digits to match.
  Known false alarm: a short date followed by a four-digit time ("12.03.26 1430"); the message shows
  the text, and the user can write "kl. 14.30" instead.
* Names of registered persons, case-insensitive, on word boundaries (æ, ø, å count as letters). We
  flag the full name and, for names with three or more parts, any of the given names followed by the
  last name ("Mads Østergaard", "Emil Østergaard" for "Mads Emil Østergaard"). A hyphen in a
  registered name also matches a space ("Anne-Sofie" ~ "Anne Sofie"), and a Danish genitive ("Emils",
  "Mads'") still counts. A lone first or last name is NOT refused: many Danish names are ordinary
  words (Bo, Per, Mark, Sten, Storm, Lærke), so blocking on them would refuse innocent text. Callers
  may ask for lone parts with `single_parts=True` (kind "name_part") to show a soft warning.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any, Literal

from sspdesk.domain.errors import Invalid

FindingKind = Literal["cpr", "name", "name_part", "probable_name", "birth_date", "address", "phone"]

CUT = "[udeladt]"  # what the redacted minutes print instead of a name or CPR-like number
_DATE_SEP = r"[-./ \u00a0\u2013]"
_SERIAL_SEP = r"[-. \u00a0\u2013]"
_CPR_LIKE = re.compile(
    rf"""
    (?<![0-9])
    (?:0[1-9]|[12][0-9]|3[01])      # day
    (?P<sep>{_DATE_SEP}?)           # optional separator, the same one between day, month and year
    (?:0[1-9]|1[0-2])               # month
    (?P=sep)
    [0-9]{{2}}                      # year
    {_SERIAL_SEP}?                  # optional separator before the serial number
    [0-9]{{4}}                      # serial number
    (?![0-9])
    """,
    re.VERBOSE,
)
# Danish genitive: "Emils", "Mads'", "Mads's". Digits/letters after that mean another word.
_GENITIVE = r"(?:s|['’]s?)?"
_MAX_GIVEN_NAMES = 5  # bounds the combinations below (2**5 - 1 spellings per name)


@dataclass(frozen=True)
class Finding:
    kind: FindingKind
    start: int
    end: int
    text: str  # the original text at [start:end]

    @property
    def allowable(self) -> bool:
        """Only a probable (unregistered) name may be allowed by the user ("Nej, det er ikke en person")."""
        return self.kind == "probable_name"


@dataclass(frozen=True)
class JournalRules:
    """What the journal predicate needs from the vault: pass the same list objects again (e.g. via
    `sspdesk.duties.journal_rule.rules_for`) and the indexes built from them are reused."""

    registered_names: Sequence[str] = ()  # names of persons registered on sager in this vault
    allowed_phrases: Sequence[str] = ()  # phrases the user has said are not person names


_WHAT = {
    "cpr": "et CPR-nummer",
    "name": "et navn",
    "name_part": "et navn",
    "probable_name": "hvad der ligner et navn",
    "birth_date": "en fødselsdato",
    "address": "en adresse",
    "phone": "et telefonnummer",
}


class PersonDataInJournal(Invalid):
    """Raised when a DKE-Journal field holds person-identifying data; `span` is where in the field.
    A subclass, because `because` lets a caller give another reason (a group's rule) for the same finding."""

    def __init__(self, field: str, label: str, finding: Finding, reason: str = "") -> None:
        self.label = label
        self.finding = finding
        super().__init__(
            self.because(reason or "En DKE-Journal må ikke indeholde personhenførbare oplysninger."),
            field,
            (finding.start, finding.end),
        )
        self.excerpt = finding.text

    def because(self, reason: str) -> str:
        """The Danish message with another reason (a group's text obeys the rule because of its journals)."""
        what = _WHAT[self.finding.kind]
        return f'Feltet "{self.label}" indeholder {what} ("{self.finding.text}"). {reason}'


def find_cpr_like(text: str) -> list[Finding]:
    return [Finding("cpr", m.start(), m.end(), m.group()) for m in _CPR_LIKE.finditer(text)]


def _part_pattern(part: str) -> str:
    return r"[-\s]+".join(re.escape(piece) for piece in part.split("-") if piece)


def _name_variants(name: str) -> list[list[str]]:
    """The full name, and every selection of given names (kept in order) followed by the last name:
    people go by a middle name too ("Mads Emil Østergaard" -> "Emil Østergaard")."""
    parts = name.split()
    if len(parts) < 3:
        return [parts] if parts else []
    given, last = parts[:-1][:_MAX_GIVEN_NAMES], parts[-1]
    return [parts] + [[*chosen, last] for size in range(1, len(given) + 1) for chosen in combinations(given, size)]


def _compile(variants: Iterable[list[str]]) -> re.Pattern[str] | None:
    patterns = {r"\s+".join(_part_pattern(part) for part in parts) for parts in variants}
    patterns.discard("")
    if not patterns:
        return None
    # Longest first, so at any position the fullest spelling of a name wins over a shorter one.
    alternation = "|".join(sorted(patterns, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternation}){_GENITIVE}(?!\w)", re.IGNORECASE)


def _find(pattern: re.Pattern[str] | None, text: str, kind: FindingKind) -> list[Finding]:
    if pattern is None:
        return []
    return [Finding(kind, m.start(), m.end(), m.group()) for m in pattern.finditer(text)]


def _overlaps(finding: Finding, others: Iterable[Finding]) -> bool:
    return any(finding.start < other.end and other.start < finding.end for other in others)


_WORD = re.compile(r"\w+")
_index_cache: list[Any] = [None, {}]  # [the names list it was built from, {piece: [names]}]


def _piece_index(names: list[str]) -> dict[str, list[str]]:
    """{casefolded name piece: the names with that piece}; rebuilt only when a different list is passed."""
    if _index_cache[0] is not names:
        index: dict[str, list[str]] = {}
        for name in names:
            if name and name.strip():
                for piece in {p.casefold() for p in re.split(r"[\s-]+", name) if p}:
                    index.setdefault(piece, []).append(name)
        _index_cache[:] = [names, index]
    found: dict[str, list[str]] = _index_cache[1]
    return found


def _candidates(text: str, names: list[str]) -> list[str]:
    index = _piece_index(names)
    found: dict[str, None] = {}
    for word in _WORD.findall(text.casefold()):
        for key in (word, word[:-1] if word.endswith("s") else ""):  # "Holts" is Holt's
            for name in index.get(key, ()):
                found[name] = None
    return list(found)


def find_names(text: str, names: Iterable[str], *, single_parts: bool = False) -> list[Finding]:
    """Registered names found in `text`, sorted by position (see the module docstring for the rules)."""
    # Only names with a piece that is a word of the text can match (every spelling is whole words, plus a
    # genitive ending): a vault has tens of thousands of registered names, so they are looked up by piece in an
    # index instead of being compiled into one pattern on every keystroke or search.
    names = _candidates(text, names if isinstance(names, list) else list(names))
    found = _find(_compile(v for name in names for v in _name_variants(name)), text, "name")
    if single_parts:
        parts = _compile([part] for name in names for part in name.split())
        found += [f for f in _find(parts, text, "name_part") if not _overlaps(f, found)]
    return sorted(found, key=lambda f: f.start)


def person_data_findings(text: str, registered_names: Iterable[str] = ()) -> list[Finding]:
    """CPR-like numbers and full registered names in `text`, sorted by position (the scrubbers' subset)."""
    return sorted(find_cpr_like(text) + find_names(text, registered_names), key=lambda f: f.start)


def journal_text_findings(text: str, rules: JournalRules) -> list[Finding]:
    """THE predicate: every spot in `text` that may not stand in a DKE-Journal, sorted by position."""
    if not text:
        return []
    names = rules.registered_names if isinstance(rules.registered_names, list) else list(rules.registered_names)
    return sorted(find_cpr_like(text) + find_names(text, names), key=lambda f: f.start)


_CONTEXT_FREE: frozenset[FindingKind] = frozenset({"cpr", "birth_date", "address", "phone"})
_NO_RULES = JournalRules()


def database_text_findings(text: str) -> list[Finding]:
    """The findings that need no vault context and can never be allowed (for database constraints)."""
    return [f for f in journal_text_findings(text, _NO_RULES) if f.kind in _CONTEXT_FREE]


def journal_findings(fields: Mapping[str, str], rules: JournalRules) -> list[tuple[str, Finding]]:
    """Every offending spot in every field, for highlighting them all in the form."""
    return [(key, f) for key, text in fields.items() for f in journal_text_findings(text or "", rules)]


def check_journal_fields(
    fields: Mapping[str, str],
    rules: JournalRules,
    labels: Mapping[str, str] | None = None,
) -> None:
    """Refuse a DKE-Journal whose fields contain person-identifying data (`journal_text_findings`).

    `fields` maps a field key to its text; the message names the field by `labels[key]` when given,
    else by the key itself (so pass the form's Danish labels, e.g. "Adfærd og trivsel", as keys or
    labels). Raises PersonDataInJournal for the first offending spot in field order.
    """
    for key, text in fields.items():
        findings = journal_text_findings(text or "", rules)
        if findings:
            raise PersonDataInJournal(key, (labels or {}).get(key, key), findings[0])


class Scrubber:
    """Cuts person data out of text for the redacted minutes (a no-op for the full minutes).

    Full registered names and CPR-like numbers everywhere; for the persons of this meeting's own cases also a lone
    first or last name – cutting an ordinary word too many is the safe side here."""

    def __init__(self, active: bool, registered_names: Iterable[str] = (), case_names: Iterable[str] = ()) -> None:
        self.active = active
        self.registered = [n for n in registered_names if n]
        self.case_names = [n for n in case_names if n]

    def __call__(self, value: str) -> str:
        if not self.active or not value:
            return value
        found: list[Finding] = person_data_findings(value, self.registered)
        found += find_names(value, self.case_names, single_parts=True)
        spans: list[list[int]] = []
        for finding in sorted(found, key=lambda f: f.start):
            if spans and finding.start <= spans[-1][1]:
                spans[-1][1] = max(spans[-1][1], finding.end)
            else:
                spans.append([finding.start, finding.end])
        for start, end in reversed(spans):
            value = value[:start] + CUT + value[end:]
        return value
