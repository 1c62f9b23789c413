# SPDX-License-Identifier: GPL-3.0-or-later
"""The follow-up register on screen: every recommendation of every check, the overdue first,
narrowed by where they stand, by the unit that must act or by who follows them (each with its
count); the one chosen is followed up beside the list (:mod:`ui.followup_detail`)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inspector.i18n import _
from inspector.office import followup
from inspector.office.followup import Narrowing, Standing
from inspector.sync import packages
from inspector.sync.outbox import ExportResult
from ui.context import Context, t
from ui.dialogs.passphrase import ask_passphrase
from ui.dialogs.reinspect import ReinspectDialog
from ui.followup_detail import FollowUpDetail
from ui.models.followup_model import FollowUpModel
from ui.operations.register import RegisterCounter, Tallied
from ui.operations.sync import kit_job
from ui.widgets.heading import page_title

VALUE_ROLE = Qt.ItemDataRole.UserRole


class FollowUpPage(QWidget):
    """The register; emits the check to open (read-only) and Back."""

    open_requested = Signal(str)
    back_requested = Signal()

    def __init__(self, ctx: Context, today: date | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.today = today
        self.back = QPushButton(t(_("← All findings")))
        self.back.clicked.connect(self.back_requested)
        title = page_title(t(_("Follow-up of recommendations")))
        self.summary = QLabel()
        self.notice = QLabel()  # what was just done: a re-inspection prepared, a kit written
        self.notice.setWordWrap(True)
        self.standings = QListWidget()
        self.units = QListWidget()
        self.supervisors = QListWidget()
        for box in (self.standings, self.units, self.supervisors):
            box.setSelectionMode(QListWidget.SelectionMode.MultiSelection)
            box.itemSelectionChanged.connect(self._narrowed)
        self.model = FollowUpModel(ctx.ws, today, ctx.jobs)
        self.counter = RegisterCounter(ctx.jobs, ctx.ws.home, today)
        self.counter.counted.connect(self._show)
        self.counter.failed.connect(self._not_tallied)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        for at, width in enumerate((90, 100, 110, 380, 200, 140, 40)):
            self.table.setColumnWidth(at, width)
        self.table.selectionModel().selectionChanged.connect(self._chosen)
        self.table.activated.connect(self._activated)
        self.prepared: str | None = None  # the last re-inspection prepared here
        self.detail = FollowUpDetail(ctx, today)
        self.detail.updated.connect(self._updated)
        self.detail.open_requested.connect(self.open_requested)
        self.detail.reinspect_requested.connect(self.prepare_reinspection)

        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        for heading, box in (
            (_("Where they stand"), self.standings),
            (_("Overdue, by unit that must act"), self.units),
            (_("Overdue, by who follows up"), self.supervisors),
        ):
            column.addWidget(QLabel(f"<b>{t(heading)}</b>"))
            column.addWidget(box)
        scroll = QScrollArea()
        scroll.setWidget(self.detail)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(self.table)
        split.addWidget(scroll)
        split.setStretchFactor(1, 1)
        split.setSizes([210, 750, 400])
        top = QHBoxLayout()
        top.addWidget(self.back)
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.summary)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.notice)
        layout.addWidget(split, 1)
        self.refresh()

    def narrowing(self) -> Narrowing:
        """What the lists chosen narrow the register to."""

        def chosen(box: QListWidget) -> frozenset[str]:
            return frozenset(str(i.data(VALUE_ROLE)) for i in box.selectedItems())

        return Narrowing(
            standings=frozenset(Standing(s) for s in chosen(self.standings)),
            units=chosen(self.units),
            supervisors=chosen(self.supervisors),
        )

    @Slot()
    def refresh(self) -> None:
        """Tally the register again on a worker (after a change, an import, a click), keeping
        what is chosen; the lists and the table show it when it comes."""
        self.summary.setText(t(_("Counting…")))
        self.counter.request(self.narrowing())

    def narrow_to(self, narrowing: Narrowing) -> None:
        """Show the register narrowed to ``narrowing`` (its values chosen in the lists when the
        tally comes)."""
        self.summary.setText(t(_("Counting…")))
        self.counter.request(narrowing)

    @Slot(object)
    def _show(self, tallied: Tallied) -> None:
        narrowing = tallied.narrowing
        self._fill(
            self.standings,
            [(s.value, t(followup.STANDING_LABELS[s]), tallied.standings[s]) for s in Standing],
            {s.value for s in narrowing.standings},
        )
        for box, rows, kept in (
            (self.units, tallied.by_unit, narrowing.units),
            (self.supervisors, tallied.by_follower, narrowing.supervisors),
        ):
            self._fill(
                box,
                [(key, tallied.names.get(key, "—"), n) for key, n in rows if key is not None],
                set(kept),
            )
        self.model.show(tallied)
        overdue = tallied.standings[Standing.OVERDUE]
        self.summary.setText(
            t(_("{n} recommendations; {late} overdue", n=tallied.total, late=overdue))
        )
        self._select(self.detail.current.id if self.detail.current else None)

    @Slot(object)
    def _not_tallied(self, exc: BaseException) -> None:
        self.summary.setText("")
        self.ctx.error(exc)

    def _fill(self, box: QListWidget, values: list[tuple[str, str, int]], chosen: set[str]) -> None:
        box.blockSignals(True)
        box.clear()
        for value, text, n in values:
            item = QListWidgetItem(f"{text} ({n})")
            item.setData(VALUE_ROLE, value)
            box.addItem(item)
            item.setSelected(value in chosen)
        box.blockSignals(False)

    @Slot()
    def _narrowed(self) -> None:
        self.refresh()

    def _select(self, recommendation_id: str | None) -> None:
        """Select a recommendation's line if it is in the list; the detail keeps showing it."""
        if recommendation_id is None:
            return
        for n in range(min(self.model.total, len(self.model.pages.get(0, [])))):  # the first page
            if self.model.entry(n).id == recommendation_id:
                self.table.selectionModel().blockSignals(True)
                self.table.selectRow(n)
                self.table.selectionModel().blockSignals(False)
                return

    @Slot(QItemSelection, QItemSelection)
    def _chosen(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.detail.show_entry(self.model.entry(rows[0].row()).id)

    @Slot(QModelIndex)
    def _activated(self, index: QModelIndex) -> None:
        self.detail.show_entry(self.model.entry(index.row()).id)
        self.detail.status.setFocus()

    @Slot(str)
    def _updated(self, recommendation_id: str) -> None:
        self.refresh()

    @Slot(str)
    def prepare_reinspection(self, inspection_id: str) -> None:
        """Prepare a re-inspection of a check's failed items, then write its field kit."""
        dialog = ReinspectDialog(self.ctx, inspection_id)
        if not dialog.exec() or dialog.prepared is None:
            return
        self.prepared = dialog.prepared
        self.notice.setText(
            t(
                _(
                    "The re-inspection is prepared. Its field kit carries it to the team's laptop"
                    " (later: inspector kit --inspection {id}).",
                    id=dialog.prepared,
                )
            )
        )
        self.write_kit(dialog.prepared)

    def write_kit(self, inspection_id: str) -> None:
        """Write the field kit of a prepared check, signed with the office's authority."""
        folder = self.ctx.ws.home / "outbox"
        folder.mkdir(exist_ok=True)
        default = folder / f"kiem-tra-lai-{date.today():%Y%m%d}{packages.SUFFIX}"
        name, _filter = QFileDialog.getSaveFileName(
            self,
            t(_("Field kit for the re-inspection")),
            str(default),
            f"Inspector (*{packages.SUFFIX})",
        )
        if not name:
            return
        out = Path(name)
        if out.suffix != packages.SUFFIX:
            out = out.with_name(out.name + packages.SUFFIX)
        passphrase = ask_passphrase(self, _("Sign the field kit with the office's authority"))
        if passphrase is None:
            return
        self.ctx.jobs.start(
            kit_job(self.ctx.ws.home, out, passphrase, [inspection_id]),
            label=t(_("Writing the field kit…")),
            on_success=self._kit_written,
            on_failure=self.ctx.error,
        )

    def _kit_written(self, result: ExportResult) -> None:
        self.notice.setText(t(result.describe()))

    def flush(self) -> None:
        """Save what is being typed."""
        self.detail.flush()
