# SPDX-License-Identifier: GPL-3.0-or-later
"""What every page of the minutes carries besides the text: its number (from page 2), and a QR
code, with the start of the record's digest beside it, naming the minutes' id and the digest of
the record they were made from."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from reportlab.graphics.barcode import qrencoder
from reportlab.lib import colors
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from inspector.minutes.model import QR_PREFIX, MinutesModel
from inspector.minutes.typesetting import FONT, MARGINS

EDGE = 8 * mm  # nothing is closer than this to any edge of the page
QR_SIZE = 15 * mm


@lru_cache(maxsize=8)
def _qr_runs(payload: str) -> tuple[int, tuple[tuple[int, int, int], ...]]:
    """The QR matrix of ``payload`` (error correction M) as runs of dark modules: (row, start, end)."""
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)  # None: smallest that fits
    code.addData(payload)
    code.make()
    count = code.getModuleCount()
    runs = []
    for row in range(count):
        column = 0
        while column < count:
            if not code.isDark(row, column):
                column += 1
                continue
            start = column
            while column < count and code.isDark(row, column):
                column += 1
            runs.append((row, start, column))
    return count, tuple(runs)


@lru_cache(maxsize=8)
def _qr_operators(payload: str) -> str:
    """The QR code of ``payload`` as PDF operators: a filled rectangle a run of dark modules,
    written as ``Canvas.rect(…, stroke=0, fill=1)`` writes them, made once per payload rather
    than once per document."""
    count, runs = _qr_runs(payload)
    module = QR_SIZE / (count + 4)  # a quiet zone of 2 modules
    boxes = (
        fp_str((start + 2) * module, (count + 1 - row) * module, (end - start) * module, module)
        for row, start, end in runs
    )
    return "\n".join(f"n {box} re f*" for box in boxes)  # a canvas fills even-odd


def _qr(canvas: Canvas, payload: str, x: float, y: float) -> None:
    """Draw the QR code of ``payload`` at x, y: made once per document as a form, reused per page."""
    name = "qr-" + hashlib.sha1(payload.encode()).hexdigest()[:12]
    if not canvas.hasForm(name):
        canvas.beginForm(name, lowerx=0, lowery=0, upperx=QR_SIZE, uppery=QR_SIZE)
        canvas.setFillColor(colors.black)
        canvas.addLiteral(_qr_operators(payload))
        canvas.endForm()
    canvas.saveState()
    canvas.translate(x, y)
    canvas.doForm(name)
    canvas.restoreState()


def qr_payload(model: MinutesModel, digest: str | None = None) -> str:
    """What each page's QR code says: the minutes' id and the digest of the record (``digest``,
    if the caller has it already: :meth:`MinutesModel.digest` serialises the whole model)."""
    return f"{QR_PREFIX};id={model.inspection_id};sha256={digest or model.digest()}"


def decorate(model: MinutesModel, payload: str) -> Callable[[Canvas, Any], None]:
    """The drawing of a page's number and QR code, as a page template's ``onPage``."""
    code_line = f"{model.words['qr']}: {payload.rsplit('sha256=', 1)[1][:16]}"

    def on_page(canvas: Canvas, doc: Any) -> None:
        page_width, page_height = canvas._pagesize
        canvas.saveState()
        if doc.page > 1:  # no number on the first page (Decree 30, Appendix I)
            canvas.setFont(FONT, 13)
            canvas.drawCentredString(
                page_width / 2, page_height - MARGINS["top"] / 2 - 6, str(doc.page)
            )
        _qr(canvas, payload, page_width - MARGINS["right"] - QR_SIZE, EDGE)
        canvas.setFont(FONT, 7)
        canvas.drawRightString(
            page_width - MARGINS["right"] - QR_SIZE - 2 * mm,
            EDGE + 1 * mm,
            code_line,
        )
        canvas.restoreState()

    return on_page


def no_decoration(canvas: Canvas, doc: Any) -> None:
    """Page decorations are not needed to count pages."""
