# SPDX-License-Identifier: GPL-3.0-or-later
"""Edits behind the workbench: drafts, pasted dossiers, staff import, updates and the read models."""

from __future__ import annotations

import pytest

from inspector.errors import ValidationError
from inspector.fieldwork import (
    answers,
    drafts,
    evidence,
    findings,
    inspections,
    recommendations,
    roll_call,
    screens,
    traces,
    units,
)
from inspector.store import records
from inspector.store.workspace import Workspace
from tests.conftest import snapshot


def test_draft_becomes_a_change_and_survives_until_then(ws: Workspace, check: dict) -> None:
    fid = findings.add_finding(ws, check["inspection"], title="Đeo thẻ", severity="2")
    for n in range(1, 6):
        drafts.keep(ws, "findings", fid, "description", "Không đeo thẻ"[: n * 3])
    assert [d["value"] for d in drafts.pending(ws)] == ["Không đeo thẻ"]
    before = ws.db.execute("SELECT count(*) FROM changes").fetchone()[0]
    assert records.get(ws.db, "findings", fid)["description"] is None  # not a change yet
    applied, refused = drafts.recover(ws)  # what the app does after a crash
    assert (applied, refused) == (1, [])
    assert records.get(ws.db, "findings", fid)["description"] == "Không đeo thẻ"
    assert ws.db.execute("SELECT count(*) FROM changes").fetchone()[0] == before + 1
    assert drafts.pending(ws) == []


def test_refused_draft_is_kept(ws: Workspace, check: dict) -> None:
    fid = findings.add_finding(ws, check["inspection"], title="x", severity="2")
    drafts.keep(ws, "findings", fid, "title", "   ")
    with pytest.raises(ValidationError):
        drafts.commit(ws, "findings", fid, "title", "   ")
    applied, refused = drafts.recover(ws)
    assert applied == 0 and len(refused) == 1
    assert len(drafts.pending(ws)) == 1


def test_paste_dossier_steps(ws: Workspace, check: dict) -> None:
    text = (
        "Mã hồ sơ\tThủ tục\tBước\tNgười xử lý\tNgày nhận\tHạn\tNgày xong\n"
        "HS.1\tThai sản\tTiếp nhận\tNguyễn Thị Thử\t09/02/2026\t09/02/2026\t09/02/2026\n"
        "HS.1\tThai sản\tThẩm định\tnguyễn thị thử\t09/02/2026\t13/02/2026\t24/02/2026\n"
        "HS.2\tỐm đau\tTiếp nhận\tNguyễn Thị Thử\t2026-03-02\t2026-03-02\t\n"
    )
    ids = traces.paste_steps(ws, check["inspection"], text)
    assert len(ids) == 3
    rows = screens.step_rows(ws, check["inspection"])
    assert [(r["object_ref"], r["step_no"], r["late_days"]) for r in rows] == [
        ("HS.1", 1, 0),
        ("HS.1", 2, 2),
        ("HS.2", 1, 3),
    ]
    assert [r["delaying"] for r in rows] == [False, True, True]
    assert rows[1]["person"] == "Nguyễn Thị Thử"
    traces.paste_steps(
        ws,
        check["inspection"],
        "HS.1\tThai sản\tPhê duyệt\tNguyễn Thị Thử\t24/02/2026\t25/02/2026\t25/02/2026",
    )
    assert [
        r["step_no"]
        for r in screens.step_rows(ws, check["inspection"])
        if r["object_ref"] == "HS.1"
    ] == [1, 2, 3]


@pytest.mark.parametrize(
    ("text", "english"),
    [
        (
            "HS.1\tX\tBước\tNgười Lạ\t09/02/2026\t09/02/2026\t",
            "Line 1: Người Lạ is not in the staff register",
        ),
        (
            "HS.1\tX\tBước\tNguyễn Thị Thử\t09/02/2026\t08/02/2026\t",
            "Line 1: Due on cannot be before",
        ),
        ("a\tb\nHS.1\tX\tBước\tNguyễn Thị Thử\t31/02/2026\t09/02/2026\t", "Line 2: Received on"),
        (
            "HS.1\tX\tBước\tNguyễn Thị Thử\t09/02/2026\t09/02/2026\nHS.2\tY",
            "Line 2: Each row needs",
        ),
        ("", "no rows to add"),
    ],
)
def test_bad_paste_changes_nothing(ws: Workspace, check: dict, text: str, english: str) -> None:
    before = snapshot(ws)
    with pytest.raises(ValidationError) as info:
        traces.paste_steps(ws, check["inspection"], text)
    assert english in info.value.message("en")
    assert info.value.message("vi") != info.value.message("en")
    assert snapshot(ws) == before


def test_import_people_skips_heading_and_duplicates(ws: Workspace, check: dict) -> None:
    ids = units.import_people(ws, check["unit"], "Họ và tên\tChức vụ\nLê Văn A\tKế toán\nTrần B\n")
    assert len(ids) == 2
    again = units.import_people(ws, check["unit"], "lê văn a; Kế toán")
    assert again == ids[:1]
    names = [r["full_name"] for r in screens.roll_call(ws, check["inspection"])]
    assert names == ["Nguyễn Thị Thử", "Lê Văn A", "Trần B"]
    with pytest.raises(ValidationError):
        units.import_people(ws, check["unit"], "\tKế toán")


def test_updates_and_removals(ws: Workspace, check: dict, tmp_path) -> None:
    iid = check["inspection"]
    assert inspections.update_decision(ws, iid, number_symbol="07/QĐ-BHXH", purpose="Kiểm tra")
    assert screens.header(ws, iid)["number_symbol"] == "07/QĐ-BHXH"
    with pytest.raises(ValidationError):
        inspections.update_decision(ws, iid, signed_on="")
    assert inspections.update_inspection(ws, iid, areas=["B", "A"], location="Phòng họp")
    assert screens.header(ws, iid)["areas"] == ["A", "B"]
    assert [a.code for a in screens.area_progress(ws, iid)] == ["A", "B"]
    roll_call.record_attendance(ws, iid, check["staff"], "PRESENT")
    assert roll_call.clear_attendance(ws, iid, check["staff"])
    assert not roll_call.clear_attendance(ws, iid, check["staff"])
    answers.answer_item(ws, iid, "A1", "NOT_COMPLY")
    assert screens.area_progress(ws, iid)[0].failed == 1
    assert answers.clear_answer(ws, iid, "A1")

    fid = findings.add_finding(ws, iid, title="Vắng", severity="3", item_code="A1")
    rid = findings.assign_responsibility(ws, fid, level="DIRECT", person_id=check["staff"])
    assert findings.update_responsibility(ws, rid, level="JOINT")
    rec = recommendations.recommend(ws, iid, finding_id=fid, type="RECTIFY", text="Sửa")
    assert recommendations.update_recommendation(
        ws, rec, deadline="30/04/2026", owner_unit_id=check["unit"]
    )
    with pytest.raises(ValidationError):
        recommendations.update_recommendation(ws, rec, deadline="01/01/2020")
    ex = recommendations.add_explanation(ws, iid, finding_id=fid, given_by="Giám đốc", text="Ốm")
    assert recommendations.update_explanation(ws, ex, text="Ốm đột xuất")
    photo = tmp_path / "p.png"
    photo.write_bytes(b"png?")
    eid = evidence.attach_evidence(ws, iid, photo, kind="PHOTO", link_table="findings", link_id=fid)
    assert evidence.update_evidence(ws, eid, caption="Ảnh chụp")
    detail = screens.finding(ws, fid)
    assert detail["responsibilities"][0]["level"] == "JOINT"
    assert detail["recommendations"][0]["owner"] == "Bảo hiểm xã hội cơ sở Thử Nghiệm"
    assert detail["explanations"][0]["text"] == "Ốm đột xuất"
    assert [e["caption"] for e in evidence.of_target(ws, "findings", fid)] == ["Ảnh chụp"]
    listed = screens.findings(ws, iid)
    assert (listed[0]["responsibilities"], listed[0]["recommendations"], listed[0]["evidence"]) == (
        1,
        1,
        1,
    )
    evidence.delete_evidence(ws, eid)
    assert evidence.of_target(ws, "findings", fid) == []
    findings.delete_responsibility(ws, rid)
    recommendations.delete_recommendation(ws, rec)
    recommendations.delete_explanation(ws, ex)
    assert screens.findings(ws, iid)[0]["recommendations"] == 0

    tid = traces.add_trace(ws, iid, object_type="DOSSIER", object_ref="HS.5")
    sid = traces.add_step(
        ws,
        tid,
        step_name="Tiếp nhận",
        person_id=check["staff"],
        received_on="2026-03-02",
        due_on="2026-03-02",
    )
    assert traces.update_step(ws, sid, done_on="2026-03-04")
    with pytest.raises(ValidationError):
        traces.update_step(ws, sid, done_on="2026-03-01")
    assert traces.update_trace(ws, tid, object_ref="HS.6")
    traces.delete_trace(ws, tid)
    assert screens.step_rows(ws, iid) == []
    member = screens.team(ws, iid)[0]["id"]
    inspections.remove_team_member(ws, member)
    assert screens.team(ws, iid) == []


def test_paste_refuses_an_ambiguous_or_foreign_holder(ws: Workspace, check: dict) -> None:
    units.add_person(ws, full_name="Nguyễn Thị Thử", unit_id=check["unit"])  # a namesake
    units.add_person(ws, full_name="Người Đơn Vị Khác", unit_id=None)
    row = "HS.1\tX\tBước\t{name}\t09/02/2026\t09/02/2026\t"
    before = snapshot(ws)
    with pytest.raises(ValidationError) as info:
        traces.paste_steps(ws, check["inspection"], row.format(name="Nguyễn Thị Thử"))
    assert "several staff members" in info.value.message("en")
    with pytest.raises(ValidationError):  # not on the inspected unit's staff
        traces.paste_steps(ws, check["inspection"], row.format(name="Người Đơn Vị Khác"))
    assert snapshot(ws) == before
