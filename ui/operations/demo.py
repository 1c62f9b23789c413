# SPDX-License-Identifier: GPL-3.0-or-later
"""The demo check, recorded on a worker in a workspace of its own."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from inspector.demo.build import open_demo_workspace


def demo_job(home: Path, on_progress: Any, is_cancelled: Any) -> Path:
    """Record the demo in a workspace beside ``home`` (which is not touched); return its folder."""
    return open_demo_workspace(home)
