"""A team for the team-folder tests: colleagues' vaults that know each other from invitations, and a shared folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sspdesk.store import records
from sspdesk.store.vault import Vault
from sspdesk.teamsync import add_from_invitation, read_invitation, write_invitation
from support.bundles import SSP_AUTHORITY, make_vault


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


def synced_state(vault: Vault) -> dict[str, Any]:
    """The synced records as every colleague should end up holding them: id -> (deleted, data) per table, the
    version vectors left out (they differ only in counters nobody compares), plus the open conflict copies."""
    conn = vault.conn
    state: dict[str, Any] = {}
    skip = set(records.SYNC_MARKER_COLUMNS) | {"seq"}
    for table in records.synced_tables(conn):
        cursor = conn.execute(f"SELECT * FROM {table}")
        columns = [d[0] for d in cursor.description]
        state[table] = {
            row[columns.index("id")]: tuple((c, v) for c, v in zip(columns, row, strict=True) if c not in skip)
            for row in cursor.fetchall()
        }
    open_conflicts = conn.execute("SELECT table_name, record_id, incoming FROM conflicts WHERE resolved_at IS NULL")
    state["conflicts"] = sorted(tuple(row) for row in open_conflicts)
    return state
