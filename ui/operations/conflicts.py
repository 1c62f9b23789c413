# SPDX-License-Identifier: GPL-3.0-or-later
"""Open conflicts, found on workers: their number for the status bar, their list for the
conflicts screen.

Finding them reads the heads of every record (0.5–2 s on a large workspace): the window asks for
a count, or the list, and shows it when it comes, never waiting for it.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from inspector.fieldwork import screens
from inspector.i18n import _
from inspector.store.workspace import Workspace
from inspector.sync import merge
from inspector.vocabulary import field_label
from ui.context import t
from ui.workers import JobRunner


def record_label(ws: Workspace, table: str, record_id: str, field: str) -> str:
    """A record and field as people name them: “Findings “title”: Severity”."""
    what = (
        t(_("edited elsewhere after it was deleted here"))
        if field == merge.DELETED
        else t(_("the record it belongs to was deleted"))
        if field == merge.PARENT_DELETED
        else field_label(field)
    )
    return f"{screens.record_name(ws, table, record_id)}: {what}"


def list_job(home: Path, on_progress: Any, is_cancelled: Any) -> list[tuple[merge.Conflict, str]]:
    """The open conflicts of the workspace at ``home``, each with its label, on a connection of
    the worker's own."""
    with Workspace.open(home) as ws:
        return [
            (c, record_label(ws, c.table, c.record_id, c.field)) for c in merge.conflicts(ws.db)
        ]


def count_job(home: Path, on_progress: Any, is_cancelled: Any) -> int:
    """Count the open conflicts of the workspace at ``home``, on its own connection."""
    with Workspace.open(home) as ws:
        return len(merge.conflicts(ws.db))


class ConflictCounter(QObject):
    """Counts conflicts off the UI thread; a newer request supersedes an older one.

    One count runs at a time. A request made while one runs is kept (only the last) and starts
    when it ends; the result of a count that was superseded is dropped, so :attr:`counted`
    always tells the count of the workspace as it was at or after the last request.
    """

    counted = Signal(int)
    failed = Signal(object)  # the exception of the last count requested

    def __init__(self, jobs: JobRunner, home: Path) -> None:
        super().__init__(jobs)
        self.jobs = jobs
        self.home = home
        self.running = False
        self.again = False  # a request came while a count ran: its result is stale

    def request(self) -> None:
        """Count again (now, or as soon as the count running ends)."""
        if self.running:
            self.again = True
            return
        self.running = True
        self.again = False
        self.jobs.start(
            partial(count_job, self.home),
            label=t(_("Counting the conflicts…")),
            on_success=self._counted,
            on_failure=self._failed,
            quiet=True,
        )

    def _counted(self, count: int) -> None:
        self.running = False
        if self.again:  # superseded: what it counted may have changed since
            self.request()
            return
        self.counted.emit(count)

    def _failed(self, exc: BaseException) -> None:
        self.running = False
        if self.again:
            self.request()
            return
        self.failed.emit(exc)
