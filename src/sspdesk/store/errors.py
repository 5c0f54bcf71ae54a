"""Typed errors of the vault. Each carries a Danish message for the GUI and the CLI.

The GUI shows `.message`; the CLI prints it and maps the type to an exit code (see `sspdesk.cli`).
"""

from __future__ import annotations

import errno
from pathlib import Path


class VaultError(Exception):
    """Base of every vault error."""

    message = "Der opstod en fejl i datafilen."

    def __init__(self, message: str | None = None) -> None:
        if message:
            self.message = message
        super().__init__(self.message)


class WrongPassphrase(VaultError):
    message = "Forkert adgangskode. Prøv igen."


class VaultNotFound(VaultError):
    message = "Datafilen findes ikke."


class VaultExists(VaultError):
    message = "Der findes allerede en datafil på denne placering."


class NotAVault(VaultError):
    message = "Filen er ikke en sspdesk-datafil."


class VaultDamaged(VaultError):
    """The file looks like a vault but cannot be read: truncated, bit-flipped or otherwise damaged.

    `backups` lists backups that open with the given passphrase (newest first), so the caller can offer a restore.
    """

    message = "Datafilen er beskadiget og kan ikke åbnes. Filen er ikke ændret."

    def __init__(self, message: str | None = None, backups: list[Path] | None = None) -> None:
        super().__init__(message)
        self.backups = backups or []


# A page that fails SQLCipher's HMAC (a flipped bit) or SQLite's structure checks surfaces on the statement that
# reads it, long after the key was proven: it is damage, never a wrong passphrase.
DAMAGED_ON_READ = (
    "Datafilen er beskadiget: en del af den kan ikke læses. Intet er ændret. Gendan fra en sikkerhedskopi "
    "(sspdesk-cli check viser dem, der kan åbnes)."
)
# A vault whose full check failed takes no more writes: a write could spread the damage or bury it.
DAMAGED_NO_WRITES = (
    "Datafilen er beskadiget (kontrollen af datafilen fandt fejl), så intet gemmes i den. Gendan fra en sikkerhedskopi."
)


def is_damage(error: BaseException) -> bool:
    """True for an SQLite/SQLCipher error that means a page of the file is damaged."""
    text = str(error).lower()
    return "malformed" in text or "not a database" in text or "hmac" in text


def damage_error(error: BaseException, backups: list[Path] | None = None) -> VaultDamaged | None:
    """The VaultDamaged to raise for a database error that means damage, or None for any other error."""
    if isinstance(error, VaultDamaged):
        return error
    if isinstance(error, VaultError) or not is_damage(error):
        return None
    return VaultDamaged(DAMAGED_ON_READ, backups)


class CheckInterrupted(VaultError):
    """The full check was interrupted (the vault is locking): nothing is known about the file's health."""

    message = "Kontrollen af datafilen blev afbrudt."


class VaultInUse(VaultError):
    message = "Datafilen er allerede åben i et andet sspdesk-vindue eller program."


class VaultLocked(VaultError):
    message = "Datafilen er låst. Lås op med din adgangskode."


class PassphraseRejected(VaultError):
    """A new passphrase does not meet the rules (too short, contains a NUL character, ...)."""

    message = "Adgangskoden kan ikke bruges."


class VaultIOError(VaultError):
    """The disk is full or cannot be read or written. Nothing was changed; the vault itself is not damaged."""

    message = "Disken er fuld eller kan ikke læses eller skrives. Intet er ændret."


def disk_problem(error: BaseException) -> str | None:
    """A Danish phrase for an error that is about the disk (full, I/O), or None for any other error."""
    text = str(error).lower()
    if (isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT)) or "full" in text:
        return "der er ikke plads på disken"
    if isinstance(error, OSError) or "disk i/o error" in text or "unable to open" in text:
        return "disken kan ikke læses eller skrives"
    return None


class MissingCipher(VaultError):
    message = "SQLCipher mangler: sspdesk nægter at bruge en ukrypteret database."
