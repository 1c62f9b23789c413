# SPDX-License-Identifier: GPL-3.0-or-later
"""The office demo's two other teams' checks (:mod:`inspector.demo.teams_scene`) recorded on a
team's laptop through the same services an inspector's screen uses: the visit some weeks or some
days before the demo is made, one ended and one still under way."""

from __future__ import annotations

from datetime import date, timedelta

from inspector.demo.build import _person, _unit
from inspector.demo.scene import at_time
from inspector.demo.teams_scene import HOURS, Found, TeamScene
from inspector.fieldwork import (
    answers,
    findings,
    inspections,
    recommendations,
    roll_call,
    signatories,
)
from inspector.store.workspace import Workspace
from inspector.vocabulary import (
    Answer,
    AttendanceStatus,
    FindingKind,
    RecommendationType,
    SignatorySide,
    StaffType,
)


def visit_day(ws: Workspace, days_ago: int, today: date) -> date:
    """The working day ``days_ago`` days before ``today``, or the nearest before it."""
    day = today - timedelta(days=days_ago)
    while not ws.calendar.is_working_day(day):
        day -= timedelta(days=1)
    return day


def record_team_check(ws: Workspace, scene: TeamScene, today: date) -> str:
    """Record ``scene``'s check in ``ws`` (a team's laptop); return the inspection's id.

    Units and people already in the register under the same names are reused.
    """
    central = _unit(ws, name="Bảo hiểm xã hội Việt Nam", level="CENTRAL", code="BHXH")
    province = _unit(
        ws,
        **scene.province,
        level="PROVINCIAL",
        parent_id=central,
        superior_for_header="BẢO HIỂM XÃ HỘI VIỆT NAM",
        valid_from="2025-07-01",
    )
    unit = _unit(
        ws,
        **scene.unit,
        level="GRASSROOTS",
        parent_id=province,
        valid_from="2025-07-01",
        working_hours=HOURS,
    )
    people: dict[str, str] = {}
    for name, position, gender in scene.staff:
        kind = StaffType.CONTRACT if "hợp đồng" in position else StaffType.PUBLIC_EMPLOYEE
        people[name] = _person(
            ws, full_name=name, unit_id=unit, position=position, gender=gender, staff_type=kind
        )
    team = []
    for name, position, role, gender in scene.team:
        people[name] = _person(
            ws,
            full_name=name,
            unit_id=province,
            position=position,
            gender=gender,
            staff_type=StaffType.CIVIL_SERVANT,
        )
        team.append((people[name], role.value))
    day = visit_day(ws, scene.days_ago, today)
    inspection_id = inspections.create_inspection(
        ws,
        decision_number=scene.decision_number,
        decision_date=day - timedelta(days=2),
        signer_name=scene.signer[0],
        signer_title=scene.signer[1],
        issuer_unit_id=province,
        legal_basis=(
            "Công văn số 1251/BHXH-TCCB năm 2023 của Bảo hiểm xã hội Việt Nam về tăng cường kỷ luật,"
            " kỷ cương hành chính"
        ),
        purpose=scene.purpose,
        period_from=day - timedelta(days=180),
        period_to=day - timedelta(days=1),
        duration_days=1,
        unit_id=unit,
        location=f"Trụ sở {scene.unit['name']}",
        team=team,
    )
    inspections.arrive(ws, inspection_id, at_time(7, 15, day))
    for name, _position, _gender in scene.staff:
        status, extra = scene.marks.get(name, (AttendanceStatus.PRESENT, {}))
        if status == AttendanceStatus.LATE:
            extra = {**extra, "arrived_at": at_time(7, 40, day)}
        roll_call.record_attendance(ws, inspection_id, people[name], status.value, **extra)
    _answer(ws, inspection_id, scene)
    for found in scene.found:
        _record_finding(ws, inspection_id, unit, people, found, day, today)
    if scene.ended:
        for name, position, _role, _gender in scene.team:
            signatories.add_signatory(
                ws, inspection_id, name=name, title=position, side="TEAM", person_id=people[name]
            )
        director = scene.staff[0][0]
        signatories.add_signatory(
            ws,
            inspection_id,
            name=director,
            title=scene.staff[0][1],
            side=SignatorySide.UNIT.value,
            person_id=people[director],
        )
        inspections.end_visit(ws, inspection_id, at_time(16, 15, day))
    return inspection_id


def _answer(ws: Workspace, inspection_id: str, scene: TeamScene) -> None:
    """Answer the checklist: the items with a finding do not comply (or, praised, are observed);
    the others of the areas answered so far comply."""
    failing = {f.item for f in scene.found if not f.praise}
    praised = {f.item for f in scene.found if f.praise}
    for item in answers.scope_items(ws, inspection_id):
        if scene.answered_areas is not None and item.area_code not in scene.answered_areas:
            continue
        if item.is_praise:
            answer = Answer.OBSERVED if item.code in praised else Answer.NOT_OBSERVED
        else:
            answer = Answer.NOT_COMPLY if item.code in failing else Answer.COMPLIES
        answers.answer_item(ws, inspection_id, item.code, answer.value)


def _record_finding(
    ws: Workspace,
    inspection_id: str,
    unit: str,
    people: dict[str, str],
    found: Found,
    day: date,
    today: date,
) -> None:
    """Record one finding with its responsibility, recommendations and explanation."""
    norm, actual = found.amounts or (None, None)
    finding_id = findings.add_finding(
        ws,
        inspection_id,
        item_code=found.item,
        title=found.title,
        severity=found.severity.value,
        description=found.description,
        kind=FindingKind.GOOD_PRACTICE.value if found.praise else None,
        amount_norm=norm,
        amount_actual=actual,
    )
    for level, name, note in found.responsible:
        if name is None:
            findings.assign_responsibility(
                ws, finding_id, level=level.value, unit_id=unit, note=note
            )
        else:
            findings.assign_responsibility(
                ws, finding_id, level=level.value, person_id=people[name], note=note
            )
    for advice in found.advice:
        recommendations.recommend(
            ws,
            inspection_id,
            finding_id=finding_id,
            type=advice.type.value,
            text=advice.text,
            deadline=today + timedelta(days=advice.due_in) if advice.due_in is not None else None,
            target_person_id=people[advice.target] if advice.target else None,
            owner_unit_id=None if advice.type == RecommendationType.PRAISE else unit,
            pay_to=advice.pay_to,
        )
    if found.explanation is not None:
        given_by, text = found.explanation
        recommendations.add_explanation(
            ws,
            inspection_id,
            finding_id=finding_id,
            given_by=given_by,
            person_id=people[given_by.split(",")[0]],
            text=text,
            given_at=at_time(10, 30, day),
        )
