# SPDX-License-Identifier: GPL-3.0-or-later
"""Text fields that save as the user types: a draft on every keystroke, a real change on a pause,
on leaving the field, and when the window closes. There is no Save button."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QUndoStack, QWheelEvent
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from inspector.errors import InspectorError
from inspector.fieldwork import drafts
from inspector.i18n import _
from inspector.store.workspace import Workspace
from ui.undo import EditCommand

PAUSE_MS = 700


class DraftBinding(QObject):
    """Connects one text widget to one field of one record."""

    saved = Signal(str)  # the new value, after it became a change

    def __init__(
        self,
        widget: QLineEdit | QPlainTextEdit,
        ws: Workspace,
        table: str,
        field: str,
        undo_stack: QUndoStack,
        on_error: Callable[[BaseException], None],
    ) -> None:
        super().__init__(widget)
        self.widget = widget
        self.ws = ws
        self.table = table
        self.field = field
        self.undo_stack = undo_stack
        self.on_error = on_error
        self.record_id: str | None = None
        self.saved_text = ""
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(PAUSE_MS)
        self.timer.timeout.connect(self._on_pause)
        widget.textChanged.connect(self._on_typed)
        widget.installEventFilter(self)

    def _text(self) -> str:
        w = self.widget
        return w.toPlainText() if isinstance(w, QPlainTextEdit) else w.text()

    def _show(self, text: str) -> None:
        self.widget.blockSignals(True)
        if isinstance(self.widget, QPlainTextEdit):
            self.widget.setPlainText(text)
        else:
            self.widget.setText(text)
        self.widget.blockSignals(False)

    def bind(self, record_id: str | None, text: str | None) -> None:
        """Show ``text`` of record ``record_id`` (saving whatever was typed into the previous one)."""
        self.flush()
        self.record_id = record_id
        self.saved_text = text or ""
        self._show(self.saved_text)
        self.widget.setEnabled(record_id is not None)

    def _on_typed(self) -> None:
        if self.record_id is None:
            return
        drafts.keep(self.ws, self.table, self.record_id, self.field, self._text())
        self.timer.start()

    def _on_pause(self) -> None:
        self.commit(quiet=True)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            self.commit(quiet=False)
        return False

    def flush(self) -> None:
        """Save what was typed now (window closing, record switching)."""
        self.commit(quiet=False)

    def commit(self, *, quiet: bool) -> None:
        """Turn the typed text into a real change; keep the draft if it is refused."""
        self.timer.stop()
        if self.record_id is None:
            return
        text = self._text()
        if text == self.saved_text:
            drafts.discard(self.ws, self.table, self.record_id, self.field)
            return
        ws, table, rid, field, old = (
            self.ws,
            self.table,
            self.record_id,
            self.field,
            self.saved_text,
        )
        try:
            drafts.commit(ws, table, rid, field, text)
        except InspectorError as exc:
            if not quiet:  # while typing, an incomplete value is not an error yet
                self.on_error(exc)
            return
        self.saved_text = text
        self.saved.emit(text)

        def apply(value: str) -> None:
            drafts.commit(ws, table, rid, field, value)
            if self.record_id == rid:
                self.saved_text = value
                self._show(value)
                self.saved.emit(value)

        self.undo_stack.push(
            EditCommand(
                str(_("Edit text")),
                lambda: apply(text),
                lambda: apply(old),
                on_error=self.on_error,
                merge_key=f"{table}:{rid}:{field}",
            )
        )


class QuietComboBox(QComboBox):
    """A combo box that a scrolling wheel passing over it does not change (it saves on change)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()


def keyed_choice(event: QKeyEvent, keys: dict[Qt.Key, Any], sealed: bool) -> Any:
    """The choice a single key stands for (no modifier but the keypad's), or None.

    Lists that take one key per mark or answer (roll call, checklist) share this; once sealed,
    keys only move the selection.
    """
    if sealed or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
        return None
    return keys.get(Qt.Key(event.key()))
