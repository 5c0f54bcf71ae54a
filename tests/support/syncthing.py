"""Real Syncthing instances for the team-folder tests: two or more on 127.0.0.1, each sharing one folder.

Every instance gets its own home (keys, config, database, log) and its own free ports, and is cut off from the
world: no global or local discovery, no relays, no NAT traversal or STUN, no usage or crash reporting, no upgrade
checks, no browser. The peers know each other by device id – computed from the certificate `syncthing generate`
wrote (and checked against the id it printed) – and by a fixed `tcp://127.0.0.1:PORT` address. Folders rescan every
second and watch the file system, so a file written into one folder shows up in the others within seconds.

`wait_in_sync` asks every instance to scan (a blocking REST call) and then polls until every folder holds the same
files with the same contents and every instance reports its folder idle with nothing left to pull. Files Syncthing
never carries (its own temp files, the folder marker) are left out of the comparison: a test may place a temp file
in one folder on purpose.

Processes are stopped by their own ids: terminate, wait, then kill (`Cluster.stop`, called from a fixture
finalizer). The tests skip only when the `syncthing` binary is missing (`./dev` installs Debian's package).
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import json
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BINARY = shutil.which("syncthing")
MISSING_REASON = "the syncthing binary is not installed (./dev installs Debian's 'syncthing' package)"
FOLDER_ID = "sspdesk-team"
# Names Syncthing never carries to a peer (its own temp files and the folder marker).
_NOT_CARRIED = re.compile(r"^(~syncthing~.*\.tmp|\.syncthing\..*\.tmp|\.stfolder|\.stversions|\.stignore)$")
_BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def free_ports(count: int) -> list[int]:
    """`count` different TCP ports on 127.0.0.1 nobody listens on right now (all probes held open until every port
    is chosen, so no two are the same)."""
    probes = [socket.socket(socket.AF_INET, socket.SOCK_STREAM) for _ in range(count)]
    try:
        for probe in probes:
            probe.bind(("127.0.0.1", 0))
        return [int(probe.getsockname()[1]) for probe in probes]
    finally:
        for probe in probes:
            probe.close()


def _luhn32(text: str) -> str:
    """Syncthing's check character for a group of its device id (its own Luhn mod 32 variant)."""
    factor, total = 1, 0
    for char in text:
        addend = factor * _BASE32.index(char)
        factor = 1 if factor == 2 else 2
        total += addend // 32 + addend % 32
    return _BASE32[(32 - total % 32) % 32]


def device_id_from_cert(cert_pem: str) -> str:
    """The device id of a certificate: SHA-256 of its DER, base32, a check character per 13, groups of 7."""
    body = "".join(line for line in cert_pem.splitlines() if line and not line.startswith("-----"))
    digest = base64.b32encode(hashlib.sha256(base64.b64decode(body)).digest()).decode().rstrip("=")
    checked = "".join(digest[i : i + 13] + _luhn32(digest[i : i + 13]) for i in range(0, 52, 13))
    return "-".join(checked[i : i + 7] for i in range(0, 56, 7))


@dataclass
class Instance:
    """One Syncthing: its home, its shared folder, its device id, its ports and API key, and its process."""

    name: str
    home: Path
    folder: Path
    device_id: str
    listen_port: int
    gui_port: int
    api_key: str
    process: subprocess.Popen[bytes] | None = None
    folder_id: str = FOLDER_ID  # the shared folder `folder` is

    @property
    def log(self) -> Path:
        return self.home / "syncthing.log"

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def request(self, method: str, path: str, timeout: float = 60.0, body: Any = None, **params: str) -> Any:
        """A REST call (with `body` sent as JSON); the decoded JSON answer (None when empty)."""
        url = f"http://127.0.0.1:{self.gui_port}{path}"
        if params:
            url += "?" + urllib.parse.urlencode(params)
        data = None if body is None else json.dumps(body).encode()
        call = urllib.request.Request(url, data, method=method, headers={"X-API-Key": self.api_key})
        with urllib.request.urlopen(call, timeout=timeout) as answer:
            body = answer.read()
        return json.loads(body) if body.strip() else None

    def get(self, path: str, **params: str) -> Any:
        return self.request("GET", path, **params)

    def scan(self) -> None:
        """Rescan the shared folder now (Syncthing answers when the scan is done)."""
        self.request("POST", "/rest/db/scan", timeout=120.0, folder=self.folder_id)

    def files(self) -> dict[str, str]:
        """Every file Syncthing would carry, relative name → SHA-256 of its contents (a file vanishing while it is
        read – Syncthing renaming its temp file – just drops out; the next poll sees the settled state)."""
        found: dict[str, str] = {}
        for path in self.folder.rglob("*"):
            relative = path.relative_to(self.folder)
            if any(_NOT_CARRIED.match(part) for part in relative.parts):
                continue
            try:
                if path.is_file():
                    found[relative.as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
            except OSError:
                continue
        return found

    def settled(self, others: Sequence[Instance]) -> bool:
        """Idle, nothing to pull, and every peer is known to hold everything this instance has."""
        status = self.get("/rest/db/status", folder=self.folder_id)
        if status.get("state") != "idle" or status.get("needTotalItems", 0) != 0:
            return False
        for other in others:
            completion = self.get("/rest/db/completion", folder=self.folder_id, device=other.device_id)
            if completion.get("completion") != 100 or completion.get("needItems", 0) != 0:
                return False
        return True

    def connected_to(self, other: Instance) -> bool:
        connections = self.get("/rest/system/connections").get("connections", {})
        return bool(connections.get(other.device_id, {}).get("connected"))


def _set(options: ET.Element, tag: str, value: str) -> None:
    element = options.find(tag)
    if element is None:
        element = ET.SubElement(options, tag)
    element.text = value


# Everything that would reach beyond 127.0.0.1 (or open a browser, or upgrade) is off.
_OPTIONS = {
    "globalAnnounceEnabled": "false",
    "globalAnnounceServer": "",
    "localAnnounceEnabled": "false",
    "relaysEnabled": "false",
    "natEnabled": "false",
    "stunKeepaliveStartS": "0",  # 0: no STUN
    "stunServer": "",
    "startBrowser": "false",
    "urAccepted": "-1",  # usage reporting declined for good
    "urSeen": "3",
    "crashReportingEnabled": "false",
    "autoUpgradeIntervalH": "0",
    "announceLANAddresses": "false",
    "reconnectionIntervalS": "2",
    "setLowPriority": "false",
    "minHomeDiskFree": "0",
}


def _configure(instance: Instance, peers: Sequence[Instance]) -> None:
    """Rewrite the generated config.xml: loopback ports, the peers, one shared folder, nothing reaching out."""
    path = instance.home / "config.xml"
    tree = ET.parse(path)
    root = tree.getroot()
    options = root.find("options")
    assert options is not None, "syncthing generate wrote no <options>"
    _set(options, "listenAddress", f"tcp://127.0.0.1:{instance.listen_port}")
    for tag, value in _OPTIONS.items():
        _set(options, tag, value)
    gui = root.find("gui")
    assert gui is not None, "syncthing generate wrote no <gui>"
    gui.set("enabled", "true")
    gui.set("tls", "false")
    _set(gui, "address", f"127.0.0.1:{instance.gui_port}")
    for peer in peers:
        device = ET.SubElement(root, "device", id=peer.device_id, name=peer.name, compression="metadata")
        device.set("introducer", "false")
        ET.SubElement(device, "address").text = f"tcp://127.0.0.1:{peer.listen_port}"
        ET.SubElement(device, "autoAcceptFolders").text = "false"
    folder = ET.Element(
        "folder",
        id=FOLDER_ID,
        label="sspdesk team",
        path=str(instance.folder),
        type="sendreceive",
        rescanIntervalS="1",
        fsWatcherEnabled="true",
        fsWatcherDelayS="1",
        ignorePerms="false",
        autoNormalize="true",
    )
    ET.SubElement(folder, "filesystemType").text = "basic"
    for member in (instance, *peers):
        ET.SubElement(folder, "device", id=member.device_id)
    ET.SubElement(folder, "minDiskFree", unit="%").text = "0"
    ET.SubElement(folder, "maxConflicts").text = "10"
    root.insert(0, folder)  # where Syncthing writes its folders itself: first in <configuration>
    tree.write(path, encoding="utf-8", xml_declaration=False)


def _generate(name: str, home: Path, folder: Path, ports: tuple[int, int]) -> Instance:
    """Keys and a default config from `syncthing generate`; the device id from the certificate it wrote."""
    assert BINARY is not None
    home.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [BINARY, "generate", f"--home={home}", "--no-default-folder", "--skip-port-probing"],
        capture_output=True,
        text=True,
        timeout=120,
        env=_environment(home),
        check=True,
    )
    device_id = device_id_from_cert((home / "cert.pem").read_text())
    printed = re.search(r"Device ID: (\S+)", done.stdout + done.stderr)
    if printed and printed.group(1) != device_id:
        raise AssertionError(f"device id from cert.pem {device_id} differs from Syncthing's {printed.group(1)}")
    apikey = ET.parse(home / "config.xml").getroot().findtext("gui/apikey")
    assert apikey, "syncthing generate wrote no API key"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ".stfolder").mkdir(exist_ok=True)  # the marker Syncthing looks for before it touches the folder
    return Instance(name, home, folder, device_id, ports[0], ports[1], apikey)


def _environment(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        HOME=str(home),  # nothing lands in the real home
        STNODEFAULTFOLDER="1",
        STNOUPGRADE="1",
        STNORESTART="1",
        # Syncthing's own switch for "you are the inner process": no monitor parent that would outlive a kill
        # of its child (or leave the child behind when the parent is killed) – one process, one id to stop.
        STMONITORED="1",
    )
    return env


def wait_for(condition: Callable[[], bool], timeout: float, what: str, interval: float = 0.05) -> None:
    """Poll `condition` until it holds; AssertionError naming `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if condition():
                return
        except (OSError, urllib.error.URLError, ValueError):
            pass  # not up yet, or a file renamed under our feet: ask again
        if time.monotonic() > deadline:
            raise AssertionError(f"Syncthing: {what} not reached within {timeout:.0f} s")
        time.sleep(interval)


@dataclass
class Cluster:
    """Syncthing instances that all share one folder id with each other."""

    instances: list[Instance] = field(default_factory=list)

    def __getitem__(self, name: str) -> Instance:
        return next(i for i in self.instances if i.name == name)

    def start(self, timeout: float = 120.0) -> None:
        for instance in self.instances:
            assert BINARY is not None
            log = instance.log.open("ab")
            instance.process = subprocess.Popen(
                [
                    BINARY,
                    "serve",
                    f"--home={instance.home}",
                    "--no-browser",
                    "--no-restart",
                    "--no-upgrade",
                    "--no-default-folder",
                    "--skip-port-probing",
                ],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=_environment(instance.home),
            )
            log.close()
        for instance in self.instances:
            up = lambda i=instance: i.get("/rest/system/ping") == {"ping": "pong"}  # noqa: E731
            self._wait(up, timeout, f"{instance.name} up")
        for instance in self.instances:
            for other in self.instances:
                if other is not instance:
                    self._wait(
                        lambda i=instance, o=other: i.connected_to(o),
                        timeout,
                        f"{instance.name} connected to {other.name}",
                    )

    def _wait(self, condition: Callable[[], bool], timeout: float, what: str) -> None:
        for instance in self.instances:
            if instance.process is not None and instance.process.poll() is not None:
                raise AssertionError(f"Syncthing {instance.name} exited:\n{instance.log_tail()}")
        try:
            wait_for(condition, timeout, what)
        except AssertionError as error:
            logs = "\n".join(f"--- {i.name}\n{i.log_tail()}" for i in self.instances)
            raise AssertionError(f"{error}\n{logs}") from None

    def wait_in_sync(self, timeout: float = 180.0) -> dict[str, str]:
        """Scan every folder, then wait until all hold the same files and every instance is settled; returns the
        common file listing (name → SHA-256)."""
        for instance in self.instances:
            instance.scan()

        def same() -> bool:
            listings = [i.files() for i in self.instances]
            if any(listing != listings[0] for listing in listings[1:]):
                return False
            return all(i.settled([o for o in self.instances if o is not i]) for i in self.instances)

        self._wait(same, timeout, "all folders in sync")
        return self.instances[0].files()

    def share(self, root: Path, folder_id: str, timeout: float = 120.0) -> Cluster:
        """A new, empty folder `folder_id` shared by all the (running) instances, each at `root/<name>`, with the
        settings of the folder `cluster` configured; returned as a cluster of the same processes whose instances
        have it as their folder. A test gets a folder no earlier test has touched – its own files, index and
        deletion records – without paying for new instances (keys, start, connecting: ~2.5 s a pair)."""
        views = []
        for instance in self.instances:
            folder = root / instance.name
            folder.mkdir(parents=True)
            (folder / ".stfolder").mkdir()  # the marker Syncthing looks for before it touches the folder
            views.append(dataclasses.replace(instance, folder=folder, folder_id=folder_id))
        for view, instance in zip(views, self.instances, strict=True):
            config = instance.get(f"/rest/config/folders/{instance.folder_id}")
            config.update(id=folder_id, label=folder_id, path=str(view.folder))
            view.request("PUT", f"/rest/config/folders/{folder_id}", body=config)
        shared = Cluster(views)
        for view in views:
            running = lambda v=view: v.get("/rest/db/status", folder=folder_id).get("state") == "idle"  # noqa: E731
            shared._wait(running, timeout, f"{view.name}'s folder {folder_id} running")
        return shared

    def unshare(self) -> None:
        """Remove every instance's folder from its configuration (the files stay): it is never scanned again."""
        for instance in self.instances:
            instance.request("DELETE", f"/rest/config/folders/{instance.folder_id}")

    def stop(self) -> None:
        """Terminate each process by its id, wait, kill what is still running."""
        for instance in self.instances:
            if instance.process is not None and instance.process.poll() is None:
                instance.process.terminate()
        for instance in self.instances:
            if instance.process is None:
                continue
            try:
                instance.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                instance.process.kill()
                instance.process.wait(timeout=20)


def cluster(root: Path, names: Sequence[str] = ("a", "b")) -> Cluster:
    """Configured (not yet started) instances named `names`, homes under `root/<name>/home`, each sharing its
    folder `root/<name>/team` with all the others."""
    ports = free_ports(2 * len(names))  # a listening port and a GUI/REST port each
    instances = [
        _generate(name, root / name / "home", root / name / "team", (ports[2 * i], ports[2 * i + 1]))
        for i, name in enumerate(names)
    ]
    for instance in instances:
        _configure(instance, [other for other in instances if other is not instance])
    return Cluster(instances)
