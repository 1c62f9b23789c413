# SPDX-License-Identifier: GPL-3.0-or-later
"""Who may change what: each change that arrives is judged by its signer and what this
workspace knows, never by what the package says about itself.

- The office (its authority, or the certificate it issued to its own workspace) may change
  anything.
- An inspector may change the records of the checks whose team includes him or her, as this
  workspace knows the team (its own record of the team, and the changes to it that the same
  package brings from someone entitled to make them), and the decision of such a check.
- An inspector may add to the registers (a unit, a person met on site) and correct what he or
  she added; what others entered there (the office's registers, the checklists) stays theirs.

A change outside its signer's scope is refused: it is kept in ``refused_changes`` with the
reason, reported, and never applied; the rest of the package is judged on its own, so a laptop
whose team was changed at the office meanwhile can still deliver the rest of its work.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlite_utils import Database

from inspector import timefmt
from inspector.i18n import Text, _
from inspector.minutes import sealing
from inspector.store.db import OWNERS
from inspector.sync.changesets import Author, SignedSet, canonical
from inspector.vocabulary import TeamRole

# the registers: tables whose rows belong to no inspection (db.OWNERS)
REGISTERS = tuple(t for t, owner in OWNERS.items() if owner is None)
# how a record belongs to an inspection through a parent record (db.OWNERS)
_VIA: dict[str, tuple[str, str]] = {
    t: (o.column, o.parent) for t, o in OWNERS.items() if o and o.parent and not o.named_by
}


LEADER = TeamRole.LEADER.value


# columns that point at a record of a check: a signer may point only at their own checks' records
_POINTERS = {
    "recommendations": "finding_id",
    "explanations": "finding_id",
    "traces": "finding_id",
}


def _pointed(table: str, row: dict[str, Any]) -> list[tuple[str, str]]:
    """The records of checks a row points at besides its own parent: (table, id)."""
    if table == "evidence_links":
        target, target_id = row.get("target_table"), row.get("target_id")
        if isinstance(target, str) and target in OWNERS and target_id:
            return [(target, str(target_id))]
        return []
    column = _POINTERS.get(table)
    if column and row.get(column):
        return [("findings", str(row[column]))]
    return []


class Waiting(Exception):
    """A change concerns a record this workspace has not received yet: the package waits for
    the earlier one that brings it."""


def _chunks(items: list[str], size: int = 500) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class _Known:
    """What this workspace knows before the import, read in batches, and what the package adds."""

    def __init__(self, db: Database, changes: list[dict[str, Any]]) -> None:
        self.db = db
        self.inserted: dict[tuple[str, str], dict[str, Any]] = {}
        for change in changes:
            if change["op"] == "insert" and isinstance(change["_new"], dict):
                self.inserted.setdefault(
                    (change["table_name"], change["record_id"]), change["_new"]
                )
        wanted: dict[str, set[str]] = defaultdict(set)
        for change in changes:
            wanted[change["table_name"]].add(change["record_id"])
        self.rows: dict[tuple[str, str], dict[str, Any]] = {}
        self._load(wanted)
        moved = [
            ((c["table_name"], c["record_id"]), self._after(c))
            for c in changes
            if c["op"] == "update"
        ]  # where an edit would move a record, or what it would point at, is read too
        pointed: dict[str, set[str]] = defaultdict(set)
        for (table, _record_id), row in [*self.rows.items(), *self.inserted.items(), *moved]:
            for target, target_id in _pointed(table, row):
                pointed[target].add(target_id)
        self._load(pointed)
        parents: dict[str, set[str]] = defaultdict(set)
        for (table, _record_id), row in [*self.rows.items(), *self.inserted.items(), *moved]:
            via = _VIA.get(table)
            if via and row.get(via[0]):
                parents[via[1]].add(str(row[via[0]]))
        self._load(parents)
        self.teams: dict[str, set[str]] = defaultdict(set)  # inspection → names
        self.leaders: dict[str, set[str]] = defaultdict(set)  # inspection → its leader's name
        self.decisions: dict[str, set[str]] = defaultdict(set)  # decision → inspections
        self.creators: dict[tuple[str, str], str | None] = {}

    def _load(self, wanted: dict[str, set[str]]) -> None:
        for table, ids in wanted.items():
            for chunk in _chunks(sorted(ids)):
                marks = ", ".join("?" for _ in chunk)
                for row in self.db.query(f"SELECT * FROM {table} WHERE id IN ({marks})", chunk):
                    self.rows[(table, row["id"])] = row

    def _after(self, change: dict[str, Any]) -> dict[str, Any]:
        """A record's columns an edit names, as they would be after it (the rest as they are)."""
        key = (change["table_name"], change["record_id"])
        return {
            **(self.rows.get(key) or self.inserted.get(key) or {}),
            change["field"]: change["_new"],
        }

    def row(self, table: str, record_id: str) -> dict[str, Any] | None:
        return self.rows.get((table, record_id)) or self.inserted.get((table, record_id))

    def inspections_of(self, change: dict[str, Any]) -> set[str]:
        """The inspections a change concerns: where its record is, and where it would move."""
        table, record_id = change["table_name"], change["record_id"]
        if table == "inspections":
            return {record_id}
        if table == "decisions":
            return set(self.decisions.get(record_id, set()))
        found: set[str] = set()
        for row in (self.rows.get((table, record_id)), self.inserted.get((table, record_id))):
            if row is not None:
                found |= self._owner(table, row)
        if change["op"] == "update":
            found |= self._owner(table, {change["field"]: change["_new"]})
        rows = [self.rows.get((table, record_id)), self.inserted.get((table, record_id))]
        if change["op"] == "update":
            rows.append(self._after(change))
        for row in rows:  # what it points at (a finding of another check) is changed too
            for target, target_id in _pointed(table, row or {}):
                pointed = self.row(target, target_id)
                if pointed is not None:
                    found |= self._owner(target, pointed) or (
                        {target_id} if target == "inspections" else set()
                    )
        return found

    def _owner(self, table: str, row: dict[str, Any]) -> set[str]:
        owner = OWNERS.get(table)
        if owner is None or owner.named_by:
            return set()
        value = row.get(owner.column)
        if not value:
            return set()
        if not owner.parent:  # the column names the inspection
            return {str(value)}
        parent = self.row(owner.parent, str(value))
        return self._owner(owner.parent, parent) if parent is not None else set()


def _load_teams(known: _Known, changes: list[dict[str, Any]]) -> None:
    """The team of every inspection the changes concern, as this workspace knows it, and which
    inspections each decision ordered."""
    inspections: set[str] = set()
    for change in changes:
        if change["table_name"] != "decisions":
            inspections |= known.inspections_of(change)
    decisions = sorted({c["record_id"] for c in changes if c["table_name"] == "decisions"})
    db = known.db
    for chunk in _chunks(decisions):
        marks = ", ".join("?" for _ in chunk)
        for inspection_id, decision_id in db.execute(
            f"SELECT id, decision_id FROM inspections WHERE decision_id IN ({marks})", chunk
        ):
            known.decisions[decision_id].add(inspection_id)
            inspections.add(inspection_id)
    for (table, record_id), row in known.inserted.items():
        if table == "inspections" and row.get("decision_id") in set(decisions):
            known.decisions[str(row["decision_id"])].add(record_id)
    for chunk in _chunks(sorted(inspections)):
        marks = ", ".join("?" for _ in chunk)
        for inspection_id, name, role in db.execute(
            "SELECT t.inspection_id, p.full_name, t.role FROM team_members t JOIN people p"
            f" ON p.id = t.person_id WHERE t.deleted = 0 AND t.inspection_id IN ({marks})",
            chunk,
        ):
            known.teams[inspection_id].add(name)
            if role == LEADER:
                known.leaders[inspection_id].add(name)


def _member_name(known: _Known, team_row: dict[str, Any]) -> str | None:
    person = known.row("people", str(team_row.get("person_id")))
    return str(person["full_name"]) if person and person.get("full_name") else None


def _creator(known: _Known, table: str, record_id: str) -> str | None:
    """The fingerprint of who made a record here (None: made here, or by no signed change)."""
    key = (table, record_id)
    if key not in known.creators:
        row = known.db.execute(
            "SELECT author_fp FROM changes WHERE table_name = ? AND record_id = ? AND op ="
            " 'insert' ORDER BY seq LIMIT 1",
            [table, record_id],
        ).fetchone()
        known.creators[key] = row[0] if row else None
    return known.creators[key]


def judge(db: Database, changes: list[dict[str, Any]]) -> dict[str, Text]:
    """The changes (each with ``_set``, see :mod:`inspector.sync.changesets`) their signer may not
    make, with why; call before merging them."""
    pending = [c for c in changes if not c["_set"].author.office]
    if not pending:
        return {}
    known = _Known(db, pending)
    _load_teams(known, pending)
    refused: dict[str, Text] = {}
    new_inspections = {
        rid
        for (t, rid) in known.inserted
        if t == "inspections" and ("inspections", rid) not in known.rows
    }
    # the team first: who joins a check is judged by the team as it stood, then counts
    team = [c for c in pending if c["table_name"] == "team_members"]
    for change in team:
        row = known.row("team_members", change["record_id"]) or {}
        for inspection_id in known.inspections_of(change):
            if inspection_id in new_inspections and change["op"] == "insert":
                name = _member_name(known, row)
                if name:
                    known.teams[inspection_id].add(name)
    for change in team:
        reason = _judge_one(known, change, new_inspections) or _judge_leadership(
            known, change, new_inspections
        )
        if reason:
            refused[change["change_id"]] = reason
        elif change["op"] == "insert":
            name = _member_name(known, known.row("team_members", change["record_id"]) or {})
            for inspection_id in known.inspections_of(change):
                if name:
                    known.teams[inspection_id].add(name)
    for change in pending:
        if change["table_name"] == "team_members":
            continue
        reason = _judge_one(known, change, new_inspections)
        if reason:
            refused[change["change_id"]] = reason
    return refused


def _judge_leadership(
    known: _Known, change: dict[str, Any], new_inspections: set[str]
) -> Text | None:
    """Who leads a check is handed over by its leader (or the office), never taken: a member
    may not make anyone leader, nor demote, replace or remove the leader."""
    current = known.rows.get(("team_members", change["record_id"])) or {}
    new = change["_new"]
    touches = (
        (change["op"] == "insert" and isinstance(new, dict) and new.get("role") == LEADER)
        or (change["op"] == "update" and change["field"] == "role" and new == LEADER)
        or (current.get("role") == LEADER and change["op"] in ("update", "delete"))
    )
    if not touches:
        return None
    author: Author = change["_set"].author
    for inspection_id in known.inspections_of(change) - new_inspections:
        if not any(sealing.same_person(author.name, n) for n in known.leaders[inspection_id]):
            return _(
                "{author} is not the leader of this check, so may not change who leads it.",
                author=author.name,
            )
    return None


def _judge_one(known: _Known, change: dict[str, Any], new_inspections: set[str]) -> Text | None:
    author: Author = change["_set"].author
    table, record_id = change["table_name"], change["record_id"]
    if table in REGISTERS:
        return _judge_register(known, change, author)
    inspections = known.inspections_of(change)
    if table == "decisions" and not inspections:
        if change["op"] == "insert" and (table, record_id) not in known.rows:
            return None  # a new decision: it binds nothing until a check names it
        if _creator(known, table, record_id) == author.fingerprint:
            return None
        return _(
            "{author} may not change a decision that orders no check of theirs.",
            author=author.name,
        )
    if not inspections:
        raise Waiting(table, record_id)
    for inspection_id in sorted(inspections):
        names = known.teams.get(inspection_id, set())
        if not any(sealing.same_person(author.name, n) for n in names):
            return _(
                "{author} is not on the team of this check, so may not change its records.",
                author=author.name,
            )
    return None


def _judge_register(known: _Known, change: dict[str, Any], author: Author) -> Text | None:
    table, record_id = change["table_name"], change["record_id"]
    existing = known.rows.get((table, record_id))
    if change["op"] == "insert":
        if existing is None and not _joins_the_offices(known, change):
            return None  # added on site: a unit, a person met there; a checklist of its own
        new = change["_new"]
        if existing is not None and all(existing.get(k) == v for k, v in new.items()):
            return None  # the same record made on both sides (the bundled checklist)
    elif existing is None or _creator(known, table, record_id) == author.fingerprint:
        # made in this package, or earlier by the same person: theirs to correct, unless the
        # person serves on another team (renamed, they would take that place on it)
        if table == "people" and _on_other_teams(known, record_id, author):
            return _(
                "{author} may not rename a person who serves on the team of a check that is"
                " not theirs.",
                author=author.name,
            )
        return None
    return _(
        "{author} may add to the registers, not change what others entered there.",
        author=author.name,
    )


def _joins_the_offices(known: _Known, change: dict[str, Any]) -> bool:
    """Whether a new register record would change what the office entered: an item or area
    added to one of its checklists (every check would ask it), a predecessor of one of its
    units (the office's reports follow units through their predecessors)."""
    if change["table_name"] == "org_unit_predecessors":  # the history of a unit of its own
        unit = change["_new"].get("unit_id") if isinstance(change["_new"], dict) else None
        if ("org_units", str(unit)) in known.inserted:
            return False
        return _creator(known, "org_units", str(unit)) != change["_set"].author.fingerprint
    if change["table_name"] in ("checklist_areas", "checklist_items"):
        template = change["_new"].get("template_id") if isinstance(change["_new"], dict) else None
        return (
            known.db.execute(
                "SELECT 1 FROM checklist_templates WHERE id = ?", [template]
            ).fetchone()
            is not None
        )
    return False


def _on_other_teams(known: _Known, person_id: str, author: Author) -> bool:
    """Whether a person is on the team of a check whose team (as known here) lacks ``author``."""
    for (inspection_id,) in known.db.execute(
        "SELECT DISTINCT inspection_id FROM team_members WHERE person_id = ? AND deleted = 0",
        [person_id],
    ).fetchall():
        names = [
            r[0]
            for r in known.db.execute(
                "SELECT p.full_name FROM team_members t JOIN people p ON p.id = t.person_id"
                " WHERE t.inspection_id = ? AND t.deleted = 0",
                [inspection_id],
            )
        ]
        if not any(sealing.same_person(author.name, n) for n in names):
            return True
    return False


def keep_refused(
    db: Database, package_id: str, changes: list[dict[str, Any]], refused: dict[str, Text]
) -> None:
    """Keep the refused changes, with their signer and the reason, never applied."""
    now = timefmt.now_utc()
    rows = []
    for change in changes:
        if change["change_id"] in refused:
            signed: SignedSet = change["_set"]
            rows.append(
                (
                    change["change_id"],
                    package_id,
                    canonical(change).decode(),
                    signed.author.name,
                    signed.author.fingerprint,
                    str(refused[change["change_id"]]),
                    now,
                )
            )
    db.conn.executemany(
        "INSERT OR IGNORE INTO refused_changes (change_id, package_id, line, author, author_fp,"
        " reason, refused_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        rows,
    )


def refused_lines(db: Database, package_id: str) -> list[dict[str, Any]]:
    """The changes of a package refused here, each with its signer and reason."""
    return [
        {**json.loads(r["line"]), "author": r["author"], "reason": r["reason"]}
        for r in db.query(
            "SELECT line, author, reason FROM refused_changes WHERE package_id = ?"
            " ORDER BY change_id",
            [package_id],
        )
    ]
