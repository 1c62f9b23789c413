# SPDX-License-Identifier: GPL-3.0-or-later
"""The command line contract: demo, list, show, --json, --version and the exit codes."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from inspector import __version__
from inspector.store import records
from inspector.store.workspace import Workspace
from tests.conftest import new_small_check

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "ui", *args], capture_output=True, text=True, cwd=ROOT, timeout=300
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def demo_home(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    home = tmp_path_factory.mktemp("cli") / "T"
    made = json.loads(run("--home", str(home), "demo", "--json").stdout)
    return home, made


def test_version() -> None:
    assert run("--version").stdout.strip() == f"inspector {__version__}"


def test_demo_list_show(demo_home: tuple[Path, dict]) -> None:
    home, made = demo_home
    listed = json.loads(run("--home", str(home), "list", "--json").stdout)
    assert [r["id"] for r in listed] == [made["inspection_id"]]
    assert listed[0]["number"] == "15/QĐ-BHXH"
    assert listed[0]["unit"] == "Bảo hiểm xã hội cơ sở Diễn Châu"

    d = json.loads(run("--home", str(home), "show", made["inspection_id"], "--json").stdout)
    # a team of 3 with a leader
    assert len(d["team"]) == 3
    assert Counter(m["role"] for m in d["team"])["LEADER"] == 1
    assert d["arrived_at"] and d["ended_at"] and d["arrived_at"] < d["ended_at"]
    # a roster of about 15, some absent with and without reason
    marks = Counter(r["status"] for r in d["roll_call"])
    assert len(d["roll_call"]) == 15
    assert marks["ABSENT_WITHOUT_REASON"] >= 1 and marks["ABSENT_WITH_REASON"] >= 1
    assert marks["PRESENT"] >= 8
    assert sum(d["attendance_counts"].values()) == 15
    # about 30 dossiers traced step by step, some overdue with the delaying step and person
    assert len(d["traces"]) == 30
    assert all(len(t["steps"]) >= 3 for t in d["traces"])
    late = [t for t in d["traces"] if t["late_days"] > 0]
    assert 1 <= len(late) < 30
    for t in late:
        step = next(s for s in t["steps"] if s["step_no"] == t["delaying_step_no"])
        assert step["late_days"] > 0 and t["delaying_person"] == step["person"]
    # the checklist in scope, answered
    assert len(d["checklist"]) == 8
    assert sum(a["total"] for a in d["checklist"]) == 60  # version 2 of the checklist
    assert all(a["answered"] == a["total"] for a in d["checklist"])
    # findings in the areas of discipline, the one-stop desk (its praise too), spending and
    # premises, with evidence, responsibility and recommendations
    assert {f["area_code"] for f in d["findings"]} == {"A", "B", "F", "G"}
    assert all(f["responsibilities"] for f in d["findings"])
    assert all(f["recommendations"] for f in d["findings"])
    assert sum(1 for f in d["findings"] if f["evidence"]) >= 4
    levels = {r["level"] for f in d["findings"] for r in f["responsibilities"]}
    assert {"DIRECT", "SUPERVISING", "HEAD"} <= levels
    assert {r["subject_type"] for f in d["findings"] for r in f["responsibilities"]} == {
        "INDIVIDUAL",
        "COLLECTIVE",
    }
    assert d["explanations"] and d["signatories"]
    assert len(d["evidence"]) == made["evidence_files"]


def test_demo_ends_with_signed_minutes(demo_home: tuple[Path, dict]) -> None:
    home, made = demo_home
    pdf = Path(made["signed_minutes"])
    assert pdf.is_file() and pdf.parent == home / "minutes"
    result = run("--home", str(home), "--lang", "en", "verify", str(pdf), "--json", check=False)
    (report,) = json.loads(result.stdout)
    # signed, intact; the demo authority is not trusted (its passphrase is public)
    assert report["valid"] and report["intact"] and not report["trusted"]
    assert "demo" in report["signer"] and result.returncode == 1
    listed = json.loads(run("--home", str(home), "list", "--json").stdout)
    assert listed[0]["status"] == "SIGNED"


def test_every_evidence_file_matches_its_digest(demo_home: tuple[Path, dict]) -> None:
    home, made = demo_home
    files = [p for p in (home / "evidence").rglob("*") if p.is_file()]
    assert len(files) == made["evidence_files"] + 1  # and a copy of the signed minutes
    for path in files:
        assert hashlib.sha256(path.read_bytes()).hexdigest() == path.name
    d = json.loads(run("--home", str(home), "show", made["inspection_id"], "--json").stdout)
    signed = hashlib.sha256(Path(made["signed_minutes"]).read_bytes()).hexdigest()
    assert {e["sha256"] for e in d["evidence"]} | {signed} == {p.name for p in files}


def test_show_text_and_prefix(demo_home: tuple[Path, dict]) -> None:
    home, made = demo_home
    out = run("--home", str(home), "--lang", "vi", "show", made["inspection_id"][:8]).stdout
    assert "15/QĐ-BHXH" in out and "Hoàng Văn Tú" in out


def test_unknown_id_is_refused_with_exit_1(demo_home: tuple[Path, dict]) -> None:
    home, _made = demo_home
    result = run("--home", str(home), "--lang", "en", "show", "ffffffff", check=False)
    assert result.returncode == 1
    assert result.stderr.strip() == "inspector: No inspection has the id ffffffff."
    result = run("--home", str(home), "show", "ffffffff", "--json", check=False)
    assert result.returncode == 1
    assert json.loads(result.stderr)["error_en"] == "No inspection has the id ffffffff."


def test_wrong_usage_exits_2() -> None:
    assert run("frobnicate", check=False).returncode == 2
    assert run("show", check=False).returncode == 2


def test_too_new_workspace_exits_1(tmp_path: Path) -> None:
    home = tmp_path / "new"
    home.mkdir()
    conn = sqlite3.connect(home / "inspector.sqlite3")
    conn.execute("PRAGMA user_version = 99")
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    result = run("--home", str(home), "--lang", "en", "list", check=False)
    assert result.returncode == 1
    assert "newer version of Inspector" in result.stderr


def test_a_bad_watch_interval_is_a_usage_error(tmp_path: Path) -> None:
    for interval in ("-1", "0", "nan", "inf", "soon"):
        result = run(
            "--home", str(tmp_path / "ws"), "inbox", str(tmp_path), "--watch", interval, check=False
        )
        assert result.returncode == 2 and "Traceback" not in result.stderr
        assert "--watch" in result.stderr


def test_supplementary_minutes_from_a_binary_file_are_refused_in_one_sentence(
    demo_home: tuple[Path, dict], tmp_path: Path
) -> None:
    home, made = demo_home
    binary = tmp_path / "ảnh.jpg"
    binary.write_bytes(bytes([0xAB, 0xFF, 0x00, 0x81]) * 64)
    result = run(
        "--home",
        str(home),
        "--lang",
        "en",
        "sign",
        made["inspection_id"],
        "--supplement",
        str(binary),
        check=False,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        f"inspector: The file {binary} is not text (UTF-8): write the corrections in a plain text"
        " file."
    ]


def test_show_never_hands_the_terminal_a_control_character(tmp_path: Path) -> None:
    home = tmp_path / "ws"
    iid = new_small_check(home)
    # no screen takes these characters any more (nor does an import): a record stored earlier
    with Workspace.open(home) as ws, ws.transaction() as db:
        unit = db.execute("SELECT unit_id FROM inspections WHERE id = ?", [iid]).fetchone()[0]
        name = "Bảo hiểm xã hội\x1b[2J cơ sở\u202e Yên Thành"
        records.update(db, ws.actor, "org_units", unit, {"name": name})
    shown = run("--home", str(home), "show", iid).stdout
    assert "\x1b" not in shown and "\u202e" not in shown
    assert "Bảo hiểm xã hội<U+001B>[2J cơ sở<U+202E> Yên Thành" in shown
