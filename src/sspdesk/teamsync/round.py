"""One sync round: read the team folder, write this laptop's new files, prune what was acknowledged."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sspdesk.domain.dates import utc_stamp
from sspdesk.domain.errors import Invalid
from sspdesk.store.vault import Vault
from sspdesk.teamsync.folder import check_folder, list_folder
from sspdesk.teamsync.reading import read_files
from sspdesk.teamsync.writing import prune, remove_own_partials, write_files


@dataclass
class RoundReport:
    """What one round did. `to_json()` has the contract's keys (written, imported, skipped, quarantined, pruned)
    and a few more: waiting (imports that ask for a confirmation), errors (files that could not be written),
    not_for_us / already (files passed over quietly), acknowledged (our files the colleagues confirmed), and per
    file what came from whom (`received`) and what went to whom (`sent`)."""

    folder: Path
    at: str
    written: list[str] = field(default_factory=list)
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    conflicts: int = 0
    deleted: int = 0
    erased: int = 0
    skipped: list[dict[str, str]] = field(default_factory=list)
    quarantined: list[dict[str, str]] = field(default_factory=list)
    pruned: list[str] = field(default_factory=list)
    waiting: list[dict[str, str]] = field(default_factory=list)
    errors: list[dict[str, str]] = field(default_factory=list)
    not_for_us: int = 0
    already: int = 0
    acknowledged: list[str] = field(default_factory=list)
    received: list[dict[str, Any]] = field(default_factory=list)
    sent: list[dict[str, Any]] = field(default_factory=list)
    events: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "folder": str(self.folder),
            "at": self.at,
            "written": list(self.written),
            "imported": {
                "added": self.added,
                "updated": self.updated,
                "unchanged": self.unchanged,
                "conflicts": self.conflicts,
                "deleted": self.deleted,
                "erased": self.erased,
            },
            "skipped": list(self.skipped),
            "quarantined": list(self.quarantined),
            "pruned": list(self.pruned),
            "waiting": list(self.waiting),
            "errors": list(self.errors),
            "not_for_us": self.not_for_us,
            "already": self.already,
            "acknowledged": list(self.acknowledged),
            "received": list(self.received),
            "sent": list(self.sent),
            "events": list(self.events),
        }

    @property
    def new(self) -> int:
        """Records added or changed here this round (the status bar's "n nye")."""
        return self.added + self.updated


def run_round(vault: Vault, folder: Path, *, now: datetime | None = None, confirm: bool = False) -> RoundReport:
    """One sync round in `folder` (see the package docstring). `confirm` answers yes to the imports that ask
    (deletions of cases, meetings or consents, a large change); without it they wait, listed under `waiting`.
    Raises Invalid when the vault lies inside the folder or the folder is missing; any file in the folder is
    judged, never a reason to fail."""
    folder = Path(folder).expanduser()
    check_folder(vault.path, folder, backup_dir=vault.backup_folder())
    moment = now or datetime.now(UTC)
    at = utc_stamp(moment)
    report = RoundReport(folder, at)
    try:
        remove_own_partials(vault, folder)
        files = list_folder(folder)
    except OSError as exc:
        raise Invalid(f"Teammappen kan ikke læses: {exc.strerror or exc}", "team_folder") from exc
    read = read_files(vault, files, confirm=confirm, at=at)
    for name, sender, imported in read.imported:
        report.added += imported.added
        report.updated += imported.updated
        report.unchanged += imported.unchanged
        report.conflicts += imported.conflicts
        report.deleted += sum(imported.deleted.values())
        report.erased += imported.erased
        report.events += imported.events
        report.received.append({"file": name, "from": sender, **imported.to_json()})
    report.skipped, report.quarantined, report.waiting = read.skipped, read.quarantined, read.waiting
    report.not_for_us, report.already, report.acknowledged = read.not_for_us, read.already, read.acked
    wrote = write_files(vault, folder, files, on=moment.astimezone().date(), at=at)
    report.written, report.sent, report.errors = wrote.written, wrote.sent, wrote.errors
    report.pruned = prune(vault, folder, files, at=at)
    return report
