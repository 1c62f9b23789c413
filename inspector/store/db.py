# SPDX-License-Identifier: GPL-3.0-or-later
"""The workspace database: connection settings, the tables and what they belong to, upgrades.

This module and :mod:`inspector.store.migrations` (every step of the schema) alone hold DDL and
pragmas. The schema version is ``PRAGMA user_version``; ``MIGRATIONS[n]`` upgrades a file from
version n to n+1, and all pending steps run in one transaction. A file written by a newer version of the app is refused and left untouched; an older
one is copied aside (``<name>.v{n}.bak``) before it is upgraded.

Every table that travels between laptops (a *record table*) has the same bookkeeping columns:
``id`` (UUID), ``created_at``/``updated_at`` (UTC, ISO 8601), ``changed_by`` and ``device_id`` (who
and which workspace last changed it), ``version`` (per record, from 1) and ``deleted`` (a tombstone:
rows are never removed). Every change is also written to ``changes`` (see :mod:`inspector.store.records`).
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from sqlite_utils import Database

from inspector.errors import SchemaTooNewError, WorkspaceError
from inspector.i18n import _
from inspector.store import faults
from inspector.store.migrations import MIGRATIONS

SCHEMA_VERSION = len(MIGRATIONS)

# The bookkeeping columns of every record table (see the module's docstring).
META_COLUMNS = ("id", "created_at", "updated_at", "changed_by", "device_id", "version", "deleted")


class Owner(NamedTuple):
    """How the rows of a record table belong to an inspection (see ``OWNERS``)."""

    column: str  # the column naming the inspection, or the parent row
    parent: str = ""  # the table ``column`` names ("": ``column`` holds the inspection's id)
    named_by: bool = False  # reversed: the rows of ``parent`` name this row in ``column``


# Every table whose rows travel between workspaces, in an order that respects their references,
# and which inspection its rows belong to: registers belong to none, a decision to the
# inspections that name it. A new record table is one line here.
OWNERS: dict[str, Owner | None] = {
    "org_units": None,
    "org_unit_predecessors": None,
    "people": None,
    "checklist_templates": None,
    "checklist_areas": None,
    "checklist_items": None,
    "decisions": Owner("decision_id", "inspections", named_by=True),
    "inspections": Owner("id"),
    "team_members": Owner("inspection_id"),
    "attendance": Owner("inspection_id"),
    "responses": Owner("inspection_id"),
    "findings": Owner("inspection_id"),
    "responsibilities": Owner("finding_id", "findings"),
    "recommendations": Owner("inspection_id"),
    "explanations": Owner("inspection_id"),
    "traces": Owner("inspection_id"),
    "trace_steps": Owner("trace_id", "traces"),
    "evidence": Owner("inspection_id"),
    "evidence_links": Owner("evidence_id", "evidence"),
    "signatories": Owner("inspection_id"),
    "minutes": Owner("inspection_id"),
    "follow_up_files": Owner("recommendation_id", "recommendations"),
}
RECORD_TABLES = tuple(OWNERS)

# Tables whose rows belong straight to an inspection (by ``inspection_id``); the minutes are the
# seal of their inspection, not part of its record.
INSPECTION_TABLES = tuple(
    t for t, o in OWNERS.items() if o == Owner("inspection_id") and t != "minutes"
)

# Records that live under another: (child table, column, parent table). Deleting a parent
# deletes these with it; one left live under a deleted parent is hidden. Besides the owned ones,
# a finding's recommendations and explanations go with it.
CHILDREN: tuple[tuple[str, str, str], ...] = (
    *((t, o.column, o.parent) for t, o in OWNERS.items() if o and o.parent and not o.named_by),
    ("recommendations", "finding_id", "findings"),
    ("explanations", "finding_id", "findings"),
    *((table, "inspection_id", "inspections") for table in INSPECTION_TABLES),
)


def connect(path: Path | str) -> sqlite3.Connection:
    """Open a connection with the workspace's settings: WAL, full sync, foreign keys.

    ``synchronous=FULL`` makes a committed transaction survive a power cut, not only a crash.
    The connection is in autocommit mode; transactions are opened explicitly (``Database.atomic``).
    """
    conn = sqlite3.connect(str(path), isolation_level=None, timeout=10.0)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    return conn


def schema_version(conn: sqlite3.Connection) -> int:
    """Return the schema version stored in the file (0 for a new file)."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def open_database(path: Path | str) -> Database:
    """Open (creating or upgrading if needed) the workspace database at ``path``.

    Raises:
        SchemaTooNewError: the file was written by a newer version of the app; it is left untouched.
        StorageError: the disk is full or read-only, this user may not write the file, or the
            database is damaged (each said in its own sentence: a healthy file is never called
            "not a workspace database").
        WorkspaceError: the file is not a database this app can open.
    """
    path = Path(path)
    existed = path.exists() and path.stat().st_size > 0
    if existed:
        _refuse_too_new(path)
    try:
        conn = connect(path)
        version = schema_version(conn)
    except sqlite3.DatabaseError as exc:
        raise faults.storage_error(exc, path) or WorkspaceError(
            _("The file {path} is not an Inspector workspace database.", path=str(path))
        ) from exc
    if version > SCHEMA_VERSION:  # written by a newer app between the check and the open
        conn.close()
        raise _too_new_error(version)
    if version < SCHEMA_VERSION:
        try:
            with faults.storage_errors(path):
                if existed and version > 0:
                    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                    shutil.copy2(path, path.with_name(f"{path.name}.v{version}.bak"))
                migrate(Database(conn))
        except OSError as exc:  # the copy set aside before an upgrade
            conn.close()
            raise faults.storage_error(exc, path) or WorkspaceError(
                _("The workspace database {path} cannot be read.", path=str(path))
            ) from exc
        except BaseException:
            conn.close()
            raise
    return Database(conn)


def migrate(db: Database) -> None:
    """Run every pending migration step, and each version bump, in one transaction."""
    version = schema_version(db.conn)
    with db.atomic():
        for step in range(version, SCHEMA_VERSION):
            MIGRATIONS[step](db)
            db.execute(f"PRAGMA user_version = {step + 1}")


def _too_new_error(version: int) -> SchemaTooNewError:
    return SchemaTooNewError(
        _(
            "This workspace was saved by a newer version of Inspector (data format {found}; this "
            "version reads up to {supported}). Update the app to open it; the file was not changed.",
            found=version,
            supported=SCHEMA_VERSION,
        )
    )


def _refuse_too_new(path: Path) -> None:
    """Read the file's version from its header, touching nothing, so a too-new file stays as it is.

    SQLite keeps ``user_version`` as a big-endian integer at offset 60 of the file header.
    """
    try:
        with open(path, "rb") as fh:
            header = fh.read(100)
    except OSError as exc:
        raise faults.storage_error(exc, path) or WorkspaceError(
            _("The workspace database {path} cannot be read.", path=str(path))
        ) from exc
    if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
        raise WorkspaceError(
            _("The file {path} is not an Inspector workspace database.", path=str(path))
        )
    version = int.from_bytes(header[60:64], "big")
    if version > SCHEMA_VERSION:
        raise _too_new_error(version)


def _drafts_v1(db: Database) -> None:
    """Keep text being typed, keystroke by keystroke, until it is saved as a real change."""
    db.execute(
        """CREATE TABLE drafts (
            table_name TEXT NOT NULL,
            record_id TEXT NOT NULL,
            field TEXT NOT NULL,
            value TEXT NOT NULL,
            typed_at TEXT NOT NULL,
            PRIMARY KEY (table_name, record_id, field)
        )"""
    )


# The drafts database, a small file of its own beside the workspace database (see
# :func:`open_drafts`); its steps and version are its own, as the workspace database's are.
DRAFTS_MIGRATIONS: list[Callable[[Database], None]] = [_drafts_v1]
DRAFTS_SCHEMA_VERSION = len(DRAFTS_MIGRATIONS)


def open_drafts(path: Path | str) -> Database:
    """Open (creating or upgrading if needed) the drafts database at ``path``.

    Text being typed is kept there keystroke by keystroke (:mod:`inspector.fieldwork.drafts`), on
    a connection of its own with the workspace database's settings (WAL, ``synchronous=FULL``):
    an import holding the workspace database's write lock never delays a keystroke.

    Raises:
        SchemaTooNewError: the file was written by a newer version of the app; it is left untouched.
        StorageError: the disk is full or read-only, this user may not write the file, or the
            file is damaged.
    """
    path = Path(path)
    try:
        if not path.exists():
            path.touch(mode=0o600)  # SQLite gives its journal files the same mode
        conn = connect(path)
        version = schema_version(conn)
    except (OSError, sqlite3.DatabaseError) as exc:
        raise faults.storage_error(exc, path) or WorkspaceError(
            _("The workspace database {path} cannot be read.", path=str(path))
        ) from exc
    if version > DRAFTS_SCHEMA_VERSION:
        conn.close()
        raise SchemaTooNewError(
            _(
                "This workspace was saved by a newer version of Inspector (data format {found};"
                " this version reads up to {supported}). Update the app to open it; the file was"
                " not changed.",
                found=version,
                supported=DRAFTS_SCHEMA_VERSION,
            )
        )
    if version < DRAFTS_SCHEMA_VERSION:
        database = Database(conn)
        try:
            with faults.storage_errors(path), database.atomic():
                for step in range(version, DRAFTS_SCHEMA_VERSION):
                    DRAFTS_MIGRATIONS[step](database)
                    database.execute(f"PRAGMA user_version = {step + 1}")
        except BaseException:
            conn.close()
            raise
    return Database(conn)
