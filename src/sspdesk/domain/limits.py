"""The limits every stored value obeys – one table for the service layer and the bundle import.

Issue 17 found that an ordinary, correctly signed bundle could store what no form would take: a 50 MB subject, a
case number `../../../../tmp/x` (which later became a file name in the case-system ZIP), ANSI escapes and bidi
overrides that the CLI then printed raw, and JSON nested so deeply that reading it crashed. So the rules live
here, pure, and both roads into the vault use them: `store.records.put` (every local edit a service makes) and
`bundles.validate` (every record a bundle brings).

The limits, and why:
* LINE_CHARS = 500 – one-line fields (names, subject, place, role, dates, codes). The longest real value in the
  seed forms (an authority's full name with department) is well under 200; 500 leaves room without letting a
  field become a document.
* TEXT_CHARS = 100,000 – multi-line free text (minutes, a form field, a note): some 40 printed pages, far more
  than any SSP text, small enough that a list or a PDF of many of them stays quick.
* JSON_CHARS = 1,000,000 – a JSON column (a form section holds several free texts).
* JSON_DEPTH = 4 – the deepest JSON column is a list of objects of texts (consent contacts: depth 2).
* MAX_SCAN_BYTES – a consent scan, 20 MB, with a PDF/PNG/JPEG signature (`domain.consent.scan_type`).
* Numbers (`J-2026-0042`, `S-…`, `M-…`, `SAM-…`, `G-…`): prefix, year, at least four digits (the counters are
  zero-padded to four and may grow past 9999). Nothing else – so a number is always a safe file name.
* Characters: C0 and C1 control characters (ESC starts an ANSI escape) and the bidi embeddings/overrides/isolates
  (U+202A–202E, U+2066–2069) are never stored; a multi-line text may hold newline and tab, nothing else.
  `printable()` escapes them when existing data is printed.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sspdesk.domain.consent import MAX_SCAN_BYTES, scan_type
from sspdesk.domain.errors import Invalid

LINE_CHARS = 500
TEXT_CHARS = 100_000
JSON_CHARS = 1_000_000
JSON_DEPTH = 4
KEY_CHARS = 100  # a key inside a JSON column (a form field's key)
INT_RANGE = (-(2**63), 2**63 - 1)  # what SQLite stores in an INTEGER column

__all__ = ["MAX_SCAN_BYTES", "scan_type"]  # re-exported: the one scan rule for the service and the import

# Control characters (C0 with DEL, C1) and the bidi controls that reorder what follows them on screen.
_BIDI = "\u202a-\u202e\u2066-\u2069"
_NOT_IN_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}]")
_NOT_IN_TEXT = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")  # newline and tab allowed
_ESCAPE_FOR_PRINT = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")


@dataclass(frozen=True)
class Rule:
    """How one column is checked. kind: line | text | json | number."""

    label: str
    kind: str = "line"
    pattern: str = ""  # numbers only
    example: str = ""  # numbers only, for the message


def _number(label: str, prefix: str, example: str) -> Rule:
    return Rule(label, "number", rf"^{prefix}-[0-9]{{4}}-[0-9]{{4,6}}$", example)


# Every numbered record type and its format (see the allocate_number/allocate_reference functions in store/).
NUMBERS: dict[tuple[str, str], Rule] = {
    ("cases", "number"): _number("Sagsnummer", "[JS]", "S-2026-0017"),
    ("meetings", "number"): _number("Mødenummer", "M", "M-2026-0003"),
    ("consents", "reference"): _number("Samtykkets nummer", "SAM", "SAM-2026-0007"),
    ("concern_groups", "number"): _number("Gruppenummer", "G", "G-2026-0002"),
}
CASE_NUMBER_PREFIX = {"journal": "J-", "sag": "S-"}

# Multi-line free text. A column not named here (and not a number or JSON column) is one line.
_TEXT_COLUMNS = {
    "discussion": "Drøftelse",
    "decision": "Beslutning",
    "text": "Tekst",
    "exchange_text": "Hvad der gives samtykke til at udveksle",
    "no_scan_reason": "Begrundelse for manglende scanning",
    "withdrawal_note": "Note om tilbagekaldelse",
    "reason": "Begrundelse",
    "note": "Note",
    "what": "Hvad",
    "recipients": "Modtagere",
}
_JSON_COLUMNS = {
    "fields": "Afsnittets felter",
    "case_ids": "Sager",
    "contacts": "Kontaktpersoner",
    "categories": "Oplysningstyper",
    "followups": "Opfølgninger",
    "necessity": "Nødvendighed",
    "conditions": "Betingelser",
    "erased": "Slettede poster",  # erasure_records: [[table, id], ...] – about 20,000 records per record
    "cpr_hashes": "CPR-kontrolværdier",
}
_LINE_LABELS = {
    "subject": "Sagens genstand",
    "name": "Navn",
    "person_name": "Navn på person",
    "giver_name": "Navn på samtykkegiver",
    "giver2_name": "Navn på anden samtykkegiver",
    "forum": "Mødeforum",
    "area": "Område",
    "coordinator": "Koordinator",
    "place": "Sted",
    "title": "Titel",
    "label": "Betegnelse",
    "owner": "Hvem",
    "role": "Rolle",
    "organisation": "Organisation",
    "phone": "Telefon",
    "email": "E-mail",
    "recipient": "Modtager",
    "recipient_authority": "Modtagerens myndighed",
    "basis": "Hjemmel",
    "method": "Metode",
    "author": "Forfatter",
    "phrase": "Udtryk",
}


@functools.lru_cache(maxsize=1024)
def rule_for(table: str, column: str) -> Rule:
    """The rule of one column (the same for the service layer and the import)."""
    number = NUMBERS.get((table, column))
    if number is not None:
        return number
    if column in _JSON_COLUMNS:
        return Rule(_JSON_COLUMNS[column], "json")
    if column in _TEXT_COLUMNS:
        return Rule(_TEXT_COLUMNS[column], "text")
    return Rule(_LINE_LABELS.get(column, column), "line")


# -- characters -------------------------------------------------------------------------------------------


def _describe(char: str) -> str:
    code = ord(char)
    if char == "\x1b":
        return "et escape-tegn (ESC, U+001B), som styrer terminalen"
    if char == "\n":
        return "et linjeskift"
    if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
        return f"et tegn, der vender tekstens retning (U+{code:04X})"
    return f"et kontroltegn (U+{code:04X})"


def forbidden_character(text: str, *, multiline: bool) -> tuple[int, str] | None:
    """(position, character) of the first character that may not be stored, or None."""
    found = (_NOT_IN_TEXT if multiline else _NOT_IN_LINE).search(text)
    return (found.start(), found.group()) if found else None


def check_text(text: str, label: str, field: str, *, multiline: bool = False, max_chars: int | None = None) -> None:
    """Refuse (Invalid naming the field) a text that is too long or holds a character that may not be stored."""
    limit = max_chars if max_chars is not None else (TEXT_CHARS if multiline else LINE_CHARS)
    if len(text) > limit:
        raise Invalid(f"«{label}» er for lang: {len(text)} tegn (højst {limit} tegn).", field, (limit, len(text)))
    bad = forbidden_character(text, multiline=multiline)
    if bad is not None:
        position, char = bad
        if char == "\n" and not multiline:
            raise Invalid(f"«{label}» skal være én linje (uden linjeskift).", field, (position, position + 1))
        raise Invalid(f"«{label}» indeholder {_describe(char)}, som ikke kan gemmes.", field, (position, position + 1))


def printable(text: str) -> str:
    """`text` with every control and bidi character written as \\uXXXX (newline and tab kept), for printing
    existing data on a terminal. The escape is also valid inside a JSON string, so --json output stays JSON."""
    return _ESCAPE_FOR_PRINT.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


# -- numbers ----------------------------------------------------------------------------------------------


def is_valid_number(table: str, column: str, value: str) -> bool:
    rule = NUMBERS.get((table, column))
    return rule is not None and re.fullmatch(rule.pattern, value) is not None


def check_number(table: str, column: str, value: str) -> None:
    if not is_valid_number(table, column, value):
        rule = NUMBERS[(table, column)]
        raise Invalid(
            f"«{rule.label}» har et ugyldigt format: «{printable(value[:40])}» (skal være som {rule.example}).", column
        )


def check_case_number(number: str, kind: str) -> None:
    """A case number in its format and with the prefix of its kind (J- for a DKE-Journal, S- for a DKE-Sag)."""
    check_number("cases", "number", number)
    prefix = CASE_NUMBER_PREFIX.get(kind)
    if prefix is not None and not number.startswith(prefix):
        raise Invalid(f"«Sagsnummer» {number} passer ikke til sagstypen (skal begynde med {prefix}).", "number")


def safe_file_stem(table: str, column: str, number: str) -> str:
    """A number used as a file name (a ZIP entry, a suggested PDF name): only a valid number, which holds nothing
    but letters, digits and hyphens – never a path. Raises Invalid otherwise."""
    check_number(table, column, number)
    return number


# -- JSON -------------------------------------------------------------------------------------------------


def json_depth_exceeds(value: Any, limit: int) -> bool:
    """True if `value` (parsed JSON) nests lists/objects more than `limit` deep. Iterative: no recursion limit."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth + 1 > limit:
            return True
        for child in children:
            if type(child) is dict or type(child) is list:  # json.loads makes exactly these
                stack.append((child, depth + 1))
    return False


def parse_json_column(text: str, label: str, field: str) -> Any:
    """A JSON column's value, parsed within the limits (size, depth); Invalid naming the field otherwise."""
    if text == "":  # an erased record's JSON column is emptied to ''
        return None
    if len(text) > JSON_CHARS:
        raise Invalid(f"«{label}» er for stort: {len(text)} tegn (højst {JSON_CHARS} tegn).", field)
    try:
        value = json.loads(text)
    except RecursionError:  # the C parser stops at Python's recursion limit
        raise Invalid(f"«{label}» er indlejret for dybt (højst {JSON_DEPTH} niveauer).", field) from None
    except ValueError:
        raise Invalid(f"«{label}» er ikke gyldig JSON.", field) from None
    if json_depth_exceeds(value, JSON_DEPTH):
        raise Invalid(f"«{label}» er indlejret for dybt (højst {JSON_DEPTH} niveauer).", field)
    return value


def _check_json_texts(value: Any, label: str, field: str) -> None:
    """Every text inside a parsed JSON column; a text under a key is named by it (a form field's key)."""
    stack: list[tuple[Any, str]] = [(value, label)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, str):
            check_text(item, where, field, multiline=True)
        elif isinstance(item, dict):
            for key, child in item.items():
                check_text(key, label, field, max_chars=KEY_CHARS)
                stack.append((child, f"{label}: {key}"))
        elif isinstance(item, list):
            stack.extend((child, where) for child in item)
        elif isinstance(item, float):
            raise Invalid(f"«{where}» indeholder et decimaltal.", field)


# -- one column, one record -------------------------------------------------------------------------------


def check_value(table: str, column: str, value: Any) -> None:
    """Check one stored value by its column's rule; Invalid (Danish, naming the field) if it may not be stored."""
    if isinstance(value, bool) or value is None:
        return
    if isinstance(value, int):
        if not INT_RANGE[0] <= value <= INT_RANGE[1]:
            raise Invalid(f"«{column}» er et for stort tal.", column)
        return
    if isinstance(value, bytes | bytearray | memoryview):
        if len(value) > MAX_SCAN_BYTES:
            raise Invalid(f"«{column}» er for stor (højst {MAX_SCAN_BYTES // (1024 * 1024)} MB).", column)
        return
    if not isinstance(value, str):
        return
    rule = rule_for(table, column)
    if rule.kind == "number":
        check_number(table, column, value)
    elif rule.kind == "json":
        _check_json_texts(parse_json_column(value, rule.label, column), rule.label, column)
    else:
        check_text(value, rule.label, column, multiline=rule.kind == "text")


def check_values(table: str, values: Mapping[str, Any]) -> None:
    """Check every value of a record (or of a partial update) – what `store.records.put` calls for each edit."""
    for column, value in values.items():
        check_value(table, column, value)
    if table == "cases" and isinstance(values.get("number"), str) and isinstance(values.get("kind"), str):
        check_case_number(values["number"], values["kind"])
    if table == "consent_scans" and isinstance(values.get("data"), bytes) and values["data"]:
        mime = scan_type(values["data"])
        if "mime" in values and values["mime"] != mime:
            raise Invalid(f"Den scannede fil er {mime}, ikke {printable(str(values['mime']))[:40]}.", "mime")
