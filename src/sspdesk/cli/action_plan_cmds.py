"""`handleplan show | add-initiative`: a DKE-Sag's kriminalpræventiv handleplan (`pdf handleplan ID` prints it).

The plan's texts and "Gør endelig" are written in the GUI (Handleplan… on the sag); the CLI reads the plan and adds
an initiative, which becomes a disposition followed up at the next meeting of the case's Mødeforum."""

from __future__ import annotations

import argparse
from typing import Any

from sspdesk.action_plans import add_initiative, get_plan, plan_case, plan_history
from sspdesk.cli.common import emit, opened_vault
from sspdesk.domain.action_plan import INITIATIVE_STATUS_LABELS, TEXT_FIELDS, ActionPlan
from sspdesk.domain.dates import date_text, stamp_text


def register(sub: argparse._SubParsersAction) -> None:
    plans = sub.add_parser("handleplan", help="kriminalpræventiv handleplan (DKE-Sag)").add_subparsers(
        dest="handleplan_cmd", required=True
    )
    p = plans.add_parser("show", help="vis sagens handleplan med initiativer")
    p.add_argument("id", help="sagens id eller nummer (fx S-2026-0017)")
    p.set_defaults(func=cmd_show)

    p = plans.add_parser(
        "add-initiative",
        help="tilføj et initiativ (hvad, hvem, hvornår); det følges op på næste møde i sagens mødeforum",
    )
    p.add_argument("id", help="sagens id eller nummer")
    p.add_argument("--what", required=True, help="hvad der skal gøres")
    p.add_argument("--responsible", required=True, help="hvem der handler (navn eller myndighed)")
    p.add_argument("--due", default="", metavar="DATE", help="frist YYYY-MM-DD")
    p.add_argument("--party", default="", metavar="KEY", help="typen af ansvarlig fra profilen (fx skole, politi)")
    p.set_defaults(func=cmd_add_initiative)


def _data(case_id: str, number: str, plan: ActionPlan | None, versions: int) -> dict[str, Any]:
    return {"case_id": case_id, "case_number": number, "plan": plan.to_json() if plan else None, "versions": versions}


def _text(data: dict[str, Any]) -> str:
    plan = data["plan"]
    if plan is None:
        return f"{data['case_number']} har ingen handleplan endnu."
    lines = [
        f"{data['case_number']}: {plan['version_label']} kriminalpræventiv handleplan, {date_text(plan['plan_date'])} "
        f"(gemt {stamp_text(plan['created_at'])}, {data['versions']} udgave{'r' if data['versions'] > 1 else ''})"
    ]
    lines += [f"  {label}: {plan[key]}" for key, label, _hint in TEXT_FIELDS if plan[key]]
    lines.append("  Initiativer:" if plan["initiatives"] else "  Ingen initiativer.")
    for number, i in enumerate(plan["initiatives"], 1):
        due = f", frist {date_text(i['due'])}" if i["due"] else ""
        lines.append(f"    {number}. {i['what']} – {i['responsible']}{due} [{INITIATIVE_STATUS_LABELS[i['status']]}]")
    return "\n".join(lines)


def cmd_show(args: argparse.Namespace) -> int:
    with opened_vault(args) as vault:
        plan = get_plan(vault, args.id)
        case = plan_case(vault, args.id)
        data = _data(case.id, case.number, plan, len(plan_history(vault, case.id)))
    emit(args, data, _text)
    return 0


def cmd_add_initiative(args: argparse.Namespace) -> int:
    with opened_vault(args) as vault:
        plan = add_initiative(vault, args.id, args.what, args.responsible, due=args.due, party_type=args.party)
        case = plan_case(vault, args.id)
        data = _data(case.id, case.number, plan, len(plan_history(vault, case.id)))
    emit(args, data, lambda d: f"Initiativet er tilføjet handleplanen.\n{_text(d)}")
    return 0
