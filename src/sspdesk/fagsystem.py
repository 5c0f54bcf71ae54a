"""Case-system export ("fagsystem"): hand chosen cases to the municipal case system for journalising.

The output is one age-encrypted file (binary age, to the case system's X25519 key in the setting
`fagsystem_recipient`) holding a ZIP archive:

    index.json            {"format": "sspdesk-fagsystem-export", "format_version": 1, "exported_at", "cases": [...]}
    <number>.json         one FagsystemDocument per case (JSON Schema: docs/fagsystem.schema.json)
    <number>.pdf          the filled DKE-Sag / DKE-Journal form

The archive is built in memory; only the encrypted file is written. A DKE-Sag needs a legal basis for the
exchange to the municipality's case system, checked like every exchange (sspdesk.legal_basis): a consent in force
today that names the recipient and covers every category, or a statutory basis given by the user with the
necessity test – without one the export is refused before anything is written. Each exported case gets a
"journalising" section version (what, when, by whom), and the export is recorded as an exchange (for a sag) and
in the audit log.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictStr

from sspdesk import cases, legal_basis
from sspdesk.bundles import ExportError
from sspdesk.bundles import crypto as age
from sspdesk.bundles.export import write_atomically
from sspdesk.domain import limits
from sspdesk.domain.dates import utc_stamp
from sspdesk.domain.disclosure import CONSENT_PREFIX, Recipient
from sspdesk.domain.errors import Invalid, NotFound
from sspdesk.store import cases_repo
from sspdesk.store.vault import Vault

SETTING_KEY = "fagsystem_recipient"
FORMAT = "sspdesk-fagsystem"
FORMAT_VERSION = 1
JOURNALISING_SECTION = "journalising"
EXCHANGE_RECIPIENT = "Fagsystemet (journalisering)"
EXCHANGE_WHAT = "Sagsskema (PDF) og sagsdata (JSON) til journalisering"

Progress = Callable[[int, int, str], None]
IsoDate = Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$")]


class FagsystemError(ExportError):
    check = "fagsystem"


# -- the JSON document ------------------------------------------------------------------------------------


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FagsystemDeadline(_Model):
    kind: StrictStr
    label: StrictStr
    due: IsoDate | None = Field(description="ISO date; null while the deadline waits for its start event")
    waits_for: StrictStr | None = Field(
        default=None, description="what an undated deadline waits for, in Danish (e.g. 'Sagsmøde'); null when dated"
    )
    status: Literal["open", "done", "closed"]


class FagsystemCase(_Model):
    id: StrictStr = Field(description="the case's UUID in sspdesk")
    number: StrictStr = Field(description="J-YYYY-NNNN (DKE-Journal) or S-YYYY-NNNN (DKE-Sag)")
    kind: Literal["journal", "sag"]
    level: StrictStr
    subject: StrictStr = Field(description="Sagens genstand")
    status: Literal["open", "closed", "raised"]
    forum: StrictStr = Field(description="Mødeforum")
    area: StrictStr
    coordinator: StrictStr
    registered: IsoDate
    closed_on: StrictStr
    from_journal: StrictStr = Field(description="for a sag raised from a journal: the journal's id, else ''")
    person_name: StrictStr | None = Field(None, description="DKE-Sag only; absent/null for a DKE-Journal")
    cpr: Annotated[str, Field(pattern=r"^\d{6}-\d{4}$")] | None = Field(None, description="DKE-Sag only")
    deadlines: list[FagsystemDeadline]
    sections: dict[str, dict[str, str]] = Field(description="current text per form section")


class FagsystemPdf(_Model):
    filename: StrictStr
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    size: int


class FagsystemDocument(_Model):
    """One case as handed to the municipal case system (the <number>.json file of the export)."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="sspdesk case-system document")
    format: Literal["sspdesk-fagsystem"]
    format_version: Literal[1]
    exported_at: StrictStr = Field(description="ISO 8601 UTC")
    exported_by: StrictStr
    municipality: StrictStr
    legal_basis: StrictStr | None = Field(description="the basis of the exchange (DKE-Sag); null for a DKE-Journal")
    case: FagsystemCase
    pdf: FagsystemPdf


def fagsystem_json_schema() -> dict[str, Any]:
    """docs/fagsystem.schema.json is exactly this (a test checks it)."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://sspdesk.invalid/schemas/fagsystem-v1.schema.json",
        **FagsystemDocument.model_json_schema(),
    }


# -- the export -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FagsystemResult:
    path: Path
    numbers: list[str]
    bytes_written: int


def recipient(vault: Vault) -> str:
    key = (vault.setting(SETTING_KEY) or "").strip()
    if not key:
        raise FagsystemError("Fagsystemets modtagernøgle er ikke sat. Indsæt den (age1…) under Indstillinger.")
    if not age.is_recipient(key):
        raise FagsystemError("Fagsystemets modtagernøgle i indstillingerne er ikke en gyldig age-nøgle (age1…).")
    return key


def exchange_recipient(vault: Vault) -> Recipient:
    """Who receives the hand-over: the municipality's own case system, where the SSP unit journalises its cases –
    the SSP side of the cooperation (party type "ssp" when the profile has it)."""
    party = "ssp" if any(p.key == "ssp" for p in legal_basis.party_types(vault)) else ""
    return Recipient(EXCHANGE_RECIPIENT, vault.setting("municipality") or "", party)


def exchange_categories(vault: Vault) -> tuple[str, ...]:
    """Every information category of the profile: the form and its data carry every section of the case, free
    text included, so nothing can be promised to be left out."""
    return tuple(c.key for c in legal_basis.info_categories(vault))


def _request(
    vault: Vault, detail: cases.CaseDetail, basis: str, on: date, necessity: Iterable[str], conditions: Iterable[str]
) -> legal_basis.ExchangeRequest:
    return legal_basis.ExchangeRequest(
        detail.id,
        exchange_recipient(vault),
        exchange_categories(vault),
        basis,
        on,
        what=EXCHANGE_WHAT,
        necessity=tuple(necessity),
        conditions=tuple(conditions),
    )


def _basis(
    vault: Vault,
    detail: cases.CaseDetail,
    given: str,
    on: date,
    necessity: Iterable[str],
    conditions: Iterable[str],
) -> tuple[legal_basis.ExchangeRequest | None, str | None]:
    """(the exchange to record, label for the document) for a sag; a journal holds no personal data and needs
    none. A consent that covers the hand-over (names the SSP/the case system, every category) comes first; else
    the basis the user gave, checked like any exchange (necessity test and conditions included)."""
    if detail.kind != "sag":
        return None, None
    recipient, categories = exchange_recipient(vault), exchange_categories(vault)
    options = legal_basis.basis_options(vault, detail.id, recipient, categories, on)
    covering = next((o for o in options if o.consent is not None and not o.refusals), None)
    if covering is not None:
        return _request(vault, detail, covering.basis, on, necessity, conditions), covering.label
    if not given.strip():
        raise FagsystemError(
            f"Sag {detail.number} har intet gyldigt samtykke, der dækker overdragelsen til fagsystemet. Angiv "
            "hjemmel for overdragelsen, fx «Retsplejelovens § 115», med nødvendighedsvurderingen."
        )
    request = _request(vault, detail, given.strip(), on, necessity, conditions)
    try:
        found = legal_basis.check_exchange(vault, request, today=on)
    except Invalid as exc:
        raise FagsystemError(f"Sag {detail.number}: {exc.message}") from exc
    return request, found.label


def _document(
    vault: Vault, detail: cases.CaseDetail, pdf_name: str, pdf: bytes, basis_label: str | None, exported_at: str
) -> dict[str, Any]:
    data = detail.to_json()
    # Views computed from the sections and the day, not records: the sections themselves go with the document.
    for derived in ("hints", "over_18", "ssp_plus_handover"):
        data.pop(derived, None)
    if detail.kind != "sag":
        data.pop("person_name", None)
        data.pop("cpr", None)
    document = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": exported_at,
        "exported_by": vault.user,
        "municipality": vault.setting("municipality") or "",
        "legal_basis": basis_label,
        "case": data,
        "pdf": {"filename": pdf_name, "sha256": hashlib.sha256(pdf).hexdigest(), "size": len(pdf)},
    }
    return FagsystemDocument.model_validate(document).model_dump(mode="json", exclude_unset=True)


def _entry_stem(detail: cases.CaseDetail) -> str:
    """The case's number as a ZIP entry name – only a valid J-/S-YYYY-NNNN number, never anything path-like."""
    try:
        return limits.safe_file_stem("cases", "number", detail.number)
    except Invalid as exc:
        raise FagsystemError(
            f"Sagen {detail.id} kan ikke overdrages: dens sagsnummer har et ugyldigt format "
            f"(«{limits.printable(detail.number[:40])}»)."
        ) from exc


def build_archive(
    vault: Vault,
    refs: Iterable[str],
    basis: str = "",
    *,
    on: date | None = None,
    progress: Progress | None = None,
    necessity: Iterable[str] = (),
    conditions: Iterable[str] = (),
) -> tuple[bytes, list[tuple[cases.CaseDetail, legal_basis.ExchangeRequest | None]]]:
    """(ZIP bytes, [(case, the exchange to record – None for a journal)]) – nothing is written."""
    necessity, conditions = tuple(necessity), tuple(conditions)
    day = on or date.today()
    exported_at = utc_stamp()
    details = []
    for ref in dict.fromkeys(refs):
        try:
            details.append(cases.get_case(vault, ref))
        except NotFound as exc:
            raise FagsystemError(exc.message) from exc
    if not details:
        raise FagsystemError("Vælg mindst én sag.")
    names = {d.id: _entry_stem(d) for d in details}  # before anything is built: ZIP entry names from valid numbers
    bases = [_basis(vault, d, basis, day, necessity, conditions) for d in details]
    buffer = io.BytesIO()
    index = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for n, (detail, (_, label)) in enumerate(zip(details, bases, strict=True)):
            if progress:
                progress(n, len(details), f"Sag {detail.number}")
            stem = names[detail.id]
            pdf = cases.case_pdf(vault, detail.id)
            document = _document(vault, detail, f"{stem}.pdf", pdf, label, exported_at)
            archive.writestr(f"{stem}.pdf", pdf)
            archive.writestr(f"{stem}.json", json.dumps(document, ensure_ascii=False, indent=2))
            index.append({"number": stem, "kind": detail.kind, "json": f"{stem}.json", "pdf": f"{stem}.pdf"})
        archive.writestr(
            "index.json",
            json.dumps(
                {
                    "format": "sspdesk-fagsystem-export",
                    "format_version": FORMAT_VERSION,
                    "exported_at": exported_at,
                    "cases": index,
                },
                ensure_ascii=False,
                indent=2,
            ),
        )
    return buffer.getvalue(), [(d, b) for d, (b, _) in zip(details, bases, strict=True)]


def fagsystem_export(
    vault: Vault,
    refs: Iterable[str],
    out: Path,
    *,
    basis: str = "",
    on: date | None = None,
    progress: Progress | None = None,
    necessity: Iterable[str] = (),
    conditions: Iterable[str] = (),
) -> FagsystemResult:
    """Export cases to the case system (see the module docstring). Raises FagsystemError (Danish message).

    `basis` (with the `necessity` ticks and the confirmed `conditions`) is used for a sag that has no consent
    covering the hand-over."""
    key = recipient(vault)
    day = on or date.today()
    archive, chosen = build_archive(
        vault, refs, basis, on=day, progress=progress, necessity=necessity, conditions=conditions
    )
    data = age.encrypt_to_recipients(archive, [key])
    out = Path(out)
    write_atomically(out, data)
    try:
        # Exchanges on a given basis first: that basis is the one that can still be refused.
        for _, request in sorted(chosen, key=lambda c: bool(c[1] and c[1].basis.startswith(CONSENT_PREFIX))):
            if request is not None:
                legal_basis.record_exchange(vault, request, today=day)
    except Invalid as exc:
        out.unlink(missing_ok=True)
        raise FagsystemError(exc.message) from exc
    when = utc_stamp()
    with vault.transaction() as conn:
        for detail, _ in chosen:
            fields = {"what": f"Overdraget til fagsystemet: {EXCHANGE_WHAT.lower()}", "when": when, "by": vault.user}
            cases_repo.add_section(conn, vault.device_id, detail.id, JOURNALISING_SECTION, fields, vault.user)
            cases_repo.reindex(conn, detail.id)
            vault.log(
                "case.fagsystem",
                record_kind=detail.kind,
                record_id=detail.id,
                subject_ref=detail.number,
                detail=out.name,
            )
    if progress:
        progress(len(chosen), len(chosen), "Færdig")
    return FagsystemResult(out, [d.number for d, _ in chosen], len(data))
