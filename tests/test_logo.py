"""The municipality's logo: checked by magic bytes and size, stored in the vault, drawn in the header of the PDFs;
and the consent's legal wording setting and the municipality's own template folder."""

from __future__ import annotations

import base64
import io

import pytest
from PIL import Image
from pypdf import PdfReader

from sspdesk import preferences as prefs
from sspdesk.cases import NewCase, case_pdf, register_case
from sspdesk.domain.errors import Invalid
from sspdesk.pdf.base import PdfMeta, build_pdf, text
from sspdesk.store import audit


def image_bytes(kind: str = "PNG", size: tuple[int, int] = (120, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (31, 90, 166)).save(out, kind)
    return out.getvalue()


def images_on_pages(data: bytes) -> list[int]:
    """How many image XObjects each page of a PDF uses."""
    counts = []
    for page in PdfReader(io.BytesIO(data)).pages:
        objects = page["/Resources"].get("/XObject", {})
        counts.append(sum(1 for ref in objects.values() if ref.get_object()["/Subtype"] == "/Image"))
    return counts


@pytest.mark.parametrize("kind", ["PNG", "JPEG"])
def test_png_and_jpeg_are_recognised_by_their_first_bytes(kind):
    data = image_bytes(kind)
    assert prefs.logo_format(data) == kind
    assert prefs.check_logo(data) == data


@pytest.mark.parametrize("data", [b"GIF89a\x01\x00\x01\x00", b"%PDF-1.7 ...", b"just text", b""])
def test_other_files_are_refused_with_a_danish_message(data):
    with pytest.raises(Invalid) as info:
        prefs.check_logo(data)
    assert info.value.field == "municipality_logo"
    assert info.value.message[0].isupper()


def test_a_logo_above_the_size_limit_is_refused_even_before_the_file_is_read(tmp_path, monkeypatch):
    big = tmp_path / "logo.png"
    big.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * prefs.LOGO_MAX_BYTES)
    monkeypatch.setattr(type(big), "read_bytes", lambda _self: pytest.fail("the big file was read"))
    with pytest.raises(Invalid, match="højst fylde 500 kB"):
        prefs.read_logo_file(big)


def test_a_file_named_png_that_is_not_an_image_is_refused(tmp_path):
    fake = tmp_path / "logo.png"
    fake.write_text("<svg/>", encoding="utf-8")
    with pytest.raises(Invalid, match="PNG- eller JPEG"):
        prefs.read_logo_file(fake)
    with pytest.raises(Invalid, match="kan ikke læses"):
        prefs.read_logo_file(tmp_path / "mangler.png")


def test_the_logo_is_stored_in_the_vault_as_base64_and_the_change_is_logged_without_the_value(vault):
    data = image_bytes()
    prefs.set_municipality_logo(vault, data)
    assert prefs.municipality_logo(vault) == data
    assert base64.b64decode(vault.setting("municipality_logo")) == data
    entries = audit.entries(vault.conn, action="settings.change")
    assert [entry.detail for entry in entries] == ["municipality_logo"]
    prefs.set_municipality_logo(vault, None)
    assert prefs.municipality_logo(vault) is None
    assert len(audit.entries(vault.conn, action="settings.change")) == 2


def test_a_refused_logo_changes_nothing(vault):
    prefs.set_municipality_logo(vault, image_bytes())
    with pytest.raises(Invalid):
        prefs.set_municipality_logo(vault, b"GIF89a")
    assert prefs.municipality_logo(vault) == image_bytes()


def test_a_damaged_stored_logo_reads_as_no_logo(vault):
    vault.set_setting("municipality_logo", "not base64 at all!")
    assert prefs.municipality_logo(vault) is None
    vault.set_setting("municipality_logo", base64.b64encode(b"GIF89a").decode())
    assert prefs.municipality_logo(vault) is None


def test_build_pdf_draws_the_logo_in_the_header_of_every_page():
    story = [text("En linje i et langt referat. " * 20) for _ in range(60)]  # several pages
    with_logo = build_pdf(story, PdfMeta(title="Prøve", municipality="Demo Kommune", logo=image_bytes("JPEG")))
    pages = images_on_pages(with_logo)
    assert len(pages) > 1 and set(pages) == {1}
    assert set(images_on_pages(build_pdf(story, PdfMeta(title="Prøve")))) == {0}


def test_a_logo_that_cannot_be_decoded_leaves_the_pdf_without_it():
    broken = b"\x89PNG\r\n\x1a\n" + b"garbage" * 10
    data = build_pdf([text("Hej")], PdfMeta(title="Prøve", logo=broken))
    assert images_on_pages(data) == [0]


def test_case_pdfs_carry_the_logo_stored_in_their_vault_and_follow_a_change_at_once(vault):
    case_id = register_case(vault, NewCase(level="I", subject="Uro ved stationen")).id
    assert set(images_on_pages(case_pdf(vault, case_id))) == {0}
    prefs.set_municipality_logo(vault, image_bytes())
    assert set(images_on_pages(case_pdf(vault, case_id))) == {1}
    prefs.set_municipality_logo(vault, None)
    assert set(images_on_pages(case_pdf(vault, case_id))) == {0}


def test_the_consent_legal_wording_is_gdpr_or_seed(vault):
    assert vault.setting("consent_legal_template") == "gdpr"
    prefs.set_consent_legal_template(vault, "seed")
    assert vault.setting("consent_legal_template") == "seed"
    with pytest.raises(Invalid):
        prefs.set_consent_legal_template(vault, "persondataloven")
    assert vault.setting("consent_legal_template") == "seed"


def test_the_municipalitys_template_folder_is_where_the_pdfs_look_first():
    folder = prefs.own_templates_dir()
    assert folder == prefs.template_dirs()[0]
    names = dict(prefs.template_names())
    assert names["consent_legal_gdpr.txt"] is False
    folder.mkdir(parents=True)
    (folder / "consent_legal_gdpr.txt").write_text("- Kommunens egen tekst.", encoding="utf-8")
    assert dict(prefs.template_names())["consent_legal_gdpr.txt"] is True
    assert prefs.load_template("consent_legal_gdpr.txt") == "- Kommunens egen tekst."


# -- Indstillinger: the logo, the legal wording and the language ------------------------------------------------


@pytest.fixture
def settings(qtbot, vault):
    from sspdesk.ui.settings.settings_page import SettingsPage

    page = SettingsPage()
    qtbot.addWidget(page)
    page.on_unlocked(vault)
    yield page
    page.on_locked()


def test_a_logo_chosen_on_indstillinger_is_saved_and_removing_it_asks_first(settings, vault, tmp_path):
    picker = settings.logo_box.picker
    path = tmp_path / "logo.jpg"
    path.write_bytes(image_bytes("JPEG"))
    picker.choose_file(str(path))
    assert prefs.municipality_logo(vault) == image_bytes("JPEG")
    assert picker.message.text() == "Logoet er gemt." and picker.remove_button.isEnabled()
    questions: list[str] = []
    picker.confirm_remove = lambda title, text: questions.append(text) or False
    picker.remove_button.click()
    assert prefs.municipality_logo(vault) is not None and len(questions) == 1
    picker.confirm_remove = lambda title, text: True
    picker.remove_button.click()
    assert prefs.municipality_logo(vault) is None and picker.message.text() == "Logoet er fjernet."


def test_a_refused_logo_file_on_indstillinger_keeps_the_saved_one(settings, vault, tmp_path):
    prefs.set_municipality_logo(vault, image_bytes())
    settings.on_unlocked(vault)
    bad = tmp_path / "logo.gif"
    bad.write_bytes(b"GIF89a" + b"\0" * 20)
    settings.logo_box.picker.choose_file(str(bad))
    assert prefs.municipality_logo(vault) == image_bytes()
    assert "PNG- eller JPEG" in settings.logo_box.picker.message.text()


def test_the_legal_wording_is_chosen_on_indstillinger_and_the_template_folder_is_named(settings, vault):
    box = settings.templates_box
    assert box.buttons["gdpr"].isChecked()
    box.buttons["seed"].click()
    assert vault.setting("consent_legal_template") == "seed"
    assert str(prefs.own_templates_dir()) in box.folder_note.text()
    settings.on_locked()
    assert not box.folder_note.text() and not any(button.isChecked() for button in box.buttons.values())
    assert settings.logo_box.picker.data is None and not settings.shows_data()
