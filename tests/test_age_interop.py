"""Interoperability: a bundle is a standard age file, and its content can be verified without sspdesk.

The standard `age` CLI decrypts a bundle made for an X25519 recipient; the signature is checked here with the
scheme documented in docs/bundle-format.md, written out independently of sspdesk's own code; and a bundle
encrypted by the `age` CLI imports like one of ours. Also the age layer's refusals: armor, other formats, a wrong
passphrase, and a crafted scrypt work factor refused before decrypting.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pyrage
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from sspdesk.bundles import ArmoredBundle, NotABundle, ScryptTooExpensive, WrongBundlePassphrase, crypto
from sspdesk.bundles.export import Selection, export_bundle
from sspdesk.bundles.importer import import_bundle
from support.bundles import dump, export_to, journal, sag

AGE = shutil.which("age")
needs_age_cli = pytest.mark.skipif(AGE is None, reason="the age CLI is not installed (apt-get install age)")


def _age(*args: str, data: bytes | None = None) -> bytes:
    result = subprocess.run([AGE, *args], input=data, capture_output=True, check=True, timeout=60)
    return result.stdout


def _keyfile(tmp_path: Path, identity: str) -> Path:
    path = tmp_path / "key.txt"
    path.write_text(identity + "\n", encoding="ascii")
    os.chmod(path, 0o600)
    return path


def _canonical(value) -> bytes:
    """RFC 8785-style canonical JSON, as documented: sorted keys, no whitespace, UTF-8, minimal escapes."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


@needs_age_cli
def test_the_age_cli_decrypts_a_bundle_and_the_signature_verifies(pair, tmp_path: Path) -> None:
    a, b = pair
    case = sag(a)
    bundle = tmp_path / "til-b.sspbundle"
    export_to(a, b, bundle, Selection(case_refs=(case.id,)))
    plaintext = _age("-d", "-i", str(_keyfile(tmp_path, b.identity.age_identity)), str(bundle))
    container = json.loads(plaintext)
    assert set(container) == {"manifest", "payload", "signature"}
    manifest, payload = container["manifest"], container["payload"]
    assert manifest["format"] == "sspdesk-bundle" and manifest["format_version"] == 2
    assert manifest["sender"]["fingerprint"] == a.identity.fingerprint
    assert manifest["counts"]["cases"] == 1
    record = next(r for r in payload["records"] if r["table"] == "cases")
    assert record["id"] == case.id and record["data"]["subject"] == "Indbrud i kiosk"
    assert record["vv"] == {a.device_id: 1} and record["deleted"] is False
    # Verify as an outsider would: SHA-256 of the canonical payload, Ed25519 over context + the canonical manifest
    # (format 2: the manifest holds the payload's hash).
    assert hashlib.sha256(_canonical(payload)).hexdigest() == manifest["payload_sha256"]
    key = Ed25519PublicKey.from_public_bytes(base64.b64decode(manifest["sender"]["signing_public_key"]))
    message = b"sspdesk-bundle-signature-v2\n" + _canonical(manifest)
    key.verify(base64.b64decode(container["signature"]["value"]), message)  # raises if invalid
    assert hashlib.sha256(key.public_bytes_raw()).hexdigest()[:4].upper() == a.identity.fingerprint[:4]


@needs_age_cli
def test_a_bundle_encrypted_by_the_age_cli_imports(pair, tmp_path: Path) -> None:
    a, b = pair
    case = sag(a)
    bundle = tmp_path / "til-b.sspbundle"
    export_to(a, b, bundle, Selection(case_refs=(case.id,)))
    plaintext = _age("-d", "-i", str(_keyfile(tmp_path, b.identity.age_identity)), str(bundle))
    reencrypted = _age("-r", b.identity.recipient, data=plaintext)
    report = import_bundle(b, reencrypted, trust_new_sender=True)
    assert report.added == 1 + len(case.deadlines) + 1  # and A's record of the exchange
    armored = _age("-a", "-r", b.identity.recipient, data=plaintext)
    with pytest.raises(ArmoredBundle):
        import_bundle(b, armored)


# -- the age layer: formats and passphrases -------------------------------------------------------------


def test_armor_and_other_files_are_refused(pair) -> None:
    _, b = pair
    armored = pyrage.encrypt(b"{}", [pyrage.x25519.Recipient.from_str(b.identity.recipient)], armored=True)
    with pytest.raises(ArmoredBundle):
        import_bundle(b, armored)
    for junk in (b"PK\x03\x04 not a bundle", b"age-encryption.org/v2\n-> x\n"):
        with pytest.raises(NotABundle):
            import_bundle(b, junk)


def test_a_passphrase_bundle_round_trip_and_a_wrong_passphrase(pair, tmp_path: Path) -> None:
    a, b = pair
    j = journal(a)
    out = tmp_path / "p.sspbundle"
    export_bundle(a, out, Selection(case_refs=(j.id,)), passphrase="fælles kode")
    data = out.read_bytes()
    assert crypto.read_header(data).scrypt_log_n <= crypto.MAX_SCRYPT_LOG_N
    with pytest.raises(WrongBundlePassphrase) as error:
        import_bundle(b, data, passphrase="forkert", trust_new_sender=True)
    assert error.value.exit_code == 3
    assert import_bundle(b, data, passphrase="fælles kode", trust_new_sender=True).added == 1 + len(j.deadlines)


def _crafted_scrypt_bundle(log_n: int) -> bytes:
    salt = base64.b64encode(os.urandom(16)).rstrip(b"=")
    body = base64.b64encode(os.urandom(32)).rstrip(b"=")
    mac = base64.b64encode(os.urandom(32)).rstrip(b"=")
    header = b"age-encryption.org/v1\n-> scrypt " + salt + b" " + str(log_n).encode() + b"\n" + body + b"\n"
    return header + b"--- " + mac + b"\n" + os.urandom(16 + 64)


def test_an_excessive_scrypt_work_factor_is_refused_before_decrypting(pair) -> None:
    _, b = pair
    before = dump(b)
    for log_n in (crypto.MAX_SCRYPT_LOG_N + 1, 40):
        started = time.monotonic()
        with pytest.raises(ScryptTooExpensive) as error:
            import_bundle(b, _crafted_scrypt_bundle(log_n), passphrase="hvad som helst")
        assert time.monotonic() - started < 0.5  # scrypt never ran
        assert error.value.log_n == log_n and error.value.exit_code == 4
    assert dump(b) == before
    # Within the limit the header passes and decryption (fast here) fails on the random key material.
    with pytest.raises(WrongBundlePassphrase):
        import_bundle(b, _crafted_scrypt_bundle(10), passphrase="hvad som helst")
