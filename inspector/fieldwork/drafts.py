# SPDX-License-Identifier: GPL-3.0-or-later
"""Text being typed, kept keystroke by keystroke so that a crash loses at most the key in flight.

The screen saves a draft on every keystroke (a small durable write, not a change) and turns it into
a real, logged change when the typing pauses, the field loses focus or the window closes. Drafts
left behind by a crash are applied when the workspace is next opened in the app. Drafts stay on
this workspace: they are not records and never travel.

Drafts live in a small database of their own beside the workspace database
(:attr:`Workspace.drafts_db`), so a keystroke never waits for an import holding the workspace
database's write lock; only the change made at a pause needs that lock, and the screen may wait
for it briefly (``commit(..., wait=...)``), keeping the draft when the workspace stays busy.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from inspector import timefmt
from inspector.errors import InspectorError
from inspector.fieldwork import (
    answers,
    evidence,
    findings,
    recommendations,
    roll_call,
    traces,
    units,
)
from inspector.fieldwork import inspections as insp
from inspector.store.workspace import Workspace

Saver = Callable[[Workspace, str, str], Any]

# How a draft of each (table, field) becomes a real change.
SAVERS: dict[tuple[str, str], Saver] = {
    ("findings", "title"): lambda ws, rid, text: findings.update_finding(ws, rid, title=text),
    ("findings", "description"): lambda ws, rid, text: findings.update_finding(
        ws, rid, description=text
    ),
    ("findings", "legal_basis"): lambda ws, rid, text: findings.update_finding(
        ws, rid, legal_basis=text
    ),
    ("recommendations", "text"): lambda ws, rid, text: recommendations.update_recommendation(
        ws, rid, text=text
    ),
    ("explanations", "text"): lambda ws, rid, text: recommendations.update_explanation(
        ws, rid, text=text
    ),
    ("explanations", "given_by"): lambda ws, rid, text: recommendations.update_explanation(
        ws, rid, given_by=text
    ),
    ("evidence", "caption"): lambda ws, rid, text: evidence.update_evidence(ws, rid, caption=text),
    ("people", "full_name"): lambda ws, rid, text: units.update_person(ws, rid, full_name=text),
    ("traces", "object_ref"): lambda ws, rid, text: traces.update_trace(ws, rid, object_ref=text),
    ("traces", "title"): lambda ws, rid, text: traces.update_trace(ws, rid, title=text),
    ("trace_steps", "step_name"): lambda ws, rid, text: traces.update_step(ws, rid, step_name=text),
    ("responses", "note"): lambda ws, rid, text: answers.update_response_note(ws, rid, text),
    ("attendance", "note"): lambda ws, rid, text: roll_call.update_attendance_note(ws, rid, text),
    ("inspections", "location"): lambda ws, rid, text: insp.update_inspection(
        ws, rid, location=text
    ),
    ("people", "position"): lambda ws, rid, text: units.update_person(ws, rid, position=text),
    ("team_members", "full_name"): lambda ws, rid, text: insp.update_team_member(
        ws, rid, full_name=text
    ),
    ("team_members", "position"): lambda ws, rid, text: insp.update_team_member(
        ws, rid, position=text
    ),
}


def _amount_saver(field: str) -> Saver:
    """The saver of one of a finding's amounts, typed as people write them ("18.500.000")."""
    return lambda ws, rid, text: findings.update_finding(ws, rid, **{field: text})


def _decision_saver(field: str) -> Saver:
    """The saver of one text field of a decision (the record id is the decision's)."""
    return lambda ws, rid, text: insp.correct_decision(ws, rid, **{field: text})


def _unit_saver(field: str) -> Saver:
    """The saver of one text field of a unit of the register."""
    return lambda ws, rid, text: units.update_unit(ws, rid, **{field: text})


# The decision's texts and the inspected unit's details, corrected on the Decision tab.
for _field in ("number_symbol", "signer_name", "signer_title", "purpose", "legal_basis"):
    SAVERS[("decisions", _field)] = _decision_saver(_field)
for _field in ("name", "superior_for_header", "address", "place_name", *units.HOURS):
    SAVERS[("org_units", _field)] = _unit_saver(_field)
for _field in (*units.WINTER_HOURS, *units.WINTER_SEASON):
    SAVERS[("org_units", _field)] = _unit_saver(_field)
for _field in ("amount_norm", "amount_actual", "amount_excess"):
    SAVERS[("findings", _field)] = _amount_saver(_field)


def keep(ws: Workspace, table: str, record_id: str, field: str, text: str) -> None:
    """Durably keep the text typed so far into a field (call on every keystroke)."""
    if (table, field) not in SAVERS:
        raise ValueError(f"no draft saver for {table}.{field}")
    with ws.drafts_transaction() as db:
        db.execute(
            "INSERT INTO drafts (table_name, record_id, field, value, typed_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (table_name, record_id, field)"
            " DO UPDATE SET value = excluded.value, typed_at = excluded.typed_at",
            [table, record_id, field, text, timefmt.now_utc()],
        )


def commit(
    ws: Workspace,
    table: str,
    record_id: str,
    field: str,
    text: str,
    *,
    wait: float | None = None,
) -> Any:
    """Save typed text as a real change (validated and logged) and drop its draft.

    The draft stays if the save is refused, so nothing typed is lost; the error propagates.

    Args:
        wait: at most this many seconds to wait for the workspace database's write lock (an
            import may hold it for seconds); None: the usual wait.

    Raises:
        WorkspaceBusyError: the lock was still held after ``wait``; nothing was written and the
            draft is kept, to be committed again later.
    """
    saver = SAVERS[(table, field)]
    if wait is None:
        result = saver(ws, record_id, text)
    else:
        with ws.waiting_at_most(wait), ws.write_transaction():
            result = saver(ws, record_id, text)
    discard(ws, table, record_id, field)
    return result


def discard(ws: Workspace, table: str, record_id: str, field: str) -> None:
    """Forget the draft of a field."""
    with ws.drafts_transaction() as db:
        db.execute(
            "DELETE FROM drafts WHERE table_name = ? AND record_id = ? AND field = ?",
            [table, record_id, field],
        )


def pending(ws: Workspace) -> list[dict[str, Any]]:
    """Return the drafts not yet saved as changes (left by a crash), oldest first."""
    return list(ws.drafts_db.query("SELECT * FROM drafts ORDER BY typed_at"))


def recover(ws: Workspace) -> tuple[int, list[tuple[dict[str, Any], Exception]]]:
    """Apply every pending draft as a change; return how many were applied and those refused.

    A refused draft (its record was deleted, say) is kept, so the text can still be read.
    """
    applied = 0
    refused: list[tuple[dict[str, Any], Exception]] = []
    for draft in pending(ws):
        key = (draft["table_name"], draft["field"])
        if key not in SAVERS:
            refused.append((draft, ValueError(f"no saver for {key}")))
            continue
        try:
            commit(ws, draft["table_name"], draft["record_id"], draft["field"], draft["value"])
            applied += 1
        except InspectorError as exc:  # reported to the caller; the draft is kept
            refused.append((draft, exc))
    return applied, refused
