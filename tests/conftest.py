# SPDX-License-Identifier: GPL-3.0-or-later
"""Shared fixtures: fresh workspaces, a recorded demo, and a snapshot to prove nothing changed."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Tests do not depend on the developer's environment: a passphrase, a workspace or a language set
# in the shell would reach every command a test runs. Tests that need one set it themselves.
for _name in ("INSPECTOR_PASSPHRASE", "INSPECTOR_HOME", "INSPECTOR_LANG"):
    os.environ.pop(_name, None)

import hashlib  # noqa: E402
import shutil  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402

from inspector import i18n  # noqa: E402
from inspector.demo.build import DemoResult, build_demo  # noqa: E402
from inspector.fieldwork import checklists, inspections, units  # noqa: E402
from inspector.store.workspace import Workspace  # noqa: E402
from inspector.trust.identity import Identity  # noqa: E402
from tests.sync_world import World, load_keys, make_base, open_world  # noqa: E402


@pytest.fixture(autouse=True)
def _language() -> Iterator[None]:
    before = i18n.current_language()
    yield
    i18n.set_language(before)


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    """A fresh, empty workspace (the bundled checklist installed)."""
    workspace = Workspace.open(tmp_path / "ws")
    checklists.ensure_bundled_checklist(workspace)  # as the app and the command line do
    yield workspace
    workspace.close()


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, DemoResult]:
    home = tmp_path_factory.mktemp("demo") / "ws"
    with Workspace.open(home) as workspace:
        made = build_demo(workspace, seed=1)
        workspace.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return home, made


@pytest.fixture
def demo(
    tmp_path: Path, _demo_template: tuple[Path, DemoResult]
) -> Iterator[tuple[Workspace, DemoResult]]:
    """A workspace holding the demo check (a private copy per test)."""
    template, made = _demo_template
    home = tmp_path / "demo"
    shutil.copytree(template, home)
    workspace = Workspace.open(home)
    yield workspace, made
    workspace.close()


@pytest.fixture(scope="session")
def sync_base(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, dict[str, Identity]]:
    """An office and two inspectors who share the demo check, made once (keys are slow)."""
    root = tmp_path_factory.mktemp("sync-base")
    inspection_id = make_base(root)
    return root, inspection_id, load_keys(root)


@pytest.fixture
def world(tmp_path: Path, sync_base: tuple[Path, str, dict[str, Identity]]) -> Iterator[World]:
    """A private copy of the sync world (office, inspectors A and B), open."""
    w = open_world(sync_base[0], tmp_path / "world", sync_base[1], sync_base[2])
    yield w
    w.close()


@pytest.fixture
def check(ws: Workspace) -> dict[str, str]:
    """A minimal started check: a unit with two staff, a team leader, arrived."""
    unit = units.add_unit(ws, name="Bảo hiểm xã hội cơ sở Thử Nghiệm", level="GRASSROOTS")
    staff = units.add_person(ws, full_name="Nguyễn Thị Thử", unit_id=unit, position="Viên chức")
    leader = units.add_person(ws, full_name="Trần Văn Trưởng", unit_id=None)
    inspection = inspections.create_inspection(
        ws,
        decision_number="01/QĐ-BHXH",
        decision_date="2026-03-02",
        signer_name="Phạm Văn Ký",
        legal_basis="Công văn 1251/BHXH-TCCB",
        unit_id=unit,
        team=[(leader, "LEADER")],
    )
    inspections.arrive(ws, inspection, "2026-03-05T07:30:00+07:00")
    return {"unit": unit, "staff": staff, "leader": leader, "inspection": inspection}


def new_small_check(home: Path, unit_name: str = "Bảo hiểm xã hội cơ sở Yên Thành") -> str:
    """A check made in the workspace at ``home`` as the new-check dialog makes it: a unit and its
    leader, nothing recorded yet; return its id (the workspace is closed again)."""
    with Workspace.open(home) as ws:
        checklists.ensure_bundled_checklist(ws)
        unit = units.add_unit(ws, name=unit_name, level="GRASSROOTS")
        units.add_person(ws, full_name="Hồ Văn Nam", unit_id=unit, position="Viên chức")
        return inspections.new_check(
            ws,
            decision_number="20/QĐ-BHXH",
            decision_date="2026-03-02",
            signer_name="Phạm Đức Thắng",
            legal_basis="Công văn 1251/BHXH-TCCB",
            unit_id=unit,
            team_names=[inspections.NewMember("Lê Minh Tuấn", "LEADER", "Thanh tra viên", "Nam")],
        )


def snapshot(workspace: Workspace) -> str:
    """Return a digest of the whole database content, to show that a call changed nothing."""
    digest = hashlib.sha256()
    for line in workspace.db.conn.iterdump():
        digest.update(line.encode())
    return digest.hexdigest()


def revert_schema(db: Any, version: int) -> None:
    """Take a workspace's database back to the shape schema ``version`` gave it (the data
    kept): every index, table and column a later step added dropped, ``user_version`` set.
    What the later steps wrote into older tables stays, as an upgrade would meet it."""
    import sqlite3

    from sqlite_utils import Database

    from inspector.store.migrations import MIGRATIONS

    old = Database(sqlite3.connect(":memory:"))
    for step in MIGRATIONS[:version]:
        step(old)
    kept = {(t, n): sql for t, n, sql in old.execute("SELECT type, name, sql FROM sqlite_master")}
    columns = {t: {c.name for c in old[t].columns} for t in old.table_names()}
    for kind in ("index", "table"):
        for name, sql in db.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = ? AND name NOT LIKE 'sqlite_%'",
            [kind],
        ).fetchall():
            if (kind, name) not in kept:
                db.execute(f"DROP {kind.upper()} {name}")
            elif kind == "index" and sql != kept[kind, name]:  # a later step made it again
                db.execute(f"DROP INDEX {name}")
                db.execute(kept[kind, name])
    for table, names in columns.items():
        for (column,) in db.execute(f"SELECT name FROM pragma_table_info('{table}')").fetchall():
            if column not in names:
                db.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    db.execute(f"PRAGMA user_version = {version}")
