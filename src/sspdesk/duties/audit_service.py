"""The audit log (logbog) as the user and the CLI see it: filtered views, verification, its own retention, and
how a search criterion is written to it.

Datatilsynet's practice: every read, search (with its criterion), change, export and deletion of personal data is
logged with time, user, action and the person concerned – by reference (record id, case number), never by the
personal data itself. A search criterion is therefore logged as typed only when it holds no CPR-like number and no
part of a registered person's name; otherwise in a redacted form ("[CPR-nr.]", "[navn]").

The log keeps its own retention (`audit_retention_years`, default 10 years), independent of the sager's. Pruning
removes the oldest entries and records a checkpoint (seq and hash of the last removed entry) in `meta`, and a
logged `audit.prune` entry that names it, so verification starts from the checkpoint and the chain stays checkable.

Verification holds the chain also against its anchor outside the vault (`store/audit_anchor.py`: a signed head
beside the vault file and its backups), so a log cut short, re-chained or emptied with the passphrase is reported.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sspdesk.domain.dates import utc_stamp
from sspdesk.domain.errors import Invalid
from sspdesk.duties.minimisation import Finding, find_cpr_like, find_names
from sspdesk.store import audit, audit_anchor, backups, cases_repo
from sspdesk.store import duties_repo as repo
from sspdesk.store.audit import AuditEntry, ChainCheck
from sspdesk.store.audit_anchor import AnchorCheck
from sspdesk.store.vault import Vault
from sspdesk.workdays import add_months

RETENTION_KEY = "audit_retention_years"
DEFAULT_RETENTION_YEARS = 10
RETENTION_RANGE = (1, 50)
PRUNE_ACTION = audit.PRUNE_ACTION
_MAX_CRITERION = 200

# Danish labels of the actions, for the log view and the access-request PDF. Unknown actions show their code.
ACTION_LABELS: dict[str, str] = {
    "vault.create": "Datafil oprettet",
    "vault.unlock": "Datafil låst op",
    "vault.restore": "Gendannet fra kopi",
    "vault.passwd": "Adgangskode skiftet",
    "vault.backup": "Sikkerhedskopi taget",
    "settings.change": "Indstilling ændret",
    "profile.import": "Klassifikationsmodel indlæst",
    "case.create": "Sag oprettet",
    "case.view": "Sag vist",
    "case.search": "Søgning i sager",
    "case.edit": "Sag ændret",
    "case.level": "Niveau ændret",
    "case.close": "Sag lukket",
    "case.reopen": "Sag genåbnet",
    "case.event": "Hjemmebesøg/samtale registreret",
    "case.event_removed": "Hjemmebesøg/samtale fjernet",
    "case.correct": "Oplysning rettet",
    "case.export": "Sag sendt (pakke)",
    "case.import": "Sag modtaget (pakke)",
    "case.fagsystem": "Sag journaliseret",
    "case.erase": "Personoplysninger slettet efter anmodning",
    "case.retention": "Personoplysninger slettet (frist)",
    "case.sag_fields_removed": "Sagsforløb slettet fra DKE-Journal",
    "case.sag_fields_moved": "Sagsforløb flyttet fra DKE-Journal til DKE-Sag",
    "case.action_plan": "Handleplan gemt",
    "case.action_plan_view": "Handleplan vist",
    "case.ssp_plus_handover": "Sag overdraget til SSP+",
    "meeting.create": "Møde oprettet",
    "meeting.view": "Møde vist",
    "meeting.edit": "Møde ændret",
    "meeting.cancel": "Møde aflyst",
    "meeting.agenda": "Dagsorden ændret",
    "meeting.participant": "Deltager tilføjet",
    "meeting.approve": "Referat godkendt",
    "meeting.withdraw_approval": "Godkendelse trukket tilbage",
    "meeting.addendum": "Tillæg til referat",
    "minutes.edit": "Referat skrevet",
    "disposition.add": "Disposition tilføjet",
    "disposition.edit": "Disposition ændret",
    "disposition.done": "Disposition udført",
    "disposition.delete": "Disposition slettet",
    "consent.create": "Samtykke oprettet",
    "consent.view": "Samtykke vist",
    "consent.list": "Samtykker vist",
    "consent.edit": "Samtykke ændret",
    "consent.delete": "Samtykkeudkast slettet",
    "consent.sign": "Samtykke underskrevet",
    "consent.withdraw": "Samtykke tilbagekaldt",
    "consent.scan_add": "Scanning vedhæftet",
    "consent.scan_view": "Scanning vist",
    "consent.erase": "Samtykke slettet efter anmodning",
    "information_duty.record": "Oplysningspligt registreret",
    "exchange.record": "Udveksling registreret",
    "underretning.record": "Underretning registreret",
    "underretning.confirm": "Kvittering for underretning registreret",
    "network_outcome.record": "Udfald af Netværksmøde registreret",
    "pdf.case": "Sag udskrevet",
    "pdf.action_plan": "Handleplan udskrevet",
    "pdf.concern": "SSP-bekymringsskabelon udskrevet",
    "pdf.agenda": "Dagsorden udskrevet",
    "pdf.minutes": "Referat udskrevet",
    "pdf.consent": "Samtykke udskrevet",
    "pdf.consent_blank": "Tom samtykkeerklæring udskrevet",
    "pdf.parent_letter": "Forældrebrev udskrevet",
    "pdf.young_person_letter": "Brev til den unge udskrevet",
    "pdf.access_request": "Aktindsigt udskrevet",
    "bundle.export": "Pakke sendt",
    "bundle.import": "Pakke modtaget",
    "peer.add": "Kollega tilføjet",
    "peer.trust": "Kollega godkendt",
    "peer.edit": "Kollega ændret",
    "peer.device_moved": "Kollegas nye enhed bekræftet",
    "peer.forget_device": "Enhed glemt",
    "conflict.resolve": "Konflikt løst",
    "retention.run": "Sletning efter frist",
    "backup.purge": "Gamle sikkerhedskopier slettet",
    PRUNE_ACTION: "Logbogen ryddet op (egen frist)",
    "audit.new_anchor": "Nyt anker for logbogen skrevet",
    "audit.peer_anchor": "Kollegas logbog afviger fra sidst",
    "group.create": "Bekymringsgruppe oprettet",
    "group.edit": "Bekymringsgruppe ændret",
    "group.member": "Gruppemedlem ændret",
    "group.view": "Gruppemedlemmers navne vist",
    "pdf.group": "Bekymringsgruppe udskrevet",
    "stats.report": "Statistik udtrukket",
    "contact.add": "Kontakt oprettet",
    "contact.edit": "Kontakt ændret",
    "contact.delete": "Kontakt slettet",
}
ACTION_GROUPS: dict[str, str] = {
    "case": "Sager",
    "meeting": "Møder",
    "minutes": "Referater",
    "disposition": "Dispositioner",
    "consent": "Samtykker",
    "pdf": "Udskrifter",
    "bundle": "Udveksling",
    "vault": "Datafil",
    "group": "Grupper",
    "contact": "Kontakter",
    "underretning": "Underretninger",
}


@dataclass(frozen=True)
class AuditFilter:
    """Filters of the log view; empty means "any". `action` is a code ("case.view") or a group ("case")."""

    action: str = ""
    record: str = ""  # a record id or a reference (S-2026-0017, M-2026-0003, SAM-2026-0007)
    since: date | None = None
    until: date | None = None  # inclusive
    text: str = ""
    limit: int = 500
    before_seq: int | None = None  # paging: entries older than this one


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


# -- reading and verifying -------------------------------------------------------------------------------------


def _utc_start(day: date) -> str:
    """The first moment of a local calendar day, as the log's UTC timestamp text."""
    local = datetime.combine(day, time()).astimezone()
    return utc_stamp(local)


def list_entries(vault: Vault, filters: AuditFilter | None = None) -> list[AuditEntry]:
    """Entries newest first. The log holds references only, so reading it is not itself logged."""
    f = filters or AuditFilter()
    rows = repo.audit_query(
        vault.conn,
        action=f.action.strip(),
        record=f.record.strip(),
        text=f.text.strip(),
        limit=f.limit,
        since=_utc_start(f.since) if f.since else "",
        until=_utc_start(f.until + timedelta(days=1)) if f.until else "",
        before_seq=f.before_seq,
    )
    return [AuditEntry(**row) for row in rows]


def actions(vault: Vault) -> list[str]:
    """The action codes that occur in the log (for the filter)."""
    return repo.audit_actions(vault.conn)


@dataclass(frozen=True)
class AuditCheck:
    """The chain (every entry links to the one before) and its anchor outside the vault (count and head still
    there). `ok` when both hold; a missing anchor is a warning (`warning`), not a failure."""

    chain: ChainCheck
    anchor: AnchorCheck

    @property
    def ok(self) -> bool:
        return self.chain.ok and self.anchor.ok

    @property
    def entries(self) -> int:
        return self.chain.entries

    @property
    def first_broken(self) -> int | None:
        return self.chain.first_broken

    @property
    def reason(self) -> str:
        return self.chain.reason if not self.chain.ok else ("" if self.anchor.ok else self.anchor.message)

    @property
    def warning(self) -> str:
        return self.anchor.message if self.anchor.state == "missing" else ""

    @property
    def text(self) -> str:
        """One Danish sentence for the user (GUI and CLI)."""
        if not self.chain.ok:
            return f"Logbogen er brudt ved post {self.chain.first_broken}: {self.chain.reason}."
        if not self.anchor.ok:
            return f"Logbogen passer ikke med sit anker uden for datafilen. {self.anchor.message}"
        if self.warning:
            return (
                f"Logbogens kæde er intakt ({self.entries} poster), men ankeret kunne ikke kontrolleres: {self.warning}"
            )
        return f"Logbogen er intakt ({self.entries} poster)."

    def to_json(self) -> dict[str, object]:
        anchor = self.anchor.anchor
        return {
            "ok": self.ok,
            "entries": self.entries,
            "first_broken": self.first_broken,
            "reason": self.reason,
            "anchor": {
                "state": self.anchor.state,
                "message": self.anchor.message,
                "count": anchor.count if anchor else None,
                "at": anchor.at if anchor else None,
            },
        }


def _backups(vault: Vault) -> list[Path]:
    return backups.list_backups(vault.path, vault.backup_folder())


def verify(vault: Vault) -> AuditCheck:
    """Check the hash chain from its start (or from the checkpoint left by pruning) to the head, and hold it against
    the anchor beside the vault (which is renewed when missing and the chain is intact)."""
    chain = audit.verify(vault.conn)
    anchor = audit_anchor.check(vault.conn, vault.identity, vault.path, _backups(vault), chain_ok=chain.ok)
    return AuditCheck(chain, anchor)


def new_anchor(vault: Vault) -> AuditCheck:
    """Replace the anchor by one of the current head, after the user has seen what `verify` reported – only when the
    chain itself is intact. Logged with what the old anchor said, so the replacement is in the log."""
    before = verify(vault)
    if not before.chain.ok:
        raise Invalid("Logbogens kæde er brudt; der skrives ikke et nyt anker for en brudt kæde.")
    old = before.anchor.anchor
    with vault.transaction():
        vault.log(
            "audit.new_anchor",
            detail=f"før: {before.anchor.state}"
            + (f", post {old.count}:{old.head} fra {old.at}" if old else ", intet anker"),
        )
    audit_anchor.renew(vault.conn, vault.identity, vault.path)
    return verify(vault)


# -- search criteria and free text -----------------------------------------------------------------------------


def _redact(text: str, findings: Iterable[Finding]) -> str:
    spans: list[list[int]] = []
    kinds: list[str] = []
    for finding in sorted(findings, key=lambda f: f.start):
        if spans and finding.start < spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], finding.end)
            continue
        spans.append([finding.start, finding.end])
        kinds.append(finding.kind)
    for (start, end), kind in reversed(list(zip(spans, kinds, strict=True))):
        text = text[:start] + ("[CPR-nr.]" if kind == "cpr" else "[navn]") + text[end:]
    return text


def search_criterion(vault: Vault, text: str) -> str:
    """The criterion of a search as it may be logged: as typed (quoted) when it holds no CPR-like number and no
    part of a registered person's name, else with those parts replaced by [CPR-nr.] / [navn]."""
    clean = " ".join(text.split())[:_MAX_CRITERION]
    names = cases_repo.registered_names(vault.conn)
    findings = find_cpr_like(clean) + find_names(clean, names, single_parts=True)
    return f'"{_redact(clean, findings)}"'


def log_search(vault: Vault, text: str, hits: int | None = None, *, what: str = "case.search") -> None:
    """Write a search to the audit log with its (possibly redacted) criterion and, if known, the number of hits.

    Call it where a search of personal data runs, e.g. in `cases.list_case_ids` instead of the length-only entry:
        audit_service.log_search(vault, query.text, len(ids))
    """
    if not text.strip():
        return
    detail = f"søgning: {search_criterion(vault, text)}" + (f" ({hits} fundet)" if hits is not None else "")
    with vault.transaction():
        vault.log(what, detail=detail)


def redact_text(vault: Vault, text: str) -> str:
    """Free text for the audit log (e.g. a reason): CPR-like numbers and full registered names cut out."""
    names = cases_repo.registered_names(vault.conn)
    return _redact(text, find_cpr_like(text) + find_names(text, names))


# -- the log's own retention -----------------------------------------------------------------------------------


def retention_years(vault: Vault) -> int:
    value = vault.setting(RETENTION_KEY)
    return int(value) if isinstance(value, int) and not isinstance(value, bool) else DEFAULT_RETENTION_YEARS


def set_retention_years(vault: Vault, years: int) -> None:
    low, high = RETENTION_RANGE
    if isinstance(years, bool) or not isinstance(years, int) or not low <= years <= high:
        raise Invalid(f"Logbogens opbevaringstid skal være mellem {low} og {high} år.")
    with vault.transaction() as conn:
        from sspdesk.store.settings import set_setting

        set_setting(conn, RETENTION_KEY, years)
        vault.log("settings.change", detail=RETENTION_KEY)


def prune_cutoff(vault: Vault, today: date) -> str:
    return _utc_start(add_months(today, -12 * retention_years(vault)))


def prunable_count(vault: Vault, today: date) -> int:
    return repo.count_prunable(vault.conn, prune_cutoff(vault, today))


def prune_audit_log(vault: Vault, today: date | None = None) -> int:
    """Remove entries older than the log's retention period; the checkpoint keeps the chain verifiable.

    The anchor is brought to the head before (so it names an entry that stays) and after (the new head)."""
    years = retention_years(vault)
    vault.anchor()
    with vault.transaction() as conn:
        removed, seq, digest = repo.prune_audit(conn, prune_cutoff(vault, today or date.today()))
        if removed:
            vault.log(
                PRUNE_ACTION,
                detail=f"{removed} poster ældre end {years} år slettet; {audit.checkpoint_text(seq, digest)}",
            )
    if removed:
        vault.anchor()  # the anchored entry may be among the pruned ones: anchor the new head at once
    return removed
