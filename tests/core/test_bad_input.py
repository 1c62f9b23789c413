# SPDX-License-Identifier: GPL-3.0-or-later
"""Every service call, fed bad input, raises one of our errors with a message in both languages and
leaves the database exactly as it was."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from inspector.errors import InspectorError, NotFoundError, ValidationError
from inspector.fieldwork import (
    answers,
    evidence,
    findings,
    inspections,
    recommendations,
    roll_call,
    signatories,
    traces,
    units,
)
from inspector.store.workspace import Workspace
from tests.conftest import snapshot

NOPE = "00000000-0000-4000-8000-000000000000"
Ctx = dict[str, Any]


@pytest.fixture
def ctx(ws: Workspace, check: dict[str, str], tmp_path: Path) -> Ctx:
    finding = findings.add_finding(
        ws, check["inspection"], title="Vắng mặt", severity="3", item_code="A1"
    )
    trace = traces.add_trace(ws, check["inspection"], object_type="DOSSIER", object_ref="HS.1")
    rec = recommendations.recommend(ws, check["inspection"], type="RECTIFY", text="Chấn chỉnh")
    photo = tmp_path / "anh.jpg"
    photo.write_bytes(b"\xff\xd8 not much of a photo")
    return {
        "ws": ws,
        **check,
        "finding": finding,
        "trace": trace,
        "rec": rec,
        "photo": photo,
        "tmp": tmp_path,
    }


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


CASES: list[tuple[str, Callable[[Ctx], Any], type[InspectorError], str]] = [
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
    # findings
    (
        "finding without title",
        lambda c: findings.add_finding(c["ws"], c["inspection"], title="", severity="2"),
        ValidationError,
        "Finding title is required",
    ),
    (
        "unknown severity",
        lambda c: findings.add_finding(c["ws"], c["inspection"], title="A", severity="7"),
        ValidationError,
        "not a valid severity",
    ),
    (
        "missing severity",
        lambda c: findings.add_finding(c["ws"], c["inspection"], title="A", severity=None),
        ValidationError,
        "severity is required",
    ),
    (
        "unknown finding kind",
        lambda c: findings.add_finding(
            c["ws"], c["inspection"], title="A", severity="2", kind="GOSSIP"
        ),
        ValidationError,
        "not a valid finding kind",
    ),
    (
        "finding on unknown item",
        lambda c: findings.add_finding(
            c["ws"], c["inspection"], title="A", severity="2", item_code="Z1"
        ),
        NotFoundError,
        "no item Z1",
    ),
    (
        "finding in unknown inspection",
        lambda c: findings.add_finding(c["ws"], NOPE, title="A", severity="2"),
        NotFoundError,
        "Inspection",
    ),
    (
        "update unknown finding",
        lambda c: findings.update_finding(c["ws"], NOPE, title="B"),
        NotFoundError,
        "Finding",
    ),
    (
        "update to bad severity",
        lambda c: findings.update_finding(c["ws"], c["finding"], severity="9"),
        ValidationError,
        "not a valid severity",
    ),
    (
        "update to empty title",
        lambda c: findings.update_finding(c["ws"], c["finding"], title=""),
        ValidationError,
        "Finding title is required",
    ),
    (
        "update unknown field",
        lambda c: findings.update_finding(c["ws"], c["finding"], colour="red"),
        ValidationError,
        "no field colour",
    ),
    (
        "delete without reason",
        lambda c: findings.delete_finding(c["ws"], c["finding"], reason=""),
        ValidationError,
        "Reason for deleting is required",
    ),
    (
        "delete unknown finding",
        lambda c: findings.delete_finding(c["ws"], NOPE, reason="x"),
        NotFoundError,
        "Finding",
    ),
    # responsibility
    (
        "responsibility of both",
        lambda c: findings.assign_responsibility(
            c["ws"], c["finding"], level="DIRECT", person_id=c["staff"], unit_id=c["unit"]
        ),
        ValidationError,
        "either one person or one unit",
    ),
    (
        "responsibility of nobody",
        lambda c: findings.assign_responsibility(c["ws"], c["finding"], level="DIRECT"),
        ValidationError,
        "either one person or one unit",
    ),
    (
        "unknown responsibility level",
        lambda c: findings.assign_responsibility(
            c["ws"], c["finding"], level="BLAME", person_id=c["staff"]
        ),
        ValidationError,
        "not a valid responsibility level",
    ),
    (
        "responsible person unknown",
        lambda c: findings.assign_responsibility(
            c["ws"], c["finding"], level="DIRECT", person_id=NOPE
        ),
        NotFoundError,
        "does not exist",
    ),
    (
        "responsibility for unknown finding",
        lambda c: findings.assign_responsibility(
            c["ws"], NOPE, level="DIRECT", person_id=c["staff"]
        ),
        NotFoundError,
        "Finding",
    ),
    (
        "responsibility at step 0",
        lambda c: findings.assign_responsibility(
            c["ws"], c["finding"], level="DIRECT", person_id=c["staff"], step_no=0
        ),
        ValidationError,
        "at least 1",
    ),
    # recommendations and explanations
    (
        "unknown recommendation type",
        lambda c: recommendations.recommend(c["ws"], c["inspection"], type="FIRE", text="x"),
        ValidationError,
        "not a valid recommendation type",
    ),
    (
        "recommendation without text",
        lambda c: recommendations.recommend(c["ws"], c["inspection"], type="RECTIFY", text="   "),
        ValidationError,
        "Recommendation text is required",
    ),
    (
        "deadline before the decision",
        lambda c: recommendations.recommend(
            c["ws"], c["inspection"], type="RECTIFY", text="x", deadline="2026-01-01"
        ),
        ValidationError,
        "Deadline cannot be before Decision date",
    ),
    (
        "deadline malformed",
        lambda c: recommendations.recommend(
            c["ws"], c["inspection"], type="RECTIFY", text="x", deadline="next week"
        ),
        ValidationError,
        "is not a date",
    ),
    (
        "recommendation on unknown finding",
        lambda c: recommendations.recommend(
            c["ws"], c["inspection"], type="RECTIFY", text="x", finding_id=NOPE
        ),
        NotFoundError,
        "Finding",
    ),
    (
        "recommendation owner unknown",
        lambda c: recommendations.recommend(
            c["ws"], c["inspection"], type="RECTIFY", text="x", owner_unit_id=NOPE
        ),
        NotFoundError,
        "does not exist",
    ),
    (
        "unknown recommendation status",
        lambda c: recommendations.set_recommendation_status(c["ws"], c["rec"], "FORGOTTEN"),
        ValidationError,
        "not a valid recommendation status",
    ),
    (
        "status of unknown recommendation",
        lambda c: recommendations.set_recommendation_status(c["ws"], NOPE, "DONE"),
        NotFoundError,
        "Recommendation",
    ),
    (
        "explanation without text",
        lambda c: recommendations.add_explanation(
            c["ws"], c["inspection"], given_by="Giám đốc", text=""
        ),
        ValidationError,
        "Explanation is required",
    ),
    (
        "explanation without author",
        lambda c: recommendations.add_explanation(c["ws"], c["inspection"], given_by="", text="x"),
        ValidationError,
        "Explanation given by is required",
    ),
    (
        "explanation for unknown finding",
        lambda c: recommendations.add_explanation(
            c["ws"], c["inspection"], given_by="A", text="x", finding_id=NOPE
        ),
        NotFoundError,
        "Finding",
    ),
    # evidence
    (
        "missing evidence file",
        lambda c: evidence.attach_evidence(
            c["ws"], c["inspection"], c["tmp"] / "no-such.jpg", kind="PHOTO"
        ),
        ValidationError,
        "does not exist",
    ),
    (
        "evidence path is a folder",
        lambda c: evidence.attach_evidence(c["ws"], c["inspection"], c["tmp"], kind="PHOTO"),
        ValidationError,
        "is not a file",
    ),
    (
        "unreadable evidence file",
        lambda c: evidence.attach_evidence(c["ws"], c["inspection"], _unreadable(c), kind="PHOTO"),
        ValidationError,
        "cannot be read",
    ),
    (
        "unknown evidence kind",
        lambda c: evidence.attach_evidence(c["ws"], c["inspection"], c["photo"], kind="RUMOUR"),
        ValidationError,
        "not a valid evidence kind",
    ),
    (
        "evidence linked to unknown record",
        lambda c: evidence.attach_evidence(
            c["ws"], c["inspection"], c["photo"], kind="PHOTO", link_table="findings", link_id=NOPE
        ),
        NotFoundError,
        "does not exist",
    ),
    (
        "evidence linked to a register",
        lambda c: evidence.attach_evidence(
            c["ws"],
            c["inspection"],
            c["photo"],
            kind="PHOTO",
            link_table="people",
            link_id=c["staff"],
        ),
        ValidationError,
        "can be linked to",
    ),
    (
        "evidence for unknown inspection",
        lambda c: evidence.attach_evidence(c["ws"], NOPE, c["photo"], kind="PHOTO"),
        NotFoundError,
        "Inspection",
    ),
    # traces
    (
        "unknown object type",
        lambda c: traces.add_trace(c["ws"], c["inspection"], object_type="PARCEL", object_ref="x"),
        ValidationError,
        "not a valid object type",
    ),
    (
        "trace without reference",
        lambda c: traces.add_trace(c["ws"], c["inspection"], object_type="DOSSIER", object_ref=""),
        ValidationError,
        "is required",
    ),
    (
        "step due before received",
        lambda c: traces.add_step(
            c["ws"],
            c["trace"],
            step_name="Thẩm định",
            person_id=c["staff"],
            received_on="2026-02-10",
            due_on="2026-02-09",
        ),
        ValidationError,
        "Due on cannot be before Received on",
    ),
    (
        "step done before received",
        lambda c: traces.add_step(
            c["ws"],
            c["trace"],
            step_name="Thẩm định",
            person_id=c["staff"],
            received_on="2026-02-10",
            due_on="2026-02-12",
            done_on="2026-02-01",
        ),
        ValidationError,
        "Done on cannot be before Received on",
    ),
    (
        "step without holder",
        lambda c: traces.add_step(
            c["ws"],
            c["trace"],
            step_name="Thẩm định",
            received_on="2026-02-10",
            due_on="2026-02-12",
        ),
        ValidationError,
        "person or unit",
    ),
    (
        "step without name",
        lambda c: traces.add_step(
            c["ws"],
            c["trace"],
            step_name="",
            person_id=c["staff"],
            received_on="2026-02-10",
            due_on="2026-02-12",
        ),
        ValidationError,
        "Step is required",
    ),
    (
        "step of unknown trace",
        lambda c: traces.add_step(
            c["ws"],
            NOPE,
            step_name="x",
            person_id=c["staff"],
            received_on="2026-02-10",
            due_on="2026-02-12",
        ),
        NotFoundError,
        "Trace",
    ),
    (
        "step held by unknown person",
        lambda c: traces.add_step(
            c["ws"],
            c["trace"],
            step_name="x",
            person_id=NOPE,
            received_on="2026-02-10",
            due_on="2026-02-12",
        ),
        NotFoundError,
        "does not exist",
    ),
    (
        "step outside the holiday calendar",
        lambda c: traces.add_step(
            c["ws"],
            c["trace"],
            step_name="x",
            person_id=c["staff"],
            received_on="2099-02-10",
            due_on="2099-02-12",
        ),
        ValidationError,
        "holiday calendar",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_refused_and_changes_nothing(ctx: Ctx, case: tuple) -> None:
    _name, call, error, english = case
    ws: Workspace = ctx["ws"]
    before = snapshot(ws)
    stored_before = sorted(p.relative_to(ws.evidence_dir) for p in ws.evidence_dir.rglob("*"))
    with pytest.raises(error) as info:
        call(ctx)
    en, vi = info.value.message("en"), info.value.message("vi")
    assert english in en
    assert vi and vi != en, f"no Vietnamese message for: {en}"
    assert "{" not in en and "{" not in vi
    assert snapshot(ws) == before
    assert (
        sorted(p.relative_to(ws.evidence_dir) for p in ws.evidence_dir.rglob("*")) == stored_before
    )
