"""The words for the team-folder rounds: the status bar's one line and the round log's lines per round.

The status line reads "Synkroniseret 14.05 · 3 nye · 1 konflikt": when the last round ended, what it brought in
(records added or changed here) and how many conflicts wait for a choice on Udveksling (all open ones, not only
this round's: a conflict stays news until it is resolved). Files in quarantine, imports waiting for a confirmation
and files that could not be written are named too; skipped files (temp files, conflict copies, foreign files) only
in the log – they are the sync engine's business and no reason to worry.
"""

from __future__ import annotations

from typing import Any

from sspdesk.ui.sync.sync_controller import RoundEntry
from sspdesk.ui.widgets.labels import plural

NO_FOLDER = "Ingen teammappe"
RUNNING = "Synkroniserer …"
WAITING_FIRST = "Teammappe valgt – synkroniserer snart"


def clock(entry: RoundEntry) -> str:
    return f"{entry.at:%H.%M}"


def status_text(entry: RoundEntry | None, *, running: bool, open_conflicts: int, has_folder: bool) -> str:
    if not has_folder:
        return NO_FOLDER
    if running:
        return RUNNING
    if entry is None:
        return WAITING_FIRST
    if entry.error:
        return f"Ikke synkroniseret {clock(entry)} – se loggen"
    report = entry.report
    parts = [f"Synkroniseret {clock(entry)}"]
    if report is not None and report.new:
        parts.append(f"{report.new} nye")
    if open_conflicts:
        parts.append(plural(open_conflicts, "konflikt", "konflikter"))
    if report is not None:
        if report.quarantined:
            parts.append(f"{len(report.quarantined)} i karantæne")
        if report.waiting:
            parts.append(f"{len(report.waiting)} venter på bekræftelse")
        if report.errors:
            parts.append(f"{plural(len(report.errors), 'fejl', 'fejl')} ved skrivning")
    return " · ".join(parts)


def needs_attention(entry: RoundEntry | None, open_conflicts: int) -> bool:
    """Something the user should look at: the status is shown in the warning colour."""
    if open_conflicts:
        return True
    if entry is None:
        return False
    report = entry.report
    return bool(entry.error) or (report is not None and bool(report.quarantined or report.waiting or report.errors))


def _files(title: str, entries: list[dict[str, str]]) -> list[str]:
    return [f"{title}: {e['file']} – {e['reason']}" for e in entries]


def entry_title(entry: RoundEntry) -> str:
    """The round's line in the list of rounds."""
    if entry.error:
        return f"{clock(entry)}  Ikke synkroniseret"
    report = entry.report
    if report is None:
        return clock(entry)
    bits = []
    if report.received:
        bits.append(f"{plural(len(report.received), 'fil', 'filer')} modtaget")
    if report.sent:
        bits.append(f"{plural(len(report.sent), 'fil', 'filer')} sendt")
    if report.skipped or report.quarantined:
        bits.append(f"{len(report.skipped) + len(report.quarantined)} sprunget over")
    return f"{clock(entry)}  {' · '.join(bits) if bits else 'Intet nyt'}"


def entry_lines(entry: RoundEntry) -> list[str]:
    """What the round did: what came from whom, what went to whom, what was skipped and why."""
    lines = [f"Runde {entry.at:%d.%m.%Y} kl. {clock(entry)} ({entry.reason})."]
    if entry.error:
        return [*lines, f"Ikke synkroniseret: {entry.error}"]
    report = entry.report
    if report is None:
        return lines
    lines.append(f"Teammappe: {report.folder}")
    received: list[dict[str, Any]] = report.received
    for got in received:
        lines.append(
            f"Modtaget fra {got['from']}: {got['added']} nye, {got['updated']} opdateret, "
            f"{got['unchanged']} uændret, {plural(int(got['conflicts']), 'konflikt', 'konflikter')}"
        )
    if not received:
        lines.append("Intet nyt modtaget.")
    for sent in report.sent:
        left_out = sent.get("left_out") or []
        note = f" – udeladt uden hjemmel: {', '.join(left_out)}" if left_out else ""
        lines.append(f"Sendt til {sent['to']}: {plural(int(sent['records']), 'post', 'poster')}{note}")
    if not report.sent:
        lines.append("Intet nyt at sende.")
    if report.conflicts:
        lines.append("Begge versioner er gemt for posterne i konflikt; vælg den rigtige under Udveksling › Konflikter.")
    lines += report.events
    lines += _files("Sprunget over", report.skipped)
    lines += _files("I karantæne (læses ikke igen)", report.quarantined)
    lines += _files("Venter på bekræftelse", report.waiting)
    lines += [f"Kunne ikke skrive til {e.get('peer', '?')}: {e.get('reason', '')}" for e in report.errors]
    if report.pruned:
        lines.append(
            f"Ryddet op: {plural(len(report.pruned), 'egen fil', 'egne filer')}, som modtagerne har kvitteret for."
        )
    return lines
