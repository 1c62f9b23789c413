# SPDX-License-Identifier: GPL-3.0-or-later
"""The office demo's two other teams, invented like the field demo's (:mod:`inspector.demo.scene`):
the province and grassroots office each checks, their staff, the team, the decision, how long
before the demo the visit was, the roll call's marks and the findings, each with who is responsible
and recommendations whose deadlines have passed or are still to come."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from inspector.vocabulary import (
    AttendanceStatus,
    RecommendationType,
    ResponsibilityLevel,
    Severity,
    TeamRole,
)

HOURS = ("07:00", "11:30", "13:30", "17:00")


@dataclass(frozen=True)
class Advice:
    """A recommendation: its kind, text, deadline (days from the day the demo is made: below
    zero, already past) and the person it concerns, if any."""

    type: RecommendationType
    text: str
    due_in: int | None = None
    target: str | None = None
    pay_to: str | None = None


@dataclass(frozen=True)
class Found:
    """A finding of a team's check: the item it answers, what it says, who is responsible (a
    person's name, or None for the unit as a collective) and what the team recommends."""

    item: str
    title: str
    severity: Severity
    description: str
    responsible: list[tuple[ResponsibilityLevel, str | None, str | None]]
    advice: list[Advice]
    explanation: tuple[str, str] | None = None  # (given by, text)
    amounts: tuple[int, int] | None = None  # (norm, actual) in đồng
    praise: bool = False


@dataclass(frozen=True)
class TeamScene:
    """A team's check: the province and unit, their staff, the team, the decision, the visit
    (``days_ago`` before the demo is made, the nearest working day before), the roll call's marks,
    the findings, and whether the visit has ended."""

    province: dict[str, str]
    unit: dict[str, str]
    staff: list[tuple[str, str, str]]
    team: list[tuple[str, str, TeamRole, str]]
    decision_number: str
    signer: tuple[str, str]
    purpose: str
    days_ago: int
    marks: dict[str, tuple[AttendanceStatus, dict[str, Any]]]
    found: list[Found]
    ended: bool
    answered_areas: tuple[str, ...] | None = None  # None: every area of the scope

    @property
    def leader(self) -> str:
        """The team leader's name: the name the laptop's certificate carries."""
        return next(n for n, _p, role, _g in self.team if role == TeamRole.LEADER)


HA_TINH = TeamScene(
    province={
        "name": "Bảo hiểm xã hội tỉnh Hà Tĩnh",
        "name_short": "BHXH tỉnh Hà Tĩnh",
        "code": "BHXH-HT",
        "admin_unit_code": "42",
        "place_name": "Hà Tĩnh",
        "address": "Số 2 đường Hà Huy Tập, phường Thành Sen, tỉnh Hà Tĩnh",
    },
    unit={
        "name": "Bảo hiểm xã hội cơ sở Kỳ Anh",
        "name_short": "BHXH cơ sở Kỳ Anh",
        "code": "BHXH-HT-KA",
        "superior_for_header": "BẢO HIỂM XÃ HỘI TỈNH HÀ TĨNH",
        "place_name": "Kỳ Anh",
        "address": "Tổ dân phố 3, phường Sông Trí, tỉnh Hà Tĩnh",
    },
    staff=[
        ("Lê Văn Thành", "Giám đốc", "Nam"),
        ("Nguyễn Thị Hoài Thu", "Phó Giám đốc", "Nữ"),
        ("Trần Đình Phong", "Viên chức thu", "Nam"),
        ("Đinh Thị Kim Oanh", "Viên chức Bộ phận một cửa", "Nữ"),
        ("Hà Văn Quyết", "Viên chức giám định bảo hiểm y tế", "Nam"),
        ("Phan Thị Mỹ Duyên", "Kế toán", "Nữ"),
        ("Võ Đức Hiếu", "Viên chức kiểm tra", "Nam"),
        ("Lê Thị Thảo", "Văn thư", "Nữ"),
        ("Nguyễn Hữu Tài", "Viên chức cấp sổ, thẻ", "Nam"),
        ("Trương Văn Cường", "Nhân viên hợp đồng (lái xe)", "Nam"),
    ],
    team=[
        ("Trần Quốc Bảo", "Trưởng phòng Kiểm tra", TeamRole.LEADER, "Nam"),
        ("Nguyễn Thị Thanh Huyền", "Chuyên viên Phòng Kiểm tra", TeamRole.MEMBER, "Nữ"),
        ("Phạm Văn Lâm", "Chuyên viên Văn phòng", TeamRole.SECRETARY, "Nam"),
    ],
    decision_number="27/QĐ-BHXH",
    signer=("Đậu Xuân Hòa", "Giám đốc Bảo hiểm xã hội tỉnh Hà Tĩnh"),
    purpose=(
        "Kiểm tra đột xuất việc thực hiện nhiệm vụ, công vụ và công tác tiếp công dân, giải quyết"
        " đơn thư"
    ),
    days_ago=70,
    marks={
        "Trần Đình Phong": (AttendanceStatus.LATE, {"note": "Đến muộn, không báo trước"}),
        "Lê Thị Thảo": (AttendanceStatus.ON_LEAVE, {"note": "Nghỉ phép năm, đơn đã duyệt"}),
        "Nguyễn Hữu Tài": (AttendanceStatus.ABSENT_WITHOUT_REASON, {}),
    },
    found=[
        Found(
            "A1",
            "01 viên chức vắng mặt không có lý do, 01 viên chức đi muộn",
            Severity.LESS_SERIOUS,
            "Tại thời điểm điểm danh, viên chức Nguyễn Hữu Tài không có mặt, không có đơn xin"
            " nghỉ; viên chức Trần Đình Phong đến muộn 25 phút, không báo trước.",
            [
                (ResponsibilityLevel.DIRECT, "Nguyễn Hữu Tài", None),
                (ResponsibilityLevel.DIRECT, "Trần Đình Phong", None),
                (ResponsibilityLevel.HEAD, "Lê Văn Thành", "Chưa quản lý chặt chẽ giờ làm việc"),
            ],
            [
                Advice(
                    RecommendationType.REVIEW_RESPONSIBILITY,
                    "Tổ chức kiểm điểm trách nhiệm viên chức Nguyễn Hữu Tài về việc vắng mặt"
                    " không có lý do.",
                    due_in=-40,
                    target="Nguyễn Hữu Tài",
                )
            ],
        ),
        Found(
            "C2",
            "05/18 nhiệm vụ được giao trong quý hoàn thành quá hạn",
            Severity.LESS_SERIOUS,
            "Danh mục nhiệm vụ quý của đơn vị: 05 trên 18 nhiệm vụ hoàn thành quá hạn, không có"
            " văn bản báo cáo lý do, không xác định khâu chậm.",
            [
                (ResponsibilityLevel.DIRECT, "Võ Đức Hiếu", "Theo dõi, đôn đốc nhiệm vụ"),
                (ResponsibilityLevel.SUPERVISING, "Nguyễn Thị Hoài Thu", None),
            ],
            [
                Advice(
                    RecommendationType.RECTIFY,
                    "Rà soát danh mục nhiệm vụ quá hạn, cá thể hóa trách nhiệm từng khâu xử lý.",
                    due_in=-20,
                )
            ],
        ),
        Found(
            "D2",
            "03 đơn phản ánh của người lao động chưa vào sổ, quá hạn giải quyết",
            Severity.SERIOUS,
            "03 đơn phản ánh việc chậm chốt sổ bảo hiểm xã hội nhận từ tháng trước chưa được vào"
            " sổ theo dõi, chưa phân loại, đã quá thời hạn giải quyết.",
            [
                (ResponsibilityLevel.DIRECT, "Đinh Thị Kim Oanh", None),
                (ResponsibilityLevel.HEAD, "Lê Văn Thành", None),
            ],
            [
                Advice(
                    RecommendationType.RECTIFY,
                    "Giải quyết dứt điểm 03 đơn phản ánh tồn đọng, trả lời bằng văn bản cho người"
                    " lao động.",
                    due_in=25,
                ),
                Advice(
                    RecommendationType.REVIEW_RESPONSIBILITY,
                    "Kiểm điểm trách nhiệm người đứng đầu trong công tác tiếp công dân, giải"
                    " quyết đơn thư.",
                    due_in=-10,
                    target="Lê Văn Thành",
                ),
            ],
            explanation=(
                "Lê Văn Thành, Giám đốc",
                "Sau sắp xếp, bộ phận tiếp công dân thiếu người; đơn vị nhận trách nhiệm và đã"
                " giao một viên chức kiêm nhiệm theo dõi đơn thư.",
            ),
        ),
        Found(
            "E2",
            "Chưa xây dựng kế hoạch chuyển đổi vị trí công tác năm 2026",
            Severity.SHORTCOMING,
            "Đơn vị chưa ban hành kế hoạch chuyển đổi vị trí công tác đối với các vị trí tiếp xúc,"
            " giải quyết công việc với người dân.",
            [(ResponsibilityLevel.HEAD, None, "Lãnh đạo đơn vị chưa chỉ đạo xây dựng kế hoạch")],
            [
                Advice(
                    RecommendationType.LESSONS,
                    "Xây dựng, ban hành kế hoạch chuyển đổi vị trí công tác năm 2026.",
                    due_in=60,
                )
            ],
        ),
        Found(
            "F4",
            "Thanh toán công tác phí vượt định mức",
            Severity.LESS_SERIOUS,
            "Chứng từ thanh toán công tác phí đi tập huấn tại Hà Nội: tiền thuê phòng nghỉ vượt"
            " mức khoán của quy chế chi tiêu nội bộ.",
            [(ResponsibilityLevel.DIRECT, "Phan Thị Mỹ Duyên", "Lập chứng từ thanh toán")],
            [
                Advice(
                    RecommendationType.REFUND,
                    "Thu hồi, nộp trả 2.250.000 đồng công tác phí thanh toán vượt định mức.",
                    due_in=-5,
                    pay_to="tài khoản của Bảo hiểm xã hội tỉnh Hà Tĩnh tại Kho bạc Nhà nước",
                )
            ],
            amounts=(3_600_000, 5_850_000),
        ),
    ],
    ended=True,
)


THANH_HOA = TeamScene(
    province={
        "name": "Bảo hiểm xã hội tỉnh Thanh Hóa",
        "name_short": "BHXH tỉnh Thanh Hóa",
        "code": "BHXH-TH",
        "admin_unit_code": "38",
        "place_name": "Thanh Hóa",
        "address": "Số 8 đại lộ Lê Lợi, phường Hạc Thành, tỉnh Thanh Hóa",
    },
    unit={
        "name": "Bảo hiểm xã hội cơ sở Nghi Sơn",
        "name_short": "BHXH cơ sở Nghi Sơn",
        "code": "BHXH-TH-NS",
        "superior_for_header": "BẢO HIỂM XÃ HỘI TỈNH THANH HÓA",
        "place_name": "Nghi Sơn",
        "address": "Khu phố Bình Minh, phường Tĩnh Gia, tỉnh Thanh Hóa",
    },
    staff=[
        ("Mai Xuân Trường", "Giám đốc", "Nam"),
        ("Lê Thị Bích Ngọc", "Phó Giám đốc", "Nữ"),
        ("Hoàng Minh Tuấn", "Viên chức Bộ phận một cửa", "Nam"),
        ("Nguyễn Thị Phương Thảo", "Viên chức Bộ phận một cửa", "Nữ"),
        ("Đỗ Quang Vinh", "Viên chức thu", "Nam"),
        ("Vũ Thị Hạnh", "Kế toán", "Nữ"),
        ("Lường Văn Dũng", "Viên chức quản lý người tham gia", "Nam"),
        ("Cao Thị Thu Trang", "Viên chức giám định bảo hiểm y tế", "Nữ"),
        ("Trịnh Văn Hải", "Nhân viên hợp đồng (lái xe)", "Nam"),
    ],
    team=[
        ("Vũ Hoàng Long", "Phó Trưởng phòng Kiểm tra", TeamRole.LEADER, "Nam"),
        ("Đặng Thị Thu Hằng", "Chuyên viên Phòng Kiểm tra", TeamRole.MEMBER, "Nữ"),
        ("Lê Minh Châu", "Chuyên viên Phòng Tổ chức cán bộ", TeamRole.MEMBER, "Nữ"),
        ("Bùi Văn Khoa", "Chuyên viên Văn phòng", TeamRole.SECRETARY, "Nam"),
    ],
    decision_number="41/QĐ-BHXH",
    signer=("Lê Quang Hưng", "Giám đốc Bảo hiểm xã hội tỉnh Thanh Hóa"),
    purpose=(
        "Kiểm tra đột xuất việc giải quyết thủ tục hành chính tại Bộ phận một cửa và quản lý,"
        " sử dụng tài sản công"
    ),
    days_ago=12,
    marks={
        "Đỗ Quang Vinh": (AttendanceStatus.BUSINESS_TRIP, {"note": "Đi thu nợ tại doanh nghiệp"}),
        "Vũ Thị Hạnh": (AttendanceStatus.ABSENT_WITH_REASON, {"reason_code": "Ô"}),
    },
    found=[
        Found(
            "B8",
            "Có biểu hiện hướng dẫn người dân nộp hồ sơ qua người trung gian",
            Severity.SERIOUS,
            "Phỏng vấn 06 người dân tại Bộ phận một cửa: 02 người được hướng dẫn nộp hồ sơ cấp lại"
            " sổ qua người trung gian, có trả phí ngoài quy định.",
            [
                (ResponsibilityLevel.DIRECT, "Hoàng Minh Tuấn", None),
                (ResponsibilityLevel.SUPERVISING, "Lê Thị Bích Ngọc", "Phụ trách Bộ phận một cửa"),
            ],
            [
                Advice(
                    RecommendationType.REVIEW_RESPONSIBILITY,
                    "Làm rõ trách nhiệm viên chức Hoàng Minh Tuấn, báo cáo Bảo hiểm xã hội tỉnh.",
                    due_in=20,
                    target="Hoàng Minh Tuấn",
                ),
                Advice(
                    RecommendationType.REASSIGN,
                    "Điều chuyển viên chức Hoàng Minh Tuấn khỏi Bộ phận một cửa trong thời gian"
                    " xác minh.",
                    due_in=5,
                    target="Hoàng Minh Tuấn",
                ),
            ],
        ),
        Found(
            "B1",
            "Niêm yết thủ tục hành chính chưa cập nhật theo mô hình tổ chức mới",
            Severity.OBSERVATION,
            "Bảng niêm yết tại Bộ phận một cửa còn tên đơn vị cũ, thiếu 03 thủ tục mới ban hành.",
            [(ResponsibilityLevel.HEAD, None, None)],
            [
                Advice(
                    RecommendationType.LESSONS,
                    "Cập nhật bảng niêm yết thủ tục hành chính.",
                    due_in=-3,
                )
            ],
        ),
        Found(
            "G2",
            "Xe ô tô công không có nhật trình, quyết toán nhiên liệu theo ước tính",
            Severity.LESS_SERIOUS,
            "Xe ô tô phục vụ công tác chung không ghi nhật trình từ tháng 7; nhiên liệu được"
            " quyết toán theo ước tính, không có căn cứ số km thực tế.",
            [
                (ResponsibilityLevel.DIRECT, "Trịnh Văn Hải", None),
                (ResponsibilityLevel.HEAD, "Mai Xuân Trường", None),
            ],
            [
                Advice(
                    RecommendationType.RECTIFY,
                    "Lập nhật trình xe, quyết toán lại nhiên liệu theo số km thực tế.",
                    due_in=40,
                )
            ],
        ),
        Found(
            "D3",
            "Phản ánh qua đường dây nóng được trả lời chậm",
            Severity.SHORTCOMING,
            "04 phản ánh qua đường dây nóng về cấp thẻ bảo hiểm y tế được trả lời sau 10 ngày.",
            [(ResponsibilityLevel.DIRECT, "Nguyễn Thị Phương Thảo", None)],
            [
                Advice(
                    RecommendationType.LESSONS,
                    "Trả lời phản ánh qua đường dây nóng trong thời hạn quy định.",
                    due_in=15,
                )
            ],
        ),
        Found(
            "C8",
            "Chủ động rà soát, phát hiện 12 thẻ bảo hiểm y tế cấp trùng",
            Severity.GOOD,
            "Viên chức Cao Thị Thu Trang chủ động đối chiếu dữ liệu, phát hiện và thu hồi 12 thẻ"
            " bảo hiểm y tế cấp trùng, tránh thất thoát quỹ.",
            [(ResponsibilityLevel.DIRECT, "Cao Thị Thu Trang", None)],
            [
                Advice(
                    RecommendationType.PRAISE,
                    "Biểu dương viên chức Cao Thị Thu Trang.",
                    target="Cao Thị Thu Trang",
                )
            ],
            praise=True,
        ),
    ],
    ended=False,
    answered_areas=("A", "B", "C", "D", "G"),
)

SCENES = (HA_TINH, THANH_HOA)
