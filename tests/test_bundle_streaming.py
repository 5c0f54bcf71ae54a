"""The streaming import's parts (issue 20 item 3): age decryption chunk by chunk, the container read record by
record, format 1 bundles still read, and a file changed between the passes refused."""

from __future__ import annotations

import io
import json
import os
import random
from pathlib import Path

import pyrage
import pytest

from sspdesk.bundles import BundleError, InvalidBundle, Tampered, age_scrypt, age_stream
from sspdesk.bundles import crypto as age
from sspdesk.bundles.container_stream import members
from sspdesk.bundles.format import FORMAT_VERSION, SIGNATURE_CONTEXT, b64encode, canonical_json
from sspdesk.bundles.importer import import_bundle, import_opened
from sspdesk.bundles.opening import BundleSource, open_source
from sspdesk.store import records
from support.bundles import decrypt_for, dump, export_to, journal, sag


def _mine(data: bytes, identity: str | None, passphrase: str | None) -> bytes:
    header = age.read_header(data)
    key = age_stream.file_key(data, header, age_identity=identity, passphrase=passphrase)
    return b"".join(age_stream.plaintext_chunks(io.BytesIO(data[header.header_length :]), key))


def _pyrage(data: bytes, identity: str | None, passphrase: str | None) -> bytes:
    if passphrase is not None:
        return age.decrypt_with_passphrase(data, passphrase)
    return age.decrypt_with_identity(data, identity or "")


def _outcome(decrypt, data: bytes, identity: str | None, passphrase: str | None) -> tuple[str, bytes]:
    try:
        return "ok", decrypt(data, identity, passphrase)
    except BundleError as error:
        return type(error).__name__, b""


def test_stream_decryption_reads_what_pyrage_writes_and_refuses_damage_as_pyrage_does() -> None:
    me, other = pyrage.x25519.Identity.generate(), pyrage.x25519.Identity.generate()
    rng = random.Random(20)
    for size in (0, 1, 65_535, 65_536, 65_537, 140_000):
        plaintext = os.urandom(size)
        for data, identity, passphrase in (
            (pyrage.encrypt(plaintext, [other.to_public(), me.to_public()]), str(me), None),
            (age_scrypt.encrypt(plaintext, "kodeord", log_n=10), None, "kodeord"),
        ):
            assert _mine(data, identity, passphrase) == plaintext
            damaged = [data[:cut] for cut in (len(data) - 1, len(data) - 17, len(data) // 2) if cut > 0]
            damaged += [data + b"x", data + os.urandom(65_552)]
            for _ in range(12):
                flipped = bytearray(data)
                flipped[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
                damaged.append(bytes(flipped))
            for bad in damaged:
                assert _outcome(_mine, bad, identity, passphrase) == _outcome(_pyrage, bad, identity, passphrase)
    wrong = pyrage.encrypt(b"x", [other.to_public()])
    assert _outcome(_mine, wrong, str(me), None)[0] == "WrongKey"
    assert _outcome(_mine, age_scrypt.encrypt(b"x", "a", log_n=10), None, "b")[0] == "WrongBundlePassphrase"


def _chunked(data: bytes, rng: random.Random) -> list[bytes]:
    pieces, at = [], 0
    while at < len(data):
        step = rng.choice((1, 2, 7, 64, 4096))
        pieces.append(data[at : at + step])
        at += step
    return pieces


def test_the_container_is_read_record_by_record_whatever_the_chunks() -> None:
    container = {
        "manifest": {"format": "x", "nested": {"a": [1, {"b": '}]\\"{['}]}},
        "payload": {"records": [{"id": i, "text": 'æøå \\ " } ] ' * i, "list": [[], {}]} for i in range(40)]},
        "signature": {"value": "abc"},
    }
    data = json.dumps(container, ensure_ascii=False, indent=1).encode()
    rng = random.Random(3)
    for _ in range(5):
        events = list(members(iter(_chunked(data, rng))))
        assert [v for k, _, v in events if k == "record"] == container["payload"]["records"]
        assert {n: v for k, n, v in events if k == "member"} == {
            "manifest": container["manifest"],
            "signature": container["signature"],
        }


@pytest.mark.parametrize(
    "text",
    [
        b'{"manifest": {}, "manifest": {}}',
        b'{"manifest": {}} trailing',
        b'{"payload": {"records": [{"a": 1}, ]}}',
        b'{"payload": {"records": [], "more": 1}}',
        b'{"payload": {"records": [{"a": "unterminated}]}}',
        b'{"payload": {"records": [{"a": 1, "a": 2}]}}',
        b'{"manifest": ' + b"[" * 40 + b"]" * 40 + b"}",
    ],
)
def test_a_malformed_container_is_refused_as_not_a_bundle(text: bytes) -> None:
    with pytest.raises(InvalidBundle):
        list(members(iter([text[:5], text[5:]])))


def test_a_format_1_bundle_from_an_older_sspdesk_still_imports(pair, tmp_path: Path) -> None:
    a, b = pair
    case = journal(a)
    container = decrypt_for(b, export_to(a, b, tmp_path / "new.sspbundle"))
    assert container["manifest"]["format_version"] == FORMAT_VERSION == 2
    manifest, payload = container["manifest"], container["payload"]
    manifest["format_version"] = 1
    message = SIGNATURE_CONTEXT + canonical_json({"manifest": manifest, "payload": payload})
    container["signature"]["value"] = b64encode(age.sign(a.identity.signing_key, message))
    old = pyrage.encrypt(json.dumps(container).encode(), [pyrage.x25519.Recipient.from_str(b.identity.recipient)])
    report = import_bundle(b, old, trust_new_sender=True)
    assert report.added >= 1
    assert b.conn.execute("SELECT count(*) FROM cases WHERE id = ?", (case.id,)).fetchone()[0] == 1


def test_a_bundle_file_changed_between_opening_and_importing_is_refused_and_nothing_is_written(
    pair, tmp_path: Path
) -> None:
    a, b = pair
    sag(a)
    first = tmp_path / "first.sspbundle"
    export_to(a, b, first)
    opened = open_source(b, BundleSource(path=first))
    with a.transaction() as conn:  # a second, different bundle written over the file the import reads
        records.put(conn, "contacts", records.new_id(), {"name": "Eva Fiktiv", "role": "Skolekonsulent"}, a.device_id)
    other = export_to(a, b, tmp_path / "second.sspbundle")
    first.write_bytes(other)
    before = dump(b)
    with pytest.raises(Tampered) as error:
        import_opened(b, opened, trust_new_sender=True)
    assert "ændret, mens den blev indlæst" in error.value.message
    assert dump(b) == before
