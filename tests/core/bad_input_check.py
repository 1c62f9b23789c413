# SPDX-License-Identifier: GPL-3.0-or-later
"""Bad input to the registers and to the check itself (decision, visit, roll call, checklist): each
case is a call, the error it raises and the words of its English message."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from inspector.errors import InspectorError, NotFoundError, ValidationError
from inspector.fieldwork import (
    answers,
    inspections,
    roll_call,
    signatories,
    units,
)

NOPE = "00000000-0000-4000-8000-000000000000"
Ctx = dict[str, Any]


def _unreadable(c: Ctx) -> Path:
    if os.name == "posix" and os.geteuid() != 0:
        path = c["tmp"] / "locked.jpg"
        path.write_bytes(b"x")
        path.chmod(0)
        return path
    if Path("/proc/self/mem").exists():  # root reads any file: this one fails on read
        return Path("/proc/self/mem")
    pytest.skip("no way to make an unreadable file here")


def add_inspection(c: Ctx, **over: Any) -> None:
    args = dict(
        decision_number="02/QĐ-BHXH",
        decision_date="2026-03-02",
        signer_name="A",
        legal_basis="B",
        unit_id=c["unit"],
    )
    inspections.create_inspection(c["ws"], **{**args, **over})


CHECK_CASES: list[tuple[str, Callable[[Ctx], Any], type[InspectorError], str]] = [
    # registers
    (
        "unit without name",
        lambda c: units.add_unit(c["ws"], name="  ", level="GRASSROOTS"),
        ValidationError,
        "Unit name is required",
    ),
    (
        "unit name None",
        lambda c: units.add_unit(c["ws"], name=None, level="GRASSROOTS"),
        ValidationError,
        "Unit name is required",
    ),
    (
        "unit level unknown",
        lambda c: units.add_unit(c["ws"], name="X", level="DISTRICT"),
        ValidationError,
        "not a valid unit level",
    ),
    (
        "unit ends before it starts",
        lambda c: units.add_unit(
            c["ws"], name="X", level="GRASSROOTS", valid_from="2025-07-01", valid_to="2025-06-30"
        ),
        ValidationError,
        "Valid to cannot be before Valid from",
    ),
    (
        "unit parent unknown",
        lambda c: units.add_unit(c["ws"], name="X", level="GRASSROOTS", parent_id=NOPE),
        NotFoundError,
        "does not exist",
    ),
    (
        "unit predecessor unknown",
        lambda c: units.add_unit(c["ws"], name="X", level="GRASSROOTS", predecessor_ids=[NOPE]),
        NotFoundError,
        "does not exist",
    ),
    (
        "person without name",
        lambda c: units.add_person(c["ws"], full_name="", unit_id=c["unit"]),
        ValidationError,
        "Full name is required",
    ),
    (
        "person in unknown unit",
        lambda c: units.add_person(c["ws"], full_name="A", unit_id=NOPE),
        NotFoundError,
        "does not exist",
    ),
    (
        "person staff type unknown",
        lambda c: units.add_person(c["ws"], full_name="A", unit_id=c["unit"], staff_type="BOSS"),
        ValidationError,
        "not a valid staff type",
    ),
    (
        "person born in the future",
        lambda c: units.add_person(
            c["ws"], full_name="A", unit_id=c["unit"], date_of_birth="2999-01-01"
        ),
        ValidationError,
        "cannot be in the future",
    ),
    (
        "person birth date malformed",
        lambda c: units.add_person(
            c["ws"], full_name="A", unit_id=c["unit"], date_of_birth="31/02/1990"
        ),
        ValidationError,
        "is not a date",
    ),
    # the decision and the visit
    (
        "decision without number",
        lambda c: add_inspection(c, decision_number=""),
        ValidationError,
        "Decision number is required",
    ),
    (
        "decision date malformed",
        lambda c: add_inspection(c, decision_date="hôm qua"),
        ValidationError,
        "is not a date",
    ),
    (
        "decision without legal basis",
        lambda c: add_inspection(c, legal_basis=None),
        ValidationError,
        "Legal basis is required",
    ),
    (
        "decision without signer",
        lambda c: add_inspection(c, signer_name=" "),
        ValidationError,
        "Signer of the decision is required",
    ),
    (
        "inspection of unknown unit",
        lambda c: add_inspection(c, unit_id=NOPE),
        NotFoundError,
        "does not exist",
    ),
    (
        "period ends before it starts",
        lambda c: add_inspection(c, period_from="2026-02-01", period_to="2026-01-01"),
        ValidationError,
        "Period to cannot be before Period from",
    ),
    ("unknown area", lambda c: add_inspection(c, areas=["A", "Z"]), ValidationError, "no area Z"),
    ("empty scope", lambda c: add_inspection(c, areas=[]), ValidationError, "no area"),
    (
        "unknown team member",
        lambda c: add_inspection(c, team=[(NOPE, "LEADER")]),
        NotFoundError,
        "does not exist",
    ),
    (
        "unknown team role",
        lambda c: add_inspection(c, team=[(c["leader"], "CAPTAIN")]),
        ValidationError,
        "not a valid team role",
    ),
    (
        "two leaders",
        lambda c: add_inspection(c, team=[(c["leader"], "LEADER"), (c["staff"], "LEADER")]),
        ValidationError,
        "one leader",
    ),
    ("zero duration", lambda c: add_inspection(c, duration_days=0), ValidationError, "at least 1"),
    (
        "team member twice",
        lambda c: inspections.add_team_member(c["ws"], c["inspection"], c["leader"], "MEMBER"),
        ValidationError,
        "already on the team",
    ),
    (
        "team member of unknown inspection",
        lambda c: inspections.add_team_member(c["ws"], NOPE, c["leader"], "MEMBER"),
        NotFoundError,
        "Inspection",
    ),
    (
        "arrive twice",
        lambda c: inspections.arrive(c["ws"], c["inspection"]),
        ValidationError,
        "already recorded",
    ),
    (
        "arrive at unknown inspection",
        lambda c: inspections.arrive(c["ws"], NOPE),
        NotFoundError,
        "Inspection",
    ),
    (
        "arrival time malformed",
        lambda c: inspections.arrive(c["ws"], c["inspection"], "sáng nay"),
        ValidationError,
        "is not a date and time",
    ),
    (
        "end before start",
        lambda c: inspections.end_visit(c["ws"], c["inspection"], "2026-03-05T07:00:00+07:00"),
        ValidationError,
        "End time cannot be before Arrival time",
    ),
    # roll call
    (
        "unknown mark",
        lambda c: roll_call.record_attendance(c["ws"], c["inspection"], c["staff"], "SLEEPING"),
        ValidationError,
        "not a valid attendance mark",
    ),
    (
        "mark for unknown person",
        lambda c: roll_call.record_attendance(c["ws"], c["inspection"], NOPE, "PRESENT"),
        NotFoundError,
        "does not exist",
    ),
    (
        "unknown reason code",
        lambda c: roll_call.record_attendance(
            c["ws"], c["inspection"], c["staff"], "ABSENT_WITH_REASON", reason_code="ZZ"
        ),
        ValidationError,
        "not a valid reason code",
    ),
    (
        "absence with reason but none given",
        lambda c: roll_call.record_attendance(
            c["ws"], c["inspection"], c["staff"], "ABSENT_WITH_REASON"
        ),
        ValidationError,
        "reason code or a note",
    ),
    (
        "arrival time for a present person",
        lambda c: roll_call.record_attendance(
            c["ws"], c["inspection"], c["staff"], "PRESENT", arrived_at="2026-03-05T08:00:00+07:00"
        ),
        ValidationError,
        "only for a late arrival",
    ),
    # checklist
    (
        "unknown answer",
        lambda c: answers.answer_item(c["ws"], c["inspection"], "A1", "MAYBE"),
        ValidationError,
        "not a valid answer",
    ),
    (
        "unknown item",
        lambda c: answers.answer_item(c["ws"], c["inspection"], "Q9", "COMPLIES"),
        NotFoundError,
        "no item Q9",
    ),
    (
        "empty item code",
        lambda c: answers.answer_item(c["ws"], c["inspection"], "", "COMPLIES"),
        ValidationError,
        "Checklist item is required",
    ),
    (
        "answer for unknown inspection",
        lambda c: answers.answer_item(c["ws"], NOPE, "A1", "COMPLIES"),
        NotFoundError,
        "Inspection",
    ),
    (
        "signatory without name",
        lambda c: signatories.add_signatory(c["ws"], c["inspection"], name="", side="TEAM"),
        ValidationError,
        "Signatory name is required",
    ),
    (
        "signatory side unknown",
        lambda c: signatories.add_signatory(c["ws"], c["inspection"], name="A", side="REFEREE"),
        ValidationError,
        "not a valid signatory side",
    ),
]
