# SPDX-License-Identifier: GPL-3.0-or-later
"""Printing the minutes on the system's printers: laid out, drawn and painted on the printer off
the UI thread."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter

from inspector.errors import Cancelled
from inspector.i18n import _
from inspector.minutes import rasterize
from ui.context import Context, t
from ui.operations.minutes import MinutesRequest, ScratchFolder, render_pages


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


def ask_printer(ctx: Context) -> QPrinter | None:
    """The printer the user chooses in the system's dialog (A4, full page); None if refused."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setFullPage(True)
    dialog = QPrintDialog(printer, ctx.window)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return None
    return printer


def print_pdf(ctx: Context, source: Path | MinutesRequest, printer: QPrinter | None = None) -> None:
    """Ask for a printer (unless one is given), then print ``source``: a signed file, or the
    minutes as they stand, laid out on a worker in a temporary folder removed once its pages
    are drawn (personal data)."""
    if printer is None:
        printer = ask_printer(ctx)
        if printer is None:
            return
    dpi = min(300, max(150, printer.resolution()))
    scratch = None if isinstance(source, Path) else ScratchFolder("inspector-minutes-", {"worker"})
    ctx.jobs.start(
        partial(_print_job, printer, source, scratch, dpi),
        label=t(_("Preparing the pages for printing…")),
        on_success=lambda _result: None,
        on_failure=ctx.error,
    )


def _print_job(
    printer: QPrinter,
    source: Path | MinutesRequest,
    scratch: ScratchFolder | None,
    dpi: int,
    on_progress: Any,
    is_cancelled: Any,
) -> None:
    """Worker side: lay out and draw the pages, then paint them on ``printer`` (a QPainter may
    paint on a printer from any thread; the UI thread no longer touches this one)."""
    _pdf, pages = render_pages(source, scratch, dpi, on_progress, is_cancelled)
    if is_cancelled():
        raise Cancelled(_("Cancelled."))
    paint(printer, pages)
