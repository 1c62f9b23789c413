# SPDX-License-Identifier: GPL-3.0-or-later
"""A team member typed by name is found in the register only among people who may inspect the
unit: never one of the inspected unit's (or its sub-units') staff, never a deleted person. A new
person is made instead, and the namesake is left as he was."""

from __future__ import annotations

from inspector.fieldwork import inspections, screens, units
from inspector.store import records
from inspector.store.workspace import Workspace

DIRECTOR = "Nguyễn Văn Giám"
DECISION = {
    "decision_number": "15/QĐ-BHXH",
    "decision_date": "2026-03-03",
    "signer_name": "Phạm Đức Thắng",
    "legal_basis": "Công văn 1251/BHXH-TCCB",
}


def _team(ws: Workspace, iid: str) -> dict[str, str]:
    return {m["full_name"]: m["person_id"] for m in screens.team(ws, iid)}


def test_the_inspected_units_staff_are_never_taken_as_team_members(ws: Workspace) -> None:
    unit = units.add_unit(ws, name="Bảo hiểm xã hội cơ sở Diễn Châu", level="GRASSROOTS")
    office = units.add_unit(ws, name="Tổ một cửa", level="GRASSROOTS", parent_id=unit)
    director = units.add_person(
        ws, full_name=DIRECTOR, unit_id=unit, position="Giám đốc", gender="MALE"
    )
    clerk = units.add_person(ws, full_name="Lê Thị Văn Thư", unit_id=office, gender="FEMALE")
    iid = inspections.new_check(
        ws,
        unit_id=unit,
        team_names=[
            inspections.NewMember("Trần Văn Trưởng", "LEADER"),
            inspections.NewMember(DIRECTOR, "MEMBER", "Thanh tra viên", "Nữ"),
        ],
        **DECISION,
    )
    member = _team(ws, iid)[DIRECTOR]
    assert member != director  # a namesake of the director, new in the register
    assert records.get(ws.db, "people", member)["unit_id"] is None
    kept = records.get(ws.db, "people", director)
    assert (kept["gender"], kept["position"], kept["unit_id"]) == ("MALE", "Giám đốc", unit)

    added = inspections.add_member_named(ws, iid, "Lê Thị Văn Thư", "SECRETARY", gender="Nam")
    person = next(m["person_id"] for m in screens.team(ws, iid) if m["id"] == added)
    assert person != clerk  # a sub-unit's staff too
    assert records.get(ws.db, "people", clerk)["gender"] == "FEMALE"


def test_a_deleted_person_is_never_taken_but_one_of_the_register_is(ws: Workspace) -> None:
    unit = units.add_unit(ws, name="Bảo hiểm xã hội cơ sở Diễn Châu", level="GRASSROOTS")
    gone = units.add_person(ws, full_name="Ngô Văn Cũ", unit_id=None, gender="MALE")
    known = units.add_person(ws, full_name="Trần Thị Mai", unit_id=None, gender="FEMALE")
    with ws.transaction() as db:
        records.delete(db, ws.actor, "people", gone)
    iid = inspections.new_check(
        ws,
        unit_id=unit,
        team_names=[("Trần Thị Mai", "LEADER"), ("Ngô Văn Cũ", "MEMBER")],
        **DECISION,
    )
    team = _team(ws, iid)
    assert team["Trần Thị Mai"] == known  # an inspector of the register is found again
    assert team["Ngô Văn Cũ"] != gone
    assert ws.db.execute("SELECT deleted FROM people WHERE id = ?", [gone]).fetchone() == (1,)
