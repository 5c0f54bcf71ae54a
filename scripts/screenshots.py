"""Save offscreen screenshots of the dialogs and every main screen to docs/screenshots/ (for the README).

    .venv/bin/python scripts/screenshots.py            # light: docs/screenshots/ (1366×768) and …/1920/ (1920×1080)
    .venv/bin/python scripts/screenshots.py --dark     # the same in dark mode, into docs/screenshots/dark/

Everything happens in a temporary folder with the fictional demo vault; the user's own data folders are not touched.
The main window is shot at 1366×768, the smallest laptop screen we design for, and at 1920×1080; the dialogs once
(their size does not depend on the screen). A shot is refused (the script fails) if a dialog is taller than 768 px.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
SIZES = {"": (1366, 768), "1920": (1920, 1080)}  # sub-folder → window size
MAX_DIALOG_HEIGHT = 768 - 40  # a dialog must fit on the smallest screen with its title bar


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    parser.add_argument("--dark", action="store_true", help="dark mode, into OUT/dark/ (1366×768 only)")
    args = parser.parse_args(argv)
    out: Path = args.out / "dark" if args.dark else args.out
    # Before sspdesk is imported: the mode decides colours that pages read when they are imported.
    os.environ["SSPDESK_THEME"] = "dark" if args.dark else "light"
    with tempfile.TemporaryDirectory() as tmp:
        # platformdirs must point into the temporary folder before sspdesk asks it.
        os.environ["XDG_DATA_HOME"] = str(Path(tmp) / "data")
        os.environ["XDG_CONFIG_HOME"] = str(Path(tmp) / "config")
        shots = Shots(Path(tmp), out)
        shots.dialogs()
        for folder, size in SIZES.items():
            if args.dark and folder:
                continue
            shots.main_window(out / folder if folder else out, size)
        shots.close()
    print(f"screenshots in {out}")
    return 0


def demo_logo() -> bytes:
    """A made-up municipal logo (a shield and a name), drawn here, as PNG bytes."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPainterPath

    image = QImage(600, 140, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    shield = QPainterPath(QPointF(10, 10))
    for x, y in ((110, 10), (110, 70)):
        shield.lineTo(x, y)
    shield.quadTo(110, 120, 60, 132)
    shield.quadTo(10, 120, 10, 70)
    shield.closeSubpath()
    painter.fillPath(shield, QColor("#1f5aa6"))
    painter.setPen(QColor("#ffffff"))
    painter.setFont(QFont("DejaVu Sans", 40, QFont.Weight.Bold))
    painter.drawText(QRectF(10, 10, 100, 110), Qt.AlignmentFlag.AlignCenter, "D")
    painter.setPen(QColor("#1f2d3d"))
    painter.setFont(QFont("DejaVu Sans", 30, QFont.Weight.Bold))
    painter.drawText(QRectF(135, 20, 460, 60), Qt.AlignmentFlag.AlignVCenter, "Demo Kommune")
    painter.setFont(QFont("DejaVu Sans", 16))
    painter.drawText(QRectF(137, 80, 460, 40), Qt.AlignmentFlag.AlignVCenter, "SSP-samarbejdet")
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data)


class Shots:
    """The application, the demo vault and the controller; one method per group of shots."""

    def __init__(self, tmp: Path, out: Path) -> None:
        from sspdesk.ui import worker
        from sspdesk.ui.app import application

        self.tmp, self.out = tmp, out
        self.app = application()
        self.pool = worker.use_pool(worker.SyncPool())
        self.pool.__enter__()
        self.controller: Any = None
        self.logo = demo_logo()

    def close(self) -> None:
        if self.controller is not None:
            self.controller.shutdown()
        self.pool.__exit__(None, None, None)

    def settle(self) -> None:
        for _ in range(4):
            self.app.processEvents()

    def save(self, widget: Any, name: str, folder: Path | None = None, size: tuple[int, int] | None = None) -> None:
        folder = folder or self.out
        folder.mkdir(parents=True, exist_ok=True)
        widget.show()
        self.settle()  # the layout takes in what changed before the size is set
        if size:
            widget.resize(*size)
        else:
            widget.adjustSize()
        self.settle()
        if not size and widget.height() > MAX_DIALOG_HEIGHT:
            raise SystemExit(f"{name}: the dialog is {widget.height()} px high – more than fits at 1366×768")
        path = folder / f"{name}.png"
        widget.grab().save(str(path))
        print(path.relative_to(REPO) if path.is_relative_to(REPO) else path, f"{widget.width()}×{widget.height()}")

    # -- dialogs ------------------------------------------------------------------------------------------------

    def dialogs(self) -> None:
        from sspdesk.demo.vault import DEMO_PASSPHRASE, ensure_demo_vault
        from sspdesk.ui.app import AppController
        from sspdesk.ui.vault.first_run import CreateVaultDialog

        create = CreateVaultDialog(self.tmp / "ny" / "sspdesk.sspvault")
        self.save(create, "01-velkommen")
        create.name.setText("Anne Demo")
        create.role.setText("SSP-konsulent")
        create.municipality.setText("Demo Kommune")
        create.address.setText("Rådhuset, Torvet 1, 9999 Demoby")
        create.logo.set_data(self.logo)
        create.profile.setCurrentIndex(create.profile.findData("koebenhavn"))
        create.passphrase.setText("kaffe og kanelsnegle på rådhuset")
        create.repeated.setText("kaffe og kanelsnegle på rådhuset")
        self.save(create, "01b-velkommen-udfyldt")
        create.close()

        demo = ensure_demo_vault(self.tmp / "demo" / "demo.sspvault")
        self.controller = AppController(demo, demo_passphrase=DEMO_PASSPHRASE)
        self.controller.start()
        unlock = self.controller.unlock_dialog
        self.save(unlock, "02-laas-op")
        unlock.passphrase.setText("forkert kode")
        unlock.unlock_button.click()
        self.save(unlock, "03-laas-op-forkert-adgangskode")
        self.damaged_restore()

        unlock.passphrase.setText(DEMO_PASSPHRASE)
        unlock.unlock_button.click()
        self.app.processEvents()
        self._set_demo_logo()

    def _set_demo_logo(self) -> None:
        from sspdesk.preferences import set_municipality_logo

        vault = self.controller.vault
        set_municipality_logo(vault, self.logo)
        self.controller.window.set_vault(vault)  # the pages show the logo like after an unlock

    def damaged_restore(self) -> None:
        """A vault with a flipped byte: the unlock dialog offers its backups."""
        from sspdesk.demo.vault import DEMO_PASSPHRASE, ensure_demo_vault
        from sspdesk.ui.vault.unlock_dialog import UnlockDialog

        path = ensure_demo_vault(self.tmp / "skadet" / "demo.sspvault")
        data = bytearray(path.read_bytes())
        data[100] ^= 0xFF
        path.write_bytes(bytes(data))
        dialog = UnlockDialog(path)
        dialog.passphrase.setText(DEMO_PASSPHRASE)
        dialog.unlock_button.click()
        self.save(dialog, "04-laas-op-beskadiget-gendan")
        dialog.close()

    # -- the main window -----------------------------------------------------------------------------------------

    def main_window(self, folder: Path, size: tuple[int, int]) -> None:
        window, vault = self.controller.window, self.controller.vault
        window.resize(*size)
        window.show()
        self.settle()
        # By the navigation's title: a page still in the making is an empty-state page of another class.
        steps: list[tuple[str, str, Callable[[Any], None] | None]] = [
            ("10-overblik", "Overblik", None),
            ("11-sager", "Sager", lambda page: page.select_case(_open_sag(vault))),
            ("12-moeder", "Møder", lambda page: page.select_meeting(_meeting_with_items(vault))),
            ("12b-moedetilstand", "Møder", lambda page: page.open_meeting_mode()),
            ("13-samtykker", "Samtykker", lambda page: _leave_meeting_mode(window) or _select_consent(page, vault)),
            ("14-grupper", "Grupper", lambda page: _select_group(page, vault)),
            ("15-udveksling", "Udveksling", None),
            ("16-indstillinger", "Indstillinger", None),
            ("16b-indstillinger-breve", "Indstillinger", _scroll_down),
        ]
        pages = {page.title: page for page in window.pages}
        for name, title, prepare in steps:
            page = pages[title]
            window.show_page(window.pages.index(page))
            self.settle()
            if prepare is not None:
                prepare(page)
            self.save(window, name, folder, size)
        _scroll_down(pages["Indstillinger"], top=True)
        window.show_page(0)
        if size == SIZES[""]:
            self.window_dialogs(window)

    def window_dialogs(self, window: Any) -> None:
        from sspdesk.ui.main_window import ShortcutsDialog
        from sspdesk.ui.vault.vault_dialogs import ChangePassphraseDialog

        change = ChangePassphraseDialog(self.controller.vault, window)
        change.old.setText("x")
        change.passphrase.setText("en ny og lang sætning")
        self.save(change, "20-skift-adgangskode")
        change.close()
        shortcuts = ShortcutsDialog(window)
        self.save(shortcuts, "21-genveje")
        shortcuts.close()


def _open_sag(vault: Any) -> str:
    from sspdesk.cases import list_cases

    rows = list_cases(vault)
    sager = [row for row in rows if row.kind == "sag" and row.status == "open"]
    return (sager or rows)[0].id


def _meeting_with_items(vault: Any) -> str:
    from sspdesk.meetings import list_meetings

    meetings = list_meetings(vault)
    with_items = [m for m in meetings if m.item_count and m.status == "open"]
    return (with_items or meetings)[0].id


def _leave_meeting_mode(window: Any) -> None:
    page = next(page for page in window.pages if page.title == "Møder")
    if page.in_meeting_mode():
        page.mode.leave()


def _select_consent(page: Any, vault: Any) -> None:
    from sspdesk.consents import list_consents

    consents = list_consents(vault)
    if consents and hasattr(page, "select_consent"):
        page.select_consent(consents[0].id)


def _select_group(page: Any, vault: Any) -> None:
    from sspdesk.groups import list_groups

    groups = list_groups(vault)
    if groups and hasattr(page, "select_group"):
        page.select_group(groups[0].id)


def _scroll_down(page: Any, top: bool = False) -> None:
    from PySide6.QtWidgets import QScrollArea

    area = page.findChild(QScrollArea)
    if area is not None:
        bar = area.verticalScrollBar()
        bar.setValue(bar.minimum() if top else bar.maximum())


if __name__ == "__main__":
    sys.exit(main())
