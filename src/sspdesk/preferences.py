"""Settings as service functions: validation with Danish messages, one transaction and one audit entry per change.

The GUI (Indstillinger) and the CLI call these instead of `vault.set_setting`, so a range or a rule lives in one
place. Every function refuses a bad value with `Invalid` *before* anything is written, writes only the keys
whose value really changes, and logs each of them as `settings.change` (detail: the key, never the value – a
setting such as the user's name is personal data) in the same transaction as the change.

Classification profiles: a municipality's own profile files live in `profile_dirs()[0]` (plain JSON; a profile
holds no personal data). Importing a file validates it with `load_profile`, copies it there as `<id>.json` and makes
it the active model. A file whose id is that of a built-in profile, or of a profile imported earlier, *replaces* it
(a file `<id>.json` wins over the built-in one in `get_profile`: that is how a municipality adjusts e.g. closing days
without a new program version). Because that silently changes the model of every existing case with that profile id,
it happens only when the caller says so (`replace=True`, the GUI asks first), and the new file must keep every level
code of the profile it replaces, so no existing case is left at a level that no longer exists.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import logging
import os
import tempfile
from pathlib import Path
from typing import Any, Literal

from sspdesk.domain.errors import Invalid
from sspdesk.profiles import Profile, builtin_profiles, get_profile, load_profile
from sspdesk.profiles import profile_dirs as profile_dirs  # re-exported: the settings page lists them
from sspdesk.store.settings import set_setting
from sspdesk.store.vault import Vault
from sspdesk.workdays import NO_CLOSING_DAYS, parse_closing_days

log = logging.getLogger(__name__)

AUTOLOCK_RANGE = (1, 120)  # minutes
BACKUP_COUNT_RANGE = (1, 100)
AREA_MAX_LENGTH = 60
NAME_MAX_LENGTH = 100
ADDRESS_MAX_LENGTH = 200
PHONE_MAX_LENGTH = 30
_PHONE_CHARS = set("0123456789 +()-")

ProfileSource = Literal["builtin", "override", "file"]

LOGO_MAX_BYTES = 500 * 1024  # stored as base64 in the settings table: keep it a letterhead, not a photo
_LOGO_MAGIC = {b"\x89PNG\r\n\x1a\n": "PNG", b"\xff\xd8\xff": "JPEG"}
CONSENT_TEMPLATES = {
    "gdpr": "Gældende regler (databeskyttelsesforordningen og databeskyttelsesloven)",
    "seed": "Bilag 6 ordret (Persondataloven, 2015)",
}


class ProfileRefused(Invalid):
    """A profile file or id that cannot be used as the model. `field` is the setting ("profile"), as for any setting;
    `profile_field` is the dotted path inside the profile (`levels.1.deadlines.0.unit`), when known."""

    def __init__(self, message: str, profile_field: str | None = None) -> None:
        super().__init__(message, "profile")
        self.profile_field = profile_field


class ProfileClash(ProfileRefused):
    """The imported profile has the id of a built-in or an earlier imported profile; `replace=True` replaces it."""

    def __init__(self, message: str, profile: Profile, replaces: Profile) -> None:
        super().__init__(message, "id")
        self.profile = profile
        self.replaces = replaces


# -- writing ----------------------------------------------------------------------------------------------------


def _store(vault: Vault, values: dict[str, Any]) -> list[str]:
    """Write the values that differ from the stored ones, each logged, in one transaction; return the changed keys."""
    with vault.transaction() as conn:
        return _store_in(vault, conn, values)


def _store_in(vault: Vault, conn: Any, values: dict[str, Any]) -> list[str]:
    """`_store` inside the caller's transaction."""
    changed = [key for key, value in values.items() if vault.setting(key) != value]
    for key in changed:  # all logged before any write: a new user name does not sign its own change
        vault.log("settings.change", detail=key)
    for key in changed:
        set_setting(conn, key, values[key])
    return changed


def text_setting(vault: Vault, key: str) -> str:
    value = vault.setting(key)
    return "" if value is None else str(value)


def _int(value: object, key: str, low: int, high: int, message: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise Invalid(message, key)
    return value


def _text(value: str, key: str, what: str, max_length: int, *, required: bool = False) -> str:
    text = (value or "").strip()
    if required and not text:
        raise Invalid(f"Skriv {what}.", key)
    if len(text) > max_length:
        raise Invalid(f"{what[0].upper()}{what[1:]} må højst være {max_length} tegn.", key)
    if any(ord(char) < 32 for char in text):
        raise Invalid(f"{what[0].upper()}{what[1:]} må ikke indeholde linjeskift eller tabulatorer.", key)
    return text


# -- simple settings ------------------------------------------------------------------------------------------


def set_autolock_minutes(vault: Vault, minutes: int) -> None:
    low, high = AUTOLOCK_RANGE
    _int(minutes, "autolock_minutes", low, high, f"Automatisk lås skal være mellem {low} og {high} minutter.")
    _store(vault, {"autolock_minutes": minutes})


def set_backup_count(vault: Vault, count: int) -> None:
    low, high = BACKUP_COUNT_RANGE
    _int(count, "backup_count", low, high, f"Antal sikkerhedskopier skal være mellem {low} og {high}.")
    _store(vault, {"backup_count": count})


def set_backup_dir(vault: Vault, path: str | os.PathLike[str]) -> None:
    """The folder for backups; it must exist and be writable (tried with a real file: access bits lie on Windows).
    An empty path means the default: a `backups` folder beside the vault."""
    if not str(path).strip():
        _store(vault, {"backup_dir": ""})
        return
    folder = Path(path).expanduser()
    if not folder.exists():
        raise Invalid(f"Mappen findes ikke: {folder}", "backup_dir")
    if not folder.is_dir():
        raise Invalid(f"Det er ikke en mappe: {folder}", "backup_dir")
    try:
        with tempfile.TemporaryFile(dir=folder, prefix=".sspdesk-write-test-"):
            pass
    except OSError as exc:
        raise Invalid(f"Der kan ikke skrives i mappen: {folder}", "backup_dir") from exc
    _store(vault, {"backup_dir": str(folder.resolve())})


def municipality_values(name: str, address: str = "", phone: str = "") -> dict[str, str]:
    """The checked settings of `set_municipality`, without saving (the first-run dialog checks before it creates)."""
    values = {
        "municipality": _text(name, "municipality", "kommunens navn", NAME_MAX_LENGTH, required=True),
        "municipality_address": _text(address, "municipality_address", "adressen", ADDRESS_MAX_LENGTH),
        "municipality_phone": _text(phone, "municipality_phone", "telefonnummeret", PHONE_MAX_LENGTH),
    }
    if not set(values["municipality_phone"]) <= _PHONE_CHARS:
        raise Invalid("Telefonnummeret må kun indeholde tal, mellemrum og + ( ) -.", "municipality_phone")
    return values


def set_municipality(vault: Vault, name: str, address: str = "", phone: str = "") -> None:
    """The municipality as printed on letters and PDFs."""
    _store(vault, municipality_values(name, address, phone))


def set_user(vault: Vault, name: str, role: str) -> None:
    """The user's name (written in the audit log and on forms) and role (e.g. Kriminalpræventiv koordinator)."""
    _store(
        vault,
        {
            "user_name": _text(name, "user_name", "dit navn", NAME_MAX_LENGTH, required=True),
            "user_role": _text(role, "user_role", "din rolle", NAME_MAX_LENGTH),
        },
    )


def set_leader_name(vault: Vault, name: str) -> str:
    """The DKE leader's name: radicalisation cases are brought before the leader (seed 000 l.532–533) and the leader
    is proposed for their meetings. '' removes it (the profile's leader role is shown alone)."""
    text = _text(name, "leader_name", "lederens navn", NAME_MAX_LENGTH)
    _store(vault, {"leader_name": text})
    return text


def set_fagsystem_recipient(vault: Vault, key: str) -> None:
    """The case system's age X25519 public key (age1…); cases handed to the fagsystem are encrypted to it.
    An empty key removes it."""
    text = (key or "").strip()
    if text.upper().startswith("AGE-SECRET-KEY-"):
        raise Invalid(
            "Det er en privat nøgle. Indsæt fagsystemets offentlige nøgle (age1…) – en privat nøgle må aldrig deles.",
            "fagsystem_recipient",
        )
    if text:
        from pyrage import RecipientError, x25519  # loaded when a key is checked, not at start-up

        try:
            x25519.Recipient.from_str(text)
        except (RecipientError, ValueError) as exc:
            raise Invalid(
                "Nøglen er ikke en gyldig offentlig age-nøgle. Den begynder med age1 og er 62 tegn lang.",
                "fagsystem_recipient",
            ) from exc
    _store(vault, {"fagsystem_recipient": text})


# -- the municipality's logo (letters and PDFs) ------------------------------------------------------------


def logo_format(data: bytes) -> str | None:
    """ "PNG" or "JPEG" by the file's first bytes (its name may lie), else None."""
    return next((kind for magic, kind in _LOGO_MAGIC.items() if data.startswith(magic)), None)


def _logo_too_big() -> Invalid:
    return Invalid(
        f"Logoet må højst fylde {LOGO_MAX_BYTES // 1024} kB. Gem det i en mindre udgave, fx 600 punkter bredt.",
        "municipality_logo",
    )


def check_logo(data: bytes) -> bytes:
    """The bytes of a usable logo: PNG or JPEG (by magic bytes), at most LOGO_MAX_BYTES."""
    if not data:
        raise Invalid("Billedfilen er tom.", "municipality_logo")
    if len(data) > LOGO_MAX_BYTES:
        raise _logo_too_big()
    if logo_format(data) is None:
        raise Invalid("Logoet skal være et PNG- eller JPEG-billede.", "municipality_logo")
    return data


def read_logo_file(path: str | os.PathLike[str]) -> bytes:
    """Read and check an image file for the logo (a huge file is refused before it is read)."""
    source = Path(path)
    try:
        if source.stat().st_size > LOGO_MAX_BYTES:
            raise _logo_too_big()
        data = source.read_bytes()
    except OSError as exc:
        raise Invalid(f"Filen kan ikke læses: {source.name}", "municipality_logo") from exc
    return check_logo(data)


def municipality_logo(vault: Vault) -> bytes | None:
    """The logo stored in the vault (base64 in the settings table), or None."""
    value = vault.setting("municipality_logo")
    if not value:
        return None
    try:
        data = base64.b64decode(str(value), validate=True)
    except (binascii.Error, ValueError):
        log.warning("settings: the stored logo is not valid base64")
        return None
    return data if logo_format(data) else None


def set_municipality_logo(vault: Vault, data: bytes | None) -> None:
    """Store the logo inside the vault (encrypted with it); None or empty removes it."""
    value = base64.b64encode(check_logo(data)).decode("ascii") if data else ""
    _store(vault, {"municipality_logo": value})


# -- templates and language -------------------------------------------------------------------------------


def set_consent_legal_template(vault: Vault, template: str) -> None:
    """Which legal notes the consent form prints: "gdpr" (today's law) or "seed" (Bilag 6's Persondataloven)."""
    if template not in CONSENT_TEMPLATES:
        raise Invalid("Vælg en af de to formuleringer.", "consent_legal_template")
    _store(vault, {"consent_legal_template": template})


def own_templates_dir() -> Path:
    """Where a municipality puts its own template files; a file there replaces the bundled one of that name
    (the first folder of `template_dirs`)."""
    from sspdesk.paths import data_dir

    return data_dir() / "templates"


def template_dirs() -> list[Path]:
    """Where templates are looked for: the municipality's own folder first, then the bundled ones."""
    from sspdesk.resources import resource

    return [own_templates_dir(), resource("templates")]


def load_template(name: str) -> str:
    """A letter or form template's text (see `sspdesk.pdf.consent_pdfs` for its syntax); the PDF is given the
    text, so it reads no file itself."""
    for folder in template_dirs():
        path = folder / name
        if path.is_file():
            try:
                return path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise Invalid(
                    f"Skabelonen {path} kan ikke læses: den skal være en UTF-8-tekstfil.", "template"
                ) from exc
    raise FileNotFoundError(f"template not found: {name}")


def template_names() -> list[tuple[str, bool]]:
    """The bundled templates' file names, each with whether the municipality's own folder replaces it."""
    from sspdesk.resources import resource

    own = own_templates_dir()
    return [(path.name, (own / path.name).is_file()) for path in sorted(resource("templates").glob("*.txt"))]


# -- closing days (lukkedage) ------------------------------------------------------------------------------------


def set_closing_days(vault: Vault, text: str) -> str:
    """The days the municipality's offices are closed, as "MM-DD" ('06-05, 12-24, 12-31'), or "ingen"; '' goes back
    to the classification model's. Working-day deadlines skip them and calendar deadlines ending on one move to the
    next working day. Deadlines already dated keep their date until an event recounts them. Returns what was saved."""
    cleaned = " ".join(text.split())
    if cleaned:
        try:
            days = parse_closing_days(cleaned)
        except ValueError as exc:
            raise Invalid(str(exc), "closing_days") from None
        cleaned = ", ".join(f"{month:02d}-{day:02d}" for month, day in days) if days else NO_CLOSING_DAYS
    _store(vault, {"closing_days": cleaned})
    return cleaned


# -- areas (skoledistrikter / lokalområder) ------------------------------------------------------------------


def areas(vault: Vault) -> list[str]:
    """The municipality's areas in the user's order (older vaults may hold a comma-separated string)."""
    value = vault.setting("areas")
    if isinstance(value, str):
        value = value.split(",")
    return [str(name).strip() for name in value or () if str(name).strip()]


def clean_areas(names: list[str]) -> list[str]:
    """Trimmed names; refuses an empty or too long name and duplicates (case does not make a new area)."""
    result: list[str] = []
    seen: set[str] = set()
    for raw in names:
        name = " ".join(str(raw).split())  # trimmed, inner runs of spaces (and line breaks) made one space
        if not name:
            raise Invalid("Et område skal have et navn.", "areas")
        if len(name) > AREA_MAX_LENGTH:
            raise Invalid(f"Et områdes navn må højst være {AREA_MAX_LENGTH} tegn: „{name[:20]}…“", "areas")
        if name.casefold() in seen:
            raise Invalid(f"Området „{name}“ står der allerede.", "areas")
        seen.add(name.casefold())
        result.append(name)
    return result


def set_areas(vault: Vault, names: list[str]) -> list[str]:
    """Save the list of areas; cases keep the area text they were registered with. Returns the saved list."""
    cleaned = clean_areas(names)
    _store(vault, {"areas": cleaned})
    return cleaned


def remember_area(vault: Vault, conn: Any, name: str) -> bool:
    """Inside the caller's transaction: an area typed on a new case that is not in the list is added at its end, so
    what the user typed shows up in Indstillinger → Områder (and in the statistics' order). A name the list would
    refuse (too long) is left out; the case keeps it either way. True if the list changed."""
    name = " ".join(name.split())
    known = areas(vault)
    if not name or len(name) > AREA_MAX_LENGTH or name.casefold() in {a.casefold() for a in known}:
        return False
    _store_in(vault, conn, {"areas": [*known, name]})
    return True


# -- classification profiles -------------------------------------------------------------------------------


def _profile_files() -> list[Path]:
    return sorted(path for folder in profile_dirs() for path in Path(folder).glob("*.json") if path.is_file())


def _has_file(profile_id: str) -> bool:
    return any((Path(folder) / f"{profile_id}.json").is_file() for folder in profile_dirs())


def profile_source(profile_id: str) -> ProfileSource:
    """Where a profile comes from: shipped, a shipped one replaced by a file, or only a file."""
    if profile_id in builtin_profiles():
        return "override" if _has_file(profile_id) else "builtin"
    return "file"


def available_profiles(vault: Vault | None = None) -> list[Profile]:
    """The built-in profiles (as replaced by a file, if one is), then the imported ones by name.
    A broken file is left out (see `profile_file_errors`) so it cannot block the settings page."""
    found: dict[str, Profile] = {}
    for profile_id, builtin in builtin_profiles().items():
        try:
            found[profile_id] = get_profile(profile_id, extra_dirs=profile_dirs())
        except Invalid:
            found[profile_id] = builtin
    imported: list[Profile] = []
    for path in _profile_files():
        if path.stem in found:
            continue
        with contextlib.suppress(Invalid):
            profile = load_profile(path)
            if profile.id == path.stem:
                imported.append(profile)
    return [*found.values(), *sorted(imported, key=lambda p: p.name.casefold())]


def profile_file_errors() -> list[str]:
    """Danish messages for profile files in the profile folder that cannot be used."""
    errors: list[str] = []
    for path in _profile_files():
        try:
            profile = load_profile(path)
        except Invalid as exc:
            errors.append(exc.message)
            continue
        if profile.id != path.stem:
            errors.append(f"Profilen kan ikke bruges: id: filen hedder {path.name}, men id er {profile.id!r}")
    return errors


def read_profile_file(path: str | os.PathLike[str]) -> Profile:
    """Validate a profile file without touching the vault; the Danish message names the offending field."""
    try:
        return load_profile(path)
    except Invalid as exc:
        raise ProfileRefused(exc.message, exc.field) from exc


def clash_of(profile: Profile) -> Profile | None:
    """The usable profile an import of `profile` would replace (same id: built-in or imported earlier), if any."""
    if not _has_file(profile.id):
        return builtin_profiles().get(profile.id)
    try:
        return get_profile(profile.id, extra_dirs=profile_dirs())
    except Invalid:  # a broken earlier file of that id: only the built-in one (if any) is in use
        return builtin_profiles().get(profile.id)


def check_replacement(profile: Profile) -> Profile | None:
    """The profile an import would replace (see `clash_of`); ProfileRefused when it lacks one of that one's levels,
    on which existing cases may stand."""
    old = clash_of(profile)
    missing = [code for code in old.level_codes() if code not in profile.level_codes()] if old else []
    if old is not None and missing:
        raise ProfileRefused(
            f"Profilen kan ikke bruges: levels: den erstatter „{old.name}“, men mangler niveau "
            f"{', '.join(missing)}, som sager kan stå på.",
            "levels",
        )
    return old


def import_profile(vault: Vault, path: str | os.PathLike[str], *, replace: bool = False) -> Profile:
    """Validate a profile file, copy it into the profile folder as `<id>.json` and make it the active model.
    Raises ProfileRefused (the field named) for a bad file, ProfileClash for a known id unless `replace`."""
    source = Path(path)
    profile = read_profile_file(source)
    old = check_replacement(profile)
    if old is not None and not replace:
        what = "den indbyggede profil" if profile.id in builtin_profiles() else "en tidligere indlæst profil"
        raise ProfileClash(
            f"Profilen har id „{profile.id}“ ligesom {what} „{old.name}“. Indlæs den kun, hvis den skal erstatte den.",
            profile,
            old,
        )
    folder = Path(profile_dirs()[0])
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{profile.id}.json"
    if not (target.exists() and target.samefile(source)):
        _copy_atomically(source.read_bytes(), target)
    with vault.transaction() as conn:
        vault.log("profile.import", detail=f"{profile.id} ({source.name})")
        _store_in(vault, conn, {"profile": profile.id})
    return profile


def _copy_atomically(data: bytes, target: Path) -> None:
    handle, partial = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(partial)
        raise


def set_profile(vault: Vault, profile_id: str) -> Profile:
    """Make a profile the active model; the levels and deadlines of new cases follow it, existing ones keep theirs."""
    try:
        profile = get_profile(profile_id, extra_dirs=profile_dirs())
    except Invalid as exc:
        raise ProfileRefused(exc.message, exc.field) from exc
    _store(vault, {"profile": profile.id})
    return profile


def profile_name(profile_id: str | None) -> str:
    """A profile's name ("Albertslund – DKE niveau I–III") by its id; the id itself when it cannot be read."""
    if not profile_id:
        return "–"
    try:
        return get_profile(profile_id, extra_dirs=profile_dirs()).name
    except Invalid:
        return profile_id
