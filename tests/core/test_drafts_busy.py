# SPDX-License-Identifier: GPL-3.0-or-later
"""Drafts live in a database of their own: an import holding the workspace database's write lock
never stops a keystroke's draft; the change made from it waits briefly, then says the workspace is
busy and keeps the draft. Drafts an older version kept in the workspace database move on open."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from inspector.fieldwork import drafts, findings
from inspector.store import records
from inspector.store.workspace import DB_NAME, DRAFTS_NAME, Workspace, WorkspaceBusyError, is_busy

DATA = Path(__file__).parents[1] / "data"


@contextmanager
def write_lock(path: Path) -> Iterator[sqlite3.Connection]:
    """Hold the write lock of the database at ``path`` from another connection, as an import
    does (``BEGIN IMMEDIATE`` and a write), until the block ends."""
    conn = sqlite3.connect(str(path), isolation_level=None, timeout=0)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT INTO settings (key, value) VALUES ('import.running', '1')")
    try:
        yield conn
    finally:
        conn.execute("ROLLBACK")
        conn.close()


def test_a_draft_is_kept_while_an_import_holds_the_workspace(ws: Workspace, check: dict) -> None:
    fid = findings.add_finding(ws, check["inspection"], title="Đeo thẻ", severity="2")
    with write_lock(ws.db_path):
        for n in range(1, 6):
            drafts.keep(ws, "findings", fid, "title", "Không đeo thẻ"[: n * 3])
        with Workspace.open(ws.home) as other:  # what a crash now would leave
            assert [d["value"] for d in drafts.pending(other)] == ["Không đeo thẻ"]
        with pytest.raises(WorkspaceBusyError) as raised:
            drafts.commit(ws, "findings", fid, "title", "Không đeo thẻ", wait=0.01)
        assert "busy importing a package" in raised.value.message("en")
        assert "đang bận nhập một gói" in raised.value.message("vi")
        assert is_busy(raised.value)
        assert records.get(ws.db, "findings", fid)["title"] == "Đeo thẻ"
        assert [d["value"] for d in drafts.pending(ws)] == ["Không đeo thẻ"]  # nothing lost
    # the import is done: the same change goes through, and its draft goes
    drafts.commit(ws, "findings", fid, "title", "Không đeo thẻ", wait=0.01)
    assert records.get(ws.db, "findings", fid)["title"] == "Không đeo thẻ"
    assert drafts.pending(ws) == []
    # and the short wait did not stay on the connection: the usual wait is back
    assert ws.db.execute("PRAGMA busy_timeout").fetchone()[0] == 10_000


def test_drafts_are_not_in_the_workspace_database(ws: Workspace, check: dict) -> None:
    fid = findings.add_finding(ws, check["inspection"], title="Đeo thẻ", severity="2")
    drafts.keep(ws, "findings", fid, "description", "Không đeo")
    assert (ws.home / DRAFTS_NAME).is_file()
    assert ws.db.execute("SELECT count(*) FROM drafts").fetchone()[0] == 0
    assert ws.drafts_db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert ws.drafts_db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL, as the workspace


def test_drafts_of_an_older_version_move_on_open(tmp_path: Path) -> None:
    home = tmp_path / "ws"
    home.mkdir()
    shutil.copy(DATA / "schema_v6.sqlite3", home / DB_NAME)
    fid = "c701697a-e00b-4172-8df8-6deedccca352"  # a finding of that workspace
    conn = sqlite3.connect(str(home / DB_NAME))  # as the older app kept a keystroke
    with conn:
        conn.execute(
            "INSERT INTO drafts VALUES ('findings', ?, 'title', 'Vắng mặt không lý do',"
            " '2026-03-05T01:00:00Z')",
            [fid],
        )
    conn.close()
    with Workspace.open(home) as ws:
        assert ws.db.execute("SELECT count(*) FROM drafts").fetchone()[0] == 0
        assert [d["value"] for d in drafts.pending(ws)] == ["Vắng mặt không lý do"]
        assert drafts.recover(ws) == (1, [])  # the app's recovery applies it as before
        assert records.get(ws.db, "findings", fid)["title"] == "Vắng mặt không lý do"
    with Workspace.open(home) as ws:  # moved once: nothing comes back
        assert drafts.pending(ws) == []


def test_a_later_draft_wins_when_both_databases_hold_one(ws: Workspace, check: dict) -> None:
    fid = findings.add_finding(ws, check["inspection"], title="Đeo thẻ", severity="2")
    drafts.keep(ws, "findings", fid, "title", "Mới hơn")  # typed now
    with ws.transaction() as db:  # an older app's draft of the same field, typed before
        db.execute(
            "INSERT INTO drafts VALUES ('findings', ?, 'title', 'Cũ hơn', '2000-01-01T00:00:00Z')",
            [fid],
        )
    home = ws.home
    ws.close()
    with Workspace.open(home) as again:
        assert [d["value"] for d in drafts.pending(again)] == ["Mới hơn"]
        assert again.db.execute("SELECT count(*) FROM drafts").fetchone()[0] == 0


def test_busy_is_told_from_other_failures(ws: Workspace) -> None:
    with write_lock(ws.db_path):
        with pytest.raises(sqlite3.OperationalError) as raised:
            other = sqlite3.connect(str(ws.db_path), isolation_level=None, timeout=0)
            try:
                other.execute("BEGIN IMMEDIATE")
            finally:
                other.close()
    assert is_busy(raised.value)
    assert is_busy(sqlite3.OperationalError("database is locked"))
    assert not is_busy(sqlite3.OperationalError("no such table: drafts"))
    assert not is_busy(ValueError("database is locked"))
