# SPDX-License-Identifier: GPL-3.0-or-later
"""The annexes of the minutes: each names the minutes it is attached to by number and date, and
Annex 02 gives, for each overdue dossier, the step that delayed it with that step's own working
days late, the dossier's total beside it, and whether an apology slip was given (issue 11)."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from inspector.demo.build import DemoResult
from inspector.fieldwork import traces
from inspector.minutes import annexes as minutes_annexes
from inspector.minutes import content as minutes_content
from inspector.resources import resource_path
from inspector.store.workspace import Workspace

VISIT = date(2026, 3, 5)  # the demo's visit, the day open steps are counted to


def _working_days_after(start: date, end: date) -> int:
    """Working days d with start < d <= end, read straight from the bundled calendar's file."""
    data = json.loads(resource_path("calendar", "vn-holidays.json").read_text("utf-8"))
    off = {d["date"] for days in data["days"].values() for d in days}
    off |= {d["date"] for d in data["adjustments"]["days_off"]}
    extra = {d["date"] for d in data["adjustments"]["working_days"]}
    rest = set(data["weekly_rest"])
    count, day = 0, start + timedelta(days=1)
    while day <= end:
        iso = day.isoformat()
        count += iso in extra or (day.weekday() not in rest and iso not in off)
        day += timedelta(days=1)
    return count


def _expected(ws: Workspace, inspection_id: str) -> dict[str, dict]:
    """Per overdue dossier, recounted from the recorded steps: the delaying step (the most days
    late, the first on a tie), its days, the dossier's total, and whether any step gave a slip."""
    out = {}
    for trace_id, ref in ws.db.execute(
        "SELECT id, object_ref FROM traces WHERE inspection_id = ? AND deleted = 0"
        " AND object_type = 'DOSSIER'",
        [inspection_id],
    ):
        steps = list(
            ws.db.query(
                "SELECT * FROM trace_steps WHERE trace_id = ? AND deleted = 0 ORDER BY step_no",
                [trace_id],
            )
        )
        late = [
            _working_days_after(
                date.fromisoformat(s["due_on"]),
                date.fromisoformat(s["done_on"]) if s["done_on"] else VISIT,
            )
            for s in steps
        ]
        if sum(late) == 0:
            continue
        worst = late.index(max(late))
        out[ref] = {
            "step": steps[worst],
            "step_days": late[worst],
            "total": sum(late),
            "slip": any(s["apology_slip"] for s in steps),
        }
    return out


def _person(ws: Workspace, inspection_id: str) -> str:
    return str(
        ws.db.execute(
            "SELECT person_id FROM attendance WHERE inspection_id = ? AND deleted = 0 LIMIT 1",
            [inspection_id],
        ).fetchone()[0]
    )


def _dd_mm(iso: str) -> str:
    return date.fromisoformat(iso).strftime("%d/%m/%Y")


@pytest.fixture
def checked(demo: tuple[Workspace, DemoResult]) -> tuple[Workspace, str]:
    """The demo, with two dossiers more: one late at two steps (the second worse, an apology
    slip given at the first), one whose late step is still open on the day of the visit; and a
    task done late."""
    ws, made = demo
    iid = made.inspection_id
    holder = _person(ws, iid)
    two = {"object_ref": "HS.TEST.0001", "title": "Giải quyết hưởng trợ cấp một lần"}
    traces.record_step(
        ws,
        iid,
        **two,
        step_name="Tiếp nhận",
        received_on="2026-02-02",
        due_on="2026-02-03",
        done_on="2026-02-05",  # 2 working days late
        person_id=holder,
        apology_slip=True,
    )
    traces.record_step(
        ws,
        iid,
        **two,
        step_name="Thẩm định",
        received_on="2026-02-05",
        due_on="2026-02-12",
        done_on="2026-02-26",  # Tết (16-20 February) is not counted: 5 working days late
        person_id=holder,
    )
    traces.record_step(
        ws,
        iid,
        object_ref="HS.TEST.0002",
        title="Cấp lại sổ bảo hiểm xã hội",
        step_name="Trả kết quả",
        received_on="2026-02-26",
        due_on="2026-03-02",
        person_id=holder,  # not done: late up to the visit
    )
    task = traces.add_trace(ws, iid, object_type="TASK", object_ref="NV.TEST.01")
    traces.add_step(
        ws,
        task,
        step_name="Báo cáo",
        received_on="2026-02-02",
        due_on="2026-02-03",
        done_on="2026-02-10",  # late, but a task: not an administrative dossier
        person_id=holder,
    )
    return ws, iid


def test_every_annex_names_the_minutes_by_number_and_date(
    demo: tuple[Workspace, DemoResult],
) -> None:
    ws, made = demo
    for lang, numbered, unnumbered in (
        (
            "vi",
            "(Kèm theo Biên bản kiểm tra số 03/BB-ĐKT ngày 05/3/2026)",
            "(Kèm theo Biên bản kiểm tra số ……/BB-ĐKT ngày 05/3/2026)",
        ),
        (
            "en",
            "(Attached to Examination Minutes No. 03/BB-ĐKT of 5 March 2026)",
            "(Attached to Examination Minutes No. ……/BB-ĐKT of 5 March 2026)",
        ),
    ):
        model = minutes_content.build(ws, made.inspection_id, lang=lang, number="03/BB-ĐKT")
        assert len(model.annexes) == 2
        assert [a.attached_to for a in model.annexes] == [numbered, numbered]
        draft = minutes_content.build(ws, made.inspection_id, lang=lang)
        assert [a.attached_to for a in draft.annexes] == [unnumbered, unnumbered]
    # months 1 and 2 take a leading zero, as in the minutes' date line
    assert minutes_annexes.attached_to("01/BB-ĐKT", date(2026, 2, 9), "vi").endswith(
        "ngày 09/02/2026)"
    )


def test_every_annex_leaves_room_for_both_sides_initials(
    demo: tuple[Workspace, DemoResult],
) -> None:
    ws, made = demo
    vi = minutes_content.build(ws, made.inspection_id, number="03/BB-ĐKT")
    en = minutes_content.build(ws, made.inspection_id, lang="en", number="03/BB-ĐKT")
    for annex in vi.annexes:
        assert annex.initials == [
            ("Đại diện đơn vị được kiểm tra", "(Ký nháy)"),
            ("Đại diện Đoàn kiểm tra", "(Ký nháy)"),
        ]
    for annex in en.annexes:
        assert [side for side, _note in annex.initials] == [
            "For the examined unit",
            "For the Examination Team",
        ]


def test_annex_02_gives_the_delaying_steps_own_days_and_the_dossiers_total(
    checked: tuple[Workspace, str],
) -> None:
    ws, iid = checked
    expected = _expected(ws, iid)
    assert expected["HS.TEST.0001"]["step_days"] == 5 and expected["HS.TEST.0001"]["total"] == 7
    assert expected["HS.TEST.0002"]["total"] == 3  # 3, 4 and 5 March
    annex = minutes_content.build(ws, iid, number="03/BB-ĐKT").annexes[1]
    assert annex.title == "Phụ lục 02. HỒ SƠ GIẢI QUYẾT QUÁ HẠN"
    assert sorted(row[1] for row in annex.rows) == sorted(expected)
    assert len(annex.rows) == len(expected) >= 7  # the demo's five and the two above
    # a task (or an incoming document) traced late is not an administrative dossier
    detail = minutes_content.listing.inspection_detail(ws, iid)
    assert [t["late_days"] for t in detail["traces"] if t["object_ref"] == "NV.TEST.01"] == [5]
    assert "NV.TEST.01" not in [row[1] for row in annex.rows]
    names = dict(ws.db.execute("SELECT id, full_name FROM people"))
    for n, row in enumerate(annex.rows, start=1):
        want = expected[row[1]]
        step = want["step"]
        assert row[0] == str(n)
        assert row[3] == step["step_name"]
        assert row[4] == names[step["person_id"]]
        assert row[5] == _dd_mm(step["due_on"])
        assert row[6] == (_dd_mm(step["done_on"]) if step["done_on"] else "Chưa hoàn thành")
        assert row[7] == str(want["step_days"]), row
        assert row[8] == str(want["total"]), row
        assert row[9] == ("Có" if want["slip"] else "Không"), row
    mine = {row[1]: row for row in annex.rows}
    assert mine["HS.TEST.0001"][5:] == [
        "12/02/2026",
        "26/02/2026",
        "5",
        "7",
        "Có",  # the slip was given at the first step
    ]
    assert mine["HS.TEST.0002"][6:] == ["Chưa hoàn thành", "3", "3", "Không"]
    # the headings say the days are working days; the totals row adds up the dossiers' totals
    assert all("(ngày làm việc)" in annex.head[c] for c in (7, 8))
    assert annex.groups == [(3, 7, "Khâu chậm nhất")]
    slips = sum(w["slip"] for w in expected.values())
    assert annex.total[0] == f"Cộng: {len(expected):02d} hồ sơ"
    assert annex.total[8] == str(sum(w["total"] for w in expected.values()))
    assert annex.total[9] == f"Có: {slips:02d}; Không: {len(expected) - slips:02d}"
    assert any("ngày làm việc" in line for line in annex.footer)


def test_an_apology_slip_given_later_shows_in_annex_02(checked: tuple[Workspace, str]) -> None:
    ws, iid = checked
    (step,) = ws.db.execute(
        "SELECT s.id FROM trace_steps s JOIN traces t ON t.id = s.trace_id"
        " WHERE t.object_ref = 'HS.TEST.0002' AND s.deleted = 0"
    ).fetchall()
    traces.update_step(ws, step[0], apology_slip=True)
    annex = minutes_content.build(ws, iid, lang="en").annexes[1]
    (row,) = [r for r in annex.rows if r[1] == "HS.TEST.0002"]
    assert row[6:] == ["Not done", "3", "3", "Yes"]
    assert "(working days)" in annex.head[7] and "(working days)" in annex.head[8]
    expected = _expected(ws, iid)
    slips = sum(w["slip"] for w in expected.values())
    assert annex.total[9] == f"Yes: {slips}; No: {len(expected) - slips}"
    assert annex.total[0] == f"Total: {len(expected)} overdue"


def test_without_an_overdue_dossier_annex_02_says_so(ws: Workspace, check: dict[str, str]) -> None:
    annex = minutes_content.build(ws, check["inspection"], number="01/BB-ĐKT").annexes[1]
    assert annex.rows == [] and annex.total == [] and annex.footer == []
    assert annex.empty == "Không có hồ sơ quá hạn trong số hồ sơ lấy mẫu."
    assert annex.attached_to == "(Kèm theo Biên bản kiểm tra số 01/BB-ĐKT ngày 05/3/2026)"


def test_a_step_a_unit_held_names_the_unit_in_annex_02(demo: tuple[Workspace, DemoResult]) -> None:
    """A step held by a unit, not one person (a department of the provincial office, say):
    Annex 02 names the unit where a person's name would stand, never a blank."""
    ws, made = demo
    iid = made.inspection_id
    unit = ws.db.execute("SELECT unit_id FROM inspections WHERE id = ?", [iid]).fetchone()[0]
    traces.record_step(
        ws,
        iid,
        object_ref="HS.TEST.0003",
        title="Giải quyết hưởng chế độ ốm đau",
        step_name="Phê duyệt",
        received_on="2026-02-02",
        due_on="2026-02-03",
        done_on="2026-02-06",
        unit_id=unit,
    )
    model = minutes_content.build(ws, iid, number="03/BB-ĐKT")
    (row,) = [r for r in model.annexes[1].rows if r[1] == "HS.TEST.0003"]
    assert row[3:5] == ["Phê duyệt", "Bảo hiểm xã hội cơ sở Diễn Châu"]
