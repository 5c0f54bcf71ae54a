"""The one family of errors the services raise, so the CLI and the GUI catch one type.

`message` is Danish and is shown to the user as is (the GUI in its message bar, the CLI on one line). Nothing was
changed when one of these is raised. `Invalid` keeps `ValueError` and `NotFound` keeps `LookupError` as bases, so
code that checks input with a plain `except ValueError` (dates, numbers) still treats them alike.

The vault (`sspdesk.store.errors`) and bundles (`sspdesk.bundles`) keep their own families: each of their types
means something to the caller (an exit code, a restore offer, a trust prompt).
"""

from __future__ import annotations


class ServiceError(Exception):
    """A request a service refuses. `message` is Danish."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Invalid(ServiceError, ValueError):
    """Input that cannot be taken. `field` names the input to focus (None if none); `span` is the (start, end) of
    the offending text inside that input, so the form can select exactly what was refused."""

    def __init__(self, message: str, field: str | None = None, span: tuple[int, int] | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.span = span


class NotFound(ServiceError, LookupError):
    """A record that does not exist (any more)."""

    @classmethod
    def record(cls, what: str, ref: str) -> NotFound:
        """The one wording for a missing record: "Sagen findes ikke: S-2026-0017"."""
        return cls(f"{what} findes ikke: {ref}")
