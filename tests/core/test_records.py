# SPDX-License-Identifier: GPL-3.0-or-later
"""Record identity, versions, the change log and tombstones."""

from __future__ import annotations

import json
import uuid

import pytest

from inspector.errors import NotFoundError
from inspector.store import records
from inspector.store.workspace import Workspace


def _changes(ws: Workspace, record_id: str) -> list[dict]:
    return list(ws.db.query("SELECT * FROM changes WHERE record_id = ? ORDER BY seq", [record_id]))


def test_insert_update_delete_are_stamped_and_logged(ws: Workspace) -> None:
    with ws.transaction() as db:
        unit = records.insert(
            db, ws.actor, "org_units", {"name": "Đơn vị A", "level": "GRASSROOTS"}
        )
    uuid.UUID(unit)
    row = records.get(ws.db, "org_units", unit)
    assert row["version"] == 1 and row["deleted"] == 0
    assert row["device_id"] == ws.actor.device_id and row["changed_by"] == ws.actor.user
    assert row["created_at"].endswith("Z")

    with ws.transaction() as db:
        assert records.update(
            db, ws.actor, "org_units", unit, {"name": "Đơn vị B", "address": "X"}, reason="sửa tên"
        )
        assert not records.update(db, ws.actor, "org_units", unit, {"name": "Đơn vị B"})
    row = records.get(ws.db, "org_units", unit)
    assert row["version"] == 2 and row["name"] == "Đơn vị B"

    with ws.transaction() as db:
        records.delete(db, ws.actor, "org_units", unit, reason="nhập nhầm")
    with pytest.raises(NotFoundError):
        records.get(ws.db, "org_units", unit)
    tomb = ws.db.execute("SELECT deleted, version FROM org_units WHERE id = ?", [unit]).fetchone()
    assert tomb == (1, 3)  # the row stays, as a tombstone

    log = _changes(ws, unit)
    assert [(c["op"], c["field"], c["version"]) for c in log] == [
        ("insert", None, 1),
        ("update", "name", 2),
        ("update", "address", 2),
        ("delete", "deleted", 3),
    ]
    assert json.loads(log[0]["new_value"])["name"] == "Đơn vị A"
    name_change = next(c for c in log if c["field"] == "name")
    assert json.loads(name_change["old_value"]) == "Đơn vị A"
    assert json.loads(name_change["new_value"]) == "Đơn vị B"
    assert name_change["reason"] == "sửa tên"
    assert log[-1]["reason"] == "nhập nhầm"
    assert len({c["change_id"] for c in log}) == 4


def test_a_failed_transaction_leaves_no_record_and_no_log(ws: Workspace) -> None:
    before = ws.db.execute("SELECT count(*) FROM changes").fetchone()[0]
    with pytest.raises(RuntimeError):
        with ws.transaction() as db:
            records.insert(db, ws.actor, "org_units", {"name": "X", "level": "GRASSROOTS"})
            raise RuntimeError("interrupted")
    assert ws.db.execute("SELECT count(*) FROM org_units").fetchone()[0] == 0
    assert ws.db.execute("SELECT count(*) FROM changes").fetchone()[0] == before


def test_only_record_tables_are_written(ws: Workspace) -> None:
    with pytest.raises(ValueError):
        records.insert(ws.db, ws.actor, "settings", {"key": "x"})
