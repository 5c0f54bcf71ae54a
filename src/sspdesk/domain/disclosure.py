"""Which legal basis covers an exchange of information: the rules as data, with the seed line each comes from.

An exchange names a recipient (a person, an authority, a party type) and the information categories passed on.
It is lawful on one of two kinds of basis:

* a **consent** (Bilag 6) that is in force that day, covers the case, names the recipient (or its authority or
  party type) and covers every category – `consent_refusals()` says which of these fails;
* a **statutory basis** that applies to that recipient and that person's age, with the necessity test ticked
  (København, seed 001: nødvendig, relevant, det mindst mulige; sharpened for sensitive information) and the
  basis' own conditions confirmed – `statutory_refusals()`.

Pure functions over plain records: the profile supplies party types and categories (`sspdesk.profiles`), the
services in `sspdesk.legal_basis` load consents and ages and store the exchange.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sspdesk.domain.consent import STATUS_LABELS, Consent
from sspdesk.domain.dates import date_text

CONSENT_PREFIX = "samtykke:"


@dataclass(frozen=True)
class PartyType:
    """A kind of recipient from the profile (skole, familieafdeling, politi, …) and what the law says of it."""

    key: str
    label: str
    ssp_partner: bool = False  # part of the SSP cooperation (Rpl. § 114–115): § 115 may apply
    relative: bool = False  # parents or others with close relations (§ 115 a)
    social_authority: bool = False  # the municipality's social authority (Retssikkerhedsloven § 11a/§ 11c)
    integration_authority: bool = False  # the municipality under the integration act (Integrationsloven § 50)


@dataclass(frozen=True)
class InfoCategory:
    """A kind of information that may be exchanged; sensitive = GDPR art. 9 (health, …) or art. 10 (crime)."""

    key: str
    label: str
    sensitive: bool = False


@dataclass(frozen=True)
class Recipient:
    """Who receives: at least one of name, authority, party type (a profile key)."""

    name: str = ""
    authority: str = ""
    party_type: str = ""

    def text(self, parties: Iterable[PartyType] = ()) -> str:
        label = next((p.label for p in parties if p.key == self.party_type), self.party_type)
        parts: list[str] = []
        for part in (self.name, self.authority, label):
            # An exchange row without a name stores the authority or the party's label as its name: show it once.
            if part.strip() and part.strip().casefold() not in {p.casefold() for p in parts}:
                parts.append(part.strip())
        return ", ".join(parts)


# The necessity test recorded on every statutory exchange (seed 001, "Retsplejelovens § 115": the exchange is
# part of the SSP cooperation, reasonable and relevant, and necessary for its task – sharpened for sensitive
# information). Keys are stored on the exchange.
NECESSITY = {
    "necessary": "Udvekslingen er nødvendig af hensyn til det kriminalitetsforebyggende samarbejde",
    "relevant": "Oplysningerne er relevante (rimelige og saglige) for sagen",
    "least": "Der udveksles ikke mere end nødvendigt (det mindst mulige)",
}
SENSITIVE_TICK = "sensitive"
SENSITIVE_TEXT = "Skærpet vurdering: de følsomme oplysninger er nødvendige for at løse opgaven"


@dataclass(frozen=True)
class Condition:
    key: str
    text: str  # what the user confirms, in Danish


@dataclass(frozen=True)
class StatutoryBasis:
    label: str  # as stored on the exchange and typed in the CLI
    summary: str  # when it applies, in Danish
    seed: str  # where the rule comes from
    exchange_basis: bool = True  # § 114 sets up the cooperation and is never a basis for an exchange
    min_age: int | None = None  # the person's age on the day of the exchange
    recipient_flag: str = ""  # the PartyType flag the recipient must have
    conditions: tuple[Condition, ...] = ()


NOT_INVESTIGATION = Condition(
    "not_investigation", "Oplysningerne videregives ikke med henblik på efterforskning af straffesager"
)
STATUTORY = (
    StatutoryBasis(
        "Retsplejelovens § 115",
        "Mellem parterne i SSP-samarbejdet, når det er nødvendigt af hensyn til det kriminalitetsforebyggende "
        "samarbejde.",
        "000 Bilag 3, § 115 stk. 1–3; 001 »Retsplejelovens § 115: Udveksling af personoplysninger«",
        recipient_flag="ssp_partner",
        conditions=(NOT_INVESTIGATION,),
    ),
    StatutoryBasis(
        "Retsplejelovens § 115 a",
        "Politiet til forældre eller andre med lignende tætte relationer til en person, der er fyldt 18 år.",
        "000 Bilag 3, § 115 a",
        min_age=18,
        recipient_flag="relative",
        conditions=(
            Condition(
                "police_prevention",
                "Politiet videregiver som led i en kriminalitetsforebyggende indsats over for personen",
            ),
        ),
    ),
    StatutoryBasis(
        "Retsplejelovens § 114",
        "Etablerer det kriminalitetsforebyggende samarbejde; den er ikke hjemmel for en udveksling.",
        "000 Bilag 3, § 114",
        exchange_basis=False,
    ),
    StatutoryBasis(
        "Retssikkerhedslovens § 11a, stk. 2",
        "Kommunens sociale myndighed indhenter oplysninger uden samtykke til behandling af sagen.",
        "000 Bilag 6, note: »medmindre oplysninger kan indhentes uden samtykke, jf. … Retssikkerhedslovens "
        "§ 11a, stk. 2«",
        recipient_flag="social_authority",
        conditions=(Condition("obtained_for_case", "Oplysningerne indhentes af kommunen til behandling af sagen"),),
    ),
    StatutoryBasis(
        "Retssikkerhedslovens § 11c",
        "Kommunens sociale myndighed indhenter oplysninger uden samtykke til behandling af sagen.",
        "000 Bilag 6, note: »… eller § 11c«",
        recipient_flag="social_authority",
        conditions=(Condition("obtained_for_case", "Oplysningerne indhentes af kommunen til behandling af sagen"),),
    ),
    StatutoryBasis(
        "Integrationslovens § 50, stk. 2",
        "Kommunen indhenter oplysninger uden samtykke om en person, der er omfattet af integrationsloven.",
        "000 Bilag 6, note: »… eller Integrationslovens § 50, stk. 2«",
        recipient_flag="integration_authority",
        conditions=(
            Condition("obtained_for_case", "Oplysningerne indhentes af kommunen til behandling af sagen"),
            Condition("integration_act", "Personen er omfattet af integrationsloven"),
        ),
    ),
)


# Short names of the acts as they are written in practice (seed 000 writes "Rpl." and "Rsl."), squeezed.
_ACT_NAMES = (
    ("retsplejeloven", "retsplejelovens"),
    ("rpl", "retsplejelovens"),
    ("retssikkerhedsloven", "retssikkerhedslovens"),
    ("rsl", "retssikkerhedslovens"),
    ("integrationsloven", "integrationslovens"),
    ("inl", "integrationslovens"),
)


def find_statutory(text: str) -> StatutoryBasis | None:
    """The statutory basis a user typed: spaces, dots and case are ignored, the short names "Rpl.", "Rsl." and
    "Inl." (and the act's name without the genitive s) are accepted, and ", stk. 2" may be left out."""

    def squeeze(value: str) -> str:
        return "".join(ch for ch in value if not ch.isspace() and ch != ".").casefold()

    wanted = squeeze(text)
    for short, full in _ACT_NAMES:
        if wanted.startswith(short + "§"):
            wanted = full + wanted[len(short) :]
            break
    for basis in STATUTORY:
        label = squeeze(basis.label)
        if wanted in (label, label.split(",")[0]):
            return basis
    return None


def _party(parties: Iterable[PartyType], key: str) -> PartyType | None:
    return next((party for party in parties if party.key == key), None)


def _same(a: str, b: str) -> bool:
    return bool(a.strip()) and " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def consent_names(consent: Consent, recipient: Recipient) -> bool:
    """Does the consent name the recipient: by name, by authority, or by party type?"""
    for contact in consent.contacts:
        if _same(recipient.name, contact.name) or _same(recipient.authority, contact.authority):
            return True
        if recipient.party_type and recipient.party_type == contact.party_type:
            return True
    return False


def consent_refusals(
    consent: Consent,
    case_id: str,
    recipient: Recipient,
    categories: Sequence[str],
    on: date,
    all_categories: Sequence[InfoCategory] = (),
) -> list[str]:
    """Why the consent is no basis for this exchange – empty when it is. In the order of the issue: in force that
    day, covers the case, names the recipient, covers every category."""
    reasons = []
    if not consent.in_force(on):
        reasons.append(f"er ikke i kraft den {date_text(on)} ({STATUS_LABELS[consent.state(on)].lower()})")
    if case_id not in consent.case_ids:
        reasons.append("dækker ikke sagen")
    if not consent_names(consent, recipient):
        reasons.append(f"nævner ikke modtageren ({recipient.text() or 'ukendt'})")
    missing = [key for key in categories if key not in consent.categories]
    if missing:
        labels = {c.key: c.label for c in all_categories}
        reasons.append("dækker ikke " + ", ".join(labels.get(key, key) for key in missing))
    return reasons


def offered_statutory(age: int | None, party: PartyType | None) -> list[StatutoryBasis]:
    """The statutory bases that can apply to this recipient and this age (for the GUI's choice and the CLI help)."""
    return [basis for basis in STATUTORY if not _basis_refusals(basis, age, party)]


def not_offered(age: int | None, party: PartyType | None) -> list[tuple[StatutoryBasis, list[str]]]:
    """The statutory bases that cannot apply to this recipient and this age, each with why (§ 114 always)."""
    return [(basis, reasons) for basis in STATUTORY if (reasons := _basis_refusals(basis, age, party))]


def _basis_refusals(basis: StatutoryBasis, age: int | None, party: PartyType | None) -> list[str]:
    if not basis.exchange_basis:
        return [f"{basis.label} etablerer samarbejdet og er ikke hjemmel for en udveksling"]
    reasons = []
    if basis.min_age is not None and (age is None or age < basis.min_age):
        shown = "ukendt alder" if age is None else f"{age} år"
        reasons.append(f"{basis.label} gælder kun personer, der er fyldt {basis.min_age} år (personen er {shown})")
    if basis.recipient_flag and not (party and getattr(party, basis.recipient_flag)):
        who = party.label if party else "modtageren (ingen modtagertype)"
        reasons.append(f"{basis.label} dækker ikke {who}: {basis.summary}")
    return reasons


def statutory_refusals(
    basis: StatutoryBasis,
    age: int | None,
    party: PartyType | None,
    categories: Sequence[str],
    all_categories: Sequence[InfoCategory],
    necessity: Iterable[str],
    conditions: Iterable[str],
) -> list[str]:
    """Why the statutory basis does not cover this exchange – empty when it does."""
    reasons = _basis_refusals(basis, age, party)
    if reasons:
        return reasons
    ticked = set(necessity)
    missing = [text for key, text in NECESSITY.items() if key not in ticked]
    sensitive = [c.label for c in all_categories if c.sensitive and c.key in categories]
    if sensitive and SENSITIVE_TICK not in ticked:
        missing.append(f"{SENSITIVE_TEXT} ({', '.join(sensitive)})")
    if missing:
        reasons.append("nødvendighedsvurderingen mangler: " + "; ".join(missing))
    confirmed = set(conditions)
    reasons += [f"betingelsen er ikke bekræftet: {c.text}" for c in basis.conditions if c.key not in confirmed]
    return reasons


def party_of(parties: Iterable[PartyType], recipient: Recipient) -> PartyType | None:
    return _party(parties, recipient.party_type)
