# SPDX-License-Identifier: GPL-3.0-or-later
"""The services on good input: what they record, derive and refuse on a sealed inspection."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from inspector.demo.build import build_demo
from inspector.errors import Cancelled, ValidationError
from inspector.fieldwork import answers, evidence, findings, inspections, roll_call, traces, units
from inspector.store import evidence_store, records
from inspector.store.workspace import Workspace
from inspector.timefmt import show_day, show_moment


def test_roll_call_mark_changes_in_place(ws: Workspace, check: dict[str, str]) -> None:
    first = roll_call.record_attendance(ws, check["inspection"], check["staff"], "PRESENT")
    again = roll_call.record_attendance(
        ws, check["inspection"], check["staff"], "LATE", arrived_at="2026-03-05T08:05:00+07:00"
    )
    assert first == again
    row = records.get(ws.db, "attendance", first)
    assert row["status"] == "LATE" and row["version"] == 2
    assert show_moment(row["arrived_at"], "vi") == "05/03/2026 08:05"
    counts = roll_call.attendance_counts(ws, check["inspection"])
    assert counts["LATE"] == 1 and counts["PRESENT"] == 0
    desk = units.add_unit(
        ws, name="Bộ phận một cửa", level="ONE_STOP_DESK", parent_id=check["unit"]
    )
    clerk = units.add_person(ws, full_name="Lê Thị Một Cửa", unit_id=desk)
    leave = roll_call.record_attendance(ws, check["inspection"], clerk, "ON_LEAVE")
    assert records.get(ws.db, "attendance", leave)["reason_code"] == "P"  # a sub-unit's staff


def test_answer_changes_in_place_and_scope_is_enforced(
    ws: Workspace, check: dict[str, str]
) -> None:
    a = answers.answer_item(ws, check["inspection"], "B4", "NOT_COMPLY", note="5 quá hạn")
    b = answers.answer_item(ws, check["inspection"], "B4", "COMPLIES")
    assert a == b and records.get(ws.db, "responses", a)["answer"] == "COMPLIES"
    narrow = inspections.create_inspection(
        ws,
        decision_number="9/QĐ",
        decision_date="2026-03-02",
        signer_name="A",
        legal_basis="B",
        unit_id=check["unit"],
        areas=["A"],
    )
    with pytest.raises(ValidationError):
        answers.answer_item(ws, narrow, "B4", "COMPLIES")


def test_finding_defaults_and_updates(ws: Workspace, check: dict[str, str]) -> None:
    fid = findings.add_finding(
        ws, check["inspection"], title="Hồ sơ quá hạn", severity="3", item_code="B4"
    )
    row = records.get(ws.db, "findings", fid)
    assert row["kind"] == "VIOLATION" and row["area_code"] == "B"
    assert "118/2025" in row["legal_basis"]  # from the checklist item
    assert findings.update_finding(ws, fid, severity="0", reason="đánh giá lại")
    row = records.get(ws.db, "findings", fid)
    assert row["kind"] == "GOOD_PRACTICE" and row["version"] == 2
    assert not findings.update_finding(ws, fid, title="Hồ sơ quá hạn")
    findings.delete_finding(ws, fid, reason="trùng")
    assert ws.db.execute("SELECT deleted FROM findings WHERE id = ?", [fid]).fetchone()[0] == 1


def test_trace_lateness_and_delaying_step(ws: Workspace, check: dict[str, str]) -> None:
    tid = traces.add_trace(ws, check["inspection"], object_type="DOSSIER", object_ref="HS.9")
    traces.add_step(
        ws,
        tid,
        step_name="Tiếp nhận",
        person_id=check["staff"],
        received_on="2026-02-10",
        due_on="2026-02-10",
        done_on="2026-02-10",
    )
    traces.add_step(
        ws,
        tid,
        step_name="Thẩm định",
        person_id=check["leader"],
        received_on="10/02/2026",
        due_on="13/02/2026",
        done_on="24/02/2026",
    )
    traces.add_step(
        ws,
        tid,
        step_name="Phê duyệt",
        unit_id=check["unit"],
        received_on="2026-02-24",
        due_on="2026-03-02",
    )
    (analysis,) = traces.traces_of(ws, check["inspection"])
    assert [s.late_days for s in analysis.steps] == [0, 2, 3]  # Tết skipped; open step to 05/03
    assert analysis.delaying_step is not None
    assert analysis.delaying_step.step["step_no"] == 3 and analysis.delaying_step.open
    assert analysis.late_days == 5 and analysis.is_late
    assert traces.traces_of(ws, check["inspection"], as_of=date(2026, 3, 2))[0].late_days == 2


def test_evidence_is_stored_once_by_content(
    ws: Workspace, check: dict[str, str], tmp_path: Path
) -> None:
    one = tmp_path / "a.jpg"
    two = tmp_path / "b.jpg"
    one.write_bytes(b"same bytes")
    two.write_bytes(b"same bytes")
    fid = findings.add_finding(ws, check["inspection"], title="x", severity="2")
    e1 = evidence.attach_evidence(
        ws, check["inspection"], one, kind="PHOTO", link_table="findings", link_id=fid
    )
    e2 = evidence.attach_evidence(ws, check["inspection"], two, kind="PHOTO")
    r1, r2 = records.get(ws.db, "evidence", e1), records.get(ws.db, "evidence", e2)
    assert r1["sha256"] == r2["sha256"] and r1["file_name"] == "a.jpg"
    assert list(evidence_store.stored_files(ws.evidence_dir)) == [
        evidence_store.path_for(ws.evidence_dir, r1["sha256"])
    ]
    assert evidence_store.verify_store(ws.evidence_dir) == []


def test_cancelled_copy_leaves_nothing(ws: Workspace, tmp_path: Path) -> None:
    big = tmp_path / "big.bin"
    big.write_bytes(b"x" * (3 * evidence_store.CHUNK))
    calls = []

    def cancel_on_second() -> bool:
        calls.append(1)
        return len(calls) > 1

    with pytest.raises(Cancelled):
        evidence_store.store_file(ws.evidence_dir, big, is_cancelled=cancel_on_second)
    assert [p for p in ws.evidence_dir.rglob("*") if p.is_file()] == []


def test_signed_inspection_refuses_edits(ws: Workspace, check: dict[str, str]) -> None:
    with ws.transaction() as db:  # sealing itself comes with the signed minutes
        records.update(db, ws.actor, "inspections", check["inspection"], {"status": "SIGNED"})
    with pytest.raises(ValidationError) as info:
        findings.add_finding(ws, check["inspection"], title="x", severity="2")
    assert "supplementary minutes" in info.value.message("en")
    with pytest.raises(ValidationError):
        roll_call.record_attendance(ws, check["inspection"], check["staff"], "PRESENT")


def test_dates_are_shown_the_vietnamese_way() -> None:
    assert show_day("2026-03-05", "vi") == "05/03/2026"
    assert show_day("2026-03-05", "en") == "2026-03-05"
    assert show_moment("2026-03-05T00:10:00.000000Z", "vi") == "05/03/2026 07:10"


def test_changing_a_mark_or_an_answer_keeps_its_note(ws: Workspace, check: dict[str, str]) -> None:
    iid, person = check["inspection"], check["staff"]
    mark = roll_call.record_attendance(
        ws, iid, person, "ABSENT_WITH_REASON", reason_code="Ô", note="Có giấy của bệnh viện"
    )
    roll_call.record_attendance(ws, iid, person, "LATE", arrived_at="2026-03-05T08:00:00+07:00")
    assert records.get(ws.db, "attendance", mark)["note"] == "Có giấy của bệnh viện"
    roll_call.record_attendance(ws, iid, person, "PRESENT", note="")
    assert records.get(ws.db, "attendance", mark)["note"] is None  # an empty note given clears it
    answer = answers.answer_item(ws, iid, "B4", "NOT_COMPLY", note="5 hồ sơ quá hạn")
    answers.answer_item(ws, iid, "B4", "COMPLIES")
    assert records.get(ws.db, "responses", answer)["note"] == "5 hồ sơ quá hạn"


def test_a_trace_cannot_point_at_another_inspections_finding(
    ws: Workspace, check: dict[str, str]
) -> None:
    other = inspections.create_inspection(
        ws,
        decision_number="9/QĐ",
        decision_date="2026-03-02",
        signer_name="A",
        legal_basis="B",
        unit_id=check["unit"],
    )
    foreign = findings.add_finding(ws, other, title="x", severity="2")
    with pytest.raises(ValidationError):
        traces.add_trace(
            ws, check["inspection"], object_type="DOSSIER", object_ref="HS.1", finding_id=foreign
        )


def test_a_second_demo_reuses_the_registers(ws: Workspace) -> None:
    first = build_demo(ws, seed=1)
    units_before = ws.db.execute("SELECT count(*) FROM org_units").fetchone()[0]
    people_before = ws.db.execute("SELECT count(*) FROM people").fetchone()[0]
    second = build_demo(ws, seed=2)
    assert second.inspection_id != first.inspection_id
    assert ws.db.execute("SELECT count(*) FROM org_units").fetchone()[0] == units_before
    assert ws.db.execute("SELECT count(*) FROM people").fetchone()[0] == people_before
