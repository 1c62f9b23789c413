# SPDX-License-Identifier: GPL-3.0-or-later
"""Durable save of one finding on a workspace that already holds 100,000 findings, beside a raw
sqlite3 single-row insert-and-commit (same disk, WAL, synchronous=FULL) measured in the same run.

The two are measured alternately, so that noise from the machine falls on both alike.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from pathlib import Path

from inspector import timefmt
from inspector.fieldwork import checklists, findings, inspections, units
from inspector.store import records
from inspector.store.db import connect
from inspector.store.workspace import Workspace

EXISTING = 100_000
INSPECTIONS = 500
ROUNDS = 400


def populate(ws: Workspace, existing: int = EXISTING) -> list[str]:
    """Fill the workspace with 500 inspections and 100,000 findings (with their change log)."""
    checklists.ensure_bundled_checklist(ws)
    unit = units.add_unit(ws, name="Bảo hiểm xã hội cơ sở Mẫu", level="GRASSROOTS")
    ids = [
        inspections.create_inspection(
            ws,
            decision_number=f"{n}/QĐ-BHXH",
            decision_date="2026-03-02",
            signer_name="A",
            legal_basis="Công văn 1251/BHXH-TCCB",
            unit_id=unit,
        )
        for n in range(1, INSPECTIONS + 1)
    ]
    for inspection_id in ids:  # each check has its team: whoever signs its changes is on it
        inspections.add_member_named(ws, inspection_id, ws.actor.user, "LEADER")
    at = timefmt.now_utc()
    rows, log, heads = [], [], []
    for n in range(existing):
        fid = records.new_id()
        values = {
            "inspection_id": ids[n % INSPECTIONS],
            "kind": "VIOLATION",
            "title": f"Phát hiện {n}",
            "description": "Mô tả " * 30,
            "severity": "3",
            "legal_basis": "Chỉ thị 26/CT-TTg",
            "area_code": "ABCDEFGH"[n % 8],
        }
        rows.append((fid, at, at, ws.actor.user, ws.actor.device_id, *values.values()))
        change_id = records.new_id()
        heads.append(("findings", fid, "*", change_id))
        log.append(
            (
                change_id,
                "findings",
                fid,
                "insert",
                json.dumps(values, ensure_ascii=False),
                1,
                ws.actor.user,
                ws.actor.device_id,
                at,
            )
        )
    with ws.transaction() as db:
        db.conn.executemany(
            "INSERT INTO findings (id, created_at, updated_at, changed_by, device_id, inspection_id,"
            " kind, title, description, severity, legal_basis, area_code)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        db.conn.executemany(
            "INSERT INTO changes (change_id, table_name, record_id, op, new_value, version,"
            " changed_by, device_id, changed_at, parents) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '[]')",
            log,
        )
        db.conn.executemany("INSERT INTO heads VALUES (?, ?, ?, ?)", heads)
    return ids


def _stats(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(len(ordered) * 0.95) - 1]


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="inspector-bench-", dir=Path.cwd()) as tmp:
        ws = Workspace.open(Path(tmp) / "ws")
        started = time.perf_counter()
        ids = populate(ws)
        setup = time.perf_counter() - started
        raw = connect(Path(tmp) / "raw.sqlite3")
        raw.execute(
            "CREATE TABLE findings (id TEXT PRIMARY KEY, inspection_id TEXT, title TEXT,"
            " description TEXT, severity TEXT, created_at TEXT)"
        )
        ours: list[float] = []
        baseline: list[float] = []
        for n in range(ROUNDS):
            t0 = time.perf_counter()
            findings.add_finding(
                ws,
                ids[n % INSPECTIONS],
                title=f"Đo {n}",
                severity="3",
                item_code="B4",
                description="Mô tả " * 30,
            )
            t1 = time.perf_counter()
            raw.execute("BEGIN")
            raw.execute(
                "INSERT INTO findings VALUES (?, ?, ?, ?, ?, ?)",
                (records.new_id(), ids[0], f"Đo {n}", "Mô tả " * 30, "3", timefmt.now_utc()),
            )
            raw.execute("COMMIT")
            t2 = time.perf_counter()
            ours.append(t1 - t0)
            baseline.append(t2 - t1)
        total = ws.db.execute("SELECT count(*) FROM findings").fetchone()[0]
        ws.close()
        raw.close()
    our_med, our_p95 = _stats(ours)
    raw_med, raw_p95 = _stats(baseline)
    print(
        f"finding save, durable ({total:,} findings in the workspace, set up in {setup:.1f} s):"
        f" median {our_med * 1e6:.0f} µs, p95 {our_p95 * 1e6:.0f} µs  [{ROUNDS} saves]"
    )
    print(
        f"raw sqlite3 insert+commit (same disk, WAL, synchronous=FULL):"
        f" median {raw_med * 1e6:.0f} µs, p95 {raw_p95 * 1e6:.0f} µs"
    )
    print(
        f"ratio to raw: {our_med / raw_med:.2f}x median, {our_p95 / raw_p95:.2f}x p95 (aim: ≤ 3x)"
    )
