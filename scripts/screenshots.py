"""Save offscreen screenshots of the dialogs and every page of the main window to docs/screenshots/.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots]

Everything happens in a temporary folder with the fictional demo vault; the user's own data folders are not touched.
The main window is shot at 1366×768, the smallest laptop screen we design for.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
WINDOW_SIZE = (1366, 768)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    args = parser.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory() as tmp:
        # Before sspdesk is imported: platformdirs must point into the temporary folder.
        os.environ["XDG_DATA_HOME"] = str(Path(tmp) / "data")
        os.environ["XDG_CONFIG_HOME"] = str(Path(tmp) / "config")
        shoot_all(Path(tmp), out)
    print(f"screenshots in {out}")
    return 0


def shoot_all(tmp: Path, out: Path) -> None:
    from PySide6.QtWidgets import QWidget

    from sspdesk.demo import DEMO_PASSPHRASE, ensure_demo_vault
    from sspdesk.ui import worker
    from sspdesk.ui.app import AppController, application
    from sspdesk.ui.vault_dialogs import ChangePassphraseDialog, CreateVaultDialog

    app = application()

    def save(widget: QWidget, name: str, size: tuple[int, int] | None = None) -> None:
        if size:
            widget.resize(*size)
        else:
            widget.adjustSize()
        widget.show()
        for _ in range(3):
            app.processEvents()
        path = out / f"{name}.png"
        widget.grab().save(str(path))
        print(path.relative_to(out.parent.parent) if out.is_relative_to(REPO) else path)

    with worker.use_pool(worker.SyncPool()):
        create = CreateVaultDialog(tmp / "ny" / "sspdesk.sspvault")
        create.name.setText("Demo Koordinator")
        create.municipality.setText("Demo Kommune")
        create.passphrase.setText("kaffe og kanelsnegle")
        create.repeated.setText("kaffe og kanel")
        save(create, "01-opret-datafil")
        create.repeated.setText("kaffe og kanelsnegle")
        save(create, "01b-opret-datafil-klar")
        create.close()

        demo = ensure_demo_vault(tmp / "demo" / "demo.sspvault")
        controller = AppController(demo, demo_passphrase=DEMO_PASSPHRASE)
        controller.start()
        unlock = controller.unlock_dialog
        save(unlock, "02-laas-op")
        unlock.passphrase.setText("forkert kode")
        unlock.unlock_button.click()
        save(unlock, "03-laas-op-forkert-adgangskode")

        unlock.passphrase.setText(DEMO_PASSPHRASE)
        unlock.unlock_button.click()
        window = controller.window
        window.resize(*WINDOW_SIZE)
        for index, page in enumerate(window.pages):
            window.show_page(index)
            save(window, f"{10 + index:02d}-{slug(page.title)}", WINDOW_SIZE)

        change = ChangePassphraseDialog(controller.vault, window)
        change.old.setText("x")
        change.passphrase.setText("en ny og lang sætning")
        save(change, "20-skift-adgangskode")
        change.close()

        controller.lock()
        damaged_restore(tmp, out, save, app)
        controller.shutdown()


def damaged_restore(tmp: Path, out: Path, save, app) -> None:
    """A vault with a flipped byte: the unlock dialog offers its backups."""
    from sspdesk.demo import DEMO_PASSPHRASE, ensure_demo_vault
    from sspdesk.ui.unlock_dialog import UnlockDialog

    path = ensure_demo_vault(tmp / "skadet" / "demo.sspvault")
    data = bytearray(path.read_bytes())
    data[100] ^= 0xFF
    path.write_bytes(bytes(data))
    dialog = UnlockDialog(path)
    dialog.passphrase.setText(DEMO_PASSPHRASE)
    dialog.unlock_button.click()
    save(dialog, "04-laas-op-beskadiget-gendan")
    dialog.close()


def slug(title: str) -> str:
    table = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", " ": "-"})
    return title.lower().translate(table)


if __name__ == "__main__":
    sys.exit(main())
