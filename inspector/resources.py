# SPDX-License-Identifier: GPL-3.0-or-later
"""Find bundled data files, from a source checkout or from the PyInstaller bundle."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_root() -> Path:
    """Return the folder that holds ``resources/``' contents."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    """Return the path of a bundled resource, e.g. ``resource_path("checklists", "vss.json")``."""
    return resources_root().joinpath(*parts)
