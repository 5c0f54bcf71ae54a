"""First run: the Velkommen dialog creates the vault with the chosen profile, address and logo – or opens the demo."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from PySide6.QtCore import Qt

from sspdesk import preferences as prefs
from sspdesk.cases import NewCase, case_pdf, register_case
from sspdesk.demo.vault import DEMO_PASSPHRASE
from sspdesk.paths import demo_vault_path
from sspdesk.resources import resource
from sspdesk.ui import worker
from sspdesk.ui.app import AppController
from sspdesk.ui.vault.first_run import OWN_FILE, CreateVaultDialog

STRONG = "kaffe, kanelsnegle og æblekage"


@pytest.fixture(autouse=True)
def jobs_run_at_once():
    with worker.use_pool(worker.SyncPool()):
        yield


@pytest.fixture
def controller(qapp, tmp_path):
    made = AppController(tmp_path / "egen.sspvault")
    made.start()
    yield made
    made.shutdown()


def png_file(folder: Path) -> tuple[Path, bytes]:
    out = io.BytesIO()
    Image.new("RGB", (200, 60), (31, 90, 166)).save(out, "PNG")
    path = folder / "kommunelogo.png"
    path.write_bytes(out.getvalue())
    return path, out.getvalue()


def fill(dialog: CreateVaultDialog) -> None:
    dialog.name.setText("Anne Jensen")
    dialog.role.setText("SSP-konsulent")
    dialog.municipality.setText("Københavns Kommune")
    dialog.address.setText("Rådhuspladsen 1, 1550 København V")
    dialog.passphrase.setText(STRONG)
    dialog.repeated.setText(STRONG)


def test_first_run_with_koebenhavn_and_a_logo_gives_a_vault_whose_case_pdfs_show_the_logo(controller, tmp_path):
    dialog = controller.create_dialog
    assert dialog.isVisible() and controller.unlock_dialog is None
    fill(dialog)
    logo_path, logo = png_file(tmp_path)
    dialog.logo.choose_file(str(logo_path))
    assert dialog.logo.data == logo and not dialog.logo.preview.pixmap().isNull()
    dialog.profile.setCurrentIndex(dialog.profile.findData("koebenhavn"))
    dialog.create_button.click()

    vault = controller.vault
    assert vault is not None and controller.window.isVisible() and not dialog.isVisible()
    assert vault.setting("profile") == "koebenhavn"
    assert vault.setting("municipality") == "Københavns Kommune"
    assert vault.setting("municipality_address") == "Rådhuspladsen 1, 1550 København V"
    assert (vault.setting("user_name"), vault.setting("user_role")) == ("Anne Jensen", "SSP-konsulent")
    assert prefs.municipality_logo(vault) == logo
    assert "København" in controller.window.profile_label.text()

    case_id = register_case(
        vault, NewCase(level="1", subject="Uro ved stationen", person_name="Oskar Opdigtet", cpr="050310-4321")
    ).id
    page = PdfReader(io.BytesIO(case_pdf(vault, case_id))).pages[0]
    images = [ref.get_object() for ref in page["/Resources"]["/XObject"].values()]
    assert [image["/Subtype"] for image in images] == ["/Image"]


def test_open_the_demo_from_the_first_run_opens_the_demo_vault_and_creates_no_own_vault(controller):
    own = controller.vault_path
    dialog = controller.create_dialog
    dialog.passphrase.setText("halvt skrevet")  # dropped: nothing of it is kept
    dialog.demo_button.click()

    vault = controller.vault
    assert vault is not None and controller.window.isVisible() and not dialog.isVisible()
    assert Path(vault.path) == demo_vault_path() and not own.exists()
    assert vault.setting("municipality")  # the demo's fictional data
    assert dialog.passphrase.text() == ""
    assert "Demodata" in controller.window.statusBar().currentMessage()
    controller.lock()  # from now on the controller is about the demo vault
    unlock = controller.unlock_dialog
    assert unlock.isVisible() and unlock.vault_path == demo_vault_path()
    assert DEMO_PASSPHRASE in unlock.demo_note.text()
    unlock.passphrase.setText(DEMO_PASSPHRASE)
    unlock.unlock_button.click()
    assert controller.vault is not None and Path(controller.vault.path) == demo_vault_path()


def test_a_file_that_is_not_an_image_is_refused_as_logo_and_nothing_is_chosen(controller, tmp_path):
    dialog = controller.create_dialog
    fake = tmp_path / "logo.png"
    fake.write_text("ikke et billede", encoding="utf-8")
    dialog.logo.choose_file(str(fake))
    assert dialog.logo.data is None
    assert "PNG- eller JPEG" in dialog.logo.message.text() and dialog.logo.message.isVisibleTo(dialog)
    assert not dialog.logo.remove_button.isEnabled()


def test_an_address_without_the_municipality_is_refused_before_the_vault_is_created(controller):
    dialog = controller.create_dialog
    fill(dialog)
    dialog.municipality.clear()
    dialog.create_button.click()
    assert controller.vault is None and not controller.vault_path.exists()
    assert dialog.error.text() == "Skriv kommunens navn."
    assert dialog.municipality.hasFocus() or not dialog.isActiveWindow()


def test_the_municipalitys_own_profile_file_is_checked_when_chosen_and_used_for_the_new_vault(controller, tmp_path):
    data = json.loads(resource("profiles", "albertslund.json").read_text(encoding="utf-8"))
    data.update(id="testkommune", name="Testkommune (SSP)", note="En profil til prøve.")
    own = tmp_path / "testkommune.json"
    own.write_text(json.dumps(data), encoding="utf-8")
    dialog = controller.create_dialog
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    dialog.choose_profile_file(str(broken))
    assert dialog.error.text().startswith("Profilen kan ikke bruges")
    assert dialog.profile.currentData() == "albertslund"  # back to a profile that works

    dialog.choose_profile_file(str(own))
    assert dialog.profile.currentData() == OWN_FILE
    assert dialog.profile.currentText() == "Testkommune (SSP) (egen fil)"
    assert "testkommune.json" in dialog.profile_note.text()
    fill(dialog)
    dialog.create_button.click()
    assert controller.vault.setting("profile") == "testkommune"


def test_tab_goes_down_the_details_then_the_passphrase(controller, qtbot):
    dialog = controller.create_dialog
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.name.setFocus()
    visited = []
    for _ in range(8):
        visited.append(dialog.focusWidget())
        qtbot.keyClick(visited[-1], Qt.Key.Key_Tab)
    assert visited == [
        dialog.name,
        dialog.role,
        dialog.municipality,
        dialog.address,
        dialog.logo.choose_button,
        dialog.profile,
        dialog.passphrase,
        dialog.repeated,
    ]
