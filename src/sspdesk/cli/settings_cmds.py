"""CLI commands for municipal settings: settings closing-days [DAYS] | leader [NAME]."""

from __future__ import annotations

import argparse

from sspdesk.cases import active_profile
from sspdesk.cli.common import emit, opened_vault
from sspdesk.deadlines import closing_days_text
from sspdesk.preferences import set_closing_days, set_leader_name
from sspdesk.routing import LEADER_NAME_SETTING


def register(sub: argparse._SubParsersAction) -> None:
    settings = sub.add_parser("settings", help="kommunens indstillinger").add_subparsers(
        dest="settings_cmd", required=True
    )
    p = settings.add_parser(
        "closing-days",
        help="kommunens lukkedage (MM-DD), som fristerne springer over; uden DAGE: vis dem",
    )
    p.add_argument(
        "days",
        nargs="?",
        default=None,
        help="fx '06-05, 12-24, 12-31', 'ingen', eller '' for klassifikationsmodellens lukkedage",
    )
    p.set_defaults(func=cmd_closing_days)
    p = settings.add_parser(
        "leader",
        help="DKE-lederens navn (sager om radikalisering indbringes for lederen); uden NAVN: vis det",
    )
    p.add_argument("name", nargs="?", default=None, help="lederens navn, eller '' for at fjerne det")
    p.set_defaults(func=cmd_leader)


def cmd_leader(args: argparse.Namespace) -> int:
    with opened_vault(args) as vault:
        if args.name is not None:
            set_leader_name(vault, args.name)
        name = vault.setting(LEADER_NAME_SETTING) or ""
        role = active_profile(vault).leader_role
    emit(args, {"leader_name": name, "leader_role": role}, f"{role}: {name or 'intet navn angivet'}")
    return 0


def cmd_closing_days(args: argparse.Namespace) -> int:
    with opened_vault(args) as vault:
        if args.days is not None:
            set_closing_days(vault, args.days)
        own = closing_days_text(vault)
        profile = active_profile(vault)
    days = own or ", ".join(profile.closing_days)
    data = {"closing_days": days, "from_profile": not own, "profile": profile.id}
    source = f"klassifikationsmodellen {profile.name}" if not own else "kommunens indstilling"
    emit(args, data, f"Lukkedage: {days or 'ingen'} ({source})")
    return 0
