"""Retention (opbevaringsfrist): a DKE-Sag's personal data is deleted N years after the case was closed.

Seed 000 l.808: "Personoplysninger registreret i DKE-Sag, må opbevares 5 år" – a maximum, counted from the closing
(l.809: the information is used "så længe sagen er aktiv"): the sag is due for deletion on the day N years after its
closing date, never later. A case left open without activity is proposed for closing in Overblik
(`sspdesk.inactivity`), so that the period starts at all.

N is the classification profile's `retention_years` (5 in both shipped profiles; the case's own profile decides,
the active one if that profile is gone). `due_for_retention` lists the sager whose period has run out;
`run_retention` erases them across the vault (see `sspdesk.duties.erasure`), leaving a deletion record without personal
data, and also prunes the audit log by its own period (`audit_service`).

Backups: every backup taken before the run still holds the erased data, so after the erasure a fresh backup is
taken and **all older backups are deleted** (also vault files set aside by a restore). That is simpler and safer
than rewriting each backup, and the confirmation text says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sspdesk.cases import active_profile
from sspdesk.domain.cases import CaseBrief
from sspdesk.domain.errors import Invalid
from sspdesk.duties import audit_service, erasure
from sspdesk.profiles import get_profile, profile_dirs
from sspdesk.store import duties_repo as repo
from sspdesk.store.vault import Vault
from sspdesk.workdays import add_months


@dataclass(frozen=True)
class DueCase:
    id: str
    number: str
    level: str
    registered: date
    closed_on: date
    due_on: date  # closed_on + the profile's retention period
    years: int

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "number": self.number,
            "level": self.level,
            "registered": self.registered.isoformat(),
            "closed_on": self.closed_on.isoformat(),
            "due_on": self.due_on.isoformat(),
            "years": self.years,
        }


@dataclass
class RetentionReport:
    dry_run: bool
    today: date
    due: list[DueCase]
    backups_to_delete: int = 0
    audit_entries_pruned: int = 0
    audit_years: int = audit_service.DEFAULT_RETENTION_YEARS
    erased: erasure.ErasureReport | None = None

    @property
    def backup(self) -> Path | None:
        return self.erased.backup if self.erased else None

    def to_json(self) -> dict[str, Any]:
        done = self.erased
        return {
            "dry_run": self.dry_run,
            "today": self.today.isoformat(),
            "due": [d.to_json() for d in self.due],
            "deleted": done.deleted if done else {},
            "consents": done.consent_refs if done else [],
            "mentions_redacted": done.mentions_redacted if done else 0,
            "backups_deleted": done.backups_deleted if done else 0,
            "backups_to_delete": self.backups_to_delete,
            "backup": str(done.backup) if done and done.backup else None,
            "audit_entries_pruned": self.audit_entries_pruned,
        }


def _years(profile_id: str, cache: dict[str, int], vault: Vault) -> int:
    if profile_id not in cache:
        try:
            cache[profile_id] = get_profile(profile_id, extra_dirs=profile_dirs()).retention_years
        except Invalid:  # a case of a profile that is gone or broken
            cache[profile_id] = active_profile(vault).retention_years
    return cache[profile_id]


MIN_RETENTION_YEARS = 1  # no profile keeps less (`Profile.retention_years`, ge=1)


def due_for_retention(vault: Vault, today: date | None = None) -> list[DueCase]:
    """Closed sager whose retention period has run out on `today` (closed_on + N years <= today): on the day the
    period ends they may be kept no longer."""
    day = today or date.today()
    cache: dict[str, int] = {}
    due = []
    # Only sager closed at least the shortest period ago can be due: the recent ones are not read at all.
    closed_before = add_months(day, -12 * MIN_RETENTION_YEARS) + timedelta(days=1)
    for case in repo.closed_sager(vault.conn, closed_before.isoformat()):
        years = _years(case.profile, cache, vault)
        closed = date.fromisoformat(case.closed_on)
        due_on = add_months(closed, 12 * years)
        if due_on <= day:
            due.append(
                DueCase(case.id, case.number, case.level, date.fromisoformat(case.registered), closed, due_on, years)
            )
    return due


def _backups_text(count: int) -> str:
    if count == 0:
        return "Der tages en ny sikkerhedskopi bagefter."
    which = "Sikkerhedskopien" if count == 1 else f"Alle {count} sikkerhedskopier"
    it = "den" if count == 1 else "de"
    return (
        f"{which}, der er taget før sletningen, slettes også, fordi {it} stadig indeholder oplysningerne. "
        "Der tages en ny sikkerhedskopi bagefter."
    )


def confirmation_text(report: RetentionReport) -> str:
    """What the user confirms before a run (Danish); built from a dry run."""
    count = len(report.due)
    if not count:
        lines = ["Ingen sager har overskredet opbevaringsfristen."]
    else:
        years = sorted({d.years for d in report.due})
        period = " eller ".join(str(y) for y in years)
        lines = [
            f"Personoplysningerne i {count} {'sag' if count == 1 else 'sager'}, der blev lukket for {period} år "
            "siden eller mere og derfor ikke må opbevares længere, slettes nu overalt i datafilen: navn, CPR-nr., "
            "skemaer, frister, referater og dispositioner, samtykker og scanninger, oplysningspligt og udvekslinger.",
            "Tilbage bliver kun en sletningsnote uden personoplysninger (sagsnummer, datoer, hvad der er slettet "
            "og af hvem).",
            _backups_text(report.backups_to_delete),
            "Andre kolleger får sletningen med, næste gang I udveksler pakker.",
            "Sletningen kan ikke fortrydes.",
        ]
    if report.audit_entries_pruned:
        lines.append(
            f"{report.audit_entries_pruned} poster i logbogen er ældre end logbogens egen opbevaringstid "
            f"({report.audit_years} år) og slettes."
        )
    return "\n\n".join(lines)


def run_retention(vault: Vault, today: date | None = None, dry_run: bool = False) -> RetentionReport:
    """Erase every sag due for retention and prune the audit log; with `dry_run` only report what would happen."""
    day = today or date.today()
    due = due_for_retention(vault, day)
    report = RetentionReport(
        dry_run,
        day,
        due,
        backups_to_delete=len(erasure.stale_backups(vault)) if due else 0,
        audit_years=audit_service.retention_years(vault),
    )
    if dry_run:
        report.audit_entries_pruned = audit_service.prunable_count(vault, day)
        return report
    if due:
        rows = [
            CaseBrief(d.id, d.number, "sag", d.level, d.registered.isoformat(), d.closed_on.isoformat()) for d in due
        ]
        with vault.transaction():
            vault.log("retention.run", detail=f"{len(due)} sager over opbevaringsfristen")
        report.erased = erasure.erase(vault, rows, "retention", due_on={d.id: d.due_on.isoformat() for d in due})
    report.audit_entries_pruned = audit_service.prune_audit_log(vault, day)
    return report
