# SPDX-License-Identifier: GPL-3.0-or-later
"""The one place errors are shown to the user, and the hook that brings every exception a slot
lets through to it.

Our own errors (:class:`InspectorError`) are shown with their message; a cancelled job is not shown;
a database another connection keeps locked (an import) is said as such, never as an unexpected error;
anything else is logged once with its traceback (types and code, no values: see
:mod:`inspector.logs`) and shown as a generic message naming the log file. One exception is shown
once however many guards it passes through, and an unexpected error raised while such a message is
already open is logged but not stacked on top of it.
"""

from __future__ import annotations

import logging
import sys
from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from inspector import logs
from inspector.errors import Cancelled, InspectorError
from inspector.i18n import Text, _
from inspector.store import faults
from inspector.store.workspace import busy_error, is_busy

log = logging.getLogger(__name__)
APP_NAME = "Inspector"  # a name, not translated

_open_boxes = [0]  # generic messages open now (a list: changed in place, never rebound)


def log_unexpected(exc: BaseException) -> None:
    """Write an unexpected error and its traceback to the log, once per exception."""
    if not _first_time(exc, "_inspector_logged"):
        return
    log.error("unexpected error", exc_info=exc)


def unexpected_message() -> Text:
    """The message shown for an unexpected error: nothing lost, and where the details are."""
    path = logs.current_log_file()
    if path is None:
        return _("Something went wrong; nothing you entered was lost.")
    return _(
        "Something went wrong; nothing you entered was lost. Details are in the log: {path}",
        path=str(path),
    )


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    """Show ``exc`` to the user: its own message for our errors, a generic one otherwise.

    ``parent`` None: over the dialog or window in front.
    """
    if isinstance(exc, Cancelled) or not _first_time(exc, "_inspector_shown"):
        return
    fault = faults.storage_error(exc)  # a full or read-only disk, a damaged database (issue 10)
    if fault is not None:
        exc = fault
    elif is_busy(exc) and not isinstance(exc, InspectorError):  # an import holds the lock
        exc = busy_error()
    if isinstance(exc, InspectorError):
        log.info("refused: %s", exc)  # the text before its values: see inspector.logs
        _box(parent, str(exc))
        return
    log_unexpected(exc)
    if _open_boxes[0]:
        return  # one message for a cascade of failures
    _open_boxes[0] += 1
    try:
        _box(parent, str(unexpected_message()))
    finally:
        _open_boxes[0] -= 1


def excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """Show an exception no slot caught (sys.excepthook: Qt's event loop goes on after it)."""
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, exc, tb)
        return
    if exc.__traceback__ is None and tb is not None:
        exc = exc.with_traceback(tb)
    show_error(None, exc)


def _first_time(exc: BaseException, mark: str) -> bool:
    """Whether ``exc`` is met here for the first time; marks it (exceptions take attributes)."""
    if getattr(exc, mark, False):
        return False
    try:
        setattr(exc, mark, True)
    except AttributeError:  # an exception type with slots: shown again rather than lost
        pass
    return True


def _box(parent: QWidget | None, message: str) -> None:
    if parent is None:
        parent = QApplication.activeModalWidget() or QApplication.activeWindow()
    box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME, message, QMessageBox.StandardButton.Ok)
    if parent is not None:
        box.setParent(parent, box.windowFlags())
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.exec()
