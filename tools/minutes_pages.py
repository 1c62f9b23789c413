# SPDX-License-Identifier: GPL-3.0-or-later
"""Render the pages of the demo's signed minutes that README shows: page 1, the first page of
the results, the signature page and Annex 02, as PNG files in docs/screenshots/ (poppler's
pdftoppm draws them, as a printer would; the page is found by what it says)."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import pdfplumber

from inspector.demo.build import build_demo, sign_demo
from inspector.store.workspace import Workspace

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
PAGES = {  # file name: a text only that page starts or holds
    "minutes-page1": None,
    "minutes-results": "III. KẾT QUẢ KIỂM TRA",
    "minutes-signatures": "TRƯỞNG ĐOÀN KIỂM TRA",
    "minutes-annex2": "HỒ SƠ GIẢI QUYẾT QUÁ HẠN",
}


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="inspector-pages-") as tmp:
        ws = Workspace.open(Path(tmp) / "ws")
        try:
            made = build_demo(ws)
            pdf = sign_demo(ws, made.inspection_id)
            assert pdf is not None
            with pdfplumber.open(pdf) as document:
                texts = [page.extract_text() or "" for page in document.pages]
            for name, marker in PAGES.items():
                number = (
                    1
                    if marker is None
                    else next(n for n, text in enumerate(texts, start=1) if marker in text)
                )
                target = OUT / name
                subprocess.run(
                    ["pdftoppm", "-r", "60", "-png", "-singlefile", "-f", str(number)]
                    + ["-l", str(number), str(pdf), str(target)],
                    check=True,
                )
                print(f"{target}.png: page {number}", file=sys.stderr)
        finally:
            ws.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
