"""`sspdesk-cli`: the command-line face of sspdesk (like keepassxc-cli).

Global options come before the command; `--json` may also come after it, on every command. Exit codes: 0 ok,
1 failure, 2 usage, 3 wrong passphrase or authentication failure, 4 invalid or corrupt input (nothing changed).
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import NoReturn

from sspdesk import __version__
from sspdesk.cli import (
    action_plan_cmds,
    bundle_cmds,
    case_cmds,
    consent_cmds,
    contact_cmds,
    duty_cmds,
    exchange_cmds,
    meeting_cmds,
    pdf_cmds,
    settings_cmds,
    stats_cmds,
    sync_cmds,
    underretning_cmds,
    vault_cmds,
)
from sspdesk.cli.common import EXIT_FAILURE, EXIT_USAGE, CliError, escaped_output, exit_code_for, json_everywhere
from sspdesk.domain.errors import ServiceError
from sspdesk.duties import leaks
from sspdesk.store.errors import VaultError

COMMAND_MODULES = [
    vault_cmds,
    case_cmds,
    action_plan_cmds,
    meeting_cmds,
    consent_cmds,
    exchange_cmds,
    contact_cmds,
    bundle_cmds,
    duty_cmds,
    underretning_cmds,
    stats_cmds,
    pdf_cmds,
    settings_cmds,
    sync_cmds,  # after vault_cmds: adds `keys invite` to its `keys`
]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse exits 2 on usage errors; keep that, in one line
        self.print_usage(sys.stderr)
        print(f"{self.prog}: fejl: {message}", file=sys.stderr)
        sys.exit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="sspdesk-cli", description="sspdesk på kommandolinjen")
    parser.add_argument("--vault", help="datafilen (ellers SSPDESK_VAULT, ellers standardplaceringen)")
    parser.add_argument("--passphrase-file", help="fil med adgangskoden (ellers SSPDESK_PASSPHRASE)")
    parser.add_argument("--json", action="store_true", help="maskinlæsbart output (også efter kommandoen)")
    parser.add_argument("--version", action="version", version=f"sspdesk {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for module in COMMAND_MODULES:
        module.register(sub)
    json_everywhere(parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    with escaped_output():  # existing data may hold control characters: never printed raw
        return _main(argv)


def _main(argv: list[str] | None) -> int:
    leaks.install_logging()
    if not os.environ.get("SSPDESK_DEBUG"):
        leaks.install_excepthook()
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except CliError as error:
        print(f"sspdesk-cli: {error.message}", file=sys.stderr)
        return error.code
    except (VaultError, ServiceError) as error:  # every service error carries its Danish message
        print(f"sspdesk-cli: {error.message}", file=sys.stderr)
        return exit_code_for(error)
    except KeyboardInterrupt:
        print("sspdesk-cli: afbrudt", file=sys.stderr)
        return EXIT_FAILURE
    except Exception as error:  # one clear line, never a traceback with data in it
        if os.environ.get("SSPDESK_DEBUG"):
            raise
        print(f"sspdesk-cli: uventet fejl ({type(error).__name__}); sæt SSPDESK_DEBUG=1 for detaljer.", file=sys.stderr)
        return EXIT_FAILURE


if __name__ == "__main__":
    sys.exit(main())
