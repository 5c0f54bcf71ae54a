"""Derive the packaging icons from resources/icons/sspdesk.svg: 48/128/256 px PNGs and a Windows .ico.

Run once after the SVG changes (the results are committed):  .venv/bin/python packaging/make_icons.py
The PNGs are rendered by QtSvg (crisp at every size); the .ico is written with Pillow, which reportlab depends on.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
SVG = ROOT / "resources" / "icons" / "sspdesk.svg"
OUT = Path(__file__).resolve().parent / "icons"
PNG_SIZES = (48, 128, 256)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(size: int, path: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(SVG)).render(painter)
    painter.end()
    if not image.save(str(path)):
        raise SystemExit(f"could not write {path}")


def main() -> int:
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 – QImage fonts/painting need it
    OUT.mkdir(exist_ok=True)
    for size in (*PNG_SIZES, *ICO_SIZES):
        render(size, OUT / f"sspdesk-{size}.png")
    try:
        from PIL import Image
    except ImportError:
        print("Pillow not installed: no sspdesk.ico", file=sys.stderr)
    else:
        frames = [Image.open(OUT / f"sspdesk-{size}.png") for size in ICO_SIZES]
        largest = frames[-1]
        largest.save(OUT / "sspdesk.ico", format="ICO", sizes=[(s, s) for s in ICO_SIZES], append_images=frames[:-1])
    for size in set(ICO_SIZES) - set(PNG_SIZES):  # only the .ico needs the small sizes
        (OUT / f"sspdesk-{size}.png").unlink()
    print(f"icons written to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
