"""`contacts list [--json]` | `contacts add --name … [--role --organisation --phone --email] [--json]`: the register
of professionals (never the young people)."""

from __future__ import annotations

import argparse
from dataclasses import asdict

from sspdesk.cli.common import emit, opened_vault
from sspdesk.contacts import Contact, add_contact, list_contacts

_NOTE = "kontaktregistret: kun fagpersoner (navn, rolle, organisation, telefon, e-mail) – aldrig de unge"


def register(sub: argparse._SubParsersAction) -> None:
    contacts = sub.add_parser("contacts", help="kontaktregistret (kun fagpersoner)", description=_NOTE)
    commands = contacts.add_subparsers(dest="contacts_cmd", required=True)
    p = commands.add_parser("list", help="vis kontakterne")
    p.set_defaults(func=cmd_list)
    p = commands.add_parser("add", help="tilføj en kontakt (fagperson)")
    p.add_argument("--name", required=True, help="navn")
    p.add_argument("--role", default="", help="rolle, fx Lokalbetjent")
    p.add_argument("--organisation", default="", help="organisation, fx Nordskolen")
    p.add_argument("--phone", default="", help="telefon (cifre, mellemrum og + forrest)")
    p.add_argument("--email", default="", help="e-mailadresse")
    p.set_defaults(func=cmd_add)


def _line(contact: Contact) -> str:
    rest = "  ".join(v for v in (contact.role, contact.organisation, contact.phone, contact.email) if v)
    return f"{contact.name:<28} {rest}".rstrip()


def cmd_list(args: argparse.Namespace) -> int:
    with opened_vault(args) as vault:
        contacts = list_contacts(vault)
    emit(args, [asdict(c) for c in contacts], "\n".join(_line(c) for c in contacts) if contacts else "Ingen kontakter.")
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    with opened_vault(args) as vault:
        contact = add_contact(vault, args.name, args.role, args.organisation, args.phone, args.email)
    emit(args, asdict(contact), f"Kontakt tilføjet: {contact.name} ({contact.id})")
    return 0
