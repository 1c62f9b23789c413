# SPDX-License-Identifier: GPL-3.0-or-later
"""The responsibility ledger: per person and per unit, over a period, what the checks recorded
against or for them (issue #14; Official letter 1251 asks the office to personalise
responsibility at each step, to praise the good and to review those who fail).

It states facts, never a verdict: the findings naming them, by severity and kind of
responsibility; roll-call absences without a reason and late arrivals; the dossier steps they
held that finished (or, at the check, stood) late, with the working days; the praise and reward
the checks recommended for them. Beside each line, the findings and the checks (with their
minutes' number and printed code) behind it.

A check belongs to the period by its day: its arrival, in Vietnam's time (UTC+7), else its
decision's day. A unit chosen takes in its sub-units and the units it succeeded, as the office's
facets do. A person's line counts what names them; a unit's line counts what names the unit as a
collective and, apart, what its staff's lines count.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from inspector.errors import ValidationError
from inspector.i18n import Text, _
from inspector.office.facets import Units
from inspector.store.workspace import Workspace
from inspector.vocabulary import AttendanceStatus, RecommendationType, SubjectType
from inspector.workdays import WorkCalendar

# A check's day: its arrival in Vietnam (UTC+7), else its decision's day.
CHECK_DAY = "coalesce(date(i.arrived_at, '+7 hours'), d.signed_on)"
PRAISE = (RecommendationType.PRAISE.value, RecommendationType.REWARD.value)
REPEATED_LATE = 2  # late arrivals from which they are repeated
PERIOD = "temp.period_checks"  # the period's checks (id, day), on the asking connection


@dataclass(frozen=True)
class Source:
    """A check behind a line: its decision's number, the inspected unit, its day, and its signed
    minutes' number and printed code (the first 16 digits of the sealed record's digest), if
    signed."""

    inspection_id: str
    check: str
    unit: str
    day: str
    minutes_number: str | None
    code: str | None


@dataclass
class Line:
    """What the checks of a period recorded about one person or one unit (as a collective)."""

    kind: str  # "person" or "unit"
    id: str
    name: str
    unit: str  # a person's unit; a unit's parent (empty at the top)
    # findings naming them, by (severity, kind of responsibility): how many findings
    findings: dict[tuple[str, str], int] = field(default_factory=dict)
    finding_ids: list[str] = field(default_factory=list)
    finding_titles: list[str] = field(default_factory=list)  # beside each id, its title
    absent_without_reason: int = 0
    late: int = 0
    late_steps: int = 0  # dossier steps held that finished (or stood) late
    late_step_days: int = 0  # their working days late, together
    praised: int = 0  # recommendations of praise or reward naming them
    # a unit's staff, apart from the unit as a collective (persons' lines summed)
    staff: dict[str, int] = field(default_factory=dict)
    sources: list[Source] = field(default_factory=list)

    @property
    def late_repeated(self) -> bool:
        """Whether the late arrivals repeat (two or more in the period)."""
        return self.late >= REPEATED_LATE

    @property
    def finding_count(self) -> int:
        """How many findings name them (each once, whatever its kinds of responsibility)."""
        return len(self.finding_ids)


@dataclass(frozen=True)
class Ledger:
    """The lines of a period: persons, then units, each sorted by name."""

    start: date
    end: date
    unit_id: str | None
    persons: list[Line]
    units: list[Line]


def _day(text: str | date, what: Text) -> date:
    if isinstance(text, date):
        return text
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(
            _("{what}: “{value}” is not a date (YYYY-MM-DD).", what=what, value=text)
        ) from None


def ledger(
    ws: Workspace,
    start: str | date,
    end: str | date,
    *,
    unit_id: str | None = None,
) -> Ledger:
    """The ledger of the checks whose day falls from ``start`` to ``end`` (both included), of
    the units within ``unit_id`` if given.

    Raises:
        ValidationError: a day that is not a date, a period that ends before it starts, or a
            unit that does not exist.
    """
    first, last = period(start, end)
    checks = period_checks(ws, first, last, unit_id)
    persons: dict[str, Line] = {}
    units: dict[str, Line] = {}
    behind: dict[tuple[str, str], set[str]] = defaultdict(set)  # (kind, id) -> checks

    def line(kind: str, key: str) -> Line:
        lines = persons if kind == "person" else units
        if key not in lines:
            lines[key] = Line(kind, key, "", "")
        return lines[key]

    if not checks:
        return Ledger(first, last, unit_id, [], [])
    keep_checks(ws, checks)
    for subject, person, unit, severity, level, finding, check, title in ws.db.execute(
        "SELECT r.subject_type, r.person_id, r.unit_id, f.severity, r.level, f.id,"
        f" f.inspection_id, f.title FROM {PERIOD} c JOIN findings f ON f.inspection_id = c.id"
        " JOIN responsibilities r ON r.finding_id = f.id"
        " WHERE r.deleted = 0 AND f.deleted = 0 ORDER BY f.id"
    ):
        individual = subject == SubjectType.INDIVIDUAL.value and person
        key = ("person", person) if individual else ("unit", unit) if unit else None
        if key is None:
            continue
        entry = line(*key)
        entry.findings[severity, level] = entry.findings.get((severity, level), 0) + 1
        if not entry.finding_ids or entry.finding_ids[-1] != finding:  # rows come by finding
            entry.finding_ids.append(finding)
            entry.finding_titles.append(" ".join(str(title).split()))
        behind[key].add(check)
    for person, status, check in ws.db.execute(
        f"SELECT a.person_id, a.status, a.inspection_id FROM {PERIOD} c JOIN attendance a"
        " ON a.inspection_id = c.id WHERE a.deleted = 0 AND a.status IN (?, ?)",
        [AttendanceStatus.ABSENT_WITHOUT_REASON.value, AttendanceStatus.LATE.value],
    ):
        entry = line("person", person)
        if status == AttendanceStatus.LATE.value:
            entry.late += 1
        else:
            entry.absent_without_reason += 1
        behind["person", person].add(check)
    calendar = ws.calendar
    for person, due, done, check in ws.db.execute(
        f"SELECT s.person_id, s.due_on, s.done_on, t.inspection_id FROM {PERIOD} c"
        " JOIN traces t ON t.inspection_id = c.id JOIN trace_steps s ON s.trace_id = t.id"
        " WHERE s.deleted = 0 AND t.deleted = 0 AND s.person_id IS NOT NULL"
    ):
        late = step_lateness(calendar, due, done, checks[check])
        if late > 0:
            entry = line("person", person)
            entry.late_steps += 1
            entry.late_step_days += late
            behind["person", person].add(check)
    for person, unit, check in ws.db.execute(
        f"SELECT r.target_person_id, r.target_unit_id, r.inspection_id FROM {PERIOD} c"
        " JOIN recommendations r ON r.inspection_id = c.id WHERE r.deleted = 0"
        " AND r.type IN (?, ?) AND (r.target_person_id IS NOT NULL OR r.target_unit_id IS NOT NULL)",
        list(PRAISE),
    ):
        key = ("person", person) if person else ("unit", unit)
        line(*key).praised += 1
        behind[key].add(check)
    _staff(ws, persons, units, behind)
    _name(ws, persons.values(), units.values())
    found = sources(ws, {c for checks_of in behind.values() for c in checks_of}, checks)
    for key, checks_of in behind.items():
        entry = (persons if key[0] == "person" else units)[key[1]]
        entry.sources = sorted((found[c] for c in checks_of), key=lambda s: (s.day, s.check))
    return Ledger(
        first,
        last,
        unit_id,
        sorted(persons.values(), key=lambda x: (x.name, x.id)),
        sorted(units.values(), key=lambda x: (x.name, x.id)),
    )


def period(start: str | date, end: str | date) -> tuple[date, date]:
    """A period's first and last days, as typed.

    Raises:
        ValidationError: a day that is not a date, or a period that ends before it starts.
    """
    first, last = _day(start, _("From")), _day(end, _("To"))
    if last < first:
        raise ValidationError(
            _("The period ends ({end}) before it starts ({start}).", end=last, start=first)
        )
    return first, last


def period_checks(ws: Workspace, first: date, last: date, unit_id: str | None) -> dict[str, str]:
    """The live checks of the period (of the units within ``unit_id``): id -> day.

    Raises:
        ValidationError: no such unit.
    """
    where, params = "", [first.isoformat(), last.isoformat()]
    if unit_id is not None:
        if not ws.db.execute("SELECT 1 FROM org_units WHERE id = ?", [unit_id]).fetchone():
            raise ValidationError(_("There is no unit {id}.", id=unit_id))
        within = sorted(Units.read(ws).within([unit_id]))
        where = f" AND i.unit_id IN ({','.join('?' * len(within))})"
        params += within
    return dict(
        ws.db.execute(
            f"SELECT i.id, {CHECK_DAY} FROM inspections i JOIN decisions d ON d.id = i.decision_id"
            f" WHERE i.deleted = 0 AND {CHECK_DAY} BETWEEN ? AND ?{where}",
            params,
        ).fetchall()
    )


def _name(ws: Workspace, persons: Iterable[Line], units: Iterable[Line]) -> None:
    """Each line's name, and its person's unit or its unit's parent (the registers read once)."""
    people = {
        person: (name, unit)
        for person, name, unit in ws.db.execute(
            "SELECT p.id, p.full_name, coalesce(u.name, '') FROM people p"
            " LEFT JOIN org_units u ON u.id = p.unit_id"
        )
    }
    parents = {
        unit: (name, parent)
        for unit, name, parent in ws.db.execute(
            "SELECT u.id, u.name, coalesce(p.name, '') FROM org_units u"
            " LEFT JOIN org_units p ON p.id = u.parent_id"
        )
    }
    for lines, names in ((persons, people), (units, parents)):
        for entry in lines:
            entry.name, entry.unit = names.get(entry.id, (entry.id, ""))


def step_lateness(calendar: WorkCalendar, due: str, done: str | None, day: str) -> int:
    """How many working days a dossier step finished late, or stood late on its check's ``day``
    if not done (0 where the calendar does not cover the days)."""
    try:
        return calendar.lateness(
            date.fromisoformat(due),
            date.fromisoformat(done) if done else None,
            date.fromisoformat(day),
        )
    except (ValueError, ValidationError):
        return 0


def _staff(
    ws: Workspace,
    persons: dict[str, Line],
    units: dict[str, Line],
    behind: dict[tuple[str, str], set[str]],
) -> None:
    """Each unit's staff's lines summed on the unit's line (a unit with staff on the ledger and
    nothing against it as a collective gets a line of its own)."""
    if not persons:
        return
    for person, unit in ws.db.execute(
        "SELECT id, unit_id FROM people WHERE unit_id IS NOT NULL"
    ).fetchall():
        if person not in persons:
            continue
        if unit not in units:  # named with the others
            units[unit] = Line("unit", unit, "", "")
        mine, sums = persons[person], units[unit].staff
        for name, value in (
            ("findings", mine.finding_count),
            ("absent_without_reason", mine.absent_without_reason),
            ("late", mine.late),
            ("late_steps", mine.late_steps),
            ("late_step_days", mine.late_step_days),
            ("praised", mine.praised),
        ):
            sums[name] = sums.get(name, 0) + value
        behind["unit", unit] |= behind["person", person]


def sources(ws: Workspace, wanted: set[str], days: dict[str, str]) -> dict[str, Source]:
    """Each of the ``wanted`` checks' source: its decision, unit, day (from ``days``), and its
    live main minutes' number and code (the checks read from :data:`PERIOD`, which holds them)."""
    if not wanted:
        return {}
    found = {}
    for check, number, unit in ws.db.execute(
        f"SELECT i.id, d.number_symbol, u.name FROM {PERIOD} c JOIN inspections i ON i.id = c.id"
        " JOIN decisions d ON d.id = i.decision_id JOIN org_units u ON u.id = i.unit_id"
    ):
        if check in wanted:
            found[check] = Source(check, number, unit, days[check], None, None)
    for check, number, digest in ws.db.execute(
        f"SELECT m.inspection_id, m.number, m.record_digest FROM {PERIOD} c JOIN minutes m"
        " ON m.inspection_id = c.id WHERE m.deleted = 0 AND m.kind = 'MAIN' ORDER BY m.sealed_at"
    ):
        if check in found:
            was = found[check]
            found[check] = Source(
                was.inspection_id, was.check, was.unit, was.day, number, digest[:16]
            )
    return found


def keep_checks(ws: Workspace, days: dict[str, str]) -> None:
    """Keep the period's checks (id -> day) in :data:`PERIOD`, on ``ws.db``'s connection, for
    the queries that read them (however many they are: no list of parameters)."""
    conn = ws.db.conn
    conn.execute(f"CREATE TABLE IF NOT EXISTS {PERIOD} (id TEXT PRIMARY KEY, day TEXT)")
    conn.execute(f"DELETE FROM {PERIOD}")
    conn.executemany(f"INSERT INTO {PERIOD} VALUES (?, ?)", days.items())
