# SPDX-License-Identifier: GPL-3.0-or-later
"""The period report at the office, after three teams' packages: every figure, the PDF's text and
the workbook's cells (and the sums its formulas make) checked against counts made here from the
packages' own records."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from openpyxl import load_workbook

from inspector.errors import ValidationError
from inspector.office import report, report_files
from inspector.store.workspace import Workspace
from inspector.workdays import bundled_calendar
from tests.cli_run import inspector, readme_commands
from tests.core.test_office_ledger import TABLES
from tests.office_world import Office, check_day, item_codes, make_office, package_rows

TODAY = date(2026, 11, 30)
FAILING = {"2", "3", "4", "5", "X"}  # a shortcoming or worse


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Office:
    return make_office(tmp_path_factory.mktemp("report"))


def _late(due: str, end: str) -> bool:
    """Whether a working day falls after ``due`` up to ``end``, counted a day at a time."""
    calendar = bundled_calendar()
    day = date.fromisoformat(due)
    while day < date.fromisoformat(end):
        day += timedelta(days=1)
        if calendar.is_working_day(day):
            return True
    return False


def _expected(rows: dict[str, list[dict[str, Any]]], first: str, last: str) -> dict[str, Any]:
    decisions = {d["id"]: d for d in rows["decisions"]}
    days = {c["id"]: check_day(c, decisions) for c in rows["inspections"]}
    checks = {c for c, day in days.items() if first <= day <= last}
    marks = Counter(a["status"] for a in rows["attendance"] if a["inspection_id"] in checks)
    findings = [f for f in rows["findings"] if f["inspection_id"] in checks]
    recs = [r for r in rows["recommendations"] if r["inspection_id"] in checks]
    standings: Counter[str] = Counter()
    for r in recs:
        due = r["extended_to"] or r["deadline"]
        if r["status"] in ("DONE", "VERIFIED"):
            standings["DONE"] += 1
        elif r["status"] == "NOT_FEASIBLE":
            standings["DROPPED"] += 1
        elif r["status"] == "OVERDUE" or (due and due < TODAY.isoformat()):
            standings["OVERDUE"] += 1
        elif r["status"] == "IN_PROGRESS":
            standings["IN_PROGRESS"] += 1
        else:
            standings["OPEN"] += 1
    refund = {r["finding_id"] for r in recs if r["type"] == "REFUND"}
    refunded = {
        r["finding_id"]
        for r in recs
        if r["type"] == "REFUND" and r["status"] in ("DONE", "VERIFIED")
    }
    traces = {
        t["id"]: t
        for t in rows["traces"]
        if t["inspection_id"] in checks and t["object_type"] == "DOSSIER"
    }
    late = {
        s["trace_id"]
        for s in rows["trace_steps"]
        if s["trace_id"] in traces
        and _late(s["due_on"], s["done_on"] or days[traces[s["trace_id"]]["inspection_id"]])
    }
    codes = item_codes()
    failed: dict[str, set[str]] = defaultdict(set)
    for s in rows["responses"]:
        if s["inspection_id"] in checks and s["answer"] == "NOT_COMPLY":
            failed[codes[s["item_id"]]].add(s["inspection_id"])
    for f in findings:
        if f["item_id"] and f["severity"] in FAILING:
            failed[codes[f["item_id"]]].add(f["inspection_id"])
    return {
        "checks": len(checks),
        "surprise": sum(
            decisions[c["decision_id"]]["unannounced"]
            for c in rows["inspections"]
            if c["id"] in checks
        ),
        "marked": sum(marks.values()),
        "absent_without_reason": marks["ABSENT_WITHOUT_REASON"],
        "absent_with_reason": marks["ABSENT_WITH_REASON"],
        "late": marks["LATE"],
        "dossiers": len(traces),
        "dossiers_late": len(late),
        "findings": dict(Counter((f["area_code"] or "", f["severity"]) for f in findings)),
        "standings": dict(standings),
        "money_excess": sum(f["amount_excess"] or 0 for f in findings),
        "money_to_refund": sum(f["amount_excess"] or 0 for f in findings if f["id"] in refund),
        "money_refunded": sum(f["amount_excess"] or 0 for f in findings if f["id"] in refunded),
        "failing": {code: len(found) for code, found in failed.items()},
        "checks_ids": checks,
    }


def _check(found: report.Report, want: dict[str, Any]) -> None:
    for name in (
        "checks",
        "surprise",
        "marked",
        "absent_without_reason",
        "absent_with_reason",
        "late",
        "dossiers",
        "dossiers_late",
        "findings",
        "standings",
        "money_excess",
        "money_to_refund",
        "money_refunded",
    ):
        assert getattr(found, name) == want[name], name
    top = sorted(want["failing"].items(), key=lambda kv: (-kv[1], kv[0]))[: report.TOP_ITEMS]
    assert [(code, n) for code, _w, n in found.failing] == top
    assert {s.inspection_id for s in found.sources} == want["checks_ids"]


def test_every_figure_counts_what_the_packages_record(world: Office) -> None:
    rows = package_rows(world.packages, (*TABLES, "responses"))
    found = report.report(world.office, "2000-01-01", "2100-12-31", today=TODAY)
    want = _expected(rows, "2000-01-01", "2100-12-31")
    assert want["checks"] == 3 and want["marked"] and want["findings"]
    _check(found, want)
    assert found.absence_rate == want["absent_without_reason"] / want["marked"]
    sealed = {m["inspection_id"]: m for m in rows["minutes"] if m["kind"] == "MAIN"}
    assert sealed
    for source in found.sources:
        if source.inspection_id in sealed:
            assert source.code == sealed[source.inspection_id]["record_digest"][:16]


def test_a_period_and_a_unit_narrow_the_checks(world: Office) -> None:
    rows = package_rows(world.packages, (*TABLES, "responses"))
    decisions = {d["id"]: d for d in rows["decisions"]}
    day = sorted(check_day(c, decisions) for c in rows["inspections"])[-1]
    _check(report.report(world.office, day, day, today=TODAY), _expected(rows, day, day))
    unit = rows["inspections"][0]["unit_id"]
    scoped = report.report(world.office, "2000-01-01", "2100-12-31", unit_id=unit, today=TODAY)
    assert {s.inspection_id for s in scoped.sources} == {
        c["id"] for c in rows["inspections"] if c["unit_id"] == unit
    }
    with pytest.raises(ValidationError):
        report_files.write(world.office, scoped, Path("report.docx"))


def _every_year(world: Office, *more: str) -> Any:
    """``inspector report`` over every year, on the office of ``world``."""
    return inspector(
        "--home",
        str(world.office.home),
        "report",
        "--from",
        "2000-01-01",
        "--to",
        "2100-12-31",
        *more,
    )


def _sum(sheet: Any, formula: str) -> int:
    """What ``=SUM(A1:B2)`` adds up, from the cells themselves (a cell holding such a formula
    added up in turn), as Excel would."""
    match = re.fullmatch(r"=SUM\((\w+):(\w+)\)", formula)
    assert match, formula
    cells = [c.value for row in sheet[f"{match[1]}:{match[2]}"] for c in row]
    return sum(_sum(sheet, v) if str(v).startswith("=") else int(v or 0) for v in cells)


def test_the_workbook_holds_numbers_dates_and_totals_that_add_up(
    world: Office, tmp_path: Path
) -> None:
    found = report.report(world.office, "2000-01-01", "2100-12-31", today=TODAY)
    out = tmp_path / "bao-cao.xlsx"
    ran = _every_year(
        world,
        "--out",
        str(out),
    )
    assert ran.returncode == 0, ran.stderr
    book = load_workbook(out)
    summary = book["Tổng hợp"]
    values = {row[0].value: row[1].value for row in summary.iter_rows() if row[0].value}
    assert values["Số cuộc kiểm tra"] == found.checks and isinstance(
        values["Số cuộc kiểm tra"], int
    )
    assert values["Vắng mặt không có lý do"] == found.absent_without_reason
    assert values["Chi vượt định mức, tiêu chuẩn (đồng)"] == found.money_excess
    assert values["Tỷ lệ vắng mặt không có lý do"] == pytest.approx(found.absence_rate)
    assert summary["B2"].value.date() == date(2000, 1, 1)  # a date, not text
    matrix = book["Phát hiện"]
    last = matrix.max_row
    assert matrix.cell(last, 1).value == "Cộng"
    totals = [matrix.cell(last, c).value for c in range(2, matrix.max_column + 1)]
    assert all(str(t).startswith("=SUM(") for t in totals)
    assert _sum(matrix, totals[-1]) == found.finding_count  # the grand total, as Excel adds it
    for row in range(2, last):
        assert _sum(matrix, matrix.cell(row, matrix.max_column).value) == sum(
            n
            for (area, _s), n in found.findings.items()
            if str(matrix.cell(row, 1).value).startswith(f"{area}.")
        )
    standing = book["Kiến nghị"]
    assert _sum(standing, standing.cell(standing.max_row, 2).value) == found.recommendations
    minutes = book["Biên bản"]
    codes = {r[5].value for r in minutes.iter_rows(min_row=2)}
    assert {s.code for s in found.sources if s.code} <= codes
    assert isinstance(minutes["D2"].value, date)


def test_the_pdf_says_the_figures_and_the_minutes(world: Office, tmp_path: Path) -> None:
    found = report.report(world.office, "2000-01-01", "2100-12-31")
    out = tmp_path / "bao-cao.pdf"
    report_files.write(world.office, found, out)
    with pdfplumber.open(out) as pdf:
        text = " ".join(" ".join((p.extract_text() or "").split()) for p in pdf.pages)
    assert report_files.TITLE in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert f"Số cuộc kiểm tra {found.checks}" in text
    assert f"Vắng mặt không có lý do {found.absent_without_reason}" in text
    assert f"Cộng {found.recommendations}" in text
    for source in found.sources:
        assert (source.code or source.check) in text
    json_out = _every_year(
        world,
        "--json",
    )
    data = json.loads(json_out.stdout)
    assert data["checks"] == found.checks and len(data["sources"]) == len(found.sources)


def test_the_readmes_report_commands_on_the_office_demo(tmp_path: Path) -> None:
    home = tmp_path / "office"
    assert inspector("--home", str(home), "demo", "--office").returncode == 0
    commands = [w for w in readme_commands("The office") if w[1] == "report"]
    assert len(commands) == 3
    out = []
    for words in commands:
        args = [str(tmp_path / w) if w.startswith("bao-cao.") else w for w in words[1:]]
        ran = inspector("--home", str(home), *args)
        assert ran.returncode == 0, (words, ran.stderr)
        out.append(ran.stdout)
    with Workspace.open(home) as ws:
        found = report.report(ws, "2026-01-01", "2026-12-31")
    assert f"Số cuộc kiểm tra: {found.checks}" in out[0] and found.checks == 3
    assert (tmp_path / "bao-cao.pdf").read_bytes().startswith(b"%PDF")
    book = load_workbook(tmp_path / "bao-cao.xlsx")
    assert book.sheetnames == [
        "Tổng hợp",
        "Phát hiện",
        "Kiến nghị",
        "Mục vi phạm nhiều nhất",
        "Biên bản",
    ]
