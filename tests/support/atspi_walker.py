"""Drive the real program through the accessibility bus, as a screen-reader user would (issue 21, item 10).

Run by tests/ui/test_atspi.py with the *system* Python (pyatspi is a Debian package, python3-pyatspi):

    /usr/bin/python3 atspi_walker.py -- PYTHON -m sspdesk.ui.app --vault PATH

It starts Xvfb on a free display, then runs itself again (`--inner`) inside `dbus-run-session` with DISPLAY set – so
the accessibility bus and its registry, which the session bus starts on demand, can reach the display to send keys
– and there starts the program with QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1 (openbox runs as window manager, so the
focus goes back to the main window when a dialog closes, as on a desktop). From then on the walk only uses what an
assistive technology has: the accessibility tree (names, roles, states), its actions ("Press"), its editable-text
interface, and key events sent through the accessibility registry. It

1. unlocks the vault (the passphrase comes in SSPDESK_WALKER_PASSPHRASE) – the unlock dialog is checked first;
2. checks every page of the main window: every showing, focusable control must have a name;
3. registers a DKE-Journal (Sager → Ny sag, checked, filled in, Opret);
4. creates a meeting (Møder → Nyt møde, checked), adds an agenda item, opens meeting mode (F5) and writes minutes;
5. quits with Ctrl+Q, so the test can read the vault afterwards.

Every wait polls with a deadline (a slow, shared machine). It prints one JSON object per step to stdout and exits
0 when every step held, 1 otherwise (2: the display or the bus could not be started).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator


def start_display() -> tuple[subprocess.Popen, str]:
    read, write = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    number = b""
    end = time.monotonic() + 30
    while not number.endswith(b"\n") and time.monotonic() < end:
        chunk = os.read(read, 16)
        if not chunk:
            break
        number += chunk
    os.close(read)
    if not number.strip():
        xvfb.kill()
        raise SystemExit(2)
    return xvfb, ":" + number.decode().strip()


def outer() -> int:
    """The display and a window manager first (it gives the focus back to the main window when a dialog closes,
    as on a desktop), then the walk inside a session bus of its own that knows the display."""
    xvfb, display = start_display()
    env = dict(os.environ, DISPLAY=display)
    manager = subprocess.Popen(["openbox", "--sm-disable"], env=env, stderr=subprocess.DEVNULL)
    try:
        inner = [sys.executable, __file__, "--inner", *sys.argv[1:]]
        return subprocess.run(["dbus-run-session", "--", *inner], env=env).returncode
    finally:
        for process in (manager, xvfb):
            process.terminate()
            process.wait(10)


if __name__ == "__main__" and "--inner" not in sys.argv:
    sys.exit(outer())

import pyatspi  # noqa: E402 - only inside the session bus (above)

DEADLINE = float(os.environ.get("SSPDESK_WALKER_TIMEOUT", "90"))
CONTAINER_ROLES = {pyatspi.ROLE_TABLE, pyatspi.ROLE_TREE_TABLE, pyatspi.ROLE_LIST, pyatspi.ROLE_TREE}
failures: list[str] = []


def say(step: str, **data: object) -> None:
    print(json.dumps({"step": step, **data}, ensure_ascii=False), flush=True)


def fail(step: str, message: str) -> None:
    failures.append(f"{step}: {message}")
    say(step, ok=False, message=message)


class Timeout(Exception):
    pass


def wait_for(what: str, probe: Callable[[], object], timeout: float = DEADLINE) -> object:
    end = time.monotonic() + timeout
    while True:
        try:
            found = probe()
        except Exception:  # the tree changes under us (a dialog closes): look again
            found = None
        if found:
            return found
        if time.monotonic() > end:
            raise Timeout(f"{what}: ikke fundet efter {timeout:.0f} s")
        time.sleep(0.05)


# -- the tree ---------------------------------------------------------------------------------------------------


def states(acc) -> set:
    return set(acc.getState().getStates())


def showing(acc) -> bool:
    return pyatspi.STATE_SHOWING in states(acc)


def walk(acc, depth: int = 0) -> Iterator:
    """Showing accessibles below acc; items of lists and tables are not entered (they are named by their text)."""
    if acc is None or depth > 60:
        return
    yield acc
    if acc.getRole() in CONTAINER_ROLES:
        return
    for index in range(acc.childCount):
        child = acc.getChildAtIndex(index)
        if child is not None and showing(child):
            yield from walk(child, depth + 1)


def the_app():
    desktop = pyatspi.Registry.getDesktop(0)
    for index in range(desktop.childCount):
        app = desktop.getChildAtIndex(index)
        if app is not None and app.name == "sspdesk":
            return app
    return None


def window(prefix: str, roles=(pyatspi.ROLE_DIALOG, pyatspi.ROLE_FRAME, pyatspi.ROLE_WINDOW)):
    app = the_app()
    if app is None:
        return None
    for index in range(app.childCount):
        child = app.getChildAtIndex(index)
        if child is not None and child.getRole() in roles and (child.name or "").startswith(prefix) and showing(child):
            return child
    return None


def find(root, role, name: str | None = None, *, prefix: bool = False):
    for acc in walk(root):
        if acc.getRole() != role:
            continue
        text = (acc.name or "").replace("&", "").rstrip(":")
        if name is None or text == name or (prefix and text.startswith(name)):
            return acc
    return None


def nameless(root) -> list[str]:
    """Showing, focusable controls without a name. An empty label shows nothing and is read as nothing."""
    found = []
    for acc in walk(root):
        if pyatspi.STATE_FOCUSABLE not in states(acc) or (acc.name or "").strip():
            continue
        if acc.getRole() == pyatspi.ROLE_LABEL and not _text(acc):
            continue
        parent = acc.parent
        where = f"{parent.getRoleName()} {parent.name!r}" if parent is not None else "?"
        found.append(f"{acc.getRoleName()} in {where}")
    return found


def _text(acc) -> str:
    try:
        text = acc.queryText()
        return text.getText(0, text.characterCount).strip()
    except NotImplementedError:
        return ""


# -- acting -----------------------------------------------------------------------------------------------------


def press(acc) -> None:
    action = acc.queryAction()
    names = [action.getName(i) for i in range(action.nActions)]
    index = names.index("Press") if "Press" in names else 0
    action.doAction(index)


def focus(acc) -> None:
    acc.queryComponent().grabFocus()


def type_text(acc, text: str) -> None:
    focus(acc)
    acc.queryEditableText().setTextContents(text)


def key(name: str, *, ctrl: bool = False) -> None:
    """A key (an X keysym name: 'Tab', 'Return', 'F5', 'Escape', 'q') through the registry, optionally with Ctrl."""
    keysym = KEYSYMS.get(name, ord(name[0]) if len(name) == 1 else None)
    if keysym is None:
        raise ValueError(name)
    if ctrl:
        pyatspi.Registry.generateKeyboardEvent(CONTROL_MASK, None, pyatspi.KEY_LOCKMODIFIERS)
    try:
        pyatspi.Registry.generateKeyboardEvent(keysym, None, pyatspi.KEY_SYM)
    finally:
        if ctrl:
            pyatspi.Registry.generateKeyboardEvent(CONTROL_MASK, None, pyatspi.KEY_UNLOCKMODIFIERS)
    # A short breath between keys; what a key should bring about is waited for by polling (`wait_for`) after it.
    time.sleep(0.05)


MINUTES_FIELD = "Drøftelse"
CONTROL_MASK = 1 << 2
KEYSYMS = {"Tab": 0xFF09, "Return": 0xFF0D, "Escape": 0xFF1B, "F5": 0xFFC2, "Up": 0xFF52, "Down": 0xFF54, "space": 0x20}


def focused_name() -> str:
    app = the_app()
    for acc in walk(app) if app is not None else ():
        if pyatspi.STATE_FOCUSED in states(acc):
            return acc.name or ""
    return ""


# -- the walk ---------------------------------------------------------------------------------------------------


def check_names(step: str, root) -> None:
    missing = nameless(root)
    if missing:
        fail(step, "uden navn: " + "; ".join(sorted(set(missing))))
    else:
        say(step, ok=True, checked=root.name)


def unlock(passphrase: str) -> None:
    dialog = wait_for("oplåsningsdialogen", lambda: window("Lås op"))
    check_names("navne i Lås op", dialog)
    field = wait_for("adgangskodefeltet", lambda: find(dialog, pyatspi.ROLE_PASSWORD_TEXT))
    type_text(field, passphrase)
    key("Return")  # the dialog's default button
    wait_for("hovedvinduet", lambda: window("sspdesk", (pyatspi.ROLE_FRAME,)), timeout=DEADLINE * 2)
    say("låst op", ok=True)


def pages(main) -> None:
    navigation = wait_for("navigationen", lambda: find(main, pyatspi.ROLE_LIST, "Navigation"))
    titles = [navigation.getChildAtIndex(i).name for i in range(navigation.childCount)]
    say("sider", titles=titles)
    for title in titles:
        go_to(main, title)
        check_names(f"navne på {title}", main)


def _selected_row(navigation) -> int:
    for index in range(navigation.childCount):
        if pyatspi.STATE_SELECTED in states(navigation.getChildAtIndex(index)):
            return index
    return -1


def go_to(main, title: str) -> None:
    """The page through the navigation list, with the arrow keys, as a keyboard user does."""
    navigation = find(main, pyatspi.ROLE_LIST, "Navigation")
    titles = [navigation.getChildAtIndex(i).name for i in range(navigation.childCount)]
    target = titles.index(title)
    focus(navigation)
    wait_for("fokus i navigationen", lambda: pyatspi.STATE_FOCUSED in states(navigation))
    current = _selected_row(navigation)
    for _ in range(abs(target - current)):
        key("Down" if target > current else "Up")
    wait_for(f"siden {title}", lambda: _selected_row(navigation) == target and _page_visible(main, title))
    settled(main)  # the page fills its lists (a job) before its controls are checked


def _shape(root) -> list[tuple[str, str, int]]:
    return [(acc.getRoleName(), acc.name or "", acc.childCount) for acc in walk(root)]


def settled(root, quiet: float = 0.5) -> None:
    """Wait until the showing tree under `root` (roles, names, and the rows of lists and tables) has not changed
    for `quiet` seconds – a page's lists filled by its job. Never shorter than the fixed half second it replaces,
    and longer when the page is still changing (a slow machine)."""
    shape, since = _shape(root), time.monotonic()
    end = since + DEADLINE
    while time.monotonic() - since < quiet:
        if time.monotonic() > end:
            raise Timeout(f"siden faldt ikke til ro efter {DEADLINE:.0f} s")
        time.sleep(0.05)
        now = _shape(root)
        if now != shape:
            shape, since = now, time.monotonic()


def _page_visible(main, title: str) -> bool:
    """A page shows its title as a heading; the other pages are not showing."""
    for acc in walk(main):
        if acc.getRole() in (pyatspi.ROLE_LABEL, pyatspi.ROLE_HEADING) and (acc.name or "").startswith(title):
            return True
    return False


def register_journal(main, subject: str) -> None:
    go_to(main, "Sager")
    press(wait_for("knappen Ny sag", lambda: find(main, pyatspi.ROLE_PUSH_BUTTON, "Ny sag", prefix=True)))
    dialog = wait_for("dialogen Ny sag", lambda: window("Ny sag"))
    check_names("navne i Ny sag", dialog)
    field = wait_for("Sagens genstand", lambda: find(dialog, pyatspi.ROLE_TEXT, "Sagens genstand"))
    type_text(field, subject)
    press(find(dialog, pyatspi.ROLE_PUSH_BUTTON, "Opret"))
    wait_for("Ny sag lukket", lambda: window("Ny sag") is None)
    wait_for("den nye journal i listen", lambda: _row_with(main, subject))
    say("journal registreret", ok=True)


def _row_with(root, text: str) -> bool:
    for acc in walk(root):
        if acc.getRole() in (pyatspi.ROLE_TABLE, pyatspi.ROLE_TREE_TABLE, pyatspi.ROLE_LIST):
            for index in range(min(acc.childCount, 400)):
                child = acc.getChildAtIndex(index)
                if child is not None and text in (child.name or ""):
                    return True
    return False


def take_minutes(main, place: str, heading: str, minutes: str) -> None:
    go_to(main, "Møder")
    press(wait_for("knappen Nyt møde", lambda: find(main, pyatspi.ROLE_PUSH_BUTTON, "Nyt møde", prefix=True)))
    dialog = wait_for("dialogen Nyt møde", lambda: window("Nyt møde"))
    check_names("navne i Nyt møde", dialog)
    type_text(wait_for("Sted", lambda: find(dialog, pyatspi.ROLE_TEXT, "Sted")), place)
    press(find(dialog, pyatspi.ROLE_PUSH_BUTTON, "Opret møde"))
    wait_for("Nyt møde lukket", lambda: window("Nyt møde") is None)
    check_names("navne i mødet", main)
    press(wait_for("knappen Tilføj emne", lambda: find(main, pyatspi.ROLE_PUSH_BUTTON, "Tilføj emne", prefix=True)))
    item = wait_for("dialogen Tilføj emne", lambda: window("Tilføj emne"))
    check_names("navne i Tilføj emne", item)
    type_text(wait_for("Overskrift", lambda: find(item, pyatspi.ROLE_TEXT, "Overskrift")), heading)
    key("Return")
    wait_for("punktet tilføjet", lambda: window("Tilføj emne") is None)
    key("F5")
    editor = wait_for("referatfeltet", lambda: _minutes_editor(main))
    check_names("navne i mødetilstand", main)
    type_text(editor, minutes)
    # Autosave after a pause in typing: the save status is read as a screen reader reads it – the label's name
    # changes from "Gemmes automatisk" to "Gemt kl. 14.05.32".
    wait_for("referatet gemt", lambda: _saved_status(main))
    key("Escape")
    wait_for("mødetilstand forladt", lambda: _minutes_editor(main) is None)
    say("referat skrevet", ok=True)


def _saved_status(main):
    for acc in walk(main):
        if acc.getRole() == pyatspi.ROLE_LABEL and (acc.name or "").startswith("Gemt "):
            return acc
    return None


def _minutes_editor(main):
    for acc in walk(main):
        named = (acc.name or "").startswith(MINUTES_FIELD)
        if acc.getRole() == pyatspi.ROLE_TEXT and named and pyatspi.STATE_EDITABLE in states(acc):
            return acc
    return None


# -- the program ------------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--subject", default="Uro ved stationen om aftenen")
    parser.add_argument("--place", default="Rådhuset, mødelokale 2")
    parser.add_argument("--heading", default="Status på området")
    parser.add_argument("--minutes", default="Drøftet uro ved stationen; SSP følger op.")
    parser.add_argument("--inner", action="store_true")
    parser.add_argument("program", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    program = args.program[1:] if args.program[:1] == ["--"] else args.program
    env = dict(os.environ, QT_QPA_PLATFORM="xcb", QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1")
    app = subprocess.Popen(program, env=env)
    try:
        wait_for("programmet på tilgængelighedsbussen", the_app, timeout=DEADLINE * 2)
        unlock(os.environ["SSPDESK_WALKER_PASSPHRASE"])
        main_window = window("sspdesk", (pyatspi.ROLE_FRAME,))
        pages(main_window)
        register_journal(main_window, args.subject)
        take_minutes(main_window, args.place, args.heading, args.minutes)
        key("q", ctrl=True)
        try:
            app.wait(DEADLINE)
            say("afsluttet", ok=app.returncode == 0, code=app.returncode)
        except subprocess.TimeoutExpired:
            fail("afslut", "programmet sluttede ikke efter Ctrl+Q")
    except Timeout as exc:
        fail("venter", str(exc))
        app_root = the_app()
        for acc in walk(app_root) if app_root is not None else ():  # what there was instead, for the report
            print(f"  {acc.getRoleName()}: {acc.name!r}", file=sys.stderr)
    finally:
        if app.poll() is None:
            app.terminate()
            try:
                app.wait(15)
            except subprocess.TimeoutExpired:
                app.kill()
    say("færdig", ok=not failures, failures=failures)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
