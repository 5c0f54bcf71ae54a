"""The consent declaration (samtykkeerklæring, Bilag 6) as plain records, and the rules that need no vault:
its state on a day, the case badge, who must sign, which scan files are accepted.

Imports nothing of ours but the domain's errors; the services are in `sspdesk.consents`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from sspdesk.domain.errors import Invalid

GIVER_ROLES = {"custody_holder": "forældremyndighedsindehaver", "young_person": "den unge"}
CONTACT_ROLES = {
    "caseworker": "Sagsbehandler(e)",
    "primary": "Primær kontaktperson",
    "secondary": "Sekundære kontaktpersoner",
}
# What may be exchanged (the information categories) and who may receive it (the party types) come from the
# classification profile (`Profile.categories()`, `Profile.parties()`); a consent stores their keys.
WITHDRAWAL_METHODS = ("mundtligt", "skriftligt", "telefonisk", "e-mail/Digital Post", "andet")
STATUS_LABELS = {
    "valid": "Gyldigt samtykke",
    "expiring": "Samtykket udløber snart",
    "unsigned": "Samtykket er ikke underskrevet",
    "withdrawn": "Samtykket er tilbagekaldt",
    "expired": "Samtykket er udløbet",
    "missing": "Intet samtykke",
    "not_yet_valid": "Samtykket gælder endnu ikke",
}
EXPIRING_DAYS = 30  # a consent ending within this many days shows as "expiring"
LEGAL_AGE = 18  # from 18 the young person gives consent alone
MAX_SCAN_BYTES = 20 * 1024 * 1024
_MAGIC = ((b"%PDF-", "application/pdf"), (b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"))


@dataclass(frozen=True)
class ConsentContact:
    """A person who may obtain and pass on information: Navn og myndighed/tilhørsforhold, Kontaktoplysninger."""

    role: str  # caseworker | primary | secondary
    name: str
    authority: str = ""
    contact: str = ""
    party_type: str = ""  # a key of the profile's party types (skole, politi, …); '' on consents from before


@dataclass(frozen=True)
class ConsentInput:
    """What the consent form holds; `case_refs` are ids or numbers of the sager it covers."""

    case_refs: tuple[str, ...]
    consent_date: date
    giver_name: str
    giver_cpr: str
    giver_role: str  # custody_holder | young_person
    person_name: str
    person_cpr: str
    contacts: tuple[ConsentContact, ...] = ()
    exchange_text: str = ""
    categories: tuple[str, ...] = ()
    valid_from: date | None = None  # default: consent_date
    valid_until: date | None = None  # default: valid_from + setting consent_validity_months
    # Joint custody: the second custody holder, who signs too ('' = one custody holder).
    giver2_name: str = ""
    giver2_cpr: str = ""


def age_on(birth: date, day: date) -> int:
    """Whole years on `day` (born 29 Feb: a year older on 1 Mar in non-leap years)."""
    return day.year - birth.year - (0 if (day.month, day.day) >= (birth.month, birth.day) else 1)


def format_cpr(digits: str) -> str:
    return f"{digits[:6]}-{digits[6:]}" if len(digits) == 10 else digits


@dataclass(frozen=True)
class Consent:
    id: str
    reference: str  # SAM-2026-0007
    case_ids: tuple[str, ...]
    case_numbers: tuple[str, ...]
    consent_date: date
    giver_name: str
    giver_cpr: str
    giver_role: str
    person_name: str
    person_cpr: str
    person_birth: date
    cosign_required: bool  # the young person must sign too (15+ on consent_date, custody holder gives consent)
    contacts: tuple[ConsentContact, ...]
    exchange_text: str
    categories: tuple[str, ...]
    valid_from: date
    valid_until: date  # inclusive
    signed_on: date | None = None
    young_person_signed: bool = False
    no_scan_reason: str = ""
    withdrawn_on: date | None = None
    withdrawal_how: str = ""
    withdrawal_note: str = ""
    created_by: str = ""
    scan_count: int = 0
    giver2_name: str = ""  # the second custody holder (joint custody); '' = none
    giver2_cpr: str = ""
    giver2_signed: bool = False

    @property
    def has_giver2(self) -> bool:
        return bool(self.giver2_name or self.giver2_cpr)

    @property
    def is_signed(self) -> bool:
        return self.signed_on is not None

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_on is not None

    @property
    def read_only(self) -> bool:
        """Signed or withdrawn: what it says can no longer change."""
        return self.is_signed or self.is_withdrawn

    @property
    def person_age(self) -> int:
        """The young person's age on the consent date."""
        return age_on(self.person_birth, self.consent_date)

    def contacts_in(self, role: str) -> tuple[ConsentContact, ...]:
        return tuple(c for c in self.contacts if c.role == role)

    def state(self, on: date) -> str:
        """withdrawn | unsigned | not_yet_valid | expired | expiring | valid, as on day `on`."""
        if self.withdrawn_on is not None and self.withdrawn_on <= on:
            return "withdrawn"
        if self.signed_on is None or self.signed_on > on:
            return "unsigned"
        if on < self.valid_from:
            return "not_yet_valid"
        if on > self.valid_until:
            return "expired"
        if self.valid_until - on <= timedelta(days=EXPIRING_DAYS):
            return "expiring"
        return "valid"

    def in_force(self, on: date) -> bool:
        """Signed, not withdrawn, and `on` inside the validity period: a legal basis for exchanges."""
        return self.state(on) in ("valid", "expiring")

    def to_json(self, on: date) -> dict[str, Any]:
        data = {
            key: value.isoformat() if isinstance(value, date) else list(value) if isinstance(value, tuple) else value
            for key, value in asdict(self).items()
        }
        data.update(
            giver_cpr=format_cpr(self.giver_cpr),
            giver2_cpr=format_cpr(self.giver2_cpr),
            person_cpr=format_cpr(self.person_cpr),
            case_number=self.case_numbers[0] if self.case_numbers else None,
            status=self.state(on),
        )
        return data


def summarize_status(consents: list[Consent], on: date) -> str:
    """The case badge: valid > expiring > unsigned > the latest of withdrawn/expired > missing.

    A consent that only starts later (not_yet_valid) does not cover `on`, so alone it gives "missing".
    """
    states = [(c, c.state(on)) for c in consents]
    for wanted in ("valid", "expiring", "unsigned"):
        if any(state == wanted for _, state in states):
            return wanted
    ended = [(c.consent_date, c.reference, state) for c, state in states if state in ("withdrawn", "expired")]
    return max(ended)[2] if ended else "missing"


def cosign_required(giver_role: str, person_birth: date, consent_date: date, from_age: int) -> bool:
    """Bilag 6: "Den unge skal også give samtykke med underskrift, hvis den unge er fyldt 15 år" – when a
    custody holder consents for a young person aged `from_age` or more on the consent date."""
    return giver_role == "custody_holder" and age_on(person_birth, consent_date) >= from_age


def labels_of(keys: Sequence[str], known: Mapping[str, str]) -> list[str]:
    """Display labels for stored keys (categories, party types); a key the current profile does not know shows as
    itself, so a consent made under another profile stays readable."""
    return [known.get(key, key) for key in keys]


@dataclass(frozen=True)
class ScanInfo:
    id: str
    consent_id: str
    mime: str
    size: int
    sha256: str
    added_by: str
    added_at: str


@dataclass(frozen=True)
class Scan:
    info: ScanInfo
    data: bytes = field(repr=False)


def scan_type(data: bytes) -> str:
    """The MIME type of a scan from its first bytes (PDF, PNG, JPEG); anything else, or too big, is refused."""
    if not data:
        raise Invalid("Filen er tom.", "scan")
    if len(data) > MAX_SCAN_BYTES:
        raise Invalid(f"Filen er for stor (højst {MAX_SCAN_BYTES // (1024 * 1024)} MB).", "scan")
    for magic, mime in _MAGIC:
        if data.startswith(magic):
            return mime
    raise Invalid("Filen er ikke en PDF, PNG eller JPEG. Scan den underskrevne erklæring i et af de formater.", "scan")
