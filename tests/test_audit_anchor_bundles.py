"""The audit-log anchor travels in bundles (issue 17, item 6): a colleague's vault remembers the last head it saw
from each sender and warns – without refusing the bundle – when a later one shows a shorter or re-chained log."""

from __future__ import annotations

import copy
from pathlib import Path

from sspdesk.bundles.importer import describe, import_bundle
from sspdesk.duties import audit_service
from sspdesk.store import anchors_repo, audit
from sspdesk.store.vault import Vault
from support import audit_tamper
from support.bundles import decrypt_for, export_to, journal, make_vault, seal


def _passphrase(name: str) -> str:
    return f"kode {name} 'æøå'"  # as support.bundles.make_vault sets it


def _reopen(vault: Vault) -> Vault:
    return Vault.open(vault.path, _passphrase(vault.path.stem))


def _seen(b: Vault, a: Vault) -> dict | None:
    return anchors_repo.seen(b.conn, a.identity.fingerprint)


def _peer_entries(vault: Vault) -> list[audit.AuditEntry]:
    return audit_service.list_entries(vault, audit_service.AuditFilter(action="audit.peer_anchor"))


def test_a_bundle_carries_the_senders_signed_anchor_and_the_receiver_remembers_it(pair, tmp_path: Path) -> None:
    a, b = pair
    journal(a)
    data = export_to(a, b, tmp_path / "1.sspbundle")
    anchor = decrypt_for(b, data)["manifest"]["audit_anchor"]
    assert anchor["device_id"] == a.device_id and anchor["signature"]
    report = import_bundle(b, data, trust_new_sender=True)
    assert report.added and not report.warnings
    seen = _seen(b, a)
    assert seen is not None and (seen["count"], seen["head"]) == (anchor["count"], anchor["head"])


def test_later_bundles_of_a_growing_log_give_no_warning_in_any_order(pair, tmp_path: Path) -> None:
    a, b = pair
    journal(a)
    first = export_to(a, b, tmp_path / "1.sspbundle")
    journal(a, "Hærværk ved skolen")
    second = export_to(a, b, tmp_path / "2.sspbundle")
    assert not import_bundle(b, second, trust_new_sender=True).warnings
    assert not import_bundle(b, first, trust_new_sender=True).warnings  # an older bundle imported late
    seen = _seen(b, a)
    assert seen is not None and seen["count"] == decrypt_for(b, second)["manifest"]["audit_anchor"]["count"]
    journal(a, "Knallertkørsel")
    report = import_bundle(b, export_to(a, b, tmp_path / "3.sspbundle"), trust_new_sender=True)
    assert not report.warnings and not _peer_entries(b)


def test_a_peer_whose_log_was_cut_is_reported_at_the_next_import(tmp_path: Path) -> None:
    a, b = make_vault(tmp_path, "a"), make_vault(tmp_path, "b")
    try:
        journal(a)
        journal(a, "Graffiti")
        import_bundle(b, export_to(a, b, tmp_path / "1.sspbundle"), trust_new_sender=True)
        remembered = _seen(b, a)
        assert remembered is not None and remembered["count"] > 2
        a.close()
        audit_tamper.cut_tail(a.path, _passphrase("a"), remembered["count"] - 2)
        a = _reopen(a)
        journal(a, "Efter afkortningen")
        report = import_bundle(b, export_to(a, b, tmp_path / "2.sspbundle"), trust_new_sender=True)
        assert report.added >= 1  # the bundle is imported all the same
        assert len(report.warnings) == 1 and "kortere end sidst" in report.warnings[0]
        assert "Kollega a" in report.warnings[0] and "kortere end sidst" in describe(report)
        entries = _peer_entries(b)
        assert len(entries) == 1 and a.identity.fingerprint in entries[0].detail
        assert audit_service.verify(b).ok  # our own log, with the finding in it, is intact
    finally:
        a.close()
        b.close()


def test_a_peer_whose_log_was_re_chained_is_reported_at_the_next_import(tmp_path: Path) -> None:
    a, b = make_vault(tmp_path, "a"), make_vault(tmp_path, "b")
    try:
        journal(a)
        import_bundle(b, export_to(a, b, tmp_path / "1.sspbundle"), trust_new_sender=True)
        a.close()
        audit_tamper.rechain(a.path, _passphrase("a"), 1, "omskrevet")
        a = _reopen(a)
        journal(a, "Efter omskrivningen")
        data = export_to(a, b, tmp_path / "2.sspbundle")
        remembered = _seen(b, a)
        assert remembered is not None
        earlier = {p["count"] for p in decrypt_for(b, data)["manifest"]["audit_anchor"]["earlier"]}
        assert remembered["count"] in earlier  # A vouches for its hash at the count B remembers
        report = import_bundle(b, data, trust_new_sender=True)
        assert report.added >= 1
        assert len(report.warnings) == 1 and "anden historik" in report.warnings[0]
        assert f"post {remembered['count']}" in report.warnings[0]
        assert len(_peer_entries(b)) == 1
    finally:
        a.close()
        b.close()


def test_an_anchor_with_a_bad_signature_in_a_signed_bundle_is_reported_and_not_remembered(pair, tmp_path: Path) -> None:
    a, b = pair
    journal(a)
    container = decrypt_for(b, export_to(a, b, tmp_path / "1.sspbundle"))
    forged = copy.deepcopy(container)
    forged["manifest"]["audit_anchor"]["count"] += 100  # the bundle is re-signed by A; the anchor is not
    report = import_bundle(b, seal(forged, a, b.identity.recipient), trust_new_sender=True)
    assert report.added and len(report.warnings) == 1 and "ikke gyldigt underskrevet" in report.warnings[0]
    assert _seen(b, a) is None and len(_peer_entries(b)) == 1


def test_a_bundle_without_an_anchor_from_an_older_version_is_imported_quietly(pair, tmp_path: Path) -> None:
    a, b = pair
    journal(a)
    container = decrypt_for(b, export_to(a, b, tmp_path / "1.sspbundle"))
    del container["manifest"]["audit_anchor"]
    report = import_bundle(b, seal(container, a, b.identity.recipient), trust_new_sender=True)
    assert report.added and not report.warnings and _seen(b, a) is None
