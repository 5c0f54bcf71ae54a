"""`exchanges add | list | bases`: record an exchange of information on a case under a legal basis, list a case's
exchanges, and show which bases can cover an exchange (and why the others do not).

`exchanges add` is refused with exit 4 and the reason(s) – nothing stored – when the basis does not cover the
exchange (see `sspdesk.legal_basis`)."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from typing import Any

from sspdesk.attestation import beyond_attestation
from sspdesk.cli.common import emit, opened_vault, parse_day
from sspdesk.domain.dates import date_text
from sspdesk.domain.disclosure import NECESSITY, SENSITIVE_TEXT, SENSITIVE_TICK, STATUTORY, Recipient, not_offered
from sspdesk.legal_basis import (
    BasisOption,
    Exchange,
    ExchangeRequest,
    basis_label,
    basis_options,
    check_categories,
    info_categories,
    list_exchanges,
    party_types,
    person_age,
    record_exchange,
    resolve_recipient,
)
from sspdesk.store.vault import Vault

_TICKS = ", ".join([*NECESSITY, SENSITIVE_TICK])
_CONDITIONS = "; ".join(f"{b.label}: {', '.join(c.key for c in b.conditions)}" for b in STATUTORY if b.conditions)
_RECIPIENT_HELP = (
    "modtageren: en modtagertype (fx skole, politi, jobcenter), et navn fra kontaktregistret, en kollega fra "
    "listen over kolleger eller et navn"
)


def register(sub: argparse._SubParsersAction) -> None:
    exchanges = sub.add_parser("exchanges", help="udveksling af oplysninger med hjemmel").add_subparsers(
        dest="exchanges_cmd", required=True
    )
    p = exchanges.add_parser(
        "add",
        help="registrér en udveksling (afvises uden gyldig hjemmel)",
        description="Registrér at oplysninger er udvekslet. Afvises (exit 4, intet gemt), hvis hjemlen ikke dækker "
        "modtageren, kategorierne, dagen eller personens alder.",
    )
    _recipient_args(p)
    p.add_argument(
        "--basis",
        required=True,
        help='hjemmel: "samtykke:SAM-ÅÅÅÅ-NNNN" (eller consent:REF) eller en lovbestemmelse, fx '
        '"Retsplejelovens § 115"',
    )
    p.add_argument("--on", default="", metavar="DATE", help="dagen for udvekslingen YYYY-MM-DD (standard: i dag)")
    necessity_flags(p)
    p.add_argument("--note", default="", help="hvad der blev udvekslet, kort (uden personoplysninger)")
    p.set_defaults(func=cmd_add)

    p = exchanges.add_parser("list", help="vis en sags udvekslinger")
    p.add_argument("--case", required=True, help="sagen (id eller nummer)")
    p.set_defaults(func=cmd_list)

    p = exchanges.add_parser("bases", help="vis hvilke hjemler der kan dække en udveksling, og hvorfor andre ikke gør")
    _recipient_args(p)
    p.add_argument("--on", default="", metavar="DATE", help="dagen for udvekslingen YYYY-MM-DD (standard: i dag)")
    p.set_defaults(func=cmd_bases)


def necessity_flags(p: argparse.ArgumentParser) -> None:
    """--necessity and --confirm: the necessity test and the statutory conditions (also `fagsystem-export`)."""
    p.add_argument(
        "--necessity",
        default="",
        metavar="TICK,…",
        help=f"nødvendighedsvurderingen (kræves ved lovhjemmel): {_TICKS} ({SENSITIVE_TICK}: ved følsomme oplysninger)",
    )
    p.add_argument("--confirm", default="", metavar="CONDITION,…", help=f"bekræftede betingelser – {_CONDITIONS}")


def _recipient_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--case", required=True, help="sagen (id eller nummer)")
    p.add_argument("--recipient", required=True, metavar="NAME_OR_PARTY", help=_RECIPIENT_HELP)
    p.add_argument("--authority", default="", help="modtagerens myndighed/tilhørsforhold, fx Nordskolen")
    p.add_argument("--party", default="", metavar="KEY", help="modtagertypen, når modtageren er et navn (fx politi)")
    p.add_argument(
        "--what",
        required=True,
        metavar="CATEGORY[,CATEGORY…]",
        help="kategorierne af oplysninger, fx skole,familie (se profilens liste i fejlbeskeden)",
    )


def split_keys(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))


def _recipient(vault: Vault, args: argparse.Namespace) -> Recipient:
    recipient = resolve_recipient(vault, args.recipient)
    if args.authority.strip():
        recipient = replace(recipient, authority=args.authority.strip())
    if args.party.strip():
        recipient = replace(recipient, party_type=args.party.strip())
    return recipient


def exchange_json(vault: Vault, exchange: Exchange) -> dict[str, Any]:
    return {
        "id": exchange.id,
        "case_id": exchange.case_id,
        "exchanged_on": exchange.exchanged_on.isoformat(),
        "direction": exchange.direction,
        "recipient": exchange.recipient,
        "recipient_authority": exchange.recipient_authority,
        "recipient_party": exchange.recipient_party,
        "recipient_text": exchange.recipient_record.text(party_types(vault)),
        "categories": list(exchange.categories),
        "basis": exchange.basis,
        "basis_label": basis_label(vault, exchange.basis),
        "consent_id": exchange.consent_id,
        "necessity": list(exchange.necessity),
        "conditions": list(exchange.conditions),
        "what": exchange.what,
        "bundle_id": exchange.bundle_id,
        "recorded_by": exchange.recorded_by,
        "created_at": exchange.created_at,
    }


def _line(row: dict[str, Any], labels: dict[str, str]) -> str:
    arrow = "fra" if row["direction"] == "received" else "til"
    what = ", ".join(labels.get(key, key) for key in row["categories"]) or row["what"] or "(ingen kategorier)"
    return f"{date_text(row['exchanged_on'])}  {arrow} {row['recipient_text']}: {what} – {row['basis_label']}"


def cmd_add(args: argparse.Namespace) -> int:
    with opened_vault(args) as vault:
        request = ExchangeRequest(
            args.case,
            _recipient(vault, args),
            split_keys(args.what),
            args.basis,
            parse_day(args.on),
            what=args.note,
            necessity=split_keys(args.necessity),
            conditions=split_keys(args.confirm),
        )
        data = exchange_json(vault, record_exchange(vault, request))
        beyond = beyond_attestation(vault, args.case, request.recipient, request.categories, request.on)
    for warning in beyond:  # recorded all the same: the legal basis covers it; the leader's frame does not
        print(f"Advarsel: {warning}", file=sys.stderr)
    emit(args, data, lambda d: f"Udvekslingen er registreret: {d['recipient_text']} – {d['basis_label']}")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    with opened_vault(args) as vault:
        rows = [exchange_json(vault, e) for e in list_exchanges(vault, args.case)]
        labels = {c.key: c.label for c in info_categories(vault)}
    emit(args, rows, "\n".join(_line(r, labels) for r in rows) if rows else "Ingen udvekslinger på sagen.")
    return 0


def _option_json(option: BasisOption) -> dict[str, Any]:
    return {
        "basis": option.basis,
        "label": option.label,
        "kind": "consent" if option.consent else "statutory",
        "covers": not option.refusals,
        "refusals": list(option.refusals),
        "conditions": [{"key": c.key, "text": c.text} for c in option.conditions],
    }


def _bases_text(data: dict[str, Any]) -> str:
    lines = ["Hjemler der kan dække udvekslingen:"]
    offered = [o for o in data["options"] if o["covers"]]
    lines += [f"  {o['label']}" for o in offered] or ["  ingen"]
    for option in offered:
        if option["conditions"]:
            lines.append(f"    bekræft ({option['label']}): " + "; ".join(c["key"] for c in option["conditions"]))
    if any(o["kind"] == "statutory" for o in offered):
        lines.append("  Ved lovhjemmel kræves nødvendighedsvurderingen: " + ", ".join(NECESSITY))
        lines.append(f"    og ved følsomme oplysninger også {SENSITIVE_TICK} ({SENSITIVE_TEXT.lower()})")
    lines.append("Dækker ikke:")
    refused = [o for o in data["options"] if not o["covers"]] + data["not_offered"]
    lines += [f"  {o['label']}: {'; '.join(o['refusals'])}" for o in refused] or ["  ingen"]
    return "\n".join(lines)


def cmd_bases(args: argparse.Namespace) -> int:
    on = parse_day(args.on)
    with opened_vault(args) as vault:
        recipient = _recipient(vault, args)
        check_categories(vault, split_keys(args.what))
        options = basis_options(vault, args.case, recipient, split_keys(args.what), on)
        age = person_age(vault, args.case, on)
        party = next((p for p in party_types(vault) if p.key == recipient.party_type), None)
        data = {
            "recipient": recipient.text(party_types(vault)),
            "age": age,
            "options": [_option_json(o) for o in options],
            "not_offered": [
                {"basis": b.label, "label": b.label, "kind": "statutory", "covers": False, "refusals": reasons}
                for b, reasons in not_offered(age, party)
            ],
        }
    emit(args, data, _bases_text)
    return 0
