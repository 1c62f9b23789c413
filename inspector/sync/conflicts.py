# SPDX-License-Identifier: GPL-3.0-or-later
"""Conflicts: what two workspaces changed differently, found from what is rare, and settled.

Fields with several heads of different values (the journal keeps the fields with several heads in
``forks``, so the count never reads every head); a record inserted with different values on two
sides; edits made elsewhere to a record deleted here (from the few deletions, by a partial index);
records whose parent was deleted (from the few deleted records, by a partial index). What a seal
fixes is not open to choice and is left out. A person settles a conflict with a logged change that
follows every head, so each workspace that learns of it agrees.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from inspector.errors import ValidationError
from inspector.i18n import _
from inspector.store import records, seals
from inspector.store.db import CHILDREN
from inspector.store.journal import CHANGE_FIELDS, ROOT
from inspector.store.records import Actor
from inspector.sync import graph
from inspector.sync.graph import DELETED, PARENT_DELETED

__all__ = [
    "DELETED",
    "PARENT_DELETED",
    "Conflict",
    "Option",
    "conflicts",
    "field_options",
    "resolve",
]


@dataclass
class Option:
    """One value of a field in conflict: which change set it, who, where and when."""

    change_id: str
    value: Any
    changed_by: str
    device_id: str
    changed_at: str
    field: str | None = None  # the field it sets


@dataclass
class Conflict:
    """A field of a record changed on two sides (or edited after it was deleted elsewhere)."""

    table: str
    record_id: str
    field: str  # "deleted" for an edit of a record deleted elsewhere
    current: Any
    options: list[Option]
    inspection_id: str | None = None


def conflicts(db: Database, inspection_id: str | None = None) -> list[Conflict]:
    """Return the open conflicts (of one inspection, if given).

    Fields with several heads of different values; a record inserted with different values on
    two sides; edits made elsewhere to a record deleted here; records whose parent was deleted.
    What a seal fixes is not open to choice and is left out.
    """
    sealed = set(seals.sealed_inspections(db))
    cache: dict[str, list[str]] = {}
    found: list[Conflict] = []

    def keep(table: str, record_id: str, fld: str) -> tuple[dict[str, Any] | None, str | None]:
        cursor = db.execute(f"SELECT * FROM {table} WHERE id = ?", [record_id]).fetchone()
        if cursor is None:
            return None, None
        row = dict(zip(graph.columns(db, table, cache), cursor, strict=True))
        owner = seals.owners(db, table, [record_id]).get(record_id)
        if owner in sealed and fld not in seals.FOLLOW_UP_FIELDS.get(table, set()):
            return None, owner
        return row, owner

    forked = db.execute(  # the fields and inserts with several heads, as the journal keeps them
        "SELECT table_name, record_id, field FROM forks ORDER BY table_name, record_id, field"
    ).fetchall()
    for table, record_id, fld in forked:
        if fld == ROOT:
            continue  # inserted on two sides: below
        row, owner = keep(table, record_id, fld)
        if row is None or row["deleted"]:
            continue  # an edit of a deleted record is shown below
        options = field_options(db, table, record_id, fld)
        if len({json.dumps(o.value) for o in options}) > 1:
            found.append(Conflict(table, record_id, fld, row.get(fld), options, owner))
    found += _different_inserts(db, keep, [(t, r) for t, r, f in forked if f == ROOT])
    found += _deleted_but_edited(db, keep)
    found += _orphans(db, keep)
    if inspection_id is not None:
        found = [c for c in found if c.inspection_id == inspection_id]
    return found


def field_options(db: Database, table: str, record_id: str, fld: str) -> list[Option]:
    rows = db.query(
        f"SELECT {', '.join(CHANGE_FIELDS)}, author FROM changes WHERE change_id IN"
        " (SELECT change_id FROM heads WHERE table_name = ? AND record_id = ? AND field = ?)"
        " ORDER BY changed_at, change_id",
        [table, record_id, fld],
    )
    return [_option(r, fld) for r in rows]


def _option(change: dict[str, Any], fld: str) -> Option:
    return Option(
        change["change_id"],
        graph.value(change, fld),
        graph.author(change),
        change["device_id"],
        change["changed_at"],
        fld,
    )


Keep = Any  # (table, record_id, field) -> (row or None, owner inspection)


def _different_inserts(
    db: Database, keep: Keep, inserted_twice: list[tuple[str, str]]
) -> list[Conflict]:
    """One record id inserted on two sides with different values, in a field not edited since
    (``inserted_twice``: the records whose insert has several heads)."""
    found: list[Conflict] = []
    for table, record_id in inserted_twice:
        heads = records.heads_of(db, table, record_id)
        roots = list(
            db.query(
                f"SELECT {', '.join(CHANGE_FIELDS)}, author FROM changes WHERE change_id IN"
                f" ({', '.join('?' for _ in heads[ROOT])}) ORDER BY changed_at, change_id",
                heads[ROOT],
            )
        )
        fields = sorted({f for r in roots for f in json.loads(r["new_value"])} - set(heads))
        for fld in fields:
            if len({json.dumps(graph.value(r, fld)) for r in roots}) < 2:
                continue
            row, owner = keep(table, record_id, fld)
            if row is not None and not row["deleted"]:
                options = [_option(r, fld) for r in roots]
                found.append(Conflict(table, record_id, fld, row.get(fld), options, owner))
    return found


def _deleted_but_edited(db: Database, keep: Keep) -> list[Conflict]:
    """Edits made elsewhere to records meanwhile deleted (one conflict a record)."""
    found: list[Conflict] = []
    candidates = db.execute(  # from the few deletions (a partial index), not every head
        "SELECT DISTINCT d.table_name, d.record_id FROM changes d"
        " WHERE d.op = 'delete' AND EXISTS (SELECT 1 FROM heads h WHERE h.field != '*'"
        " AND h.table_name = d.table_name AND h.record_id = d.record_id)"
        " ORDER BY d.table_name, d.record_id"
    ).fetchall()
    for table, record_id in candidates:
        covered: set[str] = set()
        for (parents,) in db.execute(
            "SELECT parents FROM changes WHERE op = 'delete' AND table_name = ? AND record_id = ?",
            [table, record_id],
        ):
            covered.update(json.loads(parents or "[]"))
        heads = records.heads_of(db, table, record_id)
        options = [
            o
            for fld, ids in sorted(heads.items())
            if fld != ROOT and set(ids) - covered
            for o in field_options(db, table, record_id, fld)
            if o.change_id not in covered
        ]
        if not options:
            continue
        row, owner = keep(table, record_id, DELETED)
        if row is not None:
            found.append(Conflict(table, record_id, DELETED, None, options, owner))
    return found


def _orphans(db: Database, keep: Keep) -> list[Conflict]:
    """Live records under a record deleted (elsewhere, or here while they were added there)."""
    found: list[Conflict] = []
    for child, column, parent in CHILDREN:
        for (record_id,) in db.execute(  # from the few deleted parents, by the child's index
            f"SELECT c.id FROM {parent} p CROSS JOIN {child} c"
            f" ON c.{column} = p.id WHERE p.deleted = 1 AND c.deleted = 0 ORDER BY c.id"
        ).fetchall():
            row, owner = keep(child, record_id, PARENT_DELETED)
            if row is not None:
                found.append(Conflict(child, record_id, PARENT_DELETED, None, [], owner))
    return found


def resolve(
    db: Database,
    actor: Actor,
    conflict: Conflict,
    value: Any,
    reason: str,
) -> None:
    """Settle a conflict with the value a person chose, and why; call inside a transaction.

    The choice is a change that follows every head, so each workspace that learns of it agrees.
    An edit of a record deleted elsewhere (or a record under one deleted) is settled by keeping
    it deleted (``value`` unused). If other values arrived since the conflict was shown (an
    import meanwhile), nothing is done: the person must see them first.

    Raises:
        ValidationError: the conflict changed since it was read.
    """
    now = {(c.table, c.record_id, c.field): {o.change_id for o in c.options} for c in conflicts(db)}
    shown = {o.change_id for o in conflict.options}
    if now.get((conflict.table, conflict.record_id, conflict.field)) != shown:
        raise ValidationError(
            _("Other values arrived for this field meanwhile; look at them and choose again.")
        )
    if conflict.field in (DELETED, PARENT_DELETED):
        records.delete_again(db, actor, conflict.table, conflict.record_id, reason=reason)
    else:
        records.resolve_field(
            db, actor, conflict.table, conflict.record_id, conflict.field, value, reason=reason
        )
