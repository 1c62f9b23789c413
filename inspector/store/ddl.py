# SPDX-License-Identifier: GPL-3.0-or-later
"""What every record table's definition shares, for the schema steps
(:mod:`inspector.store.migrations` and :mod:`inspector.store.migrations_followup`)."""

from __future__ import annotations

# Columns every record table starts with, in this order.
RECORD_COLUMNS = """
    id TEXT PRIMARY KEY NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    changed_by TEXT NOT NULL,
    device_id TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    deleted INTEGER NOT NULL DEFAULT 0"""

# Foreign keys are deferred so that a transaction (an import, later) may write rows in any order.
FK = "DEFERRABLE INITIALLY DEFERRED"


def record_table(name: str, body: str) -> str:
    """The CREATE TABLE of a record table: the shared columns, then ``body``."""
    return f"CREATE TABLE {name} ({RECORD_COLUMNS},\n{body}\n);\n"
