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
