"""The shared limits (domain/limits.py) as properties, and reading a bundle file with bounded memory.

* Hypothesis: any text the checks accept holds no control or bidi character, stays within its limit, prints as
  itself and round-trips through the bundle's JSON and through the vault; no number that looks like a path is
  ever accepted, and every accepted number is a plain file name on POSIX and Windows.
* "`import /dev/zero` read until the kernel killed it at 23.8 GB": the CLI import of /dev/zero (and of a FIFO)
  exits 4 in a child process whose peak memory (VmHWM on Linux, getrusage maxrss elsewhere) stays small – not a
  timing assertion; the child's timeout only keeps a regression from hanging the run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path, PurePosixPath, PureWindowsPath

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from robustness import child_env, python
from sspdesk.bundles import ExportError, NotABundle
from sspdesk.bundles import export as export_module
from sspdesk.bundles.format import canonical_json, parse_json
from sspdesk.bundles.reading import MAX_BUNDLE_BYTES, read_bundle_file
from sspdesk.domain import limits
from sspdesk.domain.errors import Invalid
from sspdesk.store import records
from sspdesk.store.vault import Vault
from support.bundles import export_to, make_vault, sag

NUMBERED = list(limits.NUMBERS)
FORBIDDEN = [chr(c) for c in [*range(0x20), *range(0x7F, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A)]]
TEXTS = st.text(st.characters(codec="utf-8") | st.sampled_from(FORBIDDEN), max_size=60)


# -- texts ------------------------------------------------------------------------------------------------------


@settings(max_examples=300)
@given(text=TEXTS, multiline=st.booleans())
def test_an_accepted_text_holds_no_control_character_and_prints_as_itself(text: str, multiline: bool) -> None:
    try:
        limits.check_text(text, "Tekst", "text", multiline=multiline)
    except Invalid as error:
        assert error.field == "text" and "«Tekst»" in error.message
        assert limits.forbidden_character(text, multiline=multiline) is not None
        return
    allowed = {"\n", "\t"} if multiline else set()
    assert not any(ch in FORBIDDEN and ch not in allowed for ch in text)
    assert limits.printable(text) == text
    assert parse_json(canonical_json({"t": text})) == {"t": text}


@given(text=st.text(max_size=5), extra=st.integers(1, 50))
def test_a_text_over_its_limit_is_refused_whatever_it_holds(text: str, extra: int) -> None:
    long = "x" * (limits.LINE_CHARS + extra) + text
    with pytest.raises(Invalid) as caught:
        limits.check_text(long, "Sagens genstand", "subject")
    assert "er for lang" in caught.value.message or "kan ikke gemmes" in caught.value.message


@given(text=TEXTS)
def test_printable_never_lets_a_control_character_through_and_keeps_json_valid(text: str) -> None:
    shown = limits.printable(text)
    assert limits.forbidden_character(shown, multiline=True) is None
    assert json.loads(limits.printable(json.dumps(text, ensure_ascii=False))) == text


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory):
    vault = make_vault(tmp_path_factory.mktemp("limits"), "limits")
    yield vault
    vault.close()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=TEXTS, note=TEXTS)
def test_what_the_vault_accepts_reads_back_unchanged_and_clean(store: Vault, name: str, note: str) -> None:
    """records.put applies the same limits: a refused value writes nothing, an accepted one reads back equal."""
    contact_id = records.new_id()
    try:
        with store.transaction() as conn:
            records.put(conn, "contacts", contact_id, {"name": name, "organisation": note}, store.device_id)
    except Invalid as error:
        assert error.field in ("name", "organisation")
        assert records.get_row(store.conn, "contacts", contact_id) is None
        return
    row = records.get_row(store.conn, "contacts", contact_id)
    assert row is not None and (row["name"], row["organisation"]) == (name, note)
    assert limits.forbidden_character(name + note, multiline=False) is None


# -- numbers ----------------------------------------------------------------------------------------------------


@settings(max_examples=300)
@given(value=st.text(max_size=20) | st.from_regex(r"(S|J|M|G|SAM)-[0-9]{4}-.{1,8}", fullmatch=True))
def test_no_accepted_number_is_ever_path_like(value: str) -> None:
    for table, column in NUMBERED:
        if limits.is_valid_number(table, column, value):
            assert value.isascii() and value.isprintable()
            assert not any(part in value for part in ("/", "\\", "..", ":", "\x00"))
            assert PurePosixPath(value).name == value and PureWindowsPath(value).name == value
            assert limits.safe_file_stem(table, column, value) == value
        else:
            with pytest.raises(Invalid):
                limits.safe_file_stem(table, column, value)


@given(number=st.from_regex(r"S-20[0-9]{2}-[0-9]{4,6}", fullmatch=True), tail=st.text(min_size=1, max_size=10))
def test_a_valid_number_with_a_path_around_it_is_refused(number: str, tail: str) -> None:
    for hostile in (f"{number}/{tail}", f"../{number}", f"{tail}/{number}", f"{number}\\{tail}", f"{number}{tail}"):
        assert not limits.is_valid_number("cases", "number", hostile) or tail.isdigit()


@given(number=st.from_regex(r"[JS]-[0-9]{4}-[0-9]{4,6}", fullmatch=True))
def test_every_number_the_store_allocates_is_accepted(number: str) -> None:
    limits.check_number("cases", "number", number)
    limits.check_case_number(number, "journal" if number.startswith("J") else "sag")


# -- reading a bundle file --------------------------------------------------------------------------------------


def test_a_bundle_file_is_judged_by_its_size_before_it_is_read(tmp_path: Path) -> None:
    small = tmp_path / "lille.sspbundle"
    small.write_bytes(b"age" * 10)
    assert read_bundle_file(small) == b"age" * 10
    assert read_bundle_file(small, limit=30) == b"age" * 10
    with pytest.raises(NotABundle, match="for stor"):
        read_bundle_file(small, limit=29)
    huge = tmp_path / "stor.sspbundle"
    with huge.open("wb") as file:
        file.truncate(MAX_BUNDLE_BYTES + 1)  # sparse: nothing is written, and nothing may be read
    with pytest.raises(NotABundle, match="ikke læst"):
        read_bundle_file(huge)
    with pytest.raises(NotABundle, match="ikke en almindelig fil"):
        read_bundle_file(tmp_path)
    with pytest.raises(NotABundle, match="kan ikke læses"):
        read_bundle_file(tmp_path / "findes-ikke.sspbundle")


def test_the_size_limit_is_one_a_laptop_can_decrypt_in_memory() -> None:
    assert 64 * 1024**2 <= MAX_BUNDLE_BYTES <= 512 * 1024**2


# The child's own peak: Linux keeps ru_maxrss across fork and exec (it would report this test process's peak), so
# there the high-water mark of the child's address space (VmHWM, reset by exec) is read; macOS reports ru_maxrss.
_CHILD = """
import pathlib, re, resource, sys
from sspdesk.cli import main
code = main(["import", sys.argv[1]])
status = pathlib.Path("/proc/self/status")
if status.exists():
    peak = int(re.search(r"VmHWM:\\s*(\\d+) kB", status.read_text()).group(1)) * 1024
else:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # bytes on macOS
print(peak, file=open(sys.argv[2], "w"))
sys.exit(code)
"""


def _cli_import_in_child(vault: Path, bundle: str, folder: Path) -> tuple[int, str, int]:
    """(exit code, stderr, peak memory in bytes) of `sspdesk-cli import <bundle>` in a child process."""
    rss = folder / "maxrss.txt"
    env = child_env(vault, SSPDESK_PASSPHRASE="kode child 'æøå'")
    done = subprocess.run(
        [python(), "-c", _CHILD, bundle, str(rss)], env=env, capture_output=True, text=True, timeout=300
    )
    return done.returncode, done.stderr, int(rss.read_text())


@pytest.mark.skipif(sys.platform == "win32", reason="no /dev/zero, no FIFOs")
def test_cli_import_of_dev_zero_and_a_fifo_exits_4_with_bounded_memory(tmp_path: Path) -> None:
    make_vault(tmp_path, "child").close()
    vault = tmp_path / "child.sspvault"
    fifo = tmp_path / "pakke.fifo"
    os.mkfifo(fifo)
    for bundle in ("/dev/zero", str(fifo)):
        code, err, peak = _cli_import_in_child(vault, bundle, tmp_path)
        assert code == 4, err
        assert err.startswith("sspdesk-cli: Det er ikke en almindelig fil"), err
        assert peak < 256 * 1024**2, f"{bundle}: {peak / 1024**2:.0f} MB"
    huge = tmp_path / "200mb-scan.sspbundle"  # the size of a bundle carrying a 200 MB scan (sparse)
    with huge.open("wb") as file:
        file.truncate(280 * 1024**2)
    code, err, peak = _cli_import_in_child(vault, str(huge), tmp_path)
    assert code == 4 and "for stor" in err and peak < 256 * 1024**2, (err, peak)


def test_an_export_no_colleague_could_import_is_refused_and_writes_nothing(pair, tmp_path: Path, monkeypatch) -> None:
    """The same limit on the way out: a bundle over MAX_BUNDLE_BYTES is not written (made small here, so the test
    need not build 256 MB)."""
    a, b = pair
    sag(a)
    monkeypatch.setattr(export_module, "MAX_BUNDLE_BYTES", 1_000)
    out = tmp_path / "for-stor.sspbundle"
    with pytest.raises(ExportError, match="for stor"):
        export_to(a, b, out)
    assert not out.exists()
