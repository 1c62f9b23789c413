# SPDX-License-Identifier: GPL-3.0-or-later
"""The follow-up register at the office: every recommendation of three teams' checks, where each
stands (counted in the test from the packages' own records), updates with a file on a sealed
check, the history, and the update carried back to the team's laptop in a signed package."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from inspector.errors import NotFoundError, ValidationError
from inspector.fieldwork import findings
from inspector.office import followup
from inspector.office.followup import Narrowing, Standing
from inspector.store import seals
from inspector.store.workspace import Workspace
from inspector.sync import exchange
from inspector.trust import identity
from tests.office_world import PASSPHRASE, Office, make_office, package_rows, team_home

TODAY = date(2026, 7, 1)  # after some of the seeded deadlines, before others


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Office]:
    made = make_office(tmp_path_factory.mktemp("office-followup"))
    yield made
    made.office.close()


def _expected_standing(row: dict[str, object]) -> Standing:
    """Where a recommendation stands, worked out from its record alone."""
    status = row["status"]
    if status in ("DONE", "VERIFIED"):
        return Standing.DONE
    if status == "NOT_FEASIBLE":
        return Standing.DROPPED
    due = row.get("extended_to") or row["deadline"]
    if status == "OVERDUE" or (due is not None and date.fromisoformat(str(due)) < TODAY):
        return Standing.OVERDUE
    return Standing.IN_PROGRESS if status == "IN_PROGRESS" else Standing.OPEN


def test_the_register_holds_every_recommendation_where_the_packages_say_it_stands(
    world: Office,
) -> None:
    rows = package_rows(world.packages)
    checks = {r["id"]: r for r in rows["inspections"]}
    expected = {r["id"]: _expected_standing(r) for r in rows["recommendations"]}
    got = followup.entries(world.office, today=TODAY)
    assert {e.id: e.standing for e in got} == expected
    assert followup.count(world.office, today=TODAY) == len(expected)
    assert Counter(expected.values())[Standing.OVERDUE] >= 2  # the seeds' past deadlines
    # the overdue first, each by its deadline; the who-must-act is the owner unit
    standings = [e.standing for e in got]
    assert standings == sorted(standings, key=lambda s: s is not Standing.OVERDUE)
    by_id = {r["id"]: r for r in rows["recommendations"]}
    for e in got:
        row = by_id[e.id]
        assert e.actor_unit_id == (
            row["owner_unit_id"] or row["target_unit_id"] or checks[e.inspection_id]["unit_id"]
        )
    # overdue per unit that must act, as counted from the records
    overdue_units = Counter(
        by_id[i]["owner_unit_id"] for i, s in expected.items() if s is Standing.OVERDUE
    )
    assert dict(followup.overdue_by(world.office, "unit", today=TODAY)) == dict(overdue_units)
    only = Narrowing(standings=frozenset({Standing.OVERDUE}))
    assert {e.id for e in followup.entries(world.office, only, today=TODAY)} == {
        i for i, s in expected.items() if s is Standing.OVERDUE
    }


def test_who_follows_is_the_team_leader_unless_someone_is_named(world: Office) -> None:
    ws = world.office
    overdue = followup.entries(ws, Narrowing(standings=frozenset({Standing.OVERDUE})), today=TODAY)
    target = overdue[0]
    leader = ws.db.execute(
        "SELECT person_id FROM team_members WHERE inspection_id = ? AND role = 'LEADER'"
        " AND deleted = 0",
        [target.inspection_id],
    ).fetchone()[0]
    assert target.supervisor_id == leader
    per_person = dict(followup.overdue_by(ws, "supervisor", today=TODAY))
    assert sum(per_person.values()) == len(overdue)
    assert per_person[leader] >= 1


def test_dropping_needs_a_reason_and_an_extension_comes_after_the_deadline(world: Office) -> None:
    ws = world.office
    item = followup.entries(ws, Narrowing(standings=frozenset({Standing.OVERDUE})), today=TODAY)[0]
    before = ws.db.execute("SELECT max(seq) FROM changes").fetchone()
    with pytest.raises(ValidationError, match="reason|lý do"):
        followup.update(ws, item.id, status="NOT_FEASIBLE")
    assert item.deadline is not None
    with pytest.raises(ValidationError):
        followup.update(ws, item.id, extended_to=item.deadline)
    with pytest.raises(ValidationError):
        followup.update(ws, item.id, status="FINISHED")
    with pytest.raises(NotFoundError):
        followup.update(ws, item.id, follow_up_by="00000000-0000-0000-0000-000000000000")
    with pytest.raises(ValidationError):
        followup.extend_by_working_days(ws, item.id, 0, reason="Đơn vị xin thêm thời gian")
    assert ws.db.execute("SELECT max(seq) FROM changes").fetchone() == before  # nothing written


def test_an_extension_counts_working_days_with_the_calendar(tmp_path: Path) -> None:
    made = make_office(tmp_path)
    ws = made.office
    try:
        item = followup.entries(ws, today=TODAY)[0]
        assert item.deadline is not None
        new = followup.extend_by_working_days(ws, item.id, 10, reason="Đơn vị xin gia hạn")
        assert new == ws.calendar.add_working_days(date.fromisoformat(item.deadline), 10)
        assert ws.calendar.working_days_after(date.fromisoformat(item.deadline), new) == 10
        again = followup.entry(ws, item.id, today=TODAY)
        assert again.extended_to == new.isoformat() and again.deadline == item.deadline
        assert again.status_note == "Đơn vị xin gia hạn"

        # a deleted finding takes its recommendations out of the register, and of every count
        gone = next(
            e
            for e in followup.entries(ws, today=TODAY)
            if e.finding_title and not seals.is_sealed(ws.db, e.inspection_id)
        )
        finding = ws.db.execute(
            "SELECT finding_id FROM recommendations WHERE id = ?", [gone.id]
        ).fetchone()[0]
        under = {
            r[0]
            for r in ws.db.execute(
                "SELECT id FROM recommendations WHERE finding_id = ? AND deleted = 0", [finding]
            )
        }
        before = followup.by_standing(ws, today=TODAY)
        findings.delete_finding(ws, finding, reason="Ghi trùng với nội dung khác")
        left = followup.entries(ws, today=TODAY)
        assert under and not under & {e.id for e in left}
        after = followup.by_standing(ws, today=TODAY)
        assert sum(before.values()) - sum(after.values()) == len(under)
        assert sum(after.values()) == len(left) == followup.count(ws, today=TODAY)
        overdue = [e for e in left if e.standing is Standing.OVERDUE]
        assert sum(n for _u, n in followup.overdue_by(ws, "unit", today=TODAY)) == len(overdue)
    finally:
        ws.close()


def test_done_with_a_file_on_a_sealed_check_leaves_the_overdue_list_and_travels_back(
    tmp_path: Path,
) -> None:
    made = make_office(tmp_path)
    office = made.office
    try:
        sealed = [
            e
            for e in followup.entries(office, today=TODAY)
            if seals.is_sealed(office.db, e.inspection_id)
        ]
        item = next(e for e in sealed if e.standing is Standing.OVERDUE)
        report = tmp_path / "Báo cáo khắc phục số 12.pdf"
        report.write_bytes(b"%PDF-1.4\n% b\xc3\xa1o c\xc3\xa1o\n")
        followup.update(
            office,
            item.id,
            status="DONE",
            report="Đơn vị đã thu hồi đủ số tiền chi vượt định mức và nộp vào tài khoản.",
        )
        file_id = followup.attach_file(office, item.id, report, caption="Giấy nộp tiền")
        done = followup.entry(office, item.id, today=TODAY)
        assert done.standing is Standing.DONE and done.files == 1
        overdue = Narrowing(standings=frozenset({Standing.OVERDUE}))
        assert item.id not in {e.id for e in followup.entries(office, overdue, today=TODAY)}
        events = followup.history(office, item.id)
        assert events[0].field is None  # made on the team's laptop
        changed = [(e.field, e.value) for e in events[1:]]
        assert ("status", "DONE") in changed and ("file", report.name) in changed
        (kept,) = followup.files(office, item.id)
        assert kept["id"] == file_id and kept["path"].read_bytes() == report.read_bytes()

        # the office's update goes back, signed by its authority, to the team that made the check
        out = tmp_path / "office-back.inspkg"
        exchange.export_package(office, out, identity.load_authority(office, PASSPHRASE))
        team = Workspace.open(team_home(tmp_path, item.inspection_id))
        with team:
            result = exchange.import_package(team, out)
            assert not result.refused, result.refused[:3]
            there = followup.entry(team, item.id, today=TODAY)
            assert there.standing is Standing.DONE and there.report == done.report
            (carried,) = followup.files(team, item.id)
            assert carried["path"].read_bytes() == report.read_bytes()
            assert seals.is_sealed(team.db, item.inspection_id)  # the seal holds
    finally:
        office.close()
