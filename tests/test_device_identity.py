"""Issue 17, item 3 – identity: a known key may not silently take another device id.

Finding: "A known key may claim any device id, even the receiver's own or a third colleague's – after which that
colleague's real bundles are refused for good." The bound case is covered in test_bundle_guards.py; here the unbound
one (A claims C's id before C has sent B anything), the honest reason for a new id (a restore from a backup), and
the way out of a wrong binding (`peers forget-device`). Real vaults, real age encryption and signatures.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sspdesk.bundles import SenderKeyChanged
from sspdesk.bundles.guards import DeviceIdClaimed, DeviceMoved
from sspdesk.bundles.importer import import_bundle
from sspdesk.bundles.peers import find_peer, forget_device
from sspdesk.cases import list_cases
from sspdesk.cli import main
from sspdesk.domain.errors import Invalid
from sspdesk.store.vault import Vault
from sspdesk.vaults import restore_from_backup
from support.bundles import bindings, claiming, dump, export_to, journal, make_vault

PASSPHRASE_A, PASSPHRASE_B = "kode a 'æøå'", "kode b 'æøå'"


@pytest.fixture
def known(pair, tmp_path: Path):
    """B trusts A (A's device id bound to A's key); C exists but has never sent B a bundle."""
    a, b = pair
    journal(a, "Fra A")
    import_bundle(b, export_to(a, b, tmp_path / "a1.sspbundle"), trust_new_sender=True)
    c = make_vault(tmp_path, "c")
    journal(c, "Fra C")
    yield a, b, c
    c.close()


def refused(b: Vault, data: bytes, error: type[Exception], **options) -> Exception:
    """Importing `data` raises `error` and leaves B as it was: records, peers and device bindings."""
    before, bound = dump(b), bindings(b)
    with pytest.raises(error) as caught:
        import_bundle(b, data, **options)
    assert dump(b) == before and bindings(b) == bound
    return caught.value


def cli(monkeypatch, capsys, path: Path, passphrase: str, *args: str) -> tuple[int, str, str]:
    monkeypatch.setenv("SSPDESK_VAULT", str(path))
    monkeypatch.setenv("SSPDESK_PASSPHRASE", passphrase)
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def audit(vault: Vault, action: str) -> list[str]:
    rows = vault.conn.execute("SELECT detail FROM audit_log WHERE action = ? ORDER BY seq", (action,))
    return [row[0] for row in rows]


def test_a_known_key_claiming_an_unbound_colleagues_device_id_is_refused_and_the_colleague_gets_through(
    known, tmp_path: Path, monkeypatch, capsys
) -> None:
    """Finding: a known key may claim a third colleague's device id – after which that colleague's real bundles
    are refused for good. Here C has never sent B a bundle, so C's id is bound to no key yet."""
    a, b, c = known
    assert c.device_id not in bindings(b)
    data = claiming(a, b, tmp_path / "a-as-c.sspbundle", c.device_id)
    error = refused(b, data, DeviceMoved)
    assert error.exit_code == 4
    assert "Kollega a" in error.message and a.identity.fingerprint in error.message
    assert a.device_id in error.message and c.device_id in error.message
    assert "gendannet fra en sikkerhedskopi" in error.message and "intet er gemt" in error.message

    b_path = b.path
    b.close()
    (tmp_path / "a-as-c.sspbundle").write_bytes(data)
    code, _, err = cli(monkeypatch, capsys, b_path, PASSPHRASE_B, "import", str(tmp_path / "a-as-c.sspbundle"))
    assert code == 4 and "gendannet" in err and "--trust" in err
    with Vault.open(b_path, PASSPHRASE_B) as again:
        assert c.device_id not in bindings(again)
        # C's real bundle then imports (C is a new colleague, trusted after the fingerprint check) …
        report = import_bundle(again, export_to(c, again, tmp_path / "c1.sspbundle"), trust_new_sender=True)
        assert report.added >= 1 and report.new_peer
        assert bindings(again)[c.device_id] == c.identity.fingerprint
        # … and now C's id is bound: even a confirmed claim by A is refused, naming both keys.
        error = refused(again, data, DeviceIdClaimed, trust_new_sender=True)
        assert a.identity.fingerprint in error.message and c.identity.fingerprint in error.message
        # A's own bundles still work under A's own id.
        journal(a, "Mere fra A")
        assert import_bundle(again, export_to(a, again, tmp_path / "a2.sspbundle")).added >= 1


def test_a_restored_colleague_is_asked_about_once_and_then_imports_as_before(
    known, tmp_path: Path, monkeypatch, capsys
) -> None:
    """A restore from a backup gives A's vault a new device id: refused without a confirmation, accepted with one;
    A's old id is released and A's later bundles import without a question."""
    a, b, _ = known
    old_id, a_path = a.device_id, a.path
    backup = a.backup("manual")
    a.close()
    restore_from_backup(a_path, backup, PASSPHRASE_A)
    with Vault.open(a_path, PASSPHRASE_A) as restored:
        new_id = restored.device_id
        assert new_id != old_id
        journal(restored, "Efter gendannelsen")
        data = export_to(restored, b, tmp_path / "restored.sspbundle")
        error = refused(b, data, DeviceMoved)
        assert old_id in error.message and new_id in error.message

        b_path = b.path
        b.close()
        bundle = tmp_path / "restored.sspbundle"
        code, _, err = cli(monkeypatch, capsys, b_path, PASSPHRASE_B, "import", str(bundle))
        assert code == 4 and "Kollega a" in err
        code, out, _ = cli(monkeypatch, capsys, b_path, PASSPHRASE_B, "--json", "import", str(bundle), "--trust")
        assert code == 0 and json.loads(out)["added"] >= 1

        with Vault.open(b_path, PASSPHRASE_B) as again:
            peer = find_peer(again, "Kollega a")
            assert peer is not None and peer.device_id == new_id
            assert bindings(again) == {again.device_id: again.identity.fingerprint, new_id: a.identity.fingerprint}
            assert audit(again, "peer.device_moved") == [f"{old_id} -> {new_id} ({a.identity.fingerprint})"]
            later = journal(restored, "Senere")
            report = import_bundle(again, export_to(restored, again, tmp_path / "later.sspbundle"))
            assert report.added >= 1 and later.number in [r.number for r in list_cases(again)]
            assert audit(again, "peer.device_moved") == [f"{old_id} -> {new_id} ({a.identity.fingerprint})"]


def test_a_confirmed_new_device_is_remembered_even_when_the_bundle_brings_nothing_new(known, tmp_path: Path) -> None:
    a, b, _ = known
    replay = export_to(a, b, tmp_path / "again.sspbundle")
    import_bundle(b, replay)
    a_path = a.path
    backup = a.backup("manual")
    a.close()
    restore_from_backup(a_path, backup, PASSPHRASE_A)
    with Vault.open(a_path, PASSPHRASE_A) as restored:
        data = export_to(restored, b, tmp_path / "nothing-new.sspbundle")
        report = import_bundle(b, data, trust_new_sender=True)
        assert report.added == report.updated == 0
        assert bindings(b).get(restored.device_id) == a.identity.fingerprint
        import_bundle(b, data)  # no question the second time


def test_forgetting_a_wrong_binding_lets_the_real_owner_through(known, tmp_path: Path, monkeypatch, capsys) -> None:
    """The way out: the user confirmed A's claim of C's id by mistake, so C's real bundles are refused; forgetting
    the device (audit-logged) lets C's next bundle in."""
    a, b, c = known
    import_bundle(b, claiming(a, b, tmp_path / "a-as-c.sspbundle", c.device_id), trust_new_sender=True)
    assert bindings(b)[c.device_id] == a.identity.fingerprint  # the wrong binding
    c_bundle = export_to(c, b, tmp_path / "c.sspbundle")
    refused(b, c_bundle, SenderKeyChanged, trust_new_sender=True)

    b_path, b_device = b.path, b.device_id
    b.close()
    code, out, _ = cli(monkeypatch, capsys, b_path, PASSPHRASE_B, "peers", "forget-device", c.device_id)
    assert code == 0 and c.device_id in out and "Kollega a" in out
    code, _, err = cli(monkeypatch, capsys, b_path, PASSPHRASE_B, "peers", "forget-device", "ukendt-enhed")
    assert code == 4 and "ikke kendt" in err
    code, _, err = cli(monkeypatch, capsys, b_path, PASSPHRASE_B, "peers", "forget-device", b_device)
    assert code == 4 and "egen enhed" in err
    with Vault.open(b_path, PASSPHRASE_B) as again:
        assert c.device_id not in bindings(again)
        assert audit(again, "peer.forget_device") == [f"{c.device_id} ({a.identity.fingerprint})"]
        report = import_bundle(again, c_bundle, trust_new_sender=True)
        assert report.added >= 1 and bindings(again)[c.device_id] == c.identity.fingerprint


def test_forgetting_this_vaults_own_device_is_refused(pair) -> None:
    _, b = pair
    with pytest.raises(Invalid, match="egen enhed"):
        forget_device(b, b.device_id)
