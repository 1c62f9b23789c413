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
from datetime import datetime, timedelta

from inspector.fieldwork import (
    inspections,
    signatories,
    units,
)
from inspector.store.workspace import Workspace
from inspector.vocabulary import (
    StaffType,
    TeamRole,
)
from inspector.workdays import WorkCalendar
from tests.minutes_world_made import (
    HOURS,
    NUMBER,
    PLACES,
    VN,
    Dossier,
    FindingMade,
    MadeCheck,
    Staff,
    _clock,
    _names,
    _visit_day,
)
from tests.minutes_world_parts import _checklist_and_findings, _dossiers, _roll_call

# what the checker uses from here, defined in the account
__all__ = ["VN", "Dossier", "FindingMade", "MadeCheck", "Staff", "make_check"]


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
