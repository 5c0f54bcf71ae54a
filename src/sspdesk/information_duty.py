"""Information duty (oplysningspligt) per case, and the letter that fulfils it (Bilag 1 with Bilag 2).

The young person and/or the custody holders are told that information is registered and exchanged – unless
telling them "i alvorlig grad vil forhindre formålet med den pågående sagsbehandling" (seed 001). Either way the
case records it: when and how they were informed, or the decision not to inform and why (the reason is required).
Entries are synced records; the newest entry of a case is its current state, older ones are its history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sspdesk import cpr as cprlib
from sspdesk.cases import active_profile
from sspdesk.consents import letterhead, resolve_case
from sspdesk.domain.cases import Case
from sspdesk.domain.dates import date_text, written_date
from sspdesk.domain.errors import Invalid
from sspdesk.store import consents_repo as repo
from sspdesk.store.vault import Vault

DECISIONS = {"informed": "Orienteret", "not_informed": "Ikke orienteret (undtagelse fra oplysningspligten)"}
RECIPIENTS = ("forældremyndighedsindehaver", "den unge", "forældremyndighedsindehaver og den unge")
METHODS = ("brev (Bilag 1 og 2)", "møde", "hjemmebesøg", "telefon", "e-mail/Digital Post", "andet")
NOT_INFORMING_HINT = (
    "Orientering vil i alvorlig grad forhindre formålet med den pågående sagsbehandling og "
    "dermed være til hinder for det kriminalpræventive arbejde."
)


@dataclass(frozen=True)
class InformationEntry:
    id: str
    case_id: str
    decision: str  # informed | not_informed
    entry_date: date  # when they were informed / when it was decided not to
    recipients: str
    method: str
    reason: str
    note: str
    recorded_by: str
    created_at: str

    @property
    def label(self) -> str:
        if self.decision == "informed":
            return f"{self.recipients} orienteret {date_text(self.entry_date)} ({self.method})"
        return f"Ikke orienteret – besluttet {date_text(self.entry_date)}: {self.reason}"


def _sag(vault: Vault, case_ref: str) -> Case:
    case = resolve_case(vault, case_ref)
    if case.kind != "sag":
        raise Invalid("En DKE-Journal indeholder ingen personoplysninger; oplysningspligten gælder en DKE-Sag.", "case")
    return case


def record_information(
    vault: Vault,
    case_ref: str,
    decision: str,
    on: date,
    *,
    recipients: str = "",
    method: str = "",
    reason: str = "",
    note: str = "",
    today: date | None = None,
) -> InformationEntry:
    """Record that the family was informed (`recipients`, `method`), or the decision not to (`reason`)."""
    case = _sag(vault, case_ref)
    if decision not in DECISIONS:
        raise Invalid("Vælg om familien er orienteret, eller at den ikke orienteres.", "decision")
    if on > (today or date.today()):
        raise Invalid("Datoen ligger i fremtiden.", "on")
    recipients, method, reason = recipients.strip(), method.strip(), reason.strip()
    if decision == "informed":
        if not recipients:
            raise Invalid("Skriv hvem der er orienteret.", "recipients")
        if not method:
            raise Invalid("Skriv hvordan de er orienteret.", "method")
        reason = ""
    elif not reason:
        raise Invalid(
            f"Skriv begrundelsen for ikke at orientere den unge/forældremyndighedsindehaver, fx: {NOT_INFORMING_HINT}",
            "reason",
        )
    values = {
        "case_id": case.id,
        "decision": decision,
        "entry_date": on.isoformat(),
        "recipients": recipients,
        "method": method,
        "reason": reason,
        "note": note.strip(),
        "recorded_by": vault.user,
    }
    with vault.transaction() as conn:
        entry_id = repo.insert_information(conn, vault.device_id, values)
        vault.log(
            "information_duty.record", record_kind="sag", record_id=case.id, subject_ref=case.number, detail=decision
        )
    return next(e for e in information_entries(vault, case.id) if e.id == entry_id)


def information_entries(vault: Vault, case_ref: str) -> list[InformationEntry]:
    """A case's entries, newest first."""
    case = _sag(vault, case_ref)
    rows = repo.list_information(vault.conn, case.id)
    return [InformationEntry(**{**row, "entry_date": date.fromisoformat(row["entry_date"])}) for row in rows]


def information_status(vault: Vault, case_ref: str) -> InformationEntry | None:
    """The current entry of a case (None: nothing recorded yet – the duty is still open)."""
    entries = information_entries(vault, case_ref)
    return entries[0] if entries else None


# -- the letter (Bilag 1) and the information sheet (Bilag 2) ------------------------------------------------


def letter_values(vault: Vault, case: Case, today: date) -> dict[str, str]:
    """Placeholder values of the letter and the sheet: the municipality's settings and the case."""
    values = letterhead(vault)
    values.update(
        date=written_date(today),
        child_name=case.person_name,
        case_number=case.number,
        coordinator=case.coordinator or vault.user,
        coordinator_role=vault.setting("user_role") or "Kriminalpræventiv koordinator",
        retention_years=str(active_profile(vault).retention_years),
    )
    return values


def parent_letter_pdf(
    vault: Vault, case_ref: str, *, with_information_sheet: bool = True, today: date | None = None
) -> bytes:
    """The Bilag 1 letter to the custody holders of a young person under 18, with the Bilag 2 sheet; logged."""
    from sspdesk.pdf.consent_pdfs import fill_template
    from sspdesk.pdf.consent_pdfs import parent_letter_pdf as build
    from sspdesk.preferences import load_template, municipality_logo

    case = _sag(vault, case_ref)
    day = today or date.today()
    if cprlib.age_on(case.cpr, day) >= cprlib.LEGAL_AGE:
        raise Invalid(
            "Den unge er fyldt 18 år; brevet til forældremyndighedsindehaver bruges kun for unge under 18.", "case"
        )
    values = letter_values(vault, case, day)
    letter = fill_template(load_template("parent_letter.txt"), values)
    sheet = fill_template(load_template("information_sheet.txt"), values) if with_information_sheet else None
    data = build(letter, sheet, values["municipality"], case.number, logo=municipality_logo(vault))
    with vault.transaction():
        vault.log("pdf.parent_letter", record_kind="sag", record_id=case.id, subject_ref=case.number)
    return data
