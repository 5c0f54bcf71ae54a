"""Information duty (oplysningspligt) per case, and the letter that fulfils it (Bilag 1 with Bilag 2).

The young person and/or the custody holders are told that information is registered and exchanged – unless
telling them "i alvorlig grad vil forhindre formålet med den pågående sagsbehandling" (seed 001). Either way the
case records it: when and how they were informed, or the decision not to inform and why (the reason is required).
Entries are synced records; the newest entry of a case is its current state, older ones are its history.

At a level whose profile sets `always_inform_parents` (Albertslund niveau III: "Forældre underrettes i alle
tilfælde") that exception does not exist: the decision not to inform is refused, one taken before the case came to
the level no longer counts, and the missing information shows as a deadline (`sspdesk.information_deadline`).

The letter comes in two versions (`ADDRESSEES`): to the custody holders of a young person under 18, and to the
young person themself – the only one from 18, when nobody has custody, and one a younger person can be given too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sspdesk import cpr as cprlib
from sspdesk.cases import active_profile
from sspdesk.consents import letterhead, resolve_case
from sspdesk.domain.cases import Case, Deadline
from sspdesk.domain.dates import date_text, written_date
from sspdesk.domain.errors import Invalid
from sspdesk.information_deadline import always_informs, information_deadline, not_informing_refusal
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
    else:
        refusal = not_informing_refusal(active_profile(vault), case, on)
        if refusal:
            raise Invalid(refusal, "decision")
        if not reason:
            raise Invalid(
                "Skriv begrundelsen for ikke at orientere den unge/forældremyndighedsindehaver, "
                f"fx: {NOT_INFORMING_HINT}",
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


def must_inform(vault: Vault, case_ref: str) -> bool:
    """Whether the case's level allows no decision not to inform (niveau III: "Forældre underrettes i alle
    tilfælde") – for a dialog that offers only "orienteret" there."""
    return always_informs(active_profile(vault), _sag(vault, case_ref).level)


def information_deadline_of(vault: Vault, case_ref: str, *, today: date | None = None) -> Deadline | None:
    """The case's computed "Forældre skal orienteres" deadline while the information is missing, else None."""
    case = _sag(vault, case_ref)
    return information_deadline(vault.conn, active_profile(vault), case, today or date.today())


def information_status(vault: Vault, case_ref: str) -> InformationEntry | None:
    """The current entry of a case (None: nothing that counts is recorded – the duty is still open). At a level
    that always informs, a decision not to inform (taken before the case came there) no longer counts."""
    entries = information_entries(vault, case_ref)
    if entries and must_inform(vault, case_ref):
        entries = [entry for entry in entries if entry.decision == "informed"]
    return entries[0] if entries else None


# -- the letter (Bilag 1) and the information sheet (Bilag 2) ------------------------------------------------


ADDRESSEES = {"parents": "Til forældremyndighedsindehaver", "young_person": "Til den unge"}  # who, as shown
# (letter, information sheet) templates per addressee; a municipality may replace either (preferences.load_template).
TEMPLATES = {
    "parents": ("parent_letter.txt", "information_sheet.txt"),
    "young_person": ("young_person_letter.txt", "young_person_information_sheet.txt"),
}
_AUDIT_ACTIONS = {"parents": "pdf.parent_letter", "young_person": "pdf.young_person_letter"}
CUSTODY_NOTE = "Da du er under 18 år, orienteres din forældremyndighedsindehaver også om sagen."


def _adult(case: Case, on: date) -> bool:
    return cprlib.age_on(case.cpr, on) >= cprlib.LEGAL_AGE


def letter_addressees(vault: Vault, case_ref: str, *, today: date | None = None) -> list[str]:
    """Who the case's letter can go to, the default first: under 18 the custody holders (or the young person's own
    version); from 18 only the person – there is no custody."""
    case = _sag(vault, case_ref)
    return ["young_person"] if _adult(case, today or date.today()) else ["parents", "young_person"]


def letter_values(vault: Vault, case: Case, today: date) -> dict[str, str]:
    """Placeholder values of the letters and the sheets: the municipality's settings and the case."""
    values = letterhead(vault)
    values.update(
        date=written_date(today),
        child_name=case.person_name,
        first_name=case.person_name.split()[0] if case.person_name.strip() else "",
        case_number=case.number,
        coordinator=case.coordinator or vault.user,
        coordinator_role=vault.setting("user_role") or "Kriminalpræventiv koordinator",
        retention_years=str(active_profile(vault).retention_years),
        # The young person's own letter says the custody holders are told too, under 18 only (the line is left
        # out when empty).
        custody_note="" if _adult(case, today) else CUSTODY_NOTE,
    )
    return values


def information_letter_pdf(
    vault: Vault,
    case_ref: str,
    *,
    addressee: str | None = None,
    with_information_sheet: bool = True,
    today: date | None = None,
) -> bytes:
    """The Bilag 1 letter with the Bilag 2 sheet, to `addressee` ("parents" | "young_person"; default: the custody
    holders under 18, the person from 18); logged. The letter to the custody holders is refused from 18."""
    from sspdesk.pdf.consent_pdfs import fill_template
    from sspdesk.pdf.consent_pdfs import information_letter_pdf as build
    from sspdesk.preferences import load_template, municipality_logo

    case = _sag(vault, case_ref)
    day = today or date.today()
    allowed = letter_addressees(vault, case.id, today=day)
    chosen = addressee or allowed[0]
    if chosen not in ADDRESSEES:
        raise Invalid(f"Ukendt modtager af brevet: {chosen!r} (vælg parents eller young_person).", "addressee")
    if chosen not in allowed:
        raise Invalid(
            "Den unge er fyldt 18 år, så der er ingen forældremyndighedsindehaver: brevet sendes til den unge selv.",
            "addressee",
        )
    values = letter_values(vault, case, day)
    letter_name, sheet_name = TEMPLATES[chosen]
    letter = fill_template(load_template(letter_name), values)
    sheet = fill_template(load_template(sheet_name), values) if with_information_sheet else None
    data = build(letter, sheet, values["municipality"], case.number, addressee=chosen, logo=municipality_logo(vault))
    with vault.transaction():
        vault.log(_AUDIT_ACTIONS[chosen], record_kind="sag", record_id=case.id, subject_ref=case.number)
    return data
