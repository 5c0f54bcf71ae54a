"""Legal basis (hjemmel) for every exchange of information on a case.

Information is exchanged on a signed consent that is in force on the day and covers the case, or on a statutory
basis – Retsplejelovens § 115 in the SSP/PSP/KSP cooperation, or one of the provisions in Bilag 6's note – and
never for criminal investigation. An exchange without a basis is refused. Each exchange is stored as a synced
record (what, to whom, when, on which basis) and written to the audit log.

The API other features call (bundles, the fagsystem export):

    legal_basis_for(vault, case_ref, on) -> LegalBasis | None    # the consent in force that day, else None
    record_exchange(vault, case_ref, what, recipient, basis, on) -> Exchange
        basis: "samtykke:<consent id or reference>" or one of STATUTORY_BASES; raises Invalid (field "basis")
    list_exchanges(vault, case_ref) -> list[Exchange]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sspdesk.consents import consents_for_rules, get_consent, resolve_case
from sspdesk.domain.cases import Case
from sspdesk.domain.consent import STATUS_LABELS, Consent
from sspdesk.domain.dates import date_text
from sspdesk.domain.errors import Invalid, NotFound
from sspdesk.store import consents_repo as repo
from sspdesk.store.vault import Vault

CONSENT_PREFIX = "samtykke:"
# Processing without consent (Bilag 6's note; seed 000 ch. 5, seed 003). Retsplejelovens § 115 first: it is the
# basis of the SSP cooperation itself.
STATUTORY_BASES = (
    "Retsplejelovens § 115",
    "Retsplejelovens § 115 a",
    "Retsplejelovens § 114",
    "Retssikkerhedslovens § 11a, stk. 2",
    "Retssikkerhedslovens § 11c",
    "Integrationslovens § 50, stk. 2",
)
_ASK = "Angiv hjemmel for udvekslingen: et gyldigt samtykke eller en lovbestemmelse, fx Retsplejelovens § 115."


@dataclass(frozen=True)
class LegalBasis:
    basis: str  # as stored on an exchange: "samtykke:<consent id>" or a statutory basis
    label: str  # Danish, for display
    consent: Consent | None = None


@dataclass(frozen=True)
class Exchange:
    id: str
    case_id: str
    exchanged_on: date
    what: str
    recipient: str
    basis: str
    consent_id: str
    recorded_by: str
    created_at: str

    @property
    def on_consent(self) -> bool:
        return bool(self.consent_id)


def _consent_basis(consent: Consent) -> LegalBasis:
    label = f"Samtykke {consent.reference} (gyldigt til {date_text(consent.valid_until)})"
    return LegalBasis(f"{CONSENT_PREFIX}{consent.id}", label, consent)


def legal_basis_for(vault: Vault, case_ref: str, on: date) -> LegalBasis | None:
    """The signed consent in force on `on` that covers the case (the one lasting longest), else None.

    None means an exchange needs a statutory basis (see STATUTORY_BASES) – or must not happen.
    """
    in_force = [c for c in consents_for_rules(vault, case_ref) if c.in_force(on)]
    if not in_force:
        return None
    return _consent_basis(max(in_force, key=lambda c: (c.valid_until, c.consent_date, c.reference)))


def _statutory(basis: str) -> str | None:
    squeeze = re.compile(r"[\s.]+")
    wanted = squeeze.sub("", basis).casefold()
    return next((b for b in STATUTORY_BASES if squeeze.sub("", b).casefold() == wanted), None)


def _check_basis(vault: Vault, case: Case, basis: str, on: date) -> tuple[str, Consent | None]:
    basis = basis.strip()
    if not basis:
        raise Invalid(_ASK, "basis")
    if basis.casefold().startswith(CONSENT_PREFIX):
        ref = basis[len(CONSENT_PREFIX) :].strip()
        try:
            consent = get_consent(vault, ref)
        except NotFound as exc:
            raise Invalid(f"{exc.message}. {_ASK}", "basis") from exc
        if case.id not in consent.case_ids:
            raise Invalid(f"Samtykke {consent.reference} dækker ikke sag {case.number}. {_ASK}", "basis")
        if not consent.in_force(on):
            state = STATUS_LABELS[consent.state(on)].lower()
            raise Invalid(f"Samtykke {consent.reference} er ikke hjemmel den {date_text(on)}: {state}. {_ASK}", "basis")
        return _consent_basis(consent).basis, consent
    statutory = _statutory(basis)
    if statutory is None:
        raise Invalid(
            f"Ukendt hjemmel: {basis}. Brug et gyldigt samtykke eller en af: {'; '.join(STATUTORY_BASES)}.", "basis"
        )
    return statutory, None


def basis_label(vault: Vault, basis: str) -> str:
    """A stored basis for display: the consent's reference instead of its id."""
    if basis.startswith(CONSENT_PREFIX):
        row = repo.get_consent(vault.conn, basis[len(CONSENT_PREFIX) :])
        return f"Samtykke {row['reference']}" if row else "Samtykke (slettet)"
    return basis


def record_exchange(
    vault: Vault, case_ref: str, what: str, recipient: str, basis: str, on: date, *, today: date | None = None
) -> Exchange:
    """Record that `what` was passed to `recipient` on `on`, with its legal basis. Refused without one."""
    case = resolve_case(vault, case_ref)
    what, recipient = what.strip(), recipient.strip()
    if not what:
        raise Invalid("Skriv hvilke oplysninger der er udvekslet.", "what")
    if not recipient:
        raise Invalid("Skriv hvem oplysningerne er udvekslet med.", "recipient")
    if on > (today or date.today()):
        raise Invalid("Datoen for udvekslingen ligger i fremtiden.", "on")
    stored, consent = _check_basis(vault, case, basis, on)
    values = {
        "case_id": case.id,
        "exchanged_on": on.isoformat(),
        "what": what,
        "recipient": recipient,
        "basis": stored,
        "consent_id": consent.id if consent else "",
        "recorded_by": vault.user,
    }
    with vault.transaction() as conn:
        exchange_id = repo.insert_exchange(conn, vault.device_id, values)
        vault.log(
            "exchange.record",
            record_kind=case.kind,
            record_id=case.id,
            subject_ref=case.number,
            detail=consent.reference if consent else stored,
        )
    return next(e for e in list_exchanges(vault, case.id) if e.id == exchange_id)


def list_exchanges(vault: Vault, case_ref: str) -> list[Exchange]:
    """The exchanges recorded on a case, oldest first."""
    case = resolve_case(vault, case_ref)
    rows = repo.list_exchanges(vault.conn, case.id)
    return [Exchange(**{**row, "exchanged_on": date.fromisoformat(row["exchanged_on"])}) for row in rows]
