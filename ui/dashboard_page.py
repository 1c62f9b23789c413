# SPDX-License-Identifier: GPL-3.0-or-later
"""The office's dashboard: charts of the findings under the office's filters (by area and
severity, by month, the units with the most, money in excess of norms) and of the overdue
recommendations per unit that must act (issue #14). A click on a bar opens what it counts: the
findings behind it on the office's table, or the follow-up register narrowed to that unit's
overdue recommendations.

Drawn with QtCharts (PySide6-Addons): Qt's own charts, whose bars say which was clicked, in the
app's widgets and palette; the bundle gains its one library (about 3 MB) rather than a plotting
stack. The figures are counted on a worker (:mod:`inspector.office.dashboard`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt, Signal, Slot
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from inspector.i18n import _
from inspector.numbers import show_number
from inspector.office import dashboard
from inspector.office.dashboard import Dashboard
from inspector.office.facets import Filters
from inspector.office.followup import Narrowing, Standing
from inspector.store.workspace import Workspace
from ui.context import Context, t
from ui.widgets.heading import page_title

# a colour for each severity, from good practice (green) to the gravest (dark red)
SEVERITY_COLOURS = {
    "0": "#4caf50",
    "1": "#9e9e9e",
    "2": "#fbc02d",
    "3": "#fb8c00",
    "4": "#e53935",
    "5": "#8e0000",
    "X": "#6a1b9a",
}
NAME_LENGTH = 28  # characters of a unit's or an area's name on an axis


def _short(text: str) -> str:
    return text if len(text) <= NAME_LENGTH else text[: NAME_LENGTH - 1] + "…"


def dashboard_job(home: Path, filters: Filters, on_progress: Any, is_cancelled: Any) -> Dashboard:
    """Worker side: the dashboard's figures, on a connection of its own."""
    with Workspace.open(home) as ws:
        return dashboard.dashboard(ws, filters)


class DashboardPage(QWidget):
    """Charts of the office's findings; a bar's click asks for what it counts."""

    findings_requested = Signal(object)  # Filters: the findings behind a bar
    register_requested = Signal(object)  # Narrowing: the recommendations behind a bar
    back_requested = Signal()

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        self.filters = Filters()
        self.data: Dashboard | None = None
        self.asked = 0  # the last request's number: an older count's result is dropped
        self.back = QPushButton(t(_("← All findings")))
        self.back.clicked.connect(self.back_requested)
        title = page_title(t(_("Dashboard")))
        self.summary = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.back)
        top.addWidget(title)
        top.addWidget(self.summary, 1)
        self.views: dict[str, QChartView] = {}
        grid = QGridLayout()
        for n, name in enumerate(("by_area", "by_month", "top_units", "overdue", "money")):
            view = QChartView(QChart())
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setMinimumSize(320, 180)
            self.views[name] = view
            grid.addWidget(view, n // 2, n % 2, 1, 2 if name == "money" else 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(grid, 1)

    def show_filters(self, filters: Filters) -> None:
        """Count the dashboard again for ``filters`` (on a worker; drawn when it comes)."""
        self.filters = filters
        self.asked += 1
        self.summary.setText(t(_("Counting…")))
        self.ctx.jobs.start(
            partial(dashboard_job, self.ctx.ws.home, filters),
            label=t(_("Counting the findings…")),
            on_success=partial(self._counted, self.asked),
            on_failure=self._failed,
            quiet=True,
        )

    @property
    def counting(self) -> bool:
        """Whether the figures on screen are not yet those of the filters asked last."""
        return self.data is None or self.data.filters != self.filters

    def _failed(self, exc: BaseException) -> None:
        self.summary.setText("")
        self.ctx.error(exc)

    def _counted(self, asked: int, data: Dashboard) -> None:
        if asked != self.asked:  # counted for filters asked before the last
            return
        self.data = data
        total = sum(sum(row.values()) for row in data.by_area.values())
        self.summary.setText(t(_("{n} findings", n=total)))
        labels = data.labels
        self._by_area(data, labels)
        self._bars(
            "by_month",
            t(_("Findings by month")),
            [(labels["month"].get(m, m), n) for m, n in data.by_month],
            lambda i: self._drill(month=data.by_month[i][0]),
        )
        self._bars(
            "top_units",
            t(_("Units with the most findings")),
            [(_short(labels["unit"].get(u, u)), n) for u, n in data.top_units],
            lambda i: self._drill(unit=data.top_units[i][0]),
            horizontal=True,
        )
        self._bars(
            "overdue",
            t(_("Overdue recommendations per unit that must act (all: the filters do not apply)")),
            [(_short(labels["unit"].get(u, u)), n) for u, n in data.overdue_by_unit],
            lambda i: self.register_requested.emit(
                Narrowing(
                    standings=frozenset({Standing.OVERDUE}),
                    units=frozenset({data.overdue_by_unit[i][0]}),
                )
            ),
            horizontal=True,
            colour="#e53935",
        )
        self._bars(
            "money",
            t(_("Money in excess of norms per area (million đồng)")),
            [(labels["area"].get(a, a or "—").split(".")[0], n) for a, n in data.money_by_area],
            lambda i: self._drill(area=data.money_by_area[i][0]),
            colour="#fb8c00",
            money=True,
        )

    def _drill(self, **chosen: str) -> None:
        self.findings_requested.emit(dashboard.drill(self.filters, **chosen))

    def _chart(self, name: str, title: str) -> QChart:
        chart = QChart()
        chart.setTitle(title)
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.views[name].setChart(chart)
        return chart

    def _by_area(self, data: Dashboard, labels: dict[str, dict[str, str]]) -> None:
        chart = self._chart("by_area", t(_("Findings by area and severity")))
        areas = sorted(data.by_area)
        series = QStackedBarSeries()
        for severity in dashboard.SEVERITIES:
            counts = [data.by_area[a].get(severity, 0) for a in areas]
            if not any(counts):
                continue
            bars = QBarSet(labels["severity"].get(severity, severity))
            bars.append([float(n) for n in counts])
            bars.setColor(QColor(SEVERITY_COLOURS.get(severity, "#607d8b")))
            bars.clicked.connect(
                lambda i, s=severity: areas[i] and self._drill(area=areas[i], severity=s)
            )
            series.append(bars)
        chart.addSeries(series)
        top = max((sum(row.values()) for row in data.by_area.values()), default=0)
        self._axes(chart, series, [a or "—" for a in areas], top=top)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)

    def _bars(
        self,
        name: str,
        title: str,
        values: list[tuple[str, int]],
        clicked: Callable[[int], Any],
        *,
        horizontal: bool = False,
        colour: str = "#1e88e5",
        money: bool = False,
    ) -> None:
        chart = self._chart(name, title)
        series = QHorizontalBarSeries() if horizontal else QBarSeries()
        order = list(range(len(values)))
        if horizontal:  # Qt draws the first category at the bottom: the most is put on top
            order.reverse()
            values = [values[i] for i in order]
        bars = QBarSet(title)
        bars.append([n / 1_000_000 if money else float(n) for _label, n in values])
        bars.setColor(QColor(colour))
        bars.clicked.connect(lambda i: clicked(order[i]))
        series.append(bars)
        chart.addSeries(series)
        top = max((n / 1_000_000 if money else n for _label, n in values), default=0)
        self._axes(chart, series, [label for label, _n in values], horizontal=horizontal, top=top)
        chart.legend().hide()
        if money:  # the sums, in full, where the axis can only round them
            self.views[name].setToolTip(
                "\n".join(f"{label}: {show_number(value)} đồng" for label, value in values)
            )

    @staticmethod
    def _axes(
        chart: QChart, series: QBarSeries | QStackedBarSeries | QHorizontalBarSeries,
        categories: list[str], *, horizontal: bool = False, top: float = 0,
    ) -> None:  # fmt: skip
        """The categories along one side, the counts along the other: from 0 in whole steps
        (about five), up to ``top``."""
        names = QBarCategoryAxis()
        names.append(categories)
        counts = QValueAxis()
        step = max(1, math.ceil(top / 5))
        counts.setTickType(QValueAxis.TickType.TicksDynamic)
        counts.setTickAnchor(0)
        counts.setTickInterval(step)
        counts.setLabelFormat("%d")
        side, other = Qt.AlignmentFlag.AlignBottom, Qt.AlignmentFlag.AlignLeft
        chart.addAxis(names, other if horizontal else side)
        chart.addAxis(counts, side if horizontal else other)
        series.attachAxis(names)
        series.attachAxis(counts)
        counts.setRange(0, step * max(1, math.ceil(top / step)))

    @Slot()
    def refresh(self) -> None:
        """Count again for the filters shown."""
        self.show_filters(self.filters)
