# SPDX-License-Identifier: GPL-3.0-or-later
"""The change graph as the merge and the conflict count read it: a change's parsed values, the
value it gives a column, the newest of several, and who made it.

Every change names the changes of the same field its author had (``parents``); the changes no
known change follows are the field's *heads* (:mod:`inspector.store.journal`).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from sqlite_utils import Database

DELETED = "deleted"  # the conflict of an edit made elsewhere to a record deleted here
PARENT_DELETED = "parent_deleted"  # a record added or kept elsewhere under one deleted here


def chunks(items: list[Any], size: int = 500) -> Iterator[list[Any]]:
    """``items`` in slices small enough for one ``IN (...)`` query."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def parsed(change: dict[str, Any]) -> dict[str, Any]:
    """Parse a change's JSON columns once (kept under ``_new`` and ``_parents``)."""
    if "_new" not in change:
        change["_new"] = json.loads(change["new_value"])
        change["_parents"] = json.loads(change["parents"] or "[]")
    return change


def value(change: dict[str, Any], column: str) -> Any:
    """The value a change gives a column (an insert gives every column it names)."""
    new = parsed(change)["_new"]
    return new.get(column) if change["op"] == "insert" else new


def newest(changes: list[dict[str, Any]]) -> dict[str, Any]:
    """The change made last (by time, then id: the same choice in every workspace)."""
    return max(changes, key=lambda c: (c["changed_at"], c["change_id"]))


def author(change: dict[str, Any]) -> str:
    """Who made a change: the signer of its set, or (made here) this workspace's user."""
    signed = change.get("_set")
    if signed is not None:
        return str(signed.author.name)
    return str(change.get("author") or change["changed_by"])


def columns(db: Database, table: str, cache: dict[str, list[str]]) -> list[str]:
    """The columns of a table, in order (read once per ``cache``)."""
    if table not in cache:
        cache[table] = [row[1] for row in db.execute(f"PRAGMA table_info({table})")]
    return cache[table]


def record_heads(db: Database, table: str, ids: list[str]) -> dict[str, dict[str, list[str]]]:
    """The heads of each field of the records ``ids`` of ``table``: record → field → changes."""
    heads: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for chunk in chunks(ids):
        marks = ", ".join("?" for _ in chunk)
        for record_id, fld, change_id in db.execute(
            f"SELECT record_id, field, change_id FROM heads WHERE table_name = ?"
            f" AND record_id IN ({marks}) ORDER BY change_id",
            [table, *chunk],
        ):
            heads[record_id][fld].append(change_id)
    return heads


FILE_COLUMNS = {"evidence": "sha256", "follow_up_files": "sha256", "minutes": "pdf_sha256"}


def named_files(changes: list[dict[str, Any]], tables: tuple[str, ...]) -> list[str]:
    """The digests of the stored files that the evidence or minutes changes of a batch name
    (each approval adds a version of the signed minutes; the office checks each against the one
    it replaces)."""
    found: list[str] = []
    for change in changes:
        column = FILE_COLUMNS.get(change["table_name"])
        if column is None or change["table_name"] not in tables:
            continue
        value = parsed(change)["_new"]
        if change["op"] == "insert" and isinstance(value, dict):
            value = value.get(column)
        elif change["op"] != "update" or change["field"] != column:
            continue
        if isinstance(value, str):
            found.append(value)
    return found
