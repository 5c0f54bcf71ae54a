"""København's SSP-bekymringsskabelon as a form of the case (seed 001 l.500–506): printing it.

The form is a case section ("concern", `domain/profile_forms.CONCERN_FIELDS`) saved with `cases.save_section` like
the sections of Bilag 4, so it has their history, travels in bundles with the case and is erased with it. It exists
only where the active profile has it (`Profile.concern_template`: København)."""

from __future__ import annotations

from datetime import date

from sspdesk.cases import active_profile
from sspdesk.consents import resolve_case
from sspdesk.domain.errors import Invalid
from sspdesk.domain.profile_forms import CONCERN_TITLE
from sspdesk.store import cases_repo
from sspdesk.store.vault import Vault


def concern_pdf(vault: Vault, ref: str, *, today: date | None = None) -> bytes:
    """The case's SSP-bekymringsskabelon as PDF bytes (an unsaved template prints empty, to fill in by hand);
    printing is logged. Refused outside a profile with the template and for a DKE-Journal."""
    from sspdesk.pdf.concern_pdf import concern_form_pdf  # reportlab is loaded only when a PDF is made
    from sspdesk.preferences import municipality_logo

    profile = active_profile(vault)
    if not profile.concern_template:
        raise Invalid(f"{CONCERN_TITLE} hører til profilen for København; {profile.name} har den ikke.", "kind")
    case = resolve_case(vault, ref)
    if not case.is_sag:
        raise Invalid(f"{case.number} er en DKE-Journal; {CONCERN_TITLE} hører til en sag med en person.", "kind")
    level = next((lvl.name for lvl in profile.levels if lvl.code == case.level), "")
    data = concern_form_pdf(
        case,
        cases_repo.current_sections(vault.conn, case.id),
        level_name=level,
        focus_areas=profile.focus_areas,
        municipality=vault.setting("municipality") or "",
        logo=municipality_logo(vault),
        printed=today,
    )
    with vault.transaction():
        vault.log("pdf.concern", record_kind="sag", record_id=case.id, subject_ref=case.number)
    return data
