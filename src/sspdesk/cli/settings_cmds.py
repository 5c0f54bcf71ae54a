"""CLI commands for municipal settings: settings closing-days [DAYS]."""

from __future__ import annotations

import argparse

from sspdesk.cases import active_profile
from sspdesk.cli.common import emit, opened_vault
from sspdesk.deadlines import closing_days_text
from sspdesk.preferences import set_closing_days


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
