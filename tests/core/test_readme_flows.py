# SPDX-License-Identifier: GPL-3.0-or-later
"""The README's command-line flows, run as a person runs them, in a clean environment (no
INSPECTOR_* variables from the developer's shell): the demo, then its package imported in another
workspace once the demo authority's fingerprint is given with --trust; the numbered, signed minutes
arrive sealed and their printed code verifies there.

The commands run in this process (:mod:`tests.cli_run`); a reader that closes the pipe is a
process's own."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

from inspector.demo.build import build_demo
from inspector.office import table, views
from inspector.store.workspace import Workspace
from tests.cli_run import LEDGER_COMMANDS, REGISTER_COMMANDS, inspector, readme_commands
from tests.conftest import new_small_check
from tests.office_world import plain

ROOT = Path(__file__).resolve().parents[2]


def test_the_demo_package_imports_elsewhere_with_its_numbered_seal(tmp_path: Path) -> None:
    field, office = tmp_path / "field", tmp_path / "office"
    made = inspector("--home", str(field), "demo", "--json")
    assert made.returncode == 0, made.stderr
    demo = json.loads(made.stdout)
    package = Path(demo["package"])
    assert package.parent == field / "outbox"

    # untrusted at first: refused, naming the fingerprint to check with the office
    refused = inspector("--home", str(office), "--lang", "en", "import", str(package))
    assert refused.returncode == 1
    fingerprint = re.search(r"--trust ([0-9a-f]{32})", refused.stderr)
    assert fingerprint is not None, refused.stderr

    imported = inspector(
        "--home", str(office), "import", str(package), "--trust", fingerprint.group(1)
    )
    assert imported.returncode == 0, imported.stderr
    listed = inspector("--home", str(office), "list", "--json")
    assert [(r["id"], r["status"]) for r in json.loads(listed.stdout)] == [
        (demo["inspection_id"], "SIGNED")
    ]
    with sqlite3.connect(field / "inspector.sqlite3") as db:
        number, digest = db.execute(
            "SELECT number, record_digest FROM minutes WHERE kind = 'MAIN' AND deleted = 0"
        ).fetchone()
    assert number == "03/BB-ĐKT"  # numbered minutes travel
    verified = inspector("--home", str(office), "--lang", "en", "verify", "--digest", digest[:16])
    assert verified.returncode == 0, verified.stderr
    assert "15/QĐ-BHXH" in verified.stdout


def test_enrol_sign_with_a_number_export_import_at_the_office_and_the_receipt_back(
    tmp_path: Path,
) -> None:
    field, office, usb = tmp_path / "field", tmp_path / "office", tmp_path / "usb"
    usb.mkdir()
    (usb / "office.pass").write_text("mật khẩu của văn phòng tỉnh\n", encoding="utf-8")
    (usb / "field.pass").write_text("mật khẩu của trưởng đoàn\n", encoding="utf-8")
    office_pass = ("--passphrase-file", str(usb / "office.pass"))
    field_pass = ("--passphrase-file", str(usb / "field.pass"))
    organisation = "Bảo hiểm xã hội tỉnh Nghệ An"

    def ok(*args: str) -> str:
        result = inspector(*args)
        assert result.returncode == 0, (args, result.stderr)
        return result.stdout

    ok("--home", str(office), "ca", "init", "--name", organisation, *office_pass)
    ok("--home", str(field), "keys", "init", "--name", "Nguyễn Văn Hùng", *field_pass)
    request = field / "keys" / "request.csr"
    certificate = usb / "hung.pem"
    ok("--home", str(office), "ca", "issue", str(request), "--out", str(certificate), *office_pass)
    ok("--home", str(field), "keys", "install", str(certificate), "--trust")
    with Workspace.open(field) as ws:  # the check, recorded as the screens record it
        inspection_id = build_demo(ws).inspection_id
    ok("--home", str(field), "sign", inspection_id, "--number", "05/BB-ĐKT", *field_pass)
    package = usb / "hung.inspkg"
    ok("--home", str(field), "export", "--all", "--out", str(package), *field_pass)
    receipts = usb / "receipts"
    ok("--home", str(office), "import", str(package), "--receipt-dir", str(receipts), *office_pass)
    listed = json.loads(ok("--home", str(office), "list", "--json"))
    assert [(r["id"], r["status"]) for r in listed] == [(inspection_id, "SIGNED")]
    (receipt,) = receipts.iterdir()
    ok("--home", str(field), "import", str(receipt))
    confirmed = ok("--home", str(field), "--lang", "en", "packages")
    assert "hung.inspkg" in confirmed and organisation in confirmed  # the office's name, whole


def test_a_reader_that_goes_away_is_not_an_error(tmp_path: Path) -> None:
    """`inspector list | head -1`: the pipe closes before the command writes; no message."""
    new_small_check(tmp_path / "ws")
    env = {k: v for k, v in os.environ.items() if not k.startswith("INSPECTOR_")}
    reader = subprocess.Popen(
        [sys.executable, "-m", "ui", "--home", str(tmp_path / "ws"), "list"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env=env,
    )
    assert reader.stdout is not None and reader.stderr is not None
    reader.stdout.close()  # gone before anything is written
    error = reader.stderr.read().decode()
    assert reader.wait(timeout=120) == 0 and error == ""


def test_the_demo_with_a_passphrase_in_the_environment(tmp_path: Path) -> None:
    """A passphrase set for scripts unlocks the workspace's own identity; with none, the demo
    signs as its demo inspector; a wrong one for a real identity records nothing."""
    fresh = tmp_path / "fresh"
    made = inspector("--home", str(fresh), "demo", INSPECTOR_PASSPHRASE="chưa có chữ ký số")
    assert made.returncode == 0, made.stderr
    again = inspector("--home", str(fresh), "demo", INSPECTOR_PASSPHRASE="chưa có chữ ký số")
    assert again.returncode == 0, again.stderr  # the demo's own identity, made the first time
    own = tmp_path / "own"
    keys = inspector(
        "--home",
        str(own),
        "keys",
        "init",
        "--name",
        "Nguyễn Văn Hùng",
        INSPECTOR_PASSPHRASE="mật khẩu đúng của tôi",
    )
    assert keys.returncode == 0, keys.stderr
    wrong = inspector("--home", str(own), "demo", INSPECTOR_PASSPHRASE="mật khẩu sai")
    assert wrong.returncode == 1
    with sqlite3.connect(own / "inspector.sqlite3") as db:
        assert db.execute("SELECT count(*) FROM inspections").fetchone()[0] == 0


def _office_commands() -> list[list[str]]:
    """The commands of the README's section on the office but the follow-up register's and the
    ledger's (tests/core/test_readme_followup.py and test_office_ledger.py run those)."""
    return [
        w for w in readme_commands("The office") if w[1] not in REGISTER_COMMANDS + LEDGER_COMMANDS
    ]


def test_the_office_sections_commands_on_the_office_demo(tmp_path: Path) -> None:
    """Each command of README's 'The office', run as written on the workspace the section's
    first command makes; each result checked against the records."""
    home = tmp_path / "office"
    commands = _office_commands()
    assert len(commands) == 9
    ran: dict[str, list[dict[str, object]]] = {}
    for words in commands:
        assert words[0] == "inspector"
        args = words[1:]
        if args[:2] == ["--home", "/tmp/office"]:
            args = args[2:]
        if not args:
            continue  # the app itself, on the workspace
        if "--view" in args:  # the view, as kept on screen
            with Workspace.open(home) as ws:
                views.save(ws, args[-1], table.parse("severity=3&recommendation_status=PROPOSED"))
        result = inspector("--home", str(home), *args)
        assert result.returncode == 0, (words, result.stderr)
        if args[0] == "demo":
            assert "Đã tạo bản mẫu của văn phòng" in result.stdout
            continue
        if args[0] == "search":
            assert "[trách] [nhiệm]" in result.stdout.lower()
            continue
        if "--csv" in args:
            rows = list(csv.DictReader(io.StringIO(result.stdout)))
        elif "--json" in args:
            rows = json.loads(result.stdout)
        else:
            again = inspector("--home", str(home), *args, "--json")
            rows = json.loads(again.stdout)
            # a line for each finding; with words searched, where it says them below it, marked
            lines = result.stdout.splitlines()
            assert len([line for line in lines if not line.startswith("    ")]) == len(rows)
            if "q=" in " ".join(args):
                passages = [line for line in lines if line.startswith("    ")]
                assert len(passages) == len(rows) and all("[" in p for p in passages)
                assert all(r["spans"] for r in rows)
        ran[" ".join(args)] = rows
    with Workspace.open(home) as ws:
        findings = {r["id"]: r for r in ws.db.query("SELECT * FROM findings WHERE deleted = 0")}
        signed = ws.db.execute("SELECT id FROM inspections WHERE status = 'SIGNED'").fetchone()[0]
    every, graded, sealed_b, march, item_words, viewed = ran.values()
    assert {r["id"] for r in every} == set(findings) and len(every) == 17
    assert graded and {r["severity"] for r in graded} == {"3"}
    assert {r["id"] for r in sealed_b} == {
        i for i, f in findings.items() if f["inspection_id"] == signed and f["area_code"] == "B"
    }
    assert march and all(str(r["date"]).startswith("2026-03") for r in march)
    assert [r["severity"] for r in march] == sorted((r["severity"] for r in march), reverse=True)
    assert item_words and {r["item"] for r in item_words} == {"B4"}
    assert all(plain(r["found"][a:b]) in ("qua", "han") for r in item_words for a, b in r["spans"])
    assert viewed and {r["id"] for r in viewed} <= {r["id"] for r in every}
    assert all(findings[str(r["id"])]["severity"] == "3" for r in viewed)
