# SPDX-License-Identifier: GPL-3.0-or-later
"""The follow-up register's lines as a table model that reads a page at a time, as the view asks
for rows (an office's register holds every recommendation of every check)."""

from __future__ import annotations

from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from inspector.i18n import _
from inspector.office import followup
from inspector.office.followup import Entry, Narrowing, Standing
from inspector.store.workspace import Workspace
from inspector.timefmt import show_day
from inspector.vocabulary import RecommendationType, label
from ui.context import t
from ui.models.paging import PLACEHOLDER, PagedModel
from ui.operations.register import Tallied
from ui.workers import JobRunner

PAGE = 200
KEPT = 16
OVERDUE_COLOUR = QColor(170, 20, 20)
ID_ROLE = Qt.ItemDataRole.UserRole

COLUMNS = (
    _("Deadline"),
    _("Where it stands"),
    _("Days late"),
    _("Recommendation"),
    _("Who must act"),
    _("Followed up by"),
    _("Files"),
)

IdIndex = QModelIndex | QPersistentModelIndex


class FollowUpModel(PagedModel):
    """The register's lines the narrowing keeps, most urgent first."""

    def __init__(
        self, ws: Workspace, today: date | None = None, jobs: JobRunner | None = None
    ) -> None:
        super().__init__(jobs, KEPT)  # pages scrolled to: read on its workers (None: here)
        self.ws = ws
        self.today = today
        self.narrowing = Narrowing()
        self.names: dict[str, str] = {}

    def show(self, tallied: Tallied) -> None:
        """Show the register as tallied on a worker: its count, its first page, its names."""
        self.beginResetModel()
        self.narrowing = tallied.narrowing
        self.new_count(tallied.total, tallied.first)
        self.names = tallied.names
        self.endResetModel()

    def rowCount(self, parent: IdIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else self.total

    def columnCount(self, parent: IdIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def entry(self, n: int) -> Entry:
        """The ``n``-th line, its page read if it is not in memory."""
        number, at = divmod(n, PAGE)
        page = self.pages.get(number)
        if page is None:
            page = followup.entries(
                self.ws, self.narrowing, today=self.today, limit=PAGE, offset=number * PAGE
            )
            self.keep(number, page)
        else:
            self.pages.move_to_end(number)
        return page[at]

    def _shown(self, n: int) -> Entry | None:
        """The ``n``-th line if its page is in memory; else its page is read on a worker (the
        lines are drawn when it comes) and None."""
        if self.jobs is None:
            return self.entry(n)
        number, at = divmod(n, PAGE)
        page = self.pages.get(number)
        if page is not None:
            return page[at] if at < len(page) else None
        self.ask(
            number,
            PAGE,
            partial(_page_job, self.ws.home, self.narrowing, self.today, number),
            t(_("Reading the recommendations…")),
        )
        return None

    def row_of(self, recommendation_id: str) -> int | None:
        """The row of a recommendation among the pages read (None if not read or not kept)."""
        for number, page in self.pages.items():
            for at, item in enumerate(page):
                if item.id == recommendation_id:
                    return number * PAGE + at
        return None

    def data(self, index: IdIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self._shown(index.row())
        if item is None:
            return PLACEHOLDER if role == Qt.ItemDataRole.DisplayRole else None
        column = index.column()
        if role == ID_ROLE:
            return item.id
        overdue = item.standing is Standing.OVERDUE
        if role == Qt.ItemDataRole.ForegroundRole and overdue and column in (0, 1, 2):
            return QBrush(OVERDUE_COLOUR)
        if role == Qt.ItemDataRole.FontRole and overdue and column in (0, 1, 2):
            font = QFont()
            font.setBold(True)
            return font
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if column == 0:
            if not item.due:
                return "—"
            shown = show_day(item.due)
            return t(_("{day} (extended)", day=shown)) if item.extended_to else shown
        if column == 1:
            return t(followup.STANDING_LABELS[item.standing])
        if column == 2:
            late = followup.working_days_late(self.ws, item, today=self.today)
            return str(late) if late else ""
        if column == 3:
            kind = label(RecommendationType(item.type))
            return f"{kind}: {' '.join(item.text.split())}"
        if column == 4:
            return self.names.get(item.actor_unit_id, "—")
        if column == 5:
            return self.names.get(item.supervisor_id or "", "—")
        return str(item.files) if item.files else ""

    def flags(self, index: IdIndex) -> Qt.ItemFlag:
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return t(COLUMNS[section])
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return t(_("Working days past the deadline")) if section == 2 else t(COLUMNS[section])
        return None


def standing_text(ws: Workspace, item: Entry, today: date | None = None) -> str:
    """Where a recommendation stands, with how many working days late if overdue."""
    text = t(followup.STANDING_LABELS[item.standing])
    late = followup.working_days_late(ws, item, today=today)
    if late:
        return t(_("{standing}: {n} working days late", standing=text, n=late))
    return text


def _page_job(
    home: Path, narrowing: Narrowing, today: date | None, number: int, *_worker: Any
) -> list[Entry]:
    """Worker side: one page of the register, on a connection of its own."""
    with Workspace.open(home) as ws:
        return followup.entries(ws, narrowing, today=today, limit=PAGE, offset=number * PAGE)
