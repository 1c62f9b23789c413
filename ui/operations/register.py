# SPDX-License-Identifier: GPL-3.0-or-later
"""The follow-up register counted on a worker: where the recommendations stand, the overdue per
unit and per follower, the names they show and the first page of the list.

Over a million recommendations this takes seconds, so the screen asks and goes on; only the
last narrowing asked is tallied and shown (:mod:`ui.operations.latest`).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from inspector.i18n import _
from inspector.office import followup
from inspector.office.followup import Entry, Narrowing, Standing
from inspector.store.workspace import Workspace
from ui.context import t
from ui.operations.latest import LatestOnly
from ui.workers import JobRunner

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


class RegisterCounter(LatestOnly):
    """Tallies the register off the UI thread; a newer request supersedes an older one
    (:attr:`counted` tells the :class:`Tallied` of the last request only)."""

    def __init__(self, jobs: JobRunner, home: Path, today: date | None = None) -> None:
        super().__init__(
            jobs,
            lambda narrowing: partial(tally_job, home, narrowing, today),
            t(_("Counting the recommendations…")),
        )
        self.home = home
        self.today = today
