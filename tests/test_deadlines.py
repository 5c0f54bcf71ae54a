"""Deadline rules of the shipped profiles against hand-computed dates.

Calendar facts used below (worked out by hand):
2026: Skærtorsdag Thu 2 Apr, Langfredag Fri 3 Apr, Påskedag Sun 5 Apr, 2. påskedag Mon 6 Apr,
Kristi Himmelfartsdag Thu 14 May, Pinsedag Sun 24 May, 2. pinsedag Mon 25 May, Grundlovsdag Fri 5 Jun
(closing day), juleaftensdag Thu 24 Dec (closing day), juledag Fri 25 Dec, 2. juledag Sat 26 Dec,
nytårsaftensdag Thu 31 Dec (closing day), nytårsdag Fri 1 Jan 2027.
2023: Store Bededag Fri 5 May (Easter 9 Apr + 26 days). 2024: would have been Fri 26 Apr - abolished.
"""

from datetime import date

import pytest

from sspdesk.deadlines import Deadline, compute_deadlines
from sspdesk.profiles import get_profile

ALBERTSLUND = get_profile("albertslund")
KOEBENHAVN = get_profile("koebenhavn")


def due(level: str, registered: date, **kwargs) -> dict[str, date | None]:
    return {d.kind: d.due for d in compute_deadlines(ALBERTSLUND, level, registered, **kwargs)}


def test_level_one_contact_within_ten_working_days_across_easter():
    # Registered Mon 30 Mar 2026: Tue 31 (1), Wed 1 Apr (2), [Thu 2 - Mon 6 Easter + weekend],
    # Tue 7 (3), Wed 8 (4), Thu 9 (5), Fri 10 (6), Mon 13 (7), Tue 14 (8), Wed 15 (9), Thu 16 Apr (10).
    assert due("I", date(2026, 3, 30)) == {"contact": date(2026, 4, 16), "follow_up": None}


def test_level_one_follow_up_is_the_next_meeting_when_known():
    result = due("I", date(2026, 3, 30), next_meeting=date(2026, 4, 28))
    assert result["follow_up"] == date(2026, 4, 28)


def test_a_meeting_before_registration_is_not_the_next_meeting():
    assert due("I", date(2026, 3, 30), next_meeting=date(2026, 3, 1))["follow_up"] is None


def test_level_one_contact_across_christmas_and_new_year():
    # Registered Mon 21 Dec 2026: Tue 22 (1), Wed 23 (2), [Thu 24 closing, Fri 25, weekend],
    # Mon 28 (3), Tue 29 (4), Wed 30 (5), [Thu 31 closing, Fri 1 Jan, weekend],
    # Mon 4 (6), Tue 5 (7), Wed 6 (8), Thu 7 (9), Fri 8 Jan 2027 (10).
    assert due("I", date(2026, 12, 21))["contact"] == date(2027, 1, 8)


def test_level_two_deadlines_across_easter():
    # Registered Mon 30 Mar 2026. 7 working days: Tue 31 (1), Wed 1 (2), [Easter], Tue 7 (3),
    # Wed 8 (4), Thu 9 (5), Fri 10 (6), Mon 13 Apr (7).
    # Handleplan: 7 dage = Mon 6 Apr (calendar days, even on 2. påskedag); 3 uger = Mon 20 Apr.
    assert due("II", date(2026, 3, 30)) == {
        "case_meeting": date(2026, 4, 13),
        "contact": date(2026, 4, 13),
        "action_plan_temporary": date(2026, 4, 6),
        "action_plan_final": date(2026, 4, 20),
    }


def test_level_two_deadlines_across_kristi_himmelfartsdag():
    # Registered Mon 11 May 2026: Tue 12 (1), Wed 13 (2), [Thu 14 Kristi Himmelfart], Fri 15 (3),
    # Mon 18 (4), Tue 19 (5), Wed 20 (6), Thu 21 May (7). 7 dage = Mon 18 May; 3 uger = Mon 1 Jun.
    assert due("II", date(2026, 5, 11)) == {
        "case_meeting": date(2026, 5, 21),
        "contact": date(2026, 5, 21),
        "action_plan_temporary": date(2026, 5, 18),
        "action_plan_final": date(2026, 6, 1),
    }


def test_level_three_deadlines_across_pinse():
    # Registered Wed 20 May 2026: Operativgruppemøde omgående = same day.
    # Contact 3 working days: Thu 21 (1), Fri 22 (2), [weekend, Mon 25 2. pinsedag], Tue 26 May (3).
    # 7 dage = Wed 27 May; 3 uger = Wed 10 Jun; Sagsmøde follow-up at the latest 6 mdr. = Fri 20 Nov.
    assert due("III", date(2026, 5, 20)) == {
        "case_meeting": date(2026, 5, 20),
        "contact": date(2026, 5, 26),
        "action_plan_temporary": date(2026, 5, 27),
        "action_plan_final": date(2026, 6, 10),
        "follow_up": date(2026, 11, 20),
    }


def test_level_three_contact_skips_grundlovsdag():
    # Registered Wed 3 Jun 2026: Thu 4 (1), [Fri 5 Grundlovsdag closing, weekend], Mon 8 (2), Tue 9 Jun (3).
    assert due("III", date(2026, 6, 3))["contact"] == date(2026, 6, 9)


def test_level_three_deadlines_across_christmas_and_new_year():
    # Registered Tue 22 Dec 2026: Wed 23 (1), [Thu 24 closing, Fri 25 juledag, weekend], Mon 28 (2),
    # Tue 29 Dec (3). 7 dage = Tue 29 Dec; 3 uger = Tue 12 Jan 2027; 6 mdr. = Tue 22 Jun 2027.
    assert due("III", date(2026, 12, 22)) == {
        "case_meeting": date(2026, 12, 22),
        "contact": date(2026, 12, 29),
        "action_plan_temporary": date(2026, 12, 29),
        "action_plan_final": date(2027, 1, 12),
        "follow_up": date(2027, 6, 22),
    }


def test_store_bededag_2023_delays_contact_but_not_in_2024():
    # 2023: registered Wed 3 May: Thu 4 (1), [Fri 5 Store Bededag, weekend], Mon 8 (2), Tue 9 May (3).
    assert due("III", date(2023, 5, 3))["contact"] == date(2023, 5, 9)
    # 2024: registered Wed 24 Apr: Thu 25 (1), Fri 26 (2, no longer a holiday), Mon 29 Apr (3).
    assert due("III", date(2024, 4, 24))["contact"] == date(2024, 4, 29)


def test_six_month_follow_up_clamps_to_end_of_february():
    # Tue 31 Aug 2027 + 6 months -> 29 Feb 2028 (leap year).
    assert due("III", date(2027, 8, 31))["follow_up"] == date(2028, 2, 29)


def test_labels_are_danish_and_name_the_youth_forum_from_16():
    young = compute_deadlines(ALBERTSLUND, "I", date(2026, 3, 30), birth=date(2012, 1, 1))
    older = compute_deadlines(ALBERTSLUND, "I", date(2026, 3, 30), birth=date(2009, 1, 1))
    assert young[-1] == Deadline("follow_up", "Opfølgning på næste Koordinationsmøde", None)
    assert older[-1].label == "Opfølgning på næste Ungekoordinationsmøde"
    assert young[0].label.startswith("Dialog med og kontakt til den unge")


def test_koebenhavn_levels_have_no_fixed_deadlines():
    assert compute_deadlines(KOEBENHAVN, "2", date(2026, 3, 30)) == []


def test_koebenhavn_ssp_plus_decision_when_turning_seventeen_and_a_half():
    # Born 10 Jan 2009 -> 17½ on 10 Jul 2026.
    (deadline,) = compute_deadlines(KOEBENHAVN, "1", date(2026, 3, 1), birth=date(2009, 1, 10))
    assert deadline == Deadline("ssp_plus", "Vurdering af overdragelse til SSP+ koordinationsgruppe", date(2026, 7, 10))


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
