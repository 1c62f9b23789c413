# SPDX-License-Identifier: GPL-3.0-or-later
"""The follow-up register's screen on a million recommendations (offscreen Qt, the real window):
its first tally painted, the overdue chosen, one unit that must act chosen; each beside the same
SQL statements replayed on a plain ``sqlite3`` connection in the same run.

The workspace is the office bench's (:mod:`bench.office_build`: 2,500 checks, a million findings,
each with its recommendation, written as the services write them), copied for the run. Each step
of the screen runs until the screen shows the register of the new narrowing (tallied on a
worker; the clock runs until it is painted). Its raw baseline is what the tally sends to SQLite:
the statements are captured once by a trace callback as the register's code runs them, with
their values, and replayed on a plain connection, reading every row.
"""

from __future__ import annotations

import os
import resource
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QListWidget  # noqa: E402

from bench import office_build  # noqa: E402
from inspector.office.followup import Narrowing, Standing  # noqa: E402
from inspector.store.workspace import DB_NAME, Workspace  # noqa: E402
from ui.followup_page import FollowUpPage  # noqa: E402
from ui.main_window import SCREEN_KEY, MainWindow  # noqa: E402
from ui.operations import register  # noqa: E402

ROUNDS = 3
TIMEOUT = 600.0
TODAY = date(2026, 11, 30)  # the day the register is read on: fixed, so each run counts alike


def _settle(app: QApplication, page: FollowUpPage) -> None:
    """Handle events until the register of the last narrowing is on screen, then paint."""
    deadline = time.perf_counter() + TIMEOUT
    while page.counter.busy:
        app.processEvents()
        if time.perf_counter() > deadline:
            raise TimeoutError("the register's tally never came")
        time.sleep(0.001)
    app.processEvents()
    page.table.viewport().repaint()
    app.processEvents()


def _statements(home: Path, narrowing: Narrowing) -> list[str]:
    """The statements a tally of ``narrowing`` sends, with their values, as SQLite ran them."""
    sent: list[str] = []
    with Workspace.open(home) as ws:
        ws.db.conn.set_trace_callback(sent.append)
        register.tally(ws, narrowing, TODAY)
        ws.db.conn.set_trace_callback(None)
    return [s for s in sent if s.lstrip().upper().startswith("SELECT")]


def _replay(conn: sqlite3.Connection, statements: list[str]) -> None:
    for sql in statements:
        conn.execute(sql).fetchall()


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def _click(box: QListWidget, value: str) -> None:
    for row in range(box.count()):
        item = box.item(row)
        if item.data(Qt.ItemDataRole.UserRole) == value:
            rect = box.visualItemRect(item)
            QTest.mouseClick(box.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
            return
    raise LookupError(value)


def main(total: int = office_build.TOTAL, checks: int = office_build.CHECKS) -> None:
    source = office_build.built(total, checks)
    with tempfile.TemporaryDirectory(prefix="inspector-bench-register-") as tmp:
        _run(office_build.copy_of(source, Path(tmp)))


def _run(home: Path) -> None:
    app = QApplication.instance() or QApplication([])
    with Workspace.open(home) as ws:
        (recommendations,) = ws.db.execute(
            "SELECT count(*) FROM recommendations WHERE deleted = 0"
        ).fetchone()
        # the window opens on the list of checks, not on the office's findings, whose counts
        # (a worker's, for seconds at this size) would run beside the register's
        ws.set_setting(SCREEN_KEY, "{}")
    steps: list[tuple[str, Narrowing, Callable[[FollowUpPage], None]]] = []
    screen: dict[str, list[float]] = {}
    raw_ms: dict[str, list[float]] = {}
    conn = sqlite3.connect(home / DB_NAME)
    first_unit = ""
    for _round in range(ROUNDS):
        window = MainWindow(Workspace.open(home))
        window.resize(1366, 768)
        window.show()
        app.processEvents()
        started = time.perf_counter()
        page = FollowUpPage(window.ctx, today=TODAY)  # as show_followup makes it, on a fixed day
        window.followup_page = page
        window.stack.addWidget(page)
        window.stack.setCurrentWidget(page)
        _settle(app, page)
        screen.setdefault("first tally painted", []).append(time.perf_counter() - started)
        first_unit = str(page.units.item(0).data(Qt.ItemDataRole.UserRole))
        steps = [
            ("the overdue chosen", Narrowing(standings=frozenset({Standing.OVERDUE})),
             lambda p: _click(p.standings, Standing.OVERDUE.value)),
            ("one unit that must act", Narrowing(standings=frozenset({Standing.OVERDUE}),
                                                 units=frozenset({first_unit})),
             lambda p, u=first_unit: _click(p.units, u)),
        ]  # fmt: skip
        for label, narrowing, act in steps:
            started = time.perf_counter()
            act(page)
            _settle(app, page)
            screen.setdefault(label, []).append(time.perf_counter() - started)
            assert page.model.narrowing == narrowing, (page.model.narrowing, narrowing)
        window.close()
        window.deleteLater()
        app.processEvents()
    for label, narrowing in [("first tally painted", Narrowing())] + [
        (label, narrowing) for label, narrowing, _act in steps
    ]:
        statements = _statements(home, narrowing)
        for _ in range(ROUNDS):
            started = time.perf_counter()
            _replay(conn, statements)
            raw_ms.setdefault(label, []).append(time.perf_counter() - started)
    conn.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"follow-up register on {recommendations:,} recommendations (median of {ROUNDS}):")
    print(f"  {'step':28s} {'screen':>10s} {'raw sqlite3':>12s}   ratio (aim: <= 1.5x)")
    for label in screen:
        shown, bare = _median_ms(screen[label]), _median_ms(raw_ms[label])
        print(f"  {label:28s} {shown:8.0f} ms {bare:10.0f} ms   {shown / bare:5.2f}x")
    print(f"  peak memory of the process: {peak:.0f} MB (aim: < 300 MB)")
