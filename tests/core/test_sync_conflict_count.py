# SPDX-License-Identifier: GPL-3.0-or-later
"""The conflict count reads only what is rare, by index; a preview takes no write lock."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

import pytest

from inspector.fieldwork import findings, recommendations
from inspector.store.workspace import Workspace
from inspector.sync import exchange, importing, merge
from tests.conftest import revert_schema
from tests.sync_world import World


def _forked(ws: Workspace) -> list[tuple[str, str, str]]:
    """The fields with several heads, read from every head."""
    return [
        tuple(r)
        for r in ws.db.execute(
            "SELECT table_name, record_id, field FROM heads"
            " GROUP BY 1, 2, 3 HAVING count(*) > 1 ORDER BY 1, 2, 3"
        )
    ]


def _forks(ws: Workspace) -> list[tuple[str, str, str]]:
    return [tuple(r) for r in ws.db.execute("SELECT * FROM forks ORDER BY 1, 2, 3")]


def _conflicting(world: World) -> tuple[dict[str, Any], str]:
    """A title changed on both laptops, a recommendation deleted on one and edited on the
    other; both packages imported at the office. The finding, and the recommendation's id."""
    finding = next(
        iter(
            world.a.db.query(
                "SELECT * FROM findings WHERE inspection_id = ? AND deleted = 0 ORDER BY id",
                [world.inspection_id],
            )
        )
    )
    findings.update_finding(world.a, finding["id"], title="An")
    findings.update_finding(world.b, finding["id"], title="Mai")
    rec = next(
        iter(
            world.a.db.query(
                "SELECT id FROM recommendations WHERE inspection_id = ? AND deleted = 0",
                [world.inspection_id],
            )
        )
    )["id"]
    recommendations.delete_recommendation(world.a, rec)
    recommendations.update_recommendation(world.b, rec, text="Kiến nghị Mai sửa lại")
    exchange.import_package(world.office, world.export(world.a, "a1"))
    exchange.import_package(world.office, world.export(world.b, "b1"))
    return finding, rec


def test_the_journal_keeps_the_forked_fields_as_the_heads_have_them(world: World) -> None:
    finding, _rec = _conflicting(world)
    office = world.office
    assert ("findings", finding["id"], "title") in _forks(office)
    assert _forks(office) == _forked(office)
    for conflict in merge.conflicts(office.db):
        with office.transaction() as db:
            merge.resolve(db, office.actor, conflict, conflict.options[0].value, "Theo hồ sơ")
    assert merge.conflicts(office.db) == []
    assert _forks(office) == _forked(office)
    assert ("findings", finding["id"], "title") not in _forks(office)
    back = world.export(office, "office1")
    for ws in (world.a, world.b):
        exchange.import_package(ws, back)
        assert _forks(ws) == _forked(ws)


def test_every_query_of_the_conflict_count_searches_an_index(world: World) -> None:
    _conflicting(world)
    office = world.office
    statements: list[str] = []
    office.db.conn.set_trace_callback(statements.append)
    try:
        found = merge.conflicts(office.db)
    finally:
        office.db.conn.set_trace_callback(None)
    assert {c.field for c in found} >= {"title", merge.DELETED}
    scans = []
    for sql in dict.fromkeys(s for s in statements if s.lstrip().upper().startswith("SELECT")):
        for row in office.db.execute(f"EXPLAIN QUERY PLAN {sql}"):
            line = row[3]
            rare = (
                "forks" in line  # the small table of forked fields
                or "changes_deletions" in line  # the few deletions
                or ("_deleted" in line and "INDEX" in line)  # the few deleted records
            )
            if line.startswith("SCAN ") and not line.startswith("SCAN CONSTANT") and not rare:
                scans.append((line, sql))
    assert scans == []


def test_a_preview_succeeds_while_another_connection_holds_the_write_lock(world: World) -> None:
    finding, _rec = _conflicting(world)
    findings.update_finding(world.a, finding["id"], title="An, lần hai")
    package = world.export(world.a, "a2")
    office = world.office
    before = json.dumps(merge.state_digest(office.db), sort_keys=True)
    free = exchange.import_package(office, package, preview=True)
    writer = sqlite3.connect(office.db_path, isolation_level=None, timeout=0.1)
    try:
        writer.execute("BEGIN IMMEDIATE")  # a person typing, or another window's import
        held = exchange.import_package(office, package, preview=True)
        writer.execute("ROLLBACK")
    finally:
        writer.close()
    assert held.preview and held.applied == free.applied > 0
    assert held.to_json() == free.to_json()
    assert json.dumps(merge.state_digest(office.db), sort_keys=True) == before
    result = exchange.import_package(office, package)
    assert (result.applied, result.changed_records, result.conflicts) == (
        held.applied,
        held.changed_records,
        held.conflicts,
    )


def test_a_workspace_of_schema_7_counts_its_conflicts_once_upgraded(world: World) -> None:
    finding, _rec = _conflicting(world)
    office = world.office
    shown = [(c.table, c.record_id, c.field) for c in merge.conflicts(office.db)]
    assert ("findings", finding["id"], "title") in shown
    with office.transaction() as db:  # as schema 7 left it: no table of forked fields
        revert_schema(db, 7)
    office.close()
    upgraded = Workspace.open(office.home)
    try:
        assert _forks(upgraded) == _forked(upgraded)
        assert [(c.table, c.record_id, c.field) for c in merge.conflicts(upgraded.db)] == shown
    finally:
        upgraded.close()


def test_a_large_workspace_previews_on_a_copy_in_a_file_it_removes(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    finding, _rec = _conflicting(world)
    findings.update_finding(world.a, finding["id"], title="An, lần ba")
    package = world.export(world.a, "a3")
    office = world.office
    in_memory = exchange.import_package(office, package, preview=True)
    monkeypatch.setattr(importing, "COPY_IN_MEMORY_BYTES", 0)  # every workspace is "large"
    files_before = sorted(p.name for p in office.home.iterdir())
    before = json.dumps(merge.state_digest(office.db), sort_keys=True)
    on_file = exchange.import_package(office, package, preview=True)
    assert on_file.to_json() == in_memory.to_json()
    assert json.dumps(merge.state_digest(office.db), sort_keys=True) == before
    assert sorted(p.name for p in office.home.iterdir()) == files_before
