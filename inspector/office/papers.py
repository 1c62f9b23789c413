# SPDX-License-Identifier: GPL-3.0-or-later
"""What the office's papers share (the responsibility ledger's annex, the period report): the
Decree 30/2020/NĐ-CP header, the typography and margins of the minutes, a ruled table, the
blocks where the one who drew a paper up and the head who approves it sign by hand, the page
numbers, and how a check behind a figure is cited (by its minutes' number and printed code)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate, Spacer, Table, TableStyle

from inspector.minutes.flowables import Rule
from inspector.minutes.typesetting import FONT, MARGINS, PAGE_MARGINS, para
from inspector.minutes.words import WORDS
from inspector.office.ledger import Source
from inspector.office.search import fold
from inspector.store.workspace import Workspace
from inspector.trust import identity

#: The superior body of every office that makes these papers.
VSS = "Bảo hiểm xã hội Việt Nam"

PREPARED = "NGƯỜI LẬP"
APPROVED = "THỦ TRƯỞNG ĐƠN VỊ"


def cite(source: Source) -> str:
    """A check behind a line: its decision, and its minutes' number and code if signed."""
    if source.minutes_number or source.code:
        return (
            f"BB {source.minutes_number or 'chưa ghi số'}, mã {source.code or '—'}"
            f" (QĐ {source.check})"
        )
    return f"QĐ {source.check}, biên bản chưa ký"


def grid(rows: list[list[object]], widths: tuple[float, ...], width: float) -> Table:
    """A table ruled in black, its first row repeated on every page; ``widths`` as shares of
    ``width``."""
    table = Table(rows, colWidths=[w * width for w in widths], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def office(ws: Workspace, unit_id: str | None, checks: Iterable[str]) -> tuple[str, str]:
    """The issuing office's superior body and name: the unit chosen, else the unit that issued
    most of the period's decisions, else the office this workspace's authority was made for (a
    check made on screen names its decision's signer, not an issuing unit), under Vietnam Social
    Security."""
    unit, checks = unit_id, sorted(set(checks))
    if unit is None:
        issuers = Counter(
            issuer
            for (issuer,) in ws.db.execute(
                "SELECT d.issuer_unit_id FROM inspections i JOIN decisions d"
                f" ON d.id = i.decision_id WHERE i.id IN ({','.join('?' * len(checks))})",
                checks,
            )
            if issuer
        )
        unit = issuers.most_common(1)[0][0] if issuers else None
    if unit is None:
        own = identity.authority_organisation(ws)
        if own is None or fold(own) == fold(VSS):
            return "", VSS.upper()
        return VSS.upper(), own.upper()
    row = ws.db.execute(
        "SELECT u.name, coalesce(u.superior_for_header, p.name, '') FROM org_units u"
        " LEFT JOIN org_units p ON p.id = u.parent_id WHERE u.id = ?",
        [unit],
    ).fetchone()
    return (str(row[1]).upper(), str(row[0]).upper()) if row else ("", "")


def header(
    superior: str,
    issuer: str,
    width: float,
    st: dict[str, ParagraphStyle],
    *,
    number: str = "",
    place_date: str = "",
) -> Table:
    """The Decree 30 header: the superior body and the issuing office on the left (and the
    paper's number under them), the country's name and motto on the right (and the place and
    day under them), each underlined."""
    words = WORDS["vi"]
    left: list[Flowable] = [para(superior, st["header_left"]), para(issuer, st["header_left_bold"])]
    left.append(Rule(width * 0.12, space=5))
    right: list[Flowable] = [
        para(words["motto_country"], st["country"]),
        para(words["motto"], st["motto"]),
        Rule(width * 0.2, space=5),
    ]
    if number:
        left += [Spacer(1, 4), para(number, st["number"])]
    if place_date:
        right += [Spacer(1, 4), para(place_date, st["place_date"])]
    table = Table([[left, right]], colWidths=[width * 0.4, width * 0.6])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def signatures(width: float, st: dict[str, ParagraphStyle]) -> Table:
    """The blocks where the one who drew the paper up and the head who approves it sign."""
    cells = [
        [para(PREPARED, st["sign_head"]), para(APPROVED, st["sign_head"])],
        [
            para("(Ký, ghi rõ họ tên)", st["sign_note"]),
            para("(Ký, ghi rõ họ tên, đóng dấu)", st["sign_note"]),
        ],
        [Spacer(1, 60), Spacer(1, 60)],
    ]
    table = Table(cells, colWidths=[width / 2, width / 2])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def document(
    target: BinaryIO, pagesize: tuple[float, float], title: str, author: str
) -> SimpleDocTemplate:
    """A document of the office's papers: Decree 30's margins, written to ``target``."""
    return SimpleDocTemplate(target, pagesize=pagesize, **PAGE_MARGINS, title=title, author=author)


def number_pages(canvas: Canvas, doc: SimpleDocTemplate) -> None:
    """The page's number, centred in the top margin, from the second page (Decree 30)."""
    page = canvas.getPageNumber()
    if page > 1:
        canvas.setFont(FONT, 13)
        canvas.drawCentredString(
            doc.pagesize[0] / 2, doc.pagesize[1] - MARGINS["top"] / 2, str(page)
        )
