# SPDX-License-Identifier: GPL-3.0-or-later
"""The journal: the one writer of record rows, the change log and the heads.

An edit made here (:mod:`inspector.store.records`) and a batch of changes merged from elsewhere
(:mod:`inspector.sync.merge`) write the same three things the same way: the record's row, one entry
of ``changes`` per inserted record, changed field and tombstone, and the ``heads`` of each field
they touch (the changes no known change follows; ``*`` is the record's insert). A journal
gathers them and :meth:`Journal.flush` writes them in batches, inside the caller's transaction.

It also keeps ``forks``: the fields that have several heads (a conflict, or the same value set on
two sides), so that the conflict count reads these few and never every head of the workspace.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlite_utils import Database

# The fields of a change as it travels (a line of a package's ``changes.jsonl``).
CHANGE_FIELDS = (
    "change_id",
    "table_name",
    "record_id",
    "op",
    "field",
    "old_value",
    "new_value",
    "version",
    "changed_by",
    "device_id",
    "changed_at",
    "reason",
    "parents",
)
# What this workspace adds to a change it keeps: the package it came in, its set and author.
ARRIVAL_FIELDS = ("package_id", "set_id", "author", "author_fp")
ROOT = "*"  # the heads key of a record's insert


class Journal:
    """Rows, changes and heads gathered for one write, then written together."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.inserts: dict[tuple[str, tuple[str, ...]], list[list[Any]]] = defaultdict(list)
        self.changes: list[list[Any]] = []
        self.cleared: list[tuple[str, str, str]] = []
        self.heads: list[tuple[str, str, str, str]] = []
        self.counts: dict[tuple[str, str, str], int] = {}  # heads of each field written
        self.replaced: set[tuple[str, str, str]] = set()  # fields whose heads were replaced

    def insert_row(self, table: str, row: dict[str, Any]) -> None:
        """A new row of ``table`` (every column it gives)."""
        columns = tuple(sorted(row))
        self.inserts[(table, columns)].append([row[c] for c in columns])

    def update_row(self, table: str, record_id: str, values: dict[str, Any]) -> None:
        """Set columns of a row now (later writes of this journal may read it)."""
        self.db.execute(
            f"UPDATE {table} SET {', '.join(f'{k} = ?' for k in values)} WHERE id = ?",
            [*values.values(), record_id],
        )

    def log(self, change: dict[str, Any], **arrival: Any) -> None:
        """A change-log entry (``CHANGE_FIELDS``), and where it came from (``ARRIVAL_FIELDS``)."""
        self.changes.append(
            [change[k] for k in CHANGE_FIELDS] + [arrival.get(k) for k in ARRIVAL_FIELDS]
        )

    def set_heads(self, table: str, record_id: str, field: str, change_ids: Iterable[str]) -> None:
        """The heads of one field of a record are now ``change_ids`` (they replace any before)."""
        key = (table, record_id, field)
        self.cleared.append(key)
        ids = set(change_ids)
        self.heads += [(table, record_id, field, c) for c in ids]
        self.counts[key] = len(ids)
        self.replaced.add(key)

    def add_heads(self, table: str, record_id: str, field: str, change_ids: Iterable[str]) -> None:
        """Heads of a field of a record that has none yet (a record new here)."""
        key = (table, record_id, field)
        ids = set(change_ids)
        self.heads += [(table, record_id, field, c) for c in ids]
        self.counts[key] = self.counts.get(key, 0) + len(ids)

    def flush(self) -> None:
        """Write everything gathered, in batches; the journal is empty again."""
        conn = self.db.conn
        for (table, columns), rows in self.inserts.items():
            conn.executemany(
                f"INSERT INTO {table} ({', '.join(columns)})"
                f" VALUES ({', '.join('?' for _ in columns)})",
                rows,
            )
        fields = (*CHANGE_FIELDS, *ARRIVAL_FIELDS)
        conn.executemany(
            f"INSERT INTO changes ({', '.join(fields)}) VALUES ({', '.join('?' for _ in fields)})",
            self.changes,
        )
        conn.executemany(
            "DELETE FROM heads WHERE table_name = ? AND record_id = ? AND field = ?", self.cleared
        )
        conn.executemany("INSERT INTO heads VALUES (?, ?, ?, ?)", self.heads)
        conn.executemany(  # a field whose heads were replaced by one is no longer forked
            "DELETE FROM forks WHERE table_name = ? AND record_id = ? AND field = ?",
            [key for key in self.replaced if self.counts[key] < 2],
        )
        conn.executemany(
            "INSERT OR IGNORE INTO forks VALUES (?, ?, ?)",
            [key for key, count in self.counts.items() if count > 1],
        )
        self.inserts.clear()
        self.changes.clear()
        self.cleared.clear()
        self.heads.clear()
        self.counts.clear()
        self.replaced.clear()
