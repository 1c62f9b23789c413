# SPDX-License-Identifier: GPL-3.0-or-later
"""Nothing of the minutes is printed in the strip most printers cannot print: every letter, the
QR code and its code text stay at least 8 mm from every edge of every page."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
from reportlab.lib.units import mm

from inspector.demo.build import build_demo
from inspector.minutes import content as minutes_content
from inspector.minutes import layout as minutes_layout
from inspector.store.workspace import Workspace


def test_every_mark_is_at_least_8_mm_from_every_edge(ws: Workspace, tmp_path: Path) -> None:
    made = build_demo(ws)
    model = minutes_content.build(ws, made.inspection_id, lang="vi", number="03/BB-ĐKT")
    pdf = minutes_layout.render(model, tmp_path / "minutes.pdf")
    edge = 8 * mm - 0.5  # half a point for rounding
    checked = 0
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            marks = page.chars + page.rects
            assert any(r["x1"] - r["x0"] < 1 for r in page.rects)  # the QR code's modules
            for mark in marks:
                assert mark["x0"] >= edge and page.width - mark["x1"] >= edge, mark
                assert mark["top"] >= edge and page.height - mark["bottom"] >= edge, mark
                checked += 1
    assert checked > 1000
