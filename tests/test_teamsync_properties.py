"""Five laptops converge through a hostile simulated team folder (issue 19, Tests).

Each laptop has its own copy of the folder, as Syncthing or OneDrive gives it; the test is the sync engine: it
delivers the files between the copies in a random order, late, more than once, first cut short (a file still
arriving under its final name), as conflict copies, and drops temp and foreign files among them. Meanwhile the
laptops edit, delete and erase and run rounds. At the end every copy gets every file, and the laptops run rounds
until no one writes anything. Then:

* all five hold the same versions of every record (row and conflict copies alike);
* no edit is lost: every version any laptop made is held everywhere, or has been seen by a version held
  everywhere (an erased person's records excepted: erasure replaces them on purpose);
* nothing was imported twice (by content hash), and no round failed or quarantined a colleague's real file;
* nothing erased comes back: the erased person's name and CPR number are nowhere in any vault.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sspdesk.bundles.disclosure import CASE_CATEGORY
from sspdesk.bundles.merge import Version
from sspdesk.cases import NewCase, register_case, save_section
from sspdesk.domain import version_vector as vvec
from sspdesk.domain.errors import Invalid, NotFound
from sspdesk.domain.version_vector import Order
from sspdesk.duties import erasure, erasure_records
from sspdesk.store import records
from sspdesk.store.vault import Vault
from sspdesk.teamsync import run_round
from sspdesk.teamsync.folder import classify
from support.bundles import SSP_AUTHORITY, sag, signed_consent
from support.records import marker_rows
from support.teamsync import delete_record, make_team, visible_versions

NAMES = "abcde"
PERSON = ("Oskar Opdigtet", "0503104321")


def _passphrase(name: str) -> str:
    return f"kode {name} 'æøå'"  # as support.bundles.make_vault


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """Five laptops that know each other from invitations; laptop a has a sag on a consent naming the SSP
    consultants, and every laptop has it."""
    folder = tmp_path_factory.mktemp("team-template")
    vaults = make_team(folder, NAMES)
    case = sag(vaults[0], cpr=PERSON[1])
    signed_consent(vaults[0], case.case.id, (CASE_CATEGORY,), contact=("Søren SSP", SSP_AUTHORITY, "ssp"))
    shared = folder / "shared"
    shared.mkdir()
    for _ in range(3):
        for vault in vaults:
            run_round(vault, shared)
    assert all(records.get_row(v.conn, "cases", case.case.id) for v in vaults)
    for vault in vaults:
        vault.close()
    yield folder, case.case.id


def _open_copies(template: Path, into: Path) -> list[Vault]:
    for name in NAMES:
        shutil.copy(template / f"{name}.sspvault", into / f"{name}.sspvault")
    return [Vault.open(into / f"{name}.sspvault", _passphrase(name)) for name in NAMES]


class Team:
    """The laptops, their folder copies, and what the test remembers: every version made, every file seen."""

    def __init__(self, vaults: list[Vault], root: Path, sag_id: str) -> None:
        self.vaults = vaults
        self.folders = [root / f"folder-{n}" for n in NAMES]
        for folder in self.folders:
            folder.mkdir()
        self.sag_id = sag_id
        self.journals: list[str] = []
        self.made: list[tuple[str, str, dict[str, int]]] = []  # (table, id, vv) of every local version
        self.erased = False
        self.junk = 0

    def remember(self, vault: Vault, table: str, record_id: str) -> None:
        row = records.get_row(vault.conn, table, record_id, include_deleted=True)
        assert row is not None
        self.made.append((table, record_id, vvec.loads(row["vv"])))

    def live_journal(self, vault: Vault, k: int) -> str | None:
        live = [j for j in self.journals if records.get_row(vault.conn, "cases", j) is not None]
        return live[k % len(live)] if live else None

    # -- steps -------------------------------------------------------------------------------------------------

    def edit(self, v: int, kind: str, k: int, n: int) -> None:
        vault = self.vaults[v]
        if kind == "new":
            case = register_case(vault, NewCase(level="I", subject=f"Uro ved hallen {n}"))
            self.journals.append(case.case.id)
            self.remember(vault, "cases", case.case.id)
            return
        if kind == "erase":
            try:
                erasure.erase_person(vault, PERSON[1], confirm=True)
                self.erased = True
            except NotFound:
                pass
            return
        journal = self.live_journal(vault, k)
        if journal is None:
            return
        try:
            if kind == "subject":
                erasure.correct_field(vault, journal, "header", "subject", f"Graffiti ved skolen {n}", "Rettelse")
                self.remember(vault, "cases", journal)
            elif kind == "section":
                save_section(vault, journal, "status", {"adfaerd": f"Uro om aftenen {n}"})
            elif kind == "delete":
                delete_record(vault, "cases", journal)
                self.remember(vault, "cases", journal)
        except Invalid:  # a case closed or changed meanwhile: the service refuses, nothing changed
            pass

    def deliver(self, s: int, d: int, i: int, mode: str) -> None:
        files = sorted(p for p in self.folders[s].iterdir() if classify(p).kind == "bundle")
        if not files or s == d:
            return
        source = files[i % len(files)]
        target = self.folders[d] / source.name
        data = source.read_bytes()
        if mode == "truncated":
            if not target.exists():
                target.write_bytes(data[: len(data) // 3])
        elif mode == "copy":
            marker = " (LAPTOP-7)" if i % 2 else ".sync-conflict-20261203-140501-ABCDEFG"
            (self.folders[d] / f"{source.stem}{marker}.sspsync").write_bytes(data)
        else:
            target.write_bytes(data)

    def litter(self, d: int, kind: int) -> None:
        self.junk += 1
        folder = self.folders[d]
        stranger = "5b6f3c44-1d2f-4b6a-9c61-2f0a4d8e7b11"
        junk = [
            (f"~syncthing~x{self.junk}.sspsync.tmp", b"halv"),
            (f".syncthing.x{self.junk}.sspsync.tmp", b"halv"),
            (f"referat-{self.junk}.docx", b"PK\x03\x04"),
            (f"{stranger}-{self.junk:08d}-0123456789abcdef.sspsync", os.urandom(200)),
        ][kind % 4]
        name, data = junk
        if kind % 4 == 3:  # a complete-looking file: its name carries its own hash
            name = f"{stranger}-{self.junk:08d}-{hashlib.sha256(data).hexdigest()[:16]}.sspsync"
        (folder / name).write_bytes(data)

    def round(self, v: int) -> int:
        report = run_round(self.vaults[v], self.folders[v], confirm=True)
        real = [q for q in report.quarantined if not q["file"].startswith("5b6f3c44")]
        assert real == [], real
        return len(report.written)

    def flush(self) -> None:
        """Everyone gets every file, then rounds until nobody writes."""
        for _ in range(12):
            for s in range(len(NAMES)):
                for d in range(len(NAMES)):
                    if s != d:
                        for path in self.folders[s].iterdir():
                            target = self.folders[d] / path.name
                            if classify(path).kind == "bundle" and not _same_size(path, target):
                                shutil.copyfile(path, target)
            if sum(self.round(v) for v in range(len(NAMES))) == 0:
                return
        raise AssertionError("the team never went quiet")


def _same_size(path: Path, target: Path) -> bool:
    return target.exists() and target.stat().st_size == path.stat().st_size


steps = st.one_of(
    st.tuples(
        st.just("edit"),
        st.integers(0, 4),
        st.sampled_from(["new", "new", "subject", "subject", "section", "delete", "erase"]),
        st.integers(0, 5),
    ),
    st.tuples(st.just("round"), st.integers(0, 4)),
    st.tuples(st.just("round"), st.integers(0, 4)),
    st.tuples(
        st.just("deliver"),
        st.integers(0, 4),
        st.integers(0, 4),
        st.integers(0, 20),
        st.sampled_from(["whole", "whole", "truncated", "copy"]),
    ),
    st.tuples(st.just("litter"), st.integers(0, 4), st.integers(0, 3)),
)


@settings(
    max_examples=3,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.lists(steps, min_size=6, max_size=14))
@example([("round", 0), ("edit", 0, "erase", 0), ("edit", 0, "new", 0), ("edit", 0, "subject", 0), ("round", 0)])
def test_five_laptops_converge_through_a_hostile_folder_and_lose_no_edit(
    template: tuple[Path, str], history: list[tuple[object, ...]]
) -> None:
    folder, sag_id = template
    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp)
        team = Team(_open_copies(folder, root), root, sag_id)
        try:
            for n, step in enumerate(history):
                kind, *args = step
                if kind == "edit":
                    team.edit(int(args[0]), str(args[1]), int(args[2]), n)  # type: ignore[arg-type]
                elif kind == "round":
                    team.round(int(args[0]))  # type: ignore[arg-type]
                elif kind == "deliver":
                    team.deliver(int(args[0]), int(args[1]), int(args[2]), str(args[3]))  # type: ignore[arg-type]
                else:
                    team.litter(int(args[0]), int(args[1]))  # type: ignore[arg-type]
            team.flush()
            _assert_converged(team)
        finally:
            for vault in team.vaults:
                vault.close()


def _erased(vault: Vault) -> set[tuple[str, str]]:
    """The records the erasure records this vault holds list (emptied on purpose, each laptop on its own)."""
    return {key for record in erasure_records.stored(vault.conn).values() for key in record.erased}


def _assert_converged(team: Team) -> None:
    erased = _erased(team.vaults[0])
    assert all(_erased(v) == erased for v in team.vaults)
    states = []
    for vault in team.vaults:
        state = visible_versions(vault)
        states.append({t: {i: h for i, h in rows.items() if (t, i) not in erased} for t, rows in state.items()})
    for state in states[1:]:
        assert state == states[0]
    for table, record_id, vv in team.made:  # no edit lost: held, or seen by a version held
        if (table, record_id) in erased:
            continue
        held = states[0][table][record_id]
        assert any(vvec.compare(vvec.loads(h[0]), vv) in (Order.NEWER, Order.EQUAL) for h in held), (table, vv)
    for vault in team.vaults:  # nothing imported twice
        shas = [r[0] for r in vault.conn.execute("SELECT sha256 FROM teamsync_files WHERE outcome = 'imported'")]
        assert len(shas) == len(set(shas))
    if team.erased:  # nothing erased comes back
        for vault in team.vaults:
            assert marker_rows(vault, PERSON[1]) == [] and marker_rows(vault, PERSON[0]) == []


def test_the_version_helper_reads_rows_as_the_merge_does(template: tuple[Path, str]) -> None:
    folder, sag_id = template
    with tempfile.TemporaryDirectory() as temp:
        vaults = _open_copies(folder, Path(temp))
        try:
            row = records.get_row(vaults[0].conn, "cases", sag_id)
            assert row is not None
            version = Version.from_row("cases", row)
            expected = {(vvec.dumps(version.vv), False, version.digest())}
            assert all(visible_versions(v)["cases"][sag_id] == expected for v in vaults)
        finally:
            for vault in vaults:
                vault.close()
