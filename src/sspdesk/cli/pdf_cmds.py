"""`pdf KIND ID --out FILE`: print a record to a PDF file the user names."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from sspdesk.cli.common import EXIT_INVALID, EXIT_USAGE, CliError, emit, opened_vault
from sspdesk.cli.consent_cmds import consent_pdf_for_cli
from sspdesk.store.files import write_private_atomically
from sspdesk.store.vault import Vault

PdfMaker = Callable[[Vault, str, argparse.Namespace], bytes]  # (vault, ref, args) -> PDF bytes


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("pdf", help="udskriv til PDF")
    p.add_argument("kind", choices=sorted(KINDS), help="hvad der skal udskrives")
    p.add_argument("id", nargs="?", default="", help="id eller nummer (ikke ved --blank)")
    p.add_argument("--out", required=True, help="PDF-filen, der skal skrives")
    p.add_argument("--redacted", action="store_true", help="referat uden personoplysninger")
    p.add_argument("--blank", action="store_true", help="tom samtykkeerklæring til udfyldning i hånden")
    p.add_argument(
        "--to",
        choices=sorted(LETTER_TO),
        help="parent-letter: til forældremyndighedsindehaver eller til den unge selv "
        "(standard: forældre under 18 år, den unge fra 18 år)",
    )
    p.set_defaults(func=cmd_pdf)


def _case_pdf(vault: Vault, ref: str, args: argparse.Namespace) -> bytes:
    from sspdesk.cases import case_pdf, get_case

    kind = get_case(vault, ref).kind
    if kind != args.kind:
        raise CliError(f"{ref} er ikke en {'DKE-Sag' if args.kind == 'sag' else 'DKE-Journal'}.", EXIT_INVALID)
    return case_pdf(vault, ref)


def _agenda_pdf(vault: Vault, ref: str, args: argparse.Namespace) -> bytes:
    from sspdesk.meetings import agenda_pdf

    return agenda_pdf(vault, ref)


def _minutes_pdf(vault: Vault, ref: str, args: argparse.Namespace) -> bytes:
    from sspdesk.meetings import minutes_pdf

    return minutes_pdf(vault, ref, redacted=bool(getattr(args, "redacted", False)))


def _action_plan_pdf(vault: Vault, ref: str, args: argparse.Namespace) -> bytes:
    from sspdesk.action_plans import plan_pdf

    return plan_pdf(vault, ref)


def _concern_pdf(vault: Vault, ref: str, args: argparse.Namespace) -> bytes:
    from sspdesk.concern_form import concern_pdf

    return concern_pdf(vault, ref)


# `--to` of the letter (Bilag 1–2): the CLI's Danish words for information_duty.ADDRESSEES.
LETTER_TO = {"foraeldre": "parents", "den-unge": "young_person"}


def _letter_pdf(vault: Vault, ref: str, args: argparse.Namespace) -> bytes:
    from sspdesk.information_duty import information_letter_pdf

    to = getattr(args, "to", None)
    return information_letter_pdf(vault, ref, addressee=LETTER_TO[to] if to else None)


# What each KIND prints. The case, meeting and letter services are imported when their PDF is asked for (the consent
# makers live in consent_cmds, which the CLI loads anyway to register its commands).
KINDS: dict[str, PdfMaker] = {
    "sag": _case_pdf,
    "journal": _case_pdf,
    "agenda": _agenda_pdf,
    "minutes": _minutes_pdf,
    "consent": consent_pdf_for_cli,
    "parent-letter": _letter_pdf,
    "handleplan": _action_plan_pdf,
    "concern": _concern_pdf,
}


def cmd_pdf(args: argparse.Namespace) -> int:
    if not args.id and not args.blank:
        raise CliError("Angiv hvilket id der skal udskrives.", EXIT_USAGE)
    out = Path(args.out)
    if not out.parent.is_dir():
        raise CliError(f"Mappen findes ikke: {out.parent}", EXIT_USAGE)
    make = KINDS[args.kind]
    with opened_vault(args) as vault:
        data = make(vault, args.id, args)
    write_private_atomically(out, data)
    emit(args, {"path": str(out), "bytes": len(data)}, f"PDF skrevet: {out}")
    return 0
