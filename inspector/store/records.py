# SPDX-License-Identifier: GPL-3.0-or-later
"""The one write path for record tables: identity, versions, the change log and tombstones.

Every insert, field change and deletion of a record goes through here, so that each is stamped
(who, which device, when, version) and logged in ``changes``, which incremental export, merge and
the audit trail are built on. Deletion marks the row as a tombstone; it is never removed.

All functions run inside the caller's ``db.atomic()`` transaction and do not commit.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from inspector import timefmt
from inspector.errors import NotFoundError
from inspector.i18n import Text, _
from inspector.store import seals
from inspector.store.db import CHILDREN, META_COLUMNS, RECORD_TABLES
from inspector.store.journal import ROOT, Journal

OVER_CONFLICT = "edited over a conflict: replaces every value it had"


@dataclass(frozen=True)
class Actor:
    """Who makes a change, and on which workspace (device)."""

    user: str
    device_id: str


def new_id() -> str:
    """Return a new random record id (UUID 4)."""
    return str(uuid.uuid4())


def _check_table(table: str) -> None:
    if table not in RECORD_TABLES:
        raise ValueError(f"{table!r} is not a record table")


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _log(
    journal: Journal,
    actor: Actor,
    table: str,
    record_id: str,
    op: str,
    field: str | None,
    old: Any,
    new: Any,
    version: int,
    at: str,
    reason: str | None,
    parents: list[str],
) -> str:
    """Add a change made here to ``journal``; return its id."""
    change_id = new_id()
    journal.log(
        {
            "change_id": change_id,
            "table_name": table,
            "record_id": record_id,
            "op": op,
            "field": field,
            "old_value": None if op == "insert" else _json(old),
            "new_value": _json(new),
            "version": version,
            "changed_by": actor.user,
            "device_id": actor.device_id,
            "changed_at": at,
            "reason": reason,
            "parents": json.dumps(parents),
        }
    )
    return change_id


def heads_of(db: Database, table: str, record_id: str) -> dict[str, list[str]]:
    """Return the head changes of each field of a record (``*``: its insert), see ``migrations._v4``."""
    found: dict[str, list[str]] = {}
    for field, change_id in db.execute(
        "SELECT field, change_id FROM heads WHERE table_name = ? AND record_id = ?",
        [table, record_id],
    ):
        found.setdefault(field, []).append(change_id)
    return found


def insert(db: Database, actor: Actor, table: str, values: dict[str, Any]) -> str:
    """Insert a new record into ``table`` and log it; return its id.

    ``values`` holds the table's own columns (an ``id`` may be given, else one is made).

    Raises:
        ValidationError: the record would belong to a sealed inspection (minutes aside: the
            supplementary minutes of a sealed inspection are recorded).
    """
    _check_table(table)
    fields = {k: v for k, v in values.items() if k not in META_COLUMNS}
    record_id = values.get("id") or new_id()
    if table != "minutes":
        seals.guard(db, table, {**fields, "id": record_id}, None)
    at = timefmt.now_utc()
    row = {
        "id": record_id,
        "created_at": at,
        "updated_at": at,
        "changed_by": actor.user,
        "device_id": actor.device_id,
        "version": 1,
        "deleted": 0,
        **fields,
    }
    journal = Journal(db)
    journal.insert_row(table, row)
    change_id = _log(
        journal, actor, table, record_id, "insert", None, None, fields, 1, at, None, []
    )
    journal.add_heads(table, record_id, ROOT, [change_id])
    journal.flush()
    return record_id


def get(db: Database, table: str, record_id: str, *, what: Text | None = None) -> dict[str, Any]:
    """Return the live (not deleted) record ``record_id`` of ``table`` as a dict.

    Raises:
        NotFoundError: there is no such record, or it was deleted. ``what`` names it for the user.
    """
    _check_table(table)
    rows = list(db.query(f"SELECT * FROM {table} WHERE id = ? AND deleted = 0", [str(record_id)]))
    if not rows:
        raise NotFoundError(
            _("{what} {id} does not exist.", what=what or _("Record"), id=str(record_id))
        )
    return rows[0]


def update(
    db: Database,
    actor: Actor,
    table: str,
    record_id: str,
    changes: dict[str, Any],
    *,
    reason: str | None = None,
    what: Text | None = None,
) -> bool:
    """Change fields of a live record, logging each field that really changes.

    Returns:
        True if anything changed (and the version went up), False if every value was the same.

    Raises:
        ValidationError: the record belongs to a sealed inspection, and a field changed is not
            one that may change after signing (``seals.AFTER_SEALING``).
    """
    current = get(db, table, record_id, what=what)
    diffs = {k: v for k, v in changes.items() if k not in META_COLUMNS and current.get(k) != v}
    unknown = [k for k in diffs if k not in current]
    if unknown:
        raise ValueError(f"{table} has no column(s) {unknown}")
    if not diffs:
        return False
    seals.guard(db, table, current, diffs)
    _write_fields(db, actor, table, current, diffs, reason)
    return True


def _write_fields(
    db: Database,
    actor: Actor,
    table: str,
    current: dict[str, Any],
    values: dict[str, Any],
    reason: str | None,
) -> None:
    """Set fields of a record, one logged change per field, each following every head of its
    field (so a conflict there has one head again)."""
    record_id = current["id"]
    at = timefmt.now_utc()
    version = int(current["version"]) + 1
    journal = Journal(db)
    journal.update_row(
        table,
        record_id,
        {
            **values,
            "updated_at": at,
            "changed_by": actor.user,
            "device_id": actor.device_id,
            "version": version,
        },
    )
    heads = heads_of(db, table, record_id)
    for field, value in values.items():
        parents = sorted(heads.get(field) or heads.get(ROOT) or [])
        # the log says when an edit replaced values that were in conflict
        why = OVER_CONFLICT if reason is None and len(heads.get(field, ())) > 1 else reason
        change_id = _log(
            journal,
            actor,
            table,
            record_id,
            "update",
            field,
            current[field],
            value,
            version,
            at,
            why,
            parents,
        )
        journal.set_heads(table, record_id, field, [change_id])
    journal.flush()


def delete(
    db: Database,
    actor: Actor,
    table: str,
    record_id: str,
    *,
    reason: str | None = None,
    what: Text | None = None,
) -> None:
    """Mark a live record as deleted (a tombstone that travels); the row stays.

    Raises:
        ValidationError: the record belongs to a sealed inspection.
    """
    current = get(db, table, record_id, what=what)
    seals.guard(db, table, current, None)
    at = timefmt.now_utc()
    version = int(current["version"]) + 1
    _tombstone(db, actor, table, record_id, 0, version, at, reason)


def delete_tree(
    db: Database,
    actor: Actor,
    table: str,
    record_id: str,
    *,
    reason: str | None = None,
    what: Text | None = None,
) -> None:
    """Delete a live record and every live record under it (``db.CHILDREN``), each a
    tombstone with the same reason: nothing is left hidden under a deleted record.

    Raises:
        ValidationError: the record belongs to a sealed inspection (nothing is deleted).
    """
    current = get(db, table, record_id, what=what)
    seals.guard(db, table, current, None)
    for child, column, parent in CHILDREN:
        if parent != table:
            continue
        for (child_id,) in db.execute(
            f"SELECT id FROM {child} WHERE {column} = ? AND deleted = 0", [current["id"]]
        ).fetchall():
            delete_tree(db, actor, child, child_id, reason=reason)
    delete(db, actor, table, record_id, reason=reason, what=what)


def resolve_field(
    db: Database,
    actor: Actor,
    table: str,
    record_id: str,
    field: str,
    value: Any,
    *,
    reason: str,
) -> None:
    """Settle a field changed on two sides with the value a person chose.

    The change is logged even when the value is the one shown, and it follows every head of the
    field, so the conflict is closed wherever it travels; ``reason`` says who chose and why.
    """
    current = get(db, table, record_id)
    if field not in current or field in META_COLUMNS:
        raise ValueError(f"{table} has no column {field!r}")
    seals.guard(db, table, current, {field: value})
    _write_fields(db, actor, table, current, {field: value}, reason)


def delete_again(db: Database, actor: Actor, table: str, record_id: str, *, reason: str) -> None:
    """Confirm that a record stays deleted although it was edited elsewhere meanwhile (or
    delete one whose parent was deleted): a tombstone that follows every head of the record,
    edits included, with the reason.
    """
    _check_table(table)
    row = db.execute(f"SELECT version, deleted FROM {table} WHERE id = ?", [record_id]).fetchone()
    if row is None:
        raise NotFoundError(_("{what} {id} does not exist.", what=_("Record"), id=record_id))
    (current,) = db.query(f"SELECT * FROM {table} WHERE id = ?", [record_id])
    seals.guard(db, table, current, None)
    at = timefmt.now_utc()
    version = int(row[0]) + 1
    _tombstone(db, actor, table, record_id, row[1], version, at, reason)


def _tombstone(
    db: Database,
    actor: Actor,
    table: str,
    record_id: str,
    was: Any,
    version: int,
    at: str,
    reason: str | None,
) -> None:
    """Mark a record deleted, logged as a tombstone that follows every head of the record (so
    an edit made elsewhere meanwhile shows as a conflict)."""
    journal = Journal(db)
    journal.update_row(
        table,
        record_id,
        {
            "deleted": 1,
            "updated_at": at,
            "changed_by": actor.user,
            "device_id": actor.device_id,
            "version": version,
        },
    )
    parents = sorted({c for ids in heads_of(db, table, record_id).values() for c in ids})
    _log(
        journal, actor, table, record_id, "delete", "deleted", was, 1, version, at, reason, parents
    )
    journal.flush()
