# SPDX-License-Identifier: GPL-3.0-or-later
"""The README's follow-up register commands (section 'The office'), run as written on the office
demo, each result checked against the register's records."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from inspector.office import followup, reinspect
from inspector.office.followup import Narrowing, Standing
from inspector.store.workspace import Workspace
from tests.cli_run import REGISTER_COMMANDS, inspector, readme_commands


def _register_commands() -> list[list[str]]:
    return [w for w in readme_commands("The office") if w[1] in REGISTER_COMMANDS]


def test_the_registers_commands_as_the_readme_writes_them(tmp_path: Path) -> None:
    home = tmp_path / "office"
    assert inspector("--home", str(home), "demo", "--office").returncode == 0
    commands = _register_commands()
    assert [w[1] for w in commands] == [
        "recommendations",
        "recommendations",
        "recommendations",
        "follow-up",
        "follow-up",
        "reinspect",
    ]
    with Workspace.open(home) as ws:
        overdue = followup.entries(ws, Narrowing(standings=frozenset({Standing.OVERDUE})))
        every = followup.entries(ws)
        per_unit = followup.overdue_by(ws, "unit")
        names = followup.names(ws)
        signed = ws.db.execute("SELECT id FROM inspections WHERE status = 'SIGNED'").fetchone()[0]
        failed = [f.code for f in reinspect.failed_items(ws, signed)]
    chosen = overdue[0].id
    (tmp_path / "giay-nop-tien.pdf").write_bytes(b"%PDF-1.4 giay nop tien")
    out: list[str] = []
    for words in commands:
        args = [chosen[:8] if w == "ID" else signed[:8] if w == "CHECK" else w for w in words[1:]]
        args = [str(tmp_path / w) if w == "giay-nop-tien.pdf" else w for w in args]
        ran = inspector("--home", str(home), *args)
        assert ran.returncode == 0, (words, ran.stderr)
        out.append(ran.stdout)
    listed, by_unit, as_csv, updated, history, items = out
    assert len(listed.splitlines()) == len(overdue)
    assert all(e.id[:8] in line for e, line in zip(overdue, listed.splitlines(), strict=True))
    for (unit, n), line in zip(per_unit, by_unit.splitlines(), strict=True):
        assert line.split()[0] == str(n) and names[str(unit)] in line
    rows = list(csv.DictReader(io.StringIO(as_csv)))
    assert [r["id"] for r in rows] == [e.id for e in every]
    with Workspace.open(home) as ws:
        done = followup.entry(ws, chosen)
        assert done.standing is Standing.DONE and done.files == 1
        assert done.report == "Đã thu hồi đủ 12.500.000 đồng"
        events = followup.history(ws, chosen)
    assert len(history.splitlines()) == len(events)
    assert all(code in items for code in failed)
    again = inspector("--home", str(home), "--json", "recommendations", "--standing", "overdue")
    assert chosen not in {r["id"] for r in json.loads(again.stdout)}
