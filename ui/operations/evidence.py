# SPDX-License-Identifier: GPL-3.0-or-later
"""Evidence files on workers: stored into the workspace, copied out for the system's viewer, and
decoded into thumbnails kept in memory by digest.

A photo is decoded from its file once, on a worker; the screens ask the window's
:class:`ThumbnailCache` for its thumbnail and get it at once if it was decoded before, or are told
(:attr:`ThumbnailCache.ready`) when it is.
"""

from __future__ import annotations

import os
import tempfile
from collections import OrderedDict
from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, QSize, Qt, Signal
from PySide6.QtGui import QImage, QImageReader, QPixmap

from inspector.errors import Cancelled, InspectorError
from inspector.i18n import _
from inspector.store import evidence_store, faults
from ui.context import Context, t
from ui.workers import JobRunner

THUMB = QSize(112, 84)
THUMBS_KEPT = 512  # about 40 KB each: some 20 MB at most
CHUNK = 4 << 20
VIEW_FOLDER = "inspector-view"

Progress = Callable[[int, int], None]
IsCancelled = Callable[[], bool]


def store_job(
    store: Path, source: Path, on_progress: Progress, is_cancelled: IsCancelled
) -> tuple[str, int]:
    """Worker side: hash and copy one file into the store; return its digest and size."""
    return evidence_store.store_file(
        store, source, on_progress=on_progress, is_cancelled=is_cancelled
    )


def viewer_copy(
    store: Path, digest: str, file_name: str, on_progress: Progress, is_cancelled: IsCancelled
) -> Path:
    """Worker side: a copy of the stored file under its own name, in a temporary folder, for the
    system's viewer (which needs the name's extension). A whole copy made before is reused; a
    copy is written under a temporary name and renamed, so a cancelled one leaves nothing. It is
    not synced to the disk: a copy for viewing need not outlive a power cut."""
    stored = evidence_store.path_for(store, digest)
    folder = Path(tempfile.gettempdir()) / VIEW_FOLDER / digest[:12]
    copy = folder / Path(file_name).name
    try:
        size = stored.stat().st_size
        if copy.is_file() and copy.stat().st_size == size:
            return copy
        source = open(stored, "rb")  # noqa: SIM115 - closed by the with below
    except OSError as exc:
        raise InspectorError(
            _("The stored copy of {name} cannot be read.", name=file_name)
        ) from exc
    with source:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(prefix=".opening-", dir=folder)
        except OSError as exc:
            raise faults.write_error(exc, folder) from exc
        pending = Path(name)
        try:
            with open(fd, "wb") as out:
                done = 0
                while chunk := source.read(CHUNK):
                    if is_cancelled():
                        raise Cancelled(_("Cancelled."))
                    out.write(chunk)
                    done += len(chunk)
                    on_progress(done, size)
            os.replace(pending, copy)
        except OSError as exc:
            raise faults.write_error(exc, copy) from exc
        finally:
            pending.unlink(missing_ok=True)  # gone already once renamed
    return copy


def decode_thumbnail(path: Path, size: QSize) -> QImage:
    """Worker side: the picture at ``path`` scaled to fit ``size`` (a null image if it cannot be
    read as a picture). Large photos are read at a reduced size where the format allows."""
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)  # a photo taken sideways shows upright
    full = reader.size()
    if full.isValid() and (full.width() > 2 * size.width() or full.height() > 2 * size.height()):
        reader.setScaledSize(full.scaled(size * 2, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    if image.isNull():
        return image
    return image.scaled(
        size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
    )


def _decode_job(
    store: Path, digest: str, on_progress: Progress, is_cancelled: IsCancelled
) -> QImage:
    if is_cancelled():  # the window is closing: decode nothing more
        raise Cancelled(_("Cancelled."))
    return decode_thumbnail(evidence_store.path_for(store, digest), THUMB)


class ThumbnailCache(QObject):
    """The thumbnails of one window's evidence, by digest, decoded on workers.

    :meth:`pixmap` answers from memory; a photo not decoded yet is decoded on a worker (once,
    however often it is asked for) and :attr:`ready` then carries its digest. At most
    :data:`THUMBS_KEPT` thumbnails are kept, the least recently shown dropped first.
    """

    ready = Signal(str)  # the digest whose thumbnail is now in memory (or cannot be made)

    def __init__(self, jobs: JobRunner, parent: QObject) -> None:
        super().__init__(parent)
        self.jobs = jobs
        self.kept: OrderedDict[str, QPixmap] = OrderedDict()
        self.unreadable: set[str] = set()
        self.pending: set[str] = set()

    @classmethod
    def of(cls, ctx: Context) -> ThumbnailCache:
        """The cache of ``ctx``'s window (made the first time it is asked for)."""
        found = ctx.window.findChild(cls, options=Qt.FindChildOption.FindDirectChildrenOnly)
        return found if found is not None else cls(ctx.jobs, ctx.window)

    def pixmap(self, store: Path, digest: str) -> QPixmap | None:
        """The thumbnail of the picture stored as ``digest``; None while it is being decoded
        (:attr:`ready` tells when it is) or if it is no picture Qt can read."""
        if digest in self.kept:
            self.kept.move_to_end(digest)
            return self.kept[digest]
        if digest not in self.unreadable and digest not in self.pending:
            self.pending.add(digest)
            self.jobs.start(
                partial(_decode_job, store, digest),
                label=t(_("Drawing the thumbnails…")),
                on_success=partial(self._decoded, digest),
                on_failure=partial(self._not_decoded, digest),
                quiet=True,
            )
        return None

    def _decoded(self, digest: str, image: QImage) -> None:
        self.pending.discard(digest)
        if image.isNull():
            self.unreadable.add(digest)
        else:
            self.kept[digest] = QPixmap.fromImage(image)  # pixmaps are made on the UI thread
            while len(self.kept) > THUMBS_KEPT:
                self.kept.popitem(last=False)
        self.ready.emit(digest)

    def _not_decoded(self, digest: str, exc: BaseException) -> None:
        """A thumbnail that cannot be made shows the file's icon; nothing to say louder."""
        self.pending.discard(digest)
        self.unreadable.add(digest)
        self.ready.emit(digest)
