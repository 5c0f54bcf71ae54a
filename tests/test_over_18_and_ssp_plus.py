"""Issue 18, item 5: over 18 (seed 000 l.382, 415–418) and København (seed 001 l.220–234, 500–506) through the
service layer, on real vaults: the over-18 rules on the case, the SSP-bekymringsskabelon as a section of København's
cases, and the hand-over to SSP+ from 17½ recorded as an audited exchange. Every name and number is invented."""

from __future__ import annotations

from datetime import date

import pytest

from sspdesk.cases import NewCase, get_case, register_case, save_section, section_history
from sspdesk.domain.errors import Invalid
from sspdesk.information_duty import information_letter_pdf, letter_addressees
from sspdesk.legal_basis import list_exchanges
from sspdesk.preferences import set_profile
from sspdesk.ssp_plus import handover_to_ssp_plus, handovers
from sspdesk.store import audit
from sspdesk.store.vault import Vault

TODAY = date(2026, 3, 2)
# Born 05.03.2007: 18 on 05.03.2025, so an adult on TODAY.
ADULT_CPR = "050307-4322"
# Born 05.03.2009: 17 on TODAY, 17½ on 05.09.2026 (a Saturday).
CPR_2009 = "050309-4321"
HALF_PAST_17 = date(2026, 9, 5)
TICKS = ("necessary", "relevant", "least")


def albertslund_sag(vault: Vault, cpr: str = ADULT_CPR) -> str:
    new = NewCase(level="II", subject="Indbrud i kiosk", person_name="Ida Opdigtet", cpr=cpr, registered=TODAY)
    return register_case(vault, new, today=TODAY).id


def koebenhavn_sag(vault: Vault, level: str = "2", cpr: str = CPR_2009) -> str:
    set_profile(vault, "koebenhavn")
    new = NewCase(level=level, subject="Røveri", person_name="Oskar Opdigtet", cpr=cpr, registered=TODAY)
    return register_case(vault, new, today=TODAY).id


def hand_over(vault: Vault, case_id: str, on: date, what: tuple[str, ...] = ("skole", "familie")):
    return handover_to_ssp_plus(vault, case_id, what, on, necessity=TICKS, conditions=("not_investigation",), today=on)


# -- over 18 (seed 000) --------------------------------------------------------------------------------------------


def test_activity_ready_recipient_over_18_passes_the_coordination_to_dke(vault: Vault) -> None:
    """Seed 000 l.415–418: "Er personen over 18 år og registreret som aktivitetsparat modtager af uddannelseshjælp
    overdrages koordinationskompetencen til DKE." Before: the case knew nothing of it and had no place to record it."""
    case_id = albertslund_sag(vault)
    before = get_case(vault, case_id, today=TODAY)
    assert before.adult is not None and not before.adult.coordination_passed
    assert "adult" in before.profile_sections
    assert any("aktivitetsparat" in line and "DKE" in line for line in before.adult.lines())
    save_section(vault, case_id, "adult", {"aktivitetsparat": "Ja"}, today=TODAY)
    after = get_case(vault, case_id, today=TODAY)
    assert after.adult is not None and after.adult.coordination_passed
    data = after.to_json()["over_18"]
    assert data["coordination_passed"] is True and data["coordination_to"] == "DKE"
    assert {"source": "000 l.415–418"}.items() <= data["rules"][0].items()
    assert "Koordinationskompetencen er overdraget til DKE" in " ".join(data["lines"])


def test_over_18_offers_mentor_support_with_the_min_plan(vault: Vault) -> None:
    """Seed 000 l.382: "For unge over 18 år kan ydes mentorstøtte fra DKE, som tilbud i forbindelse med personens Min
    plan, som udarbejdes af Jobcenter." Before: not offered anywhere."""
    case_id = albertslund_sag(vault)
    detail = get_case(vault, case_id, today=TODAY)
    assert detail.adult is not None
    assert any("mentorstøtte fra DKE" in line and "Min plan" in line for line in detail.adult.lines())
    save_section(vault, case_id, "adult", {"mentorstoette": "Tilbudt", "min_plan": "Ordinær uddannelse"}, today=TODAY)
    data = get_case(vault, case_id, today=TODAY).to_json()["over_18"]
    assert data["mentor"] == "Tilbudt" and "Min plan" in data["mentor_offer"]


def test_the_over_18_section_is_refused_for_a_person_under_18(vault: Vault) -> None:
    """Seed 000 l.382, 415–418 apply "for unge over 18 år": a 16-year-old's case has no Over 18 år section."""
    case_id = albertslund_sag(vault, cpr="050310-4321")
    detail = get_case(vault, case_id, today=TODAY)
    assert detail.adult is None and "adult" not in detail.profile_sections
    with pytest.raises(Invalid, match="fyldt 18 år"):
        save_section(vault, case_id, "adult", {"aktivitetsparat": "Ja"}, today=TODAY)
    assert section_history(vault, case_id, "adult") == []


def test_over_18_letters_go_to_the_person_and_consent_is_the_persons_own(vault: Vault) -> None:
    """DOMAIN.md (Bilag 1–2: "Over 18: addressed to the person"; Bilag 6: no custody holder from 18). The case and
    `cases show --json` say so; the letter to the parents is refused."""
    case_id = albertslund_sag(vault)
    data = get_case(vault, case_id, today=TODAY).to_json()["over_18"]
    assert data["letters_to"] == "young_person" and data["consent_by"] == "young_person"
    assert "ikke til forældrene" in data["lines"][0] and "personen selv" in data["lines"][1]
    assert letter_addressees(vault, case_id, today=TODAY) == ["young_person"]
    with pytest.raises(Invalid, match="ingen forældremyndighedsindehaver"):
        information_letter_pdf(vault, case_id, addressee="parents", today=TODAY)


def test_a_koebenhavn_adult_gets_the_legal_rules_but_not_albertslunds_dke_rule(vault: Vault) -> None:
    """The DKE rules are Albertslund's (seed 000); København's profile has none, so only the law's rules show."""
    case_id = koebenhavn_sag(vault, cpr=ADULT_CPR)
    detail = get_case(vault, case_id, today=TODAY)
    assert detail.adult is not None and detail.adult.rule is None
    assert "adult" not in detail.profile_sections
    assert len(detail.adult.lines()) == 2


# -- the SSP-bekymringsskabelon (seed 001 l.500–506) ---------------------------------------------------------------


def test_koebenhavn_cases_have_the_concern_template_as_a_versioned_section(vault: Vault) -> None:
    """Seed 001 l.502: "udfyldningen af SSP-bekymringsskabelonen". Before: there was no template to fill in."""
    case_id = koebenhavn_sag(vault)
    assert "concern" in get_case(vault, case_id, today=TODAY).profile_sections
    save_section(vault, case_id, "concern", {"bekymring": "Ses med ældre unge ved stationen"}, today=TODAY)
    save_section(vault, case_id, "concern", {"bekymring": "Sigtet for røveri", "hjemmel": "Retsplejelovens § 115"})
    versions = section_history(vault, case_id, "concern")
    assert [v.fields["bekymring"] for v in versions] == ["Sigtet for røveri", "Ses med ældre unge ved stationen"]
    assert get_case(vault, case_id).to_json()["sections"]["concern"]["hjemmel"] == "Retsplejelovens § 115"


def test_the_concern_template_is_refused_outside_koebenhavn(vault: Vault) -> None:
    """Seed 001 is København's kommissorium: Albertslund's cases have no SSP-bekymringsskabelon."""
    case_id = albertslund_sag(vault)
    assert "concern" not in get_case(vault, case_id, today=TODAY).profile_sections
    with pytest.raises(Invalid, match="København"):
        save_section(vault, case_id, "concern", {"bekymring": "Tyveri"})


def test_the_concern_template_takes_only_its_own_fields(vault: Vault) -> None:
    case_id = koebenhavn_sag(vault)
    with pytest.raises(Invalid, match="hører ikke til"):
        save_section(vault, case_id, "concern", {"cpr": "050309-4321"})


# -- the hand-over to SSP+ (seed 001 l.220–234) ---------------------------------------------------------------------


def test_handover_to_ssp_plus_is_refused_before_17_and_a_half(vault: Vault) -> None:
    """Seed 001 l.222–224: "Når den unge er mellem 17½ og 18 år … vurdering af, om bekymringssagen skal overdrages til
    SSP+." Before: there was no hand-over at all; now one the day before 17½ is refused and nothing is stored."""
    case_id = koebenhavn_sag(vault)
    with pytest.raises(Invalid, match=r"fyldt 17½ år \(05\.09\.2026\)") as refused:
        hand_over(vault, case_id, date(2026, 9, 4))
    assert refused.value.field == "on" and "17 år den 04.09.2026" in refused.value.message
    assert handovers(vault, case_id) == [] and list_exchanges(vault, case_id) == []


def test_handover_to_ssp_plus_records_what_to_whom_and_on_which_basis_as_an_exchange(vault: Vault) -> None:
    """Seed 001 l.230–234: the SSP+-koordinationsgruppe coordinates cases of 17½–25-year-olds; l.384–392: every
    exchange rests on Rpl. § 115. The hand-over is an audited exchange, and the case shows it."""
    case_id = koebenhavn_sag(vault)
    save_section(vault, case_id, "concern", {"bekymring": "Sigtet for røveri"}, today=TODAY)
    done = hand_over(vault, case_id, HALF_PAST_17, ("skole", "familie", "concern"))
    assert done.to == "SSP+-koordinationsgruppe" and done.on == "2026-09-05"
    assert done.categories == ("skole", "familie") and done.sections == ("concern",)
    assert done.basis == "Retsplejelovens § 115"
    (exchange,) = list_exchanges(vault, case_id)
    assert exchange.id == done.exchange_id and exchange.recipient == "SSP+-koordinationsgruppe"
    assert exchange.categories == ("skole", "familie") and exchange.basis == "Retsplejelovens § 115"
    assert exchange.necessity == TICKS and exchange.conditions == ("not_investigation",)
    actions = [entry.action for entry in audit.entries(vault.conn)]
    assert "exchange.record" in actions and "case.ssp_plus_handover" in actions
    shown = get_case(vault, case_id, today=HALF_PAST_17).to_json()["ssp_plus_handover"]
    assert shown == {
        "on": "2026-09-05",
        "to": "SSP+-koordinationsgruppe",
        "categories": ["skole", "familie"],
        "sections": ["concern"],
        "basis": "Retsplejelovens § 115",
        "exchange_id": exchange.id,
    }


def test_a_handover_without_the_necessity_test_stores_nothing(vault: Vault) -> None:
    """The disclosure is an exchange under § 115: without the necessity test it is refused as a whole."""
    case_id = koebenhavn_sag(vault)
    with pytest.raises(Invalid, match="nødvendighedsvurderingen mangler"):
        handover_to_ssp_plus(vault, case_id, ("skole",), HALF_PAST_17, today=HALF_PAST_17)
    assert handovers(vault, case_id) == [] and list_exchanges(vault, case_id) == []
    detail = get_case(vault, case_id, today=HALF_PAST_17)
    assert [d.status for d in detail.deadlines if d.kind == "ssp_plus"] == ["open"]


def test_a_handover_names_at_least_one_category_and_only_known_keys(vault: Vault) -> None:
    case_id = koebenhavn_sag(vault)
    with pytest.raises(Invalid, match="mindst én kategori"):
        hand_over(vault, case_id, HALF_PAST_17, ())
    with pytest.raises(Invalid, match="Ukendt: cpr"):
        hand_over(vault, case_id, HALF_PAST_17, ("skole", "cpr"))
    with pytest.raises(Invalid, match="ikke udfyldt"):
        hand_over(vault, case_id, HALF_PAST_17, ("skole", "concern"))


def test_turning_17_and_a_half_without_a_handover_reminds_until_one_is_recorded(vault: Vault) -> None:
    """Seed 001 l.222–224: at 17½ the case reminds ("Vurdering af overdragelse til SSP+", due on the day) and the age
    hint asks for the decision; the recorded hand-over meets the deadline and replaces the hint."""
    case_id = koebenhavn_sag(vault)
    before = get_case(vault, case_id, today=HALF_PAST_17)
    (reminder,) = [d for d in before.deadlines if d.kind == "ssp_plus"]
    assert reminder.due == "2026-09-05" and reminder.is_open
    assert any("tag stilling til, om sagen skal overdrages" in hint for hint in before.hints)
    hand_over(vault, case_id, date(2026, 9, 7))
    after = get_case(vault, case_id, today=date(2026, 9, 7))
    assert [(d.status, d.done_on) for d in after.deadlines if d.kind == "ssp_plus"] == [("done", "2026-09-07")]
    assert not any("tag stilling til" in hint for hint in after.hints)


def test_albertslund_has_no_ssp_plus(vault: Vault) -> None:
    case_id = albertslund_sag(vault)
    with pytest.raises(Invalid, match="ingen overdragelse til SSP\\+"):
        hand_over(vault, case_id, TODAY)
