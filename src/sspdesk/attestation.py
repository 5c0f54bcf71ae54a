"""The DKE leader's attestation of a DKE-Sag (godkendelse og fortsættelsespåtegnelse) and the exchanges beyond it.

Seed 000 l.194–196: "På baggrund af sagsoplægget indhentes godkendelse og fortsættelsespåtegnelse fra lederen i DKE.
Godkendelsen gælder indsamling af yderligere oplysninger, samt informationsudveksling med andre myndigheder.
Fortsættelsespåtegnelsen sætter rammer for under hvilke forudsætninger sagen igangsættes."

The attestation is kept in the case's Sagsforløb (the `flow` section, so it has a history, travels in bundles and is
erased with the case): who gave it and when, the recipient types and information categories it covers, until when,
and its other conditions in words. An exchange that goes beyond it – another recipient type, another category, a day
outside the period – is not refused (the legal basis is checked by `sspdesk.legal_basis`); the user is warned.

    record_attestation(vault, ref, Attestation) -> Attestation
    attestation_of(vault, ref) -> Attestation | None
    beyond_attestation(vault, ref, recipient, categories, on) -> list[str]     # Danish warnings, [] = within
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sspdesk.cases import active_profile, get_case, save_section
from sspdesk.domain.dates import date_text, parse_date
from sspdesk.domain.disclosure import Recipient
from sspdesk.domain.errors import Invalid
from sspdesk.store import cases_repo
from sspdesk.store.vault import Vault

# The flow fields the attestation is kept in (sspdesk.domain.forms.FLOW_FIELDS).
BY, ON, RECIPIENTS, CATEGORIES, UNTIL, CONDITIONS = (
    "paategning_af",
    "paategning_dato",
    "paategning_modtagere",
    "paategning_kategorier",
    "paategning_gyldig_til",
    "paategning_vilkaar",
)


@dataclass(frozen=True)
class Attestation:
    """The leader's påtegnelse; empty `recipients`/`categories`/`valid_until` set no limit of that kind."""

    given_by: str
    given_on: date | None = None
    recipients: tuple[str, ...] = ()  # keys of the profile's party types
    categories: tuple[str, ...] = ()  # keys of the profile's information categories
    valid_until: date | None = None
    conditions: str = ""

    @property
    def limits(self) -> bool:
        return bool(self.recipients or self.categories or self.valid_until)


def _keys(text: str | Sequence[str], known: dict[str, str], what: str, field: str) -> tuple[str, ...]:
    """Keys from keys or labels (any case), comma-separated text or a list; refuses an unknown one."""
    parts = text.split(",") if isinstance(text, str) else list(text)
    by_fold = {k.casefold(): k for k in known} | {label.casefold(): k for k, label in known.items()}
    keys = []
    for part in (" ".join(p.split()) for p in parts):
        if not part:
            continue
        key = by_fold.get(part.casefold())
        if key is None:
            choices = ", ".join(f"{k} ({label})" for k, label in known.items())
            raise Invalid(f"Ukendt {what} «{part}». Vælg blandt: {choices}.", field)
        keys.append(key)
    return tuple(dict.fromkeys(keys))


def _labels(vault: Vault) -> tuple[dict[str, str], dict[str, str]]:
    profile = active_profile(vault)
    return {p.key: p.label for p in profile.parties()}, {c.key: c.label for c in profile.categories()}


def _day(text: str) -> date | None:
    try:
        return parse_date(text or "")
    except ValueError:
        return None


def attestation_of(vault: Vault, ref: str) -> Attestation | None:
    """The attestation written in the case's Sagsforløb, or None when no leader has given one."""
    case_id = cases_repo.find_case_id(vault.conn, (ref or "").strip())
    if case_id is None:
        return None
    entry = cases_repo.current_sections(vault.conn, case_id).get("flow")
    fields = entry.fields if entry else {}
    if not any(fields.get(key) for key in (BY, ON, RECIPIENTS, CATEGORIES, UNTIL, CONDITIONS)):
        return None
    parties, categories = _labels(vault)
    try:
        recipients = _keys(fields.get(RECIPIENTS, ""), parties, "modtagertype", RECIPIENTS)
        kinds = _keys(fields.get(CATEGORIES, ""), categories, "kategori", CATEGORIES)
    except Invalid:  # typed by hand in the editor: an unknown word sets no limit rather than hiding the rest
        recipients, kinds = (), ()
    return Attestation(
        fields.get(BY, ""),
        _day(fields.get(ON, "")),
        recipients,
        kinds,
        _day(fields.get(UNTIL, "")),
        fields.get(CONDITIONS, ""),
    )


def record_attestation(vault: Vault, ref: str, attestation: Attestation) -> Attestation:
    """Write the attestation into the case's Sagsforløb (a new version; the rest of the section is kept).

    Only a DKE-Sag has an attestation (a DKE-Journal has no case flow, Bilag 5). Recipient types and categories are
    given by key or label; refused with Invalid (nothing saved) when unknown or when the period ends before it
    starts."""
    detail = get_case(vault, ref)
    if detail.kind != "sag":
        raise Invalid(
            "Kun en DKE-Sag har godkendelse og fortsættelsespåtegnelse (en DKE-Journal har intet sagsforløb)."
        )
    if not attestation.given_by.strip():
        raise Invalid("Skriv, hvem der gav påtegnelsen (lederen i DKE).", "given_by")
    if attestation.given_on and attestation.valid_until and attestation.valid_until < attestation.given_on:
        raise Invalid("Påtegnelsen kan ikke gælde til en dag før den blev givet.", "valid_until")
    parties, categories = _labels(vault)
    recipients = _keys(attestation.recipients, parties, "modtagertype", "recipients")
    kinds = _keys(attestation.categories, categories, "kategori", "categories")
    fields = dict(detail.section_fields("flow"))
    fields.update(
        {
            BY: attestation.given_by.strip(),
            ON: attestation.given_on.isoformat() if attestation.given_on else "",
            RECIPIENTS: ", ".join(parties[k] for k in recipients),
            CATEGORIES: ", ".join(categories[k] for k in kinds),
            UNTIL: attestation.valid_until.isoformat() if attestation.valid_until else "",
            CONDITIONS: " ".join(attestation.conditions.split()),
        }
    )
    save_section(vault, detail.id, "flow", fields)
    found = attestation_of(vault, detail.id)
    assert found is not None  # just written
    return found


def beyond_attestation(
    vault: Vault, ref: str, recipient: Recipient, categories: Sequence[str], on: date | None
) -> list[str]:
    """What an exchange does beyond the case's attestation, as Danish warnings ([] within it, or without one)."""
    found = attestation_of(vault, ref)
    if found is None or not found.limits:
        return []
    parties, labels = _labels(vault)
    who = f"påtegnelsen ({found.given_by})" if found.given_by else "påtegnelsen"
    warnings = []
    if found.recipients and recipient.party_type not in found.recipients:
        allowed = ", ".join(parties.get(k, k) for k in found.recipients)
        kind = parties.get(recipient.party_type, "") or "uden modtagertype"
        warnings.append(f"Modtageren ({kind}) er ikke blandt dem, {who} gælder: {allowed}.")
    outside = [labels.get(k, k) for k in categories if found.categories and k not in found.categories]
    if outside:
        warnings.append(f"{', '.join(outside)} er ikke blandt de oplysninger, {who} gælder.")
    if on is not None and found.valid_until and on > found.valid_until:
        warnings.append(f"{who[0].upper()}{who[1:]} gjaldt til {date_text(found.valid_until)}.")
    if on is not None and found.given_on and on < found.given_on:
        warnings.append(f"{who[0].upper()}{who[1:]} blev først givet {date_text(found.given_on)}.")
    return warnings
