# SPDX-License-Identifier: GPL-3.0-or-later
"""The command line contract: demo, list, show, --json, --version and the exit codes.

The commands run in this process (:mod:`tests.cli_run`); the entry point itself, the exit codes
a shell sees and what a command loads are checked in processes of their own."""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from inspector import __version__, i18n, logs
from inspector.cli import main as cli
from inspector.store import records
from inspector.store.workspace import Workspace
from tests.cli_run import Ran, inspector
from tests.conftest import new_small_check

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, check: bool = True) -> Ran:
    result = inspector(*args)
    if check:
        assert result.returncode == 0, result.stderr
    return result


def process(*args: str) -> subprocess.CompletedProcess[str]:
    """``python -m ui ARGS`` in a process of its own, as a shell starts the command."""
    return subprocess.run(
        [sys.executable, "-m", "ui", *args], capture_output=True, text=True, cwd=ROOT, timeout=300
    )


@pytest.fixture(scope="module")
def demo_home(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    home = tmp_path_factory.mktemp("cli") / "T"
    made = json.loads(run("--home", str(home), "demo", "--json").stdout)
    return home, made


def test_version() -> None:
    assert run("--version").stdout.strip() == f"inspector {__version__}"
    shell = process("--version")  # the entry point itself
    assert (shell.returncode, shell.stdout.strip()) == (0, f"inspector {__version__}")


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
    assert process("show").returncode == 2  # as a shell sees it


def test_a_refusal_exits_1_as_a_shell_sees_it(tmp_path: Path) -> None:
    shell = process("--home", str(tmp_path / "ws"), "--lang", "en", "show", "ffffffff")
    assert shell.returncode == 1
    assert shell.stderr.strip() == "inspector: No inspection has the id ffffffff."


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


def test_every_command_has_its_function() -> None:
    (commands,) = [
        a for a in cli.build_parser()._actions if isinstance(a, argparse._SubParsersAction)
    ]
    assert set(cli.COMMANDS) == set(commands.choices) - {"gui"}
    for name in cli.COMMANDS:
        assert callable(cli.command(name)), name


# What a command may not load: the wings it does not use, nor Qt. Checked in a fresh process of
# the entry point, whose modules are then the command's alone.
HEAVY = (
    "PySide6",
    "pyhanko",
    "reportlab",
    "aiohttp",
    "inspector.sync",
    "inspector.minutes",
    "inspector.demo",
)
LOADED = """
import sys
from ui.launcher import main
try:
    code = main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
print(" ".join(sorted(sys.modules)), file=sys.stderr)
sys.exit(code)
"""


def _loaded(*args: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", LOADED, *args], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    return set(result.stderr.split())


def test_list_and_show_load_only_the_store_and_the_reads(demo_home: tuple[Path, dict]) -> None:
    home, made = demo_home
    for args in (("list",), ("show", made["inspection_id"][:8], "--json")):
        loaded = _loaded("--home", str(home), *args)
        assert "inspector.fieldwork.listing" in loaded
        heavy = sorted(m for m in loaded if m.split(".")[0] in HEAVY or m.startswith(HEAVY))
        assert heavy == [], (args, heavy)


def test_a_workspace_without_a_certificate_lists_without_cryptography(tmp_path: Path) -> None:
    home = tmp_path / "ws"
    iid = new_small_check(home)
    for args in (("list",), ("show", iid)):
        assert "cryptography" not in _loaded("--home", str(home), *args), args


def test_the_version_and_the_help_load_no_workspace() -> None:
    assert "sqlite_utils" not in _loaded("--version")
    assert "sqlite_utils" not in _loaded("--help")


def test_a_command_leaves_no_state_behind(tmp_path: Path) -> None:
    """The language of --lang, the workspace's log and the loggers' levels end with the command:
    the next command in the same process gives what it gives alone."""
    home = str(tmp_path / "ws")
    levels = {n: logging.getLogger(n).level for n in (*logs.LOGGERS, "pyhanko")}
    assert run("--home", home, "--lang", "en", "list").stdout.strip() == "No inspections yet."
    assert logs.current_log_file() is None
    assert i18n.current_language() == "vi"
    assert {n: logging.getLogger(n).level for n in levels} == levels
    assert run("--home", home, "list").stdout.strip() == "Chưa có cuộc kiểm tra nào."
    refused = run("--home", home, "--lang", "en", "show", "ffffffff", check=False)
    assert refused.returncode == 1 and logs.current_log_file() is None
    assert run("--home", home, "list").stdout.strip() == "Chưa có cuộc kiểm tra nào."
