# SPDX-License-Identifier: GPL-3.0-or-later
"""Checking the values of 100,000 changes against the column rules (inspector.store.columns), as an
import does, beside the raw cost of reading the same changes from their JSON lines, measured in
the same run.

The changes are the demo check's change log (every table, texts of every length), repeated.
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

from inspector.demo.build import build_demo
from inspector.store import columns
from inspector.store.workspace import Workspace

CHANGES = 100_000
ROUNDS = 5


def _lines() -> list[str]:
    """The demo's changes as the JSON lines of a package, repeated to CHANGES lines."""
    with tempfile.TemporaryDirectory(prefix="inspector-bench-") as tmp:
        with Workspace.open(Path(tmp) / "ws") as ws:
            build_demo(ws)
            log = [
                json.dumps(
                    {"table": t, "op": op, "field": f, "new_value": json.loads(v)},
                    ensure_ascii=False,
                )
                for t, op, f, v in ws.db.execute(
                    "SELECT table_name, op, field, new_value FROM changes"
                )
            ]
    return (log * (CHANGES // len(log) + 1))[:CHANGES]


def _check(changes: list[dict[str, object]]) -> None:
    for change in changes:
        table, value = str(change["table"]), change["new_value"]
        if change["op"] == "insert":
            columns.check_row(table, value)  # type: ignore[arg-type]
        else:
            columns.check_value(table, str(change["field"]), value)


def main() -> None:
    lines = _lines()
    values = sum(len(c["new_value"]) if c["op"] == "insert" else 1 for c in map(json.loads, lines))
    ours, raw = [], []
    for _round in range(ROUNDS):
        t0 = time.perf_counter()
        changes = [json.loads(line) for line in lines]
        t1 = time.perf_counter()
        _check(changes)
        t2 = time.perf_counter()
        raw.append(t1 - t0)
        ours.append(t2 - t1)
    best, base = min(ours), min(raw)
    print(
        f"column rules, {CHANGES:,} changes ({values:,} values):"
        f" {best * 1e3:.0f} ms, {best / values * 1e6:.2f} µs a value  [best of {ROUNDS}]"
    )
    print(f"raw json.loads of the same changes: {base * 1e3:.0f} ms")
    print(f"ratio to raw: {best / base:.2f}x (aim: ≤ 3x)")


if __name__ == "__main__":
    main()
