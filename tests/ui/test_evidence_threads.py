# SPDX-License-Identifier: GPL-3.0-or-later
"""Evidence off the UI thread: a photo's thumbnail is decoded on a worker, once (a refresh, or
another tab showing the same file, reuses it), and a file opened in the system's viewer is copied
out on a worker, a cancelled copy leaving nothing behind."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from PySide6.QtCore import QSize, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage

from inspector.errors import Cancelled
from inspector.fieldwork import evidence as evidence_service
from inspector.fieldwork import screens
from inspector.store import evidence_store
from inspector.store.workspace import Workspace
from tests.ui.helpers import activate
from ui.main_window import SCREEN_KEY, MainWindow
from ui.operations import evidence as evidence_ops
from ui.operations.evidence import THUMB, ThumbnailCache


def _photo(folder: Path) -> Path:
    """A photo as a phone takes it: 4000 × 3000 pixels."""
    image = QImage(4000, 3000, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.darkGreen)
    path = folder / "anh-tru-so.jpg"
    assert image.save(str(path), "JPEG")
    return path


def _with_photo(ws: Workspace, iid: str, folder: Path) -> str:
    """Attach a large photo to the check (as the worker and the service do); its digest."""
    path = _photo(folder)
    draft = evidence_service.prepare(ws, iid, path, kind="PHOTO")
    digest, size = evidence_store.store_file(ws.evidence_dir, path)
    evidence_service.record(ws, draft, digest, size)
    return digest


def _window(qtbot, ws: Workspace, iid: str, tab: str) -> MainWindow:
    ws.set_setting(SCREEN_KEY, json.dumps({"inspection": iid, "tab": tab}))
    window = MainWindow(ws)
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    activate(qtbot, window)
    return window


def _entry(grid, digest: str):
    return next(
        grid.item(n)
        for n in range(grid.count())
        if grid.item(n).data(Qt.ItemDataRole.UserRole)["sha256"] == digest
    )


def test_a_photo_is_decoded_once_on_a_worker_then_shown(
    qtbot, demo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws, made = demo
    digest = _with_photo(ws, made.inspection_id, tmp_path)
    real = evidence_ops.decode_thumbnail
    release = threading.Event()
    decoded: list[tuple[str, threading.Thread]] = []

    def held(path: Path, size: QSize) -> QImage:
        decoded.append((path.name, threading.current_thread()))
        assert release.wait(20), "decoded on the UI thread"
        return real(path, size)

    monkeypatch.setattr(evidence_ops, "decode_thumbnail", held)
    window = _window(qtbot, ws, made.inspection_id, "evidence")  # shown while the photo decodes
    tab = window.workbench.evidence
    cache = ThumbnailCache.of(window.ctx)
    assert digest not in cache.kept  # the tab shows the file's icon meanwhile
    with qtbot.waitSignal(cache.ready, timeout=20000, check_params_cb=lambda d: d == digest):
        release.set()
    thumb = cache.kept[digest]
    assert thumb.width() <= THUMB.width() and thumb.height() <= THUMB.height()
    shown = _entry(tab.grid, digest).icon().pixmap(thumb.size()).toImage()
    assert shown == thumb.toImage()  # the picture itself, under its caption
    assert [name for name, _thread in decoded].count(digest) == 1
    assert threading.main_thread() not in [thread for _name, thread in decoded]

    tab.refresh()  # a refresh: the thumbnail is there at once, from memory
    shown = _entry(tab.grid, digest).icon().pixmap(thumb.size()).toImage()
    assert shown == thumb.toImage()
    qtbot.wait(50)
    assert [name for name, _thread in decoded].count(digest) == 1  # never decoded again
    window.close()


def test_opening_evidence_copies_it_on_a_worker(
    qtbot, demo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws, made = demo
    digest = _with_photo(ws, made.inspection_id, tmp_path)
    monkeypatch.setattr(evidence_ops.tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    copied_on: list[threading.Thread] = []
    real = evidence_store.path_for

    def recorded(store: Path, stored_digest: str) -> Path:
        copied_on.append(threading.current_thread())
        return real(store, stored_digest)

    monkeypatch.setattr(evidence_store, "path_for", recorded)
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    window = _window(qtbot, ws, made.inspection_id, "evidence")
    tab = window.workbench.evidence
    tab.grid.setCurrentItem(_entry(tab.grid, digest))
    copied_on.clear()  # from here: the opening alone
    qtbot.keyClick(tab.grid, Qt.Key.Key_Return)  # Enter opens it
    qtbot.waitUntil(lambda: bool(opened), timeout=20000)
    copy = Path(opened[0].toLocalFile())
    assert copy.name == "anh-tru-so.jpg"
    stored = real(ws.evidence_dir, digest)
    assert copy.read_bytes() == stored.read_bytes()
    assert copied_on and threading.main_thread() not in copied_on
    row = next(r for r in screens.evidence(ws, made.inspection_id) if r["sha256"] == digest)
    assert row["file_name"] == copy.name
    window.close()


def test_a_cancelled_copy_leaves_nothing(demo, tmp_path: Path, monkeypatch) -> None:
    ws, made = demo
    digest = _with_photo(ws, made.inspection_id, tmp_path)
    monkeypatch.setattr(evidence_ops.tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    with pytest.raises(Cancelled):
        evidence_ops.viewer_copy(
            ws.evidence_dir, digest, "anh.jpg", lambda _done, _total: None, lambda: True
        )
    left = [p for p in (tmp_path / "tmp").rglob("*") if p.is_file()]
    assert left == []
    copy = evidence_ops.viewer_copy(  # not cancelled: the whole file, under its own name
        ws.evidence_dir, digest, "anh.jpg", lambda _done, _total: None, lambda: False
    )
    assert copy.name == "anh.jpg"
    assert copy.read_bytes() == evidence_store.path_for(ws.evidence_dir, digest).read_bytes()
    assert [p for p in (tmp_path / "tmp").rglob("*") if p.is_file()] == [copy]
