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
    database_text_findings,
    field_findings,
    find_cpr_like,
    find_names,
    journal_findings,
    journal_text_findings,
)
from support.ssp_corpus import SSP_SENTENCES


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


# -- issue 16: normalisation and the new detectors (journal_text_findings) -----------------------------------


def kinds_and_texts(text: str, names: list[str] | None = None) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in journal_text_findings(text, JournalRules(names or []))]


@pytest.mark.parametrize(
    "text",
    [
        "CPR １２０３０５－１２３４",  # full-width digits and hyphen
        "CPR 120305\u2011\u200b1234",  # non-breaking hyphen and a zero-width space
        "CPR 12\u00a003\u00a005\u00a01234",  # non-breaking spaces
        "CPR 12.03.05\u22121234",  # minus sign
        "CPR 12/03-05 1234",  # the Danish date spelling
        "CPR 12.03.2005-1234",  # a four-digit year
        "CPR 120305\u00ad1234",  # a soft hyphen from a word processor
    ],
)
def test_cpr_numbers_in_unicode_spellings_are_found_with_spans_into_the_original(text: str) -> None:
    (finding,) = journal_text_findings(text, JournalRules())
    assert finding.kind == "cpr" and (finding.start, finding.end) == (4, len(text))
    assert finding.text == text[4:]


@pytest.mark.parametrize(
    "text",
    [
        "Hændelsen 12.03.2026 kl. 14.30",
        "Sag J-2026-0042 og S-2026-0017",
        "Beløb 1.250 kr.",
        "Reg.nr. 1234-1203051234",
        "Kontonr. 12030512345",
        "Ring på 43 64 12 00",
    ],
)
def test_event_dates_case_numbers_amounts_and_accounts_are_not_cpr_numbers(text: str) -> None:
    assert journal_text_findings(text, JournalRules()) == []


@pytest.mark.parametrize(
    "text",
    [
        "f. 06.04.2013",
        "født 6/4-13",
        "født den 6. april 2013",
        "fødselsdato 06.04.2013",
        "Født: 6.4.2013",
        "f. 060413",
    ],
)
def test_birth_dates_are_found(text: str) -> None:
    assert kinds_and_texts(f"Den unge, {text}, går i 7.b") == [("birth_date", text)]


def test_f_with_a_day_and_month_only_is_not_a_birth_date() -> None:
    assert kinds_and_texts("Aftalt f. 6/4 i klubben") == []


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("Den unge bor Hyldevej 12 med sin mor", "Hyldevej 12"),
        ("Adressen er Vestergade 4, 2. th", "Vestergade 4, 2. th"),
        ("Set ved Peter Bangs Vej 12B", "Peter Bangs Vej 12B"),
        ("bor på hyldevej 7", "hyldevej 7"),
        ("Kongsholmparken 3, st. tv.", "Kongsholmparken 3, st. tv."),
    ],
)
def test_street_addresses_with_a_house_number_are_found(text: str, address: str) -> None:
    assert kinds_and_texts(text) == [("address", address)]


@pytest.mark.parametrize(
    "text",
    ["Uro ved Hyldagerhallen", "Møde på Vestskolen kl. 14", "Vi var i Kongsholmparken 2 gange", "Vestergade 20 unge"],
)
def test_place_names_without_a_house_number_are_not_addresses(text: str) -> None:
    assert kinds_and_texts(text) == []


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("tlf 22334455", "22334455"),
        ("Mors mobil: 22 33 44 55", "22 33 44 55"),
        ("telefon +45 2233 4455", "+45 2233 4455"),
        ("nr. 22-33-44-55 (mor)", "22-33-44-55"),
    ],
)
def test_phone_numbers_given_as_a_persons_are_found(text: str, number: str) -> None:
    assert kinds_and_texts(text) == [("phone", number)]


@pytest.mark.parametrize(
    "text",
    [
        "Skolens tlf. 43 64 12 00",
        "klubben på tlf 4364 1200",
        "Ring til kontoret på tlf. 43641200",
        "SSP tlf. 43 64 99 00",
        "politiet nr. 43 86 14 48",
        "CVR-nr. 29188335",
    ],
)
def test_phone_numbers_stated_as_an_institutions_are_not_found(text: str) -> None:
    assert kinds_and_texts(text) == []


def test_a_lone_registered_name_is_refused_unless_it_is_a_common_word() -> None:
    names = ["Anton Berg", "Bo Storm"]
    assert kinds_and_texts("Anton stjæler", names) == [("name_part", "Anton")]
    assert kinds_and_texts("Bergs cykel", names) == [("name_part", "Bergs")]
    assert kinds_and_texts("Der skal bo en voksen hjemme i stormvejr", names) == []
    assert kinds_and_texts("Bo Storms cykel", names) == [("name", "Bo Storms")]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Mohammed Ali Hansen fra 7.b", "Mohammed Ali Hansen"),
        ("set sammen med Freja Nørgaard", "Freja Nørgaard"),
        ("Anne-Sofie Lund kom ikke", "Anne-Sofie Lund"),
        ("Oplæg på Peter Sabroe Skolen", "Peter Sabroe Skolen"),
    ],
)
def test_a_given_name_followed_by_a_capitalised_word_is_a_probable_name(text: str, name: str) -> None:
    (finding,) = journal_text_findings(text, JournalRules())
    assert (finding.kind, finding.text, finding.allowable) == ("probable_name", name, True)


@pytest.mark.parametrize(
    "text",
    ["Emma kom ikke i dag", "Gudstjeneste i Maria Kirke", "Mødet med Anna. Derefter gik vi", "Emil SSP-møde"],
)
def test_a_given_name_alone_or_before_a_place_word_is_not_a_probable_name(text: str) -> None:
    assert kinds_and_texts(text) == []


def test_an_allowed_phrase_drops_a_probable_name_but_never_a_cpr_number_or_registered_name() -> None:
    rules = JournalRules(["Anton Berg"], ["peter  sabroe skolen", "Anton Berg", "120305-1234"])
    text = "Peter Sabroe Skolen, Anton Berg, 120305-1234, Freja Nørgaard"
    assert [f.kind for f in journal_text_findings(text, rules)] == ["name", "cpr", "probable_name"]


def test_database_findings_are_the_context_free_kinds_only() -> None:
    text = "Freja Nørgaard f. 06.04.2013, Hyldevej 12, tlf 22334455, 120305-1234"
    assert [f.kind for f in database_text_findings(text)] == ["birth_date", "address", "phone", "cpr"]


def test_only_a_probable_name_is_allowable() -> None:
    kinds = ["cpr", "name", "name_part", "probable_name", "birth_date", "address", "phone"]
    assert [k for k in kinds if Finding(k, 0, 1, "x").allowable] == ["probable_name"]  # type: ignore[arg-type]


def test_the_journal_check_on_a_long_text_with_many_registered_names_is_fast() -> None:
    import time

    names = [f"Person{i} Efternavn{i}" for i in range(20_000)]
    rules = JournalRules(names)
    text = " ".join(SSP_SENTENCES) * 2
    journal_text_findings(text, rules)  # builds the piece index once
    began = time.perf_counter()
    for _ in range(10):
        assert journal_text_findings(text, rules) == []
    assert (time.perf_counter() - began) / 10 < 0.25


def test_fields_naming_the_professionals_may_hold_their_names_and_work_phones() -> None:
    rules = JournalRules(["Oskar Prøvesen"])
    fields = {"koordinator": "Kasper Prøvesen, tlf. 40 00 00 02", "owner": "Freja Nørgaard", "adfaerd": "Uro"}
    assert journal_findings(fields, rules) == []
    check_journal_fields(fields, rules)  # does not raise
    refused = {"kontaktperson": "Oskar Prøvesen", "koordinator": "Lise Lund, f. 06.04.2013"}
    assert [(k, f.kind) for k, f in journal_findings(refused, rules)] == [
        ("kontaktperson", "name"),
        ("koordinator", "birth_date"),
    ]
    assert [f.kind for f in field_findings("adfaerd", "Kasper Prøvesen", rules)] == ["name_part"]


def test_a_registered_name_piece_without_letters_is_not_a_name_part() -> None:
    from sspdesk.duties.minimisation import JournalRules, journal_text_findings

    rules = JournalRules(registered_names=["Anna Hansen 8"])
    assert journal_text_findings("Mødet i Område 8 blev holdt", rules) == []
    assert [f.kind for f in journal_text_findings("Hansen var der", rules)] == ["name_part"]
