# SPDX-License-Identifier: GPL-3.0-or-later
"""Printing the minutes on the system's printers: pages rendered off the UI thread, then drawn."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter

from inspector.i18n import _
from inspector.minutes import rasterize
from ui.context import Context, t


def _render(
    path: Path, dpi: int, done: Callable[[], None], on_progress: Any, is_cancelled: Any
) -> list[rasterize.PageImage]:
    try:
        return rasterize.rasterize(path, dpi, on_progress=on_progress, is_cancelled=is_cancelled)
    finally:
        done()


def paint(printer: QPrinter, pages: list[rasterize.PageImage]) -> None:
    """Draw rendered pages on the printer, each on its own sheet, in its own orientation."""
    painter = QPainter()
    for n, page in enumerate(pages):
        portrait = page.points[0] <= page.points[1]
        printer.setPageOrientation(
            QPageLayout.Orientation.Portrait if portrait else QPageLayout.Orientation.Landscape
        )
        if n == 0:
            if not painter.begin(printer):
                return
        else:
            printer.newPage()
        image = QImage(
            page.pixels, page.width, page.height, page.stride, QImage.Format.Format_RGB888
        )
        target = QRectF(painter.viewport())
        painter.drawImage(target, image)
    if painter.isActive():
        painter.end()


def print_pdf(
    ctx: Context,
    path: Path,
    printer: QPrinter | None = None,
    *,
    done: Callable[[], None] = lambda: None,
) -> None:
    """Ask for a printer (unless one is given), then print ``path`` on it.

    ``done()`` runs once ``path`` is no longer needed (printing refused, or its pages drawn,
    failed or cancelled), possibly on the worker: it may remove the file, not touch a widget.
    """
    if printer is None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        printer.setFullPage(True)
        dialog = QPrintDialog(printer, ctx.window)
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            done()
            return
    dpi = min(300, max(150, printer.resolution()))
    ctx.jobs.start(
        partial(_render, path, dpi, done),
        label=t(_("Preparing the pages for printing…")),
        on_success=lambda pages: paint(printer, pages),
        on_failure=ctx.error,
    )
