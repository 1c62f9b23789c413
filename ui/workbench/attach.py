# SPDX-License-Identifier: GPL-3.0-or-later
"""Evidence files on screen: attach (stored off the UI thread), thumbnails, open in the system viewer."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterable
from functools import lru_cache, partial
from pathlib import Path

import shiboken6
from PySide6.QtCore import QFileInfo, QMimeData, QRectF, QSize, Qt, QUrl
from PySide6.QtGui import QColor, QDesktopServices, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QFileDialog, QFileIconProvider

from inspector.errors import InspectorError
from inspector.fieldwork import evidence
from inspector.i18n import _
from inspector.store import evidence_store
from inspector.vocabulary import EvidenceKind
from ui.context import Context, t

THUMB = QSize(112, 84)
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
            partial(_store, ctx.ws.evidence_dir, path),
            label=t(_("Storing {name}…", name=path.name)),
            on_success=stored,
            on_failure=ctx.error,
        )


def _store(
    store: Path,
    source: Path,
    on_progress: Callable[[int, int], None],
    is_cancelled: Callable[[], bool],
) -> tuple[str, int]:
    """Worker side: hash and copy one file into the store (no database, no widgets)."""
    return evidence_store.store_file(
        store, source, on_progress=on_progress, is_cancelled=is_cancelled
    )


@lru_cache(maxsize=512)
def _image_thumb(path: str) -> QPixmap:
    pixmap = QPixmap(path)
    if pixmap.isNull():
        return pixmap
    return pixmap.scaled(
        THUMB, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
    )


def thumbnail(ctx: Context, row: dict[str, object]) -> QIcon:
    """An icon for an evidence record: the picture itself for images, the file type otherwise."""
    stored = evidence_store.path_for(ctx.ws.evidence_dir, str(row["sha256"]))
    if str(row["media_type"]).startswith("image/"):
        pixmap = _image_thumb(str(stored))
        if not pixmap.isNull():
            return QIcon(pixmap)
    icon = QFileIconProvider().icon(QFileInfo(str(row["file_name"])))
    if icon.isNull() or not icon.availableSizes():
        return QIcon(_document_thumb(Path(str(row["file_name"])).suffix.lstrip(".").upper()))
    return icon


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
    """Open a copy of the file (under its own name) in the system's viewer."""
    stored = evidence_store.path_for(ctx.ws.evidence_dir, str(row["sha256"]))
    folder = Path(tempfile.gettempdir()) / "inspector-view" / str(row["sha256"])[:12]
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / Path(str(row["file_name"])).name
    if not copy.exists():
        shutil.copyfile(stored, copy)
    if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(copy))):
        ctx.error(
            InspectorError(
                _(
                    "No program to open this file was found on this computer. A copy is {path}.",
                    path=str(copy),
                )
            )
        )
