# SPDX-License-Identifier: GPL-3.0-or-later
"""PDF pages as pictures (RGB), for printing through the system's printers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium

from inspector.errors import Cancelled, InspectorError
from inspector.i18n import _


@dataclass(frozen=True)
class PageImage:
    """One page: 8-bit RGB pixels, row by row (``stride`` bytes a row), and its size in points."""

    width: int
    height: int
    stride: int
    pixels: bytes
    points: tuple[float, float]


def rasterize(
    pdf: Path,
    dpi: int = 300,
    *,
    on_progress: Callable[[int, int], None] | None = None,
    is_cancelled: Callable[[], bool] | None = None,
) -> list[PageImage]:
    """Render every page of ``pdf`` at ``dpi``. Call from a worker: it takes a while."""
    try:
        document = pdfium.PdfDocument(str(pdf))
    except (pdfium.PdfiumError, OSError) as exc:
        raise InspectorError(_("The file is not a readable PDF.")) from exc
    pages = []
    try:
        total = len(document)
        for index in range(total):
            if is_cancelled is not None and is_cancelled():
                raise Cancelled(_("Cancelled."))
            page = document[index]
            bitmap = page.render(scale=dpi / 72, rev_byteorder=True)  # RGB
            pages.append(
                PageImage(
                    bitmap.width,
                    bitmap.height,
                    bitmap.stride,
                    bytes(bitmap.buffer),
                    (page.get_width(), page.get_height()),
                )
            )
            if on_progress is not None:
                on_progress(index + 1, total)
    finally:
        document.close()
    return pages
