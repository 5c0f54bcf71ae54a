"""The import's scratch database (issue 20 item 3): encrypted with a key nobody keeps, a set that behaves as a set,
and no file left behind – after an import, a refused import, or (a day later) a crash."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import ClassVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sspdesk import cases
from sspdesk.bundles import InvalidRecord, importer, opening
from sspdesk.bundles.importer import import_bundle, import_file
from sspdesk.store import scratch as scratch_module
from sspdesk.store.connection import PLAIN_SQLITE_HEADER
from sspdesk.store.scratch import KeyedRows, KeySet, Scratch, in_chunks
from sspdesk.store.vault import Vault
from support.bundles import decrypt_for, export_to, journal, make_vault, sag, seal

NAME = "Oskar Opdigtet Scratchsen"


def _scratch_files(folder: Path) -> list[Path]:
    return sorted(folder.glob(f"{scratch_module.PREFIX}*"))


def test_a_scratch_file_is_encrypted_and_deleted_when_closed(tmp_path: Path) -> None:
    with Scratch(tmp_path) as scratch:
        names = KeySet(scratch)
        for n in range(2_000):  # more than a page, so pages reach the file
            names.add(f"{NAME} {n}")
        scratch.conn.execute("PRAGMA shrink_memory")
        (path,) = _scratch_files(tmp_path)
        raw = path.read_bytes()
        assert len(raw) > 16 * 4096
        assert not raw.startswith(PLAIN_SQLITE_HEADER)
        assert NAME.encode() not in raw and "Scratchsen".encode("utf-16-le") not in raw
    assert _scratch_files(tmp_path) == []


@settings(max_examples=40, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=12), st.binary(max_size=12)), max_size=60))
def test_a_key_set_answers_as_a_python_set_does(keys: list[str | bytes]) -> None:
    folder = Path(os.environ.get("TMPDIR", "/tmp"))
    with Scratch(folder) as scratch:
        stored, model = KeySet(scratch), set()
        for key in keys:
            assert stored.add(key) == (key not in model)
            model.add(key)
        assert len(stored) == len(model)
        assert all(key in stored for key in model)
        assert "ikke-med" not in stored or "ikke-med" in model
        assert sorted(stored, key=repr) == sorted(model, key=repr)


def test_in_chunks_keeps_every_key_once_in_order() -> None:
    assert list(in_chunks(range(7), 3)) == [[0, 1, 2], [3, 4, 5], [6]]
    assert list(in_chunks([], 3)) == []


def test_a_scratch_file_left_by_a_crash_is_swept_by_the_next_scratch_after_a_day(tmp_path: Path) -> None:
    stale = tmp_path / f"{scratch_module.PREFIX}1234-old{scratch_module.SUFFIX}"
    fresh = tmp_path / f"{scratch_module.PREFIX}1235-new{scratch_module.SUFFIX}"
    for path in (stale, fresh):
        path.write_bytes(os.urandom(4096))
    day_ago = time.time() - scratch_module.STALE_SECONDS - 60
    os.utime(stale, (day_ago, day_ago))
    with Scratch(tmp_path):
        pass
    assert not stale.exists()
    assert fresh.exists()  # another import may be using it right now


class _Recorded(Scratch):
    made: ClassVar[list[Path]] = []

    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        self.made.append(self.path)


def _journal_bundle_with_a_cpr_number(a: Vault, b: Vault, out: Path) -> bytes:
    """A's export with its journal's section rewritten to hold a CPR number, signed by A: refused by the journal
    rule in the import's check pass, after the scratch has been filled."""
    container = decrypt_for(b, export_to(a, b, out))
    row = next(r for r in container["payload"]["records"] if r["table"] == "case_sections")
    row["data"]["fields"] = json.dumps({"adfaerd": "Ringede om 120310-4321 i går"})
    row["vv"] = {**row["vv"], a.device_id: row["vv"][a.device_id] + 1}
    return seal(container, a, b.identity.recipient)


def test_an_import_leaves_no_scratch_file_beside_the_vault_whether_it_lands_or_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importer, "Scratch", _Recorded)
    monkeypatch.setattr(opening, "Scratch", _Recorded)
    a, b = make_vault(tmp_path / "a", "a"), make_vault(tmp_path / "b", "b")
    case = journal(a)
    cases.save_section(a, case.case.id, "status", {"adfaerd": "Kaster med sten efter busserne."})
    sag(a)
    good = tmp_path / "good.sspbundle"
    export_to(a, b, good)
    assert import_file(b, good, trust_new_sender=True).added > 0
    assert len(_Recorded.made) == 2  # the open pass's, the merge's
    assert all(p.parent == b.path.parent for p in _Recorded.made)
    assert _scratch_files(b.path.parent) == []
    _Recorded.made.clear()
    with pytest.raises(InvalidRecord, match="CPR-nummer"):
        import_bundle(b, _journal_bundle_with_a_cpr_number(a, b, tmp_path / "all.sspbundle"), trust_new_sender=True)
    assert len(_Recorded.made) == 2
    assert _scratch_files(b.path.parent) == []


def test_keyed_rows_give_a_keys_values_in_number_order_and_a_number_put_again_replaces(tmp_path: Path) -> None:
    with Scratch(tmp_path) as scratch:
        rows = KeyedRows(scratch, 2)
        rows.put(("cases", "b"), 2, "to")
        rows.put(("cases", "b"), 1, "en")
        rows.put(("cases", "c"), 1, "anden")
        rows.put(("cases", "b"), 2, "to igen")
        assert rows.get(("cases", "b")) == ["en", "to igen"]
        assert rows.get(("cases", "x")) == []
