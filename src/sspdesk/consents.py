"""Consent declarations (samtykkeerklæring, Bilag 6): the record, the 15+ co-signature, signing with the scanned
paper, withdrawal, and the status a case shows. Shared by the GUI and the CLI.

Rules enforced here:
* Under 18 the consent is given by a forældremyndighedsindehaver; from 18 the young person gives it alone.
* From the profile's `age_rules.cosign_consent_from_age` (15) on the consent date, the young person must also
  sign: `mark_signed()` is refused without that signature.
* What was signed is fixed: a signed consent cannot be edited (make a new one). A withdrawn consent stays,
  read-only, as the record of what was allowed until when.
* Signing needs the scanned paper, or a reason why there is none.
* What the consent covers is data (Bilag 6, "De områder og personer …"): each party has a party type and the
  information categories are keys – both from the active profile (`Profile.parties()`, `Profile.categories()`);
  an unknown key is refused, a party without a type too (consents from before keep '' and stay readable).
* Joint custody: a second custody holder may be named (only when a custody holder gives consent); then signing
  is refused without that holder's signature too.

Related services: `sspdesk.legal_basis` (hjemmel for each exchange of information) and
`sspdesk.information_duty` (oplysningspligt, the Bilag 1–2 letter).
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from sspdesk import cpr as cprlib
from sspdesk.cases import active_profile
from sspdesk.consent_scope import check_categories, check_contacts, check_giver2, cpr_of
from sspdesk.domain.cases import Case
from sspdesk.domain.consent import (
    CONTACT_ROLES,
    GIVER_ROLES,
    LEGAL_AGE,
    STATUS_LABELS,
    WITHDRAWAL_METHODS,
    Consent,
    ConsentContact,
    ConsentInput,
    Scan,
    ScanInfo,
    cosign_required,
    scan_type,
    summarize_status,
)
from sspdesk.domain.errors import Invalid, NotFound
from sspdesk.store import cases_repo
from sspdesk.store import consents_repo as repo
from sspdesk.store.dbapi import Connection
from sspdesk.store.vault import Vault
from sspdesk.workdays import add_months

__all__ = [  # the domain records are re-exported so callers need one import
    "CONTACT_ROLES",
    "GIVER_ROLES",
    "STATUS_LABELS",
    "WITHDRAWAL_METHODS",
    "Consent",
    "ConsentContact",
    "ConsentInput",
    "Scan",
    "ScanInfo",
    "attach_scan",
    "blank_consent_pdf",
    "consent_pdf",
    "consent_status",
    "create_consent",
    "delete_consent",
    "get_consent",
    "get_scan",
    "list_consents",
    "list_scans",
    "mark_signed",
    "new_consent_input",
    "summarize_status",
    "update_consent",
    "withdraw_consent",
]

# Settings this feature reads, with their defaults (vault.setting() answers None for a key never set).
DEFAULT_COSIGN_AGE = 15
SSP_PARTY = "ssp"  # the party type a new consent gives the case's coordinator (when the profile has it)


# -- reading ----------------------------------------------------------------------------------------------


def _day(iso: str) -> date | None:
    return date.fromisoformat(iso) if iso else None


def _consent(conn: Connection, row: dict[str, Any], scan_count: int) -> Consent:
    cases = [cases_repo.get_case(conn, case_id) for case_id in row["case_ids"]]
    dates: dict[str, Any] = {
        key: _day(row[key]) for key in ("consent_date", "valid_from", "valid_until", "signed_on", "withdrawn_on")
    }
    plain: dict[str, Any] = {
        key: row[key]
        for key in (
            "id",
            "reference",
            "giver_name",
            "giver_cpr",
            "giver_role",
            "person_name",
            "person_cpr",
            "exchange_text",
            "no_scan_reason",
            "withdrawal_how",
            "withdrawal_note",
            "created_by",
        )
    }
    return Consent(
        **plain,
        **dates,
        case_ids=tuple(row["case_ids"]),
        case_numbers=tuple(c.number if c else "" for c in cases),
        person_birth=cprlib.birth_date(row["person_cpr"]),
        cosign_required=bool(row["cosign_required"]),
        contacts=tuple(ConsentContact(**c) for c in row["contacts"]),
        categories=tuple(row["categories"]),
        young_person_signed=bool(row["young_person_signed"]),
        scan_count=scan_count,
        giver2_name=row["giver2_name"],
        giver2_cpr=row["giver2_cpr"],
        giver2_signed=bool(row["giver2_signed"]),
    )


def _row(conn: Connection, consent_id: str) -> dict[str, Any]:
    row = repo.get_consent(conn, consent_id)
    if row is None:
        raise NotFound.record("Samtykkeerklæringen", consent_id)
    return row


def _load(vault: Vault, consent_id: str) -> Consent:
    conn = vault.conn
    row = repo.get_consent(conn, consent_id)
    if row is None:
        raise NotFound.record("Samtykkeerklæringen", consent_id)
    return _consent(conn, row, repo.scan_counts(conn, [consent_id]).get(consent_id, 0))


def _resolve(vault: Vault, ref: str) -> str:
    consent_id = repo.find_consent_id(vault.conn, (ref or "").strip())
    if consent_id is None:
        raise NotFound.record("Samtykkeerklæringen", ref)
    return consent_id


def resolve_case(vault: Vault, case_ref: str) -> Case:
    case_id = cases_repo.find_case_id(vault.conn, (case_ref or "").strip())
    case = cases_repo.get_case(vault.conn, case_id) if case_id else None
    if case is None:
        raise NotFound.record("Sagen", case_ref)
    return case


def get_consent(vault: Vault, ref: str) -> Consent:
    """One consent by id or reference (SAM-2026-0007). Viewing its personal data is logged."""
    consent = _load(vault, _resolve(vault, ref))
    with vault.transaction():
        vault.log("consent.view", record_kind="consent", record_id=consent.id, subject_ref=consent.reference)
    return consent


def list_consents(vault: Vault, case_ref: str | None = None) -> list[Consent]:
    """All consents, or those covering one case; newest consent date first. The read is logged."""
    conn = vault.conn
    case = resolve_case(vault, case_ref) if case_ref else None
    ids = repo.consent_ids(conn, case.id if case else None)
    counts = repo.scan_counts(conn, ids)
    consents = [_consent(conn, _row(conn, i), counts.get(i, 0)) for i in ids]
    if consents:
        with vault.transaction():
            vault.log(
                "consent.list",
                record_kind="consent",
                subject_ref=case.number if case else "",
                detail=f"{len(consents)} samtykker",
            )
    return consents


def consent_status(vault: Vault, case_ref: str, on: date | None = None) -> str:
    """valid | missing | withdrawn | expiring | expired | unsigned for a case on `on` (default today).

    No personal data is returned, so this is not logged: the case list may call it for every row.
    """
    return summarize_status(consents_for_rules(vault, case_ref), on or date.today())


def consents_for_rules(vault: Vault, case_ref: str) -> list[Consent]:
    """The consents covering a case, for rule checks (status, legal basis). Not logged: never display these."""
    case = resolve_case(vault, case_ref)
    conn = vault.conn
    return [_consent(conn, _row(conn, i), 0) for i in repo.consent_ids(conn, case.id)]


# -- creating and editing ---------------------------------------------------------------------------------


def cosign_age(vault: Vault) -> int:
    from_age = active_profile(vault).age_rules.cosign_consent_from_age
    return DEFAULT_COSIGN_AGE if from_age is None else from_age


def _cases(vault: Vault, refs: tuple[str, ...], person_cpr: str) -> list[str]:
    ids: list[str] = []
    for ref in refs:
        try:
            case = resolve_case(vault, ref)
        except NotFound as exc:
            raise Invalid(exc.message, "case_refs") from exc
        if case.kind != "sag":
            raise Invalid(
                f"{case.number} er en DKE-Journal uden personoplysninger; et samtykke hører til en DKE-Sag.",
                "case_refs",
            )
        if case.cpr != person_cpr:
            raise Invalid(f"Sag {case.number} vedrører en anden person (CPR-nr. passer ikke).", "case_refs")
        if case.id not in ids:
            ids.append(case.id)
    if not ids:
        raise Invalid("Vælg mindst én sag, som samtykket dækker.", "case_refs")
    return ids


def _validated(vault: Vault, data: ConsentInput) -> dict[str, Any]:
    if data.giver_role not in GIVER_ROLES:
        raise Invalid("Vælg om samtykkegiver er den unge eller forældremyndighedsindehaver.", "giver_role")
    giver_name, person_name = data.giver_name.strip(), data.person_name.strip()
    if not giver_name:
        raise Invalid("Skriv navn på samtykkegiver.", "giver_name")
    if not person_name:
        raise Invalid("Skriv navn på den person, samtykket vedrører.", "person_name")
    giver_cpr = cpr_of(data.giver_cpr, "giver_cpr", "Samtykkegiver")
    person_cpr = cpr_of(data.person_cpr, "person_cpr", "Person")
    birth = cprlib.birth_date(person_cpr)
    if birth > data.consent_date:
        raise Invalid("Datoen ligger før personens fødselsdato.", "consent_date")
    age = cprlib.age_on_birth(birth, data.consent_date)
    if data.giver_role == "young_person":
        if age < LEGAL_AGE:
            raise Invalid(
                f"Den unge er {age} år (under 18): samtykke gives af forældremyndighedsindehaver.", "giver_role"
            )
        if giver_cpr != person_cpr:
            raise Invalid("Når den unge selv giver samtykke, skal samtykkegivers CPR-nr. være den unges.", "giver_cpr")
    else:
        if age >= LEGAL_AGE:
            raise Invalid(
                f"Den unge er {age} år og giver selv samtykke (ingen forældremyndighed efter 18).", "giver_role"
            )
        if giver_cpr == person_cpr:
            raise Invalid("Forældremyndighedsindehavers CPR-nr. kan ikke være den unges.", "giver_cpr")
    profile = active_profile(vault)
    categories = check_categories(data.categories, profile.categories())
    exchange_text = data.exchange_text.strip()
    if not exchange_text and not categories:
        raise Invalid("Skriv hvad der må udveksles, eller vælg mindst ét område.", "exchange_text")
    valid_from = data.valid_from or data.consent_date
    if valid_from < data.consent_date:
        raise Invalid("Samtykket kan ikke gælde fra før erklæringens dato.", "valid_from")
    valid_until = data.valid_until or add_months(valid_from, int(vault.setting("consent_validity_months")))
    if valid_until < valid_from:
        raise Invalid("Samtykket skal gælde til en dato efter startdatoen.", "valid_until")
    return {
        "case_ids": _cases(vault, data.case_refs, person_cpr),
        "consent_date": data.consent_date.isoformat(),
        "giver_name": giver_name,
        "giver_cpr": giver_cpr,
        "giver_role": data.giver_role,
        "person_name": person_name,
        "person_cpr": person_cpr,
        "contacts": check_contacts(data.contacts, profile.parties()),
        "exchange_text": exchange_text,
        "categories": categories,
        "valid_from": valid_from.isoformat(),
        "valid_until": valid_until.isoformat(),
        "cosign_required": int(cosign_required(data.giver_role, birth, data.consent_date, cosign_age(vault))),
        **check_giver2(data, giver_cpr, person_cpr),
    }


def new_consent_input(vault: Vault, case_ref: str, *, today: date | None = None) -> ConsentInput:
    """A form prefilled from a sag: the person, the case, its coordinator as primary contact, default validity."""
    case = resolve_case(vault, case_ref)
    if case.kind != "sag":
        raise Invalid(f"{case.number} er en DKE-Journal; et samtykke hører til en DKE-Sag.", "case_refs")
    day = today or date.today()
    age = cprlib.age_on(case.cpr, day)
    role = "young_person" if age >= LEGAL_AGE else "custody_holder"
    own = role == "young_person"
    contacts: tuple[ConsentContact, ...] = ()
    if case.coordinator:
        authority = f"{vault.setting('user_role') or 'Koordinator'}, {vault.setting('municipality_unit')}"
        # The coordinator is the SSP consultant, when the profile has that party type.
        ssp = next((p.key for p in active_profile(vault).parties() if p.key == SSP_PARTY), "")
        contacts = (ConsentContact("primary", case.coordinator, authority.strip(", "), party_type=ssp),)
    return ConsentInput(
        case_refs=(case.id,),
        consent_date=day,
        giver_role=role,
        giver_name=case.person_name if own else "",
        giver_cpr=case.cpr if own else "",
        person_name=case.person_name,
        person_cpr=case.cpr,
        contacts=contacts,
    )


def create_consent(vault: Vault, data: ConsentInput) -> Consent:
    values = _validated(vault, data)
    with vault.transaction() as conn:
        values["reference"] = repo.allocate_reference(conn, data.consent_date.year)
        consent_id = repo.insert_consent(conn, vault.device_id, {**values, "created_by": vault.user})
        vault.log("consent.create", record_kind="consent", record_id=consent_id, subject_ref=values["reference"])
    return _load(vault, consent_id)


def _editable(vault: Vault, ref: str) -> Consent:
    consent = _load(vault, _resolve(vault, ref))
    if consent.withdrawn_on is not None:
        raise Invalid("Samtykket er tilbagekaldt og kan ikke ændres.")
    if consent.is_signed:
        raise Invalid("Samtykket er underskrevet og kan ikke ændres; opret en ny samtykkeerklæring.")
    return consent


def update_consent(vault: Vault, ref: str, data: ConsentInput) -> Consent:
    """Change a consent that is not signed yet (the reference stays)."""
    consent = _editable(vault, ref)
    values = _validated(vault, data)
    with vault.transaction() as conn:
        repo.update_consent(conn, vault.device_id, consent.id, values)
        vault.log("consent.edit", record_kind="consent", record_id=consent.id, subject_ref=consent.reference)
    return _load(vault, consent.id)


def delete_consent(vault: Vault, ref: str) -> None:
    """Delete an unsigned draft. A signed consent is never deleted: withdraw it instead."""
    consent = _editable(vault, ref)
    with vault.transaction() as conn:
        repo.delete_consent(conn, vault.device_id, consent.id)
        vault.log("consent.delete", record_kind="consent", record_id=consent.id, subject_ref=consent.reference)


# -- signing, the scanned paper, withdrawal ---------------------------------------------------------------


def _add_scan(vault: Vault, conn: Connection, consent: Consent, data: bytes) -> str:
    mime = scan_type(data)
    digest = hashlib.sha256(data).hexdigest()
    if any(s["sha256"] == digest for s in repo.list_scans(conn, consent.id)):
        raise Invalid("Denne fil er allerede vedhæftet samtykket.", "scan")
    scan_id = repo.insert_scan(conn, vault.device_id, consent.id, mime, data, digest, vault.user)
    vault.log(
        "consent.scan_add",
        record_kind="consent",
        record_id=consent.id,
        subject_ref=consent.reference,
        detail=f"{mime}, {len(data)} bytes",
    )
    return scan_id


def mark_signed(
    vault: Vault,
    consent_id: str,
    young_person_signed: bool,
    scan: bytes | None,
    no_scan_reason: str = "",
    *,
    giver2_signed: bool = False,
    signed_on: date | None = None,
    today: date | None = None,
) -> Consent:
    """Register the signed paper. Refused when the young person (15+) or a named second custody holder has not
    signed, and without a scan or a reason for having none."""
    consent = _editable(vault, consent_id)
    day, signed = today or date.today(), signed_on or today or date.today()
    if signed > day:
        raise Invalid("Underskriftsdatoen ligger i fremtiden.", "signed_on")
    if signed < consent.consent_date:
        raise Invalid("Underskriftsdatoen ligger før erklæringens dato.", "signed_on")
    if consent.cosign_required and not young_person_signed:
        raise Invalid(
            f"Den unge var {consent.person_age} år på erklæringens dato og skal også selv give "
            "samtykke med underskrift.",
            "young_person_signed",
        )
    if consent.has_giver2 and not giver2_signed:
        raise Invalid(
            f"Der er fælles forældremyndighed: {consent.giver2_name} skal også skrive under, før samtykket "
            "kan registreres som underskrevet.",
            "giver2_signed",
        )
    reason = no_scan_reason.strip()
    if not scan and not reason:
        raise Invalid("Vedhæft den underskrevne erklæring (scanning), eller skriv hvorfor den ikke vedhæftes.", "scan")
    with vault.transaction() as conn:
        if scan:
            _add_scan(vault, conn, consent, scan)
        repo.update_consent(
            conn,
            vault.device_id,
            consent.id,
            {
                "signed_on": signed.isoformat(),
                "young_person_signed": int(young_person_signed),
                "giver2_signed": int(consent.has_giver2 and giver2_signed),
                "no_scan_reason": "" if scan else reason,
            },
        )
        vault.log("consent.sign", record_kind="consent", record_id=consent.id, subject_ref=consent.reference)
    return _load(vault, consent.id)


def attach_scan(vault: Vault, ref: str, data: bytes) -> ScanInfo:
    """Attach (another) scan of the signed paper; kept encrypted inside the vault."""
    consent = _load(vault, _resolve(vault, ref))
    if consent.withdrawn_on is not None:
        raise Invalid("Samtykket er tilbagekaldt og kan ikke ændres.")
    with vault.transaction() as conn:
        scan_id = _add_scan(vault, conn, consent, data)
        if consent.no_scan_reason:
            repo.update_consent(conn, vault.device_id, consent.id, {"no_scan_reason": ""})
    return next(s for s in list_scans(vault, consent.id) if s.id == scan_id)


def list_scans(vault: Vault, ref: str) -> list[ScanInfo]:
    return [ScanInfo(**row) for row in repo.list_scans(vault.conn, _resolve(vault, ref))]


def get_scan(vault: Vault, scan_id: str) -> Scan:
    """The scan's bytes, for viewing; the view is logged."""
    row = repo.get_scan(vault.conn, scan_id)
    if row is None:
        raise NotFound.record("Samtykkeerklæringen", scan_id)
    data = row.pop("data")
    with vault.transaction():
        vault.log("consent.scan_view", record_kind="consent", record_id=row["consent_id"], detail=scan_id)
    return Scan(ScanInfo(**row), data)


def withdraw_consent(
    vault: Vault, ref: str, on: date, how: str, note: str = "", *, today: date | None = None
) -> Consent:
    """Register that the consent was withdrawn on `on` and how it was received. It stays, read-only."""
    consent = _load(vault, _resolve(vault, ref))
    if consent.withdrawn_on is not None:
        raise Invalid("Samtykket er allerede tilbagekaldt.")
    if how not in WITHDRAWAL_METHODS:
        raise Invalid(f"Vælg hvordan tilbagekaldelsen er modtaget: {', '.join(WITHDRAWAL_METHODS)}.", "withdrawal_how")
    if on > (today or date.today()):
        raise Invalid("Datoen for tilbagekaldelsen ligger i fremtiden.", "withdrawn_on")
    if on < consent.consent_date:
        raise Invalid("Datoen for tilbagekaldelsen ligger før erklæringens dato.", "withdrawn_on")
    with vault.transaction() as conn:
        repo.update_consent(
            conn,
            vault.device_id,
            consent.id,
            {"withdrawn_on": on.isoformat(), "withdrawal_how": how, "withdrawal_note": note.strip()},
        )
        vault.log(
            "consent.withdraw", record_kind="consent", record_id=consent.id, subject_ref=consent.reference, detail=how
        )
    return _load(vault, consent.id)


# -- printing ---------------------------------------------------------------------------------------------


def letterhead(vault: Vault) -> dict[str, str]:
    """The municipality's details for forms and letters (settings; an empty one prints as a line to fill in)."""
    return {
        "municipality": vault.setting("municipality") or "",
        "unit": vault.setting("municipality_unit"),
        "address": vault.setting("municipality_address"),
        "phone": vault.setting("municipality_phone"),
        "email": vault.setting("municipality_email"),
        "dpo_contact": vault.setting("dpo_contact"),
    }


def legal_notes(vault: Vault) -> str:
    """The notes under the signatures: today's law (default) or the seed's Persondataloven wording."""
    from sspdesk.preferences import load_template

    seed = vault.setting("consent_legal_template") == "seed"
    return load_template("consent_legal_seed.txt" if seed else "consent_legal_gdpr.txt")


def consent_pdf(vault: Vault, ref: str, *, today: date | None = None) -> bytes:
    """The consent form (Bilag 6) filled in from the record, as PDF bytes. Printing is logged."""
    from sspdesk.pdf.consent_pdfs import consent_form_pdf
    from sspdesk.preferences import municipality_logo

    consent = _load(vault, _resolve(vault, ref))
    profile = active_profile(vault)
    data = consent_form_pdf(
        consent,
        legal_notes(vault),
        letterhead(vault),
        today or date.today(),
        logo=municipality_logo(vault),
        parties=profile.parties(),
        categories=profile.categories(),
    )
    with vault.transaction():
        vault.log("pdf.consent", record_kind="consent", record_id=consent.id, subject_ref=consent.reference)
    return data


def blank_consent_pdf(vault: Vault) -> bytes:
    """An empty consent form to fill in by hand, with both signature blocks."""
    from sspdesk.pdf.consent_pdfs import consent_form_pdf
    from sspdesk.preferences import municipality_logo

    profile = active_profile(vault)
    data = consent_form_pdf(
        None,
        legal_notes(vault),
        letterhead(vault),
        date.today(),
        logo=municipality_logo(vault),
        parties=profile.parties(),
        categories=profile.categories(),
    )
    with vault.transaction():
        vault.log("pdf.consent_blank", record_kind="consent")
    return data
