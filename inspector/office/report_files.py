# SPDX-License-Identifier: GPL-3.0-or-later
"""The period report written out: as a PDF in the typography of the minutes (Decree 30 header,
A4), and as an Excel workbook (openpyxl) whose numbers are numbers, whose days are dates and whose
totals are formulas, as a person who goes on working in it expects. Both list the minutes the
report was built from, with their codes. In Vietnamese, as the office files it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, Spacer

from inspector import atomic
from inspector.errors import ValidationError
from inspector.i18n import _
from inspector.minutes.typesetting import MARGINS, para, register_fonts, styles
from inspector.minutes.wording import date_words
from inspector.numbers import show_number
from inspector.office import papers
from inspector.office.followup import STANDING_LABELS, Standing
from inspector.office.report import Report
from inspector.store.workspace import Workspace
from inspector.vocabulary import Severity, label

TITLE = "BÁO CÁO TỔNG HỢP KẾT QUẢ KIỂM TRA CÔNG VỤ"
SEVERITIES = [s.value for s in Severity]
STANDINGS = list(Standing)


def _percent(rate: float | None) -> str:
    return "—" if rate is None else f"{show_number(rate * 100, 1, 'vi')} %"


def _money(amount: int) -> str:
    return f"{show_number(amount, 0, 'vi')} đồng"


def area_titles(ws: Workspace) -> dict[str, str]:
    """Each area's code and title, as the newest checklist writes it."""
    return {
        code: f"{code}. {title}"
        for code, title in ws.db.execute(
            "SELECT a.code, a.title_vi FROM checklist_areas a JOIN checklist_templates t"
            " ON t.id = a.template_id ORDER BY t.template_version"
        ).fetchall()
    }


def period_words(found: Report) -> str:
    """The report's period (and unit), as the title's second line says it."""
    words = f"Từ {date_words(found.start)} đến {date_words(found.end)}"
    return words + (f"; đơn vị: {found.unit} (gồm đơn vị trực thuộc)" if found.unit else "")


# How a single figure is shown: a count, a rate (a fraction, shown as a percentage), money (đồng).
Figure = tuple[str, int | float | None, str]


def figures(found: Report) -> list[tuple[str, str, list[Figure]]]:
    """The report's sections of single figures: (number, heading, [(what, value, kind)]), the
    kind being "count", "rate" (None: nothing to divide by) or "money"."""
    return [
        (
            "I",
            "CÁC CUỘC KIỂM TRA",
            [
                ("Số cuộc kiểm tra", found.checks, "count"),
                ("Trong đó: kiểm tra đột xuất", found.surprise, "count"),
            ],
        ),
        (
            "II",
            "ĐIỂM DANH, KIỂM TRA THỜI GIỜ LÀM VIỆC",
            [
                (
                    "Số lượt công chức, viên chức, người lao động được điểm danh",
                    found.marked,
                    "count",
                ),
                ("Vắng mặt không có lý do", found.absent_without_reason, "count"),
                ("Vắng mặt có lý do", found.absent_with_reason, "count"),
                ("Đi muộn", found.late, "count"),
                ("Tỷ lệ vắng mặt không có lý do", found.absence_rate, "rate"),
            ],
        ),
        (
            "III",
            "HỒ SƠ THỦ TỤC HÀNH CHÍNH ĐƯỢC TRUY VẾT",
            [
                ("Số hồ sơ được truy vết", found.dossiers, "count"),
                ("Số hồ sơ trễ hạn ở ít nhất một bước", found.dossiers_late, "count"),
                ("Tỷ lệ hồ sơ trễ hạn", found.dossier_late_rate, "rate"),
            ],
        ),
        (
            "VI",
            "TIỀN (ĐỒNG)",
            [
                ("Chi vượt định mức, tiêu chuẩn", found.money_excess, "money"),
                ("Kiến nghị thu hồi, nộp trả", found.money_to_refund, "money"),
                ("Đã thu hồi, nộp trả", found.money_refunded, "money"),
            ],
        ),
    ]


def shown(value: int | float | None, kind: str) -> str:
    """A single figure as the PDF and the command line print it."""
    if kind == "rate":
        return _percent(value)
    if kind == "money":
        return _money(int(value or 0))
    return str(value)


def to_pdf(ws: Workspace, found: Report, out: Path, *, today: date | None = None) -> Path:
    """Write the report as a PDF at ``out`` (whole or not at all)."""
    register_fonts()
    st = styles()
    width = A4[0] - MARGINS["left"] - MARGINS["right"]
    superior, issuer = papers.office(ws, found.unit_id, [s.inspection_id for s in found.sources])
    story: list[Flowable] = [
        papers.header(superior, issuer, width, st),
        Spacer(1, 10),
        para(TITLE, st["center_bold"]),
        para(period_words(found), st["place_date"]),
        Spacer(1, 8),
    ]
    sections = figures(found)
    for number, heading, rows in sections[:3]:
        story += _figure_table(number, heading, rows, width, st)
    story += _findings_table(ws, found, width, st)
    story += _standings_table(found, width, st)
    story += _figure_table(*sections[3], width, st)
    story += _failing_table(found, width, st)
    story.append(para("VIII. CÁC BIÊN BẢN LÀM CĂN CỨ", st["heading"]))
    if found.sources:
        cells: list[list[object]] = [
            [para(h, st["cell_head"]) for h in ("TT", "Đơn vị được kiểm tra", "Ngày", "Căn cứ")]
        ]
        for n, source in enumerate(found.sources, 1):
            cells.append(
                [
                    para(str(n), st["cell_centre"]),
                    para(source.unit, st["cell"]),
                    para(date.fromisoformat(source.day).strftime("%d/%m/%Y"), st["cell_centre"]),
                    para(papers.cite(source), st["cell"]),
                ]
            )
        story.append(papers.grid(cells, (0.07, 0.38, 0.15, 0.4), width))
    else:
        story.append(para("Không có cuộc kiểm tra nào trong kỳ.", st["body"]))
    story += [
        Spacer(1, 10),
        KeepTogether(
            [
                para(f"Lập {date_words(today or date.today())}.", st["place_date"]),
                papers.signatures(width, st),
            ]
        ),
    ]
    title = f"{TITLE} ({found.start.isoformat()} – {found.end.isoformat()})"
    with atomic.replacing(out, prefix=".report-", suffix=".pdf") as fh:
        papers.document(fh, A4, title, issuer).build(
            story, onFirstPage=papers.number_pages, onLaterPages=papers.number_pages
        )
    return out


def _figure_table(
    number: str,
    heading: str,
    rows: list[Figure],
    width: float,
    st: dict[str, ParagraphStyle],
) -> list[Flowable]:
    cells: list[list[object]] = [
        [para("Chỉ tiêu", st["cell_head"]), para("Số liệu", st["cell_head"])]
    ]
    cells += [
        [para(what, st["cell"]), para(shown(value, kind), st["cell_centre"])]
        for what, value, kind in rows
    ]
    return [para(f"{number}. {heading}", st["heading"]), papers.grid(cells, (0.7, 0.3), width)]


def _findings_table(
    ws: Workspace, found: Report, width: float, st: dict[str, ParagraphStyle]
) -> list[Flowable]:
    areas = sorted({area for area, _s in found.findings})
    titles = area_titles(ws)
    heads = ["Lĩnh vực", *(f"Mức {s}" for s in SEVERITIES), "Cộng"]
    cells: list[list[object]] = [[para(h, st["cell_head"]) for h in heads]]
    for area in areas:
        counts = [found.findings.get((area, s), 0) for s in SEVERITIES]
        cells.append(
            [para(titles.get(area, area or "—"), st["cell"])]
            + [para(str(n), st["cell_centre"]) for n in (*counts, sum(counts))]
        )
    totals = [sum(found.findings.get((a, s), 0) for a in areas) for s in SEVERITIES]
    cells.append(
        [para("Cộng", st["cell_total"])]
        + [para(str(n), st["cell_total_centre"]) for n in (*totals, sum(totals))]
    )
    share = 0.6 / (len(SEVERITIES) + 1)
    legend = "; ".join(f"mức {s.value}: {label(s, 'vi').lower()}" for s in Severity)
    return [
        para("IV. NỘI DUNG PHÁT HIỆN THEO LĨNH VỰC VÀ MỨC ĐỘ", st["heading"]),
        papers.grid(cells, (0.4, *([share] * (len(SEVERITIES) + 1))), width),
        para(f"Mức độ: {legend}.", st["annex_note"]),
    ]


def _standings_table(found: Report, width: float, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    cells: list[list[object]] = [
        [para("Tình trạng", st["cell_head"]), para("Số kiến nghị", st["cell_head"])]
    ]
    for standing in STANDINGS:
        cells.append(
            [
                para(STANDING_LABELS[standing].render("vi"), st["cell"]),
                para(str(found.standings.get(standing.value, 0)), st["cell_centre"]),
            ]
        )
    cells.append(
        [para("Cộng", st["cell_total"]), para(str(found.recommendations), st["cell_total_centre"])]
    )
    return [
        para("V. KIẾN NGHỊ THEO TÌNH TRẠNG THỰC HIỆN", st["heading"]),
        papers.grid(cells, (0.7, 0.3), width),
    ]


def _failing_table(found: Report, width: float, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    cells: list[list[object]] = [
        [para(h, st["cell_head"]) for h in ("Mục", "Nội dung kiểm tra", "Số cuộc vi phạm")]
    ]
    for code, wording, n in found.failing:
        cells.append(
            [
                para(code, st["cell_centre"]),
                para(wording, st["cell"]),
                para(str(n), st["cell_centre"]),
            ]
        )
    heading = para("VII. CÁC MỤC KIỂM TRA VI PHẠM NHIỀU NHẤT", st["heading"])
    if len(cells) == 1:
        return [heading, para("Không có mục nào vi phạm trong kỳ.", st["body"])]
    return [heading, papers.grid(cells, (0.1, 0.7, 0.2), width)]


def to_xlsx(ws: Workspace, found: Report, out: Path) -> Path:
    """Write the report as an Excel workbook at ``out`` (whole or not at all): a sheet of the
    single figures, one of the findings by area and severity (totals as formulas), one of the
    recommendations, one of the failing items, one of the minutes it was built from."""
    book = Workbook()
    bold = Font(bold=True)
    sheet = book.active
    assert sheet is not None  # a new workbook has one sheet
    sheet.title = "Tổng hợp"
    sheet.append([TITLE])
    sheet["A1"].font = bold
    sheet.append(["Từ ngày", found.start, "Đến ngày", found.end])
    for cell in (sheet["B2"], sheet["D2"]):
        cell.number_format = "DD/MM/YYYY"
    if found.unit:
        sheet.append(["Đơn vị", found.unit])
    for number, heading, rows in figures(found):
        sheet.append([])
        sheet.append([f"{number}. {heading}"])
        sheet.cell(sheet.max_row, 1).font = bold
        for what, value, kind in rows:
            sheet.append([what + (" (đồng)" if kind == "money" else ""), value])
            cell = sheet.cell(sheet.max_row, 2)
            cell.number_format = {"rate": "0.0%", "money": "#,##0"}.get(kind, "0")
    sheet.column_dimensions["A"].width = 62
    sheet.column_dimensions["B"].width = 18

    matrix = book.create_sheet("Phát hiện")
    matrix.append(["Lĩnh vực", *(f"Mức {s}" for s in SEVERITIES), "Cộng"])
    titles = area_titles(ws)
    areas = sorted({area for area, _s in found.findings})
    last_col = get_column_letter(len(SEVERITIES) + 1)
    for row, area in enumerate(areas, 2):
        counts = [found.findings.get((area, s), 0) for s in SEVERITIES]
        matrix.append([titles.get(area, area or "—"), *counts, f"=SUM(B{row}:{last_col}{row})"])
    total = len(areas) + 2
    matrix.append(
        [
            "Cộng",
            *(
                f"=SUM({get_column_letter(c)}2:{get_column_letter(c)}{total - 1})"
                for c in range(2, len(SEVERITIES) + 3)
            ),
        ]
    )
    for cell in (*matrix[1], *matrix[total]):
        cell.font = bold
    matrix.column_dimensions["A"].width = 60

    standing = book.create_sheet("Kiến nghị")
    standing.append(["Tình trạng", "Số kiến nghị"])
    for each in STANDINGS:
        standing.append([STANDING_LABELS[each].render("vi"), found.standings.get(each.value, 0)])
    standing.append(["Cộng", f"=SUM(B2:B{len(STANDINGS) + 1})"])
    standing.column_dimensions["A"].width = 30

    failing = book.create_sheet("Mục vi phạm nhiều nhất")
    failing.append(["Mục", "Nội dung kiểm tra", "Số cuộc vi phạm"])
    for code, wording, count in found.failing:
        failing.append([code, wording, count])
    failing.column_dimensions["B"].width = 90

    sources = book.create_sheet("Biên bản")
    sources.append(
        ["TT", "Quyết định", "Đơn vị được kiểm tra", "Ngày", "Số biên bản", "Mã xác thực"]
    )
    for n, source in enumerate(found.sources, 1):
        sources.append(
            [
                n,
                source.check,
                source.unit,
                date.fromisoformat(source.day),
                source.minutes_number or "",
                source.code or "",
            ]
        )
        sources.cell(sources.max_row, 4).number_format = "DD/MM/YYYY"
    for column, size in zip("ABCDEF", (5, 16, 40, 12, 16, 20), strict=True):
        sources.column_dimensions[column].width = size
    for page in (sheet, matrix, standing, failing, sources):  # the heads in bold, wrapped
        for head in page[1]:
            head.font = bold
            head.alignment = Alignment(wrap_text=True, vertical="top")
    with atomic.replacing(out, prefix=".report-", suffix=".xlsx") as fh:
        book.save(fh)
    return out


def write(ws: Workspace, found: Report, out: Path) -> Path:
    """Write the report at ``out``, as a PDF or a workbook by its suffix.

    Raises:
        ValidationError: a file that is neither ``.pdf`` nor ``.xlsx``.
    """
    suffix = out.suffix.lower()
    if suffix == ".pdf":
        return to_pdf(ws, found, out)
    if suffix == ".xlsx":
        return to_xlsx(ws, found, out)
    raise ValidationError(
        _("A report is written as .pdf or .xlsx, not as “{name}”.", name=out.name)
    )
