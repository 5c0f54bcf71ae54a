"""The demo vault: fictional data so a newcomer sees a filled program. Every name and number here is invented."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from sspdesk.cases import NewCase, change_level, close_case, register_case, save_section
from sspdesk.contacts import add_contact
from sspdesk.demo.consents import fill_demo_consents
from sspdesk.demo.groups import fill_demo_groups
from sspdesk.demo.meetings import fill_demo_meetings
from sspdesk.store.settings import set_setting
from sspdesk.store.vault import Vault
from sspdesk.vaults import create_vault

DEMO_CONTACTS = (
    ("Birte Demoholm", "Lokalbetjent", "Vestegnens Politi (fiktiv)", "40 00 00 01", "bdh@politi.example"),
    ("Jonas Demokonsulent", "SSP-konsulent", "DKE (fiktiv)", "40 00 00 06", "jd@kommune.example"),
    ("Kasper Prøvesen", "SSP-lærer/AKT-lærer", "Nordskolen (fiktiv)", "40 00 00 02", "kp@skole.example"),
    ("Lone Eksempelsen", "Skolesocialrådgiver", "Nordskolen (fiktiv)", "40 00 00 03", "le@skole.example"),
    ("Mads Fiktivsen", "Klubmedarbejder/klubsocialrådgiver", "Klub Syd (fiktiv)", "40 00 00 04", "mf@klub.example"),
    (
        "Nadia Testrup",
        "Myndighedsansvarlig sagsbehandler",
        "Social & Familie (fiktiv)",
        "40 00 00 05",
        "nt@kommune.example",
    ),
)


DEMO_AREAS = ("Nordskolen", "Sydskolen", "Vestskolen", "Midtbyen")
_FIRST = ("Oskar", "Ida", "Malthe", "Freja", "Noah", "Alma", "Viggo", "Karla", "Elias", "Luna", "Anton", "Asta")
_LAST = ("Opdigtet", "Fiktivsen", "Demosen", "Prøvesen", "Eksempelsen", "Testrup", "Påfundsen", "Digtesen")
_JOURNAL_SUBJECTS = (
    "Gruppe unge kaster med sten efter busser ved stationen",
    "Uro og hærværk i skolegården efter skoletid",
    "Bekymrende fravær og ophold sent om aftenen ved centret",
    "Graffiti og tagging på skolens gavl",
    "Konflikter mellem to grupper i klubben",
    "Deling af krænkende billeder i en klassechat",
)
# A demo sag's subject, the level the seed's examples give it and its crime type (forms.CRIME_TYPES). Seed 000:
# level II is repeated crime – berigelseskriminalitet, simpel situationel vold, salg af euforiserende stoffer
# (l.452–454), indbrud, groft hærværk, trusler (l.463–466); level III is weapons, armed robbery and arson (l.587–595).
SAG_SUBJECTS: tuple[tuple[str, str, str], ...] = (
    ("Butikstyveri, gentagne gange", "II", "Tyveri/butikstyveri"),
    ("Indbrud i kiosk", "II", "Indbrud"),
    ("Vold mod jævnaldrende", "II", "Vold"),
    ("Salg af hash ved skolen", "II", "Euforiserende stoffer"),
    ("Trusler mod lærer", "II", "Trusler"),
    ("Knivbæring ved stationen", "III", "Våbenbesiddelse"),
    ("Hærværk på biler", "II", "Hærværk"),
    ("Væbnet røveri af mobiltelefon", "III", "Røveri"),
    ("Ildspåsættelse ved skolen", "III", "Ildspåsættelse"),
)
# Who coordinates a demo case: the DKE's own consultants. A police officer takes part in the forums but never
# coordinates a case (the Lokalbetjent is a contact, DEMO_CONTACTS[0]).
DEMO_COORDINATORS = ("Demo Koordinator", "Jonas Demokonsulent")


def _demo_cpr(rng: random.Random) -> str:
    """A fictional CPR number born 2008–2013 (7th digit 4–9 means the 2000s for these years)."""
    born = date(2008, 1, 1) + timedelta(days=rng.randrange(6 * 365))
    return f"{born:%d%m%y}-{rng.choice('456789')}{rng.randrange(1000):03d}"


def _demo_specs(today: date, rng: random.Random) -> list[NewCase]:
    specs = []
    for i, subject in enumerate(_JOURNAL_SUBJECTS * 2):
        specs.append(
            NewCase(
                level="I",
                subject=subject,
                registered=today - timedelta(days=rng.randrange(3, 120)),
                area=DEMO_AREAS[i % 4],
                coordinator=rng.choice(DEMO_COORDINATORS),
            )
        )
    for i in range(18):
        subject, level, crime_type = SAG_SUBJECTS[i % len(SAG_SUBJECTS)]
        specs.append(
            NewCase(
                level=level,
                subject=subject,
                registered=today - timedelta(days=rng.randrange(1, 200)),
                area=DEMO_AREAS[i % 4],
                coordinator=rng.choice(DEMO_COORDINATORS),
                person_name=f"{rng.choice(_FIRST)} {rng.choice(_LAST)}",
                cpr=_demo_cpr(rng),
                source=rng.choice(("Politiets anmeldelse", "Skole", "Social & Familie")),
                crime_type=crime_type,
            )
        )
    # Registered in date order, as in real life, so the case numbers follow the dates.
    return sorted(specs, key=lambda spec: spec.registered or today)


def _demo_cases(vault: Vault, today: date, rng: random.Random) -> None:
    for i, spec in enumerate(_demo_specs(today, rng)):
        case = register_case(vault, spec)
        registered = spec.registered or today
        common = {"dato": registered.isoformat(), "koordinator": spec.coordinator}
        if case.kind == "journal":
            save_section(
                vault,
                case.id,
                "status",
                {
                    **common,
                    "ansvarlig_myndighed": "Skolen",
                    "adfaerd": "Eleverne virker urolige og har svært ved at indgå i fællesskabet.",
                    "risikofaktorer": "Ophold sent om aftenen uden voksne; ældre kammerater.",
                    "beskyttende": "Går til fodbold; god kontakt til klasselæreren.",
                },
            )
            continue
        save_section(
            vault,
            case.id,
            "status",
            {
                **common,
                "ansvarlig_myndighed": "Social & Familie",
                "familie": "Bor hos mor og to søskende.",
                "skole": "Går i 8. klasse; meget fravær.",
                "fritid": "Kommer i Klub Syd (fiktiv).",
            },
        )
        if i % 6 == 5 and registered < today - timedelta(days=60):
            close_case(
                vault,
                case.id,
                "Indsatsen har virket; ingen nye anmeldelser i et halvt år.",
                "Overdrages ikke",
                today=registered + timedelta(days=50),
            )
    journal = register_case(
        vault,
        NewCase(
            level="I",
            subject="Mistanke om salg af hash i skolegården",
            registered=today - timedelta(days=20),
            area="Midtbyen",
        ),
    )
    change_level(vault, journal.id, "II", person_name="Viggo Påfundsen", cpr="120309-5123", today=today)


def fill_demo(vault: Vault, today: date | None = None) -> None:
    """Add the fictional demo records to an open vault (later features add their own records here)."""
    rng = random.Random(2026)  # the same demo every time
    for name, role, organisation, phone, email in DEMO_CONTACTS:
        add_contact(vault, name, role, organisation, phone, email)
    today = today or date.today()
    _demo_cases(vault, today, rng)
    fill_demo_meetings(vault, today)
    fill_demo_consents(vault, today)
    fill_demo_groups(vault, today)


def create_demo_vault(path: Path, passphrase: str) -> Vault:
    """A new vault at `path` filled with the demo data (the program's own demo uses `demo.vault.DEMO_PASSPHRASE`)."""
    vault = create_vault(
        path,
        passphrase,
        user_name="Demo Koordinator",
        user_role="Kriminalpræventiv koordinator",
        municipality="Demo Kommune",
        check_strength=False,
    )
    with vault.transaction() as conn:
        for key, value in (
            ("areas", list(DEMO_AREAS)),
            ("municipality_address", "Demovej 1, 9999 Demoby"),
            ("municipality_phone", "40 00 00 00"),
            ("municipality_email", "ssp@demo.example"),
        ):
            set_setting(conn, key, value)
    fill_demo(vault)
    return vault
