"""Routing and participants (issue 18 item 4, issue 21 item 7): the seed's rules on where a case goes and who is
called, each test named after its rule with the seed line it comes from."""

from __future__ import annotations

from datetime import timedelta

import pytest

from sspdesk.attestation import Attestation, beyond_attestation, record_attestation
from sspdesk.cases import NewCase, change_level, get_case, register_case
from sspdesk.dispositions import propose_agenda
from sspdesk.domain.disclosure import Recipient
from sspdesk.domain.errors import Invalid
from sspdesk.meetings import create_meeting
from sspdesk.preferences import set_leader_name, set_user
from sspdesk.routing import invitations_for, leader_route, set_radicalisation
from sspdesk.store import audit
from sspdesk.store.vault import Vault
from support.routing import REGISTERED, TODAY, cpr_of_age, meeting_time, sag_of_age

DKE = "Kriminalpræventiv koordinator (DKE)"
LEADER = "Leder af DKE"


def _people(proposal) -> tuple[dict[str, str], list[str]]:
    """(role -> name of those to invite, roles only offered)."""
    invited = {p.role: p.name for p in proposal.participants if not p.optional}
    return invited, [p.role for p in proposal.participants if p.optional]


# -- radicalisation -> the DKE leader -------------------------------------------------------------------------------


def test_a_radicalisation_case_is_always_brought_before_the_dke_leader(vault: Vault) -> None:
    """Seed 000 l.532–533 (and l.658–659): "Sager vedr. voldelig ideologisk radikalisering indbringes altid for DKE
    leder, i henhold til den nationale instruks" – the flag is set on the case and routes it to the leader."""
    set_leader_name(vault, "Lene Opdigtet")
    case = sag_of_age(vault, 15).case
    assert leader_route(vault, case) is None
    flagged = set_radicalisation(vault, case.number, True).case
    assert flagged.radicalisation
    route = leader_route(vault, flagged)
    assert route is not None and route.who == f"{LEADER} (Lene Opdigtet)"
    assert "indbringes altid for DKE leder" in route.text
    assert invitations_for(vault, flagged, TODAY).required[0] == LEADER
    assert [e.detail for e in audit.entries(vault.conn, action="case.radicalisation")] == ["til"]
    assert not set_radicalisation(vault, case.number, False).case.radicalisation
    assert leader_route(vault, get_case(vault, case.id).case) is None


def test_a_radicalisation_case_on_registration_proposes_the_leader_for_its_sagsmoede(vault: Vault) -> None:
    """Seed 000 l.532–533: the leader is brought in – the proposal for the case's Sagsmøde invites the leader."""
    set_leader_name(vault, "Lene Opdigtet")
    sag_of_age(vault, 15, radicalisation=True)
    invited, _offered = _people(propose_agenda(vault, "Sagsmøde", meeting_time()))
    assert invited[LEADER] == "Lene Opdigtet"


def test_a_level_without_leader_routing_does_not_route_a_flagged_journal(vault: Vault) -> None:
    """Seed 000 l.532–533 stands under niveau II and III; the profile's level I has no leader_for_radicalisation."""
    journal = register_case(vault, NewCase(level="I", subject="Tiltrækkes af radikaliserede fællesskaber"))
    flagged = set_radicalisation(vault, journal.number, True).case
    assert flagged.radicalisation and leader_route(vault, flagged) is None


def test_the_radicalisation_flag_of_a_closed_case_is_refused(vault: Vault) -> None:
    from sspdesk.cases import close_case

    case = sag_of_age(vault, 15).case
    close_case(vault, case.id, "Afsluttet", transfer="Overdrages ikke")
    with pytest.raises(Invalid):
        set_radicalisation(vault, case.number, True)


# -- 16-18+: Ungekoordinationsmøde and the extra professionals ----------------------------------------------------


def test_a_journal_of_a_16_year_old_goes_to_the_ungekoordinationsmoede_and_its_follow_up_names_it(
    vault: Vault,
) -> None:
    """Seed 000 l.243–244 ("Er personen i alderen 16-18+ behandles sagen på Ungekoordinationsmøde"), l.369 ("Sagen
    bringes for førstkommende Koordinationsmøde eller Ungekoordinationsmøde") and l.426–430 (follow-up on the next
    meeting): a DKE-Journal holds no CPR-nr., so the age given at registration chooses the forum."""
    journal = register_case(vault, NewCase(level="I", subject="Uro i klubben", age=16, registered=REGISTERED))
    assert journal.case.forum == "Ungekoordinationsmøde"
    labels = [d.label for d in journal.deadlines]
    assert "Sagen bringes for førstkommende Ungekoordinationsmøde" in labels
    assert "Opfølgning på næste Ungekoordinationsmøde efter hjemmebesøg eller samtale" in labels
    assert all("Koordinationsmøde" not in label.replace("Ungekoordinationsmøde", "") for label in labels)
    on_youth = [i.case_id for i in propose_agenda(vault, "Ungekoordinationsmøde", meeting_time()).items]
    on_ordinary = [i.case_id for i in propose_agenda(vault, "Koordinationsmøde", meeting_time()).items]
    assert journal.id in on_youth and journal.id not in on_ordinary
    younger = register_case(vault, NewCase(level="I", subject="Uro i klubben", age=15))
    assert younger.case.forum == "Koordinationsmøde"
    with pytest.raises(Invalid):
        register_case(vault, NewCase(level="I", subject="Uro i klubben", age=-1))


def test_a_sagsmoede_for_a_17_year_old_proposes_the_16_18_professionals(vault: Vault) -> None:
    """Seed 000 l.263–265 ("Er personen 16-18+, sker ... desuden indkaldelse af andre relevante fagpersoner") and
    l.724–726 (Klubområdet, Ungecenteret, Jobcenteret, UU-V, PPR, ... Koordinationsgruppen for God Løsladelse): the
    forum's youth_participants are offered for a case of 16 or more, never for a younger one."""
    sag_of_age(vault, 17)
    invited, offered = _people(propose_agenda(vault, "Sagsmøde", meeting_time()))
    for role in ("Jobcenteret", "UU-V", "Ungecenteret", "Koordinationsgruppen for God Løsladelse"):
        assert role in offered
    assert "Familieafsnittet" in invited  # still under 18 (l.249–250)
    assert "Jobcenteret" not in invited


def test_a_sagsmoede_for_a_14_year_old_offers_no_16_18_professionals_but_calls_familieafsnittet(vault: Vault) -> None:
    """Seed 000 l.249–250: "Er den unge under 18 år, sker obligatorisk indkaldelse af Familieafsnittet"."""
    case = sag_of_age(vault, 14).case
    invited, offered = _people(propose_agenda(vault, "Sagsmøde", meeting_time()))
    assert "Familieafsnittet" in invited and "Jobcenteret" not in offered
    assert "Familieafsnittet" in invitations_for(vault, case, TODAY).required


def test_a_dke_sag_of_a_20_year_old_needs_no_familieafsnittet(vault: Vault) -> None:
    """Seed 000 l.249: Familieafsnittet is called for the under-18s only."""
    called = invitations_for(vault, sag_of_age(vault, 20).case, TODAY)
    assert "Familieafsnittet" not in called.required
    assert "Myndighedsansvarlig sagsbehandler (Social & Familie)" in called.required
    assert "Jobcenteret" in called.proposed


# -- Operativgruppen ------------------------------------------------------------------------------------------------


def test_an_operativgruppe_meeting_without_cases_calls_the_standing_members_from_the_profile(vault: Vault) -> None:
    """Seed 000 l.729–753: the Operativgruppe's members (DKE, politi, Familieafsnittet, Jobcenteret, ... Dagtilbud)
    come from the profile and are all called to a fixed meeting (l.667–668: "mødes fast mindst 4 gange om året")."""
    invited, offered = _people(propose_agenda(vault, "Operativgruppemøde", meeting_time()))
    for member in ("Familieafsnittet (leder)", "Vagten (leder)", "Dagtilbud (leder)", "Beredskab (beredskabschef)"):
        assert member in invited
    assert not offered


def test_an_operativgruppe_meeting_on_a_case_offers_the_standing_members_for_dke_to_choose(vault: Vault) -> None:
    """Seed 000 l.668–670: "Her vurderer DKE i hvert tilfælde hvilke medlemmer af Operativgruppen der skal indkaldes"
    – on a level III case the members are offered unticked; the enkeltsag participants (l.757–760) are invited."""
    sag_of_age(vault, 16, level="III")
    invited, offered = _people(propose_agenda(vault, "Operativgruppemøde", meeting_time()))
    assert "Familieafsnittet (leder)" in offered and "Familieafsnittet (leder)" not in invited
    assert "Københavns Vestegns Politi (leder og fagkoordinator)" in invited
    # The same organisation is not offered twice (DKE's leader and coordinator are already invited).
    assert not any(role.startswith("Den Kriminalpræventive Enhed") for role in offered)
    detail = create_meeting(vault, "Operativgruppemøde", meeting_time()).detail
    assert "Vagten (leder)" not in [p.role for p in detail.participants]  # only offered: not taken without a choice


# -- issue 21 item 7: the user fills the DKE role ------------------------------------------------------------------


def test_the_users_own_name_fills_the_dke_role_whatever_role_they_typed(vault: Vault) -> None:
    """Issue 21 item 7: "The user's own name fills the DKE role by default" – also when the user's role in
    Indstillinger is worded otherwise than the forum's, and on the Operativgruppe's DKE coordinator role."""
    set_user(vault, "Test Koordinator", "SSP-konsulent")
    invited, _ = _people(propose_agenda(vault, "Koordinationsmøde", meeting_time()))
    assert invited[DKE] == "Test Koordinator"
    set_user(vault, "Test Koordinator", "Kriminalpræventiv koordinator")
    sag_of_age(vault, 16, level="III")
    invited, _ = _people(propose_agenda(vault, "Operativgruppemøde", meeting_time()))
    assert invited["Den Kriminalpræventive Enhed (leder og koordinator)"] == "Test Koordinator"
    assert list(invited.values()).count("Test Koordinator") == 1


# -- the DKE leader's attestation ----------------------------------------------------------------------------------


def test_the_leaders_attestation_records_its_conditions_and_an_exchange_beyond_them_warns(vault: Vault) -> None:
    """Seed 000 l.194–196: "Fortsættelsespåtegnelsen sætter rammer for under hvilke forudsætninger sagen igangsættes"
    – the recipients, categories and period are recorded, and an exchange outside them is named in a warning."""
    case = sag_of_age(vault, 15).case
    until = TODAY + timedelta(days=30)
    frame = Attestation("Lene Opdigtet", TODAY, ("Skole", "familieafdeling"), ("skole",), until, "Kun trivsel")
    recorded = record_attestation(vault, case.number, frame)
    assert recorded.recipients == ("skole", "familieafdeling") and recorded.categories == ("skole",)
    assert recorded.valid_until == until and recorded.conditions == "Kun trivsel"
    assert get_case(vault, case.id).section_fields("flow")["paategning_modtagere"] == "Skole, Familieafdeling"
    school = Recipient("", "Nordskolen (fiktiv)", "skole")
    assert beyond_attestation(vault, case.id, school, ("skole",), TODAY) == []
    police = Recipient("", "Vestegnens Politi (fiktiv)", "politi")
    warnings = beyond_attestation(vault, case.id, police, ("skole", "misbrug"), until + timedelta(days=1))
    assert len(warnings) == 3
    assert warnings[0].startswith("Modtageren (Politi) er ikke blandt")
    assert warnings[1].startswith("Misbrug er ikke blandt de oplysninger")
    assert "gjaldt til" in warnings[2]


def test_an_attestation_is_refused_on_a_journal_and_with_an_unknown_recipient(vault: Vault) -> None:
    """Seed 000 l.188–191: the attestation belongs to the DKE-Sag's case flow; a DKE-Journal has none (Bilag 5)."""
    journal = register_case(vault, NewCase(level="I", subject="Uro i klubben"))
    with pytest.raises(Invalid):
        record_attestation(vault, journal.number, Attestation("Lene Opdigtet"))
    case = sag_of_age(vault, 15).case
    with pytest.raises(Invalid, match="Ukendt modtagertype"):
        record_attestation(vault, case.number, Attestation("Lene Opdigtet", recipients=("bager",)))
    assert "flow" not in get_case(vault, case.id).sections
    assert beyond_attestation(vault, case.id, Recipient("", "", "politi"), ("misbrug",), TODAY) == []


# -- where a case goes when its level changes ----------------------------------------------------------------------


def test_a_sag_raised_to_level_iii_goes_to_the_operativgruppemoede(vault: Vault) -> None:
    """Seed 000 l.285–287: "Niveau III: ... Disse sager fordeles til Operativgruppen" – the forum follows the level."""
    case = sag_of_age(vault, 15).case
    assert case.forum == "Sagsmøde"
    raised = change_level(vault, case.id, "III", today=TODAY)
    assert raised.case.forum == "Operativgruppemøde"
    assert case.id in [i.case_id for i in propose_agenda(vault, "Operativgruppemøde", meeting_time()).items]


def test_a_flagged_journal_raised_to_a_sag_keeps_the_flag_and_goes_to_the_leader(vault: Vault) -> None:
    """Seed 000 l.532–533: the radicalisation concern stays with the case when the journal is raised to a DKE-Sag."""
    journal = register_case(vault, NewCase(level="I", subject="Tiltrækkes af radikaliserede fællesskaber"))
    set_radicalisation(vault, journal.id, True)
    sag = change_level(vault, journal.id, "II", person_name="Åse Opdigtet", cpr=cpr_of_age(15), today=TODAY)
    assert sag.case.radicalisation and leader_route(vault, sag.case) is not None
