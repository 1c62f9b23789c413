# SPDX-License-Identifier: GPL-3.0-or-later
"""Sync from the command line, the field kit's calendar and certificate, cancelling an export."""

from __future__ import annotations

import json
import os
import time
from datetime import date
from pathlib import Path

import pytest

from inspector import workdays
from inspector.cli import main as cli
from inspector.errors import Cancelled
from inspector.fieldwork import findings
from inspector.store.workspace import Workspace
from inspector.sync import exchange, inbox, merge
from inspector.trust import identity
from tests.sync_world import PASSPHRASE, World


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(["--lang", "en", *args])
    out, err = capsys.readouterr()
    return code, out, err


def _conflict(world: World) -> tuple[str, str, str]:
    finding, severity = world.a.db.execute(
        "SELECT id, severity FROM findings ORDER BY id LIMIT 1"
    ).fetchone()
    grade_a, grade_b = [g for g in ("1", "2", "3", "4") if g != severity][:2]
    findings.update_finding(world.a, finding, severity=grade_a)
    findings.update_finding(world.b, finding, severity=grade_b)
    return finding, grade_a, grade_b


def test_export_import_conflicts_resolve_and_verify_from_the_command_line(
    world: World, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    finding, _grade_a, grade_b = _conflict(world)
    monkeypatch.setenv("INSPECTOR_PASSPHRASE", PASSPHRASE)
    homes = {w: str(world.root / w) for w in ("a", "b", "office")}
    world.close()
    pa, pb = world.root / "a.inspkg", world.root / "b.inspkg"
    assert _run(capsys, "--home", homes["a"], "export", "--out", str(pa))[0] == 0
    assert _run(capsys, "--home", homes["b"], "export", "--out", str(pb))[0] == 0
    code, out, _err = _run(capsys, "--home", homes["office"], "verify", str(pa))
    assert code == 0 and "intact and trusted" in out
    code, out, _err = _run(capsys, "--home", homes["office"], "import", "--preview", str(pa))
    assert code == 0 and "nothing was changed" in out
    receipts = world.root / "receipts"
    code, out, err = _run(
        capsys,
        "--home",
        homes["office"],
        "--json",
        "import",
        "--receipt-dir",
        str(receipts),
        str(pa),
        str(pb),
    )
    assert code == 0, err
    results = json.loads(out)
    assert [bool(r["conflicts"]) for r in results] == [False, True]
    assert all(Path(r["receipt"]).exists() for r in results)
    code, out, _err = _run(capsys, "--home", homes["office"], "--json", "conflicts")
    (conflict,) = json.loads(out)
    assert conflict["record_id"] == finding and conflict["field"] == "severity"
    chosen = next(o for o in conflict["options"] if o["value"] == grade_b)["change_id"]
    code, _out, err = _run(
        capsys, "--home", homes["office"], "resolve", chosen[:8], "--reason", " "
    )
    assert code == 1 and "why" in err
    code, out, _err = _run(
        capsys, "--home", homes["office"], "resolve", chosen[:8], "--reason", "Theo hồ sơ gốc"
    )
    assert code == 0
    assert _run(capsys, "--home", homes["office"], "conflicts")[1].strip() == "No conflicts."
    # the receipt goes back to A, which then knows the office has its package
    code, out, _err = _run(
        capsys, "--home", homes["a"], "import", str(receipts / "a-receipt.inspkg")
    )
    assert code == 0 and "Receipt from the office recorded" in out
    code, out, _err = _run(capsys, "--home", homes["a"], "--json", "packages")
    assert json.loads(out)["confirmed"] == 1
    # nothing new on A: export says so, and refuses
    code, _out, err = _run(capsys, "--home", homes["a"], "export", "--out", str(pa) + "2")
    assert code == 1 and "Nothing has changed" in err


def test_inbox_command_imports_logs_and_writes_receipts(
    world: World, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    finding = world.a.db.execute("SELECT id FROM findings LIMIT 1").fetchone()[0]
    findings.update_finding(world.a, finding, title="Qua USB")
    package = world.export(world.a, "a1")
    folder = world.root / "usb"
    folder.mkdir()
    (folder / package.name).write_bytes(package.read_bytes())
    (folder / "notes.inspkg").write_text("không phải gói")
    monkeypatch.setenv("INSPECTOR_PASSPHRASE", PASSPHRASE)
    world.close()
    home = str(world.root / "office")
    code, out, _err = _run(capsys, "--home", home, "inbox", str(folder), "--receipts")
    assert code == 3  # one file imported, one refused: done in part
    assert "notes.inspkg: The file notes.inspkg is not an Inspector package." in out
    assert (folder / "receipts" / "a1-receipt.inspkg").exists()
    code, out, _err = _run(capsys, "--home", home, "inbox", str(folder))
    assert code == 0 and out == ""  # each file dealt with once
    with Workspace.open(home) as office:
        log = inbox.read_log(office)
        assert sorted(e.outcome for e in log) == ["imported", "refused"]


def test_inbox_waits_for_a_file_still_being_copied(world: World) -> None:
    finding = world.a.db.execute("SELECT id FROM findings LIMIT 1").fetchone()[0]
    findings.update_finding(world.a, finding, title="Đang chép")
    package = world.export(world.a, "a1", everything=True)
    folder = world.root / "usb"
    folder.mkdir()
    copying = folder / package.name
    copying.write_bytes(package.read_bytes()[:5000])  # the copy has just begun
    assert inbox.scan(world.office, folder) == []
    copying.write_bytes(package.read_bytes())
    old = time.time() - 60
    os.utime(copying, (old, old))
    (entry,) = inbox.scan(world.office, folder)
    assert entry.outcome == "imported"


def test_field_kit_brings_the_office_calendar_and_the_issued_certificate(
    world: World, tmp_path: Path
) -> None:
    laptop = Workspace.open(tmp_path / "laptop")
    try:
        request = identity.init_keys(laptop, "Lê Văn Tâm", PASSPHRASE)
        issued = identity.issue(world.office, request.read_bytes(), PASSPHRASE)
        calendar = json.loads(workdays.calendar_file().read_text(encoding="utf-8"))
        day_off = date(2027, 4, 26)  # a Monday the government swapped off
        calendar["adjustments"]["days_off"].append(
            {"date": day_off.isoformat(), "name_vi": "Nghỉ bù", "name_en": "Swapped day off"}
        )
        target = workdays.workspace_calendar_path(world.office.home)
        target.parent.mkdir(parents=True)
        target.write_text(json.dumps(calendar, ensure_ascii=False), encoding="utf-8")
        kit = exchange.make_field_kit(
            world.office,
            tmp_path / "kit.inspkg",
            world.keys["authority"],
            certificate=issued,
        )
        root = world.keys["office"].chain[-1]
        fingerprint = exchange.packages.fingerprint(root)
        result = exchange.import_package(laptop, kit.path, trust_fingerprint=fingerprint[:32])
        assert result.kit["calendar"] and result.kit["certificate"] == "Lê Văn Tâm"
        assert not laptop.calendar.is_working_day(day_off)
        mine = identity.load_identity(laptop, PASSPHRASE)
        assert mine.chain and mine.chain[-1] == root  # now issued by the office
    finally:
        laptop.close()


def test_cancelled_export_leaves_no_file(world: World) -> None:
    out = world.root / "cancelled.inspkg"
    with pytest.raises(Cancelled):
        exchange.export_package(
            world.a, out, world.keys["a"], everything=True, is_cancelled=lambda: True
        )
    assert not out.exists()
    assert not [p for p in out.parent.iterdir() if p.name.endswith(".partial")]
    assert exchange.last_export_seq(world.a) > 0  # the earlier export still counts
    merge.state_digest(world.a.db)  # the workspace is fine
