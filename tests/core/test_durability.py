# SPDX-License-Identifier: GPL-3.0-or-later
"""A process killed (SIGKILL) while saving findings loses nothing whose save had returned."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from inspector.fieldwork import checklists, inspections, units
from inspector.store.workspace import DB_NAME, Workspace

SAVER = r"""
import sys
from inspector.fieldwork import findings
from inspector.store.workspace import Workspace
ws = Workspace.open(sys.argv[1])
inspection = sys.argv[2]
i = 0
while True:
    i += 1
    fid = findings.add_finding(ws, inspection, title=f"Phát hiện số {i}", severity="2",
                               item_code="A1", description="Lưu liên tục " * 20)
    sys.stdout.write(fid + "\n")
    sys.stdout.flush()
"""

KILLS = 24


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_while_saving_loses_no_returned_save(tmp_path: Path) -> None:
    home = tmp_path / "ws"
    with Workspace.open(home) as ws:
        checklists.ensure_bundled_checklist(ws)
        unit = units.add_unit(ws, name="Đơn vị", level="GRASSROOTS")
        inspection = inspections.create_inspection(
            ws,
            decision_number="1/QĐ",
            decision_date="2026-03-02",
            signer_name="A",
            legal_basis="B",
            unit_id=unit,
        )
    rng = random.Random(20261123)
    returned: list[str] = []
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    for _ in range(KILLS):
        proc = subprocess.Popen(
            [sys.executable, "-c", SAVER, str(home), inspection],
            stdout=subprocess.PIPE,
            env=env,
        )
        assert proc.stdout is not None
        first = proc.stdout.readline()  # saving has started
        assert first.endswith(b"\n"), "the saver did not start"
        time.sleep(rng.uniform(0.0, 0.25))
        os.kill(proc.pid, signal.SIGKILL)
        rest = proc.stdout.read()
        proc.wait()
        lines = (first + rest).split(b"\n")
        returned += [line.decode() for line in lines[:-1]]  # the last piece may be cut short

        conn = sqlite3.connect(home / DB_NAME)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        present = {r[0] for r in conn.execute("SELECT id FROM findings WHERE deleted = 0")}
        logged = {
            r[0]
            for r in conn.execute("SELECT record_id FROM changes WHERE table_name = 'findings'")
        }
        conn.close()
        missing = [fid for fid in returned if fid not in present]
        assert not missing, f"{len(missing)} returned saves lost"
        assert present <= logged  # every saved finding has its change-log entry
    assert len(returned) >= KILLS
