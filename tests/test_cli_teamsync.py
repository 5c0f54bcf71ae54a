"""sspdesk-cli sync | keys invite | peers add --invite | peers list (issue 19, items 4 and 5): three colleagues'
vaults (made with `init` in the end-to-end test, elsewhere copies with init's settings), introduced by invitation
files, converging through a plain shared folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sspdesk.cli import COMMAND_MODULES, main, sync_cmds
from support.templates import new_vault

PASSPHRASES = {"a": "hest batteri klokke æøå", "b": "cykel lampe regn ø'å", "c": "sol måne stjerne 'x'"}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exit_:  # argparse usage errors
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def _vaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *, by_init: bool):
    """Vaults a, b and c in tmp_path/vaults; returns `select(name)`, which selects one (sets the env)."""

    def select(name: str) -> Path:
        path = tmp_path / "vaults" / f"{name}.sspvault"
        monkeypatch.setenv("SSPDESK_VAULT", str(path))
        monkeypatch.setenv("SSPDESK_PASSPHRASE", PASSPHRASES[name])
        return path

    for name in PASSPHRASES:
        user = f"Kollega {name.upper()}"
        path = select(name)
        if by_init:
            assert main(["init", "--user", user, "--municipality", "Albertslund"]) == 0
        else:  # what init writes, as a copy of this run's template vault with an identity of its own
            settings = {"user_name": user, "municipality": "Albertslund", "profile": "albertslund"}
            new_vault(path, PASSPHRASES[name], settings=settings).close()
    return select


@pytest.fixture
def use(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Vaults a, b and c as `init --user "Kollega A" --municipality Albertslund` makes them (template copies)."""
    return _vaults(tmp_path, monkeypatch, by_init=False)


@pytest.fixture
def use_init(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    """Vaults a, b and c made with `init` itself, for the story told end to end."""
    select = _vaults(tmp_path, monkeypatch, by_init=True)
    capsys.readouterr()
    return select


def introduce(capsys: pytest.CaptureFixture[str], use, tmp_path: Path) -> None:
    for name in PASSPHRASES:
        use(name)
        assert run(capsys, "keys", "invite", "--out", str(tmp_path / f"{name}.sspinvite"))[0] == 0
    for name in PASSPHRASES:
        use(name)
        for other in PASSPHRASES:
            if other != name:
                code, _, err = run(capsys, "peers", "add", "--invite", str(tmp_path / f"{other}.sspinvite"))
                assert code == 0, err


def test_the_sync_commands_are_part_of_the_cli() -> None:
    assert sync_cmds in COMMAND_MODULES


def test_an_invitation_carries_name_authority_party_keys_and_a_fingerprint_to_read_aloud(
    capsys: pytest.CaptureFixture[str], use, tmp_path: Path
) -> None:
    use("a")
    code, out, _ = run(capsys, "--json", "keys", "show")
    keys = json.loads(out)
    code, out, _ = run(capsys, "keys", "invite", "--out", str(tmp_path / "a.sspinvite"))
    assert code == 0
    assert "Læs op for kollegaen:" in out and keys["fingerprint"] in out
    invitation = json.loads((tmp_path / "a.sspinvite").read_text(encoding="utf-8"))
    assert invitation["name"] == "Kollega A"
    assert invitation["authority"] == "SSP Albertslund" and invitation["party_type"] == "ssp"
    assert invitation["recipient"] == keys["recipient"] and invitation["fingerprint"] == keys["fingerprint"]
    use("b")
    code, out, err = run(capsys, "peers", "add", "--invite", str(tmp_path / "a.sspinvite"), "--party", "politi")
    assert code == 0, err
    assert "Kontrollér med kollegaen" in out and "politi" in out
    code, out, _ = run(capsys, "--json", "peers", "list")
    (peer,) = json.loads(out)
    assert peer["name"] == "Kollega A" and peer["party_type"] == "politi" and peer["recipient"] == keys["recipient"]
    assert peer["sync"] == {"last_sync_at": "", "last_ack_at": "", "unacknowledged": 0}
    code, out, _ = run(capsys, "peers", "list")
    assert "sidst synkroniseret: aldrig, sidst kvitteret: aldrig" in out


def test_an_edited_invitation_is_refused_and_the_old_way_of_adding_a_colleague_stays(
    capsys: pytest.CaptureFixture[str], use, tmp_path: Path
) -> None:
    use("a")
    run(capsys, "keys", "invite", "--out", str(tmp_path / "a.sspinvite"))
    code, out, _ = run(capsys, "--json", "keys", "show")
    keys = json.loads(out)
    invitation = json.loads((tmp_path / "a.sspinvite").read_text(encoding="utf-8"))
    invitation["fingerprint"] = "0000 1111 2222 3333 4444 5555 6666 7777"
    (tmp_path / "forged.sspinvite").write_text(json.dumps(invitation), encoding="utf-8")
    use("b")
    code, _, err = run(capsys, "peers", "add", "--invite", str(tmp_path / "forged.sspinvite"))
    assert code == 4 and "fingeraftryk passer ikke" in err
    by_hand = ("peers", "add", "Kollega A", "--recipient", keys["recipient"], "--key", keys["fingerprint"])
    code, _, err = run(capsys, *by_hand)
    assert code == 0, err
    assert run(capsys, "peers", "add", "--key", keys["fingerprint"])[0] == 2  # a name or an invitation


def test_three_colleagues_converge_through_a_plain_folder(
    capsys: pytest.CaptureFixture[str], use_init, tmp_path: Path
) -> None:
    use = use_init
    introduce(capsys, use, tmp_path)
    folder = tmp_path / "Teammappe"
    folder.mkdir()
    (folder / "~syncthing~noget.sspsync.tmp").write_bytes(b"halv")
    (folder / "referat.docx").write_bytes(b"PK\x03\x04")
    ids = {}
    for name in PASSPHRASES:
        use(name)
        code, out, err = run(capsys, "--json", "cases", "add", "--level", "I", "--subject", f"Uro ved hallen {name}")
        assert code == 0, err
        ids[name] = json.loads(out)["id"]
    reports = {}
    for _ in range(3):
        for name in PASSPHRASES:
            use(name)
            code, out, err = run(capsys, "sync", "--folder", str(folder), "--json")
            assert code == 0, err
            reports[name] = json.loads(out)
    for key in ("written", "imported", "skipped", "quarantined", "pruned"):
        assert key in reports["a"]
    assert set(reports["a"]["imported"]) >= {"added", "updated", "unchanged", "conflicts", "deleted"}
    assert {s["file"] for s in reports["a"]["skipped"]} == {"~syncthing~noget.sspsync.tmp", "referat.docx"}
    for name in PASSPHRASES:
        use(name)
        code, out, _ = run(capsys, "--json", "cases", "list")
        held = {c["id"] for c in json.loads(out)}
        assert set(ids.values()) <= held, name
    use("a")
    code, out, _ = run(capsys, "sync")  # the folder is remembered; Danish text
    assert code == 0 and "Synkroniseret med" in out
    code, out, _ = run(capsys, "--json", "peers", "list")
    for peer in json.loads(out):
        assert peer["sync"]["last_sync_at"] and peer["sync"]["last_ack_at"]
    assert "sidst synkroniseret: " in run(capsys, "peers", "list")[1]


def test_sync_refuses_a_folder_that_holds_the_vault_with_exit_4(
    capsys: pytest.CaptureFixture[str], use, tmp_path: Path
) -> None:
    use("a")
    code, _, err = run(capsys, "sync", "--folder", str(tmp_path / "vaults"))
    assert code == 4 and "Datafilen ligger i teammappen" in err
    assert not list((tmp_path / "vaults").glob("*.sspsync"))
    assert run(capsys, "sync")[0] == 2  # no folder remembered
