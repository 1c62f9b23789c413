# SPDX-License-Identifier: GPL-3.0-or-later
"""Text fields that save as the user types: a draft on every keystroke, a real change on a pause,
on leaving the field, and when the window closes. There is no Save button.

A keystroke's draft goes to the workspace's drafts database, which no import locks. The change
needs the workspace database's write lock, which an import holds for seconds: the UI thread waits
for it only briefly (:data:`WAIT_S`); while the workspace stays busy the draft is kept, the window
says so, and the change is tried again every :data:`RETRY_MS`, on leaving the field and on closing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QUndoStack, QWheelEvent
from PySide6.QtWidgets import QComboBox, QLineEdit, QMainWindow, QPlainTextEdit, QWidget

from inspector.errors import InspectorError
from inspector.fieldwork import drafts
from inspector.i18n import Text, _
from inspector.store.workspace import Workspace, WorkspaceBusyError
from ui.undo import EditCommand

PAUSE_MS = 700
WAIT_S = 0.02  # the longest the UI thread waits for the workspace's write lock
RETRY_MS = 1000  # how soon a change the busy workspace could not take is tried again
BUSY_MS = 10_000  # how long the status bar says it (each retry that finds it busy says it again)


def busy_message() -> Text:
    """What the window says while typed text waits for a busy workspace."""
    return _("The workspace is busy importing a package; what you typed is kept and will be saved.")


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
        # typed text the busy workspace has not taken yet: record id -> (text, text before)
        self.waiting: dict[str, tuple[str, str]] = {}
        self.retry = QTimer(self)
        self.retry.setSingleShot(True)
        self.retry.setInterval(RETRY_MS)
        self.retry.timeout.connect(self._on_retry)
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
        waiting = self.waiting.get(record_id) if record_id is not None else None
        self._show(self.saved_text if waiting is None else waiting[0])  # typed, not yet taken
        self.widget.setEnabled(record_id is not None)

    def _on_typed(self) -> None:
        if self.record_id is None:
            return
        drafts.keep(self.ws, self.table, self.record_id, self.field, self._text())
        self.timer.start()

    def _on_pause(self) -> None:
        self.commit(quiet=True)

    def _on_retry(self) -> None:
        self.commit(quiet=True)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            self.commit(quiet=False)
        return False

    def flush(self) -> None:
        """Save what was typed now (window closing, record switching)."""
        self.commit(quiet=False)

    @property
    def busy(self) -> bool:
        """Whether typed text is waiting for the workspace (an import) to be saved as a change."""
        return bool(self.waiting)

    def commit(self, *, quiet: bool) -> None:
        """Turn the typed text into a real change; keep the draft if it is refused, or if the
        workspace is busy (then try again shortly)."""
        self.timer.stop()
        todo = [(rid, *self.waiting.pop(rid)) for rid in list(self.waiting)]  # typed earlier
        if self.record_id is not None:
            rid, text = self.record_id, self._text()
            todo = [t for t in todo if t[0] != rid]  # what is shown is newer
            if text == self.saved_text:
                drafts.discard(self.ws, self.table, rid, self.field)
            else:
                todo.append((rid, text, self.saved_text))
        busy = False
        for rid, text, old in todo:
            if busy:  # it was busy a moment ago: wait no more this time
                self.waiting[rid] = (text, old)
            else:
                busy = not self._save(rid, text, old, quiet=quiet)
        self._tell_busy()

    def _save(self, rid: str, text: str, old: str, *, quiet: bool) -> bool:
        """Make ``text`` of record ``rid`` a change (undoable back to ``old``); False if the
        workspace was busy (then it waits in :attr:`waiting`, its draft kept)."""
        ws, table, field = self.ws, self.table, self.field
        try:
            drafts.commit(ws, table, rid, field, text, wait=WAIT_S)
        except WorkspaceBusyError:  # an import holds the workspace: the draft is kept
            self.waiting[rid] = (text, old)
            return False
        except InspectorError as exc:
            if not quiet:  # while typing, an incomplete value is not an error yet
                self.on_error(exc)
            return True
        if rid == self.record_id:
            self.saved_text = text
            self.saved.emit(text)

        def apply(value: str) -> None:
            drafts.commit(ws, table, rid, field, value, wait=WAIT_S)
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
        return True

    def _tell_busy(self) -> None:
        """Say in the window's status bar that typed text waits for the workspace, and try again
        shortly; once it is saved, take the message back."""
        bar = self._status_bar()
        message = str(busy_message())
        if self.waiting:
            self.retry.start()
            if bar is not None:
                bar.showMessage(message, BUSY_MS)
            return
        self.retry.stop()
        if bar is not None and bar.currentMessage() == message:
            bar.clearMessage()

    def _status_bar(self) -> Any:
        window = self.widget.window()
        return window.statusBar() if isinstance(window, QMainWindow) else None


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
