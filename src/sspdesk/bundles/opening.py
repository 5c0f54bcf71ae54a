"""Opening a bundle (import steps 1–5): decrypt, verify, validate – streaming, so memory does not grow with the
bundle (issue 20: a 100,000-record import took 470 MB when all of this happened on the whole content at once).

The encrypted bundle stays where it is – bytes the caller holds, or the file, re-opened on each pass and read in
chunks – and is read in one pass here: the age header and file key first (`age_stream`), then the plaintext chunk
by chunk through `container_stream`, each record hashed (canonical JSON, for `payload_sha256`) and validated
(`record_checks`) as it arrives and then let go. What the later steps need of the whole bundle is kept small: the
manifest, the number of records, the erasure records (few), and the SHA-256 of the encrypted bytes, which every
later pass (`versions`) checks again, so a file changed between the passes is refused before anything is committed.

The old order of refusals holds: the container and its format version, then the signature (format 2 signs the
manifest, whose `payload_sha256` binds the records; format 1 signs the whole content and is verified with its
canonical bytes in memory, as before), the payload hash, the sender's fingerprint, the manifest's schema – and only
then a record's own fault, which the pass notes and carries on hashing past. Decryption damage found late in the
stream outranks a malformed container found earlier, as when the whole file was decrypted first.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

from pydantic import ValidationError

from sspdesk.bundles import (
    BadSignature,
    BundleError,
    InvalidBundle,
    InvalidRecord,
    NotABundle,
    PassphraseRequired,
    Tampered,
    UnknownFormatVersion,
    age_stream,
)
from sspdesk.bundles import crypto as age
from sspdesk.bundles.container_stream import members
from sspdesk.bundles.erasure_sync import TABLE as ERASURE_TABLE
from sspdesk.bundles.format import (
    FORMAT,
    PAYLOAD_HEAD,
    PAYLOAD_TAIL,
    READABLE_VERSIONS,
    Manifest,
    Signature,
    b64decode,
    canonical_json,
    manifest_message,
    v1_message_parts,
)
from sspdesk.bundles.merge import Version
from sspdesk.bundles.reading import MAX_BUNDLE_BYTES, LimitedReader, open_bundle_file, too_big
from sspdesk.bundles.record_checks import RecordChecker, explain, wire_version
from sspdesk.store.identity import fingerprint as fingerprint_of
from sspdesk.store.scratch import KeySet, Scratch
from sspdesk.store.vault import Vault

Progress = Callable[[int, int, str], None]
M = TypeVar("M", Manifest, Signature)
_HEAD = 1024**2  # the age header is parsed from at most this much of the file's start
CHANGED = "Pakken er ændret, mens den blev indlæst. Intet er gemt; prøv igen."


class BundleSource:
    """The encrypted bundle, to be read from the start on each pass: bytes in memory or a file."""

    def __init__(self, data: bytes | None = None, path: Path | None = None) -> None:
        self.data = data
        self.path = path

    def open(self) -> BinaryIO:
        if self.path is None:
            return io.BytesIO(self.data or b"")
        return open_bundle_file(self.path)[0]

    def size(self) -> int:
        if self.path is None:
            return len(self.data or b"")
        file, size = open_bundle_file(self.path)
        file.close()
        return size


@dataclass(frozen=True)
class OpenedBundle:
    """A verified, validated bundle (the sender not yet checked): its manifest and what reads it again."""

    manifest: Manifest
    fingerprint: str
    records: int
    erasure_versions: tuple[tuple[int, Version], ...]  # (number in the bundle, version) of its erasure records
    source: BundleSource
    header: bytes  # the age header, read again on each pass
    file_key: bytes
    digest: str  # SHA-256 of the encrypted bytes


def _noop(done: int, total: int, text: str) -> None:
    return None


def _read_header(source: BundleSource, passphrase: str | None, age_identity: str) -> tuple[bytes, bytes]:
    """(the age header, the file key) – nothing decrypted beyond the key."""
    size = source.size()
    if size > MAX_BUNDLE_BYTES:  # bytes handed in directly (a file is judged before it is read)
        raise too_big(size)
    with source.open() as raw:
        head = LimitedReader(raw).read(_HEAD)
    header = age.read_header(head)
    if header.is_passphrase and passphrase is None:
        raise PassphraseRequired()
    key = age_stream.file_key(head, header, age_identity=age_identity, passphrase=passphrase)
    return head[: header.header_length], key


class _Pass:
    """One reading of the encrypted bundle: its plaintext chunks, and afterwards the SHA-256 of what was read."""

    def __init__(self, source: BundleSource, header: bytes, key: bytes) -> None:
        self.source, self.header, self.key = source, header, key
        self.digest = ""

    def chunks(self) -> Iterator[bytes]:
        with self.source.open() as raw:
            reader = LimitedReader(raw)
            if reader.read(len(self.header)) != self.header:
                raise Tampered(CHANGED)
            yield from age_stream.plaintext_chunks(reader, self.key)
            if reader.read(1):
                raise Tampered()
            self.digest = reader.digest.hexdigest()


def versions(opened: OpenedBundle) -> Iterator[tuple[int, Version]]:
    """A later pass over an opened bundle: (number in the bundle, version) for every record, in order. Refuses
    (Tampered, at the end) when the encrypted bytes are not those that were verified."""
    reading = _Pass(opened.source, opened.header, opened.file_key)
    index = 0
    for kind, _, value in members(reading.chunks()):
        if kind == "record":
            index += 1
            yield index, wire_version(value)
    if reading.digest != opened.digest:
        raise Tampered(CHANGED)


class _OpenPass:
    """What the opening pass keeps of the container while the records stream past."""

    def __init__(self, vault: Vault, scratch: Scratch) -> None:
        self.checker = RecordChecker(vault.conn, KeySet(scratch))
        self.manifest: Any = None
        self.signature: Any = None
        self.has_payload = False
        self.extra: str | None = None
        self.records = 0
        self.payload_hash = hashlib.sha256(PAYLOAD_HEAD)
        self.v1_records = bytearray()  # format 1 only: its signature covers every record's canonical bytes
        self.error: BundleError | None = None
        self.erasures: list[tuple[int, Version]] = []

    def take(self, kind: str, key: str, value: Any) -> None:
        if kind == "payload":
            self.has_payload = True
        elif kind == "member":
            if key == "manifest":
                self.manifest = value
            elif key == "signature":
                self.signature = value
            elif self.extra is None:
                self.extra = key
        else:
            self.record(value)

    def record(self, value: Any) -> None:
        self.records += 1
        canonical = canonical_json(value)
        separator = b"," if self.records > 1 else b""
        self.payload_hash.update(separator + canonical)
        if not isinstance(self.manifest, dict) or self.manifest.get("format_version") == 1:
            self.v1_records += separator + canonical  # not known yet to be format 2 (its manifest comes first)
        if self.error is not None:
            return
        try:
            version = self.checker.check(self.records, value)
        except InvalidRecord as exc:
            self.error = exc  # raised after the signature and the hashes, as before
            return
        if version.table == ERASURE_TABLE:
            self.erasures.append((self.records, version))


def _container_checks(state: _OpenPass) -> tuple[Manifest, bytes]:
    """Steps 3: the container, its format version, the signature, the payload hash, the sender's fingerprint, the
    manifest's schema; (manifest, signing key)."""
    manifest, signature = state.manifest, state.signature
    if not (isinstance(manifest, dict) and state.has_payload and isinstance(signature, dict)):
        raise InvalidBundle("Pakken mangler manifest, indhold eller underskrift.")
    if manifest.get("format") != FORMAT:
        raise NotABundle()
    version = manifest.get("format_version")
    if type(version) is not int or version not in READABLE_VERSIONS:
        raise UnknownFormatVersion(version)
    sender = manifest.get("sender")
    try:
        key = b64decode(sender["signing_public_key"]) if isinstance(sender, dict) else b""
        value = b64decode(signature.get("value", "")) if signature.get("algorithm") == "Ed25519" else b""
    except (TypeError, ValueError, KeyError):
        key, value = b"", b""
    if len(key) != 32 or len(value) != 64:
        raise BadSignature("Pakken har ingen gyldig Ed25519-underskrift.")
    if version == 1:
        head, _, tail = v1_message_parts(manifest)
        message = head + bytes(state.v1_records) + tail
    else:
        message = manifest_message(manifest)
    if not age.verify(key, value, message):
        raise BadSignature()
    state.payload_hash.update(PAYLOAD_TAIL)
    if manifest.get("payload_sha256") != state.payload_hash.hexdigest():
        raise Tampered("Pakkens indhold passer ikke med kontrolsummen i manifestet.")
    if isinstance(sender, dict) and sender.get("fingerprint") != fingerprint_of(key):
        raise InvalidBundle("Afsenderens fingeraftryk i manifestet passer ikke med signeringsnøglen.")
    parsed = _model(Manifest, manifest, "manifest")
    _model(Signature, signature, "signature")
    if state.extra is not None:
        raise InvalidBundle(f"Pakkens manifest er ugyldigt: «{state.extra}» er ikke et kendt felt.")
    return parsed, key


def _model(model: type[M], value: Any, where: str) -> M:
    try:
        return model.model_validate(value)
    except ValidationError as exc:
        located: dict[str, Any] = dict(exc.errors()[0])
        located["loc"] = (where, *located["loc"])
        raise InvalidBundle(f"Pakkens manifest er ugyldigt: {explain(located, 0)}") from None


def open_source(
    vault: Vault, source: BundleSource, *, passphrase: str | None = None, progress: Progress | None = None
) -> OpenedBundle:
    """Steps 1–5 (nothing is written): a verified, validated bundle, the sender not yet checked."""
    report = progress or _noop
    report(0, 5, "Dekrypterer")
    header, key = _read_header(source, passphrase, vault.identity.age_identity)
    report(1, 5, "Kontrollerer underskrift")
    # Every chunk's authentication tag first, in one decryption pass that parses nothing: a damaged bundle is
    # refused at once, not after its records before the damage were parsed and checked (0.1 s per refusal of a
    # large bundle before). The passes below decrypt again, chunk by chunk, and so hold no more memory.
    for _ in _Pass(source, header, key).chunks():
        pass
    reading = _Pass(source, header, key)
    with Scratch(vault.path.parent) as scratch:
        state = _OpenPass(vault, scratch)
        plaintext = reading.chunks()
        try:
            for kind, name, value in members(plaintext):
                state.take(kind, name, value)
        except InvalidBundle:
            for _ in plaintext:  # damage further on outranks a malformed container, as when all was decrypted first
                pass
            raise
    report(2, 5, "Kontrollerer posterne")
    manifest, signing_key = _container_checks(state)
    if state.error is not None:
        raise state.error
    if {t: n for t, n in manifest.counts.items() if n} != state.checker.counts:
        raise Tampered("Antallet af poster passer ikke med pakkens manifest.")
    return OpenedBundle(
        manifest,
        fingerprint_of(signing_key),
        state.records,
        tuple(state.erasures),
        source,
        header,
        key,
        reading.digest,
    )
