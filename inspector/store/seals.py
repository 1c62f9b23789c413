# SPDX-License-Identifier: GPL-3.0-or-later
"""Which inspection a record belongs to, whether that inspection is sealed, and what its seal fixes.

An inspection is *sealed* once its minutes are signed: the status the signing sets, or the signed
minutes themselves (``minutes`` of kind MAIN). Its records, and its decision, keep the values the
seal fixed; :func:`guard` refuses every local change to them inside :mod:`inspector.store.records`, so no
service can forget it. After signing only the follow-up of recommendations changes, and the signed
file's digest as members add their approval signatures.

The sealed state (``minutes.sealed_state``) is the inspection's records and decision as signed,
and, since the minutes print them, the names of the unit, its superior body and every person the
minutes name, as they were then: a sealed check is shown with those names whatever the registers
say later (:func:`sealed_names`).

Ownership comes from one map, ``db.OWNERS``. Merging imported changes holds sealed records in
its own batch path (:func:`inspector.sync.merge.enforce_seals`).
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from inspector.errors import ValidationError
from inspector.i18n import _
from inspector.store.db import META_COLUMNS, OWNERS
from inspector.store.migrations import WINTER_COLUMNS

# Fields that may change after the minutes are signed: following up recommendations (the office
# extends a deadline in ``extended_to``; the signed ``deadline`` stays as the minutes print it).
FOLLOW_UP_FIELDS = {
    "recommendations": {"status", "status_note", "follow_up_by", "report", "extended_to"}
}
# Tables of the follow-up, which a seal does not fix: the files the office attaches to a
# recommendation after the minutes.
FOLLOW_UP_TABLES = ("follow_up_files",)
MINUTES_MAY_CHANGE = {"pdf_sha256"}  # members add approval signatures to the signed file
# What a local edit may still change in a sealed inspection, per table.
AFTER_SEALING = {**FOLLOW_UP_FIELDS, "minutes": MINUTES_MAY_CHANGE}

# The tables a seal fixes: its inspection's records and decision (the minutes are the seal).
SEAL_TABLES = tuple(
    t for t, o in OWNERS.items() if o is not None and t != "minutes" and t not in FOLLOW_UP_TABLES
)

# What a seal keeps of the registers: what the minutes print of a unit and of a person.
REGISTER_FIELDS = {
    "org_units": (
        "name",
        "name_short",
        "code",
        "level",
        "parent_id",
        "superior_for_header",
        "address",
        "place_name",
        "am_start",  # its working hours: how late a late arrival was
        "am_end",
        "pm_start",
        "pm_end",
        *WINTER_COLUMNS,  # and its winter hours
    ),
    "people": ("full_name", "gender", "position", "staff_type"),
}
_PERSON_COLUMNS = ("person_id", "target_person_id")
_UNIT_COLUMNS = ("unit_id", "target_unit_id", "owner_unit_id", "issuer_unit_id")

# Whether the inspection whose id is the SQL expression {iid} is sealed (two indexed lookups).
_SEALED = (
    "(EXISTS (SELECT 1 FROM inspections s WHERE s.id = {iid} AND s.status = 'SIGNED')"
    " OR EXISTS (SELECT 1 FROM minutes m WHERE m.inspection_id = {iid} AND m.kind = 'MAIN'))"
)


SEAL_NAMESPACE = uuid.UUID("8f0d3c1e-5b7a-4e61-9a53-2f4c8d0b7e19")


def seal_id(inspection_id: str) -> str:
    """The id of an inspection's signed main minutes, the same in every workspace: a check has
    one seal, and a copy of it relayed under another id is no seal at all."""
    return str(uuid.uuid5(SEAL_NAMESPACE, f"minutes:{inspection_id}"))


def _chunks(items: list[Any], size: int = 500) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def refusal() -> ValidationError:
    """The refusal of a change to a sealed inspection, as the user reads it."""
    return ValidationError(
        _(
            "This inspection's minutes are signed and sealed; it cannot be changed. Record "
            "corrections in supplementary minutes."
        )
    )


def is_sealed(db: Database, inspection_id: str) -> bool:
    """Whether an inspection's minutes are signed (one indexed query)."""
    sql = "SELECT " + _SEALED.format(iid="?")
    return bool(db.execute(sql, [inspection_id, inspection_id]).fetchone()[0])


def guard(db: Database, table: str, row: dict[str, Any], changes: dict[str, Any] | None) -> None:
    """Refuse a local change to a record of a sealed inspection; call before writing it.

    ``row`` is the record as it stands (or as inserted), ``changes`` the fields being set (None:
    the record is inserted or deleted). The follow-up fields (``AFTER_SEALING``) stay free. A
    change that moves a record into a sealed inspection is refused too. One indexed query; none
    for a register.

    Raises:
        ValidationError: the record belongs to a sealed inspection.
    """
    owner = OWNERS.get(table)
    if owner is None or table in FOLLOW_UP_TABLES:
        return
    if changes is not None and set(changes) <= AFTER_SEALING.get(table, set()):
        return
    if owner.named_by:  # a decision: any sealed inspection that names it
        values = [row["id"]]
    else:
        values = [row.get(owner.column)]
        if changes and owner.column in changes:
            values.append(changes[owner.column])  # where it goes, as well as where it is
    for value in values:
        if value is not None and _owner_sealed(db, owner.parent, owner.named_by, value):
            raise refusal()


def _owner_sealed(db: Database, parent: str, named_by: bool, value: Any) -> bool:
    if named_by:  # only the sealed inspections are read (the status index, the few minutes)
        found = db.execute(
            "SELECT 1 FROM inspections WHERE status = 'SIGNED' AND decision_id = ?"
            " UNION ALL SELECT 1 FROM minutes m JOIN inspections i ON i.id = m.inspection_id"
            " WHERE m.kind = 'MAIN' AND i.decision_id = ? LIMIT 1",
            [value, value],
        ).fetchone()
        return found is not None
    if parent:
        sql = f"SELECT 1 FROM {parent} p WHERE p.id = ? AND " + _SEALED.format(
            iid="p.inspection_id"
        )
        return db.execute(sql, [value]).fetchone() is not None
    return is_sealed(db, str(value))


def owners(db: Database, table: str, ids: list[str]) -> dict[str, str]:
    """The inspection each of the records ``ids`` of ``table`` belongs to (those that do).

    A decision belongs to the inspections it ordered (one of them is given); a query per 500.
    """
    owner = OWNERS.get(table)
    if owner is None:
        return {}
    if owner.named_by:
        select = f"SELECT c.{owner.column}, c.id FROM {owner.parent} c WHERE c.{owner.column}"
    elif owner.parent:
        select = (
            f"SELECT c.id, p.inspection_id FROM {table} c"
            f" JOIN {owner.parent} p ON p.id = c.{owner.column} WHERE c.id"
        )
    else:
        select = f"SELECT c.id, c.{owner.column} FROM {table} c WHERE c.id"
    found: dict[str, str] = {}
    for chunk in _chunks(ids):
        marks = ", ".join("?" for _ in chunk)
        for record_id, inspection_id in db.execute(f"{select} IN ({marks})", chunk):
            if inspection_id:
                found[record_id] = inspection_id
    return found


def inspection_records(db: Database, inspection_id: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Yield every record (live or deleted) a seal of the inspection fixes, its decision aside:
    the inspection, then table by table (a parent's table before its children's)."""
    for row in db.query("SELECT * FROM inspections WHERE id = ?", [inspection_id]):
        yield "inspections", row
    children: dict[str, list[str]] = defaultdict(list)
    for table in SEAL_TABLES:
        owner = OWNERS[table]
        if owner is None or owner.named_by or table == "inspections":
            continue
        if owner.parent:
            for chunk in _chunks(children[owner.parent]):
                marks = ", ".join("?" for _ in chunk)
                for row in db.query(
                    f"SELECT * FROM {table} WHERE {owner.column} IN ({marks}) ORDER BY id", chunk
                ):
                    children[table].append(row["id"])
                    yield table, row
        else:
            for row in db.query(
                f"SELECT * FROM {table} WHERE {owner.column} = ? ORDER BY id", [inspection_id]
            ):
                children[table].append(row["id"])
                yield table, row


def sealed_state(db: Database, inspection_id: str) -> dict[str, dict[str, dict[str, Any]]]:
    """Return the values the signed minutes of an inspection fix: table → record → field → value.

    Its records and its decision (deleted records and the follow-up of recommendations left
    out), and what the minutes print of the registers (``REGISTER_FIELDS``): the unit, its
    superior body, the decision's issuer and every person and unit the records name, with the
    unit's head (who signs for it unless another representative is recorded).
    """
    state: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    rows = list(inspection_records(db, inspection_id))
    decision = rows[0][1]["decision_id"] if rows else None
    rows += [("decisions", r) for r in db.query("SELECT * FROM decisions WHERE id = ?", [decision])]
    for table, row in rows:
        if row["deleted"]:
            continue
        skip = set(META_COLUMNS) | FOLLOW_UP_FIELDS.get(table, set())
        state[table][row["id"]] = {k: v for k, v in row.items() if k not in skip}
    if rows:
        state.update(_registers(db, state))
    return dict(state)


def _registers(db: Database, state: dict[str, dict[str, dict[str, Any]]]) -> dict[str, Any]:
    """The units and people a sealed state names, with what the minutes print of them."""
    named: dict[str, set[str]] = {"people": set(), "org_units": set()}
    for rows in state.values():
        for row in rows.values():
            named["people"].update(str(row[c]) for c in _PERSON_COLUMNS if row.get(c))
            named["org_units"].update(str(row[c]) for c in _UNIT_COLUMNS if row.get(c))
    (inspection,) = state["inspections"].values()
    if not any(s["side"] == "UNIT" for s in state.get("signatories", {}).values()):
        head = db.execute(  # as signatories.proposed_signatories proposes the unit's head
            "SELECT id FROM people WHERE unit_id = ? AND deleted = 0 ORDER BY created_at LIMIT 1",
            [inspection["unit_id"]],
        ).fetchone()
        if head is not None:
            named["people"].add(head[0])
    units = _register_rows(db, "org_units", named["org_units"])
    superiors = {str(u["parent_id"]) for u in units.values() if u["parent_id"]}  # printed too
    units.update(_register_rows(db, "org_units", superiors - set(units)))
    found = {"org_units": units, "people": _register_rows(db, "people", named["people"])}
    return {t: rows for t, rows in found.items() if rows}


def _register_rows(db: Database, table: str, ids: set[str]) -> dict[str, dict[str, Any]]:
    columns = REGISTER_FIELDS[table]
    rows: dict[str, dict[str, Any]] = {}
    for chunk in _chunks(sorted(ids)):
        marks = ", ".join("?" for _ in chunk)
        for found in db.execute(
            f"SELECT id, {', '.join(columns)} FROM {table} WHERE id IN ({marks})", chunk
        ):
            rows[found[0]] = dict(zip(columns, found[1:], strict=True))
    return rows


def check_state(state: Any, inspection_id: str) -> bool:
    """Whether a sealed state (from another workspace) names only records of its own inspection,
    each record as a dict, and of the registers only what the minutes print."""
    if not isinstance(state, dict) or not set(state) <= {*SEAL_TABLES, *REGISTER_FIELDS}:
        return False
    for rows in state.values():
        if not isinstance(rows, dict) or not all(isinstance(v, dict) for v in rows.values()):
            return False
    inspection = state.get("inspections", {})
    if set(inspection) != {inspection_id}:
        return False
    decision = inspection[inspection_id].get("decision_id")
    if set(state.get("decisions", {})) - {decision}:
        return False
    for table in SEAL_TABLES:
        owner = OWNERS[table]
        if owner is None or owner.named_by or table == "inspections":
            continue
        allowed = set(state.get(owner.parent, {})) if owner.parent else {inspection_id}
        if any(row.get(owner.column) not in allowed for row in state.get(table, {}).values()):
            return False
    return all(
        set(row) <= set(columns) and all(v is None or isinstance(v, str) for v in row.values())
        for table, columns in REGISTER_FIELDS.items()
        for row in state.get(table, {}).values()
    )


_SEALS = (
    "SELECT record_id, new_value FROM changes WHERE table_name = 'minutes' AND op = 'insert'"
    " AND json_extract(new_value, '$.kind') = 'MAIN'"
    " AND json_extract(new_value, '$.sealed_state') IS NOT NULL"
)


def any_sealed(db: Database) -> bool:
    """Whether any inspection of the workspace has a seal (one row read)."""
    return db.execute(f"{_SEALS} LIMIT 1").fetchone() is not None


def sealed_inspections(db: Database) -> dict[str, tuple[str, dict[str, Any]]]:
    """Every sealed inspection: its id → (the minutes' id, the minutes as signed).

    A seal is read from the insert of the minutes, which no later change can alter: neither a
    tombstone nor an edit of the minutes unseals an inspection.
    """
    found: dict[str, tuple[str, dict[str, Any]]] = {}
    for record_id, new_value in db.execute(f"{_SEALS} ORDER BY record_id DESC"):
        signed = json.loads(new_value)
        found[signed["inspection_id"]] = (record_id, signed)  # the first id wins, everywhere
    return found


@dataclass(frozen=True)
class SealedNames:
    """The units and people as a sealed inspection's minutes print them (empty: not sealed, or
    sealed before seals kept names, so the registers are read as they are)."""

    units: dict[str, dict[str, Any]] = field(default_factory=dict)
    people: dict[str, dict[str, Any]] = field(default_factory=dict)

    def unit(self, unit_id: Any, column: str, current: Any) -> Any:
        """A unit's ``column`` as sealed, else ``current`` (the register's)."""
        return self.units.get(str(unit_id), {}).get(column, current)

    def person(self, person_id: Any, column: str, current: Any) -> Any:
        """A person's ``column`` as sealed, else ``current`` (the register's)."""
        return self.people.get(str(person_id), {}).get(column, current)


def sealed_names(db: Database, inspection_id: str) -> SealedNames:
    """The names a sealed inspection's seal fixed (see :class:`SealedNames`); one indexed query."""
    row = db.execute(
        "SELECT json_extract(sealed_state, '$.org_units'), json_extract(sealed_state, '$.people')"
        " FROM minutes WHERE inspection_id = ? AND kind = 'MAIN' AND sealed_state IS NOT NULL"
        " ORDER BY id LIMIT 1",
        [inspection_id],
    ).fetchone()
    if row is None:
        return SealedNames()
    units, people = (json.loads(text) if text else {} for text in row)
    return SealedNames(
        units if isinstance(units, dict) else {}, people if isinstance(people, dict) else {}
    )


def seal_tables(state: dict[str, Any]) -> Iterable[tuple[str, dict[str, Any]]]:
    """The tables of a sealed state whose records the seal holds (its registers are not held:
    they only say how the minutes named their units and people)."""
    return ((t, rows) for t, rows in state.items() if t in SEAL_TABLES)
