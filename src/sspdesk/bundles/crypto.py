"""age encryption in memory (pyrage), the header checks done before decrypting, and Ed25519 signatures.

pyrage (the Rust `age`) encrypts to recipients and decrypts everything, `cryptography` signs and verifies. A
passphrase bundle is written by `age_scrypt` (the age format from standard primitives, with a fixed work factor that
our own importer accepts; pyrage decrypts it). We also read the plain-text age header ourselves, so that armored
files, unknown formats and passphrase bundles with an excessive scrypt work factor are refused before any
decryption work starts.

Decryption here is `pyrage.decrypt` / `pyrage.passphrase.decrypt` on bytes in memory, never decrypt_file /
decrypt_io (they can write partial plaintext of a damaged file). The import decrypts chunk by chunk with
`age_stream` (issue 20), which hands each authenticated chunk only to the parser, never to a file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyrage
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from sspdesk.bundles import (
    ArmoredBundle,
    ExportError,
    NotABundle,
    PassphraseRequired,
    ScryptTooExpensive,
    Tampered,
    Truncated,
    WrongBundlePassphrase,
    WrongKey,
    age_scrypt,
)

AGE_MAGIC = b"age-encryption.org/v1\n"
ARMOR_BEGIN = b"-----BEGIN AGE ENCRYPTED FILE-----"

# The largest scrypt work factor a passphrase bundle may ask for: 2^20 is about a second of work and 1 GiB of memory
# on a laptop. Above it we refuse without starting scrypt (a forged 2^22 header once cost 28.6 s before refusal).
# Our own passphrase bundles use 2^18 (bundles/age_scrypt.py: pyrage would calibrate up to 2^21 on a fast laptop).
MAX_SCRYPT_LOG_N = 20

_MAX_HEADER = 64 * 1024
_MAX_STANZAS = 64
_BODY_LINE = 64  # base64 characters per full body line; a shorter line ends the stanza
_NONCE_AND_TAG = 16 + 16  # the payload's nonce and at least one chunk's tag
_DECIMAL = re.compile(rb"^(0|[1-9][0-9]{0,2})$")
_B64_NO_PAD = re.compile(rb"^[A-Za-z0-9+/]*$")


@dataclass(frozen=True)
class AgeHeader:
    stanza_types: tuple[str, ...]
    scrypt_log_n: int | None  # set for a passphrase file
    header_length: int  # bytes up to and including the MAC line

    @property
    def is_passphrase(self) -> bool:
        return self.scrypt_log_n is not None


def read_header(data: bytes) -> AgeHeader:
    """Parse the age v1 header (plain text before the binary payload) and check it; raise a BundleError."""
    if data[:256].lstrip().startswith(ARMOR_BEGIN):
        raise ArmoredBundle()
    if not data:
        raise Truncated("Filen er tom.")
    if not data.startswith(AGE_MAGIC):
        if AGE_MAGIC.startswith(data[: len(AGE_MAGIC)]):
            raise Truncated()
        raise NotABundle()
    position = len(AGE_MAGIC)
    types: list[str] = []
    log_n: int | None = None
    while True:
        line, position = _next_line(data, position)
        if line.startswith(b"--- "):
            break
        if not line.startswith(b"-> "):
            raise NotABundle("Filens age-hoved er ugyldigt.")
        args = line[3:].split(b" ")
        if not args or not all(args) or len(types) >= _MAX_STANZAS:
            raise NotABundle("Filens age-hoved er ugyldigt.")
        types.append(args[0].decode("ascii", "replace"))
        if args[0] == b"scrypt":
            log_n = _scrypt_work_factor(args)
        position = _skip_body(data, position)
    if log_n is not None and len(types) != 1:
        raise NotABundle("Filens age-hoved er ugyldigt (en adgangskode kan ikke kombineres med andre modtagere).")
    if len(data) - position < _NONCE_AND_TAG:
        raise Truncated()
    return AgeHeader(tuple(types), log_n, position)


def _next_line(data: bytes, position: int) -> tuple[bytes, int]:
    end = data.find(b"\n", position, position + _MAX_HEADER)
    if end < 0:
        if len(data) - position < _MAX_HEADER:
            raise Truncated()
        raise NotABundle("Filens age-hoved er ugyldigt.")
    if end > _MAX_HEADER:
        raise NotABundle("Filens age-hoved er ugyldigt.")
    return data[position:end], end + 1


def _skip_body(data: bytes, position: int) -> int:
    while True:
        line, position = _next_line(data, position)
        if len(line) > _BODY_LINE or not _B64_NO_PAD.match(line):
            raise NotABundle("Filens age-hoved er ugyldigt.")
        if len(line) < _BODY_LINE:
            return position


def _scrypt_work_factor(args: list[bytes]) -> int:
    if len(args) != 3 or not _DECIMAL.match(args[2]):
        raise NotABundle("Filens age-hoved er ugyldigt (scrypt-linjen).")
    log_n = int(args[2])
    if log_n > MAX_SCRYPT_LOG_N:
        raise ScryptTooExpensive(log_n, MAX_SCRYPT_LOG_N)
    return log_n


# -- encryption -------------------------------------------------------------------------------------------


def parse_recipient(text: str) -> pyrage.x25519.Recipient:
    text = text.strip()
    if not text.startswith("age1"):
        raise ExportError(f"Modtagernøglen skal være en age-nøgle, der begynder med age1: {text[:20]!r}")
    try:
        return pyrage.x25519.Recipient.from_str(text)
    except Exception as exc:  # pyrage.RecipientError and friends
        raise ExportError(f"Modtagernøglen er ugyldig: {text[:20]}…") from exc


def is_recipient(text: str) -> bool:
    try:
        parse_recipient(text)
    except ExportError:
        return False
    return True


def encrypt_to_recipients(plaintext: bytes, recipients: list[str]) -> bytes:
    if not recipients:
        raise ExportError("Vælg mindst én modtager.")
    data: bytes = pyrage.encrypt(plaintext, [parse_recipient(r) for r in recipients])  # pyrage has no types
    return data


def encrypt_with_passphrase(plaintext: bytes, passphrase: str) -> bytes:
    if not passphrase:
        raise ExportError("Adgangskoden til pakken må ikke være tom.")
    return age_scrypt.encrypt(plaintext, passphrase)


# -- decryption -------------------------------------------------------------------------------------------


def decrypt_with_identity(data: bytes, age_identity: str) -> bytes:
    header = read_header(data)
    if header.is_passphrase:
        raise PassphraseRequired()
    identity = pyrage.x25519.Identity.from_str(age_identity)
    try:
        plaintext: bytes = pyrage.decrypt(data, [identity])
    except pyrage.DecryptError as exc:
        raise _decrypt_error(str(exc), passphrase=False) from None
    return plaintext


def decrypt_with_passphrase(data: bytes, passphrase: str) -> bytes:
    header = read_header(data)  # refuses an excessive work factor before scrypt runs
    if not header.is_passphrase:
        raise WrongKey("Pakken er krypteret til modtagernøgler, ikke med en adgangskode.")
    try:
        plaintext: bytes = pyrage.passphrase.decrypt(data, passphrase)
    except pyrage.DecryptError as exc:
        raise _decrypt_error(str(exc), passphrase=True) from None
    return plaintext


def _decrypt_error(text: str, *, passphrase: bool) -> Exception:
    lowered = text.lower()
    if "no matching keys" in lowered:
        return WrongKey()
    if "fill whole buffer" in lowered or "unexpected end" in lowered:
        return Truncated()
    if passphrase and "decryption failed" in lowered:
        return WrongBundlePassphrase()
    if "excessive work" in lowered:
        return ScryptTooExpensive(MAX_SCRYPT_LOG_N + 1, MAX_SCRYPT_LOG_N)
    return Tampered()


# -- signatures -------------------------------------------------------------------------------------------


def sign(private_key: bytes, message: bytes) -> bytes:
    return Ed25519PrivateKey.from_private_bytes(private_key).sign(message)


def verify(public_key: bytes, signature: bytes, message: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True
