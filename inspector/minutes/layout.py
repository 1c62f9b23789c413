# SPDX-License-Identifier: GPL-3.0-or-later
"""Lay out the minutes as a PDF in the form of Decree 30/2020/NĐ-CP (Appendix I): A4 portrait,
margins 20/20/30/15 mm, a Times-metric serif (Liberation Serif, embedded), the two-column header,
page numbers centred in the top margin from page 2, and a QR code on every page that carries the
minutes' id and the digest of the record they were made from.

Rendering runs twice: once to count the pages (the closing clause states the count), once to
write. The file is written atomically (a temporary file, flushed, then renamed).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.graphics.barcode import qrencoder
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import LayoutError

from inspector import atomic
from inspector.errors import ValidationError
from inspector.i18n import _
from inspector.minutes.annexes import Annex
from inspector.minutes.content import MinutesModel
from inspector.resources import resource_path

rl_config.useA85 = 0  # plain streams: much faster, smaller (measured on photo-heavy minutes)

FONT = "LiberationSerif"
# Decree 30 margins (bottom 20-25 mm): the bottom one holds the QR code, clear of the strip most
# printers cannot print (nothing is closer than EDGE to any edge of the page)
MARGINS = {"top": 20 * mm, "bottom": 25 * mm, "left": 30 * mm, "right": 15 * mm}
EDGE = 8 * mm
QR_SIZE = 15 * mm
QR_PREFIX = "INSPECTOR-BB:1"


@lru_cache(maxsize=1)
def register_fonts() -> str:
    """Register the bundled Liberation Serif family with reportlab; return its name."""
    faces = {"": "Regular", "-Bold": "Bold", "-Italic": "Italic", "-BoldItalic": "BoldItalic"}
    for suffix, face in faces.items():
        path = resource_path("fonts", f"LiberationSerif-{face}.ttf")
        pdfmetrics.registerFont(TTFont(FONT + suffix, str(path)))
    # A canvas starts in the base font; make it ours so no unembedded Helvetica is referenced.
    rl_config.canvas_basefontname = FONT
    pdfmetrics.registerFontFamily(
        FONT,
        normal=FONT,
        bold=FONT + "-Bold",
        italic=FONT + "-Italic",
        boldItalic=FONT + "-BoldItalic",
    )
    return FONT


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle(
        "body",
        fontName=FONT,
        fontSize=13,
        leading=17,
        alignment=TA_JUSTIFY,
        firstLineIndent=12.7 * mm,
        spaceAfter=6,
    )
    return {
        "body": base,
        "item": ParagraphStyle("item", parent=base, firstLineIndent=0, leftIndent=6 * mm),
        "heading": ParagraphStyle(
            "heading",
            parent=base,
            fontName=FONT + "-Bold",
            firstLineIndent=0,
            spaceBefore=4,
        ),
        "center_bold": ParagraphStyle(
            "cb",
            parent=base,
            fontName=FONT + "-Bold",
            fontSize=14,
            leading=18,
            alignment=TA_CENTER,
            firstLineIndent=0,
            spaceAfter=0,
        ),
        "center": ParagraphStyle(
            "c", parent=base, alignment=TA_CENTER, firstLineIndent=0, spaceAfter=0
        ),
        "header_left": ParagraphStyle(
            "hl", fontName=FONT, fontSize=12.5, leading=15, alignment=TA_CENTER
        ),
        "header_left_bold": ParagraphStyle(
            "hlb", fontName=FONT + "-Bold", fontSize=12.5, leading=15, alignment=TA_CENTER
        ),
        "country": ParagraphStyle(
            "qh", fontName=FONT + "-Bold", fontSize=12, leading=15, alignment=TA_CENTER
        ),
        "motto": ParagraphStyle(
            "tn", fontName=FONT + "-Bold", fontSize=13, leading=16, alignment=TA_CENTER
        ),
        "number": ParagraphStyle("so", fontName=FONT, fontSize=13, leading=16, alignment=TA_CENTER),
        "place_date": ParagraphStyle(
            "nd", fontName=FONT + "-Italic", fontSize=13, leading=16, alignment=TA_CENTER
        ),
        "sign_head": ParagraphStyle(
            "sh", fontName=FONT + "-Bold", fontSize=13, leading=16, alignment=TA_CENTER
        ),
        "sign_note": ParagraphStyle(
            "sn", fontName=FONT + "-Italic", fontSize=12, leading=15, alignment=TA_CENTER
        ),
        "cell": ParagraphStyle("cell", fontName=FONT, fontSize=11, leading=13, alignment=TA_LEFT),
        "cell_head": ParagraphStyle(
            "ch", fontName=FONT + "-Bold", fontSize=11, leading=13, alignment=TA_CENTER
        ),
        "cell_centre": ParagraphStyle(
            "cc", fontName=FONT, fontSize=11, leading=13, alignment=TA_CENTER
        ),
        "cell_total": ParagraphStyle(
            "ct", fontName=FONT + "-Bold", fontSize=11, leading=13, alignment=TA_LEFT
        ),
        "cell_total_centre": ParagraphStyle(
            "ctc", fontName=FONT + "-Bold", fontSize=11, leading=13, alignment=TA_CENTER
        ),
        "annex_note": ParagraphStyle(
            "an",
            fontName=FONT + "-Italic",
            fontSize=11,
            leading=13,
            alignment=TA_JUSTIFY,
            spaceBefore=4,
        ),
    }


# The top part of a signature slot is left for the certificate signature's stamp, so that it never
# covers a signature drawn by hand, which fills the rest.
STAMP_BAND = 0.38


def stamp_box(box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """The part of a signature slot (x0, y0, x1, y1 in PDF points) where a certificate
    signature's stamp goes: its top band, above the handwritten signature."""
    x0, y0, x1, y1 = box
    return (x0, y1 - (y1 - y0) * STAMP_BAND, x1, y1)


class SignatureSlot(Flowable):
    """The space left for a signature; records where it landed (page, box) for signing later.

    A handwritten signature is drawn below the band kept for a certificate's stamp."""

    def __init__(
        self,
        index: int,
        width: float,
        height: float,
        found: dict[int, tuple[int, tuple[float, float, float, float]]] | None,
        strokes: list[list[list[float]]] | None = None,
        refused: str | None = None,
    ) -> None:
        super().__init__()
        self.index, self.width, self.height, self.found = index, width, height, found
        self.strokes, self.refused = strokes, refused

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        if self.strokes:  # the handwritten signature, as vector paths, centred in a 3:1 box
            height = self.height * (1 - STAMP_BAND)
            box_w = min(self.width, height * 3)
            left = (self.width - box_w) / 2
            self.canv.setLineWidth(0.9)
            self.canv.setLineCap(1)
            self.canv.setLineJoin(1)
            for stroke in self.strokes:
                path = self.canv.beginPath()
                x0, y0 = stroke[0]
                path.moveTo(left + x0 * box_w, (1 - y0) * height)
                for x, y in stroke[1:]:
                    path.lineTo(left + x * box_w, (1 - y) * height)
                if len(stroke) == 1:
                    path.lineTo(left + x0 * box_w + 0.3, (1 - y0) * height)
                self.canv.drawPath(path, stroke=1, fill=0)
        elif self.refused:
            self.canv.setFont(FONT + "-Italic", 12)
            self.canv.drawCentredString(self.width / 2, self.height / 2, self.refused)
        if self.found is not None:
            x, y = self.canv.absolutePosition(0, 0)
            page = self.canv.getPageNumber() - 1
            self.found[self.index] = (page, (x, y, x + self.width, y + self.height))


class Rule(Flowable):
    """A solid horizontal line, centred, of a given width (the rules under header lines)."""

    def __init__(self, width: float, space: float = 2) -> None:
        super().__init__()
        self.rule_width = width
        self.space = space

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.available = available_width
        self.width, self.height = available_width, self.space + 1  # tables read these
        return self.width, self.height

    def draw(self) -> None:  # at the bottom of the box: ``space`` points below what precedes
        x = (self.available - self.rule_width) / 2
        self.canv.setLineWidth(0.6)
        self.canv.line(x, 0.5, x + self.rule_width, 0.5)


def _stacked_height(flowables: list[Flowable], width: float, height: float) -> float:
    """The height of flowables laid one under the other, their spaces before and after counted
    in full (a frame drops some of them: this is never less than what they take)."""
    return sum(f.wrap(width, height)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in flowables)


def _space_between(above: Flowable, below: Flowable, frame: Any) -> float:
    """The space a frame leaves between two flowables: the space after the upper one, and the
    lower one's space before, less what the frame lets the two overlap (reportlab's default)."""
    before = below.getSpaceBefore()
    if getattr(frame, "_oASpace", 0):
        before = max(before - above.getSpaceAfter(), 0)
    return above.getSpaceAfter() + before


class HeadingGroup(KeepTogether):
    """Headings kept with the start of what follows them: they stay at a page's foot when the
    paragraph after them can start there with at least two lines (the rest flowing to the next
    page); else they all move to the next page. A heading never ends a page alone, and a long
    paragraph after a heading no longer leaves the foot of a page blank (issue 11: a quarter of
    page 1 stayed empty while "III." and its first paragraph waited for a page of their own)."""

    def __init__(self, headings: list[Flowable], first: Flowable) -> None:
        super().__init__([*headings, first])
        self.headings, self.first = headings, first

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        content = [*self.headings, self.first]
        frame = getattr(self, "_frame", None)
        if frame is not None and frame._atTop:
            return content
        # from the top of the first heading (the frame took its space before already) to the top
        # of the paragraph after the headings
        room = available_height - sum(
            h.wrap(available_width, available_height)[1] for h in self.headings
        )
        for above, below in zip(self.headings, [*self.headings[1:], self.first], strict=True):
            room -= _space_between(above, below, frame)
        if room > 0 and (
            self.first.wrap(available_width, room)[1] <= room
            or len(self.first.split(available_width, room)) > 1
        ):
            return content  # it fits, or the frame splits it there, two lines or more before
        return [PageBreak(), *content]


class TableWithFooter(Flowable):
    """A table and what follows it (notes, the initials of both sides): when the table runs
    over pages, what follows stays with its last rows, never alone at the top of a page."""

    def __init__(self, table: Table, footer: list[Flowable]) -> None:
        super().__init__()
        self.table, self.footer = table, footer

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return available_width, 0xFFFFFF  # always split, as KeepTogether does

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        footer = _stacked_height(self.footer, available_width, available_height)
        table = self.table.wrap(available_width, available_height)[1]
        if table + footer <= available_height:
            return [self.table, *self.footer]
        parts = self.table.split(available_width, available_height - footer)
        if len(parts) < 2:
            frame = getattr(self, "_frame", None)
            if frame is not None and frame._atTop:  # a footer taller than a page: let it flow
                return [self.table, *self.footer]
            return [PageBreak(), TableWithFooter(self.table, self.footer)]
        return [parts[0], TableWithFooter(parts[1], self.footer)]

    def draw(self) -> None:
        """Never drawn: split always replaces it by its table and footer."""


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


def _header(model: MinutesModel, st: dict[str, ParagraphStyle], width: float) -> list[Flowable]:
    left_w, right_w = width * 0.45, width * 0.55
    motto_width = pdfmetrics.stringWidth(model.words["motto"], FONT + "-Bold", 13)
    issuer_width = pdfmetrics.stringWidth(model.issuer, FONT + "-Bold", 12)
    left = [
        _p(model.superior, st["header_left"]),
        _p(model.issuer, st["header_left_bold"]),
        Rule(issuer_width * 0.45, space=5),
        Spacer(1, 4),
        _p(model.number, st["number"]),
    ]
    right = [
        _p(model.words["motto_country"], st["country"]),
        _p(model.words["motto"], st["motto"]),
        Rule(motto_width, space=5),
        Spacer(1, 4),
        _p(model.place_date, st["place_date"]),
    ]
    table = Table([[left, right]], colWidths=[left_w, right_w])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return [table, Spacer(1, 14)]


def _annex_table(annex: Annex, width: float, st: dict[str, ParagraphStyle]) -> Table:
    """An annex's table: its heading rows (a second one under grouped columns), repeated on
    every page it runs over, its rows, and its totals row in bold."""
    grouped = {c: g for g in annex.groups for c in range(g[0], g[1] + 1)}
    head = [[_p(h, st["cell_head"]) for h in annex.head]]
    spans: list[tuple[str, tuple[int, int], tuple[int, int]]] = []
    if grouped:
        top = [
            _p(grouped[c][2] if c in grouped else h, st["cell_head"])
            for c, h in enumerate(annex.head)
        ]
        under = [_p(h, st["cell_head"]) if c in grouped else "" for c, h in enumerate(annex.head)]
        head = [top, under]
        spans = [("SPAN", (first, 0), (last, 0)) for first, last, _text in annex.groups]
        spans += [("SPAN", (c, 0), (c, 1)) for c in range(len(annex.head)) if c not in grouped]

    def cells(row: list[str], plain: str, centre: str) -> list[Paragraph]:
        return [_p(c, st[centre if n in annex.centred else plain]) for n, c in enumerate(row)]

    data: list[list[Any]] = head + [cells(r, "cell", "cell_centre") for r in annex.rows]
    if annex.total:
        data.append(cells(annex.total, "cell_total", "cell_total_centre"))
        last = next((n for n, c in enumerate(annex.total[1:], start=1) if c), len(annex.total))
        data[-1][0] = _p(annex.total[0], st["cell_total"])
        spans.append(("SPAN", (0, len(data) - 1), (last - 1, len(data) - 1)))
    table = Table(
        data,
        colWidths=[f * width for f in annex.widths],
        repeatRows=len(head),
        splitInRow=1,  # a tall row may split
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("VALIGN", (0, 0), (-1, len(head) - 1), "MIDDLE"),
                ("BACKGROUND", (0, 0), (-1, len(head) - 1), colors.Color(0.93, 0.93, 0.93)),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                *spans,
            ]
        )
    )
    return table


def _initials(sides: list[tuple[str, str]], width: float, st: dict[str, ParagraphStyle]) -> Table:
    """The room under an annex for the initials (ký nháy) of each side, side by side."""
    table = Table(
        [[[_p(heading, st["sign_head"]), _p(note, st["sign_note"])] for heading, note in sides]],
        colWidths=[width / len(sides)] * len(sides),
        rowHeights=[24 * mm],
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 8),
            ]
        )
    )
    return table


def _story(
    model: MinutesModel,
    pages: int | str,
    *,
    annexes: bool = True,
    slots: dict[int, tuple[int, tuple[float, float, float, float]]] | None = None,
) -> list[Flowable]:
    st = _styles()
    width = A4[0] - MARGINS["left"] - MARGINS["right"]
    story: list[Flowable] = _header(model, st, width)
    story += [_p(model.title, st["center_bold"]), _p(model.summary, st["center_bold"])]
    summary_width = min(width, pdfmetrics.stringWidth(model.summary, FONT + "-Bold", 14))
    story += [Rule(summary_width * 0.4, space=7), Spacer(1, 10)]
    story += [_p(text, st["body"]) for text in model.opening]
    headings: list[Flowable] = []  # waiting for the paragraph they are kept with
    closing = [_p(text, st["body"]) for text in model.closing_paragraphs(pages)]
    for heading, lines in model.sections:
        headings.append(_p(heading, st["heading"]))
        for line in lines:
            if line[:2].rstrip(".").isdigit() and line.endswith(":"):  # "1. Đoàn kiểm tra:"
                headings.append(_p(line, st["heading"]))
                continue
            paragraph = _p(line, st["item"] if line.startswith(("-", "+")) else st["body"])
            story.append(HeadingGroup(headings, paragraph) if headings else paragraph)
            headings = []
    if headings:
        closing[0] = HeadingGroup(headings, closing[0])
    story += closing[:-1]
    blank: list[Flowable] = []
    rows: list[list[Any]] = []
    style = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    # a row each for the headings, the slots and the names of two blocks side by side, so that
    # the slots and the names line up when one heading runs over two lines
    for first in range(0, len(model.signatories), 2):
        pair = list(enumerate(model.signatories))[first : first + 2]
        heads = [[_p(s.heading, st["sign_head"]), _p(s.note, st["sign_note"])] for _n, s in pair]
        places = [
            SignatureSlot(
                n,
                width / 2 - 16 * mm,
                22 * mm,
                slots,
                s.strokes,
                model.words["refused_mark"] if s.refused else None,
            )
            for n, s in pair
        ]
        names = [_p(s.name, st["sign_head"]) for _n, s in pair]
        rows += [row + [blank] * (2 - len(row)) for row in (heads, places, names)]
        style.append(("BOTTOMPADDING", (0, len(rows) - 1), (-1, len(rows) - 1), 14))
    sign_table = Table(rows, colWidths=[width / 2, width / 2])
    sign_table.setStyle(TableStyle(style))
    # the signature blocks never stand alone on a page: the sentence that ends the text ("./.")
    # moves with them (issue 11)
    story.append(KeepTogether([closing[-1], Spacer(1, 6), sign_table]))
    if not annexes or not model.annexes:
        return story
    story.append(NextPageTemplate("annex"))
    annex_width = landscape(A4)[0] - MARGINS["left"] - MARGINS["right"]
    for annex in model.annexes:
        story += [
            PageBreak(),
            _p(annex.title, st["center_bold"]),
            _p(annex.attached_to, st["center"]),
            Spacer(1, 8),
        ]
        after = [_p(text, st["annex_note"]) for text in annex.footer]
        if annex.initials:
            after.append(_initials(annex.initials, annex_width, st))
        if annex.rows:
            story.append(TableWithFooter(_annex_table(annex, annex_width, st), after))
        else:
            story += [_p(annex.empty, st["center"]), *after]
    return story


@lru_cache(maxsize=8)
def _qr_runs(payload: str) -> tuple[int, tuple[tuple[int, int, int], ...]]:
    """The QR matrix of ``payload`` (error correction M) as runs of dark modules: (row, start, end)."""
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)  # None: smallest that fits
    code.addData(payload)
    code.make()
    count = code.getModuleCount()
    runs = []
    for row in range(count):
        column = 0
        while column < count:
            if not code.isDark(row, column):
                column += 1
                continue
            start = column
            while column < count and code.isDark(row, column):
                column += 1
            runs.append((row, start, column))
    return count, tuple(runs)


def _qr(canvas: Canvas, payload: str, x: float, y: float) -> None:
    """Draw the QR code of ``payload`` at x, y: made once per document as a form, reused per page."""
    name = "qr-" + hashlib.sha1(payload.encode()).hexdigest()[:12]
    if not canvas.hasForm(name):
        count, runs = _qr_runs(payload)
        module = QR_SIZE / (count + 4)  # a quiet zone of 2 modules
        canvas.beginForm(name, lowerx=0, lowery=0, upperx=QR_SIZE, uppery=QR_SIZE)
        canvas.setFillColor(colors.black)
        for row, start, end in runs:
            canvas.rect(
                (start + 2) * module,
                (count + 1 - row) * module,
                (end - start) * module,
                module,
                stroke=0,
                fill=1,
            )
        canvas.endForm()
    canvas.saveState()
    canvas.translate(x, y)
    canvas.doForm(name)
    canvas.restoreState()


def qr_payload(model: MinutesModel) -> str:
    """What each page's QR code says: the minutes' id and the digest of the record."""
    return f"{QR_PREFIX};id={model.inspection_id};sha256={model.digest()}"


def _decorate(model: MinutesModel, payload: str) -> Callable[[Canvas, Any], None]:
    code_line = f"{model.words['qr']}: {payload.rsplit('sha256=', 1)[1][:16]}"

    def on_page(canvas: Canvas, doc: Any) -> None:
        page_width, page_height = canvas._pagesize
        canvas.saveState()
        if doc.page > 1:  # no number on the first page (Decree 30, Appendix I)
            canvas.setFont(FONT, 13)
            canvas.drawCentredString(
                page_width / 2, page_height - MARGINS["top"] / 2 - 6, str(doc.page)
            )
        _qr(canvas, payload, page_width - MARGINS["right"] - QR_SIZE, EDGE)
        canvas.setFont(FONT, 7)
        canvas.drawRightString(
            page_width - MARGINS["right"] - QR_SIZE - 2 * mm,
            EDGE + 1 * mm,
            code_line,
        )
        canvas.restoreState()

    return on_page


def _no_decoration(canvas: Canvas, doc: Any) -> None:
    """Page decorations are not needed to count pages."""


def _document(target: Any, model: MinutesModel, *, decorate: bool = True) -> BaseDocTemplate:
    doc = BaseDocTemplate(
        target,
        pagesize=A4,
        leftMargin=MARGINS["left"],
        rightMargin=MARGINS["right"],
        topMargin=MARGINS["top"],
        bottomMargin=MARGINS["bottom"],
        title=model.title,
        author="Inspector",
        subject=model.summary,
        keywords=f"{QR_PREFIX};sha256={model.digest()}",  # the record, under the signature
        lang=model.lang,
    )
    portrait = Frame(
        MARGINS["left"],
        MARGINS["bottom"],
        A4[0] - MARGINS["left"] - MARGINS["right"],
        A4[1] - MARGINS["top"] - MARGINS["bottom"],
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    wide = landscape(A4)
    annex = Frame(
        MARGINS["left"],
        MARGINS["bottom"],
        wide[0] - MARGINS["left"] - MARGINS["right"],
        wide[1] - MARGINS["top"] - MARGINS["bottom"],
        id="annex",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    on_page = _decorate(model, qr_payload(model)) if decorate else _no_decoration
    doc.addPageTemplates(
        [
            PageTemplate(id="body", frames=[portrait], onPage=on_page, pagesize=A4),
            PageTemplate(id="annex", frames=[annex], onPage=on_page, pagesize=wide),
        ]
    )
    return doc


def count_body_pages(model: MinutesModel) -> int:
    """Lay out the minutes without their annexes, without drawing pages; return the page count.

    Figures of Liberation Serif are all one width, so the count's own digits cannot change it.
    """
    register_fonts()  # called on its own too, before any rendering
    doc = _document(None, model, decorate=False)
    doc.build(_story(model, 99, annexes=False), filename=os.devnull)
    return int(doc.page)


def render(
    model: MinutesModel,
    out: Path,
    slots: dict[int, tuple[int, tuple[float, float, float, float]]] | None = None,
) -> Path:
    """Write the minutes to ``out`` (atomically); return the path.

    ``slots``, if given, receives for each signatory (by index) the page (from 0) and the box
    (x1, y1, x2, y2, in points) left for the signature.
    """
    register_fonts()
    try:
        pages = count_body_pages(model)
    except LayoutError as exc:
        raise ValidationError(
            _(
                "A text of the minutes is too long to lay out on a page; shorten the longest"
                " note or description."
            )
        ) from exc
    out = Path(out)
    with atomic.replacing(out, prefix=".minutes-", suffix=".pdf") as fh:
        try:
            _document(fh, model).build(_story(model, pages, slots=slots))
        except LayoutError as exc:
            raise ValidationError(
                _(
                    "A text of the minutes is too long to lay out on a page; shorten the longest"
                    " note or description."
                )
            ) from exc
    return out
