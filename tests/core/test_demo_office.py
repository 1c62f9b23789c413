# SPDX-License-Identifier: GPL-3.0-or-later
"""``inspector demo --office`` on an empty workspace: three teams' checks arrive through their
signed packages, and what the office then shows (facet counts, a search without marks, the
signed minutes behind a finding) is checked against what the test reads from the records."""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from inspector.demo.office import is_office_demo
from inspector.office import drill, facets, search
from inspector.office.facets import Filters
from inspector.store.workspace import Workspace
from inspector.trust import identity
from tests.cli_run import inspector
from tests.office_world import facet_values, plain, workspace_rows


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Workspace, dict[str, Any]]]:
    home = tmp_path_factory.mktemp("office-demo") / "office"
    scratch = tmp_path_factory.mktemp("scratch")  # where the teams' laptops are made
    with pytest.MonkeyPatch.context() as env:
        env.setattr(tempfile, "tempdir", str(scratch))
        ran = inspector("--home", str(home), "demo", "--office", "--json")
    assert ran.returncode == 0, ran.stderr
    assert list(scratch.iterdir()) == []  # the laptops were temporary, and are gone
    ws = Workspace.open(home)
    yield ws, json.loads(ran.stdout)
    ws.close()


def test_the_office_holds_three_teams_checks_each_from_its_own_signed_package(
    office: tuple[Workspace, dict[str, Any]],
) -> None:
    ws, said = office
    assert identity.is_authority_here(ws) and is_office_demo(ws)
    checks = ws.db.execute(
        "SELECT i.id, i.status, p.full_name FROM inspections i"
        " JOIN team_members t ON t.inspection_id = i.id AND t.role = 'LEADER' AND t.deleted = 0"
        " JOIN people p ON p.id = t.person_id WHERE i.deleted = 0 ORDER BY i.status"
    ).fetchall()
    assert len(checks) == 3
    assert {status for _id, status, _leader in checks} == {"SIGNED", "ENDED", "IN_PROGRESS"}
    # each package was signed by its own team's leader, and nothing it brought was refused
    received = ws.db.execute("SELECT signer FROM packages WHERE direction = 'in'").fetchall()
    assert sorted(r[0] for r in received) == sorted(leader for *_x, leader in checks)
    assert ws.db.execute("SELECT count(*) FROM refused_changes").fetchone() == (0,)
    assert {t["inspection_id"] for t in said["teams"]} == {c[0] for c in checks}
    for team in said["teams"]:
        assert (
            team["findings"]
            == ws.db.execute(
                "SELECT count(*) FROM findings WHERE inspection_id = ? AND deleted = 0",
                [team["inspection_id"]],
            ).fetchone()[0]
        )
    assert said["findings"] == sum(t["findings"] for t in said["teams"])
    units = {r[0] for r in ws.db.execute("SELECT name FROM org_units WHERE deleted = 0")}
    assert (
        len(units)
        == ws.db.execute("SELECT count(*) FROM org_units WHERE deleted = 0").fetchone()[0]
    )  # no unit twice: the laptops found the register the office sent them


def test_the_facets_count_what_the_records_hold_and_have_several_values(
    office: tuple[Workspace, dict[str, Any]],
) -> None:
    ws, _said = office
    values = facet_values(workspace_rows(ws))
    shown = facets.facets(ws, Filters())
    assert facets.count(ws, Filters()) == len(values)
    for name in facets.FACETS:
        counted = Counter(v for has in values.values() for v in has[name])
        assert {v.value: v.count for v in shown[name]} == dict(counted), name
        assert len(counted) >= (2 if name == "recommendation_status" else 3), name
    unit = shown["unit"][0].value
    assert facets.finding_ids(ws, Filters({"unit": frozenset({unit})})) == sorted(
        fid for fid, has in values.items() if unit in has["unit"]
    )


def test_some_deadlines_have_passed_and_some_are_to_come(
    office: tuple[Workspace, dict[str, Any]],
) -> None:
    ws, _said = office
    today = date.today().isoformat()
    open_deadlines = [
        r[0]
        for r in ws.db.execute(
            "SELECT deadline FROM recommendations WHERE deleted = 0 AND deadline IS NOT NULL"
            " AND status NOT IN ('DONE', 'VERIFIED')"
        )
    ]
    assert any(d < today for d in open_deadlines) and any(d > today for d in open_deadlines)


def test_a_search_without_marks_finds_what_the_records_say_with_them(
    office: tuple[Workspace, dict[str, Any]],
) -> None:
    ws, _said = office
    hits = search.search(ws, "trach nhiem")
    expected = {
        r[0]
        for r in ws.db.execute("SELECT id, text FROM recommendations WHERE deleted = 0")
        if "trach nhiem" in plain(r[1])
    }
    assert len(expected) >= 3
    assert expected <= {h.record_id for h in hits}
    for hit in hits:
        marked = {plain(hit.text[a:b]) for a, b in hit.spans}
        assert marked == {"trach", "nhiem"}, hit.highlighted()


def test_a_finding_of_the_signed_check_drills_to_minutes_valid_and_trusted(
    office: tuple[Workspace, dict[str, Any]],
) -> None:
    ws, said = office
    signed = said["signed_inspection_id"]
    rows = ws.db.execute(
        "SELECT id FROM findings WHERE inspection_id = ? AND deleted = 0", [signed]
    ).fetchall()
    assert rows
    for (finding_id,) in rows:
        found = drill.signed_finding(ws, finding_id)
        assert found is not None and found.ok, finding_id  # intact, valid and trusted here
        assert found.page is not None
        assert [s.name for s in found.signatures] == ["Nguyễn Văn Hùng"]
    unsigned = ws.db.execute(
        "SELECT id FROM findings WHERE inspection_id != ? AND deleted = 0", [signed]
    ).fetchall()
    assert unsigned and all(drill.signed_finding(ws, r[0]) is None for r in unsigned)


def test_a_second_office_demo_is_refused_in_vietnamese_and_changes_nothing(
    office: tuple[Workspace, dict[str, Any]],
) -> None:
    ws, _said = office
    before = ws.db.execute("SELECT max(seq), count(*) FROM changes").fetchone()
    again = inspector("--home", str(ws.home), "demo", "--office")
    assert again.returncode == 1
    assert "không gian làm việc trống" in again.stderr
    assert ws.db.execute("SELECT max(seq), count(*) FROM changes").fetchone() == before
