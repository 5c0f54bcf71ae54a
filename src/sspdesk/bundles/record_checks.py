"""Validating one incoming record: the wire schema (pydantic), this vault's schema, the service layer's limits
(`validate`) and the domain rules – step 5 of an import (`importer`), record by record as the bundle streams in.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from sspdesk.bundles import InvalidRecord, validate
from sspdesk.bundles.format import UUID_PATTERN, BytesValue, RecordVersion, b64decode, decode_value
from sspdesk.bundles.journal_check import describe_kind_change
from sspdesk.bundles.merge import Version
from sspdesk.domain import limits
from sspdesk.domain.errors import Invalid
from sspdesk.store import sync_repo
from sspdesk.store.dbapi import Connection
from sspdesk.store.scratch import KeySet
from sspdesk.store.sync_repo import ColumnInfo

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


def explain(error: Mapping[str, Any], skip: int) -> str:
    where = ".".join(str(p) for p in error["loc"][skip:]) or "posten"
    return f"«{where}» {_DANISH.get(error['type'], 'er ugyldig')}."


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


def wire_version(record: Mapping[str, Any]) -> Version:
    """A record already validated when its bundle was opened, read again on a later pass (no model, no checks)."""
    data = {k: decode_value(v) for k, v in record["data"].items()}
    return Version(record["table"], record["id"], dict(record["vv"]), record["updated_at"], record["deleted"], data)


class RecordChecker:
    """Checks the records of one bundle in turn (`check`), remembering what a bundle-wide rule needs: which records
    were seen (none twice – in a scratch table, so a bundle of any size costs no more memory) and how many of each
    type (against the manifest's counts)."""

    def __init__(self, conn: Connection, seen: KeySet) -> None:
        self.conn = conn
        self.schema = sync_repo.column_info(conn)
        self.seen = seen
        self.counts: dict[str, int] = {}

    def check(self, index: int, raw: Any) -> Version:
        """Record number `index` (1-based) as it arrived; its Version, or InvalidRecord naming it and the rule."""
        try:
            record = RecordVersion.model_validate(raw)
        except ValidationError as exc:
            raw = raw if isinstance(raw, dict) else {}
            first = exc.errors()[0]
            raise InvalidRecord(index, str(raw.get("table", "?")), str(raw.get("id", "?")), explain(first, 0)) from None
        try:
            version = self._checked(record)
        except _Reject as exc:
            raise InvalidRecord(index, record.table, record.id, str(exc)) from None
        self.counts[record.table] = self.counts.get(record.table, 0) + 1
        return version

    def _checked(self, record: RecordVersion) -> Version:
        if record.table not in self.schema:
            raise _Reject(f"posttypen «{record.table}» findes ikke i denne datafil (opdatér sspdesk?).")
        # Seen keys as table + the id's 16 bytes: small pages, and so few page reads.
        if not self.seen.add(record.table.encode() + b":" + bytes.fromhex(record.id.replace("-", ""))):
            raise _Reject("posten findes to gange i pakken.")
        columns = self.schema[record.table]
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
            rule(version, self.conn)
        return version
