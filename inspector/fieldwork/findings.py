# SPDX-License-Identifier: GPL-3.0-or-later
"""Findings and the responsibility of the collectives and individuals they name.

Every call validates all of its input before it writes, and writes in one transaction.

A finding made from a checklist item is titled as the item writes a failure of it (its
``violation_vi``/``violation_en``), never with the duty's own words; a finding on an item of good
practice is good practice (severity 0). A finding of spending carries its amounts in whole đồng:
what the norm allowed, what was spent, and the excess, which is the one less the other.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlite_utils import Database

from inspector.errors import ValidationError
from inspector.fieldwork import amounts, checklists
from inspector.fieldwork.amounts import AMOUNT_FIELDS
from inspector.fieldwork.inspections import PERSON, editable_inspection
from inspector.i18n import _
from inspector.store import columns, records
from inspector.store import validate as v
from inspector.store.workspace import Workspace
from inspector.timefmt import vietnam_time
from inspector.vocabulary import (
    FindingKind,
    RecommendationType,
    ResponsibilityLevel,
    Severity,
    SubjectType,
)

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


# The recommendation a new one under a finding starts as (praise only for good practice).
_RECOMMENDATION_FOR = {
    Severity.GOOD: RecommendationType.PRAISE,
    Severity.OBSERVATION: RecommendationType.LESSONS,
    Severity.SHORTCOMING: RecommendationType.LESSONS,
    Severity.LESS_SERIOUS: RecommendationType.RECTIFY,
    Severity.SERIOUS: RecommendationType.REVIEW_RESPONSIBILITY,
    Severity.VERY_SERIOUS: RecommendationType.REVIEW_RESPONSIBILITY,
    Severity.REFER: RecommendationType.REFER,
}


def default_recommendation_type(severity: str) -> RecommendationType:
    """Return the type a new recommendation under a finding of ``severity`` starts as: praise for
    good practice, lessons for a shortcoming, rectify or a review of responsibility for a
    violation, referral for signs of corruption or crime."""
    return _RECOMMENDATION_FOR[v.choice(Severity, severity, _("severity"))]


def areas_in_scope(db: Database, inspection: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the checklist areas an inspection covers, in the checklist's order."""
    scope = set(json.loads(inspection["areas"]))
    return [a for a in checklists.areas(db, inspection["template_id"]) if a["code"] in scope]


def _place(
    db: Database, inspection: dict[str, Any], area_code: Any, item_code: Any
) -> dict[str, Any]:
    """Where a finding goes: the item (if any) and its area, which must be in the inspection's
    scope. No area and no item: the first area in scope."""
    code = v.text(item_code, _("Checklist item"), required=False, max_len=20)
    area = v.text(area_code, _("Checklist area"), required=False, max_len=20)
    in_scope = areas_in_scope(db, inspection)
    item = None
    if code is not None:
        item = checklists.item_by_code(db, inspection["template_id"], code)
        if area is not None and area != item.area_code:
            raise ValidationError(
                _("Item {item} is not in area {area}.", item=item.code, area=area)
            )
        area = item.area_code
    elif area is None:
        if not in_scope:
            raise ValidationError(_("The inspection covers no checklist area."))
        area = str(in_scope[0]["code"])
    if area not in {a["code"] for a in in_scope}:
        raise ValidationError(_("Area {area} is not in the scope of this inspection.", area=area))
    if item is not None:
        arrived = vietnam_time(inspection.get("arrived_at"))
        day = arrived.date() if arrived else date.today()
        return {
            "item_id": item.id,
            "area_code": area,
            "legal_basis": checklists.basis_on(item.legal_basis, day),  # the law of the day
            "item": item,
        }
    return {"item_id": None, "area_code": area, "legal_basis": None, "item": None}


def _praise_holds(item: checklists.ChecklistItem | None, severity: str) -> None:
    """A finding on an item of good practice is good practice: praise, never a violation."""
    if item is not None and item.is_praise and severity != Severity.GOOD.value:
        raise ValidationError(
            _(
                "Item {code} records good practice to praise: its finding is good practice"
                " (severity 0), not a shortcoming or a violation.",
                code=item.code,
            )
        )


def _item_of(db: Database, finding: dict[str, Any]) -> checklists.ChecklistItem | None:
    """The checklist item a finding is recorded under, if any."""
    if finding["item_id"] is None:
        return None
    inspection = records.get(db, "inspections", finding["inspection_id"])
    code = db.execute(
        "SELECT code FROM checklist_items WHERE id = ?", [finding["item_id"]]
    ).fetchone()
    if code is None:
        return None
    return checklists.item_by_code(db, inspection["template_id"], code[0])


def _amounts(norm: Any, actual: Any, excess: Any, *, derive: bool) -> dict[str, int | None]:
    """The three amounts, read and checked against each other; the excess is derived from the
    norm and the amount spent when it is not given (``derive``)."""
    values = {
        field: amounts.parse_amount(value, amounts.amount_label(field))
        for field, value in zip(AMOUNT_FIELDS, (norm, actual, excess), strict=True)
    }
    if derive and values["amount_excess"] is None:
        values["amount_excess"] = amounts.excess_of(values["amount_norm"], values["amount_actual"])
    amounts.check_excess(*values.values())
    return values


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
    title: str | None = None,
    severity: str | None = None,
    item_code: str | None = None,
    area_code: str | None = None,
    description: str | None = None,
    kind: str | None = None,
    legal_basis: str | None = None,
    amount_norm: int | str | None = None,
    amount_actual: int | str | None = None,
    amount_excess: int | str | None = None,
    lang: str | None = None,
) -> str:
    """Record a finding under an area of the inspection's scope, and optionally one of its items;
    return its id.

    The area is the item's when an item is given, else ``area_code``, else the first area in
    scope. The title defaults to how the item writes a failure of it (in ``lang``, default the
    current language), the severity to the item's, the legal basis to the item's, the
    description to the note of the item's answer. Amounts are whole đồng (an int, or text as
    typed: "18.500.000"); the excess defaults to the amount spent less the norm.

    Raises:
        ValidationError: bad input (nothing is written); an excess that is not the amount spent
            less the norm; a severity other than 0 on an item of good practice.
    """
    money = _amounts(amount_norm, amount_actual, amount_excess, derive=True)
    with ws.transaction() as db:
        row = editable_inspection(db, inspection_id)
        place = _place(db, row, area_code, item_code)
        item = place["item"]
        if item is not None:
            title = item.violation(lang) if title is None else title
            severity = item.default_severity if severity is None else severity
        values = _finding_values(title, description, severity, kind, legal_basis)
        _praise_holds(item, values["severity"])
        values.update(money)
        values["item_id"], values["area_code"] = place["item_id"], place["area_code"]
        values["legal_basis"] = values["legal_basis"] or place["legal_basis"]
        if place["item_id"] is not None and values["description"] is None:
            note = db.execute(
                "SELECT note FROM responses WHERE inspection_id = ? AND item_id = ?"
                " AND deleted = 0",
                [inspection_id, place["item_id"]],
            ).fetchone()
            values["description"] = note[0] if note and note[0] else None
        return records.insert(db, ws.actor, "findings", {"inspection_id": inspection_id, **values})


def move_finding(
    ws: Workspace, finding_id: str, *, area_code: str | None, item_code: str | None = None
) -> bool:
    """Put a finding under another area, or another item (whose area it then takes), or under
    its area alone (``item_code`` None); a logged change. True if anything changed.

    Raises:
        ValidationError: the area is not in the inspection's scope, the item is not in the area,
            or the inspection is sealed.
    """
    with ws.transaction() as db:
        current = records.get(db, "findings", finding_id, what=FINDING)
        row = editable_inspection(db, current["inspection_id"])
        if area_code is None and item_code is None:
            raise ValidationError(_("{field} is required.", field=_("Checklist area")))
        place = _place(db, row, area_code, item_code)
        _praise_holds(place["item"], current["severity"])
        return records.update(
            db,
            ws.actor,
            "findings",
            finding_id,
            {"area_code": place["area_code"], "item_id": place["item_id"]},
        )


def update_finding(
    ws: Workspace, finding_id: str, *, reason: str | None = None, **changes: Any
) -> bool:
    """Change a finding's title, description, severity, kind, legal basis or amounts; True if
    anything changed.

    Amounts are whole đồng (an int, text as typed, or None to clear one). When the norm or the
    amount spent changes and the excess is not given, the excess follows them: their difference
    when both are known; cleared when one is cleared and it was their difference.

    Raises:
        ValidationError: bad input (nothing is written); an excess that is not the amount spent
            less the norm; a severity other than 0 on an item of good practice.
    """
    text_fields = ("title", "description", "severity", "kind", "legal_basis")
    allowed = {*text_fields, *AMOUNT_FIELDS}
    v.reject_unknown(changes, allowed, FINDING)
    with ws.transaction() as db:
        current = records.get(db, "findings", finding_id, what=FINDING)
        merged = {k: changes.get(k, current[k]) for k in allowed}
        if "severity" in changes and "kind" not in changes:
            merged["kind"] = None  # follow the new severity
        values: dict[str, Any] = _finding_values(*(merged[k] for k in text_fields))
        if "severity" in changes:
            _praise_holds(_item_of(db, current), values["severity"])
        if set(AMOUNT_FIELDS) & set(changes):
            # an excess not given follows the norm and the amount spent, unless it was typed
            # apart from them (then it stays, and must agree once both are known)
            derive = "amount_excess" not in changes and current["amount_excess"] in (
                None,
                amounts.excess_of(current["amount_norm"], current["amount_actual"]),
            )
            if derive:
                merged["amount_excess"] = None
            values.update(
                _amounts(
                    merged["amount_norm"],
                    merged["amount_actual"],
                    merged["amount_excess"],
                    derive=derive,
                )
            )
        return records.update(  # refused if the check is sealed
            db, ws.actor, "findings", finding_id, values, reason=reason
        )


def delete_finding(ws: Workspace, finding_id: str, *, reason: str) -> None:
    """Delete a finding, and the responsibilities, recommendations and explanations under it
    (tombstones, with the reason logged)."""
    why = v.required_text(reason, _("Reason for deleting"))
    with ws.transaction() as db:
        records.delete_tree(db, ws.actor, "findings", finding_id, reason=why, what=FINDING)


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
    columns.check_value("responsibilities", "step_no", step_no)  # and not past the last step
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
        return records.update(
            db, ws.actor, "responsibilities", responsibility_id, changes, what=_("Responsibility")
        )


def delete_responsibility(ws: Workspace, responsibility_id: str) -> None:
    """Withdraw a responsibility from a finding (a tombstone)."""
    with ws.transaction() as db:
        records.delete(
            db, ws.actor, "responsibilities", responsibility_id, what=_("Responsibility")
        )
