"""Where the bundled `resources/` folder is, in a source checkout, an installed wheel or a PyInstaller build."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    """Return the folder holding profiles, templates and icons."""
    frozen = getattr(sys, "_MEIPASS", None)
    candidates = []
    if frozen:
        candidates.append(Path(frozen) / "resources")
    here = Path(__file__).resolve().parent
    candidates.append(here / "resources")  # installed wheel (force-included)
    candidates.append(here.parents[1] / "resources")  # source checkout: src/sspdesk -> repo root
    for path in candidates:
        if path.is_dir():
            return path
    raise FileNotFoundError("sspdesk resources folder not found")


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
