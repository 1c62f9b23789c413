# SPDX-License-Identifier: GPL-3.0-or-later
"""The checklist answers of a check: each item in its scope complies or not (a duty), is observed or
not (good practice), or does not apply, with a note.

Every call validates all of its input before it writes, and writes in one transaction. A signed
(sealed) inspection refuses every change.
"""

from __future__ import annotations

import json
from typing import Any

from inspector import timefmt
from inspector.errors import ValidationError
from inspector.fieldwork import checklists
from inspector.fieldwork.inspections import (
    INSPECTION,
    UNCHANGED,
    Unchanged,
    editable_inspection,
    item_scope,
)
from inspector.i18n import _
from inspector.store import records
from inspector.store import validate as v
from inspector.store.workspace import Workspace
from inspector.vocabulary import (
    ANSWERS_OF,
    Answer,
    ItemKind,
)


def answer_item(
    ws: Workspace,
    inspection_id: str,
    item_code: str,
    answer: str,
    *,
    note: str | None | Unchanged = UNCHANGED,
) -> str:
    """Answer a checklist item (again: the answer is changed); return the response id.

    A note given replaces the answer's note; none given leaves it as it is.
    """
    choice = v.choice(Answer, answer, _("answer"))
    clean_note = None if isinstance(note, Unchanged) else v.text(note, _("Note"), required=False)
    code = v.required_text(item_code, _("Checklist item"), max_len=20)
    with ws.transaction() as db:
        row = editable_inspection(db, inspection_id)
        item = checklists.item_by_code(db, row["template_id"], code)
        chosen = item_scope(row)
        if item.area_code not in json.loads(row["areas"]) or (
            chosen is not None and item.code not in chosen
        ):
            raise ValidationError(
                _("Item {code} is outside this inspection's scope.", code=item.code)
            )
        if choice not in ANSWERS_OF[ItemKind(item.kind)]:
            raise ValidationError(
                _(
                    "Item {code} records good practice: it is observed or not observed, never"
                    " complied with or not.",
                    code=item.code,
                )
                if item.is_praise
                else _(
                    "Item {code} is a duty: it complies or does not comply; only good practice"
                    " is observed or not.",
                    code=item.code,
                )
            )
        values: dict[str, Any] = {
            "answer": choice.value,
            "answered_by": ws.actor.user,
            "answered_at": timefmt.now_utc(),
        }
        if not isinstance(note, Unchanged):
            values["note"] = clean_note
        existing = db.execute(
            "SELECT id FROM responses WHERE inspection_id = ? AND item_id = ? AND deleted = 0",
            [inspection_id, item.id],
        ).fetchone()
        if existing is None:
            return records.insert(
                db,
                ws.actor,
                "responses",
                {"inspection_id": inspection_id, "item_id": item.id, **values},
            )
        records.update(db, ws.actor, "responses", existing[0], values)
        return str(existing[0])


def scope_items(ws: Workspace, inspection_id: str) -> list[checklists.ChecklistItem]:
    """Return the checklist items in an inspection's scope, in order."""
    row = records.get(ws.db, "inspections", inspection_id, what=INSPECTION)
    scope = json.loads(row["areas"])
    chosen = item_scope(row)
    return [
        i
        for i in checklists.items(ws.db, row["template_id"])
        if i.area_code in scope and (chosen is None or i.code in chosen)
    ]


def clear_answer(ws: Workspace, inspection_id: str, item_code: str) -> bool:
    """Remove the answer to a checklist item (back to unanswered); True if there was one."""
    with ws.transaction() as db:
        row = editable_inspection(db, inspection_id)
        item = checklists.item_by_code(db, row["template_id"], item_code)
        existing = db.execute(
            "SELECT id FROM responses WHERE inspection_id = ? AND item_id = ? AND deleted = 0",
            [inspection_id, item.id],
        ).fetchone()
        if existing is None:
            return False
        records.delete(db, ws.actor, "responses", existing[0])
        return True


def update_response_note(ws: Workspace, response_id: str, note: str) -> bool:
    """Change the note of a checklist answer; True if it changed."""
    clean = v.text(note, _("Note"), required=False)
    with ws.transaction() as db:
        return records.update(
            db, ws.actor, "responses", response_id, {"note": clean}, what=_("Answer")
        )
