# SPDX-License-Identifier: GPL-3.0-or-later
"""The responsibility ledger printed as an annex to sign off: the typography of the minutes
(Decree 30/2020/NĐ-CP: its header, Liberation Serif, its margins), on A4 turned sideways for its
columns; a line per person, then per unit, each naming the minutes behind it by number and
printed code; a statement that it records facts, not a verdict; and the blocks where the one who
drew it up and the head who approves it sign by hand. In Vietnamese, as the office files it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
)

from inspector import atomic
from inspector.minutes.typesetting import MARGINS, para, register_fonts, styles
from inspector.minutes.wording import date_words
from inspector.office import papers
from inspector.office.ledger import Ledger, Line
from inspector.store.workspace import Workspace
from inspector.vocabulary import ResponsibilityLevel, Severity, label

TITLE = "SỔ THEO DÕI TRÁCH NHIỆM CỦA TẬP THỂ, CÁ NHÂN"
NOTE = (
    "Phụ lục này tổng hợp các sự việc đã được ghi nhận tại các biên bản kiểm tra nêu ở cột"
    " “Căn cứ” (số biên bản và mã xác thực in trên bản giấy). Phụ lục ghi nhận sự việc, không"
    " phải là kết luận về trách nhiệm hay về hình thức khen thưởng, xử lý."
)
PERSON_HEADS = (
    "TT",
    "Họ và tên, đơn vị",
    "Nội dung phát hiện (mức độ, loại trách nhiệm)",
    "Vắng không lý do",
    "Đi muộn",
    "Bước hồ sơ trễ hạn (ngày làm việc)",
    "Biểu dương, khen thưởng",
    "Căn cứ",
)
UNIT_HEADS = (
    "TT",
    "Đơn vị",
    "Nội dung phát hiện của tập thể (mức độ, loại trách nhiệm)",
    "Cá nhân của đơn vị: nội dung phát hiện, vắng, đi muộn, bước trễ hạn",
    "Biểu dương, khen thưởng",
    "Căn cứ",
)
TITLES = 5  # findings named by title in a line of the annex (the rest counted)
WIDTHS = (0.04, 0.17, 0.25, 0.08, 0.07, 0.12, 0.09, 0.18)
UNIT_WIDTHS = (0.04, 0.2, 0.25, 0.24, 0.09, 0.18)


def _severity_order(value: str) -> int:
    order = [s.value for s in Severity]
    return order.index(value) if value in order else len(order)


def findings_words(line: Line, *, titles: int = 0) -> str:
    """A line's findings in words: how many, then each severity and kind with its count, and
    the titles of the first ``titles`` of them."""
    if not line.findings:
        return "—"
    parts = []
    for (severity, level), n in sorted(
        line.findings.items(), key=lambda kv: (_severity_order(kv[0][0]), kv[0][1])
    ):
        kind = (
            label(ResponsibilityLevel(level), "vi").lower()
            if level in {r.value for r in ResponsibilityLevel}
            else level
        )
        parts.append(f"mức {severity}, {kind}: {n}")
    said = f"{line.finding_count} nội dung ({'; '.join(parts)})"
    if titles and line.finding_titles:
        named = [f"“{t}”" for t in line.finding_titles[:titles]]
        more = len(line.finding_titles) - titles
        said += ": " + "; ".join(named) + (f" và {more} nội dung khác" if more > 0 else "")
    return said


def _steps(line: Line) -> str:
    return f"{line.late_steps} ({line.late_step_days} ngày)" if line.late_steps else "0"


def _late(line: Line) -> str:
    return f"{line.late} (lặp lại)" if line.late_repeated else str(line.late)


def _person_rows(lines: list[Line], st: dict[str, ParagraphStyle]) -> list[list[object]]:
    rows: list[list[object]] = [[para(h, st["cell_head"]) for h in PERSON_HEADS]]
    for n, line in enumerate(lines, 1):
        who = f"{line.name}" + (f", {line.unit}" if line.unit else "")
        rows.append(
            [
                para(str(n), st["cell_centre"]),
                para(who, st["cell"]),
                para(findings_words(line, titles=TITLES), st["cell"]),
                para(str(line.absent_without_reason), st["cell_centre"]),
                para(_late(line), st["cell_centre"]),
                para(_steps(line), st["cell_centre"]),
                para(str(line.praised), st["cell_centre"]),
                para("; ".join(papers.cite(s) for s in line.sources), st["cell"]),
            ]
        )
    return rows


def _unit_rows(lines: list[Line], st: dict[str, ParagraphStyle]) -> list[list[object]]:
    rows: list[list[object]] = [[para(h, st["cell_head"]) for h in UNIT_HEADS]]
    for n, line in enumerate(lines, 1):
        staff = line.staff
        staff_words = (
            f"{staff.get('findings', 0)} nội dung; vắng không lý do"
            f" {staff.get('absent_without_reason', 0)}; đi muộn {staff.get('late', 0)};"
            f" bước trễ hạn {staff.get('late_steps', 0)}"
            f" ({staff.get('late_step_days', 0)} ngày)"
            if staff
            else "—"
        )
        rows.append(
            [
                para(str(n), st["cell_centre"]),
                para(line.name, st["cell"]),
                para(findings_words(line, titles=TITLES), st["cell"]),
                para(staff_words, st["cell"]),
                para(str(line.praised + staff.get("praised", 0)), st["cell_centre"]),
                para("; ".join(papers.cite(s) for s in line.sources), st["cell"]),
            ]
        )
    return rows


def render(ws: Workspace, found: Ledger, out: Path, *, today: date | None = None) -> Path:
    """Write the ledger ``found`` as a PDF annex at ``out`` (whole or not at all)."""
    register_fonts()
    st = styles()
    page = landscape(A4)
    width = page[0] - MARGINS["left"] - MARGINS["right"]
    superior, issuer = papers.office(
        ws,
        found.unit_id,
        {s.inspection_id for line in found.persons + found.units for s in line.sources},
    )
    start, end = found.start, found.end
    period = f"Từ {date_words(start)} đến {date_words(end)}"
    if found.unit_id is not None:
        (name,) = ws.db.execute(
            "SELECT name FROM org_units WHERE id = ?", [found.unit_id]
        ).fetchone()
        period += f"; đơn vị: {name} (gồm đơn vị trực thuộc)"
    story: list[Flowable] = [
        papers.header(superior, issuer, width, st),
        Spacer(1, 10),
        para("PHỤ LỤC", st["center_bold"]),
        para(TITLE, st["center_bold"]),
        para(period, st["place_date"]),
        Spacer(1, 8),
        Paragraph(NOTE, ParagraphStyle("note", parent=st["annex_note"])),
        Spacer(1, 6),
        para("I. CÁ NHÂN", st["heading"]),
    ]
    if found.persons:
        story.append(papers.grid(_person_rows(found.persons, st), WIDTHS, width))
    else:
        story.append(para("Không có cá nhân nào được ghi nhận trong kỳ.", st["body"]))
    story += [Spacer(1, 8), para("II. TẬP THỂ", st["heading"])]
    if found.units:
        story.append(papers.grid(_unit_rows(found.units, st), UNIT_WIDTHS, width))
    else:
        story.append(para("Không có tập thể nào được ghi nhận trong kỳ.", st["body"]))
    made = today or date.today()
    story += [
        Spacer(1, 10),
        KeepTogether(
            [para(f"Lập {date_words(made)}.", st["place_date"]), papers.signatures(width, st)]
        ),
    ]

    with atomic.replacing(out, prefix=".ledger-", suffix=".pdf") as fh:
        papers.document(
            fh, page, f"{TITLE} ({start.isoformat()} – {end.isoformat()})", issuer
        ).build(story, onFirstPage=papers.number_pages, onLaterPages=papers.number_pages)
    return out
