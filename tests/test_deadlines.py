"""Deadline rules of the shipped profiles against hand-computed dates – each counted from the event the seed names.

Seed: /work/shared/seeds/000_8f7052953ff2148f.txt (Albertslund, "Enkeltsagskoncept"), cited as "000 l.N".

Calendar facts used below (worked out by hand):
2026: Skærtorsdag Thu 2 Apr, Langfredag Fri 3 Apr, Påskedag Sun 5 Apr, 2. påskedag Mon 6 Apr,
Kristi Himmelfartsdag Thu 14 May, Pinsedag Sun 24 May, 2. pinsedag Mon 25 May, Grundlovsdag Fri 5 Jun
(closing day), juleaftensdag Thu 24 Dec (closing day), juledag Fri 25 Dec, 2. juledag Sat 26 Dec,
nytårsaftensdag Thu 31 Dec (closing day), nytårsdag Fri 1 Jan 2027.
2023: Store Bededag Fri 5 May (Easter 9 Apr + 26 days). 2024: would have been Fri 26 Apr - abolished.
"""

import json
from datetime import date

import pytest

from sspdesk.deadlines import CaseEvents, Deadline, compute_deadlines
from sspdesk.domain.errors import Invalid
from sspdesk.profiles import get_profile, parse_profile
from sspdesk.workdays import WorkCalendar

ALBERTSLUND = get_profile("albertslund")
KOEBENHAVN = get_profile("koebenhavn")
HANDLEPLAN_EVENTS = ("meeting:Sagsmøde", "home_visit", "meeting:Netværkssamråd")


def deadlines(level: str, registered: date, **kwargs) -> dict[str, Deadline]:
    return {d.kind: d for d in compute_deadlines(ALBERTSLUND, level, registered, **kwargs)}


def due(level: str, registered: date, **kwargs) -> dict[str, date | None]:
    return {kind: d.due for kind, d in deadlines(level, registered, **kwargs).items()}


def meetings(*held: tuple[str, date]) -> CaseEvents:
    return CaseEvents(meetings=held)


# -- level II (000 l.478–508, 277–279) ------------------------------------------------------------------------


def test_level_two_sagsmoede_is_called_within_seven_working_days_of_registration_across_easter():
    """Seed 000 l.478: "DKE eller myndighedsansvarlig sagsbehandler indkalder til Sagsmøde indenfor 7 arbejdsdage".

    The issue's example: registered Tue 31 Mar 2026. Wed 1 Apr (1), [Thu 2 Skærtorsdag, Fri 3 Langfredag, weekend,
    Mon 6 2. påskedag], Tue 7 (2), Wed 8 (3), Thu 9 (4), Fri 10 (5), [weekend], Mon 13 (6), Tue 14 Apr (7)."""
    result = deadlines("II", date(2026, 3, 31))
    assert result["case_meeting"].due == date(2026, 4, 14)
    assert result["case_meeting"].met_by == "meeting:Sagsmøde"  # met when the meeting is called, not held
    assert result["contact"].due == date(2026, 4, 14)


def test_level_two_temporary_handleplan_waits_for_the_sagsmoede_or_home_visit():
    """Seed 000 l.506–508: "sikre at der sker hjemmebesøg eller møde og udarbejde en midlertidig kriminalpræventiv
    handleplan indenfor 7 dage (endelig handleplan indenfor 3 uger)"; l.277–279: after a Netværkssamråd.

    The issue's example: registered 31.03.2026 the old code gave 07.04 (registration + 7 days) – a week before the
    Sagsmøde must even be called. Now both handleplans wait."""
    result = deadlines("II", date(2026, 3, 31))
    for kind in ("action_plan_temporary", "action_plan_final"):
        assert result[kind].due is None
        assert result[kind].waits_for == HANDLEPLAN_EVENTS
    assert result["action_plan_temporary"].due != date(2026, 4, 7)


def test_level_two_handleplans_count_from_the_sagsmoede():
    """Seed 000 l.506–508. Sagsmøde Tue 14 Apr 2026: 7 dage = Tue 21 Apr; 3 uger = Tue 5 May (both working days)."""
    result = due("II", date(2026, 3, 31), happened=meetings(("Sagsmøde", date(2026, 4, 14))))
    assert result["action_plan_temporary"] == date(2026, 4, 21)
    assert result["action_plan_final"] == date(2026, 5, 5)


def test_level_two_handleplan_counts_from_the_home_visit_when_it_comes_first():
    """Seed 000 l.506: "hjemmebesøg eller møde". Home visit Thu 9 Apr, Sagsmøde Tue 14 Apr 2026: the first event
    counts – 9 Apr + 7 dage = Thu 16 Apr; + 3 uger = Thu 30 Apr."""
    happened = CaseEvents(meetings=(("Sagsmøde", date(2026, 4, 14)),), recorded=(("home_visit", date(2026, 4, 9)),))
    result = due("II", date(2026, 3, 31), happened=happened)
    assert result["action_plan_temporary"] == date(2026, 4, 16)
    assert result["action_plan_final"] == date(2026, 4, 30)


def test_level_two_handleplan_after_a_netvaerkssamraad():
    """Seed 000 l.277–279: "Indkaldes i forbindelse med behandlingen af Niveau II og III-sager til Netværkssamråd,
    vil der på baggrund af mødet blive udarbejdet en kriminalpræventiv handleplan". Netværkssamråd Wed 22 Apr 2026:
    7 dage = Wed 29 Apr."""
    result = due("II", date(2026, 3, 31), happened=meetings(("Netværkssamråd", date(2026, 4, 22))))
    assert result["action_plan_temporary"] == date(2026, 4, 29)


def test_a_meeting_before_the_case_came_to_the_level_does_not_start_its_deadlines():
    result = due("II", date(2026, 3, 31), happened=meetings(("Sagsmøde", date(2026, 3, 2))))
    assert result["action_plan_temporary"] is None


def test_seven_days_ending_on_2_paaskedag_move_to_the_next_working_day():
    """Calendar periods ending on a closed day move (DOMAIN.md, "Arbejdsdage"). Sagsmøde Mon 30 Mar 2026:
    7 dage = Mon 6 Apr, 2. påskedag → Tue 7 Apr. 3 uger = Mon 20 Apr, a working day: stays."""
    result = due("II", date(2026, 3, 23), happened=meetings(("Sagsmøde", date(2026, 3, 30))))
    assert result["action_plan_temporary"] == date(2026, 4, 7)
    assert result["action_plan_final"] == date(2026, 4, 20)


def test_seven_days_ending_on_juleaftensdag_move_past_christmas():
    """Sagsmøde Thu 17 Dec 2026: 7 dage = Thu 24 Dec (juleaftensdag, closing day) → Fri 25 juledag, Sat 26, Sun 27 →
    Mon 28 Dec. 3 uger = Thu 7 Jan 2027, a working day."""
    result = due("II", date(2026, 12, 10), happened=meetings(("Sagsmøde", date(2026, 12, 17))))
    assert result["action_plan_temporary"] == date(2026, 12, 28)
    assert result["action_plan_final"] == date(2027, 1, 7)


def test_three_weeks_ending_on_nytaarsaftensdag_move_into_the_new_year():
    """Home visit Thu 10 Dec 2026: 3 uger = Thu 31 Dec (nytårsaftensdag, closing day) → Fri 1 Jan nytårsdag,
    weekend → Mon 4 Jan 2027. 7 dage = Thu 17 Dec, a working day."""
    happened = CaseEvents(recorded=(("home_visit", date(2026, 12, 10)),))
    result = due("II", date(2026, 12, 1), happened=happened)
    assert result["action_plan_temporary"] == date(2026, 12, 17)
    assert result["action_plan_final"] == date(2027, 1, 4)


def test_level_two_deadlines_across_kristi_himmelfartsdag():
    # Registered Mon 11 May 2026: Tue 12 (1), Wed 13 (2), [Thu 14 Kristi Himmelfart], Fri 15 (3),
    # Mon 18 (4), Tue 19 (5), Wed 20 (6), Thu 21 May (7).
    result = due("II", date(2026, 5, 11))
    assert (result["case_meeting"], result["contact"]) == (date(2026, 5, 21), date(2026, 5, 21))


# -- level III (000 l.677–678) --------------------------------------------------------------------------------


def test_level_three_follow_up_at_the_latest_six_months_after_the_operativgruppe_meeting():
    """Seed 000 l.677–678: "Efter mødet i Operativgruppen, overgår sagen til Sagsmøde, der ... sikrer opfølgning
    løbende og senest efter 6 mdr." Registered Mon 18 May 2026 (the old code: 18 Nov), Operativgruppemøde
    Wed 20 May: 6 mdr. = Fri 20 Nov 2026."""
    assert due("III", date(2026, 5, 18))["follow_up"] is None
    waiting = deadlines("III", date(2026, 5, 18))["follow_up"]
    assert waiting.waits_for == ("meeting:Operativgruppemøde",)
    result = due("III", date(2026, 5, 18), happened=meetings(("Operativgruppemøde", date(2026, 5, 20))))
    assert result["follow_up"] == date(2026, 11, 20)


def test_level_three_deadlines_after_an_operativgruppe_meeting_on_the_eve_of_grundlovsdag():
    """Operativgruppemøde Fri 29 May 2026. 7 dage = Fri 5 Jun, Grundlovsdag (closing day), weekend → Mon 8 Jun.
    3 uger = Fri 19 Jun. 6 mdr. = Sun 29 Nov → Mon 30 Nov 2026."""
    result = due("III", date(2026, 5, 27), happened=meetings(("Operativgruppemøde", date(2026, 5, 29))))
    assert result["action_plan_temporary"] == date(2026, 6, 8)
    assert result["action_plan_final"] == date(2026, 6, 19)
    assert result["follow_up"] == date(2026, 11, 30)


def test_grundlovsdag_is_a_closing_day_only_while_the_municipality_says_so():
    """The closing days are a municipal setting (DOMAIN.md): without 5 June the 7 dage end on Fri 5 Jun itself."""
    open_on_grundlovsdag = WorkCalendar([(12, 24), (12, 31)])
    result = due(
        "III",
        date(2026, 5, 27),
        happened=meetings(("Operativgruppemøde", date(2026, 5, 29))),
        calendar=open_on_grundlovsdag,
    )
    assert result["action_plan_temporary"] == date(2026, 6, 5)


def test_level_three_contact_skips_grundlovsdag():
    # Registered Wed 3 Jun 2026: Thu 4 (1), [Fri 5 Grundlovsdag closing, weekend], Mon 8 (2), Tue 9 Jun (3).
    assert due("III", date(2026, 6, 3))["contact"] == date(2026, 6, 9)


def test_level_three_contact_across_christmas_and_new_year():
    # Registered Tue 22 Dec 2026: Wed 23 (1), [Thu 24 closing, Fri 25 juledag, weekend], Mon 28 (2),
    # Tue 29 Dec (3). The Operativgruppemøde is called "omgående": the same day.
    result = due("III", date(2026, 12, 22))
    assert result["case_meeting"] == date(2026, 12, 22)
    assert result["contact"] == date(2026, 12, 29)


def test_store_bededag_2023_delays_contact_but_not_in_2024():
    # 2023: registered Wed 3 May: Thu 4 (1), [Fri 5 Store Bededag, weekend], Mon 8 (2), Tue 9 May (3).
    assert due("III", date(2023, 5, 3))["contact"] == date(2023, 5, 9)
    # 2024: registered Wed 24 Apr: Thu 25 (1), Fri 26 (2, no longer a holiday), Mon 29 Apr (3).
    assert due("III", date(2024, 4, 24))["contact"] == date(2024, 4, 29)


def test_six_month_follow_up_clamps_to_end_of_february_and_then_to_a_working_day():
    # Operativgruppemøde Tue 31 Aug 2027 + 6 months -> Tue 29 Feb 2028 (leap year), a working day.
    result = due("III", date(2027, 8, 30), happened=meetings(("Operativgruppemøde", date(2027, 8, 31))))
    assert result["follow_up"] == date(2028, 2, 29)


# -- level I (000 l.369, 426–428): two tracked steps ---------------------------------------------------------


def test_level_one_journal_goes_to_the_first_coming_koordinationsmoede():
    """Seed 000 l.369: "Sagen bringes for førstkommende Koordinationsmøde eller Ungekoordinationsmøde". Registered
    Mon 30 Mar 2026; it waits for a Koordinationsmøde until one is set with it on the agenda (Tue 28 Apr)."""
    first = deadlines("I", date(2026, 3, 30))["first_meeting"]
    assert (first.due, first.waits_for) == (None, ("meeting:Koordinationsmøde",))
    assert first.label == "Sagen bringes for førstkommende Koordinationsmøde"
    assert due("I", date(2026, 3, 30), happened=meetings(("Koordinationsmøde", date(2026, 4, 28))))[
        "first_meeting"
    ] == date(2026, 4, 28)


def test_level_one_follow_up_on_the_next_koordinationsmoede_after_the_talk_or_home_visit():
    """Seed 000 l.426–428: "Der sker opfølgning på sager, hvor der er foretaget hjemmebesøg eller afholdt samtale, på
    næste koordinationsmøde." Before the talk the step waits for it; the meeting of 28 Apr (before the talk on Mon
    4 May) is not the follow-up; the next one, Tue 26 May, is."""
    before = deadlines("I", date(2026, 3, 30), happened=meetings(("Koordinationsmøde", date(2026, 4, 28))))
    assert before["follow_up"].due is None
    assert before["follow_up"].waits_for == ("talk", "home_visit")
    talked = CaseEvents(meetings=(("Koordinationsmøde", date(2026, 4, 28)),), recorded=(("talk", date(2026, 5, 4)),))
    after_talk = deadlines("I", date(2026, 3, 30), happened=talked)["follow_up"]
    assert (after_talk.due, after_talk.waits_for) == (None, ("meeting:Koordinationsmøde",))
    both = CaseEvents(
        meetings=(("Koordinationsmøde", date(2026, 4, 28)), ("Koordinationsmøde", date(2026, 5, 26))),
        recorded=(("talk", date(2026, 5, 4)),),
    )
    assert due("I", date(2026, 3, 30), happened=both)["follow_up"] == date(2026, 5, 26)


def test_level_one_contact_within_ten_working_days_across_easter():
    """Seed 000 l.370–371: "inden 10 arbejdsdage". Registered Mon 30 Mar 2026: Tue 31 (1), Wed 1 Apr (2),
    [Thu 2 - Mon 6 Easter + weekend], Tue 7 (3), Wed 8 (4), Thu 9 (5), Fri 10 (6), Mon 13 (7), Tue 14 (8),
    Wed 15 (9), Thu 16 Apr (10)."""
    assert due("I", date(2026, 3, 30))["contact"] == date(2026, 4, 16)


def test_level_one_contact_across_christmas_and_new_year():
    # Registered Mon 21 Dec 2026: Tue 22 (1), Wed 23 (2), [Thu 24 closing, Fri 25, weekend],
    # Mon 28 (3), Tue 29 (4), Wed 30 (5), [Thu 31 closing, Fri 1 Jan, weekend],
    # Mon 4 (6), Tue 5 (7), Wed 6 (8), Thu 7 (9), Fri 8 Jan 2027 (10).
    assert due("I", date(2026, 12, 21))["contact"] == date(2027, 1, 8)


def test_labels_are_danish_and_name_the_youth_forum_from_16():
    young = deadlines("I", date(2026, 3, 30), birth=date(2012, 1, 1))
    older = deadlines("I", date(2026, 3, 30), birth=date(2009, 1, 1))
    assert young["follow_up"].label == "Opfølgning på næste Koordinationsmøde efter hjemmebesøg eller samtale"
    assert older["follow_up"].label == "Opfølgning på næste Ungekoordinationsmøde efter hjemmebesøg eller samtale"
    assert older["first_meeting"].waits_for == ("meeting:Ungekoordinationsmøde",)
    assert young["contact"].label.startswith("Dialog med og kontakt til den unge")


# -- profile data ---------------------------------------------------------------------------------------------


def test_a_rule_naming_an_unknown_event_or_forum_is_refused():
    data = ALBERTSLUND.model_dump(by_alias=True)
    data["levels"][1]["deadlines"][2]["from"] = ["hjemmebesøg"]
    with pytest.raises(Invalid, match="hjemmebesøg"):
        parse_profile(json.dumps(data))
    data["levels"][1]["deadlines"][2]["from"] = ["meeting:Kaffemøde"]
    with pytest.raises(Invalid, match="Kaffemøde"):
        parse_profile(json.dumps(data))


def test_koebenhavn_levels_have_no_fixed_deadlines():
    assert compute_deadlines(KOEBENHAVN, "2", date(2026, 3, 30)) == []


def test_koebenhavn_ssp_plus_decision_when_turning_seventeen_and_a_half():
    # Born 10 Jan 2009 -> 17½ on 10 Jul 2026.
    (deadline,) = compute_deadlines(KOEBENHAVN, "1", date(2026, 3, 1), birth=date(2009, 1, 10))
    assert (deadline.kind, deadline.due, deadline.start) == ("ssp_plus", date(2026, 7, 10), ())
    assert deadline.label == "Vurdering af overdragelse til SSP+-koordinationsgruppen"


def test_koebenhavn_new_level_three_case_at_seventeen_decides_ssp_plus_at_once():
    (deadline,) = compute_deadlines(KOEBENHAVN, "3", date(2026, 3, 1), birth=date(2009, 1, 10))
    assert deadline.due == date(2026, 3, 1)


def test_koebenhavn_ssp_plus_date_clamps_and_stops_at_eighteen():
    # Born 31 Aug 2008 -> 17½ = 31 Feb 2026 -> 28 Feb 2026.
    (deadline,) = compute_deadlines(KOEBENHAVN, "1", date(2025, 9, 1), birth=date(2008, 8, 31))
    assert deadline.due == date(2026, 2, 28)
    # Past 17½ but not 18: decide now.
    (deadline,) = compute_deadlines(KOEBENHAVN, "1", date(2026, 5, 1), birth=date(2008, 8, 31))
    assert deadline.due == date(2026, 5, 1)
    assert compute_deadlines(KOEBENHAVN, "1", date(2026, 9, 1), birth=date(2008, 8, 31)) == []


def test_unknown_level_is_refused():
    with pytest.raises(ValueError, match="intet niveau"):
        compute_deadlines(ALBERTSLUND, "4", date(2026, 3, 30))
