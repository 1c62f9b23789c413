# SPDX-License-Identifier: GPL-3.0-or-later
"""Rendering the demo minutes (from the database: model, page count, layout, QR codes, atomic
write), beside reportlab laying out the very same flowables once, in the same run."""

from __future__ import annotations

import io
import statistics
import tempfile
import time
from pathlib import Path

from inspector import minutes_model, minutes_pdf
from inspector.demo import build_demo
from inspector.workspace import Workspace

ROUNDS = 15


def _raw(model: minutes_model.MinutesModel) -> None:
    """reportlab laying out the very same flowables once, with no page decorations, no page count."""
    doc = minutes_pdf._document(io.BytesIO(), model, decorate=False)
    doc.build(minutes_pdf._story(model, 4))


def main() -> None:
    minutes_pdf.register_fonts()
    with tempfile.TemporaryDirectory(prefix="inspector-bench-", dir=Path.cwd()) as tmp:
        with Workspace.open(Path(tmp) / "ws") as ws:
            inspection = build_demo(ws, seed=1).inspection_id
            ours, raw, models = [], [], []
            for n in range(ROUNDS):
                t0 = time.perf_counter()
                model = minutes_model.build(ws, inspection)
                minutes_pdf.render(model, Path(tmp) / f"m{n}.pdf")
                t1 = time.perf_counter()
                _raw(model)
                t2 = time.perf_counter()
                ours.append(t1 - t0)
                raw.append(t2 - t1)
                models.append(model)
    our, base = statistics.median(ours), statistics.median(raw)
    print(
        f"minutes render (demo check, model + 2-pass layout + QR, median of {ROUNDS}):"
        f" {our * 1000:.0f} ms"
    )
    print(f"raw reportlab, the same flowables laid out once: {base * 1000:.0f} ms")
    print(f"ratio to raw: {our / base:.2f}x (aim: ≤ 2x)")
