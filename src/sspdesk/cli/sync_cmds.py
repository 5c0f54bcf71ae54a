"""CLI commands for the team folder: `sync`, `keys invite`, `peers add --invite` (issue 19).

`sync --folder DIR` runs one round (sspdesk/teamsync): it reads every complete file addressed to this laptop from a
trusted colleague, writes this laptop's new files and prunes its own acknowledged ones. Exit 0 when the round ran,
whatever foreign, temp or broken files lie in the folder (they are listed); exit 4 when the vault (or its backups)
lies inside the folder or the folder is missing. The folder is remembered as the vault's team folder; without
--folder the remembered one is used. Imports that delete cases, meetings or consents wait for --yes.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from sspdesk.bundles import BundleError
from sspdesk.cli.common import EXIT_INVALID, EXIT_USAGE, CliError, emit, opened_vault
from sspdesk.domain.dates import stamp_text
from sspdesk.teamsync import (
    add_from_invitation,
    fingerprint_words,
    read_invitation,
    run_round,
    set_team_folder,
    team_folder,
    write_invitation,
)


def _subcommands(parser: argparse.ArgumentParser) -> argparse._SubParsersAction:
    return next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "sync",
        help="synkronisér én gang med teammappen (Syncthing, OneDrive, netværksdrev)",
        description="Læs kollegernes nye filer i teammappen, skriv denne computers egne, og ryd op i egne filer, "
        "som alle modtagere har kvitteret for. Mappen huskes som datafilens teammappe.",
    )
    p.add_argument("--folder", default=None, help="teammappen (ellers den, datafilen husker)")
    p.add_argument("--yes", action="store_true", help="bekræft importer, der sletter sager, møder eller samtykker")
    p.set_defaults(func=cmd_sync)

    keys = _subcommands(sub.choices["keys"])
    p = keys.add_parser("invite", help="skriv en invitation (navn, myndighed, type, nøgler) til en kollega")
    p.add_argument("--out", required=True, help="invitationsfilen, der skrives (fx navn.sspinvite)")
    p.add_argument("--authority", default=None, help="din myndighed/tilhørsforhold (ellers «SSP <kommune>»)")
    p.add_argument("--party", default=None, help="din type fra profilen (ellers ssp)")
    p.set_defaults(func=cmd_keys_invite)


# -- sync ----------------------------------------------------------------------------------------------------------


def _lines(title: str, entries: list[dict[str, str]]) -> list[str]:
    return [f"{title}: {e['file']} – {e['reason']}" for e in entries]


def _sync_text(data: dict[str, Any]) -> str:
    imported = data["imported"]
    lines = [f"Synkroniseret med {data['folder']}."]
    for sent in data["sent"]:
        left_out = f" (udeladt uden hjemmel: {', '.join(sent['left_out'])})" if sent["left_out"] else ""
        lines.append(f"Skrevet til {sent['to']}: {sent['file']} ({sent['records']} poster){left_out}")
    if not data["written"]:
        lines.append("Intet nyt at skrive.")
    for received in data["received"]:
        lines.append(
            f"Modtaget fra {received['from']}: tilføjet {received['added']}, opdateret {received['updated']}, "
            f"uændret {received['unchanged']}, konflikter {received['conflicts']}"
        )
    lines.append(
        f"I alt: tilføjet {imported['added']}, opdateret {imported['updated']}, uændret {imported['unchanged']}, "
        f"konflikter {imported['conflicts']}, slettet {imported['deleted']}"
    )
    if imported["conflicts"]:
        lines.append("Begge versioner er gemt for posterne i konflikt; vælg den rigtige under Udveksling.")
    lines += data["events"]
    lines += _lines("Sprunget over", data["skipped"])
    lines += _lines("I karantæne (læses ikke igen)", data["quarantined"])
    lines += _lines("Venter på bekræftelse (brug --yes)", data["waiting"])
    lines += [f"Kunne ikke skrive til {e['peer']}: {e['reason']}" for e in data["errors"]]
    if data["pruned"]:
        count = len(data["pruned"])
        files = "egen fil" if count == 1 else "egne filer"
        lines.append(f"Ryddet op: {count} {files}, som modtagerne har kvitteret for.")
    return "\n".join(lines)


def cmd_sync(args: argparse.Namespace) -> int:
    with opened_vault(args) as vault:
        folder = Path(args.folder) if args.folder else team_folder(vault)
        if folder is None:
            raise CliError("Ingen teammappe valgt: brug --folder MAPPE.", EXIT_USAGE)
        report = run_round(vault, folder, confirm=args.yes)  # Invalid (vault inside, no folder): exit 4
        set_team_folder(vault, folder)
    emit(args, report.to_json(), _sync_text)
    return 0


# -- invitations ---------------------------------------------------------------------------------------------------


def cmd_keys_invite(args: argparse.Namespace) -> int:
    with opened_vault(args) as vault:
        try:
            invitation = write_invitation(vault, Path(args.out), authority=args.authority, party_type=args.party)
        except BundleError as error:  # an unknown party type
            raise CliError(error.message, error.exit_code) from error
    data = {**invitation.to_json(), "path": args.out, "words": fingerprint_words(invitation.fingerprint)}
    emit(
        args,
        data,
        f"Invitation skrevet: {args.out}\n"
        f"Navn: {invitation.name}, {invitation.authority or 'ingen myndighed'}, type {invitation.party_type}\n"
        f"Fingeraftryk: {invitation.fingerprint}\n"
        f"Læs op for kollegaen: {data['words']}",
    )
    return 0


def cmd_peers_add_invite(args: argparse.Namespace) -> int:
    """`peers add --invite FILE [--party TYPE] [NAME]` (called from bundle_cmds' `peers add`)."""
    invitation = read_invitation(Path(args.invite))  # Invalid: exit 4
    with opened_vault(args) as vault:
        try:
            peer = add_from_invitation(vault, invitation, name=args.name or None, party_type=args.party or None)
        except BundleError as error:
            raise CliError(error.message, error.exit_code or EXIT_INVALID) from error
    data = {**peer.to_json(), "words": fingerprint_words(peer.fingerprint)}
    text = (
        f"Kollega tilføjet: {peer.name} ({peer.authority or 'ingen myndighed'}, {peer.party_type or 'ingen type'})\n"
        f"Fingeraftryk: {peer.fingerprint}\n"
        f"Kontrollér med kollegaen, at det lyder: {data['words']}"
    )
    emit(args, data, text)
    return 0


def sync_columns(row: dict[str, Any]) -> str:
    """`peers list`: last sync and acknowledgement, as dates."""

    def when(stamp: str) -> str:
        return stamp_text(stamp) if stamp else "aldrig"

    count = row["unacknowledged"]
    waiting = f" ({count} {'fil venter' if count == 1 else 'filer venter'} på kvittering)" if count else ""
    return f"sidst synkroniseret: {when(row['last_sync_at'])}, sidst kvitteret: {when(row['last_ack_at'])}{waiting}"
