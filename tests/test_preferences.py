"""Settings service functions: bad values are refused with a Danish message and change nothing; good ones are saved
and audit-logged; profile files are validated, copied and made active. Real vault, real files, real age keys."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest
from pyrage import x25519

from sspdesk import preferences as prefs
from sspdesk.cases import NewCase, active_profile, profile_dirs, register_case
from sspdesk.domain.errors import Invalid
from sspdesk.preferences import ProfileClash, ProfileRefused
from sspdesk.resources import resource
from sspdesk.store import audit


def changes(vault) -> list[str]:
    """The keys of every settings.change entry, oldest first."""
    return [entry.detail for entry in reversed(audit.entries(vault.conn, action="settings.change"))]


def refused(vault, fn, *args, field: str) -> Invalid:
    """Call fn, expect Invalid naming `field`, and prove that no setting and no audit entry changed."""
    before = (dict(vault.conn.execute("SELECT key, value FROM settings")), changes(vault))
    with pytest.raises(Invalid) as info:
        fn(vault, *args)
    assert info.value.field == field
    assert info.value.message and info.value.message[0].isupper()
    assert (dict(vault.conn.execute("SELECT key, value FROM settings")), changes(vault)) == before
    return info.value


def profile_data(profile_id: str = "testkommune", **changed) -> dict:
    data = json.loads(resource("profiles", "albertslund.json").read_text(encoding="utf-8"))
    data.update(id=profile_id, name="Testkommune (SSP)", note="En profil til prøve.", **changed)
    return data


def write_profile(folder: Path, data: dict, name: str = "profil.json") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


# -- numbers and folders ----------------------------------------------------------------------------------


def test_autolock_minutes_are_saved_and_logged(vault):
    prefs.set_autolock_minutes(vault, 15)
    assert vault.setting("autolock_minutes") == 15
    assert changes(vault) == ["autolock_minutes"]
    prefs.set_autolock_minutes(vault, 15)  # no change: nothing written, nothing logged
    assert changes(vault) == ["autolock_minutes"]


@pytest.mark.parametrize("bad", [0, 121, -5, True, "10", 7.5, None])
def test_autolock_outside_1_to_120_is_refused(vault, bad):
    error = refused(vault, prefs.set_autolock_minutes, bad, field="autolock_minutes")
    assert error.message == "Automatisk lås skal være mellem 1 og 120 minutter."
    assert vault.setting("autolock_minutes") == 5


@pytest.mark.parametrize("bad", [0, 101, False])
def test_backup_count_outside_1_to_100_is_refused(vault, bad):
    error = refused(vault, prefs.set_backup_count, bad, field="backup_count")
    assert "mellem 1 og 100" in error.message
    prefs.set_backup_count(vault, 100)
    assert vault.setting("backup_count") == 100


def test_backup_dir_must_exist_and_be_a_folder(vault, tmp_path):
    assert "findes ikke" in refused(vault, prefs.set_backup_dir, tmp_path / "mangler", field="backup_dir").message
    a_file = tmp_path / "fil.txt"
    a_file.write_text("x")
    assert "ikke en mappe" in refused(vault, prefs.set_backup_dir, a_file, field="backup_dir").message
    folder = tmp_path / "kopier"
    folder.mkdir()
    prefs.set_backup_dir(vault, folder)
    assert vault.backup_folder() == folder.resolve()
    assert not list(folder.iterdir())  # the write test leaves nothing behind
    prefs.set_backup_dir(vault, "")
    assert vault.backup_folder() == vault.path.parent / "backups"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root may write in a read-only folder")
def test_a_folder_without_write_access_is_refused(vault, tmp_path):
    folder = tmp_path / "skrivebeskyttet"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        assert "kan ikke skrives" in refused(vault, prefs.set_backup_dir, folder, field="backup_dir").message
    finally:
        folder.chmod(0o700)


# -- texts ---------------------------------------------------------------------------------------------------


def test_areas_are_trimmed_and_kept_in_order(vault):
    assert prefs.areas(vault) == []
    assert prefs.set_areas(vault, ["  Nordskolen ", "Syd  skolen", "Midtbyen"]) == [
        "Nordskolen",
        "Syd skolen",
        "Midtbyen",
    ]
    assert prefs.areas(vault) == ["Nordskolen", "Syd skolen", "Midtbyen"]
    assert changes(vault) == ["areas"]


@pytest.mark.parametrize(
    ("names", "words"),
    [
        (["Nordskolen", " "], "skal have et navn"),
        (["Nordskolen", "nordskolen "], "„nordskolen“ står der allerede"),
        (["x" * 61], "højst være 60 tegn"),
    ],
)
def test_bad_area_lists_are_refused(vault, names, words):
    prefs.set_areas(vault, ["Vestskolen"])
    assert words in refused(vault, prefs.set_areas, names, field="areas").message
    assert prefs.areas(vault) == ["Vestskolen"]


def test_municipality_needs_a_name_and_a_plausible_phone_number(vault):
    assert (
        refused(vault, prefs.set_municipality, "  ", "Rådhuset 1", field="municipality").message
        == "Skriv kommunens navn."
    )
    error = refused(vault, prefs.set_municipality, "Testkommune", "", "40 00 00 00 lok. 2", field="municipality_phone")
    assert error.message == "Telefonnummeret må kun indeholde tal, mellemrum og + ( ) -."
    prefs.set_municipality(vault, " Testkommune ", "Rådhuset 1, 2620 Testby", "+45 40 00 00 00")
    assert [vault.setting(k) for k in ("municipality", "municipality_address", "municipality_phone")] == [
        "Testkommune",
        "Rådhuset 1, 2620 Testby",
        "+45 40 00 00 00",
    ]
    assert changes(vault) == ["municipality", "municipality_address", "municipality_phone"]


def test_user_needs_a_name_and_the_change_is_logged_by_the_previous_name(vault):
    assert refused(vault, prefs.set_user, "", "SSP-konsulent", field="user_name").message == "Skriv dit navn."
    assert "linjeskift" in refused(vault, prefs.set_user, "Ny\nBruger", "", field="user_name").message
    prefs.set_user(vault, "Ny Koordinator", "SSP-konsulent")
    assert (vault.setting("user_name"), vault.setting("user_role")) == ("Ny Koordinator", "SSP-konsulent")
    users = {entry.user for entry in audit.entries(vault.conn, action="settings.change")}
    assert users == {"Test Koordinator"}


def test_fagsystem_recipient_must_be_an_age_public_key(vault):
    identity = x25519.Identity.generate()
    assert (
        "ikke en gyldig"
        in refused(vault, prefs.set_fagsystem_recipient, "age1ikkeennøgle", field="fagsystem_recipient").message
    )
    secret = str(identity)
    assert "privat nøgle" in refused(vault, prefs.set_fagsystem_recipient, secret, field="fagsystem_recipient").message
    public = str(identity.to_public())
    prefs.set_fagsystem_recipient(vault, f"  {public}\n")
    assert vault.setting("fagsystem_recipient") == public
    prefs.set_fagsystem_recipient(vault, "")
    assert vault.setting("fagsystem_recipient") == ""


# -- profiles ------------------------------------------------------------------------------------------------


def test_importing_a_valid_profile_copies_it_and_makes_it_active(vault, tmp_path):
    data = profile_data()
    data["levels"][0]["deadlines"][1].update(amount=2, label="Kontakt inden 2 arbejdsdage")  # [0]: første møde
    source = write_profile(tmp_path / "downloads", data, "min kommune.json")

    profile = prefs.import_profile(vault, source)

    assert profile.id == "testkommune"
    copied = Path(profile_dirs()[0]) / "testkommune.json"
    assert copied.read_bytes() == source.read_bytes()
    assert vault.setting("profile") == "testkommune"
    assert active_profile(vault).name == "Testkommune (SSP)"
    assert [p.id for p in prefs.available_profiles(vault)] == ["albertslund", "koebenhavn", "testkommune"]
    assert prefs.profile_source("testkommune") == "file"
    assert changes(vault) == ["profile"]
    assert audit.entries(vault.conn, action="profile.import")[0].detail == "testkommune (min kommune.json)"
    # New cases follow the imported model: Monday 2 March 2026 + 2 working days = Wednesday 4 March.
    case = register_case(vault, NewCase(level="I", subject="Uro ved stationen"), today=date(2026, 3, 2))
    assert case.case.profile == "testkommune"
    assert [d.due for d in case.deadlines if d.kind == "contact"] == ["2026-03-04"]


def test_an_invalid_profile_is_refused_with_the_field_named_and_nothing_changes(vault, tmp_path):
    data = profile_data()
    data["levels"][1]["deadlines"][0]["unit"] = "fortnights"
    source = write_profile(tmp_path, data)

    error = refused(vault, prefs.import_profile, source, field="profile")

    assert isinstance(error, ProfileRefused) and error.profile_field == "levels.1.deadlines.0.unit"
    assert error.message.startswith("Profilen kan ikke bruges: levels.1.deadlines.0.unit: ugyldig værdi 'fortnights'")
    assert not (Path(profile_dirs()[0]) / "testkommune.json").exists()
    assert vault.setting("profile") == "albertslund"


def test_a_file_that_is_not_json_is_refused(vault, tmp_path):
    source = tmp_path / "profil.json"
    source.write_text("{ not json", encoding="utf-8")
    assert "ikke gyldig JSON" in refused(vault, prefs.import_profile, source, field="profile").message


def test_a_builtin_id_is_replaced_only_when_asked_and_must_keep_its_levels(vault, tmp_path):
    data = profile_data("albertslund", closing_days=["06-05", "12-24", "12-31", "05-01"])
    source = write_profile(tmp_path, data)
    prefs.set_profile(vault, "koebenhavn")

    with pytest.raises(ProfileClash) as info:
        prefs.import_profile(vault, source)
    assert "den indbyggede profil „Albertslund Kommune (DKE)“" in info.value.message
    assert info.value.replaces.name == "Albertslund Kommune (DKE)"
    assert vault.setting("profile") == "koebenhavn"

    fewer = profile_data("albertslund")
    fewer["levels"] = fewer["levels"][:2]
    error = refused(
        vault,
        lambda v, p: prefs.import_profile(v, p, replace=True),
        write_profile(tmp_path, fewer, "f"),
        field="profile",
    )
    assert isinstance(error, ProfileRefused) and error.profile_field == "levels"
    assert "mangler niveau III" in error.message

    prefs.import_profile(vault, source, replace=True)
    assert vault.setting("profile") == "albertslund"
    assert "05-01" in active_profile(vault).closing_days
    assert prefs.profile_source("albertslund") == "override"
    assert [p.id for p in prefs.available_profiles(vault)] == ["albertslund", "koebenhavn"]
    # Imported again (a new version of the municipality's own file): a clash with the earlier file.
    with pytest.raises(ProfileClash) as again:
        prefs.import_profile(vault, source)
    assert "den indbyggede profil" in again.value.message


def test_a_broken_file_in_the_profile_folder_is_reported_not_listed(vault):
    write_profile(Path(profile_dirs()[0]), {"id": "brudt"}, "brudt.json")
    assert [p.id for p in prefs.available_profiles(vault)] == ["albertslund", "koebenhavn"]
    assert prefs.profile_file_errors()[0].startswith("Profilen kan ikke bruges: name: feltet mangler")


def test_set_profile_refuses_an_unknown_id(vault):
    error = refused(vault, prefs.set_profile, "findes-ikke", field="profile")
    assert error.message == "Profilen 'findes-ikke' findes ikke"
    assert prefs.set_profile(vault, "koebenhavn").name.startswith("Københavns Kommune")
    assert vault.setting("profile") == "koebenhavn"
    assert changes(vault) == ["profile"]
