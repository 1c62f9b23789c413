# SPDX-License-Identifier: GPL-3.0-or-later
"""Step traces of dossiers, documents and tasks: who held each step, when, and how late.

Lateness is counted in working days (weekends and public holidays excluded) and is always derived,
never stored, so a corrected date or calendar corrects it everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from inspector.errors import ValidationError
from inspector.fieldwork.inspections import PERSON, UNIT_TREE, editable_inspection
from inspector.i18n import _
from inspector.store import records
from inspector.store import validate as v
from inspector.store.workspace import Workspace
from inspector.timefmt import vietnam_time
from inspector.vocabulary import StepRole, TraceObjectType
from inspector.workdays import WorkCalendar

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
            finding = records.get(db, "findings", finding_id, what=_("Finding"))
            if finding["inspection_id"] != inspection_id:
                raise ValidationError(_("The finding belongs to another inspection."))
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
    values = _step_values(
        {
            "step_name": step_name,
            "received_on": received_on,
            "due_on": due_on,
            "done_on": done_on,
            "person_id": person_id,
            "unit_id": unit_id,
            "role": role,
            "apology_slip": apology_slip,
        },
        ws.calendar,
    )
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
            {**values, "trace_id": trace_id, "step_no": step_no},
        )


def analyse(
    trace: dict[str, Any],
    steps: list[dict[str, Any]],
    as_of: date,
    calendar: WorkCalendar,
) -> TraceAnalysis:
    """Compute each step's lateness in working days (of ``calendar``: the workspace's, see
    :attr:`Workspace.calendar`); open steps count up to ``as_of``."""
    result = []
    for step in sorted(steps, key=lambda s: s["step_no"]):
        done = date.fromisoformat(step["done_on"]) if step["done_on"] else None
        late = calendar.lateness(date.fromisoformat(step["due_on"]), done, as_of)
        result.append(StepLateness(step=step, late_days=late, open=done is None))
    return TraceAnalysis(trace=trace, steps=result)


def traces_of(ws: Workspace, inspection_id: str, as_of: date | None = None) -> list[TraceAnalysis]:
    """Return every trace of an inspection, analysed as of ``as_of`` (default: the visit's day)."""
    inspection = records.get(ws.db, "inspections", inspection_id, what=_("Inspection"))
    if as_of is None:
        stamp = inspection["arrived_at"]
        # the visit's day in Vietnam, whatever zone the laptop is set to
        visit = vietnam_time(stamp)
        as_of = visit.date() if visit else date.today()
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
    calendar = ws.calendar
    return [analyse(t, steps[t["id"]], as_of, calendar) for t in traces]


STEP_FIELDS = (
    "step_name",
    "received_on",
    "due_on",
    "done_on",
    "person_id",
    "unit_id",
    "role",
    "apology_slip",
)


def _step_values(merged: dict[str, Any], calendar: WorkCalendar) -> dict[str, Any]:
    received = v.required_day(merged["received_on"], _("Received on"))
    due = v.required_day(merged["due_on"], _("Due on"))
    done = v.day(merged["done_on"], _("Done on"), required=False)
    v.not_before(received, due, _("Received on"), _("Due on"))
    if done is not None:
        v.not_before(received, done, _("Received on"), _("Done on"))
    for d in (received, due, done):
        if d is not None:
            calendar.is_working_day(d)  # refuses dates the calendar cannot count
    if merged["person_id"] is None and merged["unit_id"] is None:
        raise ValidationError(_("Name the person or unit that held this step."))
    return {
        "step_name": v.required_text(merged["step_name"], _("Step"), max_len=200),
        "received_on": received.isoformat(),
        "due_on": due.isoformat(),
        "done_on": done.isoformat() if done else None,
        "role": (
            v.optional_choice(StepRole, merged["role"], _("step role")) or StepRole.LEAD
        ).value,
        "apology_slip": v.flag(merged["apology_slip"], _("Apology slip")),
        "person_id": merged["person_id"],
        "unit_id": merged["unit_id"],
    }


def update_step(ws: Workspace, step_id: str, **changes: Any) -> bool:
    """Change a processing step (dates, holder, name, role, apology slip); True if changed."""
    v.reject_unknown(changes, STEP_FIELDS, _("Step"))
    with ws.transaction() as db:
        step = records.get(db, "trace_steps", step_id, what=_("Step"))
        values = _step_values({k: changes.get(k, step[k]) for k in STEP_FIELDS}, ws.calendar)
        if values["person_id"] is not None and "person_id" in changes:
            records.get(db, "people", values["person_id"], what=PERSON)
        if values["unit_id"] is not None and "unit_id" in changes:
            records.get(db, "org_units", values["unit_id"], what=_("Unit"))
        return records.update(db, ws.actor, "trace_steps", step_id, values)  # none if sealed


def delete_step(ws: Workspace, step_id: str) -> None:
    """Remove a processing step (a tombstone)."""
    with ws.transaction() as db:
        records.delete(db, ws.actor, "trace_steps", step_id, what=_("Step"))


def update_trace(ws: Workspace, trace_id: str, **changes: Any) -> bool:
    """Change a trace's reference, procedure code or title; True if anything changed."""
    v.reject_unknown(changes, ("object_ref", "procedure_code", "title"), TRACE)
    values: dict[str, Any] = {}
    if "object_ref" in changes:
        values["object_ref"] = v.required_text(
            changes["object_ref"], _("Dossier or document number"), max_len=100
        )
    if "procedure_code" in changes:
        values["procedure_code"] = v.text(
            changes["procedure_code"], _("Procedure code"), required=False, max_len=50
        )
    if "title" in changes:
        values["title"] = v.text(changes["title"], _("Dossier title"), required=False, max_len=500)
    with ws.transaction() as db:
        return records.update(db, ws.actor, "traces", trace_id, values, what=TRACE)


def delete_trace(ws: Workspace, trace_id: str) -> None:
    """Remove a trace and its steps (tombstones)."""
    with ws.transaction() as db:
        records.delete_tree(db, ws.actor, "traces", trace_id, what=TRACE)


@dataclass(frozen=True)
class PastedStep:
    """One row of a pasted dossier table."""

    line: int
    object_ref: str
    title: str | None
    step_name: str
    holder: str
    received_on: date
    due_on: date
    done_on: date | None


def _looks_like_date(cell: str) -> bool:
    try:
        return v.day(cell, _("Date"), required=False) is not None
    except ValidationError:
        return False


def parse_steps(text: str) -> list[PastedStep]:
    """Read rows copied from a spreadsheet (tab-separated): dossier number, procedure, step,
    holder, received, due, done (the last may be empty). A heading row is skipped.

    Raises:
        ValidationError: naming the first line that cannot be read.
    """
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        cells = [c.strip() for c in line.split("\t")]
        cells += [""] * (7 - len(cells))
        if number == 1 and not any(_looks_like_date(c) for c in cells):
            continue  # a heading row
        try:
            if len([c for c in cells if c]) < 6:
                raise ValidationError(
                    _(
                        "Each row needs: dossier number, procedure, step, holder, received, due,"
                        " and done if finished."
                    )
                )
            rows.append(
                PastedStep(
                    line=number,
                    object_ref=v.required_text(
                        cells[0], _("Dossier or document number"), max_len=100
                    ),
                    title=v.text(cells[1], _("Dossier title"), required=False, max_len=500),
                    step_name=v.required_text(cells[2], _("Step"), max_len=200),
                    holder=v.required_text(cells[3], _("Holder"), max_len=200),
                    received_on=v.required_day(cells[4], _("Received on")),
                    due_on=v.required_day(cells[5], _("Due on")),
                    done_on=v.day(cells[6], _("Done on"), required=False),
                )
            )
        except ValidationError as exc:
            raise ValidationError(
                _("Line {line}: {problem}", line=number, problem=exc.text), field=exc.field
            ) from exc
    if not rows:
        raise ValidationError(_("There are no rows to add."))
    return rows


def paste_steps(ws: Workspace, inspection_id: str, text: str) -> list[str]:
    """Add the steps of pasted rows (see :func:`parse_steps`), starting traces as needed.

    Holders are matched by name among the people of the register. Everything is checked before
    anything is written; return the ids of the new steps.
    """
    rows = parse_steps(text)
    calendar = ws.calendar
    with ws.transaction() as db:
        inspection = editable_inspection(db, inspection_id)
        people: dict[str, list[str]] = {}
        for pid, name in db.execute(
            UNIT_TREE + "SELECT id, full_name FROM people WHERE deleted = 0"
            " AND unit_id IN (SELECT id FROM tree)",
            [inspection["unit_id"]],
        ):
            people.setdefault(name.casefold(), []).append(pid)
        traces = {
            ref: tid
            for tid, ref in db.execute(
                "SELECT id, object_ref FROM traces WHERE inspection_id = ? AND deleted = 0",
                [inspection_id],
            )
        }
        next_no: dict[str, int] = {}
        step_ids = []
        for row in rows:
            matches = people.get(row.holder.casefold(), [])
            if not matches:
                raise ValidationError(
                    _(
                        "Line {line}: {name} is not in the staff register; add the person first.",
                        line=row.line,
                        name=row.holder,
                    )
                )
            if len(matches) > 1:
                raise ValidationError(
                    _(
                        "Line {line}: several staff members are called {name}; enter this step"
                        " with the form, where you choose the person.",
                        line=row.line,
                        name=row.holder,
                    )
                )
            holder = matches[0]
            merged = {
                "step_name": row.step_name,
                "received_on": row.received_on,
                "due_on": row.due_on,
                "done_on": row.done_on,
                "person_id": holder,
                "unit_id": None,
                "role": None,
                "apology_slip": False,
            }
            try:
                values = _step_values(merged, calendar)
            except ValidationError as exc:
                raise ValidationError(
                    _("Line {line}: {problem}", line=row.line, problem=exc.text)
                ) from exc
            trace_id = traces.get(row.object_ref)
            if trace_id is None:
                trace_id = records.insert(
                    db,
                    ws.actor,
                    "traces",
                    {
                        "inspection_id": inspection_id,
                        "object_type": TraceObjectType.DOSSIER.value,
                        "object_ref": row.object_ref,
                        "title": row.title,
                    },
                )
                traces[row.object_ref] = trace_id
            if trace_id not in next_no:
                next_no[trace_id] = db.execute(
                    "SELECT coalesce(max(step_no), 0) FROM trace_steps WHERE trace_id = ?"
                    " AND deleted = 0",
                    [trace_id],
                ).fetchone()[0]
            next_no[trace_id] += 1
            step_ids.append(
                records.insert(
                    db,
                    ws.actor,
                    "trace_steps",
                    {**values, "trace_id": trace_id, "step_no": next_no[trace_id]},
                )
            )
    return step_ids


def record_step(
    ws: Workspace,
    inspection_id: str,
    *,
    object_ref: str,
    title: str | None = None,
    **step: Any,
) -> str:
    """Add a step to the dossier ``object_ref`` of an inspection, starting its trace if it has none.

    ``step`` holds :func:`add_step`'s arguments. All or nothing: a refused step starts no trace.
    """
    ref = v.required_text(object_ref, _("Dossier or document number"), max_len=100)
    with ws.transaction() as db:
        editable_inspection(db, inspection_id)
        row = db.execute(
            "SELECT id FROM traces WHERE inspection_id = ? AND object_ref = ? AND deleted = 0",
            [inspection_id, ref],
        ).fetchone()
        trace_id = (
            str(row[0])
            if row
            else add_trace(
                ws,
                inspection_id,
                object_type=TraceObjectType.DOSSIER.value,
                object_ref=ref,
                title=title,
            )
        )
        return add_step(ws, trace_id, **step)
