"""Consents (Bilag 6), legal basis for exchanges, the signed scan and the information duty – on a real vault."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from sspdesk.cases import NewCase, register_case
from sspdesk.consents import (
    ConsentContact,
    ConsentInput,
    attach_scan,
    consent_status,
    create_consent,
    get_consent,
    get_scan,
    list_consents,
    list_scans,
    mark_signed,
    update_consent,
    withdraw_consent,
)
from sspdesk.domain.disclosure import Recipient
from sspdesk.domain.errors import Invalid
from sspdesk.information_duty import information_entries, information_status, record_information
from sspdesk.legal_basis import ExchangeRequest, legal_basis_for, list_exchanges, record_exchange
from sspdesk.store import audit

PARENT_CPR = "010180-1239"  # fictional: fails the modulus-11 check every pre-2007 number passes
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32 + b"sspdesk-test-scan-marker"


def make_sag(vault, cpr: str = "100311-4321", name: str = "Åse Ødegård Opdigtet", registered=date(2026, 1, 5)):
    return register_case(
        vault,
        NewCase(
            level="II",
            subject="Butikstyveri",
            person_name=name,
            cpr=cpr,
            coordinator="Kasper Prøvesen",
            registered=registered,
        ),
        today=registered,
    )


def consent_input(case, on: date, **changes) -> ConsentInput:
    base = ConsentInput(
        case_refs=(case.id,),
        consent_date=on,
        giver_name="Mette Ærø Opdigtet",
        giver_cpr=PARENT_CPR,
        giver_role="custody_holder",
        person_name=case.case.person_name,
        person_cpr=case.case.cpr,
        contacts=(ConsentContact("primary", "Kasper Prøvesen", "SSP, Nordskolen (fiktiv)", "40 00 00 02"),),
        categories=("familie", "skole"),
        exchange_text="Skolegang og fravær",
    )
    return replace(base, **changes)


def signed(vault, case, on: date, **changes):
    consent = create_consent(vault, consent_input(case, on, **changes))
    return mark_signed(vault, consent.id, True, PNG + consent.reference.encode(), signed_on=on, today=on)


# -- the 15+ rule -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("on", "cosign"),
    [
        (date(2026, 3, 9), False),  # 15th birthday tomorrow
        (date(2026, 3, 10), True),  # 15th birthday today
        (date(2026, 3, 11), True),  # 15th birthday yesterday
    ],
)
def test_young_person_must_cosign_from_the_15th_birthday(vault, on: date, cosign: bool) -> None:
    case = make_sag(vault, cpr="100311-4321")  # born 10 March 2011
    consent = create_consent(vault, consent_input(case, on))
    assert consent.cosign_required is cosign
    if cosign:
        with pytest.raises(Invalid) as error:
            mark_signed(vault, consent.id, False, PNG, today=on)
        assert error.value.field == "young_person_signed" and "underskrift" in error.value.message
        assert not get_consent(vault, consent.id).is_signed
    assert mark_signed(vault, consent.id, cosign, PNG, today=on).is_signed


def test_born_29_february_turns_15_on_1_march_in_a_non_leap_year(vault) -> None:
    case = make_sag(vault, cpr="290212-4321")  # born 29 February 2012
    assert not create_consent(vault, consent_input(case, date(2027, 2, 28))).cosign_required
    assert create_consent(vault, consent_input(case, date(2027, 3, 1))).cosign_required


def test_who_gives_consent_depends_on_age(vault) -> None:
    minor = make_sag(vault, cpr="100311-4321")
    with pytest.raises(Invalid, match="under 18") as error:
        create_consent(
            vault, consent_input(minor, date(2026, 3, 1), giver_role="young_person", giver_cpr="100311-4321")
        )
    assert error.value.field == "giver_role"
    adult = make_sag(vault, cpr="050307-4321", name="Noah Fiktivsen")  # 18 on 5 March 2025
    with pytest.raises(Invalid, match="selv"):
        create_consent(vault, consent_input(adult, date(2026, 3, 1)))
    own = create_consent(
        vault,
        consent_input(
            adult, date(2026, 3, 1), giver_role="young_person", giver_name="Noah Fiktivsen", giver_cpr="050307-4321"
        ),
    )
    assert not own.cosign_required
    assert mark_signed(vault, own.id, False, PNG, today=date(2026, 3, 1)).is_signed


def test_invalid_input_is_refused_in_danish_and_nothing_is_written(vault) -> None:
    case = make_sag(vault)
    on = date(2026, 3, 1)
    cases = [
        (dict(giver_cpr="123"), "giver_cpr"),
        (dict(person_cpr="310299-4321"), "person_cpr"),
        (dict(giver_name=" "), "giver_name"),
        (dict(contacts=()), "contacts"),
        (dict(categories=(), exchange_text=""), "exchange_text"),
        (dict(case_refs=()), "case_refs"),
        (dict(valid_until=date(2026, 2, 1)), "valid_until"),
    ]
    for changes, field in cases:
        with pytest.raises(Invalid) as error:
            create_consent(vault, consent_input(case, on, **changes))
        assert error.value.field == field, changes
        assert error.value.message
    other = make_sag(vault, cpr="050310-4321", name="Ida Demosen")
    with pytest.raises(Invalid, match="anden person"):
        create_consent(vault, consent_input(case, on, case_refs=(case.id, other.id)))
    journal = register_case(vault, NewCase(level="I", subject="Uro"), today=on)
    with pytest.raises(Invalid, match="DKE-Journal"):
        create_consent(vault, consent_input(case, on, case_refs=(journal.id,)))
    assert list_consents(vault) == []


def test_new_consent_is_prefilled_from_the_sag(vault) -> None:
    from sspdesk.consents import new_consent_input

    case = make_sag(vault)
    form = new_consent_input(vault, case.case.number, today=date(2026, 3, 1))
    assert (form.case_refs, form.person_cpr, form.giver_role) == ((case.id,), "1003114321", "custody_holder")
    assert form.contacts[0].role == "primary" and form.contacts[0].name == "Kasper Prøvesen"
    assert form.giver_name == "" and form.giver_cpr == ""  # the custody holder is typed in


def test_reference_numbers_count_up_per_year(vault) -> None:
    case = make_sag(vault)
    first = create_consent(vault, consent_input(case, date(2026, 3, 1)))
    second = create_consent(vault, consent_input(case, date(2026, 4, 1)))
    assert (first.reference, second.reference) == ("SAM-2026-0001", "SAM-2026-0002")
    assert first.case_numbers == (case.case.number,)
    assert first.valid_until == date(2027, 3, 1)  # default: 12 months


# -- status, withdrawal ---------------------------------------------------------------------------------------


def test_case_status_through_the_life_of_a_consent(vault) -> None:
    case = make_sag(vault)
    ref = case.case.number
    assert consent_status(vault, ref, on=date(2026, 3, 1)) == "missing"
    consent = create_consent(vault, consent_input(case, date(2026, 3, 1), valid_until=date(2026, 9, 30)))
    assert consent_status(vault, ref, on=date(2026, 3, 1)) == "unsigned"
    mark_signed(vault, consent.id, True, PNG, signed_on=date(2026, 3, 2), today=date(2026, 3, 2))
    assert consent_status(vault, ref, on=date(2026, 3, 1)) == "unsigned"  # not signed yet on that day
    assert consent_status(vault, ref, on=date(2026, 3, 2)) == "valid"
    assert consent_status(vault, ref, on=date(2026, 8, 30)) == "valid"  # 31 days left
    assert consent_status(vault, ref, on=date(2026, 8, 31)) == "expiring"  # 30 days left
    assert consent_status(vault, ref, on=date(2026, 9, 30)) == "expiring"  # last day, inclusive
    assert consent_status(vault, ref, on=date(2026, 10, 1)) == "expired"
    # A new, unsigned consent is shown rather than the expired one.
    create_consent(vault, consent_input(case, date(2026, 10, 1)))
    assert consent_status(vault, ref, on=date(2026, 10, 2)) == "unsigned"


def test_withdrawal_makes_the_consent_read_only_and_withdrawn(vault) -> None:
    case = make_sag(vault)
    consent = signed(vault, case, date(2026, 3, 1))
    with pytest.raises(Invalid, match="fremtiden"):
        withdraw_consent(vault, consent.id, date(2026, 6, 2), "mundtligt", today=date(2026, 6, 1))
    with pytest.raises(Invalid):
        withdraw_consent(vault, consent.id, date(2026, 6, 1), "med brevdue", today=date(2026, 6, 1))
    withdrawn = withdraw_consent(vault, consent.id, date(2026, 6, 1), "mundtligt", "Ringede", today=date(2026, 6, 1))
    assert withdrawn.read_only and withdrawn.withdrawal_how == "mundtligt"
    assert consent_status(vault, case.id, on=date(2026, 5, 31)) == "valid"  # it covered the days before
    assert consent_status(vault, case.id, on=date(2026, 6, 1)) == "withdrawn"
    for attempt in (
        lambda: update_consent(vault, consent.id, consent_input(case, date(2026, 3, 1), exchange_text="Alt")),
        lambda: withdraw_consent(vault, consent.id, date(2026, 6, 1), "skriftligt", today=date(2026, 6, 1)),
        lambda: attach_scan(vault, consent.id, PNG + b"new"),
        lambda: mark_signed(vault, consent.id, True, PNG + b"x", today=date(2026, 6, 1)),
    ):
        with pytest.raises(Invalid):
            attempt()
    kept = get_consent(vault, consent.reference)
    assert kept.exchange_text == "Skolegang og fravær" and kept.withdrawn_on == date(2026, 6, 1)
    assert [c.id for c in list_consents(vault, case.id)] == [consent.id]


def test_a_signed_consent_cannot_be_edited(vault) -> None:
    case = make_sag(vault)
    consent = create_consent(vault, consent_input(case, date(2026, 3, 1)))
    edited = update_consent(vault, consent.id, consent_input(case, date(2026, 3, 1), exchange_text="Fritid"))
    assert edited.exchange_text == "Fritid" and edited.reference == consent.reference
    mark_signed(vault, consent.id, True, PNG, today=date(2026, 3, 1))
    with pytest.raises(Invalid, match="underskrevet"):
        update_consent(vault, consent.id, consent_input(case, date(2026, 3, 1)))


# -- the signed paper ---------------------------------------------------------------------------------------


def test_scan_round_trip_inside_the_encrypted_vault(vault, vault_path) -> None:
    case = make_sag(vault)
    consent = create_consent(vault, consent_input(case, date(2026, 3, 1)))
    jpeg = b"\xff\xd8\xff\xe0" + b"JFIF sspdesk-jpeg-marker"
    mark_signed(vault, consent.id, True, PNG, today=date(2026, 3, 1))
    info = attach_scan(vault, consent.reference, jpeg)
    assert info.mime == "image/jpeg" and info.size == len(jpeg)
    scans = list_scans(vault, consent.id)
    assert [s.mime for s in scans] == ["image/png", "image/jpeg"]
    assert get_scan(vault, scans[0].id).data == PNG
    assert get_scan(vault, info.id).data == jpeg
    assert get_consent(vault, consent.id).scan_count == 2
    vault.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for path in vault_path.parent.rglob("*"):
        if path.is_file():
            assert b"sspdesk-test-scan-marker" not in path.read_bytes(), path


def test_wrong_scan_type_too_big_or_missing_is_refused(vault) -> None:
    case = make_sag(vault)
    consent = create_consent(vault, consent_input(case, date(2026, 3, 1)))
    for data in (b"GIF89a" + b"\x00" * 20, b"PK\x03\x04 a zip", b"", b"%PDF-" + b"\x00" * (20 * 1024 * 1024)):
        with pytest.raises(Invalid) as error:
            attach_scan(vault, consent.id, data)
        assert error.value.field == "scan"
    with pytest.raises(Invalid, match="hvorfor"):
        mark_signed(vault, consent.id, True, None, today=date(2026, 3, 1))
    with pytest.raises(Invalid, match="PDF, PNG eller JPEG"):
        mark_signed(vault, consent.id, True, b"GIF89a", today=date(2026, 3, 1))
    assert not get_consent(vault, consent.id).is_signed and list_scans(vault, consent.id) == []
    done = mark_signed(vault, consent.id, True, None, "Originalen ligger i papirsagen", today=date(2026, 3, 1))
    assert done.is_signed and done.no_scan_reason == "Originalen ligger i papirsagen"


# -- legal basis ----------------------------------------------------------------------------------------------


def _exchange(case_ref: str, recipient: Recipient, basis: str, on: date, **changes) -> ExchangeRequest:
    return ExchangeRequest(case_ref, recipient, ("skole",), basis, on, what="Fravær", **changes)


POLICE = Recipient("Lokalbetjent", party_type="politi")
TICKS = {"necessity": ("necessary", "relevant", "least"), "conditions": ("not_investigation",)}


def test_exchange_without_legal_basis_is_refused_and_115_accepted(vault) -> None:
    case = make_sag(vault)
    on = date(2026, 3, 2)
    assert legal_basis_for(vault, case.id, on) is None
    for basis in ("", "   ", "Fordi vi plejer"):
        with pytest.raises(Invalid) as error:
            record_exchange(vault, _exchange(case.id, POLICE, basis, on, **TICKS), today=on)
        assert "hjemmel" in error.value.message.lower() and error.value.field == "basis"
    assert list_exchanges(vault, case.id) == []
    exchange = record_exchange(
        vault, _exchange(case.case.number, POLICE, "retsplejelovens §115", on, **TICKS), today=on
    )
    assert exchange.basis == "Retsplejelovens § 115" and not exchange.on_consent
    assert [e.id for e in list_exchanges(vault, case.id)] == [exchange.id]
    logged = audit.entries(vault.conn, action="exchange.record")
    assert logged and logged[0].subject_ref == case.case.number and logged[0].detail == "Retsplejelovens § 115"


def test_a_consent_in_force_is_the_legal_basis_only_while_in_force(vault) -> None:
    case = make_sag(vault)
    other = make_sag(vault, cpr="050310-4321", name="Ida Demosen")
    consent = signed(vault, case, date(2026, 3, 1), valid_until=date(2026, 6, 30))
    basis = legal_basis_for(vault, case.id, date(2026, 4, 1))
    assert basis is not None and basis.consent.id == consent.id and basis.basis == f"samtykke:{consent.id}"
    assert legal_basis_for(vault, case.id, date(2026, 7, 1)) is None
    assert legal_basis_for(vault, other.id, date(2026, 4, 1)) is None
    teacher = Recipient("Kasper Prøvesen")
    done = record_exchange(
        vault, _exchange(case.id, teacher, f"samtykke:{consent.reference}", date(2026, 4, 1)), today=date(2026, 7, 2)
    )
    assert done.consent_id == consent.id and done.basis == f"samtykke:{consent.id}"
    with pytest.raises(Invalid, match="udløbet") as expired:
        record_exchange(
            vault, _exchange(case.id, teacher, f"samtykke:{consent.id}", date(2026, 7, 1)), today=date(2026, 7, 2)
        )
    with pytest.raises(Invalid, match="dækker ikke") as elsewhere:
        record_exchange(
            vault, _exchange(other.id, teacher, f"samtykke:{consent.id}", date(2026, 4, 1)), today=date(2026, 7, 2)
        )
    assert expired.value.field == elsewhere.value.field == "basis"


# -- information duty -----------------------------------------------------------------------------------------


def test_information_duty_needs_how_or_a_reason(vault) -> None:
    case = make_sag(vault)
    on = date(2026, 3, 1)
    assert information_status(vault, case.id) is None
    with pytest.raises(Invalid) as error:
        record_information(vault, case.id, "not_informed", on, today=on)
    assert error.value.field == "reason"
    with pytest.raises(Invalid):
        record_information(vault, case.id, "informed", on, recipients="forældremyndighedsindehaver", today=on)
    record_information(
        vault, case.id, "informed", on, recipients="forældremyndighedsindehaver", method="brev (Bilag 1 og 2)", today=on
    )
    later = record_information(
        vault, case.id, "not_informed", date(2026, 3, 5), reason="Vil forhindre formålet", today=date(2026, 3, 5)
    )
    assert information_status(vault, case.id) == later
    assert [e.decision for e in information_entries(vault, case.id)] == ["not_informed", "informed"]
    journal = register_case(vault, NewCase(level="I", subject="Uro"), today=on)
    with pytest.raises(Invalid, match="DKE-Journal"):
        record_information(vault, journal.id, "informed", on, recipients="x", method="y", today=on)


def test_consent_actions_are_audit_logged_by_reference(vault) -> None:
    case = make_sag(vault)
    consent = signed(vault, case, date(2026, 3, 1))
    withdraw_consent(vault, consent.id, date(2026, 3, 2), "skriftligt", today=date(2026, 3, 2))
    actions = [e.action for e in audit.entries(vault.conn) if e.record_id == consent.id]
    assert {"consent.create", "consent.scan_add", "consent.sign", "consent.withdraw"} <= set(actions)
    assert all(case.case.cpr not in e.detail for e in audit.entries(vault.conn))
    assert audit.verify(vault.conn).ok


def test_demo_consents_cover_every_state(vault) -> None:
    from sspdesk.demo.consents import fill_demo_consents
    from sspdesk.demo.data import fill_demo

    today = date(2026, 11, 23)
    fill_demo(vault, today)
    assert fill_demo_consents(vault, today) == 6
    states = {c.state(today) for c in list_consents(vault)}
    assert states == {"valid", "unsigned", "withdrawn", "expiring", "expired"}
    assert audit.verify(vault.conn).ok
