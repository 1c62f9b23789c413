# SPDX-License-Identifier: GPL-3.0-or-later
"""The follow-up register: every recommendation of every check, followed to closure.

Each line says who must act (the unit that owns the recommendation, else its target, else the
inspected unit), who follows it at the office (the person named, else the leader of the check's
team), its deadline (the one the minutes print, or the one the office extended it to) and where it
stands: open, in progress, done, dropped (with the reason), or overdue (not closed and past its
deadline, counted in working days with the workspace's holiday calendar).

Every update is a logged change of the recommendation, made by this workspace's user: exported,
it travels signed like any change, back to the team's laptops too. After the minutes are sealed
only the follow-up changes (``seals.FOLLOW_UP_FIELDS``); the files the office attaches
(``follow_up_files``) belong to the recommendation, not to what the minutes fixed.
"""

from __future__ import annotations

import json
import mimetypes
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from inspector.errors import ValidationError
from inspector.fieldwork.inspections import PERSON, UNCHANGED, Unchanged
from inspector.fieldwork.recommendations import RECOMMENDATION
from inspector.i18n import Text, _
from inspector.office.facets import LEADERS  # each check's team leader
from inspector.store import columns, evidence_store, records
from inspector.store import validate as v
from inspector.store.workspace import Workspace
from inspector.vocabulary import RecommendationStatus


class Standing(StrEnum):
    """Where a recommendation stands in the register."""

    OPEN = "OPEN"
    IN_PROGRESS = "IN_PROGRESS"
    OVERDUE = "OVERDUE"
    DONE = "DONE"
    DROPPED = "DROPPED"


STANDING_LABELS: dict[Standing, Text] = {
    Standing.OPEN: _("Not yet carried out"),
    Standing.IN_PROGRESS: _("Being carried out"),
    Standing.OVERDUE: _("Overdue"),
    Standing.DONE: _("Done"),
    Standing.DROPPED: _("Dropped"),
}

# The statuses that close a recommendation: it is never overdue once one of these.
CLOSED = (
    RecommendationStatus.DONE.value,
    RecommendationStatus.VERIFIED.value,
    RecommendationStatus.NOT_FEASIBLE.value,
)

# The deadline that counts: the one the office extended it to, else the signed one.
DUE = "coalesce(r.extended_to, r.deadline)"
# Who must act; who follows it at the office (the check's team leader unless someone is named).
ACTOR = "coalesce(r.owner_unit_id, r.target_unit_id, i.unit_id)"
SUPERVISOR = "coalesce(r.follow_up_by, l.pid)"  # l: LEADERS, joined once per query
# Where it stands on the day bound to :today.
STANDING = (
    "CASE WHEN r.status IN ('DONE', 'VERIFIED') THEN 'DONE'"
    " WHEN r.status = 'NOT_FEASIBLE' THEN 'DROPPED'"
    f" WHEN r.status = 'OVERDUE' OR {DUE} < :today THEN 'OVERDUE'"
    " WHEN r.status = 'IN_PROGRESS' THEN 'IN_PROGRESS' ELSE 'OPEN' END"
)
# The same test as STANDING = 'OVERDUE', written so that the deadlines' index answers it.
_OVERDUE = (
    "r.status NOT IN ('DONE', 'VERIFIED', 'NOT_FEASIBLE')"
    f" AND (r.status = 'OVERDUE' OR {DUE} < :today)"
)
# The live recommendations of live checks (and of live findings, when they follow one). Only
# the register's index is read (schema 12; named, as the planner would take a narrower one that
# sends it to every recommendation's row), and a deleted finding is looked up among the few
# deleted ones (their partial index, schema 7), so that no finding's row is read either.
_LIVE = " WHERE r.deleted = 0 AND i.deleted = 0"
_LIVE_FINDING = (
    " AND (r.finding_id IS NULL OR NOT EXISTS (SELECT 1 FROM findings d INDEXED BY"
    " findings_deleted WHERE d.id = r.finding_id AND d.deleted = 1))"
)
_FROM = (
    " FROM recommendations r INDEXED BY recommendations_register"
    f" JOIN inspections i ON i.id = r.inspection_id LEFT JOIN {LEADERS} l"
    f" ON l.iid = r.inspection_id{_LIVE}{_LIVE_FINDING}"
)


# The recommendations of a page, found by their ids (the checks the index made first).
_BY_ID = (
    f" FROM recommendations r JOIN inspections i ON i.id = r.inspection_id LEFT JOIN {LEADERS} l"
    f" ON l.iid = r.inspection_id{_LIVE}"
)


def _counted(ws: Workspace, select: str, where: str, params: dict[str, Any]) -> dict[Any, int]:
    """``select`` (a key, then count(*)) over the live recommendations ``where`` keeps, grouped
    by the key: counted over every recommendation of the live checks, less those under a deleted
    finding (read from the few deleted findings), which saves a lookup a recommendation.
    The leaders are joined only where ``select`` or ``where`` needs them."""
    leaders = (
        f" LEFT JOIN {LEADERS} l ON l.iid = r.inspection_id" if "l.pid" in select + where else ""
    )
    every = (
        f"SELECT {select} FROM recommendations r INDEXED BY recommendations_register"
        f" JOIN inspections i ON i.id = r.inspection_id{leaders}{_LIVE}{where} GROUP BY 1"
    )
    under_deleted = (
        f"SELECT {select} FROM findings d INDEXED BY findings_deleted"  # these first (CROSS)
        " CROSS JOIN recommendations r INDEXED BY recommendations_finding_id"
        " ON r.finding_id = d.id JOIN inspections i"
        f" ON i.id = r.inspection_id{leaders}{_LIVE} AND d.deleted = 1{where} GROUP BY 1"
    )
    found: dict[Any, int] = {}
    for key, n in ws.db.execute(every, params):
        found[key] = found.get(key, 0) + int(n)
    for key, n in ws.db.execute(under_deleted, params):
        found[key] = found.get(key, 0) - int(n)
    return {k: n for k, n in found.items() if n > 0}


@dataclass(frozen=True)
class Entry:
    """One line of the register."""

    id: str
    inspection_id: str
    unit_id: str  # the inspected unit
    actor_unit_id: str  # who must act
    supervisor_id: str | None
    type: str
    text: str
    finding_title: str | None
    deadline: str | None  # as the minutes print it
    extended_to: str | None
    status: str
    status_note: str | None
    report: str | None
    standing: Standing
    files: int

    @property
    def due(self) -> str | None:
        """The deadline that counts."""
        return self.extended_to or self.deadline


@dataclass(frozen=True)
class Narrowing:
    """Which lines of the register are wanted: any of the standings, of who must act (a unit),
    of who follows up (a person); empty narrows nothing."""

    standings: frozenset[Standing] = frozenset()
    units: frozenset[str] = frozenset()
    supervisors: frozenset[str] = frozenset()


def _where(narrowing: Narrowing) -> tuple[str, dict[str, Any]]:
    parts: list[str] = []
    params: dict[str, Any] = {}
    for name, expr, values in (
        ("s", STANDING, sorted(narrowing.standings)),
        ("u", ACTOR, sorted(narrowing.units)),
        ("p", SUPERVISOR, sorted(narrowing.supervisors)),
    ):
        if values:
            keys = [f"{name}{n}" for n in range(len(values))]
            parts.append(f" AND {expr} IN ({', '.join(':' + k for k in keys)})")
            params.update(zip(keys, [str(x) for x in values], strict=True))
    return "".join(parts), params


def count(ws: Workspace, narrowing: Narrowing = Narrowing(), *, today: date | None = None) -> int:
    """How many lines of the register the narrowing keeps."""
    counts = by_standing(ws, narrowing, today=today)
    return sum(n for s, n in counts.items() if not narrowing.standings or s in narrowing.standings)


def entries(
    ws: Workspace,
    narrowing: Narrowing = Narrowing(),
    *,
    today: date | None = None,
    limit: int = -1,
    offset: int = 0,
) -> list[Entry]:
    """The register's lines the narrowing keeps, the most urgent first: overdue ones by their
    deadline, then the open ones by theirs, then the closed ones.

    The order and the page are found in the register's index alone; only the page's
    recommendations are then read whole."""
    where, params = _where(narrowing)
    sql = (
        f"SELECT r.id{_FROM}{where} ORDER BY CASE {STANDING} WHEN 'OVERDUE' THEN 0"
        f" WHEN 'IN_PROGRESS' THEN 1 WHEN 'OPEN' THEN 1 ELSE 2 END, {DUE} IS NULL, {DUE}, r.id"
        " LIMIT :limit OFFSET :offset"
    )
    values = {**params, "today": _day(today), "limit": limit, "offset": offset}
    ids = [row[0] for row in ws.db.execute(sql, values)]
    found: dict[str, Entry] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        keys = {f"id{n}": rid for n, rid in enumerate(chunk)}
        tail = f" AND r.id IN ({', '.join(':' + k for k in keys)})"
        found.update((e.id, e) for e in _select(ws, tail, keys, today))
    return [found[rid] for rid in ids if rid in found]


def entry(ws: Workspace, recommendation_id: str, *, today: date | None = None) -> Entry:
    """One recommendation's line of the register.

    Raises:
        NotFoundError: no such live recommendation.
        ValidationError: its check or finding was deleted.
    """
    records.get(ws.db, "recommendations", recommendation_id, what=RECOMMENDATION)
    found = _select(ws, f" AND r.id = :id{_LIVE_FINDING}", {"id": recommendation_id}, today)
    if not found:
        raise ValidationError(_("This recommendation's check or finding was deleted."))
    return found[0]


def _select(ws: Workspace, tail: str, params: dict[str, Any], today: date | None) -> list[Entry]:
    """The register's lines ``tail`` keeps (conditions, order, limit), each finished with its
    finding's title and its files' count (read for these lines only)."""
    sql = (
        f"SELECT r.id, r.inspection_id, i.unit_id, {ACTOR}, {SUPERVISOR}, r.type, r.text,"
        f" r.finding_id, r.deadline, r.extended_to, r.status, r.status_note, r.report, {STANDING}"
        f"{_BY_ID}{tail}"
    )
    rows = ws.db.execute(sql, {**params, "today": _day(today)}).fetchall()
    ids = [row[0] for row in rows]
    findings = [row[7] for row in rows if row[7]]
    titles = _lookup(ws, "SELECT id, title FROM findings WHERE id IN ({marks})", findings)
    files = _lookup(
        ws,
        "SELECT recommendation_id, count(*) FROM follow_up_files WHERE deleted = 0"
        " AND recommendation_id IN ({marks}) GROUP BY recommendation_id",
        ids,
    )
    names = [f.name for f in fields(Entry)]  # the columns above, in the dataclass's order
    return [
        Entry(
            **dict(
                zip(
                    names,
                    (
                        *row[:7],
                        titles.get(row[7]) if row[7] else None,
                        *row[8:13],
                        Standing(row[13]),
                        int(files.get(row[0], 0)),
                    ),
                    strict=True,
                )
            )
        )
        for row in rows
    ]


def _lookup(ws: Workspace, sql: str, keys: list[str]) -> dict[str, Any]:
    """``sql``'s two columns as a dict, for ``keys`` (a page's: a few hundred at most)."""
    found: dict[str, Any] = {}
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        found.update(ws.db.execute(sql.format(marks=marks), chunk).fetchall())
    return found


def overdue_by(
    ws: Workspace, by: str, *, today: date | None = None
) -> list[tuple[str | None, int]]:
    """How many recommendations are overdue per unit that must act (``by="unit"``) or per
    person following them (``by="supervisor"``), the most first."""
    key = {"unit": ACTOR, "supervisor": SUPERVISOR}[by]
    counted = _counted(ws, f"{key}, count(*)", f" AND {_OVERDUE}", {"today": _day(today)})
    return sorted(counted.items(), key=lambda kn: (-kn[1], kn[0] or ""))


def by_standing(
    ws: Workspace, narrowing: Narrowing = Narrowing(), *, today: date | None = None
) -> dict[Standing, int]:
    """How many recommendations stand where, under the narrowing's units and supervisors (its
    standings aside, so that every standing stays in view to be chosen): one query."""
    where, params = _where(Narrowing(units=narrowing.units, supervisors=narrowing.supervisors))
    found = _counted(ws, f"{STANDING}, count(*)", where, {**params, "today": _day(today)})
    return {s: int(found.get(s.value, 0)) for s in Standing}


def working_days_late(ws: Workspace, item: Entry, *, today: date | None = None) -> int | None:
    """How many working days an overdue recommendation is past its deadline (None if not
    overdue or without a deadline, or if the calendar does not cover the days)."""
    if item.standing is not Standing.OVERDUE or not item.due:
        return None
    try:
        return ws.calendar.working_days_after(date.fromisoformat(item.due), today or date.today())
    except ValidationError:
        return None


def update(
    ws: Workspace,
    recommendation_id: str,
    *,
    status: str | Unchanged = UNCHANGED,
    note: str | None | Unchanged = UNCHANGED,
    report: str | None | Unchanged = UNCHANGED,
    extended_to: date | str | None | Unchanged = UNCHANGED,
    follow_up_by: str | None | Unchanged = UNCHANGED,
) -> bool:
    """Record how a recommendation is followed up; True if anything changed.

    ``note`` is the follow-up note (required, as the reason, to drop one); ``report`` the unit's
    report of what it did; ``extended_to`` a new deadline (after the signed one); ``follow_up_by``
    the person at the office who follows it. All is checked before anything is written.

    Raises:
        ValidationError: a value no recommendation can have; a drop without a reason.
        NotFoundError: no such recommendation, or no such person.
    """
    values: dict[str, Any] = {}
    if not isinstance(status, Unchanged):
        values["status"] = v.choice(RecommendationStatus, status, _("recommendation status")).value
    if not isinstance(note, Unchanged):
        values["status_note"] = v.text(note, _("Note"), required=False)
    if not isinstance(report, Unchanged):
        values["report"] = v.text(report, _("The unit's report"), required=False)
    if not isinstance(extended_to, Unchanged):
        day = v.day(extended_to, _("Deadline extended to"), required=False)
        values["extended_to"] = day.isoformat() if day else None
    with ws.transaction() as db:
        row = records.get(db, "recommendations", recommendation_id, what=RECOMMENDATION)
        if not isinstance(follow_up_by, Unchanged):
            if follow_up_by is not None:
                records.get(db, "people", follow_up_by, what=PERSON)
            values["follow_up_by"] = follow_up_by
        after = {**row, **values}
        if after["status"] == RecommendationStatus.NOT_FEASIBLE.value and not after["status_note"]:
            raise ValidationError(
                _("A recommendation is dropped only with the reason: write it in the note.")
            )
        if (
            values.get("extended_to")
            and row["deadline"]
            and values["extended_to"] <= row["deadline"]
        ):
            raise ValidationError(
                _(
                    "The new deadline ({new}) must come after the deadline in the minutes ({old}).",
                    new=_show_day(values["extended_to"]),
                    old=_show_day(row["deadline"]),
                )
            )
        return records.update(
            db, ws.actor, "recommendations", recommendation_id, values, what=RECOMMENDATION
        )


def extend_by_working_days(
    ws: Workspace, recommendation_id: str, days: int, *, reason: str, today: date | None = None
) -> date:
    """Extend a recommendation's deadline by ``days`` working days from the deadline that counts
    (or from ``today`` if it has none), with the reason as the follow-up note; the new date."""
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 365:
        raise ValidationError(_("An extension is from 1 to 365 working days."))
    reason = v.required_text(reason, _("Reason for the extension"))
    row = records.get(ws.db, "recommendations", recommendation_id, what=RECOMMENDATION)
    start = row["extended_to"] or row["deadline"]
    new = ws.calendar.add_working_days(
        date.fromisoformat(start) if start else (today or date.today()), days
    )
    update(ws, recommendation_id, extended_to=new, note=reason)
    return new


@dataclass(frozen=True)
class FileDraft:
    """A file to keep for a recommendation, checked, before it is stored."""

    recommendation_id: str
    file_name: str
    caption: str | None


def prepare_file(
    ws: Workspace, recommendation_id: str, path: Path | str, *, caption: str | None = None
) -> FileDraft:
    """Check everything about a file to keep but its content; nothing is written.

    Raises:
        ValidationError: a name no workspace takes, a caption too long, no such file.
        NotFoundError: no such recommendation.
    """
    source = Path(path)
    clean = v.text(caption, _("Caption"), required=False, max_len=1000)
    columns.check_value("follow_up_files", "file_name", source.name)
    records.get(ws.db, "recommendations", recommendation_id, what=RECOMMENDATION)
    if not source.is_file():
        raise ValidationError(_("The file {name} cannot be read.", name=source.name))
    return FileDraft(recommendation_id, source.name, clean)


def record_file(ws: Workspace, draft: FileDraft, digest: str, size: int) -> str:
    """Record a file already in the evidence store under ``digest``; return the record's id."""
    if not evidence_store.path_for(ws.evidence_dir, digest).is_file():
        raise ValidationError(_("The evidence file is not in the evidence store."))
    media_type = mimetypes.guess_type(draft.file_name)[0] or "application/octet-stream"
    with ws.transaction() as db:
        records.get(db, "recommendations", draft.recommendation_id, what=RECOMMENDATION)
        return records.insert(
            db,
            ws.actor,
            "follow_up_files",
            {
                "recommendation_id": draft.recommendation_id,
                "sha256": digest,
                "size": size,
                "file_name": draft.file_name,
                "media_type": media_type,
                "caption": draft.caption,
            },
        )


def attach_file(
    ws: Workspace,
    recommendation_id: str,
    path: Path | str,
    *,
    caption: str | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    is_cancelled: Callable[[], bool] | None = None,
) -> str:
    """Keep a file for a recommendation (the unit's report, a decision taken, a receipt of
    money repaid) in the evidence store, and record it; return the record's id.

    The app runs :func:`prepare_file`, the store's copy on a worker, then :func:`record_file`;
    this does the three in a row."""
    draft = prepare_file(ws, recommendation_id, path, caption=caption)
    digest, size = evidence_store.store_file(
        ws.evidence_dir, Path(path), on_progress=on_progress, is_cancelled=is_cancelled
    )
    return record_file(ws, draft, digest, size)


def files(ws: Workspace, recommendation_id: str) -> list[dict[str, Any]]:
    """The live files kept for a recommendation, oldest first, each with its stored ``path``."""
    rows = ws.db.query(
        "SELECT id, sha256, size, file_name, media_type, caption, created_at, changed_by"
        " FROM follow_up_files WHERE recommendation_id = ? AND deleted = 0"
        " ORDER BY created_at, id",
        [recommendation_id],
    )
    return [{**r, "path": evidence_store.path_for(ws.evidence_dir, r["sha256"])} for r in rows]


def remove_file(ws: Workspace, file_id: str, *, reason: str | None = None) -> None:
    """Remove a file kept for a recommendation (logged; the stored file stays while referred)."""
    with ws.transaction() as db:
        records.delete(db, ws.actor, "follow_up_files", file_id, reason=reason)


@dataclass(frozen=True)
class Event:
    """One change in a recommendation's history."""

    at: str  # UTC, as logged
    by: str
    field: str | None  # None: made, or a file kept
    value: Any
    reason: str | None


def history(ws: Workspace, recommendation_id: str) -> list[Event]:
    """Every logged change of a recommendation and of the files kept for it, oldest first: who
    made it and when, what changed to what."""
    out: list[Event] = []
    for changed_at, by, op, field, value, reason in ws.db.execute(
        "SELECT changed_at, changed_by, op, field, new_value, reason FROM changes"
        " WHERE table_name = 'recommendations' AND record_id = ? ORDER BY changed_at, seq",
        [recommendation_id],
    ):
        parsed = json.loads(value) if value is not None else None
        out.append(Event(changed_at, by, None if op == "insert" else field or op, parsed, reason))
    for changed_at, by, op, value, reason in ws.db.execute(
        "SELECT c.changed_at, c.changed_by, c.op, c.new_value, c.reason FROM changes c"
        " JOIN follow_up_files u ON u.id = c.record_id WHERE c.table_name = 'follow_up_files'"
        " AND u.recommendation_id = ? AND c.op IN ('insert', 'delete')",
        [recommendation_id],
    ):
        name = json.loads(value).get("file_name") if op == "insert" and value else None
        out.append(
            Event(changed_at, by, "file" if op == "insert" else "file_removed", name, reason)
        )
    return sorted(out, key=lambda e: e.at)


def names(ws: Workspace) -> dict[str, str]:
    """The names the register shows: of every unit (who must act) and of every person who
    follows a recommendation or leads a team, by id."""
    found = {
        unit: name
        for unit, name in ws.db.execute("SELECT id, name FROM org_units WHERE deleted = 0")
    }
    found.update(followers(ws))
    return found


def followers(ws: Workspace) -> dict[str, str]:
    """Who may follow recommendations up: the people named so, and every team's members (the
    inspectors), by id, in the order of their names."""
    rows = ws.db.execute(
        "SELECT p.id, p.full_name FROM people p WHERE p.deleted = 0 AND p.id IN"
        " (SELECT person_id FROM team_members WHERE deleted = 0"
        " UNION SELECT follow_up_by FROM recommendations WHERE follow_up_by IS NOT NULL)"
        " ORDER BY p.full_name, p.id"
    )
    return dict(rows.fetchall())


def _day(today: date | None) -> str:
    return (today or date.today()).isoformat()


def _show_day(iso: str) -> str:
    return date.fromisoformat(iso).strftime("%d/%m/%Y")


__all__ = [
    "CLOSED",
    "STANDING_LABELS",
    "Entry",
    "Event",
    "Narrowing",
    "Standing",
    "FileDraft",
    "attach_file",
    "by_standing",
    "count",
    "entries",
    "entry",
    "extend_by_working_days",
    "files",
    "followers",
    "history",
    "names",
    "overdue_by",
    "prepare_file",
    "record_file",
    "remove_file",
    "update",
    "working_days_late",
]
