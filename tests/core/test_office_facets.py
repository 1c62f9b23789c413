# SPDX-License-Identifier: GPL-3.0-or-later
"""Every finding of every check, narrowed by facets, against counts made here from the rows
themselves: each finding's values are worked out in plain Python, then filtered and counted."""

from __future__ import annotations

import csv
import io
import itertools
import json
from collections import Counter
from collections.abc import Iterator

import pytest

from inspector.errors import NotFoundError, ValidationError
from inspector.fieldwork import checklists, findings, inspections, units
from inspector.office import facets, table, views
from inspector.office.facets import Filters
from inspector.store.workspace import Workspace
from inspector.workdays import bundled_calendar
from tests.cli_run import inspector
from tests.minutes_world import make_check
from tests.office_world import facet_values, workspace_rows

SEEDS = (3, 4, 5, 6)


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    """Checks of four provinces, and a district office whose findings went with it into the
    office that succeeded it."""
    ws = Workspace.open(tmp_path_factory.mktemp("office-facets") / "ws")
    checklists.ensure_bundled_checklist(ws)
    calendar = bundled_calendar()
    for seed in SEEDS:
        make_check(ws, seed, calendar)
    old = units.add_unit(ws, name="Bảo hiểm xã hội huyện Cũ", level="GRASSROOTS")
    units.add_unit(
        ws, name="Bảo hiểm xã hội khu vực Mới", level="GRASSROOTS", predecessor_ids=[old]
    )
    check = inspections.create_inspection(
        ws,
        decision_number="9/QĐ-BHXH",
        decision_date="2025-11-03",
        signer_name="A",
        legal_basis="Công văn 1251/BHXH-TCCB",
        unit_id=old,
    )
    for n, severity in enumerate("1232"):
        findings.add_finding(ws, check, title=f"Tồn tại số {n}", severity=severity, item_code="A1")
    yield ws
    ws.close()


def _values(ws: Workspace) -> dict[str, dict[str, set[str]]]:
    """Each live finding's values of each facet, from the rows alone."""
    return facet_values(workspace_rows(ws))


def _kept(
    values: dict[str, dict[str, set[str]]], chosen: dict[str, set[str]], skip: str = ""
) -> list[str]:
    return [
        fid
        for fid, has in values.items()
        if all(has[facet] & wanted for facet, wanted in chosen.items() if facet != skip and wanted)
    ]


def _counted(values: dict[str, dict[str, set[str]]], name: str, kept: list[str]) -> dict[str, int]:
    return dict(Counter(v for fid in kept for v in values[fid][name]))


def test_every_facet_counts_every_finding_once_in_each_of_its_values(office: Workspace) -> None:
    values = _values(office)
    assert facets.count(office, Filters()) == len(values) > 25
    shown = facets.facets(office, Filters())
    for name in facets.FACETS:
        assert {v.value: v.count for v in shown[name]} == _counted(values, name, list(values)), name
        counts = [v.count for v in shown[name]]
        assert counts == sorted(counts, reverse=True)  # most first
    assert len(shown["province"]) >= len(SEEDS)
    assert {v.value for v in shown["severity"]} >= {"1", "2", "3"}


@pytest.mark.parametrize(
    "first, second",
    list(itertools.combinations(("severity", "area", "item", "responsibility", "province"), 2)),
)
def test_two_facets_chosen_narrow_every_other_and_leave_their_own_in_view(
    office: Workspace, first: str, second: str
) -> None:
    values = _values(office)
    shown = facets.facets(office, Filters())
    chosen = {first: {shown[first][0].value}, second: {shown[second][-1].value}}
    filters = Filters({k: frozenset(v) for k, v in chosen.items()})
    assert facets.count(office, filters) == len(_kept(values, chosen))
    assert facets.finding_ids(office, filters) == sorted(_kept(values, chosen))
    for name in facets.FACETS:
        expected = _counted(values, name, _kept(values, chosen, skip=name))
        assert {v.value: v.count for v in facets.facet(office, name, filters)} == expected, name


def test_a_unit_takes_in_its_sub_units_and_the_units_it_succeeded(office: Workspace) -> None:
    values = _values(office)
    (new,) = [r["id"] for r in office.db.query("SELECT id FROM org_units WHERE name LIKE '%Mới'")]
    (old,) = [r["id"] for r in office.db.query("SELECT id FROM org_units WHERE name LIKE '%Cũ'")]
    assert facets.count(office, Filters({"unit": frozenset({new})})) == 4
    assert facets.finding_ids(office, Filters({"unit": frozenset({new})})) == sorted(
        fid for fid, has in values.items() if has["unit"] == {old}
    )
    province = next(v.value for v in facets.facet(office, "province", Filters()) if v.value != old)
    under = Filters({"province": frozenset({province})})
    assert facets.count(office, under) == sum(
        1 for has in values.values() if has["province"] == {province}
    )
    assert facets.count(office, under) > 0


def test_words_narrow_the_findings_to_those_that_say_them(office: Workspace) -> None:
    everything = facets.count(office, Filters())
    said = facets.count(office, Filters(words="ton tai so"))
    assert said == 4 < everything
    both = Filters({"severity": frozenset({"2"})}, words="tồn tại số")
    assert facets.count(office, both) == 2
    assert facets.count(office, Filters(words="xyzzy")) == 0


def test_filters_as_a_line_of_text_read_back_the_same() -> None:
    filters = Filters(
        {"severity": frozenset({"3", "2"}), "area": frozenset({"B"})}, words="trách nhiệm"
    )
    line = table.text(filters)
    assert line == "area=B&severity=2&severity=3&q=tr%C3%A1ch+nhi%E1%BB%87m"
    assert table.parse(line) == filters
    assert table.parse("?severity=3&q=trach+nhiem&q=dien") == Filters(
        {"severity": frozenset({"3"})}, words="trach nhiem dien"
    )
    with pytest.raises(ValidationError) as refused:
        table.parse("colour=red")
    assert "colour" in refused.value.message("en") and refused.value.message(
        "vi"
    ) != refused.value.message("en")


def test_the_table_pages_through_the_rows_the_filters_leave(office: Workspace) -> None:
    filters = Filters({"severity": frozenset({"2", "3"})})
    every = table.rows(office, filters, sort="title", descending=False)
    assert sorted(r.id for r in every) == facets.finding_ids(office, filters)
    assert [r.title for r in every] == sorted(r.title for r in every)
    pages = [
        table.rows(office, filters, sort="title", descending=False, offset=n, limit=5)
        for n in range(0, len(every), 5)
    ]
    assert [r for page in pages for r in page] == every


def test_the_findings_command_gives_the_rows_of_the_screen(office: Workspace) -> None:
    line = "severity=2&severity=3"
    expected = table.rows(office, table.parse(line))
    ran = inspector("--home", str(office.home), "findings", "--filter", line, "--json")
    assert ran.returncode == 0, ran.stderr
    assert [r["id"] for r in json.loads(ran.stdout)] == [r.id for r in expected]
    as_csv = list(
        csv.DictReader(
            io.StringIO(
                inspector("--home", str(office.home), "findings", "--filter", line, "--csv").stdout
            )
        )
    )
    assert [r["id"] for r in as_csv] == [r.id for r in expected]
    assert as_csv[0]["title"] == expected[0].title
    refused = inspector(
        "--home", str(office.home), "--lang", "vi", "findings", "--filter", "mau=do"
    )
    assert refused.returncode == 1 and "mau" in refused.stderr


def test_every_value_of_every_facet_reads_as_a_name_or_a_label(office: Workspace) -> None:
    shown = facets.facets(office, Filters())
    for name, values in shown.items():
        named = facets.labels(office, name, [v.value for v in values], "vi")
        assert set(named) == {v.value for v in values}
        assert all(named[v] != v for v in named), (name, named)
    assert facets.labels(office, "severity", ["3"], "vi") == {
        "3": "3 — Vi phạm – hậu quả ít nghiêm trọng"
    }
    assert facets.labels(office, "month", ["2026-03"]) == {"2026-03": "03/2026"}


def test_a_view_is_kept_by_name_and_gives_the_same_rows_on_the_command_line(
    office: Workspace,
) -> None:
    filters = Filters({"severity": frozenset({"3"})}, words="tồn tại")
    assert views.save(office, "  Vi phạm mức 3  ", filters) == "Vi phạm mức 3"
    assert views.views(office) == {"Vi phạm mức 3": table.text(filters)}
    assert views.load(office, "Vi phạm mức 3") == filters
    ran = inspector("--home", str(office.home), "findings", "--view", "Vi phạm mức 3", "--json")
    assert [r["id"] for r in json.loads(ran.stdout)] == [r.id for r in table.rows(office, filters)]
    with pytest.raises(ValidationError):
        views.save(office, "   ", filters)
    with pytest.raises(NotFoundError):
        views.load(office, "Không có")
    missing = inspector(
        "--home", str(office.home), "--lang", "vi", "findings", "--view", "Không có"
    )
    assert missing.returncode == 1 and "Không có" in missing.stderr
    views.delete(office, "Vi phạm mức 3")
    assert views.views(office) == {}
