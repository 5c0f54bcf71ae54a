"""The contacts register (professionals only): add, get, update, delete (tombstone), validation with Danish
messages, audit by reference only, and the `contacts list|add` CLI. All names are invented."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sspdesk.cli import COMMAND_MODULES, contact_cmds, main
from sspdesk.contacts import (
    add_contact,
    delete_contact,
    get_contact,
    list_contacts,
    update_contact,
)
from sspdesk.domain.errors import Invalid
from sspdesk.duties import audit_service
from sspdesk.store import records
from sspdesk.store.vault import Vault
from support import templates

CLI_PASSPHRASE = "hest batteri klokke æøå"


def audit_rows(vault: Vault, prefix: str = "contact.") -> list[tuple]:
    return vault.conn.execute(
        "SELECT action, record_kind, record_id, subject_ref, detail FROM audit_log WHERE action LIKE ? ORDER BY seq",
        (f"{prefix}%",),
    ).fetchall()


def contact_rows(vault: Vault) -> int:
    return vault.conn.execute("SELECT count(*) FROM contacts").fetchone()[0]


def test_add_get_and_list_trim_the_fields(vault: Vault) -> None:
    contact = add_contact(
        vault, "  Birte Demoholm ", " Lokalbetjent", "Politi (fiktiv)", " +45 40 00 00 01 ", "bdh@politi.example "
    )
    assert contact.name == "Birte Demoholm" and contact.phone == "+45 40 00 00 01"
    assert get_contact(vault, contact.id) == contact
    assert list_contacts(vault) == [contact]
    assert get_contact(vault, "no-such-id") is None


def test_update_changes_only_the_given_fields_and_bumps_the_version(vault: Vault) -> None:
    contact = add_contact(vault, "Kasper Prøvesen", "AKT-lærer", "Nordskolen (fiktiv)")
    before = records.current_vv(vault.conn, "contacts", contact.id)
    updated = update_contact(vault, contact.id, role="SSP-lærer", email="kp@skole.example")
    assert updated.role == "SSP-lærer" and updated.organisation == "Nordskolen (fiktiv)"
    assert get_contact(vault, contact.id) == updated
    assert records.current_vv(vault.conn, "contacts", contact.id) != before


def test_update_without_a_change_writes_nothing(vault: Vault) -> None:
    contact = add_contact(vault, "Lone Eksempelsen")
    seq = records.get_row(vault.conn, "contacts", contact.id)["seq"]
    assert update_contact(vault, contact.id, name=" Lone Eksempelsen ") == contact
    assert records.get_row(vault.conn, "contacts", contact.id)["seq"] == seq
    assert [row[0] for row in audit_rows(vault)] == ["contact.add"]


def test_delete_leaves_a_tombstone(vault: Vault) -> None:
    contact = add_contact(vault, "Mads Fiktivsen")
    delete_contact(vault, contact.id)
    assert get_contact(vault, contact.id) is None and list_contacts(vault) == []
    row = records.get_row(vault.conn, "contacts", contact.id, include_deleted=True)
    assert row["deleted"] == 1
    with pytest.raises(Invalid, match="findes ikke"):
        delete_contact(vault, contact.id)
    with pytest.raises(Invalid, match="findes ikke"):
        update_contact(vault, contact.id, name="Ny")


@pytest.mark.parametrize(
    ("fields", "field", "text"),
    [
        ({"name": "  "}, "name", "Skriv kontaktpersonens navn."),
        ({"name": "A", "email": "ikke-en-adresse"}, "email", "E-mailadressen ser ikke rigtig ud"),
        ({"name": "A", "email": "a@b"}, "email", "E-mailadressen"),
        ({"name": "A", "email": "a b@c.dk"}, "email", "E-mailadressen"),
        ({"name": "A", "phone": "40-00-00-01"}, "phone", "Telefonnummeret må kun indeholde cifre"),
        ({"name": "A", "phone": "40 00 +01"}, "phone", "Telefonnummeret"),
        ({"name": "A", "phone": "ring til skolen"}, "phone", "Telefonnummeret"),
        ({"name": "x" * 121}, "name", "Navn må højst være 120 tegn."),
        ({"name": "A", "organisation": "o" * 161}, "organisation", "Organisation må højst være 160 tegn."),
        ({"name": "A", "role": "to\nlinjer"}, "role", "Rolle skal stå på én linje."),
    ],
)
def test_invalid_input_is_refused_in_danish_and_nothing_is_written(vault: Vault, fields, field, text) -> None:
    with pytest.raises(Invalid) as caught:
        add_contact(vault, **fields)
    assert caught.value.field == field and text in caught.value.message
    assert contact_rows(vault) == 0 and audit_rows(vault) == []


def test_an_invalid_update_keeps_the_contact(vault: Vault) -> None:
    contact = add_contact(vault, "Nadia Testrup", email="nt@kommune.example")
    with pytest.raises(Invalid):
        update_contact(vault, contact.id, email="nt@")
    assert get_contact(vault, contact.id) == contact
    with pytest.raises(TypeError):
        update_contact(vault, contact.id, cpr="010101-1234")


def test_every_change_is_logged_by_reference_only(vault: Vault) -> None:
    contact = add_contact(vault, "Birte Demoholm", "Lokalbetjent", email="bdh@politi.example")
    update_contact(vault, contact.id, phone="40 00 00 01")
    delete_contact(vault, contact.id)
    rows = audit_rows(vault)
    assert rows == [
        (action, "contact", contact.id, "", "") for action in ("contact.add", "contact.edit", "contact.delete")
    ]
    everything = json.dumps(vault.conn.execute("SELECT * FROM audit_log").fetchall(), ensure_ascii=False)
    assert "Demoholm" not in everything and "bdh@" not in everything
    assert audit_service.action_label("contact.add") == "Kontakt oprettet"
    assert audit_service.action_label("contact.edit") == "Kontakt ændret"
    assert audit_service.action_label("contact.delete") == "Kontakt slettet"
    assert audit_service.ACTION_GROUPS["contact"] == "Kontakter"


# -- CLI -----------------------------------------------------------------------------------------------------------


@pytest.fixture
def cli_vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> Path:
    path = tmp_path / "cli.sspvault"
    monkeypatch.setenv("SSPDESK_VAULT", str(path))
    monkeypatch.setenv("SSPDESK_PASSPHRASE", CLI_PASSPHRASE)
    templates.created(path, CLI_PASSPHRASE, user_name="Test Koordinator").close()  # as `init` makes it
    capsys.readouterr()
    return path


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_contact_commands_are_part_of_the_cli() -> None:
    assert contact_cmds in COMMAND_MODULES


def test_cli_add_and_list(capsys, cli_vault: Path) -> None:
    code, out, _ = run(capsys, "contacts", "list")
    assert code == 0 and "Ingen kontakter." in out
    code, out, _ = run(
        capsys,
        "contacts",
        "add",
        "--name",
        "Birte Demoholm",
        "--role",
        "Lokalbetjent",
        "--organisation",
        "Politi (fiktiv)",
        "--phone",
        "40 00 00 01",
        "--email",
        "bdh@politi.example",
        "--json",
    )
    added = json.loads(out)
    assert code == 0 and added["name"] == "Birte Demoholm" and added["email"] == "bdh@politi.example" and added["id"]
    code, out, _ = run(capsys, "contacts", "add", "--name", "Kasper Prøvesen")
    assert code == 0 and "Kontakt tilføjet: Kasper Prøvesen" in out
    code, out, _ = run(capsys, "contacts", "list", "--json")
    assert code == 0 and [c["name"] for c in json.loads(out)] == ["Birte Demoholm", "Kasper Prøvesen"]
    code, out, _ = run(capsys, "--json", "contacts", "list")
    assert code == 0 and json.loads(out)[0]["id"] == added["id"]
    code, out, _ = run(capsys, "contacts", "list")
    assert code == 0 and "Birte Demoholm" in out and "Lokalbetjent" in out and "bdh@politi.example" in out


@pytest.mark.parametrize("extra", [["--name", " "], ["--name", "A", "--email", "nej"], ["--name", "A", "--phone", "x"]])
def test_cli_add_exits_4_on_invalid_input_and_writes_nothing(capsys, cli_vault: Path, extra: list[str]) -> None:
    code, out, err = run(capsys, "contacts", "add", *extra)
    assert code == 4 and out == "" and err.startswith("sspdesk-cli: ") and "Traceback" not in err
    with Vault.open(cli_vault, CLI_PASSPHRASE) as vault:
        assert contact_rows(vault) == 0 and audit_rows(vault) == []


def test_cli_contacts_needs_a_subcommand(capsys, cli_vault: Path) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["contacts"])
    assert caught.value.code == 2
