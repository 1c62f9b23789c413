# SPDX-License-Identifier: GPL-3.0-or-later
"""A realistic demo: one surprise check of a grassroots social-security office, fully recorded.

Everything here is invented for demonstration (people, dossiers, amounts); it goes through the same
services an inspector's screen uses, so the demo is also an end-to-end exercise of them.
"""

from __future__ import annotations

import csv
import random
import struct
import tempfile
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from inspector.fieldwork import (
    answers,
    checklists,
    evidence,
    findings,
    inspections,
    recommendations,
    roll_call,
    signatories,
    traces,
    units,
)
from inspector.minutes import sealing
from inspector.store import faults
from inspector.store.workspace import Workspace
from inspector.trust import identity
from inspector.vocabulary import (
    Answer,
    AttendanceStatus,
    FindingKind,
    RecommendationType,
    ResponsibilityLevel,
    Severity,
    SignatorySide,
    TeamRole,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")
VISIT_DAY = date(2026, 3, 5)

# (full name, position, gender) of the inspected office's staff.
STAFF = [
    ("Đặng Quốc Toản", "Giám đốc", "Nam"),
    ("Bùi Thị Hồng Nhung", "Phó Giám đốc", "Nữ"),
    ("Hoàng Văn Tú", "Viên chức thẩm định chế độ", "Nam"),
    ("Ngô Thị Thu Hà", "Viên chức Bộ phận một cửa", "Nữ"),
    ("Phan Minh Đức", "Viên chức Bộ phận một cửa", "Nam"),
    ("Võ Thị Lan Anh", "Kế toán", "Nữ"),
    ("Đỗ Văn Khánh", "Viên chức thu", "Nam"),
    ("Lương Thị Ngọc Ánh", "Viên chức cấp sổ, thẻ", "Nữ"),
    ("Trịnh Xuân Bách", "Viên chức thẩm định chế độ", "Nam"),
    ("Hồ Thị Diệu Linh", "Viên chức thu", "Nữ"),
    ("Chu Văn Lực", "Viên chức quản lý người tham gia", "Nam"),
    ("Tạ Thị Hương Giang", "Văn thư", "Nữ"),
    ("Lê Đình Nghĩa", "Viên chức công nghệ thông tin", "Nam"),
    ("Nguyễn Thị Yến", "Viên chức kiểm tra", "Nữ"),
    ("Kiều Văn Sơn", "Nhân viên hợp đồng (bảo vệ)", "Nam"),
]
TEAM = [
    ("Nguyễn Văn Hùng", "Phó Trưởng phòng Tổ chức cán bộ", TeamRole.LEADER, "Nam"),
    ("Trần Thị Mai", "Chuyên viên Phòng Kiểm tra", TeamRole.MEMBER, "Nữ"),
    ("Lê Quang Minh", "Chuyên viên Văn phòng", TeamRole.SECRETARY, "Nam"),
]
PROCEDURES = [
    ("1.001.TS", "Giải quyết hưởng chế độ thai sản", 5),
    ("1.002.OD", "Giải quyết hưởng chế độ ốm đau", 5),
    ("1.003.CL", "Cấp lại sổ bảo hiểm xã hội do mất, hỏng", 5),
    ("1.004.TN", "Giải quyết hưởng trợ cấp một lần", 10),
    ("1.005.TD", "Đăng ký tham gia bảo hiểm xã hội tự nguyện", 3),
]


@dataclass
class DemoResult:
    """What the demo made."""

    inspection_id: str
    unit_id: str
    people: dict[str, str] = field(default_factory=dict)
    traces: int = 0
    late_traces: int = 0
    findings: int = 0
    evidence: int = 0


def _at(hour: int, minute: int, day: date = VISIT_DAY) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=VN)


def _png(path: Path, width: int = 320, height: int = 200, seed: int = 0) -> None:
    """Write a small generated picture (sky, a building, windows) as a PNG; no imaging library."""
    rng = random.Random(seed)
    rows = []
    for y in range(height):
        row = bytearray([0])
        for x in range(width):
            if y < 70:
                pixel = (150 + y, 190 + y // 2, 235)
            elif 40 <= x < 280 and y >= 70:
                window = (x - 40) % 40 < 22 and (y - 80) % 35 < 20 and y < 180
                pixel = (70, 90, 110) if window else (205, 195, 170)
            else:
                pixel = (120, 150, 90)
            noise = rng.randint(-6, 6)
            row.extend(max(0, min(255, c + noise)) for c in pixel)
        rows.append(bytes(row))

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + chunk(b"IEND", b"")
    )


def _write_csv(path: Path, header: list[str], rows: list[list[object]]) -> None:
    with open(path, "w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)


def _unit(ws: Workspace, **values: Any) -> str:
    """The unit of this name in the register, or a new one (a second demo reuses the first's)."""
    row = ws.db.execute(
        "SELECT id FROM org_units WHERE name = ? AND deleted = 0", [values["name"]]
    ).fetchone()
    return str(row[0]) if row else units.add_unit(ws, **values)


def _person(ws: Workspace, **values: Any) -> str:
    """The person of this name in this unit, or a new one."""
    row = ws.db.execute(
        "SELECT id FROM people WHERE full_name = ? AND unit_id IS ? AND deleted = 0",
        [values["full_name"], values["unit_id"]],
    ).fetchone()
    return str(row[0]) if row else units.add_person(ws, **values)


def build_demo(ws: Workspace, seed: int = 1) -> DemoResult:
    """Record a complete surprise check in ``ws``; the same seed gives the same check.

    Units and people already in the register under the same names are reused.
    """
    checklists.ensure_bundled_checklist(ws)
    rng = random.Random(seed)
    vss = _unit(
        ws,
        name="Bảo hiểm xã hội Việt Nam",
        level="CENTRAL",
        code="BHXH",
        superior_for_header="BỘ TÀI CHÍNH",
    )
    province = _unit(
        ws,
        name="Bảo hiểm xã hội tỉnh Nghệ An",
        name_short="BHXH tỉnh Nghệ An",
        level="PROVINCIAL",
        code="BHXH-NA",
        admin_unit_code="40",
        parent_id=vss,
        superior_for_header="BẢO HIỂM XÃ HỘI VIỆT NAM",
        place_name="Nghệ An",
        address="Đường Lê Hồng Phong, phường Thành Vinh, tỉnh Nghệ An",
        valid_from="2025-07-01",
    )
    old_district = _unit(
        ws,
        name="Bảo hiểm xã hội huyện Diễn Châu",
        level="GRASSROOTS",
        parent_id=province,
        valid_from="1995-10-01",
        valid_to="2025-06-30",
    )
    unit = _unit(
        ws,
        name="Bảo hiểm xã hội cơ sở Diễn Châu",
        name_short="BHXH cơ sở Diễn Châu",
        level="GRASSROOTS",
        code="BHXH-NA-DC",
        parent_id=province,
        superior_for_header="BẢO HIỂM XÃ HỘI TỈNH NGHỆ AN",
        place_name="Diễn Châu",
        address="Khối 4, xã Diễn Châu, tỉnh Nghệ An",
        valid_from="2025-07-01",
        predecessor_ids=[old_district],
        working_hours=("07:00", "11:30", "13:30", "17:00"),
    )
    people: dict[str, str] = {}
    for name, position, gender in STAFF:
        staff_type = "CONTRACT" if "hợp đồng" in position else "PUBLIC_EMPLOYEE"
        people[name] = _person(
            ws,
            full_name=name,
            unit_id=unit,
            position=position,
            gender=gender,
            staff_type=staff_type,
        )
    team = []
    for name, position, role, gender in TEAM:
        pid = _person(
            ws,
            full_name=name,
            unit_id=province,
            position=position,
            staff_type="CIVIL_SERVANT",
            gender=gender,
        )
        people[name] = pid
        team.append((pid, role.value))
    inspection_id = inspections.create_inspection(
        ws,
        decision_number="15/QĐ-BHXH",
        decision_date=VISIT_DAY - timedelta(days=2),
        signer_name="Phạm Đức Thắng",
        signer_title="Giám đốc Bảo hiểm xã hội tỉnh Nghệ An",
        issuer_unit_id=province,
        legal_basis=(
            "Công văn số 1251/BHXH-TCCB năm 2023 của Bảo hiểm xã hội Việt Nam về tăng cường kỷ luật,"
            " kỷ cương hành chính; Chỉ thị số 150-CT/BCSĐ ngày 12/11/2024 về thực hành tiết kiệm,"
            " chống lãng phí"
        ),
        purpose=(
            "Kiểm tra đột xuất việc chấp hành kỷ luật, kỷ cương hành chính, giải quyết thủ tục hành"
            " chính và thực hành tiết kiệm, chống lãng phí"
        ),
        period_from="2026-01-01",
        period_to=VISIT_DAY - timedelta(days=1),
        duration_days=1,
        unit_id=unit,
        location="Trụ sở Bảo hiểm xã hội cơ sở Diễn Châu",
        team=team,
    )
    inspections.arrive(ws, inspection_id, _at(7, 10))

    with tempfile.TemporaryDirectory(prefix="inspector-demo-") as tmp:
        _record_the_rest(
            ws,
            rng,
            seed,
            inspection_id,
            unit,
            people,
            Path(tmp),
            result := DemoResult(inspection_id=inspection_id, unit_id=unit, people=people),
        )
    return result


def _record_the_rest(
    ws: Workspace,
    rng: random.Random,
    seed: int,
    inspection_id: str,
    unit: str,
    people: dict[str, str],
    workdir: Path,
    result: DemoResult,
) -> None:
    """Record the roll call, dossiers, answers, evidence, findings and signatories.

    Evidence files are made in ``workdir`` and copied into the evidence store.
    """
    # Roll call at 07:10: most present; the marks below vary with the seed.
    staff_names = [n for n, _p, _g in STAFF]
    director = staff_names[0]
    others = staff_names[1:]
    rng.shuffle(others)
    praised = "Phan Minh Đức"  # the one-stop officer citizens praised (finding C8)
    others.remove(praised)
    absent_no_reason, late, on_leave, trip, sick = others[:5]
    badge_missing = others[5:7]
    positions = {n: p for n, p, _g in STAFF}

    def kind_of(name: str) -> str:
        """How the minutes call a person of the unit's staff: by their kind of employment."""
        return "người lao động" if "hợp đồng" in positions[name] else "viên chức"

    marks: dict[str, tuple[AttendanceStatus, dict[str, Any]]] = {
        absent_no_reason: (AttendanceStatus.ABSENT_WITHOUT_REASON, {}),
        late: (
            AttendanceStatus.LATE,
            {
                "arrived_at": _at(7, 52),
                "note": "Không báo trước với lãnh đạo đơn vị",
            },
        ),
        on_leave: (AttendanceStatus.ON_LEAVE, {"note": "Đơn nghỉ phép đã được duyệt"}),
        trip: (AttendanceStatus.BUSINESS_TRIP, {"note": "Công tác tại BHXH tỉnh theo lịch tuần"}),
        sick: (
            AttendanceStatus.ABSENT_WITH_REASON,
            {"reason_code": "Ô", "note": "Nghỉ ốm, có giấy"},
        ),
    }
    for name in staff_names:
        status, extra = marks.get(name, (AttendanceStatus.PRESENT, {}))
        roll_call.record_attendance(ws, inspection_id, people[name], status.value, **extra)

    # Dossiers: received in February 2026 (Tết falls inside: lateness skips it).
    calendar = ws.calendar
    one_stop = [n for n in staff_names if "một cửa" in STAFF[staff_names.index(n)][1]]
    reviewers = ["Hoàng Văn Tú", "Trịnh Xuân Bách"]
    approver = "Bùi Thị Hồng Nhung"
    slow_reviewer = "Hoàng Văn Tú"
    late_refs = set(rng.sample(range(30), 5))
    extract_rows: list[list[object]] = []
    for n in range(30):
        code, name, limit = PROCEDURES[n % len(PROCEDURES)]
        received = calendar.add_working_days(date(2026, 1, 26), rng.randint(0, 18))
        ref = f"HS.2026.{4100 + n * 7:06d}"
        trace_id = traces.add_trace(
            ws,
            inspection_id,
            object_type="DOSSIER",
            object_ref=ref,
            procedure_code=code,
            title=name,
        )
        reviewer = slow_reviewer if n in late_refs else reviewers[n % 2]
        review_due = calendar.add_working_days(received, max(1, limit - 2))
        review_late = rng.randint(2, 6) if n in late_refs else 0
        review_done = (
            calendar.add_working_days(review_due, review_late)
            if review_late
            else (calendar.add_working_days(received, rng.randint(1, max(1, limit - 2))))
        )
        approve_due = calendar.add_working_days(received, limit - 1)
        approve_done = max(review_done, calendar.add_working_days(review_done, 1))
        final_due = calendar.add_working_days(received, limit)
        final_done = max(calendar.add_working_days(approve_done, 1), received)
        clerk = one_stop[n % len(one_stop)]
        steps = [
            ("Tiếp nhận hồ sơ", clerk, "LEAD", received, received, received),
            ("Thẩm định", reviewer, "REVIEW", received, review_due, review_done),
            (
                "Phê duyệt",
                approver,
                "APPROVE",
                review_done,
                max(approve_due, review_done),
                approve_done,
            ),
            ("Trả kết quả", clerk, "LEAD", approve_done, max(final_due, approve_done), final_done),
        ]
        for step_name, holder, role, got, due, done in steps:
            traces.add_step(
                ws,
                trace_id,
                step_name=step_name,
                person_id=people[holder],
                role=role,
                received_on=got,
                due_on=due,
                done_on=done,
                apology_slip=bool(n in late_refs and step_name == "Trả kết quả" and n % 2 == 0),
            )
        extract_rows.append(
            [
                ref,
                code,
                name,
                received.strftime("%d/%m/%Y"),
                final_due.strftime("%d/%m/%Y"),
                final_done.strftime("%d/%m/%Y"),
                reviewer,
                "Quá hạn" if n in late_refs else "Đúng hạn",
            ]
        )
    analyses = traces.traces_of(ws, inspection_id)
    result.traces = len(analyses)
    result.late_traces = sum(1 for a in analyses if a.is_late)

    # Checklist: every item of the scope answered; the failing ones carry findings below.
    failing = {"A1", "A3", "B4", "B5", "F3", "G3"}
    not_applicable = {"G4", "E3"}
    for item in answers.scope_items(ws, inspection_id):
        code = item.code
        answer = (
            Answer.NOT_COMPLY
            if code in failing
            else Answer.NOT_APPLICABLE
            if code in not_applicable
            else Answer.COMPLIES
        )
        if item.is_praise:  # good practice is observed or not: C8 is, below
            answer = Answer.OBSERVED if code == "C8" else Answer.NOT_OBSERVED
        note = "Không có dự án xây dựng trong kỳ kiểm tra" if code == "G4" else None
        answers.answer_item(ws, inspection_id, code, answer.value, note=note)

    # Evidence files, made the way an inspector would collect them.
    timesheet = workdir / "bang-cham-cong-05-03-2026.csv"
    _write_csv(
        timesheet,
        ["Họ và tên", "Chức vụ", "Ký hiệu chấm công 05/03"],
        [
            [n, p, {absent_no_reason: "", on_leave: "P", trip: "CT", sick: "Ô"}.get(n, "+")]
            for n, p, _g in STAFF
        ],
    )
    extract = workdir / "trich-xuat-phan-mem-mot-cua.csv"
    _write_csv(
        extract,
        [
            "Mã hồ sơ",
            "Mã TTHC",
            "Thủ tục",
            "Ngày nhận",
            "Hẹn trả",
            "Ngày trả",
            "Người thẩm định",
            "Tình trạng",
        ],
        extract_rows,
    )
    vouchers = workdir / "chung-tu-hoi-nghi-tong-ket-2025.csv"
    _write_csv(
        vouchers,
        ["Số chứng từ", "Ngày", "Nội dung", "Số tiền (đồng)", "Định mức (đồng)"],
        [
            ["PC-0112", "16/01/2026", "Thuê hội trường nhà hàng Sen Vàng", 18_500_000, 6_000_000],
            ["PC-0113", "16/01/2026", "Tiệc tổng kết 45 người", 22_500_000, 22_500_000],
            ["PC-0114", "16/01/2026", "Hoa, khánh tiết, băng rôn", 4_300_000, 4_300_000],
        ],
    )
    premises = workdir / "anh-tru-so-bhxh-huyen-cu.png"
    _png(premises, seed=seed)
    explanation_file = workdir / "ban-giai-trinh-giam-doc.txt"
    explanation_text = (
        f"Về việc {kind_of(absent_no_reason)} {absent_no_reason} vắng mặt ngày 05/03/2026: đơn vị"
        " chưa nắm được lý do,"
        " sẽ tổ chức kiểm điểm. Về các hồ sơ quá hạn: khâu thẩm định thiếu người do một viên chức"
        " nghỉ sinh, đơn vị đã phân công lại từ ngày 02/03/2026."
    )
    explanation_file.write_text(f"BẢN GIẢI TRÌNH\n\n{explanation_text}\n\n{director}\n", "utf-8")

    def finding(
        code: str,
        title: str,
        severity: Severity,
        description: str,
        norm: int | None = None,
        actual: int | None = None,
    ) -> str:
        result.findings += 1
        return findings.add_finding(
            ws,
            inspection_id,
            item_code=code,
            title=title,
            severity=severity.value,
            description=description,
            amount_norm=norm,  # whole đồng: the norm and what was spent (the excess follows)
            amount_actual=actual,
        )

    def attach(path: Path, kind: str, caption: str, target: str, hour: int, minute: int) -> None:
        result.evidence += 1
        evidence.attach_evidence(
            ws,
            inspection_id,
            path,
            kind=kind,
            caption=caption,
            captured_at=_at(hour, minute),
            link_table="findings",
            link_id=target,
        )

    f_absent = finding(
        "A1",
        f"01 {kind_of(absent_no_reason)} vắng mặt không có lý do trong giờ làm việc",
        Severity.LESS_SERIOUS,
        f"Lúc 07 giờ 10 phút ngày 05/03/2026, {kind_of(absent_no_reason)} {absent_no_reason}"
        " không có mặt tại vị trí làm việc, không có đơn xin nghỉ được duyệt.",
    )
    attach(timesheet, "SOFTWARE_EXTRACT", "Bảng chấm công ngày 05/03/2026", f_absent, 7, 30)
    findings.assign_responsibility(
        ws, f_absent, level=ResponsibilityLevel.DIRECT.value, person_id=people[absent_no_reason]
    )
    findings.assign_responsibility(
        ws,
        f_absent,
        level=ResponsibilityLevel.HEAD.value,
        person_id=people[director],
        note="Chưa quản lý chặt chẽ thời giờ làm việc",
    )
    recommendations.recommend(
        ws,
        inspection_id,
        finding_id=f_absent,
        type=RecommendationType.REVIEW_RESPONSIBILITY.value,
        text=f"Tổ chức kiểm điểm trách nhiệm đối với {kind_of(absent_no_reason)} {absent_no_reason}.",
        target_person_id=people[absent_no_reason],
        owner_unit_id=unit,
        deadline="2026-03-31",
    )

    f_badge = finding(
        "A3",
        "02 viên chức không đeo thẻ trong giờ làm việc",
        Severity.SHORTCOMING,
        f"Các viên chức {badge_missing[0]}, {badge_missing[1]} không đeo thẻ viên chức.",
    )
    for name in badge_missing:
        findings.assign_responsibility(
            ws, f_badge, level=ResponsibilityLevel.DIRECT.value, person_id=people[name]
        )
    recommendations.recommend(
        ws,
        inspection_id,
        finding_id=f_badge,
        type=RecommendationType.LESSONS.value,
        text="Chấn chỉnh việc đeo thẻ viên chức trong giờ làm việc.",
        owner_unit_id=unit,
        deadline="2026-03-15",
    )

    late_count = result.late_traces
    f_overdue = finding(
        "B4",
        f"{late_count}/30 hồ sơ giải quyết quá hạn, chậm tại khâu thẩm định",
        Severity.LESS_SERIOUS,
        f"Trích xuất phần mềm một cửa từ 26/01/2026 đến 04/03/2026: {late_count} trên 30 hồ sơ lấy"
        f" mẫu quá hạn; khâu chậm là khâu thẩm định do viên chức {slow_reviewer} thực hiện.",
    )
    attach(
        extract,
        "SOFTWARE_EXTRACT",
        "Trích xuất phần mềm một cửa, 30 hồ sơ lấy mẫu",
        f_overdue,
        9,
        15,
    )
    findings.assign_responsibility(
        ws,
        f_overdue,
        level=ResponsibilityLevel.DIRECT.value,
        person_id=people[slow_reviewer],
        step_no=2,
    )
    findings.assign_responsibility(
        ws,
        f_overdue,
        level=ResponsibilityLevel.SUPERVISING.value,
        person_id=people[approver],
        note="Phó Giám đốc phụ trách công tác giải quyết chế độ",
    )
    recommendations.recommend(
        ws,
        inspection_id,
        finding_id=f_overdue,
        type=RecommendationType.RECTIFY.value,
        text="Rà soát, giải quyết dứt điểm hồ sơ tồn; bố trí đủ người ở khâu thẩm định.",
        owner_unit_id=unit,
        deadline="2026-04-05",
    )
    recommendations.recommend(
        ws,
        inspection_id,
        finding_id=f_overdue,
        type=RecommendationType.REVIEW_RESPONSIBILITY.value,
        text=f"Kiểm điểm trách nhiệm viên chức {slow_reviewer} về việc chậm thẩm định hồ sơ.",
        target_person_id=people[slow_reviewer],
        owner_unit_id=unit,
        deadline="2026-03-31",
    )
    recommendations.add_explanation(
        ws,
        inspection_id,
        finding_id=f_overdue,
        given_by=f"{director}, Giám đốc",
        person_id=people[director],
        text=explanation_text,
        given_at=_at(10, 30),
    )

    f_slip = finding(
        "B5",
        "Hồ sơ quá hạn không có Phiếu xin lỗi và hẹn lại ngày trả kết quả",
        Severity.LESS_SERIOUS,
        "01/05 hồ sơ quá hạn không có Phiếu xin lỗi và hẹn lại ngày trả kết quả.",
    )
    findings.assign_responsibility(
        ws, f_slip, level=ResponsibilityLevel.DIRECT.value, person_id=people[one_stop[0]]
    )
    recommendations.recommend(
        ws,
        inspection_id,
        finding_id=f_slip,
        type=RecommendationType.LESSONS.value,
        text="Thực hiện đầy đủ Phiếu xin lỗi đối với mọi hồ sơ quá hạn.",
        owner_unit_id=unit,
        deadline="2026-03-15",
    )

    result.findings += 1  # praise of the one-stop desk's officer: under the one-stop desk's area
    f_praise = findings.add_finding(
        ws,
        inspection_id,
        area_code="B",
        kind=FindingKind.GOOD_PRACTICE.value,
        title="Bộ phận một cửa tiếp nhận, hướng dẫn người dân tận tình",
        severity=Severity.GOOD.value,
        description=(
            f"Viên chức {praised} được người dân phỏng vấn tại chỗ đánh giá cao; không có phản ánh."
        ),
    )
    findings.assign_responsibility(
        ws, f_praise, level=ResponsibilityLevel.DIRECT.value, person_id=people[praised]
    )
    recommendations.recommend(
        ws,
        inspection_id,
        finding_id=f_praise,
        type=RecommendationType.PRAISE.value,
        text=f"Biểu dương viên chức {praised}.",
        target_person_id=people[praised],
    )

    f_conference = finding(
        "F3",
        "Hội nghị tổng kết năm 2025 thuê hội trường nhà hàng, chi vượt định mức",
        Severity.LESS_SERIOUS,
        "Hội nghị tổ chức tại nhà hàng; tiền thuê hội trường vượt mức chi hội nghị của đơn vị.",
        norm=6_000_000,
        actual=18_500_000,
    )
    attach(
        vouchers,
        "DOCUMENT_COPY",
        "Bảng kê chứng từ chi hội nghị tổng kết 2025",
        f_conference,
        14,
        0,
    )
    findings.assign_responsibility(
        ws, f_conference, level=ResponsibilityLevel.HEAD.value, person_id=people[director]
    )
    findings.assign_responsibility(
        ws,
        f_conference,
        level=ResponsibilityLevel.DIRECT.value,
        person_id=people["Võ Thị Lan Anh"],
        note="Lập chứng từ chi vượt định mức",
    )
    recommendations.recommend(
        ws,
        inspection_id,
        finding_id=f_conference,
        type=RecommendationType.REFUND.value,
        text="Thu hồi, nộp trả 12.500.000 đồng chi vượt định mức.",
        pay_to="tài khoản của Bảo hiểm xã hội tỉnh Nghệ An tại Kho bạc Nhà nước khu vực",
        owner_unit_id=unit,
        deadline="2026-04-30",
    )

    f_premises = finding(
        "G3",
        "Trụ sở BHXH huyện Diễn Châu cũ bỏ trống, chưa có phương án xử lý",
        Severity.LESS_SERIOUS,
        "Trụ sở cũ không sử dụng từ 01/7/2025, chưa báo cáo phương án sắp xếp, xử lý.",
    )
    attach(premises, "PHOTO", "Ảnh trụ sở cũ (ảnh minh họa của bản demo)", f_premises, 15, 20)
    findings.assign_responsibility(
        ws,
        f_premises,
        level=ResponsibilityLevel.HEAD.value,
        unit_id=unit,
        note="chưa chỉ đạo lập phương án sắp xếp, xử lý trụ sở cũ",
    )
    recommendations.recommend(
        ws,
        inspection_id,
        finding_id=f_premises,
        type=RecommendationType.RECTIFY.value,
        text="Lập phương án sắp xếp, xử lý trụ sở cũ, báo cáo BHXH tỉnh.",
        owner_unit_id=unit,
        deadline="2026-05-31",
    )
    result.evidence += 1
    evidence.attach_evidence(
        ws,
        inspection_id,
        explanation_file,
        kind="EXPLANATION",
        caption="Bản giải trình của Giám đốc",
        captured_at=_at(10, 45),
    )

    for name, position, _role, _gender in TEAM:
        signatories.add_signatory(
            ws, inspection_id, name=name, title=position, side="TEAM", person_id=people[name]
        )
    signatories.add_signatory(
        ws,
        inspection_id,
        name=director,
        title="Giám đốc",
        side=SignatorySide.UNIT.value,
        person_id=people[director],
    )
    inspections.end_visit(ws, inspection_id, _at(16, 30))


DEMO_PASSPHRASE = "demo-inspector"
DEMO_MARK = "demo-identity"


def sign_demo(ws: Workspace, inspection_id: str, passphrase: str | None = None) -> Path | None:
    """Sign the demo's minutes: with the workspace's own identity when it has one (and its
    passphrase is given), otherwise as a demo inspector enrolled with a demo authority.

    Return the signed PDF's path, or None if the workspace's own identity was not unlocked.
    """
    keys = identity.keys_dir(ws)
    if not identity.has_identity(ws):
        authority = keys / "demo-authority"
        if not (authority / identity.CA_KEY).exists():
            identity.init_ca(
                ws, "Cơ quan chứng thực thử nghiệm (demo)", DEMO_PASSPHRASE, folder=authority
            )
        request = identity.init_keys(
            ws,
            "Nguyễn Văn Hùng (demo)",
            DEMO_PASSPHRASE,
            organisation="Bảo hiểm xã hội tỉnh Nghệ An",
        )
        # installed without trusting the demo authority: its passphrase is public
        certificate = identity.issue(ws, request.read_bytes(), DEMO_PASSPHRASE, folder=authority)
        identity.install(ws, certificate, untrusted=True)
        (keys / DEMO_MARK).write_text("the signing identity made by 'inspector demo'\n")
        passphrase = DEMO_PASSPHRASE
    elif (keys / DEMO_MARK).exists():
        passphrase = DEMO_PASSPHRASE
    if passphrase is None:
        return None
    return sealing.sign_minutes(ws, inspection_id, passphrase, number="03/BB-ĐKT")


def export_demo(ws: Workspace, inspection_id: str, passphrase: str | None = None) -> Path | None:
    """Export the whole demo workspace as a sync package in ``<workspace>/outbox``.

    Signed like the minutes (the workspace's own identity with ``passphrase``, else the demo
    inspector); returns None when no identity could be unlocked.
    """
    from inspector.sync import exchange  # late: exchange builds on the whole core

    if passphrase is None and (identity.keys_dir(ws) / DEMO_MARK).exists():
        passphrase = DEMO_PASSPHRASE
    if passphrase is None:
        return None
    ident = identity.load_identity(ws, passphrase)
    out = ws.home / "outbox" / f"demo-{inspection_id[:8]}.inspkg"
    return exchange.export_package(ws, out, ident, everything=True).path


def demo_home(home: Path) -> Path:
    """The folder of the demo workspace that sits beside the workspace at ``home``.

    The demo never goes into a real workspace: its people and findings are invented.
    """
    return home.parent / f"{home.name}-demo"


def open_demo_workspace(home: Path) -> Path:
    """Make the demo check in a workspace of its own beside ``home`` (once), and return its folder.

    A folder that already holds an inspection is taken as the demo made before and left as it is.
    Call from a worker: building, signing and exporting the demo takes seconds.
    """
    target = demo_home(home)
    with Workspace.open(target) as ws:
        if ws.db.execute("SELECT 1 FROM inspections LIMIT 1").fetchone() is None:
            with faults.all_or_nothing(ws):  # whole, or not at all: a full disk leaves no half
                made = build_demo(ws)
                if sign_demo(ws, made.inspection_id) is not None:
                    export_demo(ws, made.inspection_id)
    return target
