# SPDX-License-Identifier: GPL-3.0-or-later
"""Bad input to what a check finds (findings, responsibility, recommendations, explanations,
evidence, dossier traces): each case is a call, the error it raises and the words of its English
message."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from inspector.errors import InspectorError, NotFoundError, ValidationError
from inspector.fieldwork import (
    evidence,
    findings,
    recommendations,
    traces,
)
from tests.core.bad_input_check import NOPE, Ctx, _unreadable

FINDING_CASES: list[tuple[str, Callable[[Ctx], Any], type[InspectorError], str]] = [
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
