# SPDX-License-Identifier: GPL-3.0-or-later
"""Every finding the office's filters leave, as a table model that reads its rows a page at a
time when the view asks for them: a million findings cost the pages on screen, not a list of a
million rows (rows are never fitted to their contents)."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from inspector.i18n import _
from inspector.office import facets, table
from inspector.office.facets import Filters
from inspector.store.workspace import Workspace
from inspector.timefmt import show_day
from ui.context import t

PAGE = 200  # rows read at a time
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
    """The findings of ``filters``, sorted, paged in from the workspace as they are shown."""

    def __init__(self, ws: Workspace) -> None:
        super().__init__()
        self.ws = ws
        self.filters = Filters()
        self.sort_key = "date"
        self.descending = True
        self.total = facets.count(ws, self.filters)
        self.pages: OrderedDict[int, list[table.Row]] = OrderedDict()

    def set_filters(self, filters: Filters) -> None:
        """Show the findings ``filters`` leave."""
        self.beginResetModel()
        self.filters = filters
        self.total = facets.count(self.ws, filters)
        self.pages.clear()
        self.endResetModel()

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

    def data(self, index: IdIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        row = self.row(index.row())
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
        self.beginResetModel()
        self.sort_key = COLUMNS[column][1]
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.pages.clear()
        self.endResetModel()
