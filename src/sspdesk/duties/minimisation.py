"""Data minimisation: a DKE-Journal (level I) must hold no person-identifying data (seed 000, ch. 5a; Bilag 5).

`journal_text_findings(text, rules)` is THE predicate for "may this text stand in a DKE-Journal" (issue 16); the
services (via `sspdesk.duties.journal_rule`), the database constraints and the bundle import all call it or its
context-free subset `database_text_findings`. The text is normalised first – NFKC (full-width digits), zero-width
characters and the soft hyphen dropped, Unicode hyphens/dashes to "-", Unicode spaces to " " – and every Finding's
span points into the ORIGINAL text. It finds:

* cpr – six date digits with a plausible day (01–31) and month (01–12), then four digits: DDMMYYXXXX with or
  without a separator (-, ., /, space, optionally spaced " - "), the date parts with one separator repeated
  (DD.MM.YY) or the Danish DD/MM-YY, also DD.MM.YYYY-XXXX. Letters may touch the number ("abc1203051234x") but
  digits may not, nor a digit and a separator before it (1234-1203051234 is an account), so longer digit runs are
  not flagged. The date is NOT checked for existence: a mistyped CPR number (31 Feb) still points at a person.
  Event dates ("12.03.2026"), case numbers, amounts and 8-digit phone numbers have too few digits. Known false
  alarm: a short date followed by a four-digit time ("12.03.26 1430"); the user can write "kl. 14.30" instead.
* name – a registered person's full name, case-insensitive, on word boundaries (æ, ø, å are letters); for names
  with three or more parts also any given names followed by the last name ("Emil Østergaard" for "Mads Emil
  Østergaard"); a hyphen matches a space; a Danish genitive ("Emils", "Mads'") still counts.
* name_part – a lone first or last name of a registered person, unless it is also an ordinary word
  (resources/names/common_words.txt: Bo, Per, Mark, Sten, Storm, Lærke, Kim, Hans, Holm, Skov ...).
* birth_date – "f. 06.04.2013", "født 6/4-13", "født den 6. april 2013", "fødselsdato 06.04.2013".
* address – a word ending in a street word (vej, gade, allé, stræde, plads, vænge, park, have, toft, vang, bakke,
  høj, sti, boulevard, torv, gyde ...) and a house number: "Hyldevej 12", "Vestergade 4, 2. th", "Peter Bangs Vej
  12". No number, no address: "Hyldagerhallen", "Vestskolen"; "Kongsholmparken 2 gange" is a count.
* phone – an 8-digit Danish number (+45, spaces, hyphens) after tlf/telefon/mobil/mob/nr/nummer/sms, unless an
  institution word stands in the same clause before it or between ("Skolens tlf.", "klubben på tlf", "kontoret").
* probable_name – a Danish given name (resources/names/given_names.txt, Danmarks Statistik's name statistics)
  followed by a capitalised word, and the capitalised words after it: "Mohammed Ali Hansen". Not when the first
  follower is a place or institution word ("Maria Kirke"). The only allowable kind: the user may say it is not a
  person ("Peter Sabroe Skolen"), and `JournalRules.allowed_phrases` then drops it (and a lone registered name part
  inside such a longer phrase); CPR numbers and full registered names are never dropped.

When findings overlap, the more serious kind is kept (cpr, name, birth_date, address, phone, name_part,
probable_name). Registered names are looked up through an index of their pieces, the patterns are compiled once,
and an ASCII or already-normal text is not copied: the check runs on every keystroke and on imports of thousands
of records. `find_cpr_like`, `find_names` and `Scrubber` remain for the scrubbers of minutes, audit log and leaks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from sspdesk.domain.errors import Invalid
from sspdesk.domain.journal_text import (
    _ADDRESS,
    _CPR_LIKE,
    _PROFESSIONAL_OK,
    _find_birth_dates,
    _find_phones,
    _Normalised,
    _overlaps,
    _strongest,
)
from sspdesk.domain.journal_text import PROFESSIONAL_FIELDS as PROFESSIONAL_FIELDS
from sspdesk.domain.journal_text import Finding as Finding
from sspdesk.domain.journal_text import FindingKind as FindingKind
from sspdesk.domain.journal_text import find_cpr_like as find_cpr_like

# Finding, FindingKind, find_cpr_like and PROFESSIONAL_FIELDS are re-exported (the `as` imports above): the
# scrubbers of the audit log, leaks, erasure and access requests and the GUI import them from here.
CUT = "[udeladt]"  # what the redacted minutes print instead of a name or CPR-like number
# Danish genitive: "Emils", "Mads'", "Mads's". Digits/letters after that mean another word.
_GENITIVE = r"(?:s|['’]s?)?"
_MAX_GIVEN_NAMES = 5  # bounds the combinations below (2**5 - 1 spellings per name)


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


# -- normalisation ------------------------------------------------------------------------------------------------


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


# -- the journal detectors (issue 16): all read the normalised text ----------------------------------------------


def _name_list(file: str) -> frozenset[str]:
    from sspdesk.resources import resource

    lines = resource("names", file).read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#"))


_lists: dict[str, frozenset[str]] = {}


def given_names() -> frozenset[str]:
    """Danish given names (resources/names/given_names.txt, from Danmarks Statistik's name statistics)."""
    if "given" not in _lists:
        _lists["given"] = _name_list("given_names.txt")
    return _lists["given"]


def common_words() -> frozenset[str]:
    """Names that are also ordinary words (resources/names/common_words.txt), lower case."""
    if "common" not in _lists:
        _lists["common"] = frozenset(w.casefold() for w in _name_list("common_words.txt"))
    return _lists["common"]


_UPPER = "A-ZÆØÅÄÖÜÉ"
_LOWER = "a-zæøåäöüéèáóíú"
_CAPITALISED = re.compile(rf"(?<![\w-])[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}][{_LOWER}]+)*(?![\w-])")
_FOLLOWER = re.compile(rf"[ \t]+([{_UPPER}][{_LOWER}'’]+(?:-[{_UPPER}][{_LOWER}]+)*)(?![\w-])")
_MAX_FOLLOWERS = 4
# A place or institution named after a person: "Maria Kirke", "Anna Skolen" is not a probable name.
_PLACE_ENDINGS = (
    "skole",
    "skolen",
    "hal",
    "hallen",
    "kirke",
    "kirken",
    "center",
    "centret",
    "centeret",
    "klub",
    "klubben",
    "hus",
    "huset",
    "stadion",
    "stadium",
    "gymnasium",
    "gymnasiet",
    "børnehave",
    "børnehaven",
    "bibliotek",
    "biblioteket",
    "station",
    "stationen",
    "park",
    "parken",
    "plads",
    "pladsen",
    "vej",
    "vejen",
    "gade",
    "gaden",
    "allé",
    "torv",
    "torvet",
    "kollegium",
    "kollegiet",
    "hospital",
    "hospitalet",
    "kaserne",
    "kasernen",
)


def _find_probable_names(norm: _Normalised) -> list[Finding]:
    """A Danish given name followed by a capitalised word (a surname or a second given name), and any capitalised
    words after that: "Mohammed Ali Hansen", "Peter Sabroe Skolen". Not when the first follower is a place or
    institution word ("Maria Kirke")."""
    text, names = norm.text, given_names()
    found: list[Finding] = []
    end_of_last = -1
    for m in _CAPITALISED.finditer(text):
        if m.start() < end_of_last or not (m.group() in names or m.group().split("-")[0] in names):
            continue
        end, followers = m.end(), 0
        while followers < _MAX_FOLLOWERS and (f := _FOLLOWER.match(text, end)):
            word = f.group(1).casefold().rstrip("'’")
            if followers == 0 and (word.endswith(_PLACE_ENDINGS) or word.rstrip("s").endswith(_PLACE_ENDINGS)):
                break
            end, followers = f.end(), followers + 1
        if followers:
            found.append(norm.finding("probable_name", m.start(), end))
            end_of_last = end
    return found


_LONE_WORD = re.compile(r"(?<![\w-])\w+(?:['’]s?)?(?![\w])")


def _find_name_parts(norm: _Normalised, names: list[str]) -> list[Finding]:
    """A lone first or last name of a registered person, unless it is also a common word (Bo, Per, Sten, ...)."""
    if not names:
        return []
    index, common = _piece_index(names), common_words()
    found = []
    for m in _LONE_WORD.finditer(norm.text):
        word = m.group().casefold().rstrip("'’")
        for key in (word, word[:-1] if word.endswith("s") else ""):
            # A piece without a letter ("8" in a generated "Anna Hansen 8", a house number) names nobody alone.
            if key and key in index and key not in common and any(ch.isalpha() for ch in key):
                found.append(norm.finding("name_part", m.start(), m.end()))
                break
    return found


_phrases_cache: list[Any] = [None, None]  # [the phrases list it was built from, its pattern]


def _allowed_pattern(phrases: Sequence[str]) -> re.Pattern[str] | None:
    if _phrases_cache[0] is not phrases:
        spelled = {r"\s+".join(re.escape(w) for w in _Normalised(p).text.split()) for p in phrases}
        spelled.discard("")
        alternation = "|".join(sorted(spelled, key=len, reverse=True))
        pattern = re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", re.IGNORECASE) if spelled else None
        _phrases_cache[:] = [phrases, pattern]
    found: re.Pattern[str] | None = _phrases_cache[1]
    return found


def journal_text_findings(text: str, rules: JournalRules) -> list[Finding]:
    """THE predicate: every spot in `text` that may not stand in a DKE-Journal, sorted by position.

    CPR-like numbers, registered names (full, or a lone first or last name that is not a common word), birth
    dates, street addresses with a house number, phone numbers given as a person's, and probable names of persons
    not registered (a Danish given name followed by a capitalised word). A probable name – or a lone registered
    name part inside a longer phrase – that lies inside one of the vault's allowed phrases is dropped. The text is
    normalised first (NFKC, zero-width characters, Unicode hyphens and spaces); every span points into `text`."""
    if not text or text.isspace():
        return []
    norm = _Normalised(text)
    names = rules.registered_names if isinstance(rules.registered_names, list) else list(rules.registered_names)
    found = [norm.finding("cpr", m.start(), m.end()) for m in _CPR_LIKE.finditer(norm.text)]
    found += [norm.finding("name", f.start, f.end) for f in find_names(norm.text, names)]
    found += _find_birth_dates(norm)
    found += [norm.finding("address", m.start(), m.end()) for m in _ADDRESS.finditer(norm.text)]
    found += _find_phones(norm)
    found += _find_name_parts(norm, names)
    found += _find_probable_names(norm)
    pattern = _allowed_pattern(rules.allowed_phrases) if rules.allowed_phrases else None
    if pattern is not None:
        allowed = [(m.start(), m.end(), " " in m.group().strip()) for m in pattern.finditer(norm.text)]
        # the allowed spans in original positions, with whether the phrase is more than one word
        spans = [(norm.finding("probable_name", a, b), many) for a, b, many in allowed]
        found = [
            f
            for f in found
            if not any(
                s.start <= f.start
                and f.end <= s.end
                and (f.kind == "probable_name" or (f.kind == "name_part" and many))
                for s, many in spans
            )
        ]
    return _strongest(found)


_CONTEXT_FREE: frozenset[FindingKind] = frozenset({"cpr", "birth_date", "address", "phone"})
_NO_RULES = JournalRules()


def database_text_findings(text: str) -> list[Finding]:
    """The findings that need no vault context and can never be allowed (for database constraints)."""
    return [f for f in journal_text_findings(text, _NO_RULES) if f.kind in _CONTEXT_FREE]


def field_findings(key: str, text: str, rules: JournalRules) -> list[Finding]:
    """`journal_text_findings` for the journal field `key` (see PROFESSIONAL_FIELDS) – use this per form field."""
    found = journal_text_findings(text or "", rules)
    if key in PROFESSIONAL_FIELDS:
        found = [f for f in found if f.kind not in _PROFESSIONAL_OK]
    return found


def journal_findings(fields: Mapping[str, str], rules: JournalRules) -> list[tuple[str, Finding]]:
    """Every offending spot in every field, for highlighting them all in the form."""
    return [(key, f) for key, text in fields.items() for f in field_findings(key, text, rules)]


def check_journal_fields(
    fields: Mapping[str, str],
    rules: JournalRules,
    labels: Mapping[str, str] | None = None,
) -> None:
    """Refuse a DKE-Journal whose fields contain person-identifying data (`field_findings`).

    `fields` maps a field key to its text; the message names the field by `labels[key]` when given,
    else by the key itself (so pass the form's Danish labels, e.g. "Adfærd og trivsel", as keys or
    labels). Raises PersonDataInJournal for the first offending spot in field order.
    """
    for key, text in fields.items():
        findings = field_findings(key, text, rules)
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
