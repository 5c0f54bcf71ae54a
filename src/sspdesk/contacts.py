"""The contacts register: professionals (name, role, organisation, phone, e-mail) – never the young people.

Every change is validated here (Danish messages in `Invalid`, naming the field) and audit-logged by
reference only (`contact.add|edit|delete` with the record's id, never the name). Deleting leaves a tombstone, so
the deletion reaches the other laptops; meetings keep the participant's name and role as they were written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

from sspdesk.domain.errors import Invalid
from sspdesk.store import contacts_repo
from sspdesk.store.vault import Vault

FIELDS = ("name", "role", "organisation", "phone", "email")
MAX_LENGTHS = {"name": 120, "role": 120, "organisation": 160, "phone": 30, "email": 254}
FIELD_LABELS = {"name": "Navn", "role": "Rolle", "organisation": "Organisation", "phone": "Telefon", "email": "E-mail"}
_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")
_PHONE = re.compile(r"\+?[0-9 ]+")


@dataclass(frozen=True)
class Contact:
    id: str
    name: str
    role: str = ""
    organisation: str = ""
    phone: str = ""
    email: str = ""

    def values(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "id"}


def validated(values: dict[str, str]) -> dict[str, str]:
    """The five fields trimmed and checked; Invalid on the first problem."""
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown contact fields: {sorted(unknown)}")
    clean = {key: str(values.get(key) or "").strip() for key in FIELDS}
    if not clean["name"]:
        raise Invalid("Skriv kontaktpersonens navn.", "name")
    for key in FIELDS:
        if len(clean[key]) > MAX_LENGTHS[key]:
            raise Invalid(f"{FIELD_LABELS[key]} må højst være {MAX_LENGTHS[key]} tegn.", key)
        if "\n" in clean[key] or "\r" in clean[key]:
            raise Invalid(f"{FIELD_LABELS[key]} skal stå på én linje.", key)
    if clean["phone"] and not _PHONE.fullmatch(clean["phone"]):
        raise Invalid("Telefonnummeret må kun indeholde cifre, mellemrum og + forrest (fx +45 40 00 00 01).", "phone")
    if clean["email"] and not _EMAIL.fullmatch(clean["email"]):
        raise Invalid("E-mailadressen ser ikke rigtig ud (fx navn@kommune.dk).", "email")
    return clean


def add_contact(
    vault: Vault, name: str, role: str = "", organisation: str = "", phone: str = "", email: str = ""
) -> Contact:
    values = validated({"name": name, "role": role, "organisation": organisation, "phone": phone, "email": email})
    with vault.transaction() as conn:
        contact_id = contacts_repo.insert(conn, vault.device_id, **values)
        vault.log("contact.add", record_kind="contact", record_id=contact_id)
    return Contact(contact_id, **values)


def get_contact(vault: Vault, contact_id: str) -> Contact | None:
    """The contact, or None if there is none by that id (or it was deleted)."""
    row = contacts_repo.get_row(vault.conn, contact_id)
    return Contact(*row) if row else None


def _existing(vault: Vault, contact_id: str) -> Contact:
    contact = get_contact(vault, contact_id)
    if contact is None:
        raise Invalid("Kontakten findes ikke længere (den kan være slettet på en anden computer).")
    return contact


def update_contact(vault: Vault, contact_id: str, **changes: str) -> Contact:
    """Change some of the fields (name, role, organisation, phone, email); the others stay."""
    contact = _existing(vault, contact_id)
    values = validated({**contact.values(), **changes})
    if values == contact.values():
        return contact
    with vault.transaction() as conn:
        contacts_repo.update(conn, vault.device_id, contact_id, values)
        vault.log("contact.edit", record_kind="contact", record_id=contact_id)
    return Contact(contact_id, **values)


def delete_contact(vault: Vault, contact_id: str) -> None:
    """Delete a contact (a tombstone, so other laptops delete it too)."""
    _existing(vault, contact_id)
    with vault.transaction() as conn:
        contacts_repo.delete(conn, vault.device_id, contact_id)
        vault.log("contact.delete", record_kind="contact", record_id=contact_id)


def list_contacts(vault: Vault) -> list[Contact]:
    return [Contact(*row) for row in contacts_repo.list_rows(vault.conn)]
