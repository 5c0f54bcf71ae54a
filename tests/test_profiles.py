"""Classification profiles: the shipped ones, and refusal of broken files with the field named."""

import json
from datetime import date
from pathlib import Path

import pytest

from sspdesk.domain.errors import Invalid
from sspdesk.profiles import (
    DEFAULT_PROFILE_ID,
    Profile,
    builtin_profiles,
    get_profile,
    load_profile,
)
from sspdesk.resources import resource


def builtin_data(profile_id: str = "albertslund") -> dict:
    return json.loads(resource("profiles", f"{profile_id}.json").read_text(encoding="utf-8"))


def write(tmp_path: Path, data: dict | str, name: str = "test.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def refused(tmp_path: Path, data: dict | str) -> Invalid:
    with pytest.raises(Invalid) as info:
        load_profile(write(tmp_path, data))
    assert info.value.message.startswith("Profilen kan ikke bruges: ")
    return info.value


def test_both_builtin_profiles_load():
    profiles = builtin_profiles()
    assert set(profiles) == {"albertslund", "koebenhavn"}
    assert DEFAULT_PROFILE_ID == "albertslund"
    assert get_profile().id == "albertslund"


def test_albertslund_levels_match_the_enkeltsagskoncept():
    profile = get_profile("albertslund")
    assert [(lvl.code, lvl.name, lvl.record_kind, lvl.forum) for lvl in profile.levels] == [
        ("I", "Risikoadfærd", "journal", "Koordinationsmøde"),
        ("II", "Kriminalitet", "sag", "Sagsmøde"),
        ("III", "Kvalificeret kriminalitet", "sag", "Operativgruppemøde"),
    ]
    assert profile.retention_years == 5
    assert profile.level("III").always_inform_parents
    assert profile.level("II").leader_for_radicalisation and profile.level("III").leader_for_radicalisation
    assert profile.focus_areas == ()


def test_koebenhavn_has_four_levels_eight_focus_areas_and_no_invented_deadlines():
    profile = get_profile("koebenhavn")
    assert [lvl.name for lvl in profile.levels] == [
        "Tidlig bekymring",
        "Alvorlig bekymring eller førstegangskriminalitet",
        "Gentagen, alvorlig kriminalitet",
        "Personfarlig eller anden alvorlig kriminalitet",
    ]
    assert len(profile.focus_areas) == 8 and "psykisk sårbarhed" in profile.focus_areas
    assert (profile.age_range.min_age, profile.age_range.max_age) == (10, 17)
    assert all(lvl.deadlines == () for lvl in profile.levels)
    assert "ingen" in profile.note
    assert profile.age_rules.ssp_plus.from_months == 210


def test_family_section_is_invited_to_sagsmoede_only_for_under_18():
    profile = get_profile("albertslund")
    assert "Familieafsnittet" in [i.role for i in profile.invites("II", age=17)]
    assert "Familieafsnittet" not in [i.role for i in profile.invites("II", age=18)]
    assert "Familieafsnittet" in [i.role for i in profile.invites("II")]  # age unknown: show it


def test_youth_forum_replaces_koordinationsmoede_from_16():
    profile = get_profile("albertslund")
    assert profile.forum_for("I", 15) == "Koordinationsmøde"
    assert profile.forum_for("I", 16) == "Ungekoordinationsmøde"
    assert profile.forum_for("II", 17) == "Sagsmøde"  # only the forum named in the rule is replaced
    assert "UU-V" in profile.forum("Sagsmøde").youth_participants


def test_unknown_level_is_reported_in_danish():
    with pytest.raises(Invalid, match="intet niveau 'IV'"):
        get_profile("albertslund").level("IV")


def test_calendar_uses_the_profile_closing_days(tmp_path):
    data = builtin_data()
    data["closing_days"] = ["05-01"]
    profile = load_profile(write(tmp_path, data))
    calendar = profile.calendar()
    assert not calendar.is_working_day(date(2026, 5, 1))
    assert calendar.is_working_day(date(2026, 6, 5))
    assert not get_profile().calendar().is_working_day(date(2026, 6, 5))


def test_invalid_json_is_refused_with_position(tmp_path):
    error = refused(tmp_path, '{"id": "x",\n  "name": }')
    assert "ikke gyldig JSON" in error.message and "linje 2" in error.message
    assert "test.json" in error.message


def test_missing_field_is_named(tmp_path):
    data = builtin_data()
    del data["retention_years"]
    error = refused(tmp_path, data)
    assert "retention_years: feltet mangler" in error.message
    assert error.field == "retention_years"


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (0, "skal være mindst 1"),
        (400, "må højst være 366"),
        ("14", "skal være et heltal"),
        (True, "skal være et heltal"),
    ],
)
def test_an_invalid_cadence_is_refused_with_the_field_named(tmp_path, value, problem):
    data = builtin_data("koebenhavn")
    data["forums"][0]["cadence_days"] = value
    error = refused(tmp_path, data)
    assert error.field == "forums.0.cadence_days"
    assert f"forums.0.cadence_days: {problem}" in error.message


def test_unknown_unit_is_named_with_its_path(tmp_path):
    data = builtin_data()
    data["levels"][1]["deadlines"][0]["unit"] = "hours"
    error = refused(tmp_path, data)
    assert error.message.startswith("Profilen kan ikke bruges: levels.1.deadlines.0.unit: ugyldig værdi 'hours'")
    assert "working_days" in error.message


def test_duplicate_level_codes_are_refused(tmp_path):
    data = builtin_data()
    data["levels"][2]["code"] = "II"
    error = refused(tmp_path, data)
    assert "levels: niveaukode 'II' er angivet mere end én gang" in error.message


def test_duplicate_deadline_kinds_are_refused(tmp_path):
    data = builtin_data()
    data["levels"][1]["deadlines"][1]["kind"] = "case_meeting"
    assert "levels.1.deadlines: fristtype 'case_meeting'" in refused(tmp_path, data).message


def test_misspelt_key_is_refused_not_ignored(tmp_path):
    data = builtin_data()
    data["levels"][0]["deadlines"][0]["ammount"] = 10
    assert "levels.0.deadlines.0.ammount: ukendt felt" in refused(tmp_path, data).message


def test_missing_amount_is_refused_except_for_next_meeting(tmp_path):
    data = builtin_data()
    del data["levels"][0]["deadlines"][1]["amount"]  # level I: 0 is "førstkommende møde" (no amount), 1 contact
    assert "levels.0.deadlines.1: amount mangler" in refused(tmp_path, data).message


def test_negative_amount_is_refused(tmp_path):
    data = builtin_data()
    data["levels"][2]["deadlines"][1]["amount"] = -3
    assert "levels.2.deadlines.1.amount: skal være mindst 0" in refused(tmp_path, data).message


def test_number_given_as_text_is_refused(tmp_path):
    data = builtin_data()
    data["retention_years"] = "5"
    assert "retention_years: skal være et heltal" in refused(tmp_path, data).message


def test_bad_closing_day_is_named(tmp_path):
    data = builtin_data()
    data["closing_days"] = ["06-05", "13-40"]
    assert "closing_days.1: '13-40' er ikke en gyldig dato" in refused(tmp_path, data).message


def test_bad_record_kind_is_named(tmp_path):
    data = builtin_data()
    data["levels"][0]["record_kind"] = "notat"
    assert "levels.0.record_kind: ugyldig værdi 'notat'" in refused(tmp_path, data).message


def test_level_forum_must_be_listed_under_forums(tmp_path):
    data = builtin_data()
    data["levels"][0]["forum"] = "Koordinationsmode"
    error = refused(tmp_path, data)
    assert "levels.0.forum: mødeforummet 'Koordinationsmode' står ikke under forums" in error.message
    assert error.field == "levels.0.forum"


def test_ssp_plus_levels_must_exist(tmp_path):
    data = builtin_data("koebenhavn")
    data["age_rules"]["ssp_plus"]["new_case_levels"] = ["3", "5"]
    assert "age_rules.ssp_plus.new_case_levels.1: niveauet '5'" in refused(tmp_path, data).message


def test_profile_without_levels_is_refused(tmp_path):
    data = builtin_data()
    data["levels"] = []
    assert "levels: skal have mindst 1 element" in refused(tmp_path, data).message


def test_missing_file_is_reported():
    with pytest.raises(Invalid, match="findes ikke"):
        load_profile("/nonexistent/profil.json")


def test_extra_dir_profile_overrides_builtin(tmp_path):
    data = builtin_data()
    data["closing_days"] = []
    write(tmp_path, data, "albertslund.json")
    profile = get_profile("albertslund", extra_dirs=[tmp_path])
    assert profile.closing_days == ()
    assert get_profile("albertslund").closing_days != ()


def test_extra_dir_profile_must_match_its_file_name(tmp_path):
    data = builtin_data()
    data["id"] = "ishoej"
    write(tmp_path, data, "albertslund.json")
    with pytest.raises(Invalid, match="id er 'ishoej'"):
        get_profile("albertslund", extra_dirs=[tmp_path])


def test_unknown_profile_id_is_reported():
    with pytest.raises(Invalid, match="Profilen 'ukendt' findes ikke"):
        get_profile("ukendt")


def test_profiles_are_immutable():
    with pytest.raises(ValueError):
        get_profile().retention_years = 1  # type: ignore[misc]
    assert isinstance(get_profile(), Profile)
