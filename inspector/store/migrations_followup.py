# SPDX-License-Identifier: GPL-3.0-or-later
"""The schema steps of the follow-up of recommendations (see :mod:`inspector.store.migrations`,
which runs every step in order): the register's fields and files (9), re-inspection (11), the
register's index (12)."""

from __future__ import annotations

from sqlite_utils import Database

from inspector.store.ddl import FK as _FK
from inspector.store.ddl import record_table as _record_table


def v9(db: Database) -> None:
    """The follow-up register: who at the office follows a recommendation, the unit's report of
    what it did, a deadline extended after the minutes, and the files the office attaches to it
    (``follow_up_files``: a recommendation's record, not the sealed check's)."""
    db.execute(
        f"ALTER TABLE recommendations ADD COLUMN follow_up_by TEXT REFERENCES people(id) {_FK}"
    )
    db.execute("ALTER TABLE recommendations ADD COLUMN report TEXT")
    db.execute("ALTER TABLE recommendations ADD COLUMN extended_to TEXT")
    db.execute(
        _record_table(
            "follow_up_files",
            f"""    recommendation_id TEXT NOT NULL REFERENCES recommendations(id) {_FK},
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    file_name TEXT NOT NULL,
    media_type TEXT NOT NULL,
    caption TEXT""",
        )
    )
    db.execute("CREATE INDEX follow_up_files_recommendation ON follow_up_files (recommendation_id)")
    db.execute("CREATE INDEX recommendations_follow_up_by ON recommendations (follow_up_by)")
    db.execute("CREATE INDEX follow_up_files_deleted ON follow_up_files (id) WHERE deleted = 1")


def v11(db: Database) -> None:
    """A re-inspection: a check that follows an earlier one (``follows_id``) and looks again at
    only some of its checklist items (``items``: their codes as a JSON list; NULL: every item of
    the areas in scope)."""
    db.execute(
        f"ALTER TABLE inspections ADD COLUMN follows_id TEXT REFERENCES inspections(id) {_FK}"
    )
    db.execute("ALTER TABLE inspections ADD COLUMN items TEXT")
    db.execute("CREATE INDEX inspections_follows ON inspections (follows_id)")


def v12(db: Database) -> None:
    """The follow-up register over a million recommendations reads one index of the live ones
    (check, status, both deadlines, who acts, who follows, finding, id), never their texts."""
    db.execute(
        "CREATE INDEX recommendations_register ON recommendations (inspection_id, status,"
        " extended_to, deadline, owner_unit_id, target_unit_id, follow_up_by, finding_id, id,"
        " deleted) WHERE deleted = 0"
    )
