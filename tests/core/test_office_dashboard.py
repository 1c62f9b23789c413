# SPDX-License-Identifier: GPL-3.0-or-later
"""The office's dashboard after three teams' packages: every bar's figure checked against counts
made here from the packages' own records, and every bar's drill leads to as many findings."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from inspector.office import dashboard, facets
from inspector.office.facets import Filters
from tests.office_world import Office, facet_values, make_office, package_rows

TODAY = date(2026, 11, 30)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Office:
    return make_office(tmp_path_factory.mktemp("dashboard"))


def test_every_figure_counts_what_the_packages_record(world: Office) -> None:
    rows = package_rows(world.packages, (*dict.fromkeys(("findings", "recommendations")),
                                          "inspections", "decisions", "org_units",
                                          "responsibilities", "team_members"))  # fmt: skip
    values = facet_values(rows)
    found = dashboard.dashboard(world.office, today=TODAY)
    findings = {f["id"]: f for f in rows["findings"]}
    by_area = Counter((findings[f]["area_code"] or "", findings[f]["severity"]) for f in values)
    assert {(a, s): n for a, row in found.by_area.items() for s, n in row.items()} == dict(by_area)
    months = Counter(m for v in values.values() for m in v["month"])
    assert found.by_month == sorted(months.items())
    units = Counter(u for v in values.values() for u in v["unit"])
    assert found.top_units == sorted(units.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    money = Counter()
    for f in values:
        if findings[f]["amount_excess"]:
            money[findings[f]["area_code"] or ""] += findings[f]["amount_excess"]
    assert found.money_by_area == sorted(money.items())
    checks = {c["id"]: c for c in rows["inspections"]}
    overdue: Counter[str] = Counter()
    for r in rows["recommendations"]:
        due = r["extended_to"] or r["deadline"]
        closed = r["status"] in ("DONE", "VERIFIED", "NOT_FEASIBLE")
        if not closed and (r["status"] == "OVERDUE" or (due and due < TODAY.isoformat())):
            overdue[
                r["owner_unit_id"] or r["target_unit_id"] or checks[r["inspection_id"]]["unit_id"]
            ] += 1
    assert dict(found.overdue_by_unit) == dict(overdue) and overdue


def test_each_bar_opens_as_many_findings_as_it_says(world: Office) -> None:
    ws = world.office
    statuses = {v.value for v in facets.facet(ws, "check_status", Filters())}
    base = Filters({"check_status": frozenset(statuses)})
    found = dashboard.dashboard(ws, base, today=TODAY)
    assert found.by_area and found.by_month and found.top_units
    for area, row in found.by_area.items():
        for severity, n in row.items():
            drilled = dashboard.drill(base, area=area, severity=severity) if area else None
            if drilled is not None:
                assert facets.count(ws, drilled) == n, (area, severity)
    for month, n in found.by_month:
        assert facets.count(ws, dashboard.drill(base, month=month)) == n
    for unit, n in found.top_units:
        assert facets.count(ws, dashboard.drill(base, unit=unit)) == n
    with pytest.raises(KeyError):
        dashboard.drill(base, colour="red")
