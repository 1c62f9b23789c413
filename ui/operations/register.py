# SPDX-License-Identifier: GPL-3.0-or-later
"""The follow-up register counted on a worker: where the recommendations stand, the overdue per
unit and per follower, the names they show and the first page of the list.

Over a million recommendations this takes seconds, so the screen asks and goes on. A newer
request supersedes an older one (the older job is asked to stop, the query running interrupted,
and its result, if it still comes, dropped): the screen only ever receives the tally of the last
narrowing asked.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from inspector.i18n import _
from inspector.office import followup
from inspector.office.followup import Entry, Narrowing, Standing
from inspector.store.workspace import Workspace
from ui.context import t
from ui.workers import JobRunner, Worker

PAGE = 200  # the first page's lines, read with the counts
CHECK_EVERY = 20_000  # SQLite steps between two looks at whether the tally was superseded


@dataclass(frozen=True)
class Tallied:
    """The register under a narrowing, on a day."""

    narrowing: Narrowing
    today: date | None
    standings: dict[Standing, int]
    by_unit: list[tuple[str | None, int]]
    by_follower: list[tuple[str | None, int]]
    names: dict[str, str]
    first: list[Entry]

    @property
    def total(self) -> int:
        """How many lines the narrowing keeps."""
        chosen = self.narrowing.standings
        return sum(n for s, n in self.standings.items() if not chosen or s in chosen)


def tally(ws: Workspace, narrowing: Narrowing, today: date | None = None) -> Tallied:
    """Everything the register's screen shows but the pages after the first."""
    return Tallied(
        narrowing,
        today,
        followup.by_standing(ws, narrowing, today=today),
        followup.overdue_by(ws, "unit", today=today),
        followup.overdue_by(ws, "supervisor", today=today),
        followup.names(ws),
        followup.entries(ws, narrowing, today=today, limit=PAGE),
    )


def tally_job(
    home: Path, narrowing: Narrowing, today: date | None, on_progress: Any, is_cancelled: Any
) -> Tallied | None:
    """Tally on a connection of the worker's own; None if superseded."""
    with Workspace.open(home) as ws:
        ws.db.conn.set_progress_handler(lambda: 1 if is_cancelled() else 0, CHECK_EVERY)
        try:
            return tally(ws, narrowing, today)
        except sqlite3.OperationalError:
            if is_cancelled():  # interrupted by the progress handler
                return None
            raise


class RegisterCounter(QObject):
    """Tallies the register off the UI thread; a newer request supersedes an older one."""

    tallied = Signal(object)  # Tallied
    failed = Signal(object)  # the exception of the last tally asked

    def __init__(self, jobs: JobRunner, home: Path, today: date | None = None) -> None:
        super().__init__(jobs)
        self.jobs = jobs
        self.home = home
        self.today = today
        self.worker: Worker | None = None
        self.pending: Narrowing | None = None
        self.last: Narrowing | None = None
        self.asked = 0  # requests made: a repeated narrowing after a change is a new one
        self.running = 0

    @property
    def busy(self) -> bool:
        """Whether the last request is not tallied yet."""
        return self.worker is not None or self.pending is not None

    def request(self, narrowing: Narrowing) -> None:
        """Tally ``narrowing`` (now, or as soon as the tally running stops)."""
        self.last = narrowing
        self.asked += 1
        if self.worker is not None:
            self.pending = narrowing
            self.worker.cancel()
            return
        self._start(narrowing)

    def _start(self, narrowing: Narrowing) -> None:
        self.pending = None
        self.running = self.asked
        self.worker = self.jobs.start(
            partial(tally_job, self.home, narrowing, self.today),
            label=t(_("Counting the recommendations…")),
            on_success=self._tallied,
            on_failure=self._failed,
            quiet=True,
        )

    def _tallied(self, result: Tallied | None) -> None:
        self.worker = None
        if self.pending is not None or self.running != self.asked:
            self._start(self.pending or self.last or Narrowing())
            return
        if result is not None:
            self.tallied.emit(result)

    def _failed(self, exc: BaseException) -> None:
        self.worker = None
        if self.pending is not None or self.running != self.asked:
            self._start(self.pending or self.last or Narrowing())
            return
        self.failed.emit(exc)
