# SPDX-License-Identifier: GPL-3.0-or-later
"""Every finding the office's filters leave, as a table model that reads its rows a page at a
time when the view asks for them: a million findings cost the pages on screen, not a list of a
million rows (rows are never fitted to their contents). How many there are and the first page
come counted from a worker (:mod:`ui.operations.office_counts`)."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal

from inspector.i18n import _
from inspector.office import search, table
from inspector.office.facets import Filters
from inspector.store.workspace import Workspace
from inspector.timefmt import show_day
from ui.context import t
from ui.models.paging import PLACEHOLDER, PagedModel
from ui.operations import office_counts
from ui.operations.office_counts import Counted, CountRequest
from ui.widgets.highlight import SPANS_ROLE
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


class OfficeFindingsModel(PagedModel):
    """The findings of ``filters``, sorted, paged in from the workspace as they are shown.

    A new order asked for (a click on a column's header) is counted like new filters: the rows
    stay as they are until the count brings the first page in that order."""

    sort_requested = Signal()  # the rows are wanted in another order: count them again

    def __init__(self, ws: Workspace, jobs: JobRunner | None = None) -> None:
        super().__init__(jobs, KEPT)  # pages scrolled to: read on its workers (None: here)
        self.ws = ws
        self.filters = Filters()
        self.sort_key = "date"
        self.descending = True
        self.wanted = (self.sort_key, self.descending)  # the order asked for last
        self.searching = False  # whether the last request searched for words

    def show(self, counted: Counted) -> None:
        """Show the findings a count found: how many, and its first page, in its order."""
        self.beginResetModel()
        self.filters = counted.request.filters
        self.sort_key, self.descending = counted.request.sort, counted.request.descending
        self.new_count(counted.total, counted.first)
        self.endResetModel()

    def request(self, filters: Filters) -> CountRequest:
        """What to count for ``filters`` in the order asked for last; but words searched for
        anew put the findings that say them best first, and no more words the newest first."""
        searching = bool(search.terms(filters.words))
        if searching and not self.searching:
            self.wanted = ("relevance", True)
        elif not searching and self.wanted[0] == "relevance":
            self.wanted = ("date", True)
        self.searching = searching
        return CountRequest(filters, *self.wanted)

    def sort_column(self) -> int:
        """The column of the order shown; -1 for the findings that say the words best first."""
        keys = [key for _title, key, _field in COLUMNS]
        return keys.index(self.sort_key) if self.sort_key in keys else -1

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
            self.keep(number, page)
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
        self.ask(
            number,
            PAGE,
            partial(_page_job, self.ws.home, self.filters, self.sort_key, self.descending, number),
            t(_("Reading the findings…")),
        )
        return None

    def data(self, index: IdIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            SPANS_ROLE,
        ):
            return None
        row = self._shown(index.row())
        if row is None:
            return PLACEHOLDER if role == Qt.ItemDataRole.DisplayRole else None
        field = COLUMNS[index.column()][2]
        if field == "title":
            return self._title(row, role)
        if role == SPANS_ROLE:
            return None
        if field == "item":
            return row.item or row.area or "—"
        if field == "date":
            return show_day((row.date or "")[:10]) if row.date else "—"
        return getattr(row, field)

    def _title(self, row: table.Row, role: int) -> Any:
        """A finding's title on one line; with words searched for, each marked where it
        stands (:data:`SPANS_ROLE`), and the passage saying them if the title does not."""
        title = " ".join(row.title.split())
        words = search.terms(self.filters.words)
        if not words:
            return None if role == SPANS_ROLE else title
        spans = search.spans(title, words)
        if row.found and row.found_in != "findings.title":
            title += f"  —  {t(search.KINDS[row.found_in.split('.')[0]])}: "
            spans += tuple((a + len(title), b + len(title)) for a, b in row.spans)
            title += row.found
        return spans if role == SPANS_ROLE else title

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return t(COLUMNS[section][0])
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column < 0:  # the indicator taken off the header: the words' order, best first
            return
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
