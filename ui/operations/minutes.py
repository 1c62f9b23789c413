# SPDX-License-Identifier: GPL-3.0-or-later
"""The minutes on workers: laid out and drawn for the preview and the printer, signed, approved.

The minutes are composed from the record on the worker's own workspace connection, laid out in
a temporary folder (:class:`ScratchFolder`: they hold personal data) and drawn page by page; the
screens only show the pages, or hand them to the printer.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtGui import QImage

from inspector.minutes import content as minutes_content
from inspector.minutes import rasterize, sealing
from inspector.store.workspace import Workspace

PDF_NAME = "bien-ban.pdf"


class ScratchFolder:
    """A temporary folder removed once each of its holders has let it go.

    The minutes' PDF holds personal data: the folder goes when the last holder (the dialog that
    shows it, the worker that writes it, whichever ends last) lets it go, from any thread.
    """

    def __init__(self, prefix: str, holders: set[str]) -> None:
        self.path = Path(tempfile.mkdtemp(prefix=prefix))
        self.holders = set(holders)
        self.lock = threading.Lock()

    def release(self, holder: str) -> None:
        """Let the folder go for ``holder`` (again: no effect); the last one removes it."""
        with self.lock:
            if holder not in self.holders:
                return
            self.holders.discard(holder)
            last = not self.holders
        if last:
            shutil.rmtree(self.path, ignore_errors=True)


@dataclass(frozen=True)
class MinutesRequest:
    """The minutes of one inspection as they stand now, in ``lang``, composed on the worker from
    the workspace at ``home``."""

    home: Path
    inspection_id: str
    lang: str


Source = Path | minutes_content.MinutesModel | MinutesRequest


def compose(request: MinutesRequest) -> minutes_content.MinutesModel:
    """Compose the minutes of ``request`` on a connection of this thread's own."""
    with Workspace.open(request.home) as ws:
        return minutes_content.build(ws, request.inspection_id, lang=request.lang)


def render_pages(
    source: Source,
    scratch: ScratchFolder | None,
    dpi: int,
    on_progress: Any,
    is_cancelled: Any,
    *,
    name: str = PDF_NAME,
) -> tuple[Path, list[rasterize.PageImage]]:
    """Worker side: compose the minutes (for a request), lay them out in ``scratch`` (unless
    ``source`` is a PDF already) as ``name``, then draw every page at ``dpi``; lets ``scratch``
    go for "worker" when done, failed or cancelled. Progress counts the pages drawn."""
    try:
        if isinstance(source, Path):
            pdf = source
        else:
            model = compose(source) if isinstance(source, MinutesRequest) else source
            folder = scratch.path if scratch is not None else Path(tempfile.gettempdir())
            # reportlab loads here, on the worker, not when the app starts
            from inspector.minutes import layout as minutes_layout

            pdf = minutes_layout.render(model, folder / name)
        pages = rasterize.rasterize(pdf, dpi, on_progress=on_progress, is_cancelled=is_cancelled)
        return pdf, pages
    finally:
        if scratch is not None:
            scratch.release("worker")


def page_image(page: rasterize.PageImage) -> QImage:
    """A drawn page as an image that owns its pixels (made on the worker: QImage may be)."""
    return QImage(
        page.pixels, page.width, page.height, page.stride, QImage.Format.Format_RGB888
    ).copy()


def preview_pages(
    source: Source,
    scratch: ScratchFolder | None,
    dpi: int,
    on_progress: Any,
    is_cancelled: Any,
    *,
    name: str = PDF_NAME,
) -> tuple[Path, list[tuple[QImage, tuple[float, float]]]]:
    """Worker side: as :func:`render_pages`, each page then made an image to show, with its
    size in points."""
    pdf, pages = render_pages(source, scratch, dpi, on_progress, is_cancelled, name=name)
    return pdf, [(page_image(page), page.points) for page in pages]


def sign_job(
    home: Path,
    inspection_id: str,
    passphrase: str,
    lang: str,
    number: str | None = None,
    unsigned: list[str] | None = None,
) -> Any:
    """A job signing the minutes with the team leader's certificate, which seals the check."""

    def job(on_progress: Any, is_cancelled: Any) -> str:
        on_progress(0, 2)
        with Workspace.open(home) as ws:
            path = sealing.sign_minutes(
                ws, inspection_id, passphrase, lang=lang, number=number, unsigned=unsigned or []
            )
        on_progress(2, 2)
        return str(path)

    return job


def approve_job(
    home: Path,
    inspection_id: str,
    member: str,
    passphrase: str,
    on_progress: Any,
    is_cancelled: Any,
) -> str:
    """Worker side: a team member's approval signature added to the sealed minutes."""
    with Workspace.open(home) as ws:
        return str(sealing.approve(ws, inspection_id, member, passphrase))
