# SPDX-License-Identifier: GPL-3.0-or-later
"""Findings and what hangs on them: responsibility, recommendations, the unit's explanations,
evidence files.

Every call validates all of its input before it writes, and writes in one transaction.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from inspector import checklists, evidence, records
from inspector import validate as v
from inspector.errors import ValidationError
from inspector.i18n import _
from inspector.inspections import PERSON, editable_inspection
from inspector.model import (
    EvidenceKind,
    FindingKind,
    RecommendationStatus,
    RecommendationType,
    ResponsibilityLevel,
    Severity,
    SubjectType,
)
from inspector.workspace import Workspace

FINDING = _("Finding")
RECOMMENDATION = _("Recommendation")

# The kind a severity implies when none is given (domain.md §6.3).
_KIND_OF = {
    Severity.GOOD: FindingKind.GOOD_PRACTICE,
    Severity.OBSERVATION: FindingKind.SHORTCOMING,
    Severity.SHORTCOMING: FindingKind.SHORTCOMING,
    Severity.LESS_SERIOUS: FindingKind.VIOLATION,
    Severity.SERIOUS: FindingKind.VIOLATION,
    Severity.VERY_SERIOUS: FindingKind.VIOLATION,
    Severity.REFER: FindingKind.REFERRAL,
}
# Targets evidence may be linked to.
LINKABLE = ("findings", "attendance", "responses", "traces", "explanations", "recommendations")


def _finding_values(
    title: Any, description: Any, severity: Any, kind: Any, legal_basis: Any
) -> dict[str, Any]:
    grade = v.choice(Severity, severity, _("severity"))
    finding_kind = v.optional_choice(FindingKind, kind, _("finding kind")) or _KIND_OF[grade]
    return {
        "title": v.required_text(title, _("Finding title"), max_len=500),
        "description": v.text(description, _("Description"), required=False),
        "severity": grade.value,
        "kind": finding_kind.value,
        "legal_basis": v.text(legal_basis, _("Legal basis"), required=False),
    }


def add_finding(
    ws: Workspace,
    inspection_id: str,
    *,
    title: str,
    severity: str,
    item_code: str | None = None,
    description: str | None = None,
    kind: str | None = None,
    legal_basis: str | None = None,
) -> str:
    """Record a finding; its legal basis defaults to the checklist item's. Return its id."""
    values = _finding_values(title, description, severity, kind, legal_basis)
    code = v.text(item_code, _("Checklist item"), required=False, max_len=20)
    with ws.transaction() as db:
        row = editable_inspection(db, inspection_id)
        if code is not None:
            item = checklists.item_by_code(db, row["template_id"], code)
            values["item_id"] = item.id
            values["area_code"] = item.area_code
            values["legal_basis"] = values["legal_basis"] or item.legal_basis
        return records.insert(db, ws.actor, "findings", {"inspection_id": inspection_id, **values})


def update_finding(
    ws: Workspace, finding_id: str, *, reason: str | None = None, **changes: Any
) -> bool:
    """Change a finding's title, description, severity, kind or legal basis; True if changed."""
    allowed = {"title", "description", "severity", "kind", "legal_basis"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError(
            _("A finding has no field {fields}.", fields=", ".join(sorted(unknown)))
        )
    with ws.transaction() as db:
        current = records.get(db, "findings", finding_id, what=FINDING)
        editable_inspection(db, current["inspection_id"])
        merged = {k: changes.get(k, current[k]) for k in allowed}
        if "severity" in changes and "kind" not in changes:
            merged["kind"] = None  # follow the new severity
        values = _finding_values(
            merged["title"],
            merged["description"],
            merged["severity"],
            merged["kind"],
            merged["legal_basis"],
        )
        return records.update(db, ws.actor, "findings", finding_id, values, reason=reason)


def delete_finding(ws: Workspace, finding_id: str, *, reason: str) -> None:
    """Delete a finding (a tombstone, with the reason logged)."""
    why = v.required_text(reason, _("Reason for deleting"))
    with ws.transaction() as db:
        current = records.get(db, "findings", finding_id, what=FINDING)
        editable_inspection(db, current["inspection_id"])
        records.delete(db, ws.actor, "findings", finding_id, reason=why)


def assign_responsibility(
    ws: Workspace,
    finding_id: str,
    *,
    level: str,
    person_id: str | None = None,
    unit_id: str | None = None,
    step_no: int | None = None,
    note: str | None = None,
) -> str:
    """Name the individual (``person_id``) or collective (``unit_id``) responsible for a finding."""
    kind = v.choice(ResponsibilityLevel, level, _("responsibility level"))
    if (person_id is None) == (unit_id is None):
        raise ValidationError(_("Name either one person or one unit as responsible."))
    if step_no is not None and (not isinstance(step_no, int) or step_no < 1):
        raise ValidationError(_("The step number must be a whole number, at least 1."))
    clean_note = v.text(note, _("Note"), required=False)
    with ws.transaction() as db:
        finding = records.get(db, "findings", finding_id, what=FINDING)
        editable_inspection(db, finding["inspection_id"])
        if person_id is not None:
            records.get(db, "people", person_id, what=PERSON)
        else:
            records.get(db, "org_units", str(unit_id), what=_("Unit"))
        return records.insert(
            db,
            ws.actor,
            "responsibilities",
            {
                "finding_id": finding_id,
                "subject_type": (
                    SubjectType.INDIVIDUAL if person_id is not None else SubjectType.COLLECTIVE
                ).value,
                "person_id": person_id,
                "unit_id": unit_id,
                "level": kind.value,
                "step_no": step_no,
                "note": clean_note,
            },
        )


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
) -> str:
    """Record a recommendation (praise, rectify, discipline, ...) with its owner and deadline."""
    values = {
        "type": v.choice(RecommendationType, type, _("recommendation type")).value,
        "text": v.required_text(text, _("Recommendation text")),
        "status": RecommendationStatus.PROPOSED.value,
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
    ws: Workspace, recommendation_id: str, status: str, *, note: str | None = None
) -> bool:
    """Move a recommendation along its follow-up (this stays possible after sealing)."""
    values = {
        "status": v.choice(RecommendationStatus, status, _("recommendation status")).value,
        "status_note": v.text(note, _("Note"), required=False),
    }
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
                "given_at": records.utc_text(moment) if moment else records.now_utc(),
            },
        )


def attach_evidence(
    ws: Workspace,
    inspection_id: str,
    path: Path | str,
    *,
    kind: str,
    caption: str | None = None,
    captured_at: datetime | str | None = None,
    link_table: str | None = None,
    link_id: str | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    is_cancelled: Callable[[], bool] | None = None,
) -> str:
    """Store a file in the evidence store and record it, linked to a finding or other record.

    Call from a worker for large files: hashing and copying take time.
    """
    evidence_kind = v.choice(EvidenceKind, kind, _("evidence kind"))
    clean_caption = v.text(caption, _("Caption"), required=False, max_len=1000)
    moment = v.moment(captured_at, _("Time taken"), required=False)
    if (link_table is None) != (link_id is None) or (
        link_table is not None and link_table not in LINKABLE
    ):
        raise ValidationError(
            _(
                "Evidence can be linked to a finding, a roll-call mark, an answer,"
                " a trace, an explanation or a recommendation."
            )
        )
    source = Path(path)
    with ws.transaction() as db:  # check the targets before spending time on the file
        editable_inspection(db, inspection_id)
        if link_table is not None:
            target = records.get(db, link_table, str(link_id), what=_("Linked record"))
            owner = target.get("inspection_id")
            if owner is not None and owner != inspection_id:
                raise ValidationError(_("The linked record belongs to another inspection."))
    digest, size = evidence.store_file(
        ws.evidence_dir, source, on_progress=on_progress, is_cancelled=is_cancelled
    )
    media_type = mimetypes.guess_type(source.name)[0] or "application/octet-stream"
    with ws.transaction() as db:
        editable_inspection(db, inspection_id)
        evidence_id = records.insert(
            db,
            ws.actor,
            "evidence",
            {
                "inspection_id": inspection_id,
                "sha256": digest,
                "size": size,
                "file_name": source.name,
                "media_type": media_type,
                "kind": evidence_kind.value,
                "caption": clean_caption,
                "captured_at": records.utc_text(moment) if moment else None,
                "captured_by": ws.actor.user,
            },
        )
        if link_table is not None:
            records.insert(
                db,
                ws.actor,
                "evidence_links",
                {"evidence_id": evidence_id, "target_table": link_table, "target_id": link_id},
            )
    return evidence_id
