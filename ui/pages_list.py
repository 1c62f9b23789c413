# SPDX-License-Identifier: GPL-3.0-or-later
"""The inspections of the workspace: search, filter by status, open, start a new check."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inspector.fieldwork import listing
from inspector.i18n import _
from inspector.vocabulary import InspectionStatus, label
from ui.context import Context, t
from ui.models.inspections_model import SORT_ROLE, InspectionsTableModel
from ui.welcome import WelcomePanel


class StatusFilterProxy(QSortFilterProxyModel):
    """Filters by free text over every column and by one status."""

    def __init__(self) -> None:
        super().__init__()
        self.status: str | None = None

    def set_status(self, status: str | None) -> None:
        self.beginFilterChange()
        self.status = status
        self.endFilterChange()

    def filterAcceptsRow(self, row: int, parent: QModelIndex) -> bool:  # noqa: N802
        if self.status is not None:
            model = self.sourceModel()
            assert isinstance(model, InspectionsTableModel)
            if model.row(row)["status"] != self.status:
                return False
        return super().filterAcceptsRow(row, parent)


class InspectionsPage(QWidget):
    """Lists the inspections; emits the id of the one to open."""

    open_requested = Signal(str)
    new_requested = Signal()
    kit_requested = Signal()
    enrol_requested = Signal()
    demo_requested = Signal()

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        self.model = InspectionsTableModel()
        self.proxy = StatusFilterProxy()
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setSortRole(SORT_ROLE)

        self.search = QLineEdit()
        self.search.setPlaceholderText(t(_("Search by decision, unit or status (Ctrl+F)")))
        self.search.setAccessibleName(t(_("Search inspections")))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.status = QComboBox()
        self.status.setAccessibleName(t(_("Filter by status")))
        self.status.addItem(t(_("All statuses")), None)
        for status in InspectionStatus:
            self.status.addItem(label(status), status.value)
        self.status.currentIndexChanged.connect(self._status_changed)
        self.new_button = QPushButton(t(_("New surprise check…")))
        self.new_button.setToolTip(t(_("Start a new surprise check (Ctrl+N)")))
        self.new_button.clicked.connect(self.new_requested)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)  # newest first
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setAccessibleName(t(_("Inspections")))
        self.table.activated.connect(self._activated)
        self.table.doubleClicked.connect(self._activated)
        self.summary = QLabel()

        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.status)
        bar.addWidget(self.new_button)
        listing = QWidget()
        inner = QVBoxLayout(listing)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addLayout(bar)
        inner.addWidget(self.table)
        inner.addWidget(self.summary)
        # An empty workspace opens on what to do first, never on a bare table.
        self.welcome = WelcomePanel()
        self.welcome.new_requested.connect(self.new_requested)
        self.welcome.kit_requested.connect(self.kit_requested)
        self.welcome.enrol_requested.connect(self.enrol_requested)
        self.welcome.demo_requested.connect(self.demo_requested)
        welcome_page = QWidget()
        centred = QHBoxLayout(welcome_page)
        centred.addWidget(self.welcome)
        self.pages = QStackedWidget()
        self.pages.addWidget(listing)
        self.pages.addWidget(welcome_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        """Reload the inspections from the workspace."""
        rows = listing.list_inspections(self.ctx.ws)
        self.model.set_rows(rows)
        header = self.table.horizontalHeader()
        header.setResizeContentsPrecision(60)  # size columns on a sample, not on every row
        for column in range(self.model.columnCount()):
            mode = (
                QHeaderView.ResizeMode.Stretch
                if column == 1
                else QHeaderView.ResizeMode.ResizeToContents
            )
            header.setSectionResizeMode(column, mode)
        self.summary.setText(t(_("Inspections in this workspace: {n}", n=len(rows))))
        self.pages.setCurrentIndex(0 if rows else 1)
        if rows and not self.table.currentIndex().isValid():
            self.table.selectRow(0)

    @Slot(int)
    def _status_changed(self, index: int) -> None:
        self.proxy.set_status(self.status.itemData(index))

    @Slot(QModelIndex)
    def _activated(self, index: QModelIndex) -> None:
        self.open_requested.emit(index.data(Qt.ItemDataRole.UserRole))

    def is_welcome(self) -> bool:
        """True while the workspace is empty and the welcome shows."""
        return self.pages.currentIndex() == 1

    def focus_search(self) -> None:
        """Put the cursor in the search field (the first button on the welcome)."""
        if self.is_welcome():
            self.welcome.new_button.setFocus()
            return
        self.search.setFocus()
        self.search.selectAll()
