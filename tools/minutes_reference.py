# SPDX-License-Identifier: GPL-3.0-or-later
"""Write the demo's Vietnamese minutes, as plain lines, to tests/data/demo-minutes-vi.txt: the
reference tests/core/test_minutes_reference.py compares with. Run after a deliberate change of
wording, then read the difference line by line before committing it."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from inspector.store.workspace import Workspace
from tests.core.test_minutes_reference import REFERENCE, demo_text


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="inspector-reference-") as tmp:
        ws = Workspace.open(Path(tmp) / "ws")
        try:
            lines = demo_text(ws)
        finally:
            ws.close()
    REFERENCE.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{REFERENCE}: {len(lines)} lines", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
