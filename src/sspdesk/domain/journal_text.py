"""The context-free half of the journal rule: what may never stand in a DKE-Journal, whatever the vault holds.

CPR numbers, birth dates, addresses and phone numbers are person data in any vault and can never be allowed by the
user, so this part of the rule needs no vault context. It lives in the domain so that the store can register it on
every connection as the SQL function `journal_text_ok` (migration 0010's triggers, the last line of defence), and
`sspdesk.duties.minimisation` – the full predicate, with registered and probable names – builds on the same code.

HANDOVER (issue 16, part B -> part A): today `database_text_findings` is also defined in
`sspdesk.duties.minimisation`; the detectors here are a copy of that module's CPR detector. The intended end state
is that minimisation imports `Finding`, `FindingKind`, `find_cpr_like` and `database_text_findings` from here (and
its birth-date, address and phone detectors move here), so there is one definition of each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

FindingKind = Literal["cpr", "name", "name_part", "probable_name", "birth_date", "address", "phone"]
CONTEXT_FREE: frozenset[FindingKind] = frozenset({"cpr", "birth_date", "address", "phone"})

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


def find_cpr_like(text: str) -> list[Finding]:
    return [Finding("cpr", m.start(), m.end(), m.group()) for m in _CPR_LIKE.finditer(text)]


def database_text_findings(text: str) -> list[Finding]:
    """The findings that need no vault context and can never be allowed, sorted by position."""
    if not text:
        return []
    return sorted(find_cpr_like(text), key=lambda f: f.start)


def journal_text_ok(text: object) -> int:
    """The SQL function `journal_text_ok(text)`: 1 when `text` may stand in a DKE-Journal as far as the database can
    tell (no context-free finding), else 0. Anything that is not text (NULL, a number) is 1: only text is checked."""
    if not isinstance(text, str):
        return 1
    return 0 if database_text_findings(text) else 1
