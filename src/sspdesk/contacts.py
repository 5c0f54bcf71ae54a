"""The contacts register: professionals (name, role, organisation, phone, e-mail) – never the young people."""

from __future__ import annotations

from dataclasses import dataclass

from sspdesk.store import contacts_repo
from sspdesk.store.vault import Vault


@dataclass(frozen=True)
class Contact:
    id: str
    name: str
    role: str = ""
    organisation: str = ""
    phone: str = ""
    email: str = ""


class ContactInvalid(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def add_contact(vault: Vault, name: str, role: str = "", organisation: str = "", phone: str = "",
                email: str = "") -> Contact:
    name = name.strip()
    if not name:
        raise ContactInvalid("Skriv kontaktpersonens navn.")
    with vault.transaction() as conn:
        contact_id = contacts_repo.insert(conn, vault.device_id, name, role, organisation, phone, email)
    return Contact(contact_id, name, role, organisation, phone, email)


def list_contacts(vault: Vault) -> list[Contact]:
    return [Contact(*row) for row in contacts_repo.list_rows(vault.conn)]
