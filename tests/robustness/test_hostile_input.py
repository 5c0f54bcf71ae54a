"""Hostile input, fuzzed with hypothesis: the bundle reader, the profile loader and the template loader.

Each may only answer with its typed error (a `BundleError`, an `Invalid`) or a correct result; nothing is
written to the vault (its file and WAL are compared byte for byte after a full checkpoint); no input takes more than a
few seconds (`deadline`). `SSPDESK_LONG_TESTS=1` runs ten times the examples.

The tests at the end are bugs this fuzzing found (deeply nested JSON, an indexed placeholder), kept as regression
tests.
"""

from __future__ import annotations

import base64
import copy
import json
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pyrage
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from robustness import LONG, Snapshot
from sspdesk.bundles import BundleError
from sspdesk.bundles.crypto import AGE_MAGIC
from sspdesk.bundles.importer import import_bundle, open_bundle
from sspdesk.domain.errors import Invalid
from sspdesk.pdf.consent_pdfs import consent_form_pdf, fill_template, template_flowables
from sspdesk.preferences import load_template
from sspdesk.profiles import Profile, load_profile, parse_profile
from sspdesk.resources import resource
from sspdesk.store import records
from sspdesk.store.vault import Vault
from support.bundles import decrypt_for, export_to, make_vault, seal

SCALE = 10 if LONG else 1
FUZZ = settings(
    max_examples=200 * SCALE,
    deadline=timedelta(seconds=5),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
QUICK = settings(FUZZ, max_examples=100 * SCALE)


# -- the bundle reader ------------------------------------------------------------------------------------------


class Bundles:
    """B, a valid bundle from A to B (a case, its sections and deadline, a contact), its container, A."""

    def __init__(self, folder: Path) -> None:
        self.a, self.b = make_vault(folder, "a"), make_vault(folder, "b")
        with self.a.transaction() as conn:
            records.put(
                conn, "contacts", records.new_id(), {"name": "Eva Fiktiv", "role": "Lokalbetjent"}, self.a.device_id
            )
        from robustness import fill_cases

        fill_cases(self.a, 1)
        self.data = export_to(self.a, self.b, folder / "valid.sspbundle")
        self.container = decrypt_for(self.b, self.data)
        self.recipient = pyrage.x25519.Recipient.from_str(self.b.identity.recipient)

    def close(self) -> None:
        self.a.close()
        self.b.close()


@pytest.fixture(scope="module")
def bundles(tmp_path_factory: pytest.TempPathFactory):
    made = Bundles(tmp_path_factory.mktemp("hostile"))
    yield made
    made.close()


def _only_bundle_errors(vault: Vault, data: bytes, snapshot: Snapshot) -> None:
    try:
        import_bundle(vault, data)
    except BundleError as error:
        assert error.exit_code in (3, 4) and error.message
        event(error.check)
    else:
        raise AssertionError("a hostile bundle was imported")
    assert snapshot.files_unchanged()


_B64 = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", max_size=70)
_HEADER_LINE = st.one_of(
    st.builds(
        lambda kind, args: f"-> {kind} {args}\n",
        st.sampled_from(["X25519", "scrypt", "ssh-ed25519", "x"]),
        st.text(alphabet="0123456789 abcAZ+/=", max_size=50),
    ),
    st.builds(lambda body: body + "\n", _B64),
    st.builds(lambda mac: f"--- {mac}\n", _B64),
)
AGE_LIKE = st.builds(
    lambda lines, tail: AGE_MAGIC + "".join(lines).encode() + tail,
    st.lists(_HEADER_LINE, max_size=8),
    st.binary(max_size=200),
)


@FUZZ
@given(data=st.one_of(st.binary(max_size=4096), st.binary(max_size=1024).map(lambda b: AGE_MAGIC + b), AGE_LIKE))
def test_random_bytes_are_refused_with_a_bundle_error(bundles: Bundles, data: bytes) -> None:
    _only_bundle_errors(bundles.b, data, Snapshot(bundles.b, rows=False))


@st.composite
def mutated(draw: st.DrawFn, original: bytes) -> bytes:
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 6))):
        if not data:
            break
        where = draw(st.integers(0, len(data) - 1))
        how = draw(st.sampled_from(["xor", "set", "insert", "delete", "truncate", "duplicate"]))
        if how == "xor":
            data[where] ^= draw(st.integers(1, 255))
        elif how == "set":
            data[where] = draw(st.integers(0, 255))
        elif how == "insert":
            data[where:where] = draw(st.binary(min_size=1, max_size=64))
        elif how == "delete":
            del data[where : where + draw(st.integers(1, 64))]
        elif how == "truncate":
            del data[where:]
        else:
            data[where:where] = data[where : where + draw(st.integers(1, 200))]
    return bytes(data)


@FUZZ
@given(seed=st.data())
def test_mutated_valid_bundles_are_refused_with_a_bundle_error(bundles: Bundles, seed: st.DataObject) -> None:
    data = seed.draw(mutated(bundles.data))
    if data == bundles.data:
        return
    _only_bundle_errors(bundles.b, data, Snapshot(bundles.b, rows=False))


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)


def _paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    found = [prefix]
    if isinstance(value, dict):
        for key, inner in value.items():
            found += _paths(inner, (*prefix, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found += _paths(inner, (*prefix, index))
    return found


def _replace(tree: Any, path: tuple, new: Any) -> Any:
    if not path:
        return new
    parent = tree
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = new
    return tree


@FUZZ
@given(seed=st.data())
def test_signed_containers_with_hostile_content_give_only_bundle_errors(bundles: Bundles, seed: st.DataObject) -> None:
    """Past the age layer and the signature (A re-signs the changed content): the JSON, manifest and record
    checks. open_bundle writes nothing; it must answer with a validated bundle or a BundleError."""
    container = copy.deepcopy(bundles.container)
    for _ in range(seed.draw(st.integers(1, 3))):
        path = seed.draw(st.sampled_from(_paths(container)))
        if path[:1] == ("manifest",) and path[1:2] in (("payload_sha256",), ("sender",)):
            continue  # seal() rewrites the hash; a changed sender key is the tampering tests' subject
        container = _replace(container, path, seed.draw(JSON))
    if (
        not isinstance(container, dict)
        or not isinstance(container.get("manifest"), dict)
        or not isinstance(container.get("payload"), dict)
        or not isinstance(container.get("signature"), dict)
    ):
        data = pyrage.encrypt(json.dumps(container).encode(), [bundles.recipient])
    else:
        data = seal(container, bundles.a, bundles.b.identity.recipient)
    snapshot = Snapshot(bundles.b, rows=False)
    try:
        open_bundle(bundles.b, data)
    except BundleError as error:
        assert error.exit_code in (3, 4) and error.message
        event(error.check)
    else:
        event("accepted")
    assert snapshot.files_unchanged()


# -- the profile loader -----------------------------------------------------------------------------------------

_PROFILE_KEYS = (
    "id",
    "name",
    "municipality_model",
    "note",
    "closing_days",
    "retention_years",
    "levels",
    "forums",
    "age_rules",
    "focus_areas",
    "age_range",
    "code",
    "description",
    "record_kind",
    "forum",
    "deadlines",
    "invite",
    "kind",
    "label",
    "amount",
    "unit",
    "role",
    "under_age",
    "from_age",
    "min_age",
    "max_age",
    "cadence",
    "cadence_days",
    "participants",
    "youth_forum",
    "replaces",
    "ssp_plus",
    "from_months",
)
PROFILE_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=True)
    | st.sampled_from(
        [
            "I",
            "II",
            "sag",
            "journal",
            "days",
            "working_days",
            "next_meeting",
            "Sagsmøde",
            "06-05",
            "02-30",
            "albertslund",
            "",
        ]
    )
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(_PROFILE_KEYS) | st.text(max_size=8), inner, max_size=6)
    ),
    max_leaves=25,
)


def _profile_or_error(text: str) -> None:
    try:
        assert isinstance(parse_profile(text, source="fuzz.json"), Profile)
    except Invalid as error:
        assert error.message.startswith("Profilen")


@QUICK
@given(text=st.text(max_size=2000))
def test_random_text_is_a_profile_error(text: str) -> None:
    _profile_or_error(text)


@FUZZ
@given(value=PROFILE_JSON)
def test_json_shaped_like_a_profile_is_a_profile_or_a_profile_error(value: Any) -> None:
    _profile_or_error(json.dumps(value))


BUILTIN = json.loads(resource("profiles", "albertslund.json").read_text(encoding="utf-8"))


@FUZZ
@given(seed=st.data())
def test_a_damaged_builtin_profile_is_a_profile_or_a_profile_error(seed: st.DataObject) -> None:
    profile = copy.deepcopy(BUILTIN)
    for _ in range(seed.draw(st.integers(1, 3))):
        profile = _replace(profile, seed.draw(st.sampled_from(_paths(profile))), seed.draw(PROFILE_JSON))
    _profile_or_error(json.dumps(profile, ensure_ascii=seed.draw(st.booleans())))


@QUICK
@given(data=st.binary(max_size=2000))
def test_a_profile_file_of_random_bytes_is_a_profile_error(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.json"
        path.write_bytes(data)
        with pytest.raises(Invalid):
            load_profile(path)


# -- the template loader ------------------------------------------------------------------------------------------

TEMPLATE = "consent_legal_gdpr.txt"
_TEMPLATE_LINE = st.one_of(
    st.text(max_size=80),
    st.builds(
        lambda head, name, tail: f"{head}{{{name}}}{tail}",
        st.text(max_size=10),
        st.sampled_from(["kommune", "afdeling", "adresse", "ukendt", "0", "", "kommune!r", "kommune:>9"]),
        st.text(max_size=10),
    ),
    st.sampled_from(
        [
            "% kommentar",
            "# Overskrift",
            "- punkt",
            "",
            "<b>fed</b>",
            "<para>",
            "&amp;",
            "{",
            "}",
            "{{}}",
            "\x00",
            "\u202e",
            "\ufeff",
        ]
    ),
)
TEMPLATE_TEXT = st.lists(_TEMPLATE_LINE, max_size=30).map("\n".join)


@pytest.fixture(scope="module")
def template_vault(tmp_path_factory: pytest.TempPathFactory):
    vault = make_vault(tmp_path_factory.mktemp("templates"), "t")
    yield vault
    vault.close()


def _override(text: bytes) -> Path:
    from sspdesk.paths import data_dir

    folder = data_dir() / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / TEMPLATE).write_bytes(text)
    return folder / TEMPLATE


@FUZZ
@given(text=TEMPLATE_TEXT)
def test_any_template_text_renders_and_writes_nothing(template_vault: Vault, text: str) -> None:
    """A municipality's own template (any UTF-8 text) is loaded, filled and laid out; the PDF is made."""
    from sspdesk.consents import letterhead

    _override(text.encode("utf-8"))
    snapshot = Snapshot(template_vault, rows=False)
    loaded = load_template(TEMPLATE)
    assert loaded == text.replace("\r\n", "\n").replace("\r", "\n") or loaded == text
    heading = letterhead(template_vault)
    filled = fill_template(loaded, heading)
    template_flowables(filled, "small")
    pdf = consent_form_pdf(None, loaded, heading, date(2026, 5, 14))
    assert pdf.startswith(b"%PDF")
    assert snapshot.files_unchanged()


@QUICK
@given(data=st.binary(min_size=1, max_size=500).filter(lambda b: _not_utf8(b)))
def test_a_template_that_is_not_utf8_fails_cleanly_and_writes_nothing(template_vault: Vault, data: bytes) -> None:
    from sspdesk.consents import blank_consent_pdf

    _override(data)
    snapshot = Snapshot(template_vault, rows=False)
    with pytest.raises(ValueError):  # UnicodeDecodeError: the product has no typed template error (see report)
        blank_consent_pdf(template_vault)
    assert snapshot.files_unchanged()


def _not_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


# -- bugs the fuzzing above found once, kept as regression tests ------------------------------------------------------


def test_deeply_nested_json_in_a_bundle_is_a_bundle_error(bundles: Bundles) -> None:
    data = pyrage.encrypt(b"[" * 100_000, [bundles.recipient])
    snapshot = Snapshot(bundles.b, rows=False)
    with pytest.raises(BundleError):
        import_bundle(bundles.b, data)
    assert snapshot.files_unchanged()


def test_deeply_nested_json_in_a_profile_is_a_profile_error() -> None:
    with pytest.raises(Invalid):
        parse_profile('{"levels": ' + "[" * 100_000)


def test_a_placeholder_with_an_index_is_printed_as_is() -> None:
    assert "{kommune[x]}" in fill_template("Kommune: {kommune[x]}", {"kommune": "Fiktiv Kommune"})


def test_the_valid_bundle_used_above_imports(bundles: Bundles) -> None:
    """The control: the fuzzers started from a bundle that is accepted as it is."""
    assert base64.b64decode(bundles.container["signature"]["value"])
    assert open_bundle(bundles.b, bundles.data).records
