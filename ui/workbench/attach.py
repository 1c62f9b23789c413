# SPDX-License-Identifier: GPL-3.0-or-later
"""Evidence files on screen: attach, thumbnails, open in the system viewer (the files are stored,
decoded and copied off the UI thread, by :mod:`ui.operations.evidence`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache, partial
from pathlib import Path

import shiboken6
from PySide6.QtCore import QFileInfo, QMimeData, QRectF, Qt, QUrl
from PySide6.QtGui import QColor, QDesktopServices, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QFileDialog, QFileIconProvider, QListWidget

from inspector.errors import InspectorError
from inspector.fieldwork import evidence
from inspector.i18n import _
from inspector.vocabulary import EvidenceKind
from ui.context import Context, t
from ui.operations.evidence import THUMB, ThumbnailCache, store_job, viewer_copy

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp", ".tif", ".tiff", ".heic"}


def kind_for(path: Path) -> EvidenceKind:
    """Guess the evidence kind from a file's name."""
    suffix = path.suffix.lower()
    if suffix in IMAGE_SUFFIXES:
        return EvidenceKind.PHOTO
    if suffix in {".csv", ".xlsx", ".xls", ".ods"}:
        return EvidenceKind.SOFTWARE_EXTRACT
    if suffix in {".mp3", ".m4a", ".wav", ".ogg", ".aac"}:
        return EvidenceKind.AUDIO
    return EvidenceKind.DOCUMENT_COPY


def dropped_files(mime: QMimeData) -> list[Path]:
    """Return the local files of a drag and drop."""
    if not mime.hasUrls():
        return []
    return [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile() and u.toLocalFile()]


def choose_files(ctx: Context) -> list[Path]:
    """Ask for evidence files with the system's file dialog."""
    names, _filter = QFileDialog.getOpenFileNames(
        ctx.window, t(_("Attach evidence files")), str(Path.home())
    )
    return [Path(n) for n in names]


def attach_files(
    ctx: Context,
    inspection_id: str,
    paths: Iterable[Path],
    *,
    link: tuple[str, str] | None,
    on_done: Callable[[], None],
) -> None:
    """Store each file off the UI thread, then record it (linked to ``link``, if given)."""
    for path in paths:
        try:
            draft = evidence.prepare(
                ctx.ws,
                inspection_id,
                path,
                kind=kind_for(path).value,
                link_table=link[0] if link else None,
                link_id=link[1] if link else None,
            )
        except InspectorError as exc:
            ctx.error(exc)
            continue

        def stored(result: tuple[str, int], draft: evidence.EvidenceDraft = draft) -> None:
            try:
                evidence.record(ctx.ws, draft, *result)
            except InspectorError as exc:
                ctx.error(exc)
            owner = getattr(on_done, "__self__", None)
            if owner is None or shiboken6.isValid(owner):  # the page may be gone by now
                on_done()

        ctx.jobs.start(
            partial(store_job, ctx.ws.evidence_dir, path),
            label=t(_("Storing {name}…", name=path.name)),
            on_success=stored,
            on_failure=ctx.error,
        )


def thumbnail(ctx: Context, row: dict[str, object]) -> QIcon:
    """An icon for an evidence record: the picture itself for images, the file type otherwise
    (and while the picture is decoded on a worker: :attr:`ThumbnailCache.ready` tells when)."""
    if str(row["media_type"]).startswith("image/"):
        pixmap = ThumbnailCache.of(ctx).pixmap(ctx.ws.evidence_dir, str(row["sha256"]))
        if pixmap is not None:
            return QIcon(pixmap)
    icon = QFileIconProvider().icon(QFileInfo(str(row["file_name"])))
    if icon.isNull() or not icon.availableSizes():
        return QIcon(_document_thumb(Path(str(row["file_name"])).suffix.lstrip(".").upper()))
    return icon


def show_thumbnail(ctx: Context, grid: QListWidget, digest: str) -> None:
    """Show the thumbnail of ``digest``, just decoded, on each entry of ``grid`` that is that
    file (entries hold their evidence row)."""
    for n in range(grid.count()):
        entry = grid.item(n)
        row = entry.data(Qt.ItemDataRole.UserRole)
        if row and row["sha256"] == digest:
            entry.setIcon(thumbnail(ctx, row))


@lru_cache(maxsize=64)
def _document_thumb(extension: str) -> QPixmap:
    """A plain page with the file's extension, where the system has no icon for its type."""
    pixmap = QPixmap(THUMB)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    page = QRectF(THUMB.width() * 0.25, 4, THUMB.width() * 0.5, THUMB.height() - 8)
    painter.setPen(QPen(QColor(110, 110, 110), 1.5))
    painter.setBrush(QColor(250, 250, 250))
    painter.drawRoundedRect(page, 3, 3)
    painter.setPen(QColor(60, 90, 140))
    font = painter.font()
    font.setBold(True)
    font.setPointSize(10)
    painter.setFont(font)
    painter.drawText(page, Qt.AlignmentFlag.AlignCenter, extension or "?")
    painter.end()
    return pixmap


def open_in_viewer(ctx: Context, row: dict[str, object]) -> None:
    """Open a copy of the file (under its own name) in the system's viewer; the copy is made on
    a worker (a file may be 2 GB), with progress and cancel."""
    name = Path(str(row["file_name"])).name
    ctx.jobs.start(
        partial(viewer_copy, ctx.ws.evidence_dir, str(row["sha256"]), name),
        label=t(_("Opening {name}…", name=name)),
        on_success=partial(show_in_viewer, ctx),
        on_failure=ctx.error,
    )


def show_in_viewer(ctx: Context, copy: Path) -> None:
    """Hand the copy to the system's viewer; say where it is if there is none."""
    if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(copy))):
        ctx.error(
            InspectorError(
                _(
                    "No program to open this file was found on this computer. A copy is {path}.",
                    path=str(copy),
                )
            )
        )
