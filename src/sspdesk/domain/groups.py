"""A group of concern's screening sheet as data (seed 001): its sections, states and how members are shown.

`sspdesk.groups` holds the rules; the editor lays the sheet out from these definitions and the PDF prints from them.
"""

from __future__ import annotations

from dataclasses import dataclass

from sspdesk.domain.forms import Field

STATUS_LABELS = {"active": "Aktiv", "followup": "Opfølgning", "closed": "Afsluttet"}
SECTIONS: dict[str, tuple[Field, ...]] = {
    "screening": (
        Field("adfaerd", "Hvordan den bekymrende adfærd kommer til udtryk",
              "Hvor, hvornår og hvad – uden navne og CPR-nr."),
        Field("dynamik", "Gruppens interne dynamik", "Fx om nogle er medløbere eller toneangivende"),
    ),
    "indsatser": (
        Field("gruppe", "Indsatser rettet mod gruppen"),
        Field("individ", "Indsatser rettet mod den enkelte"),
        Field("vurdering", "Vurdering af igangsatte tiltag",
              "Er tiltagene de rigtige, eller skal de omlægges eller suppleres?"),
    ),
}
SECTION_TITLES = {"screening": "Screening", "indsatser": "Indsatser"}


@dataclass(frozen=True)
class SagMember:
    case_id: str
    number: str
    level: str
    status: str
    role: str = ""
    person_name: str = ""  # filled only in the sag-aware view


def journal_member_text(count: int) -> str:
    """How every view and export shows the journal members: a count only."""
    if count == 0:
        return "Ingen medlemmer fra DKE-Journaler"
    return f"{count} {'medlem' if count == 1 else 'medlemmer'} fra DKE-Journaler"
