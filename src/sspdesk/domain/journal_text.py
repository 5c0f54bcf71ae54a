"""The context-free half of the journal rule: what may never stand in a DKE-Journal, whatever the vault holds.

CPR numbers, birth dates, street addresses and phone numbers given as a person's are person data in any vault and
can never be allowed by the user, so this part of the rule needs no vault context. It lives in the domain so that
the store can register it on every connection as the SQL function `journal_text_ok` (the triggers of migration
0010, the last line of defence), while `sspdesk.duties.minimisation.journal_text_findings` – THE predicate, with
registered and probable names – gives the same answer for these kinds (tests/test_journal_database.py checks it).

The normaliser, `Finding` and the CPR, birth-date, address and phone detectors are defined here once;
`sspdesk.duties.minimisation` imports them and adds the names (registered and probable) on top.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

FindingKind = Literal["cpr", "name", "name_part", "probable_name", "birth_date", "address", "phone"]
CONTEXT_FREE: frozenset[FindingKind] = frozenset({"cpr", "birth_date", "address", "phone"})

# Separators people and programs put in a CPR number (after normalisation, see `_normalised`): a hyphen, dot or
# slash, optionally with a space either side, or a bare space.
_SEP = r"(?:[ \t]?[-./][ \t]?|[ \t])"
_DAY = r"(?:0[1-9]|[12][0-9]|3[01])"
_MONTH = r"(?:0[1-9]|1[0-2])"
_CPR_LIKE = re.compile(
    rf"""
    (?<![0-9])(?<![0-9][-./])       # not the tail of a longer number (1234-1203051234 is an account)
    (?:
        {_DAY}(?P<sep>{_SEP}?){_MONTH}(?P=sep)     # the same separator between day, month and year ...
      | {_DAY}[ \t]?/[ \t]?{_MONTH}[ \t]?-[ \t]?   # ... or the Danish 12/03-05
    )
    (?:
        [0-9]{{2}}{_SEP}?                           # two-digit year, optional separator
      | (?:19|20)[0-9]{{2}}[ \t]?-[ \t]?            # four-digit year, then a hyphen: 12.03.2005-1234
    )
    [0-9]{{4}}                                      # serial number
    (?![0-9])
    """,
    re.VERBOSE,
)


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


# -- normalisation ------------------------------------------------------------------------------------------------

_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_HYPHENS = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_SPACES = "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_FOLD: dict[str, str] = {
    **dict.fromkeys(_ZERO_WIDTH, ""),
    **dict.fromkeys(_HYPHENS, "-"),
    **dict.fromkeys(_SPACES, " "),
}
_SPECIAL = re.compile(f"[{_ZERO_WIDTH}{_HYPHENS}{_SPACES}]|(?![0-9])\\d")


class _Normalised:
    """The text the detectors read, and where each of its characters came from in the original.

    NFKC per character (with its combining marks: a decomposed "å" becomes one letter), full-width and other
    decimal digits to 0-9, zero-width characters and the soft hyphen dropped, Unicode hyphens and dashes to "-",
    Unicode spaces to " ". `span(a, b)` maps a span of the normalised text back to the original."""

    __slots__ = ("_ends", "_starts", "original", "text")

    def __init__(self, original: str) -> None:
        self.original = original
        if original.isascii() or (unicodedata.is_normalized("NFKC", original) and not _SPECIAL.search(original)):
            self.text, self._starts, self._ends = original, None, None  # the usual case: nothing to map
            return
        chars: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        i, n = 0, len(original)
        while i < n:
            j = i + 1
            while j < n and unicodedata.combining(original[j]):
                j += 1
            for ch in unicodedata.normalize("NFKC", original[i:j]):
                ch = _FOLD.get(ch, ch)
                if ch and not ch.isascii() and ch.isdecimal():
                    ch = str(unicodedata.decimal(ch))
                if ch:
                    chars.append(ch)
                    starts.append(i)
                    ends.append(j)
            i = j
        self.text, self._starts, self._ends = "".join(chars), starts, ends

    def finding(self, kind: FindingKind, start: int, end: int) -> Finding:
        if self._starts is not None and self._ends is not None:
            start, end = self._starts[start], self._ends[end - 1]
        return Finding(kind, start, end, self.original[start:end])


def find_cpr_like(text: str) -> list[Finding]:
    """CPR-like numbers in any spelling (separators, Unicode hyphens and spaces, zero-width characters, full-width
    digits); the spans point into `text` as given."""
    norm = _Normalised(text)
    return [norm.finding("cpr", m.start(), m.end()) for m in _CPR_LIKE.finditer(norm.text)]


def _overlaps(finding: Finding, others: Iterable[Finding]) -> bool:
    return any(finding.start < other.end and other.start < finding.end for other in others)


# -- the journal detectors (issue 16): all read the normalised text ----------------------------------------------

_MONTHS = (
    r"(?:januar|jan|februar|feb|marts|mar|april|apr|maj|juni|jun|juli|jul|august|aug|september|sept|sep"
    r"|oktober|okt|november|nov|december|dec)"
)
# "f. 06.04.2013", "født 6/4-13", "født den 6. april 2013", "fødselsdato: 06.04.2013", "f. 060413"
_BIRTH_DATE = re.compile(
    rf"""
    (?<!\w)(?P<trigger>f\.|født|fødselsdato|fødselsdag|f\.dato|fdt\.)
    (?:[ \t]*(?:den|d\.))?[ \t]*:?[ \t]*
    (?:
        (?:0?[1-9]|[12][0-9]|3[01])[ \t]?[-./][ \t]?(?:0?[1-9]|1[0-2])
        (?P<year>[ \t]?[-./][ \t]?(?:19|20)?[0-9]{{2}})?
      | {_DAY}{_MONTH}(?P<plain_year>(?:19|20)?[0-9]{{2}})
      | (?:0?[1-9]|[12][0-9]|3[01])\.?[ \t]*{_MONTHS}\.?(?P<text_year>[ \t]+(?:19|20)[0-9]{{2}})?
    )
    (?![0-9])
    """,
    re.VERBOSE | re.IGNORECASE,
)

_STREET_WORDS = (
    "vej|vejen|gade|gaden|allé|alle|alléen|stræde|strædet|plads|pladsen|vænge|vænget|park|parken|have|haven|"
    "toft|toften|vang|vangen|bakke|bakken|høj|højen|sti|stien|boulevard|torv|torvet|gyde|gyden|kvarter|kvarteret"
)
_HOUSE_NUMBER = r"""
    [ \t]+[0-9]{1,4}(?:[ \t]?[A-Za-z](?![\w]))?                            # 12, 12B, 12 b
    (?:,?[ \t]*(?:st|kl|[0-9]{1,2})\.?[ \t]*(?:sal\.?[ \t]*)?(?:th|tv|mf)?\.?(?![\w]))?  # , 2. th / st. tv.
    (?![0-9]|[.:,][0-9])
    (?![ \t]*(?:gange?|timer?|min|minutter|dage?|uger?|unge|elever|personer|drenge|piger|voksne|kr|procent|år|%)(?!\w))
"""
_ADDRESS = re.compile(
    rf"""
    (?<![\w-])
    (?:
        (?=[A-ZÆØÅ])[\w.'’-]+?(?i:{_STREET_WORDS})                     # Hyldevej, Vestergade (capitalised)
      | [A-ZÆØÅ][\w.'’-]*[ \t]+(?:[A-ZÆØÅ][\w.'’-]*[ \t]+)?(?i:{_STREET_WORDS})  # Peter Bangs Vej
      | (?i:(?<=bor[ \t])|(?<=bor[ \t]på[ \t])|(?<=adresse[ \t])|(?<=adressen[ \t])|(?<=adresse:[ \t]))
        [\w.'’-]+?(?i:{_STREET_WORDS})                                   # bor hyldevej 12
    )
    (?!\w)
    {_HOUSE_NUMBER}
    """,
    re.VERBOSE,
)

_PHONE = re.compile(
    r"""
    (?<!\w)(?P<trigger>tlf\.?[ \t]*nr|tlf|telefonnummer|telefonnr|telefon|mobilnummer|mobilnr|mobiltelefon|mobil
        |mob|nr|nummer|sms)\.?
    (?P<gap>[^\d\n]{0,25}?)
    (?P<number>(?<![\d+])(?:(?:\+|00)45[ \t]?)?
        (?:[0-9]{8}|[0-9]{2}(?P<s>[ .-]?)[0-9]{2}(?P=s)[0-9]{2}(?P=s)[0-9]{2}|[0-9]{4}[ -][0-9]{4})
    )(?![0-9])
    """,
    re.VERBOSE | re.IGNORECASE,
)
# A phone number stated as an institution's (or as another kind of number) is not a person's: one of these words
# among the six words before the trigger in the same clause ("Skolens tlf.", "klubben på tlf", "Døgnvagten kan nås
# på tlf."), between trigger and number, or as the first word after it ("tlf. 43 64 99 00 (SSP-kontoret)"). Words
# starting with a short stem, or containing a long one, count.
_NOT_A_PERSON_STEMS = ("hal", "reg", "bus", "sag", "ssp", "sfo", "cvr", "ean", "se-", "p-")
_NOT_A_PERSON_PARTS = (
    "skole",
    "klub",
    "kontor",
    "konto",
    "politi",
    "kommune",
    "rådhus",
    "sekretariat",
    "vagt",
    "forvaltning",
    "center",
    "centr",
    "institution",
    "bibliotek",
    "afdeling",
    "tjeneste",
    "station",
    "myndighed",
    "sundhedspleje",
    "psykiatri",
    "hotline",
    "rådgivning",
    "fritid",
    "gymnasi",
    "værested",
    "faktura",
    "ordre",
    "kunde",
    "journal",
    "bilag",
    "lokale",
    "medlem",
    "kvittering",
    "linje",
    "firma",
    "butik",
    "forening",
    "hus",
    "sekretær",
    "børnehave",
    "vuggestue",
    "dagtilbud",
    "jobcenter",
    "borgerservice",
    "hospital",
    "læge",
    "tandpleje",
    "sekretariat",
)
_CLAUSE_END = re.compile(r"[,;!?\n()]|\.\s")
_WORDS = re.compile(r"[\w-]+")


def _institution_word(word: str) -> bool:
    word = word.casefold()
    return word.startswith(_NOT_A_PERSON_STEMS) or any(part in word for part in _NOT_A_PERSON_PARTS)


def _find_phones(norm: _Normalised) -> list[Finding]:
    text = norm.text
    found = []
    for m in _PHONE.finditer(text):
        before = text[max(0, m.start() - 60) : m.start()]
        clause = _CLAUSE_END.split(before)[-1]
        after = text[m.end() : m.end() + 30].lstrip(" \t(")
        context = _WORDS.findall(clause)[-6:] + _WORDS.findall(m.group("gap")) + _WORDS.findall(after)[:1]
        if not any(_institution_word(w) for w in context):
            found.append(norm.finding("phone", m.start("number"), m.end("number")))
    return found


def _find_birth_dates(norm: _Normalised) -> list[Finding]:
    found = []
    for m in _BIRTH_DATE.finditer(norm.text):
        if m.group("trigger").casefold() == "f." and not (
            m.group("year") or m.group("plain_year") or m.group("text_year")
        ):
            continue  # "f. 6/4" alone may be anything; "født 6/4" is a birthday
        found.append(norm.finding("birth_date", m.start(), m.end()))
    return found


# When two findings overlap, the one more important to refuse is kept.
_RANK: dict[FindingKind, int] = {
    "cpr": 0,
    "name": 1,
    "birth_date": 2,
    "address": 3,
    "phone": 4,
    "name_part": 5,
    "probable_name": 6,
}


def _strongest(findings: list[Finding]) -> list[Finding]:
    kept: list[Finding] = []
    for finding in sorted(findings, key=lambda f: (_RANK[f.kind], f.start)):
        if not _overlaps(finding, kept):
            kept.append(finding)
    return sorted(kept, key=lambda f: (f.start, _RANK[f.kind]))


def database_text_findings(text: str) -> list[Finding]:
    """The findings that need no vault context and can never be allowed (CPR numbers, birth dates, addresses,
    persons' phone numbers), sorted by position; spans point into `text`."""
    if not text or text.isspace():
        return []
    norm = _Normalised(text)
    found = [norm.finding("cpr", m.start(), m.end()) for m in _CPR_LIKE.finditer(norm.text)]
    found += _find_birth_dates(norm)
    found += [norm.finding("address", m.start(), m.end()) for m in _ADDRESS.finditer(norm.text)]
    found += _find_phones(norm)
    return _strongest(found)


# Bilag 5 asks a journal for the professionals involved; in these fields (by key) a work phone is not a finding
# (minimisation.field_findings applies the same set to the full rule). An underretning's authority and who made it
# (`authority`, `made_by`) are professionals too.
PROFESSIONAL_FIELDS = frozenset(
    {"coordinator", "koordinator", "kontaktperson", "ansvarlig_myndighed", "owner", "authority", "made_by"}
)
_PROFESSIONAL_OK: frozenset[FindingKind] = frozenset({"probable_name", "name_part", "phone"})


def database_field_findings(key: str, text: str) -> list[Finding]:
    """`database_text_findings` for the journal field `key`: what `minimisation.field_findings` finds there of the
    context-free kinds."""
    found = database_text_findings(text)
    if key in PROFESSIONAL_FIELDS:
        found = [f for f in found if f.kind not in _PROFESSIONAL_OK]
    return found


def journal_text_ok(text: object, key: object = "") -> int:
    """The SQL function `journal_text_ok(text)` / `journal_text_ok(text, field key)`: 1 when `text` may stand in a
    DKE-Journal field as far as the database can tell (no context-free finding), else 0. Anything that is not text
    (NULL, a number) is 1: only text is checked."""
    if not isinstance(text, str):
        return 1
    return 0 if database_field_findings(key if isinstance(key, str) else "", text) else 1
