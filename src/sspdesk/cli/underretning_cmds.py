"""`underretning add | list | confirm | outcome`: underretninger to the municipality on a case (Barnets Lov, formerly
Serviceloven § 153), and what a Netværksmøde ended in. Refused input exits 4 and stores nothing."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from datetime import date
from typing import Any

from sspdesk.cli.common import emit, opened_vault
from sspdesk.domain.dates import date_text
from sspdesk.domain.errors import Invalid
from sspdesk.domain.underretning import NETWORK_FORUMS, PENDING_RECEIPT, NetworkOutcome, Underretning
from sspdesk.underretning import (
    confirm_underretning,
    list_underretninger,
    missing_underretninger,
    record_network_outcome,
    record_underretning,
)

_NOTE = (
    "underretninger til kommunen (Barnets Lov, tidl. servicelovens § 153) på en DKE-Sag eller DKE-Journal: dato, "
    "myndighed, hvem og årsag – og kvitteringen, når den kommer"
)


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("underretning", help="underretninger til kommunen", description=_NOTE)
    commands = parser.add_subparsers(dest="underretning_cmd", required=True)
    p = commands.add_parser("add", help="registrér en underretning på en sag")
    p.add_argument("--case", required=True, help="sagens nummer eller id")
    p.add_argument("--to", required=True, dest="authority", help="myndigheden, fx Familieafsnittet")
    p.add_argument("--on", required=True, help="datoen for underretningen (YYYY-MM-DD)")
    p.add_argument("--reason", default="", help="årsag: en af profilens kategorier (nøgle eller tekst)")
    p.add_argument("--by", default="", dest="made_by", help="hvem der underrettede (ellers dig)")
    p.add_argument("--confirmed", default="", help="kvittering modtaget (YYYY-MM-DD)")
    p.set_defaults(func=cmd_add)
    p = commands.add_parser("list", help="vis underretningerne (alle eller én sags)")
    p.add_argument("--case", default=None, help="kun denne sag")
    p.set_defaults(func=cmd_list)
    p = commands.add_parser("confirm", help="registrér at kvitteringen er modtaget")
    p.add_argument("id", help="underretningens id")
    p.add_argument("--on", required=True, help="datoen kvitteringen kom (YYYY-MM-DD)")
    p.set_defaults(func=cmd_confirm)
    p = commands.add_parser("outcome", help="registrér hvad et Netværksmøde endte med")
    p.add_argument("--case", required=True, help="sagens nummer eller id")
    p.add_argument("--on", required=True, help="mødets dato (YYYY-MM-DD)")
    p.add_argument("--forum", default=NETWORK_FORUMS[0], help=f"{' eller '.join(NETWORK_FORUMS)}")
    p.add_argument("--agreement", action="store_true", help="der blev truffet aftale om et indsatsforløb")
    p.add_argument("--underretning", action="store_true", help="mødet endte i en underretning")
    p.set_defaults(func=cmd_outcome)


def _day(value: str, field: str) -> date:
    """A date the user gives as data: a wrong one is refused input (exit 4), like a date in the future."""
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise Invalid(f"Ugyldig dato: «{value}» (brug YYYY-MM-DD).", field) from None


def _json(item: Underretning) -> dict[str, Any]:
    data = asdict(item)
    data["sent_on"] = item.sent_on.isoformat()
    data["confirmed_on"] = item.confirmed_on.isoformat() if item.confirmed_on else None
    return data


def _line(item: Underretning) -> str:
    receipt = f"kvittering {date_text(item.confirmed_on)}" if item.confirmed_on else PENDING_RECEIPT
    reason = f"  {item.reason_label}" if item.reason_label else ""
    return f"{date_text(item.sent_on)}  {item.case_number:<14} til {item.authority}  ({receipt}){reason}  [{item.id}]"


def cmd_add(args: argparse.Namespace) -> int:
    on = _day(args.on, "on")
    confirmed = _day(args.confirmed, "confirmed_on") if args.confirmed else None
    with opened_vault(args) as vault:
        item = record_underretning(
            vault, args.case, args.authority, on, reason=args.reason, made_by=args.made_by, confirmed_on=confirmed
        )
    emit(args, _json(item), f"Underretning registreret på {item.case_number}: {_line(item)}")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    with opened_vault(args) as vault:
        items = list_underretninger(vault, args.case)
        missing = missing_underretninger(vault, args.case) if args.case else []
    data: Any = [_json(item) for item in items]
    if args.case:
        data = {"underretninger": data, "missing": [{"label": d.label, "due": d.due} for d in missing]}
    lines = [_line(item) for item in items] or ["Ingen underretninger."]
    lines += [f"Mangler: {d.label}" for d in missing]
    emit(args, data, "\n".join(lines))
    return 0


def cmd_confirm(args: argparse.Namespace) -> int:
    on = _day(args.on, "confirmed_on")
    with opened_vault(args) as vault:
        item = confirm_underretning(vault, args.id, on)
    emit(args, _json(item), f"Kvittering registreret: {_line(item)}")
    return 0


def _outcome_json(outcome: NetworkOutcome) -> dict[str, Any]:
    return {**asdict(outcome), "held_on": outcome.held_on.isoformat(), "label": outcome.label}


def cmd_outcome(args: argparse.Namespace) -> int:
    on = _day(args.on, "held_on")
    with opened_vault(args) as vault:
        outcome = record_network_outcome(
            vault, args.case, on, forum=args.forum, agreement=args.agreement, underretning=args.underretning
        )
    emit(args, _outcome_json(outcome), f"{outcome.forum} {date_text(outcome.held_on)}: {outcome.label}")
    return 0
