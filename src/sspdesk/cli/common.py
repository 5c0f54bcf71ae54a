"""What every CLI command shares: exit codes, vault and passphrase resolution, output, error mapping."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from sspdesk.domain.errors import Invalid, ServiceError
from sspdesk.domain.limits import printable
from sspdesk.duties import journal_rule
from sspdesk.duties.minimisation import JournalRules, journal_text_findings
from sspdesk.paths import resolve_vault_path
from sspdesk.store.errors import (
    NotAVault,
    PassphraseRejected,
    VaultDamaged,
    VaultError,
    WrongPassphrase,
)
from sspdesk.store.files import readable_by_others
from sspdesk.store.vault import Vault
from sspdesk.vaults import unlock_vault

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_AUTH = 3  # wrong passphrase, bad signature, wrong key
EXIT_INVALID = 4  # invalid or corrupt input; nothing was changed


class EscapingWriter:
    """A text stream that writes control and bidi characters as \\uXXXX (domain.limits.printable): whatever an
    old vault or a colleague's bundle once stored, the CLI never sends an ANSI escape or a bidi override to the
    terminal raw. Everything else (isatty, buffer for binary output, …) is the wrapped stream's."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(printable(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


@contextmanager
def escaped_output() -> Iterator[None]:
    """sys.stdout and sys.stderr as EscapingWriters for the duration of a command."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = EscapingWriter(sys.stdout), EscapingWriter(sys.stderr)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


class CliError(Exception):
    """A failure with a one-line message and an exit code."""

    def __init__(self, message: str, code: int = EXIT_FAILURE) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def exit_code_for(error: VaultError | ServiceError) -> int:
    """The exit code of an error a command lets through: refused input is 4, a missing record 1."""
    if isinstance(error, Invalid):
        return EXIT_INVALID
    if isinstance(error, WrongPassphrase):
        return EXIT_AUTH
    if isinstance(error, NotAVault | VaultDamaged | PassphraseRejected):
        return EXIT_INVALID
    return EXIT_FAILURE


def vault_path(args: argparse.Namespace) -> Path:
    return resolve_vault_path(args.vault)


def read_passphrase(args: argparse.Namespace, *, confirm: bool = False, prompt: str = "Adgangskode: ") -> str:
    """SSPDESK_PASSPHRASE, else --passphrase-file, else a prompt on the terminal."""
    env = os.environ.get("SSPDESK_PASSPHRASE")
    if env is not None:
        return env
    if args.passphrase_file:
        return read_secret_file(Path(args.passphrase_file))
    return prompt_secret(prompt, confirm=confirm)


def read_secret_file(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CliError(f"Kan ikke læse adgangskodefilen: {exc.strerror}", EXIT_USAGE) from exc
    if readable_by_others(path):
        # Not refused: scripts that worked keep working, but the user learns that the passphrase is exposed.
        print(
            f"Advarsel: adgangskodefilen {path} kan læses af andre brugere. Gør den privat (chmod 600).",
            file=sys.stderr,
        )
    # Only the line ending is stripped: spaces may be part of a passphrase.
    return text.rstrip("\r\n")


def prompt_secret(prompt: str, *, confirm: bool = False) -> str:
    if not sys.stdin or not sys.stdin.isatty():
        raise CliError("Ingen adgangskode: sæt SSPDESK_PASSPHRASE eller brug --passphrase-file.", EXIT_USAGE)
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("Gentag: ") != first:
        raise CliError("De to adgangskoder er ikke ens.", EXIT_USAGE)
    return first


@contextmanager
def opened_vault(args: argparse.Namespace) -> Iterator[Vault]:
    vault = unlock_vault(vault_path(args), read_passphrase(args))
    try:
        yield vault
    finally:
        vault.close()


def parse_day(value: str) -> date:
    """A YYYY-MM-DD option; empty = today. A wrong date is a usage error (exit 2)."""
    try:
        return date.fromisoformat(value) if value else date.today()
    except ValueError as exc:
        raise CliError(f"Ugyldig dato: {value} (brug YYYY-MM-DD)", EXIT_USAGE) from exc


def json_everywhere(parser: argparse.ArgumentParser) -> None:
    """Accept `--json` after the command too, on every command: each leaf parser gets the flag with
    default=SUPPRESS, so without it there the global `--json` (before the command) still counts. A command that
    defines its own `--json` (with its own help text) keeps it."""
    commands = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not commands:
        if "--json" not in parser._option_string_actions:
            parser.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="maskinlæsbart output")
        return
    for action in commands:
        for child in dict.fromkeys(action.choices.values()):  # aliases share one parser
            json_everywhere(child)


def emit(args: argparse.Namespace, data: Any, text: Callable[[Any], str] | str) -> None:
    """Print `data` as JSON with --json, else the human-readable text."""
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    else:
        print(text(data) if callable(text) else text)


def emit_stream(
    args: argparse.Namespace, items: Iterable[Any], line: Callable[[Any], str], header: str, empty: str
) -> None:
    """Print a long list as it is read, never all of it in memory: with --json exactly the array `emit` prints
    (`json.dumps(list, indent=2)`), written an element at a time; else `header` and a `line` per item (`empty`
    when there are none)."""
    out = sys.stdout
    count = 0
    for item in items:
        if args.json:
            element = json.dumps(item, ensure_ascii=False, indent=2, default=str).replace("\n", "\n  ")
            out.write(("[\n  " if count == 0 else ",\n  ") + element)
        else:
            out.write((header + "\n" if count == 0 else "") + line(item) + "\n")
        count += 1
    if args.json:
        out.write("\n]\n" if count else "[]\n")
    elif not count:
        out.write(empty + "\n")
    out.flush()


NOT_A_NAME_HELP = (
    "tekst, der ligner et navn, men ikke er en person (fx en skole opkaldt efter en person); tilføjes datafilens "
    "liste over tilladte udtryk (logges). Kan gentages. Et CPR-nr. eller et registreret navn kan ikke tillades."
)


def not_a_name_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--not-a-name", action="append", default=[], metavar="TEKST", help=NOT_A_NAME_HELP)


def allow_phrases(vault: Vault, phrases: list[str]) -> None:
    """--not-a-name: allow each phrase before the write. All are checked first, so a refused one (a CPR number, a
    registered name) changes nothing: `allow_phrase` says why in Danish (exit 4) before it stores anything."""
    if not phrases:
        return
    registered = JournalRules(journal_rule.rules_for(vault.conn).registered_names)
    for phrase in phrases:
        text = " ".join(phrase.split())
        if (
            not text
            or len(text) > journal_rule.MAX_PHRASE
            or any(not f.allowable for f in journal_text_findings(text, registered))
        ):
            journal_rule.allow_phrase(vault, phrase)  # refuses it (Invalid), storing nothing
    for phrase in phrases:
        journal_rule.allow_phrase(vault, phrase)
