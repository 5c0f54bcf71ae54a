"""`pdf KIND ID --out FILE`: print a record to a PDF file the user names."""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable
from pathlib import Path

from sspdesk.cli.common import EXIT_INVALID, EXIT_USAGE, CliError, emit, opened_vault
from sspdesk.pdf.base import save_pdf
from sspdesk.store.vault import Vault

# KIND -> (module, function). Each function takes (vault, ref, args) and returns PDF bytes; they live beside
# the records they print, and are imported only when asked for.
KINDS: dict[str, tuple[str, str]] = {
    "sag": ("sspdesk.cli.pdf_cmds", "_case_pdf"),
    "journal": ("sspdesk.cli.pdf_cmds", "_case_pdf"),
    "agenda": ("sspdesk.meetings", "agenda_pdf_cli"),
    "minutes": ("sspdesk.meetings", "minutes_pdf_cli"),
    "consent": ("sspdesk.consents", "consent_pdf_cli"),
    "parent-letter": ("sspdesk.consents", "parent_letter_pdf_cli"),
}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("pdf", help="udskriv til PDF")
    p.add_argument("kind", choices=sorted(KINDS), help="hvad der skal udskrives")
    p.add_argument("id", nargs="?", default="", help="id eller nummer (ikke ved --blank)")
    p.add_argument("--out", required=True, help="PDF-filen, der skal skrives")
    p.add_argument("--redacted", action="store_true", help="referat uden personoplysninger")
    p.add_argument("--blank", action="store_true", help="tom samtykkeerklæring til udfyldning i hånden")
    p.set_defaults(func=cmd_pdf)


def _case_pdf(vault: Vault, ref: str, args: argparse.Namespace) -> bytes:
    from sspdesk.cases import case_pdf, get_case

    kind = get_case(vault, ref).kind
    if kind != args.kind:
        raise CliError(f"{ref} er ikke en {'DKE-Sag' if args.kind == 'sag' else 'DKE-Journal'}.", EXIT_INVALID)
    return case_pdf(vault, ref)


def cmd_pdf(args: argparse.Namespace) -> int:
    if not args.id and not args.blank:
        raise CliError("Angiv hvilket id der skal udskrives.", EXIT_USAGE)
    out = Path(args.out)
    if not out.parent.is_dir():
        raise CliError(f"Mappen findes ikke: {out.parent}", EXIT_USAGE)
    module, name = KINDS[args.kind]
    make: Callable[[Vault, str, argparse.Namespace], bytes] = getattr(importlib.import_module(module), name)
    with opened_vault(args) as vault:
        data = make(vault, args.id, args)
    save_pdf(data, out)
    emit(args, {"path": str(out), "bytes": len(data)}, f"PDF skrevet: {out}")
    return 0
