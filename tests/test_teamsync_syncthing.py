"""Syncthing for real (issue 19, item 6): two Syncthing instances on 127.0.0.1 carry a team folder between two
vaults, and the vaults converge through it with the `sync` round – an edit, a conflict, a deletion – while a
Syncthing conflict copy and a temp file lying in the folder change nothing.

The instances (tests/support/syncthing.py) have their own homes and ports, no discovery, relays or NAT, and device
ids read from their generated certificates; one pair serves the module (its fixture stops them by their process ids)
and every test gets a new shared folder of its own – a new folder id and new, empty directories, removed from the
instances' configuration after the test – so no test sees another's files, index or deletions. Starting and
stopping instances is tested by its own test. Waiting is polling with generous timeouts (a slow, shared machine),
never a fixed sleep.
"""

from __future__ import annotations

import itertools
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from sspdesk.bundles.merge import list_conflicts
from sspdesk.bundles.peers import list_peers
from sspdesk.cases import get_case, save_section, section_history
from sspdesk.contacts import add_contact, delete_contact, get_contact
from sspdesk.domain.errors import NotFound
from sspdesk.store import records
from sspdesk.store.vault import Vault
from sspdesk.teamsync import RoundReport, run_round
from support import syncthing
from support.bundles import dump, journal
from support.teamsync import delete_record, make_team, visible_versions

pytestmark = pytest.mark.skipif(syncthing.BINARY is None, reason=syncthing.MISSING_REASON)


_FOLDERS = itertools.count(1)


@pytest.fixture(scope="module")
def instances(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> syncthing.Cluster:
    """Two running Syncthing instances, `a` and `b`, connected to each other; stopped by their process ids after
    the module."""
    cluster = syncthing.cluster(tmp_path_factory.mktemp("syncthing"), ("a", "b"))
    request.addfinalizer(cluster.stop)
    cluster.start()
    return cluster


@pytest.fixture
def team(instances: syncthing.Cluster, tmp_path: Path) -> Iterator[syncthing.Cluster]:
    """The two instances sharing a new, empty folder that only this test uses (removed from both afterwards)."""
    shared = instances.share(tmp_path / "team", f"sspdesk-team-{next(_FOLDERS)}")
    yield shared
    shared.unshare()


@pytest.fixture
def laptops(team: syncthing.Cluster, tmp_path: Path) -> Iterator[list[tuple[Vault, syncthing.Instance]]]:
    """Two colleagues' vaults (outside the folders), each knowing the other from an invitation, each with its own
    Syncthing folder as the team folder: [(a, instance a), (b, instance b)]."""
    a, b = make_team(tmp_path / "vaults", "ab")
    yield [(a, team["a"]), (b, team["b"])]
    a.close()
    b.close()


def converge(
    team: syncthing.Cluster, laptops: list[tuple[Vault, syncthing.Instance]], *, confirm: bool = False
) -> list[RoundReport]:
    """Each laptop runs a round on its own folder, Syncthing carrying the files after every round, until a whole
    pass writes, imports and prunes nothing; every report, in order. `confirm`: the users answer yes to what asks."""
    reports: list[RoundReport] = []
    for _ in range(8):
        moved = 0
        for vault, instance in laptops:
            report = run_round(vault, instance.folder, confirm=confirm)
            assert report.quarantined == [] and report.waiting == [] and report.errors == [], report.to_json()
            reports.append(report)
            moved += len(report.written) + len(report.pruned) + report.added + report.updated + report.deleted
            team.wait_in_sync()
        if not moved:
            return reports
    raise AssertionError(f"no convergence after 8 passes: {[r.to_json() for r in reports[-2:]]}")


def edit(vault: Vault, table: str, record_id: str, **values: object) -> None:
    """A plain local edit of one record (what any service write does to the version vector)."""
    with vault.transaction() as conn:
        records.put(conn, table, record_id, values, vault.device_id)


def test_two_vaults_converge_through_syncthing_on_an_edit(team, laptops) -> None:
    (a, _), (b, fb) = laptops
    case = journal(a, "Uro ved stationen")
    converge(team, laptops)
    assert get_case(b, case.id).case.subject == "Uro ved stationen"
    assert any(name.endswith(".sspsync") for name in fb.files()), "the file reached b through Syncthing"

    save_section(b, case.id, "status", {"adfaerd": "Gruppen samles ved kiosken om aftenen"})
    converge(team, laptops)
    [entry] = section_history(a, case.id, "status")
    assert entry.fields["adfaerd"] == "Gruppen samles ved kiosken om aftenen"
    assert visible_versions(a) == visible_versions(b)


def test_both_editing_a_case_between_rounds_leaves_a_conflict_naming_the_colleague_and_laptop(team, laptops) -> None:
    (a, _), (b, _) = laptops
    case = journal(a, "Uro ved stationen")
    converge(team, laptops)
    edit(a, "cases", case.id, subject="Uro ved stationen om aftenen")
    edit(b, "cases", case.id, subject="Uro ved stationen i weekenden")
    reports = converge(team, laptops)

    subjects = {a: "Uro ved stationen om aftenen", b: "Uro ved stationen i weekenden"}
    received = [r for report in reports for r in report.received if r["conflicts"]]
    for here, there, name in ((a, b, "Kollega b"), (b, a, "Kollega a")):
        [conflict] = list_conflicts(here)
        assert conflict.table == "cases" and conflict.record_id == case.id
        assert conflict.local["subject"] == subjects[here]
        assert conflict.incoming["subject"] == subjects[there]
        # The colleague's laptop made the other version (its device id, which the peers list ties to its owner) …
        assert conflict.incoming_vv[there.device_id] > conflict.local_vv.get(there.device_id, 0)
        assert {p.name for p in list_peers(here) if p.device_id == there.device_id} == {name}
        # … and the round's log names the colleague the conflicting file came from.
        assert name in {r["from"] for r in received}
    # Each laptop keeps its own version in use and the colleague's beside it until someone chooses (as with
    # bundles by hand): both hold the same versions of every record.
    assert visible_versions(a) == visible_versions(b)


def test_a_deletion_reaches_the_colleague_through_syncthing(team, laptops) -> None:
    (a, _), (b, _) = laptops
    contact = add_contact(a, "Hanne Sundby", "Sundhedsplejerske", "Sundhedsplejen")
    converge(team, laptops)
    assert get_contact(b, contact.id) is not None

    delete_contact(a, contact.id)
    reports = converge(team, laptops)
    assert get_contact(b, contact.id) is None
    assert sum(r.deleted for r in reports) == 1
    assert visible_versions(a) == visible_versions(b)


def test_a_deleted_case_waits_for_the_colleagues_yes_then_goes_through_syncthing(team, laptops) -> None:
    (a, fa), (b, fb) = laptops
    case = journal(a, "Uro ved stationen")
    converge(team, laptops)
    delete_record(a, "cases", case.id)  # a tombstone, as the GUI deletes (cases have no delete service)
    [name] = run_round(a, fa.folder).written
    team.wait_in_sync()

    asked = run_round(b, fb.folder)
    assert [w["file"] for w in asked.waiting] == [name]
    assert get_case(b, case.id).case.subject == "Uro ved stationen"
    reports = converge(team, laptops, confirm=True)
    assert sum(r.deleted for r in reports) >= 1
    with pytest.raises(NotFound):
        get_case(b, case.id)
    assert visible_versions(a) == visible_versions(b)


def test_a_syncthing_conflict_copy_and_a_temp_file_in_the_folder_change_nothing(team, laptops) -> None:
    (a, fa), (_, fb) = laptops
    journal(a, "Uro ved stationen")
    save_section(a, journal(a, "Hærværk på skolen").id, "status", {"adfaerd": "Ruder knust"})
    [name] = run_round(a, fa.folder).written
    team.wait_in_sync()
    carried = (fb.folder / name).read_bytes()  # as Syncthing delivered it to b (the writer may prune it later)
    converge(team, laptops)
    # What Syncthing leaves when two devices touched one file, and a download it has not finished yet.
    copy = fb.folder / f"{name.removesuffix('.sspsync')}.sync-conflict-20261203-221500-ABCDEFG.sspsync"
    copy.write_bytes(carried)
    temp = fb.folder / f"~syncthing~{name}.tmp"
    temp.write_bytes(carried[: len(carried) // 2])
    before = {vault.path: dump(vault) for vault, _ in laptops}

    reports = converge(team, laptops)
    assert {vault.path: dump(vault) for vault, _ in laptops} == before
    # Syncthing carried the copy to a as well, whose round left it (or, as its writer, pruned it once acknowledged).
    assert copy.name in fa.files() or copy.name in {name for r in reports for name in r.pruned}
    assert temp.exists() and temp.name not in fa.files(), "Syncthing keeps its temp files to itself"
    skipped = {s["file"] for r in reports for s in r.skipped}
    assert temp.name in skipped
    assert all(r.added == r.updated == r.deleted == r.conflicts == 0 for r in reports)
    assert all(r.quarantined == [] for r in reports)


def test_a_device_id_is_computed_from_the_certificate_as_syncthing_computes_it(tmp_path: Path) -> None:
    # _generate compares it with the id `syncthing generate` printed; here against `serve --device-id` as well.
    instance = syncthing.cluster(tmp_path, ("solo",))["solo"]
    assert syncthing.BINARY is not None
    printed = subprocess.run(
        [syncthing.BINARY, "serve", f"--home={instance.home}", "--device-id"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout.strip()
    assert instance.device_id == printed
    assert len(instance.device_id) == 63


def test_a_file_written_in_one_folder_appears_in_the_other_and_a_deletion_follows(
    team: syncthing.Cluster,
) -> None:
    a, b = team["a"], team["b"]
    assert a.folder != b.folder
    (a.folder / "fra-a.txt").write_text("hej fra a")
    (b.folder / "fra-b.txt").write_text("hej fra b")
    listing = team.wait_in_sync()
    assert set(listing) == {"fra-a.txt", "fra-b.txt"}
    assert (b.folder / "fra-a.txt").read_text() == "hej fra a"
    assert (a.folder / "fra-b.txt").read_text() == "hej fra b"

    (b.folder / "fra-a.txt").unlink()
    assert set(team.wait_in_sync()) == {"fra-b.txt"}
    assert not (a.folder / "fra-a.txt").exists()


def test_a_syncthing_temp_file_stays_in_its_own_folder(team: syncthing.Cluster) -> None:
    a, b = team["a"], team["b"]
    (a.folder / "~syncthing~halv.sspsync.tmp").write_bytes(b"halvt skrevet")
    (a.folder / "hel.txt").write_text("hel")
    team.wait_in_sync()
    assert (b.folder / "hel.txt").read_text() == "hel"
    assert not (b.folder / "~syncthing~halv.sspsync.tmp").exists()


def test_the_instances_reach_nothing_but_each_other(team: syncthing.Cluster) -> None:
    for instance in team.instances:
        config = instance.get("/rest/config")
        options = config["options"]
        assert options["listenAddresses"] == [f"tcp://127.0.0.1:{instance.listen_port}"]
        assert not options["globalAnnounceEnabled"]
        assert not options["localAnnounceEnabled"]
        assert not options["relaysEnabled"]
        assert not options["natEnabled"]
        assert options["urAccepted"] < 0
        assert not options["startBrowser"]
        peers = {d["deviceID"]: d["addresses"] for d in config["devices"] if d["deviceID"] != instance.device_id}
        assert peers == {o.device_id: [f"tcp://127.0.0.1:{o.listen_port}"] for o in team.instances if o is not instance}


def test_stopping_ends_every_syncthing_process(tmp_path: Path) -> None:
    cluster = syncthing.cluster(tmp_path, ("a", "b"))
    try:
        cluster.start()
        processes = [i.process for i in cluster.instances]
        assert all(p is not None and p.poll() is None for p in processes)
    finally:
        cluster.stop()
    assert all(p is not None and p.poll() is not None for p in processes)
