# SPDX-License-Identifier: GPL-3.0-or-later
"""The responsibility ledger at the office, after three teams' packages: every figure of every
line checked against counts made here from the packages' own records."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from inspector.errors import ValidationError
from inspector.office import ledger
from inspector.store.workspace import Workspace
from inspector.workdays import bundled_calendar
from tests.cli_run import inspector, readme_commands
from tests.office_world import Office, check_day, make_office, package_rows

# the tables the ledger and the report read, from the packages
TABLES = (
    "inspections",
    "decisions",
    "findings",
    "responsibilities",
    "attendance",
    "traces",
    "trace_steps",
    "recommendations",
    "people",
    "org_units",
    "minutes",
)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Office:
    return make_office(tmp_path_factory.mktemp("ledger"))


def _late(due: str, done: str | None, as_of: str) -> int:
    """Working days from ``due`` to ``done`` (else ``as_of``), counted a day at a time."""
    calendar = bundled_calendar()
    day, end, late = date.fromisoformat(due), date.fromisoformat(done or as_of), 0
    while day < end:
        day += timedelta(days=1)
        late += calendar.is_working_day(day)
    return late


def _expected(rows: dict[str, list[dict[str, Any]]], first: str, last: str) -> dict[str, Any]:
    """Each person's and unit's figures, from the records alone."""
    decisions = {d["id"]: d for d in rows["decisions"]}
    days = {c["id"]: check_day(c, decisions) for c in rows["inspections"]}
    checks = {c for c, day in days.items() if first <= day <= last}
    findings = {f["id"]: f for f in rows["findings"] if f["inspection_id"] in checks}
    lines: dict[tuple[str, str], dict[str, Any]] = defaultdict(
        lambda: {
            "findings": Counter(),
            "ids": set(),
            "absent": 0,
            "late": 0,
            "steps": 0,
            "days": 0,
            "praised": 0,
            "checks": set(),
            "titles": {},
        }
    )
    for r in rows["responsibilities"]:
        f = findings.get(r["finding_id"])
        if f is None:
            continue
        key = (
            ("person", r["person_id"])
            if r["subject_type"] == "INDIVIDUAL"
            else ("unit", r["unit_id"])
        )
        lines[key]["findings"][f["severity"], r["level"]] += 1
        lines[key]["ids"].add(f["id"])
        lines[key]["titles"][f["id"]] = f["title"]
        lines[key]["checks"].add(f["inspection_id"])
    for a in rows["attendance"]:
        if a["inspection_id"] in checks and a["status"] in ("LATE", "ABSENT_WITHOUT_REASON"):
            line = lines["person", a["person_id"]]
            line["late" if a["status"] == "LATE" else "absent"] += 1
            line["checks"].add(a["inspection_id"])
    traces = {t["id"]: t for t in rows["traces"]}
    for s in rows["trace_steps"]:
        trace = traces.get(s["trace_id"])
        if trace is None or trace["inspection_id"] not in checks or not s["person_id"]:
            continue
        late = _late(s["due_on"], s["done_on"], days[trace["inspection_id"]])
        if late:
            line = lines["person", s["person_id"]]
            line["steps"] += 1
            line["days"] += late
            line["checks"].add(trace["inspection_id"])
    for r in rows["recommendations"]:
        if r["inspection_id"] in checks and r["type"] in ("PRAISE", "REWARD"):
            key = (
                ("person", r["target_person_id"])
                if r["target_person_id"]
                else ("unit", r["target_unit_id"])
            )
            if key[1]:
                lines[key]["praised"] += 1
                lines[key]["checks"].add(r["inspection_id"])
    return dict(lines)


def _check(found: ledger.Ledger, expected: dict[tuple[str, str], dict[str, Any]]) -> None:
    persons = {line.id: line for line in found.persons}
    assert set(persons) == {key for kind, key in expected if kind == "person"}
    for key, want in expected.items():
        if key[0] != "person":
            continue
        line = persons[key[1]]
        assert dict(line.findings) == dict(want["findings"]), line.name
        assert set(line.finding_ids) == want["ids"] and line.finding_count == len(want["ids"])
        assert line.finding_titles == [
            " ".join(want["titles"][f].split()) for f in line.finding_ids
        ]
        assert (line.absent_without_reason, line.late) == (want["absent"], want["late"])
        assert (line.late_steps, line.late_step_days) == (want["steps"], want["days"])
        assert line.praised == want["praised"]
        assert {s.inspection_id for s in line.sources} == want["checks"]
    units = {line.id: line for line in found.units}
    for key, want in expected.items():
        if key[0] == "unit":
            assert dict(units[key[1]].findings) == dict(want["findings"])
            assert units[key[1]].praised == want["praised"]


def test_every_line_counts_what_the_packages_record(world: Office) -> None:
    rows = package_rows(world.packages, TABLES)
    found = ledger.ledger(world.office, "2000-01-01", "2100-12-31")
    expected = _expected(rows, "2000-01-01", "2100-12-31")
    assert found.persons and any(line.late_steps for line in found.persons)
    assert any(line.absent_without_reason or line.late for line in found.persons)
    _check(found, expected)
    # a unit's staff: its people's lines summed
    people = {p["id"]: p for p in rows["people"]}
    for unit in found.units:
        staff = [line for line in found.persons if people[line.id]["unit_id"] == unit.id]
        assert unit.staff.get("findings", 0) == sum(line.finding_count for line in staff)
        assert unit.staff.get("late_step_days", 0) == sum(line.late_step_days for line in staff)
    # the signed check's minutes are named with their number and printed code
    sealed = {m["inspection_id"]: m for m in rows["minutes"] if m["kind"] == "MAIN"}
    sources = {s.inspection_id: s for line in found.persons for s in line.sources}
    assert sealed and set(sealed) <= set(sources)
    for check, minutes in sealed.items():
        assert sources[check].code == minutes["record_digest"][:16]
        assert sources[check].minutes_number == minutes["number"]


def test_a_period_and_a_unit_narrow_the_checks(world: Office) -> None:
    rows = package_rows(world.packages, TABLES)
    decisions = {d["id"]: d for d in rows["decisions"]}
    days = sorted({check_day(c, decisions) for c in rows["inspections"]})
    assert len(days) >= 2
    first = days[-1]  # the last check's day alone
    _check(ledger.ledger(world.office, first, first), _expected(rows, first, first))
    check = next(c for c in rows["inspections"] if check_day(c, decisions) == first)
    scoped = ledger.ledger(world.office, "2000-01-01", "2100-12-31", unit_id=check["unit_id"])
    assert {s.inspection_id for line in scoped.persons for s in line.sources} == {
        c["id"] for c in rows["inspections"] if c["unit_id"] == check["unit_id"]
    }


def test_bad_periods_are_refused_in_words(world: Office) -> None:
    with pytest.raises(ValidationError, match="YYYY-MM-DD"):
        ledger.ledger(world.office, "30/11/2026", "2026-12-31")
    with pytest.raises(ValidationError):
        ledger.ledger(world.office, "2026-12-31", "2026-01-01")
    with pytest.raises(ValidationError):
        ledger.ledger(world.office, "2026-01-01", "2026-12-31", unit_id="no such unit")


def test_an_empty_period_has_no_lines(tmp_path: Path) -> None:
    with Workspace.open(tmp_path / "ws") as ws:
        empty = ledger.ledger(ws, "2026-01-01", "2026-12-31")
    assert empty.persons == [] and empty.units == []


def test_the_command_line_prints_the_same_lines_and_writes_the_annex(
    world: Office, tmp_path: Path
) -> None:
    found = ledger.ledger(world.office, "2000-01-01", "2100-12-31")
    home = str(world.office.home)
    ran = inspector(
        "--home", home, "ledger", "--from", "2000-01-01", "--to", "2100-12-31", "--json"
    )
    assert ran.returncode == 0, ran.stderr
    got = json.loads(ran.stdout)
    assert [(r["kind"], r["id"]) for r in got] == [
        (line.kind, line.id) for line in [*found.persons, *found.units]
    ]
    for row, line in zip(got, [*found.persons, *found.units], strict=True):
        assert {(f["severity"], f["responsibility"]): f["count"] for f in row["findings"]} == dict(
            line.findings
        )
        assert row["late_step_days"] == line.late_step_days
        assert [s["code"] for s in row["sources"]] == [s.code for s in line.sources]
    table = inspector(
        "--home", home, "ledger", "--from", "2000-01-01", "--to", "2100-12-31", "--csv"
    )
    cells = list(csv.DictReader(io.StringIO(table.stdout)))
    assert [int(c["findings"]) for c in cells] == [r["finding_ids"].__len__() for r in got]

    annex = tmp_path / "phu-luc.pdf"
    wrote = inspector(
        "--home", home, "ledger", "--from", "2000-01-01", "--to", "2100-12-31", "--out", str(annex)
    )
    assert wrote.returncode == 0, wrote.stderr
    with pdfplumber.open(annex) as pdf:
        text = " ".join(" ".join((page.extract_text() or "").split()) for page in pdf.pages)
    assert "SỔ THEO DÕI TRÁCH NHIỆM" in text and "không phải là kết luận" in text
    assert "NGƯỜI LẬP" in text and "THỦ TRƯỞNG ĐƠN VỊ" in text
    for line in [*found.persons, *found.units]:
        assert " ".join(line.name.split()[-2:]) in text, line.name
        for source in line.sources:
            assert (source.code or source.check) in text


def test_a_bad_period_on_the_command_line_is_refused_in_words(world: Office) -> None:
    home = str(world.office.home)
    ran = inspector("--home", home, "ledger", "--from", "2026-12-31", "--to", "2026-01-01")
    assert ran.returncode != 0 and ran.stdout == ""
    assert "2026-01-01" in ran.stderr


def test_the_readmes_ledger_commands_on_the_office_demo(tmp_path: Path) -> None:
    home = tmp_path / "office"
    assert inspector("--home", str(home), "demo", "--office").returncode == 0
    commands = [w for w in readme_commands("The office") if w[1] == "ledger"]
    assert len(commands) == 3
    out = []
    for words in commands:
        args = [str(tmp_path / w) if w.endswith(".pdf") else w for w in words[1:]]
        ran = inspector("--home", str(home), *args)
        assert ran.returncode == 0, (words, ran.stderr)
        out.append(ran.stdout)
    every, written, march = out
    with Workspace.open(home) as ws:
        year = ledger.ledger(ws, "2026-01-01", "2026-12-31")
        in_march = ledger.ledger(ws, "2026-03-01", "2026-03-31")
    lines = [*year.persons, *year.units]
    assert lines and len([n for n in every.splitlines() if not n.startswith(" ")]) == len(lines)
    assert all(line.name in every for line in lines)
    assert (tmp_path / "phu-luc.pdf").read_bytes().startswith(b"%PDF")
    assert str(tmp_path / "phu-luc.pdf") in written
    rows = list(csv.DictReader(io.StringIO(march)))
    assert [r["id"] for r in rows] == [line.id for line in [*in_march.persons, *in_march.units]]
    assert 0 < len(rows) < len(lines)  # March holds one of the demo's three checks


def test_the_papers_header_names_the_office_when_no_decision_names_its_issuer(
    tmp_path: Path,
) -> None:
    from inspector.office import papers
    from inspector.trust import identity

    with Workspace.open(tmp_path / "office") as ws:
        # no authority, no issuing unit: Vietnam Social Security alone
        assert papers.office(ws, None, []) == ("", "BẢO HIỂM XÃ HỘI VIỆT NAM")
        identity.init_ca(ws, "Bảo hiểm xã hội tỉnh Nghệ An", "mật khẩu văn phòng")
        # a check made on screen names its decision's signer, not an issuing unit: the office
        # whose authority this workspace holds, under Vietnam Social Security
        assert papers.office(ws, None, []) == (
            "BẢO HIỂM XÃ HỘI VIỆT NAM",
            "BẢO HIỂM XÃ HỘI TỈNH NGHỆ AN",
        )
    with Workspace.open(tmp_path / "central") as ws:
        identity.init_ca(ws, "Bảo hiểm xã hội Việt Nam", "mật khẩu văn phòng")
        assert papers.office(ws, None, []) == ("", "BẢO HIỂM XÃ HỘI VIỆT NAM")
