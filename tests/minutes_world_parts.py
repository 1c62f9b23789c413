# SPDX-License-Identifier: GPL-3.0-or-later
"""Recording the parts of a generated check through the core's services, as an inspector's
screens record them: the roll call, the traced dossiers, the checklist with its findings,
responsibilities, recommendations and explanations; each noted in the generator's account."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from inspector.fieldwork import (
    answers,
    findings,
    recommendations,
    roll_call,
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
)
from inspector.workdays import WorkCalendar
from tests.minutes_world_made import (
    MARKS,
    POSITIONS,
    PROCEDURES,
    SENTENCES,
    STEP_NAMES,
    VN,
    Dossier,
    FindingMade,
    MadeCheck,
    Request,
    Staff,
    Step,
    _clock,
    _names,
    _paragraphs,
    _typed_end,
    _working_days_before,
)


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
