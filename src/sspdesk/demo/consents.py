"""Demo consents: one fictional consent in every state on the demo sager, plus exchanges and information-duty
entries. Every name and number is invented (parents' CPR numbers fail the modulus-11 check that all numbers
issued before 2007 pass, and the young people's come from the demo cases)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sspdesk import cpr as cprlib
from sspdesk.cases import list_cases
from sspdesk.consents import ConsentContact, ConsentInput, create_consent, mark_signed, resolve_case, withdraw_consent
from sspdesk.domain.cases import Case
from sspdesk.domain.disclosure import SENSITIVE_TICK, Recipient
from sspdesk.information_duty import NOT_INFORMING_HINT, record_information
from sspdesk.legal_basis import ExchangeRequest, record_exchange
from sspdesk.store.cases_repo import CaseQuery
from sspdesk.store.vault import Vault

_CONTACTS = (
    ConsentContact("caseworker", "Nadia Testrup", "Social & Familie (fiktiv)", "40 00 00 05 · nt@kommune.example"),
    ConsentContact("primary", "Kasper Prøvesen", "SSP-lærer, Nordskolen (fiktiv)", "40 00 00 02 · kp@skole.example"),
    ConsentContact("secondary", "Birte Demoholm", "Lokalbetjent, Vestegnens Politi (fiktiv)", "40 00 00 01"),
    ConsentContact("secondary", "Mads Fiktivsen", "Klub Syd (fiktiv)", "40 00 00 04 · mf@klub.example"),
)
_PARENTS = ("Mette", "Jens", "Hanne", "Lars", "Susanne", "Peter")
# A tiny stand-in for the scanned, signed paper.
_DEMO_SCAN = b"%PDF-1.4\n% sspdesk demo: scanning af underskrevet samtykkeerklaering (fiktiv)\n%%EOF\n"
# The order of the states over the demo sager, oldest registration first (the ended ones need time behind them).
_STATES = ("expired", "withdrawn", "expiring", "valid", "valid", "unsigned")


def _parent_cpr(rng: random.Random) -> str:
    """A fictional CPR number of a parent born 1972–1986 that fails the modulus-11 check."""
    born = date(1972, 1, 1) + timedelta(days=rng.randrange(15 * 365))
    while True:
        digits = f"{born:%d%m%y}{rng.choice('0123')}{rng.randrange(1000):03d}"
        if sum(int(d) * w for d, w in zip(digits, (4, 3, 2, 7, 6, 5, 4, 3, 2, 1), strict=True)) % 11:
            return digits


def _input(case: Case, on: date, until: date | None, rng: random.Random) -> ConsentInput:
    adult = cprlib.age_on(case.cpr, on) >= cprlib.LEGAL_AGE
    last = case.person_name.split()[-1]
    giver_name = case.person_name if adult else f"{rng.choice(_PARENTS)} {last}"
    return ConsentInput(
        case_refs=(case.id,),
        consent_date=on,
        giver_role="young_person" if adult else "custody_holder",
        giver_name=giver_name,
        giver_cpr=case.cpr if adult else _parent_cpr(rng),
        person_name=case.person_name,
        person_cpr=case.cpr,
        contacts=_CONTACTS,
        categories=("familie", "skole", "fritid"),
        exchange_text="Oplysninger om skolegang, fravær og trivsel, fritid og klub samt familiens situation, "
        "i det omfang det er nødvendigt for den kriminalpræventive indsats.",
        valid_until=until,
    )


def _make(vault: Vault, case: Case, state: str, today: date, rng: random.Random) -> bool:
    registered = date.fromisoformat(case.registered)
    if state in ("expired", "withdrawn") and registered > today - timedelta(days=21):
        return False
    until = {"expired": today - timedelta(days=14), "expiring": today + timedelta(days=20)}.get(state)
    on = registered if state != "unsigned" else max(registered, today - timedelta(days=2))
    consent = create_consent(vault, _input(case, on, until, rng))
    if state == "unsigned":
        return True
    if state == "expiring":
        mark_signed(
            vault,
            consent.id,
            consent.cosign_required,
            None,
            today=today,
            signed_on=on,
            no_scan_reason="Originalen ligger i papirsagen hos Social & Familie (fiktiv).",
        )
    else:
        mark_signed(
            vault,
            consent.id,
            consent.cosign_required,
            _DEMO_SCAN + consent.reference.encode(),
            today=today,
            signed_on=on,
        )
    if state == "withdrawn":
        withdraw_consent(
            vault,
            consent.id,
            max(on, today - timedelta(days=7)),
            "mundtligt",
            "Forælder ringede og trak samtykket tilbage.",
            today=today,
        )
    if state == "valid":
        # The caseworker at Social & Familie is named on the consent, and school matters are within its scope.
        record_exchange(
            vault,
            ExchangeRequest(
                case.id,
                Recipient("Nadia Testrup", "Social & Familie (fiktiv)", "familieafdeling"),
                ("skole",),
                f"samtykke:{consent.id}",
                today,
                what="Fravær og trivsel i skolen",
            ),
            today=today,
        )
    return True


def fill_demo_consents(vault: Vault, today: date | None = None) -> int:
    """Add demo consents (valid, unsigned, withdrawn, expiring, expired) to the open demo sager, with exchanges and
    information-duty entries. Call after the demo cases exist; returns the number of consents made."""
    day = today or date.today()
    rng = random.Random(2026)
    rows = sorted(list_cases(vault, CaseQuery(kind="sag", status="open")), key=lambda r: (r.registered, r.number))
    cases = [resolve_case(vault, r.id) for r in rows]
    made, states = 0, list(_STATES)
    for case in cases:
        if not states:
            break
        if _make(vault, case, states[0], day, rng):
            states.pop(0)
            made += 1
    for i, case in enumerate(cases[len(_STATES) : len(_STATES) + 4]):
        if i % 2 == 0:
            adult = cprlib.age_on(case.cpr, day) >= cprlib.LEGAL_AGE
            record_information(
                vault,
                case.id,
                "informed",
                day - timedelta(days=3),
                method="brev (Bilag 1 og 2)",
                recipients="den unge" if adult else "forældremyndighedsindehaver",
                today=day,
            )
        else:
            record_information(
                vault, case.id, "not_informed", day - timedelta(days=5), reason=NOT_INFORMING_HINT, today=day
            )
            # No consent: the SSP consultant and the local police officer talk crime prevention under § 115 –
            # school absence and the reported offence (art. 10 data, hence the sharpened tick), never for an
            # investigation.
            record_exchange(
                vault,
                ExchangeRequest(
                    case.id,
                    Recipient("Birte Demoholm", "Lokalbetjent, Vestegnens Politi (fiktiv)", "politi"),
                    ("skole", "strafbare_forhold"),
                    "Retsplejelovens § 115",
                    day - timedelta(days=4),
                    what="Skolefravær og den anmeldte episode drøftet kriminalpræventivt",
                    necessity=("necessary", "relevant", "least", SENSITIVE_TICK),
                    conditions=("not_investigation",),
                ),
                today=day,
            )
    return made
