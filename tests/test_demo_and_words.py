"""Demo and words (issue 18 item 8): the demo's cases sit at the levels the seed's examples give and no police
officer coordinates one; "multiple", "SSP+-koordinationsgruppen" and "på Ungekoordinationsmødet" as Danish writes
them; one form of address in the letter to the parents. Real vault; every name and number is invented."""

from __future__ import annotations

import io
import re
from datetime import date

from pypdf import PdfReader

from sspdesk.cases import NewCase, get_case, list_cases, register_case
from sspdesk.contacts import list_contacts
from sspdesk.cpr import age_hints
from sspdesk.deadlines import compute_deadlines
from sspdesk.demo.data import SAG_SUBJECTS, fill_demo
from sspdesk.domain.forms import FLOW_FIELDS
from sspdesk.domain.meetings import forum_definite
from sspdesk.information_duty import information_letter_pdf
from sspdesk.profiles import get_profile
from sspdesk.resources import resource

TODAY = date(2026, 3, 11)
SEED_LEVELS = {  # subject -> the level seed 000 gives such a case
    "Butikstyveri, gentagne gange": "II",  # l.452–454: gentagen kriminalitet, berigelseskriminalitet
    "Hærværk på biler": "II",  # l.464: groft hærværk
    "Indbrud i kiosk": "II",  # l.463
    "Knivbæring ved stationen": "III",  # l.592: våbenbesiddelse
    "Væbnet røveri af mobiltelefon": "III",  # l.593
    "Ildspåsættelse ved skolen": "III",  # l.589
}


def test_repeated_shoplifting_and_car_vandalism_are_level_ii_in_the_demo(vault):
    """Seed 000_8f7052953ff2148f.txt l.452–454 and 463–466 (Niveau II: gentagen kriminalitet, berigelseskriminalitet,
    groft hærværk); l.587–595 (Niveau III: våbenbesiddelse, væbnet røveri, ildspåsættelse)."""
    fill_demo(vault, TODAY)
    found = {(row.subject, row.level) for row in list_cases(vault) if row.subject in SEED_LEVELS}
    assert {subject for subject, _level in found} == set(SEED_LEVELS)
    assert found == set(SEED_LEVELS.items())
    assert {subject: level for subject, level, _crime in SAG_SUBJECTS}.items() >= SEED_LEVELS.items()


def test_no_police_officer_is_a_demo_case_coordinator(vault):
    """Seed 000_8f7052953ff2148f.txt l.397: the police officer is assigned to the school district and takes part;
    the coordination is the DKE's."""
    fill_demo(vault, TODAY)
    police = {c.name for c in list_contacts(vault) if "politi" in f"{c.role} {c.organisation}".lower()}
    assert police  # the demo has a Lokalbetjent, so the check means something
    rows = list_cases(vault)
    assert sum(bool(row.coordinator) for row in rows) >= 30  # the demo's cases have coordinators
    for row in rows:
        assert row.coordinator not in police, row.subject
        status = get_case(vault, row.id).sections.get("status")
        assert status is None or status.fields.get("koordinator", "") not in police


def test_behov_offers_multiple_in_danish_not_the_seeds_misspelling():
    """Seed 000_8f7052953ff2148f.txt l.307: "Behov (enkle, multible)" – the Danish word is "multipel", plural
    "multiple", as the underretning reason "Komplekse og/eller multiple behov" already says."""
    [behov] = [f for f in FLOW_FIELDS if f.key == "behov"]
    assert behov.choices == ("", "enkle", "multiple")
    reasons = [r.label for r in get_profile("albertslund").reasons()]
    assert "Komplekse og/eller multiple behov" in reasons


def test_a_sixteen_year_olds_case_is_treated_paa_ungekoordinationsmoedet():
    """Seed 000_8f7052953ff2148f.txt l.243: "Er personen i alderen 16-18+ behandles sagen på Ungekoordinationsmøde";
    the hint says it in the definite form."""
    hints = age_hints(date(2010, 1, 1), date(2026, 6, 1), get_profile("albertslund"))
    [hint] = [h for h in hints if h.code == "youth_forum"]
    assert hint.text == "Den unge er i alderen 16-18+: sagen behandles på Ungekoordinationsmødet."
    assert [forum_definite(n) for n in ("Sagsmøde", "Netværkssamråd", "SSP-koordinationsgruppe", "Andet forum")] == [
        "Sagsmødet",
        "Netværkssamrådet",
        "SSP-koordinationsgruppen",
        "Andet forum",
    ]


def test_the_hand_over_names_the_ssp_plus_koordinationsgruppen_spelled_one_way():
    """Seed 001_3582a40accf19465.txt l.220–232 ("SSP+ koordinationsgruppen"): a compound with an abbreviation takes
    a hyphen, as the profile's own "SSP-koordinationsgruppe" does."""
    profile = get_profile("koebenhavn")
    assert profile.age_rules.ssp_plus is not None
    assert profile.age_rules.ssp_plus.forum == "SSP+-koordinationsgruppe"
    assert profile.forum("SSP+-koordinationsgruppe") is not None
    hints = age_hints(date(2009, 1, 10), date(2026, 7, 10), profile)
    assert hints[-1].text.endswith("tag stilling til, om sagen skal overdrages til SSP+-koordinationsgruppen.")
    planned = compute_deadlines(profile, "2", date(2026, 7, 10), birth=date(2009, 1, 10))
    due = [d for d in planned if d.kind == "ssp_plus"]
    assert [d.label for d in due] == ["Vurdering af overdragelse til SSP+-koordinationsgruppen"]
    for path in resource("profiles").glob("*.json"):
        assert "SSP+ koordinationsgruppe" not in path.read_text(encoding="utf-8"), path.name


ONE_PARENT = re.compile(r"\b(du|dig|din|dit|dine|Du|Dig|Din|Dit|Dine)\b|/jer|/I\b|/jeres")


def test_the_parents_letter_speaks_to_them_in_one_form_of_address(vault):
    """Seed 000_8f7052953ff2148f.txt l.835–864 (Bilag 2) mixes "du/I", "dig/jer", "dit/jeres barn" and "dit barn";
    the letter and its information sheet say "I", "jer" and "jeres" throughout, as "Kære forældre" begins it."""
    case = register_case(
        vault,
        NewCase(
            level="II", subject="Indbrud", person_name="Åse Opdigtet", cpr="100311-4321", registered=date(2026, 3, 12)
        ),
        today=date(2026, 3, 12),
    )
    data = information_letter_pdf(vault, case.id, addressee="parents", today=date(2026, 3, 12))
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())
    assert "Kære forældre" in text and "oplyse jer om" in text and "Jeres rettigheder" in text
    assert "om jeres barn" in text and "I bestemmer selv" in text
    assert ONE_PARENT.findall(text) == []
