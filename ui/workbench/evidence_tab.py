# SPDX-License-Identifier: GPL-3.0-or-later
"""Evidence: every photo and document of the inspection, with thumbnails (decoded on workers) and
captions; attach by dialog or by dropping files; open in the system's viewer."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector.errors import InspectorError
from inspector.fieldwork import evidence, screens
from inspector.i18n import _
from inspector.numbers import show_size
from inspector.vocabulary import EvidenceKind, label
from ui.context import Context, t
from ui.operations.evidence import ThumbnailCache
from ui.widgets.fields import DraftBinding
from ui.workbench import attach


class EvidenceTab(QWidget):
    """All evidence of the inspection."""

    changed = Signal()

    def __init__(self, ctx: Context, inspection_id: str) -> None:
        super().__init__()
        self.ctx = ctx
        self.inspection_id = inspection_id
        self.setAcceptDrops(True)
        self.grid = QListWidget()
        self.grid.setViewMode(QListWidget.ViewMode.IconMode)
        self.grid.setIconSize(attach.THUMB)
        self.grid.setGridSize(QSize(attach.THUMB.width() + 60, attach.THUMB.height() + 70))
        self.grid.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.grid.setWordWrap(True)
        self.grid.setSpacing(10)
        self.grid.setAccessibleName(t(_("Evidence")))
        self.grid.currentItemChanged.connect(self._selected)
        self.grid.itemActivated.connect(self._open)
        ThumbnailCache.of(ctx).ready.connect(self._thumbnail_ready)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.caption = QLineEdit()
        self.caption.setPlaceholderText(t(_("Caption")))
        self.caption.setAccessibleName(t(_("Caption")))
        self.caption_binding = DraftBinding(
            self.caption, ctx.ws, "evidence", "caption", ctx.undo, ctx.error
        )
        self.caption_binding.saved.connect(self._caption_saved)
        ctx.undo.indexChanged.connect(self._show_captions)  # an undo may change any caption
        attach_button = self.attach_button = QPushButton(t(_("Attach files…")))
        attach_button.clicked.connect(self.attach_chosen)
        open_button = QPushButton(t(_("Open")))
        open_button.setToolTip(t(_("Open in the system's viewer (Enter)")))
        open_button.clicked.connect(lambda: self._open(self.grid.currentItem()))
        remove = self.remove_button = QPushButton(t(_("Remove…")))
        remove.clicked.connect(self.remove)
        bar = QHBoxLayout()
        bar.addWidget(self.caption, 1)
        bar.addWidget(open_button)
        bar.addWidget(remove)
        bar.addWidget(attach_button)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(t(_("Drop photos and documents here to attach them."))))
        layout.addWidget(self.grid, 1)
        layout.addWidget(self.details)
        layout.addLayout(bar)

    def flush(self) -> None:
        self.caption_binding.flush()

    def set_sealed(self, sealed: bool) -> None:
        """Show the evidence read-only once the minutes are sealed (files still open)."""
        self.setAcceptDrops(not sealed)
        self.caption.setReadOnly(sealed)
        for widget in (self.attach_button, self.remove_button):
            widget.setEnabled(not sealed)

    @Slot()
    def refresh(self) -> None:
        """Reload the evidence, keeping the selection."""
        self.caption_binding.flush()  # save what is typed before reading the rows back
        entry = self.grid.currentItem()
        keep = entry.data(Qt.ItemDataRole.UserRole)["id"] if entry else None
        self.grid.blockSignals(True)
        self.grid.clear()
        for row in screens.evidence(self.ctx.ws, self.inspection_id):
            item = QListWidgetItem(
                attach.thumbnail(self.ctx, row), row["caption"] or row["file_name"]
            )
            item.setData(Qt.ItemDataRole.UserRole, row)
            item.setToolTip(row["file_name"])
            self.grid.addItem(item)
            if row["id"] == keep:
                self.grid.setCurrentItem(item)
        self.grid.blockSignals(False)
        self._selected(self.grid.currentItem(), None)

    @Slot(str)
    def _thumbnail_ready(self, digest: str) -> None:
        attach.show_thumbnail(self.ctx, self.grid, digest)

    @Slot(QListWidgetItem, QListWidgetItem)
    def _selected(self, current: QListWidgetItem | None, _previous: Any) -> None:
        row = current.data(Qt.ItemDataRole.UserRole) if current else None
        self.caption_binding.bind(row["id"] if row else None, row["caption"] if row else None)
        if row is None:
            self.details.setText(t(_("Evidence files: {n}", n=self.grid.count())))
            return
        linked = row["finding_title"] or t(_("not linked to a finding"))
        kind = label(EvidenceKind(row["kind"]))
        self.details.setText(f"{row['file_name']} · {kind} · {show_size(row['size'])} · {linked}")

    @Slot(str)
    def _caption_saved(self, text: str) -> None:
        """Show the saved caption under its thumbnail (the one typed into, even when the caption
        is saved because another thumbnail was just chosen)."""
        item = self._item(self.caption_binding.record_id)
        if item is not None:
            row = {**item.data(Qt.ItemDataRole.UserRole), "caption": text}
            item.setData(Qt.ItemDataRole.UserRole, row)
            item.setText(text or row["file_name"])
        self.changed.emit()

    @Slot()
    def _show_captions(self) -> None:
        """Show each thumbnail's caption as stored (undo and redo reach thumbnails not chosen);
        not while the tab is hidden (or its window closing): the page refreshes a tab it shows."""
        if not self.isVisible():
            return
        captions = {
            r["id"]: r["caption"] for r in screens.evidence(self.ctx.ws, self.inspection_id)
        }
        for n in range(self.grid.count()):
            item = self.grid.item(n)
            row = item.data(Qt.ItemDataRole.UserRole)
            if row["id"] in captions and captions[row["id"]] != row["caption"]:
                row = {**row, "caption": captions[row["id"]]}
                item.setData(Qt.ItemDataRole.UserRole, row)
                item.setText(row["caption"] or row["file_name"])

    def _item(self, evidence_id: str | None) -> QListWidgetItem | None:
        for n in range(self.grid.count()):
            item = self.grid.item(n)
            if item.data(Qt.ItemDataRole.UserRole)["id"] == evidence_id:
                return item
        return None

    @Slot(QListWidgetItem)
    def _open(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            attach.open_in_viewer(self.ctx, item.data(Qt.ItemDataRole.UserRole))

    @Slot()
    def remove(self) -> None:
        item = self.grid.currentItem()
        if item is None:
            return
        row = item.data(Qt.ItemDataRole.UserRole)
        answer = QMessageBox.question(
            self,
            t(_("Remove evidence")),
            t(_("Remove {name} from this inspection?", name=row["file_name"])),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            evidence.delete_evidence(self.ctx.ws, row["id"])
        except InspectorError as exc:
            self.ctx.error(exc)
            return
        self.refresh()
        self.changed.emit()

    @Slot()
    def attach_chosen(self) -> None:
        self.attach_paths(attach.choose_files(self.ctx))

    def attach_paths(self, paths: list[Any]) -> None:
        """Attach files to the inspection, not linked to a finding."""
        attach.attach_files(self.ctx, self.inspection_id, paths, link=None, on_done=self._added)

    def _added(self) -> None:
        self.refresh()
        self.changed.emit()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if attach.dropped_files(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = attach.dropped_files(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.attach_paths(paths)
