# SPDX-License-Identifier: GPL-3.0-or-later
"""Pages of a long list read on a worker as the view scrolls to them: the office's findings and
the follow-up register. Until a page comes its rows show "…"; a page read for an earlier count
(the list counted again meanwhile) is dropped."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QAbstractTableModel

from ui.workers import JobRunner

PLACEHOLDER = "…"


class PagedModel(QAbstractTableModel):
    """A table model whose pages, ``pages[number]``, are read on ``jobs``' workers when asked
    for by :meth:`ask` (at once, here, if ``jobs`` is None: the caller reads them itself)."""

    def __init__(self, jobs: JobRunner | None, kept: int) -> None:
        super().__init__()
        self.jobs = jobs
        self.kept = kept
        self.total = 0
        self.pages: OrderedDict[int, list[Any]] = OrderedDict()
        self.generation = 0  # a new count: pages asked for before it are dropped
        self.reading: set[int] = set()  # pages being read on a worker

    def new_count(self, total: int, first: list[Any]) -> None:
        """Hold a new count's total and first page (call between begin/endResetModel)."""
        self.generation += 1
        self.reading.clear()
        self.total = total
        self.pages.clear()
        self.pages[0] = first

    def ask(self, number: int, size: int, job: Callable[..., list[Any]], label: str) -> None:
        """Read page ``number`` (of ``size`` rows) with ``job`` on a worker, unless asked."""
        if self.jobs is None or number in self.reading:
            return
        self.reading.add(number)
        self.jobs.start(
            job,
            label=label,
            on_success=partial(self._page_read, self.generation, number, size),
            on_failure=partial(self._page_failed, self.generation, number),
            quiet=True,
        )

    def keep(self, number: int, page: list[Any]) -> None:
        """Keep a page read (the least recently used dropped past ``kept``)."""
        self.pages[number] = page
        while len(self.pages) > self.kept:
            self.pages.popitem(last=False)

    def _page_read(self, generation: int, number: int, size: int, page: list[Any]) -> None:
        if generation != self.generation:  # counted again meanwhile: not this list's page
            return
        self.reading.discard(number)
        self.keep(number, page)
        first, last = number * size, min(self.total, (number + 1) * size) - 1
        if first <= last:
            self.dataChanged.emit(self.index(first, 0), self.index(last, self.columnCount() - 1))

    def _page_failed(self, generation: int, number: int, exc: BaseException) -> None:
        if generation == self.generation:
            self.reading.discard(number)  # asked again when the view next shows it
