"""The bundle wire format: the decrypted container, its pydantic models and its JSON Schema.

The plaintext inside the age encryption is one UTF-8 JSON object:

    {"manifest": {...}, "payload": {"records": [...]}, "signature": {"algorithm": "Ed25519", "value": "<b64>"}}

`manifest.payload_sha256` is the SHA-256 of the canonical JSON of the payload. Format version 2 (written since issue
20) signs the manifest – which holds that hash – with Ed25519 over SIGNATURE_CONTEXT_V2 followed by the canonical
JSON of the manifest, so a reader verifies the signature and hashes the records one at a time, never holding the
payload. Version 1 (still read) signed SIGNATURE_CONTEXT followed by the canonical JSON of
{"manifest": ..., "payload": ...}: the whole content in one message.
Canonical JSON: keys sorted, no whitespace, UTF-8, no escaping beyond JSON's required ones, integers only (no
floats) – the same bytes as RFC 8785 (JCS) for the values a bundle may hold. See docs/bundle-format.md.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr, StringConstraints

from sspdesk.domain.limits import json_depth_exceeds

FORMAT = "sspdesk-bundle"
FORMAT_VERSION = 2
READABLE_VERSIONS = (1, 2)
SIGNATURE_CONTEXT = b"sspdesk-bundle-signature-v1\n"
SIGNATURE_CONTEXT_V2 = b"sspdesk-bundle-signature-v2\n"
BYTES_MARKER = "$bytes"
FILE_SUFFIX = ".sspbundle"

UUID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
TIMESTAMP_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$"
NAME_PATTERN = r"^[a-z][a-z0-9_]{0,62}$"
BASE64_PATTERN = r"^[A-Za-z0-9+/]*={0,2}$"
# The container nests 5 deep (container > payload > records > record > data > {"$bytes"}); anything much deeper is
# hostile, and would otherwise hit Python's recursion limit somewhere later (hashing, validation) – an untyped crash.
MAX_JSON_DEPTH = 16

UuidStr = Annotated[str, StringConstraints(strict=True, pattern=UUID_PATTERN)]
Timestamp = Annotated[str, StringConstraints(strict=True, pattern=TIMESTAMP_PATTERN)]
SqlName = Annotated[str, StringConstraints(strict=True, pattern=NAME_PATTERN)]
Base64Str = Annotated[str, StringConstraints(strict=True, pattern=BASE64_PATTERN)]
Counter = Annotated[StrictInt, Field(ge=0, le=2**53)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BytesValue(_Model):
    """A BLOB column value: standard base64 with padding."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    b64: Base64Str = Field(alias=BYTES_MARKER)  # type: ignore[literal-required]  # one constant for reader and writer


ColumnValue = StrictStr | StrictInt | None | BytesValue


class RecordVersion(_Model):
    """One version of one synced record, exactly as the sender's vault holds it."""

    table: SqlName
    id: UuidStr
    vv: Annotated[dict[UuidStr, Counter], Field(min_length=1, max_length=1000)]
    updated_at: Timestamp
    deleted: StrictBool
    data: dict[SqlName, ColumnValue]


class Payload(_Model):
    records: list[RecordVersion]


class Sender(_Model):
    device_id: UuidStr
    name: Annotated[StrictStr, Field(max_length=200)] = ""
    signing_public_key: Base64Str  # raw Ed25519 public key, 32 bytes
    fingerprint: StrictStr
    recipient: Annotated[StrictStr, Field(max_length=200)] = ""  # the sender's own age1… key, to answer


class Contents(_Model):
    """What was selected: chosen cases, one meeting, everything, or everything changed since a sequence number."""

    kind: Literal["cases", "meeting", "all", "since"]
    case_ids: list[UuidStr] = []
    meeting_id: UuidStr | None = None
    since_seq: Annotated[StrictInt, Field(ge=0)] | None = None


Hex64 = Annotated[str, StringConstraints(strict=True, pattern=r"^[0-9a-f]{64}$")]


class AnchorPoint(_Model):
    """The sender's audit-chain hash at the count of one of its earlier bundles' anchors."""

    count: Counter
    hash: Hex64


class AuditAnchor(_Model):
    """The sender's audit-log anchor (store/audit_anchor.py): its chain's head, signed with its device key, and the
    chain's hashes at the counts its earlier bundles carried – so a receiver can check the head it remembers."""

    format: Literal["sspdesk-audit-anchor"]
    format_version: Literal[1]
    device_id: UuidStr
    count: Counter
    head: Hex64
    at: Timestamp
    signature: Annotated[Base64Str, Field(max_length=200)]
    earlier: Annotated[list[AnchorPoint], Field(max_length=64)] = []


SeqRange = Annotated[list[Counter], Field(min_length=2, max_length=2)]


class TeamSync(_Model):
    """A team-folder file's own facts (sspdesk/teamsync), signed with the rest of the manifest: its writer's
    sequence number, the colleague it is addressed to (their signing-key fingerprint), whether it carries changes
    (`news`: acknowledge it promptly) and which of the addressee's files the writer has imported (`acks`, as
    [first, last] ranges of their sequence numbers)."""

    seq: Counter
    to: Annotated[str, StringConstraints(strict=True, pattern=r"^[0-9A-F]{4}( [0-9A-F]{4}){7}$")]
    news: StrictBool
    acks: Annotated[list[SeqRange], Field(max_length=10_000)] = []


class Manifest(_Model):
    format: Literal["sspdesk-bundle"]
    format_version: Literal[1, 2]
    bundle_id: UuidStr
    created_at: Timestamp
    app_version: StrictStr
    sender: Sender
    contents: Contents
    counts: dict[SqlName, Annotated[StrictInt, Field(ge=0)]]
    payload_sha256: Hex64
    audit_anchor: AuditAnchor | None = None  # absent in bundles from before anchors
    teamsync: TeamSync | None = None  # only in files written into a team folder


class Signature(_Model):
    algorithm: Literal["Ed25519"]
    value: Base64Str  # 64 bytes


class Bundle(_Model):
    """The decrypted content of a .sspbundle file."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="sspdesk bundle (decrypted content)")
    manifest: Manifest
    payload: Payload
    signature: Signature


# -- canonical JSON and values ----------------------------------------------------------------------------


def canonical_json(value: Any) -> bytes:
    """The bytes that are hashed and signed (see the module docstring)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode("utf-8")


def signed_message(manifest: dict[str, Any], payload: dict[str, Any]) -> bytes:
    """The bytes the sender signs, by the manifest's format version (see the module docstring)."""
    if manifest.get("format_version") == 1:
        return SIGNATURE_CONTEXT + canonical_json({"manifest": manifest, "payload": payload})
    return manifest_message(manifest)


def manifest_message(manifest: dict[str, Any]) -> bytes:
    """Format version 2: the manifest alone is signed; its `payload_sha256` binds the records."""
    return SIGNATURE_CONTEXT_V2 + canonical_json(manifest)


def v1_message_parts(manifest: dict[str, Any]) -> tuple[bytes, bytes, bytes]:
    """Format version 1's message around the records: (head, separator, tail) – head + record, record, … + tail is
    SIGNATURE_CONTEXT + canonical({"manifest": manifest, "payload": {"records": [...]}})."""
    return SIGNATURE_CONTEXT + b'{"manifest":' + canonical_json(manifest) + b',"payload":{"records":[', b",", b"]}}"


PAYLOAD_HEAD, PAYLOAD_SEPARATOR, PAYLOAD_TAIL = b'{"records":[', b",", b"]}"  # canonical({"records": [...]})


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key {key!r}")
        result[key] = value
    return result


class TooDeep(ValueError):
    """JSON nested deeper than MAX_JSON_DEPTH."""


def parse_json(data: bytes, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """Strict JSON: UTF-8, no duplicate keys, no NaN/Infinity, nested at most `max_depth` deep. Raises ValueError
    (TooDeep for the nesting)."""
    try:
        value = json.loads(data.decode("utf-8"), object_pairs_hook=_no_duplicates, parse_constant=_reject_constant)
    except RecursionError:  # the C parser stops at Python's recursion limit (about 1,000 levels)
        raise TooDeep(f"nested more than {MAX_JSON_DEPTH} deep") from None
    if json_depth_exceeds(value, max_depth):
        raise TooDeep(f"nested more than {MAX_JSON_DEPTH} deep")
    return value


def encode_value(value: Any) -> Any:
    """A column value as it travels: bytes become {"$bytes": base64}; floats are not allowed (not canonical)."""
    if isinstance(value, bytes | bytearray | memoryview):
        return {BYTES_MARKER: base64.b64encode(bytes(value)).decode("ascii")}
    if value is None or isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    raise TypeError(f"a bundle cannot carry a {type(value).__name__} value")


def decode_value(value: Any) -> Any:
    if isinstance(value, BytesValue):
        return b64decode(value.b64)
    if isinstance(value, dict):
        return b64decode(value[BYTES_MARKER])
    return value


def b64decode(text: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValueError("invalid base64") from exc


def b64encode(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def wire_record(table: str, row: dict[str, Any], data_columns: tuple[str, ...]) -> dict[str, Any]:
    """A stored row (sync columns + data columns) as a payload record."""
    return {
        "table": table,
        "id": row["id"],
        "vv": json.loads(row["vv"]) if isinstance(row["vv"], str) else dict(row["vv"]),
        "updated_at": row["updated_at"],
        "deleted": bool(row["deleted"]),
        "data": {column: encode_value(row[column]) for column in data_columns},
    }


# -- JSON Schema ------------------------------------------------------------------------------------------


def bundle_json_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of the decrypted bundle content; docs/bundle.schema.json is this, verbatim."""
    schema = Bundle.model_json_schema(by_alias=True)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://sspdesk.invalid/schemas/bundle-v2.schema.json",
        **schema,
        "description": (
            "Decrypted content of a .sspbundle file (format version 2; version 1 has the same content and another "
            "signed message). The file itself is binary age "
            "(age-encryption.org/v1). See bundle-format.md for the signature scheme and the merge rules."
        ),
    }


def schema_text(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
