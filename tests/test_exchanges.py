"""The exchange check as a service (sspdesk.legal_basis) and on the command line (`exchanges add|list|bases`), with
a real vault: consents that lack the recipient, a category, are withdrawn or expired; the statutory bases by age;
the issue's findings; refused means nothing stored."""

from __future__ import annotations

import json
from dataclasses import asdict, replace
from datetime import date
from pathlib import Path

import pytest

from sspdesk.cases import NewCase, register_case
from sspdesk.cli import exchange_cmds, main
from sspdesk.consents import create_consent, mark_signed, withdraw_consent
from sspdesk.domain.consent import ConsentContact, ConsentInput
from sspdesk.domain.disclosure import Recipient
from sspdesk.domain.errors import Invalid
from sspdesk.legal_basis import (
    ExchangeRequest,
    basis_options,
    check_exchange,
    list_exchanges,
    person_age,
    record_exchange,
    resolve_recipient,
)
from sspdesk.store import audit, consents_repo, records
from sspdesk.store.vault import Vault
from support import templates
from support.bundles import journal

TODAY = date(2026, 5, 4)
PARENT_CPR = "010180-1239"  # fictional: fails the modulus-11 check every pre-2007 number passes
CPR_13 = "100313-4321"  # born 10.03.2013: 13 years old on TODAY
CPR_20 = "050306-4321"  # born 05.03.2006: 20 years old on TODAY
TICKS = ("necessary", "relevant", "least")
SCHOOL = ConsentContact("primary", "Kasper Prøvesen", "SSP-lærer, Nordskolen (fiktiv)", party_type="skole")
SOCIAL = ConsentContact("caseworker", "Nadia Testrup", "Social & Familie (fiktiv)", party_type="familieafdeling")
JOBCENTRE = Recipient("Jonas Jobsen", "Jobcenter Syd (fiktiv)", "jobcenter")


def make_sag(vault: Vault, cpr: str = CPR_13, name: str = "Åse Ødegård Opdigtet") -> str:
    detail = register_case(
        vault,
        NewCase(level="II", subject="Butikstyveri", person_name=name, cpr=cpr, registered=date(2026, 1, 5)),
        today=date(2026, 1, 5),
    )
    return detail.id


def signed_consent(
    vault: Vault,
    case_id: str,
    *,
    cpr: str = CPR_13,
    contacts: tuple[ConsentContact, ...] = (SCHOOL, SOCIAL),
    categories: tuple[str, ...] = ("familie", "skole", "fritid"),
    valid_until: date | None = None,
) -> str:
    adult = cpr == CPR_20
    consent = create_consent(
        vault,
        ConsentInput(
            case_refs=(case_id,),
            consent_date=date(2026, 2, 2),
            giver_name="Åse Ødegård Opdigtet" if adult else "Mette Ærø Opdigtet",
            giver_cpr=cpr if adult else PARENT_CPR,
            giver_role="young_person" if adult else "custody_holder",
            person_name="Åse Ødegård Opdigtet",
            person_cpr=cpr,
            contacts=contacts,
            categories=categories,
            exchange_text="Skolegang, fritid og familiens situation",
            valid_until=valid_until,
        ),
    )
    # Written as stored, so the contacts' party types are there whatever version of the consent form made it.
    with vault.transaction() as conn:
        consents_repo.update_consent(conn, vault.device_id, consent.id, {"contacts": [asdict(c) for c in contacts]})
    mark_signed(vault, consent.id, False, b"%PDF-1.4\n", signed_on=date(2026, 2, 2), today=date(2026, 2, 2))
    return consent.id


def request(case_id: str, recipient: Recipient, categories: tuple[str, ...], basis: str, **kw) -> ExchangeRequest:
    return ExchangeRequest(case_id, recipient, categories, basis, kw.pop("on", TODAY), **kw)


def refusal(vault: Vault, req: ExchangeRequest) -> Invalid:
    before = list_exchanges(vault, req.case_ref)
    with pytest.raises(Invalid) as error:
        record_exchange(vault, req, today=TODAY)
    assert list_exchanges(vault, req.case_ref) == before  # refused: nothing stored
    return error.value


# -- consents -------------------------------------------------------------------------------------------------


def test_a_consent_naming_the_recipient_and_covering_every_category_is_accepted_and_logged(vault) -> None:
    case_id = make_sag(vault)
    consent_id = signed_consent(vault, case_id)
    teacher = Recipient("Kasper Prøvesen")
    exchange = record_exchange(
        vault, request(case_id, teacher, ("skole", "fritid"), "consent:" + consent_id, what="Fravær"), today=TODAY
    )
    assert exchange.on_consent and exchange.consent_id == consent_id and exchange.basis == f"samtykke:{consent_id}"
    assert exchange.categories == ("skole", "fritid") and exchange.direction == "sent"
    assert list_exchanges(vault, case_id) == [exchange]
    [entry] = audit.entries(vault.conn, action="exchange.record")
    assert entry.record_id == case_id and entry.detail.startswith("SAM-")


def test_a_consent_naming_the_recipients_party_type_or_authority_covers_it(vault) -> None:
    case_id = make_sag(vault)
    consent_id = signed_consent(vault, case_id)
    for recipient in (Recipient(party_type="skole"), Recipient("Ny lærer", "SSP-lærer, Nordskolen (fiktiv)")):
        check_exchange(vault, request(case_id, recipient, ("skole",), f"samtykke:{consent_id}"), today=TODAY)


def test_a_consent_without_the_recipient_refuses_the_exchange(vault) -> None:
    case_id = make_sag(vault)
    consent_id = signed_consent(vault, case_id)
    error = refusal(vault, request(case_id, Recipient("Birte Demoholm", party_type="politi"), ("skole",), consent_id))
    assert "nævner ikke modtageren (Birte Demoholm, Politi)" in error.message and error.field == "basis"
    assert "dækker ikke" not in error.message.split("modtageren")[0]


def test_a_consent_without_a_category_refuses_the_exchange_naming_the_category(vault) -> None:
    case_id = make_sag(vault)
    consent_id = signed_consent(vault, case_id)
    error = refusal(vault, request(case_id, Recipient(party_type="skole"), ("skole", "misbrug"), consent_id))
    assert error.message.endswith("er ikke hjemmel for udvekslingen: dækker ikke Misbrug.")


def test_a_withdrawn_consent_refuses_the_exchange(vault) -> None:
    case_id = make_sag(vault)
    consent_id = signed_consent(vault, case_id)
    withdraw_consent(vault, consent_id, date(2026, 4, 1), "mundtligt", "", today=date(2026, 4, 1))
    error = refusal(vault, request(case_id, Recipient(party_type="skole"), ("skole",), consent_id))
    assert "er ikke i kraft den 04.05.2026 (samtykket er tilbagekaldt)" in error.message
    assert "nævner ikke" not in error.message and "dækker ikke" not in error.message


def test_an_expired_consent_refuses_the_exchange(vault) -> None:
    case_id = make_sag(vault)
    consent_id = signed_consent(vault, case_id, valid_until=date(2026, 4, 30))
    error = refusal(vault, request(case_id, Recipient(party_type="skole"), ("skole",), consent_id))
    assert "er ikke i kraft den 04.05.2026 (samtykket er udløbet)" in error.message


def test_the_finding_a_family_school_leisure_consent_refuses_health_data_to_the_job_centre(vault) -> None:
    """Issue 15: 'a consent that covers "Familie, Skole, Fritid" allowed health data to be recorded as passed to
    the job centre'."""
    case_id = make_sag(vault, cpr=CPR_20)
    consent_id = signed_consent(vault, case_id, cpr=CPR_20)
    error = refusal(vault, request(case_id, JOBCENTRE, ("sundhed",), f"samtykke:{consent_id}"))
    assert "nævner ikke modtageren (Jonas Jobsen, Jobcenter Syd (fiktiv), Jobcenter)" in error.message
    assert "dækker ikke Sundhedsoplysninger" in error.message
    # Even when the job centre is named on the consent, health data stays outside its scope.
    named = signed_consent(
        vault, case_id, cpr=CPR_20, contacts=(ConsentContact("secondary", "Jonas Jobsen", party_type="jobcenter"),)
    )
    error = refusal(vault, request(case_id, JOBCENTRE, ("sundhed",), f"samtykke:{named}"))
    assert error.message.endswith("er ikke hjemmel for udvekslingen: dækker ikke Sundhedsoplysninger.")
    record_exchange(vault, request(case_id, JOBCENTRE, ("skole",), f"samtykke:{named}"), today=TODAY)


# -- statutory bases ------------------------------------------------------------------------------------------


def test_the_finding_115_a_and_114_are_refused_for_a_13_year_old(vault) -> None:
    """Issue 15: '§ 115 a (police → relatives of persons over 18) and § 114 … were accepted for a 13-year-old'."""
    case_id = make_sag(vault, cpr=CPR_13)
    assert person_age(vault, case_id, TODAY) == 13
    parent = Recipient("Mette Ærø Opdigtet", party_type="paaroerende")
    error = refusal(
        vault,
        request(
            case_id,
            parent,
            ("familie",),
            "Retsplejelovens § 115 a",
            necessity=TICKS,
            conditions=("police_prevention",),
        ),
    )
    assert "gælder kun personer, der er fyldt 18 år (personen er 13 år)" in error.message and error.field == "basis"
    for recipient in (parent, Recipient("Birte Demoholm", party_type="politi")):
        error = refusal(vault, request(case_id, recipient, ("skole",), "Retsplejelovens § 114", necessity=TICKS))
        assert "etablerer samarbejdet og er ikke hjemmel for en udveksling" in error.message
    assert audit.entries(vault.conn, action="exchange.record") == []


def test_115_a_to_a_parent_is_accepted_once_the_person_is_18(vault) -> None:
    case_id = make_sag(vault, cpr=CPR_20)
    parent = Recipient("Mette Ærø Opdigtet", party_type="paaroerende")
    done = record_exchange(
        vault,
        request(case_id, parent, ("familie",), "Rpl. § 115 a", necessity=TICKS, conditions=("police_prevention",)),
        today=TODAY,
    )
    assert done.basis == "Retsplejelovens § 115 a" and done.necessity == TICKS
    assert done.conditions == ("police_prevention",) and done.recipient_party == "paaroerende"


def test_a_statutory_exchange_needs_the_necessity_test_and_the_sharpened_tick_for_sensitive_data(vault) -> None:
    case_id = make_sag(vault)
    police = Recipient("Birte Demoholm", "Vestegnens Politi (fiktiv)", "politi")
    base = request(case_id, police, ("skole", "strafbare_forhold"), "Retsplejelovens § 115")
    error = refusal(vault, base)
    assert error.field == "necessity" and "nødvendighedsvurderingen mangler" in error.message
    assert "Skærpet vurdering" in error.message and "betingelsen er ikke bekræftet" in error.message
    error = refusal(vault, replace(base, necessity=TICKS, conditions=("not_investigation",)))
    assert "Skærpet vurdering" in error.message and "Strafbare forhold" in error.message
    done = record_exchange(
        vault,
        replace(base, necessity=(*TICKS, "sensitive"), conditions=("not_investigation",)),
        today=TODAY,
    )
    [stored] = list_exchanges(vault, case_id)
    assert stored == done and stored.necessity == (*TICKS, "sensitive")
    assert stored.recipient_record == police and stored.recipient_record.text() == (
        "Birte Demoholm, Vestegnens Politi (fiktiv), politi"
    )


def test_115_is_refused_to_a_recipient_outside_the_ssp_cooperation(vault) -> None:
    case_id = make_sag(vault)
    error = refusal(
        vault,
        request(
            case_id,
            Recipient("Egen læge", party_type="sundhed"),
            ("skole",),
            "Retsplejelovens § 115",
            necessity=TICKS,
            conditions=("not_investigation",),
        ),
    )
    assert "Retsplejelovens § 115 dækker ikke Sundhed" in error.message and error.field == "basis"


# -- form -----------------------------------------------------------------------------------------------------


def test_unknown_or_missing_categories_a_future_date_and_an_empty_recipient_are_refused(vault) -> None:
    case_id = make_sag(vault)
    police = Recipient(party_type="politi")
    basis = {"necessity": TICKS, "conditions": ("not_investigation",)}
    error = refusal(vault, request(case_id, police, ("skole", "helbred"), "Retsplejelovens § 115", **basis))
    assert error.field == "categories" and "Ukendt kategori: helbred" in error.message
    assert "sundhed (Sundhedsoplysninger)" in error.message  # the allowed ones are listed
    error = refusal(vault, request(case_id, police, (), "Retsplejelovens § 115", **basis))
    assert error.field == "categories" and "mindst én" in error.message
    error = refusal(vault, request(case_id, police, ("skole",), "Retsplejelovens § 115", on=date(2026, 5, 5), **basis))
    assert error.field == "on" and "fremtiden" in error.message
    error = refusal(vault, request(case_id, Recipient(), ("skole",), "Retsplejelovens § 115", **basis))
    assert error.field == "recipient"
    error = refusal(vault, request(case_id, Recipient(party_type="rektor"), ("skole",), "Retsplejelovens § 115"))
    assert error.field == "recipient" and "Ukendt modtagertype" in error.message
    error = refusal(vault, request(case_id, police, ("skole",), "Fordi vi plejer"))
    assert error.field == "basis" and "Ukendt hjemmel" in error.message


def test_a_received_exchange_is_checked_for_form_only_and_logged_as_received(vault) -> None:
    case_id = make_sag(vault)
    colleague = Recipient("Bo fra B", "SSP Nord (fiktiv)", "ssp")
    done = record_exchange(
        vault,
        request(case_id, colleague, ("skole",), "Retsplejelovens § 115", direction="received", bundle_id="b-1"),
        today=TODAY,
    )
    assert done.direction == "received" and done.bundle_id == "b-1" and done.necessity == ()
    [entry] = audit.entries(vault.conn, action="exchange.receive")
    assert entry.record_id == case_id
    with pytest.raises(Invalid):
        check_exchange(vault, request(case_id, Recipient(), ("skole",), "", direction="received"), today=TODAY)


# -- choices and recipients -----------------------------------------------------------------------------------


def test_basis_options_list_the_consents_with_their_refusals_and_only_the_statutory_bases_that_apply(vault) -> None:
    case_id = make_sag(vault)
    consent_id = signed_consent(vault, case_id)
    options = basis_options(vault, case_id, Recipient(party_type="paaroerende"), ("sundhed",), TODAY)
    assert [o.basis for o in options] == [f"samtykke:{consent_id}"]  # 13 years old: no § 115 a; never § 114
    assert "dækker ikke Sundhedsoplysninger" in options[0].refusals
    options = basis_options(vault, case_id, Recipient(party_type="familieafdeling"), ("skole",), TODAY)
    assert options[0].consent is not None and options[0].refusals == ()
    assert [o.basis for o in options[1:]] == [
        "Retsplejelovens § 115",
        "Retssikkerhedslovens § 11a, stk. 2",
        "Retssikkerhedslovens § 11c",
    ]
    assert [c.key for c in options[1].conditions] == ["not_investigation"]


def test_a_recipient_is_a_party_type_a_contact_a_colleague_or_a_name(vault) -> None:
    assert resolve_recipient(vault, "Jobcenter") == Recipient(party_type="jobcenter")
    assert resolve_recipient(vault, " politi ") == Recipient(party_type="politi")
    with vault.transaction() as conn:
        records.put(
            conn,
            "contacts",
            records.new_id(),
            {"name": "Kasper Prøvesen", "organisation": "Nordskolen (fiktiv)", "party_type": "skole"},
            vault.device_id,
        )
        conn.execute(
            "INSERT INTO peers (id, name, fingerprint, added_at, authority, party_type) VALUES (?, ?, ?, ?, ?, ?)",
            ("p1", "Bo fra B", "AAAA", "2026-01-01T00:00:00Z", "SSP Nord (fiktiv)", "ssp"),
        )
    assert resolve_recipient(vault, "kasper prøvesen") == Recipient("Kasper Prøvesen", "Nordskolen (fiktiv)", "skole")
    assert resolve_recipient(vault, "Bo fra B") == Recipient("Bo fra B", "SSP Nord (fiktiv)", "ssp")
    assert resolve_recipient(vault, "Mette  Opdigtet") == Recipient("Mette Opdigtet")
    with pytest.raises(Invalid):
        resolve_recipient(vault, "  ")


def test_a_journal_has_no_age(vault) -> None:
    assert person_age(vault, journal(vault).id, TODAY) is None


# -- the command line -----------------------------------------------------------------------------------------

PASSPHRASE = "hest batteri klokke æøå"


@pytest.fixture
def cli_vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> Path:
    path = tmp_path / "cli.sspvault"
    monkeypatch.setenv("SSPDESK_VAULT", str(path))
    monkeypatch.setenv("SSPDESK_PASSPHRASE", PASSPHRASE)
    templates.created(path, PASSPHRASE, municipality="Demo Kommune").close()  # as `init` makes it
    capsys.readouterr()
    return path


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _cli_sag(path: Path) -> str:
    vault = Vault.open(path, PASSPHRASE)
    try:
        case_id = make_sag(vault, cpr=CPR_13)
        signed_consent(vault, case_id)
        return case_id
    finally:
        vault.close()


def _audit_actions(capsys) -> list[str]:
    """The logged actions, without the ones every command adds by itself (unlocking, reading the log)."""
    code, out, _ = cli(capsys, "audit", "list", "--json", "--limit", "1000")
    assert code == 0
    return [e["action"] for e in json.loads(out) if e["action"] not in ("vault.unlock", "audit.view")]


def test_exchanges_add_refused_exits_4_and_stores_nothing(capsys, cli_vault: Path) -> None:
    assert exchange_cmds.register
    case_id = _cli_sag(cli_vault)
    before = _audit_actions(capsys)
    code, out, err = cli(
        capsys, "exchanges", "add", "--case", case_id, "--recipient", "Jobcenter", "--what", "sundhed",
        "--basis", "consent:SAM-2026-0001",
    )  # fmt: skip
    assert code == 4 and out == ""
    assert "nævner ikke modtageren (Jobcenter)" in err and "dækker ikke Sundhedsoplysninger" in err
    code, out, err = cli(
        capsys, "exchanges", "add", "--case", case_id, "--recipient", "paaroerende", "--what", "familie",
        "--basis", "Retsplejelovens § 115 a", "--necessity", "necessary,relevant,least", "--confirm",
        "police_prevention", "--on", "2026-05-04",
    )  # fmt: skip
    assert code == 4 and "fyldt 18 år (personen er 13 år)" in err
    code, out, _ = cli(capsys, "exchanges", "list", "--case", case_id, "--json")
    assert code == 0 and json.loads(out) == []
    assert _audit_actions(capsys) == before and "exchange.record" not in before


def test_exchanges_add_accepted_is_stored_and_listed(capsys, cli_vault: Path) -> None:
    case_id = _cli_sag(cli_vault)
    code, out, err = cli(
        capsys, "--json", "exchanges", "add", "--case", case_id, "--recipient", "Kasper Prøvesen", "--what",
        "skole,fritid", "--basis", "samtykke:SAM-2026-0001", "--on", "2026-05-04", "--note", "Fravær",
    )  # fmt: skip
    assert code == 0, err
    added = json.loads(out)
    assert added["categories"] == ["skole", "fritid"] and added["basis_label"] == "Samtykke SAM-2026-0001"
    code, out, err = cli(
        capsys, "exchanges", "add", "--case", case_id, "--recipient", "Birte Demoholm", "--party", "politi",
        "--authority", "Vestegnens Politi (fiktiv)", "--what", "skole,strafbare_forhold", "--basis",
        "Rpl. § 115", "--on", "2026-05-04", "--necessity", "necessary,relevant,least,sensitive",
        "--confirm", "not_investigation", "--json",
    )  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["recipient_text"] == "Birte Demoholm, Vestegnens Politi (fiktiv), Politi"
    code, out, _ = cli(capsys, "exchanges", "list", "--case", case_id, "--json")
    rows = json.loads(out)
    assert [r["basis"] for r in rows] == [added["basis"], "Retsplejelovens § 115"]
    assert rows[1]["necessity"] == ["necessary", "relevant", "least", "sensitive"]
    assert rows[1]["conditions"] == ["not_investigation"]
    code, out, _ = cli(capsys, "exchanges", "list", "--case", case_id)
    assert code == 0 and "04.05.2026  til Birte Demoholm" in out and "Strafbare forhold" in out


def test_exchanges_bases_lists_what_applies_and_why_the_rest_does_not(capsys, cli_vault: Path) -> None:
    case_id = _cli_sag(cli_vault)
    args = ("exchanges", "bases", "--case", case_id, "--recipient", "paaroerende", "--what", "familie")
    code, out, _ = cli(capsys, *args, "--on", "2026-05-04", "--json")
    data = json.loads(out)
    assert code == 0 and data["age"] == 13 and not any(o["covers"] for o in data["options"])
    why = {o["basis"]: o["refusals"] for o in data["not_offered"]}
    assert "fyldt 18 år" in why["Retsplejelovens § 115 a"][0] and "etablerer" in why["Retsplejelovens § 114"][0]
    code, out, _ = cli(capsys, *args, "--on", "2026-05-04")
    assert code == 0 and "Dækker ikke:" in out and "Samtykke SAM-2026-0001" in out
    code, _, err = cli(capsys, "exchanges", "bases", "--case", case_id, "--recipient", "skole", "--what", "helbred")
    assert code == 4 and "Ukendt kategori" in err


@pytest.mark.parametrize("command", [("cases", "list"), ("contacts", "list"), ("exchanges", "list", "--case", "S")])
def test_json_is_accepted_before_and_after_the_command(capsys, cli_vault: Path, command) -> None:
    if "exchanges" in command:
        command = (*command[:-1], _cli_sag(cli_vault))
    code, before, _ = cli(capsys, "--json", *command)
    assert code == 0
    code, after, _ = cli(capsys, *command, "--json")
    assert code == 0 and json.loads(before) == json.loads(after)
    code, text, _ = cli(capsys, *command)
    assert code == 0 and not text.lstrip().startswith("[")
