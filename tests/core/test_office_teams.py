# SPDX-License-Identifier: GPL-3.0-or-later
"""Three teams' packages imported at the office: every facet count, filter result and search
result checked against counts made in the test from the packages' own records."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest

from inspector.office import facets, search
from inspector.office.facets import Filters
from tests.office_world import TEAMS, Office, facet_values, make_office, package_rows, plain


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Office]:
    made = make_office(tmp_path_factory.mktemp("office-teams"))
    yield made
    made.office.close()


def test_the_office_holds_every_teams_findings_and_counts_them_as_the_packages_do(
    world: Office,
) -> None:
    rows = package_rows(world.packages)
    values = facet_values(rows)
    checks = {r["inspection_id"] for r in rows["findings"]}
    assert len(checks) == len(TEAMS)
    assert facets.count(world.office, Filters()) == len(values)
    shown = facets.facets(world.office, Filters())
    for name in facets.FACETS:
        counted = Counter(v for has in values.values() for v in has[name])
        assert {v.value: v.count for v in shown[name]} == dict(counted), name


def test_filters_leave_what_the_packages_say(world: Office) -> None:
    values = facet_values(package_rows(world.packages))
    shown = facets.facets(world.office, Filters())
    for name in ("severity", "area", "province", "team", "responsibility", "check_status"):
        for value in shown[name]:
            filters = Filters({name: frozenset({value.value})})
            expected = sorted(fid for fid, has in values.items() if value.value in has[name])
            assert facets.finding_ids(world.office, filters) == expected, (name, value)
    two = Filters(
        {
            "severity": frozenset({shown["severity"][0].value}),
            "area": frozenset({shown["area"][0].value}),
        }
    )
    assert facets.finding_ids(world.office, two) == sorted(
        fid
        for fid, has in values.items()
        if shown["severity"][0].value in has["severity"] and shown["area"][0].value in has["area"]
    )


@pytest.mark.parametrize(
    "query", ["khac phuc", "khắc phục", "vuot dinh muc", "vượt định mức", "ho so", "cham"]
)
def test_search_finds_what_the_packages_say(world: Office, query: str) -> None:
    rows = package_rows(world.packages)
    words = plain(query).split()
    expected = set()
    for table, (columns, _finding) in search.FIELDS.items():
        for row in rows[table]:
            tokens = [
                w.strip(".,;:()!?\"'“”-/")
                for w in plain(" ".join(str(row[c]) for c in columns if row[c])).split()
            ]
            *whole, last = words
            if all(w in tokens for w in whole) and any(t.startswith(last) for t in tokens):
                expected.add((table, row["id"]))
    found = {(h.table, h.record_id) for h in search.search(world.office, query, limit=-1)}
    assert found == expected
    assert {table for table, _id in expected} & {"findings", "recommendations", "explanations"}
