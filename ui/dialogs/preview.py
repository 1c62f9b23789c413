# SPDX-License-Identifier: GPL-3.0-or-later
"""The minutes' pages inside the app, with no PDF viewer needed: rendered on a worker
(reportlab, then pypdfium2), shown one under the other, with zoom and page keys.

Keys: Ctrl++ / Ctrl+- zoom, Ctrl+0 fits the width; PgUp / PgDn the previous or next page,
Home / End the first or last.
"""

from __future__ import annotations

import time
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import (
    QAction,
    QDesktopServices,
    QImage,
    QKeyEvent,
    QKeySequence,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from inspector.errors import InspectorError
from inspector.i18n import _
from ui.context import Context, t
from ui.dialogs.base import Dialog
from ui.operations.minutes import ScratchFolder, Source, preview_pages

DPI = 144  # sharp up to 150 %; higher zoom scales these pictures
ZOOM_STEP = 1.25
ZOOM_RANGE = (0.25, 4.0)
SCREEN_DPI = 96


def open_externally(ctx: Context, path: Path) -> bool:
    """Open a file in the system's viewer; say so when there is none (openUrl returns False)."""
    if QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
        return True
    ctx.error(
        InspectorError(
            _(
                "No program to open PDF files was found on this computer. The file is {path}.",
                path=str(path),
            )
        )
    )
    return False


class PagesView(QScrollArea):
    """The pages, one under the other; page keys move a page at a time."""

    page_key = Signal(int)  # the Qt key pressed: PageUp, PageDown, Home or End

    KEYS = (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown, Qt.Key.Key_Home, Qt.Key.Key_End)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in self.KEYS and event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        ):
            self.page_key.emit(event.key())
            event.accept()
            return
        super().keyPressEvent(event)


class PreviewDialog(Dialog):
    """The minutes as they will print, page by page; deleted when closed, with the temporary
    folder of the PDF it drew (see :class:`ScratchFolder`)."""

    def __init__(
        self, ctx: Context, source: Source, *, title: str | None = None, start_page: int = 0
    ) -> None:
        super().__init__(ctx.window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.ctx = ctx
        self.shut = False  # closed: a drawing that ends later is dropped
        self.scratch = (  # held by this dialog and by the worker
            None
            if isinstance(source, Path)
            else ScratchFolder("inspector-preview-", {"dialog", "worker"})
        )
        self.finished.connect(self._shut)
        self.destroyed.connect(lambda _obj=None, dialog=self: dialog._shut())  # with its window
        self.pdf: Path | None = source if isinstance(source, Path) else None
        self.images: list[QImage] = []
        self.sizes: list[tuple[float, float]] = []
        self.labels: list[QLabel] = []
        self.zoom = 1.0
        self.fit = True
        self.to_draw: list[int] = []  # pages still to be scaled to the zoom
        self.drawing = QTimer(self)
        self.drawing.setSingleShot(True)
        self.drawing.timeout.connect(self._draw_some)
        self.current = 0
        self.start_page = start_page  # from 0: the page shown first once drawn
        self.setWindowTitle(title or t(_("Minutes preview")))
        waiting = (
            t(_("Drawing the pages…"))
            if isinstance(source, Path)
            else t(_("Laying out the minutes…"))
        )
        self.status = QLabel(waiting)
        self.pages = QWidget()
        self.pages.setStyleSheet("background: #808080;")
        self.column = QVBoxLayout(self.pages)
        self.column.setSpacing(12)
        self.column.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        # while the worker lays out and draws: said where the pages will be
        self.waiting = QLabel(waiting)
        self.waiting.setStyleSheet("color: white; font-size: 16pt; padding: 48px;")
        self.waiting.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.column.addWidget(self.waiting, 0, Qt.AlignmentFlag.AlignHCenter)
        self.view = PagesView()
        self.view.setWidget(self.pages)
        self.view.setWidgetResizable(True)
        self.view.setAccessibleName(t(_("Pages of the minutes")))
        self.view.page_key.connect(self.page_key)
        self.view.verticalScrollBar().valueChanged.connect(self._scrolled)
        zoom_out = QPushButton(t(_("Zoom out")))
        zoom_out.clicked.connect(self.zoom_out)
        zoom_in = QPushButton(t(_("Zoom in")))
        zoom_in.clicked.connect(self.zoom_in)
        fit = QPushButton(t(_("Fit width")))
        fit.clicked.connect(self.fit_width)
        self.external = QPushButton(t(_("Open in the PDF viewer")))
        self.external.setEnabled(self.pdf is not None)
        self.external.clicked.connect(self.open_external)
        close = QPushButton(t(_("Close")))
        close.clicked.connect(self.reject)
        bar = QHBoxLayout()
        bar.addWidget(self.status, 1)
        for button in (zoom_out, zoom_in, fit, self.external, close):
            button.setAutoDefault(False)
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        # a title of its own (what verifying the file found, say) is said above the pages as
        # well: a window manager may not show the window's title
        self.banner = QLabel(title or "")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("font-weight: bold; padding: 4px;")
        self.banner.setVisible(bool(title))
        layout.addWidget(self.banner)
        layout.addWidget(self.view, 1)
        layout.addLayout(bar)
        for keys, slot in (
            ([QKeySequence.StandardKey.ZoomIn, "Ctrl+=", "Ctrl++"], self.zoom_in),
            ([QKeySequence.StandardKey.ZoomOut, "Ctrl+-"], self.zoom_out),
            (["Ctrl+0"], self.fit_width),
        ):
            action = QAction(self)
            unique = {QKeySequence(k).toString(): QKeySequence(k) for k in keys}  # no overload
            action.setShortcuts(list(unique.values()))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
        available = ctx.window.screen().availableGeometry()
        self.resize(min(900, available.width()), int(available.height() * 0.9))
        self.worker = ctx.jobs.start(
            partial(preview_pages, source, self.scratch, DPI, name="bien-ban-xem-truoc.pdf"),
            label=t(_("Drawing the pages…")),
            on_success=self._rendered,
            on_failure=self._failed,
        )
        self.worker.signals.progress.connect(self._progress)

    # rendering ------------------------------------------------------------------------------

    @Slot()
    def _shut(self) -> None:
        self.shut = True
        if self.scratch is not None:
            self.scratch.release("dialog")

    @Slot(int, int)
    def _progress(self, done: int, total: int) -> None:
        """Say which page is being drawn (the layout is done by then)."""
        if self.shut or self.images:
            return
        text = t(_("Drawing page {page} of {pages}…", page=min(done + 1, total), pages=total))
        self.waiting.setText(text)
        self.status.setText(text)

    def _rendered(self, result: tuple[Path, list[tuple[QImage, tuple[float, float]]]]) -> None:
        if self.shut:  # closed (and deleted) before the pages were drawn
            return
        self.pdf, pages = result
        self.external.setEnabled(True)
        self.waiting.hide()
        for image, points in pages:
            self.images.append(image)
            self.sizes.append(points)
            label = QLabel()
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.labels.append(label)
            self.column.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
        self.current = max(0, min(self.start_page, len(self.labels) - 1))
        self._layout_pages()
        self._keep_page()
        self.view.setFocus()

    def _keep_page(self) -> None:
        """Scroll to the current page once the view knows the pages' new size (a scroll range
        is updated only when the layout has run: scrolling before it stays at the top)."""
        page = self.current
        QTimer.singleShot(0, self, lambda: self.shut or self.go_to(page))

    def _failed(self, exc: BaseException) -> None:
        if self.shut:
            return
        self.status.setText(str(exc) if isinstance(exc, InspectorError) else "")
        self.waiting.setText(self.status.text())
        self.ctx.error(exc)

    def _layout_pages(self) -> None:
        if not self.images:
            return
        if self.fit:
            margins = self.column.contentsMargins()
            room = (  # the view's width less its frame, the vertical bar and the margins
                self.view.width()
                - 2 * self.view.frameWidth()
                - self.view.verticalScrollBar().sizeHint().width()
                - margins.left()
                - margins.right()
                - 4
            )
            self.zoom = max(
                ZOOM_RANGE[0], room / (max(w for w, _h in self.sizes) * SCREEN_DPI / 72)
            )
        for (width, height), label in zip(self.sizes, self.labels, strict=True):
            label.setFixedSize(
                int(width * SCREEN_DPI / 72 * self.zoom), int(height * SCREEN_DPI / 72 * self.zoom)
            )
        self.pages.adjustSize()
        self._show_status()
        # the pictures at this size, the current page first, a few at a time: a smooth scaling
        # takes some 15 ms a page, and the window keeps answering between them
        order = sorted(range(len(self.labels)), key=lambda n: abs(n - self.current))
        self.to_draw = order
        self._draw_some(first=True)

    @Slot()
    def _draw_some(self, first: bool = False) -> None:
        """Scale the next pages to their labels' size for about 30 ms, then let the window
        answer; the page in view is drawn at once."""
        started = time.monotonic()
        while self.to_draw and (first or time.monotonic() - started < 0.03):
            first = False
            n = self.to_draw.pop(0)
            label = self.labels[n]
            label.setPixmap(
                QPixmap.fromImage(self.images[n]).scaled(
                    label.size(),
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        if self.to_draw:
            self.drawing.start()

    def _show_status(self) -> None:
        self.status.setText(
            t(
                _(
                    "Page {page} of {pages} — {zoom} %",
                    page=self.current + 1,
                    pages=len(self.images),
                    zoom=round(self.zoom * 100),
                )
            )
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.fit and self.images:
            self._layout_pages()
            self._keep_page()

    # zoom and pages -------------------------------------------------------------------------

    def set_zoom(self, zoom: float) -> None:
        """Show the pages at ``zoom`` (1.0 = their printed size), keeping the current page."""
        self.fit = False
        self.zoom = min(ZOOM_RANGE[1], max(ZOOM_RANGE[0], zoom))
        page = self.current
        self._layout_pages()
        self.go_to(page)

    @Slot()
    def zoom_in(self) -> None:
        self.set_zoom(self.zoom * ZOOM_STEP)

    @Slot()
    def zoom_out(self) -> None:
        self.set_zoom(self.zoom / ZOOM_STEP)

    @Slot()
    def fit_width(self) -> None:
        self.fit = True
        page = self.current
        self._layout_pages()
        self.go_to(page)

    @Slot(int)
    def page_key(self, key: int) -> None:
        last = len(self.labels) - 1
        target = {
            Qt.Key.Key_PageUp: self.current - 1,
            Qt.Key.Key_PageDown: self.current + 1,
            Qt.Key.Key_Home: 0,
            Qt.Key.Key_End: last,
        }[Qt.Key(key)]
        self.go_to(max(0, min(last, target)))

    def go_to(self, page: int) -> None:
        """Scroll so that page ``page`` (from 0) starts at the top."""
        if not 0 <= page < len(self.labels):
            return
        self.pages.layout().activate()
        self.current = page
        bar = self.view.verticalScrollBar()
        bar.blockSignals(True)
        bar.setValue(self.labels[page].y() - self.column.spacing() // 2 if page else 0)
        bar.blockSignals(False)
        self._show_status()

    @Slot(int)
    def _scrolled(self, value: int) -> None:
        """The page at the top of the view is the current one (scrolling with the wheel)."""
        middle = value + self.view.viewport().height() // 3
        for n, label in enumerate(self.labels):
            if label.y() <= middle:
                self.current = n
        self._show_status()

    @Slot()
    def open_external(self) -> None:
        if self.pdf is not None:
            open_externally(self.ctx, self.pdf)
