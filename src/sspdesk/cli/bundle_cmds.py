"""CLI commands for bundles: export, import, fagsystem-export, peers list | add | edit | forget-device.

A bundle passphrase (distinct from the vault's SSPDESK_PASSPHRASE) comes from SSPDESK_BUNDLE_PASSPHRASE or a
prompt. Exit codes: 3 wrong key / passphrase, bad signature, untrusted sender; 4 invalid, corrupt or tampered
input. In both cases nothing was changed.

Every bundle is a disclosure: `export` sends a DKE-Sag only on a basis for the recipient (a consent naming them, or
Retsplejelovens § 115 to an SSP partner with --confirm-necessity) and prints the cases sent (`exchanges`) and the
cases left out with why (`left_out`). A passphrase bundle (or an age key that is no colleague's) carrying a DKE-Sag
needs --recipient-name/--recipient-authority/--recipient-party; if every case is left out and nothing else would
travel, no file is written (exit 4).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from sspdesk.bundles import BundleError, LargeChange, UnknownSender
from sspdesk.bundles.disclosure import NOTHING_CONFIRMED, Confirmation, RecipientRequired
from sspdesk.bundles.export import ExportResult, Selection, export_bundle
from sspdesk.bundles.guards import DeviceMoved
from sspdesk.bundles.importer import describe, import_bundle, needs_passphrase
from sspdesk.bundles.peers import Peer, add_peer, edit_peer, forget_device, list_peers
from sspdesk.bundles.reading import read_bundle_file
from sspdesk.cli import sync_cmds
from sspdesk.cli.common import EXIT_USAGE, CliError, emit, opened_vault, prompt_secret
from sspdesk.cli.exchange_cmds import necessity_flags, split_keys
from sspdesk.domain.disclosure import NECESSITY, SENSITIVE_TEXT, Recipient
from sspdesk.fagsystem import fagsystem_export
from sspdesk.teamsync import peer_sync

BUNDLE_PASSPHRASE_ENV = "SSPDESK_BUNDLE_PASSPHRASE"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="eksportér en krypteret pakke (.sspbundle) til kolleger")
    p.add_argument("--out", required=True, help="pakkefilen, der skrives")
    to = p.add_mutually_exclusive_group(required=False)
    to.add_argument("--recipient", action="append", default=[], help="modtagerens age-nøgle (age1…) eller navn")
    to.add_argument(
        "--passphrase",
        dest="bundle_passphrase",
        action="store_true",
        help=f"kryptér med en adgangskode ({BUNDLE_PASSPHRASE_ENV} eller spørg)",
    )
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--case", action="append", default=[], help="sagens id eller nummer (kan gentages)")
    what.add_argument("--meeting", help="mødets id eller nummer")
    what.add_argument("--all", action="store_true", help="alle poster")
    what.add_argument("--since-peer", metavar="NAME", help="alt ændret siden sidste pakke til denne kollega")
    p.add_argument("--recipient-name", default="", help="modtagerens navn (pakke med adgangskode eller ukendt nøgle)")
    p.add_argument("--recipient-authority", default="", help="modtagerens myndighed/tilhørsforhold")
    p.add_argument("--recipient-party", default="", help="modtagerens type fra profilen, fx ssp, skole, politi")
    p.add_argument(
        "--confirm-necessity",
        action="store_true",
        help="bekræft nødvendighedsvurderingen for Retsplejelovens § 115: "
        + "; ".join([*NECESSITY.values(), SENSITIVE_TEXT]).lower()
        + "; oplysningerne videregives ikke til efterforskning af straffesager",
    )
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("import", help="importér en pakke (.sspbundle)")
    p.add_argument("file", help="pakkefilen")
    p.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="maskinlæsbart output")
    p.add_argument(
        "--trust",
        action="store_true",
        help="stol på en ny afsender (efter kontrol af fingeraftrykket) eller på en kollegas nye enhed (efter "
        "gendannelse fra en sikkerhedskopi)",
    )
    p.add_argument("--yes", action="store_true", help="bekræft en import, der ændrer eller sletter mange poster")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("fagsystem-export", help="overdrag sager til fagsystemet (krypteret PDF + JSON)")
    p.add_argument("--case", action="append", required=True, help="sagens id eller nummer (kan gentages)")
    p.add_argument("--out", required=True, help="filen, der skrives (age-krypteret ZIP)")
    p.add_argument("--basis", default="", help='hjemmel uden samtykke, fx "Retsplejelovens § 115"')
    necessity_flags(p)
    p.set_defaults(func=cmd_fagsystem_export)

    peers = sub.add_parser("peers", help="kolleger, der udveksles pakker med").add_subparsers(
        dest="peers_cmd", required=True
    )
    peers.add_parser("list", help="vis kolleger").set_defaults(func=cmd_peers_list)
    p = peers.add_parser("add", help="tilføj en kollega (fra en invitation eller med nøglerne)")
    p.add_argument("name", nargs="?", default="", help="kollegaens navn (med --invite: ellers navnet i invitationen)")
    p.add_argument("--invite", default="", metavar="FILE", help="kollegaens invitationsfil (fra `keys invite`)")
    p.add_argument("--recipient", default="", help="kollegaens age-nøgle (age1…), fra `keys show`")
    p.add_argument("--key", default="", help="kollegaens fingeraftryk (fra `keys show`) eller signeringsnøgle")
    p.add_argument("--authority", default="", help="kollegaens myndighed/tilhørsforhold, fx «SSP Albertslund»")
    p.add_argument("--party", default="", help="kollegaens type fra profilen, fx ssp, skole, politi")
    p.set_defaults(func=cmd_peers_add)
    p = peers.add_parser("edit", help="ret en kollegas navn, myndighed eller type")
    p.add_argument("peer", help="kollegaens navn eller fingeraftryk")
    p.add_argument("--name", default=None, help="nyt navn")
    p.add_argument("--authority", default=None, help="myndighed/tilhørsforhold")
    p.add_argument("--party", default=None, help="type fra profilen, fx ssp, skole, politi")
    p.set_defaults(func=cmd_peers_edit)
    p = peers.add_parser(
        "forget-device",
        help="glem hvilken nøgle en enhed hører til (ved en forkert binding)",
        description="Glem bindingen mellem en enhed og en kollegas nøgle, fx når en kollegas nøgle er bundet til en "
        "anden kollegas enhed. Den næste nøgle, der sender fra enheden, bindes til den. Skrives i logbogen.",
    )
    p.add_argument("device_id", metavar="DEVICE_ID", help="enhedens id (fra fejlbeskeden eller `peers list`)")
    p.set_defaults(func=cmd_peers_forget_device)


def _bundle_passphrase(*, confirm: bool) -> str:
    env = os.environ.get(BUNDLE_PASSPHRASE_ENV)
    if env is not None:
        return env
    if not sys.stdin or not sys.stdin.isatty():
        raise CliError(f"Ingen adgangskode til pakken: sæt {BUNDLE_PASSPHRASE_ENV}.", EXIT_USAGE)
    return prompt_secret("Adgangskode til pakken: ", confirm=confirm)


def _cli_error(error: BundleError) -> CliError:
    message = error.message
    if isinstance(error, UnknownSender):
        message += " Brug --trust, når fingeraftrykket er kontrolleret."
    elif isinstance(error, DeviceMoved):
        message += " Brug --trust, når kollegaen har bekræftet det."
    elif isinstance(error, LargeChange):
        message += " Brug --yes for at bekræfte."
    elif isinstance(error, RecipientRequired):
        message += " Brug --recipient-name, --recipient-authority og --recipient-party."
    return CliError(message, error.exit_code)


def _export_text(result: ExportResult) -> str:
    lines = [f"Pakke skrevet: {result.path} ({sum(result.counts.values())} poster)"]
    lines += [f"Sendt: {d.number} – {d.basis_text}" for d in result.plan.sent]
    lines += [f"Udeladt (ikke sendt): {d.number} – {d.why}" for d in result.plan.left_out]
    return "\n".join(lines)


def cmd_export(args: argparse.Namespace) -> int:
    selection = Selection(tuple(args.case), args.meeting, args.all, args.since_peer)
    if not args.recipient and not args.bundle_passphrase and not args.since_peer:
        raise CliError("Angiv --recipient age1… eller --passphrase.", EXIT_USAGE)
    parts = (args.recipient_name, args.recipient_authority, args.recipient_party)
    recipient = Recipient(*(" ".join(p.split()) for p in parts)) if any(p.strip() for p in parts) else None
    confirmation = Confirmation.everything() if args.confirm_necessity else NOTHING_CONFIRMED
    passphrase = _bundle_passphrase(confirm=True) if args.bundle_passphrase else None
    with opened_vault(args) as vault:
        try:
            result = export_bundle(
                vault,
                Path(args.out),
                selection,
                recipients=args.recipient,
                passphrase=passphrase,
                recipient=recipient,
                confirmation=confirmation,
            )
        except BundleError as error:
            raise _cli_error(error) from error
    data = {
        "bundle_id": result.bundle_id,
        "path": str(result.path),
        "counts": result.counts,
        "recipients": result.recipients,
        **result.disclosure_json(),
    }
    emit(args, data, _export_text(result))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    try:
        data = read_bundle_file(Path(args.file))  # judged by its size on disk first: never /dev/zero to the end
    except BundleError as error:
        raise _cli_error(error) from error
    with opened_vault(args) as vault:
        try:
            passphrase = _bundle_passphrase(confirm=False) if needs_passphrase(data) else None
            report = import_bundle(
                vault, data, passphrase=passphrase, trust_new_sender=args.trust, allow_large_change=args.yes
            )
        except BundleError as error:
            raise _cli_error(error) from error
    if report.new_peer:
        print(f"Ny afsender husket: {report.sender_name or 'uden navn'} ({report.sender_fingerprint})", file=sys.stderr)
    emit(args, report.to_json(), describe(report))
    return 0


def cmd_fagsystem_export(args: argparse.Namespace) -> int:
    with opened_vault(args) as vault:
        try:
            result = fagsystem_export(
                vault,
                args.case,
                Path(args.out),
                basis=args.basis,
                necessity=split_keys(args.necessity),
                conditions=split_keys(args.confirm),
            )
        except BundleError as error:
            raise _cli_error(error) from error
    emit(
        args,
        {"path": str(result.path), "cases": result.numbers},
        f"Fagsystemfil skrevet: {result.path} ({', '.join(result.numbers)})",
    )
    return 0


def _peer_line(p: dict[str, Any]) -> str:
    who = ", ".join(x for x in (p["authority"], p["party_type"]) if x) or "mangler myndighed og type: får kun journaler"
    line = f"{p['name']:<24} {p['fingerprint']}  enhed {p['device_id'] or '–'}  {who}  {p['recipient']}"
    return f"{line}\n{'':<24} {sync_cmds.sync_columns(p['sync'])}"


def cmd_peers_list(args: argparse.Namespace) -> int:
    with opened_vault(args) as vault:
        rows = [{**p.to_json(), "sync": peer_sync(vault, p.id).to_json()} for p in list_peers(vault)]
    emit(args, rows, lambda r: "\n".join(_peer_line(p) for p in r) or "Ingen kolleger endnu.")
    return 0


def _peer_text(verb: str, peer: Peer) -> str:
    text = f"Kollega {verb}: {peer.name} ({peer.fingerprint})"
    if peer.missing:
        text += f". Uden {peer.missing} sendes kun DKE-Journaler til kollegaen (`peers edit` --authority/--party)."
    return text


def cmd_peers_add(args: argparse.Namespace) -> int:
    if args.invite:
        return sync_cmds.cmd_peers_add_invite(args)
    if not args.name or not args.key:
        raise CliError("Angiv kollegaens navn og --key (eller --invite FIL).", EXIT_USAGE)
    with opened_vault(args) as vault:
        try:
            peer = add_peer(vault, args.name, args.recipient, args.key, authority=args.authority, party_type=args.party)
        except BundleError as error:
            raise _cli_error(error) from error
    emit(args, peer.to_json(), _peer_text("tilføjet", peer))
    return 0


def cmd_peers_edit(args: argparse.Namespace) -> int:
    with opened_vault(args) as vault:
        try:
            peer = edit_peer(vault, args.peer, name=args.name, authority=args.authority, party_type=args.party)
        except BundleError as error:
            raise _cli_error(error) from error
    emit(args, peer.to_json(), _peer_text("rettet", peer))
    return 0


def cmd_peers_forget_device(args: argparse.Namespace) -> int:
    with opened_vault(args) as vault:
        forgotten = forget_device(vault, args.device_id)
    data = {"device_id": forgotten.device_id, "fingerprint": forgotten.fingerprint, "peer": forgotten.peer_name}
    emit(args, data, forgotten.text())
    return 0
