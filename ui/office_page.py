# SPDX-License-Identifier: GPL-3.0-or-later
"""The office's view of every finding of every imported check: words to search for (with or
without marks), a list of values with their counts for each facet, and the findings they leave.
Choosing a value narrows every other facet's counts; a finding opens its check.

The counts, and the first page of findings, are counted on a worker (a million findings take
seconds): meanwhile the screen shows the previous ones and says it is counting, and typing goes
on; a newer request supersedes an older one. The search index's first build runs on a worker
too, its progress in the status bar."""

from __future__ import annotations

import time
from functools import partial

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inspector.errors import InspectorError
from inspector.i18n import Text, _
from inspector.office import drill, facets, followon, search, views
from inspector.office.facets import Filters
from inspector.timefmt import show_moment
from ui.context import Context, t
from ui.dialogs.papers import PapersDialog
from ui.dialogs.preview import PreviewDialog
from ui.models.office_findings import OfficeFindingsModel
from ui.operations import papers
from ui.operations.office_counts import Counted, OfficeCounter, index_job
from ui.widgets.highlight import HighlightDelegate

VALUE_ROLE = Qt.ItemDataRole.UserRole
TYPING_PAUSE_MS = 300
INDEX_NOTICE = 20_000  # changes the search index lags behind before it is built on a worker

TITLES: dict[str, Text] = {
    "province": _("Province"),
    "unit": _("Unit"),
    "team": _("Team (its leader)"),
    "area": _("Area"),
    "item": _("Checklist item"),
    "severity": _("Severity"),
    "responsibility": _("Kind of responsibility"),
    "person": _("Person responsible"),
    "check_status": _("Status of the check"),
    "recommendation_status": _("Status of its recommendations"),
    "month": _("Month"),
}


class OfficePage(QWidget):
    """All findings, narrowed by words and facets; emits the check of a finding to open."""

    open_requested = Signal(str)
    back_requested = Signal()
    followup_requested = Signal()  # the follow-up register of the recommendations
    dashboard_requested = Signal()  # the charts of the findings under these filters
    changed = Signal()  # the filters changed (the window keeps them as its screen)

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        self.chosen: dict[str, set[str]] = {}
        self.back = QPushButton(t(_("← Inspections")))
        self.back.clicked.connect(self.back_requested)
        self.words = QLineEdit()
        self.words.setPlaceholderText(t(_('Search the findings, e.g. "trach nhiem"')))
        self.words.setClearButtonEnabled(True)
        self.typing = QTimer(self)
        self.typing.setSingleShot(True)
        self.typing.setInterval(TYPING_PAUSE_MS)
        self.typing.timeout.connect(self.refresh)
        self.words.textChanged.connect(self.typing.start)
        self.words.returnPressed.connect(self.refresh)
        self.summary = QLabel()
        self.minutes_button = QPushButton(t(_("Signed minutes of this finding…")))
        self.minutes_button.setToolTip(
            t(_("Verify the check's signed minutes and show the page where the finding is printed"))
        )
        self.minutes_button.clicked.connect(self.show_minutes)
        self.saved = QComboBox()  # the saved views: choosing one shows it
        self.saved.activated.connect(self._open_view)
        self.view_name = QLineEdit()
        self.view_name.setPlaceholderText(t(_("Name these filters to keep them")))
        self.view_name.returnPressed.connect(self.save_view)
        self.save_view_button = QPushButton(t(_("Keep as a view")))
        self.save_view_button.clicked.connect(self.save_view)

        self.lists: dict[str, QListWidget] = {}
        panel = QWidget()
        column = QVBoxLayout(panel)
        for name in facets.FACETS:
            column.addWidget(QLabel(f"<b>{t(TITLES[name])}</b>"))
            values = QListWidget()
            values.setMaximumHeight(130)
            values.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            values.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # the count stays in view
            values.itemChanged.connect(lambda item, n=name: self._toggled(n, item))
            column.addWidget(values)
            self.lists[name] = values
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(panel)
        scroll.setWidgetResizable(True)

        self.model = OfficeFindingsModel(ctx.ws, ctx.jobs)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        # the words searched for, marked in the finding's column (the others drawn by Qt alone)
        self.table.setItemDelegateForColumn(4, HighlightDelegate(self.table))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)  # never fit to contents
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)  # the finding's words
        for column, width in ((0, 110), (1, 220), (2, 60), (3, 70), (5, 90)):
            header.resizeSection(column, width)
        self.table.sortByColumn(5, Qt.SortOrder.DescendingOrder)
        self.model.sort_requested.connect(self.refresh)  # a click on a header, from now on
        self.table.activated.connect(self._open)  # a double click, or Enter on a row

        top = QHBoxLayout()
        top.addWidget(self.back)
        top.addWidget(self.words, 1)
        top.addWidget(self.summary)
        top.addWidget(self.minutes_button)
        self.followup_button = QPushButton(t(_("Follow-up of recommendations")))
        self.followup_button.setToolTip(
            t(_("Every recommendation, the overdue first (Ctrl+Shift+R)"))
        )
        self.followup_button.clicked.connect(self.followup_requested)
        top.addWidget(self.followup_button)
        self.dashboard_button = QPushButton(t(_("Dashboard")))
        self.dashboard_button.setToolTip(t(_("Charts of these findings (Ctrl+Shift+D)")))
        self.dashboard_button.clicked.connect(self.dashboard_requested)
        top.addWidget(self.dashboard_button)
        self.papers_button = QPushButton(t(_("Papers")))
        self.papers_menu = QMenu(self.papers_button)
        self.papers_actions = {
            name: self.papers_menu.addAction(t(text), slot)
            for name, text, slot in (
                ("reports", _("Responsibility ledger and period reports…"), self.show_papers),
                ("save", _("Save the signed minutes of these checks as one PDF…"),
                 lambda: papers.save_bundle(self.ctx, self, self.filters())),
                ("print", _("Print the signed minutes of these checks…"),
                 lambda: papers.print_bundle(self.ctx, self.filters())),
                ("report", _("Draft the report of results of this finding's check…"),
                 partial(self.draft_document, followon.Kind.REPORT)),
                ("notice", _("Draft the notice of conclusions of this finding's check…"),
                 partial(self.draft_document, followon.Kind.NOTICE)),
            )
        }  # fmt: skip
        self.papers_button.setMenu(self.papers_menu)
        top.addWidget(self.papers_button)
        keep = QHBoxLayout()
        keep.addWidget(QLabel(t(_("Saved views:"))))
        keep.addWidget(self.saved, 1)
        keep.addWidget(self.view_name, 1)
        keep.addWidget(self.save_view_button)
        split = QSplitter()
        split.addWidget(scroll)
        split.addWidget(self.table)
        split.setStretchFactor(1, 1)
        split.setSizes([380, 1000])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(keep)
        layout.addWidget(split, 1)
        self.counter = OfficeCounter(ctx.jobs, ctx.ws.home)
        self.counter.counted.connect(self._show_counted)
        self.counter.failed.connect(self._not_counted)
        self.indexing = False
        self.last_progress = 0.0
        self.refresh_due = False  # a value was ticked: the refresh follows its signal
        self._list_views()
        self._build_index()
        self.refresh()

    @property
    def counting(self) -> bool:
        """Whether what the screen shows is not yet counted for the filters on it (being
        counted, or about to be: a pause in typing, a value just ticked)."""
        return self.counter.busy or self.typing.isActive() or self.refresh_due

    def filters(self) -> Filters:
        """What the screen narrows the findings to."""
        return Filters(
            {name: frozenset(values) for name, values in self.chosen.items() if values},
            self.words.text(),
        )

    def set_filters(self, filters: Filters) -> None:
        """Show the findings ``filters`` leave (a saved screen), with its values ticked."""
        before = self.filters()
        self.chosen = {name: set(values) for name, values in filters.chosen.items()}
        self.words.blockSignals(True)
        self.words.setText(filters.words)
        self.words.blockSignals(False)
        if self.filters() == before and self.counting:
            return  # the same filters as the count running (the screen just opened on them)
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        """Count the findings and every facet's values again under the chosen filters (on a
        worker: the screen shows what it counts when it comes)."""
        self.typing.stop()  # Enter, or a click, does not wait for the pause in typing
        self.refresh_due = False
        self.counter.request(self.model.request(self.filters()))
        self.summary.setText(t(_("Counting…")))
        self.changed.emit()

    @Slot(object)
    def _show_counted(self, counted: Counted) -> None:
        self.model.show(counted)
        order = (
            Qt.SortOrder.DescendingOrder if self.model.descending else Qt.SortOrder.AscendingOrder
        )
        self.table.horizontalHeader().setSortIndicator(self.model.sort_column(), order)
        if self.model.sort_key == "relevance":
            self.summary.setText(t(_("{n} findings, best match first", n=counted.total)))
        else:
            self.summary.setText(t(_("{n} findings", n=counted.total)))
        for name, values in counted.facets.items():
            named = counted.labels.get(name, {})
            shown = self.lists[name]
            shown.blockSignals(True)
            shown.clear()
            for value in values:
                item = QListWidgetItem(f"{named.get(value.value, value.value)} ({value.count})")
                item.setData(VALUE_ROLE, value.value)
                item.setToolTip(item.text())  # whole: a long item's wording is cut in the list
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                checked = value.value in self.chosen.get(name, set())
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
                shown.addItem(item)
            shown.blockSignals(False)

    @Slot(object)
    def _not_counted(self, exc: BaseException) -> None:
        self.summary.setText("")
        self.ctx.error(exc)

    def _build_index(self) -> None:
        """Build the search index on a worker if it lags far behind (a first build), saying how
        far it is in the status bar."""
        try:
            lag = search.behind(self.ctx.ws)
        except Exception:  # noqa: BLE001 - the index is rebuilt on the first search anyway
            return
        if lag < INDEX_NOTICE:
            return
        self.indexing = True
        self.ctx.window.statusBar().showMessage(t(_("Preparing the search…")))
        worker = self.ctx.jobs.start(
            partial(index_job, self.ctx.ws.home),
            label=t(_("Preparing the search…")),
            on_success=self._indexed,
            on_failure=self._not_indexed,
            quiet=True,
        )
        worker.signals.progress.connect(self._index_progress)

    @Slot(int, int)
    def _index_progress(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last_progress >= 0.1 and self.indexing:  # at most 10 a second
            self.last_progress = now
            self.ctx.window.statusBar().showMessage(
                t(_("Preparing the search: {percent}%", percent=done * 100 // max(total, 1)))
            )

    def _indexed(self, _read: int) -> None:
        self.indexing = False
        self.ctx.window.statusBar().showMessage(t(_("The search is ready.")), 5000)

    def _not_indexed(self, exc: BaseException) -> None:
        self.indexing = False
        self.ctx.window.statusBar().clearMessage()
        self.ctx.error(exc)

    def _toggled(self, name: str, item: QListWidgetItem) -> None:
        values = self.chosen.setdefault(name, set())
        value = item.data(VALUE_ROLE)
        if item.checkState() == Qt.CheckState.Checked:
            values.add(value)
        else:
            values.discard(value)
        self.refresh_due = True
        QTimer.singleShot(0, self, self.refresh)  # not while the list is in its own signal

    def _list_views(self, current: str | None = None) -> None:
        self.saved.clear()
        self.saved.addItem(t(_("— choose a saved view —")), None)
        for name, line in views.views(self.ctx.ws).items():
            self.saved.addItem(name, name)
            self.saved.setItemData(self.saved.count() - 1, line, Qt.ItemDataRole.ToolTipRole)
        if current is not None:
            self.saved.setCurrentIndex(self.saved.findData(current))

    @Slot()
    def save_view(self) -> None:
        """Keep the filters on screen under the name typed."""
        try:
            name = views.save(self.ctx.ws, self.view_name.text(), self.filters())
        except InspectorError as exc:
            self.ctx.error(exc)
            return
        self.view_name.clear()
        self._list_views(current=name)

    def _open_view(self, index: int) -> None:
        name = self.saved.itemData(index)
        if name:
            try:
                self.set_filters(views.load(self.ctx.ws, name))
            except InspectorError as exc:
                self.ctx.error(exc)

    @Slot()
    def show_papers(self) -> None:
        """The dialog of the ledger's annex and the period reports."""
        self.papers_dialog = PapersDialog(self.ctx)
        self.papers_dialog.show()

    def draft_document(self, kind: followon.Kind) -> None:
        """Draft a follow-on document of the chosen finding's check."""
        index = self.table.currentIndex()
        if not index.isValid():
            self.ctx.window.statusBar().showMessage(t(_("Choose a finding first.")), 5000)
            return
        papers.write_document(self.ctx, self, self.model.row(index.row()).inspection_id, kind)

    @Slot()
    def show_minutes(self) -> None:
        """The selected finding's signed minutes, verified, open at the page that prints it."""
        index = self.table.currentIndex()
        if not index.isValid():
            self.ctx.window.statusBar().showMessage(t(_("Choose a finding first.")), 5000)
            return
        try:
            found = drill.signed_finding(self.ctx.ws, self.model.row(index.row()).id)
        except InspectorError as exc:
            self.ctx.error(exc)
            return
        if found is None:
            self.ctx.window.statusBar().showMessage(
                t(_("The minutes of this check are not signed yet.")), 8000
            )
            return
        self.last_found = found
        head = found.signatures[0]
        verdict = (
            _("valid, trusted")
            if found.ok
            else _("intact, but not from an authority trusted here")
            if head.unchanged
            else _("CHANGED after signing or not valid")
        )
        title = _(
            "Signed by {name}, {when}: {verdict}; the finding is on page {page}",
            name=head.name or head.signer,
            when=show_moment(head.signed_at) if head.signed_at else "—",
            verdict=verdict,
            page=found.page or "—",
        )
        dialog = PreviewDialog(
            self.ctx, found.path, title=t(title), start_page=(found.page or 1) - 1
        )
        self.preview = dialog
        dialog.show()

    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_requested.emit(self.model.row(index.row()).inspection_id)
