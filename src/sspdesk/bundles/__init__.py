"""Encrypted bundles (`.sspbundle`): carrying synced records between laptops.

`export` builds and signs a bundle, `importer` opens, verifies, validates and merges one, `merge` holds the
version-vector merge and the conflict service, `peers` the trusted senders, `format` the wire format and its
JSON Schema, `crypto` the age encryption and Ed25519 signatures (pyrage and cryptography; `age_scrypt` and
`age_stream` compose the age format from cryptography's standard primitives – no primitive is hand-written).

This module holds the typed errors. Each carries a Danish `.message` for the GUI and the CLI and an `exit_code`
(3 = authentication: wrong key or passphrase, bad signature, untrusted sender; 4 = invalid or corrupt input).
In every case nothing in the vault was changed.
"""

from __future__ import annotations

EXIT_AUTH = 3
EXIT_INVALID = 4
EXIT_FAILURE = 1


class BundleError(Exception):
    """Base of every bundle error. `check` names the check that failed (stable, English, for tests and logs)."""

    message = "Pakken kunne ikke læses."
    check = "bundle"
    exit_code = EXIT_INVALID

    def __init__(self, message: str | None = None) -> None:
        if message:
            self.message = message
        super().__init__(self.message)


# -- authentication (exit 3) ------------------------------------------------------------------------------


class WrongKey(BundleError):
    message = "Pakken er ikke krypteret til denne datafils nøgle. Bed afsenderen kryptere den til din modtagernøgle."
    check = "wrong_key"
    exit_code = EXIT_AUTH


class WrongBundlePassphrase(BundleError):
    message = "Forkert adgangskode til pakken (eller pakken er beskadiget)."
    check = "wrong_passphrase"
    exit_code = EXIT_AUTH


class PassphraseRequired(BundleError):
    message = "Pakken er krypteret med en adgangskode. Angiv adgangskoden til pakken."
    check = "passphrase_required"
    exit_code = EXIT_AUTH


class BadSignature(BundleError):
    message = "Pakkens underskrift er ikke gyldig: indholdet er ændret efter, at afsenderen underskrev det."
    check = "bad_signature"
    exit_code = EXIT_AUTH


class UnknownSender(BundleError):
    """The signature is valid but the signer is not a known peer: ask the user (trust on first use)."""

    check = "unknown_sender"
    exit_code = EXIT_AUTH

    def __init__(self, fingerprint: str, name: str, device_id: str) -> None:
        self.fingerprint = fingerprint
        self.name = name
        self.device_id = device_id
        who = f"«{name}»" if name else "en ukendt afsender"
        super().__init__(
            f"Pakken er underskrevet af {who} med fingeraftrykket {fingerprint}, som du ikke kender endnu. "
            "Kontrollér fingeraftrykket med afsenderen (fx pr. telefon), og importér igen med tillid til afsenderen."
        )


class SenderKeyChanged(BundleError):
    check = "sender_key_changed"
    exit_code = EXIT_AUTH

    def __init__(self, peer_name: str, fingerprint: str) -> None:
        self.peer_name = peer_name
        self.fingerprint = fingerprint
        super().__init__(
            f"Pakken siger, den er fra «{peer_name}», men er underskrevet med en anden nøgle ({fingerprint}) end "
            "den, du kender. Pakken er afvist. Tal med afsenderen, før du stoler på den nye nøgle."
        )


# -- invalid or corrupt input (exit 4) -------------------------------------------------------------------


class NotABundle(BundleError):
    message = "Filen er ikke en sspdesk-pakke (ukendt filformat)."
    check = "not_a_bundle"


class ArmoredBundle(NotABundle):
    message = "Filen er en tekst-armeret (ASCII) age-fil. sspdesk læser kun binære .sspbundle-filer."
    check = "armored"


class Truncated(BundleError):
    message = "Pakken er afkortet (ufuldstændig). Bed om at få den sendt igen."
    check = "truncated"


class Tampered(BundleError):
    message = "Pakken er beskadiget, afkortet eller ændret undervejs (krypteringens kontrolsum passer ikke)."
    check = "tampered"


class ScryptTooExpensive(BundleError):
    check = "scrypt_work_factor"

    def __init__(self, log_n: int, limit: int) -> None:
        self.log_n = log_n
        self.limit = limit
        super().__init__(
            f"Pakkens adgangskodebeskyttelse kræver urimeligt meget arbejde (scrypt 2^{log_n}, højst 2^{limit} "
            "tilladt). Pakken er afvist uden at blive åbnet."
        )


class UnknownFormatVersion(BundleError):
    check = "format_version"

    def __init__(self, version: object) -> None:
        self.version = version
        super().__init__(
            f"Pakken har formatversion {version!r}, som denne version af sspdesk ikke kender. Opdatér programmet."
        )


class InvalidBundle(BundleError):
    """The container or manifest is malformed (after a valid signature: a faulty sender)."""

    check = "invalid_bundle"


class InvalidRecord(BundleError):
    """One record failed validation; the whole bundle is rejected. `index` is 1-based."""

    check = "invalid_record"

    def __init__(self, index: int, table: str, record_id: str, reason: str) -> None:
        self.index = index
        self.table = table
        self.record_id = record_id
        self.reason = reason
        super().__init__(f"Post nr. {index} ({table} {record_id}) er ugyldig: {reason} Hele pakken er afvist.")


# -- refused without a problem in the input (exit 1) ----------------------------------------------------


class LargeChange(BundleError):
    """The import would change or delete a large share of the vault: the user must confirm."""

    check = "large_change"
    exit_code = EXIT_FAILURE

    def __init__(self, changed: int, deleted: int, existing: int) -> None:
        self.changed = changed
        self.deleted = deleted
        self.existing = existing
        super().__init__(
            f"Importen vil ændre {changed} og slette {deleted} af dine {existing} poster. Det er usædvanligt mange; "
            "bekræft importen, hvis det er meningen (der tages en sikkerhedskopi først)."
        )


class ExportError(BundleError):
    """The export cannot be made as asked (no recipients, unknown case or peer, bad age key...)."""

    check = "export"
    exit_code = EXIT_FAILURE
