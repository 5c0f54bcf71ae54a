"""Data minimisation for DKE-Journal: CPR-like numbers and registered names (all fictional)."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sspdesk.duties.minimisation import (
    Finding,
    JournalRules,
    PersonDataInJournal,
    check_journal_fields,
    find_cpr_like,
    find_names,
    journal_findings,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CPR 120305-1234 oplyst", "120305-1234"),
        ("1203051234", "1203051234"),
        ("120305 1234", "120305 1234"),
        ("120305.1234", "120305.1234"),
        ("12.03.05-1234", "12.03.05-1234"),
        ("12-03-05-1234", "12-03-05-1234"),
        ("12 03 05 1234", "12 03 05 1234"),
        ("12/03/05 1234", "12/03/05 1234"),
        ("abc1203051234x", "1203051234"),
        ("nr:120305–1234.", "120305–1234"),  # en dash from autocorrect
        ("(310205-1234)", "310205-1234"),  # impossible date, still a CPR-shaped identifier
    ],
)
def test_cpr_spellings_are_found(text, expected):
    assert [f.text for f in find_cpr_like(text)] == [expected]


def test_finding_positions_point_at_the_number():
    (finding,) = find_cpr_like("Se 120305-1234 her")
    assert finding == Finding("cpr", 3, 14, "120305-1234")


@pytest.mark.parametrize(
    "text",
    [
        "Mødet 2026-11-23 kl. 14.30",
        "Ring på 12 34 56 78",
        "Tlf. +45 12345678",
        "Journalnr. 2026-000123",
        "Kontonr. 12030512345",  # 11 digits: not a CPR number
        "Borger 3203051234",  # day 32
        "Borger 1213051234",  # month 13
        "Dato 23.11.2026, 4 elever",
        "Sagen 1203-05-1234",
    ],
)
def test_ordinary_numbers_and_dates_are_not_flagged(text):
    assert find_cpr_like(text) == []


def test_registered_name_is_found_case_insensitively_with_danish_letters():
    found = find_names("Samtale med ÅSE BÆKHØJ og hendes mor.", ["Åse Bækhøj"])
    assert [f.text for f in found] == ["ÅSE BÆKHØJ"]


def test_name_needs_word_boundaries_also_around_danish_letters():
    assert find_names("Åse Bækhøjgaard kom", ["Åse Bækhøj"]) == []
    assert find_names("xÅse Bækhøj", ["Åse Bækhøj"]) == []


def test_genitive_and_line_breaks_still_match():
    assert [f.text for f in find_names("Emil  Holts cykel", ["Emil Holt"])] == ["Emil  Holts"]
    assert [f.text for f in find_names("Emil\nHolt", ["Emil Holt"])] == ["Emil\nHolt"]
    assert find_names("Emil Holtsen", ["Emil Holt"]) == []


def test_given_name_plus_last_name_of_a_longer_name_is_found():
    names = ["Mads Emil Østergaard"]
    assert [f.text for f in find_names("Mads Østergaard udeblev", names)] == ["Mads Østergaard"]
    assert [f.text for f in find_names("Emil Østergaard udeblev", names)] == ["Emil Østergaard"]
    assert [f.text for f in find_names("Mads Emil Østergaard udeblev", names)] == ["Mads Emil Østergaard"]


def test_hyphenated_name_matches_with_space():
    assert [f.text for f in find_names("Anne Sofie Lund", ["Anne-Sofie Lund"])] == ["Anne Sofie Lund"]


def test_lone_first_name_is_not_refused_but_can_be_reported():
    names = ["Bo Kirkeby"]
    assert find_names("Der skal bo en voksen hjemme", names) == []
    parts = find_names("Der skal bo en voksen hjemme", names, single_parts=True)
    assert [(f.kind, f.text) for f in parts] == [("name_part", "bo")]
    check_journal_fields({"Adfærd og trivsel": "Der skal bo en voksen hjemme"}, JournalRules(names))  # does not raise


def test_journal_refuses_text_with_cpr_number():
    fields = {"Sagens genstand": "Uro ved stationen", "Adfærd og trivsel": "Den unge (120305-1234) udebliver"}
    with pytest.raises(PersonDataInJournal) as info:
        check_journal_fields(fields, JournalRules())
    error = info.value
    assert error.message == (
        'Feltet "Adfærd og trivsel" indeholder et CPR-nummer ("120305-1234"). '
        "En DKE-Journal må ikke indeholde personhenførbare oplysninger."
    )
    assert (error.field, error.span, error.excerpt) == ("Adfærd og trivsel", (10, 21), "120305-1234")
    assert fields[error.field][slice(*error.span)] == "120305-1234"
    assert isinstance(error, ValueError)


def test_journal_refuses_registered_name():
    with pytest.raises(PersonDataInJournal) as info:
        check_journal_fields(
            {"risk": "Ses med Jonas Vindahl om aftenen"},
            JournalRules(["Jonas Vindahl"]),
            labels={"risk": "Risikofaktorer"},
        )
    assert info.value.field == "risk"
    assert info.value.message.startswith('Feltet "Risikofaktorer" indeholder et navn ("Jonas Vindahl").')


def test_journal_reports_the_first_offending_spot():
    fields = {"a": "ok", "b": "Jonas Vindahl, 120305-1234"}
    with pytest.raises(PersonDataInJournal) as info:
        check_journal_fields(fields, JournalRules(["Jonas Vindahl"]))
    assert (info.value.field, info.value.excerpt) == ("b", "Jonas Vindahl")
    assert [(key, f.kind) for key, f in journal_findings(fields, JournalRules(["Jonas Vindahl"]))] == [
        ("b", "name"),
        ("b", "cpr"),
    ]


def test_clean_journal_passes():
    check_journal_fields(
        {"Sagens genstand": "Gruppe unge ved skolen 23.11.2026", "Dispositioner": "Skolen ringer 12 34 56 78"},
        JournalRules(["Jonas Vindahl"]),
    )


# Text around the number may be anything; the character touching it must not be a digit (else it is a
# longer number) and not a separator (else it could be read as part of a longer spelling).
joiners = st.sampled_from([*"abxæøå(),;:!?", "\n", "CPR: ", "nr."])


@st.composite
def cpr_spellings(draw) -> str:
    born = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(2025, 12, 31)))
    serial = draw(st.integers(min_value=0, max_value=9999))
    date_sep = draw(st.sampled_from(["", "-", ".", " ", "/"]))
    serial_sep = draw(st.sampled_from(["", "-", ".", " ", "–"]))
    d, m, y = f"{born.day:02d}", f"{born.month:02d}", f"{born.year % 100:02d}"
    return f"{d}{date_sep}{m}{date_sep}{y}{serial_sep}{serial:04d}"


@given(before=st.text(max_size=30), after=st.text(max_size=30), left=joiners, right=joiners, cpr=cpr_spellings())
def test_any_valid_date_cpr_embedded_in_random_text_is_found(before, after, left, right, cpr):
    text = before + left + cpr + right + after
    start = len(before) + len(left)
    assert Finding("cpr", start, start + len(cpr), cpr) in find_cpr_like(text)
