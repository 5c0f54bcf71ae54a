"""Resolving a conflict by hand: keep the local version, take the incoming one, or merge field by field.

The conflicts themselves are read with `merge.list_conflicts` / `merge.conflict_detail`. A resolution is held to
the same rule as an import (`guards.check_resolution`, "Settled records stay settled"): choosing the other version
may not reopen a closed case, rewrite approved minutes or change a signed consent – the user keeps the local
version, or first unlocks the record the ordinary way (Genåbn sag, withdrawing the approval).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from sspdesk.bundles import guards
from sspdesk.bundles.merge import Version, case_ids_of, conflict_detail
from sspdesk.domain import version_vector as vvec
from sspdesk.domain.errors import Invalid
from sspdesk.domain.version_vector import Order
from sspdesk.store import records, sync_repo
from sspdesk.store.vault import Vault

Choice = Literal["local", "incoming"] | Mapping[str, Any]


def resolve_conflict(vault: Vault, conflict_id: str, choice: Choice) -> None:
    """Keep the local version, the incoming one, or merged field values; the result supersedes both versions.

    Raises Invalid (nothing written) for an unknown choice or field, or when the result would change a settled
    record."""
    with vault.transaction() as conn:
        detail = conflict_detail(vault, conflict_id)
        if choice == "local":
            data, deleted = detail.local, detail.local_deleted
        elif choice == "incoming":
            data, deleted = detail.incoming, detail.incoming_deleted
        elif isinstance(choice, Mapping):
            unknown = set(choice) - set(records.synced_tables(conn)[detail.table])
            if unknown:
                raise Invalid(f"Ukendte felter: {', '.join(sorted(unknown))}")
            data, deleted = {**detail.local, **choice}, False
        else:
            raise Invalid("Vælg den lokale eller den indkomne version, eller flettede værdier.")
        guards.check_resolution(conn, detail.table, detail.record_id, data, deleted)
        vv = vvec.bumped(vvec.merged(detail.local_vv, detail.incoming_vv), vault.device_id)
        records.write_version(conn, detail.table, detail.record_id, data, vv, deleted=deleted)
        sync_repo.close_conflict(conn, conflict_id)
        for other in sync_repo.open_conflicts(conn, detail.table, detail.record_id):  # now superseded too?
            if vvec.compare(vv, vvec.loads(other["incoming_vv"])) in (Order.NEWER, Order.EQUAL):
                sync_repo.close_conflict(conn, other["id"])
        written = Version(detail.table, detail.record_id, vv, "", deleted, dict(data))
        if "cases" in records.synced_tables(conn):
            sync_repo.refresh_derived(conn, case_ids_of(written))
        how = choice if isinstance(choice, str) else "merged"
        vault.log("conflict.resolve", record_kind=detail.table, record_id=detail.record_id, detail=how)
