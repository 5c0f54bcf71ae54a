"""CLI commands for consents: `consents list`, and the `pdf consent` maker."""

from __future__ import annotations

import argparse
from datetime import date

from sspdesk.cli.common import EXIT_INVALID, EXIT_USAGE, CliError, emit, opened_vault
from sspdesk.consents import (
    STATUS_LABELS,
    blank_consent_pdf,
    consent_pdf,
    list_consents,
    resolve_case,
)
from sspdesk.domain.errors import NotFound
from sspdesk.store.vault import Vault

_LIST_KEYS = (
    "id",
    "reference",
    "case_number",
    "case_numbers",
    "status",
    "consent_date",
    "valid_from",
    "valid_until",
    "signed_on",
    "withdrawn_on",
    "cosign_required",
    "scans",
)


def register(sub: argparse._SubParsersAction) -> None:
    consents = sub.add_parser("consents", help="samtykkeerklæringer").add_subparsers(dest="consents_cmd", required=True)
    p = consents.add_parser("list", help="vis samtykkeerklæringer med status")
    p.add_argument("--case", default="", help="kun samtykker til denne sag (id eller nummer)")
    p.add_argument("--status", default="", choices=["", *STATUS_LABELS], help="kun denne status")
    p.add_argument("--on", default="", help="status på denne dato YYYY-MM-DD (standard: i dag)")
    p.set_defaults(func=cmd_list)


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value) if value else date.today()
    except ValueError as exc:
        raise CliError(f"Ugyldig dato: {value} (brug YYYY-MM-DD)", EXIT_USAGE) from exc


def cmd_list(args: argparse.Namespace) -> int:
    on = _date(args.on)
    with opened_vault(args) as vault:
        consents = list_consents(vault, args.case or None)
    rows = []
    for consent in consents:
        data = consent.to_json(on)
        rows.append({key: data[key] for key in _LIST_KEYS if key != "scans"} | {"scans": consent.scan_count})
    if args.status:
        rows = [r for r in rows if r["status"] == args.status]

    def text(rows: list[dict]) -> str:
        if not rows:
            return "Ingen samtykkeerklæringer."
        lines = [f"{'Reference':<14} {'Sag':<13} {'Dato':<10}  {'Gyldig til':<10}  Status"]
        for r in rows:
            lines.append(
                f"{r['reference']:<14} {r['case_number'] or '':<13} {r['consent_date']:<10}  "
                f"{r['valid_until']:<10}  {STATUS_LABELS[r['status']]}"
            )
        return "\n".join(lines)

    emit(args, rows, text)
    return 0


# -- pdf makers (in the table of cli/pdf_cmds) -------------------------------------------------------------------


def consent_pdf_for_cli(vault: Vault, ref: str, args: argparse.Namespace) -> bytes:
    """A consent by id or reference; a case number prints its newest consent; --blank the empty form."""
    if getattr(args, "blank", False):
        return blank_consent_pdf(vault)
    try:
        return consent_pdf(vault, ref)
    except NotFound:
        pass  # not a consent: perhaps a case
    try:
        case = resolve_case(vault, ref)
    except NotFound as exc:
        raise CliError(f"Hverken samtykkeerklæring eller sag findes: {ref}") from exc
    consents = list_consents(vault, case.id)
    if not consents:
        raise CliError(f"Sag {case.number} har ingen samtykkeerklæring (brug --blank til en tom).", EXIT_INVALID)
    return consent_pdf(vault, consents[0].id)
