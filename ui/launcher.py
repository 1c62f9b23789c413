# SPDX-License-Identifier: GPL-3.0-or-later
"""Entry point of the ``inspector`` command: the CLI, which starts the desktop app when asked.

Qt is imported only when the desktop app starts, so the command-line tools work on machines
without a screen or without Qt's system libraries.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from inspector import cli


def run_gui(home: Path, self_test: bool) -> int:
    """Start the desktop app on the workspace at ``home``."""
    from ui import app  # imported here so that the CLI never loads Qt

    return app.run(home, self_test=self_test)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``inspector`` command."""
    return cli.main(argv, run_gui=run_gui)


if __name__ == "__main__":
    sys.exit(main())
