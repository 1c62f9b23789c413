# SPDX-License-Identifier: GPL-3.0-or-later
"""Read models: the list of inspections and everything recorded for one, as plain data.

The CLI prints these (``list``, ``show``, with ``--json``) and the UI shows them.
"""

from __future__ import annotations

import json
from typing import Any

from inspector.errors import NotFoundError, ValidationError
from inspector.fieldwork import checklists, traces
from inspector.fieldwork.inspections import DECISION_FIELDS, item_scope
from inspector.fieldwork.roll_call import attendance_counts
from inspector.i18n import _
from inspector.store import records, seals
from inspector.store.migrations import WINTER_COLUMNS
from inspector.store.workspace import Workspace
from inspector.vocabulary import InspectionStatus, label


def list_inspections(ws: Workspace) -> list[dict[str, Any]]:
    """Return one summary per live inspection, newest first."""
    rows = ws.db.query(
        """
        SELECT i.id, d.number_symbol AS number, u.name AS unit, d.signed_on AS decision_date,
               i.arrived_at, i.ended_at, i.status,
               (SELECT count(*) FROM findings f WHERE f.inspection_id = i.id AND f.deleted = 0)
                 AS findings
        FROM inspections i
        JOIN decisions d ON d.id = i.decision_id
        JOIN org_units u ON u.id = i.unit_id
        WHERE i.deleted = 0
        ORDER BY coalesce(i.arrived_at, d.signed_on) DESC, i.created_at DESC
        """
    )
    result = []
    for row in rows:
        row["date"] = (row["arrived_at"] or row["decision_date"])[:10]
        row["status_label"] = label(InspectionStatus(row["status"]))
        result.append(row)
    return result


def resolve_inspection_id(ws: Workspace, text: str) -> str:
    """Return the id of the live inspection whose id is ``text`` or starts with it (4+ characters).

    Raises:
        NotFoundError: nothing matches.
        ValidationError: the prefix matches several inspections.
    """
    key = text.strip().lower()
    if len(key) < 4:
        raise NotFoundError(_("No inspection has the id {id}.", id=text))
    rows = ws.db.execute(
        "SELECT id FROM inspections WHERE deleted = 0 AND substr(id, 1, ?) = ? LIMIT 2",
        [len(key), key],
    ).fetchall()
    if not rows:
        raise NotFoundError(_("No inspection has the id {id}.", id=text))
    if len(rows) > 1:
        raise ValidationError(
            _("Several inspections start with {id}; give more of the id.", id=text)
        )
    return str(rows[0][0])


def _live(ws: Workspace, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    return list(ws.db.query(sql, params))


def inspection_detail(ws: Workspace, inspection_id: str) -> dict[str, Any]:
    """Return everything recorded for one inspection, as JSON-ready data.

    A sealed inspection names its unit and people as its seal fixed them (see
    :func:`seals.sealed_names`): a register edited after signing does not change what it says.
    """
    db = ws.db
    names = seals.sealed_names(db, inspection_id)
    inspection = records.get(db, "inspections", inspection_id, what=_("Inspection"))
    decision = records.get(db, "decisions", inspection["decision_id"])
    unit = records.get(db, "org_units", inspection["unit_id"])
    template = records.get(db, "checklist_templates", inspection["template_id"])
    scope = json.loads(inspection["areas"])
    chosen = item_scope(inspection)
    iid = [inspection_id]
    team = _live(
        ws,
        "SELECT t.id, t.role, p.id AS person_id, p.full_name, p.position FROM team_members t"
        " JOIN people p ON p.id = t.person_id WHERE t.inspection_id = ? AND t.deleted = 0"
        " ORDER BY t.created_at",
        iid,
    )
    roll_call = _live(
        ws,
        "SELECT a.id, a.person_id, p.full_name, p.position, a.status, a.reason_code, a.arrived_at,"
        " a.note, a.checked_at FROM attendance a JOIN people p ON p.id = a.person_id"
        " WHERE a.inspection_id = ? AND a.deleted = 0 ORDER BY p.created_at, p.full_name",
        iid,
    )
    for person in team + roll_call:
        for column in ("full_name", "position"):
            person[column] = names.person(person["person_id"], column, person[column])
    answers = {
        r["item_id"]: r
        for r in _live(ws, "SELECT * FROM responses WHERE inspection_id = ? AND deleted = 0", iid)
    }
    checklist = []
    for area in checklists.areas(db, inspection["template_id"]):
        if area["code"] not in scope:
            continue
        area_items = []
        for item in checklists.items(db, inspection["template_id"], area["code"]):
            if chosen is not None and item.code not in chosen:
                continue  # a re-inspection looks again at some items only
            response = answers.get(item.id)
            area_items.append(
                {
                    "code": item.code,
                    "text_vi": item.text_vi,
                    "text_en": item.text_en,
                    # how a failure of it is written (for good practice: how it is praised)
                    "violation_vi": item.violation("vi"),
                    "violation_en": item.violation("en"),
                    "kind": item.kind,  # DUTY or PRAISE
                    "money": item.money,  # its findings carry amounts
                    "answer": response["answer"] if response else None,
                    "note": response["note"] if response else None,
                }
            )
        answered = sum(1 for i in area_items if i["answer"])
        checklist.append(
            {**area, "answered": answered, "total": len(area_items), "items": area_items}
        )
    findings = _live(
        ws,
        "SELECT f.id, f.area_code, f.kind, f.title, f.description, f.severity, f.legal_basis,"
        " f.amount_norm, f.amount_actual, f.amount_excess,"  # whole đồng, None if not given
        " ci.code AS item_code, f.version, f.updated_at FROM findings f"
        " LEFT JOIN checklist_items ci ON ci.id = f.item_id"
        " WHERE f.inspection_id = ? AND f.deleted = 0 ORDER BY f.created_at",
        iid,
    )
    by_finding = {f["id"]: f for f in findings}
    for f in findings:
        f["responsibilities"] = []
        f["recommendations"] = []
        f["explanations"] = []
        f["evidence"] = []
    for r in _live(
        ws,
        "SELECT r.id, r.finding_id, r.subject_type, r.level, r.step_no, r.note, p.full_name AS person,"
        " u.name AS unit, r.person_id, r.unit_id FROM responsibilities r"
        " JOIN findings f ON f.id = r.finding_id"
        " LEFT JOIN people p ON p.id = r.person_id LEFT JOIN org_units u ON u.id = r.unit_id"
        " WHERE f.inspection_id = ? AND r.deleted = 0 ORDER BY r.created_at",
        iid,
    ):
        r["person"] = names.person(r["person_id"], "full_name", r["person"])
        r["unit"] = names.unit(r["unit_id"], "name", r["unit"])
        if r["finding_id"] in by_finding:
            by_finding[r["finding_id"]]["responsibilities"].append(r)
    recommendations = _live(
        ws,
        "SELECT id, finding_id, type, text, deadline, status, owner_unit_id, target_person_id,"
        " target_unit_id, pay_to FROM recommendations WHERE inspection_id = ? AND deleted = 0"
        " ORDER BY created_at",
        iid,
    )
    explanations = _live(
        ws,
        "SELECT id, finding_id, person_id, given_by, text, given_at FROM explanations"
        " WHERE inspection_id = ? AND deleted = 0 ORDER BY given_at",
        iid,
    )
    evidence = _live(
        ws,
        "SELECT e.id, e.sha256, e.size, e.file_name, e.media_type, e.kind, e.caption,"
        " l.target_table, l.target_id FROM evidence e"
        " LEFT JOIN evidence_links l ON l.evidence_id = e.id AND l.deleted = 0"
        " WHERE e.inspection_id = ? AND e.deleted = 0 ORDER BY e.created_at",
        iid,
    )
    for rec in recommendations:
        if rec["finding_id"] in by_finding:
            by_finding[rec["finding_id"]]["recommendations"].append(rec["id"])
    for ex in explanations:
        if ex["finding_id"] in by_finding:
            by_finding[ex["finding_id"]]["explanations"].append(ex["id"])
    for ev in evidence:
        if ev["target_table"] == "findings" and ev["target_id"] in by_finding:
            by_finding[ev["target_id"]]["evidence"].append(ev["id"])
    dossier_traces = []
    for analysis in traces.traces_of(ws, inspection_id):
        delaying = analysis.delaying_step
        dossier_traces.append(
            {
                **{
                    k: analysis.trace[k]
                    for k in (
                        "id",
                        "object_type",
                        "object_ref",
                        "procedure_code",
                        "title",
                        "finding_id",
                    )
                },
                "late_days": analysis.late_days,
                "delaying_step_no": delaying.step["step_no"] if delaying else None,
                "delaying_person_id": delaying.step["person_id"] if delaying else None,
                "steps": [
                    {
                        **{
                            k: s.step[k]
                            for k in (
                                "id",
                                "step_no",
                                "step_name",
                                "person_id",
                                "unit_id",
                                "role",
                                "received_on",
                                "due_on",
                                "done_on",
                                "apology_slip",
                            )
                        },
                        "late_days": s.late_days,
                        "open": s.open,
                    }
                    for s in analysis.steps
                ],
            }
        )
    people = {
        p["id"]: p["full_name"]
        for p in _live(
            ws,
            "SELECT id, full_name FROM people WHERE unit_id = ? OR id IN"
            " (SELECT person_id FROM team_members WHERE inspection_id = ?)",
            [unit["id"], inspection_id],
        )
    }
    step_units = {s["unit_id"] for t in dossier_traces for s in t["steps"] if s["unit_id"]}
    unit_names = {
        u["id"]: names.unit(u["id"], "name", u["name"])
        for u in _live(
            ws,
            f"SELECT id, name FROM org_units WHERE id IN ({','.join('?' * len(step_units))})",
            sorted(step_units),
        )
    }
    for t in dossier_traces:
        t["delaying_person"] = (
            names.person(t["delaying_person_id"], "full_name", people.get(t["delaying_person_id"]))
            if t["delaying_person_id"]
            else None
        )
        for s in t["steps"]:
            s["person"] = (
                names.person(s["person_id"], "full_name", people.get(s["person_id"]))
                if s["person_id"]
                else None
            )
            s["unit"] = unit_names.get(s["unit_id"])  # a step a unit held, no one person
    signatories = _live(
        ws,
        "SELECT id, name, title, side, person_id, strokes, signed_at, refusal_reason,"
        " refusal_witness FROM signatories WHERE inspection_id = ?"
        " AND deleted = 0 ORDER BY position",
        iid,
    )
    return {
        "id": inspection_id,
        "status": inspection["status"],
        "arrived_at": inspection["arrived_at"],
        "announced_at": inspection["announced_at"],
        "ended_at": inspection["ended_at"],
        "location": inspection["location"],
        "areas": scope,
        "decision": {k: decision[k] for k in ("id", *DECISION_FIELDS)},
        "unit": {
            k: names.unit(unit["id"], k, unit[k]) if k != "id" else unit[k]
            for k in (
                "id",
                "code",
                "name",
                "level",
                "address",
                "place_name",
                "superior_for_header",
                "am_start",
                "am_end",
                "pm_start",
                "pm_end",
                *WINTER_COLUMNS,
            )
        },
        "checklist_template": {
            k: template[k] for k in ("id", "code", "template_version", "title_vi", "title_en")
        },
        "team": team,
        "roll_call": roll_call,
        "attendance_counts": attendance_counts(ws, inspection_id),
        "checklist": checklist,
        "traces": dossier_traces,
        "findings": findings,
        "amount_totals": {  # the findings' amounts added up (those that give them)
            k: sum(f[k] for f in findings if f[k] is not None)
            for k in ("amount_norm", "amount_actual", "amount_excess")
        },
        "recommendations": recommendations,
        "explanations": explanations,
        "evidence": evidence,
        "signatories": signatories,
    }
