"""The case sections a profile adds to a DKE-Sag: København's SSP-bekymringsskabelon, what the over-18 rules ask
to be recorded, and the record of a hand-over to SSP+.

**The SSP-bekymringsskabelon (seed 001 l.500–506).** The kommissorium names the template ("tages højde for dette i
udfyldningen af SSP-bekymringsskabelonen") but does not print it. Its fields are therefore the steps the kommissorium
itself gives a concern, each label in its words with the line it comes from: the concrete concern and where it came
from (l.22–26, 240–242), the level and what it rests on (l.62–140), the holistic assessment of risk and protective
factors (l.26–28, 314–328; the eight focus areas have a section of their own), the persons responsible (l.195–196),
the concrete agreement on interventions (l.28, 322–328), the legal basis of the exchange (l.384–392) and, for a
young person between 17 and 18, the decision on SSP+ (l.222–228). The note on access requests (l.500–506) heads the
form on screen and on paper, because that is what the line asks the writer to keep in mind.

**Over 18 (seed 000 l.382, 415–418).** Whether the person is an activity-ready recipient of education benefit (then
the coordination passes to DKE) and the mentor support offered with the person's Min plan.

**Hand-over to SSP+ (seed 001 l.220–234).** Written only by `sspdesk.ssp_plus`: when, to whom, which information
categories and sections, on which basis, and the exchange that records the disclosure.
"""

from __future__ import annotations

from sspdesk.domain.forms_base import Field

CONCERN = "concern"
ADULT = "adult"
SSP_PLUS = "ssp_plus"

CONCERN_TITLE = "SSP-bekymringsskabelon"
ADULT_TITLE = "Over 18 år"
SSP_PLUS_TITLE = "Overdragelse til SSP+"

# Seed 001 l.500–506, shortened to what the writer must keep in mind.
ACCESS_NOTE = (
    "Alle borgere har ret til at søge om aktindsigt (offentlighedsloven og forvaltningsloven). Tag højde for det i "
    "udfyldningen af SSP-bekymringsskabelonen: skriv sagligt og kun det, der er nødvendigt. Myndigheden bør altid "
    "overveje at give aktindsigt i videre omfang efter princippet om meroffentlighed (FL § 10)."
)
ACCESS_NOTE_SOURCE = "001 l.500–506"

# Each label in the kommissorium's words; the line it comes from stands beside it (the hints are printed, so they
# carry no line numbers).
CONCERN_FIELDS: tuple[Field, ...] = (
    Field("dato", "Dato", kind="date"),
    # l.240–242: the SSP-lokaludvalg "videregive[r] bekymringssager til SSP-koordinationsgruppen"
    Field("modtaget_fra", "Bekymringen er videregivet af", "Fx SSP-lokaludvalg, skole, klub eller politi", kind="line"),
    # l.22–26: "Når SSP København modtager en konkret kriminalitetsbekymring …"
    Field("bekymring", "Konkret kriminalitetsbekymring", "Hvad er den konkrete kriminalitetsbekymring?"),
    # l.62–140: each level "defineret ved særlige karakteristika"
    Field("niveau_begrundelse", "Niveau og karakteristika", "Hvilke af niveauets kendetegn ses hos den unge?"),
    # l.26–28, 314–328: "helhedsorienteret vurdering af den unges risiko- og beskyttelsesfaktorer"
    Field(
        "helhedsvurdering",
        "Helhedsorienteret vurdering af den unges risiko- og beskyttelsesfaktorer",
        "Sammenfatning; de otte fokusområder skrives under Fokusområder",
    ),
    # l.195–196: "udvælges ansvarspersoner med relevant viden og handlekompetence"
    Field(
        "ansvarspersoner",
        "Ansvarspersoner",
        "Udvælges i koordinationsgruppen med relevant viden og handlekompetence",
        kind="line",
    ),
    # l.28, 322–328: "relevante indsatser koordineres og iværksættes"; "fra bekymring til konkret aftale"
    Field("aftale", "Konkret aftale", "Hvilke indsatser koordineres og iværksættes, og af hvem?"),
    # l.384–392: "Al udveksling af personoplysninger … beror på retsplejelovens § 115"
    Field(
        "hjemmel",
        "Hjemmel for udveksling af oplysninger",
        kind="choice",
        choices=("", "Retsplejelovens § 115", "Samtykke"),
    ),
    # l.222–228: "tages stilling til, om den unge er i målgruppen for videre koordinering i SSP+"
    Field(
        "ssp_plus",
        "Målgruppen for videre koordinering i SSP+",
        "Når den unge er mellem 17 og 18 år",
        kind="choice",
        choices=("", "Overdrages til SSP+", "Overdrages ikke", "Ikke aktuelt"),
    ),
)

ACTIVITY_READY = "aktivitetsparat"
ADULT_FIELDS: tuple[Field, ...] = (
    Field(
        ACTIVITY_READY,
        "Registreret som aktivitetsparat modtager af uddannelseshjælp",  # 000 l.415–418
        kind="choice",
        choices=("", "Ja", "Nej"),
    ),
    Field("koordinerende_sagsbehandler", "Koordinerende sagsbehandler", kind="line"),
    Field(
        "mentorstoette",
        "Mentorstøtte fra DKE",
        "Tilbud i forbindelse med personens Min plan",  # 000 l.382
        kind="choice",
        choices=("", "Tilbudt", "Modtaget", "Afslået", "Ikke relevant"),
    ),
    Field("min_plan", "Min plan (udarbejdes af Jobcenter)", "Hvad planen siger om indsatsen", kind="text"),
)

# The hand-over record's keys as printed; written by sspdesk.ssp_plus only (not an editable form).
SSP_PLUS_FIELDS: tuple[Field, ...] = (
    Field("dato", "Overdraget", kind="date"),
    Field("til", "Til", kind="line"),
    Field("kategorier", "Oplysninger (kategorier)", kind="line"),
    Field("afsnit", "Afsnit af sagen", kind="line"),
    Field("hjemmel", "Hjemmel", kind="line"),
    Field("udveksling", "Udveksling (id)", kind="line"),
)

PROFILE_SECTIONS = {CONCERN: CONCERN_FIELDS, ADULT: ADULT_FIELDS, SSP_PLUS: SSP_PLUS_FIELDS}
PROFILE_SECTION_NAMES = {CONCERN: CONCERN_TITLE, ADULT: ADULT_TITLE, SSP_PLUS: SSP_PLUS_TITLE}
