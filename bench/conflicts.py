# SPDX-License-Identifier: GPL-3.0-or-later
"""The conflict count (the status bar, ``inspector conflicts``, each ``resolve``) on workspaces of
10,000 and 100,000 findings, beside a raw baseline measured in the same run.

The workspaces are those :mod:`bench.workbench_open` builds through the services (each finding
with a responsibility and a recommendation, one in four with an explanation), copied afresh. The
count must not grow with the workspace: it is printed at both sizes with the ratio between them.

Raw baselines, each one plain ``sqlite3`` query on its own connection: the heads of the fields
that have several (what the count reads to find conflicts), and the same fields found by
reading every head once (what a count that passes over all heads reads). Every query the count runs is listed with its plan:
each must search an index, or scan only a partial index of what is rare.
"""

from __future__ import annotations

import shutil
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from bench.workbench_open import SIZES, built
from inspector.store.workspace import Workspace
from inspector.sync import merge

RUNS = 31

FORKED_HEADS = (  # the heads of the fields with several, by the small table the journal keeps
    "SELECT h.table_name, h.record_id, h.field, h.change_id FROM forks f CROSS"
    " JOIN heads h ON h.table_name = f.table_name AND h.record_id = f.record_id"
    " AND h.field = f.field"
)
EVERY_HEAD = (  # the same fields found by reading every head once
    "SELECT table_name, record_id, field FROM heads"
    " GROUP BY table_name, record_id, field HAVING count(*) > 1"
)


def _raw(path: Path, sql: str) -> float:
    """The median time of one plain query on a connection of its own, in seconds."""
    conn = sqlite3.connect(path)
    try:
        conn.execute(sql).fetchall()  # warm, as the count is warmed
        samples = []
        for _run in range(RUNS):
            started = time.perf_counter()
            conn.execute(sql).fetchall()
            samples.append(time.perf_counter() - started)
    except sqlite3.OperationalError:  # a workspace without the table
        return float("nan")
    finally:
        conn.close()
    return statistics.median(samples)


def _plans(ws: Workspace) -> list[tuple[str, list[str]]]:
    """Every statement the count runs, with its query plan's lines."""
    statements: list[str] = []
    ws.db.conn.set_trace_callback(statements.append)
    try:
        merge.conflicts(ws.db)
    finally:
        ws.db.conn.set_trace_callback(None)
    found: dict[str, list[str]] = {}
    for sql in statements:
        if not sql.lstrip().upper().startswith("SELECT") or sql in found:
            continue
        found[sql] = [row[3] for row in ws.db.execute(f"EXPLAIN QUERY PLAN {sql}")]
    return list(found.items())


def full_scans(plans: list[tuple[str, list[str]]]) -> list[str]:
    """The plan lines that read a whole table or a whole index (a partial index, of the rare
    deleted records or deletions, or the small table of forked fields, is not)."""
    bad = []
    for _sql, lines in plans:
        for line in lines:
            if not line.startswith("SCAN ") or line.startswith("SCAN CONSTANT"):
                continue
            partial = any(f"INDEX {n}" in line for n in ("changes_deletions",)) or (
                "_deleted" in line and "INDEX" in line
            )
            if not partial and not line.startswith("SCAN f") and "forks" not in line:
                bad.append(line)
    return bad


def measure(home: Path) -> tuple[float, float, float, int, list[tuple[str, list[str]]]]:
    """The count's median, the two raw baselines', the conflicts found, and the plans."""
    with tempfile.TemporaryDirectory(prefix="inspector-bench-", dir=Path.cwd()) as tmp:
        copy = Path(tmp) / "ws"
        shutil.copytree(home, copy)
        with Workspace.open(copy) as ws:
            found = len(merge.conflicts(ws.db))  # warm: the first read of the file
            samples = []
            for _run in range(RUNS):
                started = time.perf_counter()
                merge.conflicts(ws.db)
                samples.append(time.perf_counter() - started)
            plans = _plans(ws)
        db = copy / "inspector.sqlite3"
        return (
            statistics.median(samples),
            _raw(db, FORKED_HEADS),
            _raw(db, EVERY_HEAD),
            found,
            plans,
        )


def main() -> None:
    results = []
    for total, checks in SIZES:
        home, _demo = built(total, checks)
        results.append((total, measure(home)))
    (small_n, small), (large_n, large) = results
    print(f"conflict count (merge.conflicts; median of {RUNS}):")
    print(f"  {'':<56}{f'{small_n:,} findings':>18}{f'{large_n:,} findings':>18}   ratio")
    lines = (
        ("conflict count (conflicts found: {}):", 0),
        ("raw: the heads of fields with several, one query:", 1),
        ("raw: the same fields from every head, one query:", 2),
    )
    for text, key in lines:
        a, b = small[key], large[key]
        label = text.format(f"{small[3]}, {large[3]}") if "{}" in text else text
        print(f"  {label:<56}{a * 1000:15.3f} ms{b * 1000:15.3f} ms   {b / a:.2f}x")
    bad = full_scans(large[4])
    print(
        f"  queries the count runs: {len(large[4])}; reading a whole table or index:"
        f" {len(bad)} {bad if bad else ''}"
    )


if __name__ == "__main__":
    main()
