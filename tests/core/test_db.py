# SPDX-License-Identifier: GPL-3.0-or-later
"""The database: durable settings, migrations in one transaction, too-new files refused untouched."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import stat
import sys
from pathlib import Path

import pytest
from sqlite_utils import Database

from inspector.errors import SchemaTooNewError, WorkspaceError
from inspector.store import db as dbmod
from inspector.store import migrations
from inspector.store.workspace import DB_NAME, Workspace
from inspector.sync import merge

DATA = Path(__file__).resolve().parent.parent / "data"


def test_connection_settings(ws: Workspace) -> None:
    conn = ws.db.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert dbmod.schema_version(conn) == dbmod.SCHEMA_VERSION


def test_every_record_table_has_the_bookkeeping_columns(ws: Workspace) -> None:
    for table in dbmod.RECORD_TABLES:
        columns = [c.name for c in ws.db.table(table).columns]
        assert columns[:7] == [
            "id",
            "created_at",
            "updated_at",
            "changed_by",
            "device_id",
            "version",
            "deleted",
        ], table


def test_foreign_keys_are_enforced_at_commit(ws: Workspace) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        with ws.transaction() as db:
            db.execute(
                "INSERT INTO people (id, created_at, updated_at, changed_by, device_id, full_name,"
                " unit_id) VALUES ('p', 't', 't', 'u', 'd', 'X', 'no-such-unit')"
            )
    assert ws.db.execute("SELECT count(*) FROM people").fetchone()[0] == 0


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_too_new_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    home = tmp_path / "ws"
    home.mkdir()
    path = home / DB_NAME
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE future (x)")
    conn.execute(f"PRAGMA user_version = {dbmod.SCHEMA_VERSION + 7}")
    conn.commit()
    conn.close()
    before = _digest(path)
    listing = sorted(p.name for p in home.iterdir())
    with pytest.raises(SchemaTooNewError) as info:
        Workspace.open(home)
    assert "newer version" in info.value.message("en")
    assert "phiên bản mới hơn" in info.value.message("vi")
    assert _digest(path) == before
    assert sorted(p.name for p in home.iterdir() if p.is_file()) == [
        n for n in listing if (home / n).is_file()
    ]


def test_not_a_database_is_refused(tmp_path: Path) -> None:
    home = tmp_path / "ws"
    home.mkdir()
    (home / DB_NAME).write_bytes(b"this is not sqlite" * 20)
    with pytest.raises(WorkspaceError):
        Workspace.open(home)


def test_upgrade_copies_the_file_aside_and_runs_in_one_transaction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "x.sqlite3"
    dbmod.open_database(path).close()

    def step_two(db: Database) -> None:
        """Add a column (test step)."""
        db.execute("ALTER TABLE findings ADD COLUMN extra TEXT")

    def step_three_fails(db: Database) -> None:
        """A step that fails halfway (test step)."""
        db.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("boom")

    base = dbmod.SCHEMA_VERSION
    monkeypatch.setattr(dbmod, "MIGRATIONS", [*dbmod.MIGRATIONS, step_two, step_three_fails])
    monkeypatch.setattr(dbmod, "SCHEMA_VERSION", base + 2)
    with pytest.raises(RuntimeError):
        dbmod.open_database(path)
    conn = sqlite3.connect(path)
    assert dbmod.schema_version(conn) == base  # nothing of the two new steps stayed
    assert "extra" not in [r[1] for r in conn.execute("PRAGMA table_info(findings)")]
    assert (
        conn.execute("SELECT count(*) FROM sqlite_master WHERE name='half_done'").fetchone()[0] == 0
    )
    conn.close()
    assert (tmp_path / f"x.sqlite3.v{base}.bak").exists()

    monkeypatch.setattr(dbmod, "MIGRATIONS", [*dbmod.MIGRATIONS[: base + 1]])
    monkeypatch.setattr(dbmod, "SCHEMA_VERSION", base + 1)
    upgraded = dbmod.open_database(path)
    assert dbmod.schema_version(upgraded.conn) == base + 1
    assert "extra" in [c.name for c in upgraded.table("findings").columns]
    upgraded.close()


@pytest.mark.parametrize("version", [1, 2, 3, 4, 5, 6])
def test_open_golden_file_of_each_released_schema(tmp_path: Path, version: int) -> None:
    home = tmp_path / "ws"
    home.mkdir()
    shutil.copy(DATA / f"schema_v{version}.sqlite3", home / DB_NAME)
    with Workspace.open(home) as ws:
        if version < dbmod.SCHEMA_VERSION:
            assert (home / f"{DB_NAME}.v{version}.bak").exists()
        assert dbmod.schema_version(ws.db.conn) == dbmod.SCHEMA_VERSION
        assert ws.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert migrations.foreign_keys_without_index(ws.db) == []  # schema 7
        assert ws.db.execute("SELECT count(*) FROM findings").fetchone()[0] >= 5
        assert ws.db.execute("SELECT count(*) FROM changes").fetchone()[0] > 0
        # every record has its insert as a head, every change names what it follows (schema 4)
        assert ws.db.execute(
            "SELECT count(*) FROM findings f WHERE NOT EXISTS (SELECT 1 FROM heads h"
            " WHERE h.table_name = 'findings' AND h.record_id = f.id AND h.field = '*')"
        ).fetchone() == (0,)
        assert ws.db.execute("SELECT count(*) FROM changes WHERE parents IS NULL").fetchone() == (
            0,
        )
        assert merge.conflicts(ws.db) == []  # old history opens no conflict
        # each update follows the previous change of its field, or the record's insert
        assert ws.db.execute(
            "SELECT count(*) FROM changes c WHERE c.op = 'update' AND c.parents != ("
            " SELECT json_array(p.change_id) FROM changes p WHERE p.table_name = c.table_name"
            " AND p.record_id = c.record_id AND p.seq < c.seq"
            " AND ((p.op = 'update' AND p.field = c.field) OR p.op = 'insert')"
            " ORDER BY p.op = 'update' DESC, p.seq DESC LIMIT 1)"
        ).fetchone() == (0,)


def test_upgrade_keeps_old_deletions_closed(tmp_path: Path) -> None:
    """A record edited then deleted before schema 4 opens no conflict after the upgrade."""
    home = tmp_path / "ws"
    home.mkdir()
    shutil.copy(DATA / "schema_v3.sqlite3", home / DB_NAME)
    conn = sqlite3.connect(home / DB_NAME)
    finding = conn.execute("SELECT id FROM findings LIMIT 1").fetchone()[0]
    for n, (op, field, old, new) in enumerate(
        [("update", "title", '"cũ"', '"mới"'), ("delete", "deleted", "0", "1")]
    ):
        conn.execute(
            "INSERT INTO changes (change_id, table_name, record_id, op, field, old_value,"
            " new_value, version, changed_by, device_id, changed_at)"
            " VALUES (?, 'findings', ?, ?, ?, ?, ?, ?, 'cu', 'thiet-bi', ?)",
            [f"old-{n}", finding, op, field, old, new, n + 2, f"2026-03-0{n + 1}T00:00:00Z"],
        )
    conn.execute("UPDATE findings SET deleted = 1 WHERE id = ?", [finding])
    conn.commit()
    conn.close()
    with Workspace.open(home) as ws:
        assert [c for c in merge.conflicts(ws.db) if c.field == merge.DELETED] == []
        parents = ws.db.execute("SELECT parents FROM changes WHERE change_id = 'old-1'")
        assert "old-0" in parents.fetchone()[0]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
def test_a_new_workspace_is_private_to_its_user(tmp_path: Path) -> None:
    home = tmp_path / "ws"
    with Workspace.open(home):
        pass
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    assert stat.S_IMODE((home / "inspector.sqlite3").stat().st_mode) == 0o600
    for sub in ("evidence", "keys", "minutes"):
        assert stat.S_IMODE((home / sub).stat().st_mode) == 0o700


def test_every_reference_to_another_record_leads_an_index(tmp_path: Path) -> None:
    """A column that names another record (a finding's recommendations, a check's signatories)
    is looked up by that record everywhere: without an index, every lookup reads the whole
    table. A new table or column that references another must come with its index."""
    with Workspace.open(tmp_path / "ws") as ws:
        assert migrations.foreign_keys_without_index(ws.db) == []
        plan = " ".join(
            str(row[-1])
            for row in ws.db.execute(
                "EXPLAIN QUERY PLAN SELECT count(*) FROM recommendations WHERE finding_id = ?",
                ["x"],
            )
        )
        assert "USING" in plan and "INDEX" in plan, plan
        ws.db.execute(
            "CREATE TABLE notes (id TEXT PRIMARY KEY, finding_id TEXT REFERENCES findings(id))"
        )
        assert migrations.foreign_keys_without_index(ws.db) == [("notes", "finding_id")]
