# SPDX-License-Identifier: GPL-3.0-or-later
"""PDF pages as pictures (RGB), for printing through the system's printers and the preview.

PDFium is not thread-safe: two renderings at once (a preview and a print, or a preview closed while
the next one starts) crashed the app. Every use of it holds :data:`PDFIUM`, and each page and bitmap
is closed inside it, so nothing is left for the garbage collector to free on another thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from inspector.errors import Cancelled, InspectorError
from inspector.i18n import _

PDFIUM = threading.Lock()  # held by every call into PDFIUM (see the module's docstring)


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
    """Render every page of ``pdf`` at ``dpi``. Call from a worker: it takes a while.

    Renderings from several threads take turns, a page at a time.
    """
    import pypdfium2 as pdfium  # loads when pages are drawn, not when the app starts

    with PDFIUM:
        try:
            document = pdfium.PdfDocument(str(pdf))
        except (pdfium.PdfiumError, OSError) as exc:
            raise InspectorError(_("The file is not a readable PDF.")) from exc
    pages = []
    try:
        with PDFIUM:
            total = len(document)
        for index in range(total):
            if is_cancelled is not None and is_cancelled():
                raise Cancelled(_("Cancelled."))
            with PDFIUM:
                page = document[index]
                try:
                    bitmap = page.render(scale=dpi / 72, rev_byteorder=True)  # RGB
                    try:
                        image = PageImage(
                            bitmap.width,
                            bitmap.height,
                            bitmap.stride,
                            bytes(bitmap.buffer),
                            (page.get_width(), page.get_height()),
                        )
                    finally:
                        bitmap.close()
                finally:
                    page.close()
            pages.append(image)
            if on_progress is not None:
                on_progress(index + 1, total)
    finally:
        with PDFIUM:
            document.close()
    return pages
