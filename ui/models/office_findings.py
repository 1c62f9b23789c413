# SPDX-License-Identifier: GPL-3.0-or-later
"""Every finding the office's filters leave, as a table model that reads its rows a page at a
time when the view asks for them: a million findings cost the pages on screen, not a list of a
million rows (rows are never fitted to their contents). How many there are and the first page
come counted from a worker (:mod:`ui.operations.office_counts`)."""

from __future__ import annotations

from collections import OrderedDict
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from inspector.i18n import _
from inspector.office import table
from inspector.office.facets import Filters
from inspector.store.workspace import Workspace
from inspector.timefmt import show_day
from ui.context import t
from ui.operations import office_counts
from ui.operations.office_counts import Counted, CountRequest
from ui.workers import JobRunner

PAGE = office_counts.PAGE  # rows read at a time
KEPT = 32  # pages kept in memory

# (title, the table's sort key, the row's field)
COLUMNS = (
    (_("Check"), "check", "check"),
    (_("Unit"), "unit", "unit"),
    (_("Item"), "area", "item"),
    (_("Severity"), "severity", "severity"),
    (_("Finding"), "title", "title"),
    (_("Date"), "date", "date"),
)

IdIndex = QModelIndex | QPersistentModelIndex


class OfficeFindingsModel(QAbstractTableModel):
    """The findings of ``filters``, sorted, paged in from the workspace as they are shown.

    A new order asked for (a click on a column's header) is counted like new filters: the rows
    stay as they are until the count brings the first page in that order."""

    sort_requested = Signal()  # the rows are wanted in another order: count them again

    def __init__(self, ws: Workspace, jobs: JobRunner | None = None) -> None:
        super().__init__()
        self.ws = ws
        self.jobs = jobs  # pages scrolled to are read on its workers (None: at once, here)
        self.generation = 0  # a new count: pages asked for before it are dropped
        self.reading: set[int] = set()  # pages being read on a worker
        self.filters = Filters()
        self.sort_key = "date"
        self.descending = True
        self.wanted = (self.sort_key, self.descending)  # the order asked for last
        self.total = 0  # until the first count comes
        self.pages: OrderedDict[int, list[table.Row]] = OrderedDict()

    def show(self, counted: Counted) -> None:
        """Show the findings a count found: how many, and its first page, in its order."""
        self.beginResetModel()
        self.generation += 1
        self.reading.clear()
        self.filters = counted.request.filters
        self.total = counted.total
        self.sort_key, self.descending = counted.request.sort, counted.request.descending
        self.pages.clear()
        self.pages[0] = counted.first
        self.endResetModel()

    def request(self, filters: Filters) -> CountRequest:
        """What to count for ``filters`` in the order asked for last."""
        return CountRequest(filters, *self.wanted)

    def rowCount(self, parent: IdIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else self.total

    def columnCount(self, parent: IdIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def row(self, n: int) -> table.Row:
        """The ``n``-th finding, its page read if it is not in memory."""
        number, at = divmod(n, PAGE)
        page = self.pages.get(number)
        if page is None:
            page = table.rows(
                self.ws,
                self.filters,
                sort=self.sort_key,
                descending=self.descending,
                offset=number * PAGE,
                limit=PAGE,
            )
            self.pages[number] = page
            while len(self.pages) > KEPT:
                self.pages.popitem(last=False)
        else:
            self.pages.move_to_end(number)
        return page[at]

    def _shown(self, n: int) -> table.Row | None:
        """The ``n``-th finding if its page is in memory; else its page is read on a worker
        (the view scrolls on meanwhile, and the rows are drawn when it comes) and None."""
        if self.jobs is None:
            return self.row(n)
        number, at = divmod(n, PAGE)
        page = self.pages.get(number)
        if page is not None:
            self.pages.move_to_end(number)
            return page[at] if at < len(page) else None
        if number not in self.reading:
            self.reading.add(number)
            self.jobs.start(
                partial(
                    _page_job,
                    self.ws.home,
                    self.filters,
                    self.sort_key,
                    self.descending,
                    number,
                ),
                label=t(_("Reading the findings…")),
                on_success=partial(self._page_read, self.generation, number),
                on_failure=partial(self._page_failed, self.generation, number),
                quiet=True,
            )
        return None

    def _page_read(self, generation: int, number: int, page: list[table.Row]) -> None:
        if generation != self.generation:  # counted again meanwhile: not this list's page
            return
        self.reading.discard(number)
        self.pages[number] = page
        while len(self.pages) > KEPT:
            self.pages.popitem(last=False)
        first, last = number * PAGE, min(self.total, (number + 1) * PAGE) - 1
        if first <= last:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))

    def _page_failed(self, generation: int, number: int, exc: BaseException) -> None:
        if generation == self.generation:
            self.reading.discard(number)  # asked again when the view next shows it

    def data(self, index: IdIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        row = self._shown(index.row())
        if row is None:
            return "…" if role == Qt.ItemDataRole.DisplayRole else None
        field = COLUMNS[index.column()][2]
        if field == "item":
            return row.item or row.area or "—"
        if field == "date":
            return show_day((row.date or "")[:10]) if row.date else "—"
        if field == "title":
            return " ".join(row.title.split())
        return getattr(row, field)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return t(COLUMNS[section][0])
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        wanted = (COLUMNS[column][1], order == Qt.SortOrder.DescendingOrder)
        if wanted != self.wanted:  # not when the view says the order it was set up with
            self.wanted = wanted
            self.sort_requested.emit()


def _page_job(
    home: Path,
    filters: Filters,
    sort: str,
    descending: bool,
    number: int,
    on_progress: Any,
    is_cancelled: Any,
) -> list[table.Row]:
    """Worker side: one page of the findings, on a connection of its own."""
    with Workspace.open(home) as ws:
        return table.rows(
            ws, filters, sort=sort, descending=descending, offset=number * PAGE, limit=PAGE
        )
