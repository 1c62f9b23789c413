# SPDX-License-Identifier: GPL-3.0-or-later
"""What every screen of one window shares: the workspace, the undo stack, jobs, the error presenter."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from inspector.i18n import Text
from inspector.store.workspace import Workspace
from ui.errors import show_error
from ui.workers import JobRunner


@dataclass
class Context:
    """Shared by the pages and tabs of one main window."""

    ws: Workspace
    window: QWidget
    undo: QUndoStack
    jobs: JobRunner

    def error(self, exc: BaseException) -> None:
        """Show an error to the user (the one presenter)."""
        show_error(self.window, exc)


def t(text: Text) -> str:
    """Render a translatable text for a widget, in the current language."""
    return str(text)
