"""No leaks: program logs and crash reports hold no names, CPR numbers or free text.

Two pieces, installed once at start-up by the GUI and the CLI entry points:

* `install_logging()` puts `RedactingFilter` on every handler of the root logger (and adds one stderr handler if
  there is none). The filter rewrites each record before any handler formats it: string arguments become
  "<tekst>" unless they are an id, a case/meeting/consent reference or an ISO date; numbers stay; paths keep only
  their suffix; CPR-like numbers, names registered with `set_sensitive_names()` and quoted text are cut out of
  the message itself (the f-string case); an exception is reduced to its type and stack frames – never its
  message, its arguments or local variables. Write log calls with %-style arguments: `log.info("saved %s", id)`.
* `install_excepthook()` replaces `sys.excepthook` and `threading.excepthook`: an uncaught exception is written
  as a crash report (program and Python version, platform, time, exception types and frames: file, line,
  function) to the crash folder, and the same text goes to stderr. No message, no locals.
"""

from __future__ import annotations

import logging
import re
import sys
import threading
from collections.abc import Callable, Iterable
from pathlib import Path, PurePath
from types import TracebackType
from typing import TYPE_CHECKING

from sspdesk.store.files import write_private_atomically

if TYPE_CHECKING:
    from sspdesk.store.vault import Vault

TEXT = "<tekst>"
CPR = "<CPR-nr.>"
NAME = "<navn>"
_SAFE = re.compile(
    r"^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"  # record ids
    r"|(?:J|S|M|SAM)-\d{4}-\d{4}"  # case, meeting and consent references
    r"|\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?)$"  # ISO dates and times
)
_QUOTED = re.compile(r"(['\"«“‘]).*?(['\"»”’])")
_names: tuple[str, ...] = ()
_installed_hook: Callable[..., None] | None = None

# The GUI installs this module before its unlock dialog is shown; what it needs only when something is logged or
# crashes (minimisation, traceback, platform, datetime) is imported then, to keep those imports off the start-up path.


def set_sensitive_names(names: Iterable[str]) -> None:
    """Names to cut out of log messages (call when a vault is unlocked with the registered persons' names, and
    with an empty list when it is locked)."""
    global _names
    _names = tuple(n for n in names if n and n.strip())


def use_vault_names(vault: Vault | None) -> None:
    """On unlock: cut the registered persons' names out of log messages too; on lock: `use_vault_names(None)`."""
    if vault is None:
        set_sensitive_names([])
        return
    from sspdesk.store.cases_repo import registered_names

    set_sensitive_names(registered_names(vault.conn))


def scrub_text(text: str) -> str:
    """Cut CPR-like numbers, registered names and quoted text out of a message template."""
    from sspdesk.duties.minimisation import find_cpr_like, find_names

    findings = find_cpr_like(text) + (find_names(text, _names, single_parts=True) if _names else [])
    for finding in sorted(findings, key=lambda f: f.start, reverse=True):
        text = text[: finding.start] + (CPR if finding.kind == "cpr" else NAME) + text[finding.end :]
    return _QUOTED.sub(lambda m: m.group(1) + TEXT + m.group(2), text)


def safe_value(value: object) -> object:
    """A log argument as it may be written."""
    if value is None or isinstance(value, bool | float):
        return value
    if isinstance(value, int):
        from sspdesk.duties.minimisation import find_cpr_like

        return CPR if find_cpr_like(str(value)) else value
    if isinstance(value, str):
        return value if _SAFE.match(value) else TEXT
    if isinstance(value, PurePath):
        return f"<fil{value.suffix}>"
    return f"<{type(value).__name__}>"  # exceptions and other objects: their str() may hold data


def _chain(exc: BaseException | None) -> list[tuple[BaseException, str]]:
    """The exception and its causes, newest first, each with how it led to the one before it."""
    found: list[tuple[BaseException, str]] = []
    link = ""
    while exc is not None and all(exc is not seen for seen, _ in found):
        found.append((exc, link))
        if exc.__cause__ is not None:
            exc, link = exc.__cause__, "Undtagelsen ovenfor var den direkte årsag til den følgende:"
        elif exc.__context__ is not None and not exc.__suppress_context__:
            exc, link = exc.__context__, "Under håndteringen af undtagelsen ovenfor opstod en ny:"
        else:
            exc = None
    return found


def safe_traceback(exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> str:
    """Exception types and frames (file, line, function) of the whole chain; no messages, no source lines."""
    import traceback

    if exc is None:
        return f"{getattr(exc_type, '__qualname__', 'Exception')} – beskeden er udeladt"
    lines: list[str] = []
    for current, link in reversed(_chain(exc)):
        lines.append("Traceback (most recent call last):")
        frames = tb if current is exc and tb is not None else current.__traceback__
        for frame in traceback.extract_tb(frames):
            # No source line either: a line of code may hold a literal that is data (scripts, tests).
            lines.append(f'  File "{_short_path(frame.filename)}", line {frame.lineno}, in {frame.name}')
        kind = type(current)
        errno = getattr(current, "errno", None)
        lines.append(
            f"{kind.__module__}.{kind.__qualname__}".removeprefix("builtins.")
            + (f" (errno {errno})" if isinstance(errno, int) else "")
            + " – beskeden er udeladt"
        )
        if link:
            lines += ["", link, ""]
    return "\n".join(lines)


def _short_path(filename: str) -> str:
    """Our own files relative to the package; others by their last two parts (no user folder names)."""
    parts = PurePath(filename).parts
    if "sspdesk" in parts:
        return "/".join(parts[len(parts) - 1 - parts[::-1].index("sspdesk") :])
    return "/".join(parts[-2:])


class RedactingFilter(logging.Filter):
    """Rewrites a record so that no handler can write personal data (see the module docstring)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "_sspdesk_safe", False):
            return True
        record.msg = scrub_text(record.msg) if isinstance(record.msg, str) else safe_value(record.msg)
        if isinstance(record.args, dict):
            record.args = {k: safe_value(v) for k, v in record.args.items()}
        elif record.args:
            record.args = tuple(safe_value(a) for a in record.args)
        if record.exc_info and record.exc_info != (None, None, None):
            record.exc_text = safe_traceback(*record.exc_info)
        record.exc_info = None
        record._sspdesk_safe = True
        return True


def install_logging(level: int = logging.WARNING, handler: logging.Handler | None = None) -> logging.Handler:
    """Filter every root handler; add `handler` (default: stderr) if given or if there is none. Idempotent."""
    root = logging.getLogger()
    if handler is not None or not root.handlers:
        handler = handler or logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    for each in root.handlers:
        if not any(isinstance(f, RedactingFilter) for f in each.filters):
            each.addFilter(RedactingFilter())
    root.setLevel(level)
    return handler or root.handlers[-1]


def crash_dir() -> Path:
    import platformdirs

    return platformdirs.user_log_path("sspdesk", appauthor=False) / "crash"


def crash_report(
    exc_type: type[BaseException], exc: BaseException | None, tb: TracebackType | None, thread: str = ""
) -> str:
    import platform
    from datetime import datetime

    from sspdesk import __version__

    head = [
        f"sspdesk {__version__} – fejlrapport",
        f"Tidspunkt: {datetime.now():%Y-%m-%d %H:%M:%S}",
        f"Python {platform.python_version()} på {platform.system()} {platform.release()} ({platform.machine()})",
    ]
    if thread:
        head.append("Tråd: " + ("hovedtråd" if thread == "MainThread" else "baggrundstråd"))
    return "\n".join(head) + "\n\n" + safe_traceback(exc_type, exc, tb) + "\n"


def write_crash_report(text: str, folder: Path | None = None) -> Path | None:
    from datetime import datetime

    target = folder or crash_dir()
    try:
        target.mkdir(parents=True, exist_ok=True)
        path = target / f"crash-{datetime.now():%Y%m%d-%H%M%S-%f}.txt"
        return write_private_atomically(path, text.encode("utf-8"))
    except OSError:
        return None


def install_excepthook(
    folder: Path | None = None, notify: Callable[[Path | None], None] | None = None
) -> Callable[..., None]:
    """Replace sys.excepthook and threading.excepthook by crash reports without data; `notify(path)` lets the GUI
    tell the user where the report is. Returns the hook."""
    global _installed_hook

    def hook(
        exc_type: type[BaseException], exc: BaseException | None, tb: TracebackType | None, thread: str = ""
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc or exc_type(), tb)
            return
        text = crash_report(exc_type, exc, tb, thread)
        path = write_crash_report(text, folder)
        if sys.stderr is not None:
            print(text + (f"Fejlrapporten er gemt i {path}\n" if path else ""), file=sys.stderr)
        if notify is not None:
            notify(path)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        hook(args.exc_type, args.exc_value, args.exc_traceback, args.thread.name if args.thread else "")

    sys.excepthook = hook
    threading.excepthook = thread_hook
    _installed_hook = hook
    return hook
