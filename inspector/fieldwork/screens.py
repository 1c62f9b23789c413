# SPDX-License-Identifier: GPL-3.0-or-later
"""Read models for the workbench screens: each query fetches what one screen shows, no more.

Fast indexed reads, fine on the UI thread. Plain data (dicts and dataclasses), no Qt.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from inspector.fieldwork import checklists, traces
from inspector.fieldwork.inspections import UNIT_TREE
from inspector.i18n import _
from inspector.store import records
from inspector.store.workspace import Workspace
from inspector.vocabulary import TABLE_LABELS

INSPECTION = _("Inspection")


def header(ws: Workspace, inspection_id: str) -> dict[str, Any]:
    """Return what the workbench shows at the top: decision, unit, status, times, scope."""
    rows = list(
        ws.db.query(
            "SELECT i.id, i.status, i.arrived_at, i.announced_at, i.ended_at, i.location, i.areas,"
            " i.items, i.follows_id,"
            " i.template_id, i.unit_id, d.id AS decision_id, d.number_symbol, d.signed_on,"
            " d.signer_name, d.signer_title, d.legal_basis, d.purpose, d.kind, d.period_from,"
            " d.period_to, u.name AS unit_name, u.superior_for_header, u.address AS unit_address,"
            " u.place_name, u.am_start, u.am_end, u.pm_start, u.pm_end, u.winter_from,"
            " u.winter_to, u.winter_am_start, u.winter_am_end, u.winter_pm_start,"
            " u.winter_pm_end FROM inspections i"
            " JOIN decisions d ON d.id = i.decision_id JOIN org_units u ON u.id = i.unit_id"
            " WHERE i.id = ? AND i.deleted = 0",
            [inspection_id],
        )
    )
    if not rows:
        records.get(ws.db, "inspections", inspection_id, what=INSPECTION)  # raises NotFound
    row = rows[0]
    row["areas"] = json.loads(row["areas"])
    row["items"] = json.loads(row["items"]) if row["items"] else None
    return row


def team(ws: Workspace, inspection_id: str) -> list[dict[str, Any]]:
    """Return the team members with their names and roles."""
    return list(
        ws.db.query(
            "SELECT t.id, t.role, t.person_id, p.full_name, p.position, p.gender"
            " FROM team_members t"
            " JOIN people p ON p.id = t.person_id WHERE t.inspection_id = ? AND t.deleted = 0"
            " ORDER BY t.created_at",
            [inspection_id],
        )
    )


def roll_call(ws: Workspace, inspection_id: str) -> list[dict[str, Any]]:
    """Return every live person of the inspected unit (and its sub-units) with their mark, if any."""
    unit = ws.db.execute("SELECT unit_id FROM inspections WHERE id = ?", [inspection_id]).fetchone()
    if unit is None:
        return []
    return list(
        ws.db.query(
            UNIT_TREE
            + """
            SELECT p.id AS person_id, p.full_name, p.position, p.gender, p.staff_type,
                   a.id AS attendance_id, a.status,
                   a.reason_code, a.arrived_at, a.note
            FROM people p
            LEFT JOIN attendance a ON a.person_id = p.id AND a.inspection_id = ?
                 AND a.deleted = 0
            WHERE p.deleted = 0 AND p.unit_id IN (SELECT id FROM tree)
            ORDER BY p.created_at, p.full_name
            """,
            [unit[0], inspection_id],
        )
    )


@dataclass(frozen=True)
class AreaProgress:
    """How far the checklist of one area has come."""

    code: str
    title_vi: str
    title_en: str
    answered: int
    total: int
    failed: int


def area_progress(ws: Workspace, inspection_id: str) -> list[AreaProgress]:
    """Return each area in scope with its answered, total and non-compliant counts."""
    head = header(ws, inspection_id)
    counts = {
        area: (answered, failed)
        for area, answered, failed in ws.db.execute(
            "SELECT ci.area_code, count(*), sum(r.answer = 'NOT_COMPLY') FROM responses r"
            " JOIN checklist_items ci ON ci.id = r.item_id"
            " WHERE r.inspection_id = ? AND r.deleted = 0 GROUP BY ci.area_code",
            [inspection_id],
        )
    }
    totals: dict[str, int] = {}
    chosen = head["items"]  # a re-inspection counts only the items it looks at again
    for area, code in ws.db.execute(
        "SELECT area_code, code FROM checklist_items WHERE template_id = ? AND deleted = 0",
        [head["template_id"]],
    ):
        if chosen is None or code in chosen:
            totals[area] = totals.get(area, 0) + 1
    result = []
    for area in checklists.areas(ws.db, head["template_id"]):
        if area["code"] in head["areas"]:
            answered, failed = counts.get(area["code"], (0, 0))
            result.append(
                AreaProgress(
                    area["code"],
                    area["title_vi"],
                    area["title_en"],
                    answered,
                    totals.get(area["code"], 0),
                    failed or 0,
                )
            )
    return result


def area_items(ws: Workspace, inspection_id: str, area_code: str) -> list[dict[str, Any]]:
    """Return the items of one area with their answers (None where unanswered)."""
    head = header(ws, inspection_id)
    answers = {
        r["item_id"]: r
        for r in ws.db.query(
            "SELECT r.id, r.item_id, r.answer, r.note FROM responses r"
            " JOIN checklist_items ci ON ci.id = r.item_id"
            " WHERE r.inspection_id = ? AND r.deleted = 0 AND ci.area_code = ?",
            [inspection_id, area_code],
        )
    }
    result = []
    chosen = head["items"]
    for item in checklists.items(ws.db, head["template_id"], area_code):
        if chosen is not None and item.code not in chosen:
            continue  # a re-inspection looks again at some items only
        answer = answers.get(item.id)
        result.append(
            {
                "item": item,
                "response_id": answer["id"] if answer else None,
                "answer": answer["answer"] if answer else None,
                "note": answer["note"] if answer else None,
            }
        )
    return result


# The findings' list entries, with counts of what hangs on each, for the findings that ``{where}``
# selects (on ``f``): each count is one grouped pass over the selected findings' children
# (CROSS JOIN keeps SQLite reading the findings first, never every link of the workspace).
_ENTRIES = """
    SELECT f.id, f.title, f.severity, f.kind, f.area_code, ci.code AS item_code,
      coalesce(r.n, 0) AS responsibilities, coalesce(c.n, 0) AS recommendations,
      coalesce(l.n, 0) AS evidence
    FROM findings f LEFT JOIN checklist_items ci ON ci.id = f.item_id
    LEFT JOIN (
      SELECT r.finding_id, count(*) AS n FROM findings f
      CROSS JOIN responsibilities r ON r.finding_id = f.id AND r.deleted = 0
      WHERE {where} GROUP BY r.finding_id
    ) r ON r.finding_id = f.id
    LEFT JOIN (
      SELECT c.finding_id, count(*) AS n FROM findings f
      CROSS JOIN recommendations c ON c.finding_id = f.id AND c.deleted = 0
      WHERE {where} GROUP BY c.finding_id
    ) c ON c.finding_id = f.id
    LEFT JOIN (
      SELECT l.target_id, count(*) AS n FROM findings f
      CROSS JOIN evidence_links l ON l.target_table = 'findings' AND l.target_id = f.id
        AND l.deleted = 0
      WHERE {where} GROUP BY l.target_id
    ) l ON l.target_id = f.id
    WHERE {where} AND f.deleted = 0 ORDER BY f.created_at
"""


def _entries(ws: Workspace, where: str, params: list[Any]) -> list[dict[str, Any]]:
    return list(ws.db.query(_ENTRIES.format(where=where), params * 4))


def findings(ws: Workspace, inspection_id: str) -> list[dict[str, Any]]:
    """Return the findings of an inspection with counts of what hangs on each, oldest first."""
    return _entries(ws, "f.inspection_id = ?", [inspection_id])


def finding_entry(ws: Workspace, finding_id: str) -> dict[str, Any] | None:
    """Return one finding as :func:`findings` lists it (None if it is gone): what the list
    shows again after one finding changed, without reading the whole inspection's."""
    rows = _entries(ws, "f.id = ?", [finding_id])
    return rows[0] if rows else None


def item_finding(ws: Workspace, inspection_id: str, item_code: str) -> dict[str, Any] | None:
    """Return the oldest finding of an inspection recorded under the checklist item
    ``item_code``, as :func:`findings` lists it (None if the item has none)."""
    rows = _entries(
        ws,
        "f.inspection_id = ? AND f.item_id IN (SELECT id FROM checklist_items WHERE code = ?)",
        [inspection_id, item_code],
    )
    return rows[0] if rows else None


def finding(ws: Workspace, finding_id: str) -> dict[str, Any]:
    """Return one finding with its responsibilities, recommendations and explanations."""
    row = records.get(ws.db, "findings", finding_id, what=_("Finding"))
    item = ws.db.execute(
        "SELECT code FROM checklist_items WHERE id = ?", [row["item_id"]]
    ).fetchone()
    row["item_code"] = item[0] if item else None
    row["responsibilities"] = list(
        ws.db.query(
            "SELECT r.id, r.subject_type, r.level, r.person_id, r.unit_id, r.note, r.step_no,"
            " coalesce(p.full_name, u.name) AS name FROM responsibilities r"
            " LEFT JOIN people p ON p.id = r.person_id LEFT JOIN org_units u ON u.id = r.unit_id"
            " WHERE r.finding_id = ? AND r.deleted = 0 ORDER BY r.created_at",
            [finding_id],
        )
    )
    row["recommendations"] = list(
        ws.db.query(
            "SELECT c.id, c.type, c.text, c.deadline, c.status, c.owner_unit_id,"
            " u.name AS owner FROM recommendations c LEFT JOIN org_units u ON u.id = c.owner_unit_id"
            " WHERE c.finding_id = ? AND c.deleted = 0 ORDER BY c.created_at",
            [finding_id],
        )
    )
    row["explanations"] = list(
        ws.db.query(
            "SELECT id, given_by, text, given_at FROM explanations WHERE finding_id = ?"
            " AND deleted = 0 ORDER BY given_at",
            [finding_id],
        )
    )
    return row


def evidence(ws: Workspace, inspection_id: str) -> list[dict[str, Any]]:
    """Return the evidence of an inspection with what each is linked to, oldest first."""
    return list(
        ws.db.query(
            "SELECT e.id, e.sha256, e.size, e.file_name, e.media_type, e.kind, e.caption,"
            " e.captured_at, l.target_table, l.target_id, f.title AS finding_title"
            " FROM evidence e LEFT JOIN evidence_links l ON l.evidence_id = e.id AND l.deleted = 0"
            " LEFT JOIN findings f ON l.target_table = 'findings' AND f.id = l.target_id"
            " WHERE e.inspection_id = ? AND e.deleted = 0 ORDER BY e.created_at",
            [inspection_id],
        )
    )


def step_rows(ws: Workspace, inspection_id: str, as_of: date | None = None) -> list[dict[str, Any]]:
    """Return one row per processing step of every trace, with its lateness in working days.

    ``delaying`` marks the step that delayed its dossier most; ``trace_late_days`` is the dossier's.
    """
    rows = []
    names = {
        pid: name
        for pid, name in ws.db.execute(
            "SELECT p.id, p.full_name FROM people p JOIN trace_steps s ON s.person_id = p.id"
            " JOIN traces t ON t.id = s.trace_id WHERE t.inspection_id = ?",
            [inspection_id],
        )
    }
    for analysis in traces.traces_of(ws, inspection_id, as_of):
        delaying = analysis.delaying_step
        for s in analysis.steps:
            rows.append(
                {
                    "trace_id": analysis.trace["id"],
                    "object_ref": analysis.trace["object_ref"],
                    "title": analysis.trace["title"],
                    **s.step,
                    "person": names.get(s.step["person_id"]),
                    "late_days": s.late_days,
                    "open": s.open,
                    "delaying": delaying is not None and delaying.step["id"] == s.step["id"],
                    "trace_late_days": analysis.late_days,
                }
            )
    return rows


TITLE_COLUMNS = ("title", "full_name", "name", "text", "object_ref", "number_symbol")


def record_name(ws: Workspace, table: str, record_id: str) -> str:
    """A record as people name it: what it holds and its title, “Findings “…””."""
    cursor = ws.db.execute(f"SELECT * FROM {table} WHERE id = ?", [record_id])
    names = [d[0] for d in cursor.description]
    found = cursor.fetchone()
    row = dict(zip(names, found, strict=True)) if found else {}
    title = next((str(row[k]) for k in TITLE_COLUMNS if row.get(k)), record_id[:8])
    kind = TABLE_LABELS[table].render() if table in TABLE_LABELS else table
    return f"{kind} “{title[:50]}”"
