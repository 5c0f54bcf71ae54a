"""sspdesk-cli export | import | fagsystem-export | peers: exit codes and output, with real vault files."""

from __future__ import annotations

import json
from pathlib import Path

import pyrage
import pytest

import sspdesk.cli as cli
from sspdesk.cli import bundle_cmds, main
from sspdesk.store.vault import Vault

PASSPHRASES = {"a": "hest batteri klokke æøå", "b": "cykel lampe regn ø'å", "c": "sol måne stjerne 'x'"}


def test_the_bundle_commands_are_part_of_the_cli() -> None:
    assert bundle_cmds in cli.COMMAND_MODULES


@pytest.fixture
def vaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys):
    """Create vaults a, b and c with `init`; returns a function that selects one (sets the env)."""

    def use(name: str) -> Path:
        path = tmp_path / f"{name}.sspvault"
        monkeypatch.setenv("SSPDESK_VAULT", str(path))
        monkeypatch.setenv("SSPDESK_PASSPHRASE", PASSPHRASES[name])
        return path

    for name in PASSPHRASES:
        use(name)
        assert main(["init", "--user", f"Kollega {name.upper()}"]) == 0
    capsys.readouterr()
    return use


def run(capsys, *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exit_:  # argparse usage errors
        code = int(exit_.code)
    out, err = capsys.readouterr()
    return code, out, err


def keys(capsys, use, name: str) -> dict:
    use(name)
    code, out, _ = run(capsys, "--json", "keys", "show")
    assert code == 0
    return json.loads(out)


def add_journal(capsys, subject: str = "Uro i frikvarteret") -> str:
    code, out, _ = run(capsys, "--json", "cases", "add", "--level", "I", "--subject", subject)
    assert code == 0
    return json.loads(out)["number"]


def test_export_then_import_with_trust_prints_the_four_counts(capsys, vaults, tmp_path: Path) -> None:
    b = keys(capsys, vaults, "b")
    a = keys(capsys, vaults, "a")
    number = add_journal(capsys)
    out = tmp_path / "a.sspbundle"
    code, _, err = run(capsys, "export", "--case", number, "--recipient", b["recipient"], "--out", str(out))
    assert code == 0, err
    vaults("b")
    code, _, err = run(capsys, "import", str(out))
    assert code == 3 and a["fingerprint"] in err and "--trust" in err
    code, stdout, err = run(capsys, "import", str(out), "--trust", "--json")
    assert code == 0, err
    report = json.loads(stdout)
    assert set(report) == {"added", "updated", "unchanged", "conflicts", "deleted"}
    assert report["added"] >= 2 and report["updated"] == report["conflicts"] == 0
    code, stdout, _ = run(capsys, "--json", "import", str(out))
    assert code == 0 and json.loads(stdout) == {
        "added": 0,
        "updated": 0,
        "unchanged": report["added"],
        "conflicts": 0,
        "deleted": {},
        "erased": 0,
    }
    code, stdout, _ = run(capsys, "import", str(out))
    assert code == 0 and "Uændret" in stdout
    code, stdout, _ = run(capsys, "--json", "cases", "list")
    assert [c["number"] for c in json.loads(stdout)] == [number]
    code, stdout, _ = run(capsys, "--json", "peers", "list")
    assert [p["fingerprint"] for p in json.loads(stdout)] == [a["fingerprint"]]


def test_wrong_key_tampered_and_truncated_bundles(capsys, vaults, tmp_path: Path) -> None:
    c = keys(capsys, vaults, "c")
    vaults("a")
    add_journal(capsys)
    out = tmp_path / "for-c.sspbundle"
    assert run(capsys, "export", "--all", "--recipient", c["recipient"], "--out", str(out))[0] == 0
    data = out.read_bytes()
    vaults("b")
    code, _, err = run(capsys, "import", str(out), "--trust")
    assert code == 3 and "nøgle" in err
    vaults("c")
    for name, broken in (
        ("flip", data[:-40] + bytes([data[-40] ^ 1]) + data[-39:]),
        ("cut", data[: len(data) // 2]),
        ("junk", b"not an age file at all"),
    ):
        path = tmp_path / f"{name}.sspbundle"
        path.write_bytes(broken)
        code, _, err = run(capsys, "import", str(path), "--trust")
        assert code == 4, (name, err)
    code, stdout, _ = run(capsys, "--json", "cases", "list")
    assert json.loads(stdout) == []  # nothing was imported
    assert run(capsys, "import", str(tmp_path / "missing.sspbundle"))[0] == 4


def test_passphrase_bundle_via_the_environment(capsys, vaults, tmp_path: Path, monkeypatch) -> None:
    vaults("a")
    add_journal(capsys)
    out = tmp_path / "p.sspbundle"
    monkeypatch.setenv("SSPDESK_BUNDLE_PASSPHRASE", "vores fælles kode")
    assert run(capsys, "export", "--all", "--passphrase", "--out", str(out))[0] == 0
    vaults("b")
    monkeypatch.setenv("SSPDESK_BUNDLE_PASSPHRASE", "forkert")
    assert run(capsys, "import", str(out), "--trust")[0] == 3
    monkeypatch.setenv("SSPDESK_BUNDLE_PASSPHRASE", "vores fælles kode")
    code, stdout, _ = run(capsys, "--json", "import", str(out), "--trust")
    assert code == 0 and json.loads(stdout)["added"] >= 2


def test_export_needs_a_recipient_and_one_selection(capsys, vaults, tmp_path: Path) -> None:
    vaults("a")
    out = tmp_path / "x.sspbundle"
    assert run(capsys, "export", "--all", "--out", str(out))[0] == 2
    assert run(capsys, "export", "--out", str(out), "--recipient", "age1xyz")[0] == 2  # no selection
    code, _, err = run(capsys, "export", "--all", "--recipient", "age1ikkeennøgle", "--out", str(out))
    assert code == 1 and "age" in err and not out.exists()
    code, _, err = run(capsys, "export", "--case", "S-1999-0001", "--recipient", "age1x", "--out", str(out))
    assert code == 1 and "findes ikke" in err


def test_peers_add_and_since_peer_export(capsys, vaults, tmp_path: Path) -> None:
    b = keys(capsys, vaults, "b")
    vaults("a")
    add_journal(capsys)
    code, stdout, _ = run(
        capsys,
        "--json",
        "peers",
        "add",
        "Bo",
        "--recipient",
        b["recipient"],
        "--key",
        b["fingerprint"].replace(" ", "").lower(),
    )
    assert code == 0 and json.loads(stdout)["fingerprint"] == b["fingerprint"]
    assert run(capsys, "peers", "add", "Bo", "--recipient", b["recipient"], "--key", b["fingerprint"])[0] == 1
    first, second = tmp_path / "1.sspbundle", tmp_path / "2.sspbundle"
    code, stdout, _ = run(capsys, "--json", "export", "--since-peer", "Bo", "--out", str(first))
    assert code == 0 and json.loads(stdout)["counts"]["cases"] == 1
    code, stdout, _ = run(capsys, "--json", "export", "--since-peer", "Bo", "--out", str(second))
    assert code == 0 and json.loads(stdout)["counts"] == {}
    vaults("b")
    code, stdout, _ = run(capsys, "--json", "import", str(first), "--trust")
    assert code == 0 and json.loads(stdout)["added"] >= 2


def _set_fagsystem_key(path: Path, passphrase: str, key: str) -> None:
    with Vault.open(path, passphrase) as vault:
        vault.set_setting("fagsystem_recipient", key)


def test_fagsystem_export_needs_the_key_and_a_basis(capsys, vaults, tmp_path: Path) -> None:
    path = vaults("a")
    code, stdout, _ = run(
        capsys,
        "--json",
        "cases",
        "add",
        "--level",
        "II",
        "--subject",
        "Indbrud",
        "--name",
        "Oskar Opdigtet",
        "--cpr",
        "050310-4321",
    )
    number = json.loads(stdout)["number"]
    out = tmp_path / "fagsystem.zip.age"
    code, _, err = run(capsys, "fagsystem-export", "--case", number, "--out", str(out))
    assert code == 1 and "modtagernøgle" in err and not out.exists()
    identity = pyrage.x25519.Identity.generate()
    _set_fagsystem_key(path, PASSPHRASES["a"], str(identity.to_public()))
    code, _, err = run(capsys, "fagsystem-export", "--case", number, "--out", str(out))
    assert code == 1 and "hjemmel" in err and not out.exists()
    code, stdout, err = run(
        capsys,
        "--json",
        "fagsystem-export",
        "--case",
        number,
        "--out",
        str(out),
        "--basis",
        "Retsplejelovens § 115",
        "--necessity",
        "necessary,relevant,least,sensitive",
        "--confirm",
        "not_investigation",
    )
    assert code == 0, err
    assert json.loads(stdout)["cases"] == [number]
    assert pyrage.decrypt(out.read_bytes(), [identity])[:2] == b"PK"
