# SPDX-License-Identifier: GPL-3.0-or-later
"""The demo check's findings, as an inspector records them after the roll call, the dossiers and
the checklist: evidence collected, each finding with its responsibility, recommendations and
explanations, then who signs, and the end of the visit."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from inspector.demo.scene import STAFF, TEAM, DemoResult, at_time, make_png, write_csv
from inspector.fieldwork import (
    evidence,
    findings,
    inspections,
    recommendations,
    signatories,
)
from inspector.store.workspace import Workspace
from inspector.vocabulary import (
    FindingKind,
    RecommendationType,
    ResponsibilityLevel,
    Severity,
    SignatorySide,
)


def record_findings(
    ws: Workspace,
    *,
    inspection_id: str,
    unit: str,
    people: dict[str, str],
    result: DemoResult,
    workdir: Path,
    seed: int,
    director: str,
    approver: str,
    one_stop: list[str],
    slow_reviewer: str,
    praised: str,
    absent_no_reason: str,
    on_leave: str,
    trip: str,
    sick: str,
    badge_missing: list[str],
    extract_rows: list[list[object]],
    kind_of: Callable[[str], str],
) -> None:
    """Collect the evidence and record the findings, signatories and the end of the visit."""
    # Evidence files, made the way an inspector would collect them.
    timesheet = workdir / "bang-cham-cong-05-03-2026.csv"
    write_csv(
        timesheet,
        ["Họ và tên", "Chức vụ", "Ký hiệu chấm công 05/03"],
        [
            [n, p, {absent_no_reason: "", on_leave: "P", trip: "CT", sick: "Ô"}.get(n, "+")]
            for n, p, _g in STAFF
        ],
    )
    extract = workdir / "trich-xuat-phan-mem-mot-cua.csv"
    write_csv(
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
    write_csv(
        vouchers,
        ["Số chứng từ", "Ngày", "Nội dung", "Số tiền (đồng)", "Định mức (đồng)"],
        [
            ["PC-0112", "16/01/2026", "Thuê hội trường nhà hàng Sen Vàng", 18_500_000, 6_000_000],
            ["PC-0113", "16/01/2026", "Tiệc tổng kết 45 người", 22_500_000, 22_500_000],
            ["PC-0114", "16/01/2026", "Hoa, khánh tiết, băng rôn", 4_300_000, 4_300_000],
        ],
    )
    premises = workdir / "anh-tru-so-bhxh-huyen-cu.png"
    make_png(premises, seed=seed)
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
            captured_at=at_time(hour, minute),
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
        given_at=at_time(10, 30),
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
        captured_at=at_time(10, 45),
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
    inspections.end_visit(ws, inspection_id, at_time(16, 30))
