# SPDX-License-Identifier: GPL-3.0-or-later
"""Recommendations (praise, rectify, discipline, refund, ...) with their follow-up, and the inspected
unit's explanations.

Every call validates all of its input before it writes, and writes in one transaction.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from inspector import timefmt
from inspector.errors import ValidationError
from inspector.fieldwork.findings import FINDING
from inspector.fieldwork.inspections import (
    INSPECTION,
    PERSON,
    UNCHANGED,
    Unchanged,
    editable_inspection,
)
from inspector.i18n import _
from inspector.store import records
from inspector.store import validate as v
from inspector.store.workspace import Workspace
from inspector.vocabulary import RecommendationStatus, RecommendationType

RECOMMENDATION = _("Recommendation")
EXPLANATION = _("Explanation")


def recommend(
    ws: Workspace,
    inspection_id: str,
    *,
    type: str,
    text: str,
    finding_id: str | None = None,
    deadline: date | str | None = None,
    owner_unit_id: str | None = None,
    target_person_id: str | None = None,
    target_unit_id: str | None = None,
    pay_to: str | None = None,
) -> str:
    """Record a recommendation (praise, rectify, discipline, ...) with its owner and deadline;
    a request to repay money says where it is paid (``pay_to``)."""
    kind = v.choice(RecommendationType, type, _("recommendation type")).value
    values = {
        "type": kind,
        "text": v.required_text(text, _("Recommendation text")),
        "status": RecommendationStatus.PROPOSED.value,
        "pay_to": _pay_to(kind, pay_to),
    }
    due = v.day(deadline, _("Deadline"), required=False)
    with ws.transaction() as db:
        row = editable_inspection(db, inspection_id)
        if finding_id is not None:
            finding = records.get(db, "findings", finding_id, what=FINDING)
            if finding["inspection_id"] != inspection_id:
                raise ValidationError(_("The finding belongs to another inspection."))
        for unit in (owner_unit_id, target_unit_id):
            if unit is not None:
                records.get(db, "org_units", unit, what=_("Unit"))
        if target_person_id is not None:
            records.get(db, "people", target_person_id, what=PERSON)
        if due is not None:
            decision = records.get(db, "decisions", row["decision_id"])
            v.not_before(
                date.fromisoformat(decision["signed_on"]), due, _("Decision date"), _("Deadline")
            )
        return records.insert(
            db,
            ws.actor,
            "recommendations",
            {
                **values,
                "inspection_id": inspection_id,
                "finding_id": finding_id,
                "deadline": due.isoformat() if due else None,
                "owner_unit_id": owner_unit_id,
                "target_person_id": target_person_id,
                "target_unit_id": target_unit_id,
            },
        )


def set_recommendation_status(
    ws: Workspace,
    recommendation_id: str,
    status: str,
    *,
    note: str | None | Unchanged = UNCHANGED,
) -> bool:
    """Move a recommendation along its follow-up; a note given replaces the status note.

    This stays possible after the minutes are sealed: following recommendations to closure is the
    supervisors' work after the visit, and does not change what the minutes say.
    """
    values: dict[str, Any] = {
        "status": v.choice(RecommendationStatus, status, _("recommendation status")).value
    }
    if not isinstance(note, Unchanged):
        values["status_note"] = v.text(note, _("Note"), required=False)
    with ws.transaction() as db:
        return records.update(
            db, ws.actor, "recommendations", recommendation_id, values, what=RECOMMENDATION
        )


def add_explanation(
    ws: Workspace,
    inspection_id: str,
    *,
    given_by: str,
    text: str,
    finding_id: str | None = None,
    person_id: str | None = None,
    given_at: datetime | str | None = None,
) -> str:
    """Record the inspected unit's (or a person's) explanation, for a finding or in general."""
    values = {
        "given_by": v.required_text(given_by, _("Explanation given by"), max_len=300),
        "text": v.required_text(text, _("Explanation")),
    }
    moment = v.moment(given_at, _("Time of the explanation"), required=False)
    with ws.transaction() as db:
        editable_inspection(db, inspection_id)
        if finding_id is not None:
            finding = records.get(db, "findings", finding_id, what=FINDING)
            if finding["inspection_id"] != inspection_id:
                raise ValidationError(_("The finding belongs to another inspection."))
        if person_id is not None:
            records.get(db, "people", person_id, what=PERSON)
        return records.insert(
            db,
            ws.actor,
            "explanations",
            {
                **values,
                "inspection_id": inspection_id,
                "finding_id": finding_id,
                "person_id": person_id,
                "given_at": timefmt.utc_text(moment) if moment else timefmt.now_utc(),
            },
        )


REC_FIELDS = (
    "type",
    "text",
    "deadline",
    "owner_unit_id",
    "target_person_id",
    "target_unit_id",
    "pay_to",
)


def _pay_to(kind: str, pay_to: Any) -> str | None:
    """Where repaid money goes, for a request to repay it only.

    Raises:
        ValidationError: too long, or given for another kind of request.
    """
    where = v.text(pay_to, _("Paid into"), required=False, max_len=300)
    if where and kind != RecommendationType.REFUND:
        raise ValidationError(
            _("Only a request to recover or repay money says where the money is paid.")
        )
    return where


def update_recommendation(ws: Workspace, recommendation_id: str, **changes: Any) -> bool:
    """Change a recommendation's type, text, deadline, owner, target or where repaid money is
    paid; True if anything changed."""
    v.reject_unknown(changes, REC_FIELDS, RECOMMENDATION)
    values: dict[str, Any] = {}
    if "type" in changes:
        values["type"] = v.choice(
            RecommendationType, changes["type"], _("recommendation type")
        ).value
    if "text" in changes:
        values["text"] = v.required_text(changes["text"], _("Recommendation text"))
    if "deadline" in changes:
        due = v.day(changes["deadline"], _("Deadline"), required=False)
        values["deadline"] = due.isoformat() if due else None
    with ws.transaction() as db:
        row = records.get(db, "recommendations", recommendation_id, what=RECOMMENDATION)
        for key in ("owner_unit_id", "target_unit_id"):
            if key in changes:
                if changes[key] is not None:
                    records.get(db, "org_units", changes[key], what=_("Unit"))
                values[key] = changes[key]
        if "target_person_id" in changes:
            if changes["target_person_id"] is not None:
                records.get(db, "people", changes["target_person_id"], what=PERSON)
            values["target_person_id"] = changes["target_person_id"]
        if values.get("deadline"):
            inspection = records.get(db, "inspections", row["inspection_id"], what=INSPECTION)
            decision = records.get(db, "decisions", inspection["decision_id"])
            v.not_before(
                date.fromisoformat(decision["signed_on"]),
                date.fromisoformat(values["deadline"]),
                _("Decision date"),
                _("Deadline"),
            )
        if "pay_to" in changes or "type" in changes:
            kind = values.get("type", row["type"])
            values["pay_to"] = _pay_to(kind, changes.get("pay_to", row["pay_to"]))
        # refused if the check is sealed (its follow-up has its own call)
        return records.update(db, ws.actor, "recommendations", recommendation_id, values)


def delete_recommendation(ws: Workspace, recommendation_id: str) -> None:
    """Withdraw a recommendation (a tombstone)."""
    with ws.transaction() as db:
        records.delete(db, ws.actor, "recommendations", recommendation_id, what=RECOMMENDATION)


def update_explanation(
    ws: Workspace, explanation_id: str, *, text: str | None = None, given_by: str | None = None
) -> bool:
    """Change the text of an explanation or who gave it; True if anything changed."""
    values: dict[str, Any] = {}
    if text is not None:
        values["text"] = v.required_text(text, _("Explanation"))
    if given_by is not None:
        values["given_by"] = v.required_text(given_by, _("Explanation given by"), max_len=300)
    with ws.transaction() as db:
        return records.update(
            db, ws.actor, "explanations", explanation_id, values, what=EXPLANATION
        )


def delete_explanation(ws: Workspace, explanation_id: str) -> None:
    """Remove an explanation (a tombstone)."""
    with ws.transaction() as db:
        records.delete(db, ws.actor, "explanations", explanation_id, what=EXPLANATION)
