# SPDX-License-Identifier: GPL-3.0-or-later
"""Entry point of the ``inspector`` command: the CLI, which starts the desktop app when asked.

Qt is imported only when the desktop app starts, so the command-line tools work on machines
without a screen or without Qt's system libraries.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from inspector.cli import main as cli
from inspector.errors import InspectorError
from inspector.i18n import _

# What a minimal Debian or Ubuntu lacks for Qt (see tools/qt-system-libs.sh for the full list).
QT_PACKAGES = (
    "libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libxcb-cursor0"
)


def run_gui(home: Path, self_test: bool) -> int:
    """Start the desktop app on the workspace at ``home``."""
    try:
        from ui import app  # imported here so that the CLI never loads Qt
    except ImportError as exc:  # a system library Qt links against is missing
        raise InspectorError(
            _(
                "The desktop app cannot start: a system library is missing ({library}). On Debian"
                " or Ubuntu run: sudo apt-get install {packages}",
                library=str(exc).split(":")[0],
                packages=QT_PACKAGES,
            )
        ) from exc
    return app.run(home, self_test=self_test)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``inspector`` command."""
    return cli.main(argv, run_gui=run_gui)


if __name__ == "__main__":
    sys.exit(main())
