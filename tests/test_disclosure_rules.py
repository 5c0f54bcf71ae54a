"""The statutory bases as a table: every basis × age (13, 15, 17, 18, 25) × recipient type (each default party
type) × category (a plain one and a sensitive one), each rule with the seed line it comes from.

The expectations are written out here from the seeds, not read from `disclosure.STATUTORY`, so a changed flag in
the code or the profile fails a row."""

from __future__ import annotations

from itertools import product

import pytest

from sspdesk.domain.disclosure import (
    NECESSITY,
    SENSITIVE_TICK,
    STATUTORY,
    InfoCategory,
    PartyType,
    find_statutory,
    offered_statutory,
    statutory_refusals,
)
from sspdesk.profiles import DEFAULT_CATEGORIES, DEFAULT_PARTY_TYPES

PARTIES = tuple(PartyType(**spec.model_dump()) for spec in DEFAULT_PARTY_TYPES)
CATEGORIES = tuple(InfoCategory(**spec.model_dump()) for spec in DEFAULT_CATEGORIES)
AGES = (13, 15, 17, 18, 25)
PLAIN, SENSITIVE = "skole", "sundhed"
ALL_TICKS = (*NECESSITY, SENSITIVE_TICK)
SSP_PARTNERS = {"skole", "familieafdeling", "politi", "kriminalforsorg", "fritid", "uu", "jobcenter", "ssp"}

# label -> (lowest age or None, the party types it reaches, the seed line, the reason given when it does not apply)
RULES: dict[str, tuple[int | None, set[str], str, str]] = {
    # 000 Bilag 3, § 115 stk. 1–3; 001 »Retsplejelovens § 115: Udveksling af personoplysninger«: between the
    # parties of the SSP cooperation (skole, sociale myndigheder, politi, kriminalforsorg; København adds UU and
    # jobcenter, seed 002), for crime prevention, never for investigation.
    "Retsplejelovens § 115": (None, SSP_PARTNERS, "000 Bilag 3, § 115", "dækker ikke"),
    # 000 Bilag 3, § 115 a: politiet to parents or others with similar close relations to a person over 18.
    "Retsplejelovens § 115 a": (18, {"paaroerende"}, "000 Bilag 3, § 115 a", "fyldt 18 år"),
    # 000 Bilag 3, § 114: sets up the cooperation – never a basis for an exchange.
    "Retsplejelovens § 114": (None, set(), "000 Bilag 3, § 114", "etablerer samarbejdet"),
    # 000 Bilag 6, note: »… jf. Retssikkerhedslovens § 11a, stk. 2 …«: the social authority obtains for its case.
    "Retssikkerhedslovens § 11a, stk. 2": (None, {"familieafdeling"}, "Retssikkerhedslovens § 11a", "dækker ikke"),
    # 000 Bilag 6, note: »… eller § 11c«.
    "Retssikkerhedslovens § 11c": (None, {"familieafdeling"}, "§ 11c", "dækker ikke"),
    # 000 Bilag 6, note: »… eller Integrationslovens § 50, stk. 2«: the municipality under the integration act.
    "Integrationslovens § 50, stk. 2": (None, {"jobcenter"}, "Integrationslovens § 50", "dækker ikke"),
}


def _expected(label: str, age: int, party: str) -> str | None:
    """None when the basis covers the exchange (all ticks and conditions given), else a fragment of the reason."""
    min_age, reaches, _, reason = RULES[label]
    if label == "Retsplejelovens § 114":
        return reason
    if min_age is not None and age < min_age:
        return reason
    return None if party in reaches else "dækker ikke"


ROWS = [
    pytest.param(label, age, party, category, id=f"{label}-{age}år-{party}-{category}")
    for label, age, party, category in product(RULES, AGES, sorted(p.key for p in PARTIES), (PLAIN, SENSITIVE))
]


def test_the_table_covers_every_basis_party_type_and_a_plain_and_a_sensitive_category() -> None:
    assert set(RULES) == {basis.label for basis in STATUTORY}
    assert {p.key for p in PARTIES} >= SSP_PARTNERS | {"sundhed", "paaroerende", "andet"}
    sensitivity = {c.key: c.sensitive for c in CATEGORIES}
    assert sensitivity[PLAIN] is False and sensitivity[SENSITIVE] is True
    for label, (_, _, seed, _) in RULES.items():
        basis = find_statutory(label)
        assert basis is not None and seed in basis.seed, label  # each rule names the seed line it comes from


@pytest.mark.parametrize(("label", "age", "party_key", "category"), ROWS)
def test_each_statutory_basis_covers_only_its_recipients_and_ages(
    label: str, age: int, party_key: str, category: str
) -> None:
    basis = find_statutory(label)
    assert basis is not None
    party = next(p for p in PARTIES if p.key == party_key)
    conditions = [c.key for c in basis.conditions]
    reasons = statutory_refusals(basis, age, party, [category], CATEGORIES, ALL_TICKS, conditions)
    expected = _expected(label, age, party_key)
    offered = basis in offered_statutory(age, party)
    if expected is None:
        assert reasons == [] and offered
        if category == SENSITIVE:  # art. 9/10 data need the sharpened tick as well
            without = statutory_refusals(basis, age, party, [category], CATEGORIES, tuple(NECESSITY), conditions)
            assert len(without) == 1 and "Skærpet vurdering" in without[0] and "Sundhedsoplysninger" in without[0]
        else:
            assert statutory_refusals(basis, age, party, [category], CATEGORIES, tuple(NECESSITY), conditions) == []
    else:
        assert reasons and not offered
        assert any(expected in reason for reason in reasons), reasons
        assert all(reason.startswith(label) for reason in reasons)


@pytest.mark.parametrize("basis", [b for b in STATUTORY if b.exchange_basis], ids=lambda b: b.label)
def test_every_exchange_basis_needs_the_three_ticks_and_its_conditions(basis) -> None:
    party = next(p for p in PARTIES if p.key in RULES[basis.label][1])
    age = 25
    reasons = statutory_refusals(basis, age, party, [PLAIN], CATEGORIES, (), ())
    assert reasons[0].startswith("nødvendighedsvurderingen mangler")
    assert all(text in reasons[0] for text in NECESSITY.values())
    unconfirmed = [r for r in reasons if r.startswith("betingelsen er ikke bekræftet")]
    assert len(unconfirmed) == len(basis.conditions) >= 1
    conditions = [c.key for c in basis.conditions]
    assert statutory_refusals(basis, age, party, [PLAIN], CATEGORIES, ("necessary", "relevant"), conditions) == [
        f"nødvendighedsvurderingen mangler: {NECESSITY['least']}"
    ]


def test_an_unknown_age_never_reaches_115_a() -> None:
    basis = find_statutory("Rpl. § 115 a")
    relative = next(p for p in PARTIES if p.relative)
    assert basis is not None and basis not in offered_statutory(None, relative)
    [reason] = statutory_refusals(basis, None, relative, [PLAIN], CATEGORIES, ALL_TICKS, ["police_prevention"])
    assert "ukendt alder" in reason
