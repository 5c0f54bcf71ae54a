"""Importing a bundle: decrypt in memory, verify the signature, check the sender, validate, back up, merge.

Order of checks (the first failure stops the import; the vault is unchanged). A file is first judged by its size
on disk and read with a bound (`reading.read_bundle_file`).
1. age header: binary age only (no armor), a known format; a passphrase bundle's scrypt work factor within our
   limit – all before any decryption work;
2. decrypt in memory with the vault's own X25519 identity or the bundle passphrase;
3. the container and its format version; then the Ed25519 signature over manifest+payload, before anything in
   them is used; the payload hash and the counts;
4. the sender: ourselves, a known peer, or unknown (trust on first use only when asked; a known device signing
   with another key is always refused);
5. every record validated (pydantic + this vault's schema + the service layer's limits in `validate` + domain
   rules) – one bad record rejects the bundle;
6. the merge plan; on the vault as it will be after it, every text the bundle brings into a DKE-Journal (or a group
   with a journal member) obeys the journal rule (`journal_check`); no vector speaks for this device beyond what
   it issued, settled records stay settled, and deleting a case, meeting or consent or a large share of changes
   needs confirmation (`guards`);
7. a backup, then the merge in one transaction, the report in the audit log; the sender's audit-log anchor is
   held against the head last seen from it (`audit_anchors`: a warning, never a refusal).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from sspdesk.bundles import (
    BadSignature,
    InvalidBundle,
    InvalidRecord,
    NotABundle,
    PassphraseRequired,
    Tampered,
    UnknownFormatVersion,
    erasure_sync,
    guards,
    validate,
)
from sspdesk.bundles import crypto as age
from sspdesk.bundles.audit_anchors import peer_anchor_warnings
from sspdesk.bundles.disclosure import record_received
from sspdesk.bundles.format import (
    FORMAT,
    FORMAT_VERSION,
    MAX_JSON_DEPTH,
    UUID_PATTERN,
    Bundle,
    BytesValue,
    RecordVersion,
    Sender,
    TooDeep,
    b64decode,
    canonical_json,
    parse_json,
    signed_message,
)
from sspdesk.bundles.journal_check import describe_kind_change, first_refusal
from sspdesk.bundles.merge import MergePlan, RecordRefused, Version, apply_plan, plan_merge
from sspdesk.bundles.peers import check_sender
from sspdesk.bundles.reading import MAX_BUNDLE_BYTES, read_bundle_file, too_big
from sspdesk.deadlines import refresh_all, work_calendar
from sspdesk.domain import limits
from sspdesk.domain.errors import Invalid
from sspdesk.domain.record_names import names_text
from sspdesk.profiles import get_profile, profile_dirs
from sspdesk.store import cases_repo, sync_repo
from sspdesk.store.dbapi import Connection
from sspdesk.store.identity import fingerprint as fingerprint_of
from sspdesk.store.sync_repo import ColumnInfo
from sspdesk.store.vault import Vault

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


@dataclass(frozen=True)
class OpenedBundle:
    bundle: Bundle
    versions: list[Version]
    fingerprint: str


def needs_passphrase(data: bytes) -> bool:
    """True for a passphrase bundle (ask for it before calling import_bundle). Raises for a non-bundle."""
    return age.read_header(data).is_passphrase


def _noop(done: int, total: int, text: str) -> None:
    return None


def _decrypt(vault: Vault, data: bytes, passphrase: str | None) -> bytes:
    if len(data) > MAX_BUNDLE_BYTES:  # bytes handed in directly (a file is judged before it is read)
        raise too_big(len(data))
    if age.read_header(data).is_passphrase:
        if passphrase is None:
            raise PassphraseRequired()
        return age.decrypt_with_passphrase(data, passphrase)
    return age.decrypt_with_identity(data, vault.identity.age_identity)


def _verified_container(plaintext: bytes) -> tuple[dict[str, Any], bytes]:
    """Parse the container, check the format version and verify the signature; return (container, signing key)."""
    try:
        container = parse_json(plaintext)
    except TooDeep:
        raise InvalidBundle(
            f"Pakkens indhold er indlejret for dybt (mere end {MAX_JSON_DEPTH} niveauer). Pakken er afvist."
        ) from None
    except (UnicodeDecodeError, ValueError):
        raise InvalidBundle("Pakkens indhold er ikke gyldig JSON.") from None
    if not isinstance(container, dict) or not all(
        isinstance(container.get(k), dict) for k in ("manifest", "payload", "signature")
    ):
        raise InvalidBundle("Pakken mangler manifest, indhold eller underskrift.")
    manifest, payload, signature = container["manifest"], container["payload"], container["signature"]
    if manifest.get("format") != FORMAT:
        raise NotABundle()
    if manifest.get("format_version") != FORMAT_VERSION:
        raise UnknownFormatVersion(manifest.get("format_version"))
    sender = manifest.get("sender")
    try:
        key = b64decode(sender["signing_public_key"]) if isinstance(sender, dict) else b""
        value = b64decode(signature.get("value", "")) if signature.get("algorithm") == "Ed25519" else b""
    except (TypeError, ValueError):
        key, value = b"", b""
    if len(key) != 32 or len(value) != 64:
        raise BadSignature("Pakken har ingen gyldig Ed25519-underskrift.")
    if not age.verify(key, value, signed_message(manifest, payload)):
        raise BadSignature()
    if manifest.get("payload_sha256") != hashlib.sha256(canonical_json(payload)).hexdigest():
        raise Tampered("Pakkens indhold passer ikke med kontrolsummen i manifestet.")
    if sender.get("fingerprint") != fingerprint_of(key):
        raise InvalidBundle("Afsenderens fingeraftryk i manifestet passer ikke med signeringsnøglen.")
    return container, key


_DANISH = {
    "missing": "mangler",
    "extra_forbidden": "er ikke et kendt felt",
    "string_type": "skal være tekst",
    "int_type": "skal være et heltal",
    "bool_type": "skal være sand/falsk",
    "dict_type": "skal være et objekt",
    "list_type": "skal være en liste",
    "string_pattern_mismatch": "har et ugyldigt format",
    "literal_error": "har en ugyldig værdi",
    "greater_than_equal": "er for lille",
    "less_than_equal": "er for stor",
    "too_short": "er tom",
    "too_long": "er for lang",
    "string_too_long": "er for lang",
}


def _explain(error: Mapping[str, Any], skip: int) -> str:
    where = ".".join(str(p) for p in error["loc"][skip:]) or "posten"
    return f"«{where}» {_DANISH.get(error['type'], 'er ugyldig')}."


def _parse_bundle(container: dict[str, Any]) -> Bundle:
    try:
        return Bundle.model_validate(container)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = first["loc"]
        if len(loc) >= 3 and loc[:2] == ("payload", "records") and isinstance(loc[2], int):
            raw = container["payload"]["records"][loc[2]]
            raw = raw if isinstance(raw, dict) else {}
            raise InvalidRecord(
                loc[2] + 1, str(raw.get("table", "?")), str(raw.get("id", "?")), _explain(first, 3)
            ) from None
        raise InvalidBundle(f"Pakkens manifest er ugyldigt: {_explain(first, 0)}") from None


# -- record validation against this vault's schema and the domain rules -----------------------------------

_UUID = re.compile(UUID_PATTERN)
_CPR = re.compile(r"^[0-9]{10}$")


class _Reject(Exception):
    pass


def _check_type(name: str, info: ColumnInfo, value: Any) -> None:
    if value is None:
        if info.notnull:
            raise _Reject(f"feltet «{name}» må ikke være tomt (null).")
        return
    expected = {"TEXT": str, "INTEGER": int, "BLOB": bytes}.get(info.type, str | int)
    if not isinstance(value, expected):
        raise _Reject(f"feltet «{name}» har en forkert type.")
    if isinstance(value, str) and (name.endswith("_id")) and value and not _UUID.match(value):
        raise _Reject(f"feltet «{name}» er ikke et gyldigt id (UUID).")
    if isinstance(value, str) and name.endswith("_ids"):
        try:
            ids = json.loads(value)
        except ValueError:
            ids = None
        if not isinstance(ids, list) or not all(isinstance(i, str) and _UUID.match(i) for i in ids):
            raise _Reject(f"feltet «{name}» skal være en liste af id'er.")


def _check_case(version: Version, conn: Connection) -> None:
    data = version.data
    if data.get("kind") not in ("journal", "sag"):
        raise _Reject("sagstypen skal være journal eller sag.")
    if data.get("status", "open") not in ("open", "closed", "raised"):
        raise _Reject("sagens status er ukendt.")
    local = sync_repo.get_version(conn, "cases", version.id)
    if local is not None and local["kind"] != data["kind"]:
        raise _Reject(describe_kind_change(local["kind"], data["kind"], str(data.get("number") or local["number"])))
    if data["kind"] == "journal":
        for name in ("person_name", "cpr", "birth_date"):
            if data.get(name):
                raise _Reject(f"en DKE-Journal må ikke indeholde personoplysninger (feltet «{name}» er udfyldt).")
        # Its text is checked with the journal rule on the vault as it will be after the bundle (journal_check).
    elif data.get("cpr") and not _CPR.match(data["cpr"]):
        raise _Reject("CPR-nummeret skal være 10 cifre.")
    try:
        limits.check_case_number(str(data.get("number", "")), data["kind"])
    except Invalid as exc:
        raise _Reject(validate.describe(exc)) from None


def _check_section(version: Version, conn: Connection) -> None:
    try:
        fields = json.loads(version.data.get("fields", "{}"))
    except ValueError:
        fields = None
    if not isinstance(fields, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in fields.items()):
        raise _Reject("afsnittets felter skal være et JSON-objekt med tekster.")


def _check_consent(version: Version, conn: Connection) -> None:
    for name in ("giver_cpr", "person_cpr", "giver2_cpr"):
        if version.data.get(name) and not _CPR.match(version.data[name]):
            raise _Reject(f"feltet «{name}» skal være et CPR-nummer med 10 cifre.")


def _check_scan(version: Version, conn: Connection) -> None:
    data = version.data.get("data")
    if isinstance(data, bytes):
        if "sha256" in version.data and hashlib.sha256(data).hexdigest() != version.data["sha256"]:
            raise _Reject("den scannede fil passer ikke med sin kontrolsum.")
        if "size" in version.data and version.data["size"] != len(data):
            raise _Reject("den scannede fil har en forkert størrelse.")


DOMAIN_RULES = {
    "cases": _check_case,
    "case_sections": _check_section,
    "group_sections": _check_section,
    "consents": _check_consent,
    "consent_scans": _check_scan,
}


def _to_version(record: RecordVersion) -> Version:
    data = {k: b64decode(v.b64) if isinstance(v, BytesValue) else v for k, v in record.data.items()}
    return Version(record.table, record.id, dict(record.vv), record.updated_at, record.deleted, data)


def validate_versions(conn: Connection, bundle: Bundle) -> list[Version]:
    """Check every record against this vault's schema and the domain rules; raise InvalidRecord for the first."""
    schema = sync_repo.column_info(conn)
    records = bundle.payload.records
    seen: set[tuple[str, str]] = set()
    versions = []
    for index, record in enumerate(records, 1):
        try:
            if record.table not in schema:
                raise _Reject(f"posttypen «{record.table}» findes ikke i denne datafil (opdatér sspdesk?).")
            if (record.table, record.id) in seen:
                raise _Reject("posten findes to gange i pakken.")
            seen.add((record.table, record.id))
            columns = schema[record.table]
            unknown = sorted(set(record.data) - set(columns))
            if unknown:
                raise _Reject(f"feltet «{unknown[0]}» findes ikke i denne datafil (opdatér sspdesk?).")
            try:
                validate.check_record(record)  # the service layer's limits, before any value is decoded
            except Invalid as exc:
                raise _Reject(validate.describe(exc)) from None
            version = _to_version(record)
            for name, info in columns.items():
                if name in version.data:
                    _check_type(name, info, version.data[name])
                elif info.notnull and not info.has_default:
                    raise _Reject(f"feltet «{name}» mangler.")
            rule = DOMAIN_RULES.get(record.table)
            if rule is not None:
                rule(version, conn)
        except _Reject as exc:
            raise InvalidRecord(index, record.table, record.id, str(exc)) from None
        versions.append(version)
    if {t: n for t, n in bundle.manifest.counts.items() if n} != dict(Counter(r.table for r in records)):
        raise Tampered("Antallet af poster passer ikke med pakkens manifest.")
    return versions


def open_bundle(
    vault: Vault, data: bytes, *, passphrase: str | None = None, progress: Progress | None = None
) -> OpenedBundle:
    """Steps 1–5 (nothing is written): a verified, validated bundle, the sender not yet checked."""
    report = progress or _noop
    report(0, 5, "Dekrypterer")
    plaintext = _decrypt(vault, bytes(data), passphrase)
    report(1, 5, "Kontrollerer underskrift")
    container, key = _verified_container(plaintext)
    report(2, 5, "Kontrollerer posterne")
    bundle = _parse_bundle(container)
    versions = validate_versions(vault.conn, bundle)
    return OpenedBundle(bundle, versions, fingerprint_of(key))


def _collisions(conn: Connection, plan: MergePlan) -> list[str]:
    warnings = []
    for decision in plan.decisions:
        version = decision.incoming
        if version.table == "cases" and decision.outcome == "added" and not version.deleted:
            existing = cases_repo.find_case_id(conn, version.data.get("number", ""))
            if existing and existing != version.id:
                warnings.append(f"Sagsnummeret {version.data['number']} findes allerede her for en anden sag.")
    return warnings


def _check_guards(conn: Connection, plan: MergePlan, versions: list[Version], *, confirmed: bool) -> None:
    """Settled records stay settled; deletions of cases, meetings, consents and large changes are confirmed."""
    guards.check_settled(conn, plan, versions)
    question = guards.confirmation_needed(conn, plan)
    if question is not None and not confirmed:
        raise question


def _screen(conn: Connection, opened: OpenedBundle) -> erasure_sync.Screened:
    try:
        return erasure_sync.screen(conn, opened.versions)
    except erasure_sync.InvalidErasureRecord as exc:
        key = (exc.version.table, exc.version.id)
        index = next((i for i, v in enumerate(opened.versions, 1) if (v.table, v.id) == key), 0)
        raise InvalidRecord(index, exc.version.table, exc.version.id, exc.reason) from None


def _check_journal_rule(conn: Connection, plan: MergePlan, versions: list[Version]) -> None:
    """Refuse the bundle (InvalidRecord naming record and field) if it brings person data into a journal."""
    refusal = first_refusal(conn, plan, versions)
    if refusal is not None:
        key = (refusal.version.table, refusal.version.id)
        index = next((i for i, v in enumerate(versions, 1) if (v.table, v.id) == key), 0)
        raise InvalidRecord(index, refusal.version.table, refusal.version.id, refusal.reason)


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
    manifest = opened.bundle.manifest
    sender: Sender = manifest.sender
    known_before = check_sender(vault, sender, trust_new_sender=trust_new_sender, record=False)
    report(3, 5, "Fletter")
    device_id = vault.device_id
    guards.check_counters(vault.conn, device_id, opened.versions)  # guards: before the backup, like every check
    screened = _screen(vault.conn, opened)  # what an erasure drops never reaches the plan
    plan = plan_merge(vault.conn, device_id, screened.kept)
    checked_at = sync_repo.change_seq(vault.conn)
    _check_journal_rule(vault.conn, plan, screened.kept)  # before the backup: a refused bundle writes nothing
    _check_guards(vault.conn, plan, screened.kept, confirmed=allow_large_change)
    changes = any(d.outcome != "unchanged" for d in plan.decisions)
    backup = vault.backup("import") if changes else None
    with vault.transaction() as conn:
        changed_meanwhile = sync_repo.change_seq(conn) != checked_at
        if changes or known_before is None or known_before.device_id != sender.device_id:
            # A replay that changes nothing leaves the peers list alone too ("last received" included) – unless
            # it brings a confirmed new device id, which is remembered so the question is not asked again.
            check_sender(vault, sender, trust_new_sender=trust_new_sender, record=True)
        screened = _screen(conn, opened)
        plan = plan_merge(conn, device_id, screened.kept)
        if changed_meanwhile:  # another connection wrote since the check: judge the plan on the vault as it is now
            _check_journal_rule(conn, plan, screened.kept)
            guards.check_counters(conn, device_id, opened.versions)
            _check_guards(conn, plan, screened.kept, confirmed=allow_large_change)
        events = guards.events_text(conn, plan)
        warnings = _collisions(conn, plan)
        try:
            apply_plan(conn, plan)
        except RecordRefused as exc:
            index = next(
                (i for i, v in enumerate(opened.versions, 1) if (v.table, v.id) == (exc.version.table, exc.version.id)),
                0,
            )
            raise InvalidRecord(
                index, exc.version.table, exc.version.id, f"datafilen afviser den ({exc.reason})."
            ) from None
        erasures = erasure_sync.enforce(vault, conn, screened)  # a colleague's erasure is carried out here too
        if changes:  # a colleague's meetings and recorded events move the deadlines that count from them
            profile = get_profile(vault.setting("profile"), extra_dirs=profile_dirs())
            refresh_all(conn, vault.device_id, work_calendar(vault, profile), date.today())
        record_received(vault, manifest.bundle_id, screened.kept, opened.fingerprint)  # issue 15: the exchange
        totals = plan.totals()
        per_table = {t: vars(c) for t, c in plan.per_table().items()}
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
        warnings += peer_anchor_warnings(vault, manifest, opened.fingerprint)
        for decision in plan.decisions:
            version = decision.incoming
            if version.table == "cases" and decision.outcome != "unchanged":
                vault.log(
                    "case.import",
                    record_kind=str(version.data.get("kind", "")),
                    record_id=version.id,
                    subject_ref=str(version.data.get("number", "")),
                    detail=decision.outcome,
                )
    erasure_sync.finish(vault, screened, erasures)
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
        deleted=guards.deleted_per_table(plan),
        events=events,
        erased=screened.erased,
        erased_here=_erased_here(erasures),
    )


def import_file(vault: Vault, path: Path, **options: Any) -> ImportReport:
    """Import a bundle file: judged by its size on disk before it is read (reading.read_bundle_file)."""
    return import_bundle(vault, read_bundle_file(Path(path)), **options)


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
