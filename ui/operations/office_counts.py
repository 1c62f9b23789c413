# SPDX-License-Identifier: GPL-3.0-or-later
"""The office's findings counted on a worker: how many the filters leave, the first page of
them, and every facet's values with their counts (issue #13).

On an office of a million findings these take seconds, so the screen asks and goes on: typing
and clicking never wait for them. A newer request supersedes an older one (the older job is
asked to stop, and its result, if it still comes, is dropped), so what the screen receives is
always the count of the last filters asked. The search index's first build also runs here, with
its progress for the status bar.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from inspector.errors import Cancelled
from inspector.i18n import _
from inspector.office import facets, search, table
from inspector.office.facets import FacetValue, Filters
from inspector.store.workspace import Workspace
from ui.context import t
from ui.operations.latest import LatestOnly
from ui.workers import JobRunner

PAGE = 200  # the rows of the first page, counted with the rest
CHECK_EVERY = 20_000  # SQLite steps between two looks at whether the count was superseded


@dataclass(frozen=True)
class CountRequest:
    """What the screen shows: its filters, and the column its rows are sorted by."""

    filters: Filters
    sort: str = "date"
    descending: bool = True


@dataclass(frozen=True)
class Counted:
    """The findings of a request: how many, the first page, each facet's values with their
    counts (the chosen values the other filters leave none of among them, at 0), and how each
    value reads."""

    request: CountRequest
    total: int
    first: list[table.Row]
    facets: dict[str, list[FacetValue]]
    labels: dict[str, dict[str, str]] = field(default_factory=dict)


def count(ws: Workspace, request: CountRequest, is_cancelled: Any = lambda: False) -> Counted:
    """Count the findings of ``request`` on ``ws`` (the register of units read once).

    Raises:
        Cancelled: ``is_cancelled()`` said so between two queries.
    """
    filters = request.filters
    units = facets.Units.read(ws)
    total = facets.count(ws, filters, units)
    first = table.rows(
        ws,
        filters,
        sort=request.sort,
        descending=request.descending,
        limit=PAGE,
        units=units,
    )
    found = facets.facets(ws, filters, units, is_cancelled)
    labels = {}
    for name, values in found.items():
        kept = {v.value for v in values}  # a chosen value the others leave none of stays
        found[name] = values + [
            FacetValue(v, 0) for v in sorted(filters.chosen.get(name, ())) if v not in kept
        ]
        labels[name] = facets.labels(ws, name, [v.value for v in found[name]])
    return Counted(request, total, first, found, labels)


def count_job(
    home: Path, request: CountRequest, on_progress: Any, is_cancelled: Any
) -> Counted | None:
    """Count ``request`` on a connection of the worker's own; None if it was superseded (the
    query running then is interrupted)."""
    with Workspace.open(home) as ws:
        ws.db.conn.set_progress_handler(lambda: 1 if is_cancelled() else 0, CHECK_EVERY)
        try:
            return count(ws, request, is_cancelled)
        except Cancelled:
            return None
        except sqlite3.OperationalError:
            if is_cancelled():  # interrupted by the progress handler
                return None
            raise


def index_job(home: Path, on_progress: Any, is_cancelled: Any) -> int:
    """Build (or bring up to date) the search index of the workspace at ``home``."""
    with Workspace.open(home) as ws:
        return search.refresh(ws, on_progress, is_cancelled)


class OfficeCounter(LatestOnly):
    """Counts the office's findings off the UI thread; a newer request supersedes an older one
    (:attr:`counted` tells the :class:`Counted` of the last request only)."""

    def __init__(self, jobs: JobRunner, home: Path) -> None:
        super().__init__(
            jobs, lambda request: partial(count_job, home, request), t(_("Counting the findings…"))
        )
        self.home = home
