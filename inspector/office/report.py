# SPDX-License-Identifier: GPL-3.0-or-later
"""The office's period report (issue #14): what the checks of a period, of every unit or of one
unit and its sub-units, made and found, in the figures the office reports up the line.

- **Checks** made, and how many were surprise checks (unannounced).
- **Roll call**: the staff marked, absent without a reason, absent with one, late; the absence
  rate is the absent without a reason among the marked.
- **Dossiers** traced: how many, and how many were late at some step (a step finished, or at the
  check still stood, past its time limit by a working day or more); the overdue-dossier rate.
- **Findings** by area and severity.
- **Recommendations** by where they stand today (as the follow-up register says it), the
  overdue among them.
- **Money** (whole đồng): in excess of norms (the findings' excess); asked to be refunded (the
  excess of the findings with a refund recommended); refunded (of those, the ones whose refund
  is done).
- **The items that fail most**: each checklist item (by code), in how many checks it failed
  (answered "does not comply", or with a finding of a shortcoming or worse).
- **The minutes** it was built from: each check with its signed minutes' number and code.

A check belongs to the period by its day, as in the responsibility ledger. Every figure is one
aggregate query over the period's checks, kept in a temporary table of the connection: a period
of a million findings reads their office index once per figure, never their texts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from inspector.office import followup, ledger, reinspect
from inspector.office.ledger import Source
from inspector.store.workspace import Workspace
from inspector.vocabulary import AttendanceStatus, RecommendationType, TraceObjectType

CHECKS = ledger.PERIOD  # the period's checks (id, day), on the asking connection
TOP_ITEMS = 10  # the items that fail most, listed


@dataclass
class Report:
    """The figures of a period (see the module's description)."""

    start: date
    end: date
    unit_id: str | None
    unit: str  # the unit's name, or empty for every unit
    checks: int = 0
    surprise: int = 0
    marked: int = 0
    absent_without_reason: int = 0
    absent_with_reason: int = 0
    late: int = 0
    dossiers: int = 0
    dossiers_late: int = 0
    findings: dict[tuple[str, str], int] = field(default_factory=dict)  # (area, severity)
    standings: dict[str, int] = field(default_factory=dict)  # followup.Standing value -> n
    money_excess: int = 0
    money_to_refund: int = 0
    money_refunded: int = 0
    failing: list[tuple[str, str, int]] = field(default_factory=list)  # code, wording, checks
    sources: list[Source] = field(default_factory=list)

    @property
    def absence_rate(self) -> float | None:
        """The absent without a reason among the staff marked (None: nobody was marked)."""
        return self.absent_without_reason / self.marked if self.marked else None

    @property
    def dossier_late_rate(self) -> float | None:
        """The dossiers late at some step among those traced (None: none was traced)."""
        return self.dossiers_late / self.dossiers if self.dossiers else None

    @property
    def finding_count(self) -> int:
        """Every finding of the period's checks."""
        return sum(self.findings.values())

    @property
    def recommendations(self) -> int:
        """Every recommendation of the period's checks."""
        return sum(self.standings.values())


def report(
    ws: Workspace,
    start: str | date,
    end: str | date,
    *,
    unit_id: str | None = None,
    today: date | None = None,
) -> Report:
    """The report of the checks whose day falls from ``start`` to ``end`` (both included), of the
    units within ``unit_id`` if given; recommendations standing as on ``today``.

    Raises:
        ValidationError: a day that is not a date, a period that ends before it starts, or a
            unit that does not exist.
    """
    first, last = ledger.period(start, end)
    days = ledger.period_checks(ws, first, last, unit_id)
    name = ""
    if unit_id is not None:
        (name,) = ws.db.execute("SELECT name FROM org_units WHERE id = ?", [unit_id]).fetchone()
    found = Report(first, last, unit_id, name)
    conn = ws.db.conn
    ledger.keep_checks(ws, days)
    try:
        for statement, params in statements(today or date.today()).items():
            _read(ws, found, statement, conn.execute(sql_of(statement), params).fetchall())
        _dossiers(ws, found)
        found.sources = sorted(
            ledger.sources(ws, set(days), days).values(), key=lambda s: (s.day, s.check)
        )
    finally:
        conn.execute(f"DELETE FROM {CHECKS}")
    return found


# The aggregate queries, by name: each reads the period's checks from CHECKS.
_SQL: dict[str, str] = {
    "checks": (
        f"SELECT count(*), coalesce(sum(d.unannounced), 0) FROM {CHECKS} c"
        " JOIN inspections i ON i.id = c.id JOIN decisions d ON d.id = i.decision_id"
    ),
    "roll_call": (
        f"SELECT a.status, count(*) FROM attendance a JOIN {CHECKS} c ON c.id = a.inspection_id"
        " WHERE a.deleted = 0 GROUP BY a.status"
    ),
    "findings": (
        "SELECT coalesce(f.area_code, ''), f.severity, count(*) FROM findings f"
        f" INDEXED BY findings_office JOIN {CHECKS} c ON c.id = f.inspection_id"
        " WHERE f.deleted = 0 GROUP BY 1, 2"
    ),
    "standings": (
        f"SELECT {followup.STANDING}, count(*) FROM {CHECKS} c"
        " CROSS JOIN recommendations r INDEXED BY recommendations_register"
        " ON r.inspection_id = c.id WHERE r.deleted = 0"
        " AND (r.finding_id IS NULL OR NOT EXISTS (SELECT 1 FROM findings x INDEXED BY"
        " findings_deleted WHERE x.id = r.finding_id AND x.deleted = 1)) GROUP BY 1"
    ),
    "money": (
        "SELECT coalesce(sum(f.amount_excess), 0),"
        " coalesce(sum(CASE WHEN EXISTS (SELECT 1 FROM recommendations r WHERE"
        " r.finding_id = f.id AND r.deleted = 0 AND r.type = :refund) THEN f.amount_excess END),"
        " 0), coalesce(sum(CASE WHEN EXISTS (SELECT 1 FROM recommendations r WHERE"
        " r.finding_id = f.id AND r.deleted = 0 AND r.type = :refund AND r.status IN"
        " ('DONE', 'VERIFIED')) THEN f.amount_excess END), 0)"
        f" FROM {CHECKS} c CROSS JOIN findings f ON f.inspection_id = c.id"
        " WHERE f.deleted = 0 AND f.amount_excess IS NOT NULL"
    ),
    "failing": (
        "SELECT ci.code, count(DISTINCT x.inspection_id) FROM ("
        f" SELECT s.inspection_id, s.item_id FROM {CHECKS} c CROSS JOIN responses s"
        " ON s.inspection_id = c.id WHERE s.deleted = 0 AND s.answer = :failed"
        " UNION SELECT f.inspection_id, f.item_id FROM findings f INDEXED BY findings_office"
        f" JOIN {CHECKS} c ON c.id = f.inspection_id WHERE f.deleted = 0 AND f.item_id IS NOT NULL"
        f" AND f.severity IN ({', '.join(repr(s) for s in reinspect.FAILED_SEVERITIES)})"
        ") x JOIN checklist_items ci ON ci.id = x.item_id GROUP BY ci.code"
    ),
}


def sql_of(name: str) -> str:
    """The aggregate query ``name`` (its parameters: :func:`statements`)."""
    return _SQL[name]


def statements(today: date) -> dict[str, dict[str, str]]:
    """Each aggregate query's name and its parameters, standing as on ``today``."""
    return {
        "checks": {},
        "roll_call": {},
        "findings": {},
        "standings": {"today": today.isoformat()},
        "money": {"refund": RecommendationType.REFUND.value},
        "failing": {"failed": reinspect.FAILED_ANSWERS[0]},
    }


def _read(ws: Workspace, found: Report, name: str, rows: list[Any]) -> None:
    """Keep what query ``name`` returned in ``found``."""
    if name == "checks":
        found.checks, found.surprise = (int(v) for v in rows[0])
    elif name == "roll_call":
        marks = {str(status): int(n) for status, n in rows}
        found.marked = sum(marks.values())
        found.absent_without_reason = marks.get(AttendanceStatus.ABSENT_WITHOUT_REASON.value, 0)
        found.absent_with_reason = marks.get(AttendanceStatus.ABSENT_WITH_REASON.value, 0)
        found.late = marks.get(AttendanceStatus.LATE.value, 0)
    elif name == "findings":
        found.findings = {(str(a), str(s)): int(n) for a, s, n in rows}
    elif name == "standings":
        found.standings = {str(s): int(n) for s, n in rows}
    elif name == "money":
        found.money_excess, found.money_to_refund, found.money_refunded = (int(v) for v in rows[0])
    elif name == "failing":
        counts = {str(code): int(n) for code, n in rows}
        wording = dict(
            ws.db.execute(
                "SELECT ci.code, ci.text_vi FROM checklist_items ci JOIN checklist_templates t"
                " ON t.id = ci.template_id ORDER BY t.template_version"
            ).fetchall()
        )
        found.failing = [
            (code, str(wording.get(code, "")), n)
            for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_ITEMS]
        ]


def _dossiers(ws: Workspace, found: Report) -> None:
    """The dossiers traced, and those late at some step as of their check's day."""
    calendar = ws.calendar
    late_traces: set[str] = set()
    traces: set[str] = set()
    for trace, due, done, day in ws.db.execute(
        f"SELECT t.id, s.due_on, s.done_on, c.day FROM {CHECKS} c JOIN traces t"
        " ON t.inspection_id = c.id LEFT JOIN trace_steps s ON s.trace_id = t.id"
        " AND s.deleted = 0 WHERE t.deleted = 0 AND t.object_type = ?",
        [TraceObjectType.DOSSIER.value],
    ):
        traces.add(trace)
        if trace not in late_traces and due is not None:
            if ledger.step_lateness(calendar, due, done, day) > 0:
                late_traces.add(trace)
    found.dossiers, found.dossiers_late = len(traces), len(late_traces)
