"""Models and texts of the Udveksling page: open conflicts, peers, exchange history, and Danish labels.

The tables are small (tens of rows), so each model holds plain row dicts built once per load by the `*_rows`
functions here from the bundle services, with the cell texts ready. `clear()` forgets them (the vault is locking).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from sspdesk.bundles.merge import ConflictDetail
from sspdesk.bundles.peers import Peer
from sspdesk.cases import case_rows
from sspdesk.domain import forms
from sspdesk.domain import groups as group_forms
from sspdesk.domain.consent import GIVER_ROLES
from sspdesk.domain.dates import stamp_text
from sspdesk.domain.forms import CASE_STATUS_LABELS as STATUS_LABELS
from sspdesk.domain.forms import KIND_LABELS
from sspdesk.domain.meetings import (
    DISPOSITION_STATUS_LABELS,
    ITEM_KIND_LABELS,
    MEETING_STATUS_LABELS,
    MINUTES_LABELS,
    PARTICIPANT_STATUS_LABELS,
)
from sspdesk.domain.record_names import counts_text as counts_text  # re-exported for the exchange dialogs
from sspdesk.information_duty import DECISIONS
from sspdesk.preferences import profile_name

Index = QModelIndex | QPersistentModelIndex
RecordRole = Qt.ItemDataRole.UserRole + 1  # the row dict

TABLE_LABELS = {
    "cases": "Sag",
    "case_sections": "Sagsafsnit",
    "deadlines": "Frist",
    "meetings": "Møde",
    "meeting_participants": "Mødedeltager",
    "agenda_items": "Dagsordenspunkt",
    "minutes": "Referat",
    "dispositions": "Disposition",
    "meeting_addenda": "Tillæg til referat",
    "consents": "Samtykke",
    "consent_scans": "Scannet samtykke",
    "contacts": "Kontakt",
    "information_exchanges": "Udveksling af oplysninger",
    "information_duty": "Oplysningspligt",
    "concern_groups": "Gruppe",
    "group_sections": "Gruppeafsnit",
    "group_members": "Gruppemedlem",
    "case_events": "Hændelse på sag",
    "underretninger": "Underretning",
    "network_outcomes": "Udfald af netværksmøde",
    "erasure_records": "Sletningsnote",
}
FIELD_LABELS = {
    "number": "Nummer",
    "kind": "Type",
    "profile": "Model",
    "level": "Niveau",
    "subject": "Sagens genstand",
    "forum": "Mødeforum",
    "meeting_date": "Mødedato",
    "area": "Område",
    "coordinator": "Koordinator",
    "registered": "Registreret",
    "status": "Status",
    "closed_on": "Lukket den",
    "person_name": "Den unges navn",
    "cpr": "CPR-nr.",
    "birth_date": "Fødselsdato",
    "from_journal": "Løftet fra journal",
    "radicalisation": "Radikalisering",
    "case_id": "Sag (id)",
    "section": "Afsnit",
    "fields": "Felter",
    "author": "Skrevet af",
    "created_at": "Oprettet",
    "label": "Betegnelse",
    "due": "Frist",
    "done_on": "Udført den",
    "starts_at": "Tidspunkt",
    "place": "Sted",
    "approved_by": "Godkendt af",
    "approved_at": "Godkendt",
    "meeting_id": "Møde (id)",
    "contact_id": "Kontakt (id)",
    "item_id": "Punkt (id)",
    "group_id": "Gruppe (id)",
    "name": "Navn",
    "role": "Rolle",
    "position": "Placering",
    "title": "Titel",
    "reason": "Begrundelse",
    "followups": "Opfølgning",
    "discussion": "Drøftelse",
    "decision": "Beslutning",
    "owner": "Ansvarlig",
    "what": "Hvad",
    "text": "Tekst",
    "reference": "Reference",
    "case_ids": "Sager (id)",
    "consent_date": "Dato",
    "giver_name": "Givet af",
    "giver_cpr": "Giverens CPR-nr.",
    "giver_role": "Giverens rolle",
    "person_cpr": "Den unges CPR-nr.",
    "cosign_required": "Medunderskrift kræves",
    "contacts": "Kontakter",
    "exchange_text": "Udveksling",
    "categories": "Kategorier",
    "valid_from": "Gyldig fra",
    "valid_until": "Gyldig til",
    "signed_on": "Underskrevet den",
    "young_person_signed": "Den unge har skrevet under",
    "no_scan_reason": "Ingen scanning fordi",
    "withdrawn_on": "Tilbagekaldt den",
    "withdrawal_how": "Tilbagekaldt",
    "withdrawal_note": "Note om tilbagekaldelse",
    "created_by": "Oprettet af",
    "consent_id": "Samtykke (id)",
    "mime": "Filtype",
    "size": "Størrelse",
    "sha256": "Kontrolsum",
    "data": "Fil",
    "added_by": "Tilføjet af",
    "added_at": "Tilføjet",
    "organisation": "Organisation",
    "phone": "Telefon",
    "email": "E-mail",
    "exchanged_on": "Udvekslet den",
    "recipient": "Modtager",
    "basis": "Hjemmel",
    "recorded_by": "Registreret af",
    "entry_date": "Dato",
    "recipients": "Modtagere",
    "method": "Måde",
    "note": "Note",
    "case_section_id": "Afsnit (id)",
    "deleted": "Slettet",
    "sent_on": "Sendt den",
    "authority": "Sendt til",
    "made_by": "Underretning ved",
    "confirmed_on": "Kvittering modtaget",
    "held_on": "Mødedato",
    "agreement": "Aftale",
    "underretning": "Underretning",
}
CONTENT_LABELS = {"cases": "Udvalgte sager", "meeting": "Et møde", "all": "Alt", "since": "Ændringer siden sidst"}
CHECK_LABELS = {
    "wrong_key": "Forkert nøgle",
    "wrong_passphrase": "Forkert adgangskode",
    "passphrase_required": "Adgangskode",
    "bad_signature": "Underskrift",
    "unknown_sender": "Ukendt afsender",
    "sender_key_changed": "Afsenderens nøgle",
    "not_a_bundle": "Filformat",
    "armored": "Filformat",
    "truncated": "Afkortet pakke",
    "tampered": "Ændret pakke",
    "scrypt_work_factor": "Adgangskodebeskyttelse",
    "format_version": "Formatversion",
    "invalid_bundle": "Pakkens indhold",
    "invalid_record": "Ugyldig post",
    "large_change": "Stor ændring",
    "deletions": "Sletninger",
    "device_id_claimed": "Enhedens identitet",
    "device_moved": "Kollegaens nye enhed",
    "refused_record": "Afvist post",
    "forged_counter": "Ændringstæller",
    "settled_record": "Afsluttet post",
    "export": "Eksport",
    "fagsystem": "Fagsystem",
    "read": "Filen kan ikke læses",
    "bundle": "Pakken",
}
# The first of these data columns that has a value names a record in the conflict list.
_NAME_COLUMNS = ("number", "reference", "title", "label", "name", "section", "what", "text", "forum")


# Columns holding a code, and the Danish words the rest of the program shows for it.
_CODES: dict[tuple[str, str], dict[str, str]] = {
    ("cases", "kind"): KIND_LABELS,
    ("cases", "status"): STATUS_LABELS,
    ("case_sections", "section"): forms.SECTION_NAMES,
    ("deadlines", "status"): {**STATUS_LABELS, **DISPOSITION_STATUS_LABELS},
    ("meetings", "status"): MEETING_STATUS_LABELS,
    ("meeting_participants", "status"): PARTICIPANT_STATUS_LABELS,
    ("agenda_items", "kind"): ITEM_KIND_LABELS,
    ("dispositions", "status"): DISPOSITION_STATUS_LABELS,
    ("meeting_addenda", "kind"): {"addendum": "Tillæg", "withdrawal": "Tilbagetrækning"},
    ("consents", "giver_role"): {code: label.capitalize() for code, label in GIVER_ROLES.items()},
    ("information_duty", "decision"): DECISIONS,
    ("concern_groups", "status"): group_forms.STATUS_LABELS,
    ("group_sections", "section"): group_forms.SECTION_TITLES,
}
_YES_NO = {
    ("cases", "radicalisation"),
    ("consents", "cosign_required"),
    ("consents", "young_person_signed"),
    ("network_outcomes", "agreement"),
    ("network_outcomes", "underretning"),
}
# Columns holding an ISO date, a UTC time ('…Z') or a local meeting time, shown the Danish way.
_WHEN = {
    "due",
    "registered",
    "closed_on",
    "consent_date",
    "valid_from",
    "valid_until",
    "signed_on",
    "withdrawn_on",
    "entry_date",
    "exchanged_on",
    "added_on",
    "birth_date",
    "meeting_date",
    "done_on",
    "created_at",
    "approved_at",
    "starts_at",
    "added_at",
}


def field_label(column: str) -> str:
    return FIELD_LABELS.get(column, column)


def value_label(table: str, column: str, value: Any) -> Any:
    """A stored value as the user knows it: 'open' in a case's status is 'Åben', a flag is 'Ja' or 'Nej'."""
    if (table, column) in _YES_NO and value in (0, 1):
        return "Ja" if value else "Nej"
    if (table, column) == ("cases", "profile") and isinstance(value, str):
        return profile_name(value)
    if column in _WHEN and isinstance(value, str) and value:
        return stamp_text(value)
    return _CODES.get((table, column), {}).get(value, value) if isinstance(value, str) else value


def is_coded(table: str, column: str) -> bool:
    """True for a column that holds one of a few codes (chosen from either side, never typed)."""
    return (table, column) in _CODES or (table, column) in _YES_NO or (table, column) == ("cases", "profile")


def inner_field_label(table: str, key: str) -> str:
    """The label of a field inside a section's or the minutes' JSON texts."""
    if table == "minutes":
        return MINUTES_LABELS.get(key, key)
    if table == "group_sections":
        return next((f.label for fields in group_forms.SECTIONS.values() for f in fields if f.key == key), key)
    return forms.field_label(key)


def table_label(table: str) -> str:
    return TABLE_LABELS.get(table, table)


def short_key(key: str) -> str:
    """An age key is long: 'age1qyqs…p7v3' for a table cell (the whole key is in the tooltip)."""
    return key if len(key) <= 20 else f"{key[:9]}…{key[-6:]}"


# -- rows built from the services -------------------------------------------------------------------------


def record_label(detail: ConflictDetail, case_numbers: dict[str, str]) -> str:
    data = detail.local or detail.incoming
    name = next((str(data[c]) for c in _NAME_COLUMNS if data.get(c) not in (None, "")), "")
    if len(name) > 60:
        name = name[:57] + "…"
    case_number = case_numbers.get(str(data.get("case_id") or ""), "")
    if detail.table == "cases":
        subject = str(data.get("subject") or "")
        return f"{name} · {subject}" if subject and name != subject else name or detail.record_id[:8]
    if case_number:
        return f"{name} (sag {case_number})" if name else f"sag {case_number}"
    return name or detail.record_id[:8]


def conflict_rows(vault, conflicts: Sequence[ConflictDetail]) -> list[dict[str, Any]]:
    case_ids = sorted({str((c.local or c.incoming).get("case_id") or "") for c in conflicts} - {""})
    numbers = {row.id: row.number for row in case_rows(vault, case_ids)} if case_ids else {}
    rows = []
    for conflict in conflicts:
        rows.append(
            {
                "id": conflict.id,
                "detail": conflict,
                "cells": (
                    table_label(conflict.table),
                    record_label(conflict, numbers),
                    ", ".join(field_label(c) for c in conflict.differing),
                    stamp_text(conflict.created_at),
                ),
            }
        )
    return rows


NO_PARTY = "– mangler (får kun DKE-Journaler)"


def peer_rows(peers: Sequence[Peer], party_labels: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
    """The Kolleger table: name, fingerprint, authority and party type (what decides which DKE-Sager they may
    receive), key, last sent and received."""
    labels = party_labels or {}
    rows = []
    for peer in peers:
        key = short_key(peer.recipient) if peer.recipient else "– (ikke modtaget endnu)"
        who = ", ".join(x for x in (peer.authority, labels.get(peer.party_type, peer.party_type)) if x)
        rows.append(
            {
                "id": peer.id,
                "peer": peer,
                "cells": (
                    peer.name,
                    peer.fingerprint,
                    who if not peer.missing else f"{who} {NO_PARTY}".strip(),
                    key,
                    stamp_text(peer.last_sent_at) or "–",
                    stamp_text(peer.last_received_at) or "–",
                ),
                "tooltips": (
                    "",
                    "Kontrollér fingeraftrykket med kollegaen, fx pr. telefon.",
                    "Myndighed og modtagertype afgør, hvilke DKE-Sager kollegaen må modtage (hjemmel pr. sag).",
                    peer.recipient,
                    "",
                    "",
                ),
            }
        )
    return rows


def _peer_name(peers: Sequence[Peer], fingerprint: str = "", recipient: str = "") -> str:
    for peer in peers:
        if (fingerprint and peer.fingerprint == fingerprint) or (recipient and peer.recipient == recipient):
            return peer.name
    return ""


def history_rows(
    history: Sequence[dict[str, Any]], peers: Sequence[Peer], own_fingerprint: str
) -> list[dict[str, Any]]:
    rows = []
    for entry in history:
        contents = entry.get("contents") or {}
        what = CONTENT_LABELS.get(contents.get("kind", ""), contents.get("kind", ""))
        if contents.get("kind") == "cases":
            what = f"{what} ({len(contents.get('case_ids') or [])})"
        if entry["direction"] == "export":
            direction = "Sendt"
            targets = entry.get("recipients") or []
            who = ", ".join(
                "adgangskode" if r == "passphrase" else _peer_name(peers, recipient=r) or short_key(r) for r in targets
            )
            result = ""
        else:
            direction = "Modtaget"
            sender = entry.get("sender", "")
            who = "dig selv" if sender == own_fingerprint else _peer_name(peers, fingerprint=sender) or sender
            report = entry.get("report") or {}
            conflicts = report.get("conflicts", 0)
            noun = "konflikt" if conflicts == 1 else "konflikter"
            result = (
                f"{report.get('added', 0)} tilføjet, {report.get('updated', 0)} opdateret, "
                f"{report.get('unchanged', 0)} uændret, {conflicts} {noun}"
            )
        rows.append(
            {
                "id": str(entry.get("seq", "")),
                "entry": entry,
                "cells": (
                    stamp_text(entry.get("at", "")),
                    direction,
                    who,
                    what,
                    counts_text(entry.get("counts") or {}),
                    result,
                ),
                "tooltips": ("", "", "", "", "", f"Pakke {entry.get('bundle_id', '')}"),
            }
        )
    return rows


# -- the table model --------------------------------------------------------------------------------------


class RowsModel(QAbstractTableModel):
    """A read-only table of row dicts, each with ready `cells` (and optional `tooltips`)."""

    def __init__(self, headers: Sequence[str], parent: Any = None) -> None:
        super().__init__(parent)
        self.headers = tuple(headers)
        self._rows: list[dict[str, Any]] = []

    def set_rows(self, rows: Sequence[dict[str, Any]]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([])

    def record(self, row: int) -> dict[str, Any]:
        return self._rows[row]

    def rows(self) -> list[dict[str, Any]]:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row["cells"][index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            tips = row.get("tooltips")
            return (tips[index.column()] if tips else "") or row["cells"][index.column()] or None
        if role == RecordRole:
            return row
        return None
