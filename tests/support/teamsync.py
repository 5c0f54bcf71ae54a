"""A team for the team-folder tests: colleagues' vaults that know each other from invitations, and a shared folder."""

from __future__ import annotations

import json
from pathlib import Path

from sspdesk.bundles.merge import Version
from sspdesk.domain import version_vector as vvec
from sspdesk.store import records, sync_repo
from sspdesk.store.vault import Vault
from sspdesk.teamsync import add_from_invitation, read_invitation, write_invitation
from support.bundles import SSP_AUTHORITY, make_vault


def add_invited(vault: Vault, others: list[Vault], folder: Path) -> None:
    """`vault` adds each of `others` from the invitation file they wrote into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    for other in others:
        path = folder / f"{other.device_id}.sspinvite"
        write_invitation(other, path, authority=SSP_AUTHORITY, party_type="ssp")
        add_from_invitation(vault, read_invitation(path))


def delete_record(vault: Vault, table: str, record_id: str) -> None:
    """A deletion as the GUI makes one: a tombstone (cases have no delete service of their own)."""
    with vault.transaction() as conn:
        records.delete(conn, table, record_id, vault.device_id)


def introduce(vaults: list[Vault], folder: Path) -> None:
    """Every colleague adds every other from their invitation file (an SSP consultant of SSP_AUTHORITY)."""
    for vault in vaults:
        write_invitation(vault, folder / f"{vault.device_id}.sspinvite", authority=SSP_AUTHORITY, party_type="ssp")
    for vault in vaults:
        for other in vaults:
            if other is not vault:
                add_from_invitation(vault, read_invitation(folder / f"{other.device_id}.sspinvite"))


def make_team(root: Path, names: str = "abc") -> list[Vault]:
    """Opened vaults named by the letters of `names` in `root`, each knowing the others."""
    vaults = [make_vault(root, name) for name in names]
    invitations = root / "invitations"
    invitations.mkdir(exist_ok=True)
    introduce(vaults, invitations)
    return vaults


def visible_versions(vault: Vault) -> dict[str, dict[str, frozenset[tuple[str, bool, str]]]]:
    """Per synced table and record, the versions this vault holds: its row and its open conflict copies, each as
    (version vector, deleted, content digest). Which of them is the row depends on the device (the merge keeps a
    local edit as the row), so colleagues that have seen the same versions hold the same sets."""
    conn = vault.conn
    state: dict[str, dict[str, frozenset[tuple[str, bool, str]]]] = {}
    versions: dict[tuple[str, str], set[tuple[str, bool, str]]] = {}
    for table in records.synced_tables(conn):
        for row in sync_repo.all_rows(conn, table):
            version = Version.from_row(table, row)
            versions.setdefault((table, version.id), set()).add(_key(version))
    for conflict in conn.execute("SELECT incoming FROM conflicts WHERE resolved_at IS NULL"):
        version = Version.from_wire(json.loads(conflict[0]))
        versions.setdefault((version.table, version.id), set()).add(_key(version))
    for (table, record_id), found in versions.items():
        state.setdefault(table, {})[record_id] = frozenset(found)
    return state


def _key(version: Version) -> tuple[str, bool, str]:
    return (vvec.dumps(version.vv), version.deleted, version.digest())
