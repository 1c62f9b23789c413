# SPDX-License-Identifier: GPL-3.0-or-later
"""The workbench on a grown workspace: the same check of about 200 findings opened in a workspace
of 10,000 findings (50 checks) and of 100,000 findings (500 checks: an office after a year),
beside showing an empty window in the same run (offscreen Qt).

Every workspace is built through the services, as the app builds it: each finding carries one
responsibility and one recommendation, one in four an explanation. What the screens do must grow
with the check they show, not with the workspace: each step is printed at both sizes with the
ratio between them.

Building 100,000 findings this way takes minutes, so a built workspace is kept in the temporary
folder under a name that carries :data:`VERSION` (change it when the build changes) and the
schema's version, and copied afresh for each run.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QMainWindow  # noqa: E402

from inspector.demo.build import build_demo  # noqa: E402
from inspector.fieldwork import findings, inspections, recommendations, units  # noqa: E402
from inspector.store.db import SCHEMA_VERSION  # noqa: E402
from inspector.store.workspace import Workspace  # noqa: E402
from ui.main_window import SCREEN_KEY, MainWindow  # noqa: E402

VERSION = "2"
SIZES = ((10_000, 50), (100_000, 500))  # (findings, checks) in the workspace
CHUNK = 2_000  # findings built per durable transaction
ROUNDS = 5  # app starts and check openings per size
STEPS = 16  # item, area and tab switches and title saves per round
AREAS = "ABCDEFGH"


def populate(ws: Workspace, total: int, checks: int) -> str:
    """The demo check and ``checks - 1`` others, ``total`` findings shared among them all through
    the services (each with a responsibility and a recommendation, one in four with an
    explanation); return the demo check's id."""
    demo = build_demo(ws, seed=7).inspection_id
    unit = units.add_unit(ws, name="Bảo hiểm xã hội cơ sở Mẫu", level="GRASSROOTS")
    ids = [demo]
    with ws.transaction():
        for n in range(1, checks):
            check = inspections.create_inspection(
                ws,
                decision_number=f"{n}/QĐ-BHXH",
                decision_date="2026-03-02",
                signer_name="A",
                legal_basis="Công văn 1251/BHXH-TCCB",
                unit_id=unit,
            )
            inspections.add_member_named(ws, check, ws.actor.user, "LEADER")
            ids.append(check)
    units_of = {
        check: ws.db.execute("SELECT unit_id FROM inspections WHERE id = ?", [check]).fetchone()[0]
        for check in ids
    }
    existing = ws.db.execute("SELECT count(*) FROM findings").fetchone()[0]
    for start in range(0, total - existing, CHUNK):
        with ws.transaction():  # one durable commit per chunk; each service call a savepoint
            for n in range(start, min(start + CHUNK, total - existing)):
                check = ids[n % checks]
                finding = findings.add_finding(
                    ws,
                    check,
                    title=f"Phát hiện {n}",
                    severity="3",
                    area_code=AREAS[n % 8],
                    description="Mô tả " * 30,
                    legal_basis="Chỉ thị 26/CT-TTg",
                )
                findings.assign_responsibility(ws, finding, level="DIRECT", unit_id=units_of[check])
                recommendations.recommend(
                    ws,
                    check,
                    type="RECTIFY",
                    text=f"Khắc phục phát hiện {n}",
                    finding_id=finding,
                    owner_unit_id=units_of[check],
                )
                if n % 4 == 0:
                    recommendations.add_explanation(
                        ws,
                        check,
                        given_by="Giám đốc",
                        text=f"Giải trình phát hiện {n}",
                        finding_id=finding,
                    )
    return demo


def built(total: int, checks: int) -> tuple[Path, str]:
    """A workspace of ``total`` findings in ``checks`` checks, built once and kept; its home and
    the demo check's id."""
    name = f"inspector-bench-workbench-v{VERSION}-schema{SCHEMA_VERSION}-{total}-{checks}"
    root = Path(tempfile.gettempdir()) / name
    home, marker = root / "ws", root / "demo.txt"
    # Benchmarks started side by side share one build: the second waits for the first.
    with open(root.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not marker.exists():
            shutil.rmtree(root, ignore_errors=True)
            started = time.perf_counter()
            with Workspace.open(home) as ws:
                demo = populate(ws, total, checks)
                ws.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            marker.write_text(demo)  # written last: a half-built workspace is built again
            print(
                f"  (built {total:,} findings through the services in"
                f" {time.perf_counter() - started:.0f} s, kept in {root.name})"
            )
    return home, marker.read_text()


def _median(samples: list[float]) -> float:
    return statistics.median(samples)


@contextmanager
def _timed(samples: list[float], app: QApplication) -> Iterator[None]:
    """Time the block and the events it left for Qt to handle (what the user waits for)."""
    t0 = time.perf_counter()
    yield
    app.processEvents()
    samples.append(time.perf_counter() - t0)


def _round(app: QApplication, home: Path, demo: str, s: dict[str, list[float]], no: int) -> None:
    """One app start on the workspace at ``home``, and each step :data:`STEPS` times."""
    with _timed(s["empty"], app):
        plain = QMainWindow()
        plain.resize(1280, 800)
        plain.show()
    plain.close()
    plain.deleteLater()
    ws = Workspace.open(home)
    ws.set_setting(SCREEN_KEY, json.dumps({"inspection": demo, "tab": "checklist"}))
    with _timed(s["start"], app):
        window = MainWindow(ws)  # reopens the workbench of the demo check
        window.show()
    window.show_list()
    app.processEvents()
    with _timed(s["open"], app):
        window.open_inspection(demo)
    bench = window.workbench
    assert bench is not None
    checklist, tab = bench.checklist, bench.findings
    for n in range(STEPS):
        bench.tabs.setCurrentWidget(checklist)
        checklist.select_area(AREAS[n % 8])
        app.processEvents()
        rows = checklist.items.count()
        if rows > 1:
            with _timed(s["item"], app):
                checklist.items.setCurrentRow((checklist.items.currentRow() + 1) % rows)
        with _timed(s["area"], app):
            checklist.select_area(AREAS[(n + 1) % 8])
        with _timed(s["findings"], app):
            bench.tabs.setCurrentWidget(tab)
        tab.list.setCurrentRow(n % max(1, tab.list.count()))
        app.processEvents()
        tab.title.setText(f"{tab.title.text().split(' ·')[0]} · {no}.{n}")
        with _timed(s["title"], app):  # the pause in typing: the save and what the screen does
            tab.title_binding._on_pause()
    window.close()
    window.deleteLater()
    app.processEvents()
    ws.close()


def measure(app: QApplication, home: Path, demo: str) -> dict[str, list[float]]:
    """Samples of each step, on a fresh copy of the workspace at ``home``."""
    s: dict[str, list[float]] = {
        k: [] for k in ("empty", "start", "open", "findings", "item", "area", "title")
    }
    with tempfile.TemporaryDirectory(prefix="inspector-bench-", dir=Path.cwd()) as tmp:
        copy = Path(tmp) / "ws"
        shutil.copytree(home, copy)
        for no in range(ROUNDS):
            _round(app, copy, demo, s, no)
    return s


LINES = (
    ("start", "app start straight into the workbench"),
    ("open", "open the check from the list"),
    ("findings", "switch to the Findings tab"),
    ("item", "next checklist item"),
    ("area", "another checklist area"),
    ("title", "save a finding's title (pause in typing)"),
)


def main() -> None:
    app = QApplication.instance() or QApplication([])
    results = []
    for total, checks in SIZES:
        home, demo = built(total, checks)
        with Workspace.open(home) as ws:
            size = ws.db.execute(
                "SELECT count(*) FROM findings WHERE inspection_id = ? AND deleted = 0", [demo]
            ).fetchone()[0]
        results.append((total, checks, size, measure(app, home, demo)))
    (small_n, small_checks, small_size, small), (large_n, large_checks, large_size, large) = results
    print(
        "workbench on a grown workspace (offscreen; every finding with a responsibility and a"
        f" recommendation; medians of {ROUNDS} starts and {STEPS * ROUNDS} of each other step):"
    )
    print(
        f"  {'':<44}{f'{small_n:,} findings':>22}{f'{large_n:,} findings':>22}   ratio (aim: < 2x)"
    )
    print(
        f"  {'checks in the workspace, findings in the open one':<44}"
        f"{f'{small_checks}, {small_size}':>22}{f'{large_checks}, {large_size}':>22}"
    )
    base_a, base_b = _median(small["empty"]), _median(large["empty"])
    print(
        f"  {'empty window shown (baseline):':<44}{base_a * 1000:19.1f} ms{base_b * 1000:19.1f} ms"
        "   (below: times the baseline)"
    )
    for key, text in LINES:
        a, b = _median(small[key]), _median(large[key])
        print(
            f"  {text + ':':<44}{a * 1000:10.1f} ms ({a / base_a:4.0f}x){b * 1000:10.1f} ms"
            f" ({b / base_b:4.0f}x)   {b / a:.2f}x"
        )
