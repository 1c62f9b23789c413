# SPDX-License-Identifier: GPL-3.0-or-later
"""Item model over the workspace's list of inspections."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from inspector.i18n import _
from inspector.timefmt import show_day

Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # the raw value (ISO dates sort in date order)


class InspectionsTableModel(QAbstractTableModel):
    """One row per inspection: number, unit, date, status, findings."""

    COLUMNS = (
        ("number", _("Decision")),
        ("unit", _("Inspected unit")),
        ("date", _("Date")),
        ("status_label", _("Status")),
        ("findings", _("Findings")),
    )

    def __init__(self, rows: list[dict[str, Any]] | None = None) -> None:
        super().__init__()
        self._rows = rows or []

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        """Replace the rows shown."""
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def row(self, row: int) -> dict[str, Any]:
        """Return the data of ``row``."""
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        key = self.COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            value = row[key]
            return show_day(value) if key == "date" else value
        if role == Qt.ItemDataRole.UserRole:
            return row["id"]
        if role == SORT_ROLE:
            return row[key]
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return str(self.COLUMNS[section][1])
        return None
