# SPDX-License-Identifier: GPL-3.0-or-later
"""``inspector list`` and ``inspector show`` as processes, on the workspaces of 10,000 and 100,000
findings that :mod:`bench.workbench_open` builds, beside a bare Python process that opens the same
database with sqlite3 and runs the same queries, in the same run.

The baseline runs what the read itself runs: the SQL statements of
:func:`inspector.fieldwork.listing.list_inspections` (for ``show``: of ``resolve_inspection_id``
and ``inspection_detail``), recorded with their values as the command's own read issues them, and
fetches every row. The command does more than that read (it opens and checks the workspace,
writes a line to its log, prints): the ratio is what a command costs beyond its query. Commands
and baselines take turns, so that both meet the same load of the machine.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.workbench_open import SIZES, built
from inspector.fieldwork import listing
from inspector.store.workspace import DB_NAME, Workspace

ROUNDS = 9  # runs of each command and of each baseline, per size
# A bare Python: the same interpreter, sqlite3, the statements, every row fetched.
BARE = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for sql in open(sys.argv[2], encoding="utf-8").read().split("\\0"):
    db.execute(sql).fetchall()
"""


def _statements(home: Path, read: Callable[[Workspace], Any]) -> list[str]:
    """The SQL statements ``read`` runs on the workspace at ``home``, with their values."""
    with Workspace.open(home) as ws:
        seen: list[str] = []
        ws.db.conn.set_trace_callback(seen.append)
        read(ws)
        ws.db.conn.set_trace_callback(None)
    return seen


def _run(args: list[str]) -> float:
    """Seconds from starting the process to its exit (it must succeed)."""
    started = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - started


def measure(home: Path, demo: str) -> dict[str, list[float]]:
    """Samples of each command and of its baseline, on a fresh copy of the workspace at ``home``."""
    s: dict[str, list[float]] = {k: [] for k in ("list", "list_bare", "show", "show_bare")}
    with tempfile.TemporaryDirectory(prefix="inspector-bench-", dir=Path.cwd()) as tmp:
        copy = Path(tmp) / "ws"
        shutil.copytree(home, copy)
        reads = {
            "list": listing.list_inspections,
            "show": lambda ws: listing.inspection_detail(
                ws, listing.resolve_inspection_id(ws, demo)
            ),
        }
        runs: dict[str, tuple[list[str], list[str]]] = {}
        for key, read in reads.items():
            sql = Path(tmp) / f"{key}.sql"
            sql.write_text("\0".join(_statements(copy, read)), encoding="utf-8")
            command = [sys.executable, "-m", "ui", "--home", str(copy), key]
            bare = [sys.executable, "-c", BARE, str(copy / DB_NAME), str(sql)]
            runs[key] = (command + ([demo] if key == "show" else []), bare)
        for command, bare in runs.values():  # once untimed: the files in the page cache
            _run(command)
            _run(bare)
        for _ in range(ROUNDS):
            for key, (command, bare) in runs.items():
                s[key].append(_run(command))
                s[f"{key}_bare"].append(_run(bare))
    return s


LINES = (
    ("list", "inspector list"),
    ("show", "inspector show ID (the demo check)"),
)


def main() -> None:
    results = []
    for total, checks in SIZES:
        home, demo = built(total, checks)
        with Workspace.open(home) as ws:
            size = ws.db.execute(
                "SELECT count(*) FROM findings WHERE inspection_id = ? AND deleted = 0", [demo]
            ).fetchone()[0]
        results.append((total, checks, size, measure(home, demo)))
    (small_n, small_checks, small_size, small), (large_n, large_checks, large_size, large) = results
    print(
        "the command line as a process on a grown workspace, beside a bare Python process running"
        f" the same queries with sqlite3 (medians of {ROUNDS} runs of each):"
    )
    print(
        f"  {'':<44}{f'{small_n:,} findings':>22}{f'{large_n:,} findings':>22}   ratio (aim: < 2x)"
    )
    print(
        f"  {'checks in the workspace, findings in the shown one':<44}"
        f"{f'{small_checks}, {small_size}':>22}{f'{large_checks}, {large_size}':>22}"
    )
    for key, text in LINES:
        base_a, base_b = (
            statistics.median(small[f"{key}_bare"]),
            statistics.median(large[f"{key}_bare"]),
        )
        a, b = statistics.median(small[key]), statistics.median(large[key])
        print(
            f"  {'bare Python, the same queries (baseline):':<44}{base_a * 1000:19.1f} ms"
            f"{base_b * 1000:19.1f} ms   {base_b / base_a:.2f}x"
        )
        print(
            f"  {text + ':':<44}{a * 1000:10.1f} ms ({a / base_a:4.1f}x){b * 1000:10.1f} ms"
            f" ({b / base_b:4.1f}x)   {b / a:.2f}x"
        )


if __name__ == "__main__":
    main()
