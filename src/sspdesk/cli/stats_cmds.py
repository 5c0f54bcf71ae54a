"""`stats [--json] [--from DATE --to DATE] [--csv FILE] [--pdf FILE]`: the anonymised statistics report."""

from __future__ import annotations

import argparse
import textwrap
from datetime import date
from pathlib import Path

from sspdesk.cli.common import EXIT_USAGE, CliError, emit, opened_vault
from sspdesk.domain.statistics import ANONYMISED_NOTE
from sspdesk.statistics import default_period, report_pdf, save_csv, statistics
from sspdesk.store.files import write_private_atomically

_HELP = (
    "statistik til ledelsen (titlen står i den aktive profil): sager pr. niveau, mødeforum og område, sager pr. "
    "kilde, alder og kriminalitetstype, nye og afsluttede pr. måned, overholdte frister, grupper, underretninger og "
    "samtykker. Også --json er den anonymiserede rapport: ingen personoplysninger, antal fra 1 til 4 vises som "
    '"<5" og har "suppressed": true – det egentlige tal forlader aldrig boksen'
)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("stats", help="anonymiseret statistik til ledelsen", description=_HELP)
    p.add_argument(
        "--json",
        action="store_true",
        default=argparse.SUPPRESS,
        help='rapporten som JSON (samme anonymiserede tal som PDF og CSV; "<5" med "suppressed": true)',
    )
    p.add_argument(
        "--from",
        dest="from_date",
        metavar="DATE",
        help="periodens første dag YYYY-MM-DD (standard: den 1. i måneden for 11 måneder siden)",
    )
    p.add_argument("--to", dest="to_date", metavar="DATE", help="periodens sidste dag YYYY-MM-DD (standard: i dag)")
    p.add_argument("--csv", metavar="FILE", help="skriv rapporten som CSV (semikolonsepareret)")
    p.add_argument("--pdf", metavar="FILE", help="skriv rapporten som PDF")
    p.set_defaults(func=cmd_stats)


def _day(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CliError(f"Ugyldig dato for {name}: {value} (brug YYYY-MM-DD)", EXIT_USAGE) from None


def _out(value: str | None) -> Path | None:
    if not value:
        return None
    path = Path(value)
    if not path.parent.is_dir():
        raise CliError(f"Mappen findes ikke: {path.parent}", EXIT_USAGE)
    return path


def _text(data: dict) -> str:
    lines = [data["title"], f"Klassifikationsmodel: {data['profile']}", f"Periode: {data['from']} – {data['to']}", ""]
    for section in data["sections"]:
        lines.append(section["title"])
        for row in section["rows"]:
            share = f"  ({row['share']})" if row.get("share") else ""
            lines.append(f"  {row['label']:<48} {row['count']!s:>6}{share}")
        if section.get("note"):
            lines += textwrap.wrap(section["note"], 100, initial_indent="  ", subsequent_indent="  ")
        lines.append("")
    lines.append(ANONYMISED_NOTE)
    return "\n".join(lines)


def cmd_stats(args: argparse.Namespace) -> int:
    today = date.today()
    first, last = default_period(today)
    first = _day(args.from_date, "--from") or first
    last = _day(args.to_date, "--to") or last
    csv_path, pdf_path = _out(args.csv), _out(args.pdf)
    with opened_vault(args) as vault:
        stats = statistics(vault, first, last, today=today)
        data = stats.to_json()
        written = []
        if csv_path is not None:
            write_private_atomically(csv_path, save_csv(vault, stats))
            written.append(str(csv_path))
        if pdf_path is not None:
            write_private_atomically(pdf_path, report_pdf(vault, stats))
            written.append(str(pdf_path))
    if written:
        data["files"] = written
    emit(args, data, lambda d: _text(d) + "".join(f"\nSkrevet: {p}" for p in written))
    return 0
