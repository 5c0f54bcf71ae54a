"""Encrypting a passphrase bundle in the age format (age-encryption.org/v1) with a *fixed* scrypt work factor.

Why not pyrage: it calibrates the work factor to about a second on the exporting laptop – 2^21 on a fast one – and
offers no way to choose it, while an importer must refuse absurd factors before it starts (a forged 2^22 header cost
28.6 s of work before refusal). We accept at most 2^20 (`crypto.MAX_SCRYPT_LOG_N`), so our own bundles must never
exceed it: they use 2^18, the reference Go implementation's default. Decryption stays with pyrage, and the tests
check that pyrage (and so `age`/`rage`) decrypts what this writes.

Only standard primitives from `cryptography` and `hashlib` are used, exactly as the age specification composes them:
scrypt stanza (salt label "age-encryption.org/v1/scrypt"), ChaCha20-Poly1305 key wrap with a zero nonce, header MAC
HMAC-SHA256 under HKDF(file key, "header"), payload STREAM of 64 KiB ChaCha20-Poly1305 chunks under
HKDF(file key, nonce, "payload").
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

WORK_FACTOR_LOG_N = 18
_CHUNK = 64 * 1024
_SCRYPT_LABEL = b"age-encryption.org/v1/scrypt"


def _b64(data: bytes) -> bytes:
    return base64.b64encode(data).rstrip(b"=")


def _hkdf(key: bytes, salt: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(key)


def _wrapped_lines(body: bytes) -> bytes:
    """A stanza body: base64 in lines of 64 columns; a last line shorter than 64 (possibly empty) ends it."""
    lines = [body[i : i + 64] for i in range(0, len(body), 64)]
    if not lines or len(lines[-1]) == 64:
        lines.append(b"")
    return b"\n".join(lines) + b"\n"


def encrypt(plaintext: bytes, passphrase: str, log_n: int = WORK_FACTOR_LOG_N) -> bytes:
    file_key = os.urandom(16)
    salt = os.urandom(16)
    wrap_key = hashlib.scrypt(
        passphrase.encode("utf-8"), salt=_SCRYPT_LABEL + salt, n=2**log_n, r=8, p=1, maxmem=2**31 - 1, dklen=32
    )
    wrapped = ChaCha20Poly1305(wrap_key).encrypt(bytes(12), file_key, None)
    header = b"age-encryption.org/v1\n-> scrypt " + _b64(salt) + b" " + str(log_n).encode() + b"\n"
    header += _wrapped_lines(_b64(wrapped)) + b"---"
    mac = hmac.new(_hkdf(file_key, b"", b"header"), header, hashlib.sha256).digest()
    nonce = os.urandom(16)
    stream = ChaCha20Poly1305(_hkdf(file_key, nonce, b"payload"))
    chunks = [plaintext[i : i + _CHUNK] for i in range(0, len(plaintext), _CHUNK)] or [b""]
    body = bytearray()
    for counter, chunk in enumerate(chunks):
        last = counter == len(chunks) - 1
        chunk_nonce = counter.to_bytes(11, "big") + (b"\x01" if last else b"\x00")
        body += stream.encrypt(chunk_nonce, chunk, None)
    return header + b" " + _b64(mac) + b"\n" + nonce + bytes(body)
