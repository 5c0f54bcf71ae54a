"""The team folder itself: where it is (a vault setting), that the vault is not inside it, and what its files are.

A file of ours is named `<device_id>-<seq:08d>-<sha256 first 16 hex>.sspsync`: the writer's device id, its own
sequence number and the first 16 hex digits of the SHA-256 of the file's bytes. It is written as `….partial` and
then renamed, so a complete name means a complete file – and the hash in the name lets a reader tell a file that
is still arriving (OneDrive and SMB show files while they are copied) from a complete one without decrypting it.

Everything else in the folder is classified, never an error: Syncthing's temp files (`~syncthing~….tmp`,
`.syncthing.….tmp`), our own and others' `.partial`/`.tmp` files, conflict copies (`….sync-conflict-<date>-<time>-
<device>.sspsync` from Syncthing, `… (LAPTOP-7).sspsync` and `…-LAPTOP-7.sspsync` from OneDrive and Dropbox)
– a conflict copy whose bytes are a valid bundle is read like the original, once – and foreign files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sspdesk.domain.errors import Invalid
from sspdesk.store.backups import default_backup_dir
from sspdesk.store.settings import set_setting
from sspdesk.store.vault import Vault

SUFFIX = ".sspsync"
SETTING = "team_folder"
_NAME = re.compile(
    r"^(?P<device>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})-(?P<seq>\d{8})-(?P<hash>[0-9a-f]{16})"
)
# What the engines append to a conflict copy's name (before the suffix): Syncthing's ".sync-conflict-<date>-<time>-
# <device>", OneDrive's and Dropbox's " (LAPTOP-7)" / " (1)", OneDrive's "-LAPTOP-7".
_COPY_MARK = re.compile(
    r"^(\.sync-conflict-\d{8}-\d{6}-[A-Za-z0-9]{7}| \([^()]{1,80}\)|-[A-Za-z0-9][A-Za-z0-9-]{0,60})$"
)
_TEMP = (
    re.compile(r"^~syncthing~.*\.tmp$"),
    re.compile(r"^\.syncthing\..*\.tmp$"),
    re.compile(r"^\.~.*$"),  # SMB/Office lock and temp files
    re.compile(r".*\.(partial|tmp)$"),
)
# Files and folders the engines keep for themselves: not worth a line in the report.
ENGINE_OWN = {".stfolder", ".stignore", ".stversions", ".stfolder.removed", "desktop.ini", ".DS_Store", "Thumbs.db"}

TEMP_REASON = "Midlertidig fil (en synkronisering er i gang); den springes over."
FOREIGN_REASON = "Ikke en sspdesk-synkroniseringsfil; den springes over."


@dataclass(frozen=True)
class FolderFile:
    """A file found in the folder. `kind`: bundle | copy (a conflict copy of a bundle's name) | temp | foreign."""

    path: Path
    kind: str
    device_id: str = ""
    seq: int = 0
    name_hash: str = ""

    @property
    def name(self) -> str:
        return self.path.name


def file_name(device_id: str, seq: int, sha256: str) -> str:
    return f"{device_id}-{seq:08d}-{sha256[:16]}{SUFFIX}"


def partial_name(device_id: str, seq: int) -> str:
    return f"{device_id}-{seq:08d}.partial"


def classify(path: Path) -> FolderFile:
    name = path.name
    if any(p.match(name) for p in _TEMP):
        return FolderFile(path, "temp")
    if not name.endswith(SUFFIX):
        return FolderFile(path, "foreign")
    stem = name[: -len(SUFFIX)]
    found = _NAME.match(stem)
    if found is None:
        return FolderFile(path, "foreign")
    rest = stem[found.end() :]
    if rest and not _COPY_MARK.match(rest):
        return FolderFile(path, "foreign")
    return FolderFile(path, "copy" if rest else "bundle", found["device"], int(found["seq"]), found["hash"])


def list_folder(folder: Path) -> list[FolderFile]:
    """Every regular file in the folder (not its subfolders), classified, in name order."""
    found = []
    for entry in sorted(Path(folder).iterdir(), key=lambda p: p.name):
        if entry.name in ENGINE_OWN or entry.is_dir() or entry.is_symlink():
            continue
        found.append(classify(entry))
    return found


# -- where the folder is --------------------------------------------------------------------------------------------


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or path.is_relative_to(folder)


def check_folder(vault_path: Path, folder: Path, *, backup_dir: Path | None = None) -> None:
    """Raise Invalid when the folder cannot be the team folder: it does not exist, or the vault (or its backups
    folder) lies inside it – a synced folder would copy SQLite files while they are written, and carry the
    encrypted vault to every colleague."""
    folder = Path(folder).expanduser()
    if not folder.is_dir():
        raise Invalid(f"Teammappen findes ikke (eller er ikke en mappe): {folder}", SETTING)
    real = folder.resolve()
    vault = Path(vault_path).expanduser().resolve()
    if _inside(vault, real) or _inside(real, vault):
        raise Invalid(
            "Datafilen ligger i teammappen. Flyt datafilen uden for den synkroniserede mappe (en database må ikke "
            "ligge i en mappe, som Syncthing, OneDrive eller et netværksdrev kopierer), eller vælg en anden mappe.",
            SETTING,
        )
    for backups in {default_backup_dir(vault), *([Path(backup_dir).expanduser()] if backup_dir else [])}:
        if _inside(backups.resolve(), real):
            raise Invalid(
                "Sikkerhedskopierne ligger i teammappen. Vælg en anden mappe til sikkerhedskopier eller en anden "
                "teammappe.",
                SETTING,
            )


def team_folder(vault: Vault) -> Path | None:
    """The team folder chosen for this vault (setting `team_folder`), or None."""
    value = vault.setting(SETTING)
    return Path(value) if value else None


def set_team_folder(vault: Vault, folder: Path | None) -> None:
    """Choose the team folder (None: none). Refused (Invalid) as check_folder says."""
    if folder is None or not str(folder).strip():
        value = ""
    else:
        check_folder(vault.path, Path(folder), backup_dir=vault.backup_folder())
        value = str(Path(folder).expanduser().resolve())
    if (vault.setting(SETTING) or "") != value:
        with vault.transaction() as conn:
            vault.log("settings.change", detail=SETTING)
            set_setting(conn, SETTING, value)
