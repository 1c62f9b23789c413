# SPDX-License-Identifier: GPL-3.0-or-later
"""The office's dashboard (issue #14): the figures its charts draw, under the office's filters,
each bar or point knowing the findings (or recommendations) behind it.

- **Findings by area and severity**: a bar per area, stacked by severity; a piece opens the
  findings of that area and severity.
- **Findings by month** (of the check's day): a point per month; it opens that month's findings.
- **Overdue recommendations per unit that must act** (the follow-up register's, whatever the
  findings' filters): a bar per unit; it opens the register narrowed to that unit's overdue.
- **Units with the most findings**: the first ten; a bar opens that unit's findings (with its
  sub-units).
- **Money in excess of norms per area** (đồng); a bar opens the area's findings.

Every count is the office's own query (:mod:`inspector.office.facets`, :mod:`followup`), so a
bar says what the table it opens counts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from inspector.office import facets, followup
from inspector.office.facets import Filters
from inspector.store.workspace import Workspace
from inspector.vocabulary import Severity

TOP_UNITS = 10
SEVERITIES = tuple(s.value for s in Severity)


@dataclass
class Dashboard:
    """The figures of the dashboard under ``filters``."""

    filters: Filters
    by_area: dict[str, dict[str, int]] = field(default_factory=dict)  # area -> severity -> n
    by_month: list[tuple[str, int]] = field(default_factory=list)  # (YYYY-MM, n), in order
    overdue_by_unit: list[tuple[str, int]] = field(default_factory=list)  # most first
    top_units: list[tuple[str, int]] = field(default_factory=list)  # most first
    money_by_area: list[tuple[str, int]] = field(default_factory=list)  # (area, đồng)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)  # facet -> value -> words


def dashboard(
    ws: Workspace, filters: Filters | None = None, *, today: date | None = None
) -> Dashboard:
    """The dashboard's figures under ``filters`` (none: every finding); the overdue
    recommendations are the follow-up register's, as on ``today``, whatever the filters."""
    filters = filters or Filters()
    units = facets.Units.read(ws)
    found = Dashboard(filters)
    for area, severity, n in facets.select(
        ws, "coalesce(f.area_code, ''), f.severity, count(*)", filters, tail="GROUP BY 1, 2",
        units=units,
    ):  # fmt: skip
        found.by_area.setdefault(str(area), {})[str(severity)] = int(n)
    found.by_month = sorted((v.value, v.count) for v in facets.facet(ws, "month", filters, units))
    found.overdue_by_unit = [
        (str(unit), n) for unit, n in followup.overdue_by(ws, "unit", today=today) if unit
    ]
    found.top_units = [(v.value, v.count) for v in facets.facet(ws, "unit", filters, units)][
        :TOP_UNITS
    ]
    found.money_by_area = sorted(
        (str(area), int(total))
        for area, total in facets.select(
            ws,
            "coalesce(f.area_code, ''), sum(f.amount_excess)",
            filters,
            tail="GROUP BY 1 HAVING sum(f.amount_excess) > 0",
            units=units,
        )  # fmt: skip
    )
    unit_ids = {u for u, _n in found.overdue_by_unit} | {u for u, _n in found.top_units}
    areas = set(found.by_area) | {a for a, _n in found.money_by_area}
    found.labels = {
        "unit": facets.labels(ws, "unit", sorted(unit_ids)),
        "area": facets.labels(ws, "area", sorted(a for a in areas if a)),
        "severity": facets.labels(ws, "severity", list(SEVERITIES)),
        "month": facets.labels(ws, "month", [m for m, _n in found.by_month]),
    }
    return found


def drill(base: Filters, **chosen: str) -> Filters:
    """The filters of the findings behind a bar: ``base`` narrowed to each chosen facet value
    (``area="B", severity="3"``), which replaces what ``base`` chose for that facet."""
    narrowed = dict(base.chosen)
    for name, value in chosen.items():
        if name not in facets.FACETS:
            raise KeyError(name)
        narrowed[name] = frozenset({value})
    return Filters(narrowed, base.words)
