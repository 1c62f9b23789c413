# SPDX-License-Identifier: GPL-3.0-or-later
"""Merging changes made in other workspaces, by record and by field, without losing any.

Every change names the changes of the same field its author had (``parents``). The changes of a
field form a graph; its *heads* are the changes no known change follows. One head: that is the
value. Several heads with different values: the same field was changed on two laptops since they
last agreed, a *conflict*. Both values stay (in the change log and in ``heads``); the record shows
the newest one until a person chooses, and that choice is itself a logged change that follows
both heads. A deletion is a tombstone that wins over edits: a deleted record never comes back,
and an edit made elsewhere to it meanwhile shows as a conflict to acknowledge.

The state this produces depends only on the set of changes known, not on the order in which
they arrive, so any order of imports, and any repetition, ends in the same place.

An inspection whose minutes are signed is *sealed*: its records keep the values the signed
minutes fixed (``minutes.sealed_state``). Changes made elsewhere to them are kept in the log,
marked as refused, and reported; they never change a sealed record.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from inspector.i18n import _
from inspector.store import records, seals
from inspector.store.db import CHILDREN, OWNERS, RECORD_TABLES
from inspector.store.journal import CHANGE_FIELDS, ROOT, Journal
from inspector.sync import graph
from inspector.sync.conflicts import (
    DELETED,
    PARENT_DELETED,
    Conflict,
    Option,
    conflicts,
    field_options,
    resolve,
)
from inspector.sync.graph import author, chunks, parsed

__all__ = [  # the conflicts are found and settled in their own module; named here as before
    "CHANGE_FIELDS",
    "CHILDREN",
    "DELETED",
    "PARENT_DELETED",
    "Conflict",
    "MergeReport",
    "Option",
    "apply_changes",
    "author",
    "conflicts",
    "enforce_seals",
    "field_options",
    "known_change_ids",
    "parsed",
    "resolve",
    "state_digest",
]


@dataclass
class MergeReport:
    """What merging a batch of changes did."""

    applied: int = 0
    known: int = 0
    new_records: dict[str, int] = field(default_factory=dict)
    changed_records: dict[str, int] = field(default_factory=dict)
    conflicts: list[tuple[str, str, str]] = field(default_factory=list)
    refused: list[dict[str, Any]] = field(default_factory=list)


def known_change_ids(db: Database, change_ids: Iterable[str]) -> set[str]:
    """Return those of ``change_ids`` already in this workspace's change log."""
    found: set[str] = set()
    for chunk in chunks(list(change_ids)):
        marks = ", ".join("?" for _ in chunk)
        found.update(
            row[0]
            for row in db.execute(
                f"SELECT change_id FROM changes WHERE change_id IN ({marks})", chunk
            )
        )
    return found


class _Record:
    """One record's heads and changes while a batch is merged."""

    def __init__(self, table: str, record_id: str) -> None:
        self.table = table
        self.record_id = record_id
        self.heads: dict[str, set[str]] = defaultdict(set)
        self.changes: dict[str, dict[str, Any]] = {}
        self.referenced: dict[str, set[str]] = defaultdict(set)  # per field: changes followed
        self.touched: set[str] = set()
        self.deleted = False


def apply_changes(
    db: Database, incoming: list[dict[str, Any]], *, package_id: str | None = None
) -> MergeReport:
    """Merge changes from another workspace into this one; call inside a transaction.

    ``incoming`` are change-log rows (``CHANGE_FIELDS``) in their author's order. Changes already
    known are skipped, so applying a batch twice changes nothing.
    """
    report = MergeReport()
    known = known_change_ids(db, (c["change_id"] for c in incoming))
    fresh: list[dict[str, Any]] = []
    seen: set[str] = set()
    for change in incoming:
        if change["change_id"] in known or change["change_id"] in seen:
            report.known += 1
            continue
        seen.add(change["change_id"])
        fresh.append(parsed(change))
    if not fresh:
        return report
    report.applied = len(fresh)
    journal = Journal(db)
    for change in fresh:
        journal.log(change, package_id=package_id, **_signed_by(change))
    journal.flush()  # the log first: merging a record known here reads its changes from it
    by_record: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for change in fresh:
        by_record[(change["table_name"], change["record_id"])].append(change)
    sealed = seals.any_sealed(db) or any(t == "minutes" for t, _r in by_record)
    before = _inspections_touched(db, by_record) if sealed else set()
    cache: dict[str, list[str]] = {}
    for table in RECORD_TABLES:
        ids = [rid for (t, rid) in by_record if t == table]
        if not ids:
            continue
        existing = _existing(db, table, ids)
        for record_id in ids:
            _merge_record(
                db,
                table,
                record_id,
                by_record[(table, record_id)],
                existing,
                report,
                cache,
                journal,
            )
        journal.flush()
    if sealed:  # where the records were, and where they are now
        report.refused = enforce_seals(db, before | _inspections_touched(db, by_record))
    report.conflicts += _orphans_in(db, by_record)
    return report


def _signed_by(change: dict[str, Any]) -> dict[str, str | None]:
    """The set a change came in and its author, as its signature names them (see
    :mod:`inspector.sync.changesets`)."""
    signed = change.get("_set")
    if signed is None:
        return {}
    return {
        "set_id": signed.set_id,
        "author": signed.author.name,
        "author_fp": signed.author.fingerprint,
    }


def _orphans_in(
    db: Database, by_record: dict[tuple[str, str], list[dict[str, Any]]]
) -> list[tuple[str, str, str]]:
    """Live records a batch left under a deleted parent (a batch's parents or children only)."""
    ids: dict[str, list[str]] = defaultdict(list)
    for table, record_id in by_record:
        ids[table].append(record_id)
    found: set[tuple[str, str, str]] = set()
    for child, column, parent in CHILDREN:
        for side, alias in ((child, "c"), (parent, "p")):  # the batch's children, its parents
            for chunk in chunks(ids.get(side, [])):
                marks = ", ".join("?" for _ in chunk)
                found.update(
                    (child, r[0], PARENT_DELETED)
                    for r in db.execute(
                        f"SELECT c.id FROM {child} c JOIN {parent} p ON p.id = c.{column}"
                        f" WHERE {alias}.id IN ({marks}) AND c.deleted = 0 AND p.deleted = 1",
                        chunk,
                    )
                )
    return sorted(found)


def _existing(db: Database, table: str, ids: list[str]) -> dict[str, dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    for chunk in chunks(ids):
        marks = ", ".join("?" for _ in chunk)
        for row in db.query(f"SELECT * FROM {table} WHERE id IN ({marks})", chunk):
            rows[row["id"]] = row
    return rows


def _load_state(db: Database, rec: _Record) -> None:
    """Read a record's known heads, their changes, and which changes others follow."""
    for fld, change_id in db.execute(
        "SELECT field, change_id FROM heads WHERE table_name = ? AND record_id = ?",
        [rec.table, rec.record_id],
    ):
        rec.heads[fld].add(change_id)
    for row in db.query(
        f"SELECT {', '.join(CHANGE_FIELDS)}, author FROM changes WHERE table_name = ? AND record_id = ?",
        [rec.table, rec.record_id],
    ):
        rec.changes[row["change_id"]] = parsed(row)
        _note_parents(rec, row)
        if row["op"] == "delete":
            rec.deleted = True


def _note_parents(rec: _Record, change: dict[str, Any]) -> None:
    """Remember which changes of a field a change follows (only edits of that field count: a
    tombstone names the heads it saw, but does not replace them)."""
    if change["op"] == "update":
        rec.referenced[change["field"]].update(change["_parents"])


def _merge_record(
    db: Database,
    table: str,
    record_id: str,
    fresh: list[dict[str, Any]],
    existing: dict[str, dict[str, Any]],
    report: MergeReport,
    cache: dict[str, list[str]],
    journal: Journal,
) -> None:
    row = existing.get(record_id)
    if row is None and len(fresh) == 1 and fresh[0]["op"] == "insert":
        # the common case, a record new here made by one insert: its values as they are
        change = fresh[0]
        columns = graph.columns(db, table, cache)
        full = {
            **{k: v for k, v in change["_new"].items() if k in columns},
            "id": record_id,
            "created_at": change["changed_at"],
            "updated_at": change["changed_at"],
            "changed_by": author(change),
            "device_id": change["device_id"],
            "version": int(change["version"]),
            "deleted": 0,
        }
        journal.insert_row(table, full)
        journal.add_heads(table, record_id, ROOT, [change["change_id"]])
        report.new_records[table] = report.new_records.get(table, 0) + 1
        return
    rec = _Record(table, record_id)
    if row is not None:
        _load_state(db, rec)  # the fresh changes are in the log already, and so read here
    else:
        for change in fresh:
            rec.changes[change["change_id"]] = change
            _note_parents(rec, change)
    for change in fresh:
        if change["op"] == "insert":
            rec.heads[ROOT].add(change["change_id"])
            rec.touched.update(change["_new"])
            rec.touched.add(ROOT)
        elif change["op"] == "update":
            fld = change["field"]
            rec.touched.add(fld)
            rec.heads[fld] -= set(change["_parents"])  # even when known changes follow it
            if change["change_id"] not in rec.referenced[fld]:
                rec.heads[fld].add(change["change_id"])
        else:
            rec.deleted = True
    columns = graph.columns(db, table, cache)
    values = {}
    for column in rec.touched - {ROOT}:
        if column not in columns or column in records.META_COLUMNS:
            continue
        candidates = [rec.changes[c] for c in rec.heads.get(column) or rec.heads[ROOT]]
        if candidates:
            values[column] = graph.value(graph.newest(candidates), column)
    newest = graph.newest(list(rec.changes.values()))
    meta = {
        "updated_at": newest["changed_at"],
        "changed_by": author(newest),
        "device_id": newest["device_id"],
        "version": max(int(c["version"]) for c in rec.changes.values()),
        "deleted": 1 if rec.deleted else 0,
    }
    if row is None:
        roots = [rec.changes[c] for c in rec.heads[ROOT]]
        if not roots:
            return  # an edit of a record this workspace does not have (refused before merging)
        first = min(roots, key=lambda c: (c["changed_at"], c["change_id"]))
        full = {"id": record_id, "created_at": first["changed_at"], **meta, **values}
        journal.insert_row(table, full)
        report.new_records[table] = report.new_records.get(table, 0) + 1
        for fld in rec.touched:
            journal.add_heads(table, record_id, fld, rec.heads.get(fld, ()))
    else:
        if ROOT in rec.touched:  # several inserts of one record (the bundled checklist)
            roots = [rec.changes[c] for c in rec.heads[ROOT] if c in rec.changes]
            meta["created_at"] = min([c["changed_at"] for c in roots] + [row["created_at"]])
        meta["version"] = max(meta["version"], int(row["version"]))
        meta["deleted"] = max(meta["deleted"], int(row["deleted"]))
        journal.update_row(table, record_id, {**values, **meta})
        if any(row.get(k) != v for k, v in values.items()) or meta["deleted"] != row["deleted"]:
            report.changed_records[table] = report.changed_records.get(table, 0) + 1
        for fld in rec.touched:
            journal.set_heads(table, record_id, fld, rec.heads.get(fld, ()))
    if rec.deleted:  # an edit made elsewhere to a record deleted meanwhile is a conflict too
        covered = {p for c in rec.changes.values() if c["op"] == "delete" for p in c["_parents"]}
        if any(c not in covered for f, ids in rec.heads.items() if f != ROOT for c in ids):
            report.conflicts.append((table, record_id, "deleted"))
    for fld in rec.touched - {ROOT}:
        if len(rec.heads.get(fld, ())) > 1 and (
            len({json.dumps(graph.value(rec.changes[c], fld)) for c in rec.heads[fld]}) > 1
        ):
            report.conflicts.append((table, record_id, fld))


def _inspections_touched(
    db: Database, by_record: dict[tuple[str, str], list[dict[str, Any]]]
) -> set[str]:
    """The inspections the records of a batch belong to, as the rows stand now."""
    ids: dict[str, list[str]] = defaultdict(list)
    for table, record_id in by_record:
        ids[table].append(record_id)
    touched: set[str] = set()
    for table, record_ids in ids.items():
        touched.update(seals.owners(db, table, record_ids).values())
    return touched


def enforce_seals(db: Database, inspection_ids: Iterable[str]) -> list[dict[str, Any]]:
    """Hold sealed inspections to what their signed minutes fixed: the minutes themselves, the
    records and decision as signed (wherever an edit tried to move them), and nothing added.

    Returns the changes refused: made elsewhere to a sealed record, kept in the log only.
    """
    refused: list[dict[str, Any]] = []
    sealed = seals.sealed_inspections(db)
    for inspection_id in sorted(set(inspection_ids) & set(sealed)):
        minutes_id, signed = sealed[inspection_id]
        seal = json.loads(signed["sealed_state"])
        fixed_minutes = {k: v for k, v in signed.items() if k not in seals.MINUTES_MAY_CHANGE}
        refused += _hold(db, "minutes", minutes_id, fixed_minutes, set())
        # a seal fixes its inspection's records and decision; the names of the registers it
        # keeps only say how the minutes named them
        for table, rows in seals.seal_tables(seal):
            free = seals.FOLLOW_UP_FIELDS.get(table, set())
            for record_id, fixed in rows.items():
                refused += _hold(db, table, record_id, fixed, free)
        for table, row in list(seals.inspection_records(db, inspection_id)):
            if row["id"] in seal.get(table, {}) or row["deleted"]:
                continue
            owner = OWNERS.get(table)
            column = owner.column if owner and table != "inspections" else None
            first = _inserted_value(db, table, row["id"], column) if column else None
            if column and first is not None and first != row[column]:
                # moved here from elsewhere after the signing: it goes back where it was
                refused += _hold(db, table, row["id"], {column: first}, set())
            else:  # added elsewhere after the minutes were signed
                db.execute(f"UPDATE {table} SET deleted = 1 WHERE id = ?", [row["id"]])
                refused += _refuse(db, table, row["id"], None)
    return refused


def _inserted_value(db: Database, table: str, record_id: str, column: str) -> Any:
    """The value a column had when the record was made (its earliest insert)."""
    row = db.execute(
        "SELECT new_value FROM changes WHERE table_name = ? AND record_id = ? AND op = 'insert'"
        " ORDER BY changed_at, change_id LIMIT 1",
        [table, record_id],
    ).fetchone()
    return None if row is None else json.loads(row[0]).get(column)


def _hold(
    db: Database, table: str, record_id: str, fixed: dict[str, Any], free: set[str]
) -> list[dict[str, Any]]:
    """Put a sealed record back to its fixed values (``free`` fields excepted), live."""
    cursor = db.execute(f"SELECT * FROM {table} WHERE id = ?", [record_id])
    found = cursor.fetchone()
    if found is None:
        return []
    row = dict(zip([d[0] for d in cursor.description], found, strict=True))
    wrong = {k: v for k, v in fixed.items() if k in row and row[k] != v and k not in free}
    if row["deleted"]:
        wrong["deleted"] = 0
    if not wrong:
        return []
    db.execute(
        f"UPDATE {table} SET {', '.join(f'{k} = ?' for k in wrong)} WHERE id = ?",
        [*wrong.values(), record_id],
    )
    refused: list[dict[str, Any]] = []
    for column in wrong:
        refused += _refuse(db, table, record_id, column, fixed.get(column))
    return refused


def _refuse(
    db: Database, table: str, record_id: str, column: str | None, fixed: Any = None
) -> list[dict[str, Any]]:
    """Mark the changes a seal overrides as refused, and return them.

    ``column`` None: the record was added after the seal (all its changes); "deleted": it was
    deleted (its tombstones); else the heads of that column whose value is not ``fixed``.
    """
    reason = str(_("The minutes of this inspection are signed and sealed."))
    rows = [
        row
        for row in db.query(
            f"SELECT {', '.join(CHANGE_FIELDS)}, author FROM changes"
            " WHERE table_name = ? AND record_id = ? AND refused IS NULL",
            [table, record_id],
        )
        if column is None
        or (column == "deleted" and row["op"] == "delete")
        or (row["op"] == "update" and row["field"] == column and graph.value(row, column) != fixed)
    ]
    if column not in (None, "deleted"):
        heads = {
            r[0]
            for r in db.execute(
                "SELECT change_id FROM heads WHERE table_name = ? AND record_id = ? AND field = ?",
                [table, record_id, column],
            )
        }
        rows = [r for r in rows if r["change_id"] in heads]
    db.conn.executemany(
        "UPDATE changes SET refused = ? WHERE change_id = ?",
        [(reason, r["change_id"]) for r in rows],
    )
    return rows


def state_digest(db: Database) -> dict[str, Any]:
    """Return what two workspaces that agree must share: record values, heads and change ids.

    Local bookkeeping (the order changes arrived in, which package brought them) is left out.
    """
    state: dict[str, Any] = {}
    for table in RECORD_TABLES:
        state[table] = [
            {k: v for k, v in row.items() if k not in ("changed_by", "device_id", "updated_at")}
            for row in db.query(f"SELECT * FROM {table} ORDER BY id")
        ]
    state["heads"] = [
        list(r)
        for r in db.execute(
            "SELECT table_name, record_id, field, change_id FROM heads ORDER BY 1, 2, 3, 4"
        )
    ]
    state["changes"] = sorted(r[0] for r in db.execute("SELECT change_id FROM changes"))
    return state
