"""Importing a bundle: decrypt, verify the signature, check the sender, validate, back up, merge – streaming the
records in batches, so memory stays bounded whatever the bundle holds (issue 20; `opening`, `import_passes`).

Order of checks (the first failure stops the import; the vault is unchanged). A file is first judged by its size
on disk and read with a bound (`reading.read_bundle_file`).
1. age header: binary age only (no armor), a known format; a passphrase bundle's scrypt work factor within our
   limit – all before any decryption work;
2. the file key, with the vault's own X25519 identity or the bundle passphrase (`age_stream`);
3. decrypting chunk by chunk: the container and its format version; then the Ed25519 signature (format 2: over the
   manifest, which holds the payload's hash; format 1: over manifest+payload), before anything in them is used; the
   payload hash and the counts;
4. the sender: ourselves, a known peer, or unknown (trust on first use only when asked; a known device signing
   with another key is always refused);
5. every record validated (pydantic + this vault's schema + the service layer's limits in `validate` + domain
   rules, `record_checks`) – one bad record rejects the bundle;
6. the merge plan; on the vault as it will be after it, every text the bundle brings into a DKE-Journal (or a group
   with a journal member) obeys the journal rule (`journal_check`); no vector speaks for this device beyond what
   it issued, settled records stay settled, and deleting a case, meeting or consent or a large share of changes
   needs confirmation (`guards`);
7. a backup, then the merge in one transaction (written in batches), the report in the audit log; the sender's
   audit-log anchor is held against the head last seen from it (`audit_anchors`: a warning, never a refusal).

Steps 1–5 are one pass over the bundle (`opening.open_source`); step 6 is two (`import_passes.survey`, `check`), step 7
one more (`import_passes.apply`). Each reads the encrypted bundle again, and nothing the size of the bundle is held:
what must be remembered of every record is kept in an encrypted scratch database beside the vault
(`sspdesk.store.scratch`), deleted when the import ends.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sspdesk.bundles import crypto as age
from sspdesk.bundles import erasure_sync
from sspdesk.bundles import import_passes as passes
from sspdesk.bundles.audit_anchors import peer_anchor_warnings
from sspdesk.bundles.format import Sender
from sspdesk.bundles.opening import BundleSource, OpenedBundle, open_source
from sspdesk.bundles.peers import check_sender
from sspdesk.bundles.received import record_received
from sspdesk.deadlines import refresh_all, work_calendar
from sspdesk.domain.record_names import names_text
from sspdesk.profiles import get_profile, profile_dirs
from sspdesk.store import sync_repo
from sspdesk.store.scratch import Scratch
from sspdesk.store.vault import Vault

__all__ = ["ImportReport", "OpenedBundle", "import_bundle", "import_file", "import_opened", "open_bundle"]

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class ImportReport:
    bundle_id: str
    sender_fingerprint: str
    sender_name: str
    added: int
    updated: int
    unchanged: int
    conflicts: int
    per_table: dict[str, dict[str, int]]
    new_peer: bool = False
    warnings: list[str] = field(default_factory=list)
    backup: Path | None = None
    deleted: dict[str, int] = field(default_factory=dict)  # table -> live records deleted (also in `updated`)
    events: list[str] = field(default_factory=list)  # reopened cases, withdrawn approvals (Danish, for the user)
    erased: int = 0  # incoming versions dropped because an erasure emptied them (erasure_sync)
    # Records this laptop erased because a colleague's erasure record arrived (table -> records emptied).
    erased_here: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The CLI's `import --json` output: the four counts and the deletions per record type."""
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "conflicts": self.conflicts,
            "deleted": dict(self.deleted),
            "erased": self.erased,
            "erased_here": dict(self.erased_here),
        }


def needs_passphrase(data: bytes) -> bool:
    """True for a passphrase bundle (ask for it before calling import_bundle). Raises for a non-bundle."""
    return age.read_header(data).is_passphrase


def open_bundle(
    vault: Vault, data: bytes, *, passphrase: str | None = None, progress: Progress | None = None
) -> OpenedBundle:
    """Steps 1–5 (nothing is written): a verified, validated bundle, the sender not yet checked."""
    return open_source(vault, BundleSource(data=bytes(data)), passphrase=passphrase, progress=progress)


def _noop(done: int, total: int, text: str) -> None:
    return None


def import_bundle(
    vault: Vault,
    data: bytes,
    *,
    passphrase: str | None = None,
    trust_new_sender: bool = False,
    allow_large_change: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Import a bundle into the vault (see the module docstring). Raises a BundleError; then nothing changed."""
    opened = open_bundle(vault, data, passphrase=passphrase, progress=progress)
    return import_opened(
        vault, opened, trust_new_sender=trust_new_sender, allow_large_change=allow_large_change, progress=progress
    )


def import_opened(
    vault: Vault,
    opened: OpenedBundle,
    *,
    trust_new_sender: bool = False,
    allow_large_change: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Steps 4–7 for a bundle already opened with open_bundle() – the GUI opens once (scrypt runs once), shows
    the sender and the counts, asks, then imports."""
    report = progress or _noop
    manifest = opened.manifest
    sender: Sender = manifest.sender
    known_before = check_sender(vault, sender, trust_new_sender=trust_new_sender, record=False)
    report(3, 5, "Fletter")
    # What is remembered of every record lives in a scratch database, not in memory (issue 20).
    with Scratch(vault.path.parent) as scratch:
        device_id = vault.device_id
        screen = passes.screened(vault.conn, opened)  # what an erasure drops never reaches the plan
        found = passes.survey(
            vault.conn, device_id, opened, screen, scratch
        )  # guards: before the backup, like every check
        checked_at = sync_repo.change_seq(vault.conn)
        passes.check(vault.conn, device_id, opened, screen, found, confirmed=allow_large_change)
        changes = found.summary.changes
        backup = vault.backup("import") if changes else None
        with vault.transaction() as conn:
            changed_meanwhile = sync_repo.change_seq(conn) != checked_at
            if changes or known_before is None or known_before.device_id != sender.device_id:
                # A replay that changes nothing leaves the peers list alone too ("last received" included) – unless
                # it brings a confirmed new device id, which is remembered so the question is not asked again.
                check_sender(vault, sender, trust_new_sender=trust_new_sender, record=True)
            screen = passes.screened(conn, opened)
            if (
                changed_meanwhile
            ):  # another connection wrote since the check: judge the bundle on the vault as it is now
                found = passes.survey(conn, device_id, opened, screen, scratch)
                passes.check(conn, device_id, opened, screen, found, confirmed=allow_large_change)
            events = found.event_lines()
            applied = passes.apply(vault, conn, opened, screen, scratch)
            erasures = erasure_sync.enforce(vault, conn, screen)  # a colleague's erasure is carried out here too
            if changes:  # a colleague's meetings and recorded events move the deadlines that count from them
                profile = get_profile(vault.setting("profile"), extra_dirs=profile_dirs())
                refresh_all(conn, vault.device_id, work_calendar(vault, profile), date.today())
            record_received(vault, applied.brought, opened.fingerprint)  # issue 15: the exchange
            totals = applied.summary.totals()
            per_table = {t: vars(c) for t, c in applied.summary.per_table().items()}
            sync_repo.log_bundle(
                conn,
                manifest.bundle_id,
                "import",
                sender=opened.fingerprint,
                contents=manifest.contents.model_dump(),
                counts=dict(manifest.counts),
                report=totals,
            )
            vault.log(
                "bundle.import",
                record_kind="bundle",
                record_id=manifest.bundle_id,
                detail=f"fra {opened.fingerprint}; " + ", ".join(f"{k}: {v}" for k, v in totals.items()),
            )
            warnings = applied.warnings + peer_anchor_warnings(vault, manifest, opened.fingerprint)
    erasure_sync.finish(vault, screen, erasures)
    report(5, 5, "Færdig")
    new_peer = known_before is None and opened.fingerprint != vault.identity.fingerprint
    return ImportReport(
        manifest.bundle_id,
        opened.fingerprint,
        sender.name,
        totals["added"],
        totals["updated"],
        totals["unchanged"],
        totals["conflicts"],
        per_table,
        new_peer,
        warnings,
        erasures[0].backup if erasures else backup,  # an erasure replaced the import's backup
        deleted=dict(applied.summary.deleted),
        events=events,
        erased=applied.erased,
        erased_here=_erased_here(erasures),
    )


def import_file(vault: Vault, path: Path, **options: Any) -> ImportReport:
    """Import a bundle file: judged by its size on disk before it is read, then read in chunks on each pass –
    never whole (`reading.open_bundle_file`)."""
    passphrase = options.pop("passphrase", None)
    progress = options.get("progress")
    opened = open_source(vault, BundleSource(path=Path(path)), passphrase=passphrase, progress=progress)
    return import_opened(vault, opened, **options)


def _erased_here(reports: list[Any]) -> dict[str, int]:
    total: Counter[str] = Counter()
    for report in reports:
        total.update(report.deleted)
    return dict(total)


def describe(report: ImportReport) -> str:
    """A short Danish summary for the GUI and the CLI."""
    lines = [
        f"Tilføjet: {report.added}",
        f"Opdateret: {report.updated}",
        f"Uændret: {report.unchanged}",
        f"Konflikter: {report.conflicts}",
    ]
    if report.deleted:
        lines.append(f"Heraf slettet: {names_text(report.deleted)}")
    if report.erased:
        lines.append(f"Kasseret, fordi oplysningerne er slettet: {report.erased}")
    if report.erased_here:
        lines.append(f"Slettet her efter en kollegas sletning: {names_text(report.erased_here)}")
    if report.conflicts:
        lines.append("Begge versioner er gemt for posterne i konflikt; vælg den rigtige under Udveksling.")
    lines += report.events
    lines += [f"Bemærk: {w}" for w in report.warnings]
    return "\n".join(lines)
