# SPDX-License-Identifier: GPL-3.0-or-later
"""Step traces of dossiers, documents and tasks: who held each step, when, and how late.

Lateness is counted in working days (weekends and public holidays excluded) and is always derived,
never stored, so a corrected date or calendar corrects it everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from inspector import records
from inspector import validate as v
from inspector.errors import ValidationError
from inspector.i18n import _
from inspector.inspections import PERSON, editable_inspection
from inspector.model import StepRole, TraceObjectType
from inspector.workdays import WorkCalendar, bundled_calendar
from inspector.workspace import Workspace

TRACE = _("Trace")


@dataclass(frozen=True)
class StepLateness:
    """A processing step with its lateness."""

    step: dict[str, Any]
    late_days: int
    open: bool


@dataclass(frozen=True)
class TraceAnalysis:
    """A trace's steps with lateness, and the step (and holder) that delayed it most."""

    trace: dict[str, Any]
    steps: list[StepLateness]

    @property
    def late_days(self) -> int:
        """Working days the trace ran late in all (the sum over its late steps)."""
        return sum(s.late_days for s in self.steps)

    @property
    def is_late(self) -> bool:
        """Whether any step ran (or stands) past its due date."""
        return self.late_days > 0

    @property
    def delaying_step(self) -> StepLateness | None:
        """The step with the most lateness (the first such, on a tie); None if nothing was late."""
        late = [s for s in self.steps if s.late_days > 0]
        return max(late, key=lambda s: s.late_days) if late else None


def add_trace(
    ws: Workspace,
    inspection_id: str,
    *,
    object_type: str,
    object_ref: str,
    procedure_code: str | None = None,
    title: str | None = None,
    finding_id: str | None = None,
) -> str:
    """Start the trace of a dossier (or document, task, complaint) sampled during the check."""
    values = {
        "object_type": v.choice(TraceObjectType, object_type, _("object type")).value,
        "object_ref": v.required_text(object_ref, _("Dossier or document number"), max_len=100),
        "procedure_code": v.text(procedure_code, _("Procedure code"), required=False, max_len=50),
        "title": v.text(title, _("Dossier title"), required=False, max_len=500),
    }
    with ws.transaction() as db:
        editable_inspection(db, inspection_id)
        if finding_id is not None:
            records.get(db, "findings", finding_id, what=_("Finding"))
        return records.insert(
            db,
            ws.actor,
            "traces",
            {**values, "inspection_id": inspection_id, "finding_id": finding_id},
        )


def add_step(
    ws: Workspace,
    trace_id: str,
    *,
    step_name: str,
    received_on: date | str,
    due_on: date | str,
    done_on: date | str | None = None,
    person_id: str | None = None,
    unit_id: str | None = None,
    role: str | None = None,
    apology_slip: bool = False,
) -> str:
    """Add the next processing step of a trace: who held it, received, due and done dates."""
    received = v.required_day(received_on, _("Received on"))
    due = v.required_day(due_on, _("Due on"))
    done = v.day(done_on, _("Done on"), required=False)
    v.not_before(received, due, _("Received on"), _("Due on"))
    if done is not None:
        v.not_before(received, done, _("Received on"), _("Done on"))
    if person_id is None and unit_id is None:
        raise ValidationError(_("Name the person or unit that held this step."))
    values = {
        "step_name": v.required_text(step_name, _("Step"), max_len=200),
        "received_on": received.isoformat(),
        "due_on": due.isoformat(),
        "done_on": done.isoformat() if done else None,
        "role": (v.optional_choice(StepRole, role, _("step role")) or StepRole.LEAD).value,
        "apology_slip": v.flag(apology_slip, _("Apology slip")),
    }
    calendar = bundled_calendar()
    for d in (received, due, done):
        if d is not None:
            calendar.is_working_day(d)  # refuses dates the calendar cannot count
    with ws.transaction() as db:
        trace = records.get(db, "traces", trace_id, what=TRACE)
        editable_inspection(db, trace["inspection_id"])
        if person_id is not None:
            records.get(db, "people", person_id, what=PERSON)
        if unit_id is not None:
            records.get(db, "org_units", unit_id, what=_("Unit"))
        step_no = (
            db.execute(
                "SELECT coalesce(max(step_no), 0) FROM trace_steps WHERE trace_id = ? AND deleted = 0",
                [trace_id],
            ).fetchone()[0]
            + 1
        )
        return records.insert(
            db,
            ws.actor,
            "trace_steps",
            {
                **values,
                "trace_id": trace_id,
                "step_no": step_no,
                "person_id": person_id,
                "unit_id": unit_id,
            },
        )


def analyse(
    trace: dict[str, Any],
    steps: list[dict[str, Any]],
    as_of: date,
    calendar: WorkCalendar | None = None,
) -> TraceAnalysis:
    """Compute each step's lateness in working days; open steps count up to ``as_of``."""
    cal = calendar or bundled_calendar()
    result = []
    for step in sorted(steps, key=lambda s: s["step_no"]):
        done = date.fromisoformat(step["done_on"]) if step["done_on"] else None
        late = cal.lateness(date.fromisoformat(step["due_on"]), done, as_of)
        result.append(StepLateness(step=step, late_days=late, open=done is None))
    return TraceAnalysis(trace=trace, steps=result)


def traces_of(ws: Workspace, inspection_id: str, as_of: date | None = None) -> list[TraceAnalysis]:
    """Return every trace of an inspection, analysed as of ``as_of`` (default: the visit's day)."""
    inspection = records.get(ws.db, "inspections", inspection_id, what=_("Inspection"))
    if as_of is None:
        stamp = inspection["arrived_at"]
        as_of = records.parse_utc(stamp).astimezone().date() if stamp else date.today()
    traces = list(
        ws.db.query(
            "SELECT * FROM traces WHERE inspection_id = ? AND deleted = 0 ORDER BY created_at",
            [inspection_id],
        )
    )
    steps: dict[str, list[dict[str, Any]]] = {t["id"]: [] for t in traces}
    for step in ws.db.query(
        "SELECT s.* FROM trace_steps s JOIN traces t ON t.id = s.trace_id"
        " WHERE t.inspection_id = ? AND s.deleted = 0",
        [inspection_id],
    ):
        steps[step["trace_id"]].append(step)
    return [analyse(t, steps[t["id"]], as_of) for t in traces]
