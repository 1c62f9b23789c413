# SPDX-License-Identifier: GPL-3.0-or-later
"""Re-inspection: from the follow-up register, a new check of the same unit that looks again at
only the checklist items the earlier check found failing, prepared at the office for a team and
carried to its laptop in a field kit (:func:`inspector.sync.fieldkit.make_field_kit`).

An item failed if it was answered "does not comply", or if a finding of a shortcoming or worse
was recorded under it (good practice not observed is no failure: it is never a violation). The new check names the one it follows
(``follows_id``) and keeps to the chosen items (``items``): its checklist shows those alone, and
an answer to another item is refused.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from inspector.errors import ValidationError
from inspector.fieldwork import checklists
from inspector.fieldwork.inspections import INSPECTION, create_inspection
from inspector.i18n import _
from inspector.store import records
from inspector.store.workspace import Workspace
from inspector.vocabulary import Answer, Severity, TeamRole

# Answers that mean an item failed; findings at least this grave make their item failed.
FAILED_ANSWERS = (Answer.NOT_COMPLY.value,)
FAILED_SEVERITIES = tuple(
    s.value for s in Severity if s not in (Severity.GOOD, Severity.OBSERVATION)
)


@dataclass(frozen=True)
class FailedItem:
    """A checklist item the earlier check found failing, and why."""

    code: str
    area_code: str
    text_vi: str
    text_en: str
    answered: str | None  # the failing answer, if any
    findings: int  # findings of a shortcoming or worse under it


def failed_items(ws: Workspace, inspection_id: str) -> list[FailedItem]:
    """The items a check found failing, in the checklist's order.

    Raises:
        NotFoundError: no such inspection.
    """
    row = records.get(ws.db, "inspections", inspection_id, what=INSPECTION)
    answered = dict(
        ws.db.execute(
            "SELECT item_id, answer FROM responses WHERE inspection_id = ? AND deleted = 0"
            f" AND answer IN ({', '.join('?' * len(FAILED_ANSWERS))})",
            [inspection_id, *FAILED_ANSWERS],
        ).fetchall()
    )
    found = dict(
        ws.db.execute(
            "SELECT item_id, count(*) FROM findings WHERE inspection_id = ? AND deleted = 0"
            f" AND item_id IS NOT NULL AND severity IN ({', '.join('?' * len(FAILED_SEVERITIES))})"
            " GROUP BY item_id",
            [inspection_id, *FAILED_SEVERITIES],
        ).fetchall()
    )
    return [
        FailedItem(
            item.code,
            item.area_code,
            item.text_vi,
            item.text_en,
            answered.get(item.id),
            int(found.get(item.id, 0)),
        )
        for item in checklists.items(ws.db, row["template_id"])
        if item.id in answered or item.id in found
    ]


def prepare_reinspection(
    ws: Workspace,
    inspection_id: str,
    *,
    decision_number: str,
    decision_date: date | str,
    signer_name: str,
    leader_id: str,
    members: Iterable[str] = (),
    items: Iterable[str] | None = None,
    signer_title: str | None = None,
    number_is_official: bool = False,
    duration_days: int | None = None,
) -> str:
    """Prepare a check that looks again at the failed items (``items``: some of them; all if
    None) of an earlier check, of the same unit, with its legal basis, for a team of
    ``leader_id`` and ``members``; return its id. Written in one transaction, checked first.

    Raises:
        ValidationError: nothing failed, an item that did not fail, a bad decision.
        NotFoundError: no such check or person.
    """
    earlier = records.get(ws.db, "inspections", inspection_id, what=INSPECTION)
    decision = records.get(ws.db, "decisions", earlier["decision_id"])
    failed = failed_items(ws, inspection_id)
    if not failed:
        raise ValidationError(
            _("This check found no failed item: there is nothing to inspect again.")
        )
    codes = [f.code for f in failed]
    chosen = codes if items is None else [str(c) for c in items]
    others = sorted(set(chosen) - set(codes))
    if others or not chosen:
        raise ValidationError(
            _(
                "A re-inspection looks again at failed items only ({failed}); {others} did not"
                " fail.",
                failed=", ".join(codes),
                others=", ".join(others) or "—",
            )
        )
    areas = list(dict.fromkeys(f.area_code for f in failed if f.code in chosen))
    team = [(leader_id, TeamRole.LEADER.value)]
    team += [(m, TeamRole.MEMBER.value) for m in members if m != leader_id]
    purpose = _(
        "Inspect again how the shortcomings and violations found by the check under decision"
        " {number} of {day} were remedied: items {items}.",
        number=decision["number_symbol"],
        day=date.fromisoformat(decision["signed_on"]).strftime("%d/%m/%Y"),
        items=", ".join(c for c in codes if c in chosen),
    ).render("vi")  # the decision's text, as the minutes print it
    with ws.transaction() as db:
        new_id = create_inspection(
            ws,
            decision_number=decision_number,
            decision_date=decision_date,
            signer_name=signer_name,
            signer_title=signer_title,
            legal_basis=decision["legal_basis"],
            unit_id=earlier["unit_id"],
            issuer_unit_id=decision["issuer_unit_id"],
            kind=decision["kind"],
            number_is_official=number_is_official,
            purpose=purpose,
            duration_days=duration_days,
            areas=areas,
            template_id=earlier["template_id"],
            location=earlier["location"],
            team=team,
        )
        ordered = [c for c in codes if c in chosen]
        records.update(
            db,
            ws.actor,
            "inspections",
            new_id,
            {"follows_id": inspection_id, "items": json.dumps(ordered)},
        )
    return new_id


def reinspections(ws: Workspace, inspection_id: str) -> list[str]:
    """The live checks that follow an earlier one, oldest first."""
    rows = ws.db.execute(
        "SELECT id FROM inspections WHERE follows_id = ? AND deleted = 0 ORDER BY created_at, id",
        [inspection_id],
    )
    return [r[0] for r in rows]
