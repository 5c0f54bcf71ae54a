"""What a consent covers (Bilag 6: "De områder og personer, undertegnede giver samtykke til, må indhente og
videregive oplysninger til hinanden"), as data: the parties with their party type, the information categories, and
a second custody holder who signs too. The checks the consent service runs on the form, and the lines the CLI, the
PDF and the GUI show – labels come from the active profile, a key it does not know shows as itself.
"""

from __future__ import annotations

from typing import Any

from sspdesk import cpr as cprlib
from sspdesk.domain.consent import CONTACT_ROLES, Consent, ConsentContact, ConsentInput
from sspdesk.domain.disclosure import InfoCategory, PartyType
from sspdesk.domain.errors import Invalid

SENSITIVE_TEXT = "følsom"  # GDPR art. 9/10, shown beside a category
_ONE_OF_ROLE = {"caseworker": "sagsbehandler", "primary": "primær kontaktperson", "secondary": "sekundær kontaktperson"}


def cpr_of(text: str, field_name: str, who: str) -> str:
    try:
        return cprlib.normalize_cpr(text)
    except Invalid as exc:
        raise Invalid(f"{who}: {exc.message}", field_name) from exc


def check_contacts(contacts: tuple[ConsentContact, ...], parties: tuple[PartyType, ...]) -> list[dict[str, str]]:
    known = {party.key for party in parties}
    clean = []
    for contact in contacts:
        if contact.role not in CONTACT_ROLES:
            raise Invalid(f"Ukendt rolle for kontaktperson: {contact.role}", "contacts")
        role = _ONE_OF_ROLE[contact.role]
        name = contact.name.strip()
        if not name:
            raise Invalid(f"Skriv navn på {role}.", "contacts")
        if not contact.party_type:
            choices = ", ".join(party.label for party in parties[:4])
            raise Invalid(f"Vælg typen af part for {name} ({role}), fx {choices}.", "contacts")
        if contact.party_type not in known:
            raise Invalid(f"Ukendt parttype for {name}: {contact.party_type}", "contacts")
        clean.append(
            {
                "role": contact.role,
                "name": name,
                "authority": contact.authority.strip(),
                "contact": contact.contact.strip(),
                "party_type": contact.party_type,
            }
        )
    if not clean:
        raise Invalid("Skriv mindst én person, der må indhente og videregive oplysninger.", "contacts")
    if sum(c["role"] == "primary" for c in clean) > 1:
        raise Invalid("Der kan kun være én primær kontaktperson.", "contacts")
    return clean


def check_categories(keys: tuple[str, ...], categories: tuple[InfoCategory, ...]) -> list[str]:
    """The chosen keys in the profile's order; a key the profile does not know is refused."""
    known = [category.key for category in categories]
    unknown = [key for key in keys if key not in known]
    if unknown:
        raise Invalid(f"Ukendt område: {unknown[0]} (findes ikke i klassifikationsmodellen).", "categories")
    return [key for key in known if key in keys]


def check_giver2(data: ConsentInput, giver_cpr: str, person_cpr: str) -> dict[str, str]:
    """The second custody holder (joint custody): both name and CPR-nr., a third person."""
    name = data.giver2_name.strip()
    if not name and not data.giver2_cpr.strip():
        return {"giver2_name": "", "giver2_cpr": ""}
    if data.giver_role != "custody_holder":
        raise Invalid(
            "En anden forældremyndighedsindehaver kan kun angives, når en forældremyndighedsindehaver giver samtykke.",
            "giver2_name",
        )
    if not name:
        raise Invalid("Skriv navn på den anden forældremyndighedsindehaver.", "giver2_name")
    cpr = cpr_of(data.giver2_cpr, "giver2_cpr", "Anden forældremyndighedsindehaver")
    if cpr == giver_cpr:
        raise Invalid("Den anden forældremyndighedsindehaver har samme CPR-nr. som samtykkegiver.", "giver2_cpr")
    if cpr == person_cpr:
        raise Invalid("Den anden forældremyndighedsindehavers CPR-nr. kan ikke være den unges.", "giver2_cpr")
    return {"giver2_name": name, "giver2_cpr": cpr}


def party_lines(consent: Consent, parties: tuple[PartyType, ...]) -> list[dict[str, Any]]:
    """The parties of a consent for display and JSON: role, name, authority, party type (key and label), contact."""
    labels = {party.key: party.label for party in parties}
    return [
        {
            "role": c.role,
            "role_label": CONTACT_ROLES.get(c.role, c.role),
            "name": c.name,
            "authority": c.authority,
            "party_type": c.party_type,
            "party_label": labels.get(c.party_type, c.party_type),
            "contact": c.contact,
        }
        for c in consent.contacts
    ]


def category_lines(keys: tuple[str, ...], categories: tuple[InfoCategory, ...]) -> list[dict[str, Any]]:
    """The categories of a consent for display and JSON: key, label, sensitive (a key the profile does not know
    shows as itself, not sensitive as far as we can tell)."""
    known = {category.key: category for category in categories}
    return [
        {
            "key": key,
            "label": known[key].label if key in known else key,
            "sensitive": known[key].sensitive if key in known else False,
        }
        for key in keys
    ]


def party_text(line: dict[str, Any]) -> str:
    """ "Kasper Prøvesen, Nordskolen (Skole) · 40 00 00 02"."""
    who = ", ".join(part for part in (line["name"], line["authority"]) if part)
    kind = f" ({line['party_label']})" if line["party_label"] else " (type ikke angivet)"
    return who + kind + (f" · {line['contact']}" if line["contact"] else "")


def category_text(line: dict[str, Any]) -> str:
    return str(line["label"]) + (f" ({SENSITIVE_TEXT})" if line["sensitive"] else "")
