# SPDX-License-Identifier: GPL-3.0-or-later
"""Every step of the workspace database's schema, from an empty file to today's: ``MIGRATIONS[n]``
upgrades a file from version n to n+1. A step, once released, never changes: a new need is a new
step. :mod:`inspector.store.db` runs the pending ones in one transaction."""

from __future__ import annotations

import json
from collections.abc import Callable

from sqlite_utils import Database

from inspector.store.ddl import FK, record_table
from inspector.store.migrations_followup import v9 as _v9
from inspector.store.migrations_followup import v11 as _v11
from inspector.store.migrations_followup import v12 as _v12

# The record tables' shared columns and deferred foreign keys (inspector.store.ddl).
_FK = FK
_record_table = record_table


def _v1(db: Database) -> None:
    """Create the field workspace: registers, checks, findings, evidence, change log."""
    ddl = [
        # Not synced: this workspace's own settings (device id, user, language, last screen).
        "CREATE TABLE settings (key TEXT PRIMARY KEY NOT NULL, value TEXT);",
        # The change log: one row per inserted record, per changed field, per tombstone.
        """CREATE TABLE changes (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            change_id TEXT NOT NULL UNIQUE,
            table_name TEXT NOT NULL,
            record_id TEXT NOT NULL,
            op TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
            field TEXT,
            old_value TEXT,
            new_value TEXT,
            version INTEGER NOT NULL,
            changed_by TEXT NOT NULL,
            device_id TEXT NOT NULL,
            changed_at TEXT NOT NULL,
            reason TEXT
        );""",
        "CREATE INDEX changes_record ON changes (table_name, record_id);",
        _record_table(
            "org_units",
            f"""    code TEXT,
    admin_unit_code TEXT,
    name TEXT NOT NULL,
    name_short TEXT,
    level TEXT NOT NULL,
    parent_id TEXT REFERENCES org_units(id) {_FK},
    superior_for_header TEXT,
    address TEXT,
    place_name TEXT,
    am_start TEXT, am_end TEXT, pm_start TEXT, pm_end TEXT,
    valid_from TEXT,
    valid_to TEXT""",
        ),
        _record_table(
            "org_unit_predecessors",
            f"""    unit_id TEXT NOT NULL REFERENCES org_units(id) {_FK},
    predecessor_id TEXT NOT NULL REFERENCES org_units(id) {_FK}""",
        ),
        _record_table(
            "people",
            f"""    full_name TEXT NOT NULL,
    gender TEXT,
    date_of_birth TEXT,
    staff_type TEXT,
    position TEXT,
    job_position TEXT,
    grade TEXT,
    unit_id TEXT REFERENCES org_units(id) {_FK},
    badge_no TEXT,
    phone TEXT,
    active_from TEXT,
    active_to TEXT""",
        ),
        "CREATE INDEX people_unit ON people (unit_id);",
        _record_table(
            "checklist_templates",
            """    code TEXT NOT NULL,
    template_version INTEGER NOT NULL,
    title_vi TEXT NOT NULL,
    title_en TEXT NOT NULL,
    valid_from TEXT,
    UNIQUE (code, template_version)""",
        ),
        _record_table(
            "checklist_areas",
            f"""    template_id TEXT NOT NULL REFERENCES checklist_templates(id) {_FK},
    code TEXT NOT NULL,
    title_vi TEXT NOT NULL,
    title_en TEXT NOT NULL,
    position INTEGER NOT NULL""",
        ),
        _record_table(
            "checklist_items",
            f"""    template_id TEXT NOT NULL REFERENCES checklist_templates(id) {_FK},
    area_code TEXT NOT NULL,
    code TEXT NOT NULL,
    text_vi TEXT NOT NULL,
    text_en TEXT NOT NULL,
    methods TEXT NOT NULL,
    how_vi TEXT NOT NULL,
    how_en TEXT NOT NULL,
    legal_basis TEXT NOT NULL,
    default_severity TEXT NOT NULL,
    position INTEGER NOT NULL""",
        ),
        "CREATE INDEX checklist_items_template ON checklist_items (template_id, area_code);",
        _record_table(
            "decisions",
            f"""    number_symbol TEXT NOT NULL,
    number_is_official INTEGER NOT NULL DEFAULT 0,
    signed_on TEXT NOT NULL,
    signer_name TEXT NOT NULL,
    signer_title TEXT,
    issuer_unit_id TEXT REFERENCES org_units(id) {_FK},
    legal_basis TEXT NOT NULL,
    kind TEXT NOT NULL,
    unannounced INTEGER NOT NULL DEFAULT 1,
    purpose TEXT,
    period_from TEXT,
    period_to TEXT,
    duration_days INTEGER""",
        ),
        _record_table(
            "inspections",
            f"""    decision_id TEXT NOT NULL REFERENCES decisions(id) {_FK},
    unit_id TEXT NOT NULL REFERENCES org_units(id) {_FK},
    template_id TEXT NOT NULL REFERENCES checklist_templates(id) {_FK},
    areas TEXT NOT NULL,
    status TEXT NOT NULL,
    location TEXT,
    arrived_at TEXT,
    announced_at TEXT,
    ended_at TEXT""",
        ),
        "CREATE INDEX inspections_status ON inspections (status);",
        _record_table(
            "team_members",
            f"""    inspection_id TEXT NOT NULL REFERENCES inspections(id) {_FK},
    person_id TEXT NOT NULL REFERENCES people(id) {_FK},
    role TEXT NOT NULL,
    assigned_areas TEXT NOT NULL DEFAULT '[]',
    coi_declared INTEGER NOT NULL DEFAULT 0,
    coi_note TEXT""",
        ),
        "CREATE INDEX team_members_inspection ON team_members (inspection_id);",
        _record_table(
            "attendance",
            f"""    inspection_id TEXT NOT NULL REFERENCES inspections(id) {_FK},
    person_id TEXT NOT NULL REFERENCES people(id) {_FK},
    status TEXT NOT NULL,
    reason_code TEXT,
    checked_at TEXT NOT NULL,
    arrived_at TEXT,
    note TEXT""",
        ),
        "CREATE INDEX attendance_inspection ON attendance (inspection_id, person_id);",
        _record_table(
            "responses",
            f"""    inspection_id TEXT NOT NULL REFERENCES inspections(id) {_FK},
    item_id TEXT NOT NULL REFERENCES checklist_items(id) {_FK},
    answer TEXT NOT NULL,
    note TEXT,
    answered_by TEXT,
    answered_at TEXT NOT NULL""",
        ),
        "CREATE INDEX responses_inspection ON responses (inspection_id, item_id);",
        _record_table(
            "findings",
            f"""    inspection_id TEXT NOT NULL REFERENCES inspections(id) {_FK},
    item_id TEXT REFERENCES checklist_items(id) {_FK},
    area_code TEXT,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT,
    severity TEXT NOT NULL,
    legal_basis TEXT""",
        ),
        "CREATE INDEX findings_inspection ON findings (inspection_id, area_code);",
        _record_table(
            "responsibilities",
            f"""    finding_id TEXT NOT NULL REFERENCES findings(id) {_FK},
    subject_type TEXT NOT NULL,
    unit_id TEXT REFERENCES org_units(id) {_FK},
    person_id TEXT REFERENCES people(id) {_FK},
    level TEXT NOT NULL,
    step_no INTEGER,
    note TEXT""",
        ),
        "CREATE INDEX responsibilities_finding ON responsibilities (finding_id);",
        _record_table(
            "recommendations",
            f"""    inspection_id TEXT NOT NULL REFERENCES inspections(id) {_FK},
    finding_id TEXT REFERENCES findings(id) {_FK},
    type TEXT NOT NULL,
    text TEXT NOT NULL,
    target_unit_id TEXT REFERENCES org_units(id) {_FK},
    target_person_id TEXT REFERENCES people(id) {_FK},
    owner_unit_id TEXT REFERENCES org_units(id) {_FK},
    deadline TEXT,
    status TEXT NOT NULL,
    status_note TEXT""",
        ),
        "CREATE INDEX recommendations_inspection ON recommendations (inspection_id);",
        _record_table(
            "explanations",
            f"""    inspection_id TEXT NOT NULL REFERENCES inspections(id) {_FK},
    finding_id TEXT REFERENCES findings(id) {_FK},
    person_id TEXT REFERENCES people(id) {_FK},
    given_by TEXT NOT NULL,
    text TEXT NOT NULL,
    given_at TEXT NOT NULL""",
        ),
        _record_table(
            "traces",
            f"""    inspection_id TEXT NOT NULL REFERENCES inspections(id) {_FK},
    finding_id TEXT REFERENCES findings(id) {_FK},
    object_type TEXT NOT NULL,
    object_ref TEXT NOT NULL,
    procedure_code TEXT,
    title TEXT""",
        ),
        "CREATE INDEX traces_inspection ON traces (inspection_id);",
        _record_table(
            "trace_steps",
            f"""    trace_id TEXT NOT NULL REFERENCES traces(id) {_FK},
    step_no INTEGER NOT NULL,
    step_name TEXT NOT NULL,
    person_id TEXT REFERENCES people(id) {_FK},
    unit_id TEXT REFERENCES org_units(id) {_FK},
    role TEXT,
    received_on TEXT NOT NULL,
    due_on TEXT NOT NULL,
    done_on TEXT,
    apology_slip INTEGER NOT NULL DEFAULT 0""",
        ),
        "CREATE INDEX trace_steps_trace ON trace_steps (trace_id, step_no);",
        _record_table(
            "evidence",
            f"""    inspection_id TEXT NOT NULL REFERENCES inspections(id) {_FK},
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    file_name TEXT NOT NULL,
    media_type TEXT NOT NULL,
    kind TEXT NOT NULL,
    caption TEXT,
    captured_at TEXT,
    captured_by TEXT,
    confirmed_by_unit INTEGER NOT NULL DEFAULT 0""",
        ),
        "CREATE INDEX evidence_inspection ON evidence (inspection_id);",
        _record_table(
            "evidence_links",
            f"""    evidence_id TEXT NOT NULL REFERENCES evidence(id) {_FK},
    target_table TEXT NOT NULL,
    target_id TEXT NOT NULL""",
        ),
        "CREATE INDEX evidence_links_target ON evidence_links (target_table, target_id);",
        _record_table(
            "signatories",
            f"""    inspection_id TEXT NOT NULL REFERENCES inspections(id) {_FK},
    person_id TEXT REFERENCES people(id) {_FK},
    name TEXT NOT NULL,
    title TEXT,
    side TEXT NOT NULL,
    position INTEGER NOT NULL""",
        ),
    ]
    for statement in ddl:
        db.execute(statement)


def _v2(db: Database) -> None:
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


def _v3(db: Database) -> None:
    """Keep the signed minutes of each inspection: which record they seal, and their file."""
    db.execute(
        _record_table(
            "minutes",
            f"""    inspection_id TEXT NOT NULL REFERENCES inspections(id) {_FK},
    kind TEXT NOT NULL,
    supplements_id TEXT REFERENCES minutes(id) {_FK},
    number TEXT,
    lang TEXT NOT NULL,
    record_digest TEXT NOT NULL,
    pdf_sha256 TEXT NOT NULL,
    file_name TEXT NOT NULL,
    signed_by TEXT NOT NULL,
    sealed_at TEXT NOT NULL,
    body TEXT,
    slots TEXT""",
        )
    )
    db.execute("CREATE INDEX minutes_inspection ON minutes (inspection_id)")
    # Handwritten signatures (vector strokes) and refusals to sign, per signatory.
    for column in ("strokes TEXT", "signed_at TEXT", "refusal_reason TEXT", "refusal_witness TEXT"):
        db.execute(f"ALTER TABLE signatories ADD COLUMN {column}")
    db.execute("CREATE INDEX minutes_digest ON minutes (record_digest)")


def _v4(db: Database) -> None:
    """Sync packages: the change graph (each change names the changes it follows), the current
    heads of every field, what was exported and imported, and the state each seal fixes.

    A change's ``parents`` are the changes of the same field its author had (for an insert, none);
    ``heads`` holds, per record field, the changes no known change follows (``*`` stands for the
    record's insert). Two heads with different values are a conflict that a person resolves.
    """
    db.execute("ALTER TABLE changes ADD COLUMN parents TEXT")
    db.execute("ALTER TABLE changes ADD COLUMN package_id TEXT")  # the package it came in, if any
    db.execute("ALTER TABLE changes ADD COLUMN refused TEXT")  # why an import did not apply it
    db.execute(
        """CREATE TABLE heads (
            table_name TEXT NOT NULL,
            record_id TEXT NOT NULL,
            field TEXT NOT NULL,
            change_id TEXT NOT NULL,
            PRIMARY KEY (table_name, record_id, field, change_id)
        ) WITHOUT ROWID"""
    )
    db.execute(
        """CREATE TABLE packages (
            package_id TEXT PRIMARY KEY NOT NULL,
            direction TEXT NOT NULL CHECK (direction IN ('out', 'in')),
            kind TEXT NOT NULL,
            device_id TEXT NOT NULL,
            signer TEXT NOT NULL,
            created_at TEXT NOT NULL,
            from_seq INTEGER,
            to_seq INTEGER,
            file_name TEXT,
            file_sha256 TEXT,
            done_at TEXT NOT NULL,
            done_by TEXT NOT NULL,
            summary TEXT NOT NULL DEFAULT '{}'
        )"""
    )
    db.execute(
        """CREATE TABLE receipts (
            package_id TEXT PRIMARY KEY NOT NULL,
            receipt_id TEXT NOT NULL UNIQUE,
            office_device TEXT NOT NULL,
            office_signer TEXT NOT NULL,
            imported_at TEXT NOT NULL,
            summary TEXT NOT NULL DEFAULT '{}',
            received_at TEXT NOT NULL
        )"""
    )
    db.execute("ALTER TABLE minutes ADD COLUMN sealed_state TEXT")
    # Existing history: each update follows the previous change of its field (or the insert);
    # a tombstone follows everything the record had then.
    last: dict[tuple[str, str], dict[str, str]] = {}
    roots: dict[tuple[str, str], str] = {}
    parents: list[tuple[str, str]] = []
    for change_id, table, record, op, field in db.execute(
        "SELECT change_id, table_name, record_id, op, field FROM changes ORDER BY seq"
    ).fetchall():
        key = (table, record)
        fields = last.setdefault(key, {})
        if op == "insert":
            roots.setdefault(key, change_id)
            parents.append(("[]", change_id))
        elif op == "update":
            before = fields.get(field) or roots.get(key)
            parents.append((json.dumps([before] if before else []), change_id))
            fields[field] = change_id
        else:
            seen = {c for c in [roots.get(key), *fields.values()] if c}
            parents.append((json.dumps(sorted(seen)), change_id))
    db.conn.executemany("UPDATE changes SET parents = ? WHERE change_id = ?", parents)
    db.conn.executemany(
        "INSERT INTO heads VALUES (?, ?, '*', ?)",
        [(table, record, change_id) for (table, record), change_id in roots.items()],
    )
    db.conn.executemany(
        "INSERT INTO heads VALUES (?, ?, ?, ?)",
        [(t, r, f, c) for (t, r), fields in last.items() for f, c in fields.items()],
    )


def _v5(db: Database) -> None:
    """Authorship is the signature: every change that leaves the laptop where it was made goes in
    a *change set* its author signs (the certificate's key), and travels, relayed or not, with it.

    ``change_sets`` keeps each set's signed statement (the SHA-256 of every change line it holds),
    its signature and certificate chain, so a relay can pass the set on unaltered; ``changes``
    names the set a change came in and its author as the certificate names them. A change made
    here and not yet exported has no set: its author is this workspace's.
    """
    db.execute("ALTER TABLE changes ADD COLUMN set_id TEXT")
    db.execute("ALTER TABLE changes ADD COLUMN author TEXT")  # the certificate's common name
    db.execute("ALTER TABLE changes ADD COLUMN author_fp TEXT")  # the certificate's SHA-256
    db.execute("CREATE INDEX changes_set ON changes (set_id)")
    db.execute(
        """CREATE TABLE change_sets (
            set_id TEXT PRIMARY KEY NOT NULL,
            device_id TEXT NOT NULL,
            author TEXT NOT NULL,
            author_fp TEXT NOT NULL,
            created_at TEXT NOT NULL,
            statement TEXT NOT NULL,
            signature TEXT NOT NULL,
            chain TEXT NOT NULL
        )"""
    )
    # changes refused at import because their signer may not make them: kept, never applied
    db.execute(
        """CREATE TABLE refused_changes (
            change_id TEXT NOT NULL,
            package_id TEXT NOT NULL,
            line TEXT NOT NULL,
            author TEXT NOT NULL,
            author_fp TEXT NOT NULL,
            reason TEXT NOT NULL,
            refused_at TEXT NOT NULL,
            PRIMARY KEY (change_id, package_id)
        )"""
    )


WINTER_COLUMNS = (
    "winter_from",
    "winter_to",
    "winter_am_start",
    "winter_am_end",
    "winter_pm_start",
    "winter_pm_end",
)


def _v6(db: Database) -> None:
    """Checklist items say how their failure is written and whether they are duties or praise
    and concern money; findings carry the amounts (norm, actual, excess) in whole đồng, a
    request to repay money where it is paid, and a unit its winter working hours.

    Items of earlier templates are duties that concern no money and have no wording of their
    own, as a newly installed copy of those templates has (so both compare equal in a package).
    """
    for column in (
        "violation_vi TEXT",
        "violation_en TEXT",
        "kind TEXT NOT NULL DEFAULT 'DUTY'",
        "money INTEGER NOT NULL DEFAULT 0",
    ):
        db.execute(f"ALTER TABLE checklist_items ADD COLUMN {column}")
    for column in ("amount_norm", "amount_actual", "amount_excess"):
        db.execute(f"ALTER TABLE findings ADD COLUMN {column} INTEGER")
    # a request to repay money says where it is paid (an account, a treasury)
    db.execute("ALTER TABLE recommendations ADD COLUMN pay_to TEXT")
    # a unit's winter working hours, and the days (MM-DD) its winter runs from and to
    for column in WINTER_COLUMNS:
        db.execute(f"ALTER TABLE org_units ADD COLUMN {column} TEXT")


def foreign_keys_without_index(db: Database) -> list[tuple[str, str]]:
    """The (table, column) pairs that reference another record and lead no index: each is a
    scan of the whole table wherever the app looks a record's children up."""
    found = []
    for table in db.table_names():
        leading = {
            columns[0]
            for (_seq, index, *_rest) in db.execute(f"PRAGMA index_list('{table}')").fetchall()
            if (columns := [c[2] for c in db.execute(f"PRAGMA index_info('{index}')")])
        }
        for key in db.execute(f"PRAGMA foreign_key_list('{table}')").fetchall():
            if key[3] not in leading:
                found.append((table, key[3]))
    return sorted(set(found))


def _v7(db: Database) -> None:
    """An index on every column that references another record: looking up a finding's
    recommendations, a check's explanations or signatories, a person's responsibilities no
    longer reads the whole table (an office holds hundreds of thousands of such rows). And
    partial indexes on deleted records and on deletions, where the conflict count starts."""
    for table, column in foreign_keys_without_index(db):
        db.execute(f"CREATE INDEX IF NOT EXISTS {table}_{column} ON {table} ({column})")
    # the few deleted records, and the few deletions of the log: where the conflict count
    # starts, instead of reading every record and every change
    for table in db.table_names():  # the record tables, as they stand at this step
        if "deleted" in {c.name for c in db.table(table).columns}:
            db.execute(f"CREATE INDEX {table}_deleted ON {table} (id) WHERE deleted = 1")
    db.execute(
        "CREATE INDEX changes_deletions ON changes (table_name, record_id) WHERE op = 'delete'"
    )


def _v8(db: Database) -> None:
    """The fields with several heads (``forks``), kept by the journal as it writes the heads: the
    conflict count starts from these few, instead of reading every head of the workspace."""
    db.execute(
        """CREATE TABLE forks (
            table_name TEXT NOT NULL,
            record_id TEXT NOT NULL,
            field TEXT NOT NULL,
            PRIMARY KEY (table_name, record_id, field)
        ) WITHOUT ROWID"""
    )
    db.execute(
        "INSERT INTO forks SELECT table_name, record_id, field FROM heads"
        " GROUP BY table_name, record_id, field HAVING count(*) > 1"
    )


def _v10(db: Database) -> None:
    """The office's facets over a million findings read small covering indexes of the live
    records, not every finding's text: a finding's check, severity and area; a finding's
    responsibilities (kind, person) and its recommendations' statuses (issue #13). All lead
    with the finding, so that reading the findings in order reads their children in order.
    And each check's live findings, which the list of checks counts (7.6 s on a million
    findings without it, 0.2 s with it)."""
    db.execute(
        "CREATE INDEX findings_office ON findings (id, inspection_id, severity, area_code)"
        " WHERE deleted = 0"
    )
    db.execute("CREATE INDEX findings_live_check ON findings (inspection_id) WHERE deleted = 0")
    db.execute(
        "CREATE INDEX responsibilities_office ON responsibilities (finding_id, level, person_id)"
        " WHERE deleted = 0"
    )
    db.execute(
        "CREATE INDEX recommendations_office ON recommendations (finding_id, status)"
        " WHERE deleted = 0"
    )


def _v13(db: Database) -> None:
    """The office's item facet reads each finding's checklist item from the findings' office
    index too, as it reads their severity and area (issue #13): the index gains ``item_id``."""
    db.execute("DROP INDEX findings_office")
    db.execute(
        "CREATE INDEX findings_office ON findings"
        " (id, inspection_id, severity, area_code, item_id) WHERE deleted = 0"
    )


MIGRATIONS: list[Callable[[Database], None]] = [
    _v1,
    _v2,
    _v3,
    _v4,
    _v5,
    _v6,
    _v7,
    _v8,
    _v9,
    _v10,
    _v11,
    _v12,
    _v13,
]
