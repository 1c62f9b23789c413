# SPDX-License-Identifier: GPL-3.0-or-later
"""Who signs the minutes: the signatories, their handwritten signatures (vector strokes) and
refusals to sign, with the reason and a witness.

Every call validates its input before it writes, in one transaction; a sealed inspection refuses.
"""

from __future__ import annotations

import json
from typing import Any

from inspector import timefmt
from inspector.errors import ValidationError
from inspector.fieldwork.inspections import INSPECTION, PERSON, editable_inspection
from inspector.i18n import _
from inspector.store import records
from inspector.store import validate as v
from inspector.store.columns import MAX_STROKE_POINTS
from inspector.store.workspace import Workspace
from inspector.vocabulary import SignatorySide

SIGNATORY = _("Signatory")


def add_signatory(
    ws: Workspace,
    inspection_id: str,
    *,
    name: str,
    side: str,
    title: str | None = None,
    person_id: str | None = None,
) -> str:
    """Add a person who will sign the minutes; return the signatory id."""
    values = {
        "name": v.required_text(name, _("Signatory name"), max_len=200),
        "side": v.choice(SignatorySide, side, _("signatory side")).value,
        "title": v.text(title, _("Signatory's title"), required=False, max_len=200),
    }
    with ws.transaction() as db:
        editable_inspection(db, inspection_id)
        if person_id is not None:
            records.get(db, "people", person_id, what=PERSON)
        position = db.execute(
            "SELECT count(*) FROM signatories WHERE inspection_id = ? AND deleted = 0",
            [inspection_id],
        ).fetchone()[0]
        return records.insert(
            db,
            ws.actor,
            "signatories",
            {
                **values,
                "inspection_id": inspection_id,
                "person_id": person_id,
                "position": position,
            },
        )


def update_signatory(ws: Workspace, signatory_id: str, *, title: str | None) -> bool:
    """Change the title (position) printed after a signatory's name; True if it changed."""
    clean = v.text(title, _("Signatory's title"), required=False, max_len=200)
    with ws.transaction() as db:
        return records.update(
            db, ws.actor, "signatories", signatory_id, {"title": clean}, what=SIGNATORY
        )


def sign_by_hand(ws: Workspace, signatory_id: str, strokes: list[list[list[float]]]) -> bool:
    """Keep a signatory's handwritten signature: strokes of (x, y) points, each in [0, 1] within
    the signing box (x to the right, y downwards). A new signature replaces any refusal."""
    if not isinstance(strokes, list) or not strokes:
        raise ValidationError(_("The signature is empty; sign in the box."))
    points = 0
    clean: list[list[list[float]]] = []
    for stroke in strokes:
        if not isinstance(stroke, list) or not stroke:
            raise ValidationError(_("The signature is damaged; clear it and sign again."))
        line = []
        for point in stroke:
            try:
                x, y = (float(point[0]), float(point[1]))
            except (TypeError, ValueError, IndexError):
                raise ValidationError(
                    _("The signature is damaged; clear it and sign again.")
                ) from None
            if not (0.0 <= x <= 1.0 and 0.0 <= y <= 1.0):
                raise ValidationError(_("The signature is damaged; clear it and sign again."))
            line.append([round(x, 4), round(y, 4)])
        points += len(line)
        clean.append(line)
    if points < 2:
        raise ValidationError(_("The signature is empty; sign in the box."))
    if points > MAX_STROKE_POINTS:
        raise ValidationError(_("The signature has too many points; clear it and sign again."))
    with ws.transaction() as db:
        return records.update(
            db,
            ws.actor,
            "signatories",
            signatory_id,
            {
                "strokes": json.dumps(clean),
                "signed_at": timefmt.now_utc(),
                "refusal_reason": None,
                "refusal_witness": None,
            },
            what=SIGNATORY,
        )


def record_refusal(ws: Workspace, signatory_id: str, *, reason: str, witness: str) -> bool:
    """Record that a signatory refuses to sign, why, and who witnessed it (printed in the minutes)."""
    values = {
        "refusal_reason": v.required_text(reason, _("Reason for refusing to sign"), max_len=1000),
        "refusal_witness": v.required_text(witness, _("Witness of the refusal"), max_len=200),
        "strokes": None,
        "signed_at": None,
    }
    with ws.transaction() as db:
        return records.update(db, ws.actor, "signatories", signatory_id, values, what=SIGNATORY)


def clear_signature(ws: Workspace, signatory_id: str) -> bool:
    """Remove a signatory's handwritten signature or refusal (to sign again)."""
    with ws.transaction() as db:
        return records.update(
            db,
            ws.actor,
            "signatories",
            signatory_id,
            {
                "strokes": None,
                "signed_at": None,
                "refusal_reason": None,
                "refusal_witness": None,
            },
            what=SIGNATORY,
        )


def proposed_signatories(ws: Workspace, inspection_id: str) -> list[dict[str, Any]]:
    """Return the signatories of the minutes in block order: those recorded, then the team members
    and the unit's head (its first staff member) not yet recorded, with ``id`` None. Reads only."""
    db = ws.db
    row = records.get(db, "inspections", inspection_id, what=INSPECTION)
    existing = list(
        db.query(
            "SELECT * FROM signatories WHERE inspection_id = ? AND deleted = 0 ORDER BY position",
            [inspection_id],
        )
    )
    named = {r["person_id"] for r in existing if r["person_id"]}
    sides = {r["side"] for r in existing}
    proposed: list[dict[str, Any]] = []
    empty = {
        "id": None,
        "strokes": None,
        "signed_at": None,
        "refusal_reason": None,
        "refusal_witness": None,
    }
    if "UNIT" not in sides:
        head = db.execute(
            "SELECT id, full_name, position FROM people WHERE unit_id = ? AND deleted = 0"
            " ORDER BY created_at LIMIT 1",
            [row["unit_id"]],
        ).fetchone()
        if head is not None:
            proposed.append(
                {
                    **empty,
                    "person_id": head[0],
                    "name": head[1],
                    "title": head[2],
                    "side": SignatorySide.UNIT.value,
                }
            )
    for member in db.query(
        "SELECT p.id, p.full_name, p.position FROM team_members t JOIN people p"
        " ON p.id = t.person_id WHERE t.inspection_id = ? AND t.deleted = 0 ORDER BY t.created_at",
        [inspection_id],
    ):
        if member["id"] not in named:
            proposed.append(
                {
                    **empty,
                    "person_id": member["id"],
                    "name": member["full_name"],
                    "title": member["position"],
                    "side": SignatorySide.TEAM.value,
                }
            )
    return existing + proposed


def ensure_signatory(ws: Workspace, inspection_id: str, proposal: dict[str, Any]) -> str:
    """Record a proposed signatory (see :func:`proposed_signatories`); return its id."""
    if proposal.get("id"):
        return str(proposal["id"])
    return add_signatory(
        ws,
        inspection_id,
        name=proposal["name"],
        side=proposal["side"],
        title=proposal.get("title"),
        person_id=proposal.get("person_id"),
    )


def sign_as(ws: Workspace, inspection_id: str, proposal: dict[str, Any], strokes: Any) -> str:
    """Record a (proposed) signatory and their handwritten signature, all or nothing."""
    with ws.transaction():
        signatory = ensure_signatory(ws, inspection_id, proposal)
        sign_by_hand(ws, signatory, strokes)
    return signatory


def refuse_as(
    ws: Workspace, inspection_id: str, proposal: dict[str, Any], *, reason: str, witness: str
) -> str:
    """Record a (proposed) signatory's refusal to sign, all or nothing."""
    with ws.transaction():
        signatory = ensure_signatory(ws, inspection_id, proposal)
        record_refusal(ws, signatory, reason=reason, witness=witness)
    return signatory


def unsigned_parties(ws: Workspace, inspection_id: str) -> list[dict[str, Any]]:
    """Return the signatories (recorded or proposed, see :func:`proposed_signatories`) who have
    neither signed by hand nor refused, the team leader aside: the leader signs with the
    certificate. Sealing without them needs the user's confirmation. Reads only."""
    leader = ws.db.execute(
        "SELECT person_id FROM team_members WHERE inspection_id = ? AND role = 'LEADER'"
        " AND deleted = 0",
        [inspection_id],
    ).fetchone()
    leader_id = leader[0] if leader else None
    return [
        row
        for row in proposed_signatories(ws, inspection_id)
        if not row["strokes"]
        and not row["refusal_reason"]
        and not (leader_id and row["person_id"] == leader_id)
    ]


def certificate_signer(ws: Workspace, inspection_id: str) -> str | None:
    """The name on the certificate that signed and sealed an inspection's minutes, if sealed."""
    row = ws.db.execute(
        "SELECT signed_by FROM minutes WHERE inspection_id = ? AND kind = 'MAIN' AND deleted = 0",
        [inspection_id],
    ).fetchone()
    return str(row[0]) if row else None
