# SPDX-License-Identifier: GPL-3.0-or-later
"""Opening an inspection's workbench, and switching checklist areas, on a workspace of 500
inspections and 20,000 findings, beside showing an empty window in the same run (offscreen Qt)."""

from __future__ import annotations

import json
import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QMainWindow  # noqa: E402

from inspector import inspections, records, units  # noqa: E402
from inspector.demo import build_demo  # noqa: E402
from inspector.workspace import Workspace  # noqa: E402
from ui.main_window import SCREEN_KEY, MainWindow  # noqa: E402

INSPECTIONS = 500
FINDINGS = 20_000
ROUNDS = 15


def populate(ws: Workspace) -> str:
    """500 inspections (one of them the full demo check) and 20,000 findings; return the demo's id."""
    demo = build_demo(ws, seed=7).inspection_id
    unit = units.add_unit(ws, name="Bảo hiểm xã hội cơ sở Mẫu", level="GRASSROOTS")
    ids = [demo] + [
        inspections.create_inspection(
            ws,
            decision_number=f"{n}/QĐ-BHXH",
            decision_date="2026-03-02",
            signer_name="A",
            legal_basis="Công văn 1251/BHXH-TCCB",
            unit_id=unit,
        )
        for n in range(1, INSPECTIONS)
    ]
    at = records.now_utc()
    existing = ws.db.execute("SELECT count(*) FROM findings").fetchone()[0]
    rows = [
        (
            records.new_id(),
            at,
            at,
            ws.actor.user,
            ws.actor.device_id,
            ids[n % INSPECTIONS],
            "VIOLATION",
            f"Phát hiện {n}",
            "Mô tả " * 30,
            "3",
            "ABCDEFGH"[n % 8],
        )
        for n in range(FINDINGS - existing)
    ]
    with ws.transaction() as db:
        db.conn.executemany(
            "INSERT INTO findings (id, created_at, updated_at, changed_by, device_id, inspection_id,"
            " kind, title, description, severity, area_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    return demo


def _median_ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:.1f} ms"


def main() -> None:
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory(prefix="inspector-bench-", dir=Path.cwd()) as tmp:
        home = Path(tmp) / "ws"
        with Workspace.open(home) as ws:
            demo = populate(ws)
            inspections_count = ws.db.execute("SELECT count(*) FROM inspections").fetchone()[0]
            findings_count = ws.db.execute("SELECT count(*) FROM findings").fetchone()[0]
        empty, start, back, reopen, switch = [], [], [], [], []
        for _ in range(ROUNDS):
            t0 = time.perf_counter()
            plain = QMainWindow()
            plain.resize(1280, 800)
            plain.show()
            app.processEvents()
            empty.append(time.perf_counter() - t0)
            plain.close()
            plain.deleteLater()

            ws = Workspace.open(home)
            ws.set_setting(SCREEN_KEY, json.dumps({"inspection": demo, "tab": "checklist"}))
            t0 = time.perf_counter()
            window = MainWindow(ws)  # reopens the workbench of the demo inspection
            window.show()
            app.processEvents()
            start.append(time.perf_counter() - t0)

            t0 = time.perf_counter()
            window.show_list()
            app.processEvents()
            back.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            window.open_inspection(demo)
            app.processEvents()
            reopen.append(time.perf_counter() - t0)

            assert window.workbench is not None
            checklist = window.workbench.checklist
            window.workbench.tabs.setCurrentWidget(checklist)
            for code in "BCDEFGHA":
                t0 = time.perf_counter()
                checklist.select_area(code)
                app.processEvents()
                switch.append(time.perf_counter() - t0)
            window.close()
            window.deleteLater()
            app.processEvents()
            ws.close()
    print(
        f"workbench ({inspections_count} inspections, {findings_count:,} findings in the workspace,"
        f" offscreen, median of {ROUNDS}):"
    )
    print(f"  empty window shown (baseline):               {_median_ms(empty)}")
    print(f"  app start straight into the workbench:       {_median_ms(start)}")
    print(f"  back to the list of inspections:             {_median_ms(back)}")
    print(f"  open an inspection from the list:            {_median_ms(reopen)}")
    print(
        f"  switch checklist area:                       {_median_ms(switch)}"
        f"  [{len(switch)} switches]"
    )
