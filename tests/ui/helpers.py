# SPDX-License-Identifier: GPL-3.0-or-later
"""Driving the real widgets as a user does: typing (Vietnamese too), keys, modal dialogs, drops."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QPoint, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget


def type_text(widget: QWidget, text: str) -> None:
    """Type ``text`` into ``widget`` one key event per character (qtbot.keyClicks is ASCII-only)."""
    widget.setFocus()
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            key = Qt.Key.Key_Return if ch == "\n" else 0
            QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, ch))


def press(
    widget: QWidget, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    """Press and release one key on ``widget``."""
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, key, modifier))


def in_modal(action: Callable[[QWidget], None], *, not_this: QWidget | None = None) -> None:
    """Run ``action(dialog)`` on the modal dialog that the next step opens (it blocks in exec);
    ``not_this``: a dialog still closing, to wait past."""

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog is not_this:
            QTimer.singleShot(20, run)
            return
        action(dialog)

    QTimer.singleShot(0, run)


def drop_files(target: QWidget, paths: list[Path]) -> None:
    """Drop files on ``target`` as a file manager would."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    pos = QPointF(QPoint(10, 10))
    for kind in (QEvent.Type.DragEnter, QEvent.Type.Drop):
        if kind == QEvent.Type.DragEnter:
            event: QDropEvent = QDragEnterEvent(
                QPoint(10, 10),
                Qt.DropAction.CopyAction,
                mime,
                Qt.MouseButton.LeftButton,
                Qt.KeyboardModifier.NoModifier,
            )
        else:
            event = QDropEvent(
                pos,
                Qt.DropAction.CopyAction,
                mime,
                Qt.MouseButton.LeftButton,
                Qt.KeyboardModifier.NoModifier,
            )
        QApplication.sendEvent(target, event)
        assert event.isAccepted(), f"{kind} refused"


def activate(qtbot, window: QWidget) -> None:
    """Make ``window`` the active window (the offscreen platform does not do it after a dialog)."""
    window.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def shortcut(qtbot, window: QWidget, key: Qt.Key, modifier: Qt.KeyboardModifier) -> None:
    """Press a window shortcut, as the user does with the window active."""
    activate(qtbot, window)
    target = QApplication.focusWidget() or window
    qtbot.keyClick(target, key, modifier)  # QTest goes through the shortcut map
