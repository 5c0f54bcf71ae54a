"""Tampered, truncated, misaddressed, replayed and unsigned bundles: each refused with a typed error, and the
receiving vault file stays byte-for-byte the same.

* Every single-bit flip and every truncation of a small bundle (one contact record, about 1.2 kB: ~10,000
  flips). Decrypting with X25519 is cheap – all flips take about a second here – so the default run does *all*
  of them; no sampling.
* 500 random flips/truncations (fixed seed) of a large bundle (2,000 records, ~0.85 MB).
  `SSPDESK_LONG_TESTS=1` raises that to 3,000.

"Unchanged" is checked twice: the vault's main file and its WAL (checkpointed with `wal_checkpoint(TRUNCATE)`
first, so the main file holds the whole state and any write would show in the WAL or the main file) compared
byte for byte after every attempt, and `dump()` (every synced row, conflicts, peers, change counter) at the end.
"""

from __future__ import annotations

import base64
import json
import os
import random
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyrage
import pytest

from robustness import Snapshot, fill_cases
from sspdesk.bundles import (
    EXIT_AUTH,
    EXIT_INVALID,
    BadSignature,
    BundleError,
    InvalidBundle,
    Tampered,
    Truncated,
    WrongKey,
)
from sspdesk.bundles.export import Selection
from sspdesk.bundles.importer import import_bundle
from sspdesk.store import records
from sspdesk.store.vault import Vault
from support.bundles import decrypt_for, dump, export_to, make_vault, seal

LONG = os.environ.get("SSPDESK_LONG_TESTS") == "1"
LARGE_RECORDS = 2_000
LARGE_MUTATIONS = 3_000 if LONG else 500


def _fictional_contact(vault: Vault) -> None:
    with vault.transaction() as conn:
        records.put(
            conn, "contacts", records.new_id(), {"name": "Eva Fiktiv", "role": "Skolekonsulent"}, vault.device_id
        )


def _refused(vault: Vault, data: bytes) -> str | None:
    """None when the import was refused with a typed error that says exit 3 or 4; else what went wrong."""
    try:
        report = import_bundle(vault, data)
    except BundleError as error:
        if error.exit_code not in (EXIT_AUTH, EXIT_INVALID) or not error.check or not error.message:
            return f"{type(error).__name__} with exit {error.exit_code}"
        return None
    except Exception as error:  # the point: report any untyped error
        return f"untyped {type(error).__name__}: {error}"
    return f"accepted: {report.to_json()}"


def _run_all(receiver: Vault, attempts: Iterator[tuple[str, bytes]], snapshot: Snapshot) -> Counter[str]:
    """Try every attempt, checking the files after each; fail with the first problems found."""
    problems: list[str] = []
    checks: Counter[str] = Counter()
    for label, data in attempts:
        problem = _refused(receiver, data)
        if problem is None and not snapshot.files_unchanged():
            problem = "the vault file changed"
        if problem is not None:
            problems.append(f"{label}: {problem}")
            if len(problems) >= 10:
                break
        checks["tried"] += 1
    assert not problems, "\n".join(problems)
    snapshot.assert_unchanged()
    return checks


# -- the small bundle: every flip, every truncation --------------------------------------------------------------


@pytest.fixture
def small(pair, tmp_path: Path) -> tuple[Vault, bytes, Snapshot]:
    """(receiver, bundle, snapshot): B has imported A's one-record bundle, trusting A."""
    a, b = pair
    _fictional_contact(a)
    data = export_to(a, b, tmp_path / "small.sspbundle")
    assert import_bundle(b, data, trust_new_sender=True).added == 1
    return b, data, Snapshot(b)


def test_every_single_bit_flip_of_a_small_bundle_is_refused(small) -> None:
    receiver, data, snapshot = small
    assert len(data) < 2_000, "keep the bundle small, so that every flip stays feasible"

    def flips() -> Iterator[tuple[str, bytes]]:
        for position in range(len(data)):
            for bit in range(8):
                mutated = bytearray(data)
                mutated[position] ^= 1 << bit
                yield f"bit {bit} of byte {position}", bytes(mutated)

    checks = _run_all(receiver, flips(), snapshot)
    assert checks["tried"] == 8 * len(data)


def test_every_truncation_of_a_small_bundle_is_refused(small) -> None:
    receiver, data, snapshot = small
    attempts = ((f"first {cut} bytes", data[:cut]) for cut in range(len(data)))
    assert _run_all(receiver, attempts, snapshot)["tried"] == len(data)
    # Cut inside the payload: reported as truncated or tampered with, never as "not a bundle".
    header_end = data.index(b"\n---") + 1
    for cut in (header_end + 40, len(data) - 1):
        with pytest.raises((Truncated, Tampered)):
            import_bundle(receiver, data[:cut])


# -- the large bundle: random flips and truncations -----------------------------------------------------------


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("large")
    a, b = make_vault(folder, "a"), make_vault(folder, "b")
    fill_cases(a, LARGE_RECORDS // 5)
    data = export_to(a, b, folder / "large.sspbundle")
    a.close()
    yield b, data
    b.close()


def test_random_flips_and_truncations_of_a_large_bundle_are_refused(large) -> None:
    receiver, data = large
    counts = decrypt_for(receiver, data)["manifest"]["counts"]
    # Every sag travels with the sender's record of the exchange (Retsplejelovens § 115).
    assert counts["information_exchanges"] == counts["cases"] == LARGE_RECORDS // 5
    sent = sum(counts.values())
    assert sent == LARGE_RECORDS + LARGE_RECORDS // 5
    snapshot = Snapshot(receiver)
    rng = random.Random(20260514)

    def mutations() -> Iterator[tuple[str, bytes]]:
        for n in range(LARGE_MUTATIONS):
            if n % 5 == 4:
                cut = rng.randrange(len(data))
                yield f"truncated to {cut} bytes", data[:cut]
            else:
                position, bit = rng.randrange(len(data)), rng.randrange(8)
                mutated = bytearray(data)
                mutated[position] ^= 1 << bit
                yield f"bit {bit} of byte {position}", bytes(mutated)

    assert _run_all(receiver, mutations(), snapshot)["tried"] == LARGE_MUTATIONS
    # The untouched bundle still imports: the refusals were about the damage, not the bundle.
    assert import_bundle(receiver, data, trust_new_sender=True).added == sent
    receiver.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert not snapshot.files_unchanged()  # and the comparison does see a real change


# -- wrong recipient, replay, unsigned ----------------------------------------------------------------------------


def test_a_bundle_for_another_recipient_is_refused(tmp_path: Path) -> None:
    a, b, c = (make_vault(tmp_path, name) for name in "abc")
    try:
        _fictional_contact(a)
        data = export_to(a, c, tmp_path / "for-c.sspbundle")
        snapshot = Snapshot(b)
        with pytest.raises(WrongKey) as error:
            import_bundle(b, data, trust_new_sender=True)
        assert error.value.exit_code == EXIT_AUTH and "modtagernøgle" in error.value.message
        snapshot.assert_unchanged()
        assert import_bundle(c, data, trust_new_sender=True).added == 1  # the right recipient reads it
    finally:
        for vault in (a, b, c):
            vault.close()


def test_a_replayed_bundle_changes_nothing(tmp_path: Path) -> None:
    a, b = make_vault(tmp_path, "a"), make_vault(tmp_path, "b")
    try:
        fill_cases(a, 10)
        data = export_to(a, b, tmp_path / "once.sspbundle")
        first = import_bundle(b, data, trust_new_sender=True)
        assert first.added == 50 + 10  # with the exchange recorded on each sag
        before = dump(b)
        for _ in range(2):
            again = import_bundle(b, data)
            assert again.to_json() == {
                "added": 0,
                "updated": 0,
                "unchanged": 60,
                "conflicts": 0,
                "deleted": {},
                "erased": 0,
                "erased_here": {},
            }
            assert again.backup is None  # nothing to change: no backup either
            assert dump(b) == before
        # Also after B has edited one of the records: the replay does not undo the edit.
        case_id = b.conn.execute("SELECT id FROM cases LIMIT 1").fetchone()[0]
        with b.transaction() as conn:
            records.put(conn, "cases", case_id, {"subject": "Rettet hos B"}, b.device_id)
        edited = dump(b)
        assert import_bundle(b, data).unchanged == 60
        assert dump(b) == edited
    finally:
        a.close()
        b.close()


def _unsigned(container: dict[str, Any], how: str) -> None:
    if how == "removed":
        del container["signature"]
    elif how == "empty object":
        container["signature"] = {}
    elif how == "empty value":
        container["signature"]["value"] = ""
    elif how == "zeros":
        container["signature"]["value"] = base64.b64encode(bytes(64)).decode()
    elif how == "algorithm none":
        container["signature"] = {"algorithm": "none", "value": ""}
    elif how == "null":
        container["signature"] = None


@pytest.mark.parametrize("how", ["removed", "empty object", "empty value", "zeros", "algorithm none", "null"])
def test_an_unsigned_bundle_is_refused(tmp_path: Path, how: str) -> None:
    a, b = make_vault(tmp_path, "a"), make_vault(tmp_path, "b")
    try:
        _fictional_contact(a)
        container = decrypt_for(b, export_to(a, b, tmp_path / "u.sspbundle"))
        _unsigned(container, how)
        # Encrypted properly to B, with a correct payload hash: only the signature is missing.
        data = pyrage.encrypt(json.dumps(container).encode(), [pyrage.x25519.Recipient.from_str(b.identity.recipient)])
        snapshot = Snapshot(b)
        with pytest.raises((BadSignature, InvalidBundle)) as error:
            import_bundle(b, data, trust_new_sender=True)
        assert error.value.exit_code in (EXIT_AUTH, EXIT_INVALID)
        snapshot.assert_unchanged()
    finally:
        a.close()
        b.close()


def test_a_signature_of_another_bundle_is_refused(tmp_path: Path) -> None:
    """A valid signature lifted from another bundle of the same sender does not sign this one."""
    a, b = make_vault(tmp_path, "a"), make_vault(tmp_path, "b")
    try:
        _fictional_contact(a)
        first = decrypt_for(b, export_to(a, b, tmp_path / "1.sspbundle"))
        _fictional_contact(a)
        second = decrypt_for(b, export_to(a, b, tmp_path / "2.sspbundle", Selection(all_records=True)))
        second["signature"] = first["signature"]
        snapshot = Snapshot(b)
        with pytest.raises(BadSignature):
            import_bundle(b, seal(second, None, b.identity.recipient), trust_new_sender=True)
        snapshot.assert_unchanged()
    finally:
        a.close()
        b.close()
