# SPDX-License-Identifier: GPL-3.0-or-later
"""The demo's minutes, word for word: the text is compared with a reference read line by line as
a VSS official reads minutes before signing them (tests/data/demo-minutes-vi.txt). Every change
of wording shows here as a difference, so none is made by accident.

After a deliberate change, read the new text and write it as the reference:
``python -m tools.minutes_reference`` (then review the diff of the file in the commit).
"""

from __future__ import annotations

import difflib
from pathlib import Path

from inspector.demo.build import build_demo
from inspector.minutes import content as minutes_content
from inspector.minutes import layout as minutes_layout
from inspector.store.workspace import Workspace

REFERENCE = Path(__file__).resolve().parents[1] / "data" / "demo-minutes-vi.txt"
NUMBER = "03/BB-ĐKT"


def demo_text(ws: Workspace) -> list[str]:
    """The demo's Vietnamese minutes as numbered, with the page count the layout gives."""
    made = build_demo(ws)
    model = minutes_content.build(ws, made.inspection_id, lang="vi", number=NUMBER)
    return model.text(minutes_layout.count_body_pages(model))


def test_the_demo_minutes_read_as_the_reviewed_reference(ws: Workspace) -> None:
    expected = REFERENCE.read_text(encoding="utf-8").splitlines()
    actual = demo_text(ws)
    diff = "\n".join(difflib.unified_diff(expected, actual, "reference", "now", lineterm="", n=1))
    assert actual == expected, (
        "the minutes' wording changed; if on purpose, review and run"
        f" `python -m tools.minutes_reference`:\n{diff}"
    )
