# SPDX-License-Identifier: GPL-3.0-or-later
"""The main window: the inspections of the workspace, searchable."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inspector import overview
from inspector.i18n import _
from inspector.workspace import Workspace
from ui.models.inspections_model import SORT_ROLE, InspectionsTableModel


class MainWindow(QMainWindow):
    """Lists the inspections of one workspace."""

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.setWindowTitle(f"Inspector — {workspace.home}")
        self.resize(1100, 680)

        self.model = InspectionsTableModel()
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setSortRole(SORT_ROLE)

        self.search = QLineEdit()
        self.search.setPlaceholderText(str(_("Search by decision, unit or status (Ctrl+F)")))
        self.search.setAccessibleName(str(_("Search inspections")))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)  # newest first
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setAccessibleName(str(_("Inspections")))

        self.summary = QLabel()
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.search)
        layout.addWidget(self.table)
        layout.addWidget(self.summary)
        self.setCentralWidget(central)

        find = QAction(str(_("Find")), self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.triggered.connect(self.search.setFocus)
        refresh = QAction(str(_("Refresh")), self)
        refresh.setShortcut(QKeySequence.StandardKey.Refresh)
        refresh.triggered.connect(self.refresh)
        quit_action = QAction(str(_("Quit")), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        menu = self.menuBar().addMenu(str(_("&Workspace")))
        for action in (find, refresh, quit_action):
            menu.addAction(action)
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        """Reload the inspections from the workspace."""
        rows = overview.list_inspections(self.workspace)
        self.model.set_rows(rows)
        header = self.table.horizontalHeader()
        for column in range(self.model.columnCount()):
            mode = (
                QHeaderView.ResizeMode.Stretch
                if column == 1
                else QHeaderView.ResizeMode.ResizeToContents
            )
            header.setSectionResizeMode(column, mode)
        self.summary.setText(str(_("Inspections in this workspace: {n}", n=len(rows))))
