# SPDX-License-Identifier: GPL-3.0-or-later
"""The period report over the office bench's million findings (:mod:`bench.office_build`: 2,500
checks over two years, written as the services write them), copied for the run: the report's
figures as ``inspector report`` computes them, for both years and for one month, each beside the
same SQL statements replayed on a plain ``sqlite3`` connection in the same run; then the same
report written as a PDF and as a workbook.

The raw baseline is what the report sends to SQLite: the statements are captured once by a trace
callback as the report's code runs them, with their values (the period's checks put in a
temporary table, each aggregate query, the dossiers' steps), and replayed on a plain connection,
reading every row.
"""

from __future__ import annotations

import resource
import sqlite3
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from bench import office_build
from inspector.office import report, report_files
from inspector.store.workspace import DB_NAME, Workspace

ROUNDS = 3
TODAY = date(2026, 11, 30)  # the day recommendations stand on: fixed, so each run counts alike
PERIODS = (
    ("both years", "2025-01-01", "2026-12-31"),
    ("one month", "2026-03-01", "2026-03-31"),
)


def _statements(home: Path, start: str, end: str) -> list[str]:
    """The statements a report of the period sends, with their values, as SQLite ran them."""
    sent: list[str] = []
    with Workspace.open(home) as ws:
        ws.db.conn.set_trace_callback(sent.append)
        report.report(ws, start, end, today=TODAY)
        ws.db.conn.set_trace_callback(None)
    return sent


def _replay(conn: sqlite3.Connection, statements: list[str]) -> None:
    for sql in statements:
        conn.execute(sql).fetchall()


def _ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def main(total: int = office_build.TOTAL, checks: int = office_build.CHECKS) -> None:
    source = office_build.built(total, checks)
    with tempfile.TemporaryDirectory(prefix="inspector-bench-report-") as tmp:
        _run(office_build.copy_of(source, Path(tmp)), Path(tmp))


def _run(home: Path, tmp: Path) -> None:
    with Workspace.open(home) as ws:
        (findings,) = ws.db.execute("SELECT count(*) FROM findings WHERE deleted = 0").fetchone()
    conn = sqlite3.connect(home / DB_NAME, isolation_level=None)
    print(
        f"period report on {findings:,} findings (median of {ROUNDS}; raw = the same statements"
        " on a plain sqlite3 connection, same run):"
    )
    print(f"  {'period':12s} {'report':>10s} {'raw sqlite3':>12s}   ratio (aim: <= 1.5x)   checks")
    kept: report.Report | None = None
    for label, start, end in PERIODS:
        statements = _statements(home, start, end)
        shown: list[float] = []
        bare: list[float] = []
        for n in range(ROUNDS):  # each first in half the rounds: neither always finds it warm
            for step in (0, 1) if n % 2 == 0 else (1, 0):
                started = time.perf_counter()
                if step == 0:
                    with Workspace.open(home) as ws:
                        found = report.report(ws, start, end, today=TODAY)
                    shown.append(time.perf_counter() - started)
                else:
                    _replay(conn, statements)
                    bare.append(time.perf_counter() - started)
        kept = kept or found
        print(
            f"  {label:12s} {_ms(shown):8.0f} ms {_ms(bare):10.0f} ms   {_ms(shown) / _ms(bare):5.2f}x"
            f"               {found.checks:,}"
        )
    conn.close()
    assert kept is not None
    with Workspace.open(home) as ws:
        for suffix in ("pdf", "xlsx"):
            started = time.perf_counter()
            report_files.write(ws, kept, tmp / f"report.{suffix}")
            print(
                f"  written as .{suffix} (both years): {(time.perf_counter() - started) * 1000:.0f} ms,"
                f" {(tmp / f'report.{suffix}').stat().st_size / 1024:.0f} KB"
            )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak memory of the process: {peak:.0f} MB")
