"""sspdesk-cli export | import | fagsystem-export | peers: exit codes and output, with real vault files."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyrage
import pytest

import sspdesk.cli as cli
from sspdesk import legal_basis
from sspdesk.bundles.disclosure import CASE_CATEGORY
from sspdesk.cases import save_section
from sspdesk.cli import bundle_cmds, main
from sspdesk.domain.errors import NotFound
from sspdesk.store.vault import Vault
from support.bundles import SSP_AUTHORITY, sag, signed_consent
from support.templates import new_vault

PASSPHRASES = {"a": "hest batteri klokke æøå", "b": "cykel lampe regn ø'å", "c": "sol måne stjerne 'x'"}


def test_the_bundle_commands_are_part_of_the_cli() -> None:
    assert bundle_cmds in cli.COMMAND_MODULES


@pytest.fixture
def vaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys):
    """Vaults a, b and c as `init --user "Kollega A"` creates them (the same settings; copies of this run's template
    vaults, each with its own identity – `init` itself is tested in test_cli_vault.py); returns a function that
    selects one (sets the env)."""

    def use(name: str) -> Path:
        path = tmp_path / f"{name}.sspvault"
        monkeypatch.setenv("SSPDESK_VAULT", str(path))
        monkeypatch.setenv("SSPDESK_PASSPHRASE", PASSPHRASES[name])
        return path

    for name in PASSPHRASES:
        settings = {"user_name": f"Kollega {name.upper()}", "municipality": "", "profile": "albertslund"}
        new_vault(use(name), PASSPHRASES[name], settings=settings).close()
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
    assert set(report) == {"added", "updated", "unchanged", "conflicts", "deleted", "erased", "erased_here"}
    assert report["added"] >= 2 and report["updated"] == report["conflicts"] == 0
    code, stdout, _ = run(capsys, "--json", "import", str(out))
    assert code == 0 and json.loads(stdout) == {
        "added": 0,
        "updated": 0,
        "unchanged": report["added"],
        "conflicts": 0,
        "deleted": {},
        "erased": 0,
        "erased_here": {},
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


# -- every bundle is a disclosure (issue 15) -------------------------------------------------------------------


@contextmanager
def service_vault(path: Path, name: str) -> Iterator[Vault]:
    vault = Vault.open(path, PASSPHRASES[name])
    try:
        yield vault
    finally:
        vault.close()


def three_sager(path: Path) -> tuple[list[str], list[str]]:
    """Three sager in vault a: the first two with a consent naming Sundhedsplejen that covers them, the third with
    health information its consent does not cover. Returns (ids, numbers)."""
    with service_vault(path, "a") as a:
        made = [sag(a, subject, cpr) for subject, cpr in (("Indbrud", "0503104321"), ("Graffiti", "0101114321"))]
        made.append(sag(a, "Hærværk", "0101104321"))
        for s in made:
            save_section(a, s.id, "status", {"familie": "Bor hos mor"})
            signed_consent(a, s.id, ("familie", CASE_CATEGORY), person=("Oskar Opdigtet", s.case.cpr))
        save_section(a, made[2].id, "flow", {"sundhed": "Diabetes"})
        return [s.id for s in made], [s.case.number for s in made]


def test_export_to_a_colleague_lists_the_cases_sent_and_the_case_left_out(capsys, vaults, tmp_path: Path) -> None:
    b = keys(capsys, vaults, "b")
    path = vaults("a")
    ids, numbers = three_sager(path)
    code, stdout, err = run(
        capsys, "peers", "add", "Hanne", "--recipient", b["recipient"], "--key", b["fingerprint"],
        "--authority", "Sundhedsplejen", "--party", "sundhed",
    )  # fmt: skip
    assert code == 0, err
    out = tmp_path / "til-hanne.sspbundle"
    args = ("export", "--case", numbers[0], "--case", numbers[1], "--case", numbers[2], "--recipient", "Hanne")
    code, stdout, err = run(capsys, *args, "--out", str(out))
    assert code == 0, err
    lines = stdout.splitlines()
    assert [line.split(" – ")[0] for line in lines[1:]] == [
        f"Sendt: {numbers[0]}",
        f"Sendt: {numbers[1]}",
        f"Udeladt (ikke sendt): {numbers[2]}",
    ]
    assert "Samtykke SAM-" in lines[1] and "dækker ikke Sundhedsoplysninger" in lines[3]
    code, stdout, err = run(capsys, "--json", *args, "--out", str(tmp_path / "igen.sspbundle"))
    assert code == 0, err
    data = json.loads(stdout)
    assert [e["case"] for e in data["exchanges"]] == numbers[:2]
    assert all(e["basis"].startswith("Samtykke SAM-") and e["recipients"] == ["Hanne"] for e in data["exchanges"])
    assert [e["case"] for e in data["left_out"]] == [numbers[2]] and "Sundhedsoplysninger" in data["left_out"][0]["why"]

    b_path = vaults("b")
    assert run(capsys, "import", str(out), "--trust")[0] == 0
    with service_vault(b_path, "b") as vault:
        for case_id in ids[:2]:
            assert [e.direction for e in legal_basis.list_exchanges(vault, case_id)] == ["sent", "received"]
        with pytest.raises(NotFound):
            legal_basis.list_exchanges(vault, ids[2])


def test_a_passphrase_bundle_with_a_sag_and_no_recipient_exits_4_and_writes_no_file(
    capsys, vaults, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = vaults("a")
    _, numbers = three_sager(path)
    monkeypatch.setenv(bundle_cmds.BUNDLE_PASSPHRASE_ENV, "rød bil kører langsomt forbi")
    out = tmp_path / "kode.sspbundle"
    code, _, err = run(capsys, "export", "--case", numbers[0], "--passphrase", "--out", str(out))
    assert code == 4 and "modtageren er ukendt" in err and "--recipient-name" in err and not out.exists()
    code, stdout, err = run(
        capsys, "--json", "export", "--case", numbers[0], "--passphrase", "--out", str(out),
        "--recipient-name", "Hanne Sundby", "--recipient-authority", "Sundhedsplejen", "--recipient-party", "sundhed",
    )  # fmt: skip
    assert code == 0, err
    assert [e["case"] for e in json.loads(stdout)["exchanges"]] == [numbers[0]] and out.exists()


def test_an_ssp_partner_gets_a_sag_on_section_115_only_with_confirm_necessity(capsys, vaults, tmp_path: Path) -> None:
    b = keys(capsys, vaults, "b")
    path = vaults("a")
    with service_vault(path, "a") as a:
        number = sag(a).case.number
    run(capsys, "peers", "add", "Bo", "--recipient", b["recipient"], "--key", b["fingerprint"])
    code, stdout, _ = run(capsys, "peers", "list")
    assert "mangler myndighed og type" in stdout
    code, _, err = run(capsys, "peers", "edit", "Bo", "--authority", SSP_AUTHORITY, "--party", "lærer")
    assert code == 4 and "Ukendt modtagertype" in err
    assert run(capsys, "peers", "edit", "Bo", "--authority", SSP_AUTHORITY, "--party", "ssp")[0] == 0
    out = tmp_path / "til-bo.sspbundle"
    code, _, err = run(capsys, "export", "--case", number, "--recipient", "Bo", "--out", str(out))
    assert code == 4 and "nødvendighedsvurderingen mangler" in err and not out.exists()
    code, stdout, err = run(
        capsys, "--json", "export", "--case", number, "--recipient", "Bo", "--out", str(out), "--confirm-necessity"
    )
    assert code == 0, err
    assert json.loads(stdout)["exchanges"][0]["basis"] == "Retsplejelovens § 115" and out.exists()
