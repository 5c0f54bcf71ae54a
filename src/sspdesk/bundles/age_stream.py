"""Decrypting a bundle as a stream of plaintext chunks, so an import never holds the whole plaintext (issue 20).

pyrage decrypts whole byte strings, or streams into a writer it drives itself (and not at all for a passphrase);
an import reads the plaintext several times in batches (verify and validate, check, apply), so it needs the file
key once and then a fresh stream of the payload on each pass. This module is the age format (age-encryption.org/v1)
from the standard primitives of `cryptography`, as `age_scrypt` composes them for writing:

* the file key: an X25519 stanza (ECDH with this vault's identity, HKDF-SHA256 with the label
  "age-encryption.org/v1/X25519", ChaCha20-Poly1305 key unwrap with a zero nonce) or the scrypt stanza (its work
  factor judged by `crypto.read_header` before scrypt starts); then the header MAC (HMAC-SHA256 under
  HKDF(file key, "header")) – a header that does not authenticate is refused before any payload is decrypted;
  Damage (bytes that do not decode or authenticate) is `Tampered`, as pyrage reports it;
* the payload: a 16-byte nonce, then STREAM chunks of 64 KiB plaintext, ChaCha20-Poly1305 under
  HKDF(file key, nonce, "payload"), nonce = 11-byte big-endian counter + a last-chunk flag. Each chunk is
  authenticated before its plaintext is handed on; a missing last chunk or bytes after it do not authenticate.
  A chunk handed on before a later one fails is only ever parsed and checked, never applied: nothing is written
  before a whole pass succeeded and the signature held (`importer`).

The tests decrypt bundles written by pyrage (and `age`) with this, and check that damaged files are refused the same
way pyrage refuses them.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from sspdesk.bundles import Tampered, Truncated, WrongBundlePassphrase, WrongKey
from sspdesk.bundles.crypto import AgeHeader

CHUNK = 64 * 1024
_TAG = 16
_NONCE = 16
_X25519_LABEL = b"age-encryption.org/v1/X25519"
_SCRYPT_LABEL = b"age-encryption.org/v1/scrypt"
_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def _hkdf(key: bytes, salt: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(key)


def _b64(text: bytes) -> bytes:
    """Unpadded standard base64 of a stanza (age's canonical form: no padding, no stray bits)."""
    try:
        raw = base64.b64decode(text + b"=" * (-len(text) % 4), validate=True)
    except (binascii.Error, ValueError):
        raise Tampered() from None
    if base64.b64encode(raw).rstrip(b"=") != text:
        raise Tampered()
    return raw


def _bech32_data(text: str, hrp: str) -> bytes:
    """The 8-bit data of a bech32 string (BIP 173, checksum verified): an age identity or recipient."""
    text = text.strip().lower()
    if not text.startswith(hrp + "1"):
        raise ValueError("not an age key")
    values = [_BECH32.index(c) for c in text[len(hrp) + 1 :]]
    polymod = 1
    for value in [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp] + values:
        top = polymod >> 25
        polymod = (polymod & 0x1FFFFFF) << 5 ^ value
        for i, g in enumerate((0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)):
            polymod ^= g if (top >> i) & 1 else 0
    if polymod != 1:
        raise ValueError("bad bech32 checksum")
    bits, acc, out = 0, 0, bytearray()
    for value in values[:-6]:
        acc, bits = acc << 5 | value, bits + 5
        if bits >= 8:
            bits -= 8
            out.append(acc >> bits & 0xFF)
    return bytes(out)


def identity_key(age_identity: str) -> X25519PrivateKey:
    """This vault's X25519 key from its `AGE-SECRET-KEY-1…` identity."""
    return X25519PrivateKey.from_private_bytes(_bech32_data(age_identity, "age-secret-key-"))


def recipient_key(recipient: str) -> bytes:
    """The raw X25519 public key of an `age1…` recipient."""
    return _bech32_data(recipient, "age")


@dataclass(frozen=True)
class _Stanza:
    kind: bytes
    args: list[bytes]
    body: bytes


def _stanzas(header: bytes) -> tuple[list[_Stanza], bytes, bytes]:
    """(stanzas, the header bytes the MAC covers, the MAC) of a header `crypto.read_header` has already judged."""
    lines = header.split(b"\n")
    stanzas: list[_Stanza] = []
    i = 1  # after the version line
    while not lines[i].startswith(b"--- "):
        args = lines[i][3:].split(b" ")
        body = b""
        i += 1
        while True:
            body += lines[i]
            i += 1
            if len(lines[i - 1]) < 64:
                break
        stanzas.append(_Stanza(args[0], args[1:], _b64(body)))
    mac_line = lines[i]
    covered = b"\n".join(lines[:i]) + b"\n---"
    return stanzas, covered, _b64(mac_line[4:])


def _unwrap(wrap_key: bytes, body: bytes) -> bytes | None:
    if len(body) != 32:
        raise Tampered()
    try:
        return ChaCha20Poly1305(wrap_key).decrypt(bytes(12), body, None)
    except InvalidTag:
        return None


def file_key(header_bytes: bytes, header: AgeHeader, *, age_identity: str | None, passphrase: str | None) -> bytes:
    """The file key of a bundle whose header `crypto.read_header` accepted; the header MAC is verified."""
    stanzas, covered, mac = _stanzas(header_bytes[: header.header_length])
    key: bytes | None = None
    if header.is_passphrase:
        if passphrase is None:
            raise WrongKey("Pakken er krypteret med en adgangskode, ikke til modtagernøgler.")
        stanza = stanzas[0]
        salt = _b64(stanza.args[0]) if len(stanza.args) == 2 else b""
        if len(salt) != 16:
            raise Tampered()
        wrap = hashlib.scrypt(
            passphrase.encode("utf-8"),
            salt=_SCRYPT_LABEL + salt,
            n=2 ** int(stanza.args[1]),
            r=8,
            p=1,
            maxmem=2**31 - 1,
            dklen=32,
        )
        key = _unwrap(wrap, stanza.body)
        if key is None:
            raise WrongBundlePassphrase()
    else:
        if age_identity is None:
            raise WrongKey("Pakken er krypteret til modtagernøgler, ikke med en adgangskode.")
        identity = identity_key(age_identity)
        ours = identity.public_key().public_bytes_raw()
        for stanza in stanzas:
            if stanza.kind != b"X25519" or len(stanza.args) != 1:
                continue
            share = _b64(stanza.args[0])
            if len(share) != 32:
                raise Tampered()
            try:
                shared = identity.exchange(X25519PublicKey.from_public_bytes(share))
            except ValueError:  # a low-order share: an all-zero secret
                raise Tampered() from None
            key = _unwrap(_hkdf(shared, share + ours, _X25519_LABEL), stanza.body)
            if key is not None:
                break
        if key is None:
            raise WrongKey()
    if not hmac.compare_digest(hmac.new(_hkdf(key, b"", b"header"), covered, hashlib.sha256).digest(), mac):
        raise Tampered("Pakkens age-hoved er ændret (MAC passer ikke).")
    return key


def _read(source: Readable, size: int) -> bytes:
    parts, wanted = [], size
    while wanted:
        piece = source.read(wanted)
        if not piece:
            break
        parts.append(piece)
        wanted -= len(piece)
    return b"".join(parts)


class Readable(Protocol):
    def read(self, size: int, /) -> bytes: ...


def plaintext_chunks(source: Readable, key: bytes) -> Iterator[bytes]:
    """The payload's plaintext, one authenticated 64 KiB chunk at a time; `source` stands just after the header."""
    nonce = _read(source, _NONCE)
    if len(nonce) < _NONCE:
        raise Truncated()
    stream = ChaCha20Poly1305(_hkdf(key, nonce, b"payload"))
    counter = 0
    sealed = _read(source, CHUNK + _TAG)
    while True:
        following = _read(source, CHUNK + _TAG)  # read on even after a short chunk: nothing may follow the last
        last = not following
        if len(sealed) < _TAG:
            raise Tampered()
        if counter >= 2**88 - 1:
            raise Tampered()
        try:  # a file cut after a whole chunk fails here too: pyrage calls that damage as well
            chunk = stream.decrypt(counter.to_bytes(11, "big") + (b"\x01" if last else b"\x00"), sealed, None)
        except InvalidTag:
            raise Tampered() from None
        if last and not chunk and counter:
            raise Tampered()  # age: only an empty payload ends with an empty chunk
        yield chunk
        if last:
            return
        counter += 1
        sealed = following
