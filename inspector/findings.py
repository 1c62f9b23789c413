# SPDX-License-Identifier: GPL-3.0-or-later
"""Findings and the responsibility of the collectives and individuals they name.

Every call validates all of its input before it writes, and writes in one transaction.
"""

from __future__ import annotations

from typing import Any

from inspector import checklists, records
from inspector import validate as v
from inspector.errors import ValidationError
from inspector.i18n import _
from inspector.inspections import PERSON, editable_inspection
from inspector.model import (
    FindingKind,
    ResponsibilityLevel,
    Severity,
    SubjectType,
)
from inspector.workspace import Workspace

FINDING = _("Finding")

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
    v.reject_unknown(changes, allowed, FINDING)
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
    """Delete a finding, and the responsibilities, recommendations and explanations under it
    (tombstones, with the reason logged)."""
    why = v.required_text(reason, _("Reason for deleting"))
    with ws.transaction() as db:
        current = records.get(db, "findings", finding_id, what=FINDING)
        editable_inspection(db, current["inspection_id"])
        records.delete_tree(db, ws.actor, "findings", finding_id, reason=why)


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


def update_responsibility(
    ws: Workspace, responsibility_id: str, *, level: str | None = None, note: str | None = None
) -> bool:
    """Change the kind of a responsibility or its note; True if anything changed."""
    changes: dict[str, Any] = {}
    if level is not None:
        changes["level"] = v.choice(ResponsibilityLevel, level, _("responsibility level")).value
    if note is not None:
        changes["note"] = v.text(note, _("Note"), required=False)
    with ws.transaction() as db:
        row = records.get(db, "responsibilities", responsibility_id, what=_("Responsibility"))
        finding = records.get(db, "findings", row["finding_id"], what=FINDING)
        editable_inspection(db, finding["inspection_id"])
        return records.update(db, ws.actor, "responsibilities", responsibility_id, changes)


def delete_responsibility(ws: Workspace, responsibility_id: str) -> None:
    """Withdraw a responsibility from a finding (a tombstone)."""
    with ws.transaction() as db:
        row = records.get(db, "responsibilities", responsibility_id, what=_("Responsibility"))
        finding = records.get(db, "findings", row["finding_id"], what=FINDING)
        editable_inspection(db, finding["inspection_id"])
        records.delete(db, ws.actor, "responsibilities", responsibility_id)
