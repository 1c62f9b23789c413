# SPDX-License-Identifier: GPL-3.0-or-later
"""The generator's own account of a check it records (:class:`MadeCheck`: staff, dossiers and
their steps, findings, requests, everything typed), and the names, places, hours, positions and
sentences it draws from."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from inspector.vocabulary import (
    AttendanceStatus,
    ReasonCode,
    RecommendationType,
    Severity,
    StaffType,
    TeamRole,
)
from inspector.workdays import WorkCalendar

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NUMBER = "{seed:02d}/BB-ĐKT"

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi"]
FAMILY += ["Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Lương", "Trịnh", "Tạ", "Kiều", "Chu"]
MIDDLE = {"Nam": ["Văn", "Đức", "Minh", "Quốc", "Xuân", "Đình", "Hữu", "Công"]}
MIDDLE["Nữ"] = ["Thị", "Thị Thu", "Thị Ngọc", "Thị Hồng", "Thị Diệu", "Thị Thanh", "Thị Kim"]
GIVEN = {"Nam": ["Hùng", "Tuấn", "Dũng", "Khánh", "Sơn", "Bách", "Nghĩa", "Lực", "Toản", "Tú"]}
GIVEN["Nữ"] = ["Mai", "Lan", "Hà", "Linh", "Nhung", "Ánh", "Yến", "Giang", "Hương", "Thảo"]
PLACES = [
    ("Diễn Châu", "Nghệ An"),
    ("Yên Thành", "Nghệ An"),
    ("Hương Khê", "Hà Tĩnh"),
    ("Can Lộc", "Hà Tĩnh"),
    ("Quảng Trạch", "Quảng Bình"),
    ("Triệu Phong", "Quảng Trị"),
    ("Thọ Xuân", "Thanh Hóa"),
    ("Nga Sơn", "Thanh Hóa"),
]
HOURS = [
    ("07:00", "11:30", "13:30", "17:00"),
    ("07:30", "11:30", "13:00", "16:30"),
    ("08:00", "12:00", "13:30", "17:30"),
    ("07:15", "11:45", "13:15", "16:45"),
]
POSITIONS = [
    ("Viên chức thẩm định chế độ", StaffType.PUBLIC_EMPLOYEE),
    ("Viên chức Bộ phận một cửa", StaffType.PUBLIC_EMPLOYEE),
    ("Kế toán", StaffType.PUBLIC_EMPLOYEE),
    ("Viên chức thu", StaffType.PUBLIC_EMPLOYEE),
    ("Viên chức cấp sổ, thẻ", StaffType.PUBLIC_EMPLOYEE),
    ("Chuyên viên tổng hợp", StaffType.CIVIL_SERVANT),
    ("Chuyên viên quản lý thu", StaffType.CIVIL_SERVANT),
    ("Văn thư", StaffType.PUBLIC_EMPLOYEE),
    ("Nhân viên hợp đồng (bảo vệ)", StaffType.CONTRACT),
    ("Nhân viên hợp đồng (lái xe)", StaffType.CONTRACT),
    ("Nhân viên phục vụ", StaffType.CONTRACT),
]
STEP_NAMES = ["Tiếp nhận hồ sơ", "Thẩm định", "Phê duyệt", "Trả kết quả"]
PROCEDURES = [
    "Giải quyết hưởng chế độ thai sản",
    "Giải quyết hưởng chế độ ốm đau",
    "Cấp lại sổ bảo hiểm xã hội do mất, hỏng",
    "Giải quyết hưởng trợ cấp một lần",
    "Đăng ký tham gia bảo hiểm xã hội tự nguyện",
]
# Sentences an inspector types; a description is made of a few, and ends as people end them.
SENTENCES = [
    "Qua kiểm tra hồ sơ, sổ sách và làm việc trực tiếp với viên chức phụ trách, Đoàn kiểm tra"
    " xác định đơn vị chưa thực hiện đầy đủ quy trình theo quy định",
    "Việc theo dõi, đôn đốc của lãnh đạo đơn vị chưa thường xuyên, chưa có biện pháp chấn chỉnh"
    " kịp thời đối với các trường hợp chậm trễ",
    "Đơn vị đã cung cấp bản sao chứng từ, bảng kê và giải trình bằng văn bản; các tài liệu được"
    " Đoàn kiểm tra lưu kèm hồ sơ kiểm tra",
    "Nguyên nhân chủ yếu do thiếu nhân sự ở bộ phận chuyên môn sau khi sắp xếp tổ chức bộ máy",
    "Tại thời điểm kiểm tra, đơn vị chưa khắc phục và chưa báo cáo cấp trên",
]
NOTE_ENDS = ["", ".", " .", ";", " ;", ",", ":", "..", "...", "…", "!", "?", ". "]


@dataclass
class Staff:
    """One staff member of the unit as the roll call marked them."""

    person_id: str
    name: str
    position: str
    staff_type: StaffType
    gender: str | None
    status: AttendanceStatus
    reason: ReasonCode | None = None
    arrived: datetime | None = None
    note: str | None = None


@dataclass
class Step:
    """One processing step of a traced dossier."""

    name: str
    holder: str
    due: date
    done: date | None
    slip: bool


@dataclass
class Dossier:
    """A traced dossier and its steps."""

    ref: str
    title: str
    steps: list[Step]
    kind: str = "DOSSIER"  # or an incoming document, a task (traced the same way)


@dataclass
class FindingMade:
    """A finding as typed, and what the generator expects the minutes to cite."""

    finding_id: str
    area: str
    item_code: str | None
    title: str
    description: str | None
    severity: Severity
    legal_basis: str | None  # typed; None takes the item's
    norm: int | None = None
    actual: int | None = None
    excess: int | None = None

    @property
    def praise(self) -> bool:
        """Whether the finding is good practice (severity 0)."""
        return self.severity == Severity.GOOD


@dataclass
class Request:
    """A recommendation as recorded: the finding it follows, its kind and deadline."""

    finding_id: str
    kind: RecommendationType
    deadline: date | None


@dataclass
class MadeCheck:
    """What the generator recorded for one check, in its own terms."""

    seed: int
    inspection_id: str
    number: str
    unit_name: str
    hours: tuple[str, str, str, str]
    visit_day: date
    arrived: datetime
    staff: list[Staff] = field(default_factory=list)
    dossiers: list[Dossier] = field(default_factory=list)
    findings: list[FindingMade] = field(default_factory=list)
    requests: list[Request] = field(default_factory=list)
    typed: list[str] = field(default_factory=list)  # every text the generator typed
    team: list[tuple[str, str, TeamRole, str]] = field(default_factory=list)  # name, gender, …
    witness: tuple[str, str] | None = None  # name, title
    explanations: int = 0
    ended: datetime | None = None

    def type(self, text: str | None) -> str | None:
        """Note a typed text (kept as typed in the English edition), and return it."""
        if text:
            self.typed.append(text)
        return text


def _clock(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def _names(rng: random.Random, count: int, taken: set[str]) -> list[tuple[str, str]]:
    """``count`` distinct (full name, gender) pairs not in ``taken``."""
    made: list[tuple[str, str]] = []
    while len(made) < count:
        gender = rng.choice(["Nam", "Nữ"])
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE[gender])} {rng.choice(GIVEN[gender])}"
        if name not in taken:
            taken.add(name)
            made.append((name, gender))
    return made


def _typed_end(rng: random.Random, text: str) -> str:
    """A text ended as people end what they type: with a full stop or not, or worse."""
    return text + rng.choice(NOTE_ENDS)


def _paragraphs(rng: random.Random) -> str:
    """An explanation as the unit writes it: a sentence or two, sometimes a paragraph a line."""
    sentences = rng.sample(SENTENCES, k=rng.randint(1, 2))
    return ("\n" if rng.random() < 0.3 else ". ").join(sentences)


def _visit_day(rng: random.Random, calendar: WorkCalendar) -> date:
    day = date(2026, 2, 23) + timedelta(days=rng.randint(0, 250))
    while not calendar.is_working_day(day):
        day += timedelta(days=1)
    return day


def _working_days_before(calendar: WorkCalendar, day: date, count: int) -> date:
    """The working day ``count`` working days before ``day``."""
    while count > 0:
        day -= timedelta(days=1)
        if calendar.is_working_day(day):
            count -= 1
    return day


# The marks a roll call can give, each with the reason codes it may carry (None: no code).
MARKS: list[tuple[AttendanceStatus, ReasonCode | None]] = [
    (AttendanceStatus.ON_LEAVE, None),
    (AttendanceStatus.ON_LEAVE, ReasonCode.P),
    (AttendanceStatus.ON_LEAVE, ReasonCode.NB),
    (AttendanceStatus.BUSINESS_TRIP, None),
    (AttendanceStatus.BUSINESS_TRIP, ReasonCode.H),
    *[(AttendanceStatus.ABSENT_WITH_REASON, code) for code in ReasonCode],
    (AttendanceStatus.ABSENT_WITH_REASON, None),  # a note alone gives the reason
    (AttendanceStatus.ABSENT_WITHOUT_REASON, None),
    (AttendanceStatus.LATE, None),
]
