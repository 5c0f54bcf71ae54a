"""CLI commands for meetings: meetings list | show | edit | propose | dispositions.

(`pdf agenda|minutes ID` is in pdf_cmds.)"""

from __future__ import annotations

import argparse

from sspdesk.cli.common import emit, opened_vault
from sspdesk.dispositions import open_dispositions, propose_agenda
from sspdesk.domain.meetings import (
    DISPOSITION_STATUS_LABELS,
    MEETING_STATUS_LABELS,
    PARTICIPANT_STATUS_LABELS,
    AgendaProposal,
    Disposition,
)
from sspdesk.meeting_edit import MeetingChange, edit_meeting
from sspdesk.meetings import get_meeting, list_meetings


def register(sub: argparse._SubParsersAction) -> None:
    meetings = sub.add_parser("meetings", help="møder: dagsorden, referat og dispositioner").add_subparsers(
        dest="meetings_cmd", required=True
    )
    p = meetings.add_parser("list", help="vis møder (nyeste først)")
    p.add_argument("--forum", default="", help="kun dette mødeforum, fx Koordinationsmøde")
    p.add_argument("--status", default="", choices=["", "open", "approved", "cancelled"], help="kun denne status")
    p.set_defaults(func=cmd_list)

    p = meetings.add_parser("show", help="vis ét møde med deltagere, dagsorden, referat og dispositioner")
    p.add_argument("id", help="mødets id eller nummer (fx M-2026-0012)")
    p.set_defaults(func=cmd_show)

    p = meetings.add_parser("edit", help="ret et mødes dato, klokkeslæt, sted eller mødeforum (dagsordenen bevares)")
    p.add_argument("id", help="mødets id eller nummer (fx M-2026-0012)")
    p.add_argument("--date", help="ny dato, fx 2026-03-10 eller 10.3.2026")
    p.add_argument("--time", help="nyt klokkeslæt, fx 14:00")
    p.add_argument("--place", help="nyt sted (tom tekst fjerner stedet)")
    p.add_argument("--forum", help="nyt mødeforum, fx Koordinationsmøde")
    p.set_defaults(func=cmd_edit)

    p = meetings.add_parser(
        "propose",
        help="vis forslaget til et nyt mødes dagsorden og deltagere (gemmer intet)",
        description="Vis, hvad næste møde i forummet bør behandle, og hvem der skal indkaldes: forummets deltagere, "
        "sagernes obligatoriske indkaldelser (fx Familieafsnittet for unge under 18, DKE-lederen ved radikalisering) "
        "og forslag, som du selv vælger (fagpersoner ved 16-18+, Operativgruppens faste medlemmer).",
    )
    p.add_argument("--forum", required=True, help="mødeforum, fx Sagsmøde")
    p.add_argument("--at", required=True, help="mødetidspunkt YYYY-MM-DD TT:MM")
    p.add_argument("--area", default="", help="skoledistrikt / lokalområde")
    p.set_defaults(func=cmd_propose)

    p = meetings.add_parser("dispositions", help="vis åbne dispositioner")
    p.add_argument("--forum", default="", help="kun dette mødeforum")
    p.set_defaults(func=cmd_dispositions)


def cmd_list(args: argparse.Namespace) -> int:
    with opened_vault(args) as vault:
        rows = [m.to_json() for m in list_meetings(vault, forum=args.forum, status=args.status)]

    def text(rows: list[dict]) -> str:
        if not rows:
            return "Ingen møder."
        lines = [f"{'Nummer':<12} {'Tidspunkt':<16} {'Status':<9} {'Punkter':>7} {'Åbne disp.':>10}  Mødeforum"]
        for r in rows:
            where = f"{r['forum']} – {r['area']}" if r["area"] else r["forum"]
            lines.append(
                f"{r['number']:<12} {r['starts_at'].replace('T', ' '):<16} "
                f"{MEETING_STATUS_LABELS[r['status']]:<9} {r['item_count']:>7} {r['open_dispositions']:>10}  "
                f"{where}"
            )
        return "\n".join(lines)

    emit(args, rows, text)
    return 0


def _disposition_line(d: dict) -> str:
    due = f", frist {d['due']}" if d["due"] else ""
    return f"{d['owner']}: {d['what']}{due} ({DISPOSITION_STATUS_LABELS[d['status']]})"


def _show_text(data: dict) -> str:
    where = f" – {data['area']}" if data["area"] else ""
    lines = [
        f"{data['number']}  {data['forum']}{where}  {data['starts_at'].replace('T', ' ')}  "
        f"({MEETING_STATUS_LABELS[data['status']]})"
    ]
    if data["place"]:
        lines.append(f"Sted: {data['place']}")
    if data["status"] == "approved":
        lines.append(f"Godkendt {data['approved_at']} af {data['approved_by']}")
    lines.append("Deltagere:")
    lines += [
        f"  {p['name'] or '–':<24} {p['role']:<45} {PARTICIPANT_STATUS_LABELS[p['status']]}"
        for p in data["participants"]
    ]
    lines.append("Dagsorden:")
    for item in data["items"]:
        lines.append(f"  {item['position']}. {item['heading']}")
        for label, key in (("Drøftelse", "discussion"), ("Beslutning", "decision")):
            if item["minutes"][key]:
                lines.append(f"     {label}: {item['minutes'][key]}")
        lines += [f"     Disposition: {_disposition_line(d)}" for d in item["dispositions"]]
        lines += [f"     Opfølgning: {_disposition_line(d)}" for d in item["followups"]]
    lines += [f"Tillæg {a['created_at']}: {a['text']}" for a in data["addenda"] if a["kind"] == "addendum"]
    return "\n".join(lines)


def cmd_show(args: argparse.Namespace) -> int:
    with opened_vault(args) as vault:
        detail = get_meeting(vault, args.id)
    emit(args, detail.to_json(), _show_text)
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    change = MeetingChange(day=args.date, at=args.time, place=args.place, forum=args.forum)
    with opened_vault(args) as vault:
        detail = edit_meeting(vault, args.id, change)
    emit(args, detail.to_json(), _show_text)
    return 0


def _proposal_json(proposal: AgendaProposal) -> dict:
    return {
        "forum": proposal.forum,
        "area": proposal.area,
        "starts_at": proposal.starts_at,
        "items": [{"heading": i.heading, "case_number": i.case_number, "reason": i.reason} for i in proposal.items],
        "participants": [
            {"role": p.role, "name": p.name, "contact_id": p.contact_id, "optional": p.optional}
            for p in proposal.participants
        ],
    }


def _person(p: dict) -> str:
    return f"  {p['role']}" + (f" – {p['name']}" if p["name"] else "")


def _proposal_text(data: dict) -> str:
    lines = [f"Forslag til {data['forum']} {data['starts_at'].replace('T', ' ')}", "Dagsorden:"]
    for n, item in enumerate(data["items"], 1):
        lines.append(f"  {n}. {item['heading']}" + (f" ({item['reason']})" if item["reason"] else ""))
    if not data["items"]:
        lines.append("  Ingen sager eller dispositioner venter på dette møde.")
    lines.append("Deltagere (indkaldes):")
    lines += [_person(p) for p in data["participants"] if not p["optional"]]
    offered = [p for p in data["participants"] if p["optional"]]
    if offered:
        lines.append("Kan også indkaldes:")
        lines += [_person(p) for p in offered]
    return "\n".join(lines)


def cmd_propose(args: argparse.Namespace) -> int:
    with opened_vault(args) as vault:
        proposal = propose_agenda(vault, args.forum, args.at, args.area)
    emit(args, _proposal_json(proposal), _proposal_text)
    return 0


def cmd_dispositions(args: argparse.Namespace) -> int:
    with opened_vault(args) as vault:
        found: list[Disposition] = open_dispositions(vault, forum=args.forum or None)
    rows = [d.to_json() for d in found]

    def text(rows: list[dict]) -> str:
        if not rows:
            return "Ingen åbne dispositioner."
        lines = [f"{d.origin:<12} {d.case_number or '':<13} {_disposition_line(d.to_json())}" for d in found]
        return "\n".join(lines)

    emit(args, rows, text)
    return 0
