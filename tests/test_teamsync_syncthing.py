"""Syncthing for real (issue 19, item 6): two Syncthing instances on 127.0.0.1 carry a team folder between two
vaults, and the vaults converge through it with the `sync` round – an edit, a conflict, a deletion – while a
Syncthing conflict copy and a temp file lying in the folder change nothing.

The instances (tests/support/syncthing.py) have their own homes and ports, no discovery, relays or NAT, and device
ids read from their generated certificates; the fixture stops them by their process ids. Waiting is polling with
generous timeouts (a slow, shared machine), never a fixed sleep.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from support import syncthing

pytestmark = pytest.mark.skipif(syncthing.BINARY is None, reason=syncthing.MISSING_REASON)


@pytest.fixture
def team(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[syncthing.Cluster]:
    """Two running Syncthing instances, `a` and `b`, sharing one folder; stopped by their process ids."""
    cluster = syncthing.cluster(tmp_path / "syncthing", ("a", "b"))
    request.addfinalizer(cluster.stop)
    cluster.start()
    yield cluster


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
