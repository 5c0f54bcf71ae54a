"""Interoperability: a bundle is a standard age file, and its content can be verified without sspdesk.

The standard `age` CLI decrypts a bundle made for an X25519 recipient; the signature is checked here with the
scheme documented in docs/bundle-format.md, written out independently of sspdesk's own code; and a bundle
encrypted by the `age` CLI imports like one of ours.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from sspdesk.bundles import ArmoredBundle
from sspdesk.bundles.export import Selection
from sspdesk.bundles.importer import import_bundle
from test_bundles import export_to, make_vault, sag

AGE = shutil.which("age")
pytestmark = pytest.mark.skipif(AGE is None, reason="the age CLI is not installed (apt-get install age)")


@pytest.fixture
def pair(tmp_path: Path):
    a, b = make_vault(tmp_path, "a"), make_vault(tmp_path, "b")
    yield a, b
    a.close()
    b.close()


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


def test_the_age_cli_decrypts_a_bundle_and_the_signature_verifies(pair, tmp_path: Path) -> None:
    a, b = pair
    case = sag(a)
    bundle = tmp_path / "til-b.sspbundle"
    export_to(a, b, bundle, Selection(case_refs=(case.id,)))
    plaintext = _age("-d", "-i", str(_keyfile(tmp_path, b.identity.age_identity)), str(bundle))
    container = json.loads(plaintext)
    assert set(container) == {"manifest", "payload", "signature"}
    manifest, payload = container["manifest"], container["payload"]
    assert manifest["format"] == "sspdesk-bundle" and manifest["format_version"] == 1
    assert manifest["sender"]["fingerprint"] == a.identity.fingerprint
    assert manifest["counts"]["cases"] == 1
    record = next(r for r in payload["records"] if r["table"] == "cases")
    assert record["id"] == case.id and record["data"]["subject"] == "Indbrud i kiosk"
    assert record["vv"] == {a.device_id: 1} and record["deleted"] is False
    # Verify as an outsider would: SHA-256 of the canonical payload, Ed25519 over context + canonical both.
    assert hashlib.sha256(_canonical(payload)).hexdigest() == manifest["payload_sha256"]
    key = Ed25519PublicKey.from_public_bytes(base64.b64decode(manifest["sender"]["signing_public_key"]))
    message = b"sspdesk-bundle-signature-v1\n" + _canonical({"manifest": manifest, "payload": payload})
    key.verify(base64.b64decode(container["signature"]["value"]), message)  # raises if invalid
    assert hashlib.sha256(key.public_bytes_raw()).hexdigest()[:4].upper() == a.identity.fingerprint[:4]


def test_a_bundle_encrypted_by_the_age_cli_imports(pair, tmp_path: Path) -> None:
    a, b = pair
    case = sag(a)
    bundle = tmp_path / "til-b.sspbundle"
    export_to(a, b, bundle, Selection(case_refs=(case.id,)))
    plaintext = _age("-d", "-i", str(_keyfile(tmp_path, b.identity.age_identity)), str(bundle))
    reencrypted = _age("-r", b.identity.recipient, data=plaintext)
    report = import_bundle(b, reencrypted, trust_new_sender=True)
    assert report.added == 1 + len(case.deadlines)
    armored = _age("-a", "-r", b.identity.recipient, data=plaintext)
    with pytest.raises(ArmoredBundle):
        import_bundle(b, armored)
