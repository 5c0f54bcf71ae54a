"""CLI commands for cases: cases list | show | add | edit | attest | reopen | remove-sag-fields |
handover-ssp-plus | event add|list|remove."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from sspdesk.attestation import Attestation, attestation_of, record_attestation
from sspdesk.case_events import CaseEvent, record_event, recorded_events, remove_event, reopen_case
from sspdesk.cases import (
    CaseDetail,
    NewCase,
    active_profile,
    case_rows,
    get_case,
    iter_case_rows,
    register_case,
    remove_sag_fields,
)
from sspdesk.cli.common import (
    EXIT_USAGE,
    CliError,
    allow_phrases,
    emit,
    emit_stream,
    not_a_name_flag,
    opened_vault,
    parse_day,
)
from sspdesk.cli.exchange_cmds import necessity_flags, split_keys
from sspdesk.domain.dates import date_text
from sspdesk.domain.deadline_events import RECORDED_EVENTS
from sspdesk.domain.forms import CASE_STATUS_LABELS as STATUS_LABELS
from sspdesk.domain.forms import KIND_LABELS, SECTION_NAMES
from sspdesk.routing import invitations_for, leader_route, set_radicalisation
from sspdesk.ssp_plus import DEFAULT_BASIS, handover_to_ssp_plus
from sspdesk.store.cases_repo import CaseQuery
from sspdesk.store.vault import Vault
from sspdesk.underretning import network_outcomes


def register(sub: argparse._SubParsersAction) -> None:
    cases = sub.add_parser("cases", help="sager (DKE-Journal og DKE-Sag)").add_subparsers(
        dest="cases_cmd", required=True
    )
    p = cases.add_parser("list", help="vis sager")
    p.add_argument("--level", default="", help="kun dette niveau")
    p.add_argument("--status", default="", choices=["", "open", "closed", "raised"], help="kun denne status")
    p.add_argument("--search", default="", help="fritekstsøgning i sagens genstand og tekst")
    p.set_defaults(func=cmd_list)

    p = cases.add_parser("show", help="vis én sag med frister")
    p.add_argument("id", help="sagens id eller nummer (fx S-2026-0017)")
    p.set_defaults(func=cmd_show)

    p = cases.add_parser("add", help="registrér en ny sag")
    p.add_argument("--level", required=True, help="niveau i den aktive profil (fx I, II, III)")
    p.add_argument("--subject", required=True, help="sagens genstand")
    p.add_argument("--registered", help="registreringsdato YYYY-MM-DD (standard: i dag)")
    p.add_argument("--name", default="", help="den unges navn (kun DKE-Sag)")
    p.add_argument("--cpr", default="", help="den unges CPR-nr. (kun DKE-Sag)")
    p.add_argument("--area", default="", help="skoledistrikt / lokalområde")
    p.add_argument("--coordinator", default="", help="koordinator")
    p.add_argument("--source", default="", help="Identifikation – kilde (kun DKE-Sag), fx Skole eller Forældre")
    p.add_argument("--crime-type", default="", help="kriminalitetstype (kun DKE-Sag), fx Indbrud, Hærværk eller Vold")
    p.add_argument("--forum", default="", help="mødeforum (standard: niveauets forum i profilen, efter alderen)")
    p.add_argument(
        "--age",
        type=int,
        default=None,
        help="den unges alder, når intet CPR-nr. viser den (DKE-Journal): vælger mødeforum, fx Ungekoordinationsmøde "
        "fra 16 år; gemmes ikke",
    )
    p.add_argument(
        "--radicalisation",
        action="store_true",
        help="bekymring for voldelig ideologisk radikalisering: sagen indbringes for DKE-lederen",
    )
    not_a_name_flag(p)
    p.set_defaults(func=cmd_add)

    p = cases.add_parser("edit", help="ret en sags markeringer (radikalisering)")
    p.add_argument("id", help="sagens id eller nummer (fx S-2026-0017)")
    flag = p.add_mutually_exclusive_group(required=True)
    flag.add_argument(
        "--radicalisation",
        dest="radicalisation",
        action="store_true",
        default=None,
        help="markér bekymring for voldelig ideologisk radikalisering (sagen indbringes for DKE-lederen)",
    )
    flag.add_argument("--no-radicalisation", dest="radicalisation", action="store_false", help="fjern markeringen")
    p.set_defaults(func=cmd_edit)

    p = cases.add_parser(
        "attest",
        help="registrér DKE-lederens godkendelse og fortsættelsespåtegnelse med dens rammer",
        description="Påtegnelsen sætter rammer for, under hvilke forudsætninger sagen igangsættes. En udveksling "
        "uden for rammerne (anden modtagertype, anden kategori, uden for perioden) registreres med en advarsel.",
    )
    p.add_argument("id", help="sagens id eller nummer (fx S-2026-0017)")
    p.add_argument("--by", required=True, help="lederen, der gav påtegnelsen")
    p.add_argument("--on", default="", help="datoen YYYY-MM-DD (standard: i dag)")
    p.add_argument("--to", default="", help="modtagertyper, påtegnelsen gælder, adskilt af komma (fx skole,politi)")
    p.add_argument("--categories", default="", help="oplysningskategorier, adskilt af komma (fx skole,familie)")
    p.add_argument("--until", default="", help="påtegnelsen gælder til YYYY-MM-DD")
    p.add_argument("--conditions", default="", help="øvrige vilkår i ord")
    p.set_defaults(func=cmd_attest)

    p = cases.add_parser(
        "reopen",
        help="genåbn en lukket sag (med begrundelse)",
        description="Genåbn en lukket sag. Begrundelsen gemmes som en hændelse på sagen, som kolleger ser, når "
        "sagen når dem i en pakke. Afvises (exit 4, intet ændret) uden begrundelse, og hvis sagen ikke er lukket.",
    )
    p.add_argument("id", help="sagens id eller nummer (fx S-2026-0017)")
    p.add_argument("--reason", default="", help="hvorfor sagen genåbnes (i en DKE-Journal uden personoplysninger)")
    p.set_defaults(func=cmd_reopen)

    p = cases.add_parser(
        "handover-ssp-plus",
        help="overdrag en sag til SSP+ (fra 17½ år) og registrér hvad der overdrages",
        description="Overdrag en DKE-Sag til profilens SSP+-koordinationsgruppe (Kommissorium for SSP "
        "Enkeltsagsbehandling: fra 17½ år). Overdragelsen registreres som en udveksling med hjemmel. Afvises (exit 4, "
        "intet gemt) før 17½ år, uden mindst én kategori og uden en hjemmel, der dækker udvekslingen.",
    )
    p.add_argument("id", help="sagens id eller nummer (fx S-2026-0017)")
    p.add_argument(
        "--what",
        required=True,
        metavar="KEY[,KEY…]",
        help="hvad der overdrages: kategorier af oplysninger (fx skole,familie) og evt. afsnit af sagen "
        "(fx concern,focus,handleplan)",
    )
    p.add_argument("--on", default="", metavar="DATE", help="overdragelsesdagen YYYY-MM-DD (standard: i dag)")
    p.add_argument(
        "--basis",
        default=DEFAULT_BASIS,
        help=f'hjemmel: "{DEFAULT_BASIS}" (standard) eller "samtykke:SAM-ÅÅÅÅ-NNNN"',
    )
    necessity_flags(p)
    p.set_defaults(func=cmd_handover_ssp_plus)

    p = cases.add_parser(
        "remove-sag-fields",
        help="slet tekst, som en DKE-Journal har i felter, der kun hører til en DKE-Sag (Sagsforløb, Fokusområder)",
    )
    p.add_argument("id", help="journalens id eller nummer (fx J-2026-0004)")
    p.add_argument("--yes", action="store_true", help="bekræft: sletningen kan ikke fortrydes")
    p.set_defaults(func=cmd_remove_sag_fields)

    events = cases.add_parser(
        "event", help="hjemmebesøg og samtaler på en sag (fristerne regnes fra dem)"
    ).add_subparsers(dest="event_cmd", required=True)
    p = events.add_parser("add", help="registrér et hjemmebesøg/møde eller en samtale, der har fundet sted")
    p.add_argument("id", help="sagens id eller nummer")
    p.add_argument(
        "--kind",
        required=True,
        choices=list(RECORDED_EVENTS),
        help="home_visit (hjemmebesøg/møde) eller talk (samtale)",
    )
    p.add_argument("--on", default="", help="datoen YYYY-MM-DD (standard: i dag)")
    p.add_argument("--note", default="", help="kort bemærkning")
    p.set_defaults(func=cmd_event_add)
    p = events.add_parser("list", help="vis de registrerede hjemmebesøg og samtaler på en sag")
    p.add_argument("id", help="sagens id eller nummer")
    p.set_defaults(func=cmd_event_list)
    p = events.add_parser("remove", help="fjern et hjemmebesøg eller en samtale, der er registreret ved en fejl")
    p.add_argument("event_id", help="hændelsens id (se «cases event list»)")
    p.set_defaults(func=cmd_event_remove)


def cmd_list(args: argparse.Namespace) -> int:
    query = CaseQuery(text=args.search, level=args.level, status=args.status)

    def line(r: dict) -> str:
        return (
            f"{r['number']:<13} {r['level']:<4} {STATUS_LABELS[r['status']]:<10} "
            f"{r['next_due'] or '':<11}  {r['subject'][:60]}"
        )

    header = f"{'Nummer':<13} {'Niv.':<4} {'Status':<10} {'Næste frist':<11}  Sagens genstand"
    with opened_vault(args) as vault:  # streamed: 50,000 cases are written as they are read, not held in memory
        emit_stream(args, (row.to_json() for row in iter_case_rows(vault, query)), line, header, "Ingen sager.")
    return 0


def _show_text(data: dict) -> str:
    lines = [
        f"{data['number']}  {KIND_LABELS[data['kind']]}, niveau {data['level']}  ({STATUS_LABELS[data['status']]})",
        f"Sagens genstand: {data['subject']}",
        f"Mødeforum: {data['forum']}",
        f"Registreret: {data['registered']}",
    ]
    if data["kind"] == "sag":
        lines.append(f"Navn: {data['person_name']}   CPR-nr: {data['cpr']}")
    lines += [f"Bemærk: {hint}" for hint in data["hints"]]
    if data.get("over_18"):
        lines.append("Over 18 år:")
        lines += [f"  {line}" for line in data["over_18"]["lines"]]
    handover = data.get("ssp_plus_handover")
    if handover:
        lines.append(_handover_text(handover))
    if data.get("sag_only_sections"):
        names = ", ".join(SECTION_NAMES[key] for key in data["sag_only_sections"])
        lines.append(
            f"Bemærk: journalen har tekst i felter, som kun hører til en DKE-Sag ({names}). "
            "Slet den med «cases remove-sag-fields», eller løft journalen til en DKE-Sag."
        )
    if data.get("radicalisation"):
        lines.append("Radikalisering: ja")
    if data.get("route_to"):
        lines.append(data["route_to"]["text"])
    lines += [f"Udfald: {o['forum']} {date_text(o['held_on'])}: {o['label']}" for o in data.get("network_outcomes", [])]
    attest = data.get("attestation")
    if attest:
        limits = [
            f"modtagere: {attest['recipients_text']}" if attest["recipients"] else "",
            f"oplysninger: {attest['categories_text']}" if attest["categories"] else "",
            f"til {date_text(attest['valid_until'])}" if attest["valid_until"] else "",
            attest["conditions"],
        ]
        frame = "; ".join(filter(None, limits)) or "ingen rammer angivet"
        lines.append(f"Påtegnelse {date_text(attest['given_on'] or '')} af {attest['given_by']}: {frame}")
    invite = data.get("invite")
    if invite and (invite["required"] or invite["proposed"]):
        lines.append(f"Indkaldes til {invite['forum']}:")
        lines += [f"  {role} (skal indkaldes)" for role in invite["required"]]
        lines += [
            f"  {role} (overvej{': ' + note if note else ''})"
            for role, note in zip(invite["proposed"], invite["notes"], strict=True)
        ]
    lines.append("Frister:")
    lines += [
        f"  {d['due'] or 'venter på ' + (d['waits_for'] or 'næste møde'):<11} {d['label']} ({d['status']})"
        for d in data["deadlines"]
    ]
    return "\n".join(lines)


def _handover_text(handover: dict) -> str:
    sections = ", ".join(SECTION_NAMES.get(key, key) for key in handover["sections"])
    return (
        f"Overdraget til {handover['to']} {date_text(handover['on'])}: {', '.join(handover['categories'])}"
        + (f"; afsnit: {sections}" if sections else "")
        + f" (hjemmel: {handover['basis']})"
    )


def cmd_handover_ssp_plus(args: argparse.Namespace) -> int:
    on = parse_day(args.on) if args.on else None
    with opened_vault(args) as vault:
        handover_to_ssp_plus(
            vault,
            args.id,
            split_keys(args.what),
            on,
            basis=args.basis,
            necessity=split_keys(args.necessity),
            conditions=split_keys(args.confirm),
        )
        detail = get_case(vault, args.id)
    data = detail.to_json()
    emit(args, data, lambda d: f"{_handover_text(d['ssp_plus_handover'])}\n\n{_show_text(d)}")
    return 0


def _case_json(vault: Vault, detail: CaseDetail) -> dict[str, Any]:
    """The case as `cases show --json` gives it: the record plus the radicalisation route and the invitations."""
    data = detail.to_json()
    case = detail.case
    data["radicalisation"] = case.radicalisation
    route = leader_route(vault, case)
    data["route_to"] = {"role": route.role, "name": route.name, "text": route.text} if route else None
    data["network_outcomes"] = [
        {"forum": o.forum, "held_on": o.held_on.isoformat(), "label": o.label} for o in network_outcomes(vault, case.id)
    ]
    found = attestation_of(vault, case.id) if case.is_sag else None
    data["attestation"] = _attestation_json(vault, found) if found else None
    if case.is_open:
        called = invitations_for(vault, case)
        data["invite"] = {
            "forum": called.forum,
            "required": list(called.required),
            "proposed": list(called.proposed),
            "notes": list(called.notes),
        }
    return data


def _attestation_json(vault: Vault, found: Attestation) -> dict[str, Any]:
    profile = active_profile(vault)
    parties = {p.key: p.label for p in profile.parties()}
    kinds = {c.key: c.label for c in profile.categories()}
    return {
        "given_by": found.given_by,
        "given_on": found.given_on.isoformat() if found.given_on else None,
        "recipients": list(found.recipients),
        "recipients_text": ", ".join(parties.get(k, k) for k in found.recipients),
        "categories": list(found.categories),
        "categories_text": ", ".join(kinds.get(k, k) for k in found.categories),
        "valid_until": found.valid_until.isoformat() if found.valid_until else None,
        "conditions": found.conditions,
    }


def cmd_attest(args: argparse.Namespace) -> int:
    until = parse_day(args.until) if args.until else None
    attestation = Attestation(
        args.by,
        parse_day(args.on),
        tuple(args.to.split(",")),
        tuple(args.categories.split(",")),
        until,
        args.conditions,
    )
    with opened_vault(args) as vault:
        record_attestation(vault, args.id, attestation)
        data = _case_json(vault, get_case(vault, args.id))
    emit(args, data, _show_text)
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    with opened_vault(args) as vault:
        detail = get_case(vault, args.id)
        data = _case_json(vault, detail)
    emit(args, data, _show_text)
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    with opened_vault(args) as vault:
        detail = set_radicalisation(vault, args.id, args.radicalisation)
        data = _case_json(vault, detail)
    emit(args, data, _show_text)
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    try:
        registered = date.fromisoformat(args.registered) if args.registered else None
    except ValueError as exc:
        raise CliError(f"Ugyldig dato: {args.registered} (brug YYYY-MM-DD)", EXIT_USAGE) from exc
    new = NewCase(
        level=args.level,
        subject=args.subject,
        registered=registered,
        area=args.area,
        coordinator=args.coordinator,
        forum=args.forum,
        person_name=args.name,
        cpr=args.cpr,
        source=args.source,
        crime_type=args.crime_type,
        age=args.age,
        radicalisation=args.radicalisation,
    )
    with opened_vault(args) as vault:
        allow_phrases(vault, args.not_a_name)
        detail = register_case(vault, new)
        data = _case_json(vault, detail)
    emit(args, data, _show_text)
    return 0


def cmd_reopen(args: argparse.Namespace) -> int:
    with opened_vault(args) as vault:
        event = reopen_case(vault, args.id, args.reason)
        number = case_rows(vault, [event.case_id])[0].number
    data = {"id": event.case_id, "number": number, "status": "open", "reason": event.reason, "author": event.author}
    emit(args, data, lambda d: f"{d['number']} er genåbnet. Begrundelse: {d['reason']}")
    return 0


def cmd_remove_sag_fields(args: argparse.Namespace) -> int:
    if not args.yes:
        raise CliError("Tilføj --yes for at bekræfte: sletningen kan ikke fortrydes.", EXIT_USAGE)
    with opened_vault(args) as vault:
        removed = remove_sag_fields(vault, args.id)
    names = [SECTION_NAMES[key] for key in removed]
    emit(args, {"removed": removed}, lambda _data: f"Slettet: {', '.join(names)}.")
    return 0


def _event_json(event: CaseEvent) -> dict[str, str]:
    return {"id": event.id, "kind": event.kind, "on": event.occurred_on, "note": event.reason, "by": event.author}


def _event_line(event: CaseEvent) -> str:
    note = f" – {event.reason}" if event.reason else ""
    return f"{date_text(event.occurred_on)}  {event.label}{note}  ({event.id})"


def cmd_event_add(args: argparse.Namespace) -> int:
    on = parse_day(args.on)
    with opened_vault(args) as vault:
        event = record_event(vault, args.id, args.kind, on, args.note)
        detail = get_case(vault, args.id)
    data = {"event": _event_json(event), "case": detail.to_json()}
    emit(args, data, lambda _d: f"Registreret: {_event_line(event)}\n\n{_show_text(data['case'])}")
    return 0


def cmd_event_list(args: argparse.Namespace) -> int:
    with opened_vault(args) as vault:
        found = recorded_events(vault, args.id)
    emit(
        args,
        [_event_json(e) for e in found],
        lambda _d: "\n".join(map(_event_line, found)) or "Ingen hjemmebesøg eller samtaler registreret.",
    )
    return 0


def cmd_event_remove(args: argparse.Namespace) -> int:
    with opened_vault(args) as vault:
        remove_event(vault, args.event_id)
    emit(args, {"removed": args.event_id}, "Hændelsen er fjernet; fristerne, der regnedes fra den, venter igen.")
    return 0
