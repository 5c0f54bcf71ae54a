"""Legal basis (hjemmel) for every exchange of information on a case: the exchange check as a service.

An exchange names a recipient (a party type from the profile, a contact, a colleague's laptop, or a plain name)
and the information categories passed on. It is accepted only on

* a consent (Bilag 6) that is in force that day, covers the case, names the recipient (or its authority or party
  type) and covers every category, or
* a statutory basis that reaches that recipient and that person's age (Retsplejelovens § 115 between SSP
  partners, § 115 a to relatives of a person of 18 or more, Retssikkerhedsloven § 11a/§ 11c, Integrationsloven
  § 50), with the necessity test ticked and the basis' conditions confirmed. § 114 sets up the cooperation and is
  never a basis for an exchange.

The rules themselves are pure functions in `sspdesk.domain.disclosure` (with the seed line each comes from); this
module loads what they need from the vault (profile, consents, the person's age), stores the exchange and writes
the audit entry. A refusal is an `Invalid` naming every failing part, in Danish.

    party_types(vault), info_categories(vault)                       # from the active profile
    resolve_recipient(vault, text) -> Recipient
    person_age(vault, case_ref, on) -> int | None
    basis_options(vault, case_ref, recipient, categories, on) -> list[BasisOption]
    check_exchange(vault, request) -> LegalBasis                      # raises Invalid; stores nothing
    record_exchange(vault, request) -> Exchange                       # check + store + audit
    list_exchanges(vault, case_ref) -> list[Exchange]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sspdesk import cpr as cprlib
from sspdesk.cases import active_profile
from sspdesk.consents import consents_for_rules, resolve_case
from sspdesk.domain.cases import Case
from sspdesk.domain.consent import Consent
from sspdesk.domain.dates import date_text
from sspdesk.domain.disclosure import (
    CONSENT_PREFIX,
    NECESSITY,
    SENSITIVE_TICK,
    STATUTORY,
    Condition,
    InfoCategory,
    PartyType,
    Recipient,
    StatutoryBasis,
    consent_refusals,
    find_statutory,
    offered_statutory,
    party_of,
    statutory_refusals,
)
from sspdesk.domain.errors import Invalid
from sspdesk.store import consents_repo as repo
from sspdesk.store.vault import Vault

__all__ = [
    "CONSENT_PREFIX",
    "STATUTORY_BASES",
    "BasisOption",
    "Exchange",
    "ExchangeRequest",
    "LegalBasis",
    "basis_label",
    "basis_options",
    "check_categories",
    "check_exchange",
    "info_categories",
    "legal_basis_for",
    "list_exchanges",
    "party_types",
    "person_age",
    "record_exchange",
    "resolve_recipient",
]

# "consent:" is accepted as an English spelling of the prefix (CLI); what is stored is always "samtykke:<id>".
_CONSENT_PREFIXES = (CONSENT_PREFIX, "consent:")
# The statutory bases an exchange can rest on (§ 114 sets up the cooperation and is left out), for pickers.
STATUTORY_BASES = tuple(b.label for b in STATUTORY if b.exchange_basis)
DIRECTIONS = ("sent", "received")
_ASK = "Angiv hjemmel for udvekslingen: et gyldigt samtykke eller en lovbestemmelse, fx Retsplejelovens § 115."


@dataclass(frozen=True)
class ExchangeRequest:
    case_ref: str  # case id or number
    recipient: Recipient
    categories: tuple[str, ...]  # keys of the profile's info categories; at least one
    basis: str  # "samtykke:<consent id or SAM-reference>" (also "consent:…") or a statutory label
    on: date
    what: str = ""  # optional free-text note of what was passed on
    necessity: tuple[str, ...] = ()  # keys of disclosure.NECESSITY (+ SENSITIVE_TICK) – required for statutory bases
    conditions: tuple[str, ...] = ()  # keys of the statutory basis' conditions that the user confirms
    direction: str = "sent"  # "sent" | "received"
    bundle_id: str = ""


@dataclass(frozen=True)
class LegalBasis:
    basis: str  # as stored on an exchange: "samtykke:<consent id>" or a statutory label
    label: str  # Danish, for display
    consent: Consent | None = None


@dataclass(frozen=True)
class Exchange:
    """One stored exchange. `recipient` is the recipient's name (or, without one, its authority or party label)."""

    id: str
    case_id: str
    exchanged_on: date
    what: str
    recipient: str
    basis: str
    consent_id: str
    recorded_by: str
    created_at: str
    recipient_authority: str = ""
    recipient_party: str = ""
    categories: tuple[str, ...] = ()
    necessity: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()
    direction: str = "sent"
    bundle_id: str = ""

    @property
    def on_consent(self) -> bool:
        return bool(self.consent_id)

    @property
    def recipient_record(self) -> Recipient:
        return Recipient(self.recipient, self.recipient_authority, self.recipient_party)


@dataclass(frozen=True)
class BasisOption:
    """One choice the GUI/CLI can offer for an exchange."""

    basis: str  # value for ExchangeRequest.basis
    label: str  # Danish, e.g. "Samtykke SAM-2026-0007 (gyldigt til 31.05.2027)"
    consent: Consent | None
    statutory: StatutoryBasis | None
    refusals: tuple[str, ...]  # empty = this basis covers the exchange as asked (necessity aside)
    conditions: tuple[Condition, ...]  # statutory conditions the user must confirm


# -- the profile's lists and the recipient --------------------------------------------------------------------


def party_types(vault: Vault) -> tuple[PartyType, ...]:
    return active_profile(vault).parties()


def info_categories(vault: Vault) -> tuple[InfoCategory, ...]:
    return active_profile(vault).categories()


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def resolve_recipient(vault: Vault, text: str) -> Recipient:
    """A party type (key or label), else a person in the contacts register, else a colleague in the peers list
    (with their authority and party type), else a plain name."""
    wanted = " ".join((text or "").split())
    if not wanted:
        raise Invalid("Skriv hvem oplysningerne er udvekslet med.", "recipient")
    for party in party_types(vault):
        if _fold(wanted) in (party.key.casefold(), _fold(party.label)):
            return Recipient(party_type=party.key)
    for row in (repo.contact_recipient(vault.conn, wanted), repo.peer_recipient(vault.conn, wanted)):
        if row is not None:
            return Recipient(row["name"], row["authority"], row["party_type"])
    return Recipient(name=wanted)


def _recipient_name(recipient: Recipient, parties: Sequence[PartyType]) -> str:
    """What the `recipient` column holds: the name, else the authority, else the party's label."""
    party = party_of(parties, recipient)
    return recipient.name or recipient.authority or (party.label if party else recipient.party_type)


def recipient_text(vault: Vault, exchange: Exchange) -> str:
    """The recipient for display: name, authority and party type, each once."""
    return exchange.recipient_record.text(party_types(vault))


# -- the person's age -----------------------------------------------------------------------------------------


def _age(case: Case, on: date) -> int | None:
    if case.kind != "sag" or not (case.birth_date or case.cpr):
        return None
    birth = date.fromisoformat(case.birth_date) if case.birth_date else cprlib.birth_date(case.cpr)
    return cprlib.age_on_birth(birth, on) if on >= birth else None


def person_age(vault: Vault, case_ref: str, on: date) -> int | None:
    """The person's age on `on` – None for a DKE-Journal (no CPR number)."""
    return _age(resolve_case(vault, case_ref), on)


# -- the check ------------------------------------------------------------------------------------------------


def _consent_label(consent: Consent) -> str:
    return f"Samtykke {consent.reference} (gyldigt til {date_text(consent.valid_until)})"


def _consent_basis(consent: Consent) -> LegalBasis:
    return LegalBasis(f"{CONSENT_PREFIX}{consent.id}", _consent_label(consent), consent)


def legal_basis_for(vault: Vault, case_ref: str, on: date) -> LegalBasis | None:
    """The signed consent in force on `on` that covers the case (the one lasting longest), else None.

    This says nothing of the recipient or the categories – use `basis_options` / `check_exchange` for an exchange.
    """
    in_force = [c for c in consents_for_rules(vault, case_ref) if c.in_force(on)]
    if not in_force:
        return None
    return _consent_basis(max(in_force, key=lambda c: (c.valid_until, c.consent_date, c.reference)))


def basis_label(vault: Vault, basis: str) -> str:
    """A stored basis for display: the consent's reference instead of its id."""
    if basis.startswith(CONSENT_PREFIX):
        row = repo.get_consent(vault.conn, basis[len(CONSENT_PREFIX) :])
        return f"Samtykke {row['reference']}" if row else "Samtykke (slettet)"
    return basis


def _consent_ref(basis: str) -> str | None:
    folded = basis.casefold()
    prefix = next((p for p in _CONSENT_PREFIXES if folded.startswith(p)), None)
    return basis[len(prefix) :].strip() if prefix else None


def check_categories(vault: Vault, categories: Sequence[str]) -> None:
    """Invalid unless there is at least one category and every key is one of the profile's (they are listed)."""
    _check_categories(categories, info_categories(vault))


def _check_categories(categories: Sequence[str], known: Sequence[InfoCategory]) -> None:
    allowed = ", ".join(f"{c.key} ({c.label})" for c in known)
    if not categories:
        raise Invalid(f"Vælg mindst én kategori af oplysninger: {allowed}.", "categories")
    unknown = [key for key in categories if key not in {c.key for c in known}]
    if unknown:
        raise Invalid(f"Ukendt kategori: {', '.join(unknown)}. Brug en af: {allowed}.", "categories")


def _check_recipient(recipient: Recipient, parties: Sequence[PartyType]) -> None:
    if not (recipient.name.strip() or recipient.authority.strip() or recipient.party_type):
        raise Invalid("Skriv hvem oplysningerne er udvekslet med.", "recipient")
    if recipient.party_type and party_of(parties, recipient) is None:
        allowed = ", ".join(f"{p.key} ({p.label})" for p in parties)
        raise Invalid(f"Ukendt modtagertype: {recipient.party_type}. Brug en af: {allowed}.", "recipient")


def _case_consent(vault: Vault, case: Case, ref: str) -> Consent:
    """The consent named by id or reference, read without a view entry in the log (nothing is displayed)."""
    consent = next((c for c in consents_for_rules(vault, case.id) if ref in (c.id, c.reference)), None)
    if consent is not None:
        return consent
    if repo.find_consent_id(vault.conn, ref):
        raise Invalid(f"Samtykke {ref} dækker ikke sag {case.number}. {_ASK}", "basis")
    raise Invalid(f"Samtykkeerklæringen {ref or '(tom)'} findes ikke. {_ASK}", "basis")


def _check_consent(vault: Vault, case: Case, ref: str, request: ExchangeRequest) -> LegalBasis:
    consent = _case_consent(vault, case, ref)
    reasons = consent_refusals(
        consent, case.id, request.recipient, request.categories, request.on, info_categories(vault)
    )
    if reasons:
        raise Invalid(f"Samtykke {consent.reference} er ikke hjemmel for udvekslingen: {'; '.join(reasons)}.", "basis")
    return _consent_basis(consent)


def _check_statutory(vault: Vault, case: Case, request: ExchangeRequest, parties: Sequence[PartyType]) -> LegalBasis:
    basis = find_statutory(request.basis)
    if basis is None:
        raise Invalid(
            f"Ukendt hjemmel: {request.basis.strip()}. Brug et gyldigt samtykke (samtykke:SAM-…) eller en af: "
            f"{'; '.join(STATUTORY_BASES)}.",
            "basis",
        )
    ticks = (*NECESSITY, SENSITIVE_TICK)
    unknown = [key for key in request.necessity if key not in ticks]
    if unknown:
        raise Invalid(f"Ukendt afkrydsning: {', '.join(unknown)}. Brug: {', '.join(ticks)}.", "necessity")
    keys = [c.key for c in basis.conditions]
    unknown = [key for key in request.conditions if key not in keys]
    if unknown:
        known = ", ".join(keys) or "ingen betingelser"
        raise Invalid(f"{basis.label} har ikke betingelsen {', '.join(unknown)} (kendte: {known}).", "conditions")
    age, party = _age(case, request.on), party_of(parties, request.recipient)
    reasons = statutory_refusals(
        basis, age, party, request.categories, info_categories(vault), request.necessity, request.conditions
    )
    if reasons:
        offered = basis in offered_statutory(age, party)
        field = "basis" if not offered else "necessity" if reasons[0].startswith("nødvendighed") else "conditions"
        raise Invalid(f"{basis.label} er ikke hjemmel for udvekslingen: {'; '.join(reasons)}.", field)
    return LegalBasis(basis.label, basis.label)


def check_exchange(vault: Vault, request: ExchangeRequest, *, today: date | None = None) -> LegalBasis:
    """The basis the exchange rests on; raises Invalid naming every failing part. Stores nothing.

    A received exchange (direction "received") is checked only for form: the sender's laptop checked the basis.
    """
    case = resolve_case(vault, request.case_ref)
    parties = party_types(vault)
    if request.direction not in DIRECTIONS:
        raise Invalid(f"Ukendt retning: {request.direction} (sent eller received).", "direction")
    _check_recipient(request.recipient, parties)
    if request.on > (today or date.today()):
        raise Invalid(f"Datoen for udvekslingen ({date_text(request.on)}) ligger i fremtiden.", "on")
    if request.direction == "received":
        stored = request.basis.strip()
        ref = _consent_ref(stored)
        return LegalBasis(stored, f"Samtykke {ref}" if ref else stored)
    _check_categories(request.categories, info_categories(vault))
    if not request.basis.strip():
        raise Invalid(_ASK, "basis")
    given = request.basis.strip()
    ref = _consent_ref(given)
    if ref is None and find_statutory(given) is None and repo.find_consent_id(vault.conn, given):
        ref = given  # a bare SAM-reference or consent id
    if ref is not None:
        return _check_consent(vault, case, ref, request)
    return _check_statutory(vault, case, request, parties)


def basis_options(
    vault: Vault, case_ref: str, recipient: Recipient, categories: Sequence[str], on: date
) -> list[BasisOption]:
    """Every consent covering the case (with why it does not cover this exchange, if it does not), then the
    statutory bases that can apply to this recipient and this person's age. § 114 is never offered."""
    case = resolve_case(vault, case_ref)
    parties, known = party_types(vault), info_categories(vault)
    consents = sorted(consents_for_rules(vault, case.id), key=lambda c: (c.valid_until, c.reference), reverse=True)
    options = []
    for consent in consents:
        reasons = consent_refusals(consent, case.id, recipient, categories, on, known)
        basis = f"{CONSENT_PREFIX}{consent.id}"
        options.append(BasisOption(basis, _consent_label(consent), consent, None, tuple(reasons), ()))
    options.sort(key=lambda o: bool(o.refusals))  # the consents that cover the exchange first
    for statutory in offered_statutory(_age(case, on), party_of(parties, recipient)):
        options.append(BasisOption(statutory.label, statutory.label, None, statutory, (), statutory.conditions))
    return options


# -- storing and reading --------------------------------------------------------------------------------------


def record_exchange(vault: Vault, request: ExchangeRequest, *, today: date | None = None) -> Exchange:
    """Check the exchange (see `check_exchange`), store it and write the audit entry."""
    found = check_exchange(vault, request, today=today)
    case = resolve_case(vault, request.case_ref)
    recipient = request.recipient
    values = {
        "case_id": case.id,
        "exchanged_on": request.on.isoformat(),
        "what": " ".join(request.what.split()),
        "recipient": _recipient_name(recipient, party_types(vault)).strip(),
        "recipient_authority": recipient.authority.strip(),
        "recipient_party": recipient.party_type,
        "basis": found.basis,
        "consent_id": found.consent.id if found.consent else "",
        "categories": list(dict.fromkeys(request.categories)),
        "necessity": list(dict.fromkeys(request.necessity)),
        "conditions": list(dict.fromkeys(request.conditions)),
        "direction": request.direction,
        "bundle_id": request.bundle_id,
        "recorded_by": vault.user,
    }
    action = "exchange.receive" if request.direction == "received" else "exchange.record"
    with vault.transaction() as conn:
        exchange_id = repo.insert_exchange(conn, vault.device_id, values)
        vault.log(
            action,
            record_kind=case.kind,
            record_id=case.id,
            subject_ref=case.number,
            detail=found.consent.reference if found.consent else found.basis,
        )
    return next(e for e in list_exchanges(vault, case.id) if e.id == exchange_id)


def _exchange(row: dict[str, Any]) -> Exchange:
    lists = {key: tuple(row[key]) for key in ("categories", "necessity", "conditions")}
    return Exchange(**{**row, **lists, "exchanged_on": date.fromisoformat(row["exchanged_on"])})


def list_exchanges(vault: Vault, case_ref: str) -> list[Exchange]:
    """The exchanges recorded on a case, oldest first."""
    case = resolve_case(vault, case_ref)
    return [_exchange(row) for row in repo.list_exchanges(vault.conn, case.id)]
