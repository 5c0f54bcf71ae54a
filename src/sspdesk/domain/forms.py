"""The paper forms as data: DKE-Sag (Bilag 4) and DKE-Journal (Bilag 5), plus a sag's case-flow fields.

Labels are verbatim from the forms; the hint in brackets is the form's own guidance. The GUI lays the case
editor out from these definitions, the PDF prints from them, and the services accept only these keys – so a
sag can hold only what the registration rules allow, and a journal only the items of Bilag 5.
"""

from __future__ import annotations

from sspdesk.domain.forms_base import Field as Field  # re-exported: the views and the PDFs import it from here
from sspdesk.domain.profile_forms import PROFILE_SECTION_NAMES, PROFILE_SECTIONS

# The two forms' names and a case's states, as the views and the printed forms show them.
KIND_LABELS = {"journal": "DKE-Journal", "sag": "DKE-Sag"}
CASE_STATUS_LABELS = {"open": "Åben", "closed": "Lukket", "raised": "Løftet til DKE-Sag"}

# Section keys in form order, with their printed headings.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("status", "STATUS"),
    ("indsats", "INDSATSFORLØB"),
    ("opfoelgning", "OPFØLGNING"),
    ("opfoelgning2", "EVT. 2. OPFØLGNING"),
)
SECTION_TITLES = dict(SECTIONS)

_COMMON = (
    Field("dato", "Dato", kind="date"),
    Field("ansvarlig_myndighed", "Ansvarlig myndighed", kind="line"),
    Field("koordinator", "Koordinator", kind="line"),
    Field("kontaktperson", "Evt. kontaktperson", kind="line"),
)
_DECISION = Field(
    "beslutning",
    "Beslutning",
    "Afslutning eller overlevering",
    kind="choice",
    choices=("", "Afslutning", "Overlevering"),
)

_SAG_BODY = (
    Field("familie", "Familie"),
    Field("skole", "Skole/uddannelse/job"),
    Field("fritid", "Fritid/klub"),
)
_SAG_LATER = (Field("foranstaltninger", "Foranstaltninger"), Field("andet", "Andet"))

_JOURNAL_BODY = (
    Field("adfaerd", "Adfærd og trivsel"),
    Field("risikofaktorer", "Risikofaktorer", "Konkret bekymring"),
    Field("beskyttende", "Beskyttende faktorer", "Ressourcer"),
)
_JOURNAL_LATER = (Field("dispositioner", "Dispositioner"), Field("andet", "Andet"))


def _sections(body: tuple[Field, ...], later: tuple[Field, ...]) -> dict[str, tuple[Field, ...]]:
    return {
        "status": _COMMON + body,
        "indsats": _COMMON + body + later,
        "opfoelgning": _COMMON + body + later + (_DECISION,),
        "opfoelgning2": _COMMON + body + later + (_DECISION,),
    }


SAG_SECTIONS = _sections(_SAG_BODY, _SAG_LATER)
JOURNAL_SECTIONS = _sections(_JOURNAL_BODY, _JOURNAL_LATER)

# Header fields of the forms (Mødeforum, Dato, Sagens genstand, Klassifikation are columns of the case).
SUBJECT_HINT = {
    "sag": "Bekymrende adfærd",
    "journal": "Bekymrende adfærd blandt individer og/eller grupper",
}
FORUM_HINT = {
    "sag": "Koordinationsmøde/Sagsmøde/Operativgruppemøde",
    "journal": "Koordinationsmøde/almen pædagogisk virksomhed",
}

SOURCES = (
    "Eget team",
    "Skole",
    "Klub",
    "Politiets anmeldelse",
    "Løsladelse fra institution",
    "Forældre",
    "PSP",
    "Social & Familie",
    "Andet",
)

# Kriminalitetstype of a DKE-Sag, for the statistics the leadership asks for (issue 18 item 6; seed 001 l.171–173:
# the ledergruppe hears of "generelle kriminalitetstendenser"). The kinds are the seed's own examples of the levels
# (seed 000 l.362, 454, 463–467, 587–595), grouped so each can be counted; the main one is chosen.
CRIME_TYPES = (
    "Tyveri/butikstyveri",
    "Indbrud",
    "Hærværk",
    "Ildspåsættelse",
    "Vold",
    "Trusler",
    "Røveri",
    "Euforiserende stoffer",
    "Våbenbesiddelse",
    "Bande- eller rockertilknytning",
    "Radikalisering/ekstremisme",
    "Andet",
)

# The case flow of a DKE-Sag (seed 000 ch. 2): identifikation, attestation, undersøgelse og vurdering, indsats,
# revurdering/efterværn and afslutning. Kept as a section of its own so every change has a history. A journal has
# no case flow (Bilag 5): see SAG_ONLY_SECTIONS.
FLOW_FIELDS: tuple[Field, ...] = (
    Field("kilde", "Identifikation – kilde", kind="choice", choices=("", *SOURCES)),
    Field("kriminalitetstype", "Kriminalitetstype", "Den væsentligste", kind="choice", choices=("", *CRIME_TYPES)),
    Field("sagsoplaeg", "Sagsoplæg", "Beskrivelse af bekymringen"),
    Field("godkendt_af", "Godkendt af (DKE-leder)", kind="line"),
    Field("godkendt_dato", "Godkendt dato", kind="date"),
    Field("paategning_af", "Fortsættelsespåtegnelse af", kind="line"),
    Field("paategning_dato", "Fortsættelsespåtegnelse dato", kind="date"),
    # The påtegnelse "sætter rammer for under hvilke forudsætninger sagen igangsættes" (seed 000 l.194–196): which
    # recipients and categories the exchanges may reach, until when, and other conditions (sspdesk.attestation).
    Field("paategning_modtagere", "Påtegnelsen gælder udveksling med", "Modtagertyper, adskilt af komma", kind="line"),
    Field("paategning_kategorier", "Påtegnelsen gælder oplysningerne", "Kategorier, adskilt af komma", kind="line"),
    Field("paategning_gyldig_til", "Påtegnelsen gælder til", kind="date"),
    Field("paategning_vilkaar", "Påtegnelsens vilkår", "Forudsætninger for sagens igangsættelse"),
    Field("forundersoegelse", "Forundersøgelse", "Samtale med borgeren"),
    Field("tilknytning_omsorg", "Følelsesmæssig tilknytning til nærmeste omsorgsgiver"),
    Field("tilknytning_netvaerk", "Tilknytning til nære sociale netværk og samfund"),
    Field("ressourcer_motivation", "Ressourcer og motivation"),
    Field("maal", "Mål for eventuel indsats"),
    Field("estimeret_afslutning", "Estimeret afslutningstidspunkt", kind="date"),
    Field("risiko", "Risiko", kind="choice", choices=("", "lav", "middel", "høj")),
    # The seed writes "multible" (000 l.272, 307); the Danish word is "multipel", plural "multiple" (Retskrivnings-
    # ordbogen), as the underretning reason says. A case saved with the old spelling keeps and shows it.
    Field("behov", "Behov", kind="choice", choices=("", "enkle", "multiple")),
    Field("modtagelighed", "Modtagelighed", "Kognitive egenskaber"),
    Field("handleplan_midlertidig", "Midlertidig handleplan", kind="date"),
    Field("handleplan_endelig", "Endelig handleplan", kind="date"),
    Field("revurdering", "Revurdering"),
    Field("eftervaern", "Efterværn"),
)

# Only a sag may hold health information; it is marked sensitive and every view of it is logged.
SAG_EXTRA_FIELDS: tuple[Field, ...] = (
    Field("sociale_foranstaltninger", "Sociale foranstaltninger"),
    Field("sundhed", "Sundhedsoplysninger", "Følsomme oplysninger", sensitive=True),
)

TRANSFER_CHOICES = ("Overdrages til de sociale myndigheder", "Overdrages ikke")

# Written when a case is closed (not edited afterwards); a journal leaves "overdragelse" empty.
CLOSING_FIELDS: tuple[Field, ...] = (
    Field("lukkenotat", "Lukkenotat"),
    Field("overdragelse", "Overdragelse", kind="line"),
)

# Every section of a case by its key, as the editor's tabs name them.
SECTION_NAMES = {
    "status": "Status",
    "indsats": "Indsatsforløb",
    "opfoelgning": "Opfølgning",
    "opfoelgning2": "Evt. 2. opfølgning",
    "flow": "Sagsforløb",
    "focus": "Fokusområder",
    "closing": "Lukning",
    "handleplan": "Kriminalpræventiv handleplan",  # written only through sspdesk.action_plans
    **PROFILE_SECTION_NAMES,  # SSP-bekymringsskabelon, Over 18 år, Overdragelse til SSP+ (domain/profile_forms.py)
}


def focus_fields(areas: tuple[str, ...] | list[str]) -> tuple[Field, ...]:
    """København's focus areas, each with risk and protective factors."""
    fields: list[Field] = []
    for area in areas:
        slug = area.lower().replace(" ", "_").replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
        fields.append(Field(f"{slug}_risiko", f"{area.capitalize()} – risikofaktorer"))
        fields.append(Field(f"{slug}_beskyttende", f"{area.capitalize()} – beskyttende faktorer"))
    return tuple(fields)


# Sections only a DKE-Sag has: the case flow and København's focus areas are assessments of a person (Bilag 4,
# seed 000 ch. 2c), and the kriminalpræventiv handleplan is made for niveau II and III (l.276–279). A DKE-Journal
# holds "alene" the items of Bilag 5 (ch. 5a): its header and the four form sections; the minutes of its agenda items
# and its closing note are kept with it too.
SAG_ONLY_SECTIONS = ("flow", "focus", "handleplan", *PROFILE_SECTIONS)


def journal_allows(section: str) -> bool:
    """Whether a DKE-Journal may hold a section with this key: the GUI, the service and the bundle import ask here."""
    return section not in SAG_ONLY_SECTIONS


def journal_refusal(section: str) -> str:
    """The message when a journal is given a section only a sag has."""
    name = SECTION_NAMES.get(section, section)
    return (
        f"En DKE-Journal har ikke afsnittet {name}: det hører kun til en DKE-Sag. En journal indeholder alene "
        "oplysningerne i Bilag 5 (sagens genstand, klassifikation, ansvar og dispositioner). Løft journalen til "
        "en DKE-Sag, hvis der skal skrives et sagsforløb."
    )


def section_fields(kind: str, section: str, focus_areas: tuple[str, ...] | list[str] = ()) -> tuple[Field, ...]:
    """The allowed fields of one section of a case of `kind` ('journal' or 'sag'); KeyError for a section the
    form has not – also the case flow and focus areas of a journal."""
    if kind == "journal" and not journal_allows(section):
        raise KeyError(section)
    if section == "flow":
        return FLOW_FIELDS + SAG_EXTRA_FIELDS
    if section == "focus":
        return focus_fields(focus_areas)
    if section in PROFILE_SECTIONS:
        return PROFILE_SECTIONS[section]
    table = SAG_SECTIONS if kind == "sag" else JOURNAL_SECTIONS
    if section not in table:
        raise KeyError(section)
    return table[section]


def section_labels(kind: str, section: str, focus_areas: tuple[str, ...] | list[str] = ()) -> dict[str, str]:
    return {f.key: f.label for f in section_fields(kind, section, focus_areas)}


def field_label(key: str) -> str:
    """The form's label of a section field by its key, whichever form and section it is in (keys mean the same
    everywhere); a København focus field gets its area's label; an unknown key is returned as it is."""
    every = (*SAG_SECTIONS.values(), *JOURNAL_SECTIONS.values(), FLOW_FIELDS, SAG_EXTRA_FIELDS, CLOSING_FIELDS)
    for fields in (*every, *PROFILE_SECTIONS.values()):
        for field in fields:
            if field.key == key:
                return field.label
    for suffix, what in (("_risiko", "risikofaktorer"), ("_beskyttende", "beskyttende faktorer")):
        if key.endswith(suffix):
            return f"{key.removesuffix(suffix).replace('_', ' ').capitalize()} – {what}"
    return key
