# SPDX-License-Identifier: GPL-3.0-or-later
"""Complete checks made from a seed, for reading their minutes as an official reads them.

Each check is recorded through the core's services, as an inspector's screens record it: a unit
with its working hours and staff of every kind of employment, a team, a roll call with every mark
and reason, dossiers traced step by step (some late, with or without an apology slip), findings in
several areas (praise among them, money in areas F and G), responsibilities of every level,
recommendations of several kinds, explanations, signatories. Beside the record, the generator keeps
its own account of what it made (:class:`MadeCheck`), from which a checker recomputes every figure
the minutes print without calling the app's counting functions.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from inspector.fieldwork import (
    answers,
    findings,
    inspections,
    recommendations,
    roll_call,
    signatories,
    traces,
    units,
)
from inspector.store.workspace import Workspace
from inspector.vocabulary import (
    Answer,
    AttendanceStatus,
    ReasonCode,
    RecommendationType,
    ResponsibilityLevel,
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


def make_check(ws: Workspace, seed: int, calendar: WorkCalendar) -> MadeCheck:
    """Record one complete check made from ``seed`` in ``ws``; return the generator's account.

    The check is complete: ``minutes.content.missing`` lists nothing for it.
    """
    rng = random.Random(seed)
    place, province_name = PLACES[seed % len(PLACES)]
    province = units.add_unit(
        ws,
        name=f"Bảo hiểm xã hội tỉnh {province_name} ({seed})",
        level="PROVINCIAL",
        superior_for_header="BẢO HIỂM XÃ HỘI VIỆT NAM",
        place_name=province_name,
    )
    hours = HOURS[seed % len(HOURS)]
    unit_name = f"Bảo hiểm xã hội cơ sở {place} số {seed}"
    unit = units.add_unit(
        ws,
        name=unit_name,
        level="GRASSROOTS",
        parent_id=province,
        superior_for_header=f"BẢO HIỂM XÃ HỘI TỈNH {province_name.upper()}",
        place_name=place,
        address=f"Khối {seed % 9 + 1}, xã {place}, tỉnh {province_name}",
        working_hours=hours,
    )
    day = _visit_day(rng, calendar)
    afternoon = seed % 3 == 0
    start = _clock(hours[2] if afternoon else hours[0])
    arrived = datetime.combine(day, start, tzinfo=VN) + timedelta(minutes=rng.randint(5, 50))
    taken: set[str] = set()
    # The team: a leader, members, a secretary; civil servants of the province.
    team_people = []
    team: list[tuple[str, str, TeamRole, str]] = []
    roles = [TeamRole.LEADER, *[TeamRole.MEMBER] * rng.randint(1, 2), TeamRole.SECRETARY]
    if seed % 4 == 1:
        roles.insert(1, TeamRole.DEPUTY)
    for (name, gender), role in zip(_names(rng, len(roles), taken), roles, strict=True):
        position = rng.choice(["Chuyên viên Phòng Kiểm tra", "Phó Trưởng phòng Tổ chức cán bộ"])
        pid = units.add_person(
            ws,
            full_name=name,
            unit_id=province,
            position=position,
            staff_type=StaffType.CIVIL_SERVANT.value,
            gender=gender,
        )
        team_people.append((pid, role, name, position))
        team.append((name, gender, role, position))
    purpose = rng.choice(
        [
            "Kiểm tra đột xuất việc chấp hành kỷ luật, kỷ cương hành chính",
            "kiểm tra việc thực hiện nhiệm vụ, công vụ và thực hành tiết kiệm.",
            None,
        ]
    )
    inspection_id = inspections.create_inspection(
        ws,
        decision_number=f"{seed + 10}/QĐ-BHXH",
        decision_date=day - timedelta(days=rng.randint(1, 6)),
        signer_name="Phạm Đức Thắng",
        signer_title=f"Giám đốc Bảo hiểm xã hội tỉnh {province_name}",
        issuer_unit_id=province,
        legal_basis="Công văn số 1251/BHXH-TCCB năm 2023 của Bảo hiểm xã hội Việt Nam",
        purpose=purpose,
        period_from="2026-01-01",
        period_to=day - timedelta(days=1),
        duration_days=1,
        unit_id=unit,
        location=f"Trụ sở {unit_name}",
        team=[(pid, role.value) for pid, role, _n, _p in team_people],
    )
    made = MadeCheck(seed, inspection_id, NUMBER.format(seed=seed), unit_name, hours, day, arrived)
    typed = [unit_name, place, f"Trụ sở {unit_name}", f"Khối {seed % 9 + 1}, xã {place}, tỉnh"]
    typed += [f"Bảo hiểm xã hội tỉnh {province_name} ({seed})", province_name, purpose or ""]
    typed += [f"Giám đốc Bảo hiểm xã hội tỉnh {province_name}", "Phạm Đức Thắng"]
    for text in typed:
        made.type(text)
    made.team = team
    for _pid, _role, name, position in team_people:
        made.type(name)
        made.type(position)
    inspections.arrive(ws, inspection_id, arrived)
    _roll_call(ws, rng, made, unit, taken, afternoon)
    _dossiers(ws, rng, made, calendar)
    _checklist_and_findings(ws, rng, made, unit)
    director = made.staff[0]
    for pid, _role, name, position in team_people:
        signatories.add_signatory(
            ws, inspection_id, name=name, title=position, side="TEAM", person_id=pid
        )
    signatories.add_signatory(
        ws,
        inspection_id,
        name=director.name,
        title=director.position,
        side="UNIT",
        person_id=director.person_id,
    )
    if seed % 5 == 2:
        witness = made.type("Nguyễn Văn Bình")
        title = made.type("Chủ tịch Công đoàn cơ sở")
        signatories.add_signatory(ws, inspection_id, name=str(witness), title=title, side="WITNESS")
        made.witness = (str(witness), str(title))
    end = arrived + timedelta(hours=rng.randint(2, 5), minutes=rng.randint(0, 59))
    inspections.end_visit(ws, inspection_id, end)
    made.ended = end
    return made


def _roll_call(
    ws: Workspace,
    rng: random.Random,
    made: MadeCheck,
    unit: str,
    taken: set[str],
    afternoon: bool,
) -> None:
    """The unit's staff, every kind of employment and both genders, marked in the roll call.

    Every mark and every reason code comes up across seeds; in every fourth seed one staff
    member's gender is not recorded (as staff pasted from a list often are): one who is present
    and named in the minutes only in the annexes, where no form of address is printed.
    """
    size = rng.randint(8, 16)
    people = _names(rng, size, taken)
    marks = [MARKS[(made.seed * 3 + n) % len(MARKS)] for n in range(rng.randint(3, 7))]
    marks += [(AttendanceStatus.LATE, None)] * rng.randint(0, 2)
    marks = marks[: size - 2]
    positions = [POSITIONS[(made.seed + n) % len(POSITIONS)] for n in range(size - 1)]
    for n, ((name, gender), position) in enumerate(
        zip(people, [("Giám đốc", StaffType.CIVIL_SERVANT), *positions], strict=True)
    ):
        status, reason = (
            marks[n - 2] if 2 <= n < len(marks) + 2 else (AttendanceStatus.PRESENT, None)
        )
        recorded_gender: str | None = gender
        if made.seed % 4 == 3 and n == size - 1:
            recorded_gender = None  # not recorded: present, and named nowhere with Ông or Bà
            status, reason = AttendanceStatus.PRESENT, None
        pid = units.add_person(
            ws,
            full_name=name,
            unit_id=unit,
            position=position[0],
            staff_type=position[1].value,
            gender=recorded_gender,
        )
        made.type(name)
        made.type(position[0])
        arrived = None
        if status == AttendanceStatus.LATE:
            start = _clock(made.hours[2] if afternoon else made.hours[0])
            first = datetime.combine(made.visit_day, start, tzinfo=VN)
            arrived = max(first, made.arrived) + timedelta(minutes=rng.randint(1, 140))
        note = None
        if status != AttendanceStatus.PRESENT and (reason is None or rng.random() < 0.5):
            note = _typed_end(
                rng, rng.choice(["Có đơn xin nghỉ", "Đã báo lãnh đạo", "Việc gia đình"])
            )
        roll_call.record_attendance(
            ws,
            made.inspection_id,
            pid,
            status.value,
            reason_code=reason.value if reason else None,
            arrived_at=arrived,
            note=made.type(note),
        )
        default = {
            AttendanceStatus.ON_LEAVE: ReasonCode.P,
            AttendanceStatus.BUSINESS_TRIP: ReasonCode.CT,
        }
        made.staff.append(
            Staff(
                pid,
                name,
                position[0],
                position[1],
                recorded_gender,
                status,
                reason or default.get(status),
                arrived,
                note,
            )
        )


def _dossiers(ws: Workspace, rng: random.Random, made: MadeCheck, calendar: WorkCalendar) -> None:
    """Dossiers traced step by step: some on time, some late at one step or several, some with
    a step still open at the visit; an apology slip on some late ones. In every third seed an
    incoming document and an assigned task are traced too, both late (area C's duties)."""
    count = [0, 6, 16, 9, 12][made.seed % 5] + rng.randint(0, 2) * (made.seed % 5 not in (0, 2))
    holders = [s for s in made.staff[1:]] or made.staff
    sampled = [
        ("DOSSIER", f"HS.{made.visit_day.year}.{made.seed:02d}{n:04d}", rng.choice(PROCEDURES))
        for n in range(count)
    ]
    if made.seed % 3 == 1:
        sampled.append(
            ("INCOMING_DOCUMENT", f"{made.seed + 40}/UBND-VX", "Công văn đề nghị báo cáo")
        )
        sampled.append(
            ("TASK", f"NV-{made.seed:02d}", "Báo cáo tình hình thực hiện nhiệm vụ quý I")
        )
    for n, (kind, ref, title) in enumerate(sampled):
        trace_id = traces.add_trace(
            ws, made.inspection_id, object_type=kind, object_ref=ref, title=title
        )
        made.type(ref)
        made.type(title)
        received = _working_days_before(calendar, made.visit_day, rng.randint(8, 45))
        steps: list[Step] = []
        got = received
        names = STEP_NAMES[: rng.randint(2, 4)]
        if kind != "DOSSIER":
            late_dossier = True
        elif made.seed % 5 == 2:  # 16 dossiers, 1 or 3 late: percentages end in 5 (6.25%)
            late_dossier = n < (1 if made.seed % 10 == 2 else 3)
        else:
            late_dossier = rng.random() < 0.4
        surely_late = rng.randrange(len(names))
        for k, name in enumerate(names):
            holder = rng.choice(holders)
            due = calendar.add_working_days(got, rng.randint(0, 3))
            late = (
                rng.randint(1, 6)
                if late_dossier and (k == surely_late or rng.random() < 0.4)
                else 0
            )
            done: date | None = calendar.add_working_days(due, late) if late else due
            if done and done >= made.visit_day:
                done = None if rng.random() < 0.5 else made.visit_day
            if done is None or (late and k == len(names) - 1 and rng.random() < 0.3):
                done = None  # still open at the visit: late up to the day of the check
            slip = kind == "DOSSIER" and late_dossier and rng.random() < 0.4
            traces.add_step(
                ws,
                trace_id,
                step_name=name,
                person_id=holder.person_id,
                received_on=got,
                due_on=due,
                done_on=done,
                apology_slip=slip,
            )
            made.type(name)
            steps.append(Step(name, holder.name, due, done, slip))
            if done is None:
                break
            got = done
        made.dossiers.append(Dossier(ref, title, steps, kind))


def _checklist_and_findings(ws: Workspace, rng: random.Random, made: MadeCheck, unit: str) -> None:
    """Answer every item of the scope; findings in a few areas, the others all complying."""
    items = answers.scope_items(ws, made.inspection_id)
    areas = sorted({i.area_code for i in items})
    with_findings = set(rng.sample(areas, k=min(len(areas), rng.randint(2, 4))))
    with_findings |= {"F", "G"} & set(areas) if made.seed % 2 == 0 else set()
    staff = [s for s in made.staff if s.gender]  # those the minutes may name "Ông" or "Bà"
    levels = list(ResponsibilityLevel)
    severities = [s for s in Severity if s != Severity.GOOD]
    rec_types = [t for t in RecommendationType if t != RecommendationType.PRAISE]
    made_findings: list[str] = []
    for item in items:
        area = item.area_code
        answer = Answer.COMPLIES
        note = None
        if item.is_praise:
            answer = Answer.OBSERVED if area in with_findings else Answer.NOT_OBSERVED
        elif area in with_findings and rng.random() < 0.35:
            answer = Answer.NOT_COMPLY
        elif rng.random() < 0.08:
            answer = Answer.NOT_APPLICABLE
            note = _typed_end(rng, "Không phát sinh nội dung này trong kỳ kiểm tra")
        answers.answer_item(ws, made.inspection_id, item.code, answer.value, note=made.type(note))
        if answer not in (Answer.NOT_COMPLY, Answer.OBSERVED):
            continue
        if answer == Answer.NOT_COMPLY and rng.random() < 0.1:
            continue  # a failure answered but not written up: the minutes print the item's wording
        praise = answer == Answer.OBSERVED
        severity = Severity.GOOD if praise else rng.choice(severities)
        sentences = rng.sample(SENTENCES, k=rng.randint(1, 4))
        joint = "\n" if rng.random() < 0.15 else ". "  # typed as paragraphs, one a line
        description = _typed_end(rng, joint.join(sentences)) if rng.random() < 0.9 else None
        title = _typed_end(rng, f"Nội dung {item.code}: {item.violation('vi')[:80].rstrip(' ,;.')}")
        basis = None
        if not praise and rng.random() < 0.3:
            basis = _typed_end(rng, "Điều 5 Quy chế chi tiêu nội bộ năm 2026 của đơn vị")
        norm: int | None = None
        actual: int | None = None
        excess: int | None = None
        if area in ("F", "G") and not praise:
            allowed = rng.randint(5, 80) * 500_000
            spent = allowed + rng.randint(1, 60) * 250_000
            norm, actual = allowed, spent
            excess = spent - allowed if rng.random() < 0.5 else None  # else the service derives it
            if rng.random() < 0.2:  # the norm unknown: what was spent, and how much too much
                norm, excess = None, spent - allowed
        fid = findings.add_finding(
            ws,
            made.inspection_id,
            item_code=item.code,
            title=made.type(title),
            severity=severity.value,
            description=made.type(description),
            legal_basis=made.type(basis),
            amount_norm=norm,
            amount_actual=actual,
            amount_excess=excess,
        )
        made_findings.append(fid)
        made.findings.append(
            FindingMade(
                fid,
                area,
                item.code,
                title,
                description,
                severity,
                basis,
                norm,
                actual,
                excess if norm is None else actual - norm if actual is not None else None,
            )
        )
        # Who is responsible: individuals at every level, or the unit as a collective.
        for _ in range(1 if praise else rng.randint(1, 3)):
            level = rng.choice(levels)
            who = staff[0] if level == ResponsibilityLevel.HEAD else rng.choice(staff)
            collective = not praise and rng.random() < 0.2
            findings.assign_responsibility(
                ws,
                fid,
                level=level.value,
                person_id=None if collective else who.person_id,
                unit_id=unit if collective else None,
                note=made.type(
                    _typed_end(rng, "chưa kiểm tra, đôn đốc thường xuyên")
                    if rng.random() < 0.4
                    else None
                ),
            )
        kind = RecommendationType.PRAISE if praise else rng.choice(rec_types)
        if norm is not None and rng.random() < 0.7:
            kind = RecommendationType.REFUND
        target = rng.choice(staff)
        text = {
            RecommendationType.PRAISE: f"Biểu dương {target.name}",
            RecommendationType.REFUND: "Thu hồi, nộp trả số tiền chi vượt định mức",
        }.get(kind, f"Đề nghị đơn vị thực hiện nội dung {item.code}, báo cáo kết quả")
        deadline = (
            None
            if praise or rng.random() < 0.2
            else made.visit_day + timedelta(days=rng.randint(10, 90))
        )
        recommendations.recommend(
            ws,
            made.inspection_id,
            finding_id=fid,
            type=kind.value,
            text=str(made.type(_typed_end(rng, text))),
            target_person_id=target.person_id if rng.random() < 0.5 else None,
            owner_unit_id=unit,
            deadline=deadline,
        )
        made.requests.append(Request(fid, kind, deadline))
    for fid in rng.sample(made_findings, k=min(len(made_findings), rng.randint(0, 2))):
        director = staff[0]
        recommendations.add_explanation(
            ws,
            made.inspection_id,
            finding_id=fid,
            given_by=str(made.type(f"{director.name}, Giám đốc")),
            person_id=director.person_id if rng.random() < 0.5 else None,
            text=str(made.type(_typed_end(rng, _paragraphs(rng)))),
            given_at=made.arrived + timedelta(hours=1),
        )
        made.explanations += 1
