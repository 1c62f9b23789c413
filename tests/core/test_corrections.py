# SPDX-License-Identifier: GPL-3.0-or-later
"""Correcting what was entered: the decision, the inspected unit, the team, staff and the roll call.
Each correction is validated, logged, and refused once the minutes are sealed."""

from __future__ import annotations

from typing import Any

import pytest

from inspector.errors import NotFoundError, ValidationError
from inspector.fieldwork import drafts, inspections, roll_call, screens, signatories, units
from inspector.minutes import content as minutes_content
from inspector.store import records
from inspector.store.workspace import Workspace
from tests.conftest import snapshot


def logged(ws: Workspace, table: str, record_id: str, field: str) -> list[tuple[Any, Any]]:
    """The (old, new) values the change log holds for one field of one record, oldest first."""
    return [
        (r[0], r[1])
        for r in ws.db.execute(
            "SELECT json_extract(old_value, '$'), json_extract(new_value, '$') FROM changes"
            " WHERE table_name = ? AND record_id = ? AND field = ? AND op = 'update'"
            " ORDER BY rowid",
            [table, record_id, field],
        )
    ]


def seal(ws: Workspace, inspection_id: str) -> None:
    with ws.transaction() as db:  # sealing itself comes with the signed minutes
        records.update(db, ws.actor, "inspections", inspection_id, {"status": "SIGNED"})


def member_of(ws: Workspace, inspection_id: str) -> str:
    return str(screens.team(ws, inspection_id)[0]["id"])


def test_the_unit_is_corrected_and_the_change_logged(ws: Workspace, check: dict) -> None:
    unit = check["unit"]
    assert units.update_unit(
        ws,
        unit,
        superior_for_header="Bảo hiểm xã hội tỉnh Nghệ An",
        address="Số 1 đường Lê Lợi, thị trấn Diễn Châu",
        place_name="Diễn Châu",
    )
    head = screens.header(ws, check["inspection"])
    assert head["unit_address"] == "Số 1 đường Lê Lợi, thị trấn Diễn Châu"
    assert head["superior_for_header"] == "Bảo hiểm xã hội tỉnh Nghệ An"
    assert logged(ws, "org_units", unit, "place_name") == [(None, "Diễn Châu")]
    assert not units.update_unit(ws, unit, place_name=" Diễn Châu ")  # the same, trimmed
    assert units.update_unit(ws, unit, address="")
    assert records.get(ws.db, "org_units", unit)["address"] is None


@pytest.mark.parametrize(
    "changes",
    [{"name": "  "}, {"place_name": "x" * 101}, {"colour": "đỏ"}, {"address": 12}],
)
def test_bad_unit_corrections_change_nothing(ws: Workspace, check: dict, changes: dict) -> None:
    before = snapshot(ws)
    with pytest.raises(ValidationError):
        units.update_unit(ws, check["unit"], **changes)
    assert snapshot(ws) == before


def test_an_unknown_unit_is_not_found(ws: Workspace) -> None:
    with pytest.raises(NotFoundError):
        units.update_unit(ws, "0" * 32, address="Nghệ An")


def test_gender_is_stored_as_a_code_from_words_people_write(ws: Workspace, check: dict) -> None:
    person = check["staff"]
    assert units.update_person(ws, person, gender="Nữ")
    assert records.get(ws.db, "people", person)["gender"] == "FEMALE"
    assert units.update_person(ws, person, gender="MALE", staff_type="CONTRACT")
    row = records.get(ws.db, "people", person)
    assert (row["gender"], row["staff_type"]) == ("MALE", "CONTRACT")
    assert units.gender_of("nam") == units.gender_of("MALE")
    before = snapshot(ws)
    with pytest.raises(ValidationError) as info:
        units.update_person(ws, person, gender="không rõ")
    assert "gender" in info.value.message("en")
    with pytest.raises(ValidationError):
        units.update_person(ws, person, staff_type="INTERN")
    assert snapshot(ws) == before


def test_a_team_member_is_corrected(ws: Workspace, check: dict) -> None:
    iid = check["inspection"]
    member = member_of(ws, iid)
    assert inspections.update_team_member(
        ws, member, position="Phó Chánh Thanh tra", gender="Nam", full_name="Trần Văn Trưởng Đoàn"
    )
    row = screens.team(ws, iid)[0]
    assert (row["full_name"], row["position"], row["gender"]) == (
        "Trần Văn Trưởng Đoàn",
        "Phó Chánh Thanh tra",
        "MALE",
    )
    assert logged(ws, "people", check["leader"], "position") == [(None, "Phó Chánh Thanh tra")]
    assert inspections.update_team_member(ws, member, role="MEMBER")
    assert not inspections.update_team_member(ws, member, role="MEMBER")
    assert logged(ws, "team_members", member, "role") == [("LEADER", "MEMBER")]


def test_a_team_has_one_leader_after_a_correction(ws: Workspace, check: dict) -> None:
    iid = check["inspection"]
    second = inspections.add_member_named(
        ws, iid, "Lê Thị Thư Ký", "SECRETARY", position="Thanh tra viên", gender="Nữ"
    )
    person = records.get(ws.db, "team_members", second)["person_id"]
    assert records.get(ws.db, "people", person)["position"] == "Thanh tra viên"
    before = snapshot(ws)
    with pytest.raises(ValidationError):
        inspections.update_team_member(ws, second, role="BOSS")
    with pytest.raises(ValidationError):
        inspections.update_team_member(ws, second, full_name="", position="Trưởng phòng")
    with pytest.raises(ValidationError):  # already on the team
        inspections.add_member_named(ws, iid, "Lê Thị Thư Ký", "MEMBER")
    assert snapshot(ws) == before
    inspections.remove_team_member(ws, second)
    assert [m["role"] for m in screens.team(ws, iid)] == ["LEADER"]


def test_the_leader_is_handed_over_and_a_team_without_one_cannot_sign(
    ws: Workspace, check: dict
) -> None:
    iid = check["inspection"]
    leader = member_of(ws, iid)
    second = inspections.add_member_named(
        ws, iid, "Lê Thị Phó Đoàn", "MEMBER", position="Thanh tra viên", gender="Nữ"
    )
    inspections.update_team_member(ws, second, role="LEADER")  # the leader named before steps down
    roles = {m["id"]: m["role"] for m in screens.team(ws, iid)}
    assert roles == {leader: "MEMBER", second: "LEADER"}
    assert logged(ws, "team_members", leader, "role") == [("LEADER", "MEMBER")]
    inspections.remove_team_member(ws, second)
    lacking = minutes_content.missing(ws, iid, number="01/BB-ĐKT")
    assert ("trưởng đoàn kiểm tra", "decision", "team") in [
        (str(m.label), m.tab, m.field) for m in lacking
    ]


def test_a_member_taken_off_the_team_no_longer_signs(ws: Workspace, check: dict) -> None:
    iid = check["inspection"]
    member = inspections.add_member_named(
        ws, iid, "Đinh Văn Thành", "MEMBER", position="Thanh tra viên", gender="Nam"
    )
    person = records.get(ws.db, "team_members", member)["person_id"]
    proposal = next(
        p for p in signatories.proposed_signatories(ws, iid) if p["person_id"] == person
    )
    party = signatories.ensure_signatory(ws, iid, proposal)
    inspections.remove_team_member(ws, member)
    assert ws.db.execute("SELECT deleted FROM signatories WHERE id = ?", [party]).fetchone()[0]
    assert person not in {p["person_id"] for p in signatories.proposed_signatories(ws, iid)}


def test_a_corrected_name_and_position_reach_the_parties_who_sign(
    ws: Workspace, check: dict
) -> None:
    iid = check["inspection"]
    staff = check["staff"]
    proposal = next(p for p in signatories.proposed_signatories(ws, iid) if p["person_id"] == staff)
    party = signatories.ensure_signatory(ws, iid, proposal)  # name and title copied now
    units.update_person(ws, staff, full_name="Nguyễn Thị Thử Mới", position="Phó Giám đốc")
    row = records.get(ws.db, "signatories", party)
    assert (row["name"], row["title"]) == ("Nguyễn Thị Thử Mới", "Phó Giám đốc")
    team = next(s for s in minutes_content.build(ws, iid).sections[0][1] if "Thử Mới" in s)
    assert "Nguyễn Thị Thử Mới, Phó Giám đốc" in team
    signatories.update_signatory(ws, party, title="Giám đốc (ủy quyền)")  # chosen for the minutes
    units.update_person(ws, staff, position="Kế toán trưởng")
    assert records.get(ws.db, "signatories", party)["title"] == "Giám đốc (ủy quyền)"


def test_a_deleted_person_is_listed_as_missing_not_printed_as_ong_ba(
    ws: Workspace, check: dict
) -> None:
    iid = check["inspection"]
    leader = check["leader"]
    units.update_person(ws, leader, position="Trưởng phòng", gender="Nam")
    with ws.transaction() as db:  # as a package from elsewhere can
        records.delete(db, ws.actor, "people", leader)
    labels = [str(m.label) for m in minutes_content.missing(ws, iid, number="01/BB-ĐKT")]
    assert "giới tính của Trần Văn Trưởng" in labels


def test_a_proposed_representative_without_a_position_is_listed_once(
    ws: Workspace, check: dict
) -> None:
    iid = check["inspection"]
    units.update_person(ws, check["staff"], position=None)
    lacking = [m for m in minutes_content.missing(ws, iid) if "Nguyễn Thị Thử" in str(m.label)]
    positions = [m for m in lacking if m.field in ("position", "title")]
    assert [(m.tab, m.record_id, m.field) for m in positions] == [
        ("roll_call", check["staff"], "position")
    ]


def test_a_late_arrival_is_corrected_in_vietnam_time(ws: Workspace, check: dict) -> None:
    iid = check["inspection"]
    mark = roll_call.record_attendance(
        ws, iid, check["staff"], "LATE", arrived_at="2026-03-05T08:20:00+07:00"
    )
    assert roll_call.update_late_arrival(ws, mark, "08:05")
    assert records.get(ws.db, "attendance", mark)["arrived_at"].startswith("2026-03-05T01:05")
    assert roll_call.update_late_arrival(ws, mark, "06/03/2026 07:45")
    assert records.get(ws.db, "attendance", mark)["arrived_at"].startswith("2026-03-06T00:45")
    assert len(logged(ws, "attendance", mark, "arrived_at")) == 2
    before = snapshot(ws)
    with pytest.raises(ValidationError) as info:
        roll_call.update_late_arrival(ws, mark, "tám giờ")
    assert "hh:mm" in info.value.message("en")
    roll_call.record_attendance(ws, iid, check["staff"], "PRESENT")
    before = snapshot(ws)
    with pytest.raises(ValidationError):  # only a late arrival has a time
        roll_call.update_late_arrival(ws, mark, "08:00")
    assert snapshot(ws) == before


def test_the_decision_is_corrected_by_its_id(ws: Workspace, check: dict) -> None:
    head = screens.header(ws, check["inspection"])
    assert inspections.correct_decision(ws, head["decision_id"], number_symbol="02/QĐ-BHXH")
    assert logged(ws, "decisions", head["decision_id"], "number_symbol") == [
        ("01/QĐ-BHXH", "02/QĐ-BHXH")
    ]
    before = snapshot(ws)
    with pytest.raises(ValidationError):
        inspections.correct_decision(ws, head["decision_id"], signer_name=" ")
    with pytest.raises(ValidationError):
        inspections.correct_decision(ws, head["decision_id"], signed_on="32/13/2026")
    assert snapshot(ws) == before


def test_a_sealed_check_refuses_corrections(ws: Workspace, check: dict) -> None:
    iid = check["inspection"]
    mark = roll_call.record_attendance(
        ws, iid, check["staff"], "LATE", arrived_at="2026-03-05T08:20:00+07:00", note="Tắc đường"
    )
    member = member_of(ws, iid)
    decision = screens.header(ws, iid)["decision_id"]
    seal(ws, iid)
    before = snapshot(ws)
    for correct in (
        lambda: inspections.correct_decision(ws, decision, purpose="Kiểm tra đột xuất"),
        lambda: inspections.update_team_member(ws, member, position="Trưởng đoàn"),
        lambda: inspections.update_team_member(ws, member, role="MEMBER"),
        lambda: inspections.add_member_named(ws, iid, "Người Mới", "MEMBER"),
        lambda: roll_call.update_late_arrival(ws, mark, "08:00"),
        lambda: roll_call.update_attendance_note(ws, mark, "Đã báo trước"),
        lambda: drafts.commit(ws, "team_members", member, "position", "Trưởng đoàn"),
    ):
        with pytest.raises(ValidationError) as info:
            correct()
        assert "supplementary minutes" in info.value.message("en")
    assert snapshot(ws) == before


def test_a_new_check_takes_positions_genders_and_the_units_details(ws: Workspace) -> None:
    iid = inspections.new_check(
        ws,
        decision_number="15/QĐ-BHXH",
        decision_date="2026-03-03",
        signer_name="Phạm Đức Thắng",
        signer_title="Giám đốc",
        legal_basis="Công văn 1251/BHXH-TCCB",
        purpose="Kiểm tra việc chấp hành kỷ luật, kỷ cương hành chính",
        unit_name="Bảo hiểm xã hội cơ sở Diễn Châu",
        unit_details={
            "superior_for_header": "Bảo hiểm xã hội tỉnh Nghệ An",
            "address": "Thị trấn Diễn Châu",
            "place_name": "Diễn Châu",
        },
        team_names=[
            inspections.NewMember("Lê Minh Tuấn", "LEADER", "Chánh Thanh tra", "Nam"),
            inspections.NewMember("Trần Thị Mai", "MEMBER", "Thanh tra viên", "Nữ"),
            ("Ngô Văn Ba", "SECRETARY"),
        ],
    )
    team = [(m["full_name"], m["position"], m["gender"]) for m in screens.team(ws, iid)]
    assert team == [
        ("Lê Minh Tuấn", "Chánh Thanh tra", "MALE"),
        ("Trần Thị Mai", "Thanh tra viên", "FEMALE"),
        ("Ngô Văn Ba", None, None),
    ]
    minutes = minutes_content.build(ws, iid)
    assert "Ông Lê Minh Tuấn, Chánh Thanh tra, Trưởng đoàn" in "\n".join(
        line for _title, lines in minutes.sections for line in lines
    )
    assert minutes.place_date.startswith("Diễn Châu, ")
    assert minutes.superior == "BẢO HIỂM XÃ HỘI TỈNH NGHỆ AN"
    head = screens.header(ws, iid)
    assert head["purpose"].startswith("Kiểm tra việc")
    # A second check of the same unit by a known inspector: details given correct the register.
    again = inspections.new_check(
        ws,
        decision_number="16/QĐ-BHXH",
        decision_date="2026-03-04",
        signer_name="Phạm Đức Thắng",
        legal_basis="Công văn 1251/BHXH-TCCB",
        unit_id=head["unit_id"],
        unit_details={"address": "Số 5 đường Lê Lợi, thị trấn Diễn Châu"},
        team_names=[inspections.NewMember("Trần Thị Mai", "LEADER", "Phó Chánh Thanh tra")],
    )
    assert screens.team(ws, again)[0]["position"] == "Phó Chánh Thanh tra"
    assert screens.header(ws, again)["unit_address"].startswith("Số 5")
    assert screens.header(ws, again)["place_name"] == "Diễn Châu"


def test_a_refused_new_check_leaves_nothing(ws: Workspace) -> None:
    before = snapshot(ws)
    with pytest.raises(ValidationError):
        inspections.new_check(
            ws,
            decision_number="15/QĐ-BHXH",
            decision_date="2026-03-03",
            signer_name="Phạm Đức Thắng",
            legal_basis="Công văn 1251/BHXH-TCCB",
            unit_name="Bảo hiểm xã hội cơ sở Diễn Châu",
            unit_details={"place_name": "Diễn Châu"},
            team_names=[inspections.NewMember("Lê Minh Tuấn", "LEADER", None, "không rõ")],
        )
    assert snapshot(ws) == before


def test_typed_corrections_are_kept_as_drafts_and_saved(ws: Workspace, check: dict) -> None:
    iid = check["inspection"]
    head = screens.header(ws, iid)
    member = member_of(ws, iid)
    typed = [
        ("decisions", head["decision_id"], "number_symbol", "03/QĐ-BHXH"),
        ("decisions", head["decision_id"], "purpose", "Kiểm tra kỷ luật hành chính"),
        ("org_units", check["unit"], "place_name", "Yên Thành"),
        ("org_units", check["unit"], "superior_for_header", "Bảo hiểm xã hội tỉnh Nghệ An"),
        ("team_members", member, "position", "Trưởng phòng"),
        ("people", check["staff"], "position", "Kế toán trưởng"),
    ]
    for table, record_id, field, text in typed:  # a crash after the keystrokes
        drafts.keep(ws, table, record_id, field, text)
    applied, refused = drafts.recover(ws)
    assert (applied, refused) == (len(typed), [])
    head = screens.header(ws, iid)
    assert (head["number_symbol"], head["place_name"]) == ("03/QĐ-BHXH", "Yên Thành")
    assert screens.team(ws, iid)[0]["position"] == "Trưởng phòng"
    assert records.get(ws.db, "people", check["staff"])["position"] == "Kế toán trưởng"
    drafts.keep(ws, "decisions", head["decision_id"], "number_symbol", "")
    assert drafts.recover(ws)[0] == 0  # a number cannot be empty: the draft stays, unchanged
    assert screens.header(ws, iid)["number_symbol"] == "03/QĐ-BHXH"
    assert len(drafts.pending(ws)) == 1
