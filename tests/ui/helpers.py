# SPDX-License-Identifier: GPL-3.0-or-later
"""Driving the real widgets as a user does: typing (Vietnamese too), keys, modal dialogs, drops."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QPoint, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeyEvent, QPageSize
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QFileDialog,
    QLineEdit,
    QWidget,
)

from inspector.fieldwork import checklists
from inspector.store.workspace import Workspace
from ui.main_window import MainWindow


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


def open_window(qtbot, where: Path | Workspace) -> MainWindow:
    """The main window on a workspace (opened at ``where`` if a folder), shown and active."""
    if isinstance(where, Workspace):
        workspace = where
    else:  # opened as the app opens it
        workspace = Workspace.open(where)
        checklists.ensure_bundled_checklist(workspace)
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    activate(qtbot, window)
    return window


def ok(qtbot, dialog: QWidget) -> None:
    """Click the OK button of a dialog's button box."""
    box = dialog.findChild(QDialogButtonBox)
    qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def replace_text(widget: QWidget, text: str) -> None:
    """Select what the field holds and type over it, as a person correcting it does."""
    widget.setFocus()
    widget.selectAll()  # type: ignore[attr-defined]
    type_text(widget, text)


def edit_cell(qtbot, table, row: int, column: int, text: str) -> None:
    """Correct a table cell in place: F2, type over the text, Return."""
    activate(qtbot, table.window())
    table.setFocus()
    table.setCurrentIndex(table.model().index(row, column))
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    type_text(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() != table.State.EditingState)


def answer_prompts(qtbot, answers: list[str], *, not_this: QWidget | None = None) -> None:
    """Answer the chain of text prompts the next step opens (a minutes' number, then the
    passphrase, say), typing each answer and pressing Return; ``not_this`` as in :func:`in_modal`."""
    queue = list(answers)

    def answer(dialog: QWidget) -> None:
        edit = dialog.findChild(QLineEdit)
        text = queue.pop(0)
        if queue:
            in_modal(answer, not_this=dialog)
        type_text(edit, text)
        qtbot.keyClick(edit, Qt.Key.Key_Return)

    in_modal(answer, not_this=not_this)


def choose_file(path: Path, then: Callable[[QWidget], None] | None = None):
    """An action for :func:`in_modal` that picks ``path`` in the file dialog that opens;
    ``then``: the action for the modal dialog that opens after it."""

    def choose(dialog: QWidget) -> None:
        assert isinstance(dialog, QFileDialog)
        if then is not None:
            in_modal(then, not_this=dialog)
        dialog.selectFile(str(path))
        dialog.accept()

    return choose


def pdf_printer(out: Path) -> QPrinter:
    """A printer that prints to the PDF file ``out`` (A4, the full page), as a printer chosen in
    the system's dialog would be handed over."""
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setFullPage(True)
    printer.setOutputFileName(str(out))
    return printer


def export_from_menu(
    qtbot, window: MainWindow, passphrase: str, out: Path | None = None
) -> tuple[Path, str]:
    """Export a package as a person does (Ctrl+E): where (``out``, else the name the app offers),
    then the passphrase; return where the package went and what the app said."""
    told: dict[str, str] = {}

    def where(dialog) -> None:
        in_modal(ask_passphrase, not_this=dialog)
        if out is not None:
            dialog.selectFile(str(out))
        told["path"] = dialog.selectedFiles()[0]
        dialog.accept()

    def ask_passphrase(dialog) -> None:
        edit = dialog.findChild(QLineEdit)
        in_modal(result, not_this=dialog)
        type_text(edit, passphrase)
        qtbot.keyClick(edit, Qt.Key.Key_Return)

    def result(box) -> None:
        told["text"] = box.text()
        box.accept()

    in_modal(where)
    shortcut(qtbot, window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "text" in told, timeout=60000)
    return Path(told["path"]), told["text"]
