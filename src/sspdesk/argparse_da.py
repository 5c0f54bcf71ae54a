"""argparse in Danish, without gettext: `DanishParser` writes usage, help and errors in Danish.

argparse takes its texts from gettext's "argparse" domain, which needs a compiled catalogue on the user's machine
and a Danish locale in the environment – neither is ours to rely on (a consultant's laptop may well run an English
locale). So the parser says it itself: the help sections and the -h/--version help are set when the parser is made,
the usage prefix comes from `DanishHelpFormatter`, and an error message (argparse builds it in English deep inside
parse_args) is translated by the patterns of `ERRORS` before it is printed. A sub-command's place in usage and errors
is called "kommando" instead of its dest ("cases_cmd"). Exit code 2 on every usage error, as argparse.

Both `sspdesk-cli` and the GUI's `sspdesk --help` use it, so it lives beside the services, not under cli/.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any, NoReturn

EXIT_USAGE = 2
USAGE_PREFIX = "brug: "
POSITIONALS_TITLE = "argumenter"
OPTIONALS_TITLE = "tilvalg"
HELP_HELP = "vis denne hjælp og afslut"
VERSION_HELP = "vis programmets version og afslut"
COMMAND_METAVAR = "kommando"
# Positional arguments are shown by their dest unless they have a metavar: the commands' English dests in Danish.
METAVARS = {
    "file": "fil",
    "name": "navn",
    "peer": "kollega",
    "case": "sag",
    "ref": "reference",
    "event_id": "hændelse",
    "backup_file": "kopi",
    "device_id": "enhed",
}

# argparse's English error messages (Python 3.11–3.13) → Danish; the first matching pattern wins, applied to each
# part of "argument X: message" separately. Unknown messages are printed as they are.
ERRORS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p, re.DOTALL), r)
    for p, r in (
        (r"^the following arguments are required: (.*)$", r"disse argumenter mangler: \1"),
        (r"^unrecognized arguments: (.*)$", r"ukendte argumenter: \1"),
        (r"^invalid choice: (.*) \(choose from (.*)\)$", r"ugyldigt valg: \1 (vælg mellem \2)"),
        (r"^expected one argument$", "mangler en værdi"),
        (r"^expected at most one argument$", "højst én værdi"),
        (r"^expected at least one argument$", "mindst én værdi"),
        (r"^expected (\d+) arguments?$", r"forventer \1 værdier"),
        (r"^invalid int value: (.*)$", r"ugyldigt heltal: \1"),
        (r"^invalid float value: (.*)$", r"ugyldigt tal: \1"),
        (r"^invalid (.*) value: (.*)$", r"ugyldig værdi: \2"),
        (r"^one of the arguments (.*) is required$", r"et af argumenterne \1 skal angives"),
        (r"^not allowed with argument (.*)$", r"kan ikke bruges sammen med \1"),
        (r"^ambiguous option: (.*) could match (.*)$", r"flertydigt tilvalg: \1 kan betyde \2"),
        (r"^ignored explicit argument (.*)$", r"overflødig værdi ignoreret: \1"),
        (r"^unknown parser (.*) \(choices: (.*)\)$", r"ukendt kommando \1 (vælg mellem \2)"),
        (r"^can't open '(.*)': (.*)$", r"kan ikke åbne '\1': \2"),
    )
]
_ARGUMENT = re.compile(r"^argument (.*?): (.*)$", re.DOTALL)


def danish_message(message: str) -> str:
    """An argparse error message in Danish ("argument --x: expected one argument" → "argument --x: mangler en
    værdi"); a message no pattern knows stays as it is."""
    argument = _ARGUMENT.match(message)
    if argument:
        return f"argument {argument.group(1)}: {danish_message(argument.group(2))}"
    for pattern, replacement in ERRORS:
        if pattern.match(message):
            return pattern.sub(replacement, message)
    return message


class DanishHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, USAGE_PREFIX if prefix is None else prefix)


class DanishParser(argparse.ArgumentParser):
    """An ArgumentParser that speaks Danish; its sub-command parsers are DanishParsers too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", DanishHelpFormatter)
        super().__init__(*args, **kwargs)
        self._positionals.title = POSITIONALS_TITLE
        self._optionals.title = OPTIONALS_TITLE
        for action in self._actions:
            if isinstance(action, argparse._HelpAction):
                action.help = HELP_HELP

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        if kwargs.get("action") == "version":
            kwargs.setdefault("help", VERSION_HELP)
        if len(args) == 1 and not str(args[0]).startswith("-") and "choices" not in kwargs:
            kwargs.setdefault("metavar", METAVARS.get(args[0]))
        return super().add_argument(*args, **kwargs)

    def add_subparsers(self, **kwargs: Any) -> Any:
        kwargs.setdefault("metavar", COMMAND_METAVAR)
        kwargs.setdefault("parser_class", type(self))
        return super().add_subparsers(**kwargs)

    def error(self, message: str) -> NoReturn:  # argparse exits 2 on usage errors; keep that, in one line
        self.print_usage(sys.stderr)
        print(f"{self.prog}: fejl: {danish_message(message)}", file=sys.stderr)
        sys.exit(EXIT_USAGE)
