"""CLI commands for the data-protection duties: access-request, audit verify | list | retention, retention run,
erase, correct, and information-duty add | list (oplysningspligt)."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from sspdesk import cpr as cprlib
from sspdesk.cli.common import (
    EXIT_INVALID,
    EXIT_USAGE,
    CliError,
    allow_phrases,
    emit,
    not_a_name_flag,
    opened_vault,
)
from sspdesk.domain.dates import date_text, stamp_text
from sspdesk.duties import audit_service, erasure, retention
from sspdesk.duties.access_request import access_request
from sspdesk.information_deadline import SEED_LINE
from sspdesk.information_duty import (
    InformationEntry,
    information_deadline_of,
    information_entries,
    information_status,
    must_inform,
    record_information,
)
from sspdesk.store.files import write_private_atomically


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("access-request", help="aktindsigt: alt om én person som PDF")
    p.add_argument("--cpr", required=True, help="personens CPR-nr.")
    p.add_argument("--out", required=True, help="PDF-filen, der skal skrives")
    p.set_defaults(func=cmd_access_request)

    audit = sub.add_parser("audit", help="logbogen").add_subparsers(dest="audit_cmd", required=True)
    p = audit.add_parser("verify", help="kontrollér logbogens kæde og dens anker uden for datafilen")
    p.add_argument(
        "--new-anchor",
        action="store_true",
        help="skriv et nyt anker ud fra den nuværende kæde (efter en rapport, du har undersøgt; logges)",
    )
    p.set_defaults(func=cmd_audit_verify)
    p = audit.add_parser("list", help="vis logbogen (nyeste først)")
    p.add_argument("--action", default="", help="handling, fx case.view, eller en gruppe, fx case")
    p.add_argument("--record", default="", help="post-id eller reference, fx S-2026-0017")
    p.add_argument("--since", default="", help="fra dato YYYY-MM-DD")
    p.add_argument("--until", default="", help="til og med dato YYYY-MM-DD")
    p.add_argument("--text", default="", help="fritekst i posten")
    p.add_argument("--limit", type=int, default=200, help="højst så mange poster (standard 200)")
    p.set_defaults(func=cmd_audit_list)
    p = audit.add_parser("retention", help="vis eller sæt logbogens egen opbevaringstid")
    p.add_argument("--years", type=int, help="ny opbevaringstid i år")
    p.set_defaults(func=cmd_audit_retention)

    ret = sub.add_parser("retention", help="sletning efter opbevaringsfristen").add_subparsers(
        dest="retention_cmd", required=True
    )
    p = ret.add_parser("run", help="slet personoplysninger i sager over fristen")
    p.add_argument("--dry-run", action="store_true", help="vis kun, hvad der ville blive slettet")
    p.set_defaults(func=cmd_retention_run)

    p = sub.add_parser("erase", help="slet alle oplysninger om én person efter anmodning")
    p.add_argument("--cpr", required=True, help="personens CPR-nr.")
    p.add_argument("--yes", action="store_true", help="bekræft: sletningen kan ikke fortrydes")
    p.set_defaults(func=cmd_erase)

    info = sub.add_parser("information-duty", help="oplysningspligt: orientering af den unge og forældre")
    info_sub = info.add_subparsers(dest="information_cmd", required=True)
    p = info_sub.add_parser("add", help="registrér orientering – eller beslutningen om ikke at orientere")
    p.add_argument("--case", required=True, help="sagens id eller nummer (en DKE-Sag)")
    decision = p.add_mutually_exclusive_group(required=True)
    decision.add_argument("--informed", action="store_true", help="familien er orienteret")
    decision.add_argument(
        "--not-informed", action="store_true", help="beslutning om ikke at orientere (ikke muligt på niveau III)"
    )
    p.add_argument("--on", default="", help="dato YYYY-MM-DD (standard: i dag)")
    p.add_argument("--recipients", default="", help="hvem der er orienteret, fx forældremyndighedsindehaver")
    p.add_argument("--method", default="", help="hvordan, fx brev (Bilag 1 og 2)")
    p.add_argument("--reason", default="", help="begrundelsen for ikke at orientere")
    p.add_argument("--note", default="", help="bemærkning")
    p.set_defaults(func=cmd_information_add)
    p = info_sub.add_parser("list", help="vis sagens oplysningspligt og dens historik")
    p.add_argument("--case", required=True, help="sagens id eller nummer")
    p.set_defaults(func=cmd_information_list)

    p = sub.add_parser("correct", help="ret én oplysning i en sag efter anmodning")
    p.add_argument("case", help="sagens id eller nummer")
    p.add_argument("--section", required=True, help="afsnit (status, indsats, …, closing) eller header")
    p.add_argument("--field", required=True, help="feltets nøgle, fx familie eller person_name")
    p.add_argument("--value", required=True, help="den rettede tekst")
    p.add_argument("--reason", required=True, help="begrundelse for rettelsen")
    not_a_name_flag(p)
    p.set_defaults(func=cmd_correct)


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError as exc:
        raise CliError(f"Ugyldig dato: {value} (brug YYYY-MM-DD)", EXIT_USAGE) from exc


def cmd_access_request(args: argparse.Namespace) -> int:
    number = cprlib.normalize_cpr(args.cpr)  # checked before the passphrase is asked for
    out = Path(args.out)
    if not out.parent.is_dir():
        raise CliError(f"Mappen findes ikke: {out.parent}", EXIT_USAGE)
    with opened_vault(args) as vault:
        report, data = access_request(vault, number)
    write_private_atomically(out, data)
    emit(args, {"path": str(out), "bytes": len(data), "cases": report.case_numbers}, f"Aktindsigt skrevet: {out}")
    return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    """Exit 0 when chain and anchor hold (a missing anchor is a warning: it is written anew), else 4."""
    with opened_vault(args) as vault:
        check = audit_service.new_anchor(vault) if args.new_anchor else audit_service.verify(vault)
    if check.ok:
        emit(args, check.to_json(), check.text)
        return 0
    if args.json:
        emit(args, check.to_json(), "")
    raise CliError(check.text, EXIT_INVALID)


def cmd_audit_list(args: argparse.Namespace) -> int:
    filters = audit_service.AuditFilter(
        action=args.action,
        record=args.record,
        since=_date(args.since),
        until=_date(args.until),
        text=args.text,
        limit=max(1, args.limit),
    )
    with opened_vault(args) as vault:
        entries = audit_service.list_entries(vault, filters)
    rows = [{"id": e.seq, **e.__dict__, "label": audit_service.action_label(e.action)} for e in entries]

    def text(rows: list[dict]) -> str:
        if not rows:
            return "Ingen poster."
        return "\n".join(
            f"{r['seq']:>6}  {stamp_text(r['at'])}  {r['label']:<34} "
            f"{r['subject_ref'] or r['record_id'][:8]:<14} {r['detail'][:60]}"
            for r in rows
        )

    emit(args, rows, text)
    return 0


def cmd_audit_retention(args: argparse.Namespace) -> int:
    with opened_vault(args) as vault:
        if args.years is not None:
            audit_service.set_retention_years(vault, args.years)
        years = audit_service.retention_years(vault)
    emit(args, {"audit_retention_years": years}, f"Logbogen opbevares i {years} år.")
    return 0


def _retention_text(report: retention.RetentionReport) -> str:
    if report.dry_run:
        lines = [retention.confirmation_text(report)]
        lines += [f"  {d.number}  lukket {date_text(d.closed_on)}, frist {date_text(d.due_on)}" for d in report.due]
        return "\n".join(lines)
    if not report.due:
        lines = ["Ingen sager har overskredet opbevaringsfristen."]
    else:
        done = report.erased
        assert done is not None  # a run with sager due has erased them
        lines = [
            f"Personoplysningerne i {len(report.due)} sager er slettet: {', '.join(d.number for d in report.due)}.",
            f"{done.backups_deleted} ældre sikkerhedskopier er slettet; ny sikkerhedskopi: {done.backup}",
        ]
    if report.audit_entries_pruned:
        lines.append(f"{report.audit_entries_pruned} gamle poster i logbogen er slettet.")
    return "\n".join(lines)


def cmd_retention_run(args: argparse.Namespace) -> int:
    with opened_vault(args) as vault:
        report = retention.run_retention(vault, dry_run=args.dry_run)
    emit(args, report.to_json(), lambda _: _retention_text(report))
    return 0


def cmd_erase(args: argparse.Namespace) -> int:
    number = cprlib.normalize_cpr(args.cpr)
    if not args.yes:
        raise CliError(
            "Sletningen kan ikke fortrydes. Gentag med --yes for at bekræfte. Alle sikkerhedskopier "
            "taget før sletningen slettes også, og der tages en ny.",
            EXIT_USAGE,
        )
    with opened_vault(args) as vault:
        report = erasure.erase_person(vault, number, confirm=True)
    emit(
        args,
        report.to_json(),
        f"Slettet: {', '.join(report.case_numbers + report.consent_refs)}. "
        f"{report.backups_deleted} ældre sikkerhedskopier slettet.",
    )
    return 0


def cmd_correct(args: argparse.Namespace) -> int:
    with opened_vault(args) as vault:
        allow_phrases(vault, args.not_a_name)
        erasure.correct_field(vault, args.case, args.section, args.field, args.value, args.reason)
    emit(args, {"case": args.case, "section": args.section, "field": args.field}, "Rettelsen er gemt.")
    return 0


def _entry_json(entry: InformationEntry) -> dict:
    return {**entry.__dict__, "entry_date": entry.entry_date.isoformat(), "label": entry.label}


def cmd_information_add(args: argparse.Namespace) -> int:
    on = _date(args.on) or date.today()
    with opened_vault(args) as vault:
        entry = record_information(
            vault,
            args.case,
            "informed" if args.informed else "not_informed",
            on,
            recipients=args.recipients,
            method=args.method,
            reason=args.reason,
            note=args.note,
        )
    emit(args, _entry_json(entry), f"Oplysningspligt registreret: {entry.label}")
    return 0


def cmd_information_list(args: argparse.Namespace) -> int:
    with opened_vault(args) as vault:
        entries = information_entries(vault, args.case)
        status = information_status(vault, args.case)
        always = must_inform(vault, args.case)
        deadline = information_deadline_of(vault, args.case)
    data = {
        "status": _entry_json(status) if status else None,
        "always_inform": always,
        "deadline": {"label": deadline.label, "due": deadline.due} if deadline else None,
        "entries": [_entry_json(entry) for entry in entries],
    }

    def text(_: dict) -> str:
        lines = [f"Status: {status.label}" if status else "Status: ikke registreret"]
        if always:
            lines.append(f"Niveauet kræver orientering: »{SEED_LINE}«.")
        if deadline:
            lines.append(f"Frist {date_text(deadline.due)}: {deadline.label}")
        lines += [f"  {entry.label}" for entry in entries]
        return "\n".join(lines)

    emit(args, data, text)
    return 0
