# SPDX-License-Identifier: GPL-3.0-or-later
"""A realistic demo: one surprise check of a grassroots social-security office, fully recorded.

Everything here is invented for demonstration (people, dossiers, amounts); it goes through the same
services an inspector's screen uses, so the demo is also an end-to-end exercise of them.
"""

from __future__ import annotations

import random
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from inspector.demo.findings import record_findings
from inspector.demo.scene import (
    PROCEDURES,
    STAFF,
    TEAM,
    VISIT_DAY,
    DemoResult,
    at_time,
)
from inspector.fieldwork import (
    answers,
    checklists,
    inspections,
    roll_call,
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
)


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
    inspections.arrive(ws, inspection_id, at_time(7, 10))

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
                "arrived_at": at_time(7, 52),
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

    record_findings(
        ws,
        inspection_id=inspection_id,
        unit=unit,
        people=people,
        result=result,
        workdir=workdir,
        seed=seed,
        director=director,
        approver=approver,
        one_stop=one_stop,
        slow_reviewer=slow_reviewer,
        praised=praised,
        absent_no_reason=absent_no_reason,
        on_leave=on_leave,
        trip=trip,
        sick=sick,
        badge_missing=badge_missing,
        extract_rows=extract_rows,
        kind_of=kind_of,
    )


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
