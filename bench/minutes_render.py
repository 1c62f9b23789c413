# SPDX-License-Identifier: GPL-3.0-or-later
"""Rendering the demo minutes (from the database: model, one layout that learns the page count
where the closing clause states it, QR codes, atomic write), beside reportlab laying out the very
same flowables once, in the same run."""

from __future__ import annotations

import io
import statistics
import tempfile
import time
from pathlib import Path

from inspector.demo.build import build_demo
from inspector.minutes import content as minutes_content
from inspector.minutes import layout as minutes_layout
from inspector.minutes import sealing
from inspector.store.workspace import Workspace
from inspector.trust import identity

ROUNDS = 15
PASSPHRASE = "mật khẩu đo thử"


def _raw(model: minutes_content.MinutesModel) -> None:
    """reportlab laying out the very same flowables once, with no page decorations, no page count."""
    doc = minutes_layout._document(io.BytesIO(), model, decorate=False)
    doc.build(minutes_layout._story(model, 4))


def main() -> None:
    minutes_layout.register_fonts()
    with tempfile.TemporaryDirectory(prefix="inspector-bench-", dir=Path.cwd()) as tmp:
        with Workspace.open(Path(tmp) / "ws") as ws:
            inspection = build_demo(ws, seed=1).inspection_id
            ours, raw, models = [], [], []
            pdf_bytes = b""
            for n in range(ROUNDS):
                t0 = time.perf_counter()
                model = minutes_content.build(ws, inspection)
                pdf_bytes = minutes_layout.render(model, Path(tmp) / f"m{n}.pdf").read_bytes()
                t1 = time.perf_counter()
                _raw(model)
                t2 = time.perf_counter()
                ours.append(t1 - t0)
                raw.append(t2 - t1)
                models.append(model)
        # signing: sign_minutes (identity from its encrypted file, render, sign, seal) against
        # pyHanko signing the same rendered PDF with an already loaded key
        sign_ours, sign_raw = [], []
        with Workspace.open(Path(tmp) / "signer") as ws:
            identity.init_keys(ws, "Nguyễn Văn Hùng", PASSPHRASE)
            ident = identity.load_identity(ws, PASSPHRASE)
            for n in range(ROUNDS // 3):
                inspection = build_demo(ws, seed=n).inspection_id
                t0 = time.perf_counter()
                sealing.sign_minutes(ws, inspection, PASSPHRASE, number="03/BB-ĐKT")
                t1 = time.perf_counter()
                sealing.sign_pdf(pdf_bytes, ident, page=0, box=(100, 100, 300, 160), certify=True)
                t2 = time.perf_counter()
                sign_ours.append(t1 - t0)
                sign_raw.append(t2 - t1)
    our, base = statistics.median(ours), statistics.median(raw)
    print(
        f"minutes render (demo check, model + one layout + page count + QR, median of {ROUNDS}):"
        f" {our * 1000:.0f} ms"
    )
    print(f"raw reportlab, the same flowables laid out once: {base * 1000:.0f} ms")
    print(f"ratio to raw: {our / base:.2f}x (aim: ≤ 1.3x)")
    so, sr = statistics.median(sign_ours), statistics.median(sign_raw)
    print(
        f"sign and seal the minutes (key from PKCS#12 with 600k PBKDF2 rounds, render, PAdES,"
        f" write, seal; median of {len(sign_ours)}): {so * 1000:.0f} ms"
    )
    print(f"raw pyHanko PAdES signature of the same PDF, key loaded: {sr * 1000:.0f} ms")
