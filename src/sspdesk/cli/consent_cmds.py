"""CLI commands for consents: `consents list` and `consents show` (with the parties and information categories the
consent covers), and the `pdf consent` maker."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from sspdesk.cases import active_profile
from sspdesk.cli.common import EXIT_INVALID, EXIT_USAGE, CliError, emit, opened_vault
from sspdesk.consent_scope import category_lines, category_text, party_lines, party_text
from sspdesk.consents import (
    GIVER_ROLES,
    STATUS_LABELS,
    Consent,
    blank_consent_pdf,
    consent_pdf,
    get_consent,
    list_consents,
    resolve_case,
)
from sspdesk.domain.dates import date_text
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
    p = consents.add_parser("show", help="vis én samtykkeerklæring: parter, områder, underskrifter")
    p.add_argument("ref", help="samtykkets id eller reference (SAM-2026-0007)")
    p.add_argument("--on", default="", help="status på denne dato YYYY-MM-DD (standard: i dag)")
    p.set_defaults(func=cmd_show)


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value) if value else date.today()
    except ValueError as exc:
        raise CliError(f"Ugyldig dato: {value} (brug YYYY-MM-DD)", EXIT_USAGE) from exc


def _scope(vault: Vault, consent: Consent) -> dict[str, Any]:
    """The parties and categories with the active profile's labels (a key it does not know shows as itself)."""
    profile = active_profile(vault)
    return {
        "parties": party_lines(consent, profile.parties()),
        "categories": category_lines(consent.categories, profile.categories()),
    }


def _scope_text(row: dict[str, Any], indent: str = "  ") -> list[str]:
    lines = [f"{indent}{p['role_label']}: {party_text(p)}" for p in row["parties"]]
    areas = ", ".join(category_text(c) for c in row["categories"]) or "ingen valgt"
    return [*lines, f"{indent}Områder: {areas}"]


def cmd_list(args: argparse.Namespace) -> int:
    on = _date(args.on)
    with opened_vault(args) as vault:
        consents = list_consents(vault, args.case or None)
        rows = []
        for consent in consents:
            data = consent.to_json(on)
            rows.append(
                {key: data[key] for key in _LIST_KEYS if key != "scans"}
                | {"scans": consent.scan_count}
                | _scope(vault, consent)
            )
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
            lines += _scope_text(r)
        return "\n".join(lines)

    emit(args, rows, text)
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    on = _date(args.on)
    with opened_vault(args) as vault:
        consent = get_consent(vault, args.ref)  # the view is logged
        data = consent.to_json(on) | _scope(vault, consent)

    def text(d: dict[str, Any]) -> str:
        def day(key: str) -> str:
            return date_text(date.fromisoformat(d[key])) if d[key] else "–"

        lines = [
            f"{d['reference']}  {STATUS_LABELS[d['status']]}",
            f"Sag: {', '.join(n for n in d['case_numbers'] if n)}",
            f"Dato: {day('consent_date')}   Gyldig: {day('valid_from')}–{day('valid_until')}",
            f"Samtykkegiver: {d['giver_name']} ({GIVER_ROLES.get(d['giver_role'], d['giver_role'])}), {d['giver_cpr']}",
        ]
        if d["giver2_name"]:
            lines.append(f"Anden forældremyndighedsindehaver: {d['giver2_name']}, {d['giver2_cpr']}")
        lines.append(f"Person: {d['person_name']}, {d['person_cpr']}")
        lines.append("Må indhente og videregive oplysninger:")
        lines += _scope_text(d)
        if d["exchange_text"]:
            lines.append(f"Hvad må udveksles: {d['exchange_text']}")
        if d["signed_on"]:
            signers = ["samtykkegiver"]
            signers += [d["giver2_name"]] if d["giver2_signed"] else []
            signers += ["den unge"] if d["young_person_signed"] else []
            lines.append(f"Underskrevet {day('signed_on')} af {', '.join(signers)}")
        else:
            lines.append("Ikke underskrevet")
        if d["withdrawn_on"]:
            lines.append(f"Tilbagekaldt {day('withdrawn_on')} ({d['withdrawal_how']})")
        return "\n".join(lines)

    emit(args, data, text)
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
